//! A printable study sheet of a deck or a folder (`cardwise export`):
//! deck by deck, its cards grouped by topic, each with its answer; a drill
//! with one worked example. HTML that prints on A4 and Letter alike, or
//! Markdown.

use crate::deck::{Card, CardKind, Deck, Library};
use crate::exam::esc;
use crate::key::Direction;

/// One card on the sheet: what is asked, its answer, and more lines.
struct Entry {
    ask: String,
    answer: String,
    more: Vec<String>,
}

fn entry(deck: &Deck, card: &Card) -> Entry {
    match &card.kind {
        CardKind::Term {
            term, definition, ..
        } => Entry {
            ask: term.clone(),
            answer: definition.clone(),
            more: Vec::new(),
        },
        CardKind::List {
            prompt,
            items,
            ordered,
        } => Entry {
            ask: prompt.clone(),
            answer: String::new(),
            more: items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    if *ordered {
                        format!("{}. {item}", i + 1)
                    } else {
                        format!("• {item}")
                    }
                })
                .collect(),
        },
        CardKind::Choice {
            question,
            options,
            answers,
            explanation,
            ..
        } => Entry {
            ask: question.clone(),
            answer: answers
                .iter()
                .filter_map(|&a| options.get(a).cloned())
                .collect::<Vec<_>>()
                .join("; "),
            more: explanation.iter().cloned().collect(),
        },
        CardKind::Drill(_) => {
            // One worked example: the first review's numbers.
            let shown = crate::preview::one(deck, card, Direction::Forward, 0, None);
            Entry {
                ask: format!("Example: {}", shown.prompt),
                answer: shown.answer,
                more: shown.solution,
            }
        }
    }
}

/// The decks' cards grouped by topic (the first tag's title), in the
/// order each topic first appears; untagged cards last, under "Other".
fn grouped<'d>(library: &Library, deck: &'d Deck) -> Vec<(String, Vec<&'d Card>)> {
    let mut groups: Vec<(String, Vec<&Card>)> = Vec::new();
    for card in &deck.cards {
        let name = card.tags.first().map_or_else(
            || "Other".to_string(),
            |tag| {
                library
                    .topics
                    .iter()
                    .find(|t| &t.name == tag)
                    .map_or(tag.clone(), |t| t.label().to_string())
            },
        );
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, cards)) => cards.push(card),
            None => groups.push((name, vec![card])),
        }
    }
    if let Some(at) = groups.iter().position(|(n, _)| n == "Other") {
        let other = groups.remove(at);
        groups.push(other);
    }
    groups
}

/// The sheet as Markdown.
pub fn markdown(library: &Library, title: &str) -> String {
    let mut out = format!("# {title}\n");
    for deck in &library.decks {
        out.push_str(&format!("\n## {}\n", deck.title));
        if !deck.description.is_empty() {
            out.push_str(&format!("\n{}\n", deck.description));
        }
        for (topic, cards) in grouped(library, deck) {
            out.push_str(&format!("\n### {topic}\n\n"));
            for card in cards {
                let e = entry(deck, card);
                if e.answer.is_empty() {
                    out.push_str(&format!("- **{}**\n", e.ask));
                } else {
                    out.push_str(&format!("- **{}** — {}\n", e.ask, e.answer));
                }
                for line in &e.more {
                    let line = line.strip_prefix("• ").unwrap_or(line);
                    out.push_str(&format!("  - {line}\n"));
                }
            }
        }
    }
    out
}

/// The sheet as one printable HTML page.
pub fn html(library: &Library, title: &str) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        esc(title),
        esc(title)
    );
    for deck in &library.decks {
        out.push_str(&format!(
            "<section class=\"deck\"><h2>{}</h2>\n",
            esc(&deck.title)
        ));
        if !deck.description.is_empty() {
            out.push_str(&format!(
                "<p class=\"about\">{}</p>\n",
                esc(&deck.description)
            ));
        }
        for (topic, cards) in grouped(library, deck) {
            out.push_str(&format!("<h3>{}</h3>\n<dl>\n", esc(&topic)));
            for card in cards {
                let e = entry(deck, card);
                out.push_str(&format!("<div class=\"card\"><dt>{}</dt>", esc(&e.ask)));
                if !e.answer.is_empty() {
                    out.push_str(&format!("<dd>{}</dd>", esc(&e.answer)));
                }
                for line in &e.more {
                    out.push_str(&format!("<dd class=\"more\">{}</dd>", esc(line)));
                }
                out.push_str("</div>\n");
            }
            out.push_str("</dl>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

const STYLE: &str = "@page { margin: 16mm 14mm; }
body { font-family: Georgia, 'Times New Roman', serif; font-size: 10.5pt; line-height: 1.35; color: #000; background: #fff; max-width: 182mm; margin: 0 auto; }
h1 { font-size: 18pt; margin: 0 0 3mm; }
h2 { font-size: 14pt; margin: 6mm 0 1mm; border-bottom: 0.3mm solid #000; }
h3 { font-size: 11.5pt; margin: 4mm 0 1mm; }
.about { color: #333; margin: 0 0 2mm; }
.deck { break-before: page; page-break-before: always; }
.deck:first-of-type { break-before: auto; page-break-before: auto; }
dl { margin: 0; }
.card { break-inside: avoid; page-break-inside: avoid; margin: 0 0 2mm; }
dt { font-weight: bold; }
dd { margin: 0 0 0 5mm; }
dd.more { color: #222; font-size: 10pt; }";

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Library {
        crate::deck::load_paths(&[std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("decks")])
    }

    #[test]
    fn the_sheet_groups_cards_by_topic_and_works_one_example_of_each_drill() {
        let library = shipped();
        let md = markdown(&library, "Customer centricity");
        for deck in &library.decks {
            assert!(md.contains(&format!("\n## {}\n", deck.title)));
        }
        assert!(
            md.contains("\n### Net Promoter Score\n"),
            "a topic by its title"
        );
        let drills = library
            .decks
            .iter()
            .flat_map(|d| &d.cards)
            .filter(|c| matches!(c.kind, CardKind::Drill(_)))
            .count();
        assert_eq!(
            md.matches("- **Example: ").count(),
            drills,
            "one example a drill"
        );
        assert!(!md.contains('{'), "numbers filled in");
        let page = html(&library, "Customer centricity");
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert_eq!(
            page.matches("<section class=\"deck\">").count(),
            library.decks.len()
        );
        assert!(page.contains("page-break-inside: avoid"));
    }
}
