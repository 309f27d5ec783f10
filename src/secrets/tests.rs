//! Property tests that the counter, the validator and the generator agree, on random shapes
//! small enough to enumerate.

use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;

use super::count::count;
use super::shape::{Forbidden, Shape};
use super::{CredentialKind, RuleId};

const RULE: RuleId = RuleId {
    kind: "test",
    name: "forbidden",
};

fn enumerate(shape: &Shape, n: usize) -> Vec<Vec<u8>> {
    let mut all: Vec<Vec<u8>> = vec![Vec::new()];
    for _ in 0..n {
        all = all
            .into_iter()
            .flat_map(|p| {
                shape.generated.iter().map(move |&c| {
                    let mut v = p.clone();
                    v.push(c);
                    v
                })
            })
            .collect();
    }
    all.into_iter().filter(|v| shape.is_member(v, n)).collect()
}

fn arb_shape() -> impl Strategy<Value = Shape> {
    let alphabet = prop::sample::subsequence(b"0123456789*#abAB".to_vec(), 2..6);
    (
        alphabet,
        any::<bool>(),
        prop::option::of(1usize..3),
        prop::option::of(1usize..3),
        any::<bool>(),
        prop::collection::vec(
            prop::collection::vec(prop::sample::select(b"0123ab*A".to_vec()), 1..3),
            0..2,
        ),
        prop::collection::vec(
            prop::collection::vec(prop::sample::select(b"0123ab*A#".to_vec()), 1..5),
            0..4,
        ),
        any::<bool>(),
    )
        .prop_map(
            |(mut generated, req, eq, seq, letters, frags, values, ic)| {
                generated.sort_unstable();
                let forbid = |t: Vec<u8>, ic: bool| Forbidden {
                    text: String::from_utf8(t).unwrap(),
                    ignore_case: ic,
                    rule: RULE,
                    message: String::new(),
                };
                Shape {
                    prefix: "test",
                    accepted: generated.clone(),
                    accepted_text: "",
                    generated,
                    lengths: 1..=5,
                    strong_min: 1,
                    required: req.then(|| (b"*#b".to_vec(), "")),
                    max_equal_run: eq,
                    max_sequence_run: seq,
                    letter_sequences: letters,
                    forbidden_fragments: frags.into_iter().map(|f| forbid(f, ic)).collect(),
                    forbidden_values: values.into_iter().map(|v| forbid(v, ic)).collect(),
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The dynamic-programming count equals brute-force enumeration, for any rule mix.
    #[test]
    fn count_equals_enumeration(shape in arb_shape(), n in 1usize..=4) {
        let brute = enumerate(&shape, n).len() as u128;
        prop_assert_eq!(count(&shape, n), Some(brute));
    }
}

/// A chi-square statistic of `observed` against a uniform expectation.
fn chi_square(observed: &[u64], total: u64) -> f64 {
    let expected = total as f64 / observed.len() as f64;
    observed
        .iter()
        .map(|&o| (o as f64 - expected).powi(2) / expected)
        .sum()
}

#[test]
fn generator_is_uniform_over_a_small_set() {
    // A real kind (voicemail code) with an extension: 4 digits, many rules, a set of
    // thousands. Sampling 40 per value and comparing with chi-square at about 5 sigma.
    let ctx = super::Context {
        extension: Some("47"),
        ..super::Context::default()
    };
    let g = super::Generator::new(CredentialKind::Code, None, &ctx).unwrap();
    let size = usize::try_from(g.set_size().size).unwrap();
    let shape = super::policy::shape(CredentialKind::Code, &ctx).unwrap();
    let members = enumerate(&shape, 4);
    assert_eq!(members.len(), size, "counted size equals enumeration");
    let mut counts = std::collections::HashMap::<Vec<u8>, u64>::new();
    let mut rng = ChaCha20Rng::seed_from_u64(7);
    let draws = 40 * size as u64;
    for _ in 0..draws {
        let v = g.draw(&mut rng);
        let v = secrecy::ExposeSecret::expose_secret(&v).as_bytes().to_vec();
        *counts.entry(v).or_default() += 1;
    }
    assert_eq!(
        counts.len(),
        size,
        "every member is reachable and nothing else appears"
    );
    let observed: Vec<u64> = members.iter().map(|m| counts[m]).collect();
    let df = (size - 1) as f64;
    let stat = chi_square(&observed, draws);
    assert!(
        stat < df + 5.0 * (2.0 * df).sqrt(),
        "chi-square {stat} for df {df}"
    );
}

#[test]
fn chi_square_detects_a_biased_sample() {
    // The statistic above must be able to fail: a sample that favours one value does.
    let mut observed = vec![40u64; 1000];
    observed[0] = 400;
    let total: u64 = observed.iter().sum();
    let df = 999.0f64;
    assert!(chi_square(&observed, total) > df + 5.0 * (2.0 * df).sqrt());
}
