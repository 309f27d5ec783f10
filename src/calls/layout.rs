//! The record layout options that change a line's shape (35-01-08 format, 35-02-03 trunk name
//! or number, 35-02-14 date), the `--layout` override, and what the reader saw of each.

use std::fmt;
use std::str::FromStr;

/// 35-01-08: which of NEC's two record formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The North-American format: no cost column.
    NorthAmerican,
    /// The Overseas format: a cost column after the account code.
    Overseas,
}

/// 35-02-03: what the line (trunk) column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrunkField {
    /// Trunk numbers (digits).
    Number,
    /// Trunk names (any text, possibly with spaces).
    Name,
}

/// A layout forced with `--layout`; `None` in a field means "detect it per line".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Layout {
    /// 35-02-14: whether the date column is printed.
    pub date: Option<bool>,
    /// 35-01-08.
    pub format: Option<Format>,
    /// 35-02-03.
    pub trunk: Option<TrunkField>,
}

/// A `--layout` value that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "--layout `{0}`: expected `auto` or a comma-separated list of date=on|off, format=north-american|overseas, trunk=number|name"
)]
pub struct BadLayout(pub String);

impl FromStr for Layout {
    type Err = BadLayout;

    fn from_str(text: &str) -> Result<Layout, BadLayout> {
        let bad = || BadLayout(text.to_owned());
        let mut layout = Layout::default();
        if text.trim() == "auto" {
            return Ok(layout);
        }
        for part in text.split(',') {
            let (key, value) = part.trim().split_once('=').ok_or_else(bad)?;
            match (key.trim(), value.trim()) {
                ("date", "on") => layout.date = Some(true),
                ("date", "off") => layout.date = Some(false),
                ("format", "north-american") => layout.format = Some(Format::NorthAmerican),
                ("format", "overseas") => layout.format = Some(Format::Overseas),
                ("trunk", "number") => layout.trunk = Some(TrunkField::Number),
                ("trunk", "name") => layout.trunk = Some(TrunkField::Name),
                _ => return Err(bad()),
            }
        }
        Ok(layout)
    }
}

/// How many records showed each variant, so the audit can say which layout it read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LayoutSeen {
    /// Records with a date column.
    pub date_on: u64,
    /// Records without one.
    pub date_off: u64,
    /// Records with a cost column (Overseas format).
    pub cost: u64,
    /// Records whose trunk column is not all digits (a trunk name).
    pub trunk_names: u64,
}

impl LayoutSeen {
    fn part(on: u64, total: u64, all: &str, none: &str, mixed: &str) -> String {
        match on {
            0 => none.to_owned(),
            n if n == total => all.to_owned(),
            n => format!("{mixed} ({n} of {total} records)"),
        }
    }

    /// One line: "date on, North-American format, trunk numbers".
    pub fn describe(&self, forced: &Layout) -> String {
        let total = self.date_on + self.date_off;
        let text = format!(
            "{}, {}, {}",
            Self::part(self.date_on, total, "date on", "date off", "date on"),
            Self::part(
                self.cost,
                total,
                "Overseas format (cost column)",
                "North-American format (no cost column)",
                "Overseas format (cost column)"
            ),
            Self::part(
                self.trunk_names,
                total,
                "trunk names",
                "trunk numbers",
                "trunk names"
            ),
        );
        if *forced == Layout::default() {
            format!("{text} (detected)")
        } else {
            format!("{text} (--layout given)")
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::NorthAmerican => "north-american",
            Format::Overseas => "overseas",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_values_parse_and_bad_ones_are_refused() {
        assert_eq!("auto".parse::<Layout>(), Ok(Layout::default()));
        assert_eq!(
            "date=off, format=overseas,trunk=name".parse::<Layout>(),
            Ok(Layout {
                date: Some(false),
                format: Some(Format::Overseas),
                trunk: Some(TrunkField::Name)
            })
        );
        for bad in ["", "date", "date=maybe", "colour=on", "date=on,,"] {
            assert!(bad.parse::<Layout>().is_err(), "{bad}");
        }
    }
}
