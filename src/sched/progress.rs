//! What we know of one card direction after its answers so far, and how one
//! more answer changes it. The store caches these records; replaying the
//! review log through [`CardProgress::answered`] must give the same records.

use super::day::Day;
use super::sm2::{Quality, Sm2State};

/// Whether an answer moved the SM-2 schedule or was one of SM-2's same-day
/// repeats (published step 7), which leave the schedule alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnswerKind {
    Scheduled,
    SameDayRepeat,
}

impl AnswerKind {
    /// The number stored in the review log. Never renumber these.
    pub const fn code(self) -> i64 {
        match self {
            AnswerKind::Scheduled => 0,
            AnswerKind::SameDayRepeat => 1,
        }
    }

    pub const fn from_code(code: i64) -> Option<Self> {
        match code {
            0 => Some(AnswerKind::Scheduled),
            1 => Some(AnswerKind::SameDayRepeat),
            _ => None,
        }
    }
}

/// Where a card stands, in the words the window, `cardwise stats` and the
/// docs all use (Anki's): never studied, still being learnt, in review,
/// or well known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// Never answered.
    New,
    /// Answered, but not yet recalled twice in a row: its last scheduled
    /// review failed, or it has passed only its first (SM-2 repetitions
    /// below 2; the next review is a day away).
    Learning,
    /// Recalled at least twice in a row, with an interval under
    /// [`MATURE_INTERVAL_DAYS`]: in review, still young.
    Young,
    /// In review with an interval of [`MATURE_INTERVAL_DAYS`] or more.
    Mature,
}

/// From this interval on, a card in review is mature (as in Anki).
pub const MATURE_INTERVAL_DAYS: u32 = 21;

impl Stage {
    /// The stage of a card with this progress (`None`: never answered).
    pub fn of(progress: Option<&CardProgress>) -> Stage {
        match progress {
            None => Stage::New,
            Some(p) if p.sm2.repetitions < 2 => Stage::Learning,
            Some(p) if p.sm2.interval_days < MATURE_INTERVAL_DAYS => Stage::Young,
            Some(_) => Stage::Mature,
        }
    }

    pub const fn name(self) -> &'static str {
        match self {
            Stage::New => "new",
            Stage::Learning => "learning",
            Stage::Young => "young",
            Stage::Mature => "mature",
        }
    }
}

/// The cached state of one card direction that has been answered at least once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CardProgress {
    pub sm2: Sm2State,
    /// The study day on which the next scheduled review falls.
    pub due_day: Day,
    /// The day of the very first answer: counts against that day's new-card limit.
    pub first_day: Day,
    /// The day of the latest answer, scheduled or repeat.
    pub last_day: Day,
    /// The grade of the latest answer; below 4 on `last_day` means the card
    /// still has to come back that day.
    pub last_quality: Quality,
    /// Every answer, repeats included.
    pub answers: u32,
    /// Scheduled reviews graded below 3.
    pub lapses: u32,
}

impl CardProgress {
    /// The progress after an answer graded `quality` on study day `today`,
    /// starting from `before` (`None` for a card never answered).
    ///
    /// The first answer on a day is the scheduled review; any later answer on
    /// the same day is a same-day repeat that leaves the SM-2 state and the
    /// due day alone. An answer dated before the latest one (the clock went
    /// backwards) also counts as a repeat, so a wrong clock can never
    /// reschedule a card into the past.
    pub fn answered(
        before: Option<&CardProgress>,
        quality: Quality,
        today: Day,
    ) -> (CardProgress, AnswerKind) {
        let kind = match before {
            Some(before) if today <= before.last_day => AnswerKind::SameDayRepeat,
            _ => AnswerKind::Scheduled,
        };
        (Self::applied(before, quality, kind, today), kind)
    }

    /// The progress after an answer whose kind is already known, as a
    /// replay of the review log applies it: a scheduled review moves SM-2
    /// and dates the card `day`; a same-day repeat only counts.
    pub fn applied(
        before: Option<&CardProgress>,
        quality: Quality,
        kind: AnswerKind,
        day: Day,
    ) -> CardProgress {
        match (before, kind) {
            (Some(before), AnswerKind::SameDayRepeat) => CardProgress {
                last_quality: quality,
                answers: before.answers.saturating_add(1),
                ..*before
            },
            _ => {
                let prior = before.map_or(Sm2State::NEW, |p| p.sm2);
                let sm2 = prior.graded(quality);
                CardProgress {
                    sm2,
                    due_day: day.plus(sm2.interval_days),
                    first_day: before.map_or(day, |p| p.first_day.min(day)),
                    last_day: day,
                    last_quality: quality,
                    answers: before.map_or(1, |p| p.answers.saturating_add(1)),
                    lapses: before.map_or(0, |p| p.lapses) + u32::from(!quality.passed()),
                }
            }
        }
    }

    /// This record as it reads once an answer dated `day` has been logged
    /// after it: every date later than `day` is pulled back to `day`, so the
    /// card counts as last answered then and falls due `interval` days
    /// after that at the latest. The log's order is the truth and the
    /// present clock is trusted: a date that a later answer contradicts was
    /// given by a clock that ran ahead (docs/storage.md, "Clock surprises").
    pub fn pulled_back(self, day: Day) -> CardProgress {
        if self.last_day <= day {
            return self;
        }
        CardProgress {
            // The due day is the last scheduled review's day plus the
            // interval, and that review was on or before `last_day`.
            due_day: self.due_day.min(day.plus(self.sm2.interval_days)),
            first_day: self.first_day.min(day),
            last_day: day,
            ..self
        }
    }

    /// Still owes a same-day repeat on `today` (graded below 4 today).
    pub fn repeat_pending(&self, today: Day) -> bool {
        self.last_day == today && self.last_quality.repeat_today()
    }

    /// Due for its scheduled review on `today` (and not yet answered today).
    pub fn is_due(&self, today: Day) -> bool {
        self.due_day <= today && self.last_day < today
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(g: u8) -> Quality {
        Quality::new(g).unwrap()
    }

    #[test]
    fn first_answer_schedules_and_records_the_day() {
        let today = Day::from_number(100);
        let (p, kind) = CardProgress::answered(None, q(4), today);
        assert_eq!(kind, AnswerKind::Scheduled);
        assert_eq!(
            (p.due_day, p.first_day, p.last_day),
            (today.plus(1), today, today)
        );
        assert_eq!((p.answers, p.lapses), (1, 0));
        assert!(!p.repeat_pending(today));
    }

    #[test]
    fn same_day_repeats_change_nothing_but_the_last_grade() {
        let today = Day::from_number(100);
        let (first, _) = CardProgress::answered(None, q(2), today);
        assert!(first.repeat_pending(today));
        let (again, kind) = CardProgress::answered(Some(&first), q(3), today);
        assert_eq!(kind, AnswerKind::SameDayRepeat);
        assert_eq!((again.sm2, again.due_day), (first.sm2, first.due_day));
        assert!(
            again.repeat_pending(today),
            "3 is below 4: still comes back"
        );
        let (done, _) = CardProgress::answered(Some(&again), q(4), today);
        assert!(!done.repeat_pending(today));
        assert_eq!(done.sm2, first.sm2);
        assert_eq!((done.answers, done.lapses), (3, 1));
    }

    #[test]
    fn next_day_answer_is_scheduled_from_the_sm2_state() {
        let day = Day::from_number(100);
        let (p1, _) = CardProgress::answered(None, q(5), day);
        let (p2, kind) = CardProgress::answered(Some(&p1), q(5), day.plus(1));
        assert_eq!(kind, AnswerKind::Scheduled);
        assert_eq!(p2.sm2.interval_days, 6);
        assert_eq!(p2.due_day, day.plus(7));
        assert_eq!(p2.first_day, day);
    }

    #[test]
    fn a_clock_that_went_backwards_never_reschedules_into_the_past() {
        let day = Day::from_number(100);
        let (p1, _) = CardProgress::answered(None, q(5), day);
        let (p2, kind) = CardProgress::answered(Some(&p1), q(5), Day::from_number(90));
        assert_eq!(kind, AnswerKind::SameDayRepeat);
        assert_eq!(p2.due_day, p1.due_day);
    }

    #[test]
    fn pulling_back_dates_a_card_as_answered_on_the_later_logged_day() {
        let ahead = Day::from_number(500);
        let (p1, _) = CardProgress::answered(None, q(4), Day::from_number(99));
        let (p2, _) = CardProgress::answered(Some(&p1), q(5), ahead);
        assert_eq!((p2.sm2.interval_days, p2.due_day), (6, ahead.plus(6)));
        let back = Day::from_number(100);
        let pulled = p2.pulled_back(back);
        assert_eq!(pulled.last_day, back);
        assert_eq!(pulled.due_day, back.plus(6), "due after its interval");
        assert_eq!(pulled.first_day, Day::from_number(99), "earlier dates stay");
        assert_eq!((pulled.sm2, pulled.answers), (p2.sm2, p2.answers));
        assert_eq!(
            p1.pulled_back(back),
            p1,
            "nothing later than the day: unchanged"
        );
    }

    #[test]
    fn pulling_back_never_makes_a_due_day_later() {
        // Scheduled on day 100 for day 101, repeated (same day) later on.
        let (p, _) = CardProgress::answered(None, q(1), Day::from_number(100));
        let (p, _) = CardProgress::answered(Some(&p), q(4), Day::from_number(100));
        assert_eq!(p.pulled_back(Day::from_number(100)), p);
        let pulled = p.pulled_back(Day::from_number(95));
        assert_eq!(pulled.due_day, Day::from_number(96));
    }

    #[test]
    fn an_answer_applied_with_its_logged_kind_equals_the_answer_given() {
        let day = Day::from_number(100);
        let (p1, k1) = CardProgress::answered(None, q(2), day);
        assert_eq!(CardProgress::applied(None, q(2), k1, day), p1);
        let (p2, k2) = CardProgress::answered(Some(&p1), q(4), day);
        assert_eq!(k2, AnswerKind::SameDayRepeat);
        assert_eq!(CardProgress::applied(Some(&p1), q(4), k2, day), p2);
    }

    #[test]
    fn a_card_is_learning_until_recalled_twice_then_young_then_mature_at_21_days() {
        let day = Day::from_number(100);
        assert_eq!(Stage::of(None), Stage::New);
        let (p, _) = CardProgress::answered(None, q(5), day);
        assert_eq!(Stage::of(Some(&p)), Stage::Learning, "one pass");
        let (p, _) = CardProgress::answered(Some(&p), q(5), day.plus(1));
        assert_eq!(Stage::of(Some(&p)), Stage::Young, "two passes: 6 days");
        let (p, _) = CardProgress::answered(Some(&p), q(5), day.plus(7));
        assert_eq!(
            (p.sm2.interval_days, Stage::of(Some(&p))),
            (17, Stage::Young)
        );
        let (p, _) = CardProgress::answered(Some(&p), q(5), day.plus(24));
        assert_eq!(Stage::of(Some(&p)), Stage::Mature);
        let (p, _) = CardProgress::answered(Some(&p), q(1), day.plus(80));
        assert_eq!(Stage::of(Some(&p)), Stage::Learning, "a lapse starts over");
    }

    #[test]
    fn due_means_on_or_after_the_due_day_and_not_answered_today() {
        let day = Day::from_number(100);
        let (p, _) = CardProgress::answered(None, q(4), day);
        assert!(!p.is_due(day));
        assert!(p.is_due(day.plus(1)));
        assert!(p.is_due(day.plus(30)));
    }
}
