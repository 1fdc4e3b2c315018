//! Numbers in the normalised text: national register numbers, IBANs and phone numbers.

use super::normal::Ch;
use super::{Finding, PersonalData};

/// Characters that people put inside numbers ("85.07.30-033.61", "0470 12 34 56", "+32 (0)2/240.30.80",
/// "BE68 5390 0754 7034"); after normalisation, every space and dash variant is one of these. A comma, a colon and
/// letters end a number (so lists "3, 4, 5" and times "10:30", "10h30" do not join into one).
pub fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '.' | '-' | '/' | '(' | ')' | '_' | '\'' | '+' | '*' | '~' | '|')
}

/// Separators for the numbers found by a checksum (national register numbers, IBANs): a wrong match is rare
/// enough (1 in 97, and a date for the former) to allow commas, colons and semicolons too ("85,07,30,033,28").
pub fn is_wide_separator(c: char) -> bool {
    is_separator(c) || matches!(c, ',' | ':' | ';')
}

/// Maximal runs of characters satisfying `member`, joined across gaps made only of characters satisfying
/// `separator`: each run is a list of groups, each group the index range of its characters in `chars`.
fn runs(chars: &[Ch], member: impl Fn(char) -> bool, separator: impl Fn(char) -> bool) -> Vec<Vec<(usize, usize)>> {
    let mut runs: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut current: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].c;
        if member(c) {
            let start = i;
            while i < chars.len() && member(chars[i].c) {
                i += 1;
            }
            current.push((start, i));
        } else if separator(c) {
            i += 1;
        } else {
            if !current.is_empty() {
                runs.push(std::mem::take(&mut current));
            }
            i += 1;
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

fn span(chars: &[Ch], from: usize, to: usize) -> std::ops::Range<usize> {
    chars[from].start..chars[to - 1].end
}

/// Whether 11 digits are a Belgian national register number: a plausible birth date (month 00–12, or +20 / +40
/// for the bis numbers; day 00–31) and the check digits `97 − (first nine digits mod 97)`, with a `2` put before
/// the nine digits for a birth from 2000 on.
pub fn is_national_register_number(digits: &[u8]) -> bool {
    let [_, _, m1, m2, d1, d2, ..] = digits else { return false };
    let month = 10 * m1 + m2;
    let day = 10 * d1 + d2;
    if digits.len() != 11 || !matches!(month, 0..=12 | 20..=32 | 40..=52) || day > 31 {
        return false;
    }
    let base = digits[..9].iter().fold(0u64, |n, &d| n * 10 + u64::from(d));
    let check = u64::from(digits[9]) * 10 + u64::from(digits[10]);
    97 - base % 97 == check || 97 - (2_000_000_000 + base) % 97 == check
}

/// A run's digits and, for each group, the count of digits before it ends.
fn digits_of(chars: &[Ch], run: &[(usize, usize)]) -> (Vec<u8>, Vec<usize>) {
    let mut digits = Vec::new();
    let mut ends = Vec::new();
    for &(from, to) in run {
        digits.extend(chars[from..to].iter().filter_map(|ch| ch.c.to_digit(10)).filter_map(|d| u8::try_from(d).ok()));
        ends.push(digits.len());
    }
    (digits, ends)
}

/// National register numbers and phone numbers: runs of digits across separators. An 11-digit window that starts
/// where a group starts and ends where a group ends, with valid check digits, is a national register number
/// (however the digits are grouped: "85.07.30-033.28", "850730 03328", "8 5 0 7 …"). A run of 9 digits or more is
/// a phone number (Belgian numbers have 9 or 10 digits with the leading 0, 11 or 12 with 32 or 0032; other
/// countries up to 15) — or another long number that could identify someone (file, card or account numbers).
pub fn digit_findings(chars: &[Ch], out: &mut Vec<Finding>) {
    for run in runs(chars, |c| c.is_ascii_digit(), is_wide_separator) {
        let (digits, ends) = digits_of(chars, &run);
        let starts: Vec<usize> = std::iter::once(0).chain(ends.iter().copied()).collect();
        for (g, &start) in starts.iter().enumerate().take(run.len()) {
            let Some(last) = ends.iter().position(|&e| e == start + 11) else { continue };
            if is_national_register_number(&digits[start..start + 11]) {
                out.push(Finding {
                    kind: PersonalData::NationalRegisterNumber,
                    span: span(chars, run[g].0, run[last].1),
                });
            }
        }
    }
    for run in runs(chars, |c| c.is_ascii_digit(), is_separator) {
        let digits: usize = run.iter().map(|(from, to)| to - from).sum();
        if digits >= 9 {
            let (first, last) = (run[0].0, run[run.len() - 1].1);
            out.push(Finding { kind: PersonalData::Phone, span: span(chars, first, last) });
        }
    }
}

fn iban_value(c: char) -> Option<u32> {
    c.to_digit(36)
}

/// The IBAN check: the first four characters moved to the end, letters as 10–35, the number mod 97 is 1.
pub fn iban_checksum_ok(iban: &[char]) -> bool {
    if iban.len() < 5 {
        return false;
    }
    let mut rest = 0u32;
    for &c in iban[4..].iter().chain(&iban[..4]) {
        let Some(v) = iban_value(c) else { return false };
        rest = if v < 10 { (rest * 10 + v) % 97 } else { (rest * 100 + v) % 97 };
    }
    rest == 1
}

/// IBANs of any country: from the start of a group, two letters and two digits, then groups of letters and digits
/// across separators (spaces or not), ending where a group ends (in the account part, a group without a digit has four letters), 15 to 34 characters in all with at least 8 digits
/// after the check digits, and the mod-97 check right.
pub fn iban_findings(chars: &[Ch], out: &mut Vec<Finding>) {
    for run in runs(chars, |c| c.is_ascii_alphanumeric(), is_wide_separator) {
        for g in 0..run.len() {
            let mut compact: Vec<char> = Vec::new();
            for &(from, to) in &run[g..] {
                // In the account part, a group without a digit is a bank code printed in fours ("NWBK"); a word
                // ("et", "a", "merci") ends the candidate.
                let has_digit = chars[from..to].iter().any(|ch| ch.c.is_ascii_digit());
                if compact.len() >= 4 && !has_digit && to - from != 4 {
                    break;
                }
                compact.extend(chars[from..to].iter().map(|ch| ch.c));
                // Two letters then two digits ("BE68…", or "BE 68 …"), else no IBAN starts here.
                let prefix = compact
                    .iter()
                    .take(4)
                    .enumerate()
                    .all(|(i, c)| if i < 2 { c.is_ascii_alphabetic() } else { c.is_ascii_digit() });
                if !prefix || compact.len() > 34 {
                    break;
                }
                let shaped = compact.len() >= 15 && compact[4..].iter().filter(|c| c.is_ascii_digit()).count() >= 8;
                if shaped && iban_checksum_ok(&compact) {
                    out.push(Finding { kind: PersonalData::Iban, span: span(chars, run[g].0, to) });
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{iban_checksum_ok, is_national_register_number};

    fn digits(s: &str) -> Vec<u8> {
        s.bytes().map(|b| b - b'0').collect()
    }

    #[test]
    fn national_register_check_digits() {
        // 85.07.30-033.28: 97 - (850730033 mod 97) = 28.
        assert!(is_national_register_number(&digits("85073003328")));
        assert!(!is_national_register_number(&digits("85073003361")));
        // Born in 2001: 2 put before the nine digits. 97 - (2010101234 mod 97) = 53.
        let base = 2_010_101_234u64;
        let check = 97 - base % 97;
        assert!(is_national_register_number(&digits(&format!("010101234{check:02}"))));
        // A date that cannot be one: month 13.
        assert!(!is_national_register_number(&digits("85133003370")));
    }

    #[test]
    fn iban_checksums() {
        for iban in ["BE68539007547034", "GB29NWBK60161331926819", "FR1420041010050500013M02606", "NL91ABNA0417164300"]
        {
            let chars: Vec<char> = iban.to_lowercase().chars().collect();
            assert!(iban_checksum_ok(&chars), "{iban}");
        }
        let chars: Vec<char> = "be68539007547035".chars().collect();
        assert!(!iban_checksum_ok(&chars));
    }
}
