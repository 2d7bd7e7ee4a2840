//! Stable identities: the plain types every layer shares.
//!
//! Progress is keyed by `CardKey` (deck id, card id, direction), never by a
//! position in a file or by the card's text, so authors can fix typos and
//! reorder cards without touching anybody's history.

use std::fmt;

use smol_str::SmolStr;

// Ids are kept inline up to 23 bytes (`SmolStr`), as short ids are: a
// hundred thousand cards cost no allocation each, and comparing a card's id
// reads no memory outside the card.

/// The author-chosen id of a deck, unique across the loaded decks.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeckId(SmolStr);

/// The author-chosen id of a card, unique within its deck.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CardId(SmolStr);

macro_rules! string_id {
    ($name:ident) => {
        impl $name {
            pub fn new(id: impl AsRef<str>) -> Self {
                Self(SmolStr::new(id))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

string_id!(DeckId);
string_id!(CardId);

/// Which way a card is asked. Every card has `Forward`; a `Term` card with
/// `reverse: true` also has `Reverse` (definition → term). The two directions
/// of one card are siblings and are never both studied on the same day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    Forward,
    Reverse,
}

impl Direction {
    /// The number stored in the progress database. Never renumber these.
    pub const fn code(self) -> i64 {
        match self {
            Direction::Forward => 0,
            Direction::Reverse => 1,
        }
    }

    pub const fn from_code(code: i64) -> Option<Self> {
        match code {
            0 => Some(Direction::Forward),
            1 => Some(Direction::Reverse),
            _ => None,
        }
    }
}

/// What progress is keyed by: one direction of one card of one deck.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CardKey {
    pub deck: DeckId,
    pub card: CardId,
    pub direction: Direction,
}

impl CardKey {
    pub fn new(deck: DeckId, card: CardId, direction: Direction) -> Self {
        Self {
            deck,
            card,
            direction,
        }
    }
}

impl fmt::Display for CardKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let arrow = match self.direction {
            Direction::Forward => "",
            Direction::Reverse => " (reverse)",
        };
        write!(f, "{}/{}{}", self.deck, self.card, arrow)
    }
}

/// FNV-1a, 64 bits: a hash that never changes between runs, platforms or
/// versions, for values that are stored or must repeat (drill seeds, card
/// fingerprints). Not for security.
pub fn stable_hash(bytes: impl IntoIterator<Item = u8>) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.into_iter().fold(OFFSET, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}
