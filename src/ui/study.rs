//! Study: one card at a time. Space or Enter reveals, 0–5 grades, Escape
//! goes home. A choice question is answered by clicking an option or
//! pressing its letter; a list card shows its items after the reveal.

use egui::{Key, Modifiers, RichText, Ui};
use jiff::Timestamp;

use super::Action;
use super::style;
use crate::deck::{Card, CardKind, option_letter};
use crate::key::Direction;
use crate::plan::{ItemRef, Session};
use crate::sched::{CardProgress, Day, QUALITIES, Quality, Sm2State};

const DIGIT_KEYS: [Key; 6] = [
    Key::Num0,
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
];

pub struct StudyScreen {
    pub session: Session,
    pub title: String,
    /// The answer is showing and the card can be graded.
    pub revealed: bool,
    /// Options the learner picked (choice questions).
    pub picked: Vec<usize>,
    /// When the current card was first shown, for the time taken.
    pub shown_at: Timestamp,
    /// Why the last grade could not be saved; the card stays until it is.
    pub save_error: Option<String>,
}

/// What the study screen needs to draw the current card.
pub struct CardView<'a> {
    pub item: ItemRef,
    pub card: &'a Card,
    pub deck_title: &'a str,
    pub progress: Option<&'a CardProgress>,
    pub today: Day,
}

impl StudyScreen {
    pub fn new(session: Session, title: String, now: Timestamp) -> Self {
        Self {
            session,
            title,
            revealed: false,
            picked: Vec::new(),
            shown_at: now,
            save_error: None,
        }
    }

    /// The next card is up: forget the last one's reveal and picks.
    pub fn next_card(&mut self, now: Timestamp) {
        self.revealed = false;
        self.picked.clear();
        self.shown_at = now;
        self.save_error = None;
    }

    /// Reveal the answer (for a choice question, check the picks).
    pub fn reveal(&mut self) {
        self.revealed = true;
    }

    /// Pick option `index`. A single-answer question is answered at once;
    /// on a multiple-answer question the pick toggles.
    pub fn pick(&mut self, index: usize, card: &Card) {
        let CardKind::Choice {
            options, answers, ..
        } = &card.kind
        else {
            return;
        };
        if self.revealed || index >= options.len() {
            return;
        }
        if let Some(at) = self.picked.iter().position(|&p| p == index) {
            self.picked.remove(at);
        } else {
            self.picked.push(index);
            self.picked.sort_unstable();
        }
        if answers.len() == 1 {
            self.revealed = true;
        }
    }

    /// Whether the learner's picks were right: `None` when nothing was
    /// picked (revealed with Space) or the card is not a choice.
    pub fn choice_verdict(&self, card: &Card) -> Option<bool> {
        match &card.kind {
            CardKind::Choice { answers, .. } if !self.picked.is_empty() => {
                Some(&self.picked == answers)
            }
            _ => None,
        }
    }

    /// The grades the learner may give: a wrong pick 0–2, a right one 3–5.
    pub fn allowed(&self, card: &Card, quality: Quality) -> bool {
        match self.choice_verdict(card) {
            Some(true) => quality.passed(),
            Some(false) => !quality.passed(),
            None => true,
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, view: &CardView<'_>) -> Option<Action> {
        let mut action = self.keys(ui, view.card);

        egui::Panel::top("study-top").show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui
                    .button("← Decks")
                    .on_hover_text("Back to the decks (Esc)")
                    .clicked()
                {
                    action = Some(Action::Home);
                }
                ui.label(RichText::new(&self.title).strong());
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(format!(
                        "{} left today · {} answered",
                        self.session.left(),
                        self.session.answered()
                    ));
                });
            });
            ui.add_space(4.0);
            let done = self.session.answered() as f32;
            let fraction = done / (done + self.session.left() as f32).max(1.0);
            ui.add(egui::ProgressBar::new(fraction).desired_height(3.0));
            ui.add_space(2.0);
        });

        if self.revealed {
            egui::Panel::bottom("study-grades").show(ui, |ui| {
                ui.add_space(8.0);
                if let Some(a) = self.grade_bar(ui, view) {
                    action = Some(a);
                }
                ui.add_space(6.0);
            });
        }

        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    centered_column(ui, |ui| {
                        if let Some(a) = self.card_body(ui, view) {
                            action = Some(a);
                        }
                    });
                });
        });
        action
    }

    fn keys(&mut self, ui: &mut Ui, card: &Card) -> Option<Action> {
        ui.input_mut(|input| {
            if input.consume_key(Modifiers::NONE, Key::Escape) {
                return Some(Action::Home);
            }
            if !self.revealed {
                if input.consume_key(Modifiers::NONE, Key::Space)
                    || input.consume_key(Modifiers::NONE, Key::Enter)
                {
                    return Some(Action::Reveal);
                }
                if let CardKind::Choice { options, .. } = &card.kind {
                    for (index, key) in letter_keys().take(options.len()).enumerate() {
                        if input.consume_key(Modifiers::NONE, key) {
                            return Some(Action::Pick(index));
                        }
                    }
                }
                return None;
            }
            for (quality, key) in QUALITIES.iter().zip(DIGIT_KEYS) {
                if self.allowed(card, *quality) && input.consume_key(Modifiers::NONE, key) {
                    return Some(Action::Grade(*quality));
                }
            }
            None
        })
    }

    fn card_body(&self, ui: &mut Ui, view: &CardView<'_>) -> Option<Action> {
        let mut action = None;
        ui.add_space(18.0);
        ui.label(
            RichText::new(format!("{} · {}", view.deck_title, kind_hint(view)))
                .small()
                .weak(),
        );
        ui.add_space(6.0);
        ui.label(
            RichText::new(prompt(view))
                .size(style::PROMPT_SIZE)
                .strong(),
        );
        ui.add_space(14.0);

        if let CardKind::Choice {
            options, answers, ..
        } = &view.card.kind
        {
            for (index, option) in options.iter().enumerate() {
                if let Some(a) = self.option_row(ui, index, option, answers) {
                    action = Some(a);
                }
            }
            ui.add_space(8.0);
        }

        if !self.revealed {
            let multi_picked = !self.picked.is_empty();
            let text = if multi_picked {
                "Check answer  (Enter)"
            } else {
                "Show answer  (Space)"
            };
            if ui
                .add(egui::Button::new(text).min_size(egui::vec2(220.0, 40.0)))
                .clicked()
            {
                action = Some(Action::Reveal);
            }
        } else {
            ui.separator();
            ui.add_space(6.0);
            self.answer(ui, view);
        }

        if let Some(error) = &self.save_error {
            ui.add_space(10.0);
            ui.label(
                RichText::new(format!("Not saved: {error}. Grade again to retry."))
                    .color(style::bad(ui)),
            );
        }
        action
    }

    fn option_row(
        &self,
        ui: &mut Ui,
        index: usize,
        option: &str,
        answers: &[usize],
    ) -> Option<Action> {
        let letter = option_letter(index);
        let picked = self.picked.contains(&index);
        if !self.revealed {
            let text = format!("{letter}   {option}");
            let button = egui::Button::selectable(picked, text)
                .min_size(egui::vec2(ui.available_width(), 36.0));
            return ui.add(button).clicked().then_some(Action::Pick(index));
        }
        let right = answers.contains(&index);
        let (mark, color) = match (right, picked) {
            (true, _) => ("✔", Some(style::good(ui))),
            (false, true) => ("✖", Some(style::bad(ui))),
            (false, false) => ("", None),
        };
        // Same height as the option buttons, so nothing jumps on reveal.
        ui.horizontal(|ui| {
            ui.set_min_height(36.0);
            ui.add_sized(
                [14.0, 20.0],
                egui::Label::new(
                    RichText::new(mark).color(color.unwrap_or(ui.visuals().text_color())),
                ),
            );
            let text = RichText::new(format!("{letter}   {option}"));
            ui.label(match color {
                Some(color) => text.color(color).strong(),
                None => text.weak(),
            });
        });
        None
    }

    fn answer(&self, ui: &mut Ui, view: &CardView<'_>) {
        match &view.card.kind {
            CardKind::Term {
                term, definition, ..
            } => {
                let answer = match view.item.direction {
                    Direction::Forward => definition,
                    Direction::Reverse => term,
                };
                ui.label(RichText::new(answer).size(20.0).strong());
            }
            CardKind::List { items, ordered, .. } => {
                for (index, item) in items.iter().enumerate() {
                    let marker = if *ordered {
                        format!("{}.", index + 1)
                    } else {
                        "•".to_string()
                    };
                    ui.label(
                        RichText::new(format!("{marker}  {item}"))
                            .size(19.0)
                            .strong(),
                    );
                }
            }
            CardKind::Choice { explanation, .. } => {
                let verdict = match self.choice_verdict(view.card) {
                    Some(true) => Some(("Right", style::good(ui))),
                    Some(false) => Some(("Not quite", style::bad(ui))),
                    None => None,
                };
                if let Some((word, color)) = verdict {
                    ui.label(RichText::new(word).strong().size(20.0).color(color));
                }
                if let Some(explanation) = explanation {
                    ui.label(RichText::new(explanation).size(18.0).strong());
                }
            }
        }
    }

    fn grade_bar(&self, ui: &mut Ui, view: &CardView<'_>) -> Option<Action> {
        let next = view.progress.map_or(Sm2State::NEW, |p| p.sm2).next_states();
        // A card answered earlier today is a same-day repeat: its schedule is
        // already set, so the buttons say so instead of an interval.
        let repeat = view.progress.is_some_and(|p| p.last_day >= view.today);
        let spacing = ui.spacing().item_spacing.x;
        let width = ((ui.available_width() - 5.0 * spacing) / 6.0).clamp(100.0, 170.0);
        let row_width = 6.0 * width + 5.0 * spacing;
        let mut action = None;
        ui.horizontal(|ui| {
            ui.add_space(((ui.available_width() - row_width) / 2.0).max(0.0));
            for quality in QUALITIES {
                let state = next[usize::from(quality.value())];
                let when = if quality.repeat_today() {
                    "again today".to_string()
                } else if repeat {
                    "done today".to_string()
                } else {
                    style::interval(state.interval_days)
                };
                let enabled = self.allowed(view.card, quality);
                let title = format!("{} {}", quality.value(), quality.label());
                let response =
                    grade_button(ui, enabled, quality, &title, &when, egui::vec2(width, 52.0))
                        .on_hover_text(quality.meaning());
                if response.clicked() {
                    action = Some(Action::Grade(quality));
                }
            }
        });
        ui.vertical_centered(|ui| {
            ui.label(RichText::new(grade_hint(self, view.card)).small().weak());
        });
        action
    }
}

/// A two-line grade button: "4 Good" over the interval it gives. Its
/// accessible name is both lines, "4 Good · 6d".
fn grade_button(
    ui: &mut Ui,
    enabled: bool,
    quality: Quality,
    title: &str,
    detail: &str,
    size: egui::Vec2,
) -> egui::Response {
    let sense = if enabled {
        egui::Sense::click()
    } else {
        egui::Sense::hover()
    };
    let (rect, response) = ui.allocate_exact_size(size, sense);
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Button, enabled, format!("{title} · {detail}"))
    });
    if ui.is_rect_visible(rect) {
        let visuals = if enabled {
            *ui.style().interact(&response)
        } else {
            ui.visuals().widgets.noninteractive
        };
        ui.painter().rect(
            rect,
            visuals.corner_radius,
            visuals.weak_bg_fill,
            visuals.bg_stroke,
            egui::StrokeKind::Inside,
        );
        let title_color = match (enabled, quality.passed(), quality.repeat_today()) {
            (false, _, _) => ui.visuals().weak_text_color(),
            (true, false, _) => style::bad(ui),
            (true, true, true) => visuals.text_color(),
            (true, true, false) => style::good(ui),
        };
        let detail_color = if enabled {
            visuals.text_color()
        } else {
            ui.visuals().weak_text_color()
        };
        let painter = ui.painter();
        painter.text(
            rect.center_top() + egui::vec2(0.0, 7.0),
            egui::Align2::CENTER_TOP,
            title,
            egui::FontId::proportional(17.0),
            title_color,
        );
        painter.text(
            rect.center_bottom() - egui::vec2(0.0, 7.0),
            egui::Align2::CENTER_BOTTOM,
            detail,
            egui::FontId::proportional(13.5),
            detail_color,
        );
        if response.has_focus() {
            painter.rect_stroke(
                rect.expand(2.0),
                visuals.corner_radius,
                ui.visuals().selection.stroke,
                egui::StrokeKind::Outside,
            );
        }
    }
    response
}

fn grade_hint(screen: &StudyScreen, card: &Card) -> &'static str {
    match screen.choice_verdict(card) {
        Some(true) => "Right: grade 3–5 by how easily you knew it · Esc back to decks",
        Some(false) => "Wrong: grade 0–2 · the card comes back later today · Esc back to decks",
        None => "Grade with 0–5: below 4 comes back later today · Esc back to decks",
    }
}

fn letter_keys() -> impl Iterator<Item = Key> {
    [
        Key::A,
        Key::B,
        Key::C,
        Key::D,
        Key::E,
        Key::F,
        Key::G,
        Key::H,
        Key::I,
        Key::J,
        Key::K,
        Key::L,
        Key::M,
        Key::N,
        Key::O,
        Key::P,
        Key::Q,
        Key::R,
        Key::S,
        Key::T,
        Key::U,
        Key::V,
        Key::W,
        Key::X,
        Key::Y,
        Key::Z,
    ]
    .into_iter()
}

fn prompt<'a>(view: &'a CardView<'_>) -> &'a str {
    match &view.card.kind {
        CardKind::Term {
            term, definition, ..
        } => match view.item.direction {
            Direction::Forward => term,
            Direction::Reverse => definition,
        },
        CardKind::List { prompt, .. } => prompt,
        CardKind::Choice { question, .. } => question,
    }
}

fn kind_hint(view: &CardView<'_>) -> String {
    match &view.card.kind {
        CardKind::Term { .. } => match view.item.direction {
            Direction::Forward => "define the term".into(),
            Direction::Reverse => "name the term".into(),
        },
        CardKind::List { items, ordered, .. } => {
            format!(
                "recall all {} items{}",
                items.len(),
                if *ordered { ", in order" } else { "" }
            )
        }
        CardKind::Choice {
            options, answers, ..
        } => {
            let keys = format!("A–{}", option_letter(options.len().saturating_sub(1)));
            if answers.len() == 1 {
                format!("pick one ({keys})")
            } else {
                format!("pick all that apply ({keys}), then Enter")
            }
        }
    }
}

/// Lay `add` out in a column no wider than the reading width, centred.
fn centered_column(ui: &mut Ui, add: impl FnOnce(&mut Ui)) {
    let width = ui.available_width().min(style::READING_WIDTH);
    let margin = ((ui.available_width() - width) / 2.0).max(0.0);
    ui.horizontal(|ui| {
        ui.add_space(margin);
        ui.vertical(|ui| {
            ui.set_width(width);
            add(ui);
        });
    });
}
