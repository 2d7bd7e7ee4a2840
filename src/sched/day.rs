//! Study days: "today" is the learner's local day, and it starts at a
//! configurable hour (4 a.m. by default) so that a late-night session still
//! counts for the evening it belongs to.

use std::fmt;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// A local study day, counted in days since 1970-01-01.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i32);

const EPOCH: Date = jiff::civil::date(1970, 1, 1);
const SECONDS_PER_DAY: i64 = 86_400;

impl Day {
    pub const fn from_number(days_since_epoch: i32) -> Self {
        Self(days_since_epoch)
    }

    pub const fn number(self) -> i32 {
        self.0
    }

    /// The day `days` later, saturating at the ends of the range.
    pub fn plus(self, days: u32) -> Day {
        let days = i32::try_from(days).unwrap_or(i32::MAX);
        Day(self.0.saturating_add(days))
    }

    /// Days from `earlier` to `self` (negative if `earlier` is later).
    pub fn days_since(self, earlier: Day) -> i64 {
        i64::from(self.0) - i64::from(earlier.0)
    }

    /// The calendar date this study day is named after.
    pub fn date(self) -> Date {
        EPOCH
            .checked_add(SignedDuration::from_secs(
                i64::from(self.0) * SECONDS_PER_DAY,
            ))
            // Out of jiff's range (beyond year 9999): show the last date it has.
            .unwrap_or(Date::MAX)
    }

    pub fn from_date(date: Date) -> Day {
        let days = date.duration_since(EPOCH).as_secs() / SECONDS_PER_DAY;
        // jiff dates span years −9999..=9999, about ±4.4 million days.
        Day(i32::try_from(days).unwrap_or(i32::MAX))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date())
    }
}

/// The default hour at which a new study day begins.
pub const DEFAULT_DAY_START_HOUR: u8 = 4;

/// How instants map to study days: the learner's time zone and the hour at
/// which their day begins.
#[derive(Clone, Debug)]
pub struct DayRules {
    pub time_zone: TimeZone,
    /// 0–23; clamped to 23.
    pub day_start_hour: u8,
}

impl DayRules {
    pub fn new(time_zone: TimeZone, day_start_hour: u8) -> Self {
        Self {
            time_zone,
            day_start_hour: day_start_hour.min(23),
        }
    }

    /// The learner's own zone as the system reports it, day starting at 4 a.m.
    pub fn system_default() -> Self {
        Self::new(TimeZone::system(), DEFAULT_DAY_START_HOUR)
    }

    /// The study day an instant belongs to. Computed on the local wall
    /// clock, so a daylight-saving shift never moves the day boundary off
    /// the configured hour.
    pub fn day_of(&self, instant: Timestamp) -> Day {
        let local = instant.to_zoned(self.time_zone.clone()).datetime();
        let shifted = local
            .checked_sub(SignedDuration::from_hours(i64::from(self.day_start_hour)))
            .unwrap_or(local);
        Day::from_date(shifted.date())
    }

    /// The instant at which `day` begins.
    pub fn start_of(&self, day: Day) -> Timestamp {
        let hour = i8::try_from(self.day_start_hour).unwrap_or(0);
        let wall = DateTime::from_parts(day.date(), Time::constant(0, 0, 0, 0))
            .checked_add(SignedDuration::from_hours(i64::from(hour)))
            .unwrap_or(DateTime::MAX);
        self.time_zone
            .to_ambiguous_timestamp(wall)
            .compatible()
            .unwrap_or(Timestamp::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn berlin() -> DayRules {
        // A POSIX rule, so the tests need no time-zone database on the machine.
        DayRules::new(TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap(), 4)
    }

    fn at(rules: &DayRules, text: &str) -> Timestamp {
        let wall: DateTime = text.parse().unwrap();
        rules
            .time_zone
            .to_ambiguous_timestamp(wall)
            .compatible()
            .unwrap()
    }

    #[test]
    fn day_begins_at_four_in_the_morning_local_time() {
        let rules = berlin();
        let evening = rules.day_of(at(&rules, "2026-11-22T23:30"));
        let small_hours = rules.day_of(at(&rules, "2026-11-23T03:59:59"));
        let morning = rules.day_of(at(&rules, "2026-11-23T04:00"));
        assert_eq!(evening, small_hours);
        assert_eq!(morning, evening.plus(1));
        assert_eq!(evening.date(), jiff::civil::date(2026, 11, 22));
    }

    #[test]
    fn the_day_start_hour_is_configurable() {
        let rules = DayRules::new(berlin().time_zone, 0);
        let before = rules.day_of(at(&rules, "2026-11-22T23:59"));
        let after = rules.day_of(at(&rules, "2026-11-23T00:00"));
        assert_eq!(after, before.plus(1));
    }

    #[test]
    fn daylight_saving_shifts_keep_the_boundary_at_the_local_hour() {
        let rules = berlin();
        // Clocks go forward on 2026-03-29 and back on 2026-10-25, at 2–3 a.m.
        for (before, after) in [
            ("2026-03-29T03:59", "2026-03-29T04:00"),
            ("2026-10-25T03:59", "2026-10-25T04:00"),
        ] {
            let b = rules.day_of(at(&rules, before));
            let a = rules.day_of(at(&rules, after));
            assert_eq!(a, b.plus(1), "{before} → {after}");
        }
    }

    #[test]
    fn start_of_a_day_is_the_first_instant_of_it() {
        let rules = berlin();
        let day = rules.day_of(at(&rules, "2026-11-22T12:00"));
        let start = rules.start_of(day);
        assert_eq!(start, at(&rules, "2026-11-22T04:00"));
        assert_eq!(rules.day_of(start), day);
        assert_eq!(
            rules.day_of(start.checked_sub(SignedDuration::from_secs(1)).unwrap()),
            Day::from_number(day.number() - 1)
        );
    }

    #[test]
    fn day_numbers_count_from_1970() {
        assert_eq!(Day::from_number(0).date(), EPOCH);
        assert_eq!(
            Day::from_number(20_414).date(),
            jiff::civil::date(2025, 11, 22)
        );
        assert_eq!(Day::from_number(3).days_since(Day::from_number(10)), -7);
    }
}
