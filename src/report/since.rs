//! The "Since the last visit" section that `nec-harden report SITE --since OLD.toml` adds: the
//! site diff ([`crate::diff`]) in the report's own format, kept apart from the report layout.
//!
//! Markdown gets the section at the end, HTML just before `</body>`, JSON a `since` field.

use std::fmt::Write as _;

use super::Format;
use super::html::escape;
use super::markdown::cell;
use crate::diff::SiteDiff;
use crate::diff::render::{headline, sections, vantage_note};

const TITLE: &str = "Since the last visit";

fn intro(diff: &SiteDiff) -> String {
    format!(
        "Compared with {} (updated {}, score {}%); now updated {}, score {}%.",
        diff.old.file,
        diff.old.updated.date(),
        diff.old.percent,
        diff.new.updated.date(),
        diff.new.percent
    )
}

fn markdown(diff: &SiteDiff) -> String {
    let mut out = format!("\n## {TITLE}\n\n{}\n", cell(&intro(diff)));
    for port in diff.headlines() {
        let _ = writeln!(out, "\n**Headline: {}**", cell(&headline(diff, port)));
    }
    if let Some(note) = vantage_note(diff) {
        let _ = writeln!(out, "\n{}", cell(&note));
    }
    if diff.is_empty() {
        out.push_str("\nNo changes.\n");
    }
    for (heading, lines) in sections(diff) {
        let _ = writeln!(out, "\n### {heading} ({})\n", lines.len());
        for line in lines {
            let _ = writeln!(out, "- {}", cell(&line));
        }
    }
    out
}

fn html(diff: &SiteDiff) -> String {
    let mut out = format!("<h2>{TITLE}</h2>\n<p>{}</p>\n", escape(&intro(diff)));
    for port in diff.headlines() {
        let _ = writeln!(
            out,
            "<p class=\"high\">Headline: {}</p>",
            escape(&headline(diff, port))
        );
    }
    if let Some(note) = vantage_note(diff) {
        let _ = writeln!(out, "<p>{}</p>", escape(&note));
    }
    if diff.is_empty() {
        out.push_str("<p>No changes.</p>\n");
    }
    for (heading, lines) in sections(diff) {
        let _ = writeln!(out, "<h3>{} ({})</h3>\n<ul>", escape(&heading), lines.len());
        for line in lines {
            let _ = writeln!(out, "<li>{}</li>", escape(&line));
        }
        out.push_str("</ul>\n");
    }
    out
}

/// `report` (rendered in `format`) with the section on what changed since the old visit.
pub fn add(report: String, format: Format, diff: &SiteDiff) -> String {
    match format {
        Format::Markdown => report + &markdown(diff),
        Format::Html => {
            let section = html(diff);
            match report.rfind("</body>") {
                Some(at) => {
                    let mut out = report;
                    out.insert_str(at, &section);
                    out
                }
                None => report + &section,
            }
        }
        Format::Json => {
            let since: serde_json::Value = serde_json::from_str(&crate::diff::render::json(diff))
                .unwrap_or(serde_json::Value::Null);
            match serde_json::from_str::<serde_json::Value>(&report) {
                Ok(serde_json::Value::Object(mut map)) => {
                    map.insert("since".to_owned(), since);
                    let mut text = serde_json::to_string_pretty(&map)
                        .unwrap_or_else(|e| panic!("report serialization failed: {e}"));
                    text.push('\n');
                    text
                }
                _ => report,
            }
        }
    }
}
