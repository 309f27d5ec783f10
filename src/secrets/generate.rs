//! The generator: draws uniformly from the accepted-and-strong set, and reports that set's
//! exact size.
//!
//! Uniformity comes from rejection sampling: every character is drawn uniformly and
//! independently from the generator alphabet, and a candidate with any finding is thrown away
//! (and wiped), so every member of the set is equally likely. The set's size comes from
//! [`super::count`], which counts with the same rules.

use rand::{CryptoRng, RngExt};
use secrecy::SecretString;
use zeroize::Zeroizing;

use std::sync::OnceLock;

use super::count::{certainly_nonempty, count};
use super::kind::CredentialKind;
use super::policy::{BUSY_PORTS, Context, policy, shape};
use super::shape::Shape;
use super::validate::check;

/// Why a value cannot be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenError {
    /// The requested length is outside what is accepted and strong for this kind.
    #[error("{kind} cannot be generated with length {length}: {}", allowed(*min, *max))]
    Length {
        /// The kind asked for.
        kind: CredentialKind,
        /// The length asked for.
        length: usize,
        /// Shortest length allowed.
        min: usize,
        /// Longest length allowed.
        max: usize,
    },
    /// The kind is a number, not a string: it has no length.
    #[error("{0} has no length option")]
    NoLength(CredentialKind),
    /// The rules leave nothing to draw from (e.g. every value contains the extension).
    #[error("no {0} value satisfies every rule in this context")]
    Empty(CredentialKind),
}

/// The set the generator draws from: its value length and exact size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetSize {
    /// Length of each value (`None` for ports).
    pub length: Option<usize>,
    /// Exact number of values in the set.
    pub size: u128,
}

impl SetSize {
    /// `log2(size)`: the entropy of one uniformly drawn value, in bits.
    pub fn bits(&self) -> f64 {
        // A u128 converts to f64 with a relative error below 2^-52: far under the printed digits.
        (self.size as f64).log2()
    }
}

fn allowed(min: usize, max: usize) -> String {
    if min == max {
        format!("only length {min} is accepted and strong")
    } else {
        format!("choose a length from {min} to {max}")
    }
}

fn port_range() -> std::ops::RangeInclusive<u32> {
    1024..=65_535
}

fn resolve_length(kind: CredentialKind, length: Option<usize>) -> Result<Option<usize>, GenError> {
    let p = policy(kind);
    match (p.generator_lengths, length) {
        (None, Some(_)) => Err(GenError::NoLength(kind)),
        (None, None) => Ok(None),
        (Some(range), Some(n)) if !range.contains(&n) => Err(GenError::Length {
            kind,
            length: n,
            min: *range.start(),
            max: *range.end(),
        }),
        (Some(_), Some(n)) => Ok(Some(n)),
        (Some(_), None) => Ok(p.default_length),
    }
}

/// The exact size of the set `generate` draws from for these options.
///
/// # Errors
/// [`GenError::Length`] / [`GenError::NoLength`] for a length the kind does not allow.
pub fn set_size(
    kind: CredentialKind,
    length: Option<usize>,
    ctx: &Context<'_>,
) -> Result<SetSize, GenError> {
    let length = resolve_length(kind, length)?;
    let size = if let (Some(s), Some(n)) = (shape(kind, ctx), length) {
        // Generator lengths are chosen so every count fits; refuse rather than wrap if not.
        count(&s, n).ok_or(GenError::Length {
            kind,
            length: n,
            min: 1,
            max: n - 1,
        })?
    } else {
        // The ports in range that are busy or taken by another value, each counted once.
        let busy: std::collections::BTreeSet<u32> = BUSY_PORTS
            .iter()
            .map(|&b| u32::from(b))
            .chain(ctx.others.iter().filter_map(|o| o.parse::<u32>().ok()))
            .filter(|p| port_range().contains(p))
            .collect();
        u128::from(*port_range().end() - *port_range().start() + 1) - busy.len() as u128
    };
    Ok(SetSize { length, size })
}

/// A generator for one kind under one context: the rules are built once, then
/// [`Generator::draw`] is cheap. The exact set size is counted only when asked for.
#[derive(Debug, Clone)]
pub struct Generator<'a> {
    kind: CredentialKind,
    ctx: Context<'a>,
    shape: Option<Shape>,
    length: Option<usize>,
    size: OnceLock<SetSize>,
}

impl<'a> Generator<'a> {
    /// Builds the generator and makes sure its set is not empty.
    ///
    /// # Errors
    /// A length the kind does not allow, or a context that leaves no value.
    pub fn new(
        kind: CredentialKind,
        length: Option<usize>,
        ctx: &Context<'a>,
    ) -> Result<Self, GenError> {
        let length = resolve_length(kind, length)?;
        let shape = shape(kind, ctx);
        let g = Generator {
            kind,
            ctx: *ctx,
            shape,
            length,
            size: OnceLock::new(),
        };
        // Counting exactly per extension is the slow part of a replay; a cheap bound proves
        // most sets non-empty, and only the rest are counted.
        let nonempty = match (&g.shape, length) {
            (Some(s), Some(n)) => certainly_nonempty(s, n) || g.set_size().size > 0,
            _ => g.set_size().size > 0,
        };
        if nonempty {
            Ok(g)
        } else {
            Err(GenError::Empty(kind))
        }
    }

    /// The set this generator draws from (counted on first use).
    pub fn set_size(&self) -> SetSize {
        *self.size.get_or_init(|| {
            // The length was checked in `new`, so counting cannot fail on it; a count that
            // overflowed would have been refused there too.
            set_size(self.kind, self.length, &self.ctx).unwrap_or(SetSize {
                length: self.length,
                size: 0,
            })
        })
    }

    /// Draws one value uniformly from the set.
    ///
    /// # Security
    /// The program passes the operating system's generator; tests pass a seeded one.
    /// Rejected candidates are wiped before the next draw.
    pub fn draw<R: CryptoRng + ?Sized>(&self, rng: &mut R) -> SecretString {
        let Some(shape) = &self.shape else {
            loop {
                let v = rng.random_range(port_range()).to_string();
                if check(self.kind, &v, &self.ctx).is_ok() {
                    return SecretString::from(v);
                }
            }
        };
        let n = self.length.unwrap_or(0);
        let mut buf = Zeroizing::new(vec![0u8; n]);
        loop {
            for slot in buf.iter_mut() {
                *slot = shape.generated[rng.random_range(0..shape.generated.len())];
            }
            if shape.is_member(&buf, n) {
                // Every generator alphabet is ASCII, so this conversion cannot fail.
                let text = String::from_utf8(buf.to_vec()).unwrap_or_default();
                return SecretString::from(text);
            }
        }
    }
}

/// The number of `n`-character values of `kind` free of every weak *pattern*, ignoring only
/// the minimum strong length: the figure behind the entropy table for short lengths (a 4-digit
/// 90-02 password is weak for its length alone, yet the table shows what patterns remove).
///
/// Returns `None` for ports, for a length the system refuses, or when the count overflows.
pub fn pattern_free_size(kind: CredentialKind, n: usize, ctx: &Context<'_>) -> Option<u128> {
    let mut s = shape(kind, ctx)?;
    if !s.lengths.contains(&n) {
        return None;
    }
    s.strong_min = 1;
    count(&s, n)
}
