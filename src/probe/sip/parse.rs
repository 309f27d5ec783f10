//! A small SIP response parser: status line, headers (case-insensitive, compact forms, folded
//! lines) and the body length, enough to frame responses on TCP and read what the probe needs.
//!
//! It never panics on hostile input; text it keeps is cleaned of control characters and cut
//! to a readable length, since it ends up in reports.

/// The longest header value or reason kept, in characters.
const MAX_TEXT: usize = 200;

/// The largest body accepted (a `Content-Length` above it is refused, never added up): the
/// answers the probe reads have no body at all, and the TCP reader keeps at most this much.
pub const MAX_BODY: usize = 64 * 1024;

/// A parsed SIP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The reason phrase (cleaned).
    pub reason: String,
    /// Headers as (lowercase long name, raw value), in order.
    headers: Vec<(String, String)>,
}

/// Why bytes are not a SIP response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The header block has not ended yet (TCP: read more).
    #[error("the response is incomplete")]
    Incomplete,
    /// The bytes are not a SIP/2.0 response.
    #[error("not a SIP response: {0}")]
    NotSip(&'static str),
}

/// The long form of a compact header name (RFC 3261 §7.3.3 and extensions).
fn long_name(name: &str) -> String {
    let lower = name.trim().to_ascii_lowercase();
    let long = match lower.as_str() {
        "i" => "call-id",
        "m" => "contact",
        "e" => "content-encoding",
        "l" => "content-length",
        "c" => "content-type",
        "f" => "from",
        "s" => "subject",
        "k" => "supported",
        "t" => "to",
        "v" => "via",
        _ => return lower,
    };
    long.to_owned()
}

/// Removes control characters and cuts to [`MAX_TEXT`] characters.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .take(MAX_TEXT)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Where the header block ends: (end of headers, start of body).
fn header_end(bytes: &[u8]) -> Option<(usize, usize)> {
    let crlf = bytes.windows(4).position(|w| w == b"\r\n\r\n");
    let lf = bytes.windows(2).position(|w| w == b"\n\n");
    match (crlf, lf) {
        (Some(c), Some(l)) if l < c => Some((l, l + 2)),
        (Some(c), _) => Some((c, c + 4)),
        (None, Some(l)) => Some((l, l + 2)),
        (None, None) => None,
    }
}

impl Response {
    /// Parses one response from the start of `bytes`; returns it and how many bytes it used
    /// (headers plus `Content-Length` body), so TCP streams can be framed.
    ///
    /// # Errors
    /// [`ParseError::Incomplete`] until the header block and body are complete;
    /// [`ParseError::NotSip`] for anything that is not a SIP/2.0 response.
    pub fn parse(bytes: &[u8]) -> Result<(Response, usize), ParseError> {
        // Tolerate keep-alive CRLFs before a message (RFC 5626 §4.4.1).
        let skip = bytes
            .iter()
            .take_while(|b| **b == b'\r' || **b == b'\n')
            .count();
        let bytes = &bytes[skip..];
        if bytes.len() >= 8 && !bytes.starts_with(b"SIP/2.0 ") {
            return Err(ParseError::NotSip("no SIP/2.0 status line"));
        }
        let (end, body_start) = header_end(bytes).ok_or(ParseError::Incomplete)?;
        let head = String::from_utf8_lossy(&bytes[..end]);
        let mut lines = head.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
        let status_line = lines.next().unwrap_or_default();
        let mut parts = status_line.splitn(3, ' ');
        if parts.next() != Some("SIP/2.0") {
            return Err(ParseError::NotSip("no SIP/2.0 status line"));
        }
        let code = parts.next().unwrap_or_default();
        let status: u16 = code
            .parse()
            .ok()
            .filter(|c| (100..=699).contains(c) && code.len() == 3)
            .ok_or(ParseError::NotSip("the status code is not 100 to 699"))?;
        let reason = clean(parts.next().unwrap_or_default());
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in lines {
            if line.starts_with([' ', '\t']) {
                // A folded line continues the previous header.
                if let Some((_, value)) = headers.last_mut() {
                    value.push(' ');
                    value.push_str(line.trim());
                }
                continue;
            }
            let Some((name, value)) = line.split_once(':') else {
                return Err(ParseError::NotSip("a header line without a colon"));
            };
            headers.push((long_name(name), value.trim().to_owned()));
        }
        let response = Response {
            status,
            reason,
            headers,
        };
        let body = match response.header("content-length") {
            Some(text) => text
                .trim()
                .parse::<u64>()
                .map_err(|_| ParseError::NotSip("Content-Length is not a number"))?,
            None => 0,
        };
        // Checked, never wrapped: a hostile length near u64::MAX once made the sum 0.
        let body = usize::try_from(body)
            .ok()
            .filter(|&b| b <= MAX_BODY)
            .ok_or(ParseError::NotSip("Content-Length above 64 KiB"))?;
        let message = body_start
            .checked_add(body)
            .ok_or(ParseError::NotSip("Content-Length above 64 KiB"))?;
        if bytes.len() < message {
            return Err(ParseError::Incomplete);
        }
        let total = skip
            .checked_add(message)
            .ok_or(ParseError::NotSip("the message is too long"))?;
        Ok((response, total))
    }

    /// The first value of a header, by long or compact name, ignoring case.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = long_name(name);
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A header's value cleaned for display (control characters removed, cut short).
    pub fn header_text(&self, name: &str) -> Option<String> {
        self.header(name).map(clean).filter(|v| !v.is_empty())
    }

    /// The CSeq sequence number and method (`1 REGISTER`), if the header is well formed.
    pub fn cseq(&self) -> Option<(u32, &str)> {
        let mut parts = self.header("cseq")?.split_whitespace();
        let number = parts.next()?.parse().ok()?;
        let method = parts.next()?;
        parts.next().is_none().then_some((number, method))
    }

    /// Whether this is a provisional (1xx) response.
    pub fn is_provisional(&self) -> bool {
        self.status < 200
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KAMAILIO_401: &str = "SIP/2.0 401 Unauthorized\r\n\
        Via: SIP/2.0/UDP 127.0.0.1:55972;branch=z9hG4bKabc\r\n\
        From: <sip:999@127.0.0.1>;tag=1\r\n\
        To: <sip:999@127.0.0.1>;tag=54.f4\r\n\
        Call-ID: x1\r\n\
        CSeq: 1 REGISTER\r\n\
        WWW-Authenticate: Digest realm=\"probe.test\", nonce=\"awJJ\"\r\n\
        Server: kamailio (5.6.3 (x86_64/linux))\r\n\
        Content-Length: 0\r\n\r\n";

    #[test]
    fn parses_a_real_challenge() {
        let (r, used) = Response::parse(KAMAILIO_401.as_bytes()).unwrap();
        assert_eq!((r.status, r.reason.as_str()), (401, "Unauthorized"));
        assert_eq!(used, KAMAILIO_401.len());
        assert_eq!(r.header("SERVER"), Some("kamailio (5.6.3 (x86_64/linux))"));
        assert_eq!(r.header("i"), Some("x1"));
        assert_eq!(r.cseq().map(|(_, method)| method), Some("REGISTER"));
    }

    #[test]
    fn compact_forms_folding_bare_newlines_and_bodies() {
        let text =
            "SIP/2.0 200 OK\ni: abc\nv: SIP/2.0/UDP x\nUser-Agent: NEC\n  SL2100\nl: 4\n\nbodyNEXT";
        let (r, used) = Response::parse(text.as_bytes()).unwrap();
        assert_eq!(r.header("call-id"), Some("abc"));
        assert_eq!(r.header("Via"), Some("SIP/2.0/UDP x"));
        assert_eq!(r.header("user-agent"), Some("NEC SL2100"));
        assert_eq!(&text[used..], "NEXT");
    }

    #[test]
    fn incomplete_and_foreign_input() {
        assert_eq!(
            Response::parse(b"SIP/2.0 200 OK\r\nCSeq: 1 OPT"),
            Err(ParseError::Incomplete)
        );
        assert_eq!(
            Response::parse(b"SIP/2.0 200 OK\r\nl: 10\r\n\r\nshort"),
            Err(ParseError::Incomplete)
        );
        assert!(matches!(
            Response::parse(b"HTTP/1.1 400 Bad Request\r\n\r\n"),
            Err(ParseError::NotSip(_))
        ));
        assert!(matches!(
            Response::parse(b"SIP/2.0 2000 OK\r\n\r\n"),
            Err(ParseError::NotSip(_))
        ));
        assert!(matches!(
            Response::parse(b"SIP/2.0 200 OK\r\nnocolon\r\n\r\n"),
            Err(ParseError::NotSip(_))
        ));
    }

    #[test]
    fn hostile_text_is_cleaned() {
        let text = format!(
            "SIP/2.0 200 O\x1bK\r\nServer: a\x07b{}\r\n\r\n",
            "x".repeat(500)
        );
        let (r, _) = Response::parse(text.as_bytes()).unwrap();
        assert_eq!(r.reason, "OK");
        let server = r.header_text("server").unwrap();
        assert!(server.starts_with("abx") && server.chars().count() == MAX_TEXT);
    }

    #[test]
    fn a_content_length_near_u64_max_is_refused_not_wrapped() {
        let text =
            "SIP/2.0 200 OK\r\nCSeq: 1 REGISTER\r\nContent-Length: 18446744073709551531\r\n\r\n";
        assert_eq!(
            Response::parse(text.as_bytes()),
            Err(ParseError::NotSip("Content-Length above 64 KiB"))
        );
        let over = format!("SIP/2.0 200 OK\r\nl: {}\r\n\r\n", MAX_BODY + 1);
        assert!(matches!(
            Response::parse(over.as_bytes()),
            Err(ParseError::NotSip(_))
        ));
        let at_cap = format!("SIP/2.0 200 OK\r\nl: {MAX_BODY}\r\n\r\n");
        assert_eq!(
            Response::parse(at_cap.as_bytes()),
            Err(ParseError::Incomplete)
        );
    }

    #[test]
    fn cseq_number_and_method() {
        let (r, _) = Response::parse(KAMAILIO_401.as_bytes()).unwrap();
        assert_eq!(r.cseq(), Some((1, "REGISTER")));
        let (r, _) = Response::parse(b"SIP/2.0 200 OK\r\nCSeq: x REGISTER\r\n\r\n").unwrap();
        assert_eq!(r.cseq(), None);
    }

    proptest::proptest! {
        /// Whatever the bytes, a parse that succeeds used at least one byte and no more than
        /// it was given (so a framing loop always moves forward).
        #[test]
        fn a_parse_uses_what_it_was_given(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            if let Ok((_, used)) = Response::parse(&bytes) {
                proptest::prop_assert!(used > 0 && used <= bytes.len());
            }
        }

        #[test]
        fn hostile_content_lengths_never_wrap(length in proptest::num::u64::ANY, pad in 0usize..64) {
            let text = format!("{}SIP/2.0 200 OK\r\nContent-Length: {length}\r\n\r\n{}", "\r\n".repeat(pad % 4), "x".repeat(pad));
            if let Ok((_, used)) = Response::parse(text.as_bytes()) {
                proptest::prop_assert!(used > 0 && used <= text.len());
            }
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let _ = Response::parse(&bytes);
        }

        #[test]
        fn never_panics_after_a_status_line(tail in ".{0,300}") {
            let text = format!("SIP/2.0 200 OK\r\n{tail}");
            let _ = Response::parse(text.as_bytes());
        }
    }
}
