//! The shipped course says things in its own words.
//!
//! The course is written from five source texts, which are not part of this
//! repository. What is kept of them is a fingerprint: one hash for every run
//! of ten words (tests/fixtures/source-runs.txt). No string in a shipped deck
//! may contain such a run. To refresh the fingerprint from the texts:
//! `CARDWISE_SOURCE_TEXTS=DIR cargo test source_runs -- --ignored`.

use std::collections::HashSet;
use std::path::Path;

const RUN: usize = 10;
const FINGERPRINT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/source-runs.txt"
);

/// Lower-case words of letters a–z and digits; everything else separates.
/// British and American spellings read alike (organise and organize,
/// behaviour and behavior, centre and center), so a copy cannot pass for
/// the course's own words by its spelling alone.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|w| !w.is_empty())
        .map(|w| {
            // "-our" only as in behaviour, colour, favour, honour, labour
            // (not four, our, hour).
            let mut w = w.replace("ise", "ize").replace("yse", "yze");
            for (british, american) in [
                ("iour", "ior"),
                ("lour", "lor"),
                ("vour", "vor"),
                ("nour", "nor"),
                ("bour", "bor"),
            ] {
                w = w.replace(british, american);
            }
            match w.strip_suffix("tre") {
                Some(stem) => format!("{stem}ter"),
                None => w,
            }
        })
        .collect()
}

/// FNV-1a over the words joined by single spaces.
fn hash_run(run: &[String]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, word) in run.iter().enumerate() {
        if i > 0 {
            hash = (hash ^ u64::from(b' ')).wrapping_mul(0x0100_0000_01b3);
        }
        for byte in word.bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

fn runs(text: &str) -> Vec<(u64, String)> {
    let words = words(text);
    words
        .windows(RUN)
        .map(|run| (hash_run(run), run.join(" ")))
        .collect()
}

/// The string literals of a RON file with the line each starts on.
fn string_literals(source: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut line = 1;
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        match c {
            '\n' => line += 1,
            '"' => {
                let start = line;
                let mut text = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some(escaped) = chars.next() {
                                text.push(escaped);
                            }
                        }
                        '\n' => {
                            line += 1;
                            text.push(c);
                        }
                        _ => text.push(c),
                    }
                }
                found.push((start, text));
            }
            '/' if chars.clone().next() == Some('/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    found
}

fn fingerprint() -> HashSet<u64> {
    std::fs::read_to_string(FINGERPRINT)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| u64::from_str_radix(l, 16).unwrap())
        .collect()
}

#[test]
fn no_deck_string_repeats_ten_words_of_the_source_texts() {
    let source = fingerprint();
    assert!(source.len() > 4_000, "the fingerprint is all there");
    let decks = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks");
    let mut files: Vec<_> = std::fs::read_dir(&decks)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    assert!(files.len() >= 8);
    let mut copied = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (line, literal) in string_literals(&text) {
            if let Some((_, run)) = runs(&literal).into_iter().find(|(h, _)| source.contains(h)) {
                copied.push(format!(
                    "{}:{line}: \"{run}\"",
                    file.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(
        copied.is_empty(),
        "say these in the course's own words:\n{}",
        copied.join("\n")
    );
}

#[test]
fn the_check_finds_a_copied_run() {
    // A definition from the source texts, as a deck might quote it.
    let source = fingerprint();
    let quoted = "\"the net present value of future profits from a customer over their lifetime of purchases\"";
    let literals = string_literals(quoted);
    assert_eq!(literals.len(), 1);
    assert!(runs(&literals[0].1).iter().any(|(h, _)| source.contains(h)));
    let ours = "the profit a customer is expected to bring over the whole relationship, discounted to today's money";
    assert!(!runs(ours).iter().any(|(h, _)| source.contains(h)));
    // A copy in British spelling is still a copy.
    let respelt = "technology to organise, automate and synchronise sales, marketing, customer service and technical support";
    assert!(runs(respelt).iter().any(|(h, _)| source.contains(h)));
}

#[test]
#[ignore = "needs the source texts: CARDWISE_SOURCE_TEXTS=DIR"]
fn source_runs() {
    let dir = std::env::var("CARDWISE_SOURCE_TEXTS").expect("CARDWISE_SOURCE_TEXTS=DIR");
    let mut hashes = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "txt") {
            let bytes = std::fs::read(&path).unwrap();
            for (hash, _) in runs(&String::from_utf8_lossy(&bytes)) {
                hashes.insert(hash);
            }
        }
    }
    let mut out = String::from(
        "# FNV-1a hashes of every ten-word run of the course's source texts (tests/content.rs)\n",
    );
    for hash in hashes {
        out.push_str(&format!("{hash:016x}\n"));
    }
    std::fs::write(FINGERPRINT, out).unwrap();
}

/// The share of draws of each shipped drill whose answer is negative, and
/// the most each may have: what real firms see, with a negative answer a
/// named case where the drill means one (an NPS can fall below zero; a
/// value analysis asks how far ahead or behind; a customer can cost more
/// than they bring). Any drill not listed must never be negative.
#[test]
fn drills_draw_what_real_firms_see_and_negative_answers_only_where_meant() {
    let allowed: &[(&str, f64)] = &[
        ("nps-from-counts", 0.30),
        ("nps-from-shares", 0.30),
        ("nps-from-scores", 0.30),
        ("customer-value-analysis", 0.60),
        ("customer-profitability", 0.25),
    ];
    // Where a firm's figure lies, drill by drill: nobody keeps only a third
    // of its customers, loses half of them in a month, or sells an offer
    // worth twenty times its price.
    let bounds: &[(&str, f64, f64)] = &[
        ("nps-from-counts", -100.0, 100.0),
        ("nps-from-shares", -100.0, 100.0),
        ("nps-from-scores", -100.0, 100.0),
        ("retention-rate", 50.0, 100.0),
        ("churn-rate", 0.0, 30.0),
        ("csat", 0.0, 100.0),
        ("value-ratio", 0.5, 4.0),
        ("good-customers-times", 10.0, 20.0),
    ];
    let library = shipped_library();
    let mut checked = 0;
    for deck in &library.decks {
        for card in &deck.cards {
            let cardwise::deck::CardKind::Drill(drill) = &card.kind else {
                continue;
            };
            let answers: Vec<f64> = (0..500u64)
                .filter_map(|seed| match drill.draw(seed).ok()?.expected {
                    cardwise::drill::Expected::Number { value, .. } => Some(value),
                    cardwise::drill::Expected::Pick(_) => None,
                })
                .collect();
            if answers.is_empty() {
                continue;
            }
            checked += 1;
            let negative =
                answers.iter().filter(|&&x| x < 0.0).count() as f64 / answers.len() as f64;
            let most = allowed
                .iter()
                .find(|(id, _)| *id == card.id.as_str())
                .map_or(0.0, |(_, most)| *most);
            if let Some((_, low, high)) = bounds.iter().find(|(id, ..)| *id == card.id.as_str()) {
                let out = answers.iter().find(|&&x| x < *low || x > *high);
                assert!(
                    out.is_none(),
                    "{}: {out:?} lies outside what firms see ({low} to {high})",
                    card.id
                );
            }
            assert!(
                negative <= most,
                "{}: {:.0}% of draws negative, at most {:.0}% meant",
                card.id,
                negative * 100.0,
                most * 100.0
            );
        }
    }
    assert!(
        checked >= 15,
        "the shipped number drills were checked ({checked})"
    );
}

fn shipped_library() -> cardwise::deck::Library {
    cardwise::deck::load_paths(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("decks")])
}

/// Everything a card says: its question and its answer.
fn card_text(card: &cardwise::deck::Card) -> String {
    use cardwise::deck::CardKind;
    match &card.kind {
        CardKind::Term {
            term, definition, ..
        } => format!("{term} {definition}"),
        CardKind::List { prompt, items, .. } => format!("{prompt} {}", items.join(" ")),
        CardKind::Choice {
            question,
            options,
            explanation,
            ..
        } => format!(
            "{question} {} {}",
            options.join(" "),
            explanation.as_deref().unwrap_or("")
        ),
        CardKind::Drill(drill) => drill
            .prompts
            .iter()
            .chain(&drill.hints)
            .chain(&drill.solution)
            .map(|t| t.source.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// A list is recalled whole at every review: six items at most and short
/// ones (25 words in all), none holding a comma. A longer sequence keeps its names in one card
/// and each step's content in a card of its own.
#[test]
fn every_list_can_be_recalled_at_one_go() {
    for deck in &shipped_library().decks {
        for card in &deck.cards {
            let cardwise::deck::CardKind::List { items, .. } = &card.kind else {
                continue;
            };
            let words: usize = items.iter().map(|i| i.split_whitespace().count()).sum();
            assert!(
                items.len() <= 6 && words <= 25,
                "{}/{}: {} items, {words} words: split it",
                deck.id,
                card.id,
                items.len()
            );
            // A typed list is written with commas between its items.
            assert!(
                items.iter().all(|i| !i.contains(',')),
                "{}/{}: an item holds a comma",
                deck.id,
                card.id
            );
        }
    }
}

/// Asked from its definition, a term must be the one answer. A concept
/// defined in two decks (lifetime value, the Net Promoter Score …) is
/// asked both ways once; the other card asks something else.
#[test]
fn a_concept_is_asked_from_its_definition_in_one_card_only() {
    let name = |term: &str| {
        let cut = term.find(" (").unwrap_or(term.len());
        term[..cut].trim().to_lowercase()
    };
    let mut seen: std::collections::HashMap<String, String> = Default::default();
    for deck in &shipped_library().decks {
        for card in &deck.cards {
            let cardwise::deck::CardKind::Term {
                term,
                reverse: true,
                ..
            } = &card.kind
            else {
                continue;
            };
            let here = format!("{}/{}", deck.id, card.id);
            if let Some(first) = seen.insert(name(term), here.clone()) {
                panic!("\"{term}\" is asked from its definition by {first} and by {here}");
            }
        }
    }
    assert!(seen.len() > 60, "the shipped two-way terms were read");
}

/// A card whose answer the course texts do not give, though a student needs
/// it (a formula's usual form, a metric's usual reading), is tagged
/// `beyond-the-course` and says so in its own text, so the learner knows
/// what the course itself holds. (A course card may mention an aside the
/// same way without the tag: its answer is the course's.)
#[test]
fn facts_beyond_the_course_say_so() {
    let mut tagged = 0;
    for deck in &shipped_library().decks {
        for card in &deck.cards {
            let text = card_text(card).to_lowercase();
            let tag = card.tags.iter().any(|t| t == "beyond-the-course");
            let says = text.contains("beyond the course")
                || text.contains("the course text does not state")
                || text.contains("without printing its answer");
            assert!(
                !tag || says,
                "{}/{}: tagged beyond-the-course but its text does not say so",
                deck.id,
                card.id
            );
            tagged += usize::from(tag);
        }
    }
    assert!(tagged >= 8, "the marked cards were found ({tagged})");
}

/// A choice's right option must be found by knowing, not by its length:
/// the right option is the longest of the lot in no more choices than
/// chance would make it (with four options, one in four; 30% allowed).
#[test]
fn the_right_option_is_not_given_away_by_being_the_longest() {
    let (mut longest, mut asked) = (0, 0);
    for deck in &shipped_library().decks {
        for card in &deck.cards {
            let cardwise::deck::CardKind::Choice {
                options, answers, ..
            } = &card.kind
            else {
                continue;
            };
            let [right] = answers.as_slice() else {
                continue;
            };
            if options.len() < 3 {
                continue;
            }
            asked += 1;
            let length = |o: &String| o.chars().count();
            let right_length = length(&options[*right]);
            if options
                .iter()
                .enumerate()
                .all(|(i, o)| i == *right || length(o) < right_length)
            {
                longest += 1;
            }
        }
    }
    assert!(asked > 40, "the shipped choices were read ({asked})");
    assert!(
        longest as f64 <= asked as f64 * 0.30,
        "the right option is the longest in {longest} of {asked} choices"
    );
}
