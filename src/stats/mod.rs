//! Numbers derived from the decks and the review log.

use serde::Serialize;

use crate::deck::Library;
use crate::plan::{Limits, deck_counts};
use crate::sched::Day;
use crate::store::{Store, StoreError};

/// One deck's line of `cardwise stats`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeckStats {
    pub id: String,
    pub title: String,
    /// Card directions (a term asked both ways counts twice).
    pub cards: usize,
    /// Never studied.
    pub new: usize,
    /// Due today (today's queue, siblings apart).
    pub due: usize,
    /// Reviews logged so far.
    pub reviews: u64,
    /// Studied at least once.
    pub learned: usize,
    /// New cards today's limit still lets in.
    pub new_today: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The study day, as a date.
    pub day: String,
    pub cards: usize,
    pub new: usize,
    pub due: usize,
    pub reviews: u64,
    pub learned: usize,
    pub new_today: usize,
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
    let decks: Vec<DeckStats> = library
        .decks
        .iter()
        .enumerate()
        .map(|(index, deck)| {
            let counts = deck_counts(library, store, index, today, limits);
            DeckStats {
                id: deck.id.to_string(),
                title: deck.title.clone(),
                cards: counts.cards,
                new: counts.unseen,
                due: counts.due_today,
                reviews: reviews.get(&deck.id).copied().unwrap_or(0),
                learned: counts.learned,
                new_today: counts.new_today,
            }
        })
        .collect();
    Ok(Summary {
        day: today.to_string(),
        cards: decks.iter().map(|d| d.cards).sum(),
        new: decks.iter().map(|d| d.new).sum(),
        due: decks.iter().map(|d| d.due).sum(),
        // Reviews of decks no longer loaded still count in the total.
        reviews: reviews.values().sum(),
        learned: decks.iter().map(|d| d.learned).sum(),
        new_today: decks.iter().map(|d| d.new_today).sum(),
        removed_with_history,
        decks,
    })
}
