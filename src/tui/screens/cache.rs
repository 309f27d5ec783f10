//! What the walk screen drew on earlier frames, kept so a key that changes little redraws
//! little: the sidebar's width, the sidebar as drawn, and the item text as drawn (its word
//! wrapping and "more below" mark included) for the last few items visited.
//!
//! Every entry holds, as its key, all that its drawing reads (the titles, each row's mark, the
//! cursor, the area, the text and its styles, the scroll), compared exactly on each frame: a
//! change of status, width or content is a different key and is drawn afresh on that frame,
//! so nothing stale can show. Keys are compared, never hashed, and nothing secret is drawn in
//! these parts of the screen (the credentials table is never cached).

use std::cell::RefCell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::super::session::Session;
use super::super::theme::Theme;
use super::walk::{mark, mark_style};

/// How many items' drawn text is kept (moving back and forth between neighbours hits).
const ITEMS: usize = 8;

/// The drawing cache: one per wizard, held by [`crate::tui::App`] and filled while drawing.
#[derive(Debug, Default)]
pub(crate) struct RenderCache(RefCell<Entries>);

#[derive(Debug, Default)]
struct Entries {
    /// Parts drawn from the cache and parts drawn afresh, for the tests.
    #[cfg(test)]
    counts: Counts,
    sidebar_width: Option<(WidthKey, u16)>,
    sidebar: Option<Drawn<SidebarKey>>,
    /// Most recently drawn first.
    items: Vec<Drawn<ItemKey>>,
}

/// How often the drawn parts were copied and how often drawn afresh.
#[cfg(test)]
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Parts copied from an earlier frame.
    pub(crate) copied: usize,
    /// Parts drawn afresh.
    pub(crate) drawn: usize,
}

/// A part of the screen as drawn, with what it was drawn from.
#[derive(Debug)]
struct Drawn<K> {
    key: K,
    cells: Buffer,
}

/// What the sidebar's width depends on: the screen's width and every title.
#[derive(Debug, PartialEq, Eq)]
struct WidthKey {
    screen: u16,
    titles: Titles,
}

/// What the sidebar's drawing depends on.
#[derive(Debug, PartialEq, Eq)]
struct SidebarKey {
    area: Rect,
    theme: Theme,
    cursor: usize,
    titles: Titles,
    /// Per row: its section, whether it applies, its mark and the mark's style.
    rows: Vec<RowMark>,
}

/// The checklist's section titles, then its item titles, in order, and where the items start
/// (the same strings split differently are another checklist).
#[derive(Debug, PartialEq, Eq)]
struct Titles {
    sections: usize,
    all: Vec<String>,
}

impl Titles {
    fn of(s: &Session) -> Self {
        Self {
            sections: s.checklist.sections.len(),
            all: titles(s).map(str::to_owned).collect(),
        }
    }

    fn matches(&self, s: &Session) -> bool {
        self.sections == s.checklist.sections.len()
            && self.all.iter().map(String::as_str).eq(titles(s))
    }
}

fn titles(s: &Session) -> impl Iterator<Item = &str> {
    let sections = s.checklist.sections.iter().map(|x| x.title.as_str());
    sections.chain(s.checklist.items().map(|i| i.title.as_str()))
}

/// Each row's section, whether it applies, its mark and the mark's style.
fn rows(s: &Session, theme: Theme) -> impl Iterator<Item = RowMark> + '_ {
    s.rows()
        .iter()
        .map(move |r| (r.section, r.applies, mark(r), mark_style(theme, r)))
}

type RowMark = (usize, bool, &'static str, Style);

/// What an item's text pane depends on: its lines (text and styles), the section title on
/// its frame, the area, the theme (the frame's and the marks' styles) and the scroll.
#[derive(Debug, PartialEq)]
struct ItemKey {
    area: Rect,
    theme: Theme,
    scroll: u16,
    title: String,
    lines: Vec<Line<'static>>,
}

impl RenderCache {
    /// The counts so far (the tests see through them that the cache is used).
    #[cfg(test)]
    pub(crate) fn counts(&self) -> Counts {
        self.0.borrow().counts
    }

    /// The sidebar's width on a screen `screen` columns wide, measured with `measure` only
    /// when the titles or the screen changed.
    pub(crate) fn sidebar_width(
        &self,
        s: &Session,
        screen: u16,
        measure: impl FnOnce() -> u16,
    ) -> u16 {
        let mut e = self.0.borrow_mut();
        if let Some((key, width)) = &e.sidebar_width
            && key.screen == screen
            && key.titles.matches(s)
        {
            return *width;
        }
        let width = measure();
        e.sidebar_width = Some((
            WidthKey {
                screen,
                titles: Titles::of(s),
            },
            width,
        ));
        width
    }

    /// Draws the sidebar into `area` of `buf`: copied from the last frame when nothing it
    /// shows changed, otherwise drawn by `draw` (and kept).
    pub(crate) fn sidebar(
        &self,
        s: &Session,
        (cursor, theme): (usize, Theme),
        area: Rect,
        buf: &mut Buffer,
        draw: impl FnOnce(Rect, &mut Buffer),
    ) {
        let mut e = self.0.borrow_mut();
        let same = |d: &Drawn<SidebarKey>| {
            d.key.area == area
                && d.key.theme == theme
                && d.key.cursor == cursor
                && d.key.rows.iter().copied().eq(rows(s, theme))
                && d.key.titles.matches(s)
        };
        if let Some(d) = e.sidebar.as_ref().filter(|d| same(d)) {
            copy(&d.cells, buf);
            #[cfg(test)]
            {
                e.counts.copied += 1;
            }
            return;
        }
        #[cfg(test)]
        {
            e.counts.drawn += 1;
        }
        let cells = drawn(area, draw);
        copy(&cells, buf);
        let key = SidebarKey {
            area,
            theme,
            cursor,
            titles: Titles::of(s),
            rows: rows(s, theme).collect(),
        };
        e.sidebar = Some(Drawn { key, cells });
    }

    /// Draws an item's text pane into `area` of `buf`: copied when this text was drawn with
    /// the same title, area and scroll on a recent frame, otherwise drawn by `draw` from
    /// `lines` (and kept, pushing out the least recently drawn item).
    pub(crate) fn item(
        &self,
        (title, lines, scroll): (&str, Vec<Line<'static>>, u16),
        theme: Theme,
        area: Rect,
        buf: &mut Buffer,
        draw: impl FnOnce(Vec<Line<'static>>, Rect, &mut Buffer),
    ) {
        let mut e = self.0.borrow_mut();
        let hit = e.items.iter().position(|d| {
            d.key.area == area
                && d.key.theme == theme
                && d.key.scroll == scroll
                && d.key.title == title
                && d.key.lines == lines
        });
        if let Some(i) = hit {
            let d = e.items.remove(i);
            copy(&d.cells, buf);
            e.items.insert(0, d);
            #[cfg(test)]
            {
                e.counts.copied += 1;
            }
            return;
        }
        #[cfg(test)]
        {
            e.counts.drawn += 1;
        }
        let key_lines = lines.clone();
        let cells = drawn(area, |area, b| draw(lines, area, b));
        copy(&cells, buf);
        e.items.truncate(ITEMS - 1);
        let key = ItemKey {
            area,
            theme,
            scroll,
            title: title.to_owned(),
            lines: key_lines,
        };
        e.items.insert(0, Drawn { key, cells });
    }
}

/// `draw` run on a blank buffer of `area`: the frame's buffer is blank there too when the walk
/// draws (nothing else is drawn under the sidebar or the item text), so the cells are the same
/// as drawing in place.
fn drawn(area: Rect, draw: impl FnOnce(Rect, &mut Buffer)) -> Buffer {
    let mut cells = Buffer::empty(area);
    draw(area, &mut cells);
    cells
}

/// Puts `cells` where they were drawn, row by row.
fn copy(cells: &Buffer, buf: &mut Buffer) {
    let area = cells.area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        let from = cells.index_of(area.x, y);
        let to = buf.index_of(area.x, y);
        let width = usize::from(area.width);
        buf.content[to..to + width].clone_from_slice(&cells.content[from..from + width]);
    }
}
