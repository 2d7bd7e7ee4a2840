//! The review log as statistics read it: every answer still standing (an
//! undone one is left out, and so are the undo rows), compact enough to
//! keep in memory for a million reviews (28 bytes each), read once and then
//! brought up to date with the answers logged since.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, params};

use super::db::sql;
use super::{Checked, ReviewKind, Store, StoreError};
use crate::key::{CardId, CardKey, DeckId, Direction};
use crate::sched::Day;

/// One answer as it was logged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Logged {
    /// Which card direction: an index into [`History::keys`].
    pub card: u32,
    /// The study day it was logged on.
    pub day: Day,
    pub quality: u8,
    /// A scheduled review (the day's first answer of the card), not a
    /// same-day repeat.
    pub scheduled: bool,
    /// A practice answer or an exam's extra review: study, but no part of
    /// the card's schedule.
    pub practice: bool,
    /// The card was reset to new just before: it starts afresh.
    pub fresh: bool,
    /// The interval (days) the card had before this answer: 0 for a card
    /// never answered or relearning, else the review's interval.
    pub interval_before: u32,
    /// Time from showing the card to the answer, in milliseconds.
    pub elapsed_ms: u32,
}

/// Every answer standing, in log order per device.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// Card directions by their number in the file (`None`: a number not
    /// in use).
    pub keys: Vec<Option<CardKey>>,
    pub answers: Vec<Logged>,
    /// The (device, seq) of each answer, beside `answers`.
    ids: Vec<(u32, u32)>,
    /// The last seq read, per device.
    read_to: Vec<(i64, i64)>,
    /// How checked answers compared, by (device, seq).
    checked: rustc_hash::FxHashMap<(u32, u32), Checked>,
    /// Cards reset to new since their last answer read: the reset's id.
    resets: rustc_hash::FxHashMap<u32, (u32, u32)>,
    /// The rows that are no answers (actions on cards): an undo of one has
    /// no answer to look for.
    others: rustc_hash::FxHashSet<(u32, u32)>,
}

impl History {
    /// The answers that stand (not undone), and how many there are.
    pub fn len(&self) -> usize {
        self.answers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }

    /// The key of an answer's card direction.
    pub fn key(&self, answer: &Logged) -> Option<&CardKey> {
        self.keys.get(answer.card as usize).and_then(Option::as_ref)
    }

    /// Answers standing per card direction, by its number: the reviews of
    /// its schedule (practice answers not counted).
    pub fn answers_per_key(&self) -> Vec<u64> {
        let mut per_key = vec![0u64; self.keys.len()];
        for answer in self.answers.iter().filter(|a| !a.practice) {
            if let Some(n) = per_key.get_mut(answer.card as usize) {
                *n += 1;
            }
        }
        per_key
    }

    /// Answers standing per deck id.
    pub fn answers_per_deck(&self) -> std::collections::HashMap<DeckId, u64> {
        let mut per_deck = std::collections::HashMap::new();
        for (key, n) in self.keys.iter().zip(self.answers_per_key()) {
            if let Some(key) = key
                && n > 0
            {
                *per_deck.entry(key.deck.clone()).or_insert(0) += n;
            }
        }
        per_deck
    }

    /// Every answer standing that was checked, with how it compared.
    pub fn checked(&self) -> impl Iterator<Item = (&Logged, Checked)> + '_ {
        let by_id = &self.checked;
        self.answers
            .iter()
            .zip(&self.ids)
            .filter_map(move |(answer, id)| by_id.get(id).map(|&c| (answer, c)))
    }

    fn take_back(&mut self, device: i64, seq: i64) {
        let id = (narrow(device), narrow(seq));
        if self.others.remove(&id) {
            self.resets.retain(|_, reset| *reset != id);
            return;
        }
        self.checked.remove(&id);
        // Undos take back recent answers: look from the end.
        if let Some(at) = self.ids.iter().rposition(|&logged| logged == id) {
            self.ids.remove(at);
            self.answers.remove(at);
        }
    }

    fn read_to(&self, device: i64) -> i64 {
        self.read_to
            .iter()
            .find(|(d, _)| *d == device)
            .map_or(0, |(_, seq)| *seq)
    }

    fn note_read(&mut self, device: i64, seq: i64) {
        match self.read_to.iter_mut().find(|(d, _)| *d == device) {
            Some((_, last)) => *last = (*last).max(seq),
            None => self.read_to.push((device, seq)),
        }
    }
}

impl Store {
    /// The whole review log, for statistics.
    pub fn history(&self) -> Result<History, StoreError> {
        let mut history = History::default();
        self.update_history(&mut history)?;
        Ok(history)
    }

    /// Bring `history` up to date with the answers (and undos) logged since
    /// it was read (here or by [`read_history`]).
    pub fn update_history(&self, history: &mut History) -> Result<(), StoreError> {
        update(&self.conn, &self.path, history)
    }
}

/// The whole review log of the progress file at `path`, read through a
/// connection of its own: for a thread beside the window, while the
/// window's store goes on writing.
pub fn read_history(path: &Path) -> Result<History, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sql("open the progress database", path))?;
    let mut history = History::default();
    update(&conn, path, &mut history)?;
    Ok(history)
}

fn update(conn: &Connection, path: &Path, history: &mut History) -> Result<(), StoreError> {
    let read = sql("read the review log", path);
    let mut keys = conn
        .prepare_cached("SELECT id, deck, card, direction FROM card_keys WHERE id >= ?1")
        .map_err(&read)?;
    let from = history.keys.len() as i64;
    let rows = keys
        .query_map([from], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, i64>(3)?,
            ))
        })
        .map_err(&read)?;
    for row in rows {
        let (id, deck, card, direction) = row.map_err(&read)?;
        let (Ok(at), Some(direction)) = (usize::try_from(id), Direction::from_code(direction))
        else {
            continue;
        };
        if history.keys.len() <= at {
            history.keys.resize(at + 1, None);
        }
        history.keys[at] = Some(CardKey::new(
            DeckId::new(deck),
            CardId::new(card),
            direction,
        ));
    }

    let mut devices = conn
        .prepare_cached("SELECT id FROM devices ORDER BY id")
        .map_err(&read)?;
    let devices: Vec<i64> = devices
        .query_map([], |row| row.get(0))
        .map_err(&read)?
        .collect::<Result<_, _>>()
        .map_err(&read)?;
    let mut reviews = conn
        .prepare_cached(
            // `undoes`, the row's last column, is asked for only on undo
            // rows: SQLite then decodes half of each row, not all of it.
            "SELECT seq, card, day, quality, kind, interval_before, elapsed_ms
                 FROM reviews WHERE device = ?1 AND seq > ?2 ORDER BY seq",
        )
        .map_err(&read)?;
    let mut undoes = conn
        .prepare_cached("SELECT undoes FROM reviews WHERE device = ?1 AND seq = ?2")
        .map_err(&read)?;
    let mut newest = conn
        .prepare_cached("SELECT MAX(seq) FROM reviews WHERE device = ?1")
        .map_err(&read)?;
    for device in devices {
        // Room for every row at once (the newest seq is found through the
        // key): growing by doubling would copy and touch twice the memory.
        let to: Option<i64> = newest
            .query_row([device], |row| row.get(0))
            .map_err(&read)?;
        let more = to.unwrap_or(0) - history.read_to(device);
        if let Ok(more) = usize::try_from(more) {
            history.answers.reserve(more);
            history.ids.reserve(more);
        }
        let mut rows = reviews
            .query(params![device, history.read_to(device)])
            .map_err(&read)?;
        let mut last = None;
        while let Some(row) = rows.next().map_err(&read)? {
            // Integers read without conversion checks: a million rows.
            let number = |at: usize| -> Result<i64, StoreError> {
                row.get_ref(at)
                    .and_then(|v| v.as_i64().map_err(Into::into))
                    .map_err(&read)
            };
            let seq = number(0)?;
            last = Some(seq);
            let kind = ReviewKind::from_code(number(4)?);
            match kind {
                Some(ReviewKind::Undo) => {
                    let undone: Option<i64> = undoes
                        .query_row(params![device, seq], |row| row.get(0))
                        .map_err(&read)?;
                    if let Some(undone) = undone {
                        history.take_back(device, undone);
                    }
                    continue;
                }
                Some(
                    ReviewKind::Scheduled
                    | ReviewKind::SameDayRepeat
                    | ReviewKind::Practice
                    | ReviewKind::ExamExtra,
                ) => {}
                Some(ReviewKind::Action(action)) => {
                    let id = (narrow(device), narrow(seq));
                    history.others.insert(id);
                    if action == crate::store::CardAction::Reset {
                        let card = u32::try_from(number(1)?.max(0)).unwrap_or(u32::MAX);
                        history.resets.insert(card, id);
                    }
                    continue;
                }
                // A kind this version does not know.
                None => continue,
            }
            let clamp = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
            let card = clamp(number(1)?);
            // A practice answer leaves a reset waiting for the next answer
            // of the schedule.
            let practice = matches!(kind, Some(ReviewKind::Practice | ReviewKind::ExamExtra));
            let fresh = !practice && history.resets.remove(&card).is_some();
            history.answers.push(Logged {
                card,
                day: Day::from_number(i32::try_from(number(2)?).unwrap_or(i32::MAX)),
                quality: u8::try_from(number(3)?.clamp(0, 5)).unwrap_or(0),
                scheduled: kind == Some(ReviewKind::Scheduled),
                practice,
                fresh,
                interval_before: clamp(number(5)?),
                elapsed_ms: clamp(number(6)?),
            });
            history.ids.push((narrow(device), narrow(seq)));
        }
        if let Some(seq) = last {
            read_checked(conn, path, history, device)?;
            history.note_read(device, seq);
        }
    }
    Ok(())
}

/// How the answers of `device` read since `history` was last brought up
/// to date compared (before its `read_to` moves on).
fn read_checked(
    conn: &Connection,
    path: &Path,
    history: &mut History,
    device: i64,
) -> Result<(), StoreError> {
    // A file of an older format opened only to look has no such table.
    if super::db::user_version(conn, path)? < 4 {
        return Ok(());
    }
    let read = sql("read how answers compared", path);
    let mut stmt = conn
        .prepare_cached("SELECT seq, outcome, mistake FROM outcomes WHERE device = ?1 AND seq > ?2")
        .map_err(&read)?;
    let mut rows = stmt
        .query(params![device, history.read_to(device)])
        .map_err(&read)?;
    while let Some(row) = rows.next().map_err(&read)? {
        let seq: i64 = row.get(0).map_err(&read)?;
        let outcome: i64 = row.get(1).map_err(&read)?;
        let mistake: Option<i64> = row.get(2).map_err(&read)?;
        let id = (narrow(device), narrow(seq));
        // An answer undone in this same pass stays here unused:
        // [`History::checked`] goes by the answers standing.
        if let Some(checked) = Checked::from_codes(outcome, mistake) {
            history.checked.insert(id, checked);
        }
    }
    Ok(())
}

/// Device numbers and sequence numbers fit in 32 bits for any log a person
/// can write (four billion answers); larger ones are clamped, which only
/// risks an undo missing its answer in the statistics.
fn narrow(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}
