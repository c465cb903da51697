//! The ceiling for `actornet extract`: a bare scan of the same aliases over a corpus, with no
//! resolution, graph or output. Used by `scripts/bench.sh`.
//!
//! ```text
//! cargo run --release --example scan -- --mode ac bench-data/corpus.jsonl
//! cargo run --release --example scan -- --mode matcher bench-data/corpus.jsonl
//! ```
//!
//! Modes:
//! - `ac` (default): one Aho–Corasick automaton over every folded name form of the default
//!   gazetteer, built as the library's matcher builds it (`MatchKind::Standard`, automaton kind
//!   chosen by aho-corasick), run with `find_overlapping_iter` over each folded document (library
//!   fold). No word boundaries, no case rules: the raw matching cost.
//! - `matcher`: the library's `Matcher::find` over every sentence (segmentation, folding, word
//!   boundaries, case rules, leftmost-longest selection), without resolution.
//!
//! Inputs: `.jsonl` files (the `text` field of each line) or plain text files (one document
//! each). Prints one `key=value` line; `scan_mbps` counts only the time spent matching (the JSON
//! decoding is timed apart as `read_secs`).

use std::io::BufRead;
use std::time::{Duration, Instant};

use actornet::gazetteer::{GazetteerBuilder, Matcher};
use actornet::text::{sentences, Folded, FoldedText};
use aho_corasick::{AhoCorasick, MatchKind};

#[derive(serde::Deserialize)]
struct Line {
    text: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut mode = "ac".to_string();
    let mut limit_mb: Option<f64> = None;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--mode" => mode = args.next().ok_or("--mode needs ac or matcher")?,
            "--mb" => limit_mb = Some(args.next().ok_or("--mb needs a number")?.parse()?),
            "-h" | "--help" => {
                println!("scan [--mode ac|matcher] [--mb N] FILE...");
                return Ok(());
            }
            _ => files.push(a),
        }
    }
    let started = Instant::now();
    let gazetteer = GazetteerBuilder::new().build()?;
    let build_started = Instant::now();
    let patterns = gazetteer.folded_aliases();
    let (ac, matcher) = match mode.as_str() {
        "ac" => (
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&patterns)?,
            ),
            None,
        ),
        "matcher" => (None, Some(Matcher::new(&gazetteer))),
        other => return Err(format!("unknown mode {other} (ac or matcher)").into()),
    };
    let build = build_started.elapsed();
    let limit = limit_mb.map_or(u64::MAX, |m| (m * 1e6) as u64);
    // CPU time of this thread (Linux: /proc/thread-self/schedstat, ns), to correct the timings
    // for other work on a shared machine
    let cpu_ns = || -> Option<u64> {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()?
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    };
    let loop_started = Instant::now();
    let loop_cpu0 = cpu_ns();
    let (mut docs, mut bytes, mut matches) = (0u64, 0u64, 0u64);
    let mut scan = Duration::ZERO;
    let mut folded = Folded::default();
    let mut hits = Vec::new();
    let mut each = |text: &str| {
        let t = Instant::now();
        if let Some(ac) = &ac {
            folded.fold_into(text);
            matches += ac.find_overlapping_iter(folded.text.as_str()).count() as u64;
        } else if let Some(m) = &matcher {
            // as the extractor does: the document folded once, matched sentence by sentence
            let spans = sentences(text);
            let doc = FoldedText::new(text, spans.iter().map(|s| (s.start, s.end)));
            for i in 0..spans.len() {
                m.find(&doc.piece(text, i), &mut hits);
                matches += hits.len() as u64;
            }
        }
        scan += t.elapsed();
        docs += 1;
        text.len() as u64
    };
    'files: for f in &files {
        if f.ends_with(".jsonl") || f.ends_with(".ndjson") {
            let r = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(f)?);
            for line in r.lines() {
                let line = line?;
                if line.trim().is_empty() {
                    continue;
                }
                let l: Line = serde_json::from_str(&line)?;
                bytes += each(&l.text);
                if bytes >= limit {
                    break 'files;
                }
            }
        } else {
            bytes += each(&std::fs::read_to_string(f)?);
            if bytes >= limit {
                break;
            }
        }
    }
    let loop_wall = loop_started.elapsed().as_secs_f64();
    // share of the loop's wall time this thread was on a CPU; the matching is assumed to have
    // been slowed like the rest of the loop
    let on_cpu = match (loop_cpu0, cpu_ns()) {
        (Some(a), Some(b)) if loop_wall > 0.0 => ((b - a) as f64 / 1e9 / loop_wall).min(1.0),
        _ => 1.0,
    };
    let wall = started.elapsed().as_secs_f64();
    let s = scan.as_secs_f64();
    println!(
        "mode={mode} patterns={} build_secs={:.3} docs={docs} bytes={bytes} matches={matches} scan_secs={s:.3} read_secs={:.3} wall_secs={wall:.3} scan_mbps={:.1} wall_mbps={:.1} docs_per_sec={:.0} on_cpu={on_cpu:.3} scan_cpu_mbps={:.1}",
        if matcher.is_some() { matcher.as_ref().map_or(0, Matcher::pattern_count) } else { patterns.len() },
        build.as_secs_f64(),
        wall - s - build.as_secs_f64(),
        bytes as f64 / 1e6 / s,
        bytes as f64 / 1e6 / wall,
        docs as f64 / s,
        bytes as f64 / 1e6 / (s * on_cpu),
    );
    Ok(())
}
