//! Where a learner stands, for all decks, one deck or one topic: what was
//! studied each day of the last year (answers, time, streaks), what falls
//! due in the next 30 days, how often due reviews are recalled (young and
//! mature cards, week by week), and how far each deck and topic has come.
//! One computation for the statistics screen and `cardwise stats --json`.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::deck::Library;
use crate::key::CardKey;
use crate::plan::{Limits, Scope, scope_progress, today_queue};
use crate::sched::{Day, MATURE_INTERVAL_DAYS, Stage};
use crate::store::{History, Store};

/// Days of activity shown: a year, today last.
pub const DAYS: usize = 365;
/// Days of forecast: today first.
pub const FORECAST_DAYS: usize = 30;
/// Weeks of retention: this week last.
pub const WEEKS: usize = 52;
/// An answer counts at most this long towards the time studied: a card
/// left on screen during a coffee break is not an hour of study.
pub const TIME_CAP_MS: u32 = 60_000;
/// A grade from which a due review counts as recalled.
pub const RECALLED_FROM: u8 = 3;

/// One study day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DayActivity {
    /// The date, as `YYYY-MM-DD`.
    #[serde(serialize_with = "as_date")]
    pub day: Day,
    /// Answers given (repeats included, undone ones not).
    pub answers: u32,
    /// Time studied, each answer capped at [`TIME_CAP_MS`].
    pub time_ms: u64,
}

/// Days in a row with at least one answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Streak {
    /// Ending today, or yesterday if nothing has been answered yet today
    /// (the day is not over).
    pub current: u32,
    pub longest: u32,
}

/// Due reviews (scheduled answers of a card that had an interval) and how
/// many were recalled (graded 3 or more).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Recall {
    pub recalled: u32,
    pub reviews: u32,
}

impl Recall {
    /// The share recalled, if there was any review.
    pub fn rate(self) -> Option<f64> {
        (self.reviews > 0).then(|| f64::from(self.recalled) / f64::from(self.reviews))
    }

    fn add(&mut self, recalled: bool) {
        self.reviews += 1;
        self.recalled += u32::from(recalled);
    }

    fn plus(self, other: Recall) -> Recall {
        Recall {
            recalled: self.recalled + other.recalled,
            reviews: self.reviews + other.reviews,
        }
    }
}

/// Young cards' (interval under 21 days) and mature cards' recall.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Retention {
    pub young: Recall,
    pub mature: Recall,
}

/// One week's retention, Monday to Sunday.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WeekRetention {
    /// The Monday, as `YYYY-MM-DD`.
    #[serde(serialize_with = "as_date")]
    pub week: Day,
    pub young: Recall,
    pub mature: Recall,
}

/// How far a deck or a topic has come.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Mastery {
    /// `deck` or `topic`.
    pub kind: &'static str,
    /// The deck's title or the topic's name.
    pub name: String,
    /// Its place in the library: the deck's or the topic's index.
    #[serde(skip)]
    pub index: usize,
    /// The card browser's search for its cards.
    #[serde(skip)]
    pub search: String,
    pub cards: usize,
    pub new: usize,
    pub learning: usize,
    pub young: usize,
    pub mature: usize,
    /// Due reviews of its cards, ever.
    pub recall: Recall,
}

impl Mastery {
    /// Weakest first: the lowest recall rate among those with reviews,
    /// then those never reviewed, least studied first.
    fn weakness(&self) -> (u8, i64, usize) {
        match self.recall.rate() {
            // Rates compared in millionths: total order, no float NaN.
            Some(rate) => (0, (rate * 1e6) as i64, self.cards),
            None => (1, -((self.cards - self.new) as i64), self.cards),
        }
    }
}

/// How a drill's typed or picked answers compared with the right one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DrillResults {
    pub deck: String,
    pub card: String,
    /// Its first prompt, on one line, as the instructor wrote it.
    pub prompt: String,
    /// Its place in the library: (deck, card).
    #[serde(skip)]
    pub at: (usize, usize),
    pub answers: u32,
    pub right: u32,
    pub close: u32,
    pub wrong: u32,
    /// Each listed mistake, in the drill's order, and how often an answer
    /// matched it.
    pub mistakes: Vec<MistakeMade>,
}

impl DrillResults {
    /// Weakest first: the largest share missed (a close answer counts
    /// half), then the most answers.
    fn weakness(&self) -> (i64, i64) {
        let missed =
            (f64::from(self.wrong) + f64::from(self.close) / 2.0) / f64::from(self.answers.max(1));
        (-((missed * 1e6) as i64), -i64::from(self.answers))
    }
}

/// One listed mistake of a drill.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MistakeMade {
    /// What the learner is told, as written (placeholders and all).
    pub message: String,
    pub times: u32,
}

/// Everything the statistics screen shows for one scope.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Overview {
    #[serde(serialize_with = "as_date")]
    pub today: Day,
    /// The last [`DAYS`] days, oldest first, today last.
    pub days: Vec<DayActivity>,
    pub streak: Streak,
    /// Card directions due on each of the next [`FORECAST_DAYS`] days,
    /// today first; today's count is what is left of today's reviews
    /// (overdue ones included, and those graded below 4 today).
    pub forecast: Vec<usize>,
    /// The last [`WEEKS`] weeks, oldest first.
    pub weeks: Vec<WeekRetention>,
    /// Over the weeks shown.
    pub retention: Retention,
    /// Decks and topics in scope, weakest first.
    pub mastery: Vec<Mastery>,
    /// Drills in scope with checked answers, weakest first.
    pub drills: Vec<DrillResults>,
}

fn as_date<S: serde::Serializer>(day: &Day, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(day)
}

/// The Monday of `day`'s week.
pub fn week_of(day: Day) -> Day {
    let monday_offset = day.date().weekday().to_monday_zero_offset();
    Day::from_number(day.number() - i32::from(monday_offset))
}

/// The overview of `scope` on study day `today`.
pub fn overview(
    library: &Library,
    store: &Store,
    history: &History,
    scope: Scope,
    today: Day,
    limits: Limits,
) -> Overview {
    // Which card directions of the log are in scope. For all decks, every
    // answer counts, also those of cards no deck holds any more.
    let in_scope: Vec<bool> = match scope {
        Scope::All => vec![true; history.keys.len()],
        _ => {
            let cards: FxHashSet<(&str, &str)> = scope
                .cards(library)
                .map(|(deck, _, card)| (library.decks[deck].id.as_str(), card.id.as_str()))
                .collect();
            history
                .keys
                .iter()
                .map(|key| {
                    key.as_ref()
                        .is_some_and(|k| cards.contains(&(k.deck.as_str(), k.card.as_str())))
                })
                .collect()
        }
    };

    let first_day = Day::from_number(today.number() - (DAYS as i32 - 1));
    let mut days: Vec<DayActivity> = (0..DAYS as u32)
        .map(|n| DayActivity {
            day: first_day.plus(n),
            ..DayActivity::default()
        })
        .collect();
    let this_week = week_of(today);
    let first_week = Day::from_number(this_week.number() - 7 * (WEEKS as i32 - 1));
    let mut weeks: Vec<WeekRetention> = (0..WEEKS as u32)
        .map(|n| WeekRetention {
            week: first_week.plus(7 * n),
            ..WeekRetention::default()
        })
        .collect();
    // Every day with an answer, for the longest streak (which may lie
    // further back than a year).
    let mut active: Vec<i32> = Vec::new();
    for answer in &history.answers {
        if !in_scope.get(answer.card as usize).copied().unwrap_or(false) {
            continue;
        }
        active.push(answer.day.number());
        if let Ok(at) = usize::try_from(answer.day.days_since(first_day))
            && let Some(day) = days.get_mut(at)
        {
            day.answers += 1;
            day.time_ms += u64::from(answer.elapsed_ms.min(TIME_CAP_MS));
        }
        if answer.scheduled
            && answer.interval_before > 0
            && let Ok(at) = usize::try_from(answer.day.days_since(first_week) / 7)
            && answer.day >= first_week
            && let Some(week) = weeks.get_mut(at)
        {
            let recalled = answer.quality >= RECALLED_FROM;
            if answer.interval_before < MATURE_INTERVAL_DAYS {
                week.young.add(recalled);
            } else {
                week.mature.add(recalled);
            }
        }
    }
    active.sort_unstable();
    active.dedup();
    let streak = streaks(&active, today);
    let retention = weeks.iter().fold(Retention::default(), |sum, w| Retention {
        young: sum.young.plus(w.young),
        mature: sum.mature.plus(w.mature),
    });

    let forecast = forecast(library, store, scope, today, limits);
    let mastery = mastery(library, store, history, scope);
    let drills = drill_results(library, history, scope);
    Overview {
        today,
        days,
        streak,
        forecast,
        weeks,
        retention,
        mastery,
        drills,
    }
}

/// Every drill in `scope` that has checked answers standing: right, close,
/// wrong, and the listed mistakes matched.
pub fn drill_results(library: &Library, history: &History, scope: Scope) -> Vec<DrillResults> {
    let mut drills: Vec<DrillResults> = Vec::new();
    let mut place: FxHashMap<(&str, &str), usize> = FxHashMap::default();
    for (deck, index, card) in scope.cards(library) {
        let crate::deck::CardKind::Drill(drill) = &card.kind else {
            continue;
        };
        let d = &library.decks[deck];
        place.insert((d.id.as_str(), card.id.as_str()), drills.len());
        drills.push(DrillResults {
            deck: d.id.to_string(),
            card: card.id.to_string(),
            prompt: drill.outline(),
            at: (deck, index),
            mistakes: drill
                .mistakes
                .iter()
                .map(|m| MistakeMade {
                    message: m
                        .feedback
                        .source
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                    times: 0,
                })
                .collect(),
            ..DrillResults::default()
        });
    }
    if drills.is_empty() {
        return drills;
    }
    // The drill of each card number in the log, found once.
    let of_number: Vec<Option<usize>> = history
        .keys
        .iter()
        .map(|key| {
            key.as_ref()
                .and_then(|k| place.get(&(k.deck.as_str(), k.card.as_str())).copied())
        })
        .collect();
    for (answer, checked) in history.checked() {
        let Some(Some(at)) = of_number.get(answer.card as usize) else {
            continue;
        };
        let results = &mut drills[*at];
        results.answers += 1;
        match checked.outcome {
            crate::drill::Outcome::Right => results.right += 1,
            crate::drill::Outcome::Close => results.close += 1,
            crate::drill::Outcome::Wrong => results.wrong += 1,
        }
        if let Some(made) = checked
            .mistake
            .and_then(|m| results.mistakes.get_mut(m as usize))
        {
            made.times += 1;
        }
    }
    drills.retain(|d| d.answers > 0);
    drills.sort_by_key(DrillResults::weakness);
    drills
}

/// The streak of all decks (every answer counts).
pub fn streak(history: &History, today: Day) -> Streak {
    let mut active: Vec<i32> = history.answers.iter().map(|a| a.day.number()).collect();
    active.sort_unstable();
    active.dedup();
    streaks(&active, today)
}

/// What was done on `day` in all decks: answers, time, and the due
/// reviews recalled.
pub fn day_summary(history: &History, day: Day) -> (DayActivity, Recall) {
    let mut activity = DayActivity {
        day,
        ..DayActivity::default()
    };
    let mut recall = Recall::default();
    // Today's answers are the newest: read from the end.
    for answer in history.answers.iter().rev().filter(|a| a.day == day) {
        activity.answers += 1;
        activity.time_ms += u64::from(answer.elapsed_ms.min(TIME_CAP_MS));
        if answer.scheduled && answer.interval_before > 0 {
            recall.add(answer.quality >= RECALLED_FROM);
        }
    }
    (activity, recall)
}

/// Card directions in `scope` whose review falls on `day` (after today).
pub fn due_on(library: &Library, store: &Store, scope: Scope, today: Day, day: Day) -> usize {
    let pull_back = store.pull_back_day(today);
    scope_progress(library, store, scope)
        .filter(|walked| !walked.hold.suspended)
        .filter_map(|walked| walked.progress)
        .filter(|p| pull_back.map_or(**p, |back| p.pulled_back(back)).due_day == day)
        .count()
}

/// The current and the longest run of days in `active` (sorted, distinct
/// day numbers).
pub fn streaks(active: &[i32], today: Day) -> Streak {
    let mut longest = 0;
    let mut run = 0;
    let mut previous: Option<i32> = None;
    for &day in active.iter().filter(|&&d| d <= today.number()) {
        run = match previous {
            Some(p) if p + 1 == day => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        previous = Some(day);
    }
    // The run ending on the last active day is current if that day is
    // today or yesterday.
    let current = match previous {
        Some(last) if today.number() - last <= 1 => run,
        _ => 0,
    };
    Streak { current, longest }
}

/// Card directions due on each of the next [`FORECAST_DAYS`] days.
fn forecast(
    library: &Library,
    store: &Store,
    scope: Scope,
    today: Day,
    limits: Limits,
) -> Vec<usize> {
    let mut due = vec![0; FORECAST_DAYS];
    let queue = today_queue(library, store, scope, today, limits);
    due[0] = queue.due.len() + queue.repeats.len();
    let pull_back = store.pull_back_day(today);
    for walked in scope_progress(library, store, scope) {
        let Some(p) = walked.progress else {
            continue;
        };
        if walked.hold.suspended {
            continue;
        }
        // Answers the clock dates in the future count from the day it
        // can vouch for, as in the queue.
        let due_day = pull_back.map_or(*p, |day| p.pulled_back(day)).due_day;
        let mut ahead = due_day.days_since(today);
        // Buried today: due tomorrow.
        if walked.hold.is_buried(today) {
            ahead = ahead.max(1);
        }
        if ahead >= 1
            && let Ok(at) = usize::try_from(ahead)
            && let Some(n) = due.get_mut(at)
        {
            *n += 1;
        }
    }
    due
}

/// Decks (and topics) in scope, with their stages and recall, weakest first.
fn mastery(library: &Library, store: &Store, history: &History, scope: Scope) -> Vec<Mastery> {
    // Due reviews per card direction, from the log: counted by the card's
    // number first (no hashing in the pass over every answer), then keyed.
    let mut by_number = vec![Recall::default(); history.keys.len()];
    for answer in &history.answers {
        if answer.scheduled
            && answer.interval_before > 0
            && let Some(recall) = by_number.get_mut(answer.card as usize)
        {
            recall.add(answer.quality >= RECALLED_FROM);
        }
    }
    let recall_of: FxHashMap<&CardKey, Recall> = history
        .keys
        .iter()
        .zip(by_number)
        .filter_map(|(key, recall)| Some((key.as_ref()?, recall)))
        .filter(|(_, recall)| recall.reviews > 0)
        .collect();
    let mut decks: Vec<Mastery> = library
        .decks
        .iter()
        .enumerate()
        .map(|(index, deck)| Mastery {
            kind: "deck",
            name: deck.title.clone(),
            index,
            search: format!("deck:{}", deck.id),
            ..Mastery::default()
        })
        .collect();
    let mut topics: Vec<Mastery> = library
        .topics
        .iter()
        .enumerate()
        .map(|(index, topic)| Mastery {
            kind: "topic",
            name: topic.label().to_string(),
            index,
            search: format!("tag:{}", topic.name),
            ..Mastery::default()
        })
        .collect();
    let topic_index: FxHashMap<&str, usize> = library
        .topics
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    for walked in scope_progress(library, store, scope) {
        let (deck, card, direction, progress) =
            (walked.deck, walked.card, walked.direction, walked.progress);
        let stage = Stage::of(progress);
        // Only a card with answers can have due reviews.
        let recall = match progress {
            Some(_) if !recall_of.is_empty() => {
                let key = library.decks[deck].key(card, direction);
                recall_of.get(&key).copied().unwrap_or_default()
            }
            _ => Recall::default(),
        };
        let tally = |m: &mut Mastery| {
            m.cards += 1;
            match stage {
                Stage::New => m.new += 1,
                Stage::Learning => m.learning += 1,
                Stage::Young => m.young += 1,
                Stage::Mature => m.mature += 1,
            }
            m.recall = m.recall.plus(recall);
        };
        tally(&mut decks[deck]);
        for tag in &card.tags {
            if let Some(&t) = topic_index.get(tag.as_str()) {
                tally(&mut topics[t]);
            }
        }
    }
    let mut all: Vec<Mastery> = decks
        .into_iter()
        .chain(topics)
        .filter(|m| m.cards > 0)
        .collect();
    all.sort_by_key(Mastery::weakness);
    all
}

#[cfg(test)]
mod tests;
