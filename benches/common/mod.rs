//! Shared by the benches: the generated corpus and criterion settings.
#![allow(dead_code)]

pub mod corpus;

use std::time::Duration;

use criterion::Criterion;

/// Seed of the bench corpus (the numbers the benches assert come from it).
pub const SEED: u64 = 7;
/// Bytes of brief text in the bench corpus.
pub const CORPUS_BYTES: usize = 6_000_000;

/// Criterion settings sized for a 2-core machine: few samples, a few seconds each.
pub fn criterion() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args()
}

/// The default gazetteer and the bench corpus made from it.
pub fn fixture() -> (
    actornet::gazetteer::Gazetteer,
    Vec<actornet::input::Document>,
    usize,
) {
    let g = actornet::gazetteer::GazetteerBuilder::new()
        .build()
        .expect("default gazetteer loads");
    let names = corpus::Names::from_gazetteer(&g);
    let briefs = corpus::briefs(&names, SEED, CORPUS_BYTES);
    let planted = briefs.iter().map(|b| b.planted).sum();
    let docs = briefs
        .into_iter()
        .map(|b| actornet::input::Document {
            id: b.id,
            title: Some(b.title),
            date: Some(b.date),
            url: None,
            text: b.text,
        })
        .collect();
    (g, docs, planted)
}

/// Total text bytes.
pub fn bytes(docs: &[actornet::input::Document]) -> u64 {
    docs.iter().map(|d| d.text.len() as u64).sum()
}
