//! The progress cannot be opened for studying: another cardwise owns it, a
//! newer cardwise wrote it, or a repair could not finish. Say which and
//! what to do, and offer what can be done from here.

use egui::{RichText, Ui};

use super::Action;

/// Why studying cannot start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blocked {
    /// Another cardwise holds the folder.
    InUse {
        pid: Option<u32>,
        /// The other computer's name, if it is not this one.
        elsewhere: Option<String>,
        /// Known only by its mark (its lock file was gone): it may have
        /// ended, so the learner may take over.
        may_take_over: bool,
    },
    /// The file was written by a newer cardwise; the text says which.
    Newer(String),
    /// A damaged or missing file could not be replaced; the text says
    /// what to free or do.
    Repair {
        text: String,
        /// A damaged file (not a missing one) stays in place.
        damaged: bool,
    },
    /// The folder cannot be written (a full disk, a read-only medium);
    /// the text says which and what to do.
    Unwritable(String),
}

#[derive(Debug)]
pub struct BlockedScreen {
    pub why: Blocked,
}

impl BlockedScreen {
    pub fn ui(&mut self, ui: &mut Ui) -> Option<Action> {
        let mut action = None;
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(super::widgets::scroll_salt(ui, "in-use"))
                .show(ui, |ui| {
                    ui.vertical_centered(|ui| {
                        ui.add_space((ui.available_height() * 0.15).min(120.0));
                        ui.set_max_width(640.0);
                        let buttons = self.explain(ui);
                        ui.add_space(16.0);
                        ui.horizontal_wrapped(|ui| {
                            for (label, chosen) in buttons {
                                if ui.button(label).clicked() {
                                    action = Some(chosen);
                                }
                            }
                        });
                    });
                });
        });
        action
    }

    /// Say what happened; return the buttons to offer.
    fn explain(&self, ui: &mut Ui) -> Vec<(&'static str, Action)> {
        match &self.why {
            Blocked::InUse {
                pid,
                elsewhere,
                may_take_over,
            } => {
                ui.heading("This progress folder is in use");
                ui.add_space(8.0);
                let who = pid.map(|p| format!(" (process {p})")).unwrap_or_default();
                let place = elsewhere
                    .as_ref()
                    .map(|h| format!(" on the computer \"{h}\""))
                    .unwrap_or_default();
                ui.label(format!(
                    "Another cardwise{place}{who} is open on the same progress. Only one may save to it at a time, so that no answer is lost."
                ));
                if *may_take_over {
                    ui.label(RichText::new("Its lock file is gone, so cardwise cannot tell for sure that it is still open. If it is, close it first. If it is not (it crashed, or the folder was copied from another computer), take over: the other one, if it runs after all, stops saving at its next answer and keeps its answers until it takes the progress back.").weak());
                } else {
                    ui.label(RichText::new("Close the other window and try again, or look at your progress without studying.").weak());
                }
                let mut buttons = vec![("Try again", Action::RetryStore)];
                if *may_take_over {
                    buttons.push(("Take over", Action::TakeOver));
                }
                buttons.push(("Open read-only", Action::OpenReadOnly));
                buttons.push(("Quit", Action::Quit));
                buttons
            }
            Blocked::Newer(text) => {
                ui.heading("Your progress needs a newer cardwise");
                ui.add_space(8.0);
                ui.label(text);
                ui.label(RichText::new("Nothing was changed or set aside: the file stays exactly as the newer cardwise left it. You can look at your progress here without studying.").weak());
                vec![
                    ("Open read-only", Action::OpenReadOnly),
                    ("Quit", Action::Quit),
                ]
            }
            Blocked::Repair { text, damaged } => {
                ui.heading("Your progress could not be repaired yet");
                ui.add_space(8.0);
                ui.label(text);
                let kept = if *damaged {
                    "Nothing was lost: the damaged file stays where it was, and the backup stays in the backups folder."
                } else {
                    "Nothing was lost: the backup stays in the backups folder."
                };
                ui.label(
                    RichText::new(format!(
                        "{kept} cardwise tries the repair again at every start."
                    ))
                    .weak(),
                );
                vec![("Try again", Action::RetryStore), ("Quit", Action::Quit)]
            }
            Blocked::Unwritable(text) => {
                ui.heading("Your progress cannot be opened for studying");
                ui.add_space(8.0);
                ui.label(text);
                vec![
                    ("Try again", Action::RetryStore),
                    ("Open read-only", Action::OpenReadOnly),
                    ("Quit", Action::Quit),
                ]
            }
        }
    }
}
