//! Backups and restore: every backup with its date and what it holds,
//! newest by content first (a name's date comes from a clock that may have
//! been wrong); any one can replace the current progress (which is backed
//! up first).

use std::path::PathBuf;

use egui::{Key, Modifiers, RichText, Ui};

use super::Action;
use crate::store::{Backup, check_backup as check_file};

pub struct BackupsScreen {
    /// Newest by content first, with the reviews each holds (`None`:
    /// unreadable).
    rows: Vec<(Backup, Option<u64>)>,
    /// The row of the backup a repair would use: the newest that passes
    /// SQLite's integrity check. Rows above it are damaged.
    best: Option<usize>,
    time_zone: jiff::tz::TimeZone,
    /// The outcome of the last action on this screen.
    message: Option<String>,
    can_write: bool,
    /// The backup the learner asked to restore, awaiting confirmation.
    confirm: Option<usize>,
}

impl BackupsScreen {
    pub fn new(
        backups: Vec<Backup>,
        message: Option<String>,
        can_write: bool,
        time_zone: jiff::tz::TimeZone,
    ) -> Self {
        let rows: Vec<(Backup, Option<u64>)> = backups
            .into_iter()
            .map(|backup| {
                let reviews = backup.reviews();
                (backup, reviews)
            })
            .collect();
        // The full check reads every page: only down to the first good one.
        let best = rows
            .iter()
            .position(|(backup, reviews)| reviews.is_some() && check_file(&backup.path).is_ok());
        Self {
            best,
            rows,
            time_zone,
            message,
            can_write,
            confirm: None,
        }
    }

    pub fn ui(&mut self, ui: &mut Ui) -> Option<Action> {
        let escape = ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape));
        // Escape closes the question first, then the screen.
        let mut action = None;
        if escape && self.confirm.take().is_none() {
            action = Some(Action::Home);
        }
        egui::CentralPanel::default().show(ui, |ui| {
            ui.add_space(12.0);
            ui.horizontal(|ui| {
                if ui.button("←  Decks").clicked() {
                    action = Some(Action::Home);
                }
                ui.heading("Backups and restore");
            });
            ui.add_space(8.0);
            ui.label(
                RichText::new("A backup is taken every day you open cardwise, before every upgrade and before every restore. The one holding the most recent progress is listed first.")
                    .weak(),
            );
            if let Some(message) = &self.message {
                ui.label(RichText::new(message).strong());
            }
            if ui.add_enabled(self.can_write, egui::Button::new("Back up now")).clicked() {
                action = Some(Action::BackupNow);
            }
            ui.add_space(8.0);
            if self.rows.is_empty() {
                ui.label("No backups yet.");
            }
            egui::ScrollArea::vertical()
                .id_salt(super::widgets::scroll_salt(ui, "backups")).auto_shrink([false, false]).show(ui, |ui| {
                egui::Grid::new("backups").striped(true).spacing([24.0, 10.0]).show(ui, |ui| {
                    ui.label(RichText::new("Taken").strong());
                    ui.label(RichText::new("Why").strong());
                    ui.label(RichText::new("Reviews").strong());
                    ui.label(RichText::new("Last answer").strong());
                    ui.end_row();
                    for (index, (backup, reviews)) in self.rows.iter().enumerate() {
                        let taken = match self.best {
                            Some(best) if best == index => format!("{} (most recent)", backup.taken),
                            Some(best) if index < best => format!("{} (damaged)", backup.taken),
                            _ => backup.taken.clone(),
                        };
                        ui.label(taken).on_hover_text(format!(
                            "{} · {}",
                            backup.path.display(),
                            crate::store::human_size(backup.bytes)
                        ));
                        ui.label(backup.reason.describe());
                        ui.label(reviews.map_or_else(|| "unreadable".to_string(), |n| n.to_string()));
                        let last = backup
                            .content
                            .and_then(|c| c.newest_answer())
                            .map(|t| t.to_zoned(self.time_zone.clone()).strftime("%Y-%m-%d %H:%M").to_string());
                        ui.label(last.unwrap_or_else(|| "—".to_string()));
                        let restore = egui::Button::new("Restore…");
                        let damaged = self.best.is_some_and(|best| index < best);
                        let response = ui.add_enabled(self.can_write && reviews.is_some() && !damaged, restore);
                        let label = format!("Restore the backup of {}", backup.taken);
                        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, self.can_write, &label));
                        if response.clicked() {
                            self.confirm = Some(index);
                        }
                        ui.end_row();
                    }
                });
            });
        });
        if let Some(confirmed) = self.confirm_dialog(ui.ctx()) {
            action = Some(confirmed);
        }
        action
    }

    fn confirm_dialog(&mut self, ctx: &egui::Context) -> Option<Action> {
        let index = self.confirm?;
        let (backup, reviews) = self.rows.get(index)?;
        let path: PathBuf = backup.path.clone();
        let mut action = None;
        egui::Modal::new(egui::Id::unique("confirm-restore")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            ui.heading("Restore this backup?");
            ui.label(format!(
                "Your progress will be replaced by the backup of {} ({} reviews). Your current progress is backed up first, so you can come back to it.",
                backup.taken,
                reviews.unwrap_or(0)
            ));
            ui.horizontal(|ui| {
                if ui.button("Restore").clicked() {
                    action = Some(Action::Restore(path));
                }
                if ui.button("Cancel").clicked() {
                    self.confirm = None;
                }
            });
        });
        action
    }
}
