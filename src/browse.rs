//! The card browser's rows and its search, without a window: every card
//! direction with its state, sortable by any column, and searched the way
//! Anki's users type (`deck:value tag:nps is:due prop:ease<2 lapses>3`).

use std::cmp::Ordering;

use crate::deck::{CardKind, Library};
use crate::key::CardKey;
use crate::key::Direction;
use crate::plan::{Scope, scope_progress};
use crate::sched::{AnswerKind, CardProgress, Day, Quality, Stage};
use crate::store::{History, Hold, Store};

/// One card direction as the browser lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub deck: usize,
    /// Index in the deck's cards.
    pub card: usize,
    pub direction: Direction,
    pub kind: &'static str,
    /// What the learner is asked, on one line.
    pub prompt: String,
    pub stage: Stage,
    pub progress: Option<CardProgress>,
    /// Suspended or buried.
    pub hold: Hold,
    /// Lapsed often enough to be a leech (see `Settings::leech_lapses`).
    pub leech: bool,
    /// The prompt, the answer, the tags, the deck's id and title, in lower
    /// case, for plain-text search.
    haystack: String,
}

impl Row {
    /// The interval in days (0 for a new card).
    pub fn interval(&self) -> u32 {
        self.progress.map_or(0, |p| p.sm2.interval_days)
    }

    /// The E-Factor (2.5 for a new card).
    pub fn ease(&self) -> f64 {
        self.progress.map_or(2.5, |p| p.sm2.easiness.as_f64())
    }

    pub fn reviews(&self) -> u32 {
        self.progress.map_or(0, |p| p.answers)
    }

    pub fn lapses(&self) -> u32 {
        self.progress.map_or(0, |p| p.lapses)
    }

    pub fn due(&self) -> Option<Day> {
        self.progress.map(|p| p.due_day)
    }

    /// Its state in words: suspended or buried first, then its stage.
    pub fn state(&self, today: Day) -> &'static str {
        if self.hold.suspended {
            "suspended"
        } else if self.hold.is_buried(today) {
            "buried"
        } else {
            stage_name(self.stage)
        }
    }

    /// The key of its card direction.
    pub fn key(&self, library: &Library) -> CardKey {
        let deck = &library.decks[self.deck];
        deck.key(&deck.cards[self.card], self.direction)
    }
}

/// A stage in the learner's words.
pub fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::New => "new",
        Stage::Learning => "learning",
        Stage::Young => "young",
        Stage::Mature => "mature",
    }
}

/// The first line of `text`, at most `max` characters, with "…" if cut.
fn one_line(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    if line.chars().count() > max {
        let cut: String = line.chars().take(max - 1).collect();
        format!("{cut}…")
    } else {
        line.to_string()
    }
}

/// Every card direction of the library, in the author's order.
pub fn rows(library: &Library, store: &Store) -> Vec<Row> {
    let mut rows = Vec::new();
    let settings = store.settings();
    for walked in scope_progress(library, store, Scope::All) {
        let (deck, card, direction, progress) =
            (walked.deck, walked.card, walked.direction, walked.progress);
        let outline;
        let (kind, prompt, answer): (&'static str, &str, String) = match &card.kind {
            CardKind::Term {
                term, definition, ..
            } => match direction {
                Direction::Forward => ("term", term, definition.clone()),
                Direction::Reverse => ("term", definition, term.clone()),
            },
            CardKind::List { prompt, items, .. } => ("list", prompt, items.join(" ")),
            CardKind::Choice {
                question,
                options,
                answers,
                ..
            } => (
                "choice",
                question,
                answers
                    .iter()
                    .filter_map(|&a| options.get(a))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            CardKind::Drill(drill) => {
                outline = drill.outline();
                ("drill", outline.as_str(), String::new())
            }
        };
        let d = &library.decks[deck];
        let haystack = format!(
            "{prompt}\n{answer}\n{}\n{}\n{}",
            card.tags.join(" "),
            d.id.as_str(),
            d.title
        )
        .to_lowercase();
        rows.push(Row {
            deck,
            card: walked.index,
            direction,
            kind,
            prompt: one_line(prompt, 140),
            stage: Stage::of(progress),
            progress: progress.copied(),
            hold: walked.hold,
            leech: progress.is_some_and(|p| settings.is_leech(p.lapses)),
            haystack,
        });
    }
    rows
}

/// One answer in a card's history, with the state it left.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    pub day: Day,
    pub quality: u8,
    /// The day's first answer (a scheduled review), not a repeat.
    pub scheduled: bool,
    /// A practice answer (or an exam's extra review): the state is as it
    /// was.
    pub practice: bool,
    /// The card had been reset to new just before.
    pub fresh: bool,
    /// The interval after it, in days.
    pub interval: u32,
    /// The E-Factor after it.
    pub ease: f64,
    pub elapsed_ms: u32,
}

/// The answers of one card direction, oldest first, each with the SM-2
/// state it left: replayed from the log (undone answers are not in it), as
/// the store replays it.
pub fn card_history(history: &History, key: &CardKey) -> Vec<Step> {
    let Some(number) = history.keys.iter().position(|k| k.as_ref() == Some(key)) else {
        return Vec::new();
    };
    let mut state: Option<CardProgress> = None;
    let mut steps = Vec::new();
    for answer in history.answers.iter().filter(|a| a.card as usize == number) {
        let Some(quality) = Quality::new(answer.quality) else {
            continue;
        };
        let kind = if answer.scheduled {
            AnswerKind::Scheduled
        } else {
            AnswerKind::SameDayRepeat
        };
        if answer.fresh {
            state = None;
        }
        let after = match (answer.practice, state) {
            (true, Some(state)) => state,
            (true, None) => {
                // A new card practised: still new.
                let new = CardProgress::answered(None, quality, answer.day).0;
                CardProgress {
                    sm2: crate::sched::Sm2State::NEW,
                    ..new
                }
            }
            (false, _) => CardProgress::applied(state.as_ref(), quality, kind, answer.day),
        };
        steps.push(Step {
            day: answer.day,
            quality: answer.quality,
            scheduled: answer.scheduled,
            practice: answer.practice,
            fresh: answer.fresh,
            interval: after.sm2.interval_days,
            ease: after.sm2.easiness.as_f64(),
            elapsed_ms: answer.elapsed_ms,
        });
        if !answer.practice {
            state = Some(after);
        }
    }
    steps
}

/// A column of the browser, to sort by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Deck,
    Kind,
    Prompt,
    Tags,
    State,
    Due,
    Interval,
    Ease,
    Reviews,
    Lapses,
}

impl Column {
    pub const ALL: [Column; 10] = [
        Column::Deck,
        Column::Kind,
        Column::Prompt,
        Column::Tags,
        Column::State,
        Column::Due,
        Column::Interval,
        Column::Ease,
        Column::Reviews,
        Column::Lapses,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Column::Deck => "deck",
            Column::Kind => "kind",
            Column::Prompt => "prompt",
            Column::Tags => "tags",
            Column::State => "state",
            Column::Due => "due",
            Column::Interval => "interval",
            Column::Ease => "ease",
            Column::Reviews => "reviews",
            Column::Lapses => "lapses",
        }
    }
}

fn stage_rank(stage: Stage) -> u8 {
    match stage {
        Stage::New => 0,
        Stage::Learning => 1,
        Stage::Young => 2,
        Stage::Mature => 3,
    }
}

/// Order `shown` (indexes into `rows`) by `column`; ties keep the author's
/// order, so sorting is stable and predictable.
pub fn sort(
    rows: &[Row],
    shown: &mut [usize],
    column: Column,
    descending: bool,
    library: &Library,
) {
    let key = |a: &Row, b: &Row| -> Ordering {
        match column {
            Column::Deck => library.decks[a.deck]
                .title
                .cmp(&library.decks[b.deck].title),
            Column::Kind => a.kind.cmp(b.kind),
            Column::Prompt => a.prompt.to_lowercase().cmp(&b.prompt.to_lowercase()),
            // Untagged cards last.
            Column::Tags => {
                let tags = |r: &Row| library.decks[r.deck].cards[r.card].tags.join(" ");
                let (x, y) = (tags(a), tags(b));
                (x.is_empty(), x).cmp(&(y.is_empty(), y))
            }
            // Held cards after the others, suspended last.
            Column::State => (
                a.hold.suspended,
                a.hold.buried_on.is_some(),
                stage_rank(a.stage),
            )
                .cmp(&(
                    b.hold.suspended,
                    b.hold.buried_on.is_some(),
                    stage_rank(b.stage),
                )),
            // New cards (no due day) last.
            Column::Due => match (a.due(), b.due()) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
            Column::Interval => a.interval().cmp(&b.interval()),
            Column::Ease => a.ease().total_cmp(&b.ease()),
            Column::Reviews => a.reviews().cmp(&b.reviews()),
            Column::Lapses => a.lapses().cmp(&b.lapses()),
        }
    };
    shown.sort_by(|&x, &y| {
        let order = key(&rows[x], &rows[y]);
        let order = if descending { order.reverse() } else { order };
        order.then(x.cmp(&y))
    });
}

/// A search: plain words (all must appear) and filters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    words: Vec<String>,
    filters: Vec<Filter>,
}

#[derive(Clone, Debug, PartialEq)]
enum Filter {
    /// A deck whose id or title contains this (lower case).
    Deck(String),
    /// A card with this tag (lower case; `*` at the end for a prefix).
    Tag(String),
    /// The card with this id (lower case), in any deck.
    Card(String),
    Is(Is),
    /// A number compared: `prop:ease<2`, `lapses>3`.
    Prop(Prop, Cmp, f64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Is {
    Due,
    New,
    Learning,
    Young,
    Mature,
    Term,
    List,
    Choice,
    Drill,
    Suspended,
    Buried,
    Leech,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prop {
    Ease,
    Interval,
    Reviews,
    Lapses,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cmp {
    Less,
    LessOrEqual,
    Equal,
    GreaterOrEqual,
    Greater,
}

/// What `is:` takes, for messages.
const IS_WORDS: &str =
    "due, new, learning, young, mature, suspended, buried, leech, term, list, choice, drill";
/// What `prop:` takes.
const PROP_WORDS: &str = "ease, ivl (interval), reps (reviews), lapses";

impl Query {
    /// Read a search. Words match the prompt, the answer, the tags and the
    /// deck, in any case; quotes keep words together ("customer value").
    /// Filters: `deck:`, `tag:`, `card:` (a card's id), `is:`, `prop:ease<2` (also `ivl`, `reps`,
    /// `lapses`), and `lapses>3`, `reviews>=10`, `interval<7`, `ease<2`
    /// without `prop:`. An unknown filter is an error that says what the
    /// filter takes.
    pub fn parse(text: &str) -> Result<Query, String> {
        let mut query = Query::default();
        for token in tokens(text) {
            let lower = token.to_lowercase();
            if let Some(name) = lower.strip_prefix("deck:") {
                query.filters.push(Filter::Deck(name.to_string()));
            } else if let Some(tag) = lower.strip_prefix("tag:") {
                query.filters.push(Filter::Tag(tag.to_string()));
            } else if let Some(card) = lower.strip_prefix("card:") {
                query.filters.push(Filter::Card(card.to_string()));
            } else if let Some(what) = lower.strip_prefix("is:") {
                let is = match what {
                    "due" => Is::Due,
                    "new" => Is::New,
                    "learning" | "learn" => Is::Learning,
                    "young" | "review" => Is::Young,
                    "mature" => Is::Mature,
                    "term" => Is::Term,
                    "list" => Is::List,
                    "choice" => Is::Choice,
                    "drill" => Is::Drill,
                    "suspended" => Is::Suspended,
                    "buried" => Is::Buried,
                    "leech" => Is::Leech,
                    other => {
                        return Err(format!("is:{other} is not known; is: takes {IS_WORDS}"));
                    }
                };
                query.filters.push(Filter::Is(is));
            } else if let Some(filter) = comparison(&lower)? {
                query.filters.push(filter);
            } else if lower.contains(':') && !lower.starts_with(':') && !lower.ends_with(':') {
                let name = lower.split(':').next().unwrap_or("");
                return Err(format!(
                    "{name}: is not a filter; filters are deck:, tag:, card:, is:, prop: (or type the words to find)"
                ));
            } else {
                query.words.push(lower);
            }
        }
        Ok(query)
    }

    /// Whether `row` is found, on study day `today`.
    pub fn matches(&self, row: &Row, library: &Library, today: Day) -> bool {
        self.words.iter().all(|w| row.haystack.contains(w.as_str()))
            && self
                .filters
                .iter()
                .all(|f| filter_matches(f, row, library, today))
    }
}

fn filter_matches(filter: &Filter, row: &Row, library: &Library, today: Day) -> bool {
    match filter {
        Filter::Deck(name) => {
            let deck = &library.decks[row.deck];
            deck.id.as_str().to_lowercase().contains(name.as_str())
                || deck.title.to_lowercase().contains(name.as_str())
        }
        Filter::Card(id) => library.decks[row.deck].cards[row.card]
            .id
            .as_str()
            .eq_ignore_ascii_case(id),
        Filter::Tag(tag) => {
            let tags = &library.decks[row.deck].cards[row.card].tags;
            match tag.strip_suffix('*') {
                Some(prefix) => tags.iter().any(|t| t.to_lowercase().starts_with(prefix)),
                None => tags.iter().any(|t| t.eq_ignore_ascii_case(tag)),
            }
        }
        Filter::Is(is) => match is {
            // Due and waiting to be studied: not suspended or buried.
            Is::Due => row.due().is_some_and(|d| d <= today) && !row.hold.is_held(today),
            Is::Suspended => row.hold.suspended,
            Is::Buried => row.hold.is_buried(today),
            Is::Leech => row.leech,
            Is::New => row.stage == Stage::New,
            Is::Learning => row.stage == Stage::Learning,
            Is::Young => row.stage == Stage::Young,
            Is::Mature => row.stage == Stage::Mature,
            Is::Term => row.kind == "term",
            Is::List => row.kind == "list",
            Is::Choice => row.kind == "choice",
            Is::Drill => row.kind == "drill",
        },
        Filter::Prop(prop, cmp, value) => {
            let x = match prop {
                Prop::Ease => row.ease(),
                Prop::Interval => f64::from(row.interval()),
                Prop::Reviews => f64::from(row.reviews()),
                Prop::Lapses => f64::from(row.lapses()),
            };
            match cmp {
                Cmp::Less => x < *value,
                Cmp::LessOrEqual => x <= *value,
                Cmp::Equal => (x - value).abs() < 1e-9,
                Cmp::GreaterOrEqual => x >= *value,
                Cmp::Greater => x > *value,
            }
        }
    }
}

/// `prop:ease<2`, `lapses>3` …; `None` if `token` is no comparison.
fn comparison(token: &str) -> Result<Option<Filter>, String> {
    let body = token.strip_prefix("prop:").unwrap_or(token);
    let Some(at) = body.find(['<', '>', '=']) else {
        return if token.starts_with("prop:") {
            Err(format!(
                "{token} compares nothing: write prop:ease<2, with one of {PROP_WORDS}"
            ))
        } else {
            Ok(None)
        };
    };
    let (name, rest) = body.split_at(at);
    let prop = match name {
        "ease" | "ef" => Prop::Ease,
        "ivl" | "interval" => Prop::Interval,
        "reps" | "reviews" => Prop::Reviews,
        "lapses" => Prop::Lapses,
        // Not a property: plain text with a < or > in it, unless prop:.
        other if token.starts_with("prop:") => {
            return Err(format!(
                "prop:{other} is not known; prop: takes {PROP_WORDS}"
            ));
        }
        _ => return Ok(None),
    };
    let (cmp, number) = if let Some(n) = rest.strip_prefix("<=") {
        (Cmp::LessOrEqual, n)
    } else if let Some(n) = rest.strip_prefix(">=") {
        (Cmp::GreaterOrEqual, n)
    } else if let Some(n) = rest.strip_prefix('<') {
        (Cmp::Less, n)
    } else if let Some(n) = rest.strip_prefix('>') {
        (Cmp::Greater, n)
    } else {
        (Cmp::Equal, rest.trim_start_matches('='))
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{token}: \"{number}\" is not a number"))?;
    Ok(Some(Filter::Prop(prop, cmp, value)))
}

/// Words, with "quoted words" kept together.
fn tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

#[cfg(test)]
mod tests;
