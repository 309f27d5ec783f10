//! The site diff as text (headline first, then one block per kind of change) or JSON
//! (`"format": 1`, the [`SiteDiff`] fields).
//!
//! Names, labels, answers and file names come from untrusted site files: the text output
//! escapes control characters with the fleet's [`shown`], the one place for that.

use std::fmt::Write as _;

use super::{ItemMove, PortChange, SiteDiff};
use crate::fleet::render_text::shown;
use crate::probe::PortState;
use crate::report::text::compress_numbers;
use crate::site::ExtensionType;

fn state(s: Option<PortState>) -> &'static str {
    s.map_or("not probed", PortState::label)
}

/// The headline sentence for a port closed before and open now (or newly accepting REGISTER).
pub fn headline(diff: &SiteDiff, port: &PortChange) -> String {
    let when = |run: &Option<super::ProbeRun>| {
        run.as_ref()
            .map_or_else(String::new, |r| format!(" on {}", r.at.date()))
    };
    let (then, now) = (when(&diff.probe.from), when(&diff.probe.to));
    if port.newly_open() {
        format!(
            "{}/{} ({}) was {}{then} and is open{now}",
            port.port,
            port.transport.name(),
            port.role,
            state(port.from)
        )
    } else {
        format!(
            "{}/{} ({}) now accepts a REGISTER without credentials{now} (it did not{then})",
            port.port,
            port.transport.name(),
            port.role
        )
    }
}

/// An extension type for people.
pub fn type_name(kind: ExtensionType) -> &'static str {
    match kind {
        ExtensionType::Physical => "physical",
        ExtensionType::Virtual => "virtual",
        ExtensionType::Sip => "sip",
        ExtensionType::SipThirdParty => "sip-third-party",
    }
}

fn date(t: Option<&crate::site::Timestamp>) -> &str {
    t.map_or("-", crate::site::Timestamp::date)
}

/// One line per credential item, change and pair of dates, targets as ranges (`2-8`).
fn credential_lines(diff: &SiteDiff) -> Vec<String> {
    type Key<'a> = (&'a str, &'static str, &'a str, &'a str);
    let mut groups: Vec<(Key<'_>, Vec<String>)> = Vec::new();
    for c in &diff.credentials {
        let what = match (&c.from, &c.to) {
            (None, Some(_)) => "issued",
            (Some(_), None) => "no longer on record",
            _ => "re-issued",
        };
        let key = (
            c.item.as_str(),
            what,
            date(c.from.as_ref()),
            date(c.to.as_ref()),
        );
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, targets)) => targets.push(c.target.clone()),
            None => groups.push((key, vec![c.target.clone()])),
        }
    }
    groups
        .into_iter()
        .map(|((item, what, from, to), targets)| {
            format!(
                "{item} for {}: {what}, {from} -> {to}",
                shown(&compress_numbers(&targets))
            )
        })
        .collect()
}

/// One line per change, grouped under headings; the building block of text and Markdown.
pub fn sections(diff: &SiteDiff) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for what in [
        ItemMove::Failed,
        ItemMove::Reopened,
        ItemMove::NewlyDone,
        ItemMove::Passed,
    ] {
        let lines: Vec<String> = diff
            .items_moved(what)
            .map(|i| {
                let from = i.from.map_or("absent", |s| s.name());
                let to = i.to.map_or("absent", |s| s.name());
                format!("{} ({}): {from} -> {to}", i.id, shown(&i.title))
            })
            .collect();
        out.push((what.heading().to_owned(), lines));
    }
    out.push((
        "Answers changed".to_owned(),
        diff.answers
            .iter()
            .map(|a| {
                format!(
                    "{}: {} -> {}",
                    a.id,
                    shown(a.from.as_deref().unwrap_or("none")),
                    shown(a.to.as_deref().unwrap_or("none"))
                )
            })
            .collect(),
    ));
    let ext = |e: &super::ExtensionRef| {
        if e.label.is_empty() {
            format!("{} ({})", e.number, type_name(e.kind))
        } else {
            format!("{} {} ({})", e.number, shown(&e.label), type_name(e.kind))
        }
    };
    out.push((
        "Extensions added".to_owned(),
        diff.extensions_added.iter().map(ext).collect(),
    ));
    out.push((
        "Extensions removed".to_owned(),
        diff.extensions_removed.iter().map(ext).collect(),
    ));
    out.push((
        "Extensions retyped".to_owned(),
        diff.extensions_retyped
            .iter()
            .map(|r| format!("{}: {} -> {}", r.number, type_name(r.from), type_name(r.to)))
            .collect(),
    ));
    out.push(("Credentials re-issued".to_owned(), credential_lines(diff)));
    out.push((
        "Probe results changed".to_owned(),
        diff.probe
            .ports
            .iter()
            .map(|p| {
                let mut line = format!(
                    "{}/{} ({}): {} -> {}",
                    p.port,
                    p.transport.name(),
                    p.role,
                    state(p.from),
                    state(p.to)
                );
                if p.register_from != p.register_to {
                    let verdict = |v: Option<crate::probe::RegisterVerdict>| {
                        v.map_or("not tried", |v| match v {
                            crate::probe::RegisterVerdict::Challenged => "challenged",
                            crate::probe::RegisterVerdict::Accepted => "accepted",
                            crate::probe::RegisterVerdict::Refused => "refused",
                            crate::probe::RegisterVerdict::NoAnswer => "no answer",
                        })
                    };
                    let _ = write!(
                        line,
                        "; REGISTER without credentials {} -> {}",
                        verdict(p.register_from),
                        verdict(p.register_to)
                    );
                }
                line
            })
            .collect(),
    ));
    out.retain(|(_, lines)| !lines.is_empty());
    out
}

/// A line saying where the probes ran from when they differ (inside vs outside prove
/// different things).
pub fn vantage_note(diff: &SiteDiff) -> Option<String> {
    let (from, to) = (diff.probe.from.as_ref()?, diff.probe.to.as_ref()?);
    (from.vantage != to.vantage).then(|| {
        format!(
            "The probes ran from different places ({} then, {} now): a change may be the vantage point's.",
            from.vantage, to.vantage
        )
    })
}

/// The diff as text.
pub fn text(diff: &SiteDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Changes at {}", shown(&diff.new.name));
    for (label, visit) in [("old", &diff.old), ("new", &diff.new)] {
        let _ = writeln!(
            out,
            "  {label}: {} ({} {}, updated {}, score {}%)",
            shown(&visit.file),
            shown(&visit.name),
            visit.model,
            visit.updated.date(),
            visit.percent
        );
    }
    if diff.old.name != diff.new.name {
        out.push_str("  Note: the two files name different sites.\n");
    }
    for port in diff.headlines() {
        let _ = writeln!(out, "\nHEADLINE: {}", headline(diff, port));
    }
    if let Some(note) = vantage_note(diff) {
        let _ = writeln!(out, "\n{note}");
    }
    if diff.is_empty() {
        out.push_str("\nNo changes.\n");
    }
    for (heading, lines) in sections(diff) {
        let _ = writeln!(out, "\n{heading} ({}):", lines.len());
        for line in lines {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

/// The JSON form: the diff's fields and the headline sentences.
#[derive(serde::Serialize)]
struct DiffJson<'a> {
    #[serde(flatten)]
    diff: &'a SiteDiff,
    headlines: Vec<String>,
}

/// The diff as pretty-printed JSON, ending with a newline.
pub fn json(diff: &SiteDiff) -> String {
    let out = DiffJson {
        diff,
        headlines: diff.headlines().map(|p| headline(diff, p)).collect(),
    };
    let mut text = serde_json::to_string_pretty(&out)
        .unwrap_or_else(|e| panic!("diff serialization failed: {e}"));
    text.push('\n');
    text
}
