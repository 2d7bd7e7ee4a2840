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
        "A survey of 100 customers found 60 promoters, 25 passives and 15 detractors. What is the Net Promoter Score?"
    );
    assert_eq!(
        draw.solution.last().map(String::as_str),
        Some(
            "NPS = % promoters − % detractors = 60.0 − 15.0 = +45.0. Passives count in the total only."
        )
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
    let draw = shipped("value-ratio")
        .solve(&[("benefits", 600.0), ("price", 400.0)])
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
    assert_eq!(shown(&draw), "$266.67");
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
        .solve(&[("start", 1000.0), ("new", 150.0), ("lost", 100.0)])
        .unwrap();
    assert!(close(number(&draw), 90.0));
    assert_eq!(shown(&draw), "90.0%");
    assert!(draw.prompt.contains("ended with 1,050"), "{}", draw.prompt);
}

#[test]
fn churn_80_of_1000_is_8_percent() {
    let draw = shipped("churn-rate")
        .solve(&[("start", 1000.0), ("lost", 80.0)])
        .unwrap();
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
        .solve(&[("revenue", 5000.0), ("cost", 3200.0)])
        .unwrap();
    assert!(close(number(&draw), 1800.0));
    assert_eq!(shown(&draw), "$1,800");
}

#[test]
fn good_customers_buy_n_times_more() {
    let times = shipped("good-customers-times")
        .solve(&[("marginal", 150.0), ("times", 10.0)])
        .unwrap();
    assert!(close(number(&times), 10.0));
    assert_eq!(shown(&times), "10.0 times");
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
        assert_eq!(draw.prompt, format!("{r:.2}"));
    }
}

#[test]
fn judging_reads_every_form_and_applies_the_tolerance() {
    let nps = shipped("nps-from-counts");
    let draw = nps
        .solve(&[
            ("promoters", 60.0),
            ("passives", 25.0),
            ("detractors", 15.0),
        ])
        .unwrap();
    for right in ["45", "+45", "45%", "45.1", "44.8", " 45.0 "] {
        assert!(nps.judge(&draw, right).unwrap().right, "{right}");
    }
    for wrong in ["44.7", "-45", "0.45"] {
        assert!(!nps.judge(&draw, wrong).unwrap().right, "{wrong}");
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
        assert!(money.judge(&draw, right).unwrap().right, "{right}");
    }
    assert!(!money.judge(&draw, "75,001").unwrap().right);

    // A plain number typed with % is read as a fraction: 150% of 1 is 1.5.
    let ratio = shipped("value-ratio");
    let draw = ratio
        .solve(&[("benefits", 600.0), ("price", 400.0)])
        .unwrap();
    assert!(ratio.judge(&draw, "150%").unwrap().right);
    assert!(ratio.judge(&draw, "1.5").unwrap().right);
    assert!(!ratio.judge(&draw, "1.52").unwrap().right);

    // Relative tolerance: 0.5% of $266.67 is about $1.33.
    let clv = shipped("clv-retention");
    let draw = clv
        .solve(&[("margin", 100.0), ("retention", 0.8), ("rate", 0.1)])
        .unwrap();
    assert!(clv.judge(&draw, "$267").unwrap().right);
    assert!(clv.judge(&draw, "265.5").unwrap().right);
    assert!(!clv.judge(&draw, "265").unwrap().right);
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
        errors[0].contains("\"10 / a\" is not a finite number"),
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
