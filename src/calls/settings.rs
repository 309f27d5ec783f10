//! The site settings the rules need, read from the site file's `[calls.settings]` with
//! defaults, and the line that says which defaults were used.

use crate::nec::Model;
use crate::site::calls::CallSettings;

use super::record::ClockTime;

/// A day of the week, Monday first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl Weekday {
    /// All days, Monday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// `mon` ... `sun`.
    pub fn name(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self as usize]
    }

    /// `Monday` ... `Sunday`.
    pub fn long_name(self) -> &'static str {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][self as usize]
    }

    fn parse(text: &str) -> Option<Weekday> {
        Weekday::ALL
            .into_iter()
            .find(|d| d.name().eq_ignore_ascii_case(text))
    }
}

/// The site's settings, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSettings {
    /// Start of business hours (inside).
    pub open: ClockTime,
    /// End of business hours (outside: a call at this minute is out of hours).
    pub close: ClockTime,
    /// Business days.
    pub days: Vec<Weekday>,
    /// The system clock's time zone, when given.
    pub time_zone: Option<String>,
    /// The number of outside lines, when given.
    pub trunks: Option<u16>,
    /// Country codes called on purpose.
    pub allowed_countries: Vec<String>,
    /// The international prefix.
    pub international_prefix: String,
    /// The InMail port extensions (inclusive range).
    pub inmail_ports: (u32, u32),
    /// The settings that were missing and took their defaults, by key.
    pub defaulted: Vec<&'static str>,
}

/// A `[calls.settings]` value that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("[calls.settings] {key} `{value}`: {expected}")]
pub struct BadSetting {
    /// The key.
    pub key: &'static str,
    /// The value as written.
    pub value: String,
    /// What was expected.
    pub expected: &'static str,
}

/// The InMail port extensions of each model (nec-facts section 4: 213 to 228 on the SL2100;
/// the SL1100 manuals consulted give no numbers, so the SL2100's are assumed).
pub fn inmail_ports(model: Option<Model>) -> (u32, u32) {
    match model {
        Some(Model::Sl2100 | Model::Sl1100) | None => (213, 228),
    }
}

fn clock(text: &str) -> Option<ClockTime> {
    let (h, m) = text.trim().split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    ClockTime::new(h.parse().ok()?, m.parse().ok()?)
}

fn digits(text: &str, max: usize) -> bool {
    (1..=max).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

impl SiteSettings {
    /// Resolves `settings` (absent: every default) for `model`.
    ///
    /// # Errors
    /// [`BadSetting`] for a value that does not parse.
    pub fn resolve(
        settings: Option<&CallSettings>,
        model: Option<Model>,
    ) -> Result<SiteSettings, BadSetting> {
        let empty = CallSettings::default();
        let s = settings.unwrap_or(&empty);
        let mut defaulted = Vec::new();
        let hours = s.business_hours.clone().unwrap_or_else(|| {
            defaulted.push("business_hours");
            "08:00-18:00".into()
        });
        let bad_hours = || BadSetting {
            key: "business_hours",
            value: hours.clone(),
            expected: "expected HH:MM-HH:MM with the start before the end, like 08:00-18:00",
        };
        let (open, close) = hours.split_once('-').ok_or_else(bad_hours)?;
        let (open, close) = (
            clock(open).ok_or_else(bad_hours)?,
            clock(close).ok_or_else(bad_hours)?,
        );
        if open >= close {
            return Err(bad_hours());
        }
        let days = if let Some(list) = &s.business_days {
            list.iter()
                .map(|d| {
                    Weekday::parse(d.trim()).ok_or_else(|| BadSetting {
                        key: "business_days",
                        value: d.clone(),
                        expected: "expected mon, tue, wed, thu, fri, sat or sun",
                    })
                })
                .collect::<Result<Vec<_>, _>>()?
        } else {
            defaulted.push("business_days");
            Weekday::ALL[..5].to_vec()
        };
        if s.trunks.is_none() {
            defaulted.push("trunks");
        }
        let allowed_countries = if let Some(list) = &s.allowed_countries {
            {
                for c in list {
                    if !digits(c, 3) {
                        return Err(BadSetting {
                            key: "allowed_countries",
                            value: c.clone(),
                            expected: "expected a country code of 1 to 3 digits, like 44",
                        });
                    }
                }
                list.clone()
            }
        } else {
            defaulted.push("allowed_countries");
            Vec::new()
        };
        let international_prefix = match &s.international_prefix {
            Some(p) if digits(p, 4) => p.clone(),
            Some(p) => {
                return Err(BadSetting {
                    key: "international_prefix",
                    value: p.clone(),
                    expected: "expected 1 to 4 digits, like 00 or 011",
                });
            }
            None => {
                defaulted.push("international_prefix");
                "00".into()
            }
        };
        let inmail_ports = if let Some(text) = &s.inmail_ports {
            {
                let bad = || BadSetting {
                    key: "inmail_ports",
                    value: text.clone(),
                    expected: "expected FIRST-LAST extension numbers, like 213-228",
                };
                let (a, b) = text.split_once('-').ok_or_else(bad)?;
                let (a, b): (u32, u32) = (
                    a.trim().parse().map_err(|_| bad())?,
                    b.trim().parse().map_err(|_| bad())?,
                );
                if a > b {
                    return Err(bad());
                }
                (a, b)
            }
        } else {
            defaulted.push("inmail_ports");
            inmail_ports(model)
        };
        Ok(SiteSettings {
            open,
            close,
            days,
            time_zone: s.time_zone.clone(),
            trunks: s.trunks,
            allowed_countries,
            international_prefix,
            inmail_ports,
            defaulted,
        })
    }

    /// Whether a call at `time` on `day` (unknown without a date) is inside business hours.
    pub fn in_hours(&self, time: ClockTime, day: Option<Weekday>) -> bool {
        time >= self.open && time < self.close && day.is_none_or(|d| self.days.contains(&d))
    }

    /// One line describing the settings in force.
    pub fn describe(&self) -> String {
        let days: Vec<&str> = self.days.iter().map(|d| d.name()).collect();
        format!(
            "business hours {}-{} {}{}, international prefix {}, allowed countries {}, trunks {}, InMail ports {}-{}",
            self.open,
            self.close,
            days.join(","),
            self.time_zone
                .as_deref()
                .map_or_else(String::new, |z| format!(" ({z})")),
            self.international_prefix,
            if self.allowed_countries.is_empty() {
                "none".to_owned()
            } else {
                self.allowed_countries.join(",")
            },
            self.trunks
                .map_or_else(|| "unknown".to_owned(), |t| t.to_string()),
            self.inmail_ports.0,
            self.inmail_ports.1
        )
    }

    /// The message when some settings took defaults, naming them.
    pub fn defaults_note(&self) -> Option<String> {
        (!self.defaulted.is_empty()).then(|| {
            format!(
                "the site file sets no {} in [calls.settings]; defaults used (add them to the site file for a sharper audit)",
                self.defaulted.join(", ")
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_settings_take_defaults_and_say_so() {
        let s = SiteSettings::resolve(None, Some(Model::Sl2100)).unwrap();
        assert_eq!(s.inmail_ports, (213, 228));
        assert_eq!(s.international_prefix, "00");
        assert!(s.trunks.is_none());
        let note = s.defaults_note().unwrap();
        assert!(
            note.contains("business_hours") && note.contains("trunks"),
            "{note}"
        );
    }

    #[test]
    fn the_end_of_business_hours_is_outside() {
        let s = SiteSettings::resolve(None, None).unwrap();
        let t = |h, m| ClockTime::new(h, m).unwrap();
        assert!(s.in_hours(t(8, 0), Some(Weekday::Mon)));
        assert!(s.in_hours(t(17, 59), Some(Weekday::Fri)));
        assert!(!s.in_hours(t(18, 0), Some(Weekday::Fri)));
        assert!(!s.in_hours(t(7, 59), None));
        assert!(!s.in_hours(t(12, 0), Some(Weekday::Sat)));
    }

    #[test]
    fn bad_values_are_named() {
        let bad = CallSettings {
            business_hours: Some("18:00-08:00".into()),
            ..CallSettings::default()
        };
        let err = SiteSettings::resolve(Some(&bad), None).unwrap_err();
        assert_eq!(err.key, "business_hours");
        let bad = CallSettings {
            allowed_countries: Some(vec!["+44".into()]),
            ..CallSettings::default()
        };
        assert_eq!(
            SiteSettings::resolve(Some(&bad), None).unwrap_err().key,
            "allowed_countries"
        );
    }
}
