//! The command line as scripts and instructors use it.

use std::path::Path;
use std::process::{Command, Output};

fn cardwise(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cardwise"))
        .args(args)
        .env("CARDWISE_DATA_DIR", data)
        .env_remove("CARDWISE_DECKS_DIR")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

/// The deck files shipped in decks/.
fn shipped_deck_files() -> usize {
    std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/decks"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "ron")
        })
        .count()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn sm2_prints_the_published_trace_one_json_object_a_line() {
    let data = tempfile::tempdir().unwrap();
    let out = cardwise(&["sm2", "5", "5", "5", "3", "1", "4"], data.path());
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        concat!(
            "{\"review\":1,\"quality\":5,\"repetitions\":1,\"interval\":1,\"easiness\":2.6}\n",
            "{\"review\":2,\"quality\":5,\"repetitions\":2,\"interval\":6,\"easiness\":2.7}\n",
            "{\"review\":3,\"quality\":5,\"repetitions\":3,\"interval\":17,\"easiness\":2.8}\n",
            "{\"review\":4,\"quality\":3,\"repetitions\":4,\"interval\":48,\"easiness\":2.66}\n",
            "{\"review\":5,\"quality\":1,\"repetitions\":0,\"interval\":1,\"easiness\":2.66}\n",
            "{\"review\":6,\"quality\":4,\"repetitions\":1,\"interval\":1,\"easiness\":2.66}\n",
        )
    );
}

#[test]
fn sm2_rejects_grades_outside_0_to_5_with_exit_2() {
    let data = tempfile::tempdir().unwrap();
    for bad in ["6", "x", "-1", "4.5"] {
        let out = cardwise(&["sm2", "5", bad], data.path());
        assert_eq!(out.status.code(), Some(2), "grade {bad}");
        assert!(stdout(&out).is_empty());
        assert!(
            stderr(&out).contains(&format!(
                "\"{bad}\" is not a grade: grades are whole numbers from 0 to 5"
            )),
            "{}",
            stderr(&out)
        );
    }
    let out = cardwise(&["sm2"], data.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_passes_the_shipped_decks() {
    let data = tempfile::tempdir().unwrap();
    let out = cardwise(&["check", "decks"], data.path());
    assert!(out.status.success(), "{}", stdout(&out));
    let files = shipped_deck_files();
    assert!(
        stdout(&out).starts_with(&format!("ok: {files} decks, ")),
        "{}",
        stdout(&out)
    );
}

#[test]
fn check_prints_every_problem_as_file_line_col_and_exits_1() {
    let data = tempfile::tempdir().unwrap();
    let decks = tempfile::tempdir().unwrap();
    let bad = decks.path().join("bad.ron");
    std::fs::write(
        &bad,
        "Deck(id: \"d\", title: \"T\", cards: [\n  Term(id: \"a\", term: \"\", definition: \"x\"),\n  Term(id: \"a\", term: \"y\", definition: \"x\"),\n])\n",
    )
    .unwrap();
    let out = cardwise(&["check", decks.path().to_str().unwrap()], data.path());
    assert_eq!(out.status.code(), Some(1));
    let file = bad.display();
    assert_eq!(
        stdout(&out),
        format!(
            "{file}:2:23: the term is empty\n{file}:3:12: card id \"a\" is used twice in this deck (first on line 2)\n"
        )
    );
}

#[test]
fn stats_json_has_totals_and_decks_for_scripts() {
    let data = tempfile::tempdir().unwrap();
    let out = cardwise(&["stats", "--json"], data.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    for key in ["cards", "new", "due", "reviews"] {
        assert!(json[key].is_u64(), "{key} in {json}");
    }
    assert_eq!(json["reviews"], 0);
    assert_eq!(json["cards"], json["new"], "nothing studied yet");
    let decks = json["decks"].as_array().unwrap();
    assert_eq!(decks.len(), shipped_deck_files());
    let fundamentals = decks.iter().find(|d| d["id"] == "fundamentals").unwrap();
    for key in ["cards", "new", "due", "reviews"] {
        assert!(fundamentals[key].is_u64(), "{key} in {fundamentals}");
    }
    let sum: u64 = decks.iter().map(|d| d["cards"].as_u64().unwrap()).sum();
    assert_eq!(json["cards"].as_u64(), Some(sum));
}

#[test]
fn stats_counts_reviews_logged_by_the_app() {
    use cardwise::key::{CardId, CardKey, DeckId, Direction};
    use cardwise::sched::{DayRules, Quality};
    use cardwise::store::{Answer, Store};

    let data = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(data.path()).unwrap().store;
        let key = CardKey::new(
            DeckId::new("fundamentals"),
            CardId::new("three-steps"),
            Direction::Forward,
        );
        let answer = Answer {
            key,
            quality: Quality::new(4).unwrap(),
            answered_at: jiff::Timestamp::now(),
            elapsed_ms: 2000,
            fingerprint: None,
        };
        store.record(&answer, &DayRules::system_default()).unwrap();
    }
    let out = cardwise(&["stats", "--json"], data.path());
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["reviews"], 1);
    let fundamentals = json["decks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "fundamentals")
        .unwrap();
    assert_eq!(fundamentals["reviews"], 1);
    assert_eq!(
        fundamentals["new"].as_u64(),
        fundamentals["cards"].as_u64().map(|c| c - 1)
    );
    assert_eq!(
        (
            fundamentals["learning"].as_u64(),
            fundamentals["studied"].as_u64()
        ),
        (Some(1), Some(1)),
        "one answer: learning, not learned"
    );

    let table = stdout(&cardwise(&["stats"], data.path()));
    let line = table
        .lines()
        .find(|l| l.starts_with("Customer centricity: the fundamentals"))
        .unwrap_or_else(|| panic!("decks by title: {table}"));
    let numbers: Vec<&str> = line.split_whitespace().rev().take(7).collect();
    assert_eq!(numbers, ["1", "0", "0", "0", "1", "23", "24"], "{table}");
    assert!(table.contains("\nAll decks "), "{table}");
    assert!(table.contains("learning: not yet recalled twice in a row"));
}

#[test]
fn bench_builds_a_course_and_prints_every_row_of_the_table() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = cardwise(
        &[
            "bench",
            "--cards",
            // Fewer card directions than the 200 answers the answer row
            // gives: every row must still be measured.
            "50",
            "--runs",
            "1",
            "--dir",
            dir.path().to_str().unwrap(),
        ],
        data.path(),
    );
    // A debug build may miss a target (exit 1); it must not fail (exit 2).
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(
        table.contains("course: 67 cards in 2 decks, 670 reviews"),
        "{table}"
    );
    for row in [
        "cold start to the first frame of home",
        "load + validate the course",
        "open the progress, every card state ready",
        "rebuild the state cache from the whole log",
        "build today's queue, every card due",
        "build today's queue, every deck reordered",
        "answer → next card, answer durable",
        "a frame of home, at the top",
        "a frame of home, scrolled to the end",
        "a frame of study, before the answer",
        "a frame of study, answer shown",
        "peak memory of the app (cold start)",
        "progress folder per review",
    ] {
        let line = table
            .lines()
            .find(|l| l.starts_with(row))
            .unwrap_or_else(|| panic!("no row {row:?} in\n{table}"));
        assert!(line.ends_with(" ok") || line.ends_with(" SLOW"), "{line}");
    }
    // The course and its history stay in the folder asked for.
    assert!(dir.path().join("decks/drills.ron").exists());
    assert!(std::fs::read_dir(dir.path().join("data")).unwrap().count() > 0);
}
