//! Pull-backs met while replaying the log, applied to each card lazily.

use crate::sched::{CardProgress, Day};

/// Every pull-back so far, in order, kept so that "the earliest day of the
/// pull-backs since number k" is one binary search: pulling back to one
/// day and then to another is pulling back to the earlier of the two.
#[derive(Debug, Default)]
pub(super) struct PullBacks {
    /// (number, day), the days increasing from bottom to top: the first
    /// entry numbered k or later holds the earliest day from k on.
    earliest: Vec<(usize, Day)>,
    count: usize,
}

impl PullBacks {
    pub fn push(&mut self, to: Day) {
        while self.earliest.last().is_some_and(|&(_, day)| day >= to) {
            self.earliest.pop();
        }
        self.earliest.push((self.count, to));
        self.count += 1;
    }

    /// How many pull-backs there have been.
    pub fn len(&self) -> usize {
        self.count
    }

    /// `progress` after the pull-backs numbered `seen` and later.
    pub fn apply(&self, progress: CardProgress, seen: usize) -> CardProgress {
        let first = self.earliest.partition_point(|&(number, _)| number < seen);
        match self.earliest.get(first) {
            Some(&(_, day)) => progress.pulled_back(day),
            None => progress,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sched::Quality;

    #[test]
    fn a_card_gets_the_earliest_pull_back_since_it_was_last_answered() {
        let (p, _) = CardProgress::answered(None, Quality::new(5).unwrap(), Day::from_number(500));
        let mut pulls = PullBacks::default();
        pulls.push(Day::from_number(300));
        pulls.push(Day::from_number(100));
        pulls.push(Day::from_number(200));
        assert_eq!(pulls.apply(p, 0).last_day, Day::from_number(100));
        assert_eq!(pulls.apply(p, 2).last_day, Day::from_number(200));
        assert_eq!(pulls.apply(p, 3), p, "none since");
    }
}
