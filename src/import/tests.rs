//! Importing what instructors already have.

use std::path::Path;

use super::*;

fn terms(read: &Read) -> Vec<(&str, &str)> {
    read.cards
        .iter()
        .filter_map(|(_, c)| match c {
            Imported::Term { term, definition } => Some((term.as_str(), definition.as_str())),
            Imported::List { .. } => None,
        })
        .collect()
}

#[test]
fn tsv_reads_a_card_a_line_and_reports_each_line_it_leaves_out() {
    let text = "Churn\tcustomers lost over a period\n\nNPS\tpromoters minus detractors\nno tab here\n\tan orphan definition\nCSAT\t\n";
    let read = super::read(text, Format::Tsv, &Separators::default()).unwrap();
    assert_eq!(
        terms(&read),
        [
            ("Churn", "Customers lost over a period"),
            ("NPS", "Promoters minus detractors")
        ]
    );
    let skipped: Vec<(usize, &str)> = read
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            (4, "no tab between a term and its definition"),
            (5, "no term before the separator"),
            (6, "\"CSAT\" has no definition"),
        ]
    );
}

#[test]
fn csv_takes_quoted_fields_with_commas_and_line_breaks_and_skips_a_header() {
    let text = "term,definition\n\"Value, perceived\",\"benefit minus cost,\nas the customer sees it\"\nRetention,the share kept, over a year\nlonely\n";
    let read = super::read(text, Format::Csv, &Separators::default()).unwrap();
    assert_eq!(
        terms(&read),
        [
            (
                "Value, perceived",
                "Benefit minus cost, as the customer sees it"
            ),
            ("Retention", "The share kept, over a year"),
        ]
    );
    assert_eq!(read.skipped.len(), 1);
    assert_eq!(read.skipped[0].line, 5);
}

#[test]
fn a_quiz_site_export_reads_with_its_separators_or_as_paragraphs_in_turn() {
    // Its own separators: " :: " between term and definition, ";;" between cards.
    let separated =
        "Loyalty :: staying with a brand;;Touch point :: where customer and firm meet;;";
    let read = super::read(
        separated,
        Format::Quizlet,
        &Separators {
            term: " :: ".into(),
            card: ";;".into(),
        },
    )
    .unwrap();
    assert_eq!(
        terms(&read),
        [
            ("Loyalty", "Staying with a brand"),
            ("Touch point", "Where customer and firm meet")
        ]
    );
    // A page copied from a quiz site: term and definition paragraphs in turn.
    let page = "0 to 6\n\nDetractors\n\nCustomer equity\n\n- the summed lifetime values of all\ncustomers of a firm\n\nDangling term\n";
    let read = super::read(page, Format::Quizlet, &Separators::default()).unwrap();
    assert_eq!(
        terms(&read),
        [
            ("0 to 6", "Detractors"),
            (
                "Customer equity",
                "The summed lifetime values of all customers of a firm"
            ),
        ]
    );
    assert_eq!(read.skipped[0].line, 10);
}

#[test]
fn question_and_dash_notes_become_terms_and_lists() {
    let notes = "What do we call keeping customers?\n-retention\nName the four Cs of the culture.\n-coordination\n-cooperation\n-capability\n= skills where they are needed\n-connection\n-\nquiz on touch points\nany contact with the firm\nA question nobody answered\n";
    let read = super::read(notes, Format::Qa, &Separators::default()).unwrap();
    assert_eq!(read.cards.len(), 3);
    assert_eq!(
        read.cards[0],
        (
            1,
            Imported::Term {
                term: "What do we call keeping customers?".into(),
                definition: "Retention".into()
            }
        )
    );
    assert_eq!(
        read.cards[1].1,
        Imported::List {
            prompt: "Name the four Cs of the culture.".into(),
            items: vec![
                "Coordination".into(),
                "Cooperation".into(),
                "Capability; skills where they are needed".into(),
                "Connection".into()
            ]
        }
    );
    assert_eq!(
        read.cards[2].1,
        Imported::Term {
            term: "quiz on touch points".into(),
            definition: "Any contact with the firm".into()
        },
        "a plain line after a question answers it"
    );
    let skipped: Vec<(usize, &str)> = read
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            (9, "an empty answer line"),
            (12, "\"A question nobody answered\" has no answer after it")
        ]
    );
}

#[test]
fn the_deck_written_passes_check_with_stable_readable_ids() {
    let text = "Net Promoter Score (NPS)\tpromoters minus detractors\nNet Promoter Score (NPS)\tthe same, asked again\nQuote \"this\"\ta back\\slash and a tab\there\nPrice 2\tone\nPrice\ttwo\nPrice\tthree\n";
    let read = super::read(text, Format::Tsv, &Separators::default()).unwrap();
    let ron = to_ron(&read, "imported", "Imported terms", "terms.tsv");
    assert_eq!(
        ron,
        to_ron(&read, "imported", "Imported terms", "terms.tsv"),
        "stable"
    );
    assert!(ron.contains("id: \"net-promoter-score-nps\""));
    assert!(ron.contains("id: \"net-promoter-score-nps-2\""));
    let deck = crate::deck::parse_deck(Path::new("imported.ron"), &ron).unwrap();
    assert_eq!(
        deck.cards.len(),
        6,
        "ids kept apart: price-2, price, price-3"
    );
    match &deck.cards[2].kind {
        crate::deck::CardKind::Term {
            term, definition, ..
        } => {
            assert_eq!(term, "Quote \"this\"");
            assert_eq!(definition, "A back\\slash and a tab here");
        }
        other => panic!("{other:?}"),
    }
}
