//! Each answered card direction's number and cached progress, by deck and
//! then by card: lookups borrow the caller's ids, so asking for the progress
//! of every card of a large course allocates nothing and hashes each id
//! once. Hashing uses FxHash: the keys are the learner's own decks, not
//! input from strangers, and it is several times faster than SipHash here.

use rustc_hash::FxHashMap;
use smol_str::SmolStr;

use crate::key::{CardId, CardKey, DeckId, Direction};
use crate::sched::{CardProgress, Day};

/// A card direction on record: its number in `card_keys` (negative while
/// not yet written) and its progress.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slot {
    pub id: i64,
    pub progress: CardProgress,
}

/// A deck's cards: each card id to its place in `slots`. The table stays
/// small (an id and a number an entry), so probing it stays in the cache
/// even for a hundred thousand cards; the slots sit apart, densely.
#[derive(Debug, Default)]
struct Cards {
    /// Card ids kept inline (up to 23 bytes without a heap allocation), so
    /// comparing a probed key reads no memory elsewhere.
    places: FxHashMap<SmolStr, u32>,
    /// Each place's card id, for [`DeckProgress::place`]'s guesses.
    names: Vec<SmolStr>,
    slots: Vec<[Option<Slot>; 2]>,
}

#[derive(Debug, Default)]
pub struct KeyIndex {
    decks: FxHashMap<DeckId, Cards>,
}

fn slot(direction: Direction) -> usize {
    match direction {
        Direction::Forward => 0,
        Direction::Reverse => 1,
    }
}

/// The progress of one deck's cards.
#[derive(Clone, Copy, Debug)]
pub struct DeckProgress<'a>(&'a Cards);

impl<'a> DeckProgress<'a> {
    pub fn get(self, card: &CardId, direction: Direction) -> Option<&'a CardProgress> {
        self.at(self.place(card, usize::MAX)?, direction)
    }

    /// Where `card`'s progress sits, looking at place `expected` before
    /// hashing. Cards get their places in the order they are first
    /// answered, which is the author's order as a rule; so a walk through a
    /// deck that expects each card just after the last one found finds
    /// nearly every card without hashing its id. Any `expected` is safe: a
    /// wrong guess only costs the hash lookup.
    pub fn place(self, card: &CardId, expected: usize) -> Option<usize> {
        if self
            .0
            .names
            .get(expected)
            .is_some_and(|n| n.as_str() == card.as_str())
        {
            return Some(expected);
        }
        self.0.places.get(card.as_str()).map(|&p| p as usize)
    }

    /// The progress at a place [`DeckProgress::place`] found.
    pub fn at(self, place: usize, direction: Direction) -> Option<&'a CardProgress> {
        self.0.slots.get(place)?[slot(direction)]
            .as_ref()
            .map(|s| &s.progress)
    }
}

impl Cards {
    fn get(&self, card: &CardId) -> Option<&[Option<Slot>; 2]> {
        self.slots.get(*self.places.get(card.as_str())? as usize)
    }

    fn get_mut(&mut self, card: &CardId) -> Option<&mut [Option<Slot>; 2]> {
        self.slots
            .get_mut(*self.places.get(card.as_str())? as usize)
    }
}

impl KeyIndex {
    pub fn deck(&self, deck: &DeckId) -> Option<DeckProgress<'_>> {
        self.decks.get(deck).map(DeckProgress)
    }

    pub fn get(&self, key: &CardKey) -> Option<&Slot> {
        self.decks.get(&key.deck)?.get(&key.card)?[slot(key.direction)].as_ref()
    }

    pub fn get_mut(&mut self, key: &CardKey) -> Option<&mut Slot> {
        self.decks.get_mut(&key.deck)?.get_mut(&key.card)?[slot(key.direction)].as_mut()
    }

    /// Forget a card direction's state (its only answers were undone);
    /// its number stays known.
    pub fn remove(&mut self, key: &CardKey) {
        if let Some(slots) = self
            .decks
            .get_mut(&key.deck)
            .and_then(|cards| cards.get_mut(&key.card))
        {
            slots[slot(key.direction)] = None;
        }
    }

    pub fn insert(&mut self, key: &CardKey, value: Slot) {
        self.insert_parts(&key.deck, key.card.as_str(), key.direction, value);
    }

    /// [`KeyIndex::insert`] without a built key.
    pub fn insert_parts(&mut self, deck: &DeckId, card: &str, direction: Direction, value: Slot) {
        let cards = match self.decks.get_mut(deck) {
            Some(cards) => cards,
            None => self.decks.entry(deck.clone()).or_default(),
        };
        let place = match cards.places.get(card) {
            Some(&place) => place as usize,
            None => {
                cards.slots.push([None, None]);
                let place = cards.slots.len() - 1;
                let name = SmolStr::new(card);
                cards.names.push(name.clone());
                // Fewer than 2^32 cards in a deck: a deck file that size
                // would not load in the first place.
                cards
                    .places
                    .insert(name, u32::try_from(place).unwrap_or(u32::MAX));
                place
            }
        };
        if let Some(slots) = cards.slots.get_mut(place) {
            slots[slot(direction)] = Some(value);
        }
    }

    /// Every key on record with its slot (builds the keys: not for hot paths).
    pub fn iter(&self) -> impl Iterator<Item = (CardKey, &Slot)> + '_ {
        self.decks.iter().flat_map(|(deck, cards)| {
            cards.places.iter().flat_map(move |(card, &place)| {
                let slots = cards.slots.get(place as usize);
                [Direction::Forward, Direction::Reverse]
                    .into_iter()
                    .filter_map(move |d| {
                        slots
                            .and_then(|s| s[slot(d)].as_ref())
                            .map(|s| (CardKey::new(deck.clone(), CardId::new(card.as_str()), d), s))
                    })
            })
        })
    }

    /// Lay out `deck`'s places in the order of `cards` (the course's
    /// order) when more than a tenth of the cards are out of it, so that a
    /// walk in the course's order finds each card at the place after the
    /// last one (see [`DeckProgress::place`]). Cards get their places in
    /// the order they are first answered, which drifts from the course's
    /// when an author reorders a deck. Cards not in `cards` keep their
    /// history, after the others. Only the layout in memory changes.
    /// Returns whether anything moved.
    pub fn arrange<'c, I>(&mut self, deck: &DeckId, cards: I) -> bool
    where
        I: IntoIterator<Item = &'c CardId>,
        I::IntoIter: Clone,
    {
        let Some(held) = self.decks.get_mut(deck) else {
            return false;
        };
        let cards = cards.into_iter();
        let (mut found, mut astray, mut next) = (0usize, 0usize, 0usize);
        for card in cards.clone() {
            if let Some(place) = DeckProgress(held).place(card, next) {
                found += 1;
                astray += usize::from(place != next);
                next = place + 1;
            }
        }
        if astray * 10 <= found {
            return false;
        }
        // The old place of each card, in the new order.
        let mut placed = vec![false; held.slots.len()];
        let mut order: Vec<usize> = Vec::with_capacity(held.slots.len());
        for card in cards {
            if let Some(&place) = held.places.get(card.as_str())
                && let Some(seen) = placed.get_mut(place as usize)
                && !std::mem::replace(seen, true)
            {
                order.push(place as usize);
            }
        }
        order.extend((0..placed.len()).filter(|&p| !placed[p]));
        let mut slots = Vec::with_capacity(order.len());
        let mut names = Vec::with_capacity(order.len());
        for old in order {
            let (Some(&slot), Some(name)) = (held.slots.get(old), held.names.get(old)) else {
                continue;
            };
            if let Some(place) = held.places.get_mut(name.as_str()) {
                // As many places as before: fewer than 2^32 (see insert).
                *place = u32::try_from(slots.len()).unwrap_or(u32::MAX);
            }
            slots.push(slot);
            names.push(name.clone());
        }
        held.slots = slots;
        held.names = names;
        true
    }

    pub fn slots_mut(&mut self) -> impl Iterator<Item = &mut Slot> + '_ {
        self.decks.values_mut().flat_map(|cards| {
            cards
                .slots
                .iter_mut()
                .flat_map(|slots| slots.iter_mut().flatten())
        })
    }

    /// Pull every card's dates back to `day` (see
    /// [`CardProgress::pulled_back`]).
    pub fn pull_back(&mut self, day: Day) {
        for slot in self.slots_mut() {
            slot.progress = slot.progress.pulled_back(day);
        }
    }
}
