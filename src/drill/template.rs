//! Text with numbers in it: "{promoters} of {total} answered 9 or 10".
//!
//! `{formula}` is replaced by its value; `{formula | format}` chooses how it
//! is shown (see `number::Format`); `{{` and `}}` are literal braces.
//! A lone variable is shown in its own format, a list as "9, 7, 10".

use evalexpr::Value;

use super::formula::{Context, Formula};
use super::number::Format;

#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    pub source: String,
    parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq)]
enum Part {
    Text(String),
    Value {
        formula: Formula,
        format: Option<Format>,
    },
}

impl Template {
    /// The text with each value left out as "…" (escaped braces kept as
    /// the braces they stand for).
    pub fn outline(&self) -> String {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Text(text) => text.as_str(),
                Part::Value { .. } => "…",
            })
            .collect()
    }

    pub fn compile(source: &str, known: &[&str]) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut chars = source.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match c {
                '{' if chars.peek().is_some_and(|&(_, n)| n == '{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek().is_some_and(|&(_, n)| n == '}') => {
                    chars.next();
                    text.push('}');
                }
                '}' => {
                    return Err(format!(
                        "a '}}' without its '{{' at character {}; write '}}}}' for a brace",
                        source[..at].chars().count() + 1
                    ));
                }
                '{' => {
                    let rest = &source[at + 1..];
                    let Some(end) = rest.find('}') else {
                        return Err(format!(
                            "the '{{' at character {} is never closed",
                            source[..at].chars().count() + 1
                        ));
                    };
                    let inside = &rest[..end];
                    for _ in 0..inside.chars().count() + 1 {
                        chars.next();
                    }
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(value_part(inside, known)?);
                }
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(Template {
            source: source.to_string(),
            parts,
        })
    }

    /// The text with every value filled in; `formats` gives a variable's
    /// own format by name.
    pub fn render(
        &self,
        context: &Context,
        formats: &dyn Fn(&str) -> Option<Format>,
    ) -> Result<String, String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Value { formula, format } => {
                    let format = format
                        .clone()
                        .or_else(|| formula.lone_variable().and_then(formats))
                        .unwrap_or(Format::AUTO);
                    match formula.eval(context)? {
                        Value::Tuple(items) => {
                            let shown: Result<Vec<String>, String> = items
                                .iter()
                                .map(|item| number(formula, item).map(|n| format.show(n)))
                                .collect();
                            out.push_str(&shown?.join(", "));
                        }
                        value => out.push_str(&format.show(number(formula, &value)?)),
                    }
                }
            }
        }
        Ok(out)
    }
}

impl Template {
    /// Every value of the template is a finite number (or a list of them):
    /// what [`Template::render`] checks, without building the text.
    pub fn check(&self, context: &Context) -> Result<(), String> {
        for part in &self.parts {
            if let Part::Value { formula, .. } = part {
                match formula.eval(context)? {
                    Value::Tuple(items) => {
                        for item in &items {
                            number(formula, item)?;
                        }
                    }
                    value => {
                        number(formula, &value)?;
                    }
                }
            }
        }
        Ok(())
    }
}

fn number(formula: &Formula, value: &Value) -> Result<f64, String> {
    match value.as_number() {
        Ok(n) if n.is_finite() => Ok(n),
        Ok(n) => Err(format!(
            "\"{}\" is not a finite number ({n}; a division by zero?)",
            formula.source
        )),
        Err(_) => Err(format!(
            "\"{}\" gives {value}, not a number",
            formula.source
        )),
    }
}

/// `formula` or `formula | format`; a `||` belongs to the formula.
fn value_part(inside: &str, known: &[&str]) -> Result<Part, String> {
    let bar = inside
        .char_indices()
        .filter(|&(i, c)| {
            c == '|' && !inside[..i].ends_with('|') && !inside[i + 1..].starts_with('|')
        })
        .map(|(i, _)| i)
        .next_back();
    let (formula, format) = match bar {
        Some(i) => (&inside[..i], Some(Format::parse(&inside[i + 1..])?)),
        None => (inside, None),
    };
    if formula.trim().is_empty() {
        return Err("an empty {} has no formula to show".to_string());
    }
    Ok(Part::Value {
        formula: Formula::compile(formula.trim(), known)?,
        format,
    })
}

#[cfg(test)]
mod tests {
    use super::super::formula::context;
    use super::*;

    fn render(source: &str) -> Result<String, String> {
        let values = vec![
            ("p".to_string(), Value::Float(55.0)),
            ("n".to_string(), Value::Float(200.0)),
            ("rate".to_string(), Value::Float(0.12)),
            (
                "s".to_string(),
                Value::Tuple(vec![Value::Float(9.0), Value::Float(10.0)]),
            ),
        ];
        let template = Template::compile(source, &["p", "n", "rate", "s"])?;
        template.render(&context(&values), &|name| {
            (name == "rate").then(|| Format::parse("%0").unwrap())
        })
    }

    #[test]
    fn values_are_filled_in_with_their_formats() {
        assert_eq!(render("{p} of {n}").unwrap(), "55 of 200");
        assert_eq!(render("{p / n * 100 | 1}%").unwrap(), "27.5%");
        assert_eq!(render("{p / n | %0}").unwrap(), "28%");
        assert_eq!(render("a rate of {rate}").unwrap(), "a rate of 12%");
        assert_eq!(render("{rate | 2}").unwrap(), "0.12");
        assert_eq!(render("{n * 10 | $0}").unwrap(), "$2,000");
        assert_eq!(render("scores: {s}").unwrap(), "scores: 9, 10");
        assert_eq!(render("{{literal}} {p}").unwrap(), "{literal} 55");
        assert_eq!(render("{if(p > 50 || n < 3, 1, 0)}").unwrap(), "1");
    }

    #[test]
    fn broken_templates_say_what_is_wrong() {
        assert!(render("{p").unwrap_err().contains("never closed"));
        assert!(render("p}").unwrap_err().contains("without its '{'"));
        assert!(render("{}").unwrap_err().contains("empty"));
        assert!(
            render("{q}")
                .unwrap_err()
                .contains("`q`, which is not a variable")
        );
        assert!(render("{p | x}").unwrap_err().contains("format \"x\""));
        assert!(
            render("{p / 0}")
                .unwrap_err()
                .contains("not a finite number")
        );
    }
}
