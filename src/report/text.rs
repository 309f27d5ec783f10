//! Short texts shared by the renderers: answers, conditions, number lists.

use std::fmt::Write as _;

use crate::checklist::{Condition, site_fact_name};
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

/// A one-line summary of an answer, never a secret (the site file holds none).
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

/// When an item applies, for people: "only if remote-maintenance includes webpro".
pub fn describe_condition(condition: &Condition) -> String {
    match condition {
        Condition::Chosen { item, option } => format!("{item} includes {option}"),
        Condition::Site(fact) => format!("site {}", site_fact_name(*fact)),
        Condition::Any(any) => any
            .iter()
            .map(describe_condition)
            .collect::<Vec<_>>()
            .join(" or "),
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
