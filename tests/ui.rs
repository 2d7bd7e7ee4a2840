//! The window, driven through egui_kittest by labels and keys, as a learner
//! would: no display or GPU needed.

use std::path::Path;
use std::sync::Arc;

use cardwise::clock::ManualClock;
use cardwise::ui::{AppConfig, CardwiseApp, ScreenName};
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use jiff::{SignedDuration, Timestamp};

const DECK: &str = r#"Deck(
    id: "mini",
    title: "Mini deck",
    description: "Four cards.",
    cards: [
        Term(id: "cpv", term: "Customer perceived value", definition: "Benefit minus cost, as the customer sees it."),
        List(id: "steps", prompt: "The three steps", items: ["Understand", "Build the culture", "Serve"], ordered: true),
        Choice(id: "seven", question: "A score of 7 makes a customer a …", options: ["Promoter", "Passive", "Detractor"], answers: ["B"], explanation: "7 and 8 are passives."),
        Term(id: "tp", term: "Touch point", definition: "Any contact between customer and organisation."),
    ],
)"#;

pub(crate) struct Setup {
    pub(crate) data: tempfile::TempDir,
    pub(crate) decks: tempfile::TempDir,
    pub(crate) clock: Arc<ManualClock>,
}

pub(crate) fn setup() -> Setup {
    let decks = tempfile::tempdir().unwrap();
    std::fs::write(decks.path().join("mini.ron"), DECK).unwrap();
    Setup {
        data: tempfile::tempdir().unwrap(),
        decks,
        // 10:00 UTC; the study day starts at 04:00 UTC.
        clock: Arc::new(ManualClock::new("2026-11-22T10:00:00Z".parse().unwrap())),
    }
}

pub(crate) fn app_on(data: &Path, decks: &Path, clock: &Arc<ManualClock>) -> CardwiseApp {
    CardwiseApp::new(AppConfig {
        data_dir: data.to_path_buf(),
        decks_dir: decks.to_path_buf(),
        clock: clock.clone(),
        time_zone: jiff::tz::TimeZone::UTC,
        theme_override: None,
        daily_backup: false,
    })
}

pub(crate) fn window(app: CardwiseApp) -> Harness<'static, CardwiseApp> {
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        // Scrolling to a row far away animates over a few frames.
        .with_max_steps(12)
        .build_ui_state(|ui, app: &mut CardwiseApp| app.show(ui), app);
    harness.run();
    harness
}

/// The shipped course's deck folder.
pub(crate) fn shipped_decks() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("decks")
}

/// The window at 800×600 on `decks`, home drawn.
pub(crate) fn small_window(setup: &Setup, decks: &Path) -> Harness<'static, CardwiseApp> {
    let app = app_on(setup.data.path(), decks, &setup.clock);
    let mut harness = Harness::builder()
        .with_size([800.0, 600.0])
        // Scrolling far animates over a few frames.
        .with_max_steps(24)
        .build_ui_state(|ui, app: &mut CardwiseApp| app.show(ui), app);
    harness.run();
    harness
}

pub(crate) fn open(setup: &Setup) -> Harness<'static, CardwiseApp> {
    window(app_on(setup.data.path(), setup.decks.path(), &setup.clock))
}

pub(crate) fn press(harness: &mut Harness<'_, CardwiseApp>, key: Key) {
    harness.key_press(key);
    harness.run();
}

/// The widgets labelled `a` and `b` sit on one line.
pub(crate) fn same_row(harness: &Harness<'_, CardwiseApp>, a: &str, b: &str) -> bool {
    let a = harness.get_by_label(a).rect();
    let b = harness.get_by_label(b).rect();
    (a.center().y - b.center().y).abs() < 4.0
}

/// The option now showing `text`, as its line reads ("B   Passive"):
/// options are shown in a fresh order at every review.
pub(crate) fn option_line(harness: &Harness<'_, CardwiseApp>, text: &str) -> String {
    // A label widget keeps its text as its value; a button, as its label.
    harness
        .query_all_by_label_contains(text)
        .filter_map(|node| {
            let node = node.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .find(|label| label.get(1..4) == Some("   ") && label.ends_with(text))
        .unwrap_or_else(|| panic!("no option \"{text}\" on screen"))
}

/// The letter key that picks the option showing `text`.
pub(crate) fn letter_of(harness: &Harness<'_, CardwiseApp>, text: &str) -> Key {
    let line = option_line(harness, text);
    Key::from_name(&line[..1]).unwrap()
}

/// Some widget's text contains `text`.
pub(crate) fn shows(harness: &Harness<'_, CardwiseApp>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

#[test]
fn study_by_keyboard_finish_the_day_and_find_it_kept_after_a_restart() {
    let setup = setup();
    let mut harness = open(&setup);
    assert!(shows(&harness, "0 due · 4 new today · 0 of 4 studied"));

    // ↓ chooses the deck (row 0 is "All decks"), Enter studies it.
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::Enter);
    assert_eq!(harness.state().screen(), ScreenName::Study);
    assert!(shows(&harness, "Customer perceived value"));
    assert!(shows(&harness, "4 left today · 0 answered"));
    assert!(
        !shows(&harness, "Benefit minus cost"),
        "answer hidden before reveal"
    );

    press(&mut harness, Key::Space);
    assert!(shows(
        &harness,
        "Benefit minus cost, as the customer sees it."
    ));
    assert!(shows(&harness, "4 Good · 1d"));
    press(&mut harness, Key::Num4);

    // The list card: items appear after the reveal, numbered.
    assert!(shows(&harness, "The three steps"));
    assert!(shows(&harness, "3 left today · 1 answered"));
    press(&mut harness, Key::Enter);
    assert!(shows(&harness, "2.  Build the culture"));
    // Graded 2: it comes back at the end of today's session.
    press(&mut harness, Key::Num2);

    // The choice card: B answers it and marks it right.
    assert!(shows(&harness, "A score of 7 makes a customer a"));
    press(&mut harness, Key::B);
    assert!(shows(&harness, "Right"));
    assert!(shows(&harness, "7 and 8 are passives."));
    press(&mut harness, Key::Num5);

    assert!(shows(&harness, "Touch point"));
    press(&mut harness, Key::Space);
    press(&mut harness, Key::Num3);

    // The same-day repeats: the list (graded 2), then the term graded 3.
    assert!(shows(&harness, "The three steps"));
    assert!(shows(&harness, "2 left today · 4 answered"));
    press(&mut harness, Key::Space);
    press(&mut harness, Key::Num4);
    assert!(shows(&harness, "Touch point"));
    press(&mut harness, Key::Space);
    press(&mut harness, Key::Num5);

    assert_eq!(harness.state().screen(), ScreenName::Done);
    assert!(shows(&harness, "All done for today"));
    assert!(shows(&harness, "You answered 6 cards in this session."));
    assert!(shows(
        &harness,
        "Next review tomorrow (Mon 23 Nov): 4 cards."
    ));
    drop(harness);

    // Restart on the same folder, later the same day: nothing is due.
    setup.clock.advance(SignedDuration::from_hours(3));
    let harness = open(&setup);
    assert!(
        shows(&harness, "0 due · 0 new today · 4 of 4 studied"),
        "progress kept"
    );
    drop(harness);

    // The next day (after 04:00) all four are due again.
    setup.clock.advance(SignedDuration::from_hours(24));
    let harness = open(&setup);
    assert!(shows(&harness, "4 due · 0 new today · 4 of 4 studied"));
}

#[test]
fn grade_buttons_show_the_interval_each_grade_gives() {
    let setup = setup();
    let mut harness = open(&setup);
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    press(&mut harness, Key::Space);
    for label in [
        "0 Blackout · again today",
        "2 Almost · again today",
        "3 Hard · again today",
        "4 Good · 1d",
        "5 Perfect · 1d",
    ] {
        assert!(shows(&harness, label), "missing {label}");
    }
    harness.get_by_label("5 Perfect · 1d").click();
    harness.run();
    drop(harness);

    // Tomorrow, the card answered with 5 offers 6 days for a 4.
    setup.clock.advance(SignedDuration::from_hours(24));
    let mut harness = open(&setup);
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    assert!(shows(&harness, "Customer perceived value"));
    press(&mut harness, Key::Space);
    assert!(shows(&harness, "4 Good · 6d"));
    assert!(shows(&harness, "1 Wrong · again today"));
}

#[test]
fn a_wrong_choice_can_only_be_graded_0_to_2() {
    let setup = setup();
    let mut harness = open(&setup);
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::Enter);
    // Skip to the choice card.
    for _ in 0..2 {
        press(&mut harness, Key::Space);
        press(&mut harness, Key::Num5);
    }
    assert!(shows(&harness, "A score of 7 makes a customer a"));
    harness.get_by_label_contains("Detractor").click();
    harness.run();
    assert!(shows(&harness, "Not quite"));
    assert!(
        same_row(&harness, "✔", &option_line(&harness, "Passive")),
        "the right option is marked"
    );
    assert!(
        same_row(&harness, "✖", &option_line(&harness, "Detractor")),
        "the wrong pick is marked"
    );

    let left = harness.state().cards_left();
    press(&mut harness, Key::Num4);
    assert_eq!(
        harness.state().cards_left(),
        left,
        "a right-answer grade is refused"
    );
    assert!(shows(&harness, "Not quite"));
    press(&mut harness, Key::Num1);
    assert!(shows(&harness, "Touch point"));
}

#[test]
fn space_reveals_a_choice_without_a_pick_and_every_grade_is_open() {
    let setup = setup();
    let mut harness = open(&setup);
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::Enter);
    for _ in 0..2 {
        press(&mut harness, Key::Space);
        press(&mut harness, Key::Num5);
    }
    press(&mut harness, Key::Space);
    assert!(!shows(&harness, "Not quite") && !shows(&harness, "Right"));
    assert!(
        same_row(&harness, "✔", &option_line(&harness, "Passive")),
        "the right option is marked"
    );
    assert!(!shows(&harness, "✖"), "nothing was picked");
    press(&mut harness, Key::Num5);
    assert!(shows(&harness, "Touch point"));
}

#[test]
fn escape_returns_home_and_the_counts_follow() {
    let setup = setup();
    let mut harness = open(&setup);
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    press(&mut harness, Key::Space);
    press(&mut harness, Key::Num4);
    press(&mut harness, Key::Escape);
    assert_eq!(harness.state().screen(), ScreenName::Home);
    assert!(shows(&harness, "0 due · 3 new today · 1 of 4 studied"));
}

#[test]
fn a_long_deck_list_lays_out_only_the_rows_in_view_and_the_keys_reach_the_last() {
    let setup = setup();
    std::fs::remove_file(setup.decks.path().join("mini.ron")).unwrap();
    for i in 1..=200 {
        let tags = if i == 200 { "tags: [\"far-away\"]" } else { "" };
        std::fs::write(
            setup.decks.path().join(format!("d{i:03}.ron")),
            format!(
                "Deck(id: \"d{i:03}\", title: \"Deck {i:03}\", cards: [Term(id: \"t\", term: \"Term {i}\", definition: \"Meaning {i}\", {tags})])"
            ),
        )
        .unwrap();
    }
    let mut harness = open(&setup);
    assert!(shows(&harness, "Study Deck 001"));
    // Rows far below the window are not laid out at all, nor is the tail.
    assert!(!shows(&harness, "Study Deck 150"));
    assert!(!shows(&harness, "Study one topic"));

    // Row 0 is "All decks"; then Deck 001 … Deck 200.
    for _ in 0..200 {
        press(&mut harness, Key::ArrowDown);
    }
    assert!(harness.get_by_label("Study Deck 200").is_focused());
    assert!(!shows(&harness, "Study Deck 001"));
    assert!(
        shows(&harness, "far-away · 1"),
        "the topics follow the last deck"
    );
    // Studying a deck low in the list and coming back: it is in view.
    for _ in 0..50 {
        press(&mut harness, Key::ArrowUp);
    }
    press(&mut harness, Key::Enter);
    assert_eq!(harness.state().screen(), ScreenName::Study);
    press(&mut harness, Key::Escape);
    let row = harness.get_by_label("Study Deck 150");
    assert!(row.is_focused());
    assert!(
        row.rect().max.y < 800.0 && row.rect().min.y > 0.0,
        "in view: {:?}",
        row.rect()
    );
    press(&mut harness, Key::Enter);
    assert_eq!(harness.state().screen(), ScreenName::Study);
    assert!(shows(&harness, "Term 150"));
}

#[test]
fn the_new_day_starts_at_four_in_the_morning() {
    let setup = setup();
    // Study everything at 23:00.
    setup
        .clock
        .set("2026-11-22T23:00:00Z".parse::<Timestamp>().unwrap());
    let mut harness = open(&setup);
    press(&mut harness, Key::Enter); // "All decks" is chosen first
    for _ in 0..4 {
        press(&mut harness, Key::Space);
        press(&mut harness, Key::Num5);
    }
    assert_eq!(harness.state().screen(), ScreenName::Done);
    press(&mut harness, Key::Enter);
    assert_eq!(harness.state().screen(), ScreenName::Home);

    // 03:59 is still the same study day; home notices 04:00 by itself.
    setup
        .clock
        .set("2026-11-23T03:59:00Z".parse::<Timestamp>().unwrap());
    harness.run();
    assert!(shows(&harness, "0 due · 0 new today · 4 of 4 studied"));
    setup
        .clock
        .set("2026-11-23T04:00:00Z".parse::<Timestamp>().unwrap());
    harness.run();
    assert!(shows(&harness, "4 due · 0 new today · 4 of 4 studied"));
}

#[test]
fn a_broken_deck_is_listed_with_its_error_and_the_others_still_load() {
    let setup = setup();
    std::fs::write(
        setup.decks.path().join("broken.ron"),
        "Deck(id: \"b\", title: \"B\", cards: [Term(id: \"x\", term: \"T\")])",
    )
    .unwrap();
    let harness = open(&setup);
    assert!(shows(&harness, "broken.ron cannot be loaded"));
    assert!(shows(&harness, "missing field `definition` in `Term`"));
    assert!(harness.query_by_label("Study Mini deck").is_some());
}

#[test]
fn a_second_window_on_the_same_folder_says_it_is_in_use_and_can_open_read_only() {
    let setup = setup();
    let mut first = open(&setup);
    // The first window has some progress.
    first.get_by_label("Study Mini deck").click();
    first.run();
    press(&mut first, Key::Space);
    press(&mut first, Key::Num5);

    let mut second = open(&setup);
    assert_eq!(second.state().screen(), ScreenName::InUse);
    assert!(shows(&second, "This progress folder is in use"));
    assert!(shows(&second, &format!("(process {})", std::process::id())));
    assert!(second.state().store().is_none(), "nothing can be written");

    second.get_by_label("Open read-only").click();
    second.run();
    assert_eq!(second.state().screen(), ScreenName::Home);
    assert!(shows(&second, "Read-only"));
    assert!(
        shows(&second, "0 due · 3 new today · 1 of 4 studied"),
        "the progress is shown"
    );
    assert!(
        second
            .get_by_label("Study Mini deck")
            .accesskit_node()
            .is_disabled(),
        "studying is off"
    );
    press(&mut second, Key::Enter);
    assert_eq!(
        second.state().screen(),
        ScreenName::Home,
        "Enter does not study either"
    );

    // Once the first window is gone, the second can take over.
    drop(first);
    second.get_by_label("Try to open for studying").click();
    second.run();
    assert!(!shows(&second, "Read-only"));
    assert!(second.state().store().is_some_and(|s| !s.is_read_only()));
}

#[test]
fn quitting_from_the_in_use_screen_closes_the_window() {
    let setup = setup();
    let _first = open(&setup);
    let mut second = open(&setup);
    second.get_by_label("Quit").click();
    second.step();
    assert!(closes(&second));
}

/// The app asked the window to close in the last frame drawn.
pub(crate) fn closes(harness: &Harness<'_, CardwiseApp>) -> bool {
    harness
        .output()
        .viewport_output
        .values()
        .any(|v| v.commands.contains(&egui::ViewportCommand::Close))
}

#[test]
fn tab_reaches_a_study_button_and_enter_starts_that_deck() {
    let setup = setup();
    let mut harness = open(&setup);
    for _ in 0..10 {
        if harness.get_by_label("Study Mini deck").is_focused() {
            break;
        }
        press(&mut harness, Key::Tab);
    }
    assert!(harness.get_by_label("Study Mini deck").is_focused());
    press(&mut harness, Key::Enter);
    assert_eq!(harness.state().screen(), ScreenName::Study);
    assert!(shows(&harness, "Mini deck"));
}

#[test]
fn settings_change_the_new_card_limit_and_are_kept() {
    let setup = setup();
    let mut harness = open(&setup);
    harness.get_by_label("Settings").click();
    harness.run();
    assert_eq!(harness.state().screen(), ScreenName::Settings);
    // Click the number to edit it, type the new limit, confirm with Enter.
    harness.get_by_label("New cards per deck per day").click();
    harness.run();
    harness
        .get_by_label("New cards per deck per day")
        .type_text("2");
    harness.run();
    press(&mut harness, Key::Enter);
    harness.get_by_label("Save").click();
    harness.run();
    assert_eq!(harness.state().screen(), ScreenName::Home);
    assert!(shows(&harness, "0 due · 2 new today · 0 of 4 studied"));
    drop(harness);
    let harness = open(&setup);
    assert!(
        shows(&harness, "0 due · 2 new today · 0 of 4 studied"),
        "kept after a restart"
    );
}

#[test]
fn a_multiple_answer_choice_takes_several_picks_then_enter() {
    let setup = setup();
    std::fs::write(
        setup.decks.path().join("mini.ron"),
        r#"Deck(id: "multi", title: "Multi", cards: [
            Choice(id: "ps", question: "Which are among the 4 Ps?", options: ["Price", "People", "Place", "Profit"], answers: ["A", "C"]),
        ])"#,
    )
    .unwrap();
    let mut harness = open(&setup);
    harness.get_by_label("Study Multi").click();
    harness.run();
    assert!(shows(&harness, "pick all that apply (A–D), then Enter"));
    let (price, people, place) = (
        letter_of(&harness, "Price"),
        letter_of(&harness, "People"),
        letter_of(&harness, "Place"),
    );
    press(&mut harness, price);
    press(&mut harness, people);
    press(&mut harness, people); // again: unpicked
    press(&mut harness, place);
    assert!(!shows(&harness, "Right"), "not revealed until Enter");
    press(&mut harness, Key::Enter);
    assert!(shows(&harness, "Right"));
    assert_eq!(
        harness.query_all_by_label("✔").count(),
        2,
        "Price and Place marked right"
    );
    assert!(!shows(&harness, "✖"));
    press(&mut harness, Key::Num2);
    assert_eq!(
        harness.state().screen(),
        ScreenName::Study,
        "a right answer is graded 3–5"
    );
    press(&mut harness, Key::Num5);
    assert_eq!(harness.state().screen(), ScreenName::Done);
}

const DRILL_DECK: &str = r#"Deck(id: "sums", title: "Sums", cards: [
    Drill(
        id: "add",
        prompts: ["What is {a} + {b}?"],
        variables: [Range(name: "a", min: 10, max: 99), Range(name: "b", min: 10, max: 99)],
        answer: Number(formula: "a + b", decimals: 0),
        solution: ["{a} + {b} = {a + b}"],
    ),
])"#;

fn drill_setup() -> Setup {
    let setup = setup();
    std::fs::write(setup.decks.path().join("mini.ron"), DRILL_DECK).unwrap();
    setup
}

/// The expected answer of the drill on screen, and its worked solution.
fn expected(harness: &Harness<'_, CardwiseApp>) -> (f64, String) {
    let draw = harness.state().current_draw().expect("a drill on screen");
    match draw.expected {
        cardwise::drill::Expected::Number { value, .. } => (value, draw.solution[0].clone()),
        cardwise::drill::Expected::Pick(_) => panic!("a pick drill"),
    }
}

fn type_answer(harness: &mut Harness<'_, CardwiseApp>, text: &str) {
    harness.get_by_label("Your answer").type_text(text);
    harness.run();
    press(harness, Key::Enter);
}

#[test]
fn a_drill_takes_a_typed_answer_shows_the_verdict_and_the_worked_solution() {
    let setup = drill_setup();
    let mut harness = open(&setup);
    harness.get_by_label("Study Sums").click();
    harness.run();
    assert!(
        harness.get_by_label("Your answer").is_focused(),
        "the answer box has the keyboard"
    );
    let (sum, solution) = expected(&harness);
    assert!(shows(
        &harness,
        &format!("What is {}?", solution.split(" = ").next().unwrap())
    ));

    // Text that is not a number: a message, nothing graded, nothing revealed.
    type_answer(&mut harness, "twelve");
    assert!(shows(&harness, "\"twelve\" is not a number"));
    assert!(!shows(&harness, "Worked solution"));
    assert!(
        harness.query_by_label("4 Good · 1d").is_none(),
        "no grades yet"
    );
    for _ in 0.."twelve".len() {
        press(&mut harness, Key::Backspace);
    }

    // A wrong number: the verdict, the expected answer, the worked solution.
    type_answer(&mut harness, &format!("{}", sum + 1.0));
    assert!(shows(&harness, "Not quite"));
    assert!(shows(
        &harness,
        &format!("Your answer: {} · Expected: {}", sum + 1.0, sum)
    ));
    assert!(shows(&harness, "Worked solution"));
    assert!(shows(&harness, &format!("1.  {solution}")));
    // Wrong: only 0–2. A 4 is refused; Enter gives the suggested 1.
    press(&mut harness, Key::Num4);
    assert!(
        shows(&harness, "Not quite"),
        "4 refused after a wrong answer"
    );
    press(&mut harness, Key::Enter);

    // Below 4: the drill comes back today, with new numbers.
    assert_eq!(harness.state().screen(), ScreenName::Study);
    let (second_sum, second_solution) = expected(&harness);
    assert_ne!(second_solution, solution, "a new review draws new numbers");
    type_answer(&mut harness, &format!("{second_sum}"));
    assert!(shows(&harness, "Right"));
    press(&mut harness, Key::Num2);
    assert!(shows(&harness, "Right"), "2 refused after a right answer");
    press(&mut harness, Key::Enter); // the suggested 4
    assert_eq!(harness.state().screen(), ScreenName::Done);

    let store = harness.state().store().unwrap();
    let key = cardwise::key::CardKey::new(
        cardwise::key::DeckId::new("sums"),
        cardwise::key::CardId::new("add"),
        cardwise::key::Direction::Forward,
    );
    let progress = store.progress(&key).unwrap();
    assert_eq!((progress.answers, progress.last_quality.value()), (2, 4));
    assert_eq!(
        progress.sm2.repetitions, 0,
        "the first, scheduled answer was wrong"
    );
}

#[test]
fn a_restart_shows_the_same_numbers_for_the_same_review() {
    let setup = drill_setup();
    let mut harness = open(&setup);
    harness.get_by_label("Study Sums").click();
    harness.run();
    let first = expected(&harness);
    drop(harness);
    let mut harness = open(&setup);
    harness.get_by_label("Study Sums").click();
    harness.run();
    assert_eq!(expected(&harness), first);
}

#[test]
fn giving_up_on_a_drill_shows_the_answer_as_wrong() {
    let setup = drill_setup();
    let mut harness = open(&setup);
    harness.get_by_label("Study Sums").click();
    harness.run();
    harness
        .get_by_label("Show the answer (counts as wrong)")
        .click();
    harness.run();
    assert!(shows(&harness, "Not quite"));
    assert!(shows(&harness, "No answer given · Expected: "));
    assert!(shows(&harness, "Worked solution"));
}

const SHARE_DECK: &str = r#"Deck(id: "shares", title: "Shares", cards: [
    Drill(
        id: "share",
        prompts: ["{part} of {total} customers say they are satisfied. What share is that?"],
        variables: [Range(name: "part", min: 10, max: 90), OneOf(name: "total", values: [120, 130, 140])],
        answer: Number(formula: "part / total * 100", unit: Percent, decimals: 1),
        hints: ["Share = part ÷ whole.", "Multiply by 100 for a percentage."],
        mistakes: [Mistake(formula: "total / part * 100", feedback: "Upside down: the satisfied customers go on top, all customers below.")],
        solution: ["{part} ÷ {total} = {part / total * 100 | 1}%."],
    ),
])"#;

fn share_setup() -> Setup {
    let setup = setup();
    std::fs::write(setup.decks.path().join("mini.ron"), SHARE_DECK).unwrap();
    setup
}

fn study_shares(setup: &Setup) -> Harness<'static, CardwiseApp> {
    let mut harness = open(setup);
    harness.get_by_label("Study Shares").click();
    harness.run();
    harness
}

/// The grade the drill was last given.
fn share_grade(harness: &Harness<'_, CardwiseApp>) -> u8 {
    let key = cardwise::key::CardKey::new(
        cardwise::key::DeckId::new("shares"),
        cardwise::key::CardId::new("share"),
        cardwise::key::Direction::Forward,
    );
    let store = harness.state().store().unwrap();
    store.progress(&key).unwrap().last_quality.value()
}

#[test]
fn a_drill_states_the_precision_and_a_fraction_for_a_percentage_is_close_graded_2_or_3() {
    let setup = share_setup();
    let mut harness = study_shares(&setup);
    assert!(shows(
        &harness,
        "What share is that? Give it as a percentage, to one decimal."
    ));
    let (share, _) = expected(&harness);
    let fraction = format!("{:.4}", share / 100.0);
    type_answer(&mut harness, &fraction);
    assert!(shows(&harness, "Close"));
    assert!(shows(
        &harness,
        &format!("{fraction} is the answer as a fraction; as a percentage it is")
    ));
    assert!(shows(&harness, "Close: grade 2 or 3 · Enter gives 3"));
    for refused in [Key::Num4, Key::Num1] {
        press(&mut harness, refused);
        assert!(shows(
            &harness,
            "This answer was close, not right: grade it 2 or 3"
        ));
        assert_eq!(harness.state().screen(), ScreenName::Study);
    }
    press(&mut harness, Key::Num2);
    assert_eq!(share_grade(&harness), 2);
}

#[test]
fn a_rounded_answer_is_close_and_enter_gives_3() {
    let setup = share_setup();
    let mut harness = study_shares(&setup);
    let (share, _) = expected(&harness);
    let whole = (share + 0.5).floor();
    // The first review's numbers are fixed by the card's key: a share with
    // a tenth to drop.
    assert_ne!((share * 10.0).round() % 10.0, 0.0, "{share}");
    type_answer(&mut harness, &format!("{whole}"));
    assert!(shows(&harness, "Close"));
    assert!(shows(
        &harness,
        "Right but for rounding: the question asks for one decimal"
    ));
    press(&mut harness, Key::Enter);
    assert_eq!(share_grade(&harness), 3);
}

#[test]
fn hints_come_one_at_a_time_with_h_and_cap_a_right_answer_at_3() {
    let setup = share_setup();
    let mut harness = study_shares(&setup);
    assert!(shows(&harness, "Hint (H)"));
    assert!(!shows(&harness, "Hint 1:"));
    press(&mut harness, Key::H);
    assert!(shows(&harness, "Hint 1: Share = part ÷ whole."));
    assert!(!shows(&harness, "Hint 2:"));
    assert_eq!(
        harness.get_by_label("Your answer").value().as_deref(),
        Some(""),
        "H is not typed"
    );
    harness.get_by_label("Another hint (H)").click();
    harness.run();
    assert!(shows(&harness, "Hint 2: Multiply by 100 for a percentage."));
    assert!(!shows(&harness, "Another hint"), "no hint left to ask for");

    let (share, _) = expected(&harness);
    type_answer(&mut harness, &format!("{share:.1}"));
    assert!(shows(&harness, "Right"));
    assert!(shows(
        &harness,
        "Right, with a hint: grade 3 at most · Enter gives 3"
    ));
    press(&mut harness, Key::Num5);
    assert!(shows(
        &harness,
        "You used a hint, so 3 is the most this answer can get"
    ));
    assert_eq!(harness.state().screen(), ScreenName::Study);
    press(&mut harness, Key::Enter);
    assert_eq!(share_grade(&harness), 3);
}

#[test]
fn the_usual_mistake_is_answered_with_its_message_above_the_worked_solution() {
    let setup = share_setup();
    let mut harness = study_shares(&setup);
    let draw = harness.state().current_draw().unwrap();
    let (upside_down, feedback) = draw.mistakes[0].clone();
    type_answer(&mut harness, &format!("{upside_down:.1}%"));
    assert!(shows(&harness, "Not quite"));
    assert_eq!(
        feedback,
        "Upside down: the satisfied customers go on top, all customers below."
    );
    let message = harness.get_by_label(&feedback).rect();
    let solution = harness.get_by_label("Worked solution").rect();
    assert!(
        message.bottom() <= solution.top(),
        "the message comes first"
    );
    assert!(shows(&harness, "Wrong: grade 0–2"));
}

#[test]
fn a_topic_studies_every_card_with_its_tag_across_decks() {
    let setup = setup();
    std::fs::write(
        setup.decks.path().join("mini.ron"),
        r#"Deck(id: "one", title: "One", cards: [
            Term(id: "a", term: "NPS term", definition: "x", tags: ["nps"]),
            Term(id: "b", term: "Other term", definition: "y", tags: ["value"]),
        ])"#,
    )
    .unwrap();
    std::fs::write(
        setup.decks.path().join("two.ron"),
        r#"Deck(id: "two", title: "Two", cards: [
            List(id: "c", prompt: "NPS groups", items: ["P", "P", "D"], tags: ["nps"]),
        ])"#,
    )
    .unwrap();
    let mut harness = open(&setup);
    harness.get_by_label("nps · 2").click();
    harness.run();
    assert!(shows(&harness, "Topic: nps"));
    assert!(shows(&harness, "2 left today"));
    let mut prompts = Vec::new();
    for _ in 0..2 {
        prompts.push(if shows(&harness, "NPS term") {
            "term"
        } else {
            "list"
        });
        press(&mut harness, Key::Space);
        press(&mut harness, Key::Num5);
    }
    assert_eq!(prompts, vec!["term", "list"]);
    assert_eq!(harness.state().screen(), ScreenName::Done);
    assert!(!shows(&harness, "Other term"));
}

/// Ask to close the window, as the window manager's close button does.
pub(crate) fn request_close(harness: &mut Harness<'_, CardwiseApp>) {
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.step();
}

/// The disk refuses writes; the first card of Mini deck is answered 5.
fn answer_one_the_disk_refuses(harness: &mut Harness<'_, CardwiseApp>) {
    harness
        .state()
        .store()
        .unwrap()
        .refuse_writes(true)
        .unwrap();
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    press(harness, Key::Space);
    press(harness, Key::Num5);
}

#[test]
fn answers_the_disk_refuses_are_kept_shown_and_guard_quitting() {
    let setup = setup();
    let mut harness = open(&setup);
    answer_one_the_disk_refuses(&mut harness);
    // Studying goes on; the learner is told.
    assert!(shows(&harness, "The three steps"), "the next card is shown");
    assert!(shows(&harness, "1 answer is not saved yet"));
    assert_eq!(harness.state().store().unwrap().unsaved(), 1);

    // Closing is held back with a question.
    request_close(&mut harness);
    assert!(!closes(&harness), "the close is cancelled");
    harness.run();
    assert!(harness.state().confirming_quit());
    assert!(shows(&harness, "Answers not saved"));
    harness.get_by_label("Keep studying").click();
    harness.run();
    assert!(!harness.state().confirming_quit());

    // Once the disk takes writes again, saving works and quitting is free.
    harness
        .state()
        .store()
        .unwrap()
        .refuse_writes(false)
        .unwrap();
    request_close(&mut harness);
    harness.run();
    harness.get_by_label("Try to save again").click();
    harness.step();
    assert!(closes(&harness));
    assert_eq!(harness.state().store().unwrap().unsaved(), 0);
    drop(harness);
    let harness = open(&setup);
    assert!(
        shows(&harness, "0 due · 3 new today · 1 of 4 studied"),
        "the answer reached the disk"
    );
}

#[test]
fn quit_anyway_closes_with_unsaved_answers() {
    let setup = setup();
    let mut harness = open(&setup);
    answer_one_the_disk_refuses(&mut harness);
    request_close(&mut harness);
    harness.run();
    harness.get_by_label("Quit anyway").click();
    harness.step();
    assert!(closes(&harness));
    assert!(harness.state().may_close());
}

#[test]
fn a_backup_can_be_restored_from_the_window() {
    let setup = setup();
    let mut harness = open(&setup);
    // One answer, a backup, two more answers.
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    press(&mut harness, Key::Space);
    press(&mut harness, Key::Num5);
    press(&mut harness, Key::Escape);
    harness.get_by_label("Settings").click();
    harness.run();
    harness.get_by_label("Backups and restore…").click();
    harness.run();
    assert_eq!(harness.state().screen(), ScreenName::Backups);
    assert!(shows(&harness, "No backups yet."));
    harness.get_by_label("Back up now").click();
    harness.run();
    assert!(shows(&harness, "backed up by hand"));
    press(&mut harness, Key::Escape);
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    for _ in 0..2 {
        press(&mut harness, Key::Space);
        press(&mut harness, Key::Num5);
    }
    press(&mut harness, Key::Escape);
    assert!(shows(&harness, "0 due · 1 new today · 3 of 4 studied"));

    harness.get_by_label("Settings").click();
    harness.run();
    harness.get_by_label("Backups and restore…").click();
    harness.run();
    harness
        .get_by_label_contains("Restore the backup of")
        .click();
    harness.run();
    assert!(shows(&harness, "Restore this backup?"));
    assert!(shows(&harness, "(1 reviews)"));
    press(&mut harness, Key::Escape);
    assert!(
        !shows(&harness, "Restore this backup?"),
        "Escape cancels the question"
    );
    assert_eq!(
        harness.state().screen(),
        ScreenName::Backups,
        "and only the question"
    );
    harness
        .get_by_label_contains("Restore the backup of")
        .click();
    harness.run();
    harness.get_by_label("Restore").click();
    harness.run();
    assert_eq!(harness.state().screen(), ScreenName::Home);
    assert!(
        shows(&harness, "0 due · 3 new today · 1 of 4 studied"),
        "back to the backup"
    );
    assert!(shows(&harness, "Restored the backup"));
}

#[test]
fn a_damaged_progress_file_is_reported_in_the_window_with_where_it_is_kept() {
    let setup = setup();
    {
        let mut harness = open(&setup);
        harness.get_by_label("Study Mini deck").click();
        harness.run();
        press(&mut harness, Key::Space);
        press(&mut harness, Key::Num5);
        harness.state().store().unwrap().backup_now().unwrap();
    }
    std::fs::write(
        setup.data.path().join("progress.sqlite3"),
        b"scribbled over",
    )
    .unwrap();
    let mut harness = open(&setup);
    assert!(shows(&harness, "Your progress file could not be used"));
    assert!(shows(&harness, "progress.sqlite3.damaged-"));
    assert!(shows(&harness, "cardwise goes on from the backup of"));
    assert!(
        shows(&harness, "0 due · 3 new today · 1 of 4 studied"),
        "the backup's progress"
    );
    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(!shows(&harness, "could not be used"));
}

fn ctrl_z(harness: &mut Harness<'_, CardwiseApp>) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    harness.run();
}

fn stats_json(setup: &Setup) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cardwise"))
        .args(["stats", "--json", "--data-dir"])
        .arg(setup.data.path())
        .arg("--decks")
        .arg(setup.decks.path())
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn ctrl_z_twice_takes_back_two_answers_and_stats_counts_neither() {
    let setup = setup();
    let mut harness = open(&setup);
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    assert!(
        harness.get_by_label("Undo").accesskit_node().is_disabled(),
        "nothing to undo yet"
    );
    press(&mut harness, Key::Space);
    press(&mut harness, Key::Num5);
    press(&mut harness, Key::Space);
    press(&mut harness, Key::Num2); // comes back later today
    assert!(shows(&harness, "A score of 7 makes a customer a"));
    assert_eq!(stats_json(&setup)["reviews"], 2);

    ctrl_z(&mut harness);
    assert!(shows(&harness, "The three steps"), "the last card is back");
    assert!(
        !shows(&harness, "Grade with 0–5"),
        "as it was shown: not revealed"
    );
    assert_eq!(harness.state().cards_left(), Some(3));
    ctrl_z(&mut harness);
    assert!(shows(&harness, "Customer perceived value"));
    assert_eq!(harness.state().cards_left(), Some(4));
    assert_eq!(
        stats_json(&setup)["reviews"],
        0,
        "an undone answer is not given"
    );
    let store = harness.state().store().unwrap();
    assert_eq!(store.all_progress().count(), 0, "both cards are new again");
    assert!(harness.get_by_label("Undo").accesskit_node().is_disabled());

    // Studying goes on as if nothing had been answered.
    press(&mut harness, Key::Space);
    press(&mut harness, Key::Num5);
    assert!(shows(&harness, "The three steps"));
    assert_eq!(harness.state().store().unwrap().unsaved(), 0);
    assert_eq!(stats_json(&setup)["reviews"], 1);
}

#[test]
fn an_undone_drill_comes_back_with_the_same_numbers() {
    let setup = drill_setup();
    let mut harness = open(&setup);
    harness.get_by_label("Study Sums").click();
    harness.run();
    let (value, solution) = expected(&harness);
    type_answer(&mut harness, &value.to_string());
    press(&mut harness, Key::Enter);
    assert_eq!(harness.state().screen(), ScreenName::Done);
    // The done screen takes it back too.
    harness.get_by_label("Undo the last answer").click();
    harness.run();
    assert_eq!(harness.state().screen(), ScreenName::Study);
    assert_eq!(expected(&harness), (value, solution));
}

#[test]
fn options_come_in_a_new_order_each_review_and_the_same_order_on_reopening() {
    let setup = setup();
    std::fs::write(
        setup.decks.path().join("mini.ron"),
        r#"Deck(id: "q", title: "Quiz", cards: [
            Choice(id: "c", question: "Which one?", options: ["Alpha", "Bravo", "Charlie", "Delta", "Echo"], answers: ["A"]),
        ])"#,
    )
    .unwrap();
    let order = |harness: &Harness<'_, CardwiseApp>| -> Vec<String> {
        ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]
            .iter()
            .map(|text| option_line(harness, text))
            .collect()
    };
    let mut seen = std::collections::HashSet::new();
    for day in 0..6 {
        setup.clock.set(
            "2026-11-22T10:00:00Z"
                .parse::<Timestamp>()
                .unwrap()
                .checked_add(SignedDuration::from_hours(24 * 400 * day))
                .unwrap(),
        );
        let mut harness = open(&setup);
        harness.get_by_label("Study Quiz").click();
        harness.run();
        let shown = order(&harness);
        drop(harness);
        let mut again = open(&setup);
        again.get_by_label("Study Quiz").click();
        again.run();
        assert_eq!(order(&again), shown, "the same order on reopening");
        let alpha = letter_of(&again, "Alpha");
        press(&mut again, alpha);
        press(&mut again, Key::Num5);
        seen.insert(shown);
    }
    assert!(seen.len() >= 4, "orders differ between reviews: {seen:?}");
}

#[test]
fn a_multiple_answer_question_shows_what_was_picked_right_picked_wrong_and_missed() {
    let setup = setup();
    std::fs::write(
        setup.decks.path().join("mini.ron"),
        r#"Deck(id: "multi", title: "Multi", cards: [
            Choice(id: "ps", question: "Which are among the 4 Ps?", options: ["Price", "People", "Place", "Promotion", "Profit"], answers: ["A", "C", "D"]),
        ])"#,
    )
    .unwrap();
    let mut harness = open(&setup);
    harness.get_by_label("Study Multi").click();
    harness.run();
    let (price, profit) = (letter_of(&harness, "Price"), letter_of(&harness, "Profit"));
    press(&mut harness, price);
    press(&mut harness, profit);
    press(&mut harness, Key::Enter);
    assert!(shows(&harness, "Not quite"));
    let beside = |option: &str, words: &str| {
        let line = harness.get_by_label(&option_line(&harness, option)).rect();
        harness
            .query_all_by_label(words)
            .any(|n| (n.rect().center().y - line.center().y).abs() < 4.0)
    };
    for (option, words) in [
        ("Price", "· your pick, right"),
        ("Profit", "· your pick, wrong"),
        ("Place", "· right, not picked"),
        ("Promotion", "· right, not picked"),
    ] {
        assert!(beside(option, words), "{option}: {words}");
    }
    // People was rightly left alone: no mark at all.
    let people = harness
        .get_by_label(&option_line(&harness, "People"))
        .rect();
    assert!(
        harness
            .query_all_by_label_contains("· ")
            .all(|n| (n.rect().center().y - people.center().y).abs() > 4.0),
        "no words beside a wrong option left alone"
    );
}

#[test]
fn a_grade_key_refused_after_a_wrong_answer_says_why() {
    let setup = setup();
    let mut harness = open(&setup);
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    for _ in 0..2 {
        press(&mut harness, Key::Space);
        press(&mut harness, Key::Num5);
    }
    let wrong = letter_of(&harness, "Detractor");
    press(&mut harness, wrong);
    press(&mut harness, Key::Num4);
    assert!(shows(
        &harness,
        "4 is for an answer you knew; this one was wrong, so grade it 0, 1 or 2 (Enter gives 1)."
    ));
    press(&mut harness, Key::Enter);
    assert!(shows(&harness, "Touch point"), "Enter gave the suggested 1");
}

/// Three decks, A, B and C, of two cards each.
fn three_decks() -> Setup {
    let setup = setup();
    std::fs::remove_file(setup.decks.path().join("mini.ron")).unwrap();
    for name in ["A", "B", "C"] {
        std::fs::write(
            setup.decks.path().join(format!("{name}.ron")),
            format!(
                r#"Deck(id: "{name}", title: "Deck {name}", cards: [
                    Term(id: "one", term: "{name} one", definition: "First of {name}."),
                    Term(id: "two", term: "{name} two", definition: "Second of {name}."),
                ])"#
            ),
        )
        .unwrap();
    }
    setup
}

/// The title the study screen shows.
fn studying(harness: &Harness<'_, CardwiseApp>) -> Option<String> {
    (harness.state().screen() == ScreenName::Study).then(|| {
        ["Deck A", "Deck B", "Deck C", "All decks"]
            .into_iter()
            .find(|title| harness.query_by_label(title).is_some())
            .unwrap_or("?")
            .to_string()
    })
}

#[test]
fn down_down_enter_studies_the_highlighted_deck_which_holds_the_focus() {
    let setup = three_decks();
    let mut harness = open(&setup);
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::ArrowDown);
    assert!(
        harness.get_by_label("Study Deck B").is_focused(),
        "the highlighted row has the focus"
    );
    press(&mut harness, Key::Enter);
    assert_eq!(studying(&harness).as_deref(), Some("Deck B"));

    // Back home, the same row is chosen and focused; ↑ then Enter.
    press(&mut harness, Key::Escape);
    assert!(harness.get_by_label("Study Deck B").is_focused());
    press(&mut harness, Key::ArrowUp);
    assert!(harness.get_by_label("Study Deck A").is_focused());
    press(&mut harness, Key::Enter);
    assert_eq!(studying(&harness).as_deref(), Some("Deck A"));
}

#[test]
fn after_settings_the_arrows_and_enter_still_study_the_highlighted_deck() {
    let setup = three_decks();
    let mut harness = open(&setup);
    press(&mut harness, Key::ArrowDown);
    harness.get_by_label("Settings").click();
    harness.run();
    press(&mut harness, Key::Escape);
    assert_eq!(harness.state().screen(), ScreenName::Home);
    assert!(harness.get_by_label("Study Deck A").is_focused());
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::ArrowDown);
    assert!(harness.get_by_label("Study Deck C").is_focused());
    press(&mut harness, Key::Enter);
    assert_eq!(studying(&harness).as_deref(), Some("Deck C"));
}

#[test]
fn tab_chooses_the_row_of_the_button_it_reaches() {
    let setup = three_decks();
    let mut harness = open(&setup);
    for _ in 0..10 {
        if harness.get_by_label("Study Deck A").is_focused() {
            break;
        }
        press(&mut harness, Key::Tab);
    }
    assert!(harness.get_by_label("Study Deck A").is_focused());
    press(&mut harness, Key::ArrowDown);
    assert!(
        harness.get_by_label("Study Deck B").is_focused(),
        "↓ goes on from the row Tab reached"
    );
}

#[test]
fn every_text_meets_wcag_aa_contrast_in_both_themes() {
    use cardwise::store::ThemeChoice;
    use cardwise::ui::style::{contrast, text_pairs};
    for theme in [ThemeChoice::Dark, ThemeChoice::Light] {
        let setup = setup();
        let app = CardwiseApp::new(AppConfig {
            data_dir: setup.data.path().to_path_buf(),
            decks_dir: setup.decks.path().to_path_buf(),
            clock: setup.clock.clone(),
            time_zone: jiff::tz::TimeZone::UTC,
            theme_override: Some(theme),
            daily_backup: false,
        });
        let harness = window(app);
        let visuals = harness.ctx.global_style().visuals.clone();
        assert_eq!(
            visuals.dark_mode,
            theme == ThemeChoice::Dark,
            "{theme:?} is applied"
        );
        let pairs = text_pairs(&visuals);
        assert!(pairs.len() >= 20);
        for pair in pairs {
            let ratio = contrast(pair.fg, pair.bg);
            assert!(
                ratio >= pair.min,
                "{theme:?}: {} is {ratio:.2}:1 on its background, needs {}:1",
                pair.what,
                pair.min
            );
        }
    }
}

#[test]
fn egui_defaults_would_fail_the_contrast_check() {
    // The check can fail: egui's own light theme has weak text at 2.9:1.
    use cardwise::ui::style::{contrast, text_pairs};
    let defaults = egui::Visuals::light();
    assert!(
        text_pairs(&defaults)
            .iter()
            .any(|p| contrast(p.fg, p.bg) < p.min)
    );
}

const LONG_SOLUTION: &str = r#"Deck(id: "long", title: "Long", cards: [
    Drill(
        id: "clv",
        prompts: ["A customer brings {m} a year for {n} years. What is the total?"],
        variables: [Range(name: "m", min: 100, max: 200, step: 10), Range(name: "n", min: 3, max: 5)],
        answer: Number(formula: "m * n", decimals: 0),
        solution: [
            "Step one: the margin is {m}.", "Step two: the years are {n}.", "Step three: multiply.",
            "Step four: {m} × {n}.", "Step five: that is {m * n}.", "Step six: check the units.",
            "Step seven: money a year times years.", "Step eight: gives money.", "Step nine: no discounting here.",
            "Step ten: a real CLV would discount.", "Step eleven: keep it simple today.", "Step twelve: the total is {m * n}.",
        ],
    ),
])"#;

#[test]
fn at_800_by_600_the_worked_solution_comes_into_view_and_scrolls_by_keyboard() {
    let setup = setup();
    std::fs::write(setup.decks.path().join("mini.ron"), LONG_SOLUTION).unwrap();
    let app = app_on(setup.data.path(), setup.decks.path(), &setup.clock);
    let mut harness = Harness::builder()
        .with_size([800.0, 600.0])
        .build_ui_state(|ui, app: &mut CardwiseApp| app.show(ui), app);
    harness.run();
    harness.get_by_label("Study Long").click();
    harness.run();
    let (value, _) = expected(&harness);
    type_answer(&mut harness, &value.to_string());
    let grade_bar_top = harness.get_by_label_contains("0 Blackout").rect().min.y;
    let visible = |harness: &Harness<'_, CardwiseApp>, text: &str| {
        let rect = harness.get_by_label_contains(text).rect();
        rect.min.y >= 0.0 && rect.max.y <= grade_bar_top
    };
    assert!(
        visible(&harness, "Worked solution") && visible(&harness, "Step one"),
        "the solution comes into view, above the grade bar"
    );
    assert!(
        !visible(&harness, "A customer brings"),
        "the prompt scrolled up"
    );
    press(&mut harness, Key::End);
    assert!(
        visible(&harness, "Step twelve"),
        "End reaches its last line"
    );
    press(&mut harness, Key::Home);
    assert!(
        visible(&harness, "A customer brings"),
        "Home goes to the top"
    );
    assert!(!visible(&harness, "Step twelve"));
    press(&mut harness, Key::PageDown);
    press(&mut harness, Key::PageDown);
    assert!(visible(&harness, "Step twelve"), "PageDown reaches the end");
    press(&mut harness, Key::PageUp);
    press(&mut harness, Key::PageUp);
    assert!(visible(&harness, "A customer brings"), "PageUp comes back");
    // The keys that scroll do not grade.
    assert_eq!(harness.state().screen(), ScreenName::Study);
}

#[test]
fn a_checked_choice_left_and_studied_again_comes_back_checked() {
    let setup = setup();
    let mut harness = open(&setup);
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    for _ in 0..2 {
        press(&mut harness, Key::Space);
        press(&mut harness, Key::Num5);
    }
    let wrong = letter_of(&harness, "Detractor");
    press(&mut harness, wrong);
    assert!(shows(&harness, "Not quite"));

    // Away and back: the answer seen is not a fresh question to grade 5.
    press(&mut harness, Key::Escape);
    assert_eq!(harness.state().screen(), ScreenName::Home);
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    assert!(shows(&harness, "A score of 7 makes a customer a"));
    assert!(shows(&harness, "Not quite"), "it comes back checked");
    press(&mut harness, Key::Num5);
    assert!(shows(&harness, "this one was wrong, so grade it 0, 1 or 2"));
    press(&mut harness, Key::Enter);
    assert!(shows(&harness, "Touch point"), "Enter gave the suggested 1");
}

#[test]
fn a_hint_taken_stays_taken_when_the_drill_is_left_and_studied_again() {
    let setup = share_setup();
    let mut harness = study_shares(&setup);
    press(&mut harness, Key::H);
    assert!(shows(&harness, "Hint 1: Share = part ÷ whole."));
    harness.get_by_label("Your answer").type_text("4");
    harness.run();
    press(&mut harness, Key::Escape);
    let mut harness = {
        harness.get_by_label("Study Shares").click();
        harness.run();
        harness
    };
    assert!(shows(&harness, "Hint 1: Share = part ÷ whole."));
    assert_eq!(
        harness.get_by_label("Your answer").value().as_deref(),
        Some("4"),
        "what was typed waits too"
    );
    let (share, _) = expected(&harness);
    for _ in 0..3 {
        press(&mut harness, Key::Backspace);
    }
    type_answer(&mut harness, &format!("{share:.1}"));
    assert!(shows(&harness, "Right, with a hint: grade 3 at most"));
}

#[test]
fn h_gives_a_hint_after_a_number_is_typed_without_typing_an_h() {
    let setup = share_setup();
    let mut harness = study_shares(&setup);
    assert!(shows(
        &harness,
        "after a hint, a right answer is graded 3 at most"
    ));
    harness.get_by_label("Your answer").type_text("5");
    harness.run();
    press(&mut harness, Key::H);
    assert!(shows(&harness, "Hint 1: Share = part ÷ whole."));
    assert_eq!(
        harness.get_by_label("Your answer").value().as_deref(),
        Some("5")
    );
}

#[test]
fn ctrl_z_while_typing_a_number_does_not_take_back_the_last_answer() {
    let setup = share_setup();
    std::fs::write(setup.decks.path().join("mini.ron"), DECK).unwrap();
    std::fs::write(setup.decks.path().join("shares.ron"), SHARE_DECK).unwrap();
    let mut harness = open(&setup);
    harness.get_by_label("Study Shares").click();
    harness.run();
    // Answer the drill once (wrong, so it comes back today), then type
    // into its next review and press Ctrl+Z.
    type_answer(&mut harness, "1");
    press(&mut harness, Key::Enter);
    assert!(
        harness
            .state()
            .store()
            .unwrap()
            .undoable(harness.state().today())
            .is_some()
    );
    harness.get_by_label("Your answer").type_text("16");
    harness.run();
    ctrl_z(&mut harness);
    let store = harness.state().store().unwrap();
    let key = cardwise::key::CardKey::new(
        cardwise::key::DeckId::new("shares"),
        cardwise::key::CardId::new("share"),
        cardwise::key::Direction::Forward,
    );
    assert_eq!(store.progress(&key).unwrap().answers, 1, "the answer stays");
    // With the box empty, Ctrl+Z takes the answer back.
    for _ in 0..2 {
        press(&mut harness, Key::Backspace);
    }
    ctrl_z(&mut harness);
    let store = harness.state().store().unwrap();
    assert!(store.progress(&key).is_none_or(|p| p.answers == 0));
}

#[test]
fn a_grade_before_the_answer_and_enter_on_a_self_graded_card_say_what_to_do() {
    let setup = setup();
    let mut harness = open(&setup);
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    press(&mut harness, Key::Num4);
    assert!(shows(
        &harness,
        "Show the answer first (Space), then grade it."
    ));
    press(&mut harness, Key::Space);
    assert!(!shows(&harness, "Show the answer first"));
    press(&mut harness, Key::Enter);
    assert!(shows(
        &harness,
        "Grade this card yourself: 5 if it came at once"
    ));
    assert!(
        shows(&harness, "Customer perceived value"),
        "still the same card"
    );
    press(&mut harness, Key::Num4);
    assert!(!shows(&harness, "Customer perceived value"));
}

/// Twelve decks of one tagged card each: the topics sit below the fold.
fn twelve_decks() -> Setup {
    let setup = setup();
    std::fs::remove_file(setup.decks.path().join("mini.ron")).unwrap();
    for n in 1..=12 {
        std::fs::write(
            setup.decks.path().join(format!("{n:02}.ron")),
            format!(
                r#"Deck(id: "d{n}", title: "Deck {n}", cards: [
                    Term(id: "t", term: "Term {n}", definition: "Definition {n}.", tags: ["topic-{n}"]),
                ])"#
            ),
        )
        .unwrap();
    }
    setup
}

#[test]
fn home_end_and_page_keys_choose_rows_and_down_from_the_last_deck_reaches_the_topics() {
    let setup = twelve_decks();
    let mut harness = open(&setup);
    // Every row ↓ reaches holds the focus, also the rows scrolled to.
    for row in 1..=12 {
        press(&mut harness, Key::ArrowDown);
        assert!(
            harness
                .get_by_label(&format!("Study Deck {row}"))
                .is_focused(),
            "row {row}"
        );
    }
    press(&mut harness, Key::Home);
    // End: the foot of the page, below the decks: the last topic.
    press(&mut harness, Key::End);
    let topic = harness.get_by_label("topic-12 · 1");
    assert!(topic.is_focused());
    assert!(
        harness.ctx.content_rect().contains_rect(topic.rect()),
        "the last topic is in view"
    );
    assert_eq!(harness.state().highlighted_row(), None);
    press(&mut harness, Key::Home);
    assert!(harness.get_by_label("Study All decks").is_focused());
    let shown = harness.ctx.content_rect();
    assert!(
        shown.contains_rect(harness.get_by_label("Study All decks").rect()),
        "Home is back at the top"
    );
    press(&mut harness, Key::PageDown);
    let row = harness.state().highlighted_row().unwrap();
    assert!(row > 2, "a page is several rows: {row}");
    assert!(
        harness
            .get_by_label(&format!("Study Deck {row}"))
            .is_focused()
    );
    press(&mut harness, Key::PageUp);
    assert_eq!(harness.state().highlighted_row(), Some(0));

    // ↓ from the last deck: the first topic has the keyboard, no deck row
    // looks chosen, and Enter studies the topic.
    for _ in 0..6 {
        press(&mut harness, Key::PageDown);
    }
    assert!(harness.get_by_label("Study Deck 12").is_focused());
    assert_eq!(harness.state().highlighted_row(), Some(12));
    press(&mut harness, Key::ArrowDown);
    let topic = harness.get_by_label("topic-1 · 1");
    assert!(topic.is_focused());
    let shown = harness.ctx.content_rect();
    assert!(shown.contains_rect(topic.rect()), "the topic is in view");
    assert_eq!(harness.state().highlighted_row(), None);
    press(&mut harness, Key::Enter);
    assert!(shows(&harness, "Topic: topic-1"));
}

#[test]
fn shift_tab_away_from_a_deck_leaves_no_deck_looking_chosen() {
    let setup = twelve_decks();
    let mut harness = open(&setup);
    press(&mut harness, Key::ArrowDown);
    harness.key_press_modifiers(egui::Modifiers::SHIFT, Key::Tab);
    harness.run();
    assert!(harness.get_by_label("Study All decks").is_focused());
    assert_eq!(
        harness.state().highlighted_row(),
        Some(0),
        "the row follows"
    );
    harness.key_press_modifiers(egui::Modifiers::SHIFT, Key::Tab);
    harness.run();
    assert!(harness.get_by_label("Statistics (S)").is_focused());
    assert_eq!(
        harness.state().highlighted_row(),
        None,
        "with another button focused, no deck looks chosen"
    );
    // Tab back: the row is chosen again.
    press(&mut harness, Key::Tab);
    assert!(harness.get_by_label("Study All decks").is_focused());
    assert_eq!(harness.state().highlighted_row(), Some(0));
}

/// Answers of the mini deck written straight to the progress: on the
/// 20th, 21st and 22nd of November (the clock's today).
fn with_history(setup: &Setup) {
    use cardwise::key::{CardId, CardKey, DeckId, Direction};
    use cardwise::sched::{DayRules, Quality};
    use cardwise::store::{Answer, Store};
    let mut store = Store::open(setup.data.path()).unwrap().store;
    let rules = DayRules::new(jiff::tz::TimeZone::UTC, 4);
    let mut answer = |card: &str, grade: u8, when: &str| {
        let answer = Answer {
            key: CardKey::new(DeckId::new("mini"), CardId::new(card), Direction::Forward),
            quality: Quality::new(grade).unwrap(),
            answered_at: when.parse().unwrap(),
            elapsed_ms: 30_000,
            fingerprint: None,
            checked: None,
        };
        store.record(&answer, &rules).unwrap();
    };
    answer("cpv", 5, "2026-11-20T10:00:00Z");
    answer("tp", 5, "2026-11-20T10:01:00Z");
    // Due the next day: one recalled, one forgotten.
    answer("cpv", 5, "2026-11-21T10:00:00Z");
    answer("tp", 1, "2026-11-21T10:01:00Z");
    answer("steps", 4, "2026-11-22T09:00:00Z");
}

/// Run frames until `text` shows (the log is read beside the window).
fn until_shown(harness: &mut Harness<'_, CardwiseApp>, text: &str) {
    for _ in 0..200 {
        if shows(harness, text) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        harness.step();
    }
    panic!("\"{text}\" never showed");
}

#[test]
fn s_opens_the_statistics_with_the_streak_the_forecast_and_the_weakest_first() {
    let setup = setup();
    with_history(&setup);
    let mut harness = open(&setup);
    until_shown(&mut harness, "streak 3 days");
    assert!(
        shows(&harness, "tomorrow 1 due"),
        "steps, first answered today"
    );
    press(&mut harness, Key::S);
    assert_eq!(harness.state().screen(), ScreenName::Stats);
    until_shown(&mut harness, "Streak: 3 days in a row (longest 3).");
    assert!(shows(&harness, "Today: 1 answer in 1 min."));
    assert!(shows(&harness, "3 days studied, 5 answers in all."));
    assert!(shows(
        &harness,
        "Due reviews recalled in the last 52 weeks: young cards 50% (1 of 2), mature cards –."
    ));
    // Today: tp (forgotten yesterday) and the choice and the list? The new
    // ones are not reviews: only tp is left for today.
    assert!(shows(&harness, "Today 1 · the next 7 days 3 · 30 days 3"));
    // The deck's row in the table: 4 cards, 1 new, 3 learning.
    assert!(shows(&harness, "50% (1 of 2)"));
    press(&mut harness, Key::Escape);
    assert_eq!(harness.state().screen(), ScreenName::Home);
}

#[test]
fn the_statistics_of_one_deck_and_then_of_all_decks() {
    let setup = three_decks();
    let mut harness = open(&setup);
    // Deck B's row, then S.
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::S);
    until_shown(&mut harness, "Streak: 0 days in a row (longest 0).");
    assert!(shows(&harness, "Deck B"), "the scope shown");
    assert!(shows(&harness, "0 days studied, 0 answers in all."));
    assert!(shows(&harness, "No due reviews yet"));
    // Another scope from the list.
    harness.get_by_label("Show").click();
    harness.run();
    harness.get_by_label("All decks").click();
    harness.run();
    until_shown(&mut harness, "Streak: 0 days");
    let rows = ["Deck A", "Deck B", "Deck C"];
    for row in rows {
        assert!(shows(&harness, row));
    }
}

/// Not a test: writes four months of a learner's study of the shipped
/// course into `CARDWISE_DEMO_DIR` (most days, new cards as the limit lets
/// them in, grades a real learner gives), to look at the statistics with.
/// `CARDWISE_DEMO_DIR=/tmp/demo cargo test --test tests demo_history -- --ignored`
#[test]
#[ignore = "writes a demo history: CARDWISE_DEMO_DIR=DIR"]
fn demo_history() {
    use cardwise::plan::{Limits, Scope, today_queue};
    use cardwise::sched::{DayRules, Quality};
    use cardwise::store::{Answer, Store};
    use rand::{RngExt, SeedableRng};
    let dir = std::path::PathBuf::from(std::env::var("CARDWISE_DEMO_DIR").unwrap());
    let library = cardwise::deck::load_paths(&[shipped_decks()]);
    let _ = std::fs::remove_dir_all(&dir);
    let mut store = Store::open(&dir).unwrap().store;
    let rules = DayRules::new(jiff::tz::TimeZone::system(), 4);
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let today = rules.day_of(Timestamp::now());
    for back in (1..=120u32).rev() {
        let day = cardwise::sched::Day::from_number(today.number() - back as i32);
        if rng.random_range(0..100) < 18 {
            continue; // a day off
        }
        let queue = today_queue(&library, &store, Scope::All, day, Limits::new(4));
        let start = rules.start_of(day) + SignedDuration::from_hours(14);
        let mut minute = 0;
        for item in queue.due.iter().chain(&queue.new) {
            let mut grade = match rng.random_range(0..100) {
                0..4 => 1,
                4..14 => 2,
                14..30 => 3,
                30..75 => 4,
                _ => 5,
            };
            loop {
                minute += 1;
                // A drill's answer is checked: right, close, or wrong and
                // now and then the drill's first listed mistake.
                let checked = match &item.card(&library).kind {
                    cardwise::deck::CardKind::Drill(drill) => {
                        use cardwise::drill::Outcome;
                        Some(cardwise::store::Checked {
                            outcome: match grade {
                                4.. => Outcome::Right,
                                3 => Outcome::Close,
                                _ => Outcome::Wrong,
                            },
                            mistake: (grade < 3
                                && !drill.mistakes.is_empty()
                                && rng.random_range(0..3) > 0)
                                .then(|| rng.random_range(0..drill.mistakes.len().min(2)) as u32),
                        })
                    }
                    _ => None,
                };
                let answer = Answer {
                    key: item.key(&library),
                    quality: Quality::new(grade).unwrap(),
                    answered_at: start + SignedDuration::from_mins(minute),
                    elapsed_ms: rng.random_range(4_000..45_000),
                    fingerprint: None,
                    checked,
                };
                store.record(&answer, &rules).unwrap();
                if grade >= 4 {
                    break;
                }
                grade = rng.random_range(3..=5);
            }
        }
    }
}

#[test]
fn the_done_screen_says_what_today_held_and_s_opens_the_statistics() {
    let setup = setup();
    let mut harness = open(&setup);
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    for _ in 0..4 {
        press(&mut harness, Key::Space);
        press(&mut harness, Key::Num5);
    }
    assert_eq!(harness.state().screen(), ScreenName::Done);
    until_shown(&mut harness, "Today in all: 4 answers in ");
    press(&mut harness, Key::S);
    assert_eq!(harness.state().screen(), ScreenName::Stats);
    until_shown(&mut harness, "Today: 4 answers in ");
    assert!(shows(&harness, "Streak: 1 day in a row (longest 1)."));
}

#[test]
fn b_opens_the_card_browser_which_searches_as_you_type_and_shows_a_cards_history() {
    let setup = setup();
    with_history(&setup);
    let mut harness = open(&setup);
    press(&mut harness, Key::B);
    assert_eq!(harness.state().screen(), ScreenName::Browser);
    assert!(shows(&harness, "4 of 4 cards"));
    assert!(harness.get_by_label("Search").is_focused(), "type at once");

    harness.get_by_label("Search").type_text("is:due");
    harness.run();
    assert_eq!(
        harness.state().browser_found(),
        Some(1),
        "tp, forgotten yesterday"
    );
    assert!(shows(&harness, "1 of 4 cards"));
    // ↓ from the search box selects the first card found: its details.
    press(&mut harness, Key::ArrowDown);
    assert!(shows(
        &harness,
        "Answer: Any contact between customer and organisation."
    ));
    assert!(shows(&harness, "learning · due today · interval 1 days"));
    assert!(shows(&harness, "Written at "));
    // Its two answers, newest first.
    assert!(shows(&harness, "2026-11-21"));
    assert!(shows(&harness, "2026-11-20"));

    // A filter typed wrong says what it takes; the last good search stays.
    for _ in 0.."is:due".len() {
        press(&mut harness, Key::Backspace);
    }
    harness.get_by_label("Search").type_text("is:late");
    harness.run();
    assert!(shows(&harness, "is:late is not known; is: takes due, new"));

    // Esc clears the search, then goes home.
    press(&mut harness, Key::Escape);
    assert_eq!(harness.state().browser_found(), Some(4));
    press(&mut harness, Key::Escape);
    assert_eq!(harness.state().screen(), ScreenName::Home);
}

#[test]
fn a_click_on_a_column_sorts_the_cards_by_it_and_again_the_other_way() {
    let setup = setup();
    with_history(&setup);
    let mut harness = open(&setup);
    press(&mut harness, Key::B);
    harness.get_by_label("reviews").click();
    harness.run();
    assert!(shows(&harness, "reviews ▲"));
    // The first row: the fewest reviews (the choice, never answered).
    press(&mut harness, Key::ArrowDown);
    assert!(shows(&harness, "Never studied."));
    harness.get_by_label("reviews ▲").click();
    harness.run();
    assert!(shows(&harness, "reviews ▼"));
}

#[test]
fn a_card_suspended_in_the_browser_leaves_today_s_work_and_ctrl_z_brings_it_back() {
    let setup = setup();
    with_history(&setup);
    let mut harness = open(&setup);
    until_shown(&mut harness, "Today: 1 due · 1 new");
    press(&mut harness, Key::B);
    harness.get_by_label("Search").type_text("is:due");
    harness.run();
    press(&mut harness, Key::ArrowDown);
    assert!(shows(
        &harness,
        "Answer: Any contact between customer and organisation."
    ));
    harness.get_by_label("Suspend (Ctrl+J)").click();
    harness.run();
    assert!(shows(&harness, "Suspended 1 card. Ctrl+Z takes it back."));
    assert_eq!(
        harness.state().browser_found(),
        Some(0),
        "no longer due: suspended"
    );
    let tp = cardwise::key::CardKey::new(
        cardwise::key::DeckId::new("mini"),
        cardwise::key::CardId::new("tp"),
        cardwise::key::Direction::Forward,
    );
    assert!(harness.state().store().unwrap().hold(&tp).suspended);

    // Found as suspended, with the action to undo it on the card.
    harness.get_by_label("Search").click();
    harness.run();
    for _ in 0.."is:due".len() {
        press(&mut harness, Key::Backspace);
    }
    harness.get_by_label("Search").type_text("is:suspended");
    harness.run();
    assert_eq!(harness.state().browser_found(), Some(1));
    press(&mut harness, Key::ArrowDown);
    assert!(shows(&harness, "learning · suspended · due today"));
    assert!(shows(&harness, "Unsuspend (Ctrl+J)"));

    // Home counts it out of today's work.
    press(&mut harness, Key::Escape);
    press(&mut harness, Key::Escape);
    assert!(shows(&harness, "Today: 0 due · 1 new"));
    assert!(shows(&harness, "1 suspended"));

    // Ctrl+J on the selected card takes it back in; Ctrl+Z (even from
    // the search box) takes back one action after the other.
    press(&mut harness, Key::B);
    harness.get_by_label("Search").type_text("touch");
    harness.run();
    press(&mut harness, Key::ArrowDown);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::J);
    harness.run();
    assert!(shows(&harness, "1 card back in study."));
    assert!(!harness.state().store().unwrap().hold(&tp).suspended);
    ctrl_z(&mut harness);
    assert!(shows(&harness, "Taken back: 1 card suspended again."));
    assert!(harness.state().store().unwrap().hold(&tp).suspended);
    ctrl_z(&mut harness);
    assert!(!harness.state().store().unwrap().hold(&tp).suspended);
    ctrl_z(&mut harness);
    assert!(shows(&harness, "Nothing here to take back today."));
    assert_eq!(harness.state().screen(), ScreenName::Browser);
    assert_eq!(
        harness.state().store().unwrap().all_progress().count(),
        3,
        "answers untouched"
    );
}

#[test]
fn the_cards_shown_are_buried_or_reset_at_once_and_one_undo_takes_all_back() {
    let setup = setup();
    with_history(&setup);
    let mut harness = open(&setup);
    press(&mut harness, Key::B);
    harness.get_by_label("Search").type_text("reviews>=1");
    harness.run();
    assert_eq!(harness.state().browser_found(), Some(3));
    harness.get_by_label("Reset to new").click();
    harness.run();
    assert!(
        shows(&harness, "Reset all 3 cards shown to new?"),
        "asks first"
    );
    assert_eq!(harness.state().store().unwrap().all_progress().count(), 3);
    harness.get_by_label("Reset 3 cards").click();
    harness.run();
    assert!(shows(&harness, "Reset 3 cards to new."));
    assert_eq!(harness.state().store().unwrap().all_progress().count(), 0);
    assert_eq!(stats_json(&setup)["reviews"], 5, "their history stays");
    ctrl_z(&mut harness);
    assert!(shows(
        &harness,
        "Taken back: 3 cards as studied before the reset."
    ));
    assert_eq!(harness.state().store().unwrap().all_progress().count(), 3);
    assert_eq!(harness.state().browser_found(), Some(3), "reviewed again");

    harness.get_by_label("Bury until tomorrow").click();
    harness.run();
    assert!(shows(&harness, "Buried 3 cards until tomorrow."));
    press(&mut harness, Key::Escape);
    press(&mut harness, Key::Escape);
    assert!(shows(&harness, "Today: 0 due · 1 new"));
    assert!(shows(&harness, "3 buried"));
    // The next study day they are back.
    setup.clock.advance(SignedDuration::from_hours(24));
    harness.run();
    assert!(!shows(&harness, "buried"));
}

#[test]
fn a_card_forgotten_for_the_leech_threshold_is_suspended_and_home_says_so_once() {
    let setup = setup();
    with_history(&setup);
    {
        // tp lapsed yesterday; a second lapse makes it a leech here.
        let mut store = cardwise::store::Store::open(setup.data.path())
            .unwrap()
            .store;
        let settings = store.settings();
        store
            .save_settings(cardwise::store::Settings {
                leech_lapses: 2,
                ..settings
            })
            .unwrap();
    }
    let mut harness = open(&setup);
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    assert!(shows(&harness, "Touch point"), "the due card first");
    press(&mut harness, Key::Space);
    press(&mut harness, Key::Num1);
    assert!(
        !shows(&harness, "Touch point"),
        "suspended: it does not come back today"
    );
    press(&mut harness, Key::Escape);
    assert!(shows(&harness, "A card became a leech"));
    assert!(shows(&harness, "1 suspended"));
    harness.get_by_label("Show the leeches").click();
    harness.run();
    assert_eq!(harness.state().screen(), ScreenName::Browser);
    assert_eq!(harness.state().browser_found(), Some(1));
    press(&mut harness, Key::ArrowDown);
    assert!(shows(&harness, "A leech: forgotten often."));
    // Ctrl+Z here (out of the search box) takes back no answer: that
    // belongs to the study screen.
    harness
        .get_by_label_contains("A leech: forgotten often.")
        .click();
    harness.run();
    ctrl_z(&mut harness);
    assert!(shows(&harness, "Nothing here to take back today."));
    assert_eq!(harness.state().screen(), ScreenName::Browser);
    // Unsuspending is one action.
    harness.get_by_label("Unsuspend (Ctrl+J)").click();
    harness.run();
    assert!(shows(&harness, "1 card back in study."));
    press(&mut harness, Key::Escape);
    press(&mut harness, Key::Escape);
    assert!(!shows(&harness, "became a leech"), "said once");
    assert!(!shows(&harness, "suspended"));
}

#[test]
fn ctrl_j_while_studying_suspends_the_card_and_ctrl_z_brings_it_back_to_study() {
    let setup = setup();
    let mut harness = open(&setup);
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    assert!(shows(&harness, "Customer perceived value"));
    assert_eq!(harness.state().cards_left(), Some(4));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::J);
    harness.run();
    assert!(shows(&harness, "Suspended 1 card. Ctrl+Z takes it back."));
    assert!(shows(&harness, "The three steps"), "the next card");
    assert_eq!(harness.state().cards_left(), Some(3));
    ctrl_z(&mut harness);
    assert!(shows(&harness, "Customer perceived value"), "back to study");
    assert_eq!(harness.state().cards_left(), Some(4));
    // Bury: out for today, and home says so.
    harness.get_by_label("Bury").click();
    harness.run();
    assert!(shows(&harness, "Buried 1 card until tomorrow."));
    press(&mut harness, Key::Escape);
    assert!(shows(&harness, "1 buried"));

    // Ctrl+Shift+J in the browser buries (and does not suspend).
    press(&mut harness, Key::B);
    harness.get_by_label("Search").type_text("touch");
    harness.run();
    press(&mut harness, Key::ArrowDown);
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::J);
    harness.run();
    assert!(shows(&harness, "Buried 1 card until tomorrow."));
}

#[test]
fn undoing_the_suspension_of_the_day_s_last_card_brings_it_back_from_the_done_screen() {
    let setup = setup();
    let mut harness = open(&setup);
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    for _ in 0..3 {
        press(&mut harness, Key::Space);
        press(&mut harness, Key::Num5);
    }
    assert!(shows(&harness, "Touch point"), "the last card");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::J);
    harness.run();
    assert_eq!(harness.state().screen(), ScreenName::Done);
    ctrl_z(&mut harness);
    assert_eq!(harness.state().screen(), ScreenName::Study);
    assert!(shows(&harness, "Touch point"));
    assert!(shows(
        &harness,
        "Taken back: 1 card back in study, as before."
    ));
}

#[test]
fn the_statistics_show_each_drill_right_close_wrong_and_the_mistake_made() {
    let setup = share_setup();
    let mut harness = study_shares(&setup);
    let draw = harness.state().current_draw().unwrap();
    let (upside_down, _) = draw.mistakes[0].clone();
    type_answer(&mut harness, &format!("{upside_down:.1}%"));
    press(&mut harness, Key::Num1);
    press(&mut harness, Key::Escape);
    press(&mut harness, Key::S);
    until_shown(&mut harness, "Drills, weakest first");
    assert!(shows(
        &harness,
        "1× Upside down: the satisfied customers go on top"
    ));
    assert!(shows(
        &harness,
        "1 answer: 0 right (0%), 0 close (0%), 1 wrong (100%)"
    ));
    let json = stats_json(&setup);
    let drill = &json["drills"][0];
    assert_eq!(
        (drill["answers"].as_u64(), drill["wrong"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(drill["mistakes"][0]["times"], 1);
}

#[test]
fn a_topic_s_name_in_the_statistics_opens_its_cards_in_the_browser() {
    let setup = setup();
    std::fs::write(
        setup.decks.path().join("mini.ron"),
        DECK.replace(
            r#"definition: "Any contact between customer and organisation.")"#,
            r#"definition: "Any contact between customer and organisation.", tags: ["journey"])"#,
        ),
    )
    .unwrap();
    let mut harness = open(&setup);
    press(&mut harness, Key::S);
    until_shown(&mut harness, "journey");
    // The table is at the bottom: End scrolls there.
    press(&mut harness, Key::End);
    harness.get_by_label("journey").click();
    harness.run();
    assert_eq!(harness.state().screen(), ScreenName::Browser);
    assert_eq!(harness.state().browser_found(), Some(1));
    assert!(shows(&harness, "1 of 4 cards"));
}

#[test]
fn terms_typed_with_ctrl_t_are_checked_with_a_typo_shown_letter_by_letter() {
    let setup = setup();
    std::fs::write(
        setup.decks.path().join("mini.ron"),
        r#"Deck(id: "mini", title: "Mini deck", cards: [
            Term(id: "churn", term: "Churn rate", definition: "The share of customers lost over a period.", reverse: true),
        ])"#,
    )
    .unwrap();
    let mut harness = open(&setup);
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::T);
    harness.run();
    assert!(
        harness.state().store().unwrap().settings().typed_answers,
        "kept as a setting"
    );
    // Forward: the definition's key words.
    assert!(shows(&harness, "Churn rate"));
    type_answer(&mut harness, "customers lost in a period");
    assert!(shows(&harness, "Right"));
    assert!(
        shows(&harness, "3 of 4 key words; missing: share."),
        "what was missed"
    );
    press(&mut harness, Key::Enter);
    // The next day the definition again (due); the day after, the other
    // way round: the term, typed with a typo.
    for _ in 0..2 {
        setup.clock.advance(SignedDuration::from_hours(24));
        press(&mut harness, Key::Escape);
        harness.get_by_label("Study Mini deck").click();
        harness.run();
        if shows(&harness, "The share of customers lost over a period.") {
            break;
        }
        type_answer(&mut harness, "share of customers lost over a period");
        press(&mut harness, Key::Num5);
    }
    assert!(shows(
        &harness,
        "The share of customers lost over a period."
    ));
    type_answer(&mut harness, "chrun rate");
    assert!(shows(
        &harness,
        "Accepted with a typo: it is spelt “Churn rate”."
    ));
    assert!(shows(&harness, "Letter by letter:"));
    assert!(shows(&harness, "Your answer: chrun rate"));
}

#[test]
fn a_practice_test_runs_to_its_score_and_adds_the_mistakes_to_today_s_reviews() {
    use cardwise::exam::Kind;
    let setup = setup();
    std::fs::write(
        setup.decks.path().join("mini.ron"),
        r#"Deck(id: "mini", title: "Mini deck", cards: [
            Term(id: "churn", term: "Churn rate", definition: "The share of customers lost over a period."),
            Drill(id: "add", prompts: ["What is {a} + {b}?"],
                variables: [Range(name: "a", min: 10, max: 99), Range(name: "b", min: 10, max: 99)],
                answer: Number(formula: "a + b", decimals: 0),
                mistakes: [Mistake(formula: "a - b", feedback: "Add them: this is the difference.")],
                solution: ["{a} + {b} = {a + b}"]),
            Choice(id: "seven", question: "A score of 7 makes a customer a …", options: ["Promoter", "Passive", "Detractor"], answers: ["B"]),
            List(id: "steps", prompt: "The three steps", items: ["Understand", "Build the culture", "Serve"], ordered: true),
        ])"#,
    )
    .unwrap();
    let mut harness = open(&setup);
    press(&mut harness, Key::T);
    assert_eq!(harness.state().screen(), ScreenName::TestSetup);
    assert!(shows(&harness, "only 4 cards there: 4 questions"));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Enter);
    harness.run();
    assert_eq!(harness.state().screen(), ScreenName::Test);
    assert!(shows(&harness, "Question 1 of 4"));
    // Enter with no answer says what to do, and stays.
    press(&mut harness, Key::Enter);
    assert!(shows(&harness, "first, or Skip to leave it unanswered."));
    assert!(shows(&harness, "Question 1 of 4"));
    let mut kinds = Vec::new();
    for _ in 0..4 {
        let q = harness.state().test_question().unwrap().clone();
        kinds.push(q.kind);
        match q.kind {
            // Right: the drill's number, the term with a typo.
            Kind::Drill => type_into(&mut harness, &q.answer),
            Kind::Term => type_into(&mut harness, "churn rtae"),
            // Wrong: the choice; close: one item of three.
            Kind::Choice => press(&mut harness, if q.answer == "A" { Key::B } else { Key::A }),
            Kind::List => type_into(&mut harness, "understand, serve"),
            Kind::Definition => type_into(&mut harness, "customers lost over a period"),
        }
        press(&mut harness, Key::Enter);
    }
    assert_eq!(harness.state().screen(), ScreenName::TestResults);
    let turns = kinds.windows(2).all(|w| w[0] != w[1]);
    assert!(turns, "the kinds take turns: {kinds:?}");
    assert!(shows(&harness, "Test results"));
    assert_eq!(
        harness
            .query_all_by_label_contains("Right answer: ")
            .count(),
        4
    );
    assert_eq!(
        harness.query_all_by_label_contains("Your answer: ").count(),
        4
    );
    assert!(shows(&harness, " wrong, 0 unanswered of 4 · in "));
    // Nothing moved: the cards are as new, the answers are practice.
    assert_eq!(harness.state().store().unwrap().all_progress().count(), 0);
    assert_eq!(stats_json(&setup)["reviews"], 0);

    harness.get_by_label_contains("to today's reviews").click();
    harness.run();
    assert!(shows(&harness, "added to today's reviews."));
    let choice = cardwise::key::CardKey::new(
        cardwise::key::DeckId::new("mini"),
        cardwise::key::CardId::new("seven"),
        cardwise::key::Direction::Forward,
    );
    let today = harness.state().today();
    assert!(
        harness
            .state()
            .store()
            .unwrap()
            .hold(&choice)
            .is_due_today(today)
    );
    press(&mut harness, Key::Escape);
    assert_eq!(harness.state().screen(), ScreenName::Home);
}

fn type_into(harness: &mut Harness<'_, CardwiseApp>, text: &str) {
    harness.get_by_label("Your answer").type_text(text);
    harness.run();
}

#[test]
fn an_exam_date_set_in_settings_shows_on_home_with_what_it_takes() {
    let setup = setup();
    let mut harness = open(&setup);
    harness.get_by_label("Settings").click();
    harness.run();
    harness.get_by_label("Exam date").click();
    harness.run();
    harness.get_by_label("Exam date").type_text("4 December");
    harness.run();
    assert!(shows(&harness, "is not a date: write it as year-month-day"));
    assert!(harness.get_by_label("Save").accesskit_node().is_disabled());
    for _ in 0.."4 December".len() {
        press(&mut harness, Key::Backspace);
    }
    harness.get_by_label("Exam date").type_text("2026-12-04");
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    assert_eq!(harness.state().screen(), ScreenName::Home);
    assert!(shows(
        &harness,
        "Exam in 12 days (Fri 4 Dec): 1 new a day at least sees all 4 new cards twice before it; today brings 4"
    ));
    assert_eq!(
        harness.state().store().unwrap().settings().exam_date,
        Some(jiff::civil::date(2026, 12, 4))
    );
    // The day before, nothing new fits any more: said as a warning.
    setup.clock.advance(SignedDuration::from_hours(24 * 11));
    harness.run();
    assert!(shows(
        &harness,
        "Exam tomorrow (Fri 4 Dec): 4 cards never studied cannot be seen twice"
    ));
}

#[test]
fn study_more_reviews_ahead_and_practises_without_moving_any_schedule() {
    let setup = setup();
    with_history(&setup);
    let mut harness = open(&setup);
    let before: std::collections::HashMap<_, _> = harness
        .state()
        .store()
        .unwrap()
        .all_progress()
        .map(|(k, p)| (k.clone(), *p))
        .collect();
    press(&mut harness, Key::M);
    assert_eq!(harness.state().screen(), ScreenName::More);
    // steps (due tomorrow) and cpv (in five days); tp is due today.
    assert!(shows(&harness, "days: 2 cards"));
    harness.get_by_label("Review them").click();
    harness.run();
    assert_eq!(harness.state().screen(), ScreenName::Study);
    assert!(shows(&harness, "The three steps"), "the soonest first");
    press(&mut harness, Key::Space);
    press(&mut harness, Key::Num5);
    press(&mut harness, Key::Space);
    press(&mut harness, Key::Num2);
    assert!(shows(
        &harness,
        "practice · 1 left · 2 answered, 1 recalled"
    ));
    press(&mut harness, Key::Escape);
    assert_eq!(harness.state().screen(), ScreenName::Done);
    assert!(shows(&harness, "Practice done"));
    assert!(shows(
        &harness,
        "You answered 2 in practice; 1 graded 3 or more."
    ));
    let after: std::collections::HashMap<_, _> = harness
        .state()
        .store()
        .unwrap()
        .all_progress()
        .map(|(k, p)| (k.clone(), *p))
        .collect();
    assert_eq!(before, after, "no schedule moved");
    assert_eq!(stats_json(&setup)["reviews"], 5, "practice is not a review");
}

#[test]
fn drill_practice_goes_round_with_fresh_numbers_until_stopped() {
    let setup = drill_setup();
    let mut harness = open(&setup);
    press(&mut harness, Key::M);
    harness.get_by_label("Practise drills").click();
    harness.run();
    let mut prompts = std::collections::HashSet::new();
    for _ in 0..4 {
        let (value, _) = expected(&harness);
        prompts.insert(harness.state().current_draw().unwrap().prompt.clone());
        type_answer(&mut harness, &format!("{value}"));
        press(&mut harness, Key::Enter);
        assert_eq!(
            harness.state().screen(),
            ScreenName::Study,
            "round and round"
        );
    }
    assert!(prompts.len() >= 3, "fresh numbers: {prompts:?}");
    assert!(shows(
        &harness,
        "practice · 4 answered, 4 recalled · Esc stops"
    ));
    assert_eq!(harness.state().store().unwrap().all_progress().count(), 0);
}

#[test]
fn a_course_file_names_home_and_its_exam_date_counts_until_the_learner_sets_one() {
    let setup = setup();
    assert!(
        shows(&open(&setup), "cardwise"),
        "no course file: the app's name"
    );
    std::fs::write(
        setup.decks.path().join("course.ron"),
        r#"Course(title: "Pricing for managers", tagline: "margins, one day at a time", exam: "2026-12-04")"#,
    )
    .unwrap();
    let harness = open(&setup);
    assert!(shows(&harness, "Pricing for managers"));
    assert!(shows(&harness, "margins, one day at a time"));
    assert!(
        shows(&harness, "Exam in 12 days (Fri 4 Dec)"),
        "the course's date"
    );
    assert_eq!(harness.state().store().unwrap().settings().exam_date, None);
}

/// Run frames until `check` holds (a file change is seen beside the
/// window, then settles).
fn until(
    harness: &mut Harness<'_, CardwiseApp>,
    what: &str,
    check: impl Fn(&Harness<'_, CardwiseApp>) -> bool,
) {
    for _ in 0..300 {
        if check(harness) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        harness.step();
    }
    panic!("{what} never happened");
}

#[test]
fn a_deck_edited_while_studying_reloads_and_the_session_goes_on() {
    let setup = setup();
    let mut harness = open(&setup);
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    assert!(shows(&harness, "Customer perceived value"));
    assert_eq!(harness.state().cards_left(), Some(4));
    // The instructor rewords the card on screen and removes the list.
    let edited = DECK
        .replace(
            "Benefit minus cost, as the customer sees it.",
            "What the customer gets, less what it costs them.",
        )
        .replace(
            r#"        List(id: "steps", prompt: "The three steps", items: ["Understand", "Build the culture", "Serve"], ordered: true),
"#,
            "",
        );
    assert_ne!(edited, DECK);
    std::fs::write(setup.decks.path().join("mini.ron"), edited).unwrap();
    until(&mut harness, "the reload", |h| {
        h.state().cards_left() == Some(3)
    });
    press(&mut harness, Key::Space);
    assert!(shows(
        &harness,
        "What the customer gets, less what it costs them."
    ));
    press(&mut harness, Key::Num5);
    assert!(
        !shows(&harness, "The three steps"),
        "the removed card is not asked"
    );

    // A broken file beside it: home says where, the other deck studies on.
    std::fs::write(
        setup.decks.path().join("broken.ron"),
        "Deck(id: \"b\", title: \"Broken\", cards: [\n    Term(id: \"t\", term: 42),\n])",
    )
    .unwrap();
    press(&mut harness, Key::Escape);
    until(&mut harness, "the broken file shown", |h| {
        shows(h, "broken.ron")
    });
    assert!(shows(&harness, "`term` takes text in double quotes"));
    assert!(
        !harness
            .get_by_label("Study Mini deck")
            .accesskit_node()
            .is_disabled()
    );
}

#[test]
fn p_previews_a_deck_with_three_draws_of_each_drill_and_the_files_problems() {
    let setup = drill_setup();
    std::fs::write(
        setup.decks.path().join("broken.ron"),
        "Deck(id: \"b\", title: \"Broken\", cards: [\n    Term(id: \"t\", term: 42),\n])",
    )
    .unwrap();
    let mut harness = open(&setup);
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::P);
    assert_eq!(harness.state().screen(), ScreenName::Preview);
    assert_eq!(
        harness.state().preview_shown(),
        Some(3),
        "one drill, three draws"
    );
    assert!(shows(&harness, "sums/add · drill · draw 1"));
    assert!(shows(&harness, "sums/add · drill · draw 3"));
    assert_eq!(harness.query_all_by_label_contains("What is ").count(), 3);
    assert!(shows(
        &harness,
        "broken.ron:2:25: `term` takes text in double quotes"
    ));
    press(&mut harness, Key::Escape);
    assert_eq!(harness.state().screen(), ScreenName::Home);
}

#[test]
fn the_answer_box_keeps_its_width_from_one_card_to_the_next() {
    let setup = setup();
    std::fs::write(
        setup.decks.path().join("mini.ron"),
        r#"Deck(id: "mini", title: "Mini deck", cards: [
            Term(id: "churn", term: "Churn rate", definition: "The share of customers lost over a period."),
            Drill(id: "add", prompts: ["What is {a} + {b}?"],
                variables: [Range(name: "a", min: 10, max: 99), Range(name: "b", min: 10, max: 99)],
                answer: Number(formula: "a + b", decimals: 0)),
        ])"#,
    )
    .unwrap();
    let mut harness = open(&setup);
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::T);
    harness.run();
    assert!(shows(&harness, "Churn rate"));
    let term_box = harness.get_by_label("Your answer").rect();
    type_answer(&mut harness, "customers lost in a period");
    press(&mut harness, Key::Num5);
    assert!(shows(&harness, "calculate"), "the drill is next");
    let drill_box = harness.get_by_label("Your answer").rect();
    assert_eq!(
        (term_box.left(), term_box.width()),
        (drill_box.left(), drill_box.width()),
        "the box stays where it was"
    );
}

/// The shipped course's topics run longer than an 800×600 window: End
/// still reaches the last one (the page's height is learnt as it is drawn).
#[test]
fn end_on_home_reaches_the_last_topic_of_the_shipped_course_at_800_by_600() {
    let setup = setup();
    let mut harness = small_window(&setup, &shipped_decks());
    press(&mut harness, Key::End);
    let last = harness.get_by_label_contains("Customer satisfaction score (CSAT) ·");
    assert!(last.is_focused());
    assert!(
        harness.ctx.content_rect().contains_rect(last.rect()),
        "in view: {:?}",
        last.rect()
    );
    assert_eq!(harness.state().highlighted_row(), None);
}

/// Every screen sits in the one central panel: a preview opened from a
/// home scrolled down starts at its first card, not at home's offset.
#[test]
fn a_screen_opens_at_its_top_whatever_the_screen_before_was_scrolled_to() {
    let setup = setup();
    let mut harness = small_window(&setup, &shipped_decks());
    for _ in 0..8 {
        press(&mut harness, Key::ArrowDown);
    }
    assert!(
        harness
            .get_by_label("Study Calculation drills")
            .is_focused()
    );
    press(&mut harness, Key::P);
    assert_eq!(harness.state().screen(), ScreenName::Preview);
    let first = harness
        .query_all_by_label_contains("calculations/nps-from-counts")
        .next()
        .expect("the first card is listed");
    assert!(
        harness.ctx.content_rect().contains_rect(first.rect()),
        "the first card is in view: {:?}",
        first.rect()
    );
}

/// A worked solution that fits the window is shown whole once checked,
/// above the grade bar that appears with it (at 800×600 its last line
/// used to sit behind the bar).
#[test]
fn a_checked_drill_s_solution_that_fits_is_shown_whole_above_the_grade_bar() {
    let setup = setup();
    std::fs::remove_file(setup.decks.path().join("mini.ron")).unwrap();
    std::fs::copy(
        shipped_decks().join("08-calculations.ron"),
        setup.decks.path().join("08-calculations.ron"),
    )
    .unwrap();
    let mut harness = small_window(&setup, setup.decks.path());
    harness.get_by_label("Study Calculation drills").click();
    harness.run();
    assert!(shows(&harness, "Work out the NPS"), "the first drill");
    type_answer(&mut harness, "1");
    let bar_top = harness.get_by_label_contains("0 Blackout").rect().min.y;
    let last = harness
        .get_by_label_contains("The course gives the three groups")
        .rect();
    assert!(
        last.max.y <= bar_top,
        "the last line ({last:?}) ends above the grade bar ({bar_top})"
    );
    assert!(last.min.y >= 0.0);
}

/// At 800×600 the course's title gives way to home's buttons (cut short
/// with "…"), instead of running under them.
#[test]
fn home_s_title_and_buttons_do_not_overlap_at_800_by_600() {
    let setup = setup();
    let harness = small_window(&setup, &shipped_decks());
    let title = harness.get_by_label("Customer centricity").rect();
    let stats = harness.get_by_label("Statistics (S)").rect();
    assert!(
        title.max.x <= stats.min.x,
        "title {title:?}, Statistics {stats:?}"
    );
    assert!(harness.ctx.content_rect().contains_rect(stats));
}

#[test]
fn left_and_right_step_through_home_s_topics_in_reading_order() {
    let setup = twelve_decks();
    let mut harness = open(&setup);
    press(&mut harness, Key::End);
    assert!(harness.get_by_label("topic-12 · 1").is_focused());
    press(&mut harness, Key::ArrowLeft);
    assert!(harness.get_by_label("topic-11 · 1").is_focused());
    press(&mut harness, Key::ArrowLeft);
    assert!(harness.get_by_label("topic-10 · 1").is_focused());
    press(&mut harness, Key::ArrowRight);
    assert!(harness.get_by_label("topic-11 · 1").is_focused());
    press(&mut harness, Key::Enter);
    assert!(shows(&harness, "Topic: topic-11"));
}

/// Home pressed while End is still on its way wins: the page goes back to
/// the top and stays there.
#[test]
fn home_pressed_before_end_arrives_goes_to_the_top_and_stays() {
    let setup = setup();
    let mut harness = small_window(&setup, &shipped_decks());
    harness.key_press(Key::End);
    harness.step();
    press(&mut harness, Key::Home);
    for _ in 0..10 {
        harness.step();
    }
    let all = harness.get_by_label("Study All decks");
    assert!(all.is_focused());
    assert!(harness.ctx.content_rect().contains_rect(all.rect()));
}

#[test]
fn end_on_a_home_without_topics_chooses_the_last_deck() {
    let setup = setup();
    let mut harness = open(&setup);
    press(&mut harness, Key::End);
    assert!(harness.get_by_label("Study Mini deck").is_focused());
    assert_eq!(harness.state().highlighted_row(), Some(1));
}
