//! The review screen: score, done, skipped with reasons, pending, risky combinations.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::super::app::App;
use super::super::text::{self, review as t};
use super::block;
use super::walk::mark;
use crate::coverage::ItemStatus;
use crate::site::Status;

/// Which statuses a review group lists.
type Wanted = fn(Status) -> bool;

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let (Some(s), Some(r)) = (app.session(), app.review()) else {
        return;
    };
    let th = app.theme;
    let p = s.progress();
    let mut lines = vec![Line::styled(
        t::summary(p.score, p.band, p.done, p.handled, p.applicable),
        th.heading(),
    )];
    match app.finish_blocker() {
        Some(why) => lines.push(Line::styled(why, th.warn())),
        None => lines.push(Line::styled(t::READY, th.good())),
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(t::RISKS, th.heading()));
    if s.risks().is_empty() {
        lines.push(Line::styled(format!(" {}", t::NONE), th.dim()));
    }
    for risk in s.risks() {
        lines.push(Line::styled(format!(" ! {}", risk.summary), th.bad()));
    }
    let groups: [(&str, Wanted); 3] = [
        (t::PENDING, |st| st == Status::Pending),
        (t::SKIPPED, |st| {
            matches!(st, Status::NotApplicable | Status::Deferred)
        }),
        (t::DONE, |st| st == Status::Done),
    ];
    for (heading, wanted) in groups {
        lines.push(Line::raw(""));
        lines.push(Line::styled(heading, th.heading()));
        let before = lines.len();
        for (i, row) in s.rows().iter().enumerate() {
            if !row.applies || !wanted(row.status) {
                continue;
            }
            let item = s.item(i);
            let reason = s
                .site
                .items
                .get(&item.id)
                .and_then(|rec| rec.reason.as_deref())
                .map(|r| format!(" — {r}"))
                .unwrap_or_default();
            let evidence = match &row.computed {
                ItemStatus::Failed { findings } => findings
                    .first()
                    .map(|f| format!(" — {}: {}", row.computed.label(), f.text))
                    .unwrap_or_default(),
                st if !st.missing().is_empty() => {
                    format!(" — {} {}", t::MISSING, st.missing().join(", "))
                }
                _ => String::new(),
            };
            let reason = reason + &evidence;
            lines.push(Line::raw(format!(" {} {}{reason}", mark(row), item.title)));
        }
        if lines.len() == before {
            lines.push(Line::styled(format!(" {}", t::NONE), th.dim()));
        }
    }
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    // As in the walk: a line cut at the bottom edge must not read as the end of the review.
    let total = paragraph.line_count(area.width.saturating_sub(2));
    let visible = usize::from(area.height.saturating_sub(2));
    let mut frame = block(th, text::title::REVIEW);
    if total > usize::from(r.scroll) + visible {
        frame = frame.title_bottom(Line::styled(text::walk::MORE_BELOW, th.warn()).right_aligned());
    }
    if r.scroll > 0 {
        frame = frame.title_bottom(Line::styled(text::walk::MORE_ABOVE, th.dim()).left_aligned());
    }
    paragraph
        .scroll((r.scroll, 0))
        .block(frame)
        .render(area, buf);
}
