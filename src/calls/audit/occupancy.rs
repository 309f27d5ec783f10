//! How many calls cover each minute, for the concurrency estimate: a ring of per-minute counts
//! around the latest call start, so a record costs its call's length in minutes (capped)
//! instead of a pass over every call still in the window.

/// The minutes the ring covers: [`MAX_CALL`] after the latest start, and the rest before it,
/// so a record may arrive more than half a day after a later-started one (records come out as
/// calls end) and still be counted.
pub const SPAN: i64 = 1536;
/// The longest a call counts for, in minutes: a hostile 99-hour record must not move the ring
/// days ahead and blind the rule to the calls after it.
pub const MAX_CALL: i64 = 720;

/// Per-minute counts of calls in progress.
#[derive(Debug, Clone)]
pub struct Occupancy {
    counts: Vec<u16>,
    /// The latest minute the ring holds (slots cover `newest - SPAN + 1 ..= newest`), and its
    /// slot, so that the slots of the minutes before it come without a division.
    newest: Option<(i64, i64)>,
}

impl Default for Occupancy {
    fn default() -> Self {
        Occupancy {
            counts: vec![0; SPAN as usize],
            newest: None,
        }
    }
}

fn slot(minute: i64) -> usize {
    minute.rem_euclid(SPAN) as usize
}

/// `len` slots (at most [`SPAN`]) from slot `first` on, as the two runs of the ring they fill.
fn runs(first: usize, len: i64) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
    let len = usize::try_from(len).unwrap_or(0).min(SPAN as usize);
    let end = first + len;
    if end <= SPAN as usize {
        (first..end, 0..0)
    } else {
        (first..SPAN as usize, 0..end - SPAN as usize)
    }
}

impl Occupancy {
    /// The slot of `minute`, which lies in the window or just after it (`oldest..=newest + 1`).
    fn slot_of(&self, minute: i64) -> usize {
        match self.newest {
            Some((newest, at)) if (newest - SPAN + 1..=newest + 1).contains(&minute) => {
                // Within one turn of the ring from the newest slot: one add or subtract.
                let s = at + (minute - newest);
                if s < 0 {
                    (s + SPAN) as usize
                } else if s >= SPAN {
                    (s - SPAN) as usize
                } else {
                    s as usize
                }
            }
            _ => slot(minute),
        }
    }

    /// Moves the window forward so that it ends at `minute`, clearing the slots it leaves.
    fn advance(&mut self, minute: i64) {
        match self.newest {
            Some((n, _)) if minute <= n => {}
            Some((n, at)) => {
                let steps = (minute - n).min(SPAN);
                let first = self.slot_of(minute - steps + 1);
                let (a, b) = runs(first, steps);
                self.counts[a].fill(0);
                self.counts[b].fill(0);
                let at = if minute - n < SPAN {
                    let s = at + (minute - n);
                    if s >= SPAN { s - SPAN } else { s }
                } else {
                    minute.rem_euclid(SPAN)
                };
                self.newest = Some((minute, at));
            }
            None => self.newest = Some((minute, minute.rem_euclid(SPAN))),
        }
    }

    fn oldest(&self) -> i64 {
        self.newest.map_or(i64::MIN, |(n, _)| n - SPAN + 1)
    }

    /// Adds a call from minute `start` to `end` (outside), and returns how many calls cover
    /// `start`, this one included.
    pub fn add(&mut self, start: i64, end: i64) -> usize {
        let end = end.clamp(start + 1, start + MAX_CALL);
        self.advance(start + MAX_CALL);
        let from = start.max(self.oldest());
        let (a, b) = runs(self.slot_of(from), end - from);
        for run in [a, b] {
            for c in &mut self.counts[run] {
                *c = c.saturating_add(1);
            }
        }
        if start < self.oldest() {
            // Older than the window: it counts only itself.
            return 1;
        }
        usize::from(self.counts[self.slot_of(start)])
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
