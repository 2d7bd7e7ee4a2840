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

/// The deck files shipped in decks/ (the course file is no deck).
fn shipped_deck_files() -> usize {
    std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/decks"))
        .unwrap()
        .filter(|e| {
            let path = e.as_ref().unwrap().path();
            path.extension().is_some_and(|x| x == "ron")
                && path.file_name().is_some_and(|n| n != "course.ron")
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
            checked: None,
        };
        store.record(&answer, &DayRules::system_default()).unwrap();
        // Not known: back later today.
        let again = Answer {
            key: CardKey::new(
                DeckId::new("fundamentals"),
                CardId::new("definition"),
                Direction::Forward,
            ),
            quality: Quality::new(2).unwrap(),
            ..answer
        };
        store.record(&again, &DayRules::system_default()).unwrap();
    }
    let out = cardwise(&["stats", "--json"], data.path());
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["reviews"], 2);
    assert_eq!(json["again_today"], 1);
    let fundamentals = json["decks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "fundamentals")
        .unwrap();
    assert_eq!(fundamentals["reviews"], 2);
    assert_eq!(
        fundamentals["new"].as_u64(),
        fundamentals["cards"].as_u64().map(|c| c - 2)
    );
    assert_eq!(
        (
            fundamentals["learning"].as_u64(),
            fundamentals["studied"].as_u64(),
            fundamentals["again_today"].as_u64()
        ),
        (Some(2), Some(2), Some(1)),
        "one answer each: learning, not learned; the one not known comes back today"
    );

    let table = stdout(&cardwise(&["stats"], data.path()));
    let line = table
        .lines()
        .find(|l| l.starts_with("Customer centricity: the fundamentals"))
        .unwrap_or_else(|| panic!("decks by title: {table}"));
    let numbers: Vec<&str> = line.split_whitespace().rev().take(8).collect();
    assert_eq!(
        numbers,
        ["2", "1", "0", "0", "0", "2", "22", "24"],
        "{table}"
    );
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
        table.contains("course: 68 cards in 2 decks, 680 reviews"),
        "{table}"
    );
    for row in [
        "cold start to the first frame of home",
        "cold start, a thousand drills loaded",
        "cardwise stats --json",
        "statistics: every number, all decks",
        "card browser: a search, every card",
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
        "a frame of statistics",
        "a frame of the card browser, a card chosen",
        "peak memory of the app (cold start)",
        "progress folder per review",
    ] {
        let line = table
            .lines()
            .find(|l| l.starts_with(row))
            .unwrap_or_else(|| panic!("no row {row:?} in\n{table}"));
        assert!(line.ends_with(" ok") || line.ends_with(" SLOW"), "{line}");
    }
    assert!(table.contains("statistics: read the review log (once)"));
    // The course and its history stay in the folder asked for.
    assert!(dir.path().join("decks/drills.ron").exists());
    assert!(std::fs::read_dir(dir.path().join("data")).unwrap().count() > 0);
    assert!(
        dir.path()
            .join("drill-course/decks/drills-055.ron")
            .exists()
    );
}

fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    stdout(output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn preview_shows_every_shipped_card_as_a_learner_sees_it_one_json_object_a_line() {
    let data = tempfile::tempdir().unwrap();
    let out = cardwise(&["preview", "decks", "--json", "--draws", "2"], data.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = json_lines(&out);
    let check = cardwise(&["check", "decks"], data.path());
    let cards: usize = stdout(&check)
        .split(", ")
        .find_map(|part| part.strip_suffix(" cards")?.parse().ok())
        .unwrap();
    let mut seen = std::collections::HashSet::new();
    for line in &lines {
        let kind = line["kind"].as_str().unwrap();
        assert!(
            ["term", "list", "choice", "drill"].contains(&kind),
            "{line}"
        );
        for field in ["deck", "card", "prompt", "answer"] {
            let text = line[field].as_str().unwrap();
            assert!(!text.is_empty() && !text.contains('{'), "{field}: {line}");
        }
        assert!(line["solution"].is_array(), "{line}");
        assert!(line["verdict"].is_null() && line["feedback"].is_null());
        seen.insert((line["deck"].to_string(), line["card"].to_string()));
        if kind == "drill" && line["options"].is_null() {
            let expected = line["expected"].as_f64().unwrap();
            assert!(expected.is_finite(), "{line}");
            // Every shipped number drill answers the usual mistakes and
            // states its precision.
            assert!(
                line["mistakes"].as_array().is_some_and(|m| !m.is_empty()),
                "{line}"
            );
            let prompt = line["prompt"].as_str().unwrap();
            assert!(
                prompt.contains("Give ")
                    || prompt.contains("decimal")
                    || prompt.contains("nearest"),
                "{prompt}"
            );
        }
        if kind == "choice" {
            let options = line["options"].as_array().unwrap();
            assert!(options.len() >= 2);
            assert!(options[0].as_str().unwrap().starts_with("A. "));
        }
    }
    assert_eq!(seen.len(), cards, "every card is shown");

    // The same seed shows the same numbers and order; another seed others.
    let again = cardwise(&["preview", "decks", "--json", "--draws", "2"], data.path());
    assert_eq!(stdout(&out), stdout(&again));
    let other = cardwise(
        &["preview", "decks", "--json", "--draws", "2", "--seed", "5"],
        data.path(),
    );
    assert_ne!(stdout(&out), stdout(&other));
}

/// The one line `preview --json` prints for a shipped drill at review 7.
fn previewed(card: &str, answer: Option<&str>) -> serde_json::Value {
    let data = tempfile::tempdir().unwrap();
    let mut args = vec![
        "preview",
        "decks/08-calculations.ron",
        "--card",
        card,
        "--draws",
        "1",
        "--seed",
        "7",
        "--json",
    ];
    if let Some(answer) = answer {
        args.extend(["--answer", answer]);
    }
    let out = cardwise(&args, data.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let mut lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    lines.remove(0)
}

#[test]
fn preview_answer_gives_the_verdict_and_the_message_a_learner_would_see() {
    let shown = previewed("nps-from-counts", None);
    let expected = shown["expected"].as_f64().unwrap();
    let at_one_decimal = format!("{:.1}", expected);

    let right = previewed("nps-from-counts", Some(&at_one_decimal));
    assert_eq!(right["verdict"], "right");
    assert!(right["feedback"].is_null());

    // A fraction for a score in percent: close, and it says why.
    let fraction = format!("{:.3}", expected / 100.0);
    let close = previewed("nps-from-counts", Some(&fraction));
    assert_eq!(close["verdict"], "close", "{close}");
    assert!(
        close["feedback"]
            .as_str()
            .unwrap()
            .contains("as a fraction"),
        "{close}"
    );

    // The usual mistake gets its own message.
    let mistake = &shown["mistakes"][0];
    let typed = mistake["answer"].as_str().unwrap();
    let wrong = previewed("nps-from-counts", Some(typed));
    assert_eq!(wrong["verdict"], "wrong");
    assert_eq!(wrong["feedback"], mistake["feedback"]);

    let unreadable = previewed("nps-from-counts", Some("about half"));
    assert_eq!(unreadable["verdict"], "unreadable");
    assert!(
        unreadable["feedback"]
            .as_str()
            .unwrap()
            .contains("not a number")
    );

    // A pick drill is answered by the letter shown.
    let pick = previewed("nps-classify", None);
    let key = pick["answer"].as_str().unwrap().to_string();
    assert_eq!(previewed("nps-classify", Some(&key))["verdict"], "right");
}

#[test]
fn preview_of_a_deck_written_from_the_guide_alone() {
    let data = tempfile::tempdir().unwrap();
    let deck = "tests/fixtures/instructor";
    let check = cardwise(&["check", deck], data.path());
    assert!(check.status.success(), "{}", stdout(&check));

    let out = cardwise(&["preview", deck, "--json", "--draws", "20"], data.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = json_lines(&out);
    let of = |card: &str| -> Vec<&serde_json::Value> {
        lines.iter().filter(|l| l["card"] == card).collect()
    };
    assert_eq!(of("loyalty").len(), 2, "a reverse term shows both ways");
    assert_eq!(of("retention-ties")[0]["kind"], "list");
    assert_eq!(of("loyalty-key").len(), 20);

    // The stated precision is added to a prompt that does not say it, and
    // the worked solution's last figure is the expected answer.
    for retention in of("retention") {
        let prompt = retention["prompt"].as_str().unwrap();
        assert!(
            prompt.ends_with("Give it as a percentage, to one decimal."),
            "{prompt}"
        );
        let answer = retention["answer"].as_str().unwrap();
        let last = retention["solution"].as_array().unwrap().last().unwrap();
        assert!(
            last.as_str().unwrap().ends_with(&format!("{answer}.")),
            "{retention}"
        );
    }
    for clv in of("clv-simple") {
        assert!(
            clv["prompt"]
                .as_str()
                .unwrap()
                .ends_with("to the nearest dollar.")
        );
        let mistakes = clv["mistakes"].as_array().unwrap();
        assert_eq!(mistakes.len(), 2);
        assert!(
            mistakes[0]["feedback"]
                .as_str()
                .unwrap()
                .starts_with("Not discounted")
        );
        assert!(mistakes[0]["answer"].as_str().unwrap().starts_with('$'));
    }
    // A pick mistake of -1 names no option: it is left out for those numbers.
    let picks = of("who-is-loyal");
    assert!(picks.iter().any(|p| p["mistakes"].is_null()));
    assert!(picks.iter().any(|p| p["mistakes"][0]["answer"].is_string()));

    // An instructor tries the answers a student would give.
    let one = |answer: &str| {
        let out = cardwise(
            &[
                "preview",
                deck,
                "--card",
                "clv-simple",
                "--seed",
                "2",
                "--draws",
                "1",
                "--json",
                "--answer",
                answer,
            ],
            data.path(),
        );
        json_lines(&out).remove(0)
    };
    let shown = one("0");
    let expected = shown["expected"].as_f64().unwrap();
    assert_eq!(one(&format!("{expected}"))["verdict"], "right");
    let undiscounted = shown["mistakes"][0]["answer"].as_str().unwrap().to_string();
    let told = one(&undiscounted);
    assert_eq!(told["verdict"], "wrong");
    assert!(
        told["feedback"]
            .as_str()
            .unwrap()
            .contains("divide the profit by the discount rate")
    );
}

#[test]
fn preview_reports_a_broken_deck_like_check_and_exits_1() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.ron"),
        "Deck(id: \"a\", title: \"A\", cards: [Term(id: \"t\", term: \"\", definition: \"d\")])",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.ron"),
        "Deck(id: \"b\", title: \"B\", cards: [Term(id: \"t\", term: \"T\", definition: \"d\")])",
    )
    .unwrap();
    let out = cardwise(&["preview", dir.path().to_str().unwrap()], data.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("a.ron:1:55: the term is empty"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("b/t · term"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("a/t"));

    let missing = cardwise(
        &["preview", dir.path().to_str().unwrap(), "--card", "nope"],
        data.path(),
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no card \"nope\""));
}

#[test]
fn exam_draws_the_same_exam_for_a_seed_mixed_kinds_as_json_lines() {
    let data = tempfile::tempdir().unwrap();
    let args = ["exam", "--questions", "12", "--seed", "42", "--json"];
    let first = cardwise(&args, data.path());
    assert!(first.status.success(), "{}", stderr(&first));
    let again = cardwise(&args, data.path());
    assert_eq!(stdout(&first), stdout(&again), "same seed, same exam");
    let other = cardwise(
        &["exam", "--questions", "12", "--seed", "43", "--json"],
        data.path(),
    );
    assert_ne!(stdout(&first), stdout(&other));
    let questions = json_lines(&first);
    assert_eq!(questions.len(), 12);
    let kinds: std::collections::HashSet<&str> = questions
        .iter()
        .map(|q| q["kind"].as_str().unwrap())
        .collect();
    for kind in ["choice", "list", "drill"] {
        assert!(kinds.contains(kind), "{kind} in {kinds:?}");
    }
    assert!(kinds.contains("term") || kinds.contains("definition"));
    for q in &questions {
        for field in ["number", "kind", "prompt", "answer"] {
            assert!(!q[field].is_null(), "{field} in {q}");
        }
        if q["kind"] == "drill" {
            assert!(
                q["solution"].as_array().is_some_and(|s| !s.is_empty()),
                "{q}"
            );
            assert!(
                !q["prompt"].as_str().unwrap().contains('{'),
                "numbers filled in: {q}"
            );
        }
        if q["kind"] == "choice" {
            assert!(q["options"].as_array().is_some_and(|o| o.len() >= 2));
        }
    }
    // Nothing was written to the progress folder.
    assert_eq!(std::fs::read_dir(data.path()).unwrap().count(), 0);
}

#[test]
fn exam_writes_printable_html_with_the_key_on_its_own_page() {
    let data = tempfile::tempdir().unwrap();
    let page = data.path().join("exam.html");
    let out = cardwise(
        &[
            "exam",
            "--questions",
            "5",
            "--seed",
            "1",
            "--tag",
            "nps",
            "--html",
        ],
        data.path(),
    );
    assert!(!out.status.success(), "--html needs a file");
    let out = cardwise(
        &[
            "exam",
            "--questions",
            "5",
            "--seed",
            "1",
            "--tag",
            "nps",
            "--html",
            page.to_str().unwrap(),
        ],
        data.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("wrote the exam (5 questions · seed 1"));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Answer key"));
    assert!(html.contains("page-break-before: always"));
    assert_eq!(html.matches("<li class=\"q ").count(), 5);
}

#[test]
fn exam_says_which_decks_and_tags_there_are_when_one_is_unknown() {
    let data = tempfile::tempdir().unwrap();
    let out = cardwise(&["exam", "--deck", "pricing"], data.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no deck \"pricing\" in decks; its decks are: fundamentals, "));
    let out = cardwise(&["exam", "--tag", "prices"], data.path());
    assert!(stderr(&out).contains("no card is tagged \"prices\""));
}

#[test]
fn exam_leaves_the_reviews_of_stats_unchanged() {
    let data = tempfile::tempdir().unwrap();
    // A learner's progress with one answer, then exams.
    let out = cardwise(&["answer-loop", "--count", "1"], data.path());
    assert!(out.status.success());
    let reviews = |data: &Path| {
        let out = cardwise(&["stats", "--json"], data);
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["reviews"].clone()
    };
    let was = reviews(data.path());
    assert_eq!(was, 1);
    for seed in ["1", "2", "3"] {
        assert!(
            cardwise(&["exam", "--seed", seed], data.path())
                .status
                .success()
        );
    }
    assert_eq!(reviews(data.path()), was);
}

#[test]
fn import_writes_a_deck_that_check_passes_and_says_each_line_it_skipped() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("pricing.tsv");
    std::fs::write(
        &tsv,
        "Markup\tprice above cost, as a share of cost\nMargin\tprofit as a share of the price\nbroken line\n",
    )
    .unwrap();
    let deck = dir.path().join("pricing.ron");
    let args = |out: &std::path::Path| {
        vec![
            "import".to_string(),
            tsv.display().to_string(),
            "--deck-id".into(),
            "pricing".into(),
            "--title".into(),
            "Pricing".into(),
            "--out".into(),
            out.display().to_string(),
        ]
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cardwise(&args, data.path())
    };
    let out = run(args(&deck));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "wrote 2 cards to {} (deck \"pricing\"); 1 line skipped\n",
            deck.display()
        )
    );
    assert_eq!(
        stderr(&out),
        format!(
            "{}:3: skipped: no tab between a term and its definition\n",
            tsv.display()
        )
    );
    let check = cardwise(&["check", deck.to_str().unwrap()], data.path());
    assert!(check.status.success(), "{}", stdout(&check));
    assert!(stdout(&check).starts_with("ok: 1 deck, 2 cards"));
    // The same input gives the same deck; an existing file is kept.
    let again = run(args(&deck));
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("exists already: give another --out, or --force"));
    let second = dir.path().join("second.ron");
    run(args(&second));
    assert_eq!(
        std::fs::read_to_string(&deck).unwrap(),
        std::fs::read_to_string(&second).unwrap()
    );
}

#[test]
fn export_writes_a_study_sheet_as_html_and_markdown() {
    let data = tempfile::tempdir().unwrap();
    let html = data.path().join("sheet.html");
    let md = data.path().join("sheet.md");
    let out = cardwise(
        &[
            "export",
            "--html",
            html.to_str().unwrap(),
            "--markdown",
            md.to_str().unwrap(),
        ],
        data.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("wrote 8 decks ("));
    let md = std::fs::read_to_string(&md).unwrap();
    assert!(
        md.starts_with("# Customer centricity\n"),
        "the course's title"
    );
    assert!(md.contains("\n### Net Promoter Score\n"));
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .contains("<h3>Net Promoter Score</h3>")
    );
    let none = cardwise(&["export"], data.path());
    assert_eq!(
        none.status.code(),
        Some(2),
        "--html or --markdown is needed"
    );
}
