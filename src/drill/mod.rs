//! Calculation drills: variables drawn at random, a formula for the answer,
//! a typed answer checked within a tolerance, and a worked solution.
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
pub use number::{Format, NotANumber, Style, Typed, parse_typed};
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
    pub prompt: String,
    pub expected: Expected,
    pub solution: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    Number { value: f64, shown: String },
    Pick(usize),
}

/// How a typed answer compares.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub right: bool,
    /// The learner's number as the drill reads it.
    pub read_as: f64,
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
                Attempt::Checked | Attempt::Rejected => {}
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
            Attempt::Checked | Attempt::Rejected => {
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
        for (index, (name, formula)) in self.derived.iter().enumerate() {
            match formula.number(&context) {
                Ok(number) => {
                    context.set(name, Value::Float(number));
                    values.push((name.clone(), Value::Float(number)));
                }
                Err(error) => return Attempt::Failed(Site::Derived(index), error, values),
            }
        }
        let failed = |site, error| Attempt::Failed(site, error, values.clone());
        for (index, constraint) in self.constraints.iter().enumerate() {
            match constraint.truth(&context) {
                Ok(true) => {}
                Ok(false) => return Attempt::Rejected,
                Err(error) => return failed(Site::Constraint(index), error),
            }
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
                Err(error) => return failed(Site::Answer, error),
            },
            DrillAnswer::Pick { options, formula } => match formula.number(&context) {
                Ok(index)
                    if index.fract() == 0.0 && index >= 0.0 && (index as usize) < options.len() =>
                {
                    Expected::Pick(index as usize)
                }
                Ok(index) => {
                    return failed(
                        Site::Answer,
                        format!(
                            "\"{}\" gives {index}, not the number of an option (0 to {})",
                            formula.source,
                            options.len().saturating_sub(1)
                        ),
                    );
                }
                Err(error) => return failed(Site::Answer, error),
            },
        };
        let Some(template) = self.prompts.get(prompt_index) else {
            return failed(Site::Drill, "the drill has no prompt".into());
        };
        if !render {
            // Every prompt variant and step must hold for these numbers.
            for (index, prompt) in self.prompts.iter().enumerate() {
                if let Err(error) = prompt.check(&context) {
                    return failed(Site::Prompt(index), error);
                }
            }
            for (index, step) in self.solution.iter().enumerate() {
                if let Err(error) = step.check(&context) {
                    return failed(Site::Solution(index), error);
                }
            }
            return Attempt::Checked;
        }
        let prompt = match template.render(&context, &formats) {
            Ok(prompt) => prompt,
            Err(error) => return failed(Site::Prompt(prompt_index), error),
        };
        let mut solution = Vec::with_capacity(self.solution.len());
        for (index, step) in self.solution.iter().enumerate() {
            match step.render(&context, &formats) {
                Ok(line) => solution.push(line),
                Err(error) => return failed(Site::Solution(index), error),
            }
        }
        Attempt::Drawn(Box::new(Draw {
            values: values.clone(),
            prompt,
            expected,
            solution,
        }))
    }

    /// What `cardwise check` asks of a drill: for each of 1,000 seeds, numbers
    /// meeting the constraints are found within 100 tries, and every formula
    /// and template gives a finite number for them.
    pub fn check(&self) -> Result<(), (Site, String)> {
        let mut starved = 0;
        for seed in 0..CHECK_SAMPLES {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
            let mut found = false;
            for _ in 0..CHECK_ATTEMPTS {
                match self.attempt(&mut rng, false) {
                    Attempt::Drawn(_) | Attempt::Checked => {
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

    /// Compare a typed answer with the expected number. Text that is not a
    /// number is an error, and nothing is graded.
    pub fn judge(&self, draw: &Draw, typed: &str) -> Result<Verdict, NotANumber> {
        let (
            DrillAnswer::Number {
                unit, tolerance, ..
            },
            Expected::Number { value, .. },
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
        let typed = parse_typed(typed, word)?;
        let read_as = match unit {
            Unit::Percent | Unit::Score => typed.value,
            _ if typed.percent => typed.value / 100.0,
            _ => typed.value,
        };
        Ok(Verdict {
            right: tolerance.accepts(read_as, *value),
            read_as,
        })
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
    /// The numbers work for every formula and template (nothing rendered).
    Checked,
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
