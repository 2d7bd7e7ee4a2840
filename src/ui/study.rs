//! Study: one card at a time. Space or Enter reveals, 0–5 grades, Escape
//! goes home. A choice question is answered by clicking an option or
//! pressing its letter; a list card shows its items after the reveal; a
//! drill takes a typed number (Enter checks it) and then shows the worked
//! solution.

use egui::{Id, Key, Modifiers, RichText, Ui};
use jiff::Timestamp;

use super::Action;
use super::style;
use crate::deck::{Card, CardKind, option_letter};
use crate::drill::{Draw, DrillAnswer, Expected, Verdict};
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
/// The grade Enter gives after a right answer, and after a wrong one.
const SUGGEST_RIGHT: u8 = 4;
const SUGGEST_WRONG: u8 = 1;

fn answer_box_id() -> Id {
    Id::unique("drill-answer")
}

pub struct StudyScreen {
    pub session: Session,
    pub title: String,
    /// The answer is showing and the card can be graded.
    pub revealed: bool,
    /// Options the learner picked (choice questions and pick drills).
    pub picked: Vec<usize>,
    /// What the learner typed into a drill.
    pub typed: String,
    /// Why the typed text could not be read; nothing is graded.
    pub typed_problem: Option<String>,
    /// A checked drill answer.
    pub drill_verdict: Option<Verdict>,
    /// The current drill's numbers, and the review (item, seed) they belong to.
    pub draw: Option<(ItemRef, u64, Result<Draw, String>)>,
    /// When the current card was first shown, for the time taken.
    pub shown_at: Timestamp,
    /// Why the last grade could not be saved; the card stays until it is.
    pub save_error: Option<String>,
    /// Put the keyboard in the drill's answer box on the next frame.
    focus_answer: bool,
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
            typed: String::new(),
            typed_problem: None,
            drill_verdict: None,
            draw: None,
            shown_at: now,
            save_error: None,
            focus_answer: true,
        }
    }

    /// The next card is up: forget everything about the last one.
    pub fn next_card(&mut self, now: Timestamp) {
        self.revealed = false;
        self.picked.clear();
        self.typed.clear();
        self.typed_problem = None;
        self.drill_verdict = None;
        self.draw = None;
        self.shown_at = now;
        self.save_error = None;
        self.focus_answer = true;
    }

    /// The numbers of the current drill, if it drew them.
    pub fn current_draw(&self) -> Option<&Draw> {
        match &self.draw {
            Some((_, _, Ok(draw))) => Some(draw),
            _ => None,
        }
    }

    /// Reveal the answer: for a choice, check the picks; for a drill, give up.
    pub fn reveal(&mut self) {
        self.revealed = true;
    }

    /// Check what was typed into a number drill. Text that is not a number
    /// leaves the card as it was, with a message.
    pub fn check_typed(&mut self, card: &Card) {
        let (CardKind::Drill(drill), Some(draw)) = (&card.kind, self.current_draw()) else {
            return;
        };
        match drill.judge(draw, &self.typed) {
            Ok(verdict) => {
                self.drill_verdict = Some(verdict);
                self.typed_problem = None;
                self.revealed = true;
            }
            Err(problem) => {
                self.typed_problem = Some(problem.0);
                self.focus_answer = true;
            }
        }
    }

    /// Pick option `index`. A single-answer question is answered at once;
    /// on a multiple-answer question the pick toggles.
    pub fn pick(&mut self, index: usize, card: &Card) {
        let Some((count, single)) = options_of(card) else {
            return;
        };
        if self.revealed || index >= count {
            return;
        }
        if let Some(at) = self.picked.iter().position(|&p| p == index) {
            self.picked.remove(at);
        } else {
            self.picked.push(index);
            self.picked.sort_unstable();
        }
        if single {
            self.revealed = true;
        }
    }

    /// Right or wrong, when the card has a right answer to compare with:
    /// `None` for terms and lists, and for a choice revealed without a pick.
    /// A drill revealed without an answer counts as wrong.
    pub fn verdict(&self, card: &Card) -> Option<bool> {
        match &card.kind {
            CardKind::Choice { answers, .. } if !self.picked.is_empty() => {
                Some(&self.picked == answers)
            }
            CardKind::Drill(drill) if self.revealed => match (&drill.answer, self.current_draw()) {
                (
                    DrillAnswer::Pick { .. },
                    Some(Draw {
                        expected: Expected::Pick(right),
                        ..
                    }),
                ) => Some(self.picked == [*right]),
                _ => Some(self.drill_verdict.as_ref().is_some_and(|v| v.right)),
            },
            _ => None,
        }
    }

    /// The grades the learner may give: a wrong answer 0–2, a right one 3–5.
    pub fn allowed(&self, card: &Card, quality: Quality) -> bool {
        match self.verdict(card) {
            Some(true) => quality.passed(),
            Some(false) => !quality.passed(),
            None => true,
        }
    }

    /// The grade Enter gives once the answer is checked.
    pub fn suggested(&self, card: &Card) -> Option<Quality> {
        let grade = match self.verdict(card)? {
            true => SUGGEST_RIGHT,
            false => SUGGEST_WRONG,
        };
        Quality::new(grade)
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
        // A focused button takes Enter and Space itself (egui clicks it).
        let focus_elsewhere = ui
            .memory(|m| m.focused())
            .is_some_and(|id| id != answer_box_id());
        let typing = matches!(&card.kind, CardKind::Drill(d) if matches!(d.answer, DrillAnswer::Number { .. }));
        let escape = ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape));
        if escape {
            return Some(Action::Home);
        }
        ui.input_mut(|input| {
            let pressed = |input: &mut egui::InputState, key| {
                !focus_elsewhere && input.consume_key(Modifiers::NONE, key)
            };
            if !self.revealed {
                if typing {
                    // Space and digits belong to the answer box.
                    return pressed(input, Key::Enter).then_some(Action::CheckTyped);
                }
                if pressed(input, Key::Space) || pressed(input, Key::Enter) {
                    return Some(Action::Reveal);
                }
                if let Some((count, _)) = options_of(card) {
                    for (index, key) in letter_keys().take(count).enumerate() {
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
            match self.suggested(card) {
                Some(quality) if pressed(input, Key::Enter) => Some(Action::Grade(quality)),
                _ => None,
            }
        })
    }

    fn card_body(&mut self, ui: &mut Ui, view: &CardView<'_>) -> Option<Action> {
        let mut action = None;
        ui.add_space(18.0);
        ui.label(
            RichText::new(format!("{} · {}", view.deck_title, kind_hint(view)))
                .small()
                .weak(),
        );
        ui.add_space(6.0);
        let prompt = match (&view.card.kind, &self.draw) {
            (CardKind::Drill(_), Some((_, _, Err(error)))) => {
                ui.label(
                    RichText::new(format!("This drill could not draw its numbers: {error}"))
                        .color(style::bad(ui)),
                );
                return None;
            }
            (CardKind::Drill(_), Some((_, _, Ok(draw)))) => draw.prompt.clone(),
            (CardKind::Drill(_), None) => String::new(),
            _ => prompt(view).to_string(),
        };
        ui.label(RichText::new(prompt).size(style::PROMPT_SIZE).strong());
        ui.add_space(14.0);

        if let Some(options) = option_texts(view.card) {
            let right = self.right_options(view.card);
            for (index, option) in options.iter().enumerate() {
                if let Some(a) = self.option_row(ui, index, option, &right) {
                    action = Some(a);
                }
            }
            ui.add_space(8.0);
        }

        let typing = matches!(&view.card.kind, CardKind::Drill(d) if matches!(d.answer, DrillAnswer::Number { .. }));
        if typing && let Some(a) = self.answer_box(ui) {
            action = Some(a);
        }

        if !self.revealed {
            let (text, give_up) = if typing {
                ("Show the answer (counts as wrong)", true)
            } else if self.picked.is_empty() {
                ("Show answer  (Space)", false)
            } else {
                ("Check answer  (Enter)", false)
            };
            let button = egui::Button::new(text).min_size(egui::vec2(220.0, 40.0));
            if ui.add(button).clicked() {
                action = Some(Action::Reveal);
            }
            if give_up {
                ui.label(
                    RichText::new("Type the number and press Enter to check it.")
                        .small()
                        .weak(),
                );
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

    fn answer_box(&mut self, ui: &mut Ui) -> Option<Action> {
        let mut action = None;
        let label = ui.label(RichText::new("Your answer").small().weak());
        ui.horizontal(|ui| {
            let edit = egui::TextEdit::singleline(&mut self.typed)
                .id(answer_box_id())
                .hint_text("e.g. 45, 12.5%, $1,250")
                .desired_width(220.0)
                .font(egui::TextStyle::Heading)
                .interactive(!self.revealed);
            let response = ui.add(edit).labelled_by(label.id);
            if self.focus_answer && !self.revealed {
                response.request_focus();
                self.focus_answer = false;
            }
            if !self.revealed && ui.button("Check  (Enter)").clicked() {
                action = Some(Action::CheckTyped);
            }
        });
        if let Some(problem) = &self.typed_problem {
            ui.label(RichText::new(problem).color(style::bad(ui)));
        }
        ui.add_space(8.0);
        action
    }

    /// Indexes of the right options of a choice or a pick drill.
    fn right_options(&self, card: &Card) -> Vec<usize> {
        match (&card.kind, self.current_draw()) {
            (CardKind::Choice { answers, .. }, _) => answers.clone(),
            (
                CardKind::Drill(_),
                Some(Draw {
                    expected: Expected::Pick(i),
                    ..
                }),
            ) => vec![*i],
            _ => Vec::new(),
        }
    }

    fn option_row(
        &self,
        ui: &mut Ui,
        index: usize,
        option: &str,
        right: &[usize],
    ) -> Option<Action> {
        let letter = option_letter(index);
        let picked = self.picked.contains(&index);
        if !self.revealed {
            let text = format!("{letter}   {option}");
            let button = egui::Button::selectable(picked, text)
                .min_size(egui::vec2(ui.available_width(), 36.0));
            return ui.add(button).clicked().then_some(Action::Pick(index));
        }
        let (mark, color) = match (right.contains(&index), picked) {
            (true, _) => ("✔", Some(style::good(ui))),
            (false, true) => ("✖", Some(style::bad(ui))),
            (false, false) => ("", None),
        };
        // Same height as the option buttons, so nothing jumps on reveal.
        ui.horizontal(|ui| {
            ui.set_min_height(36.0);
            let mark_color = color.unwrap_or(ui.visuals().text_color());
            ui.add_sized(
                [14.0, 20.0],
                egui::Label::new(RichText::new(mark).color(mark_color)),
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
                let answer = match view.item.direction() {
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
                self.verdict_line(ui, view.card);
                if let Some(explanation) = explanation {
                    ui.label(RichText::new(explanation).size(18.0).strong());
                }
            }
            CardKind::Drill(drill) => {
                self.verdict_line(ui, view.card);
                if let Some(draw) = self.current_draw() {
                    if let Expected::Number { shown, .. } = &draw.expected {
                        let typed = self
                            .drill_verdict
                            .as_ref()
                            .map_or_else(|| "nothing".to_string(), |v| drill.show_typed(v.read_as));
                        ui.label(
                            RichText::new(format!("Your answer: {typed} · Expected: {shown}"))
                                .size(19.0)
                                .strong(),
                        );
                    }
                    if !draw.solution.is_empty() {
                        ui.add_space(8.0);
                        ui.label(RichText::new("Worked solution").strong());
                        for (index, step) in draw.solution.iter().enumerate() {
                            ui.label(
                                RichText::new(format!("{}.  {step}", index + 1))
                                    .size(18.0)
                                    .strong(),
                            );
                        }
                    }
                }
            }
        }
    }

    fn verdict_line(&self, ui: &mut Ui, card: &Card) {
        let verdict = match self.verdict(card) {
            Some(true) => Some(("Right", style::good(ui))),
            Some(false) => Some(("Not quite", style::bad(ui))),
            None => None,
        };
        if let Some((word, color)) = verdict {
            ui.label(RichText::new(word).strong().size(20.0).color(color));
        }
    }

    fn grade_bar(&self, ui: &mut Ui, view: &CardView<'_>) -> Option<Action> {
        let next = view.progress.map_or(Sm2State::NEW, |p| p.sm2).next_states();
        // A card answered earlier today is a same-day repeat: its schedule is
        // already set, so the buttons say so instead of an interval.
        let repeat = view.progress.is_some_and(|p| p.last_day >= view.today);
        let suggested = self.suggested(view.card);
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
                let button = GradeButton {
                    quality,
                    enabled: self.allowed(view.card, quality),
                    suggested: suggested == Some(quality),
                    title: format!("{} {}", quality.value(), quality.label()),
                    detail: when,
                };
                let response = button
                    .show(ui, egui::vec2(width, 52.0))
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
struct GradeButton {
    quality: Quality,
    enabled: bool,
    /// What Enter gives: drawn with a stronger outline.
    suggested: bool,
    title: String,
    detail: String,
}

impl GradeButton {
    fn show(self, ui: &mut Ui, size: egui::Vec2) -> egui::Response {
        let Self {
            quality,
            enabled,
            suggested,
            title,
            detail,
        } = self;
        let sense = if enabled {
            egui::Sense::click()
        } else {
            egui::Sense::hover()
        };
        let (rect, response) = ui.allocate_exact_size(size, sense);
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, enabled, format!("{title} · {detail}"))
        });
        if !ui.is_rect_visible(rect) {
            return response;
        }
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
            &title,
            egui::FontId::proportional(17.0),
            title_color,
        );
        painter.text(
            rect.center_bottom() - egui::vec2(0.0, 7.0),
            egui::Align2::CENTER_BOTTOM,
            &detail,
            egui::FontId::proportional(13.5),
            detail_color,
        );
        if suggested || response.has_focus() {
            painter.rect_stroke(
                rect.expand(2.0),
                visuals.corner_radius,
                egui::Stroke::new(2.0, style::accent(ui)),
                egui::StrokeKind::Outside,
            );
        }
        response
    }
}

fn grade_hint(screen: &StudyScreen, card: &Card) -> String {
    let suggestion = screen
        .suggested(card)
        .map(|q| format!(" · Enter gives {} {}", q.value(), q.label()))
        .unwrap_or_default();
    match screen.verdict(card) {
        Some(true) => {
            format!("Right: grade 3–5 by how easily you knew it{suggestion} · Esc back to decks")
        }
        Some(false) => format!(
            "Wrong: grade 0–2; the card comes back later today{suggestion} · Esc back to decks"
        ),
        None => "Grade with 0–5: below 4 comes back later today · Esc back to decks".to_string(),
    }
}

/// The option count of a choice or pick drill, and whether one pick answers it.
fn options_of(card: &Card) -> Option<(usize, bool)> {
    match &card.kind {
        CardKind::Choice {
            options, answers, ..
        } => Some((options.len(), answers.len() == 1)),
        CardKind::Drill(drill) => match &drill.answer {
            DrillAnswer::Pick { options, .. } => Some((options.len(), true)),
            DrillAnswer::Number { .. } => None,
        },
        _ => None,
    }
}

fn option_texts(card: &Card) -> Option<&[String]> {
    match &card.kind {
        CardKind::Choice { options, .. } => Some(options),
        CardKind::Drill(drill) => match &drill.answer {
            DrillAnswer::Pick { options, .. } => Some(options),
            DrillAnswer::Number { .. } => None,
        },
        _ => None,
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
        } => match view.item.direction() {
            Direction::Forward => term,
            Direction::Reverse => definition,
        },
        CardKind::List { prompt, .. } => prompt,
        CardKind::Choice { question, .. } => question,
        CardKind::Drill(_) => "",
    }
}

fn kind_hint(view: &CardView<'_>) -> String {
    match &view.card.kind {
        CardKind::Term { .. } => match view.item.direction() {
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
        CardKind::Drill(drill) => match &drill.answer {
            DrillAnswer::Number { .. } => "calculate: type the number, Enter checks it".into(),
            DrillAnswer::Pick { options, .. } => {
                format!(
                    "work it out and pick one (A–{})",
                    option_letter(options.len().saturating_sub(1))
                )
            }
        },
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
