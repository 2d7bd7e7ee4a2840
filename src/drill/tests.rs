use std::path::Path;
use std::sync::OnceLock;

use super::*;
use crate::deck::{CardKind, Deck, parse_deck};
use crate::key::{CardId, DeckId, Direction};

/// The shipped calculations deck, validated once for all tests.
fn calculations() -> &'static Deck {
    static DECK: OnceLock<Deck> = OnceLock::new();
    DECK.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks/08-calculations.ron");
        let text = std::fs::read_to_string(&path).unwrap();
        parse_deck(&path, &text).unwrap_or_else(|p| panic!("{p:?}"))
    })
}

/// A drill of the shipped calculations deck.
fn shipped(id: &str) -> Drill {
    let card = calculations()
        .cards
        .iter()
        .find(|c| c.id.as_str() == id)
        .unwrap();
    match &card.kind {
        CardKind::Drill(drill) => (**drill).clone(),
        other => panic!("{id} is not a drill: {other:?}"),
    }
}

/// A drill written inline, for the engine's own tests.
fn drill(body: &str) -> Result<Drill, Vec<String>> {
    let text = format!("Deck(id: \"t\", title: \"T\", cards: [Drill(id: \"d\", {body})])");
    match parse_deck(Path::new("t.ron"), &text) {
        Ok(deck) => match deck.cards.into_iter().next().map(|c| c.kind) {
            Some(CardKind::Drill(drill)) => Ok(*drill),
            other => panic!("not a drill: {other:?}"),
        },
        Err(problems) => Err(problems.iter().map(ToString::to_string).collect()),
    }
    .and_then(|drill| {
        // What `cardwise check` adds: 1,000 draws.
        match drill.check() {
            Ok(()) => Ok(drill),
            Err((site, message)) => {
                let (line, column) = drill.places.of(site);
                Err(vec![format!("t.ron:{line}:{column}: {message}")])
            }
        }
    })
}

fn number(draw: &Draw) -> f64 {
    match draw.expected {
        Expected::Number { value, .. } => value,
        Expected::Pick(_) => panic!("a pick, not a number"),
    }
}

fn shown(draw: &Draw) -> &str {
    match &draw.expected {
        Expected::Number { shown, .. } => shown,
        Expected::Pick(_) => panic!("a pick, not a number"),
    }
}

fn pick(draw: &Draw) -> usize {
    match draw.expected {
        Expected::Pick(index) => index,
        Expected::Number { .. } => panic!("a number, not a pick"),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

// Each shipped formula against an example worked by hand.

#[test]
fn nps_from_counts_60_25_15_is_45() {
    let draw = shipped("nps-from-counts")
        .solve(&[
            ("promoters", 60.0),
            ("passives", 25.0),
            ("detractors", 15.0),
        ])
        .unwrap();
    assert!(close(number(&draw), 45.0));
    assert_eq!(shown(&draw), "+45.0");
    assert_eq!(
        draw.prompt,
        "A survey of 100 customers found 60 promoters, 25 passives and 15 detractors. What is the Net Promoter Score? Give the score to one decimal."
    );
    assert_eq!(
        draw.solution[2],
        "NPS = (promoters − detractors) ÷ respondents × 100 = (60 − 15) ÷ 100 × 100 = +45.0."
    );
}

#[test]
fn nps_from_counts_can_be_negative() {
    // 20 promoters, 30 passives, 50 detractors of 100: 20 − 50 = −30.
    let draw = shipped("nps-from-counts")
        .solve(&[
            ("promoters", 20.0),
            ("passives", 30.0),
            ("detractors", 50.0),
        ])
        .unwrap();
    assert!(close(number(&draw), -30.0));
    assert_eq!(shown(&draw), "-30.0");
}

#[test]
fn nps_from_shares_50_and_20_is_30() {
    let draw = shipped("nps-from-shares")
        .solve(&[("promoters", 50.0), ("detractors", 20.0)])
        .unwrap();
    assert!(close(number(&draw), 30.0));
    assert!(draw.prompt.contains("30% are passives"), "{}", draw.prompt);
}

#[test]
fn nps_from_raw_scores() {
    // 10 9 9 8 7 6 5 3 10 9 7 2: promoters 10 9 9 10 9 = 5, detractors
    // 6 5 3 2 = 4, of 12 answers: (5 − 4) / 12 × 100 = 8.33.
    let scores = [10.0, 9.0, 9.0, 8.0, 7.0, 6.0, 5.0, 3.0, 10.0, 9.0, 7.0, 2.0];
    let draw = shipped("nps-from-scores")
        .solve_values(vec![(
            "scores".into(),
            Value::Tuple(scores.map(Value::Float).to_vec()),
        )])
        .unwrap();
    assert!((number(&draw) - 100.0 / 12.0).abs() < 1e-9);
    assert_eq!(shown(&draw), "+8.3");
    assert!(
        draw.prompt.contains("10, 9, 9, 8, 7, 6, 5, 3, 10, 9, 7, 2"),
        "{}",
        draw.prompt
    );
    assert_eq!(
        draw.solution[0],
        "Promoters (9 or 10): 5. Passives (7 or 8): 3. Detractors (0 to 6): 4."
    );
}

#[test]
fn nps_classify_sorts_every_score_into_its_group() {
    let drill = shipped("nps-classify");
    let group = |score: f64| pick(&drill.solve(&[("score", score)]).unwrap());
    let groups: Vec<usize> = (0..=10).map(|s| group(f64::from(s))).collect();
    assert_eq!(groups, vec![2, 2, 2, 2, 2, 2, 2, 1, 1, 0, 0]);
}

#[test]
fn cpv_650_minus_420_is_230() {
    let draw = shipped("cpv-benefit-minus-cost")
        .solve(&[("benefit", 650.0), ("cost", 420.0)])
        .unwrap();
    assert!(close(number(&draw), 230.0));
    assert_eq!(shown(&draw), "$230");
    assert!(
        draw.prompt.contains("benefits worth $650"),
        "{}",
        draw.prompt
    );
}

#[test]
fn the_better_offer_is_the_greater_benefit_minus_cost() {
    let drill = shipped("cpv-better-offer");
    // A: 500 − 300 = 200; B: 650 − 480 = 170 → A, although B promises more.
    let a = drill
        .solve(&[
            ("benefit_a", 500.0),
            ("cost_a", 300.0),
            ("benefit_b", 650.0),
            ("cost_b", 480.0),
        ])
        .unwrap();
    assert_eq!(pick(&a), 0);
    // B: 700 − 450 = 250 → B.
    let b = drill
        .solve(&[
            ("benefit_a", 500.0),
            ("cost_a", 300.0),
            ("benefit_b", 700.0),
            ("cost_b", 450.0),
        ])
        .unwrap();
    assert_eq!(pick(&b), 1);
    // Equal values break the constraint: never drawn.
    assert!(
        drill
            .solve(&[
                ("benefit_a", 500.0),
                ("cost_a", 300.0),
                ("benefit_b", 600.0),
                ("cost_b", 400.0)
            ])
            .is_err()
    );
}

#[test]
fn cpv_from_components() {
    // Benefits 300 + 80 + 60 + 40 = 480; costs 250 + 40 + 30 + 20 = 340.
    let draw = shipped("cpv-components")
        .solve(&[
            ("product", 300.0),
            ("services", 80.0),
            ("personnel", 60.0),
            ("image", 40.0),
            ("money", 250.0),
            ("time", 40.0),
            ("energy", 30.0),
            ("psychic", 20.0),
        ])
        .unwrap();
    assert!(close(number(&draw), 140.0));
}

#[test]
fn value_ratio_600_over_400_is_1_5() {
    // A price of 400 and benefits worth 1.5 times it: 600.
    let draw = shipped("value-ratio")
        .solve(&[("price", 400.0), ("ratio", 1.5)])
        .unwrap();
    assert!(close(number(&draw), 1.5));
    assert_eq!(shown(&draw), "1.50");
}

#[test]
fn clv_by_the_course_formula() {
    // (1,200 − 400) / 0.10 = 8,000
    let draw = shipped("clv-course-formula")
        .solve(&[("revenue", 1200.0), ("cost", 400.0), ("rate", 0.1)])
        .unwrap();
    assert!(close(number(&draw), 8000.0));
    assert_eq!(shown(&draw), "$8,000");
    assert!(
        draw.prompt.contains("discount rate of 10%"),
        "{}",
        draw.prompt
    );
}

#[test]
fn clv_with_retention() {
    // 100 × 0.8 / (1 + 0.1 − 0.8) = 80 / 0.3 = 266.67
    let draw = shipped("clv-retention")
        .solve(&[("margin", 100.0), ("retention", 0.8), ("rate", 0.1)])
        .unwrap();
    assert!((number(&draw) - 80.0 / 0.3).abs() < 1e-9);
    assert_eq!(shown(&draw), "$267");
    assert_eq!(
        draw.solution[0],
        "CLV = m × r ÷ (1 + d − r) = $100 × 0.80 ÷ (1 + 0.10 − 0.80) = $267."
    );
}

#[test]
fn customer_equity_sums_the_segments() {
    // 200 × 150 + 50 × 900 = 30,000 + 45,000
    let draw = shipped("customer-equity")
        .solve(&[
            ("regulars", 200.0),
            ("clv_regular", 150.0),
            ("loyal", 50.0),
            ("clv_loyal", 900.0),
        ])
        .unwrap();
    assert!(close(number(&draw), 75_000.0));
    assert_eq!(shown(&draw), "$75,000");
}

#[test]
fn retention_rate_excludes_new_customers() {
    // Start 1,000, lost 100, won 150: end 1,050; kept 900 → 90%.
    let draw = shipped("retention-rate")
        .solve(&[("start", 1000.0), ("new", 150.0), ("kept_share", 0.9)])
        .unwrap();
    assert!(close(number(&draw), 90.0));
    assert_eq!(shown(&draw), "90.0%");
    assert!(draw.prompt.contains("ended with 1,050"), "{}", draw.prompt);
}

#[test]
fn churn_80_of_1000_is_8_percent() {
    let draw = shipped("churn-rate")
        .solve(&[("start", 1000.0), ("share", 0.079)])
        .unwrap();
    assert!(draw.prompt.contains("80 of them left"), "{}", draw.prompt);
    assert!(close(number(&draw), 8.0));
}

#[test]
fn csat_170_of_200_is_85_percent() {
    let draw = shipped("csat")
        .solve(&[("satisfied", 170.0), ("others", 30.0)])
        .unwrap();
    assert!(close(number(&draw), 85.0));
}

#[test]
fn customer_profitability_is_revenue_minus_cost_to_serve() {
    let draw = shipped("customer-profitability")
        .solve(&[("revenue", 5000.0), ("cost_share", 0.64)])
        .unwrap();
    assert!(close(number(&draw), 1800.0));
    assert_eq!(shown(&draw), "$1,800");
    // Now and then a customer costs more than they bring: a loss.
    let loss = shipped("customer-profitability")
        .solve(&[("revenue", 5000.0), ("cost_share", 1.2)])
        .unwrap();
    assert_eq!(shown(&loss), "-$1,000");
}

#[test]
fn good_customers_buy_n_times_more() {
    let times = shipped("good-customers-times")
        .solve(&[("marginal", 150.0), ("times", 10.0)])
        .unwrap();
    assert!(close(number(&times), 10.0));
    assert_eq!(shown(&times), "10 times");
    assert!(
        times.prompt.contains("spends $1,500 a year"),
        "{}",
        times.prompt
    );
    let spend = shipped("good-customers-spend")
        .solve(&[("marginal", 150.0), ("times", 10.0)])
        .unwrap();
    assert!(close(number(&spend), 1500.0));
}

// The engine.

#[test]
fn every_shipped_drill_draws_for_many_reviews() {
    let deck = calculations();
    for card in &deck.cards {
        let CardKind::Drill(drill) = &card.kind else {
            continue;
        };
        let key = deck.key(card, Direction::Forward);
        for answers in 0..50 {
            let draw = drill.draw(seed_for(&key, answers));
            assert!(draw.is_ok(), "{}: {:?}", card.id, draw.err());
        }
    }
}

#[test]
fn the_same_review_draws_the_same_numbers_and_the_next_review_new_ones() {
    let drill = shipped("nps-from-counts");
    let key = CardKey::new(
        DeckId::new("calculations"),
        CardId::new("nps-from-counts"),
        Direction::Forward,
    );
    let first = drill.draw(seed_for(&key, 3)).unwrap();
    assert_eq!(
        drill.draw(seed_for(&key, 3)).unwrap(),
        first,
        "a restart shows the same numbers"
    );
    let next = drill.draw(seed_for(&key, 4)).unwrap();
    assert_ne!(
        next.values, first.values,
        "the next review draws new numbers"
    );
}

#[test]
fn seeds_are_stable_across_versions() {
    // Changing this hash would change the numbers of a review in progress.
    let key = CardKey::new(
        DeckId::new("calculations"),
        CardId::new("csat"),
        Direction::Forward,
    );
    // FNV-1a of "calculations\u{1f}csat\u{1f}0", worked out independently.
    assert_eq!(seed_for(&key, 0), 0x3eef_7116_b2ae_7214);
    assert_ne!(seed_for(&key, 0), seed_for(&key, 1));
}

#[test]
fn draws_that_break_a_constraint_are_drawn_again() {
    let drill = drill(
        r#"prompts: ["{a} > {b}"],
           variables: [Range(name: "a", min: 0, max: 10), Range(name: "b", min: 0, max: 10)],
           constraints: ["a > b"],
           answer: Number(formula: "a - b")"#,
    )
    .unwrap();
    for seed in 0..300 {
        let draw = drill.draw(seed).unwrap();
        assert!(number(&draw) > 0.0, "seed {seed}: {:?}", draw.values);
    }
}

#[test]
fn values_fall_on_the_step_grid_within_the_range() {
    let drill = drill(
        r#"prompts: ["{r}"],
           variables: [Range(name: "r", min: 0.05, max: 0.2, step: 0.01), OneOf(name: "o", values: [3, 7])],
           answer: Number(formula: "r + o")"#,
    )
    .unwrap();
    for seed in 0..200 {
        let draw = drill.draw(seed).unwrap();
        let Value::Float(r) = draw.values[0].1 else {
            panic!()
        };
        let Value::Float(o) = draw.values[1].1 else {
            panic!()
        };
        assert!((0.05..=0.2).contains(&r), "{r}");
        assert!(
            ((r * 100.0).round() - r * 100.0).abs() < 1e-9,
            "{r} is on the grid"
        );
        assert!(o == 3.0 || o == 7.0);
        assert_eq!(draw.prompt, format!("{r:.2} Give it to two decimals."));
    }
}

fn outcome(drill: &Drill, draw: &Draw, typed: &str) -> Outcome {
    drill.judge(draw, typed).unwrap().outcome
}

#[test]
fn an_answer_at_the_stated_precision_is_right_and_more_precise_ones_within_the_tolerance() {
    let nps = shipped("nps-from-counts");
    let draw = nps
        .solve(&[
            ("promoters", 60.0),
            ("passives", 25.0),
            ("detractors", 15.0),
        ])
        .unwrap();
    assert!(draw.prompt.ends_with("Give the score to one decimal."));
    for right in ["45", "+45", "45%", "45.0", "45.00", " 45.0 ", "45.04"] {
        assert_eq!(outcome(&nps, &draw, right), Outcome::Right, "{right}");
    }
    for wrong in ["44.7", "-45", "4.5"] {
        assert_eq!(outcome(&nps, &draw, wrong), Outcome::Wrong, "{wrong}");
    }
    assert!(nps.judge(&draw, "forty-five").is_err());

    let money = shipped("customer-equity");
    let draw = money
        .solve(&[
            ("regulars", 200.0),
            ("clv_regular", 150.0),
            ("loyal", 50.0),
            ("clv_loyal", 900.0),
        ])
        .unwrap();
    for right in ["75000", "75,000", "$75,000.00", "75 000", "$75000"] {
        assert!(money.judge(&draw, right).unwrap().right(), "{right}");
    }
    assert!(!money.judge(&draw, "75,010").unwrap().right());

    // The one % rule: "x%" is x per hundred; 150% of 1 is 1.5.
    let ratio = shipped("value-ratio");
    let draw = ratio.solve(&[("price", 400.0), ("ratio", 1.5)]).unwrap();
    assert!(ratio.judge(&draw, "150%").unwrap().right());
    assert!(ratio.judge(&draw, "1.5").unwrap().right());
    assert!(!ratio.judge(&draw, "1.62").unwrap().right());
}

/// A drill asking for a percentage to one decimal: CSAT, 192 of 322.
fn csat() -> (Drill, Draw) {
    let drill = drill(
        r#"prompts: ["{happy} of {asked} customers were satisfied. What is the CSAT score?"],
           variables: [Range(name: "happy", min: 100, max: 200), Range(name: "asked", min: 300, max: 400)],
           answer: Number(formula: "happy / asked * 100", unit: Percent, decimals: 1, tolerance: Absolute(0.05)),
           mistakes: [Mistake(formula: "asked / happy * 100", feedback: "You divided the other way round: satisfied ÷ asked.")]"#,
    )
    .unwrap();
    let draw = drill.solve(&[("happy", 192.0), ("asked", 322.0)]).unwrap();
    (drill, draw)
}

#[test]
fn the_prompt_states_the_precision_it_expects() {
    let (_, draw) = csat();
    assert!(
        draw.prompt
            .ends_with("What is the CSAT score? Give it as a percentage, to one decimal."),
        "{}",
        draw.prompt
    );
    let said = drill(
        r#"prompts: ["What is {a} ÷ 3, rounded to the nearest whole number?"],
           variables: [Range(name: "a", min: 1, max: 9)],
           answer: Number(formula: "a / 3", decimals: 0)"#,
    )
    .unwrap();
    let draw = said.solve(&[("a", 4.0)]).unwrap();
    assert_eq!(
        draw.prompt, "What is 4 ÷ 3, rounded to the nearest whole number?",
        "an author who says it is not repeated"
    );
    assert_eq!(
        precision(&Unit::Money("$".into()), 2),
        "Give it in dollars, to the cent."
    );
    assert_eq!(
        precision(&Unit::Money("$".into()), 0),
        "Give it in dollars, to the nearest dollar."
    );
    assert_eq!(precision(&Unit::Plain, 0), "Give it as a whole number.");
    assert_eq!(precision(&Unit::Score, 1), "Give the score to one decimal.");
}

#[test]
fn an_answer_right_but_for_rounding_is_close_and_says_what_differs() {
    let (drill, draw) = csat(); // 59.627…%
    let verdict = |typed| drill.judge(&draw, typed).unwrap();
    assert_eq!(verdict("59.6%").outcome, Outcome::Right);
    assert_eq!(
        verdict("59.63").outcome,
        Outcome::Right,
        "more precise, within 0.05"
    );
    let rounded = verdict("60%");
    assert_eq!(rounded.outcome, Outcome::Close);
    assert_eq!(
        rounded.note.as_deref(),
        Some("Right but for rounding: the question asks for one decimal, which is 59.6%.")
    );
    // 199 of 311 is 63.987…%: cut off, 63.9; rounded, 64.0.
    let other = drill.solve(&[("happy", 199.0), ("asked", 311.0)]).unwrap();
    let cut = drill.judge(&other, "63.9").unwrap();
    assert_eq!(cut.outcome, Outcome::Close, "cut off, not rounded");
    assert_eq!(
        cut.note.as_deref(),
        Some("Cut off rather than rounded: rounded to one decimal, it is 64.0%.")
    );
    assert_eq!(drill.judge(&other, "64").unwrap().outcome, Outcome::Right);
    assert_eq!(
        verdict("59.7").outcome,
        Outcome::Wrong,
        "past the tolerance"
    );
    assert_eq!(verdict("58.9").outcome, Outcome::Wrong);
    // NPS allows 0.2 for shares rounded on the way: 10, 5, 7 of 22 is
    // 13.636…; from rounded shares, 45.5 − 31.8 = 13.7.
    let nps = shipped("nps-from-counts");
    let draw = nps
        .solve(&[("promoters", 10.0), ("passives", 5.0), ("detractors", 7.0)])
        .unwrap();
    let late = nps.judge(&draw, "13.7").unwrap();
    assert_eq!(late.outcome, Outcome::Close, "the last figure off by one");
    assert!(
        late.note
            .unwrap()
            .starts_with("Nearly: the last figure is off")
    );
}

#[test]
fn a_fraction_for_a_percentage_or_the_reverse_is_close() {
    let (drill, draw) = csat();
    let fraction = drill.judge(&draw, "0.596").unwrap();
    assert_eq!(fraction.outcome, Outcome::Close);
    assert_eq!(
        fraction.note.as_deref(),
        Some("0.596 is the answer as a fraction; as a percentage it is 59.6%.")
    );
    let ratio = shipped("value-ratio");
    let draw = ratio.solve(&[("price", 400.0), ("ratio", 1.5)]).unwrap();
    let percent = ratio.judge(&draw, "150").unwrap();
    assert_eq!(percent.outcome, Outcome::Close);
    assert!(
        percent
            .note
            .unwrap()
            .starts_with("150 is the answer as a percentage")
    );
}

#[test]
fn a_listed_mistake_is_wrong_and_says_why() {
    let (drill, draw) = csat();
    let mistaken = drill.judge(&draw, "167.7").unwrap();
    assert_eq!(mistaken.outcome, Outcome::Wrong);
    assert_eq!(mistaken.mistake, Some(0));
    assert_eq!(
        mistaken.note.as_deref(),
        Some("You divided the other way round: satisfied ÷ asked.")
    );
    assert_eq!(
        drill.judge(&draw, "12").unwrap().note,
        None,
        "not every wrong answer is a listed mistake"
    );
}

#[test]
fn check_rejects_a_mistake_that_is_often_the_right_answer() {
    let errors = drill(
        r#"prompts: ["{a} × {b}?"],
           variables: [Range(name: "a", min: 1, max: 3), Range(name: "b", min: 1, max: 3)],
           answer: Number(formula: "a * b", decimals: 0),
           mistakes: [Mistake(formula: "a + b", feedback: "That is the sum.")]"#,
    )
    .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains("this mistake gives the right answer in")
            && errors[0].contains("of 1000 draws"),
        "{errors:?}"
    );
}

#[test]
fn a_value_a_constraint_rules_out_is_drawn_again_not_an_error() {
    let drill = drill(
        r#"prompts: ["10 ÷ {a}?"],
           variables: [Range(name: "a", min: 0, max: 3)],
           derived: [("b", "10 / a")],
           constraints: ["a != 0"],
           answer: Number(formula: "b", decimals: 2)"#,
    )
    .expect("the division by zero is ruled out");
    for seed in 0..100 {
        assert!(drill.draw(seed).is_ok());
    }
}

#[test]
fn hints_are_drawn_with_the_numbers() {
    let drill = drill(
        r#"prompts: ["{benefit} of benefits for {cost} of costs: the value?"],
           variables: [Range(name: "benefit", min: 100, max: 200), Range(name: "cost", min: 10, max: 90)],
           answer: Number(formula: "benefit - cost", decimals: 0),
           hints: ["Value is what the customer gets minus what it costs them.", "Take {cost} from {benefit}."]"#,
    )
    .unwrap();
    let draw = drill.solve(&[("benefit", 150.0), ("cost", 40.0)]).unwrap();
    assert_eq!(
        draw.hints,
        [
            "Value is what the customer gets minus what it costs them.",
            "Take 40 from 150."
        ]
    );
}

#[test]
fn check_finds_constraints_that_never_hold() {
    let errors = drill(
        r#"prompts: ["{a}"],
           variables: [Range(name: "a", min: 0, max: 10)],
           constraints: ["a > 20"],
           answer: Number(formula: "a")"#,
    )
    .unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("the constraints never hold"),
        "{errors:?}"
    );
}

#[test]
fn check_finds_constraints_that_rarely_hold() {
    let errors = drill(
        r#"prompts: ["{a}"],
           variables: [Range(name: "a", min: 0, max: 10000), Range(name: "b", min: 0, max: 10000)],
           constraints: ["a == b"],
           answer: Number(formula: "a")"#,
    )
    .unwrap_err();
    assert!(
        errors[0].contains("the constraints hold too rarely"),
        "{errors:?}"
    );
}

#[test]
fn check_finds_divisions_by_zero_in_some_draw_and_names_the_numbers() {
    let errors = drill(
        r#"prompts: ["{a}"],
           variables: [Range(name: "a", min: 0, max: 3)],
           answer: Number(formula: "10 / a")"#,
    )
    .unwrap_err();
    assert!(
        errors[0].contains("\"10 / a\" gives an infinite number"),
        "{errors:?}"
    );
    assert!(errors[0].contains("when a = 0"), "{errors:?}");
}

#[test]
fn check_finds_a_pick_formula_outside_the_options() {
    let errors = drill(
        r#"prompts: ["{a}"],
           variables: [Range(name: "a", min: 0, max: 3)],
           answer: Pick(options: ["x", "y"], formula: "a")"#,
    )
    .unwrap_err();
    assert!(
        errors[0].contains("not the number of an option"),
        "{errors:?}"
    );
}

/// Arithmetic as printed in a worked solution: numbers (with `$`, `,`,
/// `%`, a sign), `+ − × ÷`, brackets. Anything else ends an expression.
#[derive(Clone, Debug, PartialEq)]
enum Token {
    Number {
        value: f64,
        decimals: usize,
        percent: bool,
    },
    Op(char),
    Open,
    Close,
    Other,
}

fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts_number = |j: usize| {
            chars.get(j).is_some_and(|c| c.is_ascii_digit())
                || (chars.get(j) == Some(&'$')
                    && chars.get(j + 1).is_some_and(|c| c.is_ascii_digit()))
        };
        // A sign belongs to a number when it stands right before it and
        // no number precedes it (a result like +13.6 or -8.3).
        let signed = matches!(c, '+' | '-')
            && starts_number(i + 1)
            && !matches!(out.last(), Some(Token::Number { .. } | Token::Close));
        if c.is_ascii_digit() || c == '$' && starts_number(i) || signed {
            let negative = c == '-';
            if signed {
                i += 1;
            }
            if chars[i] == '$' {
                i += 1;
            }
            let mut digits = String::new();
            let mut decimals = None;
            while i < chars.len() {
                let c = chars[i];
                if c.is_ascii_digit() {
                    digits.push(c);
                    if let Some(d) = decimals.as_mut() {
                        *d += 1;
                    }
                } else if c == ','
                    && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())
                    && decimals.is_none()
                {
                } else if c == '.'
                    && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())
                    && decimals.is_none()
                {
                    digits.push('.');
                    decimals = Some(0);
                } else {
                    break;
                }
                i += 1;
            }
            let percent = chars.get(i) == Some(&'%');
            if percent {
                i += 1;
            }
            let value: f64 = digits.parse().unwrap();
            out.push(Token::Number {
                value: if negative { -value } else { value },
                decimals: decimals.unwrap_or(0),
                percent,
            });
            continue;
        }
        out.push(match c {
            '+' | '−' | '×' | '÷' => Token::Op(c),
            '(' => Token::Open,
            ')' => Token::Close,
            ' ' => {
                i += 1;
                continue;
            }
            _ => Token::Other,
        });
        i += 1;
    }
    out
}

/// Evaluate tokens as arithmetic (× ÷ before + −); `None` if they are not
/// a whole expression with at least one operator.
fn evaluate(tokens: &[Token]) -> Option<f64> {
    fn expr(t: &[Token], at: &mut usize) -> Option<f64> {
        let mut value = term(t, at)?;
        while let Some(Token::Op(op @ ('+' | '−'))) = t.get(*at) {
            *at += 1;
            let right = term(t, at)?;
            value = if *op == '+' {
                value + right
            } else {
                value - right
            };
        }
        Some(value)
    }
    fn term(t: &[Token], at: &mut usize) -> Option<f64> {
        let mut value = atom(t, at)?;
        while let Some(Token::Op(op @ ('×' | '÷'))) = t.get(*at) {
            *at += 1;
            let right = atom(t, at)?;
            value = if *op == '×' {
                value * right
            } else {
                value / right
            };
        }
        Some(value)
    }
    fn atom(t: &[Token], at: &mut usize) -> Option<f64> {
        match t.get(*at)? {
            Token::Number { value, .. } => {
                *at += 1;
                Some(*value)
            }
            Token::Open => {
                *at += 1;
                let value = expr(t, at)?;
                (t.get(*at) == Some(&Token::Close)).then(|| *at += 1)?;
                Some(value)
            }
            _ => None,
        }
    }
    if !tokens.iter().any(|t| matches!(t, Token::Op(_))) {
        return None;
    }
    let mut at = 0;
    let value = expr(tokens, &mut at)?;
    (at == tokens.len()).then_some(value)
}

/// Every "expression = result" in a line, as printed, is checked: the
/// expression worked out from the printed numbers, rounded as the result
/// is printed, gives the result. Returns the wrong ones.
fn wrong_steps(line: &str) -> Vec<String> {
    let segments: Vec<&str> = line.split('=').collect();
    let mut wrong = Vec::new();
    for pair in segments.windows(2) {
        let left = tokens(pair[0]);
        // The longest tail of the left side that is a whole expression.
        let Some((value, tail)) = (0..left.len()).find_map(|start| {
            let tail = &left[start..];
            if tail.contains(&Token::Other) {
                return None;
            }
            evaluate(tail).map(|value| (value, tail))
        }) else {
            continue;
        };
        let Some(Token::Number {
            value: result,
            decimals,
            percent,
        }) = tokens(pair[1]).into_iter().next()
        else {
            continue;
        };
        let left_percent = tail
            .iter()
            .any(|t| matches!(t, Token::Number { percent: true, .. }));
        let agrees = |v: f64| (round_half_up(v, decimals) - result).abs() < 1e-9;
        if !(agrees(value) || (percent && !left_percent && agrees(value * 100.0))) {
            wrong.push(format!(
                "{} = {result} (works out to {value})",
                pair[0].trim()
            ));
        }
    }
    wrong
}

#[test]
fn the_solution_checker_catches_a_line_that_does_not_add_up() {
    assert!(wrong_steps("Respondents: 10 + 5 + 7 = 22.").is_empty());
    assert!(wrong_steps("NPS = (10 − 7) ÷ 22 × 100 = +13.6.").is_empty());
    assert!(wrong_steps("Promoters: 10 ÷ 22 = 45.5% of them").is_empty());
    assert!(wrong_steps("= $390 × 0.90 ÷ (1 + 0.10 − 0.90) = $1,755").is_empty());
    // The lines the drills used to print.
    assert_eq!(wrong_steps("CLV = $390 × 1.842 = $718.42").len(), 1);
    assert_eq!(wrong_steps("NPS = 45.5 − 31.8 = +13.6").len(), 1);
    assert_eq!(wrong_steps("NPS = 8.3 − 16.7 = -8.3").len(), 1);
}

#[test]
fn every_shipped_worked_solution_adds_up_as_printed_on_1000_draws() {
    for card in &calculations().cards {
        let CardKind::Drill(drill) = &card.kind else {
            continue;
        };
        for seed in 0..1000 {
            let draw = drill.draw(seed).unwrap();
            for line in draw.solution.iter().chain(
                &draw
                    .mistakes
                    .iter()
                    .map(|(_, f)| f.clone())
                    .collect::<Vec<_>>(),
            ) {
                let wrong = wrong_steps(line);
                assert!(
                    wrong.is_empty(),
                    "{} (seed {seed}): {line}\n{wrong:?}",
                    card.id
                );
            }
        }
    }
}

#[test]
fn shipped_drills_ask_for_a_stated_precision_and_name_their_usual_mistakes() {
    for card in &calculations().cards {
        let CardKind::Drill(drill) = &card.kind else {
            continue;
        };
        let draw = drill.draw(0).unwrap();
        if let DrillAnswer::Number { .. } = drill.answer {
            assert!(
                draw.prompt.contains("Give "),
                "{}: {}",
                card.id,
                draw.prompt
            );
        }
        assert!(
            !drill.mistakes.is_empty(),
            "{} lists no usual mistake",
            card.id
        );
        assert!(
            !draw.prompt.contains("÷ (1 + d") && !draw.prompt.contains("by the course's formula,"),
            "{}: the formula belongs in a hint, not the prompt",
            card.id
        );
    }
}

#[test]
fn a_drill_is_listed_by_its_first_prompt_with_the_numbers_left_out() {
    assert_eq!(
        shipped("customer-equity").outline(),
        "A company has … regular customers with a lifetime value of … each and … loyal customers worth … each. What is its customer equity?"
    );
    // Escaped braces are text, kept as the braces they stand for.
    let escaped = drill(
        r#"prompts: ["Set {{x}} to {a}."], variables: [Range(name: "a", min: 1, max: 3)], answer: Number(formula: "a", decimals: 0), solution: ["{a}"]"#,
    )
    .unwrap();
    assert_eq!(escaped.outline(), "Set {x} to ….");
}
