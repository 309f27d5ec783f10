//! The "Sources" part of a report: where each item's facts come from (an nec-facts section, a
//! manual page, a dealer bulletin), item by item, for the technician who wants to check them.
//! Kept apart from the layout so it can move as a block into the report's technical part.

use std::fmt::Write as _;

use super::Report;
use super::html::escape;
use super::markdown::cell;

/// The items that name sources, in checklist order, as (id, title, sources).
fn sourced(report: &Report) -> impl Iterator<Item = (&str, &str, &[String])> {
    report
        .sections
        .iter()
        .flat_map(|s| s.items.iter())
        .filter(|i| !i.sources.is_empty())
        .map(|i| (i.id.as_str(), i.title.as_str(), i.sources.as_slice()))
}

/// Appends the Markdown "Sources" section (nothing when no item names a source).
pub(super) fn markdown(out: &mut String, report: &Report) {
    let mut items = sourced(report).peekable();
    if items.peek().is_none() {
        return;
    }
    out.push_str("\n## Sources\n\n");
    for (id, title, sources) in items {
        let _ = writeln!(
            out,
            "- `{id}` {}: {}",
            cell(title),
            cell(&sources.join("; "))
        );
    }
}

/// Appends the HTML "Sources" section (nothing when no item names a source).
pub(super) fn html(out: &mut String, report: &Report) {
    let mut items = sourced(report).peekable();
    if items.peek().is_none() {
        return;
    }
    out.push_str("<h2>Sources</h2>\n<ul>\n");
    for (id, title, sources) in items {
        let _ = writeln!(
            out,
            "<li><code>{}</code> {}: {}</li>",
            escape(id),
            escape(title),
            escape(&sources.join("; "))
        );
    }
    out.push_str("</ul>\n");
}
