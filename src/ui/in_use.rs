//! Another cardwise owns the data folder: say so, and offer to look at the
//! progress read-only, to try again, or to quit.

use egui::{RichText, Ui};

use super::Action;

#[derive(Debug)]
pub struct InUseScreen {
    /// The process holding the folder, if it said.
    pub pid: Option<u32>,
}

impl InUseScreen {
    pub fn ui(&mut self, ui: &mut Ui) -> Option<Action> {
        let mut action = None;
        egui::CentralPanel::default().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space((ui.available_height() * 0.2).min(140.0));
                ui.heading("This progress folder is in use");
                ui.add_space(8.0);
                let who = self.pid.map(|p| format!(" (process {p})")).unwrap_or_default();
                ui.label(format!(
                    "Another cardwise{who} is open on the same progress. Only one may save to it at a time, so that no answer is lost."
                ));
                ui.label(RichText::new("Close the other window and try again, or look at your progress without studying.").weak());
                ui.add_space(16.0);
                ui.horizontal(|ui| {
                    // Centre the three buttons.
                    ui.add_space((ui.available_width() - 312.0).max(0.0) / 2.0);
                    if ui.button("Try again").clicked() {
                        action = Some(Action::RetryStore);
                    }
                    if ui.button("Open read-only").clicked() {
                        action = Some(Action::OpenReadOnly);
                    }
                    if ui.button("Quit").clicked() {
                        action = Some(Action::Quit);
                    }
                });
            });
        });
        action
    }
}
