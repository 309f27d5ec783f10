//! The last N call times of a burst rule, with their spread: records come out as calls end,
//! so the times are nearly but not always in order. While they are in order (the usual case)
//! the spread is the last minus the first; only after an out-of-order time is it a pass.

use std::collections::VecDeque;

/// The most recent call times (minutes), oldest first.
#[derive(Debug, Clone, Default)]
pub struct Window {
    times: VecDeque<i64>,
    /// Adjacent pairs out of order (a later entry smaller than the one before it).
    inversions: usize,
}

impl Window {
    /// Pushes `at`, keeps the last `calls` times, and reports whether they all fall within
    /// `minutes` (their spread, earliest to latest); the window is emptied after a hit, so one
    /// burst gives one alert.
    pub fn hit(&mut self, at: i64, calls: u32, minutes: u32) -> Option<i64> {
        if self.times.back().is_some_and(|b| at < *b) {
            self.inversions += 1;
        }
        self.times.push_back(at);
        while self.times.len() > calls as usize {
            if let (Some(a), Some(b)) = (self.times.front(), self.times.get(1))
                && b < a
            {
                self.inversions -= 1;
            }
            self.times.pop_front();
        }
        if self.times.len() < calls as usize {
            return None;
        }
        let (lo, hi) = match (self.inversions, self.times.front(), self.times.back()) {
            (0, Some(first), Some(last)) => (*first, *last),
            _ => self
                .times
                .iter()
                .fold((i64::MAX, i64::MIN), |(lo, hi), t| (lo.min(*t), hi.max(*t))),
        };
        if hi - lo < i64::from(minutes) {
            self.times.clear();
            self.inversions = 0;
            Some(hi - lo)
        } else {
            None
        }
    }

    /// The latest time pushed.
    pub fn last(&self) -> Option<i64> {
        self.times.back().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
