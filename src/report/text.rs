//! Short texts shared by the renderers and the site diff: number lists (`101-103, 140`) and
//! answers by their ids.

use std::fmt::Write as _;

use crate::site::Answer;

/// Numbers as compact ranges: `101, 102, 103, 140` becomes `101-103, 140`. Non-numeric entries
/// and leading zeros are kept as they are.
pub fn compress_numbers(numbers: &[String]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut run: Option<(u64, u64, &str, &str)> = None;
    let close = |run: Option<(u64, u64, &str, &str)>, parts: &mut Vec<String>| {
        if let Some((a, b, first, last)) = run {
            parts.push(if a == b {
                first.to_owned()
            } else {
                format!("{first}-{last}")
            });
        }
    };
    for n in numbers {
        let value = n
            .parse::<u64>()
            .ok()
            .filter(|_| !n.starts_with('0') || n.len() == 1);
        match (value, run) {
            (Some(v), Some((a, b, first, _))) if v == b + 1 => run = Some((a, v, first, n)),
            (Some(v), _) => {
                close(run, &mut parts);
                run = Some((v, v, n, n));
            }
            (None, _) => {
                close(run, &mut parts);
                run = None;
                parts.push(n.clone());
            }
        }
    }
    close(run, &mut parts);
    parts.join(", ")
}

/// A one-line summary of an answer by its ids, never a secret (the site file holds none): what
/// `nec-harden diff` compares. The report says answers in words ([`super::words::answer`]).
pub fn answer_summary(answer: &Answer) -> String {
    match answer {
        Answer::Confirm {} => "confirmed".to_owned(),
        Answer::Choice { selected } => selected.join(", "),
        Answer::Extensions { numbers } => {
            let numbers: Vec<String> = numbers.iter().map(ToString::to_string).collect();
            match numbers.len() {
                0 => "no extensions".to_owned(),
                n => format!("{n} extension(s): {}", compress_numbers(&numbers)),
            }
        }
        Answer::Credentials { issued } => {
            let targets: Vec<String> = issued.iter().map(|i| i.target.clone()).collect();
            let mut text = match targets.as_slice() {
                [] => "none issued yet".to_owned(),
                [only] if only == "system" => "issued".to_owned(),
                _ => format!("issued for {}", compress_numbers(&targets)),
            };
            if let Some(port) = issued.iter().find_map(|i| i.port) {
                let _ = write!(text, ", port {port}");
            }
            text
        }
        Answer::Port { value } => format!("port {value}"),
        Answer::Number { value } => value.to_string(),
        Answer::Text { value } => value.clone(),
        Answer::NotUsed {} => "not used".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compress_into_ranges() {
        let list = |s: &[&str]| s.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            compress_numbers(&list(&["101", "102", "103", "140", "2", "3"])),
            "101-103, 140, 2-3"
        );
        assert_eq!(compress_numbers(&list(&["system"])), "system");
        assert_eq!(compress_numbers(&list(&["0101", "0102"])), "0101, 0102");
        assert_eq!(compress_numbers(&[]), "");
    }
}
