//! QR codes as inline SVG: no image request, sharp on paper.

use qrcode::QrCode;
use qrcode::render::svg;

/// An SVG QR code of `text` with a text alternative; `None` if the text is too long for a QR code.
pub fn svg(text: &str, label: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
    let image = code.render::<svg::Color>().min_dimensions(160, 160).quiet_zone(true).build();
    let start = image.find("<svg")?;
    let label = super::words::esc(label);
    Some(image[start..].replacen("<svg ", &format!("<svg class=\"qr\" role=\"img\" aria-label=\"{label}\" "), 1))
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_an_svg_with_a_label() {
        let svg = super::svg("https://guichet.example/ar/procedures/x/sheet/1", "QR \"code\"").expect("fits");
        assert!(svg.starts_with("<svg class=\"qr\" role=\"img\" aria-label=\"QR &quot;code&quot;\""));
        assert!(svg.contains("<path") || svg.contains("<rect"));
        assert!(!svg.contains("<?xml"));
    }
}
