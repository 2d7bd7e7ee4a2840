//! Numbers as people type them, and numbers as we show them.
//!
//! Typed: `45`, `45%`, `-12.5`, `1,250`, `$1,250.00`, `1 250`, `12,5`,
//! `35 points`. Shown: `1,250`, `12.5%`, `$1,250.00`, `+35`.

use std::fmt;

/// A number a learner typed, before the drill's unit says what it means.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Typed {
    pub value: f64,
    /// Ended in `%`.
    pub percent: bool,
    /// Digits typed after the decimal separator: 59.6 has 1.
    pub decimals: u8,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotANumber(pub String);

impl fmt::Display for NotANumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const CURRENCIES: [char; 4] = ['$', '€', '£', '¥'];

/// Read what a learner typed. `unit_word` (like "points") may follow the
/// number and is ignored.
pub fn parse_typed(text: &str, unit_word: Option<&str>) -> Result<Typed, NotANumber> {
    let original = text.trim();
    if original.is_empty() {
        return Err(NotANumber(
            "Type a number first, for example 45 or 12.5.".into(),
        ));
    }
    let not_a_number = || {
        NotANumber(format!(
            "\"{original}\" is not a number. Type digits, like 45, -12.5, 45%, 1,250 or $1,250.00."
        ))
    };
    let mut s = original;
    if let Some(word) = unit_word.map(str::trim).filter(|w| !w.is_empty())
        && s.len() >= word.len()
        && s.is_char_boundary(s.len() - word.len())
        && s[s.len() - word.len()..].eq_ignore_ascii_case(word)
    {
        s = s[..s.len() - word.len()].trim_end();
    }

    let mut negative = false;
    let mut percent = false;
    // A currency symbol after the digits ends the number: 12€.
    let mut closed = false;
    let mut body = String::new();
    for c in s.chars() {
        let space = matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}');
        if (percent || closed) && !space {
            return Err(not_a_number());
        }
        match c {
            '0'..='9' | '.' | ',' => body.push(c),
            // Spaces group thousands (1 250), the non-breaking kinds too.
            _ if space => {
                if !body.is_empty() {
                    body.push(' ');
                }
            }
            '-' | '−' | '–' if body.is_empty() && !negative => negative = true,
            '+' if body.is_empty() && !negative => {}
            c if CURRENCIES.contains(&c) => closed = !body.is_empty(),
            '%' if !body.is_empty() => percent = true,
            _ => return Err(not_a_number()),
        }
    }
    let (value, decimals) = parse_body(body.trim_end()).ok_or_else(not_a_number)?;
    Ok(Typed {
        value: if negative { -value } else { value },
        percent,
        decimals,
    })
}

/// Digits, grouped in threes or not, with at most one decimal separator.
/// "1,250" and "1 250" group thousands; "12,5" uses a decimal comma;
/// "1,250.50" and "1.250,50" group with one and end with the other.
/// Returns the number and how many digits follow the separator.
fn parse_body(body: &str) -> Option<(f64, u8)> {
    let is_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let last_dot = body.rfind('.');
    let last_comma = body.rfind(',');
    let decimal_at = match (last_dot, last_comma) {
        (Some(dot), Some(comma)) => Some(dot.max(comma)),
        (Some(dot), None) => (body.matches('.').count() == 1).then_some(dot),
        (None, Some(comma)) => {
            let after = &body[comma + 1..];
            let thousands = after.len() == 3 && is_digits(after);
            (body.matches(',').count() == 1 && !thousands).then_some(comma)
        }
        (None, None) => None,
    };
    let (integer, fraction) = match decimal_at {
        Some(at) => (&body[..at], &body[at + 1..]),
        None => (body, ""),
    };
    if !is_digits(fraction) {
        return None;
    }
    let integer = ungroup(integer)?;
    if integer.is_empty() && fraction.is_empty() {
        return None;
    }
    let integer = if integer.is_empty() { "0" } else { &integer };
    let decimals = u8::try_from(fraction.len()).unwrap_or(u8::MAX);
    let fraction = if fraction.is_empty() { "0" } else { fraction };
    format!("{integer}.{fraction}")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(|v| (v, decimals))
}

/// "1,250,000" → "1250000": one separator, groups of three after the first.
fn ungroup(integer: &str) -> Option<String> {
    let Some(separator) = integer.chars().find(|c| !c.is_ascii_digit()) else {
        return Some(integer.to_string());
    };
    let groups: Vec<&str> = integer.split(separator).collect();
    let digits = |g: &&str| g.chars().all(|c| c.is_ascii_digit());
    let first_ok = (1..=3).contains(&groups[0].len()) && digits(&groups[0]);
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3 && digits(g));
    (first_ok && rest_ok).then(|| groups.concat())
}

/// How a number is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Format {
    pub decimals: Option<u8>,
    pub style: Style,
    /// Always show the sign: +35.
    pub sign: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    /// The value is a fraction shown as a percentage: 0.125 → 12.5%.
    PercentOfFraction,
    /// The value is already in percent: 12.5 → 12.5%.
    Percent,
    Money(String),
    Suffix(String),
}

impl Format {
    pub const AUTO: Format = Format {
        decimals: None,
        style: Style::Plain,
        sign: false,
    };

    /// Parse a format: `[+][$|€|£|%]digits`, e.g. `0`, `2`, `$2`, `%1`, `+0`.
    pub fn parse(spec: &str) -> Result<Format, String> {
        let spec = spec.trim();
        let mut rest = spec;
        let sign = rest.starts_with('+');
        if sign {
            rest = &rest[1..];
        }
        let style = match rest.chars().next() {
            Some('%') => Style::PercentOfFraction,
            Some(c) if CURRENCIES.contains(&c) => Style::Money(c.to_string()),
            _ => Style::Plain,
        };
        if style != Style::Plain {
            let first = rest.chars().next().map_or(0, char::len_utf8);
            rest = &rest[first..];
        }
        let decimals = if rest.is_empty() {
            None
        } else {
            match rest.parse::<u8>() {
                Ok(d) if d <= 9 => Some(d),
                _ => {
                    return Err(format!(
                        "format \"{spec}\" is not one of: a number of decimals (0–9), optionally after $, €, £ or % and a leading +"
                    ));
                }
            }
        };
        Ok(Format {
            decimals,
            style,
            sign,
        })
    }

    pub fn show(&self, value: f64) -> String {
        let shown = match self.style {
            Style::PercentOfFraction => value * 100.0,
            _ => value,
        };
        let decimals = self
            .decimals
            .map_or_else(|| auto_decimals(shown), usize::from);
        let rounded = round_half_up(shown.abs(), decimals);
        let mut digits = group_thousands(&format!("{rounded:.decimals$}"));
        let is_zero = digits.chars().all(|c| !c.is_ascii_digit() || c == '0');
        let sign = if shown < 0.0 && !is_zero {
            "-"
        } else if self.sign && !is_zero {
            "+"
        } else {
            ""
        };
        match &self.style {
            Style::Plain => format!("{sign}{digits}"),
            Style::Percent | Style::PercentOfFraction => format!("{sign}{digits}%"),
            Style::Money(symbol) => format!("{sign}{symbol}{digits}"),
            Style::Suffix(word) => {
                digits.insert_str(0, sign);
                format!("{digits} {word}")
            }
        }
    }
}

/// Round as people do on paper: halves away from zero, and a value whose
/// binary form falls a hair below a half (2.675 is 2.67499…) still up.
pub fn round_half_up(value: f64, decimals: usize) -> f64 {
    let scale = 10f64.powi(i32::try_from(decimals).unwrap_or(9));
    let scaled = value * scale;
    let nudged = scaled + scaled.signum() * scaled.abs().max(1.0) * 1e-12;
    nudged.round() / scale
}

/// Whole numbers without decimals; others with up to 2, trailing zeros cut.
fn auto_decimals(value: f64) -> usize {
    for decimals in 0..=2 {
        let scale = 10f64.powi(decimals);
        if ((value * scale).round() - value * scale).abs() < 1e-9 * scale.max(1.0) {
            return usize::try_from(decimals).unwrap_or(2);
        }
    }
    2
}

/// "1250000.5" → "1,250,000.5"
fn group_thousands(text: &str) -> String {
    let (integer, fraction) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    let mut out = String::new();
    let len = integer.len();
    for (i, c) in integer.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> f64 {
        parse_typed(text, None).unwrap().value
    }

    #[test]
    fn every_form_people_type_reads_as_the_same_number() {
        assert_eq!(value("45"), 45.0);
        assert_eq!(value("-12.5"), -12.5);
        assert_eq!(value("1,250"), 1250.0);
        assert_eq!(value("$1,250.00"), 1250.0);
        assert_eq!(value("1 250"), 1250.0);
        assert_eq!(value("1\u{a0}250,5"), 1250.5);
        assert_eq!(value("12,5"), 12.5);
        assert_eq!(value("1,250,000"), 1_250_000.0);
        assert_eq!(value("-$12"), -12.0);
        assert_eq!(value("$-12"), -12.0);
        assert_eq!(value("+35"), 35.0);
        assert_eq!(value("−7"), -7.0);
        assert_eq!(value(".5"), 0.5);
        assert_eq!(value("  42  "), 42.0);
        assert_eq!(value("12€"), 12.0);
        let typed = parse_typed("45%", None).unwrap();
        assert_eq!((typed.value, typed.percent), (45.0, true));
        assert_eq!(
            parse_typed("35 points", Some("points")).unwrap().value,
            35.0
        );
        assert_eq!(
            parse_typed("35 Points", Some("points")).unwrap().value,
            35.0
        );
    }

    #[test]
    fn text_that_is_not_a_number_gets_a_clear_message() {
        for bad in [
            "abc",
            "12a",
            "1,2,3",
            "1.2.3",
            "--5",
            "$",
            "%",
            "45%5",
            "1 25",
            "12 apples",
        ] {
            let error = parse_typed(bad, None).unwrap_err();
            assert!(
                error.0.contains(bad) || error.0.contains("number"),
                "{bad}: {error}"
            );
        }
        assert_eq!(
            parse_typed("  ", None).unwrap_err().0,
            "Type a number first, for example 45 or 12.5."
        );
        assert_eq!(
            parse_typed("abc", None).unwrap_err().0,
            "\"abc\" is not a number. Type digits, like 45, -12.5, 45%, 1,250 or $1,250.00."
        );
    }

    #[test]
    fn formats_show_numbers_the_way_the_course_writes_them() {
        let f = |spec: &str, v: f64| Format::parse(spec).unwrap().show(v);
        assert_eq!(f("0", 1250.4), "1,250");
        assert_eq!(f("2", 1250.0), "1,250.00");
        assert_eq!(f("$2", 1250.0), "$1,250.00");
        assert_eq!(f("$0", -30.0), "-$30");
        assert_eq!(f("%1", 0.125), "12.5%");
        assert_eq!(f("%0", 0.1), "10%");
        assert_eq!(f("+0", 35.0), "+35");
        assert_eq!(f("+0", -35.0), "-35");
        assert_eq!(f("+0", 0.0), "0");
        assert_eq!(f("1", -0.04), "0.0");
        assert_eq!(f("", 2.5), "2.5");
        assert_eq!(f("", 1000000.0), "1,000,000");
        assert_eq!(f("", 1.0 / 3.0), "0.33");
        assert_eq!(f("2", 2.675), "2.68");
        assert_eq!(f("2", 0.125), "0.13");
        assert_eq!(f("0", -2.5), "-3");
        // The table of docs/deck-format.md, exactly.
        for (spec, a, b) in [
            ("", "1,250.5", "0.13"),
            ("0", "1,251", "0"),
            ("1", "1,250.5", "0.1"),
            ("2", "1,250.50", "0.13"),
            ("%0", "125,050%", "13%"),
            ("%1", "125,050.0%", "12.5%"),
            ("$0", "$1,251", "$0"),
            ("$2", "$1,250.50", "$0.13"),
            ("+0", "+1,251", "0"),
        ] {
            assert_eq!(
                (f(spec, 1250.5), f(spec, 0.125)),
                (a.to_string(), b.to_string()),
                "format {spec:?}"
            );
        }
        assert!(Format::parse("x").is_err());
        assert!(Format::parse("12").is_err());
    }
}
