//! Decks from what instructors already have: term/definition pairs in TSV
//! or CSV, the text export of quiz sites, and "question, then answer lines
//! beginning with -" notes. Card ids are made from the text (the same
//! input gives the same ids) and every line left out is reported with its
//! number. The result is a RON deck that `cardwise check` passes.

use std::fmt::Write as _;

/// What the input looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A term, a tab, its definition: a card a line.
    Tsv,
    /// Two columns, term and definition; quoted fields may hold commas
    /// and line breaks. A first row "term,definition" is a header.
    Csv,
    /// A quiz site's text export: term and definition separated by a
    /// separator (a tab unless told), cards by another (a line break
    /// unless told). Text without the separator is read as alternating
    /// term and definition paragraphs.
    Quizlet,
    /// A question, then its answers on lines beginning with `-` (a line
    /// beginning with `=` goes on with the answer before it).
    Qa,
}

impl Format {
    pub fn from_name(name: &str) -> Option<Format> {
        match name.trim().to_lowercase().as_str() {
            "tsv" => Some(Format::Tsv),
            "csv" => Some(Format::Csv),
            "quizlet" => Some(Format::Quizlet),
            "qa" => Some(Format::Qa),
            _ => None,
        }
    }
}

/// How the input is split, for [`Format::Quizlet`].
#[derive(Clone, Debug)]
pub struct Separators {
    pub term: String,
    pub card: String,
}

impl Default for Separators {
    fn default() -> Self {
        Self {
            term: "\t".to_string(),
            card: "\n".to_string(),
        }
    }
}

/// One card read from the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Imported {
    Term { term: String, definition: String },
    List { prompt: String, items: Vec<String> },
}

/// A line left out, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub line: usize,
    pub reason: String,
}

/// What was read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Read {
    /// Each card with the line it starts on.
    pub cards: Vec<(usize, Imported)>,
    pub skipped: Vec<Skipped>,
}

/// Read `text` as `format`.
pub fn read(text: &str, format: Format, separators: &Separators) -> Result<Read, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match format {
        Format::Tsv => Ok(pairs_by_lines(text, "\t")),
        Format::Csv => read_csv(text),
        Format::Quizlet => Ok(read_quizlet(text, separators)),
        Format::Qa => Ok(read_qa(text)),
    }
}

fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A definition as quiz sites write it: "- a model for …" → "A model for …".
fn definition(text: &str) -> String {
    let text = clean(text);
    let text = text.strip_prefix("- ").unwrap_or(&text).trim().to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

fn pair(line: usize, term: &str, def: &str, read: &mut Read) {
    let (term, def) = (clean(term), definition(def));
    match (term.is_empty(), def.is_empty()) {
        (false, false) => read.cards.push((
            line,
            Imported::Term {
                term,
                definition: def,
            },
        )),
        (true, _) => read.skipped.push(Skipped {
            line,
            reason: "no term before the separator".into(),
        }),
        (false, true) => read.skipped.push(Skipped {
            line,
            reason: format!("\"{term}\" has no definition"),
        }),
    }
}

/// A card a line, term and definition split at the first `separator`.
fn pairs_by_lines(text: &str, separator: &str) -> Read {
    let mut read = Read::default();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        match line.split_once(separator) {
            Some((term, def)) => pair(number, term, def, &mut read),
            None => read.skipped.push(Skipped {
                line: number,
                reason: format!(
                    "no {} between a term and its definition",
                    match separator {
                        "\t" => "tab".to_string(),
                        other => format!("\"{other}\""),
                    }
                ),
            }),
        }
    }
    read
}

fn read_csv(text: &str) -> Result<Read, String> {
    let mut read = Read::default();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("the CSV cannot be read: {e}"))?;
        let line = record.position().map_or(index + 1, |p| p.line() as usize);
        let field = |i: usize| record.get(i).unwrap_or("");
        if index == 0
            && field(0).trim().eq_ignore_ascii_case("term")
            && field(1).trim().eq_ignore_ascii_case("definition")
        {
            continue;
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() < 2 {
            read.skipped.push(Skipped {
                line,
                reason: "one column only: a term and its definition take two".into(),
            });
            continue;
        }
        // A comma left unquoted split the definition: put it back.
        let definition = record.iter().skip(1).collect::<Vec<_>>().join(",");
        pair(line, field(0), &definition, &mut read);
    }
    Ok(read)
}

fn read_quizlet(text: &str, separators: &Separators) -> Read {
    if separators.card == "\n" && text.contains(separators.term.as_str()) {
        return pairs_by_lines(text, &separators.term);
    }
    if text.contains(separators.term.as_str()) {
        // Cards split by their own separator; lines counted as we go.
        let mut read = Read::default();
        let mut line = 1;
        for card in text.split(separators.card.as_str()) {
            if !card.trim().is_empty() {
                match card.split_once(separators.term.as_str()) {
                    Some((term, def)) => pair(line + leading_lines(card), term, def, &mut read),
                    None => read.skipped.push(Skipped {
                        line: line + leading_lines(card),
                        reason: "no separator between a term and its definition".into(),
                    }),
                }
            }
            line += card.matches('\n').count() + separators.card.matches('\n').count();
        }
        return read;
    }
    // A page of paragraphs: a term, then its definition, in turn.
    let mut read = Read::default();
    let paragraphs: Vec<(usize, String)> = paragraphs(text);
    let mut pairs = paragraphs.chunks(2);
    for chunk in pairs.by_ref() {
        match chunk {
            [(line, term), (_, def)] => pair(*line, term, def, &mut read),
            [(line, term)] => read.skipped.push(Skipped {
                line: *line,
                reason: format!("\"{}\" has no definition after it", clean(term)),
            }),
            _ => {}
        }
    }
    read
}

/// Lines before a card's first text.
fn leading_lines(card: &str) -> usize {
    let trimmed = card.trim_start();
    card[..card.len() - trimmed.len()].matches('\n').count()
}

/// Paragraphs (separated by blank lines), each with its first line.
fn paragraphs(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            out.extend(current.take());
        } else {
            match &mut current {
                Some((_, text)) => {
                    text.push(' ');
                    text.push_str(line.trim());
                }
                None => current = Some((index + 1, line.trim().to_string())),
            }
        }
    }
    out.extend(current);
    out
}

fn read_qa(text: &str) -> Read {
    let mut read = Read::default();
    // The question being read: its line, text and answers.
    let mut open: Option<(usize, String, Vec<String>)> = None;
    let close = |open: Option<(usize, String, Vec<String>)>, read: &mut Read| {
        let Some((line, question, answers)) = open else {
            return;
        };
        match answers.len() {
            0 => read.skipped.push(Skipped {
                line,
                reason: format!("\"{question}\" has no answer after it"),
            }),
            1 => read.cards.push((
                line,
                Imported::Term {
                    term: question,
                    definition: definition(&answers[0]),
                },
            )),
            _ => read.cards.push((
                line,
                Imported::List {
                    prompt: question,
                    items: answers.iter().map(|a| definition(a)).collect(),
                },
            )),
        }
    };
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(answer) = line.strip_prefix('-') {
            if clean(answer).is_empty() {
                read.skipped.push(Skipped {
                    line: number,
                    reason: "an empty answer line".into(),
                });
                continue;
            }
            match &mut open {
                Some((_, _, answers)) => answers.push(clean(answer)),
                None => read.skipped.push(Skipped {
                    line: number,
                    reason: "an answer with no question before it".into(),
                }),
            }
        } else if let Some(more) = line.strip_prefix('=') {
            match open.as_mut().and_then(|(_, _, answers)| answers.last_mut()) {
                Some(last) => {
                    last.push_str("; ");
                    last.push_str(&clean(more));
                }
                None => read.skipped.push(Skipped {
                    line: number,
                    reason: "a continuation (=) with no answer before it".into(),
                }),
            }
        } else if let Some((_, _, answers)) = &mut open
            && answers.is_empty()
        {
            // A plain line right after a question answers it.
            answers.push(clean(line));
        } else {
            close(open.take(), &mut read);
            open = Some((number, clean(line), Vec::new()));
        }
    }
    close(open, &mut read);
    read
}

/// A readable id from a card's text: its first words, lower case, joined
/// by `-` ("Net Promoter Score (NPS)" → "net-promoter-score-nps").
pub fn slug(text: &str) -> String {
    let plain = crate::review::typed::normalize(text);
    let mut id = String::new();
    for word in plain.split(' ').filter(|w| !w.is_empty()) {
        if !id.is_empty() && id.len() + word.len() + 1 > 40 {
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(
            &word
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>(),
        );
    }
    let id = id.trim_matches('-').to_string();
    if id.is_empty() {
        "card".to_string()
    } else {
        id
    }
}

/// RON text in double quotes.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The deck as RON: one card a cardwise card, ids made from the text and
/// made unique (`-2`, `-3` …) in order.
pub fn to_ron(read: &Read, deck_id: &str, title: &str, source: &str) -> String {
    let mut used: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// Imported from {source}: check every card's wording."
    );
    let _ = writeln!(
        out,
        "Deck(\n    id: {},\n    title: {},\n    cards: [",
        quoted(deck_id),
        quoted(title)
    );
    for (_, card) in &read.cards {
        let text = match card {
            Imported::Term { term, .. } => term,
            Imported::List { prompt, .. } => prompt,
        };
        let base = slug(text);
        // Numbered on from the base's last number, past any id taken.
        let mut n = used.get(&base).copied().unwrap_or(0);
        let id = loop {
            n += 1;
            let id = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            if !used.contains_key(&id) {
                break id;
            }
        };
        used.insert(base.clone(), n);
        if id != base {
            used.insert(id.clone(), 1);
        }
        match card {
            Imported::Term { term, definition } => {
                let _ = writeln!(
                    out,
                    "        Term(\n            id: {},\n            term: {},\n            definition: {},\n        ),",
                    quoted(&id),
                    quoted(term),
                    quoted(definition)
                );
            }
            Imported::List { prompt, items } => {
                let items: Vec<String> = items.iter().map(|i| quoted(i)).collect();
                let _ = writeln!(
                    out,
                    "        List(\n            id: {},\n            prompt: {},\n            items: [{}],\n        ),",
                    quoted(&id),
                    quoted(prompt),
                    items.join(", ")
                );
            }
        }
    }
    out.push_str("    ],\n)\n");
    out
}

#[cfg(test)]
mod tests;
