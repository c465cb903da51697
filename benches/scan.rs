//! (b) Matching alone over a generated corpus (~6 MB of briefs): the library's `Matcher::find`
//! per sentence, and the bare Aho–Corasick automaton over the folded text (the ceiling).

mod common;

use actornet::gazetteer::Matcher;
use actornet::text::{sentences, Folded, FoldedText};
use aho_corasick::{AhoCorasick, MatchKind};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn bench(c: &mut Criterion) {
    let (g, docs, planted) = common::fixture();
    let matcher = Matcher::new(&g);
    let find_all = || {
        let mut hits = Vec::new();
        let mut n = 0usize;
        for d in &docs {
            // as the extractor does: the document folded once, matched sentence by sentence
            let spans = sentences(&d.text);
            let folded = FoldedText::new(&d.text, spans.iter().map(|s| (s.start, s.end)));
            for i in 0..spans.len() {
                matcher.find(&folded.piece(&d.text, i), &mut hits);
                n += hits.len();
            }
        }
        n
    };
    // expected answer: every name the generator planted is found once (a few extra hits come
    // from names inside other names); the count is fixed before timing and checked every time
    let expected = find_all();
    assert!(
        expected >= planted * 99 / 100 && expected <= planted * 102 / 100,
        "matcher found {expected} names, the generator planted {planted}"
    );

    let patterns = g.folded_aliases();
    assert_eq!(
        patterns.len(),
        matcher.pattern_count(),
        "same folded patterns as the matcher"
    );
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&patterns)
        .expect("automaton");
    let raw_all = || {
        let mut folded = Folded::default();
        let mut n = 0usize;
        for d in &docs {
            folded.fold_into(&d.text);
            n += ac.find_overlapping_iter(folded.text.as_str()).count();
        }
        n
    };
    let raw_expected = raw_all();
    assert!(
        raw_expected >= expected,
        "raw candidates {raw_expected} < valid hits {expected}"
    );

    let mut group = c.benchmark_group("scan");
    group.throughput(Throughput::Bytes(common::bytes(&docs)));
    group.bench_function("matcher_find_per_sentence", |b| {
        b.iter(|| assert_eq!(find_all(), expected))
    });
    group.bench_function("bare_aho_corasick_folded", |b| {
        b.iter(|| assert_eq!(raw_all(), raw_expected))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = bench
}
criterion_main!(benches);
