//! Text sizes, spacing and the few colours the screens share. Every text
//! colour meets WCAG AA contrast (4.5:1; 3:1 for the progress bar) on the
//! background it is drawn on, in both themes: [`text_pairs`] lists them
//! and a test computes each ratio from the visuals the app sets.

use egui::{Color32, FontId, TextStyle, Theme, Ui, Visuals};

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
        // Scroll bars that show whenever there is more to see, not only
        // under the mouse.
        style.spacing.scroll = egui::style::ScrollStyle::solid();
    });
    ctx.style_mut_of(Theme::Dark, |style| readable_dark(&mut style.visuals));
    ctx.style_mut_of(Theme::Light, |style| readable_light(&mut style.visuals));
}

/// egui's dark theme with text bright enough on its backgrounds.
fn readable_dark(v: &mut Visuals) {
    v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(215);
    v.weak_text_color = Some(Color32::from_gray(160));
    v.widgets.inactive.fg_stroke.color = Color32::from_gray(225);
    v.hyperlink_color = Color32::from_rgb(110, 180, 255);
    v.error_fg_color = Color32::from_rgb(255, 120, 110);
    v.warn_fg_color = Color32::from_rgb(255, 170, 60);
    outlines(v, Color32::from_gray(125));
}

/// Controls (buttons, radio buttons, check boxes, number fields) outlined
/// in `edge`, visible on the panel (3:1), and the one with the keyboard
/// (or under a pressed mouse) in a thicker accent outline.
fn outlines(v: &mut Visuals, edge: Color32) {
    v.widgets.inactive.bg_stroke = egui::Stroke::new(1.0, edge);
    v.widgets.active.bg_stroke = egui::Stroke::new(2.0, v.selection.stroke.color);
}

/// egui's light theme with text dark enough on its backgrounds.
fn readable_light(v: &mut Visuals) {
    v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(45);
    v.weak_text_color = Some(Color32::from_gray(95));
    v.widgets.inactive.fg_stroke.color = Color32::from_gray(35);
    v.widgets.hovered.fg_stroke.color = Color32::from_gray(20);
    v.hyperlink_color = Color32::from_rgb(0, 85, 170);
    v.error_fg_color = Color32::from_rgb(180, 20, 20);
    v.warn_fg_color = Color32::from_rgb(150, 75, 0);
    outlines(v, Color32::from_gray(130));
}

/// The WCAG contrast ratio of two colours (1 to 21), ignoring alpha.
pub fn contrast(a: Color32, b: Color32) -> f64 {
    fn luminance(c: Color32) -> f64 {
        let channel = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.040_45 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// One colour drawn on another, and the contrast it needs.
#[derive(Clone, Copy, Debug)]
pub struct Pair {
    pub what: &'static str,
    pub fg: Color32,
    pub bg: Color32,
    pub min: f64,
}

/// Every text (and the progress bar) the screens draw, on the background
/// it is drawn on, with the WCAG AA minimum it must meet.
pub fn text_pairs(v: &Visuals) -> Vec<Pair> {
    let text = 4.5;
    let w = &v.widgets;
    let mut pairs = vec![
        ("body text", v.text_color(), v.panel_fill, text),
        (
            "weak text (hints, descriptions, captions, labels)",
            v.weak_text_color(),
            v.panel_fill,
            text,
        ),
        (
            "strong text (headings, prompts)",
            v.strong_text_color(),
            v.panel_fill,
            text,
        ),
        ("body text in a dialog", v.text_color(), v.window_fill, text),
        (
            "weak text in a dialog",
            v.weak_text_color(),
            v.window_fill,
            text,
        ),
        ("typed text", v.text_color(), v.text_edit_bg_color(), text),
        (
            "a hint in an empty text box",
            v.weak_text_color(),
            v.text_edit_bg_color(),
            text,
        ),
        (
            "button text",
            w.inactive.fg_stroke.color,
            w.inactive.weak_bg_fill,
            text,
        ),
        (
            "button text under the mouse",
            w.hovered.fg_stroke.color,
            w.hovered.weak_bg_fill,
            text,
        ),
        (
            "button text pressed",
            w.active.fg_stroke.color,
            w.active.weak_bg_fill,
            text,
        ),
        (
            "a disabled button's text",
            v.weak_text_color(),
            w.noninteractive.weak_bg_fill,
            text,
        ),
        (
            "a chosen option",
            v.selection.stroke.color,
            v.selection.bg_fill,
            text,
        ),
        ("a link", v.hyperlink_color, v.panel_fill, text),
        ("right (green)", good_of(v), v.panel_fill, text),
        ("wrong (red)", bad_of(v), v.panel_fill, text),
        ("missed (amber)", missed_of(v), v.panel_fill, text),
        (
            "a wrong grade on its button",
            bad_of(v),
            w.inactive.weak_bg_fill,
            text,
        ),
        (
            "a right grade on its button",
            good_of(v),
            w.inactive.weak_bg_fill,
            text,
        ),
        ("the progress bar", accent_of(v), v.extreme_bg_color, 3.0),
        ("the chosen deck's outline", accent_of(v), v.panel_fill, 3.0),
        (
            "a control's outline (button, radio button, number field)",
            w.inactive.bg_stroke.color,
            v.panel_fill,
            3.0,
        ),
        (
            "the outline of the control with the keyboard",
            w.active.bg_stroke.color,
            v.panel_fill,
            3.0,
        ),
    ];
    pairs.sort_by_key(|p| p.0);
    pairs
        .into_iter()
        .map(|(what, fg, bg, min)| Pair { what, fg, bg, min })
        .collect()
}

/// The size of a card's prompt.
pub const PROMPT_SIZE: f32 = 25.0;
/// The widest a card's text runs, for comfortable reading on wide windows.
pub const READING_WIDTH: f32 = 760.0;

pub fn good(ui: &Ui) -> Color32 {
    good_of(ui.visuals())
}

fn good_of(v: &Visuals) -> Color32 {
    if v.dark_mode {
        Color32::from_rgb(120, 210, 130)
    } else {
        Color32::from_rgb(20, 115, 45)
    }
}

pub fn bad(ui: &Ui) -> Color32 {
    bad_of(ui.visuals())
}

fn bad_of(v: &Visuals) -> Color32 {
    if v.dark_mode {
        Color32::from_rgb(250, 130, 120)
    } else {
        Color32::from_rgb(180, 25, 25)
    }
}

/// A right option the learner did not pick.
pub fn missed(ui: &Ui) -> Color32 {
    missed_of(ui.visuals())
}

fn missed_of(v: &Visuals) -> Color32 {
    if v.dark_mode {
        Color32::from_rgb(240, 200, 90)
    } else {
        Color32::from_rgb(135, 80, 0)
    }
}

/// Outlines of chosen things and the progress bar.
pub fn accent(ui: &Ui) -> Color32 {
    accent_of(ui.visuals())
}

fn accent_of(v: &Visuals) -> Color32 {
    v.selection.stroke.color
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
