//! A session's hold on the handover: the record, its protection, and the lock-out guard.
//!
//! Every change to the credentials goes through [`Vault::commit`], which seals a *copy* of the
//! record with [`seal_and_prove`] and adopts it only when the sealed file on disk was proven to
//! open. So the vault never holds a credential that is not sealed, and [`Vault::secret`] (the
//! only way the screens reach a value) can only return sealed credentials.

use std::path::{Path, PathBuf};

use secrecy::SecretString;

use crate::atomic_file::Overwrite;
use crate::handover::seal::Armor;
use crate::handover::{
    Credential, GuardOverride, HandoverError, HandoverRecord, Keys, ProofMethod, Protection,
    SealTarget, seal_and_prove,
};

/// A change to the record's credentials.
pub enum Change {
    /// Adds a credential.
    Add(Credential),
    /// Replaces the credential at this index (a regenerated or retyped value).
    Replace(usize, Credential),
}

/// The handover of a session: what it is sealed to, where, and the record last proven on disk.
pub struct Vault {
    record: HandoverRecord,
    protection: Protection,
    path: PathBuf,
    keys: Keys,
    confirm: GuardOverride,
    overwrite: Overwrite,
    method: Option<ProofMethod>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("path", &self.path)
            .field("credentials", &self.record.credentials.len())
            .field("protection", &self.protection)
            .finish_non_exhaustive()
    }
}

impl Vault {
    /// A vault for `record`, not sealed yet. `overwrite` says whether an existing handover file
    /// may be replaced by the first seal (after it, each seal replaces the last).
    pub fn new(
        record: HandoverRecord,
        protection: Protection,
        path: PathBuf,
        keys: Keys,
        confirm: GuardOverride,
        overwrite: Overwrite,
    ) -> Self {
        Self {
            record,
            protection,
            path,
            keys,
            confirm,
            overwrite,
            method: None,
        }
    }

    /// Seals `changes` applied to a copy of the record; adopts the copy only once the file on
    /// disk is proven to open. Returns the indices of the changed credentials.
    ///
    /// # Errors
    /// Any guard error; the vault (and so every screen) is then exactly as before.
    pub fn commit(&mut self, changes: Vec<Change>) -> Result<Vec<usize>, HandoverError> {
        self.commit_with(changes, |_| {})
    }

    /// As [`Vault::commit`], also letting `edit` change the record's other facts (ports, the
    /// items done) before sealing.
    ///
    /// # Errors
    /// As [`Vault::commit`].
    pub fn commit_with(
        &mut self,
        changes: Vec<Change>,
        edit: impl FnOnce(&mut HandoverRecord),
    ) -> Result<Vec<usize>, HandoverError> {
        let mut next = self.record.clone();
        let mut touched = Vec::with_capacity(changes.len());
        for change in changes {
            match change {
                Change::Add(c) => {
                    next.credentials.push(c);
                    touched.push(next.credentials.len() - 1);
                }
                Change::Replace(i, c) => {
                    next.credentials[i] = c;
                    touched.push(i);
                }
            }
        }
        edit(&mut next);
        let target = SealTarget {
            protection: &self.protection,
            armor: Armor::Ascii,
            path: &self.path,
            overwrite: self.overwrite,
        };
        let proof = seal_and_prove(&mut next, &target, &self.keys, self.confirm)?;
        self.record = next;
        self.overwrite = Overwrite::Replace;
        self.method = Some(proof.method());
        Ok(touched)
    }

    /// The sealed value of credential `index`.
    ///
    /// # Security
    /// Only credentials proven sealed on disk are in the record, so this never returns an
    /// unsealed value.
    pub fn secret(&self, index: usize) -> Option<&SecretString> {
        self.method?;
        self.record.credentials.get(index).map(|c| &c.secret)
    }

    /// The sealed credentials.
    pub fn credentials(&self) -> &[Credential] {
        if self.method.is_some() {
            &self.record.credentials
        } else {
            &[]
        }
    }

    /// Whether the handover was sealed and proven at least once in this session.
    pub fn is_sealed(&self) -> bool {
        self.method.is_some()
    }

    /// How the last seal was proven.
    pub fn method(&self) -> Option<ProofMethod> {
        self.method
    }

    /// The handover file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the last seal was proven by decrypting the file (not only by its header and the
    /// installer's word that the customer holds a key).
    pub fn is_verified(&self) -> bool {
        matches!(
            self.method,
            Some(ProofMethod::Passphrase | ProofMethod::Identity)
        )
    }

    /// Whether the handover is sealed to a passphrase.
    pub fn is_passphrase(&self) -> bool {
        matches!(self.protection, Protection::Passphrase { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handover::{SiteInfo, open_file};
    use crate::nec::Model;
    use crate::secrets::CredentialKind;
    use secrecy::ExposeSecret;

    fn vault(dir: &Path) -> Vault {
        let record = HandoverRecord::new(SiteInfo {
            name: "Test".into(),
            customer: "Cust".into(),
            model: Model::Sl2100,
            installer: "Inst".into(),
        });
        let pass = SecretString::from("correct horse battery");
        Vault::new(
            record,
            Protection::passphrase_with_work_factor(pass, 2),
            dir.join("h.age"),
            Keys::none(),
            GuardOverride::None,
            Overwrite::Refuse,
        )
    }

    fn code(value: &str) -> Credential {
        Credential::new("47-02", CredentialKind::Code, "extension 101", value.into())
    }

    #[test]
    fn nothing_is_visible_before_the_seal_is_proven() {
        let dir = tempfile::tempdir().unwrap();
        let mut v = vault(dir.path());
        assert!(v.secret(0).is_none());
        let idx = v.commit(vec![Change::Add(code("4830"))]).unwrap();
        assert_eq!(idx, vec![0]);
        assert_eq!(v.secret(0).unwrap().expose_secret(), "4830");
        let keys = Keys::from_passphrase("correct horse battery".into());
        let opened = open_file(&dir.path().join("h.age"), &keys).unwrap();
        assert!(opened.text.contains("4830"));
    }

    #[test]
    fn a_failed_seal_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut v = vault(dir.path());
        v.commit(vec![Change::Add(code("4830"))]).unwrap();
        // The folder disappears: the next seal cannot be written.
        let gone = dir.path().join("gone");
        v.path = gone.join("h.age");
        let err = v.commit(vec![Change::Replace(0, code("9152"))]);
        assert!(err.is_err());
        assert_eq!(v.secret(0).unwrap().expose_secret(), "4830");
        assert!(v.secret(1).is_none());
    }
}
