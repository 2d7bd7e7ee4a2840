//! Statistics: where the learner stands, for all decks, one deck or one
//! topic. The numbers come from [`crate::stats::overview`] (the same as
//! `cardwise stats --json`); this screen only draws them: a calendar of the
//! last year, the forecast, recall week by week, time per day, and every
//! deck and topic, weakest first. Every chart also says its numbers in
//! words, for a screen reader and for whoever does not hover.

use egui::{Color32, Key, Modifiers, RichText, Sense, Ui};
use egui_plot::{Bar, BarChart, Legend, Plot};

use super::Action;
use super::style;
use crate::plan::Scope;
use crate::sched::Day;
use crate::stats::overview::{DayActivity, Overview, Recall};

pub struct StatsScreen {
    pub scope: Scope,
    /// Every scope to choose from, with its name.
    pub scopes: Vec<(Scope, String)>,
    /// `None` while the review log is still being read.
    pub overview: Option<Overview>,
}

impl StatsScreen {
    pub fn ui(&mut self, ui: &mut Ui) -> Option<Action> {
        let mut action = ui
            .input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
            .then_some(Action::Home);
        egui::Panel::top("stats-top").show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if super::widgets::back_to_decks(ui) {
                    action = Some(Action::Home);
                }
                ui.heading("Statistics");
                ui.add_space(12.0);
                let label = ui.label("Show");
                let chosen = super::widgets::scope_picker(
                    ui,
                    "stats-scope",
                    &label,
                    260.0,
                    &self.scopes,
                    self.scope,
                );
                if chosen != self.scope {
                    action = Some(Action::StatsScope(chosen));
                }
            });
            ui.add_space(4.0);
        });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(super::widgets::scroll_salt(ui, "stats"))
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    super::study::scroll_by_keys(ui);
                    ui.set_max_width(ui.available_width().min(980.0));
                    match &self.overview {
                        None => {
                            ui.add_space(20.0);
                            ui.horizontal(|ui| {
                                ui.spinner();
                                ui.label("Counting your reviews…");
                            });
                            ui.ctx().request_repaint();
                        }
                        Some(overview) => {
                            if let Some(a) = body(ui, overview) {
                                action = Some(a);
                            }
                        }
                    }
                });
        });
        action
    }
}

fn plural(n: impl Into<u64>) -> &'static str {
    if n.into() == 1 { "" } else { "s" }
}

/// "86% (36 of 42)", or a dash with no reviews.
fn recall_text(recall: Recall) -> String {
    match recall.rate() {
        Some(rate) => format!(
            "{:.0}% ({} of {})",
            rate * 100.0,
            recall.recalled,
            recall.reviews
        ),
        None => "–".to_string(),
    }
}

/// "12 min", "1 h 5 min", "under a minute".
pub fn minutes(ms: u64) -> String {
    let minutes = (ms + 30_000) / 60_000;
    match minutes {
        0 if ms > 0 => "under a minute".to_string(),
        0 => "0 min".to_string(),
        m if m < 60 => format!("{m} min"),
        m => format!("{} h {} min", m / 60, m % 60),
    }
}

/// "Thu 27 Nov".
fn short_date(day: Day) -> String {
    day.date().strftime("%a %-d %b").to_string()
}

fn section(ui: &mut Ui, title: &str) {
    ui.add_space(18.0);
    ui.label(RichText::new(title).strong().size(19.0));
    ui.add_space(4.0);
}

fn body(ui: &mut Ui, o: &Overview) -> Option<Action> {
    ui.add_space(10.0);
    let today = o.days.last().copied().unwrap_or_default();
    ui.label(format!(
        "Streak: {} day{} in a row (longest {}). A day counts when at least one card was answered.",
        o.streak.current,
        plural(o.streak.current),
        o.streak.longest
    ));
    ui.label(format!(
        "Today: {} answer{} in {}.",
        today.answers,
        plural(today.answers),
        minutes(today.time_ms)
    ));
    ui.label(format!(
        "Due reviews recalled in the last 52 weeks: young cards {}, mature cards {}.",
        recall_text(o.retention.young),
        recall_text(o.retention.mature)
    ));

    section(ui, "Reviews in the last 12 months");
    calendar(ui, &o.days);

    section(ui, "Due in the next 30 days");
    forecast(ui, o);

    section(ui, "Due reviews recalled, week by week");
    retention(ui, o);

    section(ui, "Time studied, last 30 days");
    time(ui, &o.days);

    section(ui, "Decks and topics, weakest first");
    let mut action = mastery(ui, o);

    section(ui, "Drills, weakest first");
    if let Some(a) = drills(ui, o) {
        action = Some(a);
    }
    ui.add_space(24.0);
    action
}

/// A year of days as a calendar: a column a week (Monday on top), darker
/// for more answers; hover a day for its numbers.
fn calendar(ui: &mut Ui, days: &[DayActivity]) {
    let studied = days.iter().filter(|d| d.answers > 0).count();
    let answers: u64 = days.iter().map(|d| u64::from(d.answers)).sum();
    ui.label(
        RichText::new(format!(
            "{studied} day{} studied, {answers} answer{} in all.",
            plural(studied as u64),
            plural(answers)
        ))
        .weak(),
    );
    let Some(first) = days.first() else {
        return;
    };
    // Cells start on the Monday of the first day's week.
    let lead = usize::try_from(first.day.date().weekday().to_monday_zero_offset()).unwrap_or(0);
    let weeks = (lead + days.len()).div_ceil(7);
    let gap = 2.0;
    let cell = ((ui.available_width() - 40.0) / weeks as f32 - gap).clamp(6.0, 14.0);
    let height = 7.0 * (cell + gap) + 18.0;
    let width = 36.0 + weeks as f32 * (cell + gap);
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, height), Sense::hover());
    let levels = levels(days);
    let visuals = ui.visuals().clone();
    let painter = ui.painter_at(rect);
    let top = rect.top() + 16.0;
    let left = rect.left() + 34.0;
    let place = |index: usize| {
        let at = index + lead;
        egui::Rect::from_min_size(
            egui::pos2(
                left + (at / 7) as f32 * (cell + gap),
                top + (at % 7) as f32 * (cell + gap),
            ),
            egui::vec2(cell, cell),
        )
    };
    let text = visuals.weak_text_color();
    let font = egui::FontId::proportional(11.0);
    for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
        painter.text(
            egui::pos2(rect.left(), top + row as f32 * (cell + gap) + cell / 2.0),
            egui::Align2::LEFT_CENTER,
            name,
            font.clone(),
            text,
        );
    }
    for (index, day) in days.iter().enumerate() {
        let cell_rect = place(index);
        let date = day.day.date();
        // A month's name over the week of its 1st (and over the first
        // week, unless a month begins within two weeks of it).
        let first_month = index == 0 && date.day() < 18;
        if date.day() == 1 || first_month {
            painter.text(
                egui::pos2(cell_rect.left(), rect.top()),
                egui::Align2::LEFT_TOP,
                date.strftime("%b").to_string(),
                font.clone(),
                text,
            );
        }
        painter.rect_filled(cell_rect, 2.0, shade(&visuals, levels(day.answers)));
    }
    // The day under the pointer.
    if let Some(pointer) = response.hover_pos() {
        let hovered = (0..days.len()).find(|&i| place(i).expand(gap / 2.0).contains(pointer));
        if let Some(day) = hovered.and_then(|i| days.get(i)) {
            painter.rect_stroke(
                place(hovered.unwrap_or(0)),
                2.0,
                egui::Stroke::new(1.5, visuals.strong_text_color()),
                egui::StrokeKind::Outside,
            );
            response.on_hover_text(day_text(day));
        }
    }
    ui.horizontal(|ui| {
        ui.label(RichText::new("Fewer").small().weak());
        for level in 0..=4 {
            let (r, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), Sense::hover());
            ui.painter().rect_filled(r, 2.0, shade(ui.visuals(), level));
        }
        ui.label(RichText::new("more answers").small().weak());
    });
}

/// "Thu 27 Nov 2026: 12 answers, 9 min".
fn day_text(day: &DayActivity) -> String {
    format!(
        "{}: {} answer{}, {}",
        day.day.date().strftime("%a %-d %b %Y"),
        day.answers,
        plural(day.answers),
        minutes(day.time_ms)
    )
}

/// Four levels of answers a day, by the quartiles of the days studied.
fn levels(days: &[DayActivity]) -> impl Fn(u32) -> u8 + use<> {
    let mut counts: Vec<u32> = days.iter().map(|d| d.answers).filter(|&n| n > 0).collect();
    counts.sort_unstable();
    let at = |q: usize| counts.get(counts.len() * q / 4).copied().unwrap_or(1);
    let bounds = [at(1), at(2), at(3)];
    move |answers| match answers {
        0 => 0,
        n if n <= bounds[0] => 1,
        n if n <= bounds[1] => 2,
        n if n <= bounds[2] => 3,
        _ => 4,
    }
}

/// The colour of a calendar level: the panel's own for none, then the
/// accent ever stronger.
fn shade(visuals: &egui::Visuals, level: u8) -> Color32 {
    let empty = visuals.widgets.inactive.weak_bg_fill;
    if level == 0 {
        return empty;
    }
    let accent = visuals.selection.stroke.color;
    let t = [0.0, 0.35, 0.55, 0.78, 1.0][usize::from(level.min(4))];
    lerp(empty, accent, t)
}

fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}

/// A bar filled with its colour, not egui_plot's faint default.
fn solid(bar: Bar, color: Color32) -> Bar {
    bar.fill(color).stroke(egui::Stroke::new(1.0, color))
}

/// An axis mark as a whole number with its unit; nothing between.
fn whole(value: f64, unit: &str) -> String {
    if (value - value.round()).abs() > 1e-6 {
        String::new()
    } else {
        format!("{value:.0}{unit}")
    }
}

/// A small chart that neither zooms nor drags, so the page scrolls over it.
fn chart(id: &str) -> Plot<'_> {
    Plot::new(id)
        .height(170.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_grid([false, true])
        .y_axis_min_width(36.0)
        .set_margin_fraction(egui::vec2(0.02, 0.1))
        // Counts start at 0, also when there are none yet.
        .include_y(0.0)
        .include_y(1.0)
}

fn forecast(ui: &mut Ui, o: &Overview) {
    let week: usize = o.forecast.iter().take(7).sum();
    let month: usize = o.forecast.iter().sum();
    let busiest = o
        .forecast
        .iter()
        .enumerate()
        .max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)));
    let mut words = format!(
        "Today {} · the next 7 days {week} · 30 days {month}",
        o.forecast.first().copied().unwrap_or(0)
    );
    if let Some((at, &n)) = busiest
        && n > 0
    {
        words.push_str(&format!(" · busiest: {} ({n})", when(o.today, at)));
    }
    ui.label(RichText::new(words).weak());
    let today = o.today;
    let color = style::accent(ui);
    let bars: Vec<Bar> = o
        .forecast
        .iter()
        .enumerate()
        .map(|(at, &n)| {
            solid(Bar::new(at as f64, n as f64), color)
                .width(0.7)
                .name(format!("{}: {n} card{}", when(today, at), plural(n as u64)))
        })
        .collect();
    chart("stats-forecast")
        .x_axis_formatter(move |mark, _| match mark.value.round() as i64 {
            0 => "today".to_string(),
            d if d > 0 => short_date(today.plus(d as u32)),
            _ => String::new(),
        })
        .y_axis_formatter(|mark, _| whole(mark.value, ""))
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new("due", bars)
                    .color(color)
                    .element_formatter(Box::new(|bar, _| bar.name.clone())),
            );
        });
}

/// "today", "tomorrow", "Thu 4 Dec".
fn when(today: Day, ahead: usize) -> String {
    match ahead {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        n => short_date(today.plus(n as u32)),
    }
}

fn retention(ui: &mut Ui, o: &Overview) {
    ui.label(
        RichText::new(
            "Of the reviews that were due (not new cards, not repeats the same day), the share answered 3 or better. Young: interval under 21 days; mature: 21 days or more.",
        )
        .weak(),
    );
    let weeks: Vec<_> = o
        .weeks
        .iter()
        .enumerate()
        .filter(|(_, w)| w.young.reviews + w.mature.reviews > 0)
        .collect();
    if weeks.is_empty() {
        ui.label("No due reviews yet: they start the day after a card is first answered.");
        return;
    }
    let (young_color, mature_color) = (style::accent(ui), style::good(ui));
    let bar = |at: usize, offset: f64, recall: Recall, what: &str, week: Day, color| {
        recall.rate().map(|rate| {
            solid(Bar::new(at as f64 + offset, rate * 100.0), color)
                .width(0.4)
                .name(format!(
                    "week of {}: {what} {} recalled",
                    week.date().strftime("%-d %b"),
                    recall_text(recall)
                ))
        })
    };
    let young: Vec<Bar> = weeks
        .iter()
        .filter_map(|(at, w)| bar(*at, -0.2, w.young, "young", w.week, young_color))
        .collect();
    let mature: Vec<Bar> = weeks
        .iter()
        .filter_map(|(at, w)| bar(*at, 0.2, w.mature, "mature", w.week, mature_color))
        .collect();
    let first_week = o.weeks.first().map(|w| w.week).unwrap_or_default();
    chart("stats-retention")
        .legend(Legend::default())
        .include_y(0.0)
        // Headroom for the legend above the tallest bars.
        .include_y(125.0)
        .x_axis_formatter(move |mark, _| {
            let week = mark.value.round();
            if week < 0.0 {
                return String::new();
            }
            first_week
                .plus(7 * week as u32)
                .date()
                .strftime("%-d %b")
                .to_string()
        })
        .y_axis_formatter(|mark, _| {
            if mark.value > 100.0 {
                String::new()
            } else {
                whole(mark.value, "%")
            }
        })
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new("young", young)
                    .color(young_color)
                    .element_formatter(Box::new(|bar, _| bar.name.clone())),
            );
            plot.bar_chart(
                BarChart::new("mature", mature)
                    .color(mature_color)
                    .element_formatter(Box::new(|bar, _| bar.name.clone())),
            );
        });
}

fn time(ui: &mut Ui, days: &[DayActivity]) {
    let last = &days[days.len().saturating_sub(30)..];
    let total: u64 = last.iter().map(|d| d.time_ms).sum();
    let studied = last.iter().filter(|d| d.answers > 0).count();
    ui.label(
        RichText::new(format!(
            "{} in all over {studied} day{}; each answer counts at most a minute.",
            minutes(total),
            plural(studied as u64)
        ))
        .weak(),
    );
    let first = last.first().map(|d| d.day).unwrap_or_default();
    let color = style::accent(ui);
    let bars: Vec<Bar> = last
        .iter()
        .enumerate()
        .map(|(at, d)| {
            solid(Bar::new(at as f64, d.time_ms as f64 / 60_000.0), color)
                .width(0.7)
                .name(day_text(d))
        })
        .collect();
    chart("stats-time")
        .x_axis_formatter(move |mark, _| {
            let at = mark.value.round();
            if at < 0.0 {
                return String::new();
            }
            short_date(first.plus(at as u32))
        })
        .y_axis_formatter(|mark, _| whole(mark.value, " min"))
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new("minutes", bars)
                    .color(color)
                    .element_formatter(Box::new(|bar, _| bar.name.clone())),
            );
        });
}

fn mastery(ui: &mut Ui, o: &Overview) -> Option<Action> {
    if o.mastery.is_empty() {
        ui.label("Nothing to show here.");
        return None;
    }
    let mut action = None;
    ui.label(
        RichText::new("Click a name to see its cards in the card browser.")
            .small()
            .weak(),
    );
    // Fits 800 pixels: long names are cut (hover shows them whole).
    let narrow = ui.available_width() < 900.0;
    let longest = if narrow { 28 } else { 48 };
    egui::Grid::new("stats-mastery")
        .striped(true)
        .num_columns(8)
        .spacing([if narrow { 10.0 } else { 18.0 }, 6.0])
        .show(ui, |ui| {
            for head in [
                "", "", "cards", "new", "learning", "young", "mature", "recalled",
            ] {
                ui.label(RichText::new(head).small().weak());
            }
            ui.end_row();
            for m in &o.mastery {
                let name = if m.name.chars().count() > longest {
                    format!("{}…", m.name.chars().take(longest - 1).collect::<String>())
                } else {
                    m.name.clone()
                };
                if ui
                    .link(name)
                    .on_hover_text(format!(
                        "{}: its cards in the card browser ({})",
                        m.name, m.search
                    ))
                    .clicked()
                {
                    action = Some(Action::OpenBrowser(m.search.clone()));
                }
                ui.label(RichText::new(m.kind).small().weak());
                for n in [m.cards, m.new, m.learning, m.young, m.mature] {
                    ui.label(n.to_string());
                }
                ui.label(recall_text(m.recall));
                ui.end_row();
            }
        });
    action
}

/// Each drill answered: how often right, close and wrong, and the usual
/// mistakes made, so an instructor sees what the class gets wrong.
fn drills(ui: &mut Ui, o: &Overview) -> Option<Action> {
    if o.drills.is_empty() {
        ui.label("No drill answered yet: right, close and wrong answers and the usual mistakes made show here.");
        return None;
    }
    let mut action = None;
    ui.label(
        RichText::new(
            "Click a drill to see it in the card browser; hover a mistake for its whole message.",
        )
        .small()
        .weak(),
    );
    for d in &o.drills {
        ui.add_space(6.0);
        let short: String = if d.prompt.chars().count() > 70 {
            format!("{}…", d.prompt.chars().take(69).collect::<String>())
        } else {
            d.prompt.clone()
        };
        let search = format!("deck:{} card:{}", d.deck, d.card);
        let share = |n: u32| f64::from(n) * 100.0 / f64::from(d.answers.max(1));
        ui.horizontal_wrapped(|ui| {
            if ui
                .link(short)
                .on_hover_text(format!("{}\n\nIn the card browser: {search}", d.prompt))
                .clicked()
            {
                action = Some(Action::OpenBrowser(search.clone()));
            }
            ui.label(format!(
                "{} answer{}: {} right ({:.0}%), {} close ({:.0}%), {} wrong ({:.0}%)",
                d.answers,
                plural(d.answers),
                d.right,
                share(d.right),
                d.close,
                share(d.close),
                d.wrong,
                share(d.wrong),
            ));
        });
        for m in d.mistakes.iter().filter(|m| m.times > 0) {
            ui.horizontal(|ui| {
                ui.add_space(18.0);
                ui.add(
                    egui::Label::new(
                        RichText::new(format!("{}× {}", m.times, m.message)).color(style::bad(ui)),
                    )
                    .truncate(),
                )
                .on_hover_text(&m.message);
            });
        }
    }
    action
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_reads_in_minutes_and_hours() {
        assert_eq!(minutes(0), "0 min");
        assert_eq!(minutes(20_000), "under a minute");
        assert_eq!(minutes(90_000), "2 min");
        assert_eq!(minutes(65 * 60_000), "1 h 5 min");
    }

    #[test]
    fn the_calendar_has_four_levels_by_quartile() {
        let days: Vec<DayActivity> = [0, 1, 2, 3, 4, 5, 6, 7, 8]
            .iter()
            .map(|&answers| DayActivity {
                answers,
                ..DayActivity::default()
            })
            .collect();
        let level = levels(&days);
        assert_eq!(level(0), 0);
        assert_eq!(level(1), 1);
        assert_eq!(level(8), 4);
        assert!(level(3) <= level(5));
    }
}
