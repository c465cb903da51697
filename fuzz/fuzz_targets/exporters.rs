//! A small graph from fuzzed actor names and fuzzed text, written in every text format and read
//! back: GraphML and GEXF parse with quick-xml (well-formed, only XML 1.0 characters, node and
//! edge counts, GraphML labels unescape to the names), JSON parses, and `nodes.csv`, `edges.csv`
//! and a mentions table read back with the csv crate to the same rows and cells.
#![no_main]

use actornet::graph::Window;
use actornet_fuzz::{check_pipeline, gazetteer_csv};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
enum Piece {
    /// The name of actor `n`.
    Name(u8),
    /// The alias of actor `n`.
    Alias(u8),
    /// Any text.
    Raw(String),
}

#[derive(Debug, Arbitrary)]
struct Input {
    /// (name, alias, type, affiliation or country row)
    actors: Vec<(String, String, u8, Option<u8>)>,
    /// Documents as pieces, with an optional date.
    docs: Vec<(Vec<Piece>, Option<String>)>,
    window: u8,
}

fuzz_target!(|input: Input| {
    let actors: Vec<_> = input.actors.into_iter().take(8).collect();
    if actors.is_empty() {
        return;
    }
    let rows: Vec<_> = actors
        .iter()
        .map(|(name, alias, ty, link)| (name.clone(), alias.clone(), *ty as usize, link.map(usize::from)))
        .collect();
    let csv = gazetteer_csv(&rows);
    let docs: Vec<(String, Option<String>)> = input
        .docs
        .into_iter()
        .take(4)
        .map(|(pieces, date)| {
            let mut text = String::new();
            for p in pieces.into_iter().take(64) {
                match p {
                    Piece::Name(i) => text.push_str(&actors[i as usize % actors.len()].0),
                    Piece::Alias(i) => text.push_str(&actors[i as usize % actors.len()].1),
                    Piece::Raw(s) => text.push_str(&s),
                }
            }
            (text, date)
        })
        .collect();
    let window = [Window::Sentence, Window::Paragraph, Window::Document][input.window as usize % 3];
    check_pipeline(&csv, &docs, window);
});
