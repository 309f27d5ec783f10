//! Fitting text into a width without cutting a word: wrapping at spaces, and clipping at the
//! last whole word with an ellipsis (a single word wider than the space is the only thing cut).

use ratatui::text::Line;

/// The display width of `text`.
pub(crate) fn width(text: &str) -> usize {
    Line::raw(text).width()
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
    let mut out = String::new();
    for word in text.split(' ') {
        let next = if out.is_empty() {
            word.to_owned()
        } else {
            format!("{out} {word}")
        };
        if self::width(&next) > room {
            break;
        }
        out = next;
    }
    if out.is_empty() {
        // One word wider than the space: nothing else can be done.
        out = text.chars().take(room).collect();
    }
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
}
