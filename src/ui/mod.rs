//! The window. Screens draw and return what the learner asked for (an
//! [`Action`]); [`CardwiseApp::apply`] carries it out through the library.
//! No scheduling or file logic lives here.

mod done;
mod home;
mod settings;
mod study;
mod style;

use std::path::PathBuf;
use std::sync::Arc;

use jiff::tz::TimeZone;

use crate::clock::Clock;
use crate::deck::{CardKind, Library, load_paths};
use crate::drill::seed_for;
use crate::plan::{self, ItemRef, Limits, Scope, Session};
use crate::sched::{CardProgress, Day, DayRules, Quality};
use crate::store::{Answer, Settings, Store, ThemeChoice};

use done::DoneScreen;
use home::{HomeData, HomeScreen};
use settings::SettingsScreen;
use study::{CardView, StudyScreen};

/// Everything the app needs from outside: folders, clock and time zone.
pub struct AppConfig {
    pub data_dir: PathBuf,
    pub decks_dir: PathBuf,
    pub clock: Arc<dyn Clock>,
    pub time_zone: TimeZone,
    /// Forces a theme over the saved setting (`CARDWISE_THEME`).
    pub theme_override: Option<ThemeChoice>,
}

/// What a screen asks the app to do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Action {
    Study(Scope),
    Home,
    Reveal,
    Pick(usize),
    /// Check the number typed into a drill.
    CheckTyped,
    Grade(Quality),
    RetryStore,
    OpenSettings,
    SaveSettings(Settings),
}

enum Screen {
    Home,
    Study(Box<StudyScreen>),
    Done(DoneScreen),
    Settings(SettingsScreen),
}

/// Which screen is showing; for tests and the window title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScreenName {
    Home,
    Study,
    Done,
    Settings,
}

pub struct CardwiseApp {
    config: AppConfig,
    library: Library,
    /// The progress store, or why it could not be opened.
    store: Result<Store, String>,
    screen: Screen,
    home: HomeScreen,
    home_data: HomeData,
    /// The study day `home_data` was computed for.
    home_day: Option<Day>,
    /// The theme last applied to the context.
    applied_theme: Option<ThemeChoice>,
}

impl CardwiseApp {
    pub fn new(config: AppConfig) -> Self {
        let library = load_paths(std::slice::from_ref(&config.decks_dir));
        let store = Store::open(&config.data_dir).map_err(|e| e.to_string());
        let mut app = Self {
            config,
            library,
            store,
            screen: Screen::Home,
            home: HomeScreen::default(),
            home_data: HomeData::default(),
            home_day: None,
            applied_theme: None,
        };
        app.refresh_home();
        app.home.select_first_with_work(&app.home_data);
        app
    }

    pub fn library(&self) -> &Library {
        &self.library
    }

    /// The open store; `None` when it could not be opened.
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref().ok()
    }

    pub fn screen(&self) -> ScreenName {
        match self.screen {
            Screen::Home => ScreenName::Home,
            Screen::Study(_) => ScreenName::Study,
            Screen::Done(_) => ScreenName::Done,
            Screen::Settings(_) => ScreenName::Settings,
        }
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

    fn settings(&self) -> Settings {
        self.store().map(Store::settings).unwrap_or_default()
    }

    fn rules(&self) -> DayRules {
        DayRules::new(
            self.config.time_zone.clone(),
            self.settings().day_start_hour,
        )
    }

    fn limits(&self) -> Limits {
        Limits {
            new_per_deck: self.settings().new_per_day,
        }
    }

    pub fn today(&self) -> Day {
        self.rules().day_of(self.config.clock.now())
    }

    /// Draw one frame.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.apply_look(ui.ctx());
        if matches!(self.screen, Screen::Home) && self.home_day != Some(self.today()) {
            // A new study day began while home was showing.
            self.refresh_home();
        }
        let today = self.today();
        let action = match &mut self.screen {
            Screen::Home => self.home.ui(ui, &self.library, &self.home_data),
            Screen::Study(study) => match study.session.current() {
                Some(item) => {
                    let progress = self
                        .store
                        .as_ref()
                        .ok()
                        .and_then(|s| s.progress(&item.key(&self.library)));
                    prepare_draw(study, item, &self.library, progress);
                    let deck = item.deck(&self.library);
                    let view = CardView {
                        item,
                        card: item.card(&self.library),
                        deck_title: &deck.title,
                        progress: self
                            .store
                            .as_ref()
                            .ok()
                            .and_then(|s| s.progress(&item.key(&self.library))),
                        today,
                    };
                    study.ui(ui, &view)
                }
                None => Some(Action::Home),
            },
            Screen::Done(done) => done.ui(ui),
            Screen::Settings(settings) => settings.ui(ui),
        };
        if let Some(action) = action {
            self.apply(action);
        }
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
            Action::Home => self.go_home(),
            Action::Study(scope) => self.start_study(scope),
            Action::Reveal => {
                if let Screen::Study(study) = &mut self.screen {
                    study.reveal();
                }
            }
            Action::Pick(index) => {
                if let Screen::Study(study) = &mut self.screen
                    && let Some(item) = study.session.current()
                {
                    study.pick(index, item.card(&self.library));
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
            Action::RetryStore => {
                self.store = Store::open(&self.config.data_dir).map_err(|e| e.to_string());
                self.refresh_home();
            }
            Action::OpenSettings => {
                self.screen = Screen::Settings(SettingsScreen {
                    draft: self.settings(),
                });
            }
            Action::SaveSettings(settings) => {
                if let Ok(store) = &mut self.store
                    && let Err(error) = store.save_settings(settings)
                {
                    self.home_data.store_problem = Some(error.to_string());
                }
                self.go_home();
            }
        }
    }

    fn go_home(&mut self) {
        self.screen = Screen::Home;
        self.refresh_home();
    }

    fn refresh_home(&mut self) {
        let today = self.today();
        let limits = self.limits();
        let counts = match &self.store {
            Ok(store) => (0..self.library.decks.len())
                .map(|deck| plan::deck_counts(&self.library, store, deck, today, limits))
                .collect(),
            Err(_) => Vec::new(),
        };
        self.home_data = HomeData {
            counts,
            store_problem: self.store.as_ref().err().cloned(),
            data_dir: self.config.data_dir.display().to_string(),
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
                .map_or_else(String::new, |t| format!("Topic: {}", t.name)),
        }
    }

    fn start_study(&mut self, scope: Scope) {
        let Ok(store) = &self.store else {
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

    fn done_screen(&self, scope: Scope, title: String, answered: usize) -> DoneScreen {
        let today = self.today();
        let (next_due, unseen) = match &self.store {
            Ok(store) => {
                let unseen =
                    plan::scope_counts(&self.library, store, scope, today, self.limits()).unseen;
                (plan::next_due(&self.library, store, scope, today), unseen)
            }
            Err(_) => (None, 0),
        };
        DoneScreen {
            title,
            answered,
            next_due,
            unseen,
            today,
        }
    }

    fn grade(&mut self, quality: Quality) {
        let now = self.config.clock.now();
        let rules = self.rules();
        let Self {
            library,
            store,
            screen,
            ..
        } = self;
        let (Screen::Study(study), Ok(store)) = (screen, store) else {
            return;
        };
        let Some(item) = study.session.current() else {
            return;
        };
        if !study.revealed || !study.allowed(item.card(library), quality) {
            return;
        }
        let elapsed = now.duration_since(study.shown_at).as_millis().max(0);
        let answer = Answer {
            key: item.key(library),
            quality,
            answered_at: now,
            elapsed_ms: u64::try_from(elapsed).unwrap_or(u64::MAX),
        };
        match store.record(&answer, &rules) {
            Ok(_) => {
                study.session.advance(quality);
                study.next_card(now);
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
}

/// Draw the numbers of the review on screen, once per review: the seed
/// comes from the card's key and its answer count, so a restart shows the
/// same numbers and the next answer brings new ones.
fn prepare_draw(
    study: &mut StudyScreen,
    item: ItemRef,
    library: &Library,
    progress: Option<&CardProgress>,
) {
    let CardKind::Drill(drill) = &item.card(library).kind else {
        return;
    };
    let seed = seed_for(&item.key(library), progress.map_or(0, |p| p.answers));
    if study
        .draw
        .as_ref()
        .is_some_and(|(i, s, _)| *i == item && *s == seed)
    {
        return;
    }
    study.draw = Some((item, seed, drill.draw(seed)));
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
