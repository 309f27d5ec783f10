//! Where a command may write: never over one of its own inputs, a handover name that is free
//! (`SITE.handover-YYYYMMDD.age`, then `-2`, `-3` on the same day), and a check before any
//! work that the folder can take the file (it exists, accepts a new file, has room).
//!
//! Sealing a handover and then failing to record it in the site file would leave credentials
//! that nothing points to; these checks run first so a failure changes nothing.

use std::fs::{self, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use crate::timestamp::Timestamp;

/// Why an output cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output is one of the command's inputs (the same path, a link or a hard link).
    #[error(
        "{}: is also this command's input {}; writing there would destroy it: choose another output",
        .path.display(), .input.display()
    )]
    OwnInput {
        /// The output.
        path: PathBuf,
        /// The input it names.
        input: PathBuf,
    },
    /// The folder of the output does not exist or does not take a new file.
    #[error("{}: cannot write: {source}; nothing written", .path.display())]
    Unwritable {
        /// The output.
        path: PathBuf,
        /// What the folder said.
        source: io::Error,
    },
    /// The folder's file system has less free space than the file needs.
    #[error(
        "{}: cannot write: {free} bytes free, about {needed} needed; nothing written",
        .path.display()
    )]
    NoSpace {
        /// The output.
        path: PathBuf,
        /// Bytes free for this user.
        free: u64,
        /// Bytes the file and its temp copy need.
        needed: u64,
    },
}

/// Whether `a` and `b` name the same file: the same path, the same target through links, or
/// (on unix) the same inode through a hard link. A file that does not exist is compared by its
/// folder's canonical path.
pub fn same_file(a: &Path, b: &Path) -> bool {
    if a == b {
        return true;
    }
    if let (Ok(ma), Ok(mb)) = (fs::metadata(a), fs::metadata(b)) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            return ma.dev() == mb.dev() && ma.ino() == mb.ino();
        }
        #[cfg(not(unix))]
        {
            let _ = (ma, mb);
        }
    }
    matches!((canonical(a), canonical(b)), (Some(x), Some(y)) if x == y)
}

/// The canonical path of `path`, or of its folder joined with its name when it does not exist.
fn canonical(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = fs::canonicalize(path) {
        return Some(p);
    }
    let name = path.file_name()?;
    Some(fs::canonicalize(folder_of(path)).ok()?.join(name))
}

/// Refuses `output` when it is one of `inputs`, whatever `--force` says.
///
/// # Errors
/// [`OutputError::OwnInput`] naming the first input it matches.
pub fn refuse_own_input(output: &Path, inputs: &[PathBuf]) -> Result<(), OutputError> {
    match inputs.iter().find(|input| same_file(output, input)) {
        Some(input) => Err(OutputError::OwnInput {
            path: output.to_path_buf(),
            input: input.clone(),
        }),
        None => Ok(()),
    }
}

/// The folder a file is written in (`.` for a bare name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The first free dated handover name beside `site` for the day of `now`:
/// `STEM.handover-YYYYMMDD.age`, else `STEM.handover-YYYYMMDD-2.age`, `-3`, ...
pub fn dated_handover(site: &Path, now: &Timestamp) -> PathBuf {
    let stem = site
        .file_stem()
        .map_or_else(|| "site".into(), |s| s.to_string_lossy().into_owned());
    let date: String = now
        .as_str()
        .chars()
        .take(10)
        .filter(char::is_ascii_digit)
        .collect();
    let folder = folder_of(site);
    let at = |n: u32| {
        let name = if n == 1 {
            format!("{stem}.handover-{date}.age")
        } else {
            format!("{stem}.handover-{date}-{n}.age")
        };
        if site.parent().is_some_and(|p| !p.as_os_str().is_empty()) {
            folder.join(name)
        } else {
            PathBuf::from(name)
        }
    };
    (1..=u32::MAX)
        .map(at)
        .find(|p| fs::symlink_metadata(p).is_err())
        .unwrap_or_else(|| at(1))
}

/// Checks that a file of about `size` bytes can be written at `path` now: its folder exists
/// and takes a new file of that name's length (proved by creating and removing an empty probe
/// file beside it, which also holds for root, who ignores permission bits), and its file
/// system has room for the file and its temp copy.
///
/// # Errors
/// [`OutputError::Unwritable`] or [`OutputError::NoSpace`]; nothing is left behind.
pub fn check_writable(path: &Path, size: u64) -> Result<(), OutputError> {
    let unwritable = |source| OutputError::Unwritable {
        path: path.to_path_buf(),
        source,
    };
    let folder = folder_of(path);
    if !folder.is_dir() {
        return Err(unwritable(io::Error::new(
            io::ErrorKind::NotFound,
            format!("{} is not a folder", folder.display()),
        )));
    }
    let name = path
        .file_name()
        .map_or_else(|| "file".to_owned(), |n| n.to_string_lossy().into_owned());
    // Longer than the name itself, as the atomic writer's temp file is.
    let probe = folder.join(format!(".{name}.{}.write-check", std::process::id()));
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    match opts.open(&probe) {
        Ok(file) => {
            drop(file);
            let _ = fs::remove_file(&probe);
        }
        Err(e) => return Err(unwritable(e)),
    }
    let needed = size.saturating_mul(2).saturating_add(64 * 1024);
    if let Some(free) = free_bytes(&folder)
        && free < needed
    {
        return Err(OutputError::NoSpace {
            path: path.to_path_buf(),
            free,
            needed,
        });
    }
    Ok(())
}

/// Bytes free for an unprivileged user on the file system holding `folder`.
#[cfg(unix)]
fn free_bytes(folder: &Path) -> Option<u64> {
    let stat = rustix::fs::statvfs(folder).ok()?;
    Some(stat.f_bavail.saturating_mul(stat.f_frsize))
}

/// Not measured off unix: the write itself reports a full disk.
#[cfg(not(unix))]
fn free_bytes(_folder: &Path) -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> Timestamp {
        Timestamp::parse("2026-12-01T09:00:00Z").unwrap()
    }

    #[test]
    fn dated_names_count_up_on_the_same_day() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("acme.toml");
        let first = dated_handover(&site, &day());
        assert_eq!(first, dir.path().join("acme.handover-20261201.age"));
        fs::write(&first, "x").unwrap();
        let second = dated_handover(&site, &day());
        assert_eq!(second, dir.path().join("acme.handover-20261201-2.age"));
        fs::write(&second, "x").unwrap();
        assert_eq!(
            dated_handover(&site, &day()),
            dir.path().join("acme.handover-20261201-3.age")
        );
        assert_eq!(
            dated_handover(Path::new("acme.toml"), &day()).parent(),
            Some(Path::new(""))
        );
    }

    #[test]
    fn an_input_is_refused_by_path_link_and_hard_link() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("only.key");
        fs::write(&key, "AGE-SECRET-KEY-1").unwrap();
        let inputs = vec![key.clone()];
        assert!(refuse_own_input(&key, &inputs).is_err());
        let dotted = dir.path().join(".").join("only.key");
        assert!(refuse_own_input(&dotted, &inputs).is_err());
        let hard = dir.path().join("hard.key");
        fs::hard_link(&key, &hard).unwrap();
        let err = refuse_own_input(&hard, &inputs).unwrap_err();
        assert!(err.to_string().contains("only.key"), "{err}");
        #[cfg(unix)]
        {
            let soft = dir.path().join("soft.key");
            std::os::unix::fs::symlink(&key, &soft).unwrap();
            assert!(refuse_own_input(&soft, &inputs).is_err());
        }
        assert!(refuse_own_input(&dir.path().join("new.age"), &inputs).is_ok());
    }

    #[test]
    fn a_folder_that_cannot_take_the_file_is_found_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        // A regular file as the folder fails for root too.
        let file = dir.path().join("plain");
        fs::write(&file, "x").unwrap();
        let err = check_writable(&file.join("out.age"), 10).unwrap_err();
        assert!(matches!(err, OutputError::Unwritable { .. }), "{err}");
        // A name the file system cannot hold a temp copy beside.
        let long = dir.path().join("s".repeat(240));
        assert!(check_writable(&long, 10).is_err());
        assert!(check_writable(&dir.path().join("ok.age"), 10).is_ok());
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no probe left"
        );
        let huge = check_writable(&dir.path().join("ok.age"), u64::MAX / 4).unwrap_err();
        assert!(matches!(huge, OutputError::NoSpace { .. }), "{huge}");
    }
}
