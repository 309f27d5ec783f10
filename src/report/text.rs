//! Number lists shared by the renderers: `101-103, 140`.

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
