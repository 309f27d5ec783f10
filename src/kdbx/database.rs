//! The KDBX4 file itself, through the `keepass` crate: entries in, encrypted bytes out, and
//! the entries read back from those bytes.

use keepass::DatabaseKey;
use keepass::config::{DatabaseConfig, KdfConfig};
use keepass::db::{Database, fields};
use secrecy::{ExposeSecret, SecretString};

use super::entries::{EntryGroup, ExportEntry};

/// The Argon2id cost of the file's key derivation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kdf {
    /// Passes over the memory.
    pub iterations: u64,
    /// Memory in bytes.
    pub memory_bytes: u64,
    /// Lanes.
    pub parallelism: u32,
}

impl Kdf {
    /// What the program uses: Argon2id over 64 MiB (KeePassXC's default memory), 2 lanes and
    /// 8 passes, about a second to open on a small laptop.
    pub const PROGRAM: Kdf = Kdf {
        iterations: 8,
        memory_bytes: 64 * 1024 * 1024,
        parallelism: 2,
    };

    /// A cheap setting for tests only.
    #[cfg(test)]
    pub const TEST: Kdf = Kdf {
        iterations: 2,
        memory_bytes: 1024 * 1024,
        parallelism: 1,
    };

    fn config(self) -> DatabaseConfig {
        let mut config = DatabaseConfig::default();
        // The crate's default is Argon2d; take its Argon2 version and switch to Argon2id, which
        // also resists side channels.
        if let KdfConfig::Argon2 { version, .. } = config.kdf_config {
            config.kdf_config = KdfConfig::Argon2id {
                iterations: self.iterations,
                memory: self.memory_bytes,
                parallelism: self.parallelism,
                version,
            };
        }
        config
    }
}

/// A new KDBX4 database: the root holds one folder, `folder` (the site), which holds one group
/// per [`EntryGroup`] that has entries.
///
/// # Security
/// Passwords and user names are stored as protected values (in the crate's `SecretBox`, and
/// encrypted with the file's inner stream cipher inside the encrypted file).
pub fn build(folder: &str, entries: &[ExportEntry], kdf: Kdf) -> Database {
    let mut db = Database::with_config(kdf.config());
    db.meta.database_name = Some(format!("{folder} (nec-harden handover)"));
    db.meta.generator = Some("nec-harden".to_owned());
    // No recycle bin: the file is a handover, not a working database.
    db.meta.recyclebin_enabled = Some(false);
    let mut root = db.root_mut();
    "Root".clone_into(&mut root.name);
    let mut site = root.add_group();
    folder.clone_into(&mut site.name);
    for group in EntryGroup::ALL {
        let members: Vec<&ExportEntry> = entries.iter().filter(|e| e.group == group).collect();
        if members.is_empty() {
            continue;
        }
        let mut g = site.add_group();
        group.name().clone_into(&mut g.name);
        for e in members {
            let mut entry = g.add_entry();
            entry.set_unprotected(fields::TITLE, e.title.as_str());
            if let Some(u) = &e.username {
                entry.set_protected(fields::USERNAME, u.expose_secret());
            }
            entry.set_protected(fields::PASSWORD, e.password.expose_secret());
            entry.set_unprotected(fields::NOTES, e.notes.as_str());
        }
    }
    db
}

/// The database as KDBX4 bytes, encrypted with `password`.
///
/// # Errors
/// The crate's message when it cannot serialise or encrypt.
///
/// # Security
/// The bytes are encrypted: they may sit in ordinary memory and go to disk as they are.
pub fn save(db: &Database, password: &SecretString) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    db.save(&mut bytes, key(password))
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// Decrypts KDBX bytes with `password` and reads back the site folder's name and the entries
/// of the groups this program writes, in file order.
///
/// # Errors
/// A message when the bytes do not open with `password`, or do not have the shape [`build`]
/// gives: one folder under the root, only known groups in it, every entry in a group, each
/// with a title and a password.
pub fn read_entries(
    bytes: &[u8],
    password: &SecretString,
) -> Result<(String, Vec<ExportEntry>), String> {
    let db = Database::parse(bytes, key(password)).map_err(|e| e.to_string())?;
    let root = db.root();
    let mut folders = root.groups();
    let (Some(site), None, None) = (folders.next(), folders.next(), root.entries().next()) else {
        return Err("the root does not hold exactly one folder and nothing else".into());
    };
    if site.entries().next().is_some() {
        return Err(format!(
            "an entry sits outside the groups of `{}`",
            site.name
        ));
    }
    let mut out = Vec::new();
    for g in site.groups() {
        let group = EntryGroup::from_name(&g.name)
            .ok_or_else(|| format!("unexpected group `{}`", g.name))?;
        if g.groups().next().is_some() {
            return Err(format!("group `{}` has a subgroup", g.name));
        }
        for e in g.entries() {
            let title = e.get_title().ok_or("an entry has no title")?;
            let password = e
                .get_password()
                .ok_or_else(|| format!("entry `{title}` has no password"))?;
            out.push(ExportEntry {
                group,
                title: title.to_owned(),
                username: e.get_username().map(SecretString::from),
                password: SecretString::from(password),
                notes: e.get(fields::NOTES).unwrap_or_default().to_owned(),
            });
        }
    }
    Ok((site.name.clone(), out))
}

fn key(password: &SecretString) -> DatabaseKey {
    // The crate copies the password into a `String` of its own, wiped when the key drops.
    DatabaseKey::new().with_password(password.expose_secret())
}
