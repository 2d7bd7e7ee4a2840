//! Text sizes, spacing and the few colours the screens share.

use egui::{Color32, FontId, TextStyle, Ui};

/// Larger than egui's defaults: cards are read, not skimmed.
pub fn apply(ctx: &egui::Context) {
    // Ubuntu-Light has no arrows (↑ ↓ ←); Hack, already built in as the
    // monospace font, has them, so it backs up the proportional text too.
    let mut fonts = egui::FontDefinitions::default();
    if let Some(family) = fonts.families.get_mut(&egui::FontFamily::Proportional) {
        family.insert(1.min(family.len()), "Hack".to_owned());
    }
    ctx.set_fonts(fonts);

    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Heading, FontId::proportional(26.0)),
            (TextStyle::Body, FontId::proportional(17.0)),
            (TextStyle::Button, FontId::proportional(17.0)),
            (TextStyle::Small, FontId::proportional(13.5)),
            (TextStyle::Monospace, FontId::monospace(14.5)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(10.0, 8.0);
        style.spacing.button_padding = egui::vec2(12.0, 6.0);
    });
}

/// The size of a card's prompt.
pub const PROMPT_SIZE: f32 = 25.0;
/// The widest a card's text runs, for comfortable reading on wide windows.
pub const READING_WIDTH: f32 = 760.0;

pub fn good(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(120, 210, 130)
    } else {
        Color32::from_rgb(20, 120, 45)
    }
}

pub fn bad(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(245, 120, 110)
    } else {
        Color32::from_rgb(185, 30, 30)
    }
}

/// A right option the learner did not pick.
pub fn missed(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(240, 200, 90)
    } else {
        Color32::from_rgb(140, 85, 0)
    }
}

pub fn accent(ui: &Ui) -> Color32 {
    ui.visuals().selection.stroke.color
}

/// A framed message across the width: `warning` ones are outlined in the
/// warning colour.
pub fn banner(ui: &mut Ui, warning: bool, add: impl FnOnce(&mut Ui)) {
    let stroke = if warning {
        egui::Stroke::new(1.5, bad(ui))
    } else {
        egui::Stroke::new(1.0, accent(ui))
    };
    egui::Frame::group(ui.style())
        .stroke(stroke)
        .inner_margin(10)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            add(ui);
        });
    ui.add_space(4.0);
}

/// A short human interval: 1d, 6d, 3.2mo, 1.4y.
pub fn interval(days: u32) -> String {
    match days {
        0..=30 => format!("{days}d"),
        31..=364 => format!("{:.1}mo", f64::from(days) / 30.44),
        _ => format!("{:.1}y", f64::from(days) / 365.25),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn intervals_read_in_days_months_years() {
        assert_eq!(super::interval(1), "1d");
        assert_eq!(super::interval(30), "30d");
        assert_eq!(super::interval(48), "1.6mo");
        assert_eq!(super::interval(406), "1.1y");
    }
}
