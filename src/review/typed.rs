//! Typed answers to terms and lists, compared as a marker would: case,
//! accents, punctuation and extra spaces do not matter, a small typo (one
//! edit in about eight letters) is accepted and pointed out, and the
//! difference is shown letter by letter. A definition is compared by its
//! key words, a list item by item.

use similar::{ChangeTag, TextDiff};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::drill::Outcome;

/// The text as compared: lower case, accents off, punctuation as spaces,
/// one space between words.
pub fn normalize(text: &str) -> String {
    let plain: String = text
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The edits a typed answer of `letters` letters may have and still be
/// accepted: one in about eight letters, none below four.
pub fn typos_allowed(letters: usize) -> usize {
    (letters + 4) / 8
}

/// One stretch of the letter-by-letter difference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Typed as in the answer.
    Same(String),
    /// Typed, but not in the answer.
    Extra(String),
    /// In the answer, but not typed.
    Missing(String),
}

/// How a typed answer compares with the expected one.
#[derive(Clone, Debug, PartialEq)]
pub struct Compared {
    pub outcome: Outcome,
    /// Accepted with this many edits (a typo); 0 when exact.
    pub typos: usize,
    /// For a definition: its key words found and missed.
    pub found: Vec<String>,
    pub missed: Vec<String>,
    /// What was typed against the answer, letter by letter (lower case).
    pub diff: Vec<Piece>,
    /// What the learner is told beyond right or wrong.
    pub note: Option<String>,
}

/// The letter-by-letter difference of `typed` against `expected`, both as
/// compared (lower case, no accents or punctuation).
pub fn diff(typed: &str, expected: &str) -> Vec<Piece> {
    let (typed, expected) = (normalize(typed), normalize(expected));
    let mut pieces: Vec<Piece> = Vec::new();
    for change in TextDiff::from_chars(typed.as_str(), expected.as_str()).iter_all_changes() {
        let text = change.value();
        match (pieces.last_mut(), change.tag()) {
            (Some(Piece::Same(s)), ChangeTag::Equal)
            | (Some(Piece::Extra(s)), ChangeTag::Delete)
            | (Some(Piece::Missing(s)), ChangeTag::Insert) => s.push_str(text),
            (_, tag) => pieces.push(piece(tag, text)),
        }
    }
    pieces
}

fn piece(tag: ChangeTag, text: &str) -> Piece {
    match tag {
        ChangeTag::Equal => Piece::Same(text.to_string()),
        ChangeTag::Delete => Piece::Extra(text.to_string()),
        ChangeTag::Insert => Piece::Missing(text.to_string()),
    }
}

/// The ways a term may be written, each as shown and as compared: as
/// given, without a part in brackets, or that part alone ("Net Promoter
/// Score (NPS)": also "Net Promoter Score" and "NPS"); a bracket that
/// starts with "or" gives other accepted forms ("Achievable (or
/// attainable)", "Resonance focus (or resonating focus)").
fn forms(term: &str) -> Vec<(String, String)> {
    let shown = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut forms = vec![(shown(term), normalize(term))];
    if let (Some(open), Some(close)) = (term.find('('), term.rfind(')'))
        && open < close
    {
        let inside = &term[open + 1..close];
        let outside = format!("{}{}", &term[..open], &term[close + 1..]);
        if !normalize(&outside).is_empty() {
            forms.push((shown(&outside), normalize(&outside)));
        }
        if let Some(others) = inside.trim().strip_prefix("or ") {
            for other in others.split(", or ").flat_map(|o| o.split(" or ")) {
                let other = other.trim();
                if !normalize(other).is_empty() {
                    forms.push((shown(other), normalize(other)));
                }
            }
            return forms;
        }
        // The part in brackets alone only when it abbreviates the rest
        // ("NPS" for "Net Promoter Score"), not a label ("key term").
        let initials: String = normalize(&outside)
            .split(' ')
            .filter_map(|w| w.chars().next())
            .collect();
        if !initials.is_empty() && normalize(inside).replace(' ', "") == initials {
            forms.push((shown(inside), normalize(inside)));
        }
    }
    forms
}

/// A typed term against the expected one: right if the same once
/// normalised (or within a small typo of it), else wrong.
pub fn compare_term(typed: &str, term: &str) -> Compared {
    let typed_plain = normalize(typed);
    let best = forms(term)
        .into_iter()
        .map(|(shown, form)| {
            let distance = strsim::damerau_levenshtein(&typed_plain, &form);
            (distance, shown, form)
        })
        .min_by_key(|(distance, ..)| *distance);
    let (distance, shown, form) = best.unwrap_or((usize::MAX, String::new(), String::new()));
    let allowed = typos_allowed(form.chars().filter(|c| c.is_alphanumeric()).count());
    let (outcome, typos, note) = if typed_plain.is_empty() {
        (Outcome::Wrong, 0, Some("Nothing was typed.".to_string()))
    } else if distance == 0 {
        (Outcome::Right, 0, None)
    } else if distance <= allowed {
        (
            Outcome::Right,
            distance,
            Some(format!("Accepted with a typo: it is spelt “{shown}”.")),
        )
    } else {
        (Outcome::Wrong, 0, None)
    };
    // Letter by letter only for a near miss (a third of the letters to
    // change at most): another term altogether would show only noise.
    let near = distance.saturating_mul(3) <= form.chars().count();
    Compared {
        outcome,
        typos,
        found: Vec::new(),
        missed: Vec::new(),
        diff: if near || outcome == Outcome::Right {
            diff(typed, if distance == 0 { typed } else { &form })
        } else {
            Vec::new()
        },
        note,
    }
}

/// Words a definition is not about.
const COMMON: &[&str] = &[
    "about", "after", "also", "among", "and", "another", "any", "are", "back", "been", "before",
    "being", "both", "but", "can", "does", "each", "even", "every", "from", "gets", "give",
    "gives", "has", "have", "how", "into", "its", "itself", "just", "least", "less", "like",
    "made", "make", "makes", "many", "more", "most", "much", "must", "not", "one", "only", "other",
    "others", "our", "over", "own", "same", "should", "some", "such", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "through", "under", "upon",
    "very", "was", "way", "well", "were", "what", "when", "where", "which", "while", "who", "whom",
    "whose", "why", "will", "with", "within", "without", "would", "you", "your", "able", "across",
    "again", "along", "always", "because", "become", "becomes", "better", "clear", "could",
    "doing", "done", "else", "ensure", "ensuring", "fact", "getting", "giving", "good", "great",
    "here", "keep", "keeping", "kind", "line", "lines", "main", "making", "means", "might", "need",
    "needs", "often", "once", "part", "parts", "place", "rather", "really", "right", "said",
    "says", "sets", "setting", "several", "show", "shows", "since", "still", "sure", "take",
    "takes", "taking", "thing", "things", "thus", "together", "toward", "towards", "used", "uses",
    "using", "various", "ways", "whether", "work", "works",
];

/// The key words of a text: its words of four letters or more that carry
/// meaning, each once, in order; an aside in brackets is not asked for.
pub fn key_words(text: &str) -> Vec<String> {
    let mut plain = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let mut words: Vec<String> = Vec::new();
    for word in normalize(&plain).split(' ') {
        if word.chars().count() >= 4 && !COMMON.contains(&word) && !words.iter().any(|w| w == word)
        {
            words.push(word.to_string());
        }
    }
    words
}

/// A typed word stands for `key` when it is the same word, a form of it
/// (the same first five letters: "customers" for "customer", "valued" for
/// "value") or within a typo of it.
fn stands_for(typed: &str, key: &str) -> bool {
    let stem = |w: &str| w.chars().take(5).collect::<String>();
    typed == key
        || (key.chars().count() >= 5 && stem(typed) == stem(key))
        || (typed.len() >= 4
            && strsim::damerau_levenshtein(typed, key) <= typos_allowed(key.chars().count()))
}

/// The share of key words that makes a definition right, and close.
pub const DEFINITION_RIGHT: f64 = 0.6;
pub const DEFINITION_CLOSE: f64 = 0.3;

/// A typed definition against the expected one, by its key words: right
/// with 60% of them, close with 30%, else wrong.
pub fn compare_definition(typed: &str, definition: &str) -> Compared {
    let keys = key_words(definition);
    let typed_words: Vec<String> = normalize(typed).split(' ').map(str::to_string).collect();
    let (found, missed): (Vec<String>, Vec<String>) = keys
        .into_iter()
        .partition(|key| typed_words.iter().any(|w| stands_for(w, key)));
    let total = found.len() + missed.len();
    let share = if total == 0 {
        0.0
    } else {
        found.len() as f64 / total as f64
    };
    let outcome = if normalize(typed).is_empty() {
        Outcome::Wrong
    } else if share >= DEFINITION_RIGHT {
        Outcome::Right
    } else if share >= DEFINITION_CLOSE {
        Outcome::Close
    } else {
        Outcome::Wrong
    };
    let note = Some(match (found.len(), missed.is_empty()) {
        (_, true) => format!("Every key word is there ({}).", found.join(", ")),
        (0, _) => format!("None of the key words: {}.", missed.join(", ")),
        _ => format!(
            "{} of {} key words; missing: {}.",
            found.len(),
            total,
            missed.join(", ")
        ),
    });
    Compared {
        outcome,
        typos: 0,
        found,
        missed,
        diff: Vec::new(),
        note,
    }
}

/// The share of an item's key words a typed line must hold for the item
/// to count as recalled: list items are short, and a learner puts them in
/// the course's other words ("Assess their importance" for "Weigh their
/// importance").
pub const LIST_ITEM_KEYS: f64 = 0.5;

/// Whether a typed line holds half the key words of a list item (or of
/// one of its forms, see [`forms`]) that tell it from the list's other
/// items: "cost" recalls none of monetary, time, energy and psychic cost,
/// and "the value" none of choose, provide and communicate the value.
/// `shared` holds the key words of the list's other items.
fn recalls_in_words(line: &str, item: &str, shared: &[String]) -> bool {
    let typed: Vec<String> = normalize(line).split(' ').map(str::to_string).collect();
    forms(item).iter().any(|(shown, _)| {
        let keys: Vec<String> = key_words(shown)
            .into_iter()
            .filter(|key| !shared.iter().any(|s| stands_for(s, key)))
            .collect();
        let found = keys
            .iter()
            .filter(|key| typed.iter().any(|w| stands_for(w, key)))
            .count();
        !keys.is_empty() && found as f64 / keys.len() as f64 >= LIST_ITEM_KEYS
    })
}

/// A typed list (an item a line, or separated by commas or semicolons)
/// against its items: each item found or not, first by its words (within
/// a typo, see [`compare_term`]), then for the items left by its own key
/// words ([`recalls_in_words`]). Right with every item (in order, when `ordered`), close
/// with half or more, else wrong.
pub fn compare_list(typed: &str, items: &[String], ordered: bool) -> (Outcome, Vec<bool>) {
    // Items a line; else separated by semicolons, or by commas when no
    // item holds a comma itself.
    let separators: &[char] = if typed.contains('\n') {
        &['\n']
    } else if typed.contains(';') || items.iter().any(|i| i.contains(',')) {
        &[';']
    } else {
        &[',']
    };
    let lines: Vec<&str> = typed
        .split(separators)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut used = vec![false; lines.len()];
    let mut places: Vec<Option<usize>> = vec![None; items.len()];
    for (place, item) in places.iter_mut().zip(items) {
        let at = lines
            .iter()
            .enumerate()
            .position(|(i, line)| !used[i] && compare_term(line, item).outcome == Outcome::Right);
        if let Some(at) = at {
            used[at] = true;
            *place = Some(at);
        }
    }
    for (n, item) in items.iter().enumerate() {
        if places[n].is_some() {
            continue;
        }
        let shared: Vec<String> = items
            .iter()
            .enumerate()
            .filter(|(m, _)| *m != n)
            .flat_map(|(_, other)| key_words(other))
            .collect();
        let at = lines
            .iter()
            .enumerate()
            .position(|(i, line)| !used[i] && recalls_in_words(line, item, &shared));
        if let Some(at) = at {
            used[at] = true;
            places[n] = Some(at);
        }
    }
    let found: Vec<bool> = places.iter().map(Option::is_some).collect();
    let count = found.iter().filter(|f| **f).count();
    let in_order = places
        .iter()
        .flatten()
        .collect::<Vec<_>>()
        .windows(2)
        .all(|w| w[0] < w[1]);
    let outcome = if count == items.len() && (!ordered || in_order) {
        Outcome::Right
    } else if count * 2 >= items.len() && count > 0 {
        Outcome::Close
    } else {
        Outcome::Wrong
    };
    (outcome, found)
}

/// Pairs of two-way terms where every key word of one definition is in
/// the other: asked from its definition, either could be the answer, and
/// the learner cannot know which is wanted (or the same term is defined
/// twice). One warning a pair, at the later card.
pub fn near_duplicate_reverses(library: &crate::deck::Library) -> Vec<crate::deck::Problem> {
    use crate::deck::CardKind;
    // (deck, card, term, key word stems)
    let mut terms: Vec<(usize, usize, &str, Vec<String>)> = Vec::new();
    for (d, deck) in library.decks.iter().enumerate() {
        for (c, card) in deck.cards.iter().enumerate() {
            if let CardKind::Term {
                term,
                definition,
                reverse: true,
            } = &card.kind
            {
                let mut stems: Vec<String> = key_words(definition)
                    .into_iter()
                    .map(|w| w.chars().take(5).collect())
                    .collect();
                stems.sort();
                stems.dedup();
                terms.push((d, c, term, stems));
            }
        }
    }
    // Which definitions use each stem; stems most definitions use tell
    // nothing apart and are left out.
    let mut users: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, (.., stems)) in terms.iter().enumerate() {
        for stem in stems {
            users.entry(stem.as_str()).or_default().push(i);
        }
    }
    let mut shared: std::collections::HashMap<(usize, usize), usize> =
        std::collections::HashMap::new();
    for list in users.values().filter(|l| l.len() <= 30) {
        for (a, &i) in list.iter().enumerate() {
            for &j in &list[a + 1..] {
                *shared.entry((i, j)).or_default() += 1;
            }
        }
    }
    let mut pairs: Vec<(usize, usize)> = shared
        .into_iter()
        .filter(|&((i, j), n)| {
            let least = terms[i].3.len().min(terms[j].3.len());
            least >= 3 && n >= least
        })
        .map(|(pair, _)| pair)
        .collect();
    pairs.sort_unstable();
    pairs
        .into_iter()
        .map(|(i, j)| {
            let (d, c, term, _) = &terms[j];
            let (od, oc, other, _) = &terms[i];
            let deck = &library.decks[*d];
            let card = &deck.cards[*c];
            let other_card = &library.decks[*od].cards[*oc];
            let other_file = library.decks[*od]
                .files
                .get(other_card.origin.file)
                .map_or_else(String::new, |f| f.display().to_string());
            let message = if crate::review::typed::normalize(term) == normalize(other) {
                format!(
                    "warning: \"{term}\" is defined again here, in other words, as at {other_file}:{}: keep one definition, or make the cards ask different things",
                    other_card.origin.line
                )
            } else {
                format!(
                    "warning: asked from its definition, \"{term}\" could as well be answered \"{other}\" ({other_file}:{}): every key word of one definition is in the other; sharpen one, or drop one reverse",
                    other_card.origin.line
                )
            };
            crate::deck::Problem {
                path: deck.files.get(card.origin.file).cloned().unwrap_or_default(),
                line: card.origin.line,
                column: card.origin.column,
                message,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_term_is_shown_letter_by_letter_only_when_it_was_near() {
        let near = compare_term("customer lifetime", "Customer lifetime value (CLV)");
        assert_eq!(near.outcome, Outcome::Wrong);
        assert!(!near.diff.is_empty(), "a near miss is spelt out");
        let far = compare_term(
            "one-to-one marketing",
            "Relationship marketing (as Peppers and Rogers describe it)",
        );
        assert_eq!(far.outcome, Outcome::Wrong);
        assert!(
            far.diff.is_empty(),
            "another term altogether: no letter noise"
        );
    }

    #[test]
    fn a_term_written_another_way_the_card_accepts_is_right() {
        for typed in ["resonance focus", "resonating focus", "Resonating Focus"] {
            assert_eq!(
                compare_term(typed, "Resonance focus (or resonating focus)").outcome,
                Outcome::Right,
                "{typed}"
            );
        }
        assert_eq!(
            compare_term(
                "or resonating focus",
                "Resonance focus (or resonating focus)"
            )
            .outcome,
            Outcome::Wrong,
            "the bracket itself is no answer"
        );
        assert_eq!(
            compare_term(
                "relationship marketing",
                "Relationship marketing (as Peppers and Rogers describe it)"
            )
            .outcome,
            Outcome::Right
        );
    }

    #[test]
    fn a_term_is_right_whatever_its_case_accents_punctuation_and_spaces() {
        for (typed, term) in [
            ("customer perceived value", "Customer perceived value"),
            ("  Customer-perceived   value. ", "Customer perceived value"),
            ("cafe", "Café"),
            ("NAIVE", "naïve"),
            ("net promoter score", "Net Promoter Score (NPS)"),
            ("nps", "Net Promoter Score (NPS)"),
            (
                "customer lifetime value clv",
                "Customer lifetime value (CLV)",
            ),
            ("clv", "Customer lifetime value (CLV)"),
        ] {
            let c = compare_term(typed, term);
            assert_eq!(
                (c.outcome, c.typos),
                (Outcome::Right, 0),
                "{typed} / {term}"
            );
        }
    }

    #[test]
    fn one_typo_in_about_eight_letters_is_accepted_and_said() {
        let cases = [
            // (typed, term, accepted)
            ("custmer", "customer", true),
            ("cusotmer", "customer", true),
            ("loylaty", "loyalty", true),
            ("cstmr", "customer", false),
            ("nsp", "NPS", false),
            ("touch piont", "touch point", true),
            ("segmantation targetting", "segmentation targeting", true),
            ("value", "customer value", false),
            ("key term", "Customer lifetime value (key term)", false),
            ("nps", "Detractors (NPS)", false),
            ("", "customer", false),
        ];
        for (typed, term, accepted) in cases {
            let c = compare_term(typed, term);
            assert_eq!(c.outcome == Outcome::Right, accepted, "{typed} / {term}");
            if accepted {
                assert!(c.typos > 0);
                assert!(c.note.as_deref().unwrap().contains(term));
            }
        }
        // The spelling said is the form the learner was near, as written.
        let c = compare_term(
            "customer lifetim value",
            "Customer lifetime value (key term)",
        );
        assert_eq!(
            c.note.as_deref(),
            Some("Accepted with a typo: it is spelt “Customer lifetime value”.")
        );
        assert_eq!(typos_allowed(3), 0);
        assert_eq!(typos_allowed(4), 1);
        assert_eq!(typos_allowed(12), 2);
    }

    #[test]
    fn the_difference_shows_what_was_typed_wrong_and_what_is_missing() {
        assert_eq!(
            diff("custmer", "customer"),
            [
                Piece::Same("cust".into()),
                Piece::Missing("o".into()),
                Piece::Same("mer".into())
            ]
        );
        assert_eq!(
            diff("valuue", "Value"),
            [
                Piece::Same("valu".into()),
                Piece::Extra("u".into()),
                Piece::Same("e".into())
            ]
        );
    }

    #[test]
    fn a_definition_is_judged_by_its_key_words() {
        let definition = "The customer's judgement of what an offer is worth: the benefits received minus the costs paid.";
        assert_eq!(
            key_words(definition),
            [
                "customer",
                "judgement",
                "offer",
                "worth",
                "benefits",
                "received",
                "minus",
                "costs",
                "paid"
            ]
        );
        let right = compare_definition(
            "benefits minus costs as the customer judges the offer's worth",
            definition,
        );
        assert_eq!(right.outcome, Outcome::Right, "{:?}", right.missed);
        let close = compare_definition("benefit minus cost", definition);
        assert_eq!(close.outcome, Outcome::Close);
        assert_eq!(
            close.note.as_deref(),
            Some("3 of 9 key words; missing: customer, judgement, offer, worth, received, paid.")
        );
        let wrong = compare_definition("a kind of price", definition);
        assert_eq!(wrong.outcome, Outcome::Wrong);
    }

    #[test]
    fn two_way_terms_a_learner_could_not_tell_apart_are_warned_about() {
        let deck = crate::deck::parse_deck(
            std::path::Path::new("d.ron"),
            r#"Deck(id: "d", title: "D", cards: [
                Term(id: "cpv", term: "Perceived value", definition: "The benefits a customer expects minus the costs", reverse: true),
                Term(id: "eq", term: "The value equation", definition: "Benefits minus costs", reverse: true),
                Term(id: "churn", term: "Churn", definition: "Customers lost over a period", reverse: true),
                Term(id: "kept", term: "Retention", definition: "Customers kept over a period", reverse: true),
                Term(id: "again", term: "churn", definition: "The share of customers lost in a period", reverse: true),
                Term(id: "one-way", term: "Margin", definition: "The benefits minus the costs", reverse: false),
            ])"#,
        )
        .unwrap();
        let mut library = crate::deck::Library {
            decks: vec![deck],
            ..crate::deck::Library::default()
        };
        library.collect_topics();
        let warnings: Vec<String> = near_duplicate_reverses(&library)
            .iter()
            .map(|p| format!("{}: {}", p.line, p.message))
            .collect();
        assert_eq!(
            warnings,
            [
                "3: warning: asked from its definition, \"The value equation\" could as well be answered \"Perceived value\" (d.ron:2): every key word of one definition is in the other; sharpen one, or drop one reverse",
                "6: warning: \"churn\" is defined again here, in other words, as at d.ron:4: keep one definition, or make the cards ask different things",
            ],
            "churn and retention differ (lost, kept); a one-way card is never asked back"
        );
    }

    #[test]
    fn an_aside_in_brackets_is_no_key_word() {
        assert_eq!(
            key_words(
                "Customers lost ÷ customers at the start. (The formula is beyond the course text.)"
            ),
            ["customers", "lost", "start"]
        );
    }

    #[test]
    fn a_list_is_checked_item_by_item_in_order_when_it_must_be() {
        let items: Vec<String> = ["Understand", "Build the culture", "Serve"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            compare_list("understand\nbuild the culture\nserve", &items, true),
            (Outcome::Right, vec![true, true, true])
        );
        assert_eq!(
            compare_list("serve, understand, build the culture", &items, true).0,
            Outcome::Close,
            "all there, out of order"
        );
        assert_eq!(
            compare_list("serve, understand, build the culture", &items, false).0,
            Outcome::Right
        );
        assert_eq!(
            compare_list("understand; serve", &items, false),
            (Outcome::Close, vec![true, false, true])
        );
        assert_eq!(compare_list("listen", &items, false).0, Outcome::Wrong);
        // Put in other words: half an item's key words recall it.
        let steps: Vec<String> = vec![
            "Weigh their importance".into(),
            "Fill orders correctly and promptly".into(),
        ];
        assert_eq!(
            compare_list(
                "assess the importance of the attributes\nmake sure orders are filled correctly and on time",
                &steps,
                true
            ),
            (Outcome::Right, vec![true, true])
        );
        assert_eq!(
            compare_list("lower the price\ntake orders", &steps, true),
            (Outcome::Wrong, vec![false, false]),
            "no key word, or one of four, is not enough"
        );
        // A word the items share recalls none of them, and a list in the
        // wrong order is not right.
        let costs: Vec<String> = ["Monetary cost", "Time cost", "Energy cost", "Psychic cost"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            compare_list("cost, cost, cost, cost", &costs, false).0,
            Outcome::Wrong
        );
        assert_eq!(
            compare_list(
                "brand cost, product cost, time cost, energy cost",
                &costs,
                false
            ),
            (Outcome::Close, vec![false, true, true, false])
        );
        let sequence: Vec<String> = [
            "Choose the value",
            "Provide the value",
            "Communicate the value",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            compare_list(
                "communicate the value, provide the value, choose the value",
                &sequence,
                true
            )
            .0,
            Outcome::Close
        );
        assert_eq!(
            compare_list("choose it, provide it, communicate it", &sequence, true).0,
            Outcome::Right
        );
        // Forms an item accepts besides its own.
        let smart: Vec<String> = vec![
            "Achievable (or attainable)".into(),
            "Time-bound (or timely or time-based)".into(),
        ];
        assert_eq!(
            compare_list("attainable, timely", &smart, true).0,
            Outcome::Right
        );
        assert_eq!(
            compare_list("achievable, time based", &smart, true).0,
            Outcome::Right
        );
        // An item holding a comma, typed whole.
        let items: Vec<String> = vec![
            "Sell more: other products, better versions".into(),
            "Keep them longer".into(),
        ];
        assert_eq!(
            compare_list(
                "sell more: other products, better versions; keep them longer",
                &items,
                false
            )
            .0,
            Outcome::Right
        );
        assert_eq!(
            compare_list(
                "sell more: other products, better versions\nkeep them longer",
                &items,
                true
            )
            .0,
            Outcome::Right
        );
    }
}
