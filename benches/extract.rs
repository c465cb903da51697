//! (c) End to end in the library: `Extractor::extract` over every brief of a generated corpus
//! (~6 MB), on one thread and on a rayon pool of every core.

mod common;

use std::sync::Arc;

use actornet::extract::Extractor;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rayon::prelude::*;

fn bench(c: &mut Criterion) {
    let (g, docs, planted) = common::fixture();
    let ex = Extractor::new(Arc::new(g));
    let count = |e: &actornet::extract::Extraction| e.mentions.len();
    let serial = || docs.iter().map(|d| count(&ex.extract(d))).sum::<usize>();
    // expected answer, fixed before timing: nearly every planted (unambiguous) name resolves
    let expected = serial();
    assert!(
        expected >= planted * 95 / 100 && expected <= planted * 105 / 100,
        "extractor resolved {expected} mentions, the generator planted {planted}"
    );
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool");
    let parallel = || {
        pool.install(|| {
            docs.par_iter()
                .map(|d| count(&ex.extract(d)))
                .sum::<usize>()
        })
    };
    assert_eq!(
        parallel(),
        expected,
        "parallel run finds what the serial run finds"
    );

    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(common::bytes(&docs)));
    group.bench_function("one_thread", |b| b.iter(|| assert_eq!(serial(), expected)));
    group.bench_function(format!("rayon_{threads}_threads"), |b| {
        b.iter(|| assert_eq!(parallel(), expected))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = bench
}
criterion_main!(benches);
