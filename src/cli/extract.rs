//! `actornet extract`: documents in, graph files out.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use clap::Args;

use super::GazetteerArgs;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::export::{self, csv::Dialect, Format, OutputSet};
use crate::extract::{Dropped, Extractor};
use crate::graph::{ActorGraph, GraphBuilder, Kind, Window};
use crate::input::{self, InputOptions};

/// Arguments of `actornet extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files, folders (their .txt, .md and .jsonl files, recursively) or `-` for standard input.
    #[arg(value_name = "INPUT", default_value = "-")]
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long = "out", value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Output formats, comma-separated.
    #[arg(short, long, value_delimiter = ',', default_value = "graphml,csv")]
    pub format: Vec<Format>,
    /// Which span counts as together for co-occurrence.
    #[arg(short, long, default_value = "sentence")]
    pub window: Window,
    /// Gazetteers.
    #[command(flatten)]
    pub gazetteers: GazetteerArgs,
    /// Date of plain-text documents (YYYY-MM-DD): picks people's titles; today by default.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// CSV dialect: excel (BOM, formula-safe) or gephi (backslashes doubled).
    #[arg(long, default_value = "excel")]
    pub csv_dialect: Dialect,
    /// List the ambiguous names that were dropped, and why, on standard error.
    #[arg(long)]
    pub explain_ambiguous: bool,
    /// Replace invalid UTF-8 instead of failing.
    #[arg(long)]
    pub lossy: bool,
    /// Skip broken JSON lines (with a warning) instead of failing.
    #[arg(long)]
    pub skip_bad: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Runs `actornet extract`.
pub fn run(args: &ExtractArgs) -> Result<()> {
    let started = Instant::now();
    let date = match &args.date {
        Some(d) => Some(Date::parse(d, false).ok_or_else(|| {
            Error::Usage(format!("--date {d:?} is not a date (YYYY-MM-DD)"))
        })?),
        None => None,
    };
    let gazetteer = Arc::new(args.gazetteers.load()?);
    for w in &gazetteer.warnings {
        if !args.quiet {
            eprintln!("warning: {w}");
        }
    }
    let extractor = Extractor::new(gazetteer.clone());
    let sources = input::sources(&args.inputs)?;
    let opts = InputOptions {
        lossy: args.lossy,
        skip_bad: args.skip_bad,
        ..InputOptions::default()
    };
    let mut set = OutputSet::new(&args.out)?;
    let formats = Format::expand(&args.format);
    let want_csv = formats.contains(&Format::Csv);
    // the xlsx Mentions sheet needs the rows in memory; collected only when asked for
    let mut mention_rows: Option<(Vec<export::xlsx::MentionRow>, usize)> =
        formats.contains(&Format::Xlsx).then(|| (Vec::new(), 0));
    let mut mentions = if want_csv {
        let f = set.create("mentions.csv")?;
        let path = f.target().to_path_buf();
        let w = export::csv::MentionWriter::new(f, args.csv_dialect).map_err(|e| out_err(&path, e))?;
        Some((path, w))
    } else {
        None
    };
    let mut builder = GraphBuilder::new(args.window);
    let mut dropped: Vec<Dropped> = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    let mut bytes = 0usize;
    for source in &sources {
        let read = input::read(source, &opts)?;
        warnings.extend(read.warnings);
        for mut doc in read.documents {
            if doc.date.is_none() {
                doc.date = date.map(|d| d.to_string());
            }
            bytes += doc.text.len();
            let ex = extractor.extract(&doc);
            builder.add(&extractor, &ex, &doc.text);
            if let Some((path, w)) = &mut mentions {
                w.write(&extractor, &ex, &doc.text).map_err(|e| out_err(path, e))?;
            }
            if let Some((rows, total)) = &mut mention_rows {
                *total += ex.mentions.len();
                if rows.len() < export::xlsx::MAX_MENTION_ROWS {
                    rows.extend(export::xlsx::MentionRow::from_extraction(&extractor, &ex, &doc.text));
                    rows.truncate(export::xlsx::MAX_MENTION_ROWS);
                }
            }
            dropped.extend(ex.dropped);
        }
    }
    if !args.quiet {
        for w in &warnings {
            eprintln!("warning: {w}");
        }
    }
    if builder.documents() == 0 {
        let names: Vec<String> = args.inputs.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::input(
            names.join(", "),
            "no text to read (every input is empty or was skipped)",
        ));
    }
    let graph = builder.finish(gazetteer.as_ref(), date.unwrap_or_else(Date::today));
    for format in &formats {
        match format {
            Format::Graphml => set.write("graph.graphml", |w| export::graphml::write(&graph, w))?,
            Format::Csv => {
                let d = args.csv_dialect;
                set.write("nodes.csv", |w| export::csv::write_nodes(&graph, w, d))?;
                set.write("edges.csv", |w| export::csv::write_edges(&graph, w, d))?;
            }
            Format::Gexf => set.write("graph.gexf", |w| export::gexf::write(&graph, w))?,
            Format::Json => set.write("graph.json", |w| export::json::write(&graph, w))?,
            Format::Dot => set.write("graph.dot", |w| export::dot::write(&graph, w))?,
            Format::Xlsx => {
                let (rows, total) = mention_rows.take().unwrap_or_default();
                if total > rows.len() && !args.quiet {
                    eprintln!(
                        "warning: graph.xlsx holds the first {} of {total} mentions (a sheet's limit); mentions.csv has all",
                        rows.len()
                    );
                }
                set.write("graph.xlsx", |w| export::xlsx::write(&graph, &rows, w))?;
            }
            Format::All => {} // expanded by Format::expand
        }
    }
    if let Some((path, w)) = mentions.take() {
        set.add(w.finish().map_err(|e| out_err(&path, e))?)?;
    }
    let out_dir = set.dir().to_path_buf();
    let written = set.commit()?;
    if args.explain_ambiguous {
        explain_dropped(&dropped);
    }
    if !args.quiet {
        summary(&graph, &written, &out_dir, bytes, started);
    }
    Ok(())
}

fn out_err(path: &std::path::Path, e: std::io::Error) -> Error {
    Error::Output {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn explain_dropped(dropped: &[Dropped]) {
    if dropped.is_empty() {
        eprintln!("ambiguous names: none dropped");
        return;
    }
    eprintln!("ambiguous names dropped ({}):", dropped.len());
    for d in dropped {
        eprintln!(
            "  {}#{}: {:?} (could be {}): {}",
            d.document,
            d.sentence,
            d.surface,
            d.candidates.join(" or "),
            d.reason
        );
    }
}

fn summary(graph: &ActorGraph, written: &[PathBuf], out: &std::path::Path, bytes: usize, started: Instant) {
    let mut by_type = std::collections::BTreeMap::new();
    for n in graph.nodes() {
        *by_type.entry(n.actor_type.as_str()).or_insert(0usize) += 1;
    }
    let types: Vec<String> = by_type.iter().map(|(t, n)| format!("{n} {t}")).collect();
    let links = graph.links().filter(|(_, _, l)| l.kind == Kind::CoOccurrence).count();
    eprintln!(
        "actornet: {} document(s), {:.1} KB in {:.2}s: {} actors ({}), {} co-occurrence links",
        graph.documents,
        bytes as f64 / 1000.0,
        started.elapsed().as_secs_f64(),
        graph.graph.node_count(),
        if types.is_empty() { "none".to_string() } else { types.join(", ") },
        links
    );
    let mut strongest: Vec<_> = graph.links().filter(|(_, _, l)| l.kind == Kind::CoOccurrence).collect();
    strongest.sort_by(|a, b| b.2.weight.total_cmp(&a.2.weight).then((&a.0.id, &a.1.id).cmp(&(&b.0.id, &b.1.id))));
    if !strongest.is_empty() {
        eprintln!("strongest links:");
        for (s, t, l) in strongest.iter().take(5) {
            eprintln!("  {} \u{2013} {}: {}", s.label, t.label, export::number(l.weight));
        }
    }
    let names: Vec<String> = written
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    eprintln!("wrote {} to {}", names.join(", "), out.display());
}
