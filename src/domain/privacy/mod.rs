//! The privacy gate: observations and complaints must never identify a person. Every free text that guichet
//! stores (observation comments and reporter roles, complaint descriptions, the notes editors add to a complaint)
//! goes through [`check`]; text that looks like a national register number, an IBAN, an e-mail address or a phone
//! number is refused rather than stored, and [`redact`] removes it from text stored before the gate was this strict.
//!
//! **Normalise, then match** (`normal.rs`): compatibility forms (fullwidth, mathematical, circled digits, `＠`),
//! every space and dash variant, invisible characters, digits of every script and Cyrillic or Greek look-alike
//! letters are folded first, so that a number written `８５．０７．３０‐０３３．２８` or `٨٥٠٧٣٠٠٣٣٢٨` is read as
//! `85.07.30-033.28`. Then:
//!
//! - **national register numbers** by their check digits: 11 digits however grouped (`numbers.rs`);
//! - **IBANs** of any country, spaced or not, by their mod-97 checksum (`numbers.rs`);
//! - **e-mail addresses** in their usual disguises: `a@b.be`, `a @ b . be`, `a(at)b.be`, `a [at] b [dot] be`,
//!   `a at b dot be`, `a arobase b point be` (`email.rs`);
//! - **phone numbers**: any run of 9 digits or more across separators (`+32 2 240 30 80`, `0032 470…`,
//!   `0470/12.34.56`, `+32 (0)2 …`, `02/240.30.80`), which also catches other long numbers (file, card, account
//!   numbers) that could identify someone.
//!
//! **Decision on public phone numbers.** The gate refuses every phone number, including an institution's public
//! one ("the 0800 11 869 line did not answer"), as the filter before it did. An observation or a complaint is
//! attached to a channel, whose number guichet already knows, so the text never needs to repeat it; a gate that let
//! "public" numbers through would need the catalog (it would no longer be pure), and a number that is public today
//! may be a person's tomorrow. A false refusal costs the writer one rewrite ("the free line did not answer"); a
//! false acceptance publishes a person's number to whoever holds the tracking code. Short service numbers
//! (`1700`, `112`, 4 to 8 digits) pass.
//!
//! Separators: national register numbers and IBANs, matched by a checksum, are read across spaces, dots, dashes,
//! slashes, brackets, commas, colons and semicolons; phone numbers, matched by length alone, not across commas and
//! colons, so that lists ("3, 4, 5 …") and times ("10:30, 11:00") stay accepted.
//!
//! What the gate does not catch: names, addresses, numbers spelled in words or with letters for digits (`O47O`),
//! phone numbers split by commas or colons (`0470,12,34,56`), e-mail addresses with a home-made at (`chez`, `[a]`);
//! the form hints ask people not to write them.

mod email;
mod normal;
mod numbers;
#[cfg(test)]
pub(crate) mod props;

pub use normal::{ascii_digit, normalised};
pub use numbers::{iban_checksum_ok, is_national_register_number};

use serde::Serialize;
use std::ops::Range;

/// What kind of personal data a text seems to contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonalData {
    NationalRegisterNumber,
    Iban,
    Email,
    Phone,
}

impl PersonalData {
    pub const ALL: [PersonalData; 4] =
        [PersonalData::NationalRegisterNumber, PersonalData::Iban, PersonalData::Email, PersonalData::Phone];

    /// In words, for messages (the value found is never echoed).
    pub fn describe(self) -> &'static str {
        match self {
            PersonalData::NationalRegisterNumber => "a national register number",
            PersonalData::Email => "an e-mail address",
            PersonalData::Phone => "a phone number (or another long number)",
            PersonalData::Iban => "a bank account number (IBAN)",
        }
    }

    /// The code, as in the pages' message keys.
    pub fn as_str(self) -> &'static str {
        match self {
            PersonalData::NationalRegisterNumber => "national_register_number",
            PersonalData::Email => "email",
            PersonalData::Phone => "phone",
            PersonalData::Iban => "iban",
        }
    }
}

/// One piece of personal data found, and where it is in the original text (bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: PersonalData,
    pub span: Range<usize>,
}

/// Every piece of personal data found in `text`, in the order of their start.
pub fn findings(text: &str) -> Vec<Finding> {
    let chars = normal::normalise(text);
    let mut out = Vec::new();
    numbers::digit_findings(&chars, &mut out);
    numbers::iban_findings(&chars, &mut out);
    email::email_findings(&chars, &mut out);
    out.sort_by_key(|f| (f.span.start, f.kind));
    out
}

/// The gate: `Err` with the most specific kind found (national register number, then IBAN, e-mail, phone).
pub fn check(text: &str) -> Result<(), PersonalData> {
    match findings(text).into_iter().map(|f| f.kind).min() {
        Some(kind) => Err(kind),
        None => Ok(()),
    }
}

/// What replaces personal data in stored text.
pub const REDACTED: &str = "[removed: personal data]";

/// `text` with each piece of personal data replaced by [`REDACTED`], or `None` when the gate accepts it as it is.
/// Should the text with the pieces replaced still not pass (pieces joined by the removal), the whole text is
/// replaced. Redacting a redacted text changes nothing.
pub fn redact(text: &str) -> Option<String> {
    let found = findings(text);
    if found.is_empty() {
        return None;
    }
    let mut spans: Vec<Range<usize>> = found.into_iter().map(|f| f.span).collect();
    spans.sort_by_key(|s| s.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in merged {
        out.push_str(&text[at..s.start]);
        out.push_str(REDACTED);
        at = s.end;
    }
    out.push_str(&text[at..]);
    Some(if check(&out).is_ok() { out } else { REDACTED.to_string() })
}

#[cfg(test)]
mod tests {
    use super::{PersonalData as P, REDACTED, check, redact};

    #[test]
    fn personal_data_table() {
        let cases: &[(&str, Option<P>)] = &[
            ("Ligne saturée toute la matinée, rappel à 14h", None),
            ("Attendu 45 minutes, 3 appels", None),
            ("Formulaire 2022-2023 introuvable", None),
            ("Guichet fermé le 15/09/2022", None),
            ("Ticket n° 8 sur 8", None),
            ("appelé à 10:30, 11:00, 11:30 et 12:00", None),
            ("jean chez example point be", None),
            ("appelé le 1700 puis le 112", None),
            ("We arrived at noon. Nobody answered", None),
            ("At that point nothing could be done", None),
            ("told at that point nothing", None),
            ("Suivez @guichet pour les nouvelles", None),
            ("3, 4, 5, 6, 7, 8, 9, 10, 11 ont attendu", None),
            ("ouvert de 10:30 à 12:00 et 13:30 à 16:00", None),
            // National register numbers, by their check digits.
            ("RN 85.07.30-033.28", Some(P::NationalRegisterNumber)),
            ("niss 85073003328 à vérifier", Some(P::NationalRegisterNumber)),
            ("RN ８５．０７．３０‐０３３．２８", Some(P::NationalRegisterNumber)),
            ("رقم ٨٥٠٧٣٠٠٣٣٢٨", Some(P::NationalRegisterNumber)),
            ("RN 85\u{a0}07\u{2009}30 – 033\u{202f}28", Some(P::NationalRegisterNumber)),
            (
                "8\u{200b}5\u{200b}0\u{200b}7\u{200b}3\u{200b}0\u{200b}0\u{200b}3\u{200b}3\u{200b}2\u{200b}8",
                Some(P::NationalRegisterNumber),
            ),
            ("RN 85,07,30,033,28", Some(P::NationalRegisterNumber)),
            ("RN 85:07:30:033:28", Some(P::NationalRegisterNumber)),
            ("RN 85·07·30·033·28", Some(P::NationalRegisterNumber)),
            ("RN 𝟖𝟓𝟎𝟕𝟑𝟎𝟎𝟑𝟑𝟐𝟖", Some(P::NationalRegisterNumber)),
            ("RN ⑧⑤⓪⑦③⓪⓪③③②⑧", Some(P::NationalRegisterNumber)),
            ("RN ८५०७३००३३२८", Some(P::NationalRegisterNumber)),
            // A wrong check digit: not a national register number, still 11 digits in a row.
            ("RN 85.07.30-033.61", Some(P::Phone)),
            // E-mail addresses.
            ("écrire à jean.dupont@example.org", Some(P::Email)),
            ("jean @ example . org", Some(P::Email)),
            ("jean(at)example.be", Some(P::Email)),
            ("jean [at] example [dot] be", Some(P::Email)),
            ("jean at example dot be", Some(P::Email)),
            ("jean arobase example point be", Some(P::Email)),
            ("jean at example.be", Some(P::Email)),
            ("ｊｅａｎ＠ｅｘａｍｐｌｅ．ｂｅ", Some(P::Email)),
            ("jean﹫example.be", Some(P::Email)),
            ("jean {@} example (.) be", Some(P::Email)),
            // Phone numbers.
            ("rappeler le 0470 12 34 56", Some(P::Phone)),
            ("tél +32 2 240 30 80", Some(P::Phone)),
            ("02/240.30.80", Some(P::Phone)),
            ("0032 470 12 34 56", Some(P::Phone)),
            ("+32 (0)2 240 30 80", Some(P::Phone)),
            ("0470‒12‒34‒56", Some(P::Phone)),
            ("٠٤٧٠١٢٣٤٥٦", Some(P::Phone)),
            ("la ligne 0800 11 869 ne répond pas", Some(P::Phone)),
            // IBANs.
            ("compte BE68 5390 0754 7034", Some(P::Iban)),
            ("be68539007547034", Some(P::Iban)),
            ("BE 68 5390 0754 7034", Some(P::Iban)),
            ("GB29 NWBK 6016 1331 9268 19", Some(P::Iban)),
            ("ＢＥ６８５３９００７５４７０３４", Some(P::Iban)),
            ("IBAN BE68,5390,0754,7034", Some(P::Iban)),
            ("ВЕ68 5390 0754 7034", Some(P::Iban)),
            ("B E 6 8 5 3 9 0 0 7 5 4 7 0 3 4", Some(P::Iban)),
            ("IBAN: FR14 2004 1010 0505 0001 3M02 606", Some(P::Iban)),
        ];
        for (text, want) in cases {
            assert_eq!(check(text).err(), *want, "{text}");
        }
    }

    #[test]
    fn redaction_replaces_the_pieces_and_is_idempotent() {
        let text = "Mme X, RN 85.07.30-033.28, tel 0470 12 34 56, mail jean@example.be: rien reçu";
        let once = redact(text).unwrap();
        assert_eq!(
            once,
            format!("Mme X, RN {REDACTED}, tel {REDACTED}, mail {REDACTED}: rien reçu"),
            "only the pieces are replaced"
        );
        assert_eq!(redact(&once), None, "a redacted text passes");
        assert_eq!(redact("Ligne saturée"), None);
        // Fullwidth characters are several bytes each: the span is in the original's bytes.
        assert_eq!(redact("RN ８５０７３００３３２８ !").unwrap(), format!("RN {REDACTED} !"));
    }
}
