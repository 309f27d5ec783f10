//! Dialled numbers: international or not, the country code, and the masked form shown in
//! alerts (country code and last two digits), so no full phone number reaches a report.

/// Two-digit E.164 country codes (ITU-T E.164, list of assigned country codes); `1` and `7`
/// are the one-digit codes and every other assigned code has three digits (the codes are
/// prefix-free, so this decides the length of any code).
const TWO_DIGIT_CODES: [&str; 44] = [
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
    "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
    "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
];

/// The country code at the start of an international number (digits after the prefix).
pub fn country_code(international: &str) -> Option<&str> {
    let b = international.as_bytes();
    if !b.first()?.is_ascii_digit() {
        return None;
    }
    let len = match b[0] {
        b'1' | b'7' => 1,
        _ if b.len() >= 2 && TWO_DIGIT_CODES.contains(&&international[..2]) => 2,
        _ => 3,
    };
    (b.len() > len && b[..len].iter().all(u8::is_ascii_digit)).then(|| &international[..len])
}

/// Where a dialled number goes, as far as the record says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Destination<'a> {
    /// The number after the international prefix, when it starts with one.
    pub international: Option<&'a str>,
    /// Its country code.
    pub country: Option<&'a str>,
}

/// Classifies `number` under the site's international `prefix`.
pub fn destination<'a>(number: &'a str, prefix: &str) -> Destination<'a> {
    // Compared byte by byte: the prefix is one to four digits, and `strip_prefix` would call
    // `memcmp` for every record.
    let starts =
        number.len() > prefix.len() && number.bytes().zip(prefix.bytes()).all(|(a, b)| a == b);
    let international = starts.then(|| &number[prefix.len()..]);
    Destination {
        international,
        country: international.and_then(country_code),
    }
}

/// `number` masked to its country code and last two digits (`+44...01`, or `...01` for a
/// number that is not international); the whole number with `show`.
pub fn masked(number: &str, dest: &Destination<'_>, show: bool) -> String {
    if show || number.is_empty() {
        return number.to_owned();
    }
    let tail = &number[number.len().saturating_sub(2)..];
    match dest.country {
        Some(cc) => format!("+{cc}...{tail}"),
        None => format!("...{tail}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_take_their_e164_length() {
        assert_eq!(country_code("12125550100"), Some("1"));
        assert_eq!(country_code("74951234567"), Some("7"));
        assert_eq!(country_code("442071234567"), Some("44"));
        assert_eq!(country_code("8821234567"), Some("882"));
        assert_eq!(country_code("35312345678"), Some("353"));
        assert_eq!(country_code("44"), None);
        assert_eq!(country_code(""), None);
    }

    #[test]
    fn numbers_are_masked_to_country_code_and_two_digits() {
        let d = destination("00442071234567", "00");
        assert_eq!(d.country, Some("44"));
        assert_eq!(masked("00442071234567", &d, false), "+44...67");
        assert_eq!(masked("00442071234567", &d, true), "00442071234567");
        let national = destination("2142623801", "011");
        assert_eq!(national.international, None);
        assert_eq!(masked("2142623801", &national, false), "...01");
        assert_eq!(masked("9", &national, false), "...9");
    }
}
