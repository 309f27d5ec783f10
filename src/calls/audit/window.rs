//! The last N call times of a burst rule, with their spread: records come out as calls end,
//! so the times are nearly but not always in order. While they are in order (the usual case)
//! the spread is the last minus the first; only after an out-of-order time is it a pass.

/// The most recent call times (minutes): a ring that fills up to the rule's call count, then
/// overwrites its oldest entry.
#[derive(Debug, Clone, Default)]
pub struct Window {
    /// The times; once `calls` are held, the oldest is at `head`.
    times: Vec<i64>,
    head: usize,
    /// The latest time pushed.
    newest: Option<i64>,
    /// Adjacent pairs out of order (a later entry smaller than the one before it).
    inversions: usize,
}

impl Window {
    /// Pushes `at`, keeps the last `calls` times, and reports whether they all fall within
    /// `minutes` (their spread, earliest to latest); the window is emptied after a hit, so one
    /// burst gives one alert.
    pub fn hit(&mut self, at: i64, calls: u32, minutes: u32) -> Option<i64> {
        let calls = calls as usize;
        if self.newest.is_some_and(|b| at < b) {
            self.inversions += 1;
        }
        self.newest = Some(at);
        if self.times.len() < calls {
            self.times.push(at);
            if self.times.len() < calls {
                return None;
            }
        } else if self.times.is_empty() {
            return None;
        } else {
            // The oldest leaves: its pair with the next oldest (the new time, in a ring of
            // one) leaves the count with it.
            let next = if self.head + 1 == self.times.len() {
                0
            } else {
                self.head + 1
            };
            let second = if next == self.head {
                at
            } else {
                self.times[next]
            };
            if second < self.times[self.head] {
                self.inversions -= 1;
            }
            self.times[self.head] = at;
            self.head = next;
        }
        let (lo, hi) = if self.inversions == 0 {
            (self.times[self.head], at)
        } else {
            self.times
                .iter()
                .fold((i64::MAX, i64::MIN), |(lo, hi), t| (lo.min(*t), hi.max(*t)))
        };
        if hi - lo < i64::from(minutes) {
            self.times.clear();
            self.head = 0;
            self.newest = None;
            self.inversions = 0;
            Some(hi - lo)
        } else {
            None
        }
    }

    /// The latest time pushed.
    pub fn last(&self) -> Option<i64> {
        self.newest
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    /// The old rule: the spread of the last `calls` times by a pass over them.
    fn reference(times: &mut VecDeque<i64>, at: i64, calls: u32, minutes: u32) -> Option<i64> {
        times.push_back(at);
        while times.len() > calls as usize {
            times.pop_front();
        }
        if times.len() < calls as usize {
            return None;
        }
        let (lo, hi) = times
            .iter()
            .fold((i64::MAX, i64::MIN), |(lo, hi), t| (lo.min(*t), hi.max(*t)));
        if hi - lo < i64::from(minutes) {
            times.clear();
            Some(hi - lo)
        } else {
            None
        }
    }

    #[test]
    fn agrees_with_a_pass_over_the_times_in_and_out_of_order() {
        let mut state = 11u64;
        let mut next = |n: i64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            i64::try_from(state >> 33).unwrap() % n
        };
        for (calls, minutes) in [(5, 10), (30, 10), (1, 1), (3, 60)] {
            let mut window = Window::default();
            let mut old = VecDeque::new();
            let mut clock = 0;
            for i in 0..20_000 {
                clock += next(4);
                // Now and then a record of a call that started a while before.
                let at = if i % 7 == 0 { clock - next(30) } else { clock };
                assert_eq!(
                    window.hit(at, calls, minutes),
                    reference(&mut old, at, calls, minutes),
                    "call {i} ({calls} in {minutes})"
                );
            }
        }
    }
}
