//! `calls watch --save`: the raw SMDR stream appended to a file exactly as received, so a
//! dealer can check the layout on a real system and audit it again later.
//!
//! Appends, not the atomic rewrite of [`crate::atomic_file`]: the log only ever grows, and each
//! received chunk goes out in one `write` on a file opened for appending (mode 0600 on unix),
//! so a crash loses at most the chunk in flight and never tears what is already there.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// An open raw log.
#[derive(Debug)]
pub struct RawLog {
    file: File,
}

impl RawLog {
    /// Opens (or creates, mode 0600) `path` for appending.
    ///
    /// # Errors
    /// Any I/O error; a path that is not a regular file (a folder, a device) is refused.
    pub fn open(path: &Path) -> io::Result<RawLog> {
        let mut options = OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(path)?;
        let meta = file.metadata()?;
        if !meta.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a regular file",
            ));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if meta.permissions().mode() & 0o077 != 0 {
                file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
            }
        }
        Ok(RawLog { file })
    }

    /// Appends `bytes` exactly, in one write.
    ///
    /// # Errors
    /// Any I/O error.
    pub fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.file.write_all(bytes)
    }

    /// Flushes the log to disk.
    ///
    /// # Errors
    /// Any I/O error.
    pub fn close(self) -> io::Result<()> {
        self.file.sync_data()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_keep_the_bytes_exactly_with_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("raw.log");
        let chunks: [&[u8]; 3] = [
            b"POT 10:52 12/09 002 00:0",
            b"0:10 2001 21426\r\n\x00\xff",
            b"junk",
        ];
        for chunk in chunks {
            let mut log = RawLog::open(&path).unwrap();
            log.append(chunk).unwrap();
            log.close().unwrap();
        }
        assert_eq!(std::fs::read(&path).unwrap(), chunks.concat());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(RawLog::open(dir.path()).is_err(), "a folder is refused");
    }
}
