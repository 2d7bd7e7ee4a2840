//! Numbers derived from the decks and the review log.

pub mod overview;

use serde::Serialize;

use crate::deck::Library;
use crate::plan::{Limits, Scope, all_deck_counts};
use crate::sched::Day;
use crate::store::{History, Store};

/// One deck's line of `cardwise stats`. Card directions are counted (a
/// term asked both ways counts twice), in the words of
/// [`crate::sched::Stage`]: new (never studied), learning, young, mature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeckStats {
    pub id: String,
    pub title: String,
    pub cards: usize,
    /// Never studied.
    pub new: usize,
    /// Studied, not yet recalled twice in a row.
    pub learning: usize,
    /// In review, interval under 21 days.
    pub young: usize,
    /// In review, interval 21 days or more.
    pub mature: usize,
    /// Studied at least once (learning + young + mature).
    pub studied: usize,
    /// Due today (today's queue, siblings apart).
    pub due: usize,
    /// New cards today's limit still lets in.
    pub new_today: usize,
    /// Cards graded below 4 today, which come back later today.
    pub again_today: usize,
    /// Answers given so far (an answer taken back by an undo not counted).
    pub reviews: u64,
    /// Kept out of study until unsuspended (leeches among them).
    pub suspended: usize,
    /// Out of study for the rest of today.
    pub buried: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The study day, as a date.
    pub day: String,
    pub cards: usize,
    pub new: usize,
    pub learning: usize,
    pub young: usize,
    pub mature: usize,
    pub studied: usize,
    pub due: usize,
    pub new_today: usize,
    pub again_today: usize,
    pub reviews: u64,
    pub suspended: usize,
    pub buried: usize,
    /// Card directions lapsed often enough to be leeches (see the
    /// `leech_lapses` setting), suspended or not.
    pub leeches: usize,
    /// Cards with study history that no loaded deck holds any more; their
    /// history comes back with them.
    pub removed_with_history: usize,
    /// Days in a row with at least one answer.
    pub streak: overview::Streak,
    /// Card directions due on each of the next 30 days, today first
    /// (today: what is left of today's reviews, overdue ones included).
    pub forecast: Vec<usize>,
    /// Due reviews recalled (grade 3 or more) over the last 52 weeks, young
    /// (interval under 21 days) and mature.
    pub retention: overview::Retention,
    pub decks: Vec<DeckStats>,
    /// Every topic (tag), in the library's order.
    pub topics: Vec<TopicStats>,
    /// Every drill with checked answers: right, close, wrong, and the
    /// listed mistakes made; weakest first.
    pub drills: Vec<overview::DrillResults>,
}

/// One topic's line: its cards by stage, and how often its due reviews
/// were recalled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TopicStats {
    pub name: String,
    pub cards: usize,
    pub new: usize,
    pub learning: usize,
    pub young: usize,
    pub mature: usize,
    pub recall: overview::Recall,
}

pub fn summary(
    library: &Library,
    store: &Store,
    history: &History,
    today: Day,
    limits: Limits,
) -> Summary {
    let reviews = history.answers_per_deck();
    let view = overview::overview(library, store, history, Scope::All, today, limits);
    // The library's order, for scripts.
    let mut by_topic: Vec<&overview::Mastery> =
        view.mastery.iter().filter(|m| m.kind == "topic").collect();
    by_topic.sort_by_key(|m| m.index);
    let topics = by_topic
        .into_iter()
        .map(|m| TopicStats {
            name: m.name.clone(),
            cards: m.cards,
            new: m.new,
            learning: m.learning,
            young: m.young,
            mature: m.mature,
            recall: m.recall,
        })
        .collect();
    // Cards with answers standing that no loaded deck holds.
    let loaded: rustc_hash::FxHashSet<(&str, &str)> = library
        .decks
        .iter()
        .flat_map(|d| d.cards.iter().map(move |c| (d.id.as_str(), c.id.as_str())))
        .collect();
    let answered: rustc_hash::FxHashSet<(&str, &str)> = history
        .keys
        .iter()
        .zip(history.answers_per_key())
        .filter(|(_, n)| *n > 0)
        .filter_map(|(key, _)| key.as_ref())
        .map(|k| (k.deck.as_str(), k.card.as_str()))
        .collect();
    let removed_with_history = answered.difference(&loaded).count();
    let mut total = crate::plan::DeckCounts::default();
    let decks: Vec<DeckStats> = library
        .decks
        .iter()
        .zip(all_deck_counts(library, store, today, limits))
        .map(|(deck, counts)| {
            total = total.plus(counts);
            DeckStats {
                id: deck.id.to_string(),
                title: deck.title.clone(),
                cards: counts.cards,
                new: counts.new,
                learning: counts.learning,
                young: counts.young,
                mature: counts.mature,
                studied: counts.studied(),
                due: counts.due_today,
                new_today: counts.new_today,
                again_today: counts.repeats_today,
                reviews: reviews.get(&deck.id).copied().unwrap_or(0),
                suspended: counts.suspended,
                buried: counts.buried,
            }
        })
        .collect();
    let settings = store.settings();
    let leeches = crate::plan::scope_progress(library, store, Scope::All)
        .filter(|w| w.progress.is_some_and(|p| settings.is_leech(p.lapses)))
        .count();
    Summary {
        day: today.to_string(),
        cards: total.cards,
        new: total.new,
        learning: total.learning,
        young: total.young,
        mature: total.mature,
        studied: total.studied(),
        due: total.due_today,
        new_today: total.new_today,
        again_today: total.repeats_today,
        // Reviews of decks no longer loaded still count in the total.
        reviews: reviews.values().sum(),
        suspended: total.suspended,
        buried: total.buried,
        leeches,
        removed_with_history,
        streak: view.streak,
        forecast: view.forecast,
        retention: view.retention,
        decks,
        topics,
        drills: view.drills,
    }
}
