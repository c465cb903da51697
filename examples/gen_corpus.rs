//! Writes a deterministic synthetic corpus of foreign-affairs briefs for benchmarks.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --mb 500 --seed 42 --out bench-data/corpus.jsonl
//! cargo run --release --example gen_corpus -- --mb 5 --txt-dir bench-data/txt
//! ```
//!
//! JSON Lines output has one `{"id","date","title","text"}` object per line. Names come from the
//! built-in gazetteer (unambiguous aliases, demonyms and capitals only); the templates are in
//! `benches/common/corpus.rs`. The same seed and gazetteer give the same bytes.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

#[path = "../benches/common/corpus.rs"]
mod corpus;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut mb: f64 = 10.0;
    let mut seed: u64 = 42;
    let mut out: Option<PathBuf> = None;
    let mut txt_dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--mb" => mb = val()?.parse()?,
            "--seed" => seed = val()?.parse()?,
            "--out" | "-o" => out = Some(val()?.into()),
            "--txt-dir" => txt_dir = Some(val()?.into()),
            "-h" | "--help" => {
                println!("gen_corpus [--mb N] [--seed S] [--out FILE.jsonl | --txt-dir DIR]  (default: JSONL to stdout)");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let started = Instant::now();
    let gazetteer = actornet::gazetteer::GazetteerBuilder::new().build()?;
    let names = corpus::Names::from_gazetteer(&gazetteer);
    let mut g = corpus::Generator::new(names, seed);
    let limit = (mb * 1e6) as u64;
    let (mut docs, mut bytes, mut text_bytes, mut planted) = (0u64, 0u64, 0u64, 0u64);
    if let Some(dir) = txt_dir {
        std::fs::create_dir_all(&dir)?;
        while bytes < limit {
            let b = g.brief();
            // a folder of plain text: the title as a headline line, then the body
            let body = format!("{}\n\n{}\n", b.title, b.text);
            let sub = dir.join(format!("{:04}", docs / 1000));
            if docs % 1000 == 0 {
                std::fs::create_dir_all(&sub)?;
            }
            std::fs::write(sub.join(format!("{}.txt", b.id)), &body)?;
            docs += 1;
            bytes += body.len() as u64;
            text_bytes += b.text.len() as u64;
            planted += b.planted as u64;
        }
    } else {
        let sink: Box<dyn Write> = match &out {
            Some(p) => {
                if let Some(parent) = p.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                Box::new(std::fs::File::create(p)?)
            }
            None => Box::new(std::io::stdout().lock()),
        };
        let mut w = std::io::BufWriter::with_capacity(1 << 20, sink);
        let mut line = Vec::with_capacity(16 << 10);
        while bytes < limit {
            let b = g.brief();
            line.clear();
            serde_json::to_writer(&mut line, &b)?;
            line.push(b'\n');
            w.write_all(&line)?;
            docs += 1;
            bytes += line.len() as u64;
            text_bytes += b.text.len() as u64;
            planted += b.planted as u64;
        }
        w.flush()?;
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "gen_corpus: {docs} briefs, {:.1} MB written ({:.1} MB of text, {:.0} bytes per brief), {planted} names planted, seed {seed}, {:.2}s ({:.0} MB/s)",
        bytes as f64 / 1e6,
        text_bytes as f64 / 1e6,
        text_bytes as f64 / docs.max(1) as f64,
        secs,
        bytes as f64 / 1e6 / secs
    );
    Ok(())
}
