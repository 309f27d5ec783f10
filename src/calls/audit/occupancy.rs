//! How many calls cover each minute, for the concurrency estimate: a ring of per-minute counts
//! around the latest call start, so a record costs its call's length in minutes (capped)
//! instead of a pass over every call still in the window.

/// The minutes the ring covers: [`MAX_CALL`] after the latest start, and the rest before it,
/// so a record may arrive more than half a day after a later-started one (records come out as
/// calls end) and still be counted. A power of two, so a minute's slot is its low bits.
pub const SPAN: i64 = 2048;
/// The longest a call counts for, in minutes: a hostile 99-hour record must not move the ring
/// days ahead and blind the rule to the calls after it.
pub const MAX_CALL: i64 = 720;

/// Per-minute counts of calls in progress.
#[derive(Debug, Clone)]
pub struct Occupancy {
    counts: Box<[u16; SPAN as usize]>,
    /// The latest minute the ring holds: slots cover `newest - SPAN + 1 ..= newest`.
    newest: Option<i64>,
}

impl Default for Occupancy {
    fn default() -> Self {
        Occupancy {
            counts: Box::new([0; SPAN as usize]),
            newest: None,
        }
    }
}

/// The longest call, in minutes, added to a fixed run of slots instead of by a loop over its
/// minutes (most calls are shorter).
const SHORT_CALL: usize = 16;

/// The slot of `minute`: its low bits (for a negative minute too, in two's complement).
fn slot(minute: i64) -> usize {
    (minute & (SPAN - 1)) as usize
}

impl Occupancy {
    /// Moves the window forward so that it ends at `minute`, clearing the slots it leaves.
    fn advance(&mut self, minute: i64) {
        match self.newest {
            Some(n) if minute <= n => return,
            Some(n) => {
                for m in n + 1..=minute.min(n + SPAN) {
                    self.counts[slot(m)] = 0;
                }
            }
            None => {}
        }
        self.newest = Some(minute);
    }

    fn oldest(&self) -> i64 {
        self.newest.map_or(i64::MIN, |n| n - SPAN + 1)
    }

    /// Adds a call from minute `start` to `end` (outside), and returns how many calls cover
    /// `start`, this one included.
    pub fn add(&mut self, start: i64, end: i64) -> usize {
        let end = end.clamp(start + 1, start + MAX_CALL);
        self.advance(start + MAX_CALL);
        let oldest = self.oldest();
        let from = start.max(oldest);
        let first = slot(from);
        let minutes = usize::try_from(end - from).unwrap_or(0);
        match self.counts.get_mut(first..first + SHORT_CALL) {
            // A call of up to SHORT_CALL minutes that does not wrap: a fixed run of slots,
            // one added to each minute of the call and nothing to the rest. A loop whose end
            // depends on the call's length is mispredicted about once a call; the fixed run
            // took about 2 % off the audit's CPU time on the bench's file (three sets of
            // interleaved runs), for 28 more instructions a record.
            Some(run) if (1..=SHORT_CALL).contains(&minutes) => {
                for (i, c) in run.iter_mut().enumerate() {
                    *c = c.saturating_add(u16::from(i < minutes));
                }
            }
            _ => {
                for m in from..end {
                    let c = &mut self.counts[slot(m)];
                    *c = c.saturating_add(1);
                }
            }
        }
        if start < oldest {
            // Older than the window: it counts only itself.
            return 1;
        }
        usize::from(self.counts[slot(start)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The count the old list of calls gave: calls with `s <= start < e`.
    fn brute(calls: &[(i64, i64)], start: i64) -> usize {
        calls
            .iter()
            .filter(|(s, e)| *s <= start && start < (*e).clamp(*s + 1, *s + MAX_CALL))
            .count()
    }

    #[test]
    fn counts_agree_with_the_list_of_calls() {
        // Out of order by up to an hour, some long calls, a gap of more than the span.
        let mut state = 7u64;
        let mut next = |n: i64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            i64::try_from(state >> 33).unwrap() % n
        };
        let mut occ = Occupancy::default();
        let mut calls = Vec::new();
        let mut clock = 10_000i64;
        for i in 0..5000 {
            clock += next(3);
            if i == 2500 {
                clock += 5000;
            }
            let start = clock - next(60);
            let end = start + 1 + next(if i % 50 == 0 { 900 } else { 15 });
            calls.push((start, end));
            let recent: Vec<(i64, i64)> = calls
                .iter()
                .copied()
                .filter(|(_, e)| *e > clock - 1000)
                .collect();
            assert_eq!(occ.add(start, end), brute(&recent, start), "call {i}");
        }
    }

    #[test]
    fn a_call_far_older_than_the_window_counts_itself() {
        let mut occ = Occupancy::default();
        occ.add(100_000, 100_010);
        assert_eq!(occ.add(10, 20), 1);
        assert_eq!(occ.add(100_005, 100_006), 2);
    }
}
