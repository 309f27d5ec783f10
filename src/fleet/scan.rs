//! Finding the TOML files of a fleet folder and reading each one safely.
//!
//! Site files are the dealer's, copied from laptops and shares: untrusted. Only regular files
//! are opened (a FIFO would block the open, `/dev/zero` would never end), the open itself does
//! not wait (`O_NONBLOCK` on unix, in case the file was swapped for a FIFO after the check), and
//! a read stops at [`MAX_SITE_FILE_BYTES`], so memory is bounded by that cap, not by the folder.

use std::path::{Path, PathBuf};

/// The largest site file read (a 1,000-extension site is about 200 KiB).
pub const MAX_SITE_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The note for a FIFO, a device or a socket: such files are never read.
pub const NOT_REGULAR: &str = "not a regular file";

/// How deep `--recursive` goes below each folder.
pub const MAX_DEPTH: usize = 16;

/// What the folder walk found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A regular `.toml` file to read.
    File(PathBuf),
    /// A `.toml` entry that is not read, and why.
    Skipped(Skip),
}

/// A file left out of the fleet, with the note that says why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skip {
    /// The file as found.
    pub file: String,
    /// Why it was left out ("not a site file", "not a regular file").
    pub reason: String,
}

impl Skip {
    /// A skip of `path` for `reason`.
    pub fn new(path: &Path, reason: impl Into<String>) -> Skip {
        Skip {
            file: path.display().to_string(),
            reason: reason.into(),
        }
    }
}

/// Why a fleet folder could not be walked at all.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The folder named on the command line cannot be read.
    #[error("{dir}: cannot read the folder: {source}")]
    Folder {
        /// The folder.
        dir: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The name given is not a folder.
    #[error("{0}: not a folder")]
    NotAFolder(String),
}

fn is_toml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// The `.toml` entries of `dir` (and below it with `recursive`), sorted by name within each
/// folder. Symbolic links to folders are not followed (no loops); links to files are.
///
/// # Errors
/// [`ScanError`] when `dir` itself is not a readable folder.
pub fn walk(dir: &Path, recursive: bool) -> Result<Vec<Found>, ScanError> {
    let meta = std::fs::metadata(dir).map_err(|source| ScanError::Folder {
        dir: dir.display().to_string(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(ScanError::NotAFolder(dir.display().to_string()));
    }
    // Read the folder itself now, so an unreadable one is an error rather than an empty fleet.
    std::fs::read_dir(dir).map_err(|source| ScanError::Folder {
        dir: dir.display().to_string(),
        source,
    })?;
    let depth = if recursive { MAX_DEPTH } else { 1 };
    let mut found = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(depth)
        .follow_links(false)
        .sort_by_file_name();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                if entry.file_type().is_dir() || !is_toml(path) {
                    continue;
                }
                // Follow a link to see what it points at; only regular files are read.
                match std::fs::metadata(path) {
                    Ok(meta) if meta.is_file() => found.push(Found::File(path.to_path_buf())),
                    Ok(_) => found.push(Found::Skipped(Skip::new(path, NOT_REGULAR))),
                    Err(e) => {
                        found.push(Found::Skipped(Skip::new(path, format!("cannot read: {e}"))));
                    }
                }
            }
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                let why = e
                    .io_error()
                    .map_or_else(|| e.to_string(), ToString::to_string);
                found.push(Found::Skipped(Skip::new(
                    &path,
                    format!("cannot read: {why}"),
                )));
            }
        }
    }
    Ok(found)
}

/// The text of a regular file of at most [`MAX_SITE_FILE_BYTES`], read through the tool's one
/// capped reader ([`crate::input_file`]); the error is the problem in a few words ("larger
/// than 8 MiB", "not UTF-8 text", "not a regular file"), for a line that names the file.
pub fn read_capped(path: &Path) -> Result<String, String> {
    use crate::input_file::{self, InputKind};
    match input_file::read_text(path, InputKind::SiteFile, &mut std::io::empty()) {
        // A site file holds no secret: the wiped copy is not needed past this point.
        Ok(text) => Ok(text.to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => Err(NOT_REGULAR.to_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => Err(e.to_string()),
        Err(e) => Err(format!("cannot read: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;

    #[test]
    fn walks_toml_files_only_sorted_and_recurses_on_request() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.toml"), "x").unwrap();
        std::fs::write(dir.path().join("a.TOML"), "x").unwrap();
        std::fs::write(dir.path().join("report.html"), "x").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/c.toml"), "x").unwrap();
        let names = |found: Vec<Found>| -> Vec<String> {
            found
                .into_iter()
                .map(|f| match f {
                    Found::File(p) => p.strip_prefix(dir.path()).unwrap().display().to_string(),
                    Found::Skipped(s) => panic!("skipped {s:?}"),
                })
                .collect()
        };
        assert_eq!(
            names(walk(dir.path(), false).unwrap()),
            ["a.TOML", "b.toml"]
        );
        assert_eq!(
            names(walk(dir.path(), true).unwrap()),
            ["a.TOML", "b.toml", "sub/c.toml"]
        );
    }

    #[test]
    fn a_file_is_not_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.toml");
        std::fs::write(&file, "x").unwrap();
        assert!(matches!(walk(&file, false), Err(ScanError::NotAFolder(_))));
        assert!(matches!(
            walk(&dir.path().join("missing"), false),
            Err(ScanError::Folder { .. })
        ));
    }

    #[test]
    fn reads_are_capped_and_need_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.toml");
        let file = File::create(&big).unwrap();
        file.set_len(MAX_SITE_FILE_BYTES + 1).unwrap();
        assert!(
            read_capped(&big)
                .unwrap_err()
                .starts_with("larger than 8 MiB")
        );
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, b"name = \"\xff\"").unwrap();
        assert!(read_capped(&bad).unwrap_err().starts_with("not UTF-8"));
        let ok = dir.path().join("ok.toml");
        std::fs::write(&ok, "format = 1\n").unwrap();
        assert_eq!(read_capped(&ok).unwrap(), "format = 1\n");
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_without_reading() {
        // /dev/zero never ends: the cap would stop it, but it must not even be read.
        assert_eq!(
            read_capped(Path::new("/dev/zero")).unwrap_err(),
            "not a regular file"
        );
    }
}
