//! Getting ready by an exam date, on top of SM-2 and without bending it:
//! new cards come fast enough that each is seen twice before the date, and
//! in the last days every card whose next review falls on or after the
//! exam gets one extra review before it. Extra reviews are logged as their
//! own kind and leave the SM-2 state alone, so after the date scheduling
//! goes on as if there had been no exam (docs/sm2.md).

use super::day::Day;
use super::progress::CardProgress;

/// The days before the exam in which extra reviews are given.
pub const EXTRA_DAYS: i64 = 3;

/// Days from `today` to the exam (0 on the exam day, negative after).
pub fn days_left(today: Day, exam: Day) -> i64 {
    exam.days_since(today)
}

/// The days on which a new card can still be seen twice before the exam:
/// today up to two days before it (a new card comes back the next day).
pub fn intro_days(today: Day, exam: Day) -> i64 {
    days_left(today, exam) - 1
}

/// New cards a deck introduces today: its usual limit, or more when that
/// is too few to see its `unseen` cards twice before the exam. `None`
/// when they cannot all fit any more (the exam is tomorrow or past).
pub fn new_limit(unseen: usize, today: Day, exam: Day, usual: u32) -> Option<u32> {
    let days = intro_days(today, exam);
    if unseen == 0 {
        return Some(usual);
    }
    if days < 1 {
        return None;
    }
    let needed = unseen.div_ceil(usize::try_from(days).unwrap_or(1));
    Some(usual.max(u32::try_from(needed).unwrap_or(u32::MAX)))
}

/// The first day of the extra reviews.
pub fn window_start(exam: Day) -> Day {
    Day::from_number(exam.number() - EXTRA_DAYS as i32)
}

/// Days of the extra-review window left, today included; `None` outside it.
pub fn window_days_left(today: Day, exam: Day) -> Option<i64> {
    let left = days_left(today, exam);
    (1..=EXTRA_DAYS).contains(&left).then_some(left)
}

/// Whether a card is owed its extra review: its next review falls on or
/// after the exam, it was not answered in the window, and it has not had
/// its extra review there yet.
pub fn owes_extra(progress: &CardProgress, extra_on: Option<Day>, exam: Day) -> bool {
    let start = window_start(exam);
    progress.due_day >= exam && progress.last_day < start && extra_on.is_none_or(|day| day < start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sched::Quality;

    fn day(n: i32) -> Day {
        Day::from_number(n)
    }

    #[test]
    fn new_cards_come_fast_enough_to_be_seen_twice_before_the_exam() {
        // 12 days to go: 11 days to introduce, the last one two days before.
        assert_eq!(intro_days(day(100), day(112)), 11);
        assert_eq!(
            new_limit(198, day(100), day(112), 20),
            Some(20),
            "the usual will do"
        );
        assert_eq!(new_limit(330, day(100), day(112), 20), Some(30));
        assert_eq!(
            new_limit(5, day(110), day(112), 0),
            Some(5),
            "one day left to start them"
        );
        assert_eq!(new_limit(5, day(111), day(112), 20), None, "too late");
        assert_eq!(new_limit(0, day(111), day(112), 20), Some(20));
    }

    #[test]
    fn the_extra_reviews_fall_in_the_last_three_days_for_cards_due_after_the_exam() {
        let exam = day(200);
        assert_eq!(window_days_left(day(196), exam), None);
        assert_eq!(window_days_left(day(197), exam), Some(3));
        assert_eq!(window_days_left(day(199), exam), Some(1));
        assert_eq!(
            window_days_left(day(200), exam),
            None,
            "the exam day itself"
        );
        let (learned, _) = CardProgress::answered(None, Quality::new(5).unwrap(), day(190));
        let far = CardProgress {
            due_day: day(230),
            ..learned
        };
        assert!(owes_extra(&far, None, exam));
        assert!(!owes_extra(&far, Some(day(198)), exam), "had it");
        assert!(
            owes_extra(&far, Some(day(150)), exam),
            "an extra of an earlier exam"
        );
        let soon = CardProgress {
            due_day: day(199),
            ..learned
        };
        assert!(
            !owes_extra(&soon, None, exam),
            "reviewed before the exam anyway"
        );
        let fresh = CardProgress {
            last_day: day(198),
            due_day: day(204),
            ..learned
        };
        assert!(!owes_extra(&fresh, None, exam), "answered in the window");
    }
}
