//! Whether a site's handover file is there to be opened, told without any key: present (an age
//! file), missing, unreadable, or foreign (not an age file). The wizard's first screen of a
//! sealed site says which, and offers to continue without it.

use std::path::Path;

use super::error::HandoverError;
use super::header::{HeaderSummary, inspect};
use super::open::read_file;

/// What is at a handover file's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presence {
    /// An age file (armored or binary): it may open with the right key.
    Present(HeaderSummary),
    /// Nothing is there.
    Missing,
    /// Something is there but cannot be read (permissions, a folder, too large); why.
    Unreadable(String),
    /// A readable file that is not an age file; why.
    Foreign(String),
}

impl Presence {
    /// Whether the file can be offered for unlocking.
    pub fn is_present(&self) -> bool {
        matches!(self, Presence::Present(_))
    }
}

/// Looks at `path` without decrypting anything.
pub fn presence(path: &Path) -> Presence {
    if std::fs::symlink_metadata(path).is_err() {
        return Presence::Missing;
    }
    let bytes = match read_file(path) {
        Ok(b) => b,
        Err(HandoverError::Unreadable { source, .. }) => {
            return Presence::Unreadable(source.to_string());
        }
        Err(e) => return Presence::Unreadable(e.to_string()),
    };
    match inspect(&bytes, path) {
        Ok(summary) => Presence::Present(summary),
        Err(e) => Presence::Foreign(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_foreign_unreadable_and_present_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.age");
        assert_eq!(presence(&path), Presence::Missing);
        std::fs::write(&path, "format = 1\n[site]\nname = \"x\"\n").unwrap();
        assert!(matches!(presence(&path), Presence::Foreign(_)));
        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
        assert!(matches!(presence(&path), Presence::Unreadable(_)));
        let sealed = crate::handover::seal(
            b"x",
            &crate::handover::Protection::Recipients(vec![
                crate::handover::parse_recipient(
                    &age::x25519::Identity::generate().to_public().to_string(),
                )
                .unwrap(),
            ]),
            crate::handover::Armor::Ascii,
        )
        .unwrap();
        let file = dir.path().join("ok.age");
        std::fs::write(&file, sealed).unwrap();
        assert!(presence(&file).is_present());
    }
}
