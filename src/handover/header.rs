//! Reads the recipient stanza types from an age header (`-> X25519 ...`, `-> scrypt ...`),
//! without a key: the age crate offers no API for it, and the header is plain text.

use std::io::Read;
use std::path::Path;

use super::error::HandoverError;

/// The first line of every age v1 file.
const INTRO: &[u8] = b"age-encryption.org/";
const INTRO_V1: &[u8] = b"age-encryption.org/v1\n";
const ARMOR_BEGIN: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";

/// The most recipient stanzas (grease included) a header may hold. A handover is sealed to
/// a handful of keys; age's own header reader re-parses the header for each new line, so
/// 10,000 stanzas (a 1 MB file) kept it busy for 37 s.
pub const MAX_STANZAS: usize = 128;

/// The longest header line: stanza bodies are wrapped at 64 columns, and the longest argument
/// line (an `ssh-rsa` tag, a grease stanza) is well under this.
pub const MAX_HEADER_LINE: usize = 1024;

/// The largest header: 128 stanzas of a 4096-bit `ssh-rsa` recipient are about 90 KiB; this
/// bounds age's quadratic header parse to a fraction of a second.
pub const MAX_HEADER_BYTES: usize = 128 * 1024;

/// What the header of a handover file says, learnt without any key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderSummary {
    /// Whether the file is ASCII-armored.
    pub armored: bool,
    /// The stanza type of each recipient, in header order (`X25519`, `ssh-ed25519`, `ssh-rsa`,
    /// `scrypt`, or whatever else the file names).
    pub stanza_types: Vec<String>,
}

impl HeaderSummary {
    /// Whether the file is sealed to a passphrase.
    pub fn is_passphrase(&self) -> bool {
        self.stanza_types.iter().any(|t| t == "scrypt")
    }

    /// The distinct stanza types, comma-separated, for messages ("X25519, ssh-ed25519").
    pub fn types_text(&self) -> String {
        let mut seen: Vec<&str> = Vec::new();
        for t in &self.stanza_types {
            if !seen.contains(&t.as_str()) {
                seen.push(t);
            }
        }
        if seen.is_empty() {
            "no recipient".into()
        } else {
            seen.join(", ")
        }
    }
}

/// Whether `bytes` start (after leading whitespace) with the age armor marker.
pub(crate) fn is_armored(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes[start..].starts_with(ARMOR_BEGIN)
}

/// The binary age file inside `bytes` (de-armored when armored).
///
/// # Errors
/// [`HandoverError::NotAgeFile`] when the file is neither armored nor starts with the age
/// intro line; [`HandoverError::Truncated`] when the armor is broken.
pub(crate) fn dearmor(bytes: &[u8], path: &Path) -> Result<Vec<u8>, HandoverError> {
    if is_armored(bytes) {
        let mut out = Vec::with_capacity(bytes.len());
        age::armor::ArmoredReader::new(bytes)
            .read_to_end(&mut out)
            .map_err(|_| HandoverError::Truncated {
                path: path.to_path_buf(),
                detail: "the ASCII armor is broken or has no end line",
            })?;
        check_intro(&out, path)?;
        Ok(out)
    } else {
        check_intro(bytes, path)?;
        Ok(bytes.to_vec())
    }
}

fn check_intro(bin: &[u8], path: &Path) -> Result<(), HandoverError> {
    if bin.starts_with(INTRO) {
        Ok(())
    } else {
        Err(HandoverError::NotAgeFile {
            path: path.to_path_buf(),
        })
    }
}

/// Reads the recipient stanza types of an age file (armored or binary).
///
/// # Errors
/// [`HandoverError::NotAgeFile`], [`HandoverError::UnknownAgeFormat`] for a version other than
/// v1, [`HandoverError::Truncated`] when the header has no end line.
pub fn inspect(bytes: &[u8], path: &Path) -> Result<HeaderSummary, HandoverError> {
    inspect_and_dearmor(bytes, path).map(|(summary, _)| summary)
}

/// [`inspect`], also returning the binary age file (de-armored when armored).
pub(crate) fn inspect_and_dearmor(
    bytes: &[u8],
    path: &Path,
) -> Result<(HeaderSummary, Vec<u8>), HandoverError> {
    let armored = is_armored(bytes);
    let bin = dearmor(bytes, path)?;
    let stanza_types = stanza_types(&bin, path)?;
    let summary = HeaderSummary {
        armored,
        stanza_types,
    };
    Ok((summary, bin))
}

fn stanza_types(bin: &[u8], path: &Path) -> Result<Vec<String>, HandoverError> {
    if !bin.starts_with(INTRO_V1) {
        return Err(HandoverError::UnknownAgeFormat {
            path: path.to_path_buf(),
        });
    }
    let refused = |what| HandoverError::HostileHeader {
        path: path.to_path_buf(),
        what,
    };
    let mut types = Vec::new();
    let mut stanzas = 0usize;
    let mut rest = &bin[INTRO_V1.len()..];
    loop {
        let search = &rest[..rest.len().min(MAX_HEADER_LINE + 1)];
        let Some(nl) = search.iter().position(|&b| b == b'\n') else {
            if search.len() > MAX_HEADER_LINE {
                return Err(refused("a header line is longer than 1024 bytes"));
            }
            return Err(HandoverError::Truncated {
                path: path.to_path_buf(),
                detail: "the header has no end line",
            });
        };
        let line = &rest[..nl];
        rest = &rest[nl + 1..];
        if bin.len() - rest.len() > MAX_HEADER_BYTES {
            return Err(refused("the header is larger than 128 KiB"));
        }
        if line.starts_with(b"---") {
            return Ok(types);
        }
        if let Some(stanza) = line.strip_prefix(b"-> ") {
            stanzas += 1;
            if stanzas > MAX_STANZAS {
                return Err(refused("more than 128 recipient stanzas"));
            }
            let tag = stanza.split(|&b| b == b' ').next().unwrap_or_default();
            // age (Rust and Go) adds random `*-grease` stanzas so that parsers stay tolerant
            // of unknown types; they are not recipients.
            if !tag.ends_with(b"-grease") {
                types.push(String::from_utf8_lossy(tag).into_owned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stanza_types_from_a_binary_header() {
        let file = b"age-encryption.org/v1\n-> X25519 abc\nbody\n-> 7#-grease x\n\n-> ssh-ed25519 tag key\nbody2\n--- mac\n\x00\x01";
        let h = inspect(file, Path::new("f.age")).unwrap();
        assert_eq!(h.stanza_types, ["X25519", "ssh-ed25519"]);
        assert!(!h.armored);
        assert_eq!(h.types_text(), "X25519, ssh-ed25519");
    }

    fn header_with(stanzas: usize) -> Vec<u8> {
        let mut file = b"age-encryption.org/v1\n".to_vec();
        for _ in 0..stanzas {
            file.extend_from_slice(b"-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\n");
            file.extend_from_slice(b"EmECAEcKN+n/Vs9SbWiV+Hu0r+E8R77DdWYyd83nw7U\n");
        }
        file.extend_from_slice(b"--- Vn+54jqiiUCE+WZcEVY3f1sqHjlu/z1LCQ/T7Xm7qI0\n");
        file
    }

    #[test]
    fn ten_thousand_stanzas_are_refused_before_age_parses_them() {
        let p = Path::new("f.age");
        assert_eq!(
            inspect(&header_with(MAX_STANZAS), p)
                .unwrap()
                .stanza_types
                .len(),
            MAX_STANZAS
        );
        let err = inspect(&header_with(10_000), p).unwrap_err();
        assert!(
            matches!(err, HandoverError::HostileHeader { what, .. } if what.contains("128 recipient stanzas")),
            "{err}"
        );
        // Armored too: the limit applies to what is inside the armor.
        let armored = crate::handover::seal::armor_for_tests(&header_with(10_000));
        let err = inspect(&armored, p).unwrap_err();
        assert!(matches!(err, HandoverError::HostileHeader { .. }), "{err}");
    }

    #[test]
    fn long_lines_and_huge_headers_are_refused() {
        let p = Path::new("f.age");
        let mut long = b"age-encryption.org/v1\n-> X25519 ".to_vec();
        long.extend(std::iter::repeat_n(b'A', 2000));
        long.extend_from_slice(b"\n--- x\n");
        let err = inspect(&long, p).unwrap_err();
        assert!(matches!(err, HandoverError::HostileHeader { .. }), "{err}");
        // Many body lines under one stanza: few stanzas, but a header of 200 KiB.
        let mut big = b"age-encryption.org/v1\n-> X25519 abc\n".to_vec();
        for _ in 0..4000 {
            big.extend_from_slice(&[b'A'; 64]);
            big.push(b'\n');
        }
        big.extend_from_slice(b"--- x\n");
        let err = inspect(&big, p).unwrap_err();
        assert!(
            matches!(err, HandoverError::HostileHeader { what, .. } if what.contains("128 KiB")),
            "{err}"
        );
    }

    #[test]
    fn refuses_foreign_and_truncated_headers() {
        let p = Path::new("f.age");
        assert!(matches!(
            inspect(b"hello world\n", p),
            Err(HandoverError::NotAgeFile { .. })
        ));
        assert!(matches!(
            inspect(b"age-encryption.org/v1\n-> X25519 abc\n", p),
            Err(HandoverError::Truncated { .. })
        ));
        assert!(matches!(
            inspect(b"age-encryption.org/v2\n--- x\n", p),
            Err(HandoverError::UnknownAgeFormat { .. })
        ));
    }
}
