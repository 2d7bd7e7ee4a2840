//! Practice exams drawn from the decks: the questions of a test, mixed and
//! interleaved (a drill, a term, a choice, a list, then again), each with
//! its answer and worked solution. Shared by `cardwise exam` (printable
//! HTML or JSON for instructors) and the window's practice test. The same
//! seed draws the same exam; nothing here reads or writes progress.

use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::SliceRandom;
use rand::{Rng, RngExt, SeedableRng};
use serde::Serialize;

use crate::deck::{CardKind, Library, option_letter};
use crate::drill::Outcome;
use crate::key::Direction;
use crate::preview::ShownMistake;

/// What an exam is drawn from, and how.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub questions: usize,
    pub seed: u64,
    /// Only these decks (by id); all when empty.
    pub decks: Vec<String>,
    /// Only cards with one of these tags; all when empty.
    pub tags: Vec<String>,
}

/// What a question asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The term, given its definition (typed).
    Term,
    /// The definition, given its term: picked from four when the exam has
    /// enough terms, else written.
    Definition,
    Choice,
    /// The items of a list, each checked.
    List,
    /// A calculation with fresh numbers.
    Drill,
}

impl Kind {
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Term => "term",
            Kind::Definition => "definition",
            Kind::Choice => "choice",
            Kind::List => "list",
            Kind::Drill => "drill",
        }
    }
}

/// One question with its key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Question {
    /// From 1.
    pub number: usize,
    pub kind: Kind,
    pub deck: String,
    pub card: String,
    /// What the learner is told to do ("Name the term.").
    pub task: String,
    pub prompt: String,
    /// The options, lettered ("A. …"), in the order shown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// The right answer as a learner gives it: the term, the definition,
    /// the letters of the right options, the items, the number.
    pub answer: String,
    /// The worked solution of a drill, the items of a list, the
    /// explanation of a choice.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub solution: Vec<String>,
    /// A drill's usual mistakes at these numbers: the answer each gives and
    /// what a learner who gives it is told.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mistakes: Vec<ShownMistake>,
    /// Where the card is in the library: (deck, card).
    #[serde(skip)]
    pub at: (usize, usize),
    /// The review number its numbers and option order are drawn with.
    #[serde(skip)]
    pub review: u32,
    /// A definition question picked from options: the right one's place.
    #[serde(skip)]
    pub right_option: Option<usize>,
    /// What the card said when the question was drawn: a card edited
    /// since is another question.
    #[serde(skip)]
    pub fingerprint: u64,
}

/// The cards an exam may draw from: (deck, card) in the author's order.
pub fn pool(library: &Library, decks: &[String], tags: &[String]) -> Vec<(usize, usize)> {
    let mut pool = Vec::new();
    for (d, deck) in library.decks.iter().enumerate() {
        if !decks.is_empty() && !decks.iter().any(|id| id == deck.id.as_str()) {
            continue;
        }
        for (c, card) in deck.cards.iter().enumerate() {
            if tags.is_empty() || card.tags.iter().any(|t| tags.contains(t)) {
                pool.push((d, c));
            }
        }
    }
    pool
}

/// Draw an exam of `options.questions` questions (fewer if the decks hold
/// fewer cards) from `pool`, interleaving the kinds.
pub fn draw(library: &Library, pool: &[(usize, usize)], options: &Options) -> Vec<Question> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(options.seed ^ 0x6578_616d);
    // The kinds in turn, each in a shuffled order of its own.
    let mut groups: [Vec<(usize, usize)>; 4] = Default::default();
    for &(d, c) in pool {
        let group = match library.decks[d].cards[c].kind {
            CardKind::Drill(_) => 0,
            CardKind::Term { .. } => 1,
            CardKind::Choice { .. } => 2,
            CardKind::List { .. } => 3,
        };
        groups[group].push((d, c));
    }
    for group in &mut groups {
        group.shuffle(&mut rng);
    }
    let mut chosen = Vec::new();
    let mut turn = rng.random_range(0..groups.len());
    let mut next = [0usize; 4];
    while chosen.len() < options.questions && next.iter().zip(&groups).any(|(n, g)| *n < g.len()) {
        if let Some(&at) = groups[turn].get(next[turn]) {
            chosen.push(at);
            next[turn] += 1;
        }
        turn = (turn + 1) % groups.len();
    }
    // Every term's definition, for the options of definition questions.
    let definitions: Vec<(usize, usize)> = pool
        .iter()
        .copied()
        .filter(|&(d, c)| matches!(library.decks[d].cards[c].kind, CardKind::Term { .. }))
        .collect();
    chosen
        .into_iter()
        .enumerate()
        .map(|(i, at)| question(library, at, i + 1, &definitions, &mut rng))
        .collect()
}

/// Three other definitions to pick the right one from: those of terms that
/// share a tag with `(d, c)` first, then of its deck, then any, so the
/// wrong options are plausible.
fn distractors<'l>(
    library: &'l Library,
    (d, c): (usize, usize),
    definitions: &[(usize, usize)],
    rng: &mut Xoshiro256PlusPlus,
) -> Vec<&'l str> {
    let card = &library.decks[d].cards[c];
    let CardKind::Term { definition, .. } = &card.kind else {
        return Vec::new();
    };
    let mut others: Vec<(u8, &str)> = definitions
        .iter()
        .filter(|&&at| at != (d, c))
        .filter_map(|&(od, oc)| {
            let other = &library.decks[od].cards[oc];
            let CardKind::Term {
                definition: text, ..
            } = &other.kind
            else {
                return None;
            };
            let near = if other.tags.iter().any(|t| card.tags.contains(t)) {
                2
            } else {
                u8::from(od == d)
            };
            Some((near, text.as_str()))
        })
        .filter(|(_, text)| *text != definition.as_str())
        .collect();
    others.shuffle(rng);
    others.sort_by_key(|(near, _)| std::cmp::Reverse(*near));
    let mut chosen: Vec<&str> = Vec::new();
    for (_, text) in others {
        if chosen.len() == 3 {
            break;
        }
        if !chosen.contains(&text) {
            chosen.push(text);
        }
    }
    chosen
}

fn question(
    library: &Library,
    (d, c): (usize, usize),
    number: usize,
    definitions: &[(usize, usize)],
    rng: &mut Xoshiro256PlusPlus,
) -> Question {
    let deck = &library.decks[d];
    let card = &deck.cards[c];
    let review = rng.next_u32();
    let shown = crate::preview::one(deck, card, Direction::Forward, review, None);
    let mut q = Question {
        number,
        kind: Kind::Choice,
        deck: deck.id.to_string(),
        card: card.id.to_string(),
        task: String::new(),
        prompt: shown.prompt,
        options: shown.options,
        answer: shown.answer,
        solution: shown.solution,
        mistakes: shown.mistakes,
        at: (d, c),
        review,
        right_option: None,
        fingerprint: card.fingerprint(),
    };
    match &card.kind {
        CardKind::Drill(_) => {
            q.kind = Kind::Drill;
            q.task = if q.options.is_empty() {
                "Work it out; write the answer with its unit.".to_string()
            } else {
                "Work it out, then choose.".to_string()
            };
        }
        CardKind::Choice { answers, .. } => {
            q.task = if answers.len() > 1 {
                "Choose every right answer.".to_string()
            } else {
                "Choose one.".to_string()
            };
        }
        CardKind::List { items, ordered, .. } => {
            q.kind = Kind::List;
            q.task = format!(
                "Write the {} items{}.",
                items.len(),
                if *ordered { " in order" } else { "" }
            );
        }
        CardKind::Term {
            term, definition, ..
        } => {
            let others = distractors(library, (d, c), definitions, rng);
            // A "term" written as a question cannot be named from its
            // answer: it is asked the other way.
            let a_question = term.trim_end().ends_with('?');
            if !a_question && rng.random_bool(0.5) {
                q.kind = Kind::Term;
                q.task = "Name the term.".to_string();
                q.prompt = definition.clone();
                q.answer = term.clone();
            } else if others.len() >= 3 {
                q.kind = Kind::Definition;
                q.task = "Choose its definition.".to_string();
                q.prompt = term.clone();
                let mut texts = others;
                let right = rng.random_range(0..=texts.len());
                texts.insert(right, definition);
                q.options = texts
                    .iter()
                    .enumerate()
                    .map(|(i, text)| format!("{}. {text}", option_letter(i)))
                    .collect();
                q.answer = option_letter(right).to_string();
                q.solution = vec![format!("“{term}”: {definition}")];
                q.right_option = Some(right);
            } else {
                q.kind = Kind::Definition;
                q.task = "Define the term.".to_string();
                q.prompt = term.clone();
                q.answer = definition.clone();
            }
        }
    }
    q
}

/// What the learner gave for one question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Given {
    /// Typed text: a term, a definition, a list's items, a number.
    Typed(String),
    /// Options picked, by their place as shown (0 is A).
    Picked(Vec<usize>),
    /// Left unanswered (skipped, or the time ran out).
    Nothing,
}

/// One question answered, and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Answered {
    pub given: Given,
    /// The answer as the learner gave it, for the results.
    pub shown: String,
    pub outcome: Outcome,
    /// What differs in a close answer, the key words missed, the message
    /// of a drill's usual mistake.
    pub note: Option<String>,
    /// The drill's listed mistake it matched.
    pub mistake: Option<u32>,
}

impl Answered {
    /// The grade a practice answer is logged with: 4 right, 3 close, 1
    /// wrong (it moves no schedule).
    pub fn quality(&self) -> crate::sched::Quality {
        match self.outcome {
            Outcome::Right => crate::review::SUGGEST_RIGHT,
            Outcome::Close => crate::review::SUGGEST_CLOSE,
            Outcome::Wrong => crate::review::SUGGEST_WRONG,
        }
    }
}

impl Question {
    /// The card direction the question asks, for logging and for its
    /// numbers: a term named from its definition is the reverse.
    pub fn key(&self, library: &Library) -> crate::key::CardKey {
        let deck = &library.decks[self.at.0];
        let card = &deck.cards[self.at.1];
        // The reverse only where the card has one.
        let direction = match self.kind {
            Kind::Term if card.directions().contains(&Direction::Reverse) => Direction::Reverse,
            _ => Direction::Forward,
        };
        deck.key(card, direction)
    }

    /// The review this question is drawn as: its numbers, its option order,
    /// and how typed text is checked.
    pub fn review(&self, library: &Library) -> crate::review::Review {
        let deck = &library.decks[self.at.0];
        let card = &deck.cards[self.at.1];
        // The numbers and the option order are those the exam drew, from
        // the card's key and the review number; a term named from its
        // definition checks the term.
        let direction = match self.kind {
            Kind::Term => Direction::Reverse,
            _ => Direction::Forward,
        };
        let mut review = crate::review::Review::new(card, &deck.key(card, direction), self.review);
        review.answer_by_typing(card, true);
        review
    }

    /// Find the question's card in `library` again after a reload, by its
    /// deck and card ids; `false` if it is gone.
    pub fn remap(&mut self, library: &Library) -> bool {
        let Some(d) = library
            .decks
            .iter()
            .position(|d| d.id.as_str() == self.deck)
        else {
            return false;
        };
        let Some(c) = library.decks[d]
            .cards
            .iter()
            .position(|c| c.id.as_str() == self.card)
        else {
            return false;
        };
        // An edited card no longer matches the question drawn from it.
        if library.decks[d].cards[c].fingerprint() != self.fingerprint {
            return false;
        }
        self.at = (d, c);
        true
    }

    /// Whether the learner types the answer (else picks options).
    pub fn typed(&self) -> bool {
        self.options.is_empty()
    }

    /// Check what the learner gave.
    pub fn check(&self, library: &Library, given: Given) -> Answered {
        let card = &library.decks[self.at.0].cards[self.at.1];
        let letters = |picked: &[usize]| {
            picked
                .iter()
                .map(|&p| option_letter(p).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let shown = match &given {
            Given::Typed(text) if !text.trim().is_empty() => text.trim().to_string(),
            Given::Picked(picked) if !picked.is_empty() => letters(picked),
            _ => "(no answer)".to_string(),
        };
        let unanswered = shown == "(no answer)";
        if unanswered {
            return Answered {
                given,
                shown,
                outcome: Outcome::Wrong,
                note: None,
                mistake: None,
            };
        }
        // A definition picked among others: the exam's own options.
        if let (Some(right), Given::Picked(picked)) = (self.right_option, &given) {
            let outcome = if picked.as_slice() == [right] {
                Outcome::Right
            } else {
                Outcome::Wrong
            };
            return Answered {
                given,
                shown,
                outcome,
                note: None,
                mistake: None,
            };
        }
        let mut review = self.review(library);
        match &given {
            Given::Typed(text) => {
                *review.typed_mut() = text.clone();
                review.check_typed(card);
            }
            Given::Picked(picked) => {
                for &p in picked {
                    review.pick(card, p);
                }
                review.reveal();
            }
            Given::Nothing => review.reveal(),
        }
        if !review.is_revealed() {
            // Text a drill cannot read as a number: wrong, and why.
            return Answered {
                given,
                shown,
                outcome: Outcome::Wrong,
                note: review.typed_problem().map(str::to_string),
                mistake: None,
            };
        }
        Answered {
            outcome: review.verdict(card).unwrap_or(Outcome::Wrong),
            note: review.note(card).map(str::to_string),
            mistake: review.mistake(card).and_then(|m| u32::try_from(m).ok()),
            given,
            shown,
        }
    }
}

/// A test's score.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    pub right: usize,
    pub close: usize,
    pub wrong: usize,
    pub unanswered: usize,
    pub total: usize,
}

impl Score {
    pub fn of(answers: &[Option<Answered>]) -> Score {
        let mut score = Score {
            total: answers.len(),
            ..Score::default()
        };
        for answer in answers {
            match answer {
                None => score.unanswered += 1,
                Some(a) if a.given == Given::Nothing || a.shown == "(no answer)" => {
                    score.unanswered += 1;
                }
                Some(a) => match a.outcome {
                    Outcome::Right => score.right += 1,
                    Outcome::Close => score.close += 1,
                    Outcome::Wrong => score.wrong += 1,
                },
            }
        }
        score
    }

    /// Right answers count whole, close ones half: out of 100.
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        (self.right as f64 + self.close as f64 / 2.0) * 100.0 / self.total as f64
    }
}

/// The exam as plain text: the questions, then the key.
pub fn text(questions: &[Question]) -> String {
    let mut out = String::new();
    for q in questions {
        out.push_str(&format!("{}. {}\n   {}\n", q.number, q.task, q.prompt));
        for option in &q.options {
            out.push_str(&format!("      {option}\n"));
        }
        out.push('\n');
    }
    out.push_str("Answer key\n\n");
    for q in questions {
        out.push_str(&format!("{}. {}\n", q.number, q.answer));
        if q.kind != Kind::List {
            for line in &q.solution {
                out.push_str(&format!("   {line}\n"));
            }
        }
        for m in &q.mistakes {
            out.push_str(&format!("   If {}: {}\n", m.answer, m.feedback));
        }
    }
    out
}

/// Escape text for HTML.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The exam as one HTML page that prints on A4 and Letter alike: the
/// questions with room to answer, then the answer key on a page of its
/// own. `title` heads both.
pub fn html(questions: &[Question], title: &str, about: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{}\n</style>\n</head>\n<body>\n",
        esc(title),
        STYLE
    ));
    out.push_str(&format!(
        "<header><h1>{}</h1><p class=\"about\">{}</p><p class=\"name\">Name: <span></span> Date: <span></span></p></header>\n<ol class=\"questions\">\n",
        esc(title),
        esc(about)
    ));
    for q in questions {
        out.push_str(&format!(
            "<li class=\"q {}\"><p class=\"task\">{}</p><p class=\"prompt\">{}</p>",
            q.kind.name(),
            esc(&q.task),
            esc(&q.prompt)
        ));
        if q.options.is_empty() {
            let lines = match q.kind {
                Kind::List => 4,
                Kind::Drill => 3,
                Kind::Definition => 3,
                _ => 1,
            };
            out.push_str("<div class=\"room\">");
            for _ in 0..lines {
                out.push_str("<div class=\"line\"></div>");
            }
            out.push_str("</div>");
        } else {
            out.push_str("<ul class=\"options\">");
            for option in &q.options {
                out.push_str(&format!("<li>☐ {}</li>", esc(option)));
            }
            out.push_str("</ul>");
        }
        out.push_str("</li>\n");
    }
    out.push_str(&format!(
        "</ol>\n<section class=\"key\"><h2>Answer key</h2><p class=\"about\">{}</p>\n<ol>\n",
        esc(about)
    ));
    for q in questions {
        out.push_str(&format!("<li><p><strong>{}</strong></p>", esc(&q.answer)));
        if q.kind != Kind::List && !q.solution.is_empty() {
            out.push_str("<div class=\"solution\">");
            for line in &q.solution {
                out.push_str(&format!("<p>{}</p>", esc(line)));
            }
            out.push_str("</div>");
        }
        if !q.mistakes.is_empty() {
            out.push_str("<ul class=\"mistakes\">");
            for m in &q.mistakes {
                out.push_str(&format!(
                    "<li>If {}: {}</li>",
                    esc(&m.answer),
                    esc(&m.feedback)
                ));
            }
            out.push_str("</ul>");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n</body>\n</html>\n");
    out
}

/// Print styles: sizes in points and millimetres, margins that suit both
/// A4 and Letter, no question split over two pages, the key on a page of
/// its own.
const STYLE: &str = "@page { margin: 18mm 16mm; }
body { font-family: Georgia, 'Times New Roman', serif; font-size: 11pt; line-height: 1.4; color: #000; background: #fff; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 15pt; margin: 0 0 2mm; }
.about { color: #333; margin: 0 0 4mm; }
.name span { display: inline-block; width: 60mm; border-bottom: 0.3mm solid #000; margin-right: 8mm; }
ol.questions > li { break-inside: avoid; page-break-inside: avoid; margin: 0 0 6mm; }
.task { font-weight: bold; margin: 0; }
.prompt { margin: 1mm 0 2mm; }
.options { list-style: none; padding-left: 4mm; margin: 0; }
.room .line { border-bottom: 0.3mm solid #999; height: 8mm; }
.key { break-before: page; page-break-before: always; }
.key li { break-inside: avoid; page-break-inside: avoid; margin: 0 0 4mm; }
.key p { margin: 0; }
.solution { color: #222; padding-left: 4mm; border-left: 0.5mm solid #999; margin-top: 1mm; }
.mistakes { color: #333; font-size: 10pt; margin: 1mm 0 0; }";

#[cfg(test)]
mod tests;
