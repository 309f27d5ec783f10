//! The changes the wizard and replay make to a site file: statuses, answers, extensions.
//!
//! Each change is checked against the checklist first and refused whole if it does not fit, so a
//! site file in memory is always one that would load again.

use super::check::answer_fits;
use super::model::{Answer, Extension, ExtensionNumber, ItemRecord, SiteFile, Status};
use crate::timestamp::Timestamp;
use std::collections::HashSet;

use crate::checklist::{AnswerSpec, Checklist, CredentialScope};

/// Why a change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The checklist has no such item.
    #[error("the checklist has no item `{0}`")]
    UnknownItem(String),
    /// Not applicable and deferred need a reason.
    #[error("item `{0}` needs a reason to be {1}")]
    ReasonRequired(String, &'static str),
    /// The answer does not fit the item.
    #[error("{0}")]
    AnswerMismatch(String),
    /// No extension has that number.
    #[error("extension {0} is not in the site's list")]
    UnknownExtension(String),
    /// A finding was waived but the site records no probe.
    #[error("the site file records no probe whose findings could be waived")]
    NoProbe,
    /// Alerts were waived but the site records no call-record audit.
    #[error("the site file records no call-record audit whose alerts could be waived")]
    NoCallAudit,
    /// An extension range could not be read.
    #[error("extension range `{0}`: {1}")]
    BadRange(String, String),
}

/// The most extensions one range may expand to (a typo like `1-99999999` must not eat memory).
const MAX_RANGE: u64 = 10_000;

/// The trimmed reason for a waiver on `item`, which must be one of the checklist's.
fn waiver_reason<'r>(
    checklist: &Checklist,
    item: &str,
    reason: &'r str,
) -> Result<&'r str, EditError> {
    if checklist.item(item).is_none() {
        return Err(EditError::UnknownItem(item.to_owned()));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(EditError::ReasonRequired(item.to_owned(), "waived"));
    }
    Ok(reason)
}

impl SiteFile {
    /// The record of `item`, a pending one as of `now` if it has none yet.
    fn record_mut(&mut self, item: &str, now: &Timestamp) -> &mut ItemRecord {
        self.items
            .entry(item.to_owned())
            .or_insert_with(|| ItemRecord::pending(now.clone()))
    }

    fn touch(&mut self, now: &Timestamp) {
        self.site.updated = now.clone();
    }

    /// Sets an item's status at `now`, with a reason (required for not-applicable and deferred).
    ///
    /// # Errors
    /// [`EditError::UnknownItem`] or [`EditError::ReasonRequired`]; the file is unchanged.
    pub fn set_status(
        &mut self,
        checklist: &Checklist,
        item: &str,
        status: Status,
        reason: Option<&str>,
        now: &Timestamp,
    ) -> Result<(), EditError> {
        if checklist.item(item).is_none() {
            return Err(EditError::UnknownItem(item.to_owned()));
        }
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if status.needs_reason() && reason.is_none() {
            return Err(EditError::ReasonRequired(item.to_owned(), status.name()));
        }
        let record = self.record_mut(item, now);
        record.status = status;
        record.at = now.clone();
        record.reason = reason.map(str::to_owned);
        self.touch(now);
        Ok(())
    }

    /// Sets an item's answer (the status is left as it is).
    ///
    /// # Errors
    /// [`EditError::UnknownItem`] or [`EditError::AnswerMismatch`]; the file is unchanged.
    pub fn set_answer(
        &mut self,
        checklist: &Checklist,
        item: &str,
        answer: Answer,
        now: &Timestamp,
    ) -> Result<(), EditError> {
        let spec = checklist
            .item(item)
            .ok_or_else(|| EditError::UnknownItem(item.to_owned()))?;
        answer_fits(spec, &answer, self).map_err(EditError::AnswerMismatch)?;
        let record = self.record_mut(item, now);
        record.answer = Some(answer);
        self.touch(now);
        Ok(())
    }

    /// Records why the failing findings of the site's last probe do not apply to `item`.
    ///
    /// # Errors
    /// [`EditError::UnknownItem`], [`EditError::ReasonRequired`] for an empty reason, or
    /// [`EditError::NoProbe`] when the site records no probe; the file is unchanged.
    pub fn waive_findings(
        &mut self,
        checklist: &Checklist,
        item: &str,
        reason: &str,
        now: &Timestamp,
    ) -> Result<(), EditError> {
        let reason = waiver_reason(checklist, item, reason)?;
        let probe_at = self.probe.as_ref().ok_or(EditError::NoProbe)?.at.clone();
        let record = self.record_mut(item, now);
        record.waived = Some(super::model::Waiver {
            probe_at,
            reason: reason.to_owned(),
        });
        self.touch(now);
        Ok(())
    }

    /// Records why the failing alerts of the site's last call-record audit on `item` are not
    /// fraud (calls the customer made and approves).
    ///
    /// # Errors
    /// [`EditError::UnknownItem`], [`EditError::ReasonRequired`] for an empty reason, or
    /// [`EditError::NoCallAudit`] when the site records no audit; the file is unchanged.
    pub fn waive_alerts(
        &mut self,
        checklist: &Checklist,
        item: &str,
        reason: &str,
        now: &Timestamp,
    ) -> Result<(), EditError> {
        let reason = waiver_reason(checklist, item, reason)?;
        let audit_at = self
            .calls
            .as_ref()
            .and_then(|c| c.last_audit.as_ref())
            .ok_or(EditError::NoCallAudit)?
            .at
            .clone();
        let record = self.record_mut(item, now);
        record.alerts_waived = Some(super::model::AlertWaiver {
            audit_at,
            reason: reason.to_owned(),
        });
        self.touch(now);
        Ok(())
    }

    /// Adds an extension, or replaces the one with the same number.
    pub fn put_extension(&mut self, extension: Extension, now: &Timestamp) {
        match self
            .extensions
            .iter_mut()
            .find(|e| e.number == extension.number)
        {
            Some(existing) => *existing = extension,
            None => self.extensions.push(extension),
        }
        self.touch(now);
    }

    /// Adds one extension per number, each a copy of `template` with its own number; existing
    /// numbers are left as they are. Returns how many were added.
    pub fn add_extensions(
        &mut self,
        numbers: &[ExtensionNumber],
        template: &Extension,
        now: &Timestamp,
    ) -> usize {
        let mut added = 0;
        for number in numbers {
            if self.extension(number.as_str()).is_none() {
                self.extensions.push(Extension {
                    number: number.clone(),
                    ..template.clone()
                });
                added += 1;
            }
        }
        self.touch(now);
        added
    }

    /// Removes an extension, and every answer's mention of it (extension lists and credentials
    /// issued per extension), so the file still loads.
    ///
    /// # Errors
    /// [`EditError::UnknownExtension`] if no extension has that number.
    pub fn remove_extension(
        &mut self,
        checklist: &Checklist,
        number: &str,
        now: &Timestamp,
    ) -> Result<(), EditError> {
        let before = self.extensions.len();
        self.extensions.retain(|e| e.number.as_str() != number);
        if self.extensions.len() == before {
            return Err(EditError::UnknownExtension(number.to_owned()));
        }
        for (id, record) in &mut self.items {
            let per_extension = checklist.item(id).is_some_and(|item| {
                matches!(
                    item.answer,
                    AnswerSpec::Credentials {
                        per: CredentialScope::Extension { .. }
                            | CredentialScope::ChosenExtension { .. },
                        ..
                    }
                )
            });
            match &mut record.answer {
                Some(Answer::Extensions { numbers }) => numbers.retain(|n| n.as_str() != number),
                Some(Answer::Credentials { issued }) if per_extension => {
                    issued.retain(|i| i.target != number);
                }
                _ => {}
            }
        }
        self.touch(now);
        Ok(())
    }
}

/// Reads extension numbers and ranges like `101-132,140,150-152` (spaces allowed), in order,
/// without duplicates. A range keeps the width of its first number (`0101-0103`).
///
/// # Errors
/// [`EditError::BadRange`] for an empty part, a non-number, a backwards range, a range holding
/// 0 (no extension is numbered 0), numbers over 8 digits, or a range of more than 10,000
/// extensions.
pub fn parse_extension_ranges(text: &str) -> Result<Vec<ExtensionNumber>, EditError> {
    let mut numbers: Vec<ExtensionNumber> = Vec::new();
    let mut seen: HashSet<ExtensionNumber> = HashSet::new();
    let bad = |part: &str, why: &str| EditError::BadRange(part.to_owned(), why.to_owned());
    for part in text.split(',').map(str::trim) {
        let (first, last) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        let start: ExtensionNumber = first
            .parse()
            .map_err(|_| bad(part, "expected 1 to 8 digits, or FIRST-LAST"))?;
        let end: ExtensionNumber = last
            .parse()
            .map_err(|_| bad(part, "expected 1 to 8 digits, or FIRST-LAST"))?;
        let (a, b): (u64, u64) = (
            start.as_str().parse().unwrap_or(0),
            end.as_str().parse().unwrap_or(0),
        );
        if b < a {
            return Err(bad(part, "the range runs backwards"));
        }
        if a == 0 {
            return Err(bad(part, "0 is not an extension number"));
        }
        if b - a >= MAX_RANGE {
            return Err(bad(part, "more than 10000 extensions in one range"));
        }
        let width = start.as_str().len();
        for n in a..=b {
            let number: ExtensionNumber = format!("{n:0width$}")
                .parse()
                .map_err(|_| bad(part, "numbers go past 8 digits"))?;
            if seen.insert(number.clone()) {
                numbers.push(number);
            }
        }
    }
    Ok(numbers)
}
