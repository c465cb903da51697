//! Where one core's time goes, stage by stage, in CPU seconds rather than instructions: the
//! corpus is decoded into memory once, then read again in passes that each add one stage of
//! `actornet extract -f csv` to the one before, so the difference between two passes is what
//! that stage costs in time. Used by `scripts/bench.sh`; the instruction profile in
//! BENCHMARKS.md counts the same stages in instructions, which hide the cache misses and
//! mispredicted branches that make the rules slower per instruction than the automaton.
//!
//! ```text
//! cargo run --release --example stages -- --mb 20 bench-data/real-50mb-seed42.jsonl
//! ```
//!
//! The passes, each on one thread:
//! - `scan`: the bare scan (`examples/scan.rs --mode ac`): each document folded, one
//!   Aho–Corasick automaton over every folded alias, overlapping matches counted;
//! - `sentences`: each document split into sentences and folded once (the extractor's layer);
//! - `match`: `sentences`, then the library matcher over each sentence (word boundaries, case
//!   rules, leftmost-longest selection);
//! - `extract`: `Extractor::extract` (matching, resolution, people, titles, roles, frames);
//! - `graph`: `extract`, then each extraction added to a graph builder;
//! - `rows`: `graph`, then the rows of `mentions.csv` and `evidence.csv` rendered (Excel
//!   dialect, as the command line writes them by default).
//!
//! Inputs are what `actornet extract` reads (files or folders), read by the library as it
//! reads them; `--mb N` keeps only the first N MB of text (the rest is still decoded, and timed
//! as `decode`). Each pass runs once per round (three by default, `--rounds N`), and its time is
//! its median over the rounds, since the speed of a shared machine drifts. It checks its
//! answers: `extract`, `graph` and `rows` find the same mentions, every round the same, the
//! graph counts every mention and the rendered `mentions.csv` has one line per mention. Prints
//! one `key=value` line per pass: `cpu_secs`, `mbps` (MB of text per CPU-second) and `of_scan`
//! (the scan's CPU time over the pass's: the share of the scan's speed the pass keeps).

use std::sync::Arc;

use actornet::date::Date;
use actornet::export::csv::{render_evidence, render_mentions, Dialect};
use actornet::extract::Extractor;
use actornet::gazetteer::{GazetteerBuilder, Matcher};
use actornet::graph::{GraphBuilder, Window};
use actornet::input::{self, Document, InputOptions};
use actornet::text::{sentences, Folded, FoldedText};
use aho_corasick::{AhoCorasick, MatchKind};

/// CPU time of this thread in seconds (Linux: `/proc/thread-self/schedstat`; wall time
/// elsewhere), so that other work on a shared machine does not count.
fn cpu_secs(wall: std::time::Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or_else(|| wall.elapsed().as_secs_f64(), |ns| ns as f64 / 1e9)
}

/// Runs `pass` once and returns (its CPU seconds, its answer).
fn timed<T>(pass: impl FnOnce() -> T) -> (f64, T) {
    let wall = std::time::Instant::now();
    let before = cpu_secs(wall);
    let answer = pass();
    (cpu_secs(wall) - before, answer)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut rounds = 3usize;
    let mut limit_mb: Option<f64> = None;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--rounds" => rounds = args.next().ok_or("--rounds needs a number")?.parse()?,
            "--mb" => limit_mb = Some(args.next().ok_or("--mb needs a number")?.parse::<f64>()?),
            "-h" | "--help" => {
                println!("stages [--rounds N] [--mb N] INPUT...");
                return Ok(());
            }
            _ => files.push(a),
        }
    }
    if files.is_empty() || rounds == 0 {
        return Err("stages [--rounds N] [--mb N] INPUT...: no input, or no round".into());
    }
    let limit = limit_mb.map_or(usize::MAX, |m| (m * 1e6) as usize);
    // the documents the command line would read (ids, titles, dates; any input format it
    // reads), the first `limit` bytes of text of them kept
    let paths: Vec<std::path::PathBuf> = files.iter().map(Into::into).collect();
    let (decode_secs, docs) = timed(|| -> actornet::Result<Vec<Document>> {
        let mut docs = Vec::new();
        let mut bytes = 0usize;
        for source in input::sources(&paths)? {
            input::read_each(&source, &InputOptions::default(), &mut |d| {
                if bytes < limit {
                    bytes += d.text.len();
                    docs.push(d);
                }
                Ok(())
            })?;
        }
        Ok(docs)
    });
    let docs = docs?;
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let gazetteer = Arc::new(GazetteerBuilder::new().build()?);
    let extractor = Extractor::new(gazetteer.clone());
    let matcher = Matcher::new(&gazetteer);
    let patterns = gazetteer.folded_aliases();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&patterns)?;
    let date = Date::today();

    let scan_pass = || {
        let mut folded = Folded::default();
        let mut n = 0usize;
        for d in &docs {
            folded.fold_into(&d.text);
            n += ac.find_overlapping_iter(folded.text.as_str()).count();
        }
        n
    };
    let sentences_pass = || {
        let mut n = 0usize;
        for d in &docs {
            let spans = sentences(&d.text);
            let doc = FoldedText::new(&d.text, spans.iter().map(|s| (s.start, s.end)));
            for i in 0..spans.len() {
                n += doc.piece(&d.text, i).folded.len();
            }
        }
        n
    };
    let match_pass = || {
        let mut n = 0usize;
        let mut hits = Vec::new();
        for d in &docs {
            let spans = sentences(&d.text);
            let doc = FoldedText::new(&d.text, spans.iter().map(|s| (s.start, s.end)));
            for i in 0..spans.len() {
                matcher.find(&doc.piece(&d.text, i), &mut hits);
                n += hits.len();
            }
        }
        n
    };
    let extract_pass = || {
        docs.iter()
            .map(|d| extractor.extract(d).mentions.len())
            .sum::<usize>()
    };
    let graph_pass = || {
        let mut g = GraphBuilder::new(Window::Sentence);
        let mut n = 0usize;
        for d in &docs {
            let ex = extractor.extract(d);
            n += ex.mentions.len();
            g.add(&extractor, &ex, &d.text);
        }
        (n, g.mentions())
    };
    let rows_pass = || {
        let mut g = GraphBuilder::new(Window::Sentence);
        let (mut n, mut lines, mut evidence) = (0usize, 0usize, 0usize);
        for d in &docs {
            let ex = extractor.extract(d);
            n += ex.mentions.len();
            g.add(&extractor, &ex, &d.text);
            let m = render_mentions(&extractor, &ex, &d.text, Dialect::Excel, date);
            lines += m.iter().filter(|&&b| b == b'\n').count();
            evidence += render_evidence(&extractor, &ex, &d.text, Dialect::Excel).len();
        }
        (n, lines, evidence)
    };
    // the machine's speed drifts: every round runs every pass once, in order, and each pass's
    // time is its median over the rounds
    let mut secs = vec![Vec::new(); 6];
    let mut answers = None;
    for _ in 0..rounds {
        let (a, matches) = timed(scan_pass);
        let (b, pieces) = timed(sentences_pass);
        let (c, hits) = timed(match_pass);
        let (d, mentions) = timed(extract_pass);
        let (e, graphed) = timed(graph_pass);
        let (f, rows) = timed(rows_pass);
        for (v, t) in secs.iter_mut().zip([a, b, c, d, e, f]) {
            v.push(t);
        }
        let round = (matches, pieces, hits, mentions, graphed, rows);
        assert!(
            answers.is_none_or(|a| a == round),
            "every round gives the same answers"
        );
        answers = Some(round);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let [scan, split, matched, extracted, graphed, rendered] =
        std::array::from_fn(|i| median(&mut secs[i]));
    let (
        matches,
        pieces,
        hits,
        mentions,
        (graph_mentions, counted),
        (row_mentions, lines, evidence_bytes),
    ) = answers.expect("at least one round");
    // the answers: every pass that extracts finds the same mentions, every one is counted by
    // the graph and has its line in mentions.csv (a sentence holds no line break, nor does any
    // other field of the default gazetteer)
    assert_eq!(graph_mentions, mentions, "graph pass: mentions");
    assert_eq!(row_mentions, mentions, "rows pass: mentions");
    assert_eq!(counted, mentions as u64, "the graph counts every mention");
    assert_eq!(lines, mentions, "one mentions.csv line per mention");
    assert!(
        matches >= hits,
        "the bare scan finds every name the matcher keeps"
    );
    assert!(pieces > 0 && mentions > 0, "the corpus holds names");

    let mb = bytes as f64 / 1e6;
    println!(
        "stage=decode docs={} bytes={bytes} cpu_secs={decode_secs:.3}",
        docs.len()
    );
    for (name, secs, answer) in [
        ("scan", scan, format!("matches={matches}")),
        ("sentences", split, format!("folded_bytes={pieces}")),
        ("match", matched, format!("hits={hits}")),
        ("extract", extracted, format!("mentions={mentions}")),
        ("graph", graphed, format!("mentions={graph_mentions}")),
        (
            "rows",
            rendered,
            format!("mention_rows={lines} evidence_bytes={evidence_bytes}"),
        ),
    ] {
        println!(
            "stage={name} {answer} cpu_secs={secs:.3} mbps={:.1} of_scan={:.3}",
            mb / secs,
            scan / secs
        );
    }
    Ok(())
}
