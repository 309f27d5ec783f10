//! Generated passphrases for `--generate-passphrase`: groups of unambiguous lowercase letters
//! and digits, easy to read out over the phone, with their exact entropy.

use std::fmt::Write;

use rand::{CryptoRng, RngExt};
use secrecy::SecretString;
use zeroize::Zeroizing;

/// The characters drawn from: lowercase letters and digits without the look-alikes
/// `0 o 1 l i` (31 characters).
pub const ALPHABET: &[u8; 31] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// Number of groups in a generated passphrase.
pub const GROUPS: usize = 4;

/// Characters per group.
pub const GROUP_LEN: usize = 4;

/// A generated passphrase and the exact entropy of the set it was drawn from.
pub struct GeneratedPassphrase {
    /// The passphrase, e.g. `k7dm-3xpa-r9vh-t2ne`.
    pub passphrase: SecretString,
    /// `log2(31^16)`: about 79.27 bits.
    pub entropy_bits: f64,
}

impl std::fmt::Debug for GeneratedPassphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeneratedPassphrase")
            .field("passphrase", &"[REDACTED]")
            .field("entropy_bits", &self.entropy_bits)
            .finish()
    }
}

/// The exact entropy of a generated passphrase, in bits: `GROUPS * GROUP_LEN * log2(31)`.
pub fn entropy_bits() -> f64 {
    (GROUPS * GROUP_LEN) as f64 * (ALPHABET.len() as f64).log2()
}

/// Draws a passphrase uniformly from `ALPHABET^(GROUPS*GROUP_LEN)`, groups joined by `-`.
///
/// # Security
/// Only a cryptographic generator is accepted: the program passes the OS generator (see
/// [`generate`]); tests pass a seeded ChaCha.
pub fn generate_with<R: CryptoRng + ?Sized>(rng: &mut R) -> GeneratedPassphrase {
    let mut s = Zeroizing::new(String::with_capacity(GROUPS * (GROUP_LEN + 1)));
    for g in 0..GROUPS {
        if g > 0 {
            s.push('-');
        }
        for _ in 0..GROUP_LEN {
            let c = ALPHABET[rng.random_range(0..ALPHABET.len())];
            s.write_char(char::from(c)).expect("String write");
        }
    }
    GeneratedPassphrase {
        passphrase: SecretString::from(s.as_str()),
        entropy_bits: entropy_bits(),
    }
}

/// Draws a passphrase with the operating system's generator.
pub fn generate() -> GeneratedPassphrase {
    let mut rng = rand::rand_core::UnwrapErr(rand::rngs::SysRng);
    generate_with(&mut rng)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use secrecy::ExposeSecret;

    #[test]
    fn shape_and_entropy() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
        let g = generate_with(&mut rng);
        let p = g.passphrase.expose_secret();
        assert_eq!(p.len(), 19);
        let groups: Vec<&str> = p.split('-').collect();
        assert_eq!(groups.len(), GROUPS);
        assert!(
            groups
                .iter()
                .all(|grp| grp.len() == GROUP_LEN && grp.bytes().all(|b| ALPHABET.contains(&b)))
        );
        assert!(
            (g.entropy_bits - 79.267_141).abs() < 1e-5,
            "{}",
            g.entropy_bits
        );
        assert!(g.entropy_bits >= 64.0);
        assert!(!format!("{g:?}").contains(p));
    }

    #[test]
    fn alphabet_is_unambiguous_and_distinct() {
        for bad in b"01ilo" {
            assert!(!ALPHABET.contains(bad));
        }
        let mut sorted = ALPHABET.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ALPHABET.len());
    }

    #[test]
    fn os_generator_differs_between_draws() {
        let a = generate();
        let b = generate();
        assert_ne!(a.passphrase.expose_secret(), b.passphrase.expose_secret());
    }
}
