//! Reading a site file: TOML with positions, then consistency checks against the checklist.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::calls::SiteCalls;
use super::check::answer_fits;
use super::model::{Extension, HandoverFacts, ItemRecord, SiteFile, SiteInfo};
use super::{SITE_FORMAT, SiteError};
use crate::checklist::{self, Checklist, Problem, Problems};
use crate::input_file::{self, InputKind};
use crate::probe::ProbeReport;

/// The format number (read first, so a newer file gets a clear message) and where the model is.
#[derive(Deserialize)]
struct FileHead {
    format: Option<Spanned<i64>>,
    site: Option<SiteHead>,
}

/// The site table, only for the position of its model.
#[derive(Deserialize)]
struct SiteHead {
    model: Option<Spanned<toml::Value>>,
}

/// The file as written, with positions.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSiteFile {
    // Checked before this parse; kept so `deny_unknown_fields` accepts the key.
    #[allow(dead_code)]
    format: i64,
    site: SiteInfo,
    #[serde(default)]
    extension: Vec<Spanned<Extension>>,
    #[serde(default)]
    items: BTreeMap<Spanned<String>, Spanned<ItemRecord>>,
    handover: Option<Spanned<HandoverFacts>>,
    probe: Option<ProbeReport>,
    calls: Option<SiteCalls>,
}

/// The file as written out (format first).
#[derive(Serialize)]
struct SiteFileOut<'a> {
    format: i64,
    site: &'a SiteInfo,
    #[serde(skip_serializing_if = "<[Extension]>::is_empty")]
    extension: &'a [Extension],
    items: &'a BTreeMap<String, ItemRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    handover: Option<&'a HandoverFacts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    probe: Option<&'a ProbeReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    calls: Option<&'a SiteCalls>,
}

/// Serializes a site file to TOML.
pub(super) fn to_toml(site: &SiteFile) -> String {
    let out = SiteFileOut {
        format: SITE_FORMAT,
        site: &site.site,
        extension: &site.extensions,
        items: &site.items,
        handover: site.handover.as_ref(),
        probe: site.probe.as_ref(),
        calls: site.calls.as_ref(),
    };
    // Every field is a plain string, number, bool, list or table: serialization cannot fail.
    toml::to_string(&out).unwrap_or_else(|e| panic!("site file serialization failed: {e}"))
}

fn invalid(file: &str, text: &str, span: &std::ops::Range<usize>, message: String) -> SiteError {
    SiteError::Invalid(Problems::new(file, vec![Problem::at(text, span, message)]))
}

/// Parses the TOML and the format; hands the header to `pick` to choose the checklist; checks.
pub(super) fn parse_with<C: Borrow<Checklist>>(
    text: &str,
    file: &str,
    pick: impl FnOnce(&SiteInfo) -> Result<C, SiteError>,
) -> Result<(SiteFile, C), SiteError> {
    let toml_problem = |e: &toml::de::Error| {
        SiteError::Invalid(Problems::new(file, vec![Problem::from_toml(text, e)]))
    };
    // The text is parsed once; the head (format, model) and the whole file are both read from
    // that tree. Parsing twice was most of the cost of reading a fleet of site files.
    let root = toml::de::DeTable::parse(text).map_err(|e| toml_problem(&e))?;
    let mut head_table = toml::de::DeTable::new();
    for key in ["format", "site"] {
        if let Some((k, v)) = root.get_ref().get_key_value(key) {
            head_table.insert(k.clone(), v.clone());
        }
    }
    let head = FileHead::deserialize(toml::de::Deserializer::from(Spanned::new(
        root.span(),
        head_table,
    )))
    .map_err(|e| toml_problem(&e))?;
    match head.format {
        None => {
            return Err(invalid(
                file,
                text,
                &(0..0),
                "missing `format = 1` at the top".into(),
            ));
        }
        Some(f) if *f.get_ref() != SITE_FORMAT => {
            return Err(invalid(
                file,
                text,
                &f.span(),
                format!(
                    "format {} found; this version reads format {SITE_FORMAT}",
                    f.get_ref()
                ),
            ));
        }
        Some(_) => {}
    }
    let raw = RawSiteFile::deserialize(toml::de::Deserializer::from(root))
        .map_err(|e| toml_problem(&e))?;
    let picked = pick(&raw.site)?;
    let checklist: &Checklist = picked.borrow();
    let mut problems = Vec::new();
    if checklist.model != raw.site.model {
        let model_span = head.site.and_then(|s| s.model).map_or(0..0, |m| m.span());
        problems.push(Problem::at(
            text,
            &model_span,
            format!(
                "the site is an {} but the checklist is for an {}",
                raw.site.model.display_name(),
                checklist.model.display_name()
            ),
        ));
    }
    let mut site = SiteFile {
        site: raw.site,
        extensions: Vec::new(),
        items: BTreeMap::new(),
        handover: None,
        probe: raw.probe,
        calls: raw.calls,
    };
    // A set, not `site.extension()`: a linear search per extension made loading a
    // 1,000-extension site quadratic (a visible share of the wizard's first frame).
    let mut seen = std::collections::HashSet::with_capacity(raw.extension.len());
    for ext in raw.extension {
        let span = ext.span();
        let ext = ext.into_inner();
        if seen.insert(ext.number.as_str().to_owned()) {
            site.extensions.push(ext);
        } else {
            problems.push(Problem::at(
                text,
                &span,
                format!("extension {} is listed twice", ext.number),
            ));
        }
    }
    for (id, record) in raw.items {
        let Some(item) = checklist.item(id.get_ref()) else {
            problems.push(Problem::at(
                text,
                &id.span(),
                format!("the checklist has no item `{}`", id.get_ref()),
            ));
            continue;
        };
        let span = record.span();
        let mut record = record.into_inner();
        migrate_untouched_logins(item, &mut record, site.site.model);
        if record.status.needs_reason()
            && record.reason.as_deref().is_none_or(|r| r.trim().is_empty())
        {
            problems.push(Problem::at(
                text,
                &span,
                format!(
                    "item `{}` is {} and needs a `reason`",
                    item.id,
                    record.status.name()
                ),
            ));
        }
        if let Some(answer) = &record.answer
            && let Err(message) = answer_fits(item, answer, &site)
        {
            problems.push(Problem::at(text, &span, message));
        }
        site.items.insert(id.into_inner(), record);
    }
    if let Some(handover) = raw.handover {
        let facts = handover.get_ref();
        if facts.passphrase != facts.recipients.is_empty() {
            problems.push(Problem::at(
                text,
                &handover.span(),
                "the handover needs either `recipients` or `passphrase = true`, not both",
            ));
        }
        site.handover = Some(handover.into_inner());
    }
    if problems.is_empty() {
        Ok((site, picked))
    } else {
        Err(SiteError::Invalid(Problems::new(file, problems)))
    }
}

/// Format-1 files from earlier releases may list SL1100 user 1 (the manufacturer login) among
/// the 90-02 targets; it is now left untouched, so the entry is dropped on load rather than
/// refusing the file (nec-facts.md §12). The credential itself stays in the old handover.
fn migrate_untouched_logins(
    item: &crate::checklist::Item,
    record: &mut super::model::ItemRecord,
    model: crate::nec::Model,
) {
    let crate::checklist::AnswerSpec::Credentials {
        per: crate::checklist::CredentialScope::LoginUser,
        ..
    } = item.answer
    else {
        return;
    };
    if let Some(super::model::Answer::Credentials { issued }) = record.answer.as_mut() {
        issued.retain(|i| {
            !model
                .untouched_login_users()
                .iter()
                .any(|(user, _)| i.target == user.to_string())
        });
    }
}

/// Reads `path`; the checklist is `override_checklist`, else the site's own `checklist` file
/// (relative to the site file), else the shipped one for the site's model.
pub(super) fn load(
    path: &Path,
    override_checklist: Option<&Checklist>,
) -> Result<(SiteFile, Checklist), SiteError> {
    let file = path.display().to_string();
    let text = input_file::read_text(path, InputKind::SiteFile, &mut std::io::empty()).map_err(
        |source| SiteError::Read {
            file: file.clone(),
            source,
        },
    )?;
    parse_with(&text, &file, |info| {
        if let Some(list) = override_checklist {
            return Ok(list.clone());
        }
        match &info.checklist {
            Some(own) => {
                let base = path.parent().unwrap_or_else(|| Path::new("."));
                Ok(checklist::load(&base.join(own))?)
            }
            None => Ok(checklist::builtin(info.model)),
        }
    })
}
