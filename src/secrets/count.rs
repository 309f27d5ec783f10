//! Exact size of the set the generator draws from, by dynamic programming over the rules.
//!
//! The state after each character is everything the rules can still depend on: the current
//! equal / ascending / descending run lengths, whether a required character was seen, and how
//! much of each forbidden fragment is matched. Whole forbidden values (a finite list) are then
//! subtracted one by one. Nothing is sampled or estimated.

use std::collections::HashMap;

use super::shape::{Forbidden, RunState, Shape, same_text};

/// The most forbidden fragments one shape may have (real shapes have none or one: the
/// extension number); a fixed array keeps the state `Copy` and the DP free of allocations.
const MAX_FRAGMENTS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct State {
    runs: RunState,
    has_required: bool,
    /// For each forbidden fragment: how many of its leading characters the value ends with.
    matched: [u8; MAX_FRAGMENTS],
}

impl State {
    /// The state in one word: the runs, the required flag and each fragment's match length.
    fn packed(self) -> u64 {
        let matched = u64::from(u32::from_le_bytes(self.matched));
        u64::from(self.runs.packed()) | u64::from(self.has_required) << 24 | matched << 32
    }
}

/// Longest `k` such that `text[..k]` is a suffix of `tail` (tail = previous match + `c`).
fn advance(pattern: &[u8], ignore_case: bool, matched: u8, c: u8) -> u8 {
    let mut tail: Vec<u8> = pattern[..usize::from(matched)].to_vec();
    tail.push(c);
    let max = tail.len().min(pattern.len());
    for k in (0..=max).rev() {
        if same_text(&tail[tail.len() - k..], &pattern[..k], ignore_case) {
            return k as u8;
        }
    }
    0
}

/// The number of values of exactly `n` characters, drawn from the shape's generator
/// alphabet, that have no finding.
///
/// Returns `None` if the count does not fit in a `u128` (the caller refuses such lengths).
pub(crate) fn count(shape: &Shape, n: usize) -> Option<u128> {
    if !shape.lengths.contains(&n) || n < shape.strong_min || n == 0 {
        return Some(0);
    }
    let mut total = cached_local_count(shape, &shape.forbidden_fragments, n)?;
    // Whole values the list forbids, counted once each, if the DP counted them. A set: the
    // list may hold every extension number of a large site.
    let mut excluded: std::collections::HashSet<Vec<u8>> = std::collections::HashSet::new();
    for f in &shape.forbidden_values {
        for variant in case_variants(f.text.as_bytes(), f.ignore_case) {
            if excluded.contains(&variant) {
                continue;
            }
            if passes_local_rules(shape, &variant, n) {
                total -= 1;
            }
            excluded.insert(variant);
        }
    }
    Some(total)
}

/// A cheap proof that the set is not empty: the count without fragments and whole values
/// (cached, the same for every extension) exceeds an upper bound of what they remove.
pub(crate) fn certainly_nonempty(shape: &Shape, n: usize) -> bool {
    if !shape.lengths.contains(&n) || n < shape.strong_min || n == 0 {
        return false;
    }
    let Some(base) = cached_local_count(shape, &[], n) else {
        return false;
    };
    let k = shape.generated.len() as u128;
    let mut removed: u128 = 0;
    for f in &shape.forbidden_fragments {
        let m = f.text.len();
        if m == 0 || m > n {
            continue;
        }
        // At most (n - m + 1) places, each with k^(n - m) ways to fill the rest.
        let Some(bound) = u32::try_from(n - m)
            .ok()
            .and_then(|e| k.checked_pow(e))
            .and_then(|p| p.checked_mul((n - m + 1) as u128))
        else {
            return false;
        };
        removed = removed.saturating_add(bound);
    }
    for f in &shape.forbidden_values {
        removed = removed.saturating_add(variant_count(f.text.as_bytes(), f.ignore_case));
    }
    base > removed
}

/// [`local_count`] with these fragments in place of the shape's own, remembered per rule set:
/// replay builds a generator per credential, and only the whole-value list (other values of
/// the record) differs between them.
fn cached_local_count(shape: &Shape, fragments: &[Forbidden], n: usize) -> Option<u128> {
    use std::sync::{Mutex, OnceLock, PoisonError};
    static CACHE: OnceLock<Mutex<HashMap<String, Option<u128>>>> = OnceLock::new();
    let key_fragments: Vec<(&str, bool)> = fragments
        .iter()
        .map(|f| (f.text.as_str(), f.ignore_case))
        .collect();
    let key = format!(
        "{n}|{:?}|{:?}|{:?}|{:?}|{}|{:?}",
        shape.generated,
        shape.required.as_ref().map(|r| &r.0),
        shape.max_equal_run,
        shape.max_sequence_run,
        shape.letter_sequences,
        key_fragments
    );
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(hit) = cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
    {
        return *hit;
    }
    let value = local_count(shape, fragments, n);
    cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(key, value);
    value
}

/// The DP proper: values of `n` characters with no run, `fragments` or required-character
/// finding (whole-value rules are applied by [`count`]).
///
/// The rules make an automaton: a state's successor on a character does not depend on the
/// position, so each reachable state is interned once and its successors are worked out once;
/// each of the `n` layers is then plain additions over a vector indexed by state.
fn local_count(shape: &Shape, fragments: &[Forbidden], n: usize) -> Option<u128> {
    let fragments: Vec<(&[u8], bool)> = fragments
        .iter()
        .filter(|f| !f.text.is_empty())
        .map(|f| (f.text.as_bytes(), f.ignore_case))
        .collect();
    if fragments.len() > MAX_FRAGMENTS || fragments.iter().any(|(p, _)| p.len() > 255) {
        return None;
    }
    let start = State {
        runs: RunState::default(),
        has_required: shape.required.is_none(),
        matched: [0; MAX_FRAGMENTS],
    };
    let mut automaton = Automaton {
        ids: HashMap::from([(start.packed(), 0)]),
        states: vec![start],
        successors: Vec::new(),
    };
    let mut layer: Vec<u128> = vec![1];
    for _ in 0..n {
        automaton.expand(shape, &fragments, layer.len());
        let mut next = vec![0u128; automaton.states.len()];
        for (from, &ways) in layer.iter().enumerate() {
            if ways == 0 {
                continue;
            }
            for &to in automaton.successors[from].iter().flatten() {
                next[to] = next[to].checked_add(ways)?;
            }
        }
        layer = next;
    }
    let mut total: u128 = 0;
    for (state, ways) in automaton.states.iter().zip(layer) {
        if state.has_required {
            total = total.checked_add(ways)?;
        }
    }
    Some(total)
}

/// The reachable states of [`local_count`], numbered in the order found, with each state's
/// successor per generator character (`None` where the character makes a finding).
struct Automaton {
    /// Keyed by [`State::packed`]: one word hashes faster than the fields one by one.
    ids: HashMap<u64, usize>,
    states: Vec<State>,
    successors: Vec<Vec<Option<usize>>>,
}

impl Automaton {
    /// Works out the successors of the first `upto` states that have none yet (numbering the
    /// new states they lead to).
    fn expand(&mut self, shape: &Shape, fragments: &[(&[u8], bool)], upto: usize) {
        while self.successors.len() < upto {
            let state = self.states[self.successors.len()];
            let row = shape
                .generated
                .iter()
                .map(|&c| step(shape, fragments, state, c).map(|next| self.id(next)))
                .collect();
            self.successors.push(row);
        }
    }

    fn id(&mut self, state: State) -> usize {
        *self.ids.entry(state.packed()).or_insert_with(|| {
            self.states.push(state);
            self.states.len() - 1
        })
    }
}

/// The state after `c`, or `None` if `c` completes a run or a forbidden fragment.
fn step(shape: &Shape, fragments: &[(&[u8], bool)], state: State, c: u8) -> Option<State> {
    let (runs, violation) = state.runs.step(shape, c);
    if violation.is_some() {
        return None;
    }
    let mut matched = [0u8; MAX_FRAGMENTS];
    for (i, (pat, ic)) in fragments.iter().enumerate() {
        let m = advance(pat, *ic, state.matched[i], c);
        if usize::from(m) == pat.len() {
            return None;
        }
        matched[i] = m;
    }
    let has_required = state.has_required
        || shape
            .required
            .as_ref()
            .is_some_and(|(req, _)| req.contains(&c));
    Some(State {
        runs,
        has_required,
        matched,
    })
}

/// Membership in the DP's set: right length, generator characters, no run/fragment/required
/// finding (whole-value rules are what the caller is subtracting).
fn passes_local_rules(shape: &Shape, value: &[u8], n: usize) -> bool {
    let mut local = shape.clone();
    local.forbidden_values.clear();
    local.is_member(value, n)
}

/// How many spellings [`case_variants`] lists, without listing them: two per letter when
/// ignoring case.
fn variant_count(text: &[u8], ignore_case: bool) -> u128 {
    if !ignore_case {
        return 1;
    }
    let letters = text.iter().filter(|c| c.is_ascii_alphabetic()).count();
    u32::try_from(letters)
        .ok()
        .and_then(|k| 1u128.checked_shl(k))
        .unwrap_or(u128::MAX)
}

/// Every spelling of `text` that compares equal to it (all case variants when ignoring case).
fn case_variants(text: &[u8], ignore_case: bool) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = vec![Vec::new()];
    for &c in text {
        let options: Vec<u8> = if ignore_case && c.is_ascii_alphabetic() {
            vec![c.to_ascii_lowercase(), c.to_ascii_uppercase()]
        } else {
            vec![c]
        };
        out = out
            .into_iter()
            .flat_map(|prefix| {
                options.iter().map(move |&o| {
                    let mut v = prefix.clone();
                    v.push(o);
                    v
                })
            })
            .collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_variants_cover_every_spelling() {
        assert_eq!(case_variants(b"a1b", true).len(), 4);
        assert_eq!(case_variants(b"a1b", false), vec![b"a1b".to_vec()]);
    }

    #[test]
    fn variant_count_is_the_number_of_case_variants() {
        for (text, ic) in [
            (&b"sltech"[..], true),
            (b"ADMIN1", true),
            (b"a1b", false),
            (b"", true),
        ] {
            assert_eq!(
                variant_count(text, ic),
                case_variants(text, ic).len() as u128
            );
        }
        assert_eq!(variant_count(&[b'a'; 200], true), u128::MAX);
    }

    #[test]
    fn advance_follows_overlapping_prefixes() {
        // pattern "1011": after "101" then '0' the longest prefix suffix is "10".
        assert_eq!(advance(b"1011", false, 3, b'0'), 2);
        assert_eq!(advance(b"1011", false, 3, b'1'), 4);
        assert_eq!(advance(b"101", false, 0, b'1'), 1);
    }
}
