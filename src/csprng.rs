//! The program's source of randomness for secrets: a ChaCha20 stream keyed once from the
//! operating system's generator.
//!
//! # Security
//! Asking the OS for every character costs one system call per draw (a 128-extension replay
//! made over a thousand); keying ChaCha20 once with 256 bits from the OS and drawing from its
//! keystream is as strong for every value drawn: ChaCha20 is a stream cipher whose output no
//! one can tell from random or predict without the key (the construction behind Linux's own
//! `getrandom` and OpenBSD's `arc4random`), the key never leaves this process, each run takes
//! a fresh one (two replays share nothing), and the key and unused keystream are wiped when
//! the generator is dropped (`chacha20`'s `zeroize` feature). Values are still drawn by
//! rejection sampling, so they stay uniform over the accepted-and-strong set.

use chacha20::ChaCha20Rng;
use rand::SeedableRng;
use rand::rngs::SysRng;

/// The generator secrets are drawn from: ChaCha20, keyed from the OS by [`from_os`]; tests key
/// it with a fixed seed instead.
pub type Csprng = ChaCha20Rng;

/// The operating system's generator could not provide a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the operating system's random generator failed: {0}")]
pub struct CsprngError(String);

/// A generator keyed with 256 fresh bits from the operating system's generator.
///
/// # Errors
/// [`CsprngError`] if the operating system's generator fails (nothing has been drawn then).
pub fn from_os() -> Result<Csprng, CsprngError> {
    Csprng::try_from_rng(&mut SysRng).map_err(|e| CsprngError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::CryptoRng;

    fn crypto<R: CryptoRng>(rng: &mut R) -> [u64; 4] {
        std::array::from_fn(|_| rng.next_u64())
    }

    #[test]
    fn each_generator_gets_its_own_key_from_the_os() {
        // Keyed from the OS, not from a constant: two generators never start alike (the chance
        // that 256 random bits repeat is nil).
        let a = crypto(&mut from_os().unwrap());
        let b = crypto(&mut from_os().unwrap());
        assert_ne!(a, b);
    }

    #[test]
    fn a_fixed_seed_gives_a_fixed_stream_so_tests_can_seed_it() {
        let a = crypto(&mut Csprng::seed_from_u64(7));
        let b = crypto(&mut Csprng::seed_from_u64(7));
        assert_eq!(a, b);
        assert_ne!(a, crypto(&mut Csprng::seed_from_u64(8)));
    }
}
