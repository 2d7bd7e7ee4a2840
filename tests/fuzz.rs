//! Bad deck input never panics: mutated and arbitrary text through the
//! deck loader, and arbitrary text through the drill answer reader.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use cardwise::deck::parse_deck;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

/// Characters that matter to RON, formulas and templates, and some that do not.
const ALPHABET: &[char] = &[
    '(', ')', '[', ']', '{', '}', ',', ':', '"', '\\', '/', '*', '#', '!', 'r', '\n', ' ', '-',
    '+', '.', '0', '9', 'e', 'x', '|', '%', '$', 'é', '…', '\u{0}', '\u{feff}', 'T', 'D', 'S', 'o',
    'm', 'e',
];

/// A drill small enough to validate many times.
const DRILL: &str = r#"Deck(id: "d", title: "D", cards: [
    Drill(id: "x", prompts: ["{a} and {b | 1}"], variables: [Range(name: "a", min: 1, max: 9), List(name: "b", count: 3, min: 0, max: 5)],
          derived: [("c", "a * 2")], constraints: ["a > 0"], answer: Number(formula: "a / c + sum(b)", unit: Money("$")),
          solution: ["{a} ÷ {c}"]),
    Drill(id: "y", prompts: ["{s}"], variables: [OneOf(name: "s", values: [1, 9])], answer: Pick(options: ["lo", "hi"], formula: "if(s > 5, 1, 0)")),
])"#;

fn mutate(rng: &mut Xoshiro256PlusPlus, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..rng.random_range(1..6) {
        let at = rng.random_range(0..=chars.len());
        match rng.random_range(0..5) {
            0 if !chars.is_empty() => {
                let end = (at + rng.random_range(1..20)).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            1 => chars.insert(at, ALPHABET[rng.random_range(0..ALPHABET.len())]),
            2 if !chars.is_empty() => {
                let at = at.min(chars.len() - 1);
                chars[at] = ALPHABET[rng.random_range(0..ALPHABET.len())];
            }
            3 if !chars.is_empty() => {
                // Copy a chunk elsewhere: duplicated ids, fields, cards.
                let start = rng.random_range(0..chars.len());
                let end = (start + rng.random_range(1..80)).min(chars.len());
                let chunk: Vec<char> = chars[start..end].to_vec();
                let at = at.min(chars.len());
                chars.splice(at..at, chunk);
            }
            _ => {
                let at = at.min(chars.len());
                chars.truncate(at);
            }
        }
    }
    chars.into_iter().collect()
}

/// Loads without panicking, and every problem says where it is.
fn load_safely(text: &str) {
    let result = catch_unwind(AssertUnwindSafe(|| parse_deck(Path::new("fuzz.ron"), text)));
    let Ok(result) = result else {
        panic!("the loader panicked on:\n{text}");
    };
    if let Err(problems) = result {
        assert!(!problems.is_empty(), "an error without a problem:\n{text}");
        let lines = text.lines().count().max(1) + 1;
        for problem in problems {
            assert!(
                problem.line >= 1 && problem.line <= lines && problem.column >= 1,
                "{problem} is outside the file:\n{text}"
            );
            assert!(!problem.message.is_empty());
        }
    }
}

fn shipped(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("decks")
            .join(name),
    )
    .unwrap()
}

fn fuzz(rounds: usize) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2026);
    let seeds = [
        shipped("01-fundamentals.ron"),
        shipped("02-customer-value.ron"),
        DRILL.to_string(),
    ];
    for round in 0..rounds {
        let seed = &seeds[round % seeds.len()];
        load_safely(&mutate(&mut rng, seed));
        // Arbitrary text, from the same alphabet.
        let length = rng.random_range(0..200);
        let noise: String = (0..length)
            .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())])
            .collect();
        load_safely(&noise);
    }
}

#[test]
fn mutated_and_arbitrary_decks_never_panic_and_every_error_has_a_position() {
    fuzz(1_500);
}

#[test]
#[ignore = "slow: 40,000 inputs"]
fn mutated_and_arbitrary_decks_never_panic_long() {
    fuzz(20_000);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    load_safely(&format!(
        "Deck(id: \"d\", title: \"T\", cards: {}{})",
        "[".repeat(5000),
        "]".repeat(5000)
    ));
    let deep_formula = format!("{}1", "-".repeat(50_000));
    load_safely(&DRILL.replace("a / c + sum(b)", &deep_formula));
    load_safely(&DRILL.replace("{a} and", &format!("{{{deep_formula}}} and")));
}

#[test]
fn arbitrary_typed_answers_never_panic() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
    let typed_alphabet: Vec<char> = "0123456789.,  -+−%$€£¥ae\u{a0}\u{202f}pointsxX"
        .chars()
        .collect();
    for _ in 0..20_000 {
        let length = rng.random_range(0..14);
        let text: String = (0..length)
            .map(|_| typed_alphabet[rng.random_range(0..typed_alphabet.len())])
            .collect();
        let result = catch_unwind(|| cardwise::drill::parse_typed(&text, Some("points")));
        assert!(result.is_ok(), "parse_typed panicked on {text:?}");
    }
}
