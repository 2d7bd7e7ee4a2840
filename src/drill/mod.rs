//! Calculation drills: variables drawn at random, a formula for the answer,
//! a typed answer checked against a stated precision, near misses and the
//! usual mistakes named, hints on request, and a worked solution.
//!
//! Every review draws fresh numbers from an RNG seeded by the card's key and
//! its answer count ([`seed_for`]): the same review shows the same numbers
//! after a restart, the next review shows new ones.

mod formula;
mod number;
mod template;

use evalexpr::Value;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

pub use formula::{FUNCTIONS, Formula};
pub use number::{Format, NotANumber, Style, Typed, parse_typed, round_half_up};
pub use template::Template;

use crate::key::{CardKey, stable_hash};

/// Draws tried per review before giving up on the constraints.
pub const MAX_ATTEMPTS: usize = 1_000;
/// Draws `cardwise check` samples per drill.
pub const CHECK_SAMPLES: u64 = 1_000;
/// Tries per sample that `cardwise check` allows the constraints.
pub const CHECK_ATTEMPTS: usize = 100;

/// A validated drill.
#[derive(Clone, Debug, PartialEq)]
pub struct Drill {
    /// One is chosen at random for each review.
    pub prompts: Vec<Template>,
    pub variables: Vec<Variable>,
    /// Values worked out from the variables, in order: (name, formula).
    pub derived: Vec<(String, Formula)>,
    pub constraints: Vec<Formula>,
    pub answer: DrillAnswer,
    pub solution: Vec<Template>,
    /// Shown one at a time, when the learner asks, before answering.
    pub hints: Vec<Template>,
    /// The usual wrong answers, each with what to tell a learner who gives it.
    pub mistakes: Vec<Mistake>,
    /// Where each part is written in its file (line, column), for the
    /// problems `cardwise check` finds by sampling.
    pub places: Places,
}

/// A usual wrong answer: a formula over the same names, and what to tell
/// a learner whose answer matches it.
#[derive(Clone, Debug, PartialEq)]
pub struct Mistake {
    pub formula: Formula,
    pub feedback: Template,
}

/// Where a drill's parts are written: (line, column) each.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Places {
    pub drill: (usize, usize),
    pub prompts: Vec<(usize, usize)>,
    pub derived: Vec<(usize, usize)>,
    pub constraints: Vec<(usize, usize)>,
    pub answer: (usize, usize),
    pub solution: Vec<(usize, usize)>,
    pub hints: Vec<(usize, usize)>,
    pub mistakes: Vec<(usize, usize)>,
}

impl Places {
    /// Where the part at `site` is written.
    pub fn of(&self, site: Site) -> (usize, usize) {
        let at = |list: &Vec<(usize, usize)>, i: usize| list.get(i).copied();
        match site {
            Site::Prompt(i) => at(&self.prompts, i),
            Site::Derived(i) => at(&self.derived, i),
            Site::Constraint(i) => at(&self.constraints, i),
            Site::Answer => Some(self.answer),
            Site::Solution(i) => at(&self.solution, i),
            Site::Hint(i) => at(&self.hints, i),
            Site::Mistake(i) => at(&self.mistakes, i),
            Site::Drill => None,
        }
        .unwrap_or(self.drill)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Variable {
    pub name: String,
    pub kind: VariableKind,
    pub format: Format,
}

#[derive(Clone, Debug, PartialEq)]
pub enum VariableKind {
    /// From `min` to `max` in steps of `step`.
    Range { min: f64, max: f64, step: f64 },
    /// One of these values.
    OneOf(Vec<f64>),
    /// `count` numbers, each from `min` to `max` in steps of `step`.
    List {
        count: usize,
        min: f64,
        max: f64,
        step: f64,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum DrillAnswer {
    Number {
        formula: Formula,
        unit: Unit,
        /// Decimals shown in the expected answer.
        decimals: u8,
        tolerance: Tolerance,
    },
    /// Pick one of `options`; the formula gives the index of the right one.
    Pick {
        options: Vec<String>,
        formula: Formula,
    },
}

/// What the answer is measured in; decides how typed `%` and `$` read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unit {
    Plain,
    /// The answer is in percent: 12.5 means 12.5%; "12.5" and "12.5%" both count.
    Percent,
    /// A score such as NPS, from −100 to 100: shown with its sign (+35);
    /// "35", "+35" and "35%" all count as 35.
    Score,
    Money(String),
    /// A word after the number, like "points" or "times".
    Word(String),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tolerance {
    Absolute(f64),
    /// A fraction of the expected answer: 0.01 is 1%.
    Relative(f64),
}

impl Tolerance {
    pub fn accepts(self, typed: f64, expected: f64) -> bool {
        let allowed = match self {
            Tolerance::Absolute(a) => a.abs(),
            Tolerance::Relative(r) => (r * expected).abs(),
        };
        // Room for the float noise of the formula itself.
        (typed - expected).abs() <= allowed + 1e-9 * expected.abs().max(1.0)
    }
}

/// One review's numbers and everything shown with them.
#[derive(Clone, Debug, PartialEq)]
pub struct Draw {
    /// Each variable's value, for the record and for tests.
    pub values: Vec<(String, Value)>,
    /// The question, ending with the precision it expects.
    pub prompt: String,
    pub expected: Expected,
    pub solution: Vec<String>,
    pub hints: Vec<String>,
    /// Each listed mistake's value for these numbers (an option's index
    /// for a pick drill) and its message.
    pub mistakes: Vec<(f64, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    Number { value: f64, shown: String },
    Pick(usize),
}

/// How an answer compares with the expected one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Right,
    /// Right but for rounding, or a fraction given for a percentage (or
    /// the reverse): the note says exactly what differs.
    Close,
    Wrong,
}

/// How a typed answer compares.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub outcome: Outcome,
    /// The learner's number as the drill reads it.
    pub read_as: f64,
    /// For a close answer, what differs; for a listed mistake, its message.
    pub note: Option<String>,
    /// The listed mistake the answer matches, if any.
    pub mistake: Option<usize>,
}

impl Verdict {
    pub fn right(&self) -> bool {
        self.outcome == Outcome::Right
    }
}

/// The seed of a review's numbers: stable across runs and versions (FNV-1a
/// of the card key, mixed with the answer count).
pub fn seed_for(key: &CardKey, answers: u32) -> u64 {
    let text = format!(
        "{}\u{1f}{}\u{1f}{}",
        key.deck,
        key.card,
        key.direction.code()
    );
    stable_hash(text.bytes()) ^ u64::from(answers).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Which part of a drill a problem is in, so it can be reported where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    Prompt(usize),
    Derived(usize),
    Constraint(usize),
    Answer,
    Solution(usize),
    Hint(usize),
    Mistake(usize),
    /// The drill as a whole (its id).
    Drill,
}

impl Variable {
    fn sample(&self, rng: &mut Xoshiro256PlusPlus) -> Value {
        match &self.kind {
            VariableKind::Range { min, max, step } => Value::Float(on_grid(rng, *min, *max, *step)),
            VariableKind::OneOf(values) => {
                let index = rng.random_range(0..values.len().max(1));
                Value::Float(values.get(index).copied().unwrap_or(0.0))
            }
            VariableKind::List {
                count,
                min,
                max,
                step,
            } => Value::Tuple(
                (0..*count)
                    .map(|_| Value::Float(on_grid(rng, *min, *max, *step)))
                    .collect(),
            ),
        }
    }
}

/// A value from `min` to `max` on the grid of `step`, without float noise.
fn on_grid(rng: &mut Xoshiro256PlusPlus, min: f64, max: f64, step: f64) -> f64 {
    let steps = ((max - min) / step + 1e-9).floor().max(0.0);
    // Validation keeps the grid below 10^9 points: it fits in u64.
    let k = rng.random_range(0..=steps as u64) as f64;
    let decimals = decimals_of(step).max(decimals_of(min));
    let scale = 10f64.powi(i32::from(decimals));
    ((min + k * step) * scale).round() / scale
}

/// Decimal places of a number as written: 0.05 → 2, 10 → 0.
pub fn decimals_of(x: f64) -> u8 {
    (0u8..=9)
        .find(|&d| {
            let scaled = x * 10f64.powi(i32::from(d));
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(9)
}

impl Drill {
    /// The first prompt with its numbers left out, for lists of cards:
    /// "A company has … regular customers …" (not "{regulars}").
    pub fn outline(&self) -> String {
        let first = self
            .prompts
            .first()
            .map(Template::outline)
            .unwrap_or_default();
        first.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The names formulas may use: the variables, then the derived values.
    pub fn names(&self) -> Vec<&str> {
        self.variables
            .iter()
            .map(|v| v.name.as_str())
            .chain(self.derived.iter().map(|(name, _)| name.as_str()))
            .collect()
    }

    fn format_of(&self, name: &str) -> Option<Format> {
        self.variables
            .iter()
            .find(|v| v.name == name)
            .map(|v| v.format.clone())
    }

    /// The numbers and texts of the review seeded by `seed`.
    pub fn draw(&self, seed: u64) -> Result<Draw, String> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut last_error = None;
        for _ in 0..MAX_ATTEMPTS {
            match self.attempt(&mut rng, true) {
                Attempt::Drawn(draw) => return Ok(*draw),
                Attempt::Checked(..) | Attempt::Rejected => {}
                Attempt::Failed(_, error, _) => last_error = Some(error),
            }
        }
        Err(last_error.unwrap_or_else(|| {
            format!("no numbers meeting the constraints were found in {MAX_ATTEMPTS} draws")
        }))
    }

    fn attempt(&self, rng: &mut Xoshiro256PlusPlus, render: bool) -> Attempt {
        let values: Vec<(String, Value)> = self
            .variables
            .iter()
            .map(|v| (v.name.clone(), v.sample(rng)))
            .collect();
        let prompt_index = rng.random_range(0..self.prompts.len().max(1));
        self.evaluate(values, prompt_index, render)
    }

    /// Work a drill out for given numbers (the first prompt), as a teacher
    /// would by hand: for tests and previews.
    pub fn solve(&self, values: &[(&str, f64)]) -> Result<Draw, String> {
        self.solve_values(
            values
                .iter()
                .map(|(name, value)| (name.to_string(), Value::Float(*value)))
                .collect(),
        )
    }

    /// [`Drill::solve`] for values that may be lists.
    pub fn solve_values(&self, values: Vec<(String, Value)>) -> Result<Draw, String> {
        match self.evaluate(values, 0, true) {
            Attempt::Drawn(draw) => Ok(*draw),
            Attempt::Checked(..) | Attempt::Rejected => {
                Err("these numbers do not meet the constraints".into())
            }
            Attempt::Failed(_, error, _) => Err(error),
        }
    }

    /// The draw for these values. Without `render`, only checks that every
    /// template would render (for `check`, which shows nothing).
    fn evaluate(
        &self,
        mut values: Vec<(String, Value)>,
        prompt_index: usize,
        render: bool,
    ) -> Attempt {
        let mut context = formula::context(&values);
        // A derived value may fail (a division by zero) for numbers that a
        // constraint rules out: then the draw is drawn again, not an error.
        let mut failed_derived = None;
        for (index, (name, formula)) in self.derived.iter().enumerate() {
            match formula.number(&context) {
                Ok(number) => {
                    context.set(name, Value::Float(number));
                    values.push((name.clone(), Value::Float(number)));
                }
                Err(error) => {
                    failed_derived.get_or_insert((index, error));
                }
            }
        }
        let failed = |site, error, values: &Vec<(String, Value)>| {
            Attempt::Failed(site, error, values.clone())
        };
        let mut failed_constraint = None;
        for (index, constraint) in self.constraints.iter().enumerate() {
            match constraint.truth(&context) {
                Ok(true) => {}
                Ok(false) => return Attempt::Rejected,
                Err(error) => {
                    failed_constraint.get_or_insert((index, error));
                }
            }
        }
        if let Some((index, error)) = failed_derived {
            return failed(Site::Derived(index), error, &values);
        }
        if let Some((index, error)) = failed_constraint {
            return failed(Site::Constraint(index), error, &values);
        }
        let formats = |name: &str| self.format_of(name);
        let expected = match &self.answer {
            DrillAnswer::Number {
                formula,
                unit,
                decimals,
                ..
            } => match formula.number(&context) {
                Ok(value) => Expected::Number {
                    value,
                    shown: show_answer(value, unit, *decimals),
                },
                Err(error) => return failed(Site::Answer, error, &values),
            },
            DrillAnswer::Pick { options, formula } => {
                match option_index(formula, &context, options.len()) {
                    Ok(index) => Expected::Pick(index),
                    Err(error) => return failed(Site::Answer, error, &values),
                }
            }
        };
        let mut mistakes = Vec::with_capacity(self.mistakes.len());
        for (index, mistake) in self.mistakes.iter().enumerate() {
            let value = match &self.answer {
                DrillAnswer::Number { .. } => mistake.formula.number(&context),
                // A pick mistake names the option learners wrongly pick for
                // these numbers; any other number (-1, say) means there is
                // none for them.
                DrillAnswer::Pick { options, .. } => mistake.formula.number(&context).map(|i| {
                    if i.fract() == 0.0 && i >= 0.0 && (i as usize) < options.len() {
                        i
                    } else {
                        -1.0
                    }
                }),
            };
            let value = match value {
                Ok(value) => value,
                Err(error) => return failed(Site::Mistake(index), error, &values),
            };
            let feedback = if render {
                mistake.feedback.render(&context, &formats)
            } else {
                mistake.feedback.check(&context).map(|()| String::new())
            };
            match feedback {
                Ok(feedback) => mistakes.push((value, feedback)),
                Err(error) => return failed(Site::Mistake(index), error, &values),
            }
        }
        let Some(template) = self.prompts.get(prompt_index) else {
            return failed(Site::Drill, "the drill has no prompt".into(), &values);
        };
        if !render {
            // Every prompt variant, step and hint must hold for these numbers.
            for (index, prompt) in self.prompts.iter().enumerate() {
                if let Err(error) = prompt.check(&context) {
                    return failed(Site::Prompt(index), error, &values);
                }
            }
            for (index, step) in self.solution.iter().enumerate() {
                if let Err(error) = step.check(&context) {
                    return failed(Site::Solution(index), error, &values);
                }
            }
            for (index, hint) in self.hints.iter().enumerate() {
                if let Err(error) = hint.check(&context) {
                    return failed(Site::Hint(index), error, &values);
                }
            }
            return Attempt::Checked(expected, mistakes);
        }
        let mut prompt = match template.render(&context, &formats) {
            Ok(prompt) => prompt,
            Err(error) => return failed(Site::Prompt(prompt_index), error, &values),
        };
        if let Some(phrase) = self.precision_phrase(template) {
            prompt.push(' ');
            prompt.push_str(&phrase);
        }
        let render_all = |templates: &[Template], site: fn(usize) -> Site| {
            templates
                .iter()
                .enumerate()
                .map(|(index, t)| t.render(&context, &formats).map_err(|e| (site(index), e)))
                .collect::<Result<Vec<String>, (Site, String)>>()
        };
        let solution = match render_all(&self.solution, Site::Solution) {
            Ok(lines) => lines,
            Err((site, error)) => return failed(site, error, &values),
        };
        let hints = match render_all(&self.hints, Site::Hint) {
            Ok(lines) => lines,
            Err((site, error)) => return failed(site, error, &values),
        };
        Attempt::Drawn(Box::new(Draw {
            values: values.clone(),
            prompt,
            expected,
            solution,
            hints,
            mistakes,
        }))
    }

    /// What the prompt adds about the precision expected ("Give it to one
    /// decimal."), unless its author already says it.
    fn precision_phrase(&self, prompt: &Template) -> Option<String> {
        let DrillAnswer::Number { unit, decimals, .. } = &self.answer else {
            return None;
        };
        let said = prompt.source.to_lowercase();
        if PRECISION_WORDS.iter().any(|w| said.contains(w)) {
            return None;
        }
        Some(precision(unit, *decimals))
    }

    /// What `cardwise check` asks of a drill: for each of 1,000 seeds, numbers
    /// meeting the constraints are found within 100 tries, every formula and
    /// template gives a finite number for them, and no listed mistake gives
    /// the right answer in more than 1% of the draws.
    pub fn check(&self) -> Result<(), (Site, String)> {
        let mut starved = 0;
        let mut coincide = vec![0u64; self.mistakes.len()];
        for seed in 0..CHECK_SAMPLES {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
            let mut found = false;
            for _ in 0..CHECK_ATTEMPTS {
                match self.attempt(&mut rng, false) {
                    Attempt::Checked(expected, mistakes) => {
                        for (count, (value, _)) in coincide.iter_mut().zip(&mistakes) {
                            if self.same_answer(&expected, *value) {
                                *count += 1;
                            }
                        }
                        found = true;
                        break;
                    }
                    Attempt::Drawn(_) => {
                        found = true;
                        break;
                    }
                    Attempt::Rejected => {}
                    Attempt::Failed(site, error, values) => {
                        return Err((site, format!("{error} when {}", describe(&values))));
                    }
                }
            }
            if !found {
                starved += 1;
            }
        }
        if let Some((index, &n)) = coincide
            .iter()
            .enumerate()
            .find(|&(_, &n)| n * 100 > CHECK_SAMPLES)
        {
            return Err((
                Site::Mistake(index),
                format!(
                    "this mistake gives the right answer in {n} of {CHECK_SAMPLES} draws, so learners who are right would be told they made it: change its formula, or the variables' ranges"
                ),
            ));
        }
        match starved {
            0 => Ok(()),
            n if n == CHECK_SAMPLES => Err((
                Site::Constraint(0),
                format!("the constraints never hold: no draw of {CHECK_SAMPLES} met them"),
            )),
            n => Err((
                Site::Constraint(0),
                format!(
                    "the constraints hold too rarely: {n} of {CHECK_SAMPLES} reviews found no numbers in {CHECK_ATTEMPTS} tries; widen the variables' ranges"
                ),
            )),
        }
    }

    /// Whether `value` is the expected answer as the learner would give it.
    fn same_answer(&self, expected: &Expected, value: f64) -> bool {
        match (expected, &self.answer) {
            (
                Expected::Number { value: e, .. },
                DrillAnswer::Number {
                    decimals,
                    tolerance,
                    ..
                },
            ) => {
                let d = usize::from(*decimals);
                same(round_half_up(value, d), round_half_up(*e, d)) || tolerance.accepts(value, *e)
            }
            (Expected::Pick(index), _) => same(value, *index as f64),
            _ => false,
        }
    }

    /// Compare a typed answer with the expected number. Text that is not a
    /// number is an error, and nothing is graded. The rules, in order:
    ///
    /// 1. *Right*: the number equals the expected value rounded to the
    ///    precision the drill states, or is more precise and within the
    ///    tolerance.
    /// 2. *Wrong, with a message*: it is one of the listed mistakes.
    /// 3. *Close*: right but for rounding (fewer decimals than asked, cut
    ///    off instead of rounded, or the last figure off from rounding a
    ///    step too early), or a fraction given for a percentage (0.969 for
    ///    96.9%) or the reverse (125 for 1.25).
    /// 4. *Wrong*.
    ///
    /// The one rule for `%`: "x%" means x per hundred. In a drill whose
    /// answer is a percentage (or a score such as NPS), the answer is
    /// counted in percent, so 96.9% and 96.9 are the same answer; in any
    /// other drill 44% is 0.44.
    pub fn judge(&self, draw: &Draw, typed: &str) -> Result<Verdict, NotANumber> {
        let (
            DrillAnswer::Number {
                unit,
                tolerance,
                decimals,
                ..
            },
            Expected::Number { value, shown },
        ) = (&self.answer, &draw.expected)
        else {
            return Err(NotANumber(
                "This drill is answered by picking an option.".into(),
            ));
        };
        let word = match unit {
            Unit::Word(word) => Some(word.as_str()),
            _ => None,
        };
        let typed_text = typed.trim();
        let typed = parse_typed(typed, word)?;
        let in_percent = matches!(unit, Unit::Percent | Unit::Score);
        let (read_as, read_decimals) = if typed.percent && !in_percent {
            (typed.value / 100.0, typed.decimals.saturating_add(2))
        } else {
            (typed.value, typed.decimals)
        };
        let d = usize::from(*decimals);
        let e = *value;
        // Right for `target`: at the stated precision, or more precise and
        // within the tolerance.
        let hits = |read: f64, read_decimals: u8, target: f64| {
            same(read, round_half_up(target, d))
                || (usize::from(read_decimals) > d && tolerance.accepts(read, target))
        };
        let verdict = |outcome, note: Option<String>, mistake| Verdict {
            outcome,
            read_as,
            note,
            mistake,
        };
        if hits(read_as, read_decimals, e) {
            return Ok(verdict(Outcome::Right, None, None));
        }
        for (index, (mistake, feedback)) in draw.mistakes.iter().enumerate() {
            if hits(read_as, read_decimals, *mistake) || tolerance.accepts(read_as, *mistake) {
                return Ok(verdict(Outcome::Wrong, Some(feedback.clone()), Some(index)));
            }
        }
        let close = |note: String| Ok(verdict(Outcome::Close, Some(note), None));
        if in_percent && !typed.percent && hits(read_as * 100.0, read_decimals.saturating_sub(2), e)
        {
            return close(match unit {
                Unit::Score => format!(
                    "{typed_text} is the answer as a fraction; the score counts per hundred: {shown}."
                ),
                _ => format!(
                    "{typed_text} is the answer as a fraction; as a percentage it is {shown}."
                ),
            });
        }
        if !in_percent
            && !typed.percent
            && hits(read_as / 100.0, read_decimals.saturating_add(2), e)
        {
            return close(format!(
                "{typed_text} is the answer as a percentage; the question asks for the number itself: {shown}."
            ));
        }
        let typed_d = usize::from(read_decimals);
        if typed_d < d && same(read_as, round_half_up(e, typed_d)) {
            return close(format!(
                "Right but for rounding: the question asks for {}, which is {shown}.",
                places(*decimals)
            ));
        }
        if typed_d <= d && same(read_as, truncate(e, typed_d)) {
            return close(format!(
                "Cut off rather than rounded: rounded to {}, it is {shown}.",
                places(*decimals)
            ));
        }
        // The tolerance reaches past half the last figure: the author
        // allows for steps rounded on the way.
        if tolerance.accepts(read_as, e) {
            return close(format!(
                "Nearly: the last figure is off, as happens when a step is rounded too early. Carry the exact values and round only at the end: {shown}."
            ));
        }
        Ok(verdict(Outcome::Wrong, None, None))
    }

    /// For a pick drill: the listed mistake the option picked (the
    /// author's index) matches, with its message.
    pub fn picked_mistake(draw: &Draw, picked: usize) -> Option<(usize, &str)> {
        draw.mistakes
            .iter()
            .enumerate()
            .find(|(_, (value, _))| same(*value, picked as f64))
            .map(|(index, (_, feedback))| (index, feedback.as_str()))
    }

    /// How a number the learner typed is shown back to them.
    pub fn show_typed(&self, value: f64) -> String {
        match &self.answer {
            DrillAnswer::Number { unit, .. } => show_answer(value, unit, decimals_of(value).min(4)),
            DrillAnswer::Pick { .. } => value.to_string(),
        }
    }
}

enum Attempt {
    Drawn(Box<Draw>),
    /// The numbers work for every formula and template (nothing rendered):
    /// the expected answer and each mistake's value.
    Checked(Expected, Vec<(f64, String)>),
    /// The constraints did not hold: draw again.
    Rejected,
    /// A formula failed for these numbers.
    Failed(Site, String, Vec<(String, Value)>),
}

/// "a = 1, b = 0" for messages.
fn describe(values: &[(String, Value)]) -> String {
    values
        .iter()
        .map(|(name, value)| match value {
            Value::Float(x) => format!("{name} = {x}"),
            other => format!("{name} = {other}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Words in a prompt that already say how precise the answer must be.
const PRECISION_WORDS: [&str; 6] = [
    "decimal",
    "nearest",
    "to the cent",
    "whole number",
    "round",
    "as a percentage",
];

/// "one decimal", "two decimals", "a whole number".
fn places(decimals: u8) -> String {
    match decimals {
        0 => "a whole number".to_string(),
        1 => "one decimal".to_string(),
        2 => "two decimals".to_string(),
        n => format!("{n} decimals"),
    }
}

/// What a prompt says about the answer expected: "Give it as a
/// percentage, to one decimal."
pub fn precision(unit: &Unit, decimals: u8) -> String {
    let to = match decimals {
        0 => "as a whole number".to_string(),
        d => format!("to {}", places(d)),
    };
    match unit {
        Unit::Plain => format!("Give it {to}."),
        Unit::Percent if decimals == 0 => {
            "Give it as a percentage, to the nearest whole percent.".into()
        }
        Unit::Percent => format!("Give it as a percentage, {to}."),
        Unit::Score => format!("Give the score {to}."),
        Unit::Money(symbol) => {
            let (name, whole, cents) = match symbol.as_str() {
                "$" => ("dollars", "dollar", "to the cent"),
                "€" => ("euros", "euro", "to the cent"),
                "£" => ("pounds", "pound", "to the penny"),
                "¥" => ("yen", "yen", "to two decimals"),
                other => (other, other, "to two decimals"),
            };
            match decimals {
                0 => format!("Give it in {name}, to the nearest {whole}."),
                2 => format!("Give it in {name}, {cents}."),
                _ => format!("Give it in {name}, {to}."),
            }
        }
        // "Give it in times" reads badly: the word is the question's own.
        Unit::Word(_) => format!("Give it {to}."),
    }
}

/// Two numbers that differ only by float noise.
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// `value` cut off (not rounded) after `decimals` places.
fn truncate(value: f64, decimals: usize) -> f64 {
    let scale = 10f64.powi(i32::try_from(decimals).unwrap_or(9));
    (value * scale + value.signum() * 1e-9).trunc() / scale
}

/// The option a formula names, as an index into `count` options.
fn option_index(
    formula: &Formula,
    context: &formula::Context,
    count: usize,
) -> Result<usize, String> {
    let index = formula.number(context)?;
    if index.fract() == 0.0 && index >= 0.0 && (index as usize) < count {
        Ok(index as usize)
    } else {
        Err(format!(
            "\"{}\" gives {index}, not the number of an option (0 to {})",
            formula.source,
            count.saturating_sub(1)
        ))
    }
}

pub fn show_answer(value: f64, unit: &Unit, decimals: u8) -> String {
    let style = match unit {
        Unit::Plain | Unit::Score => Style::Plain,
        Unit::Percent => Style::Percent,
        Unit::Money(symbol) => Style::Money(symbol.clone()),
        Unit::Word(word) => Style::Suffix(word.clone()),
    };
    Format {
        decimals: Some(decimals),
        style,
        sign: *unit == Unit::Score,
    }
    .show(value)
}

#[cfg(test)]
mod tests;
