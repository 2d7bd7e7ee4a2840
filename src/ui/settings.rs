//! Settings: when the study day starts, how many new cards a day, when a
//! card is a leech, the theme.

use egui::{Key, Modifiers, RichText, Ui};

use super::Action;
use super::style;
use crate::settings::{DAY_START_HOURS, LEECH_LAPSES, NEW_PER_DAY, Settings, ThemeChoice};

#[derive(Debug)]
pub struct SettingsScreen {
    pub draft: Settings,
    /// False when progress is open read-only.
    pub can_save: bool,
    /// The exam date as typed; read into `draft` when it is a date.
    exam_text: String,
}

impl SettingsScreen {
    pub fn new(draft: Settings, can_save: bool) -> Self {
        Self {
            exam_text: draft.exam_date.map_or_else(String::new, |d| d.to_string()),
            draft,
            can_save,
        }
    }

    /// Why the exam date typed is not one; `None` when it is (or is empty).
    fn exam_problem(&self) -> Option<String> {
        let text = self.exam_text.trim();
        if text.is_empty() {
            return None;
        }
        match text.parse::<jiff::civil::Date>() {
            Ok(_) => None,
            Err(_) => Some(format!(
                "\"{text}\" is not a date: write it as year-month-day, like 2027-01-15"
            )),
        }
    }

    pub fn ui(&mut self, ui: &mut Ui) -> Option<Action> {
        let mut action = ui
            .input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
            .then_some(Action::Home);
        egui::CentralPanel::default().show(ui, |ui| {
            ui.add_space(12.0);
            ui.heading("Settings");
            ui.add_space(12.0);
            egui::Grid::new("settings-grid")
                .num_columns(2)
                .spacing([24.0, 14.0])
                .show(ui, |ui| {
                    let label = ui.label("A new study day starts at");
                    ui.horizontal(|ui| {
                        ui.add(
                            egui::DragValue::new(&mut self.draft.day_start_hour)
                                .range(DAY_START_HOURS)
                                .suffix(":00"),
                        )
                        .labelled_by(label.id);
                        ui.label(
                            RichText::new("local time; cards due \"today\" appear from then")
                                .weak(),
                        );
                    });
                    ui.end_row();

                    let label = ui.label("New cards per deck per day");
                    ui.add(
                        egui::DragValue::new(&mut self.draft.new_per_day)
                            .range(NEW_PER_DAY),
                    )
                    .labelled_by(label.id);
                    ui.end_row();

                    let label = ui.label("Lapses that make a leech");
                    ui.horizontal_wrapped(|ui| {
                        ui.add(egui::DragValue::new(&mut self.draft.leech_lapses).range(LEECH_LAPSES))
                            .labelled_by(label.id);
                        ui.label(
                            RichText::new(if self.draft.leech_lapses == 0 {
                                "0: no card is ever suspended as a leech".to_string()
                            } else {
                                format!(
                                    "suspended then, and every {} more (0: never)",
                                    (self.draft.leech_lapses / 2).max(1)
                                )
                            })
                            .weak(),
                        );
                    });
                    ui.end_row();

                    let label = ui.label("Exam date");
                    ui.horizontal_wrapped(|ui| {
                        let edit = ui
                            .add(
                                egui::TextEdit::singleline(&mut self.exam_text)
                                    .hint_text("YYYY-MM-DD")
                                    .desired_width(140.0),
                            )
                            .labelled_by(label.id);
                        if edit.changed() {
                            let text = self.exam_text.trim();
                            if text.is_empty() {
                                self.draft.exam_date = None;
                            } else if let Ok(date) = text.parse() {
                                self.draft.exam_date = Some(date);
                            }
                        }
                        match self.exam_problem() {
                            Some(problem) => {
                                ui.label(RichText::new(problem).color(style::bad(ui)));
                            }
                            None => {
                                ui.label(
                                    RichText::new(if self.draft.exam_date.is_some() {
                                        "new cards paced to be seen twice before it; extra reviews in the last three days"
                                    } else {
                                        "empty: no exam"
                                    })
                                    .weak(),
                                );
                            }
                        }
                    });
                    ui.end_row();

                    ui.label("Theme");
                    ui.horizontal(|ui| {
                        for choice in [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark] {
                            let name = match choice {
                                ThemeChoice::System => "Follow the system",
                                ThemeChoice::Light => "Light",
                                ThemeChoice::Dark => "Dark",
                            };
                            ui.radio_value(&mut self.draft.theme, choice, name);
                        }
                    });
                    ui.end_row();
                });
            ui.add_space(18.0);
            ui.horizontal(|ui| {
                let valid = self.exam_problem().is_none();
                if ui
                    .add_enabled(self.can_save && valid, egui::Button::new("Save"))
                    .clicked()
                {
                    action = Some(Action::SaveSettings(self.draft));
                }
                if ui.button("Cancel").clicked() {
                    action = Some(Action::Home);
                }
                ui.label(
                    RichText::new("Save keeps the changes; Cancel or Esc goes back without them.")
                        .small()
                        .weak(),
                );
            });
            ui.add_space(24.0);
            ui.separator();
            ui.add_space(8.0);
            ui.label(RichText::new("Your progress").strong());
            ui.label(
                RichText::new("cardwise backs up your progress once a day and keeps a week of backups, plus the first of each month for a year.")
                    .weak(),
            );
            if ui.button("Backups and restore…").clicked() {
                action = Some(Action::OpenBackups);
            }
        });
        action
    }
}
