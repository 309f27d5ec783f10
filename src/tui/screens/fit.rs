//! Fitting text into a width without cutting a word: wrapping at spaces, and clipping at the
//! last whole word with an ellipsis (a single word wider than the space is the only thing cut).
//!
//! Both are called for every sidebar title on a frame that redraws the sidebar, so neither
//! allocates to measure: widths are taken of slices of the text itself.

use unicode_width::UnicodeWidthStr;

/// The display width of `text`, as ratatui measures a `Line` made of it (line breaks take no
/// room).
pub(crate) fn width(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).sum()
}

/// `text` wrapped at spaces into lines of at most `width` columns.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    textwrap::wrap(text, width.max(1))
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

/// `text` if it fits `width`; otherwise its whole words that fit, then `…`.
pub(crate) fn clip(text: &str, width: usize) -> String {
    if self::width(text) <= width {
        return text.to_owned();
    }
    let room = width.saturating_sub(1);
    // The words kept so far are a slice of the text itself (joined by their own single
    // spaces), from the first word that is not empty: measure slices, build nothing.
    let mut kept: Option<(usize, usize)> = None;
    let mut at = 0;
    for word in text.split(' ') {
        let (start, end) = (at, at + word.len());
        at = end + 1;
        let next = kept.map_or((start, end), |(from, _)| (from, end));
        if self::width(&text[next.0..next.1]) > room {
            break;
        }
        kept = (next.0 < next.1).then_some(next);
    }
    let out = match kept {
        Some((from, to)) => text[from..to].to_owned(),
        // One word wider than the space: nothing else can be done.
        None => text.chars().take(room).collect(),
    };
    let out = out.trim_end_matches([',', ';', ':', '(', '/', '-', ' ']);
    format!("{out}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_keeps_whole_words() {
        assert_eq!(
            clip("Turn UPnP off on the site router", 40),
            "Turn UPnP off on the site router"
        );
        assert_eq!(
            clip("Turn UPnP off on the site router", 20),
            "Turn UPnP off on…"
        );
        assert_eq!(
            clip("Remote maintenance (WebPro / PCPro)", 30),
            "Remote maintenance (WebPro…"
        );
        assert_eq!(clip("Supercalifragilistic", 8), "Superca…");
    }

    #[test]
    fn wrapping_breaks_at_spaces() {
        assert_eq!(
            wrap("Give each NEC SIP phone its own logon ID and password", 20),
            [
                "Give each NEC SIP",
                "phone its own logon",
                "ID and password"
            ]
        );
    }

    /// The measuring and clipping as first written (a `Line` per measure, a string per
    /// candidate): what the allocation-free versions must match.
    fn line_width(text: &str) -> usize {
        ratatui::text::Line::raw(text).width()
    }

    fn clip_by_building(text: &str, width: usize) -> String {
        if line_width(text) <= width {
            return text.to_owned();
        }
        let room = width.saturating_sub(1);
        let mut out = String::new();
        for word in text.split(' ') {
            let next = if out.is_empty() {
                word.to_owned()
            } else {
                format!("{out} {word}")
            };
            if line_width(&next) > room {
                break;
            }
            out = next;
        }
        if out.is_empty() {
            out = text.chars().take(room).collect();
        }
        let out = out.trim_end_matches([',', ';', ':', '(', '/', '-', ' ']);
        format!("{out}…")
    }

    proptest::proptest! {
        #[test]
        fn measuring_and_clipping_match_building_each_candidate(
            text in "[a-z ,(/\\-é中\n]{0,40}",
            width in 0usize..30,
        ) {
            proptest::prop_assert_eq!(super::width(&text), line_width(&text));
            proptest::prop_assert_eq!(clip(&text, width), clip_by_building(&text, width));
        }
    }
}
