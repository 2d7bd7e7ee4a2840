//! The command line: flags, subcommands, and what each prints.
//!
//! Every subcommand is a thin call into the library; `main.rs` only parses
//! and dispatches.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::deck::load_paths;
use crate::paths;
use crate::sched::{DayRules, Quality, Sm2State};
use crate::stats;
use crate::store::{self, Store};

#[derive(Debug, Parser)]
#[command(
    name = "cardwise",
    version,
    about = "Spaced-repetition study of the customer-centricity course.",
    long_about = "Spaced-repetition study of the customer-centricity course.\n\n\
                  With no command, opens the study window on the decks."
)]
pub struct Cli {
    /// Folder that holds your progress [default: the platform's data folder]
    #[arg(long, global = true, value_name = "DIR", env = "CARDWISE_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// Folder of deck files (*.ron) to study [default: the shipped decks]
    #[arg(long, global = true, value_name = "DIR", env = "CARDWISE_DECKS_DIR")]
    pub decks: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check deck files or folders; print each problem as file:line:col: message
    Check {
        /// Deck files or folders [default: the deck folder]
        paths: Vec<PathBuf>,
    },
    /// Print the SM-2 trace of one new card answered with these grades (0–5)
    Sm2 {
        /// Grades in answer order, each 0 (blackout) to 5 (perfect)
        #[arg(required = true, allow_negative_numbers = true, value_parser = parse_grade)]
        grades: Vec<Quality>,
    },
    /// Show every card of deck files or folders as the learner sees it:
    /// choices in their shown order with the key, drills with their
    /// numbers, answer, worked solution, hints and usual mistakes
    Preview {
        /// A deck file or folder
        path: PathBuf,
        /// Only the card with this id
        #[arg(long, value_name = "ID")]
        card: Option<String>,
        /// Draws per drill (and orders per choice question)
        #[arg(long, default_value_t = 3, value_name = "N")]
        draws: u32,
        /// The first review to show (a learner's review number): the same
        /// seed shows the same numbers and order
        #[arg(long, default_value_t = 0, value_name = "S")]
        seed: u32,
        /// Judge this answer as the learner would give it: a number for a
        /// drill, option letters as shown for a choice
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        answer: Option<String>,
        /// One JSON object a card and draw, a line each
        #[arg(long)]
        json: bool,
    },
    /// Write a practice exam with fresh drill numbers and its answer key
    /// (worked solutions), as text, printable HTML or JSON. Reads decks
    /// only: nobody's progress is touched
    Exam {
        /// A deck file or folder [default: the deck folder]
        path: Option<PathBuf>,
        /// How many questions (fewer if the decks hold fewer cards)
        #[arg(long, default_value_t = 20, value_name = "N")]
        questions: usize,
        /// The same seed draws the same exam [default: a new one, printed]
        #[arg(long, value_name = "S")]
        seed: Option<u64>,
        /// Only this deck (its id); give it again for more decks
        #[arg(long = "deck", value_name = "ID")]
        deck: Vec<String>,
        /// Only cards with this tag; give it again for more tags
        #[arg(long = "tag", value_name = "TAG")]
        tag: Vec<String>,
        /// Write the exam as a printable HTML page (questions, then the
        /// key on a page of its own)
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// One JSON object a question, a line each
        #[arg(long)]
        json: bool,
    },
    /// Make a deck from term/definition pairs (TSV, CSV, a quiz site's
    /// text export) or question-and-dash notes
    Import {
        /// The file to read
        file: PathBuf,
        /// tsv, csv, quizlet or qa [default: from the file's extension;
        /// quizlet for any other]
        #[arg(long, value_name = "FORMAT")]
        format: Option<String>,
        /// The new deck's id (its cards' progress is kept under it)
        #[arg(long, value_name = "ID")]
        deck_id: String,
        /// The new deck's title
        #[arg(long, value_name = "TITLE")]
        title: String,
        /// Where to write the deck (a .ron file)
        #[arg(long, value_name = "DECK.ron")]
        out: PathBuf,
        /// quizlet: what separates a term from its definition [default: a tab]
        #[arg(long, value_name = "TEXT")]
        term_separator: Option<String>,
        /// quizlet: what separates cards [default: a line break]
        #[arg(long, value_name = "TEXT")]
        card_separator: Option<String>,
        /// Replace the output file if it exists
        #[arg(long)]
        force: bool,
    },
    /// Write a printable study sheet of a deck or folder: cards grouped by
    /// topic with their answers, each drill with one worked example
    Export {
        /// A deck file or folder [default: the deck folder]
        path: Option<PathBuf>,
        /// Write it as a printable HTML page
        #[arg(long, value_name = "FILE", required_unless_present = "markdown")]
        html: Option<PathBuf>,
        /// Write it as Markdown
        #[arg(long, value_name = "FILE")]
        markdown: Option<PathBuf>,
    },
    /// Print per-deck and total counts: cards, new, due today, reviews
    Stats {
        /// One JSON object instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Measure speed, memory and size on a synthetic course and history
    #[cfg(feature = "gui")]
    Bench {
        /// Cards in the synthetic course (it gets 10 reviews per card)
        #[arg(long, default_value_t = 100_000)]
        cards: usize,
        /// Build the course and history here [default: a temporary folder]
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Runs per measurement; the median is reported
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// For the benchmark: open the app, draw one frame of home headless,
    /// print the time taken and the peak memory
    #[command(hide = true)]
    #[cfg(feature = "gui")]
    FirstFrame,
    /// For testing: answer made-up cards in a loop through the real store,
    /// printing "ack SEQ" once each answer is on disk
    #[command(hide = true)]
    AnswerLoop {
        /// Stop after this many answers [default: never]
        #[arg(long)]
        count: Option<u64>,
    },
}

fn parse_grade(text: &str) -> Result<Quality, String> {
    text.trim()
        .parse::<u8>()
        .ok()
        .and_then(Quality::new)
        .ok_or_else(|| format!("\"{text}\" is not a grade: grades are whole numbers from 0 to 5"))
}

impl Cli {
    pub fn decks_dir(&self) -> PathBuf {
        paths::decks_dir(self.decks.as_deref())
    }

    pub fn data_dir(&self) -> Result<PathBuf, String> {
        paths::data_dir(self.data_dir.as_deref()).ok_or_else(|| {
            "cannot find a data folder for this user; pass --data-dir DIR or set CARDWISE_DATA_DIR"
                .to_string()
        })
    }
}

/// Run a subcommand, writing to `out` and `err`.
pub fn run(cli: &Cli, command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let result = match command {
        Command::Check { paths } => check(cli, paths, out, err),
        Command::Sm2 { grades } => sm2(grades, out),
        Command::Stats { json } => stats(cli, *json, out, err),
        Command::Preview {
            path,
            card,
            draws,
            seed,
            answer,
            json,
        } => {
            let options = crate::preview::Options {
                card: card.clone(),
                draws: *draws,
                seed: *seed,
                answer: answer.clone(),
            };
            preview(path, &options, *json, out, err)
        }
        Command::Exam {
            path,
            questions,
            seed,
            deck,
            tag,
            html,
            json,
        } => {
            let path = path.clone().unwrap_or_else(|| cli.decks_dir());
            let options = crate::exam::Options {
                questions: *questions,
                seed: seed.unwrap_or_else(rand::random),
                decks: deck.clone(),
                tags: tag.clone(),
            };
            exam(&path, &options, html.as_deref(), *json, out, err)
        }
        Command::Import {
            file,
            format,
            deck_id,
            title,
            out: to,
            term_separator,
            card_separator,
            force,
        } => {
            let format = match format {
                Some(name) => crate::import::Format::from_name(name).ok_or_else(|| {
                    format!("--format {name} is not known: give tsv, csv, quizlet or qa")
                }),
                None => Ok(match file.extension().and_then(|e| e.to_str()) {
                    Some("tsv") => crate::import::Format::Tsv,
                    Some("csv") => crate::import::Format::Csv,
                    _ => crate::import::Format::Quizlet,
                }),
            };
            let unescape = |s: &str| s.replace("\\t", "\t").replace("\\n", "\n");
            let mut separators = crate::import::Separators::default();
            if let Some(s) = term_separator {
                separators.term = unescape(s);
            }
            if let Some(s) = card_separator {
                separators.card = unescape(s);
            }
            format.and_then(|format| {
                import(
                    file,
                    format,
                    &separators,
                    deck_id,
                    title,
                    to,
                    *force,
                    out,
                    err,
                )
            })
        }
        Command::Export {
            path,
            html,
            markdown,
        } => {
            let path = path.clone().unwrap_or_else(|| cli.decks_dir());
            export(&path, html.as_deref(), markdown.as_deref(), out, err)
        }
        Command::AnswerLoop { count } => answer_loop(cli, *count, out),
        #[cfg(feature = "gui")]
        Command::Bench { cards, dir, runs } => {
            let options = crate::bench::Options {
                cards: *cards,
                dir: dir.clone(),
                runs: *runs,
            };
            crate::bench::run(&options, out).map(|rows| {
                if rows.iter().any(|r| r.ok == Some(false)) {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            })
        }
        #[cfg(feature = "gui")]
        Command::FirstFrame => cli
            .data_dir()
            .and_then(|data| crate::bench::first_frame(&cli.decks_dir(), &data, out))
            .map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        // The reader went away (`cardwise stats | head -1`): nothing to say.
        Err(message) if message == CLOSED => ExitCode::SUCCESS,
        Err(message) => {
            let _ = writeln!(err, "cardwise: {message}");
            ExitCode::from(2)
        }
    }
}

/// The output's reader closed it early.
const CLOSED: &str = "the output was closed";

/// `cardwise export`: the study sheet, as HTML and/or Markdown.
fn export(
    path: &Path,
    html: Option<&Path>,
    markdown: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode, String> {
    if !path.exists() {
        return Err(format!("{} does not exist", path.display()));
    }
    let library = load_paths(&[path.to_path_buf()]);
    for problem in library.problems() {
        writeln!(err, "{}", problem.as_warning()).map_err(io_error)?;
    }
    if library.decks.is_empty() {
        return Err(format!("no deck loads from {}", path.display()));
    }
    let title = library
        .course
        .as_ref()
        .map_or_else(|| "Study sheet".to_string(), |c| c.title.clone());
    let cards: usize = library.decks.iter().map(|d| d.cards.len()).sum();
    for (file, text) in [
        (html, html.map(|_| crate::export::html(&library, &title))),
        (
            markdown,
            markdown.map(|_| crate::export::markdown(&library, &title)),
        ),
    ] {
        if let (Some(file), Some(text)) = (file, text) {
            std::fs::write(file, text)
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
            writeln!(
                out,
                "wrote {} deck{} ({cards} cards) to {}",
                library.decks.len(),
                if library.decks.len() == 1 { "" } else { "s" },
                file.display()
            )
            .map_err(io_error)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `cardwise import`: read, write the deck, check it.
#[allow(clippy::too_many_arguments)]
fn import(
    file: &Path,
    format: crate::import::Format,
    separators: &crate::import::Separators,
    deck_id: &str,
    title: &str,
    to: &Path,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode, String> {
    if deck_id.trim().is_empty() || deck_id.chars().any(char::is_whitespace) {
        return Err(format!(
            "--deck-id \"{deck_id}\" cannot be a deck id: no spaces; letters, digits, '-' or '_'"
        ));
    }
    if to.exists() && !force {
        return Err(format!(
            "{} exists already: give another --out, or --force to replace it",
            to.display()
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        format!(
            "{} is not UTF-8 text: save it as UTF-8 (most editors offer it under Save As or Encoding)",
            file.display()
        )
    })?;
    let read = crate::import::read(&text, format, separators)?;
    for skipped in &read.skipped {
        writeln!(
            err,
            "{}:{}: skipped: {}",
            file.display(),
            skipped.line,
            skipped.reason
        )
        .map_err(io_error)?;
    }
    if read.cards.is_empty() {
        return Err(format!(
            "no card found in {}: is --format right? (tsv, csv, quizlet or qa)",
            file.display()
        ));
    }
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let ron = crate::import::to_ron(&read, deck_id, title, &name);
    // What is written must load: check it before writing.
    if let Err(problems) = crate::deck::parse_deck(to, &ron) {
        for problem in &problems {
            writeln!(err, "{problem}").map_err(io_error)?;
        }
        return Ok(ExitCode::from(1));
    }
    std::fs::write(to, ron).map_err(|e| format!("cannot write {}: {e}", to.display()))?;
    writeln!(
        out,
        "wrote {} card{} to {} (deck \"{deck_id}\"); {} line{} skipped",
        read.cards.len(),
        if read.cards.len() == 1 { "" } else { "s" },
        to.display(),
        read.skipped.len(),
        if read.skipped.len() == 1 { "" } else { "s" },
    )
    .map_err(io_error)?;
    Ok(ExitCode::SUCCESS)
}

/// `cardwise exam`: draw the exam, then write it where asked.
fn exam(
    path: &Path,
    options: &crate::exam::Options,
    html: Option<&Path>,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode, String> {
    if !path.exists() {
        return Err(format!("{} does not exist", path.display()));
    }
    if options.questions == 0 {
        return Err("--questions 0 asks for no question: give 1 or more".to_string());
    }
    let library = load_paths(&[path.to_path_buf()]);
    let problems: Vec<String> = library
        .problems()
        .chain(&library.drill_problems())
        .map(crate::deck::Problem::as_warning)
        .collect();
    for problem in &problems {
        writeln!(err, "{problem}").map_err(io_error)?;
    }
    let ids: Vec<&str> = library.decks.iter().map(|d| d.id.as_str()).collect();
    for id in &options.decks {
        if !ids.contains(&id.as_str()) {
            return Err(format!(
                "no deck \"{id}\" in {}; its decks are: {}",
                path.display(),
                ids.join(", ")
            ));
        }
    }
    for tag in &options.tags {
        if !library.topics.iter().any(|t| &t.name == tag) {
            return Err(format!(
                "no card is tagged \"{tag}\" in {}; the tags are: {}",
                path.display(),
                library
                    .topics
                    .iter()
                    .map(|t| t.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    let pool = crate::exam::pool(&library, &options.decks, &options.tags);
    if pool.is_empty() {
        return Err(format!("no card to ask in {}", path.display()));
    }
    let questions = crate::exam::draw(&library, &pool, options);
    let about = format!(
        "{} question{} · seed {} (the same seed gives the same exam){}",
        questions.len(),
        if questions.len() == 1 { "" } else { "s" },
        options.seed,
        match (options.decks.is_empty(), options.tags.is_empty()) {
            (true, true) => String::new(),
            _ => format!(
                " · from {}",
                options
                    .decks
                    .iter()
                    .map(|d| format!("deck {d}"))
                    .chain(options.tags.iter().map(|t| format!("tag {t}")))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    );
    if let Some(file) = html {
        let page = crate::exam::html(&questions, "Practice exam", &about);
        std::fs::write(file, page).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        writeln!(err, "wrote the exam ({about}) to {}", file.display()).map_err(io_error)?;
    }
    if json {
        for q in &questions {
            let line = serde_json::to_string(q).map_err(|e| e.to_string())?;
            writeln!(out, "{line}").map_err(io_error)?;
        }
    } else if html.is_none() {
        writeln!(out, "Practice exam · {about}\n").map_err(io_error)?;
        write!(out, "{}", crate::exam::text(&questions)).map_err(io_error)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn io_error(error: io::Error) -> String {
    if error.kind() == io::ErrorKind::BrokenPipe {
        return CLOSED.to_string();
    }
    format!("cannot write the output: {error}")
}

fn check(
    cli: &Cli,
    paths: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode, String> {
    let paths = if paths.is_empty() {
        vec![cli.decks_dir()]
    } else {
        paths.to_vec()
    };
    let library = load_paths(&paths);
    let mut problems = 0;
    for problem in library.problems().chain(&library.drill_problems()) {
        writeln!(out, "{problem}").map_err(io_error)?;
        problems += 1;
    }
    // Renamed cards can only be told against somebody's progress.
    let warnings = match cli.data_dir().map(|dir| Store::open_read_only(&dir)) {
        Ok(Ok(store)) => match store.answered_cards() {
            Ok(answered) => library.renames(&answered),
            Err(error) => {
                writeln!(err, "note: renamed cards not checked: {error}").map_err(io_error)?;
                Vec::new()
            }
        },
        Ok(Err(error)) => {
            writeln!(err, "note: renamed cards not checked: {error}").map_err(io_error)?;
            Vec::new()
        }
        Err(_) => Vec::new(),
    };
    let mut warnings = warnings;
    warnings.extend(crate::review::typed::near_duplicate_reverses(&library));
    for warning in &warnings {
        writeln!(out, "{warning}").map_err(io_error)?;
    }
    if problems > 0 {
        return Ok(ExitCode::from(1));
    }
    let decks = library.decks.len();
    let cards = library.card_count();
    writeln!(
        out,
        "ok: {decks} deck{}, {cards} card{}, no problems{}",
        if decks == 1 { "" } else { "s" },
        if cards == 1 { "" } else { "s" },
        match warnings.len() {
            0 => String::new(),
            1 => ", 1 warning".to_string(),
            n => format!(", {n} warnings"),
        }
    )
    .map_err(io_error)?;
    Ok(ExitCode::SUCCESS)
}

fn preview(
    path: &Path,
    options: &crate::preview::Options,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode, String> {
    if !path.exists() {
        return Err(format!("{} does not exist", path.display()));
    }
    let library = load_paths(&[path.to_path_buf()]);
    let problems: Vec<String> = library
        .problems()
        .chain(&library.drill_problems())
        .map(ToString::to_string)
        .collect();
    for problem in &problems {
        writeln!(err, "{problem}").map_err(io_error)?;
    }
    let shown = crate::preview::preview(&library.decks, options);
    if let Some(card) = &options.card
        && shown.is_empty()
    {
        return Err(format!("no card \"{card}\" in {}", path.display()));
    }
    for item in &shown {
        if json {
            let line = serde_json::to_string(item).map_err(|e| e.to_string())?;
            writeln!(out, "{line}").map_err(io_error)?;
        } else {
            writeln!(out, "{}", crate::preview::text(item)).map_err(io_error)?;
        }
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[derive(Serialize)]
struct TraceLine {
    review: usize,
    quality: u8,
    repetitions: u32,
    interval: u32,
    easiness: f64,
}

fn sm2(grades: &[Quality], out: &mut dyn Write) -> Result<ExitCode, String> {
    let mut state = Sm2State::NEW;
    for (index, &quality) in grades.iter().enumerate() {
        state = state.graded(quality);
        let line = TraceLine {
            review: index + 1,
            quality: quality.value(),
            repetitions: state.repetitions,
            interval: state.interval_days,
            easiness: state.easiness.as_f64(),
        };
        let json = serde_json::to_string(&line).map_err(|e| e.to_string())?;
        writeln!(out, "{json}").map_err(io_error)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn stats(
    cli: &Cli,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode, String> {
    let data_dir = cli.data_dir()?;
    // The decks load, the progress opens and its log is read, side by side.
    let (library, opened, log) = std::thread::scope(|scope| {
        let decks = scope.spawn(|| load_paths(&[cli.decks_dir()]));
        let log = scope.spawn(|| store::read_history(&data_dir.join(store::DATABASE_FILE)));
        let opened = Store::open_read_only(&data_dir);
        (decks.join(), opened, log.join())
    });
    let library = library.map_err(|_| "the deck files could not be read".to_string())?;
    for problem in library.problems() {
        writeln!(err, "{}", problem.as_warning()).map_err(io_error)?;
    }
    let mut store = opened.map_err(|e| e.to_string())?;
    // Walks through the decks find each card's progress without hashing
    // once it is laid out in the decks' order (in memory only).
    crate::plan::arrange(&mut store, &library);
    // The log as the store sees it: what the window logged meanwhile is
    // added; a file read only through a copy is read from the copy.
    let history = match log {
        Ok(Ok(mut history)) => store.update_history(&mut history).map(|()| history),
        _ => store.history(),
    }
    .map_err(|e| e.to_string())?;
    let settings = store.settings();
    let today = settings
        .rules(jiff::tz::TimeZone::system())
        .day_of(jiff::Timestamp::now());
    let limits = settings.limits_for(library.course.as_ref());
    let summary = stats::summary(&library, &store, &history, today, limits);
    if json {
        let text = serde_json::to_string(&summary).map_err(|e| e.to_string())?;
        writeln!(out, "{text}").map_err(io_error)?;
    } else {
        write_table(&summary, &data_dir, out).map_err(io_error)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Answer cards `crash-test/card-N` with random grades, as fast as the disk
/// allows. Tests kill it at random instants and check that every answer it
/// acknowledged is still there.
fn answer_loop(cli: &Cli, count: Option<u64>, out: &mut dyn Write) -> Result<ExitCode, String> {
    use rand::RngExt;
    let data_dir = cli.data_dir()?;
    let mut store = Store::open(&data_dir).map_err(|e| e.to_string())?.store;
    writeln!(
        out,
        "device {}",
        store.device_uuid().map_err(|e| e.to_string())?
    )
    .map_err(io_error)?;
    out.flush().map_err(io_error)?;
    let rules = DayRules::system_default();
    let mut rng = rand::rng();
    let mut answered = 0;
    while count.is_none_or(|n| answered < n) {
        let card = crate::key::CardId::new(format!("card-{}", rng.random_range(0..50)));
        let key = crate::key::CardKey::new(
            crate::key::DeckId::new("crash-test"),
            card,
            crate::key::Direction::Forward,
        );
        let answer = crate::store::Answer {
            key,
            quality: Quality::new(rng.random_range(0..=5)).unwrap_or(crate::sched::QUALITIES[4]),
            answered_at: jiff::Timestamp::now(),
            elapsed_ms: 1000,
            fingerprint: None,
            checked: None,
        };
        let recorded = store.record(&answer, &rules).map_err(|e| e.to_string())?;
        recorded.saved.map_err(|e| e.to_string())?;
        writeln!(out, "ack {}", recorded.seq).map_err(io_error)?;
        out.flush().map_err(io_error)?;
        answered += 1;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_table(summary: &stats::Summary, data_dir: &Path, out: &mut dyn Write) -> io::Result<()> {
    let width = summary
        .decks
        .iter()
        .map(|d| d.title.chars().count())
        .max()
        .unwrap_or(0)
        .max("All decks".len());
    writeln!(
        out,
        "study day {} · progress in {}",
        summary.day,
        data_dir.display()
    )?;
    let row = |out: &mut dyn Write, name: &str, cells: [&dyn std::fmt::Display; 8]| {
        let [cards, new, learning, young, mature, due, again, reviews] = cells;
        writeln!(
            out,
            "{name:<width$}  {cards:>6}  {new:>6}  {learning:>8}  {young:>6}  {mature:>6}  {due:>6}  {again:>6}  {reviews:>8}"
        )
    };
    row(
        out,
        "deck",
        [
            &"cards",
            &"new",
            &"learning",
            &"young",
            &"mature",
            &"due",
            &"again",
            &"reviews",
        ],
    )?;
    for d in &summary.decks {
        row(
            out,
            &d.title,
            [
                &d.cards,
                &d.new,
                &d.learning,
                &d.young,
                &d.mature,
                &d.due,
                &d.again_today,
                &d.reviews,
            ],
        )?;
    }
    let s = summary;
    row(
        out,
        "All decks",
        [
            &s.cards,
            &s.new,
            &s.learning,
            &s.young,
            &s.mature,
            &s.due,
            &s.again_today,
            &s.reviews,
        ],
    )?;
    writeln!(
        out,
        "new: never studied · learning: not yet recalled twice in a row · young: in review, interval under 21 days · mature: 21 days or more · due: for review today · again: graded below 4 today, back later today"
    )?;
    let s = summary;
    writeln!(
        out,
        "streak: {} day{} (longest {}); a day counts with at least one answer",
        s.streak.current,
        if s.streak.current == 1 { "" } else { "s" },
        s.streak.longest
    )?;
    writeln!(
        out,
        "due in the next 7 days, today first: {}",
        s.forecast
            .iter()
            .take(7)
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" · ")
    )?;
    let rate = |r: crate::stats::overview::Recall| match r.rate() {
        Some(rate) => format!("{:.0}% of {}", rate * 100.0, r.reviews),
        None => "no due reviews yet".to_string(),
    };
    writeln!(
        out,
        "recalled in the last 52 weeks: young cards {}, mature cards {}",
        rate(s.retention.young),
        rate(s.retention.mature)
    )?;
    if s.suspended + s.buried + s.leeches > 0 {
        writeln!(
            out,
            "kept out of study: {} suspended, {} buried until tomorrow; {} leech{} (see is:leech in the card browser)",
            s.suspended,
            s.buried,
            s.leeches,
            if s.leeches == 1 { "" } else { "es" }
        )?;
    }
    if summary.removed_with_history > 0 {
        writeln!(
            out,
            "history kept for {} card{} no deck holds any more",
            summary.removed_with_history,
            if summary.removed_with_history == 1 {
                ""
            } else {
                "s"
            }
        )?;
    }
    Ok(())
}

/// Open the study window (no subcommand).
#[cfg(not(feature = "gui"))]
pub fn open_window(_cli: &Cli, err: &mut dyn Write) -> ExitCode {
    let _ = writeln!(
        err,
        "cardwise: this cardwise was built without its window (the `gui` feature); \
         use a command (cardwise --help lists them), or build it with the window"
    );
    ExitCode::from(2)
}

/// Open the study window (no subcommand).
#[cfg(feature = "gui")]
pub fn open_window(cli: &Cli, err: &mut dyn Write) -> ExitCode {
    let data_dir = match cli.data_dir() {
        Ok(dir) => dir,
        Err(message) => {
            let _ = writeln!(err, "cardwise: {message}");
            return ExitCode::from(2);
        }
    };
    let theme_override = std::env::var("CARDWISE_THEME")
        .ok()
        .and_then(|name| crate::store::ThemeChoice::from_name(&name));
    let config = crate::ui::AppConfig {
        data_dir,
        decks_dir: cli.decks_dir(),
        clock: std::sync::Arc::new(crate::clock::SystemClock),
        time_zone: jiff::tz::TimeZone::system(),
        theme_override,
        daily_backup: true,
    };
    match crate::ui::run_window(config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(err, "cardwise: cannot open the window: {error}");
            ExitCode::from(1)
        }
    }
}
