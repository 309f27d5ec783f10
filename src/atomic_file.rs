//! Crash-safe file writes: a temp file in the target's folder, fsync, rename.
//!
//! Every file the tool writes (site file, handover, report) goes through [`write_checked`], so
//! a crash or a `kill -9` at any instant leaves either the old file or the new one, never a torn
//! one; an existing file is never replaced unless asked, and then only a regular one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What to do when the target already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Refuse with [`io::ErrorKind::AlreadyExists`], even when the file appears between the
    /// check and the write (the new file is hard-linked into place, which never replaces).
    Refuse,
    /// Replace an existing regular file atomically; anything else (a symlink, a device node,
    /// a folder) is refused with [`io::ErrorKind::InvalidInput`].
    Replace,
}

/// Writes `bytes` to `path` atomically with mode 0600 on unix.
///
/// The same as [`write_checked`] with no check.
///
/// # Errors
/// As [`write_checked`].
pub fn write(path: &Path, bytes: &[u8], overwrite: Overwrite) -> io::Result<()> {
    write_checked(path, bytes, overwrite, |_| Ok::<(), io::Error>(()))
}

/// Writes `bytes` to `path` atomically, mode 0600 on unix whatever the umask, and runs `check`
/// on the written temp file before it takes `path`'s place.
///
/// The data goes to a fresh temp file beside `path` (same folder, so the rename cannot cross a
/// file system), is flushed to disk, is handed to `check` (the lock-out guard reads it back and
/// decrypts it there), and only then is moved into place: hard-linked for
/// [`Overwrite::Refuse`] (a link never replaces a file, even one made a moment ago), renamed
/// over a regular file for [`Overwrite::Replace`]. The folder is synced too on unix so the
/// rename itself survives a power cut.
///
/// # Errors
/// Any I/O error; `AlreadyExists` when `path` exists and `overwrite` is [`Overwrite::Refuse`];
/// `InvalidInput` when `path` exists and is not a regular file; the error of `check`. On any
/// error the temp file is removed and `path` is untouched.
pub fn write_checked<E: From<io::Error>>(
    path: &Path,
    bytes: &[u8],
    overwrite: Overwrite,
    check: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), E> {
    // Early, so nothing is written (and no slow proof runs) for a target that will be refused.
    check_target(path, overwrite)?;
    let dir = parent_dir(path);
    let (tmp_path, mut file) = create_temp(&dir, path)?;
    let written = (|| {
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        Ok::<(), io::Error>(())
    })();
    let result = match written {
        Ok(()) => check(&tmp_path).and_then(|()| Ok(put_in_place(&tmp_path, path, overwrite)?)),
        Err(e) => Err(E::from(e)),
    };
    // After a hard link the temp name is a second name of the new file; after a rename or an
    // error it is gone or must go.
    let _ = fs::remove_file(&tmp_path);
    if result.is_ok() {
        sync_dir(&dir);
    }
    result
}

/// Refuses a target that exists (for `Refuse`) or is not a regular file (for `Replace`).
fn check_target(path: &Path, overwrite: Overwrite) -> io::Result<()> {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return Ok(());
    };
    match overwrite {
        Overwrite::Refuse => Err(io::Error::new(io::ErrorKind::AlreadyExists, "file exists")),
        Overwrite::Replace if meta.file_type().is_file() => Ok(()),
        Overwrite::Replace => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (a link, device or folder): refusing to replace it",
        )),
    }
}

/// Moves the finished temp file to `path`.
fn put_in_place(tmp: &Path, path: &Path, overwrite: Overwrite) -> io::Result<()> {
    match overwrite {
        Overwrite::Refuse => match fs::hard_link(tmp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                Err(io::Error::new(io::ErrorKind::AlreadyExists, "file exists"))
            }
            // A file system without hard links (FAT on a USB stick): the best it allows is a
            // check just before the rename.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::Unsupported | io::ErrorKind::PermissionDenied
                ) =>
            {
                check_target(path, Overwrite::Refuse)?;
                fs::rename(tmp, path)
            }
            Err(e) => Err(e),
        },
        Overwrite::Replace => {
            check_target(path, Overwrite::Replace)?;
            fs::rename(tmp, path)
        }
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Creates a new, unique temp file (never follows or reuses an existing one).
fn create_temp(dir: &Path, target: &Path) -> io::Result<(PathBuf, File)> {
    let stem = target
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let pid = std::process::id();
    for attempt in 0u32..1000 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let tmp = dir.join(format!(".{stem}.{pid}.{nanos:x}{attempt}.tmp"));
        let mut opts = OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        match opts.open(&tmp) {
            Ok(f) => {
                // The mode given to open() is cut by the umask (0277 would make it 0400):
                // set it explicitly.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    if let Err(e) = f.set_permissions(fs::Permissions::from_mode(0o600)) {
                        drop(f);
                        let _ = fs::remove_file(&tmp);
                        return Err(e);
                    }
                }
                return Ok((tmp, f));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("could not create a temp file"))
}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    // Best effort: some file systems refuse fsync on a directory.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.toml");
        write(&p, b"one", Overwrite::Refuse).unwrap();
        let err = write(&p, b"two", Overwrite::Refuse).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&p).unwrap(), b"one");
        write(&p, b"two", Overwrite::Replace).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        // No temp file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn mode_is_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("secret.age");
        write(&p, b"x", Overwrite::Refuse).unwrap();
        let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn refuse_never_replaces_a_file_made_between_check_and_write() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("h.age");
        // The check runs after the existence test: make the file appear there, as another
        // process could.
        let err =
            write_checked(&p, b"new", Overwrite::Refuse, |_| fs::write(&p, b"theirs")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&p).unwrap(), b"theirs");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temp file left"
        );
    }

    #[test]
    fn a_failed_check_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("h.age");
        write(&p, b"old", Overwrite::Refuse).unwrap();
        let mut seen = Vec::new();
        let err = write_checked(&p, b"new", Overwrite::Replace, |tmp| {
            seen = fs::read(tmp)?;
            Err(io::Error::other("proof failed"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "proof failed");
        assert_eq!(seen, b"new", "the check reads the new bytes from disk");
        assert_eq!(fs::read(&p).unwrap(), b"old");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temp file left"
        );
    }

    #[cfg(unix)]
    #[test]
    fn replace_refuses_links_and_special_files() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        fs::write(&real, b"keep").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let err = write(&link, b"x", Overwrite::Replace).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"keep");
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let err = write(&fifo, b"x", Overwrite::Replace).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(!fs::symlink_metadata(&fifo).unwrap().file_type().is_file());
    }

    #[test]
    fn unwritable_folder_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("missing").join("a.toml");
        assert!(write(&p, b"x", Overwrite::Refuse).is_err());
        assert!(!p.exists());
    }
}
