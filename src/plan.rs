//! Today's plan: the loaded decks joined with their progress and run
//! through the daily queue. Shared by the window and `cardwise stats`, so
//! both always agree on what is due.

use crate::deck::{Card, Deck, Library};
use crate::key::{CardKey, Direction};
use crate::sched::{Candidate, DailyQueue, Day, build_queue};
use crate::store::Store;

/// One card direction of the loaded library, by position. Only ever made
/// from the `Library` it indexes (the queue builds them from it, and the
/// library is not reloaded while they live), so indexing cannot fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ItemRef {
    pub deck: usize,
    pub card: usize,
    pub direction: Direction,
}

impl ItemRef {
    pub fn deck<'l>(&self, library: &'l Library) -> &'l Deck {
        &library.decks[self.deck]
    }

    pub fn card<'l>(&self, library: &'l Library) -> &'l Card {
        &library.decks[self.deck].cards[self.card]
    }

    pub fn key(&self, library: &Library) -> CardKey {
        let deck = self.deck(library);
        deck.key(&deck.cards[self.card], self.direction)
    }
}

/// Which decks a session studies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Deck(usize),
}

/// The study settings that shape the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub new_per_deck: u32,
}

/// Today's queue for `scope`.
pub fn today_queue(
    library: &Library,
    store: &Store,
    scope: Scope,
    today: Day,
    limits: Limits,
) -> DailyQueue<ItemRef> {
    let decks: Vec<usize> = match scope {
        Scope::All => (0..library.decks.len()).collect(),
        Scope::Deck(index) if index < library.decks.len() => vec![index],
        Scope::Deck(_) => Vec::new(),
    };
    let mut candidates = Vec::new();
    let mut sibling_group = 0;
    for deck_index in decks {
        let deck = &library.decks[deck_index];
        for (card_index, card) in deck.cards.iter().enumerate() {
            for &direction in card.directions() {
                candidates.push(Candidate {
                    key: ItemRef {
                        deck: deck_index,
                        card: card_index,
                        direction,
                    },
                    deck: deck_index,
                    sibling_group,
                    progress: store.progress(&deck.key(card, direction)),
                });
            }
            sibling_group += 1;
        }
    }
    build_queue(&candidates, today, limits.new_per_deck)
}

/// The counts a deck shows on the home screen and in `cardwise stats`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeckCounts {
    /// Card directions in the deck.
    pub cards: usize,
    /// Never answered.
    pub unseen: usize,
    /// Answered at least once.
    pub learned: usize,
    /// In today's queue because they are due.
    pub due_today: usize,
    /// In today's queue as new cards (within the daily limit).
    pub new_today: usize,
    /// In today's queue as same-day repeats.
    pub repeats_today: usize,
}

impl DeckCounts {
    pub fn left_today(&self) -> usize {
        self.due_today + self.new_today + self.repeats_today
    }
}

pub fn deck_counts(
    library: &Library,
    store: &Store,
    deck: usize,
    today: Day,
    limits: Limits,
) -> DeckCounts {
    let Some(d) = library.decks.get(deck) else {
        return DeckCounts::default();
    };
    let queue = today_queue(library, store, Scope::Deck(deck), today, limits);
    let mut counts = DeckCounts {
        due_today: queue.due.len(),
        new_today: queue.new.len(),
        repeats_today: queue.repeats.len(),
        ..DeckCounts::default()
    };
    for (card_index, direction) in d.study_items() {
        counts.cards += 1;
        if store
            .progress(&d.key(&d.cards[card_index], direction))
            .is_some()
        {
            counts.learned += 1;
        } else {
            counts.unseen += 1;
        }
    }
    counts
}

/// The first day after `today` on which anything in `scope` falls due, and
/// how many card directions fall due that day.
pub fn next_due(
    library: &Library,
    store: &Store,
    scope: Scope,
    today: Day,
) -> Option<(Day, usize)> {
    let mut best: Option<(Day, usize)> = None;
    for (deck_index, deck) in library.decks.iter().enumerate() {
        if scope != Scope::All && scope != Scope::Deck(deck_index) {
            continue;
        }
        for (card_index, direction) in deck.study_items() {
            let Some(progress) = store.progress(&deck.key(&deck.cards[card_index], direction))
            else {
                continue;
            };
            let day = progress.due_day.max(today.plus(1));
            best = match best {
                Some((b, n)) if b == day => Some((b, n + 1)),
                Some((b, _)) if b < day => best,
                _ => Some((day, 1)),
            };
        }
    }
    best
}

/// One study session: today's queue worked through card by card. Cards
/// graded below 4 go to the back and return until they score 4 or 5
/// (SM-2's step 7).
#[derive(Clone, Debug)]
pub struct Session {
    pub scope: Scope,
    queue: std::collections::VecDeque<ItemRef>,
    answered: usize,
}

impl Session {
    pub fn start(
        library: &Library,
        store: &Store,
        scope: Scope,
        today: Day,
        limits: Limits,
    ) -> Session {
        Session {
            scope,
            queue: today_queue(library, store, scope, today, limits)
                .in_order()
                .collect(),
            answered: 0,
        }
    }

    /// The card to show now; `None` when the day's work is done.
    pub fn current(&self) -> Option<ItemRef> {
        self.queue.front().copied()
    }

    /// Cards still to answer today, repeats included.
    pub fn left(&self) -> usize {
        self.queue.len()
    }

    /// Answers given in this session.
    pub fn answered(&self) -> usize {
        self.answered
    }

    /// The current card was answered (and saved) with `quality`.
    pub fn advance(&mut self, quality: crate::sched::Quality) {
        if let Some(item) = self.queue.pop_front() {
            self.answered += 1;
            if quality.repeat_today() {
                self.queue.push_back(item);
            }
        }
    }
}
