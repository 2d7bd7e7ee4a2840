//! SM-2 exactly as Piotr Wozniak published it (SuperMemo, 1990).
//!
//! Pure arithmetic on small `Copy` values: no clock, no storage, no RNG.
//! `docs/sm2.md` quotes the published steps, names their ambiguities and the
//! reading taken here.
//!
//! The easiness factor (EF) is kept in hundredths. The update formula only
//! ever moves EF by +0.10, 0, −0.14, −0.32 or −0.54, so hundredths are exact,
//! and `ceil(interval × EF)` is computed in integers: 140 × 2.90 is 406, not
//! the 407 that floating-point noise would give.

use std::fmt;

/// One grade of SuperMemo's 0–5 scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quality(u8);

/// Every grade, lowest first.
pub const QUALITIES: [Quality; 6] = [
    Quality(0),
    Quality(1),
    Quality(2),
    Quality(3),
    Quality(4),
    Quality(5),
];

/// Grades from this one up count as recalled (published step 6).
pub const PASSING: Quality = Quality(3);
/// Grades below this one come back in the same session (published step 7).
pub const SESSION_DONE: Quality = Quality(4);

impl Quality {
    pub const fn new(grade: u8) -> Option<Self> {
        if grade <= 5 { Some(Self(grade)) } else { None }
    }

    pub const fn value(self) -> u8 {
        self.0
    }

    /// Recalled: the repetition counts and the interval grows.
    pub const fn passed(self) -> bool {
        self.0 >= PASSING.0
    }

    /// Step 7: a grade below 4 brings the item back in today's session.
    pub const fn repeat_today(self) -> bool {
        self.0 < SESSION_DONE.0
    }

    /// A short name for a grade button.
    pub const fn label(self) -> &'static str {
        match self.0 {
            0 => "Blackout",
            1 => "Wrong",
            2 => "Almost",
            3 => "Hard",
            4 => "Good",
            _ => "Perfect",
        }
    }

    /// SuperMemo's own meaning of the grade.
    pub const fn meaning(self) -> &'static str {
        match self.0 {
            0 => "complete blackout",
            1 => "incorrect response; the correct one remembered on seeing it",
            2 => "incorrect response; the correct one seemed easy to recall",
            3 => "correct response recalled with serious difficulty",
            4 => "correct response after a hesitation",
            _ => "perfect response",
        }
    }
}

impl fmt::Display for Quality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The easiness factor, in hundredths (250 is EF 2.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Easiness(u16);

/// Every item starts at EF 2.5 (published step 2).
pub const START_EASINESS: Easiness = Easiness(250);
/// EF never falls below 1.3 (published step 5).
pub const MIN_EASINESS: Easiness = Easiness(130);
/// The interval after the first successful repetition (I(1)).
pub const FIRST_INTERVAL_DAYS: u32 = 1;
/// The interval after the second successful repetition (I(2)).
pub const SECOND_INTERVAL_DAYS: u32 = 6;
/// Our one deliberate deviation: intervals stop growing at about a century,
/// so that day numbers never overflow and "due in 10^40 days" never shows.
pub const MAX_INTERVAL_DAYS: u32 = 36_500;

impl Easiness {
    /// `None` below the 1.3 floor, which no SM-2 history can reach.
    pub const fn from_hundredths(hundredths: u16) -> Option<Self> {
        if hundredths >= MIN_EASINESS.0 {
            Some(Self(hundredths))
        } else {
            None
        }
    }

    pub const fn hundredths(self) -> u16 {
        self.0
    }

    /// For display and JSON only; the arithmetic never goes through floats.
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }

    /// EF' = EF + (0.1 − (5 − q)(0.08 + (5 − q)·0.02)), floored at 1.3,
    /// all in hundredths: 10 − d(8 + 2d) with d = 5 − q.
    fn after(self, quality: Quality) -> Self {
        let d = i32::from(5 - quality.0);
        let delta = 10 - d * (8 + 2 * d);
        let next = (i32::from(self.0) + delta).max(i32::from(MIN_EASINESS.0));
        // The sum is between 130 and u16::MAX + 10; clamp rather than wrap.
        Self(u16::try_from(next).unwrap_or(u16::MAX))
    }
}

impl fmt::Display for Easiness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.as_f64())
    }
}

/// The SM-2 state of one card direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Sm2State {
    /// Successful repetitions in a row (n in the published text).
    pub repetitions: u32,
    /// Days until the next review; 0 for a card never answered.
    pub interval_days: u32,
    pub easiness: Easiness,
}

impl Default for Sm2State {
    fn default() -> Self {
        Self::NEW
    }
}

impl Sm2State {
    /// A card that has never been answered.
    pub const NEW: Sm2State = Sm2State {
        repetitions: 0,
        interval_days: 0,
        easiness: START_EASINESS,
    };

    /// The state after one scheduled review graded `quality`.
    ///
    /// q ≥ 3: I(1) = 1, I(2) = 6, I(n) = ⌈I(n−1) × EF⌉ with the EF from
    /// before this grade, then EF is updated. q < 3: the repetitions start
    /// again (next interval I(1) = 1 day) and EF is left as it was.
    pub fn graded(self, quality: Quality) -> Sm2State {
        if !quality.passed() {
            return Sm2State {
                repetitions: 0,
                interval_days: FIRST_INTERVAL_DAYS,
                easiness: self.easiness,
            };
        }
        let repetitions = self.repetitions.saturating_add(1);
        let interval_days = match repetitions {
            1 => FIRST_INTERVAL_DAYS,
            2 => SECOND_INTERVAL_DAYS,
            _ => {
                let product = u64::from(self.interval_days) * u64::from(self.easiness.0);
                let days = product.div_ceil(100).min(u64::from(MAX_INTERVAL_DAYS));
                // Capped at MAX_INTERVAL_DAYS just above, so it fits in u32.
                u32::try_from(days).unwrap_or(MAX_INTERVAL_DAYS)
            }
        };
        Sm2State {
            repetitions,
            interval_days,
            easiness: self.easiness.after(quality),
        }
    }

    /// The outcome of every grade at once, indexed by grade, so that the
    /// grade buttons can show the interval each would give.
    pub fn next_states(self) -> [Sm2State; 6] {
        QUALITIES.map(|q| self.graded(q))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(grade: u8) -> Quality {
        Quality::new(grade).unwrap()
    }

    fn trace(grades: &[u8]) -> Vec<(u32, u32, u16)> {
        let mut state = Sm2State::NEW;
        grades
            .iter()
            .map(|&g| {
                state = state.graded(q(g));
                (
                    state.repetitions,
                    state.interval_days,
                    state.easiness.hundredths(),
                )
            })
            .collect()
    }

    #[test]
    fn first_perfect_answer_gives_one_day_and_ef_2_6() {
        assert_eq!(trace(&[5]), vec![(1, 1, 260)]);
    }

    #[test]
    fn intervals_are_1_then_6_then_previous_times_old_ef_rounded_up() {
        // 6 × 2.7 = 16.2 → 17 (EF before the third grade is 2.7);
        // 17 × 2.8 = 47.6 → 48; 48 × 2.9 = 139.2 → 140.
        assert_eq!(
            trace(&[5, 5, 5, 5, 5]),
            vec![
                (1, 1, 260),
                (2, 6, 270),
                (3, 17, 280),
                (4, 48, 290),
                (5, 140, 300)
            ]
        );
    }

    #[test]
    fn interval_product_is_exact_140_times_2_9_is_406() {
        // In floats 140.0 * 2.9 is 406.00000000000006 and would round up to 407.
        let state = Sm2State {
            repetitions: 5,
            interval_days: 140,
            easiness: Easiness::from_hundredths(290).unwrap(),
        };
        assert_eq!(state.graded(q(4)).interval_days, 406);
    }

    #[test]
    fn ef_changes_per_grade_match_the_formula() {
        let from = |g| Sm2State::NEW.graded(q(g)).easiness.hundredths();
        assert_eq!(from(5), 260);
        assert_eq!(from(4), 250);
        assert_eq!(from(3), 236);
    }

    #[test]
    fn failing_grade_restarts_repetitions_and_keeps_ef() {
        // 5, 5 → EF 2.7; a 2 restarts at I(1) without touching EF.
        assert_eq!(
            trace(&[5, 5, 2, 4, 4, 4]),
            vec![
                (1, 1, 260),
                (2, 6, 270),
                (0, 1, 270),
                (1, 1, 270),
                (2, 6, 270),
                (3, 17, 270)
            ]
        );
        for grade in 0..3 {
            let before = Sm2State {
                repetitions: 4,
                interval_days: 50,
                easiness: Easiness::from_hundredths(210).unwrap(),
            };
            let after = before.graded(q(grade));
            assert_eq!(after.easiness, before.easiness, "grade {grade}");
            assert_eq!((after.repetitions, after.interval_days), (0, 1));
        }
    }

    #[test]
    fn ef_never_drops_below_1_3() {
        let trace = trace(&[3, 3, 3, 3, 3, 3, 3, 3, 3]);
        let efs: Vec<u16> = trace.iter().map(|t| t.2).collect();
        assert_eq!(efs, vec![236, 222, 208, 194, 180, 166, 152, 138, 130]);
        let state = Sm2State {
            repetitions: 3,
            interval_days: 10,
            easiness: MIN_EASINESS,
        };
        assert_eq!(state.graded(q(3)).easiness, MIN_EASINESS);
        // ⌈10 × 1.3⌉ = 13
        assert_eq!(state.graded(q(3)).interval_days, 13);
    }

    #[test]
    fn intervals_are_capped_at_a_century() {
        let mut state = Sm2State::NEW;
        for _ in 0..40 {
            state = state.graded(q(5));
        }
        assert_eq!(state.interval_days, MAX_INTERVAL_DAYS);
        let state = Sm2State {
            repetitions: 10,
            interval_days: u32::MAX,
            easiness: Easiness::from_hundredths(u16::MAX).unwrap(),
        };
        assert_eq!(state.graded(q(5)).interval_days, MAX_INTERVAL_DAYS);
        assert_eq!(state.graded(q(5)).easiness.hundredths(), u16::MAX);
    }

    #[test]
    fn next_states_lists_every_grade_in_order() {
        let state = Sm2State {
            repetitions: 1,
            interval_days: 1,
            easiness: Easiness::from_hundredths(260).unwrap(),
        };
        let days: Vec<u32> = state
            .next_states()
            .iter()
            .map(|s| s.interval_days)
            .collect();
        assert_eq!(days, vec![1, 1, 1, 6, 6, 6]);
    }

    #[test]
    fn grades_outside_0_to_5_do_not_exist() {
        assert!(Quality::new(6).is_none());
        assert_eq!(Quality::new(0).map(Quality::value), Some(0));
        assert!(q(3).passed() && !q(2).passed());
        assert!(q(3).repeat_today() && !q(4).repeat_today());
    }

    #[test]
    fn easiness_prints_as_a_plain_decimal() {
        assert_eq!(START_EASINESS.to_string(), "2.5");
        assert_eq!(Easiness::from_hundredths(236).unwrap().to_string(), "2.36");
        assert!(Easiness::from_hundredths(129).is_none());
    }
}
