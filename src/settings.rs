//! The learner's study settings: one home for their values, their ranges,
//! how they are written down, and what they mean for the day and the
//! queue. The store keeps them beside the progress; the window edits them.

use std::ops::RangeInclusive;

use crate::plan::Limits;
use crate::sched::{DEFAULT_DAY_START_HOUR, DEFAULT_NEW_PER_DAY, DayRules};

/// The hours at which a study day may start (local time).
pub const DAY_START_HOURS: RangeInclusive<u8> = 0..=23;
/// How many new cards per deck a day the settings accept.
pub const NEW_PER_DAY: RangeInclusive<u32> = 0..=MAX_NEW_PER_DAY;
/// The most new cards per deck per day the settings accept.
pub const MAX_NEW_PER_DAY: u32 = 9_999;
/// The lapses that make a card a leech: 0 (never) up to 99.
pub const LEECH_LAPSES: RangeInclusive<u32> = 0..=99;
/// A card forgotten this many times is a leech, as in Anki.
pub const DEFAULT_LEECH_LAPSES: u32 = 8;

/// The learner's study settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The local hour (0–23) at which a new study day begins.
    pub day_start_hour: u8,
    /// New cards introduced per deck per day.
    pub new_per_day: u32,
    pub theme: ThemeChoice,
    /// A card whose scheduled reviews have failed this many times is a
    /// leech: it is suspended, and again every half as many lapses after
    /// (as in Anki). 0: never.
    pub leech_lapses: u32,
    /// Terms and lists are answered by typing them, and checked, rather
    /// than revealed and graded by the learner alone.
    pub typed_answers: bool,
    /// The date of the exam the learner studies for, if any.
    pub exam_date: Option<jiff::civil::Date>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            day_start_hour: DEFAULT_DAY_START_HOUR,
            new_per_day: DEFAULT_NEW_PER_DAY,
            theme: ThemeChoice::System,
            leech_lapses: DEFAULT_LEECH_LAPSES,
            typed_answers: false,
            exam_date: None,
        }
    }
}

/// Light or dark, or whatever the system prefers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ThemeChoice {
    #[default]
    System,
    Dark,
    Light,
}

impl ThemeChoice {
    pub const fn name(self) -> &'static str {
        match self {
            ThemeChoice::System => "system",
            ThemeChoice::Dark => "dark",
            ThemeChoice::Light => "light",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [ThemeChoice::System, ThemeChoice::Dark, ThemeChoice::Light]
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// The names the settings are written under.
pub const KEYS: [&str; 6] = [
    "day_start_hour",
    "new_per_day",
    "theme",
    "leech_lapses",
    "typed_answers",
    "exam_date",
];

impl Settings {
    /// Each setting kept within its range.
    pub fn clamped(self) -> Settings {
        Settings {
            day_start_hour: self.day_start_hour.min(*DAY_START_HOURS.end()),
            new_per_day: self.new_per_day.min(*NEW_PER_DAY.end()),
            theme: self.theme,
            leech_lapses: self.leech_lapses.min(*LEECH_LAPSES.end()),
            typed_answers: self.typed_answers,
            exam_date: self.exam_date,
        }
    }

    /// A card is a leech once it has lapsed this often.
    pub fn is_leech(&self, lapses: u32) -> bool {
        self.leech_lapses > 0 && lapses >= self.leech_lapses
    }

    /// A card that has just lapsed for the `lapses`th time is suspended as
    /// a leech: at the threshold, then every half threshold after.
    pub fn is_leech_lapse(&self, lapses: u32) -> bool {
        let every = (self.leech_lapses / 2).max(1);
        self.is_leech(lapses) && (lapses - self.leech_lapses).is_multiple_of(every)
    }

    /// How the study days fall for a learner in `time_zone`.
    pub fn rules(&self, time_zone: jiff::tz::TimeZone) -> DayRules {
        DayRules::new(time_zone, self.day_start_hour)
    }

    /// What shapes the day's queue of a course whose course file may
    /// name an exam date: the learner's own date wins.
    pub fn limits_for(&self, course: Option<&crate::deck::Course>) -> Limits {
        let mut limits = self.limits();
        if limits.exam.is_none() {
            limits.exam = course
                .and_then(|c| c.exam)
                .map(crate::sched::Day::from_date);
        }
        limits
    }

    /// What shapes the day's queue.
    pub fn limits(&self) -> Limits {
        Limits {
            new_per_deck: self.new_per_day,
            exam: self.exam_date.map(crate::sched::Day::from_date),
        }
    }

    /// The settings as written down: (key, text) for each of [`KEYS`].
    pub fn written(&self) -> [(&'static str, String); 6] {
        [
            (KEYS[0], self.day_start_hour.to_string()),
            (KEYS[1], self.new_per_day.to_string()),
            (KEYS[2], self.theme.name().to_string()),
            (KEYS[3], self.leech_lapses.to_string()),
            (KEYS[4], self.typed_answers.to_string()),
            // Empty: no exam.
            (
                KEYS[5],
                self.exam_date.map_or_else(String::new, |d| d.to_string()),
            ),
        ]
    }

    /// Take the written value of `key`; `false` (and nothing changed) when
    /// the text is not a value the setting can take or the key is unknown.
    pub fn read(&mut self, key: &str, text: &str) -> bool {
        let text = text.trim();
        match key {
            "day_start_hour" => match text.parse() {
                Ok(hour) if DAY_START_HOURS.contains(&hour) => {
                    self.day_start_hour = hour;
                    true
                }
                _ => false,
            },
            "new_per_day" => match text.parse() {
                Ok(n) if NEW_PER_DAY.contains(&n) => {
                    self.new_per_day = n;
                    true
                }
                _ => false,
            },
            "leech_lapses" => match text.parse() {
                Ok(n) if LEECH_LAPSES.contains(&n) => {
                    self.leech_lapses = n;
                    true
                }
                _ => false,
            },
            "exam_date" if text.is_empty() => {
                self.exam_date = None;
                true
            }
            "exam_date" => match text.parse::<jiff::civil::Date>() {
                Ok(date) => {
                    self.exam_date = Some(date);
                    true
                }
                Err(_) => false,
            },
            "typed_answers" => match text {
                "true" | "false" => {
                    self.typed_answers = text == "true";
                    true
                }
                _ => false,
            },
            "theme" => match ThemeChoice::from_name(text) {
                Some(theme) => {
                    self.theme = theme;
                    true
                }
                None => false,
            },
            _ => false,
        }
    }

    /// The default of `key`, as written down.
    pub fn default_text(key: &str) -> String {
        Settings::default()
            .written()
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, text)| text)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_read_back_as_written_and_refuse_what_they_cannot_take() {
        let mut settings = Settings::default();
        let chosen = Settings {
            day_start_hour: 6,
            new_per_day: 35,
            theme: ThemeChoice::Light,
            leech_lapses: 5,
            typed_answers: true,
            exam_date: Some(jiff::civil::date(2027, 1, 15)),
        };
        for (key, text) in chosen.written() {
            assert!(settings.read(key, &text), "{key}");
        }
        assert_eq!(settings, chosen);
        for (key, text) in [
            ("day_start_hour", "24"),
            ("day_start_hour", "-1"),
            ("new_per_day", "10000"),
            ("theme", "sepia"),
            ("leech_lapses", "100"),
            ("exam_date", "2027-02-30"),
            ("exam_date", "next friday"),
            ("colour", "red"),
        ] {
            assert!(!settings.read(key, text), "{key} = {text}");
        }
        assert_eq!(settings, chosen, "nothing changed by a refused value");
        assert_eq!(Settings::default_text("theme"), "system");
    }

    #[test]
    fn a_card_is_suspended_as_a_leech_at_the_eighth_lapse_then_every_fourth() {
        let settings = Settings::default();
        let suspended: Vec<u32> = (1..=20).filter(|&n| settings.is_leech_lapse(n)).collect();
        assert_eq!(suspended, [8, 12, 16, 20]);
        assert!(!settings.is_leech(7) && settings.is_leech(9));
        let never = Settings {
            leech_lapses: 0,
            ..settings
        };
        assert!((0..100).all(|n| !never.is_leech_lapse(n) && !never.is_leech(n)));
        let one = Settings {
            leech_lapses: 1,
            ..settings
        };
        assert!(one.is_leech_lapse(1) && one.is_leech_lapse(2));
    }

    #[test]
    fn out_of_range_values_are_clamped_to_the_nearest_they_can_take() {
        let wild = Settings {
            day_start_hour: 99,
            new_per_day: 1_000_000,
            theme: ThemeChoice::Dark,
            leech_lapses: 500,
            typed_answers: false,
            exam_date: None,
        };
        assert_eq!(
            wild.clamped(),
            Settings {
                day_start_hour: 23,
                new_per_day: MAX_NEW_PER_DAY,
                theme: ThemeChoice::Dark,
                leech_lapses: 99,
                typed_answers: false,
                exam_date: None,
            }
        );
    }
}
