//! The one way the tool reads an input file: capped to a size that fits its kind, refusing
//! anything that is not a regular file (FIFOs, devices, folders) unless it is standard input
//! given as `-`.
//!
//! Every file the tool reads can be hostile (a shared site file may name `/dev/zero` as its
//! checklist, a FIFO would block forever), so no reader calls `fs::read` directly.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

use zeroize::Zeroizing;

/// What is read, with the largest size that fits it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A site file (`SITE.toml`): 1,000 extensions with every item answered are under 1 MiB.
    SiteFile,
    /// A checklist (the shipped ones are about 24 KiB).
    Checklist,
    /// A handover file or record (a 1,000-extension handover is a few hundred KiB).
    Handover,
    /// An age or OpenSSH identity file (a 16384-bit RSA key is about 12 KiB).
    Identity,
    /// A recipients file (one public key per line).
    Recipients,
    /// A passphrase file, or one typed value on standard input.
    Passphrase,
    /// The dealer profile (a few names and keys).
    Profile,
}

impl InputKind {
    /// The cap in bytes.
    pub const fn cap(self) -> usize {
        match self {
            InputKind::SiteFile | InputKind::Handover => 8 * 1024 * 1024,
            InputKind::Checklist => 2 * 1024 * 1024,
            InputKind::Identity | InputKind::Recipients => 256 * 1024,
            InputKind::Passphrase => 4 * 1024,
            InputKind::Profile => 64 * 1024,
        }
    }

    /// The cap for messages ("8 MiB", "4 KiB").
    fn cap_text(self) -> String {
        let cap = self.cap();
        if cap >= 1024 * 1024 {
            format!("{} MiB", cap / (1024 * 1024))
        } else {
            format!("{} KiB", cap / 1024)
        }
    }
}

/// Whether `path` means standard input (`-`).
pub fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

/// Reads all of `path` (or of `stdin` when `path` is `-`) into wiped memory, at most
/// `kind.cap()` bytes.
///
/// # Errors
/// The I/O error of opening or reading; `InvalidInput` for something that is not a regular
/// file; `InvalidData` when the content is larger than the cap. Messages never quote content.
pub fn read(path: &Path, kind: InputKind, stdin: &mut dyn Read) -> io::Result<Zeroizing<Vec<u8>>> {
    if is_stdin(path) {
        return read_capped(stdin, kind);
    }
    let mut file = open_regular(path)?;
    read_capped(&mut file, kind)
}

/// [`read`] for text: refuses content that is not UTF-8.
///
/// # Errors
/// As [`read`]; `InvalidData` for content that is not UTF-8.
pub fn read_text(
    path: &Path,
    kind: InputKind,
    stdin: &mut dyn Read,
) -> io::Result<Zeroizing<String>> {
    let mut bytes = read(path, kind, stdin)?;
    let vec = std::mem::take(&mut *bytes);
    match String::from_utf8(vec) {
        Ok(text) => Ok(Zeroizing::new(text)),
        Err(e) => {
            drop(Zeroizing::new(e.into_bytes()));
            Err(io::Error::new(io::ErrorKind::InvalidData, "not UTF-8 text"))
        }
    }
}

fn read_capped(reader: &mut dyn Read, kind: InputKind) -> io::Result<Zeroizing<Vec<u8>>> {
    crate::handover::read_to_end_wiped(reader, kind.cap()).map_err(|e| {
        if e.kind() == io::ErrorKind::InvalidData {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("larger than {}: not a {}", kind.cap_text(), kind_name(kind)),
            )
        } else {
            e
        }
    })
}

fn kind_name(kind: InputKind) -> &'static str {
    match kind {
        InputKind::SiteFile => "site file",
        InputKind::Checklist => "checklist",
        InputKind::Handover => "handover file",
        InputKind::Identity => "identity file",
        InputKind::Recipients => "recipients file",
        InputKind::Passphrase => "passphrase file",
        InputKind::Profile => "profile",
    }
}

/// Opens `path` for reading without blocking on a FIFO, and checks the opened file (not the
/// name, which could be swapped in between) is a regular file.
fn open_regular(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a FIFO for reading blocks until a writer appears: never wait for one.
        opts.custom_flags(i32::from_ne_bytes(
            rustix::fs::OFlags::NONBLOCK.bits().to_ne_bytes(),
        ));
    }
    let file = opts.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (a FIFO, device or folder); give a file, or - for standard input",
        ));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_and_stdin() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.toml");
        std::fs::write(&p, "hello").unwrap();
        let got = read(&p, InputKind::SiteFile, &mut io::empty()).unwrap();
        assert_eq!(&got[..], b"hello");
        let got = read(Path::new("-"), InputKind::Passphrase, &mut &b"typed"[..]).unwrap();
        assert_eq!(&got[..], b"typed");
    }

    #[test]
    fn refuses_more_than_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big");
        std::fs::write(&p, vec![b'a'; InputKind::Passphrase.cap() + 1]).unwrap();
        let err = read(&p, InputKind::Passphrase, &mut io::empty()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert_eq!(err.to_string(), "larger than 4 KiB: not a passphrase file");
        let exact = dir.path().join("exact");
        std::fs::write(&exact, vec![b'a'; InputKind::Passphrase.cap()]).unwrap();
        assert!(read(&exact, InputKind::Passphrase, &mut io::empty()).is_ok());
        // An endless standard input stops at the cap too.
        let err = read(Path::new("-"), InputKind::Passphrase, &mut io::repeat(b'x')).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_devices_folders_and_fifos_without_blocking() {
        let err = read(
            Path::new("/dev/zero"),
            InputKind::SiteFile,
            &mut io::empty(),
        )
        .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{err}");
        let dir = tempfile::tempdir().unwrap();
        let err = read(dir.path(), InputKind::SiteFile, &mut io::empty()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{err}");
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // No writer ever opens it: a blocking open would hang this test.
        let err = read(&fifo, InputKind::Checklist, &mut io::empty()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{err}");
    }

    #[test]
    fn text_must_be_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bin");
        std::fs::write(&p, [0xff, 0xfe, 0x00]).unwrap();
        let err = read_text(&p, InputKind::Checklist, &mut io::empty()).unwrap_err();
        assert_eq!(err.to_string(), "not UTF-8 text");
    }
}
