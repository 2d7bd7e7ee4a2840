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

/// What a session studies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Deck(usize),
    /// Every card, in any deck, tagged with `library.topics[i]`.
    Topic(usize),
}

impl Scope {
    /// The cards in scope, in the author's order: (deck index, card index).
    pub fn cards<'l>(
        self,
        library: &'l Library,
    ) -> impl Iterator<Item = (usize, usize, &'l Card)> + 'l {
        let topic = match self {
            Scope::Topic(index) => Some(library.topics.get(index).map_or("", |t| t.name.as_str())),
            _ => None,
        };
        library
            .decks
            .iter()
            .enumerate()
            .filter(move |&(d, _)| match self {
                Scope::Deck(index) => d == index,
                Scope::All | Scope::Topic(_) => true,
            })
            .flat_map(|(d, deck)| {
                deck.cards
                    .iter()
                    .enumerate()
                    .map(move |(c, card)| (d, c, card))
            })
            .filter(move |(_, _, card)| topic.is_none_or(|t| card.tags.iter().any(|tag| tag == t)))
    }
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
    let mut candidates = Vec::new();
    for (sibling_group, (deck_index, card_index, card)) in scope.cards(library).enumerate() {
        let deck = &library.decks[deck_index];
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
    scope_counts(library, store, Scope::Deck(deck), today, limits)
}

/// The counts of everything in `scope`.
pub fn scope_counts(
    library: &Library,
    store: &Store,
    scope: Scope,
    today: Day,
    limits: Limits,
) -> DeckCounts {
    let queue = today_queue(library, store, scope, today, limits);
    let mut counts = DeckCounts {
        due_today: queue.due.len(),
        new_today: queue.new.len(),
        repeats_today: queue.repeats.len(),
        ..DeckCounts::default()
    };
    for (deck_index, _, card) in scope.cards(library) {
        let deck = &library.decks[deck_index];
        for &direction in card.directions() {
            counts.cards += 1;
            if store.progress(&deck.key(card, direction)).is_some() {
                counts.learned += 1;
            } else {
                counts.unseen += 1;
            }
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
    for (deck_index, _, card) in scope.cards(library) {
        let deck = &library.decks[deck_index];
        for &direction in card.directions() {
            let Some(progress) = store.progress(&deck.key(card, direction)) else {
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
