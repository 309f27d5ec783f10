//! Drawing the first screen's list of site files: `impl Widget for &SiteList`, a pure function
//! of the list. Names come from untrusted files and are escaped before they reach a cell.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Cell, Paragraph, Row as TableRow, StatefulWidget, Table, TableState, Widget, Wrap,
};

use super::super::site_list::{SiteList, file_name, strings};
use super::super::text;
use super::{MIN_SIZE, block, fit};
use crate::fleet::render_text::shown;
use crate::fleet::{Attention, Row, SiteRow};

fn due(row: &SiteRow) -> String {
    match row.next_due() {
        None => strings::NONE_DUE.to_owned(),
        Some(due) if row.overdue().next().is_some() => format!("{} overdue", due.date()),
        Some(due) => due.date().to_owned(),
    }
}

fn status_style(list: &SiteList, attention: Attention) -> Style {
    match attention {
        Attention::Failed | Attention::Alerts | Attention::Overdue | Attention::Broken => {
            list.theme.bad()
        }
        Attention::Pending => list.theme.warn(),
        Attention::Ok => list.theme.good(),
    }
}

/// The widths of the score, status and due columns.
const FIXED: [u16; 3] = [6, 8, 18];

/// The widths of the site name and file columns in a table `inner` columns wide: the file takes
/// a quarter, the name what is left after the selection mark and the gaps between columns.
fn name_and_file_widths(inner: u16) -> (u16, u16) {
    let file = inner / 4;
    let taken = 2 + 4 + FIXED.iter().sum::<u16>() + file;
    (inner.saturating_sub(taken).max(1), file)
}

/// One row; a site name too long for its `name_width` columns stops after a whole word with `…`.
fn table_row<'a>(list: &SiteList, row: &'a Row, name_width: u16) -> TableRow<'a> {
    let attention = row.attention();
    let status = Cell::from(attention.name()).style(status_style(list, attention));
    match row {
        Row::Site(site) => TableRow::new(vec![
            Cell::from(fit::clip(&shown(&site.name), usize::from(name_width))),
            Cell::from(format!(
                "{:>3}% {}",
                site.score.percent,
                site.score.band.letter()
            )),
            status,
            Cell::from(due(site)),
            Cell::from(shown(&file_name(&site.file))),
        ]),
        Row::Broken { file, .. } => TableRow::new(vec![
            Cell::from(strings::UNREADABLE).style(list.theme.dim()),
            Cell::from("  -"),
            status,
            Cell::from("-"),
            Cell::from(shown(&file_name(file))),
        ]),
    }
}

/// What the selected row needs, in a few lines.
fn details(list: &SiteList) -> Vec<Line<'static>> {
    let theme = list.theme;
    match list.selected() {
        None => vec![Line::from(strings::rule(list.fleet.rotation.months))],
        Some(Row::Broken { error, .. }) => vec![
            Line::styled(strings::CANNOT_OPEN, theme.bad()),
            Line::from(shown(error)),
        ],
        Some(Row::Site(site)) => {
            let mut lines = vec![Line::from(vec![
                Span::styled(shown(&site.name), theme.heading()),
                Span::raw(format!(
                    " · {} · {} · last visit {}",
                    shown(&site.customer),
                    site.model,
                    site.last_visit.date()
                )),
            ])];
            if !site.failed.is_empty() {
                lines.push(Line::styled(
                    format!("Failed (measured): {}", shown(&site.failed.join(", "))),
                    theme.bad(),
                ));
            }
            let overdue: Vec<&str> = site.overdue().map(|c| c.kind).collect();
            if !overdue.is_empty() {
                lines.push(Line::styled(
                    format!("Overdue credentials: {}", overdue.join(", ")),
                    theme.bad(),
                ));
            }
            lines.push(Line::from(format!(
                "{} item(s) pending or deferred; last probe: {}",
                site.pending,
                site.probe.as_ref().map_or_else(
                    || "none".to_owned(),
                    |p| format!("{} from {}, {}", p.at.date(), p.vantage, p.result())
                )
            )));
            lines
        }
    }
}

impl Widget for &SiteList {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
            Paragraph::new(vec![
                Line::styled(text::TOO_SMALL, theme.warn()),
                Line::from(format!(
                    "{} {}x{}.",
                    text::TOO_SMALL_NOW,
                    area.width,
                    area.height
                )),
            ])
            .wrap(Wrap { trim: true })
            .render(area, buf);
            return;
        }
        let [header, body, detail, notice, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(5),
            Constraint::Length(6),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" {} ", text::APP), theme.heading()),
            Span::raw(format!(
                "│ {} │ {} of {} need action ",
                self.title,
                self.fleet.action_count(),
                self.fleet.rows.len()
            )),
        ]))
        .style(theme.focus())
        .render(header, buf);

        let (name_width, file_width) = name_and_file_widths(body.width.saturating_sub(2));
        let mut rows = vec![TableRow::new(vec![Cell::from(strings::NEW_SITE)])];
        rows.extend(
            self.fleet
                .rows
                .iter()
                .map(|r| table_row(self, r, name_width)),
        );
        let table = Table::new(
            rows,
            [
                Constraint::Length(name_width),
                Constraint::Length(FIXED[0]),
                Constraint::Length(FIXED[1]),
                Constraint::Length(FIXED[2]),
                Constraint::Length(file_width),
            ],
        )
        .header(TableRow::new(strings::COLUMNS).style(theme.heading()))
        .row_highlight_style(theme.focus())
        .highlight_symbol("> ")
        .block(block(theme, self.title));
        let mut state = TableState::default().with_selected(Some(self.cursor));
        StatefulWidget::render(table, body, buf, &mut state);

        Paragraph::new(details(self))
            .wrap(Wrap { trim: false })
            .block(block(theme, ""))
            .render(detail, buf);
        if let Some(n) = &self.notice {
            Paragraph::new(Line::styled(format!(" {n}"), theme.bad())).render(notice, buf);
        }
        let mut keys = Vec::new();
        for (key, what) in strings::KEYS {
            keys.push(Span::styled(format!(" {key}"), theme.key()));
            keys.push(Span::raw(format!(" {what} ")));
        }
        Paragraph::new(Line::from(keys)).render(footer, buf);
    }
}
