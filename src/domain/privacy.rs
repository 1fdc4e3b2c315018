//! Observations and complaints must never identify the person helped. Free text that looks like a national
//! register number, an e-mail address, a phone number or an IBAN is refused rather than stored.

/// What kind of personal data a text seems to contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonalData {
    NationalRegisterNumber,
    Email,
    Phone,
    Iban,
}

impl PersonalData {
    pub fn describe(self) -> &'static str {
        match self {
            PersonalData::NationalRegisterNumber => "a national register number",
            PersonalData::Email => "an e-mail address",
            PersonalData::Phone => "a phone number",
            PersonalData::Iban => "a bank account number (IBAN)",
        }
    }
}

/// Characters that people put inside numbers: "85.07.30-033.61", "0470 12 34 56", "+32 (0)2/240.30.80".
fn is_number_separator(c: char) -> bool {
    matches!(c, ' ' | '.' | '-' | '/' | '(' | ')' | '\u{a0}')
}

/// Runs of digits allowing separators inside, with the text that starts them (to spot "+32").
fn digit_runs(text: &str) -> Vec<(String, bool)> {
    let mut runs = Vec::new();
    let mut digits = String::new();
    let mut plus = false;
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if digits.is_empty() {
                plus = prev == Some('+');
            }
            digits.push(c);
        } else if is_number_separator(c) && !digits.is_empty() {
            // A separator continues the number only if a digit follows; checked by the next digit.
        } else if !digits.is_empty() {
            runs.push((std::mem::take(&mut digits), plus));
        }
        prev = Some(c);
    }
    if !digits.is_empty() {
        runs.push((digits, plus));
    }
    runs
}

fn looks_like_email(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '<' || c == '>').any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        match w.split_once('@') {
            Some((local, domain)) => !local.is_empty() && domain.contains('.') && !domain.starts_with('.'),
            None => false,
        }
    })
}

fn looks_like_iban(text: &str) -> bool {
    // Two letters, two check digits, then 10 to 30 alphanumerics, spaces allowed in groups.
    let compact: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    compact.windows(14).any(|w| {
        w[0].is_ascii_uppercase()
            && w[1].is_ascii_uppercase()
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
            && w[4..].iter().all(char::is_ascii_digit)
    })
}

/// The first kind of personal data found in `text`, if any.
pub fn find_personal_data(text: &str) -> Option<PersonalData> {
    if looks_like_email(text) {
        return Some(PersonalData::Email);
    }
    if looks_like_iban(&text.to_uppercase()) {
        return Some(PersonalData::Iban);
    }
    for (digits, plus) in digit_runs(text) {
        // Belgian national register number: 11 digits (YYMMDD + 3 + 2 check digits).
        if digits.len() == 11 && !plus {
            return Some(PersonalData::NationalRegisterNumber);
        }
        // Belgian numbers have 9 (fixed) or 10 (mobile) digits with the leading 0, 11–12 with 32; other
        // countries up to 15.
        if (9..=15).contains(&digits.len()) {
            return Some(PersonalData::Phone);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{PersonalData as P, find_personal_data};

    #[test]
    fn personal_data_table() {
        let cases: &[(&str, Option<P>)] = &[
            ("Ligne saturée toute la matinée, rappel à 14h", None),
            ("Attendu 45 minutes, 3 appels", None),
            ("Formulaire 2022-2023 introuvable", None),
            ("RN 85.07.30-033.61", Some(P::NationalRegisterNumber)),
            ("niss 85073003361 à vérifier", Some(P::NationalRegisterNumber)),
            ("écrire à jean.dupont@example.org", Some(P::Email)),
            ("rappeler le 0470 12 34 56", Some(P::Phone)),
            ("tél +32 2 240 30 80", Some(P::Phone)),
            ("02/240.30.80", Some(P::Phone)),
            ("compte BE68 5390 0754 7034", Some(P::Iban)),
            ("be68539007547034", Some(P::Iban)),
            ("Guichet fermé le 15/09/2022", None),
            ("Ticket n° 8 sur 8", None),
        ];
        for (text, want) in cases {
            assert_eq!(find_personal_data(text), *want, "{text}");
        }
    }
}
