//! Loading deck files and folders, and validating them into the model.
//!
//! Every problem carries the file, line and column of the value at fault.
//! A file with any problem is not loaded (a half-loaded deck would hide the
//! error from the author); the other files load regardless.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use ron::extensions::Extensions;
use ron::value::RawValue;

use super::raw::{
    RawAnswer, RawCard, RawDeck, RawMistake, RawTolerance, RawUnit, RawVariable, Text,
};
use super::{BrokenDeck, Card, CardKind, Deck, Library, Origin, Problem, option_letter};
use crate::drill::{
    Drill, DrillAnswer, FUNCTIONS, Format, Formula, Mistake, Places, Template, Tolerance, Unit,
    Variable, VariableKind,
};
use crate::key::{CardId, DeckId};

/// The most options a choice question may have: one per letter A–Z.
const MAX_OPTIONS: usize = 26;
/// The most numbers a list variable may draw.
const MAX_LIST: usize = 50;
/// The most values a range variable may take (its grid points).
const MAX_GRID: f64 = 1e9;

/// The parts of a drill as written, borrowed for validation.
struct RawDrillParts<'r, 'a> {
    id: &'r Text<'a>,
    prompts: &'r [Text<'a>],
    variables: &'r [RawVariable<'a>],
    derived: &'r [(Text<'a>, Text<'a>)],
    constraints: &'r [Text<'a>],
    answer: &'r RawAnswer<'a>,
    solution: &'r [Text<'a>],
    hints: &'r [Text<'a>],
    mistakes: &'r [RawMistake<'a>],
}

/// Load every deck file named by `paths`: files as given, folders searched
/// recursively for `*.ron` files (in path order, hidden files skipped).
pub fn load_paths(paths: &[PathBuf]) -> Library {
    let mut files = Vec::new();
    let mut library = Library::default();
    for path in paths {
        collect_files(path, &mut files, &mut library.broken);
    }
    // A file named twice (`check dir dir/a.ron`, or by two spellings of
    // its path) is read once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|file| seen.insert(fs::canonicalize(file).unwrap_or_else(|_| file.clone())));

    for (path, parsed) in files.iter().zip(read_and_parse_all(&files)) {
        match parsed {
            Ok(parsed) => {
                if let Err(problems) = add_part(&mut library, path, parsed) {
                    library.broken.push(BrokenDeck {
                        path: path.clone(),
                        problems,
                    });
                }
            }
            Err(problems) => library.broken.push(BrokenDeck {
                path: path.clone(),
                problems,
            }),
        }
    }
    // The course file of the (first) deck folder that has one.
    if let Some(course) = paths
        .iter()
        .map(|p| {
            if p.file_name().is_some_and(|n| n == super::COURSE_FILE) {
                p.clone()
            } else {
                p.join(super::COURSE_FILE)
            }
        })
        .find(|p| p.is_file())
    {
        match read_course(&course) {
            Ok((parsed, order)) => {
                if let Err(problems) = order_decks(&mut library, &course, &order) {
                    library.broken.push(BrokenDeck {
                        path: course.clone(),
                        problems,
                    });
                }
                library.course = Some(parsed);
            }
            Err(problems) => library.broken.push(BrokenDeck {
                path: course,
                problems,
            }),
        }
    }
    library.collect_topics();
    library
}

/// A course file as written.
#[derive(Debug, serde::Deserialize)]
#[serde(rename = "Course", deny_unknown_fields)]
struct RawCourse<'a> {
    #[serde(borrow)]
    title: Text<'a>,
    #[serde(default, borrow)]
    tagline: Option<Text<'a>>,
    #[serde(default, borrow)]
    exam: Option<Text<'a>>,
    #[serde(default, borrow)]
    decks: Vec<Text<'a>>,
}

/// Deck ids in a course file's order, each with where it is written.
type DeckOrder = Vec<(String, (usize, usize))>;

/// Read a course file: the course, and the order of its decks.
fn read_course(path: &Path) -> Result<(super::Course, DeckOrder), Vec<Problem>> {
    let text = fs::read_to_string(path)
        .map_err(|e| broken(path, 1, 1, format!("cannot read this file: {e}")).problems)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let file = SourceFile::new(path, text);
    let mut raw: RawCourse<'_> = ron_options()
        .from_str(text)
        .map_err(|error| vec![file.ron_problem(&error, (1, 1))])?;
    let mut problems = Vec::new();
    let title = file.text(&mut raw.title, "the course title", &mut problems);
    let tagline = raw
        .tagline
        .as_mut()
        .map(|t| file.text(t, "the tagline", &mut problems));
    let exam = match &raw.exam {
        Some(date) => match date.value.trim().parse::<jiff::civil::Date>() {
            Ok(date) => Some(date),
            Err(_) => {
                problems.push(file.problem(
                    file.at(date),
                    format!(
                        "exam \"{}\" is not a date: write it as year-month-day, like \"2027-01-15\"",
                        date.value.trim()
                    ),
                ));
                None
            }
        },
        None => None,
    };
    let order = raw
        .decks
        .iter()
        .map(|id| (id.value.trim().to_string(), file.at(id)))
        .collect();
    if problems.is_empty() {
        Ok((
            super::Course {
                title,
                tagline,
                exam,
            },
            order,
        ))
    } else {
        Err(problems)
    }
}

/// Put the decks in the course file's order (those it does not list after,
/// in file order). A listed id no deck has is a problem.
fn order_decks(
    library: &mut Library,
    course: &Path,
    order: &[(String, (usize, usize))],
) -> Result<(), Vec<Problem>> {
    let mut problems = Vec::new();
    for (id, (line, column)) in order {
        if !library.decks.iter().any(|d| d.id.as_str() == id) {
            problems.push(Problem {
                path: course.to_path_buf(),
                line: *line,
                column: *column,
                message: format!(
                    "no deck has the id \"{id}\"; the decks here are: {}",
                    library
                        .decks
                        .iter()
                        .map(|d| d.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
    }
    let place = |deck: &Deck| {
        order
            .iter()
            .position(|(id, _)| id == deck.id.as_str())
            .unwrap_or(usize::MAX)
    };
    library.decks.sort_by_key(place);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Read and parse every file, on as many threads as there are cores (each
/// takes the next file when done with one); the results in file order.
fn read_and_parse_all(files: &[PathBuf]) -> Vec<Result<Parsed, Vec<Problem>>> {
    let read_and_parse = |path: &PathBuf| match fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => parse(path, &text),
            Err(error) => {
                // Where the first byte that is not UTF-8 is.
                let bytes = error.as_bytes();
                let valid = &bytes[..error.utf8_error().valid_up_to()];
                let text = String::from_utf8_lossy(valid);
                let line = text.matches('\n').count() + 1;
                let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                let byte = bytes.get(valid.len()).copied().unwrap_or(0);
                Err(broken(
                    path,
                    line,
                    column,
                    format!("the byte 0x{byte:02X} here is not UTF-8 text: save the file as UTF-8 (most editors offer it under Save As or Encoding)"),
                )
                .problems)
            }
        },
        Err(error) => Err(broken(path, 1, 1, format!("cannot read this file: {error}")).problems),
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(files.len());
    if threads <= 1 {
        return files.iter().map(read_and_parse).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Option<Result<Parsed, Vec<Problem>>>> =
        (0..files.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(path) = files.get(index) else {
                            return done;
                        };
                        done.push((index, read_and_parse(path)));
                    }
                })
            })
            .collect();
        for worker in workers {
            // A worker that panicked leaves its files to the loop below.
            for (index, result) in worker.join().unwrap_or_default() {
                results[index] = Some(result);
            }
        }
    });
    results
        .into_iter()
        .zip(files)
        .map(|(result, path)| result.unwrap_or_else(|| read_and_parse(path)))
        .collect()
}

/// Add a parsed file to the library: a new deck, or a further part of a
/// deck already loaded (same id, same title), whose card ids must all be new.
fn add_part(library: &mut Library, path: &Path, parsed: Parsed) -> Result<(), Vec<Problem>> {
    let Parsed { mut deck, id_at } = parsed;
    let problem = |(line, column): (usize, usize), message: String| Problem {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    let Some(existing) = library.decks.iter_mut().find(|d| d.id == deck.id) else {
        library.decks.push(deck);
        return Ok(());
    };
    if existing.title != deck.title {
        return Err(vec![problem(
            id_at,
            format!(
                "deck id \"{}\" is already used by {} for \"{}\"; a deck split over several files has the same title in each",
                deck.id,
                existing.files[0].display(),
                existing.title
            ),
        )]);
    }
    // Only now, for a deck that really is split, index its cards so far.
    let seen: rustc_hash::FxHashMap<&CardId, &Card> =
        existing.cards.iter().map(|c| (&c.id, c)).collect();
    let problems: Vec<Problem> = deck
        .cards
        .iter()
        .filter_map(|card| {
            seen.get(&card.id).map(|first| {
                let file = existing
                    .files
                    .get(first.origin.file)
                    .map(|f| f.display().to_string())
                    .unwrap_or_default();
                problem(
                    (card.origin.line, card.origin.column),
                    format!(
                        "card id \"{}\" is already used by this deck in {file}:{}",
                        card.id, first.origin.line
                    ),
                )
            })
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    for card in &mut deck.cards {
        card.origin.file = existing.files.len();
    }
    if existing.description.is_empty() {
        existing.description = deck.description;
    }
    existing.topic_titles.extend(deck.topic_titles);
    existing.files.push(path.to_path_buf());
    existing.cards.extend(deck.cards);
    Ok(())
}

/// Parse and validate one deck file's text. `path` is only used in messages.
pub fn parse_deck(path: &Path, text: &str) -> Result<Deck, Vec<Problem>> {
    parse(path, text).map(|parsed| parsed.deck)
}

/// A valid deck file, with where its id is written.
struct Parsed {
    deck: Deck,
    id_at: (usize, usize),
}

fn broken(path: &Path, line: usize, column: usize, message: String) -> BrokenDeck {
    BrokenDeck {
        path: path.to_path_buf(),
        problems: vec![Problem {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }],
    }
}

fn collect_files(path: &Path, files: &mut Vec<PathBuf>, broken_files: &mut Vec<BrokenDeck>) {
    if path.is_file() {
        // A course file given by name is read as the course, not a deck.
        if path.file_name().is_none_or(|n| n != super::COURSE_FILE) {
            files.push(path.to_path_buf());
        }
        return;
    }
    if !path.is_dir() {
        broken_files.push(broken(path, 1, 1, "no such file or folder".into()));
        return;
    }
    let before = files.len();
    if let Err(error) = walk(path, files) {
        broken_files.push(broken(
            path,
            1,
            1,
            format!("cannot list this folder: {error}"),
        ));
        return;
    }
    if files.len() == before {
        broken_files.push(broken(
            path,
            1,
            1,
            "no deck files (*.ron) in this folder".into(),
        ));
    }
    files[before..].sort();
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let hidden = path
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, files)?;
        } else if path.extension().is_some_and(|ext| ext == "ron")
            && path.file_name().is_none_or(|n| n != super::COURSE_FILE)
        {
            files.push(path);
        }
    }
    Ok(())
}

fn ron_options() -> ron::Options {
    // `explanation: "…"` reads as well as `explanation: Some("…")`.
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// The deck and the positions of its ids, or every problem found.
fn parse(path: &Path, text: &str) -> Result<Parsed, Vec<Problem>> {
    // A byte-order mark, as some editors save one: not part of the deck.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file = SourceFile::new(path, text);
    let options = ron_options();
    let whole_error = match options.from_str::<RawDeck<'_, RawCard<'_>>>(text) {
        Ok(raw) => {
            let written = raw.cards.len();
            return file.validate(raw, written);
        }
        Err(error) => error,
    };

    // Read the file again card by card, to report the problems of every card
    // rather than only the first one.
    let raw = match options.from_str::<RawDeck<'_, &RawValue>>(text) {
        Ok(raw) => raw,
        Err(error) => return Err(vec![file.ron_problem(&error, (1, 1))]),
    };
    let mut problems = Vec::new();
    let mut cards = Vec::new();
    for card in &raw.cards {
        match options.from_str::<RawCard<'_>>(card.get_ron()) {
            Ok(card) => cards.push(card),
            Err(error) => problems.push(file.ron_problem(&error, file.position(card.get_ron()))),
        }
    }
    let deck = RawDeck {
        id: raw.id,
        title: raw.title,
        description: raw.description,
        topics: raw.topics,
        cards,
    };
    if let Err(more) = file.validate(deck, raw.cards.len()) {
        problems.extend(more);
    }
    if problems.is_empty() {
        // Cannot happen (a card that fails in the whole file fails alone),
        // but never report a broken file without a reason.
        problems.push(file.ron_problem(&whole_error, (1, 1)));
    }
    problems.sort_by_key(|p| (p.line, p.column));
    Err(problems)
}

struct SourceFile<'a> {
    path: &'a Path,
    text: &'a str,
    /// Byte offset of each line's first character: positions are found by
    /// binary search, not by counting from the top for every value.
    line_starts: Vec<usize>,
    /// Where to report a text whose own place is unknown (it had escapes):
    /// the card being validated.
    fallback: std::cell::Cell<(usize, usize)>,
}

impl<'a> SourceFile<'a> {
    fn new(path: &'a Path, text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            path,
            text,
            line_starts,
            fallback: std::cell::Cell::new((1, 1)),
        }
    }
}

impl SourceFile<'_> {
    fn problem(&self, (line, column): (usize, usize), message: impl Into<String>) -> Problem {
        // One problem, one line: a line break quoted from the deck is shown
        // as it is written there, \n.
        let message: String = message.into();
        Problem {
            path: self.path.to_path_buf(),
            line,
            column,
            message: message.replace("\r\n", "\\n").replace(['\n', '\r'], "\\n"),
        }
    }

    /// The byte offset of a (line, column) position.
    fn offset(&self, (line, column): (usize, usize)) -> usize {
        let start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len());
        let rest = &self.text[start.min(self.text.len())..];
        start
            + rest
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(rest.len(), |(i, _)| i)
    }

    /// Where the value of the field `name` is written, searching from
    /// `from` (the card or deck it belongs to); `from` if it is not there.
    fn field_at(&self, from: (usize, usize), name: &str) -> (usize, usize) {
        let start = self.offset(from).min(self.text.len());
        let rest = &self.text[start..];
        let mut search = 0;
        while let Some(found) = rest.get(search..).and_then(|r| r.find(name)) {
            let at = search + found;
            let word_start = !rest[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            let after = rest[at + name.len()..].trim_start();
            if word_start && let Some(value) = after.strip_prefix(':') {
                let value = value.trim_start();
                let offset = start + (rest.len() - value.len());
                return self.position(&self.text[offset..]);
            }
            search = at + name.len();
        }
        from
    }

    /// Line and column (1-based, in characters) where `slice` starts. The
    /// slice must be borrowed from this file's text; anything else (which
    /// the parser never gives) is reported at the start of the file.
    fn position(&self, slice: &str) -> (usize, usize) {
        let start = self.text.as_ptr() as usize;
        let offset = (slice.as_ptr() as usize).wrapping_sub(start);
        if offset > self.text.len() || !self.text.is_char_boundary(offset) {
            return (1, 1);
        }
        // The last line starting at or before the offset.
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self
            .line_starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(0);
        (
            line.max(1),
            self.text[line_start..offset].chars().count() + 1,
        )
    }

    /// Where a text starts: its opening quote (or the `r#"` of a raw string).
    fn at(&self, text: &Text<'_>) -> (usize, usize) {
        let Some(slice) = text.source else {
            return self.fallback.get();
        };
        let start = self.text.as_ptr() as usize;
        let mut offset = (slice.as_ptr() as usize).wrapping_sub(start);
        let bytes = self.text.as_bytes();
        if offset > 0 && offset <= bytes.len() && bytes[offset - 1] == b'"' {
            offset -= 1;
            while offset > 0 && bytes[offset - 1] == b'#' {
                offset -= 1;
            }
            if offset > 0 && bytes[offset - 1] == b'r' {
                offset -= 1;
            }
        }
        self.position(&self.text[offset.min(self.text.len())..])
    }

    /// A RON error at a position inside a slice that starts at `base`.
    fn ron_problem(&self, error: &ron::error::SpannedError, base: (usize, usize)) -> Problem {
        let at = error.span.start;
        let position = if at.line <= 1 {
            (base.0, base.1 + at.col.saturating_sub(1))
        } else {
            (base.0 + at.line - 1, at.col)
        };
        // The parser stops just before the value at fault: point at it.
        let offset = self.offset(position).min(self.text.len());
        let skipped = self.text[offset..].trim_start();
        let start = self.text.len() - skipped.len();
        // A number's sign is part of it.
        let start = if self.text[..start].ends_with(['-', '+']) {
            start - 1
        } else {
            start
        };
        let position = if skipped.is_empty() {
            position
        } else {
            self.position(&self.text[start..])
        };
        // The field the value belongs to, for messages in its terms.
        let before = self.text[..self.offset(position).min(self.text.len())]
            .trim_end()
            .trim_end_matches(['-', '+'])
            .trim_end();
        let field = before.strip_suffix(':').map(|b| {
            b.trim_end()
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or("")
                .to_string()
        });
        self.problem(position, ron_message(&error.code, field.as_deref()))
    }

    /// `written_cards` counts the cards in the file, parsed or not.
    fn validate(
        &self,
        mut raw: RawDeck<'_, RawCard<'_>>,
        written_cards: usize,
    ) -> Result<Parsed, Vec<Problem>> {
        let mut problems = Vec::new();
        let id_position = self.at(&raw.id);
        self.fallback.set(id_position);
        let id = self.id(&mut raw.id, "deck", &mut problems);
        let title = self.text(&mut raw.title, "the deck title", &mut problems);
        let description = raw
            .description
            .as_ref()
            .map(|d| d.value.trim().to_string())
            .unwrap_or_default();
        if written_cards == 0 {
            problems.push(self.problem(
                self.field_at((1, 1), "cards"),
                "the deck has no cards: write at least one in cards: [ … ]",
            ));
        }
        if raw
            .description
            .as_ref()
            .is_some_and(|d| d.value.trim().is_empty())
            && let Some(d) = &raw.description
        {
            problems.push(self.problem(
                self.at(d),
                "the description is empty: write one or two sentences, or leave the field out",
            ));
        }
        let mut topic_titles: Vec<(String, String)> = Vec::new();
        for mut topic in std::mem::take(&mut raw.topics) {
            let at = self.at(&topic.tag);
            let tag = self.text(&mut topic.tag, "a topic's tag", &mut problems);
            let title = self.text(&mut topic.title, "a topic's title", &mut problems);
            if tag.is_empty() || title.is_empty() {
                continue;
            }
            if topic_titles.iter().any(|(t, _)| *t == tag) {
                problems.push(self.problem(
                    at,
                    format!("the topic \"{tag}\" is given a title twice in this deck"),
                ));
                continue;
            }
            topic_titles.push((tag, title));
        }

        let mut cards = Vec::with_capacity(raw.cards.len());
        let mut first_use: HashMap<String, usize> = HashMap::new();
        for raw_card in raw.cards {
            let card_id = raw_card_id(&raw_card);
            let card_at = self.at(card_id);
            self.fallback.set(card_at);
            let (line, _) = card_at;
            if let Some(first_line) = first_use.insert(card_id.value.clone(), line) {
                first_use.insert(card_id.value.clone(), first_line);
                problems.push(self.problem(
                    self.at(card_id),
                    format!(
                        "card id \"{}\" is used twice in this deck (first on line {first_line})",
                        card_id.value
                    ),
                ));
            }
            if let Some(mut card) = self.card(raw_card, &mut problems) {
                card.origin = Origin {
                    file: 0,
                    line: card_at.0,
                    column: card_at.1,
                };
                cards.push(card);
            }
        }

        if problems.is_empty() {
            Ok(Parsed {
                deck: Deck {
                    id: DeckId::new(id),
                    title,
                    description,
                    cards,
                    files: vec![self.path.to_path_buf()],
                    topic_titles,
                },
                id_at: id_position,
            })
        } else {
            problems.sort_by_key(|p| (p.line, p.column));
            Err(problems)
        }
    }

    /// A stable id: not empty, no spaces or control characters. Takes the
    /// string out of `id` (its position stays for messages).
    fn id(&self, id: &mut Text<'_>, what: &str, problems: &mut Vec<Problem>) -> String {
        let value = &id.value;
        if value.trim().is_empty() {
            problems.push(self.problem(self.at(id), format!("the {what} id is empty")));
        } else if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            problems.push(self.problem(
                self.at(id),
                format!("{what} id \"{value}\" contains a space or control character; use letters, digits, '-' or '_'"),
            ));
        }
        std::mem::take(&mut id.value)
    }

    /// Text shown to the learner: trimmed, must not be empty. Takes the
    /// string out of `text`; no copy unless there is something to trim.
    fn text(&self, text: &mut Text<'_>, what: &str, problems: &mut Vec<Problem>) -> String {
        if text.value.trim().is_empty() {
            problems.push(self.problem(self.at(text), format!("{what} is empty")));
        }
        if let Some(control) = text
            .value
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
        {
            problems.push(self.problem(
                self.at(text),
                format!(
                    "{what} holds an invisible control character (U+{:04X}): delete it",
                    u32::from(control)
                ),
            ));
        }
        trimmed(std::mem::take(&mut text.value))
    }

    fn texts(
        &self,
        texts: &mut [Text<'_>],
        what: &str,
        problems: &mut Vec<Problem>,
    ) -> Vec<String> {
        texts
            .iter_mut()
            .map(|t| self.text(t, what, problems))
            .collect()
    }

    fn tags(&self, tags: &mut [Text<'_>], problems: &mut Vec<Problem>) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(tags.len());
        for tag in tags {
            let value = tag.value.trim();
            if value.is_empty() || value.chars().any(char::is_whitespace) {
                problems.push(self.problem(
                    self.at(tag),
                    format!("tag \"{value}\" must be one word (use '-' between words)"),
                ));
            } else if !out.iter().any(|t| t == value) {
                out.push(trimmed(std::mem::take(&mut tag.value)));
            }
        }
        out
    }

    fn card(&self, raw: RawCard<'_>, problems: &mut Vec<Problem>) -> Option<Card> {
        let before = problems.len();
        let (id, tags, kind) = match raw {
            RawCard::Term {
                mut id,
                mut term,
                mut definition,
                reverse,
                mut tags,
            } => (
                self.id(&mut id, "card", problems),
                self.tags(&mut tags, problems),
                CardKind::Term {
                    term: self.text(&mut term, "the term", problems),
                    definition: self.text(&mut definition, "the definition", problems),
                    reverse,
                },
            ),
            RawCard::List {
                mut id,
                mut prompt,
                mut items,
                ordered,
                mut tags,
            } => {
                if items.is_empty() {
                    problems.push(self.problem(
                        self.field_at(self.fallback.get(), "items"),
                        "the list has no items: write them in items: [\"…\", \"…\"]",
                    ));
                }
                (
                    self.id(&mut id, "card", problems),
                    self.tags(&mut tags, problems),
                    CardKind::List {
                        prompt: self.text(&mut prompt, "the prompt", problems),
                        items: self.texts(&mut items, "a list item", problems),
                        ordered,
                    },
                )
            }
            RawCard::Drill {
                mut id,
                prompts,
                variables,
                derived,
                constraints,
                answer,
                solution,
                hints,
                mistakes,
                mut tags,
            } => {
                let raw = RawDrillParts {
                    id: &id,
                    prompts: &prompts,
                    variables: &variables,
                    derived: &derived,
                    constraints: &constraints,
                    answer: &answer,
                    solution: &solution,
                    hints: &hints,
                    mistakes: &mistakes,
                };
                let drill = self.drill(&raw, problems);
                (
                    self.id(&mut id, "card", problems),
                    self.tags(&mut tags, problems),
                    CardKind::Drill(Box::new(drill?)),
                )
            }
            RawCard::Choice {
                mut id,
                mut question,
                mut options,
                answers,
                mut explanation,
                shuffle,
                mut tags,
            } => {
                // Before the texts are taken out of the options.
                self.check_distinct_options(&options, problems);
                let option_texts = self.texts(&mut options, "an option", problems);
                if options.len() < 2 {
                    problems.push(self.problem(
                        self.field_at(self.fallback.get(), "options"),
                        "a choice question needs at least two options",
                    ));
                } else if options.len() > MAX_OPTIONS {
                    problems.push(self.problem(
                        self.at(&options[MAX_OPTIONS]),
                        "a choice question can have at most 26 options (A–Z)",
                    ));
                }
                let answers = self.answers(&question, &answers, options.len(), problems);
                (
                    self.id(&mut id, "card", problems),
                    self.tags(&mut tags, problems),
                    CardKind::Choice {
                        question: self.text(&mut question, "the question", problems),
                        options: option_texts,
                        answers,
                        explanation: explanation
                            .as_mut()
                            .map(|e| self.text(e, "the explanation", problems)),
                        shuffle,
                    },
                )
            }
        };
        (problems.len() == before).then(|| Card {
            id: CardId::new(id),
            tags,
            kind,
            origin: Origin::default(),
        })
    }

    /// Validate a drill: its variables, formulas and templates. `None`
    /// (with problems) if anything is wrong. Drawing numbers is left to
    /// `cardwise check` ([`Deck::drill_problems`]): loading does not pay
    /// for it.
    fn drill(&self, raw: &RawDrillParts<'_, '_>, problems: &mut Vec<Problem>) -> Option<Drill> {
        let before = problems.len();
        let variables: Vec<Variable> = raw
            .variables
            .iter()
            .enumerate()
            .filter_map(|(index, v)| self.variable(v, &raw.variables[..index], problems))
            .collect();
        // Every declared name, valid or not, so that a bad range is reported
        // once and not again as an unknown name in each formula.
        let mut names: Vec<String> = raw
            .variables
            .iter()
            .map(|v| v.name().value.trim().to_string())
            .collect();
        let mut derived = Vec::with_capacity(raw.derived.len());
        for (name, formula) in raw.derived {
            let earlier: Vec<&str> = names.iter().map(String::as_str).collect();
            let text = name.value.trim().to_string();
            if !is_identifier(&text) {
                problems.push(self.problem(
                    self.at(name),
                    format!(
                        "value name \"{text}\" must start with a letter, then letters, digits or _"
                    ),
                ));
            } else if earlier.contains(&text.as_str()) {
                problems.push(self.problem(
                    self.at(name),
                    format!("\"{text}\" is already a variable or value"),
                ));
            }
            // A value that uses one worked out further down: say so.
            let later: Vec<&str> = raw
                .derived
                .iter()
                .map(|(n, _)| n.value.trim())
                .filter(|n| !earlier.contains(n) && *n != text.as_str())
                .collect();
            let uses_later = later.iter().find(|n| {
                formula
                    .value
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .any(|word| word == **n)
            });
            if let Some(later) = uses_later {
                problems.push(self.problem(
                    self.at(formula),
                    format!(
                        "\"{text}\" uses `{later}`, which is worked out further down in `derived`: move (\"{later}\", …) above (\"{text}\", …)"
                    ),
                ));
            } else if let Some(formula) = self
                .piece(formula, "the value", false, &earlier, problems)
                .and_then(Piece::formula)
            {
                derived.push((text.clone(), formula));
            }
            names.push(text);
        }
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let compile = |text: &Text<'_>, what: &str, template: bool, problems: &mut Vec<Problem>| {
            self.piece(text, what, template, &names, problems)
        };
        if raw.prompts.is_empty() {
            problems.push(self.problem(
                self.field_at(self.at(raw.id), "prompts"),
                "the drill has no prompt: give at least one in `prompts`",
            ));
        }
        let prompts: Vec<Template> = raw
            .prompts
            .iter()
            .filter_map(|t| compile(t, "the prompt", true, problems).and_then(Piece::template))
            .collect();
        let constraints: Vec<Formula> = raw
            .constraints
            .iter()
            .filter_map(|t| compile(t, "the constraint", false, problems).and_then(Piece::formula))
            .collect();
        let solution: Vec<Template> = raw
            .solution
            .iter()
            .filter_map(|t| compile(t, "a solution step", true, problems).and_then(Piece::template))
            .collect();
        let hints: Vec<Template> = raw
            .hints
            .iter()
            .filter_map(|t| compile(t, "a hint", true, problems).and_then(Piece::template))
            .collect();
        let mistakes: Vec<Mistake> = raw
            .mistakes
            .iter()
            .filter_map(|m| {
                let formula = compile(&m.formula, "the mistake's formula", false, problems)
                    .and_then(Piece::formula);
                let feedback = compile(&m.feedback, "the mistake's feedback", true, problems)
                    .and_then(Piece::template);
                Some(Mistake {
                    formula: formula?,
                    feedback: feedback?,
                })
            })
            .collect();
        let answer = match raw.answer {
            RawAnswer::Number {
                formula,
                unit,
                decimals,
                tolerance,
            } => {
                let formula =
                    compile(formula, "the answer", false, problems).and_then(Piece::formula);
                let decimals = decimals.unwrap_or(2);
                if decimals > 9 {
                    problems.push(self.problem(
                        self.field_at(self.at(raw.id), "decimals"),
                        format!(
                            "decimals: {decimals} is too many: the answer can show 0 to 9 decimals"
                        ),
                    ));
                }
                let tolerance = match tolerance {
                    None => Tolerance::Absolute(0.5 * 10f64.powi(-i32::from(decimals))),
                    Some(RawTolerance::Absolute(x)) => Tolerance::Absolute(*x),
                    Some(RawTolerance::Relative(x)) => Tolerance::Relative(*x),
                };
                if let Tolerance::Absolute(x) | Tolerance::Relative(x) = tolerance
                    && (!x.is_finite() || x < 0.0)
                {
                    problems.push(self.problem(
                        self.field_at(self.at(raw.id), "tolerance"),
                        "the tolerance must be a number of 0 or more",
                    ));
                }
                let unit_at = || self.field_at(self.at(raw.id), "unit");
                let unit = match unit {
                    RawUnit::Plain => Unit::Plain,
                    RawUnit::Percent => Unit::Percent,
                    RawUnit::Score => Unit::Score,
                    RawUnit::Money(symbol) => {
                        if symbol.trim().is_empty() {
                            problems.push(self.problem(
                                unit_at(),
                                "Money needs its symbol, like Money(\"$\") or Money(\"€\")",
                            ));
                        }
                        Unit::Money(symbol.trim().to_string())
                    }
                    RawUnit::Word(word) => {
                        if word.trim().is_empty() {
                            problems.push(self.problem(
                                unit_at(),
                                "Word needs its word, like Word(\"customers\")",
                            ));
                        }
                        Unit::Word(word.trim().to_string())
                    }
                };
                formula.map(|formula| DrillAnswer::Number {
                    formula,
                    unit,
                    decimals,
                    tolerance,
                })
            }
            RawAnswer::Pick { options, formula } => {
                if options.len() < 2 {
                    let at = options
                        .first()
                        .map_or_else(|| self.at(formula), |o| self.at(o));
                    problems.push(self.problem(at, "a pick answer needs at least two options"));
                }
                self.check_distinct_options(options, problems);
                // Drills are few: copying their options costs nothing.
                let options = self.texts(&mut options.clone(), "an option", problems);
                let formula =
                    compile(formula, "the answer", false, problems).and_then(Piece::formula);
                formula.map(|formula| DrillAnswer::Pick { options, formula })
            }
        };
        if problems.len() > before {
            return None;
        }
        let at_all = |texts: &[Text<'_>]| texts.iter().map(|t| self.at(t)).collect();
        let places = Places {
            drill: self.at(raw.id),
            prompts: at_all(raw.prompts),
            derived: raw.derived.iter().map(|(_, f)| self.at(f)).collect(),
            constraints: at_all(raw.constraints),
            answer: match raw.answer {
                RawAnswer::Number { formula, .. } | RawAnswer::Pick { formula, .. } => {
                    self.at(formula)
                }
            },
            solution: at_all(raw.solution),
            hints: at_all(raw.hints),
            mistakes: raw.mistakes.iter().map(|m| self.at(&m.formula)).collect(),
        };
        Some(Drill {
            prompts,
            variables,
            derived,
            constraints,
            answer: answer?,
            solution,
            hints,
            mistakes,
            places,
        })
    }

    /// Compile a formula or a template written in `text`.
    fn piece(
        &self,
        text: &Text<'_>,
        what: &str,
        template: bool,
        names: &[&str],
        problems: &mut Vec<Problem>,
    ) -> Option<Piece> {
        if text.value.trim().is_empty() {
            problems.push(self.problem(self.at(text), format!("{what} is empty")));
            return None;
        }
        let result = if template {
            Template::compile(&text.value, names).map(Piece::Template)
        } else {
            Formula::compile(text.value.trim(), names).map(Piece::Formula)
        };
        result
            .map_err(|error| problems.push(self.problem(self.at(text), format!("{what}: {error}"))))
            .ok()
    }

    fn variable(
        &self,
        raw: &RawVariable<'_>,
        earlier: &[RawVariable<'_>],
        problems: &mut Vec<Problem>,
    ) -> Option<Variable> {
        let name = raw.name();
        let at = self.at(name);
        let before = problems.len();
        let text = name.value.trim();
        if !is_identifier(text) {
            problems.push(self.problem(
                at,
                format!(
                    "variable name \"{text}\" must start with a letter, then letters, digits or _"
                ),
            ));
        } else if ["true", "false"].contains(&text) || FUNCTIONS.contains(&text) {
            problems.push(self.problem(
                at,
                format!("\"{text}\" is a reserved word; choose another variable name"),
            ));
        } else if earlier.iter().any(|e| e.name().value.trim() == text) {
            problems.push(self.problem(at, format!("variable \"{text}\" is declared twice")));
        }
        let format = match raw {
            RawVariable::Range { format, .. }
            | RawVariable::OneOf { format, .. }
            | RawVariable::List { format, .. } => format.as_ref(),
        };
        let mut grid = |min: f64, max: f64, step: Option<f64>| -> f64 {
            let step = step.unwrap_or(1.0);
            if !(min.is_finite() && max.is_finite() && step.is_finite()) {
                problems.push(self.problem(
                    at,
                    format!("variable \"{text}\": min, max and step must be numbers"),
                ));
            } else if min > max {
                problems.push(self.problem(
                    at,
                    format!("variable \"{text}\": min {min} is above max {max}"),
                ));
            } else if step <= 0.0 {
                problems
                    .push(self.problem(at, format!("variable \"{text}\": step must be above 0")));
            } else if (max - min) / step > MAX_GRID {
                problems.push(self.problem(
                    at,
                    format!(
                        "variable \"{text}\": from {min} to {max} in steps of {step} is {:.0} values; at most {MAX_GRID:.0} (a billion): use a larger step or a smaller range",
                        (max - min) / step + 1.0
                    ),
                ));
            }
            step
        };
        let kind = match raw {
            RawVariable::Range { min, max, step, .. } => VariableKind::Range {
                min: *min,
                max: *max,
                step: grid(*min, *max, *step),
            },
            RawVariable::List {
                count,
                min,
                max,
                step,
                ..
            } => {
                let step = grid(*min, *max, *step);
                if *count == 0 || *count > MAX_LIST {
                    problems.push(self.problem(
                        at,
                        format!("variable \"{text}\": count must be 1 to {MAX_LIST}"),
                    ));
                }
                VariableKind::List {
                    count: *count,
                    min: *min,
                    max: *max,
                    step,
                }
            }
            RawVariable::OneOf { values, .. } => {
                if values.is_empty() || values.iter().any(|v| !v.is_finite()) {
                    problems.push(self.problem(
                        at,
                        format!("variable \"{text}\": give at least one value, all numbers"),
                    ));
                }
                VariableKind::OneOf(values.clone())
            }
        };
        let format = match format {
            None => default_format(&kind),
            Some(spec) => match Format::parse(&spec.value) {
                Ok(format) => format,
                Err(error) => {
                    problems.push(self.problem(self.at(spec), error));
                    Format::AUTO
                }
            },
        };
        (problems.len() == before).then(|| Variable {
            name: text.to_string(),
            kind,
            format,
        })
    }

    fn check_distinct_options(&self, options: &[Text<'_>], problems: &mut Vec<Problem>) {
        for (index, option) in options.iter().enumerate() {
            let text = option.value.trim();
            let earlier = options[..index].iter().position(|o| o.value.trim() == text);
            if let (Some(first), false) = (earlier, text.is_empty()) {
                problems.push(self.problem(
                    self.at(option),
                    format!(
                        "option {} repeats option {}",
                        option_letter(index),
                        option_letter(first)
                    ),
                ));
            }
        }
    }

    /// Answer letters ("A", "c" …) to option indexes, ascending.
    fn answers(
        &self,
        question: &Text<'_>,
        answers: &[Text<'_>],
        option_count: usize,
        problems: &mut Vec<Problem>,
    ) -> Vec<usize> {
        if answers.is_empty() {
            let _ = question;
            problems.push(self.problem(
                self.field_at(self.fallback.get(), "answers"),
                "no right answer: list the letters of the right options, like answers: [\"B\"]",
            ));
        }
        let last = option_letter(option_count.clamp(1, MAX_OPTIONS) - 1);
        let mut indexes = Vec::new();
        for answer in answers {
            let text = answer.value.trim();
            let mut chars = text.chars();
            let index = match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphabetic() => {
                    usize::from(c.to_ascii_uppercase() as u8 - b'A')
                }
                _ => {
                    problems.push(self.problem(
                        self.at(answer),
                        format!("answer \"{text}\" is not an option letter; write the letter shown before the option, like \"B\""),
                    ));
                    continue;
                }
            };
            if index >= option_count {
                problems.push(self.problem(
                    self.at(answer),
                    format!(
                        "answer \"{text}\" is out of range: the question has {option_count} option{} (A–{last})",
                        if option_count == 1 { "" } else { "s" }
                    ),
                ));
            } else if indexes.contains(&index) {
                problems.push(
                    self.problem(self.at(answer), format!("answer \"{text}\" is given twice")),
                );
            } else {
                indexes.push(index);
            }
        }
        indexes.sort_unstable();
        indexes
    }
}

/// `value` without surrounding white space, reusing its allocation when
/// there is none.
fn trimmed(value: String) -> String {
    if value.trim().len() == value.len() {
        value
    } else {
        value.trim().to_string()
    }
}

/// A compiled formula or template, on the way into a drill.
enum Piece {
    Formula(Formula),
    Template(Template),
}

impl Piece {
    fn formula(self) -> Option<Formula> {
        match self {
            Piece::Formula(f) => Some(f),
            Piece::Template(_) => None,
        }
    }

    fn template(self) -> Option<Template> {
        match self {
            Piece::Template(t) => Some(t),
            Piece::Formula(_) => None,
        }
    }
}

/// A name a formula can use: a letter or _, then letters, digits or _,
/// and not a word evalexpr or cardwise keeps for itself.
fn is_identifier(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Shown with as many decimals as its step (or its values) have.
fn default_format(kind: &VariableKind) -> Format {
    let decimals = match kind {
        VariableKind::Range { min, step, .. } | VariableKind::List { min, step, .. } => {
            crate::drill::decimals_of(*step).max(crate::drill::decimals_of(*min))
        }
        VariableKind::OneOf(values) => values
            .iter()
            .map(|v| crate::drill::decimals_of(*v))
            .max()
            .unwrap_or(0),
    };
    Format {
        decimals: Some(decimals),
        ..Format::AUTO
    }
}

fn raw_card_id<'r, 'a>(card: &'r RawCard<'a>) -> &'r Text<'a> {
    match card {
        RawCard::Term { id, .. }
        | RawCard::List { id, .. }
        | RawCard::Choice { id, .. }
        | RawCard::Drill { id, .. } => id,
    }
}

/// RON's error, worded for a deck author.
fn ron_message(error: &ron::Error, field: Option<&str>) -> String {
    use ron::Error as E;
    let quoted = |names: &[&str]| {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match error {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "unknown field `{found}`{}; expected one of {}",
            outer
                .as_ref()
                .map(|o| format!(" in `{o}`"))
                .unwrap_or_default(),
            quoted(expected)
        ),
        E::MissingStructField { field, outer } => format!(
            "missing field `{field}`{}",
            outer
                .as_ref()
                .map(|o| format!(" in `{o}`"))
                .unwrap_or_default()
        ),
        E::DuplicateStructField { field, outer } => format!(
            "field `{field}` is given twice{}",
            outer
                .as_ref()
                .map(|o| format!(" in `{o}`"))
                .unwrap_or_default()
        ),
        E::NoSuchEnumVariant {
            expected, found, ..
        } => {
            // Which kind of thing, from what it could have been.
            let what = if expected.contains(&"Term") {
                "card kind"
            } else if expected.contains(&"Percent") {
                "unit"
            } else if expected.contains(&"Absolute") {
                "tolerance"
            } else if expected.contains(&"Number") {
                "answer kind"
            } else if expected.contains(&"Range") {
                "variable kind"
            } else {
                "kind"
            };
            format!("unknown {what} `{found}`; expected one of {}", quoted(expected))
        }
        E::TrailingCharacters => {
            "text after the deck's closing `)`: remove it, or make it a comment with //"
                .to_string()
        }
        E::ExceededRecursionLimit => "brackets and parentheses are nested too deep here: check that each ( [ { is closed where it should be".to_string(),
        E::ExpectedBoolean => format!(
            "{} takes true or false",
            field.map_or_else(|| "this".to_string(), |f| format!("`{f}`"))
        ),
        E::ExpectedString | E::ExpectedStringEnd => format!(
            "{} takes text in double quotes, like \"…\"",
            field.map_or_else(|| "this".to_string(), |f| format!("`{f}`"))
        ),
        E::IntegerOutOfBounds => match field {
            Some("decimals") => {
                "decimals takes a whole number from 0 to 9".to_string()
            }
            Some(field) => format!("`{field}` is out of range here: a whole number of 0 or more, not too large"),
            None => "this whole number is out of range".to_string(),
        },
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        match parse_deck(Path::new("d.ron"), text) {
            Ok(deck) => panic!("expected problems, got {deck:?}"),
            Err(problems) => problems.iter().map(ToString::to_string).collect(),
        }
    }

    const GOOD: &str = r#"Deck(
    id: "demo",
    title: "Demo",
    description: "A small deck.",
    cards: [
        Term(id: "nps", term: "Net Promoter Score", definition: "Promoters % minus detractors %.", reverse: true, tags: ["metrics"]),
        List(id: "steps", prompt: "The three steps", items: ["Understand", "Build culture", "Serve"], ordered: true),
        Choice(
            id: "band",
            question: "A 7 is a …",
            options: ["promoter", "passive", "detractor"],
            answers: ["B"],
            explanation: "7 and 8 are passives.",
        ),
    ],
)"#;

    #[test]
    fn a_good_deck_loads_every_kind_of_card() {
        let deck = parse_deck(Path::new("d.ron"), GOOD).unwrap();
        assert_eq!(deck.id.as_str(), "demo");
        assert_eq!(deck.cards.len(), 3);
        assert_eq!(deck.study_items().count(), 4, "the term is asked both ways");
        assert_eq!(deck.cards[0].tags, vec!["metrics"]);
        match &deck.cards[2].kind {
            CardKind::Choice {
                answers,
                explanation,
                ..
            } => {
                assert_eq!(answers, &vec![1]);
                assert_eq!(explanation.as_deref(), Some("7 and 8 are passives."));
            }
            other => panic!("not a choice: {other:?}"),
        }
    }

    #[test]
    fn syntax_errors_are_reported_where_they_are() {
        let text = "Deck(\n    id: \"x\",\n    title: \"T\"\n    cards: [],\n)";
        assert_eq!(problems(text), vec!["d.ron:4:5: expected comma"]);
    }

    #[test]
    fn unknown_fields_and_kinds_are_reported_on_their_line() {
        let text = r#"Deck(id: "x", title: "T", cards: [
    Term(id: "a", term: "A", definition: "B", colour: "red"),
    Quiz(id: "b"),
])"#;
        let found = problems(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with(
                "d.ron:2:47: unknown field `colour` in `Term`; expected one of `id`, `term`"
            ),
            "{found:?}"
        );
        assert!(
            found[1].starts_with("d.ron:3:5: unknown card kind `Quiz`"),
            "{found:?}"
        );
    }

    #[test]
    fn missing_and_empty_ids_duplicate_ids_and_empty_text() {
        let text = r#"Deck(id: "x", title: "T", cards: [
    Term(term: "A", definition: "B"),
    Term(id: "", term: "A", definition: "B"),
    Term(id: "a", term: " ", definition: "B"),
    List(id: "a", prompt: "P", items: ["one", ""]),
])"#;
        let found = problems(text);
        assert!(found[0].starts_with("d.ron:2:"), "{found:?}");
        assert!(
            found[0].contains("missing field `id` in `Term`"),
            "{found:?}"
        );
        assert_eq!(
            found[1..],
            [
                "d.ron:3:14: the card id is empty",
                "d.ron:4:25: the term is empty",
                "d.ron:5:14: card id \"a\" is used twice in this deck (first on line 4)",
                "d.ron:5:47: a list item is empty",
            ]
        );
    }

    #[test]
    fn choice_answers_must_name_existing_options() {
        let text = r#"Deck(id: "x", title: "T", cards: [
    Choice(id: "c", question: "Q", options: ["a", "b", "c"], answers: ["D", "b", "B", "AB"]),
    Choice(id: "d", question: "Q", options: ["a"], answers: []),
    Choice(id: "e", question: "Q", options: ["a", "a"], answers: ["A"]),
])"#;
        assert_eq!(
            problems(text),
            vec![
                "d.ron:2:72: answer \"D\" is out of range: the question has 3 options (A–C)",
                "d.ron:2:82: answer \"B\" is given twice",
                "d.ron:2:87: answer \"AB\" is not an option letter; write the letter shown before the option, like \"B\"",
                "d.ron:3:45: a choice question needs at least two options",
                "d.ron:3:61: no right answer: list the letters of the right options, like answers: [\"B\"]",
                "d.ron:4:51: option B repeats option A",
            ]
        );
    }

    #[test]
    fn deck_level_problems() {
        assert_eq!(
            problems(r#"Deck(id: "my deck", title: "", cards: [])"#),
            vec![
                "d.ron:1:10: deck id \"my deck\" contains a space or control character; use letters, digits, '-' or '_'",
                "d.ron:1:28: the deck title is empty",
                "d.ron:1:39: the deck has no cards: write at least one in cards: [ … ]",
            ]
        );
    }

    #[test]
    fn drill_problems_are_reported_at_the_text_at_fault() {
        let text = r#"Deck(id: "x", title: "T", cards: [
    Drill(id: "a", prompts: ["{p} and {q"], variables: [Range(name: "p", min: 5, max: 1)], answer: Number(formula: "p / z")),
    Drill(id: "b", prompts: ["{n}"], variables: [Range(name: "n", min: 0, max: 2)], answer: Number(formula: "1 / n")),
    Drill(id: "c", prompts: ["{n | x}"], variables: [OneOf(name: "n", values: [1]), Range(name: "n", min: 0, max: 1)], constraints: ["n"], answer: Pick(options: ["y"], formula: "0")),
])"#;
        assert_eq!(
            problems(text),
            vec![
                "d.ron:2:30: the prompt: the '{' at character 9 is never closed",
                "d.ron:2:69: variable \"p\": min 5 is above max 1",
                "d.ron:2:116: the answer: formula \"p / z\" names `z`, which is not a variable of this drill (declared: p)",
                "d.ron:4:30: the prompt: format \"x\" is not one of: a number of decimals (0–9), optionally after $, €, £ or % and a leading +",
                "d.ron:4:97: variable \"n\" is declared twice",
                "d.ron:4:163: a pick answer needs at least two options",
            ]
        );
    }

    #[test]
    fn drawing_numbers_is_left_to_check_which_reports_the_formula_at_fault() {
        let text = r#"Deck(id: "x", title: "T", cards: [
    Drill(id: "b", prompts: ["{n}"], variables: [Range(name: "n", min: 0, max: 2)], answer: Number(formula: "1 / n")),
])"#;
        let deck = parse_deck(Path::new("d.ron"), text).expect("loads: nothing is drawn");
        let problems: Vec<String> = deck
            .drill_problems()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            ["d.ron:2:109: \"1 / n\" gives an infinite number: a division by zero? when n = 0"]
        );
    }

    #[test]
    fn topics_are_named_for_people_and_listed_under_the_deck_that_titles_them_or_they_start_in() {
        // "extras" starts in the first deck but the second titles it.
        let first = parse_deck(
            Path::new("a.ron"),
            r#"Deck(id: "a", title: "A", topics: [Topic(tag: "cpv-parts", title: "The parts of perceived value")], cards: [
                Term(id: "x", term: "X", definition: "x", tags: ["cpv-parts", "zeta", "extras"]),
            ])"#,
        )
        .unwrap();
        let second = parse_deck(
            Path::new("b.ron"),
            r#"Deck(id: "b", title: "B", topics: [Topic(tag: "extras", title: "Extras")], cards: [
                Term(id: "y", term: "Y", definition: "y", tags: ["alpha", "cpv-parts", "extras"]),
            ])"#,
        )
        .unwrap();
        let mut library = Library {
            decks: vec![first, second],
            broken: Vec::new(),
            topics: Vec::new(),
            course: None,
        };
        library.collect_topics();
        let listed: Vec<(&str, usize, usize)> = library
            .topics
            .iter()
            .map(|t| (t.label(), t.deck, t.cards))
            .collect();
        assert_eq!(
            listed,
            [
                ("The parts of perceived value", 0, 2),
                ("zeta", 0, 1),
                ("alpha", 1, 1),
                ("Extras", 1, 2)
            ]
        );
        let twice = problems(
            r#"Deck(id: "a", title: "A", topics: [Topic(tag: "t", title: "T"), Topic(tag: "t", title: "U")], cards: [
                Term(id: "x", term: "X", definition: "x", tags: ["t"]),
            ])"#,
        );
        assert_eq!(
            twice,
            ["d.ron:1:76: the topic \"t\" is given a title twice in this deck"]
        );
    }

    #[test]
    fn an_instructor_s_mistakes_are_reported_at_the_field_in_the_deck_s_words() {
        let deck =
            |cards: &str| format!("Deck(id: \"d\", title: \"T\", cards: [\n    {cards},\n])");
        let drill = |answer: &str| {
            deck(&format!(
                r#"Drill(id: "x", prompts: ["{{a}}"], variables: [Range(name: "a", min: 1, max: 3)], answer: {answer}, solution: ["s"])"#
            ))
        };
        let cases: Vec<(String, &str)> = vec![
            (
                deck(r#"Choice(id: "c", question: "Q?", options: ["A"], answers: ["A"])"#),
                "d.ron:2:46: a choice question needs at least two options",
            ),
            (
                deck(r#"Choice(id: "c", question: "Q?", options: ["A", "B"], answers: [])"#),
                "d.ron:2:67: no right answer: list the letters of the right options, like answers: [\"B\"]",
            ),
            (
                deck(r#"List(id: "l", prompt: "P", items: [])"#),
                "d.ron:2:39: the list has no items: write them in items: [\"…\", \"…\"]",
            ),
            (
                drill(r#"Number(formula: "a", decimals: 20)"#),
                "d.ron:2:124: decimals: 20 is too many: the answer can show 0 to 9 decimals",
            ),
            (
                drill(r#"Number(formula: "a", decimals: -1)"#),
                "d.ron:2:124: decimals takes a whole number from 0 to 9",
            ),
            (
                drill(r#"Number(formula: "a", tolerance: Absolute(-1))"#),
                "d.ron:2:125: the tolerance must be a number of 0 or more",
            ),
            (
                drill(r#"Number(formula: "a", unit: Dollars)"#),
                "d.ron:2:120: unknown unit `Dollars`; expected one of `Plain`, `Percent`, `Score`, `Money`, `Word`",
            ),
            (
                drill(r#"Number(formula: "a", unit: Money(""))"#),
                "d.ron:2:120: Money needs its symbol, like Money(\"$\") or Money(\"€\")",
            ),
            (
                drill(r#"Number(formula: "a +")"#),
                "d.ron:2:109: the answer: formula \"a +\" is not complete: an operator is missing a number on one side",
            ),
            (
                drill(r#"Pick(options: ["yes", "yes", "no"], formula: "0")"#),
                "d.ron:2:115: option B repeats option A",
            ),
            (
                deck(r#"Term(id: "t", term: "T", definition: "D", reverse: yes)"#),
                "d.ron:2:56: `reverse` takes true or false",
            ),
            (
                deck(r#"Term(id: "t", term: 42, definition: "D")"#),
                "d.ron:2:25: `term` takes text in double quotes, like \"…\"",
            ),
            (
                format!("{} extra", deck(r#"Term(id: "t", term: "T", definition: "D")"#)),
                "d.ron:3:4: text after the deck's closing `)`: remove it, or make it a comment with //",
            ),
            (
                deck(r#"Choice(id: "c", question: "Q?", options: ["A", "B"], answers: ["x\ny"])"#),
                "d.ron:2:16: answer \"x\\ny\" is not an option letter; write the letter shown before the option, like \"B\"",
            ),
            (
                deck(r#"Term(id: "t", term: "T\u{0}", definition: "D")"#),
                "d.ron:2:14: the term holds an invisible control character (U+0000): delete it",
            ),
            (
                "Deck(id: \"d\", title: \"T\", description: \"  \", cards: [Term(id: \"t\", term: \"T\", definition: \"D\")])".to_string(),
                "d.ron:1:40: the description is empty: write one or two sentences, or leave the field out",
            ),
            (
                format!("Deck(id: \"d\", title: \"T\", cards: [{}])", "[".repeat(500) + &"]".repeat(500)),
                "d.ron:1:97: brackets and parentheses are nested too deep here: check that each ( [ { is closed where it should be",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(problems(&text), [expected], "{text}");
        }
        // Derived values in the wrong order, and a name not starting with a letter.
        let later = deck(
            r#"Drill(id: "x", prompts: ["{a}"], variables: [Range(name: "a", min: 1, max: 3)], derived: [("b", "c * 2"), ("c", "a + 1")], answer: Number(formula: "b"), solution: ["s"])"#,
        );
        assert_eq!(
            problems(&later),
            [
                "d.ron:2:101: \"b\" uses `c`, which is worked out further down in `derived`: move (\"c\", …) above (\"b\", …)"
            ]
        );
        let underscore = deck(
            r#"Drill(id: "x", prompts: ["{_a}"], variables: [Range(name: "_a", min: 1, max: 3)], answer: Number(formula: "_a"), solution: ["s"])"#,
        );
        assert_eq!(
            problems(&underscore)[0],
            "d.ron:2:63: variable name \"_a\" must start with a letter, then letters, digits or _"
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_deck_and_a_bad_byte_is_found_where_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let bom = dir.path().join("bom.ron");
        std::fs::write(
            &bom,
            "\u{feff}Deck(id: \"d\", title: \"T\", cards: [Term(id: \"t\", term: \"T\", definition: \"D\")])",
        )
        .unwrap();
        let bad = dir.path().join("bad.ron");
        let mut bytes =
            b"Deck(id: \"e\", title: \"T\", cards: [\n  Term(id: \"t\", term: \"T".to_vec();
        bytes.push(0xff);
        bytes.extend_from_slice(b"\", definition: \"D\")])");
        std::fs::write(&bad, bytes).unwrap();
        let library = load_paths(&[bom.clone(), bad.clone(), bom]);
        assert_eq!(library.decks.len(), 1, "the deck with a mark loads, once");
        let problems: Vec<String> = library.problems().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [format!(
                "{}:2:25: the byte 0xFF here is not UTF-8 text: save the file as UTF-8 (most editors offer it under Save As or Encoding)",
                bad.display()
            )]
        );
    }

    #[test]
    fn a_course_file_names_the_course_orders_its_decks_and_may_set_an_exam_date() {
        let dir = tempfile::tempdir().unwrap();
        for (file, id) in [("a.ron", "alpha"), ("b.ron", "beta")] {
            std::fs::write(
                dir.path().join(file),
                format!("Deck(id: \"{id}\", title: \"{id}\", cards: [Term(id: \"t\", term: \"T\", definition: \"D\")])"),
            )
            .unwrap();
        }
        std::fs::write(
            dir.path().join(crate::deck::COURSE_FILE),
            r#"Course(title: "Pricing", tagline: "margins and more", exam: "2027-01-15", decks: ["beta", "alpha"])"#,
        )
        .unwrap();
        let library = load_paths(&[dir.path().to_path_buf()]);
        assert!(library.broken.is_empty(), "{:?}", library.broken);
        let course = library.course.clone().unwrap();
        assert_eq!(
            (
                course.title.as_str(),
                course.tagline.as_deref(),
                course.exam
            ),
            (
                "Pricing",
                Some("margins and more"),
                Some(jiff::civil::date(2027, 1, 15))
            )
        );
        let order: Vec<&str> = library.decks.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(order, ["beta", "alpha"], "the course's order");

        // Mistakes in it are reported like a deck's.
        std::fs::write(
            dir.path().join(crate::deck::COURSE_FILE),
            "Course(title: \"Pricing\", exam: \"15/01/2027\", decks: [\"gamma\"])",
        )
        .unwrap();
        let library = load_paths(&[dir.path().to_path_buf()]);
        let problems: Vec<String> = library
            .problems()
            .map(|p| format!("{}:{}: {}", p.line, p.column, p.message))
            .collect();
        assert_eq!(
            problems,
            [
                "1:32: exam \"15/01/2027\" is not a date: write it as year-month-day, like \"2027-01-15\""
            ]
        );
        std::fs::write(
            dir.path().join(crate::deck::COURSE_FILE),
            "Course(title: \"Pricing\", decks: [\"gamma\"])",
        )
        .unwrap();
        let library = load_paths(&[dir.path().to_path_buf()]);
        let problems: Vec<String> = library
            .problems()
            .map(|p| format!("{}:{}: {}", p.line, p.column, p.message))
            .collect();
        assert_eq!(
            problems,
            ["1:34: no deck has the id \"gamma\"; the decks here are: alpha, beta"]
        );
        assert_eq!(library.decks.len(), 2, "the decks load all the same");
    }

    #[test]
    fn every_example_in_the_deck_format_guide_loads() {
        let guide =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/deck-format.md"))
                .unwrap();
        let blocks: Vec<&str> = guide
            .split("```ron\n")
            .skip(1)
            .map(|rest| rest.split("```").next().unwrap())
            .collect();
        assert!(blocks.len() >= 2, "the guide has its examples");
        for block in blocks {
            let text = if block.contains("Deck(") {
                block.to_string()
            } else {
                format!("Deck(id: \"doc\", title: \"Doc\", cards: [{block}])")
            };
            match parse_deck(Path::new("guide.ron"), &text) {
                Err(problems) => {
                    panic!("an example of docs/deck-format.md does not load: {problems:?}\n{block}")
                }
                Ok(deck) => {
                    let drawn = deck.drill_problems();
                    assert!(drawn.is_empty(), "check finds {drawn:?} in\n{block}");
                }
            }
        }
    }

    #[test]
    fn escaped_and_raw_strings_are_reported_at_their_card_or_their_quote() {
        // A raw string points at its r#"; an escaped one at its card.
        let text = "Deck(id: \"x\", title: \"T\", cards: [\n    Term(id: \"a\", term: r#\" \"#, definition: \"x\"),\n    Term(id: \"b\", term: \"\\t\", definition: \"x\"),\n])";
        assert_eq!(
            problems(text),
            vec![
                "d.ron:2:25: the term is empty",
                "d.ron:3:14: the term is empty",
            ]
        );
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "Deck(id: \"x\", title: \"Café – ü\", cards: [\n    Term(id: \"a\", term: \"é\", definition: \"\"),\n])";
        assert_eq!(problems(text), vec!["d.ron:2:42: the definition is empty"]);
    }

    #[test]
    fn explanation_may_be_written_without_some() {
        let with_some = GOOD.replace(
            "explanation: \"7 and 8 are passives.\"",
            "explanation: Some(\"7 and 8 are passives.\")",
        );
        let a = parse_deck(Path::new("d.ron"), GOOD).unwrap();
        let b = parse_deck(Path::new("d.ron"), &with_some).unwrap();
        assert_eq!(a.cards, b.cards);
    }

    #[test]
    fn folders_load_every_ron_file_and_a_broken_one_does_not_stop_the_others() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.ron"), GOOD).unwrap();
        fs::write(dir.path().join("b.ron"), "Deck(").unwrap();
        fs::write(dir.path().join("c.ron"), GOOD.replace("Demo", "Copy")).unwrap();
        fs::write(dir.path().join("notes.txt"), "not a deck").unwrap();
        let library = load_paths(&[dir.path().to_path_buf()]);
        assert_eq!(library.decks.len(), 1);
        assert_eq!(library.decks[0].title, "Demo");
        let messages: Vec<String> = library.problems().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].ends_with("b.ron:1:5: unexpected end of RON"),
            "{messages:?}"
        );
        assert!(
            messages[1].ends_with(&format!(
                "c.ron:2:9: deck id \"demo\" is already used by {} for \"Demo\"; a deck split over several files has the same title in each",
                dir.path().join("a.ron").display()
            )),
            "{messages:?}"
        );
    }

    #[test]
    fn a_deck_split_over_files_is_one_deck_with_unique_card_ids() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.ron"), GOOD).unwrap();
        let part = r#"Deck(id: "demo", title: "Demo", cards: [
    Term(id: "extra", term: "E", definition: "F"),
    Term(id: "steps", term: "S", definition: "T"),
])"#;
        fs::write(dir.path().join("b.ron"), part).unwrap();
        let library = load_paths(&[dir.path().to_path_buf()]);
        let messages: Vec<String> = library.problems().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].ends_with(&format!(
                "b.ron:3:14: card id \"steps\" is already used by this deck in {}:7",
                dir.path().join("a.ron").display()
            )),
            "{messages:?}"
        );
        fs::write(
            dir.path().join("b.ron"),
            part.replace("\"steps\"", "\"more\""),
        )
        .unwrap();
        let library = load_paths(&[dir.path().to_path_buf()]);
        assert!(library.broken.is_empty(), "{:?}", library.broken);
        assert_eq!(library.decks.len(), 1);
        let ids: Vec<&str> = library.decks[0]
            .cards
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(ids, vec!["nps", "steps", "band", "extra", "more"]);
        assert_eq!(library.decks[0].files.len(), 2);
    }

    #[test]
    fn missing_paths_and_empty_folders_are_problems() {
        let dir = tempfile::tempdir().unwrap();
        let library = load_paths(&[dir.path().to_path_buf(), dir.path().join("nope.ron")]);
        let messages: Vec<String> = library.problems().map(|p| p.message.clone()).collect();
        assert_eq!(
            messages,
            vec![
                "no deck files (*.ron) in this folder",
                "no such file or folder"
            ]
        );
    }
}
