//! The customer's side of the handover: the record exported to a KeePass KDBX4 file, for
//! KeePassXC, KeePass, KeeWeb, Strongbox or KeePassDX.
//!
//! - [`mod@entries`]: the one mapping from record entries to KeePass groups and entries, under a
//!   folder named after the site.
//! - [`database`]: the KDBX4 file through the `keepass` crate, and reading it back.
//! - [`export`]: build, encrypt in memory, write atomically (mode 0600), reopen from disk and
//!   compare entry by entry before anyone is told it worked.
//!
//! No drawing and no terminal code; the CLI asks for the password and calls in here.

pub mod database;
pub mod entries;
pub mod error;

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use secrecy::SecretString;

use crate::atomic_file::{self, Overwrite};
use crate::handover::HandoverRecord;
use crate::output_file::same_file;
pub use database::Kdf;
pub use entries::{EntryGroup, ExportEntry, entries};
pub use error::ExportError;

/// The largest KeePass file read back for the comparison; an export of a 1,000-extension site
/// is far below it.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Where the export goes and what it must not replace.
#[derive(Debug, Clone)]
pub struct ExportTarget<'a> {
    /// The KDBX file to write.
    pub path: &'a Path,
    /// Whether an existing file may be replaced.
    pub overwrite: Overwrite,
    /// The command's own inputs (handover, identity and password files): never written over.
    pub inputs: &'a [PathBuf],
    /// The key derivation cost ([`Kdf::PROGRAM`]; tests lower it).
    pub kdf: Kdf,
}

/// What a finished export proved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportProof {
    /// The file written.
    pub path: PathBuf,
    /// Entries written and read back equal.
    pub entries: usize,
    /// Groups holding them.
    pub groups: usize,
}

/// Exports `record` to a KeePass file encrypted with `password`, then proves it: the file is
/// read back from disk, decrypted with the password and compared entry by entry with what was
/// meant to be written.
///
/// # Errors
/// [`ExportError::OwnInput`], [`ExportError::OutputExists`] and [`ExportError::Unwritable`]
/// (no such folder) before anything is written;
/// [`ExportError::Save`], [`ExportError::Unwritable`]; [`ExportError::ProofMismatch`] when the
/// file on disk does not hold the record's entries (the file is then removed).
///
/// # Security
/// The database is encrypted in memory and written through [`atomic_file::write`] (temp file
/// with mode 0600 beside the target, fsync, rename): no plaintext ever reaches the disk.
pub fn export(
    record: &HandoverRecord,
    password: &SecretString,
    target: &ExportTarget<'_>,
) -> Result<ExportProof, ExportError> {
    check_target(target)?;
    let path = target.path;
    let wanted = entries(record);
    let folder = entries::folder(&record.site);
    let db = database::build(&folder, &wanted, target.kdf);
    let bytes = database::save(&db, password).map_err(|reason| ExportError::Save {
        path: path.to_path_buf(),
        reason,
    })?;
    drop(db);
    atomic_file::write(path, &bytes, target.overwrite).map_err(|source| {
        if source.kind() == io::ErrorKind::AlreadyExists {
            ExportError::OutputExists {
                path: path.to_path_buf(),
            }
        } else {
            ExportError::Unwritable {
                path: path.to_path_buf(),
                source,
            }
        }
    })?;
    if let Err(detail) = prove(path, password, &folder, &wanted) {
        // A file that does not hold the credentials must not be mistaken for the export.
        let _ = fs::remove_file(path);
        return Err(ExportError::ProofMismatch {
            path: path.to_path_buf(),
            detail,
        });
    }
    let groups = EntryGroup::ALL
        .iter()
        .filter(|g| wanted.iter().any(|e| e.group == **g))
        .count();
    Ok(ExportProof {
        path: path.to_path_buf(),
        entries: wanted.len(),
        groups,
    })
}

/// Refuses an output that is one of the inputs, that exists when replacing is not allowed, or
/// whose folder does not exist.
///
/// # Errors
/// [`ExportError::OwnInput`], [`ExportError::OutputExists`], [`ExportError::Unwritable`].
pub fn check_target(target: &ExportTarget<'_>) -> Result<(), ExportError> {
    let path = target.path;
    for input in target.inputs {
        if same_file(path, input) {
            return Err(ExportError::OwnInput {
                path: path.to_path_buf(),
                input: input.clone(),
            });
        }
    }
    if target.overwrite == Overwrite::Refuse && fs::symlink_metadata(path).is_ok() {
        return Err(ExportError::OutputExists {
            path: path.to_path_buf(),
        });
    }
    // Before a password is asked for: a missing folder would only show after all the work.
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(ExportError::Unwritable {
            path: path.to_path_buf(),
            source: io::Error::new(io::ErrorKind::NotFound, "no such folder"),
        });
    }
    Ok(())
}

/// Reads the file back (capped), decrypts it and compares its entries with `wanted`.
fn prove(
    path: &Path,
    password: &SecretString,
    folder: &str,
    wanted: &[ExportEntry],
) -> Result<(), String> {
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read it back: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err("it grew past 16 MiB".into());
    }
    let (found_folder, found) = database::read_entries(&bytes, password)
        .map_err(|e| format!("it does not open with the password: {e}"))?;
    if found_folder != folder {
        return Err(format!(
            "the site folder is `{found_folder}`, not `{folder}`"
        ));
    }
    compare(wanted, &found)
}

/// Compares entries in order; the message names the first difference by group and title.
fn compare(wanted: &[ExportEntry], found: &[ExportEntry]) -> Result<(), String> {
    for (i, w) in wanted.iter().enumerate() {
        match found.get(i) {
            None => {
                return Err(format!(
                    "{} entries instead of {}",
                    found.len(),
                    wanted.len()
                ));
            }
            Some(f) if !w.same_as(f) => {
                return Err(format!(
                    "entry {} `{} / {}` differs",
                    i + 1,
                    w.group,
                    w.title
                ));
            }
            Some(_) => {}
        }
    }
    if found.len() != wanted.len() {
        return Err(format!(
            "{} entries instead of {}",
            found.len(),
            wanted.len()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
