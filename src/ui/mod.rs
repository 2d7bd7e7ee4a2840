//! The window. Screens draw and return what the learner asked for (an
//! [`Action`]); [`CardwiseApp::apply`] carries it out through the library.
//! No scheduling or file logic lives here.

mod backups;
mod browser;
mod done;
mod home;
mod in_use;
mod more;
mod preview;
mod settings;
mod stats;
mod study;
pub mod style;
mod test;
mod watch;
mod widgets;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use jiff::tz::TimeZone;

use crate::clock::Clock;
use crate::deck::{Library, load_paths};
use crate::plan::{self, Limits, Scope, Session};
use crate::sched::{Day, DayRules, Quality};
use crate::store::{self, Answer, Settings, Store, StoreError, ThemeChoice, WriteTrouble};

use backups::BackupsScreen;
use done::DoneScreen;
use home::{HomeData, HomeScreen};
use in_use::{Blocked, BlockedScreen};
use settings::SettingsScreen;
use study::{CardView, StudyScreen};

/// How often unsaved answers are tried again.
const RETRY_EVERY: Duration = Duration::from_secs(5);

/// Everything the app needs from outside: folders, clock and time zone.
pub struct AppConfig {
    pub data_dir: PathBuf,
    pub decks_dir: PathBuf,
    pub clock: Arc<dyn Clock>,
    pub time_zone: TimeZone,
    /// Forces a theme over the saved setting (`CARDWISE_THEME`).
    pub theme_override: Option<ThemeChoice>,
    /// Take the day's backup when the store opens.
    pub daily_backup: bool,
}

/// What a screen asks the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Study(Scope),
    Home,
    Reveal,
    /// Pick the option shown at this place (0 is A).
    Pick(usize),
    /// Check the number typed into a drill.
    CheckTyped,
    /// Show the drill's next hint.
    Hint,
    Grade(Quality),
    /// Take back the latest answer of today.
    Undo,
    /// Try to open the data folder again.
    RetryStore,
    /// Open the data folder read-only (another cardwise owns it, or a
    /// newer one wrote it).
    OpenReadOnly,
    /// Open the data folder although another cardwise's mark is in it
    /// (its lock file was gone): the learner says it is not running.
    TakeOver,
    /// Take the progress back from a cardwise that took it over, and save
    /// this window's waiting answers.
    TakeBack,
    /// Put this window's progress in place of a file that replaced it.
    WriteBack,
    /// Set a damaged progress file aside now and go on from the newest
    /// good backup.
    Repair,
    /// Close the window.
    Quit,
    OpenSettings,
    /// The statistics of all decks, a deck or a topic.
    OpenStats(Scope),
    /// Show another scope on the statistics screen.
    StatsScope(Scope),
    /// The card browser, with this search.
    OpenBrowser(String),
    /// Suspend, unsuspend, bury or reset these cards (one undo takes
    /// them all back).
    Act(Vec<crate::key::CardKey>, crate::store::CardAction),
    /// Suspend or bury the card on the study screen.
    ActOnCurrent(crate::store::CardAction),
    /// Type the answers of terms and lists, or stop (a setting).
    ToggleTyping,
    /// Choose a practice test, of this scope at first.
    OpenTest(Scope),
    StartTest {
        scope: Scope,
        questions: usize,
        minutes: u32,
    },
    /// The answer to the test's question on screen.
    AnswerTest(crate::exam::Given),
    /// The test is over (or ended early): its results.
    EndTest,
    /// Bring the test's mistakes into today's reviews.
    AddTestMistakes,
    /// Study more: review ahead (this many days), practise cards or drills.
    OpenMore(Scope, u32),
    StartPractice(Scope, plan::Practice),
    /// Every card of a deck (`None`: all decks) as the learner sees it.
    OpenPreview(Option<usize>),
    /// The leech notice on home was read.
    DismissLeeches,
    SaveSettings(Settings),
    OpenBackups,
    /// Put this backup in place of the current progress.
    Restore(PathBuf),
    BackupNow,
    /// Forget the notice at this index.
    Dismiss(usize),
    /// Show every notice, not only the first two.
    ShowAllNotices,
}

enum Screen {
    Home,
    Study(Box<StudyScreen>),
    Done(DoneScreen),
    Settings(SettingsScreen),
    Backups(BackupsScreen),
    Stats(Box<stats::StatsScreen>),
    Browser(Box<browser::BrowserScreen>),
    TestSetup(Box<test::TestSetup>),
    Test(Box<test::TestScreen>),
    TestResults(Box<test::TestResults>),
    More(Box<more::MoreScreen>),
    Preview(Box<preview::PreviewScreen>),
    Blocked(BlockedScreen),
}

/// Which screen is showing; for tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScreenName {
    Home,
    Study,
    Done,
    Settings,
    Backups,
    Stats,
    Browser,
    TestSetup,
    Test,
    TestResults,
    More,
    Preview,
    /// Another cardwise owns the progress.
    InUse,
    /// The progress cannot be opened for studying: written by a newer
    /// cardwise, or a repair could not finish.
    CannotOpen,
}

pub struct CardwiseApp {
    config: AppConfig,
    library: Library,
    /// The progress store, writable or read-only; `None` when it could not
    /// be opened (`store_problem` says why).
    store: Option<Store>,
    store_problem: Option<String>,
    /// Things the learner must be told: recovery, upgrades, failed backups.
    notices: Vec<String>,
    /// Why the latest answers could not be saved; they wait in the store.
    save_problem: Option<(String, WriteTrouble)>,
    /// The learner was told that the clock is behind the latest answer.
    clock_told: bool,
    /// Cards that became leeches since home last said so.
    new_leeches: usize,
    /// The daily check found damage in the progress file (what it found).
    damage_found: Option<String>,
    /// Every notice shows, not only the first two.
    all_notices: bool,
    last_retry: Instant,
    last_lock_check: Instant,
    /// Asked to quit with unsaved answers: the confirmation is showing.
    confirm_quit: bool,
    /// The learner chose to quit despite unsaved answers.
    quit_anyway: bool,
    /// Close the window at the end of this frame.
    close_now: bool,
    /// Reports from the background backup.
    backup_done: Option<Receiver<Result<store::Health, String>>>,
    screen: Screen,
    home: HomeScreen,
    home_data: HomeData,
    /// The study day `home_data` was computed for.
    home_day: Option<Day>,
    /// The screen shown last frame, and how many times a screen has been
    /// opened: a screen's scroll starts at the top each time it opens
    /// (see [`widgets::scroll_salt`]).
    last_screen: Option<ScreenName>,
    screens_opened: u64,
    /// The theme last applied to the context.
    applied_theme: Option<ThemeChoice>,
    /// Reviews left ungraded (see [`study::LeftReviews`]).
    left_reviews: study::LeftReviews,
    /// The review log for statistics, read beside the window once the
    /// progress opens, then kept up to date (`None` until read).
    history: Option<store::History>,
    history_read: Option<Receiver<Result<store::History, String>>>,
    /// The deck folder watched for edits (started with the first frame).
    watcher: Option<watch::DeckWatcher>,
    watch_started: bool,
}

impl CardwiseApp {
    pub fn new(config: AppConfig) -> Self {
        // The decks and the progress are independent: load them side by side.
        let (library, opened) = std::thread::scope(|scope| {
            let opening = scope.spawn(|| Store::open(&config.data_dir));
            let library = load_paths(std::slice::from_ref(&config.decks_dir));
            (library, opening.join())
        });
        let mut app = Self {
            config,
            library,
            store: None,
            store_problem: None,
            notices: Vec::new(),
            save_problem: None,
            clock_told: false,
            new_leeches: 0,
            damage_found: None,
            all_notices: false,
            last_retry: Instant::now(),
            last_lock_check: Instant::now(),
            confirm_quit: false,
            quit_anyway: false,
            close_now: false,
            backup_done: None,
            screen: Screen::Home,
            home: HomeScreen::default(),
            home_data: HomeData::default(),
            home_day: None,
            last_screen: None,
            screens_opened: 0,
            applied_theme: None,
            left_reviews: study::LeftReviews::new(),
            history: None,
            history_read: None,
            watcher: None,
            watch_started: false,
        };
        match opened {
            Ok(result) => app.accept_store(result),
            // Opening panicked (a bug): try once more here, in the open.
            Err(_) => app.open_store(),
        }
        app.refresh_home();
        app.home.select_first_with_work(&app.home_data);
        app
    }

    /// Open the data folder for writing; say why not if it cannot be.
    fn open_store(&mut self) {
        self.accept_store(Store::open(&self.config.data_dir));
    }

    fn accept_store(&mut self, result: Result<store::Opened, StoreError>) {
        match result {
            Ok(opened) => {
                self.notices
                    .extend(opened.notices.iter().map(ToString::to_string));
                self.store = Some(opened.store);
                self.store_problem = None;
                self.save_problem = None;
                if matches!(self.screen, Screen::Blocked(_)) {
                    self.screen = Screen::Home;
                }
                self.tell_if_clock_behind();
                self.start_daily_backup();
                self.start_reading_history();
            }
            Err(error) => {
                self.store = None;
                self.store_problem = Some(sentence(&error));
                let why = match error {
                    StoreError::InUse {
                        pid,
                        elsewhere,
                        may_take_over,
                        ..
                    } => Some(Blocked::InUse {
                        pid,
                        elsewhere,
                        may_take_over,
                    }),
                    StoreError::NewerFormat { .. } => Some(Blocked::Newer(sentence(&error))),
                    StoreError::RecoveryBlocked { ref damaged, .. } => Some(Blocked::Repair {
                        text: sentence(&error),
                        damaged: damaged.is_some(),
                    }),
                    // Why a folder cannot be opened for writing, found by
                    // trying to write in it.
                    _ => {
                        let dir = self.config.data_dir.display().to_string();
                        match store::diagnose_folder(&self.config.data_dir) {
                            Some(WriteTrouble::DiskFull) => Some(Blocked::Unwritable(format!(
                                "The disk that holds {dir} is full, so your progress cannot be opened for studying ({error}). Free some space on it, then try again. Your progress is untouched."
                            ))),
                            Some(WriteTrouble::NotWritable) => Some(Blocked::Unwritable(format!(
                                "The folder {dir} cannot be written to (a read-only disk, or no permission to write), so your progress cannot be opened for studying ({error}). You can look at it read-only, or fix the folder and try again."
                            ))),
                            _ => None,
                        }
                    }
                };
                if let Some(why) = why {
                    if let Blocked::InUse { pid, .. } = &why {
                        self.store_problem = Some(in_use_message(*pid));
                    }
                    self.screen = Screen::Blocked(BlockedScreen { why });
                }
            }
        }
    }

    /// Once, when the clock is found behind the latest logged answer.
    fn tell_if_clock_behind(&mut self) {
        if self.clock_told {
            return;
        }
        let today = self.today();
        let Some(store) = &self.store else {
            return;
        };
        let (Some(days), Some(latest)) = (store.clock_behind(today), store.latest_day()) else {
            return;
        };
        let counted = match store.pull_back_day(today) {
            Some(day) if day < today => format!(
                "on {}, your last day of study before it",
                day.date().strftime("%-d %B %Y")
            ),
            _ => "today".to_string(),
        };
        self.clock_told = true;
        self.notices.push(format!(
            "Your computer's clock is behind your last answer by {days} day{}: it says {}, and your last answer is dated {}. If the clock is wrong, set it right before you study. If it is right, study on: answers dated after today count as given {counted}, so those cards come back when they should, and nothing is lost.",
            if days == 1 { "" } else { "s" },
            today.date().strftime("%-d %B %Y"),
            latest.date().strftime("%-d %B %Y"),
        ));
    }

    /// The day's backup, on a thread of its own so the window opens at once.
    fn start_daily_backup(&mut self) {
        if !self.config.daily_backup {
            return;
        }
        let dir = self.config.data_dir.clone();
        let today = self.today().date();
        let now = self
            .config
            .clock
            .now()
            .to_zoned(self.config.time_zone.clone());
        let (send, receive) = channel();
        std::thread::spawn(move || {
            let result = store::check_and_back_up(&dir, today, &now).map_err(|e| e.to_string());
            let _ = send.send(result);
        });
        self.backup_done = Some(receive);
    }

    /// Read the review log for statistics beside the window: a million
    /// answers take a fifth of a second, not to be spent before the first
    /// frame.
    fn start_reading_history(&mut self) {
        self.history = None;
        self.history_read = None;
        let Some(store) = &self.store else {
            return;
        };
        let path = store.path().to_path_buf();
        let (send, receive) = channel();
        std::thread::spawn(move || {
            let _ = send.send(store::read_history(&path).map_err(|e| e.to_string()));
        });
        self.history_read = Some(receive);
    }

    /// The log is read: what waited for it can show.
    fn history_arrived(&mut self) {
        if let Screen::Stats(stats) = &self.screen
            && stats.overview.is_none()
        {
            let scope = stats.scope;
            self.open_stats(scope);
        }
        let today = self.today();
        if matches!(&self.screen, Screen::Done(done) if done.day.is_none()) {
            let day = self
                .current_history()
                .map(|history| crate::stats::overview::day_summary(history, today));
            if let Screen::Done(done) = &mut self.screen {
                done.day = day;
            }
        }
        self.refresh_home();
    }

    /// The review log, up to date; `None` while it is still being read
    /// beside the window, or when it cannot be read.
    fn current_history(&mut self) -> Option<&store::History> {
        let store = self.store.as_ref()?;
        if self.history.is_none() && self.history_read.is_none() {
            // Not read beside the window (no file to read from): here.
            self.history = store.history().ok();
        }
        let history = self.history.as_mut()?;
        if let Err(error) = store.update_history(history) {
            // Start over next time rather than show numbers out of date.
            self.history = None;
            self.notices.push(format!(
                "The statistics could not read your reviews: {error}"
            ));
            return None;
        }
        self.history.as_ref()
    }

    /// The card browser, searching for `search`.
    fn open_browser(&mut self, search: &str) {
        self.current_history();
        let Some(store) = &self.store else {
            return;
        };
        let rows = crate::browse::rows(&self.library, store);
        let today = self.today();
        let can_act = self.can_study();
        self.screen = Screen::Browser(Box::new(browser::BrowserScreen::new(
            rows,
            search,
            &self.library,
            today,
            can_act,
        )));
    }

    /// Suspend, unsuspend, bury or reset cards, and say what was done.
    fn act(&mut self, keys: &[crate::key::CardKey], what: crate::store::CardAction) {
        let now = self.config.clock.now();
        let rules = self.rules();
        let Some(store) = &mut self.store else {
            return;
        };
        let status = match store.act(keys, what, now, &rules) {
            Ok(acted) => {
                self.save_problem = acted.saved.err().map(|e| problem(&e));
                acted_words(what, acted.changed, false)
            }
            Err(error) => format!("Nothing changed: {error}"),
        };
        self.after_cards_changed(status);
    }

    /// Every scope to choose from, with its name: all decks, each deck,
    /// each topic.
    fn scopes(&self) -> Vec<(Scope, String)> {
        let mut scopes = vec![(Scope::All, "All decks".to_string())];
        scopes.extend(
            self.library
                .decks
                .iter()
                .enumerate()
                .map(|(i, d)| (Scope::Deck(i), d.title.clone())),
        );
        scopes.extend(
            self.library
                .topics
                .iter()
                .enumerate()
                .map(|(i, t)| (Scope::Topic(i), format!("Topic: {}", t.label()))),
        );
        scopes
    }

    /// The cards a test of `scope` draws from.
    fn test_pool(&self, scope: Scope) -> Vec<(usize, usize)> {
        scope
            .cards(&self.library)
            .map(|(deck, card, _)| (deck, card))
            .collect()
    }

    /// Choose a practice test.
    fn open_test(&mut self, scope: Scope) {
        self.keep_left_review();
        let scopes = self.scopes();
        let cards = scopes
            .iter()
            .map(|(s, _)| self.test_pool(*s).len())
            .collect();
        self.screen = Screen::TestSetup(Box::new(test::TestSetup {
            scope,
            scopes,
            questions: 20,
            minutes: 0,
            cards,
        }));
    }

    /// Draw the test's questions, the kinds in turn, and begin.
    fn start_test(&mut self, scope: Scope, questions: usize, minutes: u32) {
        let now = self.config.clock.now();
        let pool = self.test_pool(scope);
        let options = crate::exam::Options {
            questions,
            // From the clock: a new test each time, the same one for a
            // test's fixed clock.
            seed: now.as_millisecond().unsigned_abs(),
            ..crate::exam::Options::default()
        };
        let drawn = crate::exam::draw(&self.library, &pool, &options);
        if drawn.is_empty() {
            return;
        }
        let title = format!("Practice test · {}", self.scope_title(scope));
        let limit = (minutes > 0).then(|| jiff::SignedDuration::from_mins(i64::from(minutes)));
        let mut screen = test::TestScreen::new(title, drawn, now, limit);
        screen.scope = scope;
        self.screen = Screen::Test(Box::new(screen));
    }

    /// Check the answer to the test's question on screen, log it as
    /// practice, and go on.
    fn answer_test(&mut self, given: crate::exam::Given) {
        let now = self.config.clock.now();
        let rules = self.rules();
        let Screen::Test(test) = &mut self.screen else {
            return;
        };
        let Some(question) = test.current().cloned() else {
            return;
        };
        let answered = question.check(&self.library, given);
        if answered.given != crate::exam::Given::Nothing
            && let Some(store) = &mut self.store
        {
            let card = &self.library.decks[question.at.0].cards[question.at.1];
            let elapsed = now.duration_since(test.shown_at).as_millis().max(0);
            let answer = Answer {
                key: question.key(&self.library),
                quality: answered.quality(),
                answered_at: now,
                elapsed_ms: u64::try_from(elapsed).unwrap_or(u64::MAX),
                fingerprint: Some(card.fingerprint()),
                checked: Some(crate::store::Checked {
                    outcome: answered.outcome,
                    mistake: answered.mistake,
                }),
            };
            match store.record_practice(&answer, crate::store::ReviewKind::Practice, &rules) {
                Ok(practiced) => self.save_problem = practiced.saved.err().map(|e| problem(&e)),
                Err(error) => self
                    .notices
                    .push(format!("The test's answers cannot be kept: {error}")),
            }
        }
        test.answered(answered, now);
        if test.is_over(now) {
            self.end_test();
        }
    }

    /// The test's results.
    fn end_test(&mut self) {
        let now = self.config.clock.now();
        let Screen::Test(test) = &mut self.screen else {
            return;
        };
        let took = now.duration_since(test.started);
        let took = match test.limit {
            Some(limit) => took.min(limit),
            None => took,
        };
        let test = std::mem::replace(
            test.as_mut(),
            test::TestScreen::new(String::new(), Vec::new(), now, None),
        );
        self.screen = Screen::TestResults(Box::new(test::TestResults {
            title: test.title,
            questions: test.questions,
            answers: test.answers,
            took,
            added: None,
            scope: test.scope,
        }));
    }

    /// Put the cards the test found wanting into today's reviews.
    fn add_test_mistakes(&mut self) {
        let now = self.config.clock.now();
        let rules = self.rules();
        let Screen::TestResults(results) = &mut self.screen else {
            return;
        };
        let keys: Vec<crate::key::CardKey> = results
            .questions
            .iter()
            .zip(&results.answers)
            // Answered wrong or close, or skipped; not the questions never reached.
            .filter(|(_, a)| {
                a.as_ref()
                    .is_some_and(|a| a.outcome != crate::drill::Outcome::Right)
            })
            .map(|(q, _)| {
                // The card as it is studied: a term's own directions.
                let deck = &self.library.decks[q.at.0];
                let card = &deck.cards[q.at.1];
                let direction = if q.kind == crate::exam::Kind::Term
                    && card.directions().contains(&crate::key::Direction::Reverse)
                {
                    crate::key::Direction::Reverse
                } else {
                    crate::key::Direction::Forward
                };
                deck.key(card, direction)
            })
            .collect();
        let Some(store) = &mut self.store else {
            return;
        };
        results.added = Some(
            match store.act(&keys, crate::store::CardAction::DueToday, now, &rules) {
                Ok(acted) => {
                    self.save_problem = acted.saved.err().map(|e| problem(&e));
                    format!(
                        "{} card{} added to today's reviews.",
                        acted.changed,
                        if acted.changed == 1 { "" } else { "s" }
                    )
                }
                Err(error) => format!("They could not be added: {error}"),
            },
        );
    }

    /// Read the deck folder again (a file was edited, added or removed):
    /// home shows the change, broken files their problems; a session or a
    /// test goes on with the cards still there, an edited card with its
    /// new text.
    pub fn reload_decks(&mut self) {
        let new = load_paths(std::slice::from_ref(&self.config.decks_dir));
        let old = std::mem::replace(&mut self.library, new);
        let same_decks = old.decks.len() == self.library.decks.len()
            && old
                .decks
                .iter()
                .zip(&self.library.decks)
                .all(|(a, b)| a.id == b.id)
            && old.topics.len() == self.library.topics.len();
        match &mut self.screen {
            Screen::Study(study) => {
                study.remap(&old, &self.library);
                if study.session.current().is_none() {
                    self.go_home();
                }
            }
            Screen::Test(test) => {
                test.remap(&self.library);
                test.scope = test.scope.remap(&old, &self.library);
            }
            Screen::TestResults(results) => {
                results.remap(&self.library);
                results.scope = results.scope.remap(&old, &self.library);
            }
            Screen::Browser(browser) => {
                let search = browser.search.clone();
                self.open_browser(&search);
            }
            Screen::Done(done) => done.scope = done.scope.remap(&old, &self.library),
            Screen::Preview(preview) => {
                let deck = preview.deck.and_then(|d| {
                    let id = &old.decks.get(d)?.id;
                    self.library.decks.iter().position(|n| &n.id == id)
                });
                self.screen =
                    Screen::Preview(Box::new(preview::PreviewScreen::new(&self.library, deck)));
            }
            // Screens that list decks or topics by place: again, afresh.
            Screen::Stats(stats) => {
                let scope = stats.scope.remap(&old, &self.library);
                self.open_stats(scope);
            }
            Screen::TestSetup(setup) if !same_decks => {
                let scope = setup.scope.remap(&old, &self.library);
                self.open_test(scope);
            }
            Screen::More(more) if !same_decks => {
                let (scope, days) = (more.scope.remap(&old, &self.library), more.days);
                self.open_more(scope, days);
            }
            _ => {}
        }
        self.home.keep_in(self.library.decks.len());
        self.refresh_home();
    }

    /// Study more, for `scope`, reviewing ahead `days` days.
    fn open_more(&mut self, scope: Scope, days: u32) {
        self.keep_left_review();
        let Some(store) = &self.store else {
            return;
        };
        let today = self.today();
        let scopes = self.scopes();
        let counts = scopes
            .iter()
            .map(|(s, _)| {
                let cards = plan::scope_progress(&self.library, store, *s)
                    .filter(|w| !w.hold.suspended)
                    .count();
                let drills = plan::scope_progress(&self.library, store, *s)
                    .filter(|w| {
                        !w.hold.suspended && matches!(w.card.kind, crate::deck::CardKind::Drill(_))
                    })
                    .count();
                (
                    plan::ahead_items(&self.library, store, *s, today, days).len(),
                    cards,
                    drills,
                )
            })
            .collect();
        self.screen = Screen::More(Box::new(more::MoreScreen {
            scope,
            scopes,
            days,
            counts,
            counted_days: days,
        }));
    }

    /// Begin a practice session.
    fn start_practice(&mut self, scope: Scope, kind: plan::Practice) {
        let now = self.config.clock.now();
        let today = self.today();
        let Some(store) = &self.store else {
            return;
        };
        let seed = now.as_millisecond().unsigned_abs();
        let (items, what) = match kind {
            plan::Practice::Ahead(days) => (
                plan::ahead_items(&self.library, store, scope, today, days),
                format!("Review ahead ({days} days)"),
            ),
            plan::Practice::Cards => (
                plan::practice_items(&self.library, store, scope, false, seed),
                "Practice".to_string(),
            ),
            plan::Practice::Drills => (
                plan::practice_items(&self.library, store, scope, true, seed),
                "Drill practice".to_string(),
            ),
        };
        if items.is_empty() {
            return;
        }
        let title = format!("{what} · {}", self.scope_title(scope));
        let session = Session::practice(scope, kind, items);
        self.screen = Screen::Study(Box::new(StudyScreen::new(session, title, now)));
    }

    /// What a practice session came to.
    fn practice_done(&mut self, scope: Scope, title: String) -> DoneScreen {
        let (answered, recalled) = match &self.screen {
            Screen::Study(study) => (study.session.answered(), study.session.recalled()),
            _ => (0, 0),
        };
        let mut done = self.done_screen(scope, title, answered);
        done.practice = Some(recalled);
        done
    }

    /// Type the answers of terms and lists, or stop: kept as a setting.
    fn toggle_typing(&mut self) {
        let mut settings = self.settings();
        settings.typed_answers = !settings.typed_answers;
        if let Some(store) = &mut self.store
            && let Err(error) = store.save_settings(settings)
        {
            self.notices
                .push(format!("The setting could not be saved: {error}"));
        }
        if let Screen::Study(study) = &mut self.screen
            && let Some(item) = study.session.current()
        {
            study.set_typing(item.card(&self.library), settings.typed_answers);
        }
    }

    /// Suspend or bury the card being studied: the next one shows.
    fn act_on_current(&mut self, what: crate::store::CardAction) {
        let now = self.config.clock.now();
        let rules = self.rules();
        let (Screen::Study(study), Some(store)) = (&mut self.screen, &mut self.store) else {
            return;
        };
        let Some(item) = study.session.current() else {
            return;
        };
        let key = item.key(&self.library);
        match store.act(std::slice::from_ref(&key), what, now, &rules) {
            Ok(acted) => {
                self.save_problem = acted.saved.err().map(|e| problem(&e));
                self.left_reviews.remove(&key);
                study.session.set_aside();
                study.next_card(now);
                study.note = Some(acted_words(what, acted.changed, false));
                if study.session.current().is_none() {
                    let (scope, title, answered) = (
                        study.session.scope,
                        study.title.clone(),
                        study.session.answered(),
                    );
                    self.screen = Screen::Done(self.done_screen(scope, title, answered));
                }
            }
            Err(error) => study.save_error = Some(error.to_string()),
        }
    }

    /// An action on cards was taken back: a card this session set aside
    /// comes back to be studied; a day done may have work again.
    fn after_undone_action(
        &mut self,
        what: crate::store::CardAction,
        cards: usize,
        key: &crate::key::CardKey,
        now: jiff::Timestamp,
    ) {
        use crate::store::CardAction;
        let words = acted_words(what, cards, true);
        let set_aside = matches!(what, CardAction::Suspend | CardAction::Bury) && cards == 1;
        let item = Session::item_of(&self.library, key);
        if let Screen::Study(study) = &self.screen {
            let back = set_aside && item.is_some() && study.session.last_set_aside() == item;
            if back {
                // The card on screen steps back for it; what was done with it waits.
                self.keep_left_review();
            }
            if let Screen::Study(study) = &mut self.screen {
                if back {
                    study.session.put_back();
                    study.next_card(now);
                }
                study.note = Some(words);
            }
            return;
        }
        if let (Screen::Done(done), true) = (&self.screen, set_aside) {
            let scope = done.scope;
            let title = done.title.clone();
            if let Some(store) = &self.store {
                let session =
                    Session::start(&self.library, store, scope, self.today(), self.limits());
                if session.current().is_some() {
                    let mut study = StudyScreen::new(session, title, now);
                    study.note = Some(words);
                    self.screen = Screen::Study(Box::new(study));
                    return;
                }
            }
        }
        self.after_cards_changed(words);
    }

    /// Cards were suspended, buried, reset (or that was undone): show it.
    fn after_cards_changed(&mut self, status: String) {
        let history = self.current_history().cloned();
        match (&mut self.screen, &self.store) {
            (Screen::Browser(browser), Some(store)) => {
                let rows = crate::browse::rows(&self.library, store);
                browser.refresh(rows, &self.library, history.as_ref());
                browser.acted(status);
            }
            _ => {
                self.notices.push(status);
                self.refresh_home();
            }
        }
    }

    /// The practice test's question on screen: for tests.
    pub fn test_question(&self) -> Option<&crate::exam::Question> {
        match &self.screen {
            Screen::Test(test) => test.current(),
            _ => None,
        }
    }

    /// The cards (and draws) the preview shows, if it shows: for tests.
    pub fn preview_shown(&self) -> Option<usize> {
        match &self.screen {
            Screen::Preview(preview) => Some(preview.shown()),
            _ => None,
        }
    }

    /// The browser's rows found, if it shows: for tests.
    pub fn browser_found(&self) -> Option<usize> {
        match &self.screen {
            Screen::Browser(browser) => Some(browser.found()),
            _ => None,
        }
    }

    /// The statistics screen for `scope`: every number at once, or a
    /// moment's wait while the log is being read.
    fn open_stats(&mut self, scope: Scope) {
        let today = self.today();
        let limits = self.limits();
        let scopes = self.scopes();
        self.current_history();
        let overview = match (&self.store, &self.history) {
            (Some(store), Some(history)) => Some(crate::stats::overview::overview(
                &self.library,
                store,
                history,
                scope,
                today,
                limits,
            )),
            _ => None,
        };
        self.screen = Screen::Stats(Box::new(stats::StatsScreen {
            scope,
            scopes,
            overview,
        }));
    }

    pub fn library(&self) -> &Library {
        &self.library
    }

    /// The open store; `None` when it could not be opened.
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// What the learner is being told, in order.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    pub fn screen(&self) -> ScreenName {
        match self.screen {
            Screen::Home => ScreenName::Home,
            Screen::Study(_) => ScreenName::Study,
            Screen::Done(_) => ScreenName::Done,
            Screen::Settings(_) => ScreenName::Settings,
            Screen::Backups(_) => ScreenName::Backups,
            Screen::Stats(_) => ScreenName::Stats,
            Screen::Browser(_) => ScreenName::Browser,
            Screen::TestSetup(_) => ScreenName::TestSetup,
            Screen::Test(_) => ScreenName::Test,
            Screen::TestResults(_) => ScreenName::TestResults,
            Screen::More(_) => ScreenName::More,
            Screen::Preview(_) => ScreenName::Preview,
            Screen::Blocked(BlockedScreen {
                why: Blocked::InUse { .. },
            }) => ScreenName::InUse,
            Screen::Blocked(_) => ScreenName::CannotOpen,
        }
    }

    /// Home's row drawn as chosen (0 is "All decks", i + 1 deck i), if a
    /// row has the keyboard.
    pub fn highlighted_row(&self) -> Option<usize> {
        self.home.highlighted()
    }

    /// The statistics screen shows its numbers (the log is read).
    pub fn stats_ready(&self) -> bool {
        matches!(&self.screen, Screen::Stats(stats) if stats.overview.is_some())
    }

    /// Cards left in the current study session.
    pub fn cards_left(&self) -> Option<usize> {
        match &self.screen {
            Screen::Study(study) => Some(study.session.left()),
            _ => None,
        }
    }

    /// The numbers of the drill on screen, if a drill is on screen.
    pub fn current_draw(&self) -> Option<&crate::drill::Draw> {
        match &self.screen {
            Screen::Study(study) => study.current_draw(),
            _ => None,
        }
    }

    /// The learner asked to quit and must confirm (answers are unsaved).
    pub fn confirming_quit(&self) -> bool {
        self.confirm_quit
    }

    /// Whether the window may close now: no unsaved answers, or the
    /// learner chose to quit anyway.
    pub fn may_close(&self) -> bool {
        self.quit_anyway || self.store.as_ref().is_none_or(|s| s.unsaved() == 0)
    }

    fn settings(&self) -> Settings {
        self.store().map(Store::settings).unwrap_or_default()
    }

    fn rules(&self) -> DayRules {
        self.settings().rules(self.config.time_zone.clone())
    }

    fn limits(&self) -> Limits {
        self.settings().limits_for(self.library.course.as_ref())
    }

    pub fn today(&self) -> Day {
        self.rules().day_of(self.config.clock.now())
    }

    /// Studying is possible: the store is open for writing.
    fn can_study(&self) -> bool {
        self.store.as_ref().is_some_and(|s| !s.is_read_only())
    }

    /// Draw one frame.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.apply_look(ui.ctx());
        self.background_work(ui.ctx());
        if ui.ctx().input(|i| i.viewport().close_requested()) && !self.may_close() {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm_quit = true;
        }
        if matches!(self.screen, Screen::Home) && self.home_day != Some(self.today()) {
            // A new study day began while home was showing.
            self.refresh_home();
        }
        if let Some(action) = self.banners(ui) {
            self.apply(action);
        }
        let shown = self.screen();
        if self.last_screen != Some(shown) {
            self.last_screen = Some(shown);
            self.screens_opened += 1;
        }
        widgets::set_screen_opened(ui, self.screens_opened);
        let today = self.today();
        let action = match &mut self.screen {
            Screen::Home => self.home.ui(ui, &self.library, &self.home_data),
            Screen::Study(study) => match study.session.current() {
                Some(item) => {
                    let key = item.key(&self.library);
                    let store = self.store.as_ref();
                    let progress = store.and_then(|s| s.progress(&key));
                    let card = item.card(&self.library);
                    study.typing = self
                        .store
                        .as_ref()
                        .is_some_and(|s| s.settings().typed_answers);
                    study.prepare(
                        item,
                        card,
                        &key,
                        study
                            .session
                            .review_number(progress.map_or(0, |p| p.answers)),
                        &mut self.left_reviews,
                    );
                    let view = CardView {
                        item,
                        card,
                        deck_title: &item.deck(&self.library).title,
                        progress,
                        today,
                        // Practice answers are not taken back.
                        can_undo: study.session.practice.is_none()
                            && !study.session.latest_unrecorded()
                            && store.is_some_and(|s| study_may_undo(s, today)),
                    };
                    study.ui(ui, &view)
                }
                None => Some(Action::Home),
            },
            Screen::Done(done) => {
                let can_undo = done.practice.is_none()
                    && self
                        .store
                        .as_ref()
                        .is_some_and(|s| study_may_undo(s, today));
                done.ui(ui, can_undo)
            }
            Screen::Settings(settings) => settings.ui(ui),
            Screen::Backups(backups) => backups.ui(ui),
            Screen::Stats(stats) => stats.ui(ui),
            Screen::Browser(browser) => browser.ui(ui, &self.library, self.history.as_ref()),
            Screen::TestSetup(setup) => setup.ui(ui),
            Screen::Test(test) => {
                let now = self.config.clock.now();
                if test.is_over(now) {
                    Some(Action::EndTest)
                } else {
                    test.ui(ui, &self.library, now)
                }
            }
            Screen::TestResults(results) => results.ui(ui),
            Screen::More(more) => more.ui(ui),
            Screen::Preview(preview) => preview.ui(ui),
            Screen::Blocked(blocked) => blocked.ui(ui),
        };
        let quit = if self.confirm_quit {
            self.quit_dialog(ui.ctx())
        } else {
            None
        };
        for action in [action, quit].into_iter().flatten() {
            self.apply(action);
        }
        if std::mem::take(&mut self.close_now) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// Retry unsaved answers now and then; keep the folder's lock file;
    /// collect the backup's report.
    fn background_work(&mut self, ctx: &egui::Context) {
        if !std::mem::replace(&mut self.watch_started, true) {
            self.watcher = watch::DeckWatcher::start(&self.config.decks_dir, ctx.clone());
        }
        if let Some(watcher) = &self.watcher {
            if watcher.take_settled() {
                self.reload_decks();
            } else if watcher.pending() {
                ctx.request_repaint_after(watch::SETTLE);
            }
        }
        if let Some(store) = &mut self.store
            && store.take_file_restored()
        {
            self.notices.push(
                "Your progress file was deleted while cardwise was open. cardwise wrote it back at once, with every answer.".into(),
            );
        }
        if self.last_lock_check.elapsed() >= RETRY_EVERY {
            self.last_lock_check = Instant::now();
            if let Some(store) = &mut self.store {
                store.keep_in_place();
            }
        }
        if self.can_study() {
            // Wake now and then even when idle, for the check above.
            ctx.request_repaint_after(RETRY_EVERY);
        }
        if let Some(store) = &mut self.store
            && store.unsaved() > 0
        {
            if self.last_retry.elapsed() >= RETRY_EVERY && store.lost_to().is_none() {
                self.last_retry = Instant::now();
                match store.flush() {
                    Ok(()) => self.save_problem = None,
                    Err(error) => self.save_problem = Some(problem(&error)),
                }
            }
            ctx.request_repaint_after(RETRY_EVERY);
        }
        if let Some(receive) = &self.history_read {
            match receive.try_recv() {
                Ok(read) => {
                    self.history_read = None;
                    // A log the thread could not read is read here when it
                    // is needed.
                    self.history = read.ok();
                    self.history_arrived();
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    ctx.request_repaint_after(Duration::from_millis(100));
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.history_read = None,
            }
        }
        if let Some(receive) = &self.backup_done {
            match receive.try_recv() {
                Ok(Err(error)) => {
                    self.notices
                        .push(format!("Today's backup could not be made: {error}"));
                    self.backup_done = None;
                }
                Ok(Ok(store::Health::Damaged(reason))) => {
                    self.damage_found = Some(reason);
                    self.backup_done = None;
                }
                Ok(Ok(store::Health::Good { .. })) => self.backup_done = None,
                Err(_) => ctx.request_repaint_after(Duration::from_millis(200)),
            }
        }
    }

    /// Notices and warnings above every screen.
    fn banners(&mut self, ui: &mut egui::Ui) -> Option<Action> {
        let unsaved = self.store.as_ref().map_or(0, Store::unsaved);
        let read_only = self.store.as_ref().is_some_and(Store::is_read_only);
        if self.notices.is_empty() && unsaved == 0 && !read_only && self.damage_found.is_none() {
            return None;
        }
        let mut action = None;
        egui::Panel::top("banners").show(ui, |ui| {
            ui.add_space(4.0);
            if let Some(reason) = &self.damage_found {
                style::banner(ui, true, |ui| {
                    ui.label(egui::RichText::new("Your progress file failed its daily check").strong());
                    ui.label(format!(
                        "SQLite found damage in it ({reason}). Answers given from now on may not be kept. Repair it now: cardwise keeps the damaged file aside, untouched, and goes on from your newest good backup; answers given since that backup stay in the kept file. If this happens again, the disk may be failing."
                    ));
                    if ui.button("Repair now").clicked() {
                        action = Some(Action::Repair);
                    }
                });
            }
            if unsaved > 0 {
                let (why, trouble) = self
                    .save_problem
                    .clone()
                    .unwrap_or_else(|| ("the disk refused the write".into(), WriteTrouble::Other));
                let dir = self.config.data_dir.display().to_string();
                style::banner(ui, true, |ui| {
                    ui.label(
                        egui::RichText::new(format!(
                            "{unsaved} answer{} not saved yet: {why}",
                            if unsaved == 1 { " is" } else { "s are" }
                        ))
                        .strong(),
                    );
                    ui.label(advice(trouble, &dir));
                    if trouble == WriteTrouble::Taken && ui.button("Take back and save").clicked() {
                        action = Some(Action::TakeBack);
                    }
                    if trouble == WriteTrouble::Replaced
                        && ui.button("Write my progress back").clicked()
                    {
                        action = Some(Action::WriteBack);
                    }
                });
            }
            if read_only {
                style::banner(ui, true, |ui| {
                    ui.label(egui::RichText::new("Read-only").strong());
                    ui.label(format!(
                        "{} You can look, but studying is off and nothing is saved.",
                        self.store_problem.as_deref().unwrap_or("")
                    ));
                    if ui.button("Try to open for studying").clicked() {
                        action = Some(Action::RetryStore);
                    }
                });
            }
            // What needs doing shows in full, above; of what is only to be
            // read, two at a time, so a pile of notices never hides the
            // screen at 800×600.
            let shown = if self.all_notices { usize::MAX } else { 2 };
            for (index, notice) in self.notices.iter().enumerate().take(shown) {
                style::banner(ui, false, |ui| {
                    ui.label(notice);
                    if ui.button("Dismiss").clicked() {
                        action = Some(Action::Dismiss(index));
                    }
                });
            }
            let hidden = self.notices.len().saturating_sub(shown);
            if hidden > 0 {
                ui.horizontal(|ui| {
                    ui.label(format!(
                        "{hidden} more notice{}",
                        if hidden == 1 { "" } else { "s" }
                    ));
                    if ui.button("Show them").clicked() {
                        action = Some(Action::ShowAllNotices);
                    }
                });
                ui.add_space(4.0);
            }
        });
        action
    }

    fn quit_dialog(&mut self, ctx: &egui::Context) -> Option<Action> {
        let unsaved = self.store.as_ref().map_or(0, Store::unsaved);
        let mut action = None;
        egui::Modal::new(egui::Id::unique("quit-with-unsaved")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading("Answers not saved");
            let (why, trouble) = self
                .save_problem
                .clone()
                .unwrap_or_else(|| ("the disk refused the write".into(), WriteTrouble::Other));
            ui.label(format!(
                "{unsaved} answer{} could not be saved yet ({why}). If you quit now, {} lost.",
                if unsaved == 1 { "" } else { "s" },
                if unsaved == 1 { "it is" } else { "they are" }
            ));
            ui.label(advice(trouble, &self.config.data_dir.display().to_string()));
            ui.horizontal_wrapped(|ui| {
                let retry = match trouble {
                    WriteTrouble::Taken => "Take back and save",
                    WriteTrouble::Replaced => "Write my progress back",
                    _ => "Try to save again",
                };
                if ui.button(retry).clicked()
                    && let Some(store) = &mut self.store
                {
                    let saved = match trouble {
                        WriteTrouble::Taken => store.take_back(),
                        WriteTrouble::Replaced => store.write_back_over_replacement(),
                        _ => store.flush(),
                    };
                    match saved {
                        Ok(()) => {
                            self.save_problem = None;
                            self.confirm_quit = false;
                            action = Some(Action::Quit);
                        }
                        Err(error) => self.save_problem = Some(problem(&error)),
                    }
                }
                if ui.button("Keep studying").clicked() {
                    self.confirm_quit = false;
                }
                if ui.button("Quit anyway").clicked() {
                    self.quit_anyway = true;
                    action = Some(Action::Quit);
                }
            });
        });
        action
    }

    fn apply_look(&mut self, ctx: &egui::Context) {
        let theme = self.config.theme_override.unwrap_or(self.settings().theme);
        if self.applied_theme == Some(theme) {
            return;
        }
        if self.applied_theme.is_none() {
            style::apply(ctx);
        }
        ctx.set_theme(match theme {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
            ThemeChoice::Light => egui::ThemePreference::Light,
        });
        self.applied_theme = Some(theme);
    }

    /// Carry out what a screen asked for.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Home => match &self.screen {
                // Leaving practice: what it came to.
                Screen::Study(study)
                    if study.session.practice.is_some() && study.session.answered() > 0 =>
                {
                    let (scope, title) = (study.session.scope, study.title.clone());
                    let done = self.practice_done(scope, title);
                    self.keep_left_review();
                    self.screen = Screen::Done(done);
                }
                _ => self.go_home(),
            },
            Action::Study(scope) => self.start_study(scope),
            Action::Reveal => {
                if let Screen::Study(study) = &mut self.screen {
                    study.reveal();
                }
            }
            Action::Pick(shown) => {
                if let Screen::Study(study) = &mut self.screen
                    && let Some(item) = study.session.current()
                {
                    study.pick(item.card(&self.library), shown);
                }
            }
            Action::CheckTyped => {
                if let Screen::Study(study) = &mut self.screen
                    && let Some(item) = study.session.current()
                {
                    study.check_typed(item.card(&self.library));
                }
            }
            Action::Grade(quality) => self.grade(quality),
            Action::Hint => {
                if let Screen::Study(study) = &mut self.screen {
                    study.show_hint();
                }
            }
            Action::Undo => self.undo(),
            Action::RetryStore => {
                self.open_store();
                self.refresh_home();
            }
            Action::OpenReadOnly => {
                match Store::open_read_only_newer(&self.config.data_dir) {
                    Ok(store) => self.store = Some(store),
                    Err(error) => self.store_problem = Some(sentence(&error)),
                }
                self.start_reading_history();
                self.go_home();
            }
            Action::TakeOver => {
                self.accept_store(Store::open_taking_over(&self.config.data_dir));
                self.refresh_home();
            }
            Action::Repair => {
                // Reopening repairs: the daily check left its marker.
                if let Some(store) = &mut self.store {
                    let _ = store.flush();
                }
                self.store = None;
                self.damage_found = None;
                self.open_store();
                self.go_home();
            }
            Action::WriteBack => {
                if let Some(store) = &mut self.store {
                    match store.write_back_over_replacement() {
                        Ok(()) => {
                            self.save_problem = None;
                            self.notices.push(
                                "Your progress is written back, with every answer; the other file is kept aside beside it (…replaced-<date>).".into(),
                            );
                        }
                        Err(error) => self.save_problem = Some(problem(&error)),
                    }
                }
                self.start_reading_history();
                self.refresh_home();
            }
            Action::TakeBack => {
                if let Some(store) = &mut self.store {
                    match store.take_back() {
                        Ok(()) => {
                            self.save_problem = None;
                            self.notices.push(
                                "This window has the progress back; its waiting answers are saved after the other window's.".into(),
                            );
                        }
                        Err(error) => self.save_problem = Some(problem(&error)),
                    }
                }
                self.start_reading_history();
                self.refresh_home();
            }
            Action::Quit => {
                self.confirm_quit = false;
                self.quit_anyway = true;
                self.close_now = true;
            }
            Action::OpenSettings => {
                self.keep_left_review();
                self.screen =
                    Screen::Settings(SettingsScreen::new(self.settings(), self.can_study()));
            }
            Action::SaveSettings(settings) => {
                if let Some(store) = &mut self.store
                    && let Err(error) = store.save_settings(settings)
                {
                    self.notices
                        .push(format!("The settings could not be saved: {error}"));
                }
                self.go_home();
            }
            Action::OpenBackups => self.open_backups(None),
            Action::OpenStats(scope) => self.open_stats(scope),
            Action::StatsScope(scope) => self.open_stats(scope),
            Action::OpenBrowser(search) => {
                if search == "is:leech" {
                    self.new_leeches = 0;
                }
                self.open_browser(&search);
            }
            Action::Act(keys, what) => self.act(&keys, what),
            Action::ActOnCurrent(what) => self.act_on_current(what),
            Action::ToggleTyping => self.toggle_typing(),
            Action::OpenTest(scope) => self.open_test(scope),
            Action::StartTest {
                scope,
                questions,
                minutes,
            } => self.start_test(scope, questions, minutes),
            Action::AnswerTest(given) => self.answer_test(given),
            Action::EndTest => self.end_test(),
            Action::AddTestMistakes => self.add_test_mistakes(),
            Action::OpenMore(scope, days) => self.open_more(scope, days),
            Action::StartPractice(scope, kind) => self.start_practice(scope, kind),
            Action::OpenPreview(deck) => {
                self.keep_left_review();
                self.screen =
                    Screen::Preview(Box::new(preview::PreviewScreen::new(&self.library, deck)));
            }
            Action::DismissLeeches => {
                self.new_leeches = 0;
                self.refresh_home();
            }
            Action::BackupNow => {
                let message = match &self.store {
                    Some(store) => match store.backup_now() {
                        Ok(path) => format!("Backed up to {}.", path.display()),
                        Err(error) => format!("The backup failed: {error}"),
                    },
                    None => "There is no progress to back up.".to_string(),
                };
                self.open_backups(Some(message));
            }
            Action::Restore(path) => {
                let Some(store) = &mut self.store else {
                    return;
                };
                match store.restore(&path) {
                    Ok(()) => {
                        let name = path
                            .file_name()
                            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                        self.notices.push(format!(
                            "Restored the backup {name}. Your progress from before the restore was backed up first."
                        ));
                        self.start_reading_history();
                        self.go_home();
                    }
                    Err(error) => self.open_backups(Some(format!("The restore failed: {error}"))),
                }
            }
            Action::ShowAllNotices => self.all_notices = true,
            Action::Dismiss(index) => {
                if index < self.notices.len() {
                    self.notices.remove(index);
                }
            }
        }
    }

    fn open_backups(&mut self, message: Option<String>) {
        let backups = self.store.as_ref().map(Store::backups).unwrap_or_default();
        self.screen = Screen::Backups(BackupsScreen::new(
            backups,
            message,
            self.can_study(),
            self.config.time_zone.clone(),
        ));
    }

    /// Keep the review on the study screen, if any, for when its card is
    /// studied again.
    fn keep_left_review(&mut self) {
        if let Screen::Study(study) = &mut self.screen
            && let Some((item, review)) = study.take_review()
        {
            self.left_reviews.insert(item.key(&self.library), review);
        }
    }

    fn go_home(&mut self) {
        self.keep_left_review();
        self.screen = Screen::Home;
        self.home.show_selected();
        self.refresh_home();
    }

    fn refresh_home(&mut self) {
        let today = self.today();
        let limits = self.limits();
        if let Some(store) = &mut self.store {
            // After opening, restoring or reloading: cheap when in order.
            plan::arrange(store, &self.library);
        }
        let counts = match &self.store {
            Some(store) => plan::all_deck_counts(&self.library, store, today, limits),
            None => Vec::new(),
        };
        self.home_data = HomeData {
            total: home::sum_counts(&counts),
            counts,
            store_problem: if self.store.is_none() {
                self.store_problem.clone()
            } else {
                None
            },
            can_study: self.can_study(),
            has_progress: self.store.is_some(),
            data_dir: self.config.data_dir.display().to_string(),
            streak: self
                .current_history()
                .map(|h| crate::stats::overview::streak(h, today)),
            new_leeches: self.new_leeches,
            exam: self
                .store
                .as_ref()
                .and_then(|store| plan::exam_outlook(&self.library, store, today, limits)),
            tomorrow: self.store.as_ref().map_or(0, |store| {
                crate::stats::overview::due_on(
                    &self.library,
                    store,
                    Scope::All,
                    today,
                    today.plus(1),
                )
            }),
        };
        self.home_day = Some(today);
    }

    fn scope_title(&self, scope: Scope) -> String {
        match scope {
            Scope::All => "All decks".to_string(),
            Scope::Deck(index) => self
                .library
                .decks
                .get(index)
                .map_or_else(String::new, |d| d.title.clone()),
            Scope::Topic(index) => self
                .library
                .topics
                .get(index)
                .map_or_else(String::new, |t| format!("Topic: {}", t.label())),
        }
    }

    fn start_study(&mut self, scope: Scope) {
        if !self.can_study() {
            return;
        }
        let Some(store) = &self.store else {
            return;
        };
        let today = self.today();
        let session = Session::start(&self.library, store, scope, today, self.limits());
        let title = self.scope_title(scope);
        if session.current().is_none() {
            self.screen = Screen::Done(self.done_screen(scope, title, 0));
        } else {
            self.screen = Screen::Study(Box::new(StudyScreen::new(
                session,
                title,
                self.config.clock.now(),
            )));
        }
    }

    /// The done screen of a session that has ended.
    fn ended(&mut self, ended: Ended) -> DoneScreen {
        let mut done = self.done_screen(ended.scope, ended.title, ended.answered);
        done.practice = ended.practice;
        done
    }

    fn done_screen(&mut self, scope: Scope, title: String, answered: usize) -> DoneScreen {
        let today = self.today();
        let day = self
            .current_history()
            .map(|history| crate::stats::overview::day_summary(history, today));
        let (next_due, unseen) = match &self.store {
            Some(store) => {
                let unseen =
                    plan::scope_counts(&self.library, store, scope, today, self.limits()).new;
                (plan::next_due(&self.library, store, scope, today), unseen)
            }
            None => (None, 0),
        };
        DoneScreen {
            scope,
            title,
            answered,
            next_due,
            unseen,
            today,
            day,
            practice: None,
        }
    }

    fn grade(&mut self, quality: Quality) {
        let now = self.config.clock.now();
        let rules = self.rules();
        let Self {
            library,
            store,
            screen,
            save_problem,
            ..
        } = self;
        let (Screen::Study(study), Some(store)) = (screen, store) else {
            return;
        };
        let Some(item) = study.session.current() else {
            return;
        };
        if !study.may_grade(item.card(library), quality) {
            return;
        }
        let behind = store.clock_behind(rules.day_of(now)).is_some();
        let elapsed = now.duration_since(study.shown_at).as_millis().max(0);
        let answer = Answer {
            key: item.key(library),
            quality,
            answered_at: now,
            elapsed_ms: u64::try_from(elapsed).unwrap_or(u64::MAX),
            fingerprint: Some(item.card(library).fingerprint()),
            checked: study.current().and_then(|review| {
                let card = item.card(library);
                Some(crate::store::Checked {
                    outcome: review.verdict(card)?,
                    mistake: review.mistake(card).and_then(|m| u32::try_from(m).ok()),
                })
            }),
        };
        // A practice answer, or an extra review before an exam, is logged
        // as such and leaves the card's schedule alone.
        let kind = if study.session.practice.is_some() {
            Some(crate::store::ReviewKind::Practice)
        } else if study.session.is_extra(item) {
            Some(crate::store::ReviewKind::ExamExtra)
        } else {
            None
        };
        if let Some(kind) = kind {
            match store.record_practice(&answer, kind, &rules) {
                Ok(practiced) => {
                    *save_problem = practiced.saved.err().map(|e| problem(&e));
                    study.session.advance(quality);
                    study.next_card(now);
                    if let Some(ended) = Ended::of(study) {
                        self.screen = Screen::Done(self.ended(ended));
                    }
                }
                Err(error) => study.save_error = Some(error.to_string()),
            }
            return;
        }
        match store.record(&answer, &rules) {
            Ok(recorded) => {
                // Saved or waiting in memory: either way the answer counts.
                *save_problem = recorded.saved.err().map(|e| problem(&e));
                if recorded.leech {
                    self.new_leeches += 1;
                    // It is suspended: it does not come back today.
                    study.session.advance_suspended();
                } else {
                    study.session.advance(quality);
                }
                study.next_card(now);
                if let Some(ended) = Ended::of(study) {
                    self.screen = Screen::Done(self.ended(ended));
                }
            }
            Err(error) => study.save_error = Some(error.to_string()),
        }
        if behind && !self.clock_told {
            // The clock went back while studying: say so once. (The store
            // has already pulled the later dates back.)
            self.notices.push(
                "Your computer's clock went back behind an answer you had already given. cardwise trusts the clock as it is now: cards answered on a later date count as answered today, so they come back sooner, never later, and nothing is lost. If the clock is wrong, set it right.".to_string(),
            );
            self.clock_told = true;
        }
    }
}

/// What the done screen says of a session with no card left.
struct Ended {
    scope: Scope,
    title: String,
    answered: usize,
    /// For practice: the cards recalled.
    practice: Option<usize>,
}

impl Ended {
    /// `None` while the session has a card to show.
    fn of(study: &StudyScreen) -> Option<Ended> {
        study.session.current().is_none().then(|| Ended {
            scope: study.session.scope,
            title: study.title.clone(),
            answered: study.session.answered(),
            practice: study.session.practice.map(|_| study.session.recalled()),
        })
    }
}

/// An error as a sentence: capitalised, with its full stop.
fn sentence(error: &StoreError) -> String {
    let text = error.to_string();
    let mut chars = text.chars();
    let first = chars
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    format!("{first}{}.", chars.as_str())
}

/// What the learner is told of a write that failed, and its kind.
fn problem(error: &StoreError) -> (String, WriteTrouble) {
    (error.to_string(), error.trouble())
}

/// What the learner can do about unsaved answers.
fn advice(trouble: WriteTrouble, data_dir: &str) -> String {
    match trouble {
        WriteTrouble::DiskFull => format!(
            "The disk is full. cardwise keeps your answers and tries again every few seconds: free some space on the disk that holds {data_dir}."
        ),
        WriteTrouble::NotWritable => format!(
            "The progress folder {data_dir} cannot be written to. cardwise keeps your answers and tries again every few seconds: check that the disk is still there and that the folder may be written."
        ),
        WriteTrouble::Taken => "This window stopped saving so that the two never write over each other. Close the other cardwise, then take the progress back: your waiting answers are saved after the other's.".to_string(),
        WriteTrouble::Replaced => "Your answers are safe in this window. If the other file is not what you want (a sync tool or a copy put it there), write your progress back: the other file is kept aside.".to_string(),
        WriteTrouble::Other => "cardwise keeps your answers and tries again every few seconds.".to_string(),
    }
}

impl CardwiseApp {
    /// Take back the latest answer of today and show its card again, as
    /// it was shown (the same numbers, the same order of options).
    fn undo(&mut self) {
        let now = self.config.clock.now();
        let rules = self.rules();
        let Some(store) = &mut self.store else {
            return;
        };
        // The browser takes back its own actions, never an answer (that
        // would leave it for the study screen).
        if let Screen::Browser(browser) = &mut self.screen
            && store.undoable_action(rules.day_of(now)).is_none()
        {
            browser.say("Nothing here to take back today.".to_string());
            return;
        }
        // The study and done screens take back answers, and a card set
        // aside while studying; not what the browser or a test did.
        if matches!(self.screen, Screen::Study(_) | Screen::Done(_))
            && !study_may_undo(store, rules.day_of(now))
        {
            return;
        }
        // After an extra review (which is not taken back), Ctrl+Z would
        // reach the answer before it: not that.
        if let Screen::Study(study) = &self.screen
            && (study.session.latest_unrecorded() || study.session.practice.is_some())
        {
            return;
        }
        let undone = match store.undo(now, &rules) {
            Ok(Some(undone)) => undone,
            Ok(None) => return,
            Err(error) => {
                self.notices
                    .push(format!("The answer could not be taken back: {error}"));
                return;
            }
        };
        self.save_problem = undone.saved.err().map(|e| problem(&e));
        if undone.leech {
            self.new_leeches = self.new_leeches.saturating_sub(1);
        }
        if let Some(what) = undone.action {
            self.after_undone_action(what, undone.cards, &undone.key, now);
            return;
        }
        // The card on screen steps back for the one taken back; what was
        // done with it waits.
        self.keep_left_review();
        let Some(item) = Session::item_of(&self.library, &undone.key) else {
            // A card no loaded deck holds: its progress is back all the same.
            self.go_home();
            return;
        };
        match &mut self.screen {
            Screen::Study(study) => {
                study.session.undo(item);
                study.next_card(now);
            }
            _ => {
                let scope = match &self.screen {
                    Screen::Done(done) => done.scope,
                    _ => Scope::All,
                };
                let Some(store) = &self.store else {
                    return;
                };
                let mut session =
                    Session::start(&self.library, store, scope, self.today(), self.limits());
                session.undo(item);
                self.screen = Screen::Study(Box::new(StudyScreen::new(
                    session,
                    self.scope_title(scope),
                    now,
                )));
            }
        }
    }
}

/// Whether Ctrl+Z on the study or done screen has something of theirs to
/// take back: an answer, or a card suspended or buried while studying.
fn study_may_undo(store: &Store, today: crate::sched::Day) -> bool {
    store.undoable(today).is_some()
        && matches!(
            store.undoable_action(today),
            None | Some(crate::store::CardAction::Suspend | crate::store::CardAction::Bury)
        )
}

/// What an action did (or its undo), in words, with how to take it back.
fn acted_words(what: crate::store::CardAction, cards: usize, undone: bool) -> String {
    use crate::store::CardAction;
    let n = match cards {
        1 => "1 card".to_string(),
        n => format!("{n} cards"),
    };
    if undone {
        return match what {
            CardAction::Suspend => format!("Taken back: {n} back in study, as before."),
            CardAction::Unsuspend => format!("Taken back: {n} suspended again."),
            CardAction::Bury => format!("Taken back: {n} back in today's work."),
            CardAction::Reset => format!("Taken back: {n} as studied before the reset."),
            CardAction::DueToday => format!("Taken back: {n} out of today's reviews again."),
        };
    }
    match (what, cards) {
        (_, 0) => "Nothing to change: the cards were already so.".to_string(),
        (CardAction::Suspend, _) => format!("Suspended {n}. Ctrl+Z takes it back."),
        (CardAction::Unsuspend, _) => format!("{n} back in study. Ctrl+Z takes it back."),
        (CardAction::Bury, _) => format!("Buried {n} until tomorrow. Ctrl+Z takes it back."),
        (CardAction::Reset, _) => format!("Reset {n} to new. Ctrl+Z takes it back."),
        (CardAction::DueToday, _) => format!("{n} added to today's reviews."),
    }
}

fn in_use_message(pid: Option<u32>) -> String {
    format!(
        "Another cardwise{} is using this progress folder.",
        pid.map(|p| format!(" (process {p})")).unwrap_or_default()
    )
}

impl eframe::App for CardwiseApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}

/// Open the window and run until it is closed.
pub fn run_window(config: AppConfig) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("cardwise")
            .with_app_id("cardwise")
            .with_inner_size([1100.0, 760.0])
            .with_min_inner_size([640.0, 480.0]),
        ..Default::default()
    };
    eframe::run_native(
        "cardwise",
        options,
        Box::new(|_| Ok(Box::new(CardwiseApp::new(config)))),
    )
}
