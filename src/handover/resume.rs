//! Resuming a site's handover: what the reopened record itself says decides where new
//! credentials may be sealed, never the site file alone.
//!
//! The site file is shared and anyone may edit it, so a `[handover]` table that adds a key to
//! `recipients` or points `file` at another site's handover must not be enough to send a secret
//! anywhere. [`plan_reseal`] refuses a record of another site, and re-seals to the recipients
//! recorded inside the record (sealed, so unforgeable without the customer's key); when the
//! record predates that list, or the site file names others, the lists are shown and only a
//! confirmation on screen may use the site file's.

use std::collections::BTreeSet;
use std::path::Path;

use super::error::HandoverError;
use super::protection::{Protection, Recipient, parse_recipient};
use super::record::HandoverRecord;

/// The site a handover is expected to belong to (from the site file being resumed).
#[derive(Debug, Clone, Copy)]
pub struct ExpectedSite<'a> {
    /// The site name.
    pub name: &'a str,
    /// The customer.
    pub customer: &'a str,
}

/// Where a resumed handover is re-sealed.
#[derive(Debug)]
pub enum Reseal {
    /// To what the record holds: its own recipients, or (`None`) the passphrase that opened it.
    /// `site_file_differs` holds the site file's list when it names other keys (to show why
    /// they are not used).
    Recorded {
        /// The record's recipients; `None` for a passphrase handover.
        recipients: Option<Vec<Recipient>>,
        /// The site file's list when it differs from the record's.
        site_file_differs: Option<Vec<String>>,
    },
    /// The record does not say who it is sealed to (written before the list was kept): the
    /// site file's recipients may be used only once the installer confirmed them on screen.
    NeedsConfirmation {
        /// The site file's recipients, parsed.
        site_file: Vec<Recipient>,
    },
}

impl Reseal {
    /// The recipient lines to show the installer for a confirmation, if one is needed.
    pub fn to_confirm(&self) -> Option<Vec<String>> {
        match self {
            Reseal::NeedsConfirmation { site_file } => {
                Some(site_file.iter().map(ToString::to_string).collect())
            }
            Reseal::Recorded { .. } => None,
        }
    }

    /// The protection for the next seal, given the passphrase protection the handover was
    /// opened with (used only for a passphrase handover) and whether the installer confirmed
    /// the site file's recipients. `None` while a confirmation is missing.
    pub fn protection(
        self,
        opened_with: Option<Protection>,
        confirmed: bool,
    ) -> Option<Protection> {
        match self {
            Reseal::Recorded {
                recipients: Some(rs),
                ..
            } => Some(Protection::Recipients(rs)),
            Reseal::Recorded {
                recipients: None, ..
            } => opened_with,
            Reseal::NeedsConfirmation { site_file } => {
                confirmed.then_some(Protection::Recipients(site_file))
            }
        }
    }
}

/// Decides where new credentials of a reopened handover may be sealed.
///
/// `passphrase` says whether the file opened with a passphrase; `site_file_recipients` are the
/// site file's `[handover] recipients`.
///
/// # Errors
/// [`HandoverError::OtherSite`] when the record belongs to another site (or customer);
/// [`HandoverError::BadRecipient`] for a recipient that does not parse.
pub fn plan_reseal(
    record: &HandoverRecord,
    path: &Path,
    expected: ExpectedSite<'_>,
    passphrase: bool,
    site_file_recipients: &[String],
) -> Result<Reseal, HandoverError> {
    if record.site.name != expected.name || record.site.customer != expected.customer {
        return Err(HandoverError::OtherSite {
            path: path.to_path_buf(),
            record_site: format!("{} ({})", record.site.name, record.site.customer),
            expected_site: format!("{} ({})", expected.name, expected.customer),
        });
    }
    if passphrase {
        return Ok(Reseal::Recorded {
            recipients: None,
            site_file_differs: None,
        });
    }
    let parse_all = |lines: &[String]| -> Result<Vec<Recipient>, HandoverError> {
        lines.iter().map(|l| parse_recipient(l)).collect()
    };
    if record.sealed_to.is_empty() {
        return Ok(Reseal::NeedsConfirmation {
            site_file: parse_all(site_file_recipients)?,
        });
    }
    let recorded = parse_all(&record.sealed_to)?;
    let as_set =
        |rs: &[Recipient]| -> BTreeSet<String> { rs.iter().map(ToString::to_string).collect() };
    // Compared as parsed keys, so spacing or an SSH comment alone is no difference.
    let site_file = parse_all(site_file_recipients).ok();
    let differs = site_file.is_none_or(|s| as_set(&s) != as_set(&recorded));
    Ok(Reseal::Recorded {
        recipients: Some(recorded),
        site_file_differs: differs.then(|| site_file_recipients.to_vec()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handover::record::SiteInfo;
    use crate::nec::Model;

    fn record(name: &str, sealed_to: &[String]) -> HandoverRecord {
        let mut r = HandoverRecord::new(SiteInfo {
            name: name.into(),
            customer: "Acme Ltd".into(),
            model: Model::Sl2100,
            installer: "J".into(),
        });
        r.sealed_to = sealed_to.to_vec();
        r
    }

    fn key() -> String {
        age::x25519::Identity::generate().to_public().to_string()
    }

    const SITE: ExpectedSite<'static> = ExpectedSite {
        name: "North",
        customer: "Acme Ltd",
    };

    #[test]
    fn a_record_of_another_site_is_refused() {
        let customer = key();
        let other = record("South", std::slice::from_ref(&customer));
        let err = plan_reseal(&other, Path::new("h.age"), SITE, false, &[customer]).unwrap_err();
        assert!(matches!(err, HandoverError::OtherSite { .. }), "{err}");
        assert!(err.to_string().contains("South (Acme Ltd)"), "{err}");
        let err = plan_reseal(&other, Path::new("h.age"), SITE, true, &[]).unwrap_err();
        assert!(matches!(err, HandoverError::OtherSite { .. }), "{err}");
    }

    #[test]
    fn an_attacker_key_added_to_the_site_file_is_not_sealed_to() {
        let customer = key();
        let attacker = key();
        let r = record("North", std::slice::from_ref(&customer));
        let site_file = vec![customer.clone(), attacker.clone()];
        let plan = plan_reseal(&r, Path::new("h.age"), SITE, false, &site_file).unwrap();
        assert!(plan.to_confirm().is_none());
        let Reseal::Recorded {
            site_file_differs, ..
        } = &plan
        else {
            panic!("{plan:?}");
        };
        assert_eq!(site_file_differs.as_deref(), Some(&site_file[..]));
        let Some(Protection::Recipients(rs)) = plan.protection(None, true) else {
            panic!("no recipients");
        };
        let sealed: Vec<String> = rs.iter().map(ToString::to_string).collect();
        assert_eq!(sealed, [customer]);
    }

    #[test]
    fn the_same_keys_are_no_difference() {
        let customer = key();
        let r = record("North", std::slice::from_ref(&customer));
        let plan = plan_reseal(
            &r,
            Path::new("h.age"),
            SITE,
            false,
            &[format!(" {customer} ")],
        )
        .unwrap();
        assert!(matches!(
            plan,
            Reseal::Recorded {
                site_file_differs: None,
                ..
            }
        ));
    }

    #[test]
    fn an_old_record_needs_the_site_file_list_confirmed() {
        let customer = key();
        let r = record("North", &[]);
        let plan = plan_reseal(
            &r,
            Path::new("h.age"),
            SITE,
            false,
            std::slice::from_ref(&customer),
        )
        .unwrap();
        assert_eq!(plan.to_confirm(), Some(vec![customer]));
        let plan = plan_reseal(&r, Path::new("h.age"), SITE, false, &[key()]).unwrap();
        assert!(
            plan.protection(None, false).is_none(),
            "sealed without a confirmation"
        );
    }
}
