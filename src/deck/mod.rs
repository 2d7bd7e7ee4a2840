//! Decks: the RON file format, loading, and validation with positions.
//!
//! `raw.rs` is the file as written; this module is the validated model the
//! rest of cardwise uses; `load.rs` turns one into the other and reports
//! every problem as `path:line:col: message`.

mod load;
mod raw;

use std::fmt;
use std::path::PathBuf;

pub use load::{load_paths, parse_deck};

use crate::drill::Drill;
use crate::key::{CardId, CardKey, DeckId, Direction};

/// A validated deck.
#[derive(Clone, Debug, PartialEq)]
pub struct Deck {
    pub id: DeckId,
    pub title: String,
    pub description: String,
    pub cards: Vec<Card>,
    /// The files it was loaded from: a deck may be split over several.
    pub files: Vec<PathBuf>,
    /// Names for people of tags: (tag, title).
    pub topic_titles: Vec<(String, String)>,
}

impl Deck {
    /// Every card direction of the deck, in the author's order.
    pub fn study_items(&self) -> impl Iterator<Item = (usize, Direction)> + '_ {
        self.cards.iter().enumerate().flat_map(|(index, card)| {
            card.directions()
                .iter()
                .map(move |&direction| (index, direction))
        })
    }

    pub fn key(&self, card: &Card, direction: Direction) -> CardKey {
        CardKey::new(self.id.clone(), card.id.clone(), direction)
    }

    /// The problems only drawing numbers can find: every drill sampled
    /// [`crate::drill::CHECK_SAMPLES`] times, as `cardwise check` does.
    /// Loading leaves this out, so that a start never waits for it.
    pub fn drill_problems(&self) -> Vec<Problem> {
        self.cards
            .iter()
            .filter_map(|card| {
                let CardKind::Drill(drill) = &card.kind else {
                    return None;
                };
                let (site, message) = drill.check().err()?;
                let (line, column) = drill.places.of(site);
                Some(Problem {
                    path: self
                        .files
                        .get(card.origin.file)
                        .cloned()
                        .unwrap_or_default(),
                    line,
                    column,
                    message,
                })
            })
            .collect()
    }
}

/// A validated card.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub id: CardId,
    pub tags: Vec<String>,
    pub kind: CardKind,
    /// Where its id is written.
    pub origin: Origin,
}

/// A place in a deck's files: `file` indexes [`Deck::files`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub file: usize,
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CardKind {
    /// A term and its definition; `reverse` also asks definition → term.
    Term {
        term: String,
        definition: String,
        reverse: bool,
    },
    /// A prompt whose answer is a list of items, in order or not.
    List {
        prompt: String,
        items: Vec<String>,
        ordered: bool,
    },
    /// A calculation with fresh numbers at every review.
    Drill(Box<Drill>),
    /// A question with options, one or more of them right.
    Choice {
        question: String,
        options: Vec<String>,
        /// Indexes into `options`, ascending, at least one.
        answers: Vec<usize>,
        explanation: Option<String>,
        /// Shown in a fresh order at every review (the default); `false`
        /// keeps the author's order, for "all of the above" or a scale.
        shuffle: bool,
    },
}

impl Card {
    /// A hash of what the card says (not its id or tags), with case and
    /// spacing ignored: two cards with the same fingerprint ask the same thing.
    pub fn fingerprint(&self) -> u64 {
        let parts: Vec<&str> = match &self.kind {
            CardKind::Term {
                term, definition, ..
            } => vec![term, definition],
            CardKind::List { prompt, items, .. } => std::iter::once(prompt.as_str())
                .chain(items.iter().map(String::as_str))
                .collect(),
            CardKind::Choice {
                question, options, ..
            } => std::iter::once(question.as_str())
                .chain(options.iter().map(String::as_str))
                .collect(),
            CardKind::Drill(drill) => drill.prompts.iter().map(|p| p.source.as_str()).collect(),
        };
        let normal = parts
            .iter()
            .flat_map(|part| part.split_whitespace().chain(std::iter::once("\u{1f}")))
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        crate::key::stable_hash(normal.bytes())
    }

    /// The directions this card is studied in.
    pub fn directions(&self) -> &'static [Direction] {
        match self.kind {
            CardKind::Term { reverse: true, .. } => &[Direction::Forward, Direction::Reverse],
            _ => &[Direction::Forward],
        }
    }
}

/// The letter shown for option `index` of a choice question (A, B, C …).
pub fn option_letter(index: usize) -> char {
    u8::try_from(index)
        .ok()
        .filter(|&i| i < 26)
        .map_or('?', |i| char::from(b'A' + i))
}

/// One problem in a deck file, at a 1-based line and column (in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Problem {
    /// The problem as a warning, as `check` writes warnings:
    /// `file:line:col: warning: message`.
    pub fn as_warning(&self) -> String {
        format!(
            "{}:{}:{}: warning: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// A deck file that could not be loaded, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokenDeck {
    pub path: PathBuf,
    pub problems: Vec<Problem>,
}

/// Every deck found under the deck paths, and every file that is broken.
/// A broken file never stops the others from loading.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Library {
    pub decks: Vec<Deck>,
    pub broken: Vec<BrokenDeck>,
    /// Every tag used by the loaded decks, by name.
    pub topics: Vec<Topic>,
    /// The deck folder's course file, if it has one.
    pub course: Option<Course>,
}

/// What a deck folder's `course.ron` says about the course as a whole.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Course {
    /// The course's name, at the top of home.
    pub title: String,
    /// A few words beside it.
    pub tagline: Option<String>,
    /// The exam's date, for learners who have not set one of their own.
    pub exam: Option<jiff::civil::Date>,
}

/// The course file's name in a deck folder.
pub const COURSE_FILE: &str = "course.ron";

/// A tag, and how many cards carry it across all decks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topic {
    /// The tag.
    pub name: String,
    /// Its name for people, from a deck's `topics`, if one gives it.
    pub title: Option<String>,
    pub cards: usize,
    /// The deck it is listed under: the first that titles it in its
    /// `topics`, else the first whose cards carry it.
    pub deck: usize,
}

impl Topic {
    /// What a learner reads: its title, else the tag.
    pub fn label(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.name)
    }
}

impl Library {
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.broken.iter().flat_map(|b| b.problems.iter())
    }

    /// Every loaded deck's [`Deck::drill_problems`], decks on both cores.
    pub fn drill_problems(&self) -> Vec<Problem> {
        let (first, second) = self.decks.split_at(self.decks.len() / 2);
        std::thread::scope(|scope| {
            let other = scope.spawn(|| {
                first
                    .iter()
                    .flat_map(Deck::drill_problems)
                    .collect::<Vec<_>>()
            });
            let mut problems: Vec<Problem> = second.iter().flat_map(Deck::drill_problems).collect();
            let mut all = other.join().unwrap_or_default();
            all.append(&mut problems);
            all
        })
    }

    pub fn card_count(&self) -> usize {
        self.decks.iter().map(|d| d.cards.len()).sum()
    }

    pub fn deck(&self, id: &DeckId) -> Option<&Deck> {
        self.decks.iter().find(|d| &d.id == id)
    }

    /// Cards that look renamed: a card with no history whose text is the
    /// same as that of a card the deck no longer has, but which has history.
    /// `answered` lists (deck, card, fingerprint) of every card with history.
    pub fn renames(&self, answered: &[(DeckId, CardId, Option<u64>)]) -> Vec<Problem> {
        let mut warnings = Vec::new();
        for deck in &self.decks {
            let present: std::collections::HashSet<&CardId> =
                deck.cards.iter().map(|c| &c.id).collect();
            let with_history: std::collections::HashSet<&CardId> = answered
                .iter()
                .filter(|(d, _, _)| d == &deck.id)
                .map(|(_, c, _)| c)
                .collect();
            let gone: Vec<(&CardId, u64)> = answered
                .iter()
                .filter(|(d, c, _)| d == &deck.id && !present.contains(c))
                .filter_map(|(_, c, f)| f.map(|f| (c, f)))
                .collect();
            if gone.is_empty() {
                continue;
            }
            for card in deck.cards.iter().filter(|c| !with_history.contains(&c.id)) {
                let fingerprint = card.fingerprint();
                if let Some((old, _)) = gone.iter().find(|(_, f)| *f == fingerprint) {
                    warnings.push(Problem {
                        path: deck.files.get(card.origin.file).cloned().unwrap_or_default(),
                        line: card.origin.line,
                        column: card.origin.column,
                        message: format!(
                            "warning: card \"{}\" says what card \"{old}\" said, and \"{old}\" has study history; if this is a rename, the history stays with \"{old}\": give the card its old id back to keep it",
                            card.id
                        ),
                    });
                }
            }
        }
        warnings
    }

    /// Work out `topics` from the decks' tags.
    pub fn collect_topics(&mut self) {
        // (cards, the first deck) per tag.
        let mut counts: rustc_hash::FxHashMap<&str, (usize, usize)> =
            rustc_hash::FxHashMap::default();
        for (d, deck) in self.decks.iter().enumerate() {
            for card in &deck.cards {
                for tag in &card.tags {
                    counts.entry(tag).or_insert((0, d)).0 += 1;
                }
            }
        }
        let title = |tag: &str| {
            self.decks
                .iter()
                .flat_map(|d| &d.topic_titles)
                .find(|(t, _)| t == tag)
                .map(|(_, title)| title.clone())
        };
        // A deck that titles a tag claims it: "Beyond the course texts",
        // titled by the drills, is listed there even if an earlier deck has
        // one such card.
        let titled_by = |tag: &str| {
            self.decks
                .iter()
                .position(|d| d.topic_titles.iter().any(|(t, _)| t == tag))
        };
        let mut topics: Vec<Topic> = counts
            .into_iter()
            .map(|(name, (cards, first))| Topic {
                name: name.to_string(),
                title: title(name),
                cards,
                deck: titled_by(name).unwrap_or(first),
            })
            .collect();
        // Deck by deck, then by the name a learner reads.
        topics.sort_unstable_by(|a, b| {
            (a.deck, a.label().to_lowercase(), &a.name).cmp(&(
                b.deck,
                b.label().to_lowercase(),
                &b.name,
            ))
        });
        self.topics = topics;
    }
}
