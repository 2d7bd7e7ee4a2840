//! The deck file exactly as written: plain serde types, borrowed from the
//! file's text. `load.rs` validates them into the model of `mod.rs`.
//!
//! Every string is a [`Text`]: it keeps the slice of the file it was read
//! from, so its line and column can be found after parsing, at no extra
//! parsing cost.

use std::fmt;

use serde::{Deserialize, Deserializer};

/// A string and where it is written: the slice of the file between its
/// quotes. RON lends that slice for every string without escapes; a string
/// with escapes (`\"`, `\n`) comes without one, and its problems are
/// reported at its card.
#[derive(Clone, Debug)]
pub struct Text<'a> {
    pub value: String,
    pub source: Option<&'a str>,
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl<'de> serde::de::Visitor<'de> for TextVisitor {
            type Value = Text<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text in double quotes")
            }

            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Text<'de>, E> {
                Ok(Text {
                    value: text.to_string(),
                    source: Some(text),
                })
            }

            fn visit_str<E>(self, text: &str) -> Result<Text<'de>, E> {
                Ok(Text {
                    value: text.to_string(),
                    source: None,
                })
            }

            fn visit_string<E>(self, text: String) -> Result<Text<'de>, E> {
                Ok(Text {
                    value: text,
                    source: None,
                })
            }
        }

        deserializer.deserialize_str(TextVisitor)
    }
}

/// A whole deck file. Generic over the card type so that a file can be read
/// either in one pass (`RawCard`) or card by card (`&RawValue`), which finds
/// the problems of every card instead of stopping at the first.
#[derive(Debug, Deserialize)]
#[serde(rename = "Deck", deny_unknown_fields)]
pub struct RawDeck<'a, C> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub title: Text<'a>,
    #[serde(default, borrow)]
    pub description: Option<Text<'a>>,
    /// Names for people of the tags its cards use.
    #[serde(default, borrow)]
    pub topics: Vec<RawTopic<'a>>,
    pub cards: Vec<C>,
}

/// A tag's name for people: `Topic(tag: "cpv-parts", title: "…")`.
#[derive(Debug, Deserialize)]
#[serde(rename = "Topic", deny_unknown_fields)]
pub struct RawTopic<'a> {
    #[serde(borrow)]
    pub tag: Text<'a>,
    #[serde(borrow)]
    pub title: Text<'a>,
}

/// One card as written. New kinds are new variants: files written for an
/// older cardwise keep loading unchanged.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum RawCard<'a> {
    Term {
        #[serde(borrow)]
        id: Text<'a>,
        #[serde(borrow)]
        term: Text<'a>,
        #[serde(borrow)]
        definition: Text<'a>,
        #[serde(default)]
        reverse: bool,
        #[serde(default, borrow)]
        tags: Vec<Text<'a>>,
    },
    List {
        #[serde(borrow)]
        id: Text<'a>,
        #[serde(borrow)]
        prompt: Text<'a>,
        #[serde(borrow)]
        items: Vec<Text<'a>>,
        #[serde(default)]
        ordered: bool,
        #[serde(default, borrow)]
        tags: Vec<Text<'a>>,
    },
    Drill {
        #[serde(borrow)]
        id: Text<'a>,
        #[serde(borrow)]
        prompts: Vec<Text<'a>>,
        #[serde(borrow)]
        variables: Vec<RawVariable<'a>>,
        #[serde(default, borrow)]
        derived: Vec<(Text<'a>, Text<'a>)>,
        #[serde(default, borrow)]
        constraints: Vec<Text<'a>>,
        #[serde(borrow)]
        answer: RawAnswer<'a>,
        #[serde(default, borrow)]
        solution: Vec<Text<'a>>,
        #[serde(default, borrow)]
        hints: Vec<Text<'a>>,
        #[serde(default, borrow)]
        mistakes: Vec<RawMistake<'a>>,
        #[serde(default, borrow)]
        tags: Vec<Text<'a>>,
    },
    Choice {
        #[serde(borrow)]
        id: Text<'a>,
        #[serde(borrow)]
        question: Text<'a>,
        #[serde(borrow)]
        options: Vec<Text<'a>>,
        #[serde(borrow)]
        answers: Vec<Text<'a>>,
        #[serde(default, borrow)]
        explanation: Option<Text<'a>>,
        /// Shown in a fresh order at every review unless `false`.
        #[serde(default = "yes")]
        shuffle: bool,
        #[serde(default, borrow)]
        tags: Vec<Text<'a>>,
    },
}

fn yes() -> bool {
    true
}

/// A drill's variable as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum RawVariable<'a> {
    Range {
        #[serde(borrow)]
        name: Text<'a>,
        min: f64,
        max: f64,
        #[serde(default)]
        step: Option<f64>,
        #[serde(default, borrow)]
        format: Option<Text<'a>>,
    },
    OneOf {
        #[serde(borrow)]
        name: Text<'a>,
        values: Vec<f64>,
        #[serde(default, borrow)]
        format: Option<Text<'a>>,
    },
    List {
        #[serde(borrow)]
        name: Text<'a>,
        count: usize,
        min: f64,
        max: f64,
        #[serde(default)]
        step: Option<f64>,
        #[serde(default, borrow)]
        format: Option<Text<'a>>,
    },
}

impl<'a> RawVariable<'a> {
    pub fn name(&self) -> &Text<'a> {
        match self {
            RawVariable::Range { name, .. }
            | RawVariable::OneOf { name, .. }
            | RawVariable::List { name, .. } => name,
        }
    }
}

/// A usual mistake as written: `Mistake(formula: "…", feedback: "…")`.
#[derive(Debug, Deserialize)]
#[serde(rename = "Mistake", deny_unknown_fields)]
pub struct RawMistake<'a> {
    #[serde(borrow)]
    pub formula: Text<'a>,
    #[serde(borrow)]
    pub feedback: Text<'a>,
}

/// A drill's answer as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum RawAnswer<'a> {
    Number {
        #[serde(borrow)]
        formula: Text<'a>,
        #[serde(default)]
        unit: RawUnit,
        #[serde(default)]
        decimals: Option<u8>,
        #[serde(default)]
        tolerance: Option<RawTolerance>,
    },
    Pick {
        #[serde(borrow)]
        options: Vec<Text<'a>>,
        #[serde(borrow)]
        formula: Text<'a>,
    },
}

#[derive(Debug, Default, Deserialize)]
pub enum RawUnit {
    #[default]
    Plain,
    Percent,
    Score,
    Money(String),
    Word(String),
}

#[derive(Debug, Deserialize)]
pub enum RawTolerance {
    Absolute(f64),
    Relative(f64),
}
