//! Reads the recipient stanza types from an age header (`-> X25519 ...`, `-> scrypt ...`),
//! without a key: the age crate offers no API for it, and the header is plain text.

use std::io::Read;
use std::path::Path;

use super::error::HandoverError;

/// The first line of every age v1 file.
const INTRO: &[u8] = b"age-encryption.org/";
const INTRO_V1: &[u8] = b"age-encryption.org/v1\n";
const ARMOR_BEGIN: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";

/// The largest handover file this program reads (a handover is a few kilobytes; one for
/// 1,000 extensions a few hundred).
pub const MAX_FILE_BYTES: u64 = crate::input_file::InputKind::Handover.cap() as u64;

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
    let mut types = Vec::new();
    let mut rest = &bin[INTRO_V1.len()..];
    loop {
        let Some(nl) = rest.iter().position(|&b| b == b'\n') else {
            return Err(HandoverError::Truncated {
                path: path.to_path_buf(),
                detail: "the header has no end line",
            });
        };
        let line = &rest[..nl];
        rest = &rest[nl + 1..];
        if line.starts_with(b"---") {
            return Ok(types);
        }
        if let Some(stanza) = line.strip_prefix(b"-> ") {
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
