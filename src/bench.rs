//! `cardwise bench`: a synthetic course and review history of a given size,
//! and how long each operation the learner waits for takes on it, as the
//! median of several runs. Everything runs through the same code as the app.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

use crate::deck::{Library, load_paths};
use crate::key::{CardId, CardKey, DeckId, Direction};
use crate::plan::{self, Limits, Scope, Session};
use crate::sched::{CardProgress, Day, DayRules, Quality};
use crate::store::{Answer, DATABASE_FILE, Store};

/// Reviews in the history per card of the course.
pub const REVIEWS_PER_CARD: usize = 10;
/// Cards per synthetic deck file.
const CARDS_PER_DECK: usize = 1000;
/// Tags the synthetic cards are spread over.
const TOPICS: usize = 40;

pub struct Options {
    pub cards: usize,
    /// Where to build the course and history; a temporary folder if `None`.
    pub dir: Option<PathBuf>,
    /// Runs per measurement (the median is reported).
    pub runs: usize,
}

/// One row of the report.
pub struct Row {
    pub what: &'static str,
    pub measured: String,
    pub target: &'static str,
    pub ok: Option<bool>,
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs.max(1))
            .map(|_| {
                let start = Instant::now();
                let value = std::hint::black_box(f());
                let elapsed = start.elapsed();
                // Freeing the result is not part of the operation.
                drop(value);
                elapsed
            })
            .collect(),
    )
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn row(what: &'static str, measured: Duration, target: &'static str, limit: Duration) -> Row {
    Row {
        what,
        measured: ms(measured),
        target,
        ok: Some(measured < limit),
    }
}

/// Build the course and history, measure, and print the table to `out`.
pub fn run(options: &Options, out: &mut dyn Write) -> Result<Vec<Row>, String> {
    let temp;
    let dir = match &options.dir {
        Some(dir) => dir.clone(),
        None => {
            temp =
                tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
            temp.path().to_path_buf()
        }
    };
    let decks = dir.join("decks");
    let data = dir.join("data");
    let say = |out: &mut dyn Write, text: String| {
        let _ = writeln!(out, "{text}");
        let _ = out.flush();
    };

    let started = Instant::now();
    write_course(&decks, options.cards)?;
    let library = load_paths(std::slice::from_ref(&decks));
    if !library.broken.is_empty() {
        return Err(format!(
            "the synthetic course does not load: {:?}",
            library.broken[0].problems
        ));
    }
    let reviews = write_history(&library, &data)?;
    say(
        out,
        format!(
            "course: {} cards in {} deck{}, {reviews} reviews, in {} (built in {:.1} s)",
            library.card_count(),
            library.decks.len(),
            if library.decks.len() == 1 { "" } else { "s" },
            dir.display(),
            started.elapsed().as_secs_f64()
        ),
    );

    let mut rows = Vec::new();
    let runs = options.runs;

    let cold = cold_start(&decks, &data, runs)?;
    rows.push(row(
        "cold start to the first frame of home",
        cold.0,
        "< 0.5 s",
        Duration::from_millis(500),
    ));

    // Loading does not sample drills (`check` does): a course of a
    // thousand drills starts as fast as one of terms.
    let drill_course = dir.join("drill-course");
    rows.push(match write_drill_course(&drill_course, 1_000)? {
        Some(drills) => {
            let (first_frame, _) = cold_start(
                &drill_course.join("decks"),
                &drill_course.join("data"),
                runs,
            )?;
            Row {
                what: "cold start, a thousand drills loaded",
                measured: format!("{} ({drills} drills)", ms(first_frame)),
                target: "< 0.5 s",
                ok: Some(first_frame < Duration::from_millis(500)),
            }
        }
        None => Row {
            what: "cold start, a thousand drills loaded",
            measured: "not measured: the shipped drills were not found".to_string(),
            target: "< 0.5 s",
            ok: None,
        },
    });

    // `cardwise stats --json` as a script runs it: a child process, wall
    // time to its exit.
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let stats_json = time(runs, || {
        Command::new(&exe)
            .arg("--decks")
            .arg(&decks)
            .arg("--data-dir")
            .arg(&data)
            .args(["stats", "--json"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    rows.push(row(
        "cardwise stats --json",
        stats_json,
        "< 0.5 s",
        Duration::from_millis(500),
    ));

    let load = time(runs, || load_paths(std::slice::from_ref(&decks)));
    rows.push(row(
        "load + validate the course",
        load,
        "< 0.3 s",
        Duration::from_millis(300),
    ));

    let open = time(runs, || {
        Store::open(&data).map(|o| o.store.all_progress().count())
    });
    rows.push(row(
        "open the progress, every card state ready",
        open,
        "< 0.2 s",
        Duration::from_millis(200),
    ));

    let mut store = Store::open(&data).map_err(|e| e.to_string())?.store;
    let rebuild = time(runs.min(3), || store.rebuild_cache());
    rows.push(row(
        "rebuild the state cache from the whole log",
        rebuild,
        "< 2 s",
        Duration::from_secs(2),
    ));

    // The statistics screen: the log read once (then kept and brought up
    // to date), and every number of the overview of all decks from it.
    let read_log = time(runs.min(3), || store.history().map(|h| h.len()));
    let history = store.history().map_err(|e| e.to_string())?;
    let last_day = history
        .answers
        .iter()
        .map(|a| a.day)
        .max()
        .unwrap_or(Day::from_number(0));
    rows.push(Row {
        what: "statistics: read the review log (once)",
        measured: format!("{} ({} answers)", ms(read_log), history.len()),
        target: "",
        ok: None,
    });
    let numbers = time(runs, || {
        crate::stats::overview::overview(
            &library,
            &store,
            &history,
            Scope::All,
            last_day,
            Limits::new(20),
        )
    });
    rows.push(row(
        "statistics: every number, all decks",
        numbers,
        "< 100 ms",
        Duration::from_millis(100),
    ));
    drop(history);

    // The card browser: its rows made once when it opens, then a search at
    // every keystroke (the slowest of a few typical searches).
    let cards = crate::browse::rows(&library, &store);
    let searches = [
        "definition of term 12",
        "deck:bench-007 is:due",
        "prop:ease<2 lapses>1",
        "tag:nps-3",
    ];
    let search = searches
        .iter()
        .map(|text| {
            time(runs.max(5), || {
                crate::browse::Query::parse(text).map(|query| {
                    cards
                        .iter()
                        .filter(|card| query.matches(card, &library, last_day))
                        .count()
                })
            })
        })
        .max()
        .unwrap_or_default();
    rows.push(row(
        "card browser: a search, every card",
        search,
        "< 16 ms",
        Duration::from_millis(16),
    ));
    drop(cards);

    let far = Day::from_number(1_000_000);
    let limits = Limits::new(20);
    // As the app does once the decks and the progress are both loaded.
    plan::arrange(&mut store, &library);
    let everything = plan::today_queue(&library, &store, Scope::All, far, limits);
    let queue = time(runs.max(10), || {
        plan::today_queue(&library, &store, Scope::All, far, limits)
    });
    rows.push(Row {
        what: "build today's queue, every card due",
        measured: format!("{} ({} cards)", ms(queue), everything.len()),
        target: "< 20 ms",
        ok: Some(queue < Duration::from_millis(20)),
    });

    // The worst order: every deck shuffled since its cards were first
    // studied. The app lays the progress out anew once, then walks fast.
    let mut shuffled = load_paths(std::slice::from_ref(&decks));
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2);
    for deck in &mut shuffled.decks {
        deck.cards.shuffle(&mut rng);
    }
    let mut reordered = Store::open_read_only(&data).map_err(|e| e.to_string())?;
    let relayout = {
        let start = Instant::now();
        let moved = plan::arrange(&mut reordered, &shuffled);
        (start.elapsed(), moved)
    };
    rows.push(Row {
        what: "lay the progress out anew, every deck reordered",
        measured: format!("{} ({} decks, once)", ms(relayout.0), relayout.1),
        target: "",
        ok: None,
    });
    let queue = time(runs.max(10), || {
        plan::today_queue(&shuffled, &reordered, Scope::All, far, limits)
    });
    rows.push(row(
        "build today's queue, every deck reordered",
        queue,
        "< 20 ms",
        Duration::from_millis(20),
    ));
    drop((reordered, shuffled));

    // Frames first: in a small course the answers below would leave
    // nothing due on the frames' day. (The window needs the store closed.)
    drop(store);
    let frames = frames(&decks, &data)?;
    let mut store = Store::open(&data).map_err(|e| e.to_string())?.store;
    let (answer, fsync) = answer_to_next_card(&library, &mut store, &dir)?;
    rows.push(Row {
        what: "answer → next card, answer durable",
        measured: format!("{} (one fsync here: {})", ms(answer), ms(fsync)),
        target: "< 5 ms + one fsync",
        ok: Some(answer < Duration::from_millis(5) + fsync),
    });
    drop(store);

    for (what, frame) in frames {
        rows.push(row(what, frame, "< 8 ms", Duration::from_millis(8)));
    }

    rows.push(Row {
        what: "peak memory of the app (cold start)",
        measured: cold.1.map_or_else(
            || "not measured".to_string(),
            |kb| format!("{:.0} MB", kb as f64 / 1024.0),
        ),
        target: "< 200 MB",
        ok: cold.1.map(|kb| kb < 200 * 1024),
    });

    let (whole, appended) = growth(&data, reviews)?;
    rows.push(Row {
        what: "progress folder per review",
        measured: format!("{whole:.1} bytes (by appending: {appended:.1})"),
        target: "< 64 bytes",
        ok: Some(whole < 64.0 && appended < 64.0),
    });

    // Last, as it writes: one card direction in a hundred suspended in one
    // step (a browser action on many rows), then today's queue around them.
    let (act, held, queue) = held_cards(&library, &data, runs)?;
    rows.push(row(
        "suspend 1% of the cards, one step",
        act,
        "< 100 ms",
        Duration::from_millis(100),
    ));
    rows.push(Row {
        what: "build today's queue, 1% suspended",
        measured: format!("{} ({held} held out)", ms(queue)),
        target: "< 20 ms",
        ok: Some(queue < Duration::from_millis(20)),
    });

    let width = rows
        .iter()
        .map(|r| r.what.chars().count())
        .max()
        .unwrap_or(0);
    say(
        out,
        format!(
            "{:<width$}  {:>36}  {:>18}",
            "what", "measured (median)", "target"
        ),
    );
    for r in &rows {
        let mark = match r.ok {
            Some(true) => "ok",
            Some(false) => "SLOW",
            None => "",
        };
        say(
            out,
            format!(
                "{:<width$}  {:>36}  {:>18}  {mark}",
                r.what, r.measured, r.target
            ),
        );
    }
    Ok(rows)
}

const TOPIC_NAMES: [&str; 8] = [
    "value", "crm", "nps", "loyalty", "culture", "pricing", "segments", "metrics",
];

/// Decks of [`CARDS_PER_DECK`] cards (terms, half asked both ways; lists;
/// choices), plus the shipped drills when the shipped decks are found.
pub fn write_course(decks: &Path, cards: usize) -> Result<(), String> {
    std::fs::create_dir_all(decks)
        .map_err(|e| format!("cannot create {}: {e}", decks.display()))?;
    // A course of another size written here before: only its own files go.
    for entry in std::fs::read_dir(decks)
        .map_err(|e| e.to_string())?
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name == "drills.ron"
            || name
                .strip_prefix("deck-")
                .and_then(|n| n.strip_suffix(".ron"))
                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
        if ours {
            std::fs::remove_file(entry.path()).map_err(|e| e.to_string())?;
        }
    }
    for deck in 0..cards.div_ceil(CARDS_PER_DECK) {
        let mut text = format!(
            "Deck(\n    id: \"bench-{deck:03}\",\n    title: \"Synthetic deck {deck}\",\n    description: \"A thousand generated cards for measuring.\",\n    cards: [\n"
        );
        let first = deck * CARDS_PER_DECK;
        for i in first..(first + CARDS_PER_DECK).min(cards) {
            let tags = format!(
                "[\"{}-{}\", \"{}-{}\"]",
                TOPIC_NAMES[i % 8],
                i % TOPICS,
                TOPIC_NAMES[(i / 8) % 8],
                (i / 7) % TOPICS
            );
            let card = match i % 20 {
                0..12 => format!(
                    "        Term(id: \"t{i}\", term: \"Term number {i}\", definition: \"The definition of term {i}, in a sentence of ordinary length.\", reverse: {}, tags: {tags}),\n",
                    i % 2 == 0
                ),
                12..17 => format!(
                    "        List(id: \"l{i}\", prompt: \"The four parts of idea {i}\", items: [\"First part\", \"Second part\", \"Third part\", \"Fourth part\"], ordered: true, tags: {tags}),\n"
                ),
                _ => format!(
                    "        Choice(id: \"c{i}\", question: \"Which option fits statement {i}?\", options: [\"Option one\", \"Option two\", \"Option three\", \"Option four\"], answers: [\"B\"], explanation: \"Option two is right.\", tags: {tags}),\n"
                ),
            };
            text.push_str(&card);
        }
        text.push_str("    ],\n)\n");
        let path = decks.join(format!("deck-{deck:03}.ron"));
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let drills = crate::paths::shipped_decks().join("08-calculations.ron");
    if let Ok(text) = std::fs::read_to_string(&drills) {
        std::fs::write(decks.join("drills.ron"), text).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Copies of the shipped drills, each under its own deck id, until there
/// are at least `count`; `None` when the shipped drills are not found.
/// The progress folder beside the decks starts empty.
fn write_drill_course(dir: &Path, count: usize) -> Result<Option<usize>, String> {
    let shipped = crate::paths::shipped_decks().join("08-calculations.ron");
    let Ok(text) = std::fs::read_to_string(&shipped) else {
        return Ok(None);
    };
    let per_deck = text.matches("Drill(").count();
    if per_deck == 0 || !text.contains("id: \"calculations\"") {
        return Ok(None);
    }
    let decks = dir.join("decks");
    let data = dir.join("data");
    if data.exists() {
        std::fs::remove_dir_all(&data)
            .map_err(|e| format!("cannot empty {}: {e}", data.display()))?;
    }
    std::fs::create_dir_all(&decks)
        .map_err(|e| format!("cannot create {}: {e}", decks.display()))?;
    let copies = count.div_ceil(per_deck);
    for copy in 0..copies {
        let deck = text
            .replacen(
                "id: \"calculations\"",
                &format!("id: \"drills-{copy:03}\""),
                1,
            )
            .replacen(
                "title: \"Calculation drills\"",
                &format!("title: \"Calculation drills {copy}\""),
                1,
            );
        let path = decks.join(format!("drills-{copy:03}.ron"));
        std::fs::write(&path, deck).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(Some(copies * per_deck))
}

/// A review history: [`REVIEWS_PER_CARD`] reviews a card on average,
/// simulated with SM-2 over years, written through the store in time order.
/// New cards start in the author's order, as a learner meets them.
pub fn write_history(library: &Library, data: &Path) -> Result<usize, String> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    // Each key with the day its deck was started and its place in the deck.
    let mut keys: Vec<(CardKey, i32, usize)> = Vec::new();
    for deck in &library.decks {
        let start = 18_000 + rng.random_range(0..200);
        keys.extend(
            deck.study_items()
                .enumerate()
                .map(|(place, (c, d))| (deck.key(&deck.cards[c], d), start, place)),
        );
    }
    let total = library.card_count() * REVIEWS_PER_CARD;
    // (day, minute, key, grade), simulated card by card, then sorted.
    let mut events: Vec<(i32, u16, u32, u8)> = Vec::with_capacity(total);
    let per_key = total / keys.len().max(1);
    for (index, &(_, start, place)) in keys.iter().enumerate() {
        let extra = usize::from(index < total % keys.len().max(1));
        // New cards come in the author's order, a day's limit at a time,
        // first thing in the day (minute 0), as the queue introduces them.
        let mut day = Day::from_number(start + i32::try_from(place / 20).unwrap_or(0));
        let mut minute = 0;
        let mut progress: Option<CardProgress> = None;
        for _ in 0..per_key + extra {
            let grade = match rng.random_range(0..100) {
                0..2 => 0,
                2..5 => 1,
                5..13 => 2,
                13..25 => 3,
                25..70 => 4,
                _ => 5,
            };
            let quality = Quality::new(grade).unwrap_or(crate::sched::QUALITIES[4]);
            let (after, _) = CardProgress::answered(progress.as_ref(), quality, day);
            events.push((
                day.number(),
                minute,
                u32::try_from(index).unwrap_or(0),
                grade,
            ));
            day = after.due_day;
            minute = rng.random_range(1..600);
            progress = Some(after);
        }
    }
    events.sort_unstable();
    let _ = std::fs::remove_dir_all(data);
    let mut store = Store::open(data).map_err(|e| e.to_string())?.store;
    let rules = DayRules::new(jiff::tz::TimeZone::UTC, 4);
    let answers = events.iter().map(|&(day, minute, key, grade)| Answer {
        key: keys[key as usize].0.clone(),
        quality: Quality::new(grade).unwrap_or(crate::sched::QUALITIES[4]),
        // Noon plus a few hours: well inside the study day.
        answered_at: jiff::Timestamp::from_second(
            i64::from(day) * 86_400 + 12 * 3600 + i64::from(minute) * 10,
        )
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH),
        elapsed_ms: 4_000,
        fingerprint: None,
        checked: None,
    });
    store
        .record_many(answers, &rules)
        .map_err(|e| e.to_string())
}

/// Spawn the app to its first frame of home (headless) `runs` times: the
/// median wall time from spawn to drawn frame, and the child's peak memory.
fn cold_start(decks: &Path, data: &Path, runs: usize) -> Result<(Duration, Option<u64>), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut peak = None;
    let mut samples = Vec::new();
    for _ in 0..runs.max(1) {
        use std::io::BufRead;
        let start = Instant::now();
        let mut child = Command::new(&exe)
            .arg("first-frame")
            .arg("--decks")
            .arg(decks)
            .arg("--data-dir")
            .arg(data)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
        // Timed to the moment the frame is drawn (the child says so), not
        // to the end of the process: freeing memory at exit is no wait of
        // the learner's.
        let mut line = String::new();
        if let Some(stdout) = child.stdout.take() {
            std::io::BufReader::new(stdout)
                .read_line(&mut line)
                .map_err(|e| e.to_string())?;
        }
        samples.push(start.elapsed());
        let output = child.wait_with_output().map_err(|e| e.to_string())?;
        if !output.status.success() || line.is_empty() {
            return Err(format!(
                "first-frame failed: {line}{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        peak = line
            .split_whitespace()
            .skip_while(|w| *w != "peak_kb")
            .nth(1)
            .and_then(|kb| kb.parse().ok())
            .or(peak);
    }
    Ok((median(samples), peak))
}

/// Record an answer through the store (committed, synced) and move the
/// session on, many times: the median. Also the median of one plain
/// write + fsync of a small file in the same folder, for comparison.
fn answer_to_next_card(
    library: &Library,
    store: &mut Store,
    dir: &Path,
) -> Result<(Duration, Duration), String> {
    let rules = DayRules::new(jiff::tz::TimeZone::UTC, 4);
    let today = Day::from_number(1_000_000);
    let mut session = Session::start(library, store, Scope::All, today, Limits::new(20));
    let mut answer_times = Vec::new();
    let mut at = jiff::Timestamp::from_second(i64::from(today.number()) * 86_400 + 12 * 3600)
        .unwrap_or_default();
    for _ in 0..200 {
        let Some(item) = session.current() else {
            break;
        };
        let start = Instant::now();
        let answer = Answer {
            key: item.key(library),
            quality: Quality::new(4).unwrap_or(crate::sched::QUALITIES[4]),
            answered_at: at,
            elapsed_ms: 3_000,
            fingerprint: Some(item.card(library).fingerprint()),
            checked: None,
        };
        let recorded = store.record(&answer, &rules).map_err(|e| e.to_string())?;
        recorded.saved.map_err(|e| e.to_string())?;
        session.advance(answer.quality);
        std::hint::black_box(
            session
                .current()
                .map(|next| store.progress(&next.key(library))),
        );
        answer_times.push(start.elapsed());
        at = at
            .checked_add(jiff::SignedDuration::from_secs(5))
            .unwrap_or(at);
    }
    let probe = dir.join("fsync-probe");
    let fsyncs = (0..200)
        .map(|i| {
            let start = Instant::now();
            let written = std::fs::write(&probe, format!("{i}"))
                .and_then(|()| std::fs::File::open(&probe))
                .and_then(|f| f.sync_all());
            written.map(|()| start.elapsed())
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&probe);
    Ok((median(answer_times), median(fsyncs)))
}

/// Frames of the real app, headless, as egui_kittest steps them: egui's
/// pass with the accessibility tree on, then tessellation. (The harness
/// itself is a test-only dependency; this is the same work.)
fn frames(decks: &Path, data: &Path) -> Result<Vec<(&'static str, Duration)>, String> {
    let config = crate::ui::AppConfig {
        data_dir: data.to_path_buf(),
        decks_dir: decks.to_path_buf(),
        clock: std::sync::Arc::new(crate::clock::ManualClock::new(
            jiff::Timestamp::from_second(1_000_000 * 86_400 + 12 * 3600).unwrap_or_default(),
        )),
        time_zone: jiff::tz::TimeZone::UTC,
        theme_override: None,
        daily_backup: false,
    };
    let mut app = crate::ui::CardwiseApp::new(config);
    let ctx = egui::Context::default();
    ctx.enable_accesskit();
    let input = |events: Vec<egui::Event>| egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        events,
        ..Default::default()
    };
    let frame = |app: &mut crate::ui::CardwiseApp, events: Vec<egui::Event>| {
        let start = Instant::now();
        let mut output = ctx.run_ui(input(events), |ui| app.show(ui));
        std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
        output.textures_delta.clear();
        start.elapsed()
    };
    let key = |key| egui::Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    };
    let measure = |app: &mut crate::ui::CardwiseApp| time(30, || frame(app, Vec::new()));
    let mut results = Vec::new();
    for _ in 0..3 {
        frame(&mut app, Vec::new());
    }
    results.push(("a frame of home, at the top", measure(&mut app)));
    // Walk the selection to the last deck: home scrolls to it.
    for _ in 0..app.library().decks.len() + 1 {
        frame(&mut app, vec![key(egui::Key::ArrowDown)]);
    }
    results.push(("a frame of home, scrolled to the end", measure(&mut app)));
    app.apply(crate::ui::Action::Study(Scope::All));
    frame(&mut app, Vec::new());
    if app.screen() != crate::ui::ScreenName::Study {
        return Err(format!("the study screen did not open: {:?}", app.screen()));
    }
    results.push(("a frame of study, before the answer", measure(&mut app)));
    frame(&mut app, vec![key(egui::Key::Space)]);
    frame(&mut app, vec![key(egui::Key::Enter)]);
    results.push(("a frame of study, answer shown", measure(&mut app)));
    // The statistics, once the log read beside the window is in.
    let waited = Instant::now();
    app.apply(crate::ui::Action::OpenStats(Scope::All));
    while !app.stats_ready() {
        if waited.elapsed() > Duration::from_secs(60) {
            return Err("the statistics never showed".to_string());
        }
        std::thread::sleep(Duration::from_millis(5));
        frame(&mut app, Vec::new());
    }
    frame(&mut app, Vec::new());
    results.push(("a frame of statistics", measure(&mut app)));
    app.apply(crate::ui::Action::OpenBrowser(String::new()));
    frame(&mut app, Vec::new());
    frame(&mut app, vec![key(egui::Key::ArrowDown)]);
    if app.browser_found().is_none() {
        return Err(format!("the card browser did not open: {:?}", app.screen()));
    }
    results.push((
        "a frame of the card browser, a card chosen",
        measure(&mut app),
    ));
    Ok(results)
}

/// Bytes of the progress folder per review: the whole folder over the
/// whole log, and the growth from appending 2,000 more answers.
fn growth(data: &Path, reviews: usize) -> Result<(f64, f64), String> {
    let size = |data: &Path| -> u64 {
        std::fs::read_dir(data)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .filter(|e| e.file_name().to_string_lossy().starts_with(DATABASE_FILE))
                    .filter_map(|e| e.metadata().ok())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    };
    // Closing the store checkpoints the write-ahead log into the file.
    let before = size(data);
    let mut store = Store::open(data).map_err(|e| e.to_string())?.store;
    let rules = DayRules::new(jiff::tz::TimeZone::UTC, 4);
    let start = 2_000_000 * 86_400;
    let answers = (0..2_000).map(|i| Answer {
        key: CardKey::new(
            DeckId::new("bench-000"),
            CardId::new(format!("t{}", i % 500)),
            Direction::Forward,
        ),
        quality: Quality::new(4).unwrap_or(crate::sched::QUALITIES[4]),
        answered_at: jiff::Timestamp::from_second(start + i * 90_000).unwrap_or_default(),
        elapsed_ms: 4_000,
        fingerprint: None,
        checked: None,
    });
    store
        .record_many(answers, &rules)
        .map_err(|e| e.to_string())?;
    drop(store);
    let after = size(data);
    Ok((
        before as f64 / reviews.max(1) as f64,
        (after.saturating_sub(before)) as f64 / 2_000.0,
    ))
}

/// Suspend one card direction in a hundred (after every other answer of
/// the benchmark, on a day after them all) and build the queue of that day.
/// Returns the action's time, the cards held and the queue's median time.
fn held_cards(
    library: &crate::deck::Library,
    data: &Path,
    runs: usize,
) -> Result<(Duration, usize, Duration), String> {
    let mut store = Store::open(data).map_err(|e| e.to_string())?.store;
    let rules = DayRules::new(jiff::tz::TimeZone::UTC, 4);
    let at = jiff::Timestamp::from_second(2_100_000 * 86_400).map_err(|e| e.to_string())?;
    let keys: Vec<CardKey> = plan::scope_progress(library, &store, Scope::All)
        .step_by(100)
        .map(|w| library.decks[w.deck].key(w.card, w.direction))
        .collect();
    let start = Instant::now();
    let acted = store
        .act(&keys, crate::store::CardAction::Suspend, at, &rules)
        .map_err(|e| e.to_string())?;
    acted.saved.map_err(|e| e.to_string())?;
    let act = start.elapsed();
    let today = rules.day_of(at);
    let limits = Limits::new(20);
    let queue = time(runs.max(10), || {
        plan::today_queue(library, &store, Scope::All, today, limits)
    });
    Ok((act, acted.changed, queue))
}

/// What `cardwise first-frame` does: open the app as the window would and
/// draw one frame of home headless; print the time and the peak memory.
pub fn first_frame(decks: &Path, data: &Path, out: &mut dyn Write) -> Result<(), String> {
    let start = Instant::now();
    let config = crate::ui::AppConfig {
        data_dir: data.to_path_buf(),
        decks_dir: decks.to_path_buf(),
        clock: std::sync::Arc::new(crate::clock::SystemClock),
        time_zone: jiff::tz::TimeZone::system(),
        theme_override: None,
        daily_backup: false,
    };
    let mut app = crate::ui::CardwiseApp::new(config);
    let ctx = egui::Context::default();
    ctx.enable_accesskit();
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..Default::default()
    };
    let mut output = ctx.run_ui(input, |ui| app.show(ui));
    std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
    // No GPU here to upload the font atlas to.
    output.textures_delta.clear();
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        .unwrap_or_else(|| "unknown".into());
    writeln!(
        out,
        "frame_ms {:.1} peak_kb {peak}",
        start.elapsed().as_secs_f64() * 1000.0
    )
    .map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())
}
