//! Decrypts a handover file, armored or binary, and turns age's errors into ones a technician
//! can act on.

use std::fmt;
use std::io::{self, Read};
use std::path::Path;

use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use super::error::HandoverError;
use super::header::{self, HeaderSummary};
use super::keys::Keys;
use super::protection::MAX_SCRYPT_WORK_FACTOR;
use crate::input_file::{self, InputKind};

/// Reads a whole handover file through [`crate::input_file`]: a regular file of at most
/// [`InputKind::Handover`]'s cap.
///
/// # Errors
/// [`HandoverError::Unreadable`].
pub fn read_file(path: &Path) -> Result<Vec<u8>, HandoverError> {
    let mut bytes =
        input_file::read(path, InputKind::Handover, &mut io::empty()).map_err(|source| {
            HandoverError::Unreadable {
                path: path.to_path_buf(),
                source,
            }
        })?;
    // A sealed file holds no plaintext: it may leave the wiped buffer.
    Ok(std::mem::take(&mut *bytes))
}

/// Reads everything from `reader` (at most `limit` bytes) into wiped memory.
///
/// # Errors
/// The reader's I/O error, or `InvalidData` when the input exceeds `limit`.
///
/// # Security
/// The buffer grows by copying into a new wiped buffer and wiping the old one, so no copy of
/// the content is left behind in freed memory (a plain `Vec` would reallocate un-wiped).
pub fn read_to_end_wiped<R: Read + ?Sized>(
    reader: &mut R,
    limit: usize,
) -> io::Result<Zeroizing<Vec<u8>>> {
    let too_big = || {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("more than {limit} bytes"),
        )
    };
    // One byte past the limit tells "exactly the limit" from "more".
    let ceiling = limit.saturating_add(1);
    let mut buf = Zeroizing::new(vec![0u8; (8 * 1024).min(ceiling)]);
    let mut len = 0;
    loop {
        if len > limit {
            return Err(too_big());
        }
        if len == buf.len() {
            let mut bigger = Zeroizing::new(vec![0u8; (buf.len() * 2).min(ceiling)]);
            bigger[..len].copy_from_slice(&buf[..len]);
            buf = bigger; // the old buffer is wiped as it drops
        }
        match reader.read(&mut buf[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    buf.truncate(len);
    Ok(buf)
}

/// A decrypted handover: the plaintext and what its header said.
pub struct Opened {
    /// The record text.
    ///
    /// # Security
    /// Wiped when dropped.
    pub text: Zeroizing<String>,
    /// The recipient types and armor of the file.
    pub header: HeaderSummary,
}

impl fmt::Debug for Opened {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Opened")
            .field("text", &"[REDACTED]")
            .field("header", &self.header)
            .finish()
    }
}

/// Decrypts an age file (armored or binary) held in memory; `path` names it in errors.
///
/// # Errors
/// [`HandoverError::NotAgeFile`], [`HandoverError::Truncated`],
/// [`HandoverError::UnknownAgeFormat`], [`HandoverError::PassphraseNeeded`],
/// [`HandoverError::IdentityNeeded`], [`HandoverError::NoMatchingIdentity`],
/// [`HandoverError::WrongPassphrase`], [`HandoverError::ExcessiveWork`],
/// [`HandoverError::BadRecord`] when the plaintext is not UTF-8.
pub fn open_bytes(bytes: &[u8], keys: &Keys, path: &Path) -> Result<Opened, HandoverError> {
    let (header, bin) = header::inspect_and_dearmor(bytes, path)?;
    let p = || path.to_path_buf();
    let truncated = |detail| HandoverError::Truncated { path: p(), detail };

    let decryptor = age::Decryptor::new_buffered(&bin[..]).map_err(|e| match e {
        age::DecryptError::UnknownFormat => HandoverError::UnknownAgeFormat { path: p() },
        age::DecryptError::Io(_) => truncated("the file ends inside the header"),
        _ => truncated("the header is malformed"),
    })?;

    let scrypt_identity;
    let mut identities: Vec<&dyn age::Identity> = Vec::new();
    if decryptor.is_scrypt() {
        let Some(pass) = keys.passphrase() else {
            return Err(HandoverError::PassphraseNeeded { path: p() });
        };
        let mut id = age::scrypt::Identity::new(pass.expose_secret().into());
        id.set_max_work_factor(MAX_SCRYPT_WORK_FACTOR);
        scrypt_identity = id;
        identities.push(&scrypt_identity);
    } else {
        if !keys.has_identity() {
            return Err(HandoverError::IdentityNeeded {
                path: p(),
                stanzas: header.types_text(),
            });
        }
        identities.extend(
            keys.identities()
                .iter()
                .map(|i| i.as_ref() as &dyn age::Identity),
        );
    }

    let is_scrypt = decryptor.is_scrypt();
    let mut reader = decryptor
        .decrypt(identities.into_iter())
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => HandoverError::NoMatchingIdentity {
                path: p(),
                stanzas: header.types_text(),
            },
            age::DecryptError::DecryptionFailed if is_scrypt => {
                HandoverError::WrongPassphrase { path: p() }
            }
            age::DecryptError::ExcessiveWork { required, .. } => HandoverError::ExcessiveWork {
                path: p(),
                required,
                limit: MAX_SCRYPT_WORK_FACTOR,
            },
            age::DecryptError::InvalidMac => truncated("the header was altered"),
            _ => truncated("a recipient stanza is malformed"),
        })?;

    // Sized up front so growing never leaves an un-wiped copy of the plaintext behind.
    let mut plain = Zeroizing::new(Vec::with_capacity(bin.len()));
    reader
        .read_to_end(&mut plain)
        .map_err(|_| truncated("the encrypted data ends early or was altered"))?;
    let text = String::from_utf8(std::mem::take(&mut *plain)).map_err(|e| {
        // Wipe the bytes that came back with the error.
        drop(Zeroizing::new(e.into_bytes()));
        HandoverError::BadRecord {
            path: p(),
            reason: "the decrypted content is not UTF-8 text".into(),
        }
    })?;
    Ok(Opened {
        text: Zeroizing::new(text),
        header,
    })
}

/// Reads and decrypts a handover file.
///
/// # Errors
/// [`HandoverError::Unreadable`] and everything [`open_bytes`] returns.
pub fn open_file(path: &Path, keys: &Keys) -> Result<Opened, HandoverError> {
    let bytes = read_file(path)?;
    open_bytes(&bytes, keys, path)
}
