//! Formulas: evalexpr expressions over a drill's variables.
//!
//! Every number is a decimal: whole-number literals are turned into floats
//! when the formula is read, so `7 / 2` is 3.5 and never 3. Only the
//! functions listed in [`FUNCTIONS`] may be called (no `random`, no
//! assignment), so a formula gives the same result for the same numbers.

use evalexpr::error::EvalexprResultValue;
use evalexpr::{
    DefaultNumericTypes, EvalexprError, EvalexprResult, Node, Operator, Value, build_operator_tree,
};

/// The functions a formula may call.
pub const FUNCTIONS: &[&str] = &[
    "min",
    "max",
    "floor",
    "ceil",
    "round",
    "if",
    "math::abs",
    "math::pow",
    "math::sqrt",
    "math::ln",
    "math::log10",
    "math::exp",
    "sum",
    "count",
    "mean",
    "count_between",
];

/// The longest formula accepted. evalexpr reads and evaluates recursively:
/// ten thousand nested brackets or signs overflow the stack (measured), a
/// thousand do not. No drill formula needs more than a line or two.
pub const MAX_FORMULA_CHARS: usize = 500;

/// A compiled formula and the text it came from.
#[derive(Clone, Debug)]
pub struct Formula {
    pub source: String,
    tree: Node<DefaultNumericTypes>,
}

impl PartialEq for Formula {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl Formula {
    /// Read a formula that may use the variables in `known`.
    pub fn compile(source: &str, known: &[&str]) -> Result<Formula, String> {
        let length = source.chars().count();
        if length > MAX_FORMULA_CHARS {
            return Err(format!(
                "a formula of {length} characters is too long (at most {MAX_FORMULA_CHARS}); use derived values to split it"
            ));
        }
        let mut tree = build_operator_tree::<DefaultNumericTypes>(source)
            .map_err(|error| format!("formula \"{source}\" cannot be read: {error}"))?;
        if let Some(name) = tree.iter_write_variable_identifiers().next() {
            return Err(format!(
                "formula \"{source}\" assigns to `{name}`; a formula only computes a value"
            ));
        }
        if let Some(function) = tree
            .iter_function_identifiers()
            .find(|f| !FUNCTIONS.contains(f))
        {
            return Err(format!(
                "formula \"{source}\" calls `{function}`, which is not available; use one of {}",
                FUNCTIONS.join(", ")
            ));
        }
        if let Some(name) = tree
            .iter_read_variable_identifiers()
            .find(|v| !known.contains(v))
        {
            let declared = if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            };
            return Err(format!(
                "formula \"{source}\" names `{name}`, which is not a variable of this drill (declared: {declared})"
            ));
        }
        floats_only(&mut tree);
        // An operator or a function short of what it works on ("a +"):
        // found by working the formula out once, every name at 1.
        let mut trial = Context::default();
        for name in known {
            trial.set(name, Value::Float(1.0));
        }
        match tree.eval_with_context(&trial) {
            Err(EvalexprError::WrongOperatorArgumentAmount { .. }) => {
                return Err(format!(
                    "formula \"{source}\" is not complete: an operator is missing a number on one side"
                ));
            }
            Err(EvalexprError::WrongFunctionArgumentAmount { .. }) => {
                return Err(format!(
                    "formula \"{source}\" gives a function the wrong number of values"
                ));
            }
            _ => {}
        }
        Ok(Formula {
            source: source.to_string(),
            tree,
        })
    }

    pub fn eval(&self, context: &Context) -> Result<Value, String> {
        self.tree.eval_with_context(context).map_err(|error| {
            let source = &self.source;
            match error {
                // In the deck's terms, not the expression library's.
                EvalexprError::ExpectedNumber { actual: Value::Tuple(_) }
                | EvalexprError::ExpectedFloat { actual: Value::Tuple(_) }
                | EvalexprError::ExpectedInt { actual: Value::Tuple(_) }
                | EvalexprError::ExpectedNumberOrString { actual: Value::Tuple(_) } => format!(
                    "\"{source}\" uses a list of numbers where a number goes: use sum(…), mean(…) or count(…) of the list"
                ),
                EvalexprError::ExpectedNumber { actual: Value::Boolean(_) }
                | EvalexprError::ExpectedFloat { actual: Value::Boolean(_) } => format!(
                    "\"{source}\" uses true or false (a comparison) where a number goes"
                ),
                EvalexprError::ExpectedBoolean { .. } => format!(
                    "\"{source}\" needs a comparison (like a > b) where it has a number"
                ),
                other => format!("\"{source}\" cannot be worked out: {other}"),
            }
        })
    }

    /// A finite number, or why not.
    pub fn number(&self, context: &Context) -> Result<f64, String> {
        let value = self.eval(context)?;
        let number = value.as_number().map_err(|_| match &value {
            Value::Tuple(_) => format!(
                "\"{}\" gives a list of values, not a number: use sum(…), mean(…) or count(…) of a list",
                self.source
            ),
            Value::Boolean(_) => format!(
                "\"{}\" gives true or false, not a number",
                self.source
            ),
            _ => format!("\"{}\" does not give a number", self.source),
        })?;
        if number.is_finite() {
            Ok(number)
        } else if number.is_nan() {
            Err(format!(
                "\"{}\" gives no number: the square root or logarithm of a negative number, or 0 ÷ 0?",
                self.source
            ))
        } else {
            Err(format!(
                "\"{}\" gives an infinite number: a division by zero?",
                self.source
            ))
        }
    }

    pub fn truth(&self, context: &Context) -> Result<bool, String> {
        match self.eval(context)? {
            Value::Boolean(b) => Ok(b),
            other => Err(format!(
                "\"{}\" gives {other}, not true or false; a constraint compares, like a + b <= c",
                self.source
            )),
        }
    }

    /// The formula is nothing but the name of one variable.
    pub fn lone_variable(&self) -> Option<&str> {
        let mut node = &self.tree;
        // The root node wraps the expression.
        while node.children().len() == 1 && matches!(node.operator(), Operator::RootNode) {
            node = &node.children()[0];
        }
        match node.operator() {
            Operator::VariableIdentifierRead { identifier } if node.children().is_empty() => {
                Some(identifier)
            }
            _ => None,
        }
    }
}

/// Whole-number literals become decimals, so every division is exact.
fn floats_only(node: &mut Node<DefaultNumericTypes>) {
    if let Operator::Const {
        value: Value::Int(int),
    } = node.operator()
    {
        // A literal in a formula is far below 2^53: the conversion is exact.
        let float = *int as f64;
        *node.operator_mut() = Operator::Const {
            value: Value::Float(float),
        };
    }
    for child in node.children_mut() {
        floats_only(child);
    }
}

/// The values of one draw, and the list functions: what a formula sees.
/// A handful of names, so a list beats a hash map.
#[derive(Clone, Debug, Default)]
pub struct Context {
    values: Vec<(String, Value)>,
}

impl Context {
    /// Give `name` a value (a later value of the same name wins).
    pub fn set(&mut self, name: &str, value: Value) {
        self.values.push((name.to_string(), value));
    }
}

/// A context holding `values`.
pub fn context(values: &[(String, Value)]) -> Context {
    Context {
        values: values.to_vec(),
    }
}

impl evalexpr::Context for Context {
    type NumericTypes = DefaultNumericTypes;

    fn get_value(&self, identifier: &str) -> Option<&Value> {
        self.values
            .iter()
            .rev()
            .find(|(name, _)| name == identifier)
            .map(|(_, value)| value)
    }

    fn call_function(&self, identifier: &str, argument: &Value) -> EvalexprResultValue {
        match identifier {
            "sum" => Ok(Value::Float(numbers(argument)?.iter().sum())),
            "count" => Ok(Value::Float(numbers(argument)?.len() as f64)),
            "mean" => {
                let list = numbers(argument)?;
                Ok(Value::Float(list.iter().sum::<f64>() / list.len() as f64))
            }
            "count_between" => {
                let parts = argument.as_fixed_len_tuple(3)?;
                let list = numbers(&parts[0])?;
                let (low, high) = (parts[1].as_number()?, parts[2].as_number()?);
                Ok(Value::Float(
                    list.iter().filter(|&&x| x >= low && x <= high).count() as f64,
                ))
            }
            _ => Err(EvalexprError::FunctionIdentifierNotFound(
                identifier.to_string(),
            )),
        }
    }

    fn are_builtin_functions_disabled(&self) -> bool {
        false
    }

    fn set_builtin_functions_disabled(&mut self, disabled: bool) -> EvalexprResult<()> {
        if disabled {
            Err(EvalexprError::BuiltinFunctionsCannotBeDisabled)
        } else {
            Ok(())
        }
    }
}

fn numbers(value: &Value) -> Result<Vec<f64>, EvalexprError> {
    match value {
        Value::Tuple(items) => items.iter().map(Value::as_number).collect(),
        other => Ok(vec![other.as_number()?]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(source: &str, values: &[(&str, f64)]) -> Result<f64, String> {
        let names: Vec<&str> = values.iter().map(|(n, _)| *n).collect();
        let formula = Formula::compile(source, &names)?;
        let values: Vec<(String, Value)> = values
            .iter()
            .map(|(n, v)| (n.to_string(), Value::Float(*v)))
            .collect();
        formula.number(&context(&values))
    }

    #[test]
    fn every_division_is_exact() {
        assert_eq!(eval("7 / 2", &[]), Ok(3.5));
        assert_eq!(
            eval(
                "(p - d) / n * 100",
                &[("p", 50.0), ("d", 20.0), ("n", 120.0)]
            ),
            Ok(25.0)
        );
    }

    #[test]
    fn unknown_variables_functions_and_assignments_are_refused() {
        let error = Formula::compile("a + b", &["a"]).unwrap_err();
        assert_eq!(
            error,
            "formula \"a + b\" names `b`, which is not a variable of this drill (declared: a)"
        );
        let error = Formula::compile("random(1, 2)", &[]).unwrap_err();
        assert!(
            error.contains("calls `random`, which is not available"),
            "{error}"
        );
        let error = Formula::compile("a = 2", &["a"]).unwrap_err();
        assert!(error.contains("assigns to `a`"), "{error}");
        let error = Formula::compile("(a + 2", &["a"]).unwrap_err();
        assert!(
            error.starts_with("formula \"(a + 2\" cannot be read"),
            "{error}"
        );
    }

    #[test]
    fn deeply_nested_formulas_are_refused_before_they_can_overflow_the_stack() {
        let deep = format!("{}1", "-".repeat(20_000));
        let error = Formula::compile(&deep, &[]).unwrap_err();
        assert!(error.contains("too long"), "{error}");
        let fine = format!("{}1{}", "(".repeat(200), ")".repeat(200));
        assert_eq!(
            Formula::compile(&fine, &[]).unwrap().number(&context(&[])),
            Ok(1.0)
        );
    }

    #[test]
    fn division_by_zero_and_roots_of_negatives_are_said_as_such() {
        let error = eval("a / b", &[("a", 1.0), ("b", 0.0)]).unwrap_err();
        assert!(
            error.ends_with("gives an infinite number: a division by zero?"),
            "{error}"
        );
        let error = eval("math::sqrt(a)", &[("a", -4.0)]).unwrap_err();
        assert!(
            error.contains("the square root or logarithm of a negative number"),
            "{error}"
        );
        let scores = Value::Tuple([1.0, 2.0].map(Value::Float).to_vec());
        let error = Formula::compile("s * 2", &["s"])
            .unwrap()
            .number(&context(&[("s".to_string(), scores)]))
            .unwrap_err();
        assert_eq!(
            error,
            "\"s * 2\" uses a list of numbers where a number goes: use sum(…), mean(…) or count(…) of the list"
        );
        let error = Formula::compile("a +", &["a"]).unwrap_err();
        assert_eq!(
            error,
            "formula \"a +\" is not complete: an operator is missing a number on one side"
        );
    }

    #[test]
    fn list_functions_count_sum_and_average() {
        let scores = Value::Tuple([10.0, 9.0, 7.0, 3.0, 6.0].map(Value::Float).to_vec());
        let ctx = context(&[("s".to_string(), scores)]);
        let n = |src: &str| Formula::compile(src, &["s"]).unwrap().number(&ctx).unwrap();
        assert_eq!(n("count(s)"), 5.0);
        assert_eq!(n("sum(s)"), 35.0);
        assert_eq!(n("mean(s)"), 7.0);
        assert_eq!(n("count_between(s, 9, 10)"), 2.0);
        assert_eq!(n("count_between(s, 0, 6)"), 2.0);
    }

    #[test]
    fn constraints_must_compare() {
        let ctx = context(&[("a".to_string(), Value::Float(1.0))]);
        assert_eq!(
            Formula::compile("a <= 2", &["a"]).unwrap().truth(&ctx),
            Ok(true)
        );
        assert!(
            Formula::compile("a + 2", &["a"])
                .unwrap()
                .truth(&ctx)
                .is_err()
        );
    }

    #[test]
    fn a_lone_variable_is_recognised() {
        assert_eq!(
            Formula::compile("total", &["total"])
                .unwrap()
                .lone_variable(),
            Some("total")
        );
        assert_eq!(
            Formula::compile("total * 2", &["total"])
                .unwrap()
                .lone_variable(),
            None
        );
    }
}
