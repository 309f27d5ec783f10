//! Encrypts a handover record with age, ASCII-armored or binary.

use std::io::Write;

use secrecy::ExposeSecret;

use super::error::HandoverError;
use super::protection::Protection;

/// How the sealed file is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Armor {
    /// ASCII armor (`-----BEGIN AGE ENCRYPTED FILE-----`): survives e-mail and copy-paste.
    #[default]
    Ascii,
    /// Raw binary age.
    Binary,
}

/// Encrypts `plaintext` to `protection`.
///
/// # Errors
/// [`HandoverError::NoProtection`] for an empty recipient list,
/// [`HandoverError::Encrypt`] when age refuses the recipients.
///
/// # Security
/// The passphrase is exposed only to age's scrypt recipient, at the work factor carried by
/// [`Protection::Passphrase`].
pub fn seal(
    plaintext: &[u8],
    protection: &Protection,
    armor: Armor,
) -> Result<Vec<u8>, HandoverError> {
    let encryptor = match protection {
        Protection::Recipients(rs) if rs.is_empty() => return Err(HandoverError::NoProtection),
        Protection::Recipients(rs) => {
            age::Encryptor::with_recipients(rs.iter().map(super::protection::Recipient::as_age))
        }
        Protection::Passphrase {
            passphrase,
            work_factor,
        } => {
            // Rebuilt here (not stored) because age's scrypt recipient is not `Clone`.
            let mut r = age::scrypt::Recipient::new(passphrase.expose_secret().into());
            r.set_work_factor(*work_factor);
            age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient))
        }
    }
    .map_err(|e| match e {
        age::EncryptError::MixedRecipientAndPassphrase => {
            HandoverError::MixedPassphraseAndRecipients
        }
        other => HandoverError::Encrypt(other.to_string()),
    })?;

    let io_err = |e: std::io::Error| HandoverError::Encrypt(e.to_string());
    let mut out = Vec::with_capacity(plaintext.len() * 2 + 1024);
    let format = match armor {
        Armor::Ascii => age::armor::Format::AsciiArmor,
        Armor::Binary => age::armor::Format::Binary,
    };
    let armored = age::armor::ArmoredWriter::wrap_output(&mut out, format).map_err(io_err)?;
    let mut writer = encryptor.wrap_output(armored).map_err(io_err)?;
    writer.write_all(plaintext).map_err(io_err)?;
    writer
        .finish()
        .and_then(age::armor::ArmoredWriter::finish)
        .map_err(io_err)?;
    Ok(out)
}

/// ASCII armor around arbitrary bytes (tests build hostile armored files with it).
#[cfg(test)]
pub(crate) fn armor_for_tests(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut w = age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
        .expect("armor");
    w.write_all(bytes).expect("armor");
    w.finish().expect("armor");
    out
}
