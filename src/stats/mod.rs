//! Numbers derived from the decks and the review log.

use serde::Serialize;

use crate::deck::Library;
use crate::plan::{Limits, deck_counts};
use crate::sched::Day;
use crate::store::{Store, StoreError};

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
    /// Cards with study history that no loaded deck holds any more; their
    /// history comes back with them.
    pub removed_with_history: usize,
    pub decks: Vec<DeckStats>,
}

pub fn summary(
    library: &Library,
    store: &Store,
    today: Day,
    limits: Limits,
) -> Result<Summary, StoreError> {
    let reviews = store.reviews_per_deck()?;
    let removed_with_history = store
        .answered_cards()?
        .iter()
        .filter(|(deck, card, _)| {
            library
                .deck(deck)
                .is_none_or(|d| d.cards.iter().all(|c| &c.id != card))
        })
        .count();
    let mut total = crate::plan::DeckCounts::default();
    let decks: Vec<DeckStats> = library
        .decks
        .iter()
        .enumerate()
        .map(|(index, deck)| {
            let counts = deck_counts(library, store, index, today, limits);
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
            }
        })
        .collect();
    Ok(Summary {
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
        removed_with_history,
        decks,
    })
}
