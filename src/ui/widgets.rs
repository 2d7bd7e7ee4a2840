//! Small pieces several screens share: the way back to the decks, and the
//! list to choose all decks, a deck or a topic from.

use egui::Ui;

use crate::plan::Scope;

/// Which opening of a screen this is, counted by the app.
fn opened_key() -> egui::Id {
    egui::Id::unique("cardwise-screen-opened")
}

/// Note which opening of a screen is showing (the app does, each frame).
pub fn set_screen_opened(ui: &Ui, opened: u64) {
    ui.data_mut(|d| d.insert_temp(opened_key(), opened));
}

/// The id of a screen's scroll area, new each time the screen opens: the
/// statistics or a deck's preview start at the top, not where the last
/// screen (they all sit in one central panel) was scrolled to.
pub fn scroll_salt(ui: &Ui, screen: &'static str) -> (&'static str, u64) {
    let opened: u64 = ui.data(|d| d.get_temp(opened_key())).unwrap_or(0);
    (screen, opened)
}

/// "←  Decks", with its key; `true` when clicked.
pub fn back_to_decks(ui: &mut Ui) -> bool {
    ui.button("←  Decks")
        .on_hover_text("Back to the decks (Esc)")
        .clicked()
}

/// The name of `scope` among `scopes` (all decks if it is not there).
fn scope_name(scopes: &[(Scope, String)], scope: Scope) -> &str {
    scopes
        .iter()
        .find(|(s, _)| *s == scope)
        .map_or("All decks", |(_, name)| name.as_str())
}

/// A drop-down of `scopes` showing `current`, named by `label`; the scope
/// chosen (`current` when nothing was).
pub fn scope_picker(
    ui: &mut Ui,
    id_salt: &str,
    label: &egui::Response,
    width: f32,
    scopes: &[(Scope, String)],
    current: Scope,
) -> Scope {
    let mut chosen = current;
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(scope_name(scopes, current))
        .width(width)
        .show_ui(ui, |ui| {
            for (scope, name) in scopes {
                ui.selectable_value(&mut chosen, *scope, name);
            }
        })
        .response
        .labelled_by(label.id);
    chosen
}
