//! What the learner does to a card besides answering it, beside its SM-2
//! state: kept out of study (suspended until let back, or buried until the
//! next study day), brought into today's reviews (a practice test's
//! mistakes), or given its one extra review before an exam. Each change is
//! a row of the review log (kinds 3, 5–7, 9), so it is undone, replayed and
//! merged like an answer; the holds in force are a cache (`card_hold`)
//! beside the card states. Resetting a card to new (kind 8) is logged the
//! same way.

use std::path::Path;

use rustc_hash::FxHashMap;

use super::StoreError;
use super::db::sql;
use crate::key::{CardId, CardKey, DeckId, Direction};
use crate::sched::Day;

/// Whether a card direction is kept out of study.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hold {
    /// Out of study until unsuspended (by hand, or as a leech).
    pub suspended: bool,
    /// Buried on this study day: out of study for the rest of it.
    pub buried_on: Option<Day>,
    /// Brought into this study day's reviews, whenever it is due.
    pub due_on: Option<Day>,
    /// Given its extra review before an exam on this study day.
    pub extra_on: Option<Day>,
}

impl Hold {
    /// Not studied on `today`.
    pub fn is_held(self, today: Day) -> bool {
        self.suspended || self.is_buried(today)
    }

    /// Buried for `today` (a day the clock has not reached yet counts:
    /// a clock put back does not bring a buried card back early).
    pub fn is_buried(self, today: Day) -> bool {
        self.buried_on.is_some_and(|day| day >= today)
    }

    /// Brought into `today`'s reviews.
    pub fn is_due_today(self, today: Day) -> bool {
        self.due_on == Some(today)
    }

    fn is_none(self) -> bool {
        self == Hold::default()
    }
}

/// What the learner (or the leech rule) does to a card besides answering
/// it. The codes are the log's kinds: never renumber them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CardAction {
    /// Out of study until unsuspended.
    Suspend,
    /// Back to study: no longer suspended or buried.
    Unsuspend,
    /// Out of study for the rest of today.
    Bury,
    /// Back to new: its SM-2 state forgotten (its history stays in the log).
    Reset,
    /// Into today's reviews, whenever it is due (a practice test's
    /// mistakes): its SM-2 state is not touched.
    DueToday,
}

impl CardAction {
    pub const fn code(self) -> i64 {
        match self {
            CardAction::Suspend => 5,
            CardAction::Unsuspend => 6,
            CardAction::Bury => 7,
            CardAction::Reset => 8,
            CardAction::DueToday => 9,
        }
    }

    pub const fn from_code(code: i64) -> Option<CardAction> {
        match code {
            5 => Some(CardAction::Suspend),
            6 => Some(CardAction::Unsuspend),
            7 => Some(CardAction::Bury),
            8 => Some(CardAction::Reset),
            9 => Some(CardAction::DueToday),
            _ => None,
        }
    }

    /// The hold after this action on `day`, from `before`.
    pub fn hold_after(self, before: Hold, day: Day) -> Hold {
        match self {
            CardAction::Suspend => Hold {
                suspended: true,
                ..before
            },
            CardAction::Unsuspend => Hold {
                suspended: false,
                buried_on: None,
                ..before
            },
            CardAction::DueToday => Hold {
                due_on: Some(day),
                ..before
            },
            CardAction::Bury => Hold {
                buried_on: Some(day),
                ..before
            },
            CardAction::Reset => before,
        }
    }

    /// The action in the learner's words, as a verb.
    pub const fn verb(self) -> &'static str {
        match self {
            CardAction::Suspend => "suspend",
            CardAction::Unsuspend => "unsuspend",
            CardAction::Bury => "bury",
            CardAction::Reset => "reset to new",
            CardAction::DueToday => "add to today's reviews",
        }
    }
}

/// The holds of one deck's cards.
#[derive(Clone, Copy, Debug)]
pub struct DeckHolds<'a>(&'a FxHashMap<CardId, [Hold; 2]>);

impl DeckHolds<'_> {
    pub fn get(self, card: &CardId, direction: Direction) -> Hold {
        self.0
            .get(card)
            .map_or_else(Hold::default, |h| h[slot(direction)])
    }
}

fn slot(direction: Direction) -> usize {
    match direction {
        Direction::Forward => 0,
        Direction::Reverse => 1,
    }
}

/// Every hold in force, by deck and card. Few cards are held, so a deck
/// with none costs a walk through the library nothing but one lookup.
#[derive(Clone, Debug, Default)]
pub struct Holds {
    decks: FxHashMap<DeckId, FxHashMap<CardId, [Hold; 2]>>,
}

impl Holds {
    pub fn get(&self, key: &CardKey) -> Hold {
        self.deck(&key.deck)
            .map_or_else(Hold::default, |d| d.get(&key.card, key.direction))
    }

    /// `None` when no card of the deck is held.
    pub fn deck(&self, deck: &DeckId) -> Option<DeckHolds<'_>> {
        self.decks.get(deck).map(DeckHolds)
    }

    pub fn set(&mut self, key: &CardKey, hold: Hold) {
        if hold.is_none() {
            if let Some(cards) = self.decks.get_mut(&key.deck) {
                if let Some(slots) = cards.get_mut(&key.card) {
                    slots[slot(key.direction)] = Hold::default();
                    if slots.iter().all(|h| h.is_none()) {
                        cards.remove(&key.card);
                    }
                }
                if cards.is_empty() {
                    self.decks.remove(&key.deck);
                }
            }
            return;
        }
        self.decks
            .entry(key.deck.clone())
            .or_default()
            .entry(key.card.clone())
            .or_default()[slot(key.direction)] = hold;
    }

    /// Every held card direction.
    pub fn iter(&self) -> impl Iterator<Item = (CardKey, Hold)> + '_ {
        self.decks.iter().flat_map(|(deck, cards)| {
            cards.iter().flat_map(move |(card, slots)| {
                [Direction::Forward, Direction::Reverse]
                    .into_iter()
                    .zip(slots)
                    .filter(|(_, h)| !h.is_none())
                    .map(move |(direction, &h)| {
                        (CardKey::new(deck.clone(), card.clone(), direction), h)
                    })
            })
        })
    }
}

/// The holds cache as stored.
pub(super) fn load(conn: &rusqlite::Connection, path: &Path) -> Result<Holds, StoreError> {
    let read = sql("read the suspended and buried cards", path);
    // A file of an older format opened only to look has no holds table.
    if super::db::user_version(conn, path)? < 4 {
        return Ok(Holds::default());
    }
    let mut stmt = conn
        .prepare(
            "SELECT k.deck, k.card, k.direction, h.suspended, h.buried_on, h.due_on, h.extra_on
             FROM card_hold h JOIN card_keys k ON k.id = h.card",
        )
        .map_err(&read)?;
    let mut rows = stmt.query([]).map_err(&read)?;
    let mut holds = Holds::default();
    while let Some(row) = rows.next().map_err(&read)? {
        let Some(direction) = Direction::from_code(row.get(2).map_err(&read)?) else {
            continue;
        };
        let key = CardKey::new(
            DeckId::new(row.get::<_, String>(0).map_err(&read)?),
            CardId::new(row.get::<_, String>(1).map_err(&read)?),
            direction,
        );
        let hold = Hold {
            suspended: row.get::<_, i64>(3).map_err(&read)? != 0,
            buried_on: row
                .get::<_, Option<i32>>(4)
                .map_err(&read)?
                .map(Day::from_number),
            due_on: row
                .get::<_, Option<i32>>(5)
                .map_err(&read)?
                .map(Day::from_number),
            extra_on: row
                .get::<_, Option<i32>>(6)
                .map_err(&read)?
                .map(Day::from_number),
        };
        holds.set(&key, hold);
    }
    Ok(holds)
}

/// Write card `id`'s hold to the cache. The caller commits.
pub(super) fn write(conn: &rusqlite::Connection, id: i64, hold: Hold) -> rusqlite::Result<()> {
    if hold.is_none() {
        conn.prepare_cached("DELETE FROM card_hold WHERE card = ?1")?
            .execute([id])?;
    } else {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO card_hold (card, suspended, buried_on, due_on, extra_on)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(rusqlite::params![
            id,
            i64::from(hold.suspended),
            hold.buried_on.map(Day::number),
            hold.due_on.map(Day::number),
            hold.extra_on.map(Day::number),
        ])?;
    }
    Ok(())
}
