//! `actornet extract`: documents in, graph files out; and `actornet merge`, which combines
//! partial results into exactly the graph one run over all their inputs gives.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::GazetteerOptions;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::export::{self, csv::Dialect, Format, OutputSet};
use crate::extract::lexicon::Lexicons;
use crate::extract::{Dropped, Extractor};
use crate::graph::{ActorGraph, FinishOptions, GraphBuilder, Kind, Weighting, Window};
use crate::input::{self, InputOptions};
use crate::pipeline::{self, RunOptions};

/// What `actornet extract` does: its inputs, outputs and options (the command line's flags).
#[derive(Debug, Clone)]
pub struct ExtractOptions {
    /// Files, folders (their .txt, .md, .html, .jsonl and .csv files, recursively) or `-` for
    /// standard input.
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    pub out: PathBuf,
    /// Output formats, comma-separated: graphml, csv, gexf, json, dot, xlsx, html, svg, or all.
    pub format: Vec<Format>,
    /// Which span counts as together for co-occurrence.
    pub window: Window,
    /// Gazetteers.
    pub gazetteers: GazetteerOptions,
    /// Graph options.
    pub graph: GraphOptions,
    /// Date of plain-text documents (YYYY-MM-DD): picks people's titles; today by default.
    pub date: Option<String>,
    /// Which program the CSV files are for: excel (BOM, formula cells neutralised with '),
    /// gephi (no BOM, backslashes doubled) or plain (pandas, R, LibreOffice: values as they are).
    pub csv_dialect: Dialect,
    /// List the ambiguous names that were dropped, and why, on standard error.
    pub explain_ambiguous: bool,
    /// Replace invalid UTF-8 instead of failing.
    pub lossy: bool,
    /// Skip broken records (JSON lines, CSV rows) with a warning instead of failing; the skipped
    /// items are listed in run.json.
    pub skip_bad: bool,
    /// Drop copies of documents already read: by id or by content (the copies are listed in
    /// run.json's `skipped`); `None` counts every copy, with a warning.
    pub dedupe: Option<crate::pipeline::Dedupe>,
    /// Write a mergeable partial result (partial.json, mentions.csv, evidence.csv) for
    /// `actornet merge` instead of the graph files.
    pub partial: bool,
    /// Worker threads (default: one per core).
    pub threads: usize,
    /// JSON Lines / CSV field that holds the text.
    pub text_field: String,
    /// JSON Lines / CSV field that holds the document id.
    pub id_field: String,
    /// JSON Lines / CSV field that holds the title.
    pub title_field: String,
    /// JSON Lines / CSV field that holds the date.
    pub date_field: String,
    /// Role cue lexicon (CSV: role,cue,slot[,max_gap]) instead of the built-in one.
    pub roles: Option<PathBuf>,
    /// Title lexicon (CSV: title,canonical,sector) instead of the built-in one.
    pub titles: Option<PathBuf>,
    /// Print nothing but errors.
    pub quiet: bool,
}

/// How links are weighted and pruned.
#[derive(Debug, Clone, Default)]
pub struct GraphOptions {
    /// Co-occurrence weight: count, documents, association, pmi or jaccard.
    pub weight: Weighting,
    /// Leave out co-occurrence links lighter than this.
    pub min_weight: f64,
    /// Keep only each actor's K strongest co-occurrence links.
    pub top_k: Option<usize>,
    /// Leave these actor ids out of the graph (hubs), comma-separated.
    pub exclude: Vec<String>,
}

impl GraphOptions {
    fn finish_options(&self) -> Result<FinishOptions> {
        if !self.min_weight.is_finite() || self.min_weight < 0.0 {
            return Err(Error::Usage(format!(
                "--min-weight {} must be a number ≥ 0",
                self.min_weight
            )));
        }
        if self.top_k == Some(0) {
            return Err(Error::Usage("--top-k must be at least 1".into()));
        }
        Ok(FinishOptions {
            weight: self.weight,
            min_weight: self.min_weight,
            top_k: self.top_k,
            exclude: self
                .exclude
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        })
    }
}

/// Turns the names given to `--exclude` into actor ids: an id as it is, else every actor
/// (of the gazetteer, or discovered in the documents) whose name or alias it is, compared
/// folded ("united states", "U.S."). A name that matches no actor, or several, is an error:
/// silently keeping an actor the user meant to leave out gives a wrong graph.
fn resolve_excludes(
    mut finish: FinishOptions,
    gazetteer: &crate::gazetteer::Gazetteer,
    builder: &GraphBuilder,
) -> Result<FinishOptions> {
    if finish.exclude.is_empty() {
        return Ok(finish);
    }
    let actors = || gazetteer.actors().iter().chain(builder.discovered());
    let mut by_name: std::collections::BTreeMap<String, std::collections::BTreeSet<&str>> =
        std::collections::BTreeMap::new();
    for a in actors() {
        for n in std::iter::once(&a.name).chain(&a.aliases) {
            by_name
                .entry(crate::text::fold(n).trim().to_string())
                .or_default()
                .insert(a.id.as_str());
        }
    }
    let mut ids = std::collections::BTreeSet::new();
    let mut unknown = Vec::new();
    for name in &finish.exclude {
        if actors().any(|a| a.id == *name) {
            ids.insert(name.clone());
            continue;
        }
        match by_name.get(crate::text::fold(name).trim()) {
            Some(found) if found.len() == 1 => {
                ids.extend(found.iter().map(|s| s.to_string()));
            }
            Some(found) => {
                return Err(Error::Usage(format!(
                    "--exclude {name:?} names several actors ({}); give the id",
                    found.iter().copied().collect::<Vec<_>>().join(", ")
                )))
            }
            None => unknown.push(format!("{name:?}")),
        }
    }
    if !unknown.is_empty() {
        return Err(Error::Usage(format!(
            "--exclude {}: no actor has this id, name or alias (`actornet gazetteer list` shows them)",
            unknown.join(", ")
        )));
    }
    finish.exclude = ids;
    Ok(finish)
}

/// The run manifest written as `run.json`: what was read, with which gazetteer and options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always "actornet".
    pub tool: String,
    /// The tool's version.
    pub version: String,
    /// Fingerprint of the loaded gazetteer files.
    pub gazetteer: String,
    /// Co-occurrence window.
    pub window: Window,
    /// Weighting and pruning (not set in partial results).
    pub graph: Option<FinishOptions>,
    /// Date given to undated documents.
    pub date: Option<String>,
    /// The inputs as given.
    pub inputs: Vec<String>,
    /// Documents read.
    pub documents: u64,
    /// Bytes of text read.
    pub bytes: u64,
    /// Items skipped or repaired, with the reason.
    pub skipped: Vec<String>,
}

/// A partial result: the graph totals of some inputs, mergeable with others.
#[derive(Debug, Serialize, Deserialize)]
struct Partial {
    manifest: Manifest,
    builder: GraphBuilder,
}

/// Runs `actornet extract`.
pub fn extract(args: &ExtractOptions) -> Result<()> {
    let started = Instant::now();
    let date = parse_date(args.date.as_deref())?;
    let finish = args.graph.finish_options()?;
    let gazetteer = Arc::new(args.gazetteers.load()?);
    if !args.quiet {
        print_warnings(&gazetteer.warnings);
    }
    let lexicons = Lexicons::load(args.roles.as_deref(), args.titles.as_deref())?;
    let extractor = Extractor::with_lexicons(gazetteer.clone(), lexicons);
    // the output folder, and anything actornet wrote, is never read back as input
    let found = input::find(&args.inputs, Some(&args.out))?;
    let sources = found.sources;
    if !args.quiet && sources.contains(&input::Source::Stdin) && std::io::stdin().is_terminal() {
        eprintln!("{STDIN_NOTICE}");
    }
    let opts = RunOptions {
        input: InputOptions {
            lossy: args.lossy,
            skip_bad: args.skip_bad,
            text_field: args.text_field.clone(),
            id_field: args.id_field.clone(),
            title_field: args.title_field.clone(),
            date_field: args.date_field.clone(),
            ..InputOptions::default()
        },
        default_date: date.map(|d| d.to_string()),
        dedupe: args.dedupe,
        threads: {
            let used = pipeline::worker_threads(args.threads);
            if args.threads > used && !args.quiet {
                eprintln!(
                    "warning: --threads {} capped at {used} ({} per core on this machine; more only slow the start)",
                    args.threads,
                    pipeline::THREADS_PER_CORE
                );
            }
            used
        },
        ..RunOptions::default()
    };
    let mut set = OutputSet::new(&args.out)?;
    let formats: Vec<Format> = if args.partial {
        vec![Format::Csv]
    } else {
        Format::expand(&args.format).into_iter().collect()
    };
    let want_csv = formats.contains(&Format::Csv);
    // titles of people in undated documents: --date, else today
    let title_date = date.unwrap_or_else(Date::today);
    // the xlsx Mentions sheet is streamed (constant memory) while the corpus is read
    let mut workbook = if formats.contains(&Format::Xlsx) {
        Some(workbook_writer(&set, title_date)?)
    } else {
        None
    };
    let mut mentions = if want_csv {
        let f = set.create("mentions.csv")?;
        let path = f.target().to_path_buf();
        let w = export::csv::MentionWriter::new(f, args.csv_dialect, title_date)
            .map_err(|e| out_err(&path, e))?;
        Some((path, w))
    } else {
        None
    };
    let mut evidence = if want_csv {
        let f = set.create("evidence.csv")?;
        let path = f.target().to_path_buf();
        let w =
            export::csv::EvidenceWriter::new(f, args.csv_dialect).map_err(|e| out_err(&path, e))?;
        Some((path, w))
    } else {
        None
    };
    // the report's evidence sentences, collected in input order
    let mut report_evidence = formats
        .contains(&Format::Html)
        .then(export::report::ReportEvidence::new);
    let mut builder = GraphBuilder::new(args.window);
    let mut dropped: Vec<Dropped> = Vec::new();
    let bar = progress_bar(&sources, args.quiet);
    let dialect = args.csv_dialect;
    let stats = pipeline::run(
        &extractor,
        &sources,
        &opts,
        Some(&mut builder),
        |doc, ex| {
            want_csv.then(|| {
                (
                    export::csv::render_mentions(&extractor, ex, &doc.text, dialect, title_date),
                    export::csv::render_evidence(&extractor, ex, &doc.text, dialect),
                )
            })
        },
        |doc, ex, rows| {
            if let (Some((mpath, m)), Some((epath, e)), Some((mrows, erows))) =
                (&mut mentions, &mut evidence, rows)
            {
                m.write_rendered(&mrows)
                    .map_err(|err| out_err(mpath, err))?;
                e.write_rendered(&erows)
                    .map_err(|err| out_err(epath, err))?;
            }
            if let Some((path, w)) = &mut workbook {
                w.add(&extractor, &ex, &doc.text)
                    .map_err(|err| out_err(path, export::xlsx::io_error(err)))?;
            }
            if let Some(r) = &mut report_evidence {
                r.add(&extractor, &ex, &doc.text);
            }
            if args.explain_ambiguous {
                dropped.extend(ex.dropped);
            }
            Ok(())
        },
        |_, bytes| bar.set_position(bytes),
    )?;
    bar.finish_and_clear();
    let mut warnings = found.warnings;
    warnings.extend(stats.warnings);
    if let (Some(d), false) = (args.dedupe, stats.deduped.is_empty()) {
        // listed in run.json's `skipped`, like every other item a run leaves out
        warnings.extend(
            stats.deduped.iter().map(|id| {
                format!("{id}: a copy of a document read before, dropped (--dedupe {d})")
            }),
        );
    }
    if stats.documents == 0 {
        let names: Vec<String> = args
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        let why = if warnings.is_empty() {
            String::new()
        } else {
            format!(": {}", warnings.join("; "))
        };
        return Err(Error::input(
            names.join(", "),
            format!("no text to read{why}"),
        ));
    }
    if !args.quiet {
        for w in &warnings {
            eprintln!("warning: {w}");
        }
        for id in stats.duplicates.iter().take(10) {
            eprintln!("warning: document {id:?} read more than once; every copy is counted (--dedupe id drops copies)");
        }
        if stats.duplicates.len() > 10 {
            eprintln!(
                "warning: … {} documents read more than once in all",
                stats.duplicates.len()
            );
        }
        if args.skip_bad && !warnings.is_empty() {
            eprintln!(
                "warning: {} item(s) skipped or repaired; listed in run.json",
                warnings.len()
            );
        }
    }
    let finish = resolve_excludes(finish, &gazetteer, &builder)?;
    let manifest = Manifest {
        tool: "actornet".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        gazetteer: gazetteer.fingerprint.clone(),
        window: args.window,
        graph: (!args.partial).then(|| finish.clone()),
        date: date.map(|d| d.to_string()),
        inputs: args
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        documents: stats.documents,
        bytes: stats.bytes,
        skipped: warnings.clone(),
    };
    if let Some((path, w)) = mentions.take() {
        set.add(w.finish().map_err(|e| out_err(&path, e))?)?;
    }
    if let Some((path, w)) = evidence.take() {
        set.add(w.finish().map_err(|e| out_err(&path, e))?)?;
    }
    if args.partial {
        let partial = Partial { manifest, builder };
        set.write("partial.json", |w| {
            serde_json::to_writer(w, &partial).map_err(std::io::Error::from)
        })?;
        let out_dir = set.dir().to_path_buf();
        set.commit()?;
        if !args.quiet {
            eprintln!(
                "actornet: partial result of {} document(s) written to {}; combine parts with `actornet merge`",
                stats.documents,
                crate::error::show_path(&out_dir)
            );
        }
        return Ok(());
    }
    let graph = builder.finish(gazetteer.as_ref(), title_date, &finish);
    write_graph(
        &mut set,
        &graph,
        &formats,
        args.csv_dialect,
        Collected {
            workbook: workbook.take(),
            evidence: report_evidence.as_ref(),
        },
        &manifest,
        args.quiet,
    )?;
    let out_dir = set.dir().to_path_buf();
    let written = set.commit()?;
    if args.explain_ambiguous {
        explain_dropped(&dropped);
    }
    if !args.quiet {
        summary(&graph, &written, &out_dir, stats.bytes as usize, started);
    }
    Ok(())
}

/// What `extract` says when it waits for standard input on a terminal (no input was named).
const STDIN_NOTICE: &str = "actornet: reading standard input (end it with Ctrl-D); to read files or folders, name them: actornet extract BRIEFS...";

/// Prints gazetteer warnings; a long list (a big imported gazetteer taking over many built-in
/// aliases) is cut to its first lines and a count (`actornet gazetteer check` lists them all).
fn print_warnings(warnings: &[String]) {
    const SHOWN: usize = 10;
    for w in warnings.iter().take(SHOWN) {
        eprintln!("warning: {w}");
    }
    if warnings.len() > SHOWN {
        eprintln!(
            "warning: … and {} more gazetteer warnings (`actornet gazetteer check PATH` lists them all)",
            warnings.len() - SHOWN
        );
    }
}

fn parse_date(d: Option<&str>) -> Result<Option<Date>> {
    match d {
        Some(d) => Date::parse(d, false)
            .map(Some)
            .ok_or_else(|| Error::Usage(format!("--date {d:?} is not a date (YYYY-MM-DD)"))),
        None => Ok(None),
    }
}

/// A progress bar on standard error for long runs; hidden when standard error is not a terminal.
fn progress_bar(sources: &[input::Source], quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let total: u64 = sources
        .iter()
        .filter_map(|s| match s {
            input::Source::File { path, .. } => std::fs::metadata(path).ok().map(|m| m.len()),
            input::Source::Stdin => None,
        })
        .sum();
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            // decimal units (kB, MB), as in the summary
            "{spinner} {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} ETA {eta} {wide_bar}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// What a run collected beside the graph for the exporters that need more than the graph.
struct Collected<'a> {
    /// The xlsx writer, its Mentions sheet already streamed, with the path of `graph.xlsx`.
    workbook: Option<(PathBuf, export::xlsx::WorkbookWriter)>,
    /// The report's evidence sentences.
    evidence: Option<&'a export::report::ReportEvidence>,
}

/// The xlsx writer of a run, with the final path of `graph.xlsx` for error messages; its
/// temporary file lies in the output folder (unnamed: it never shows there).
fn workbook_writer(
    set: &OutputSet,
    title_date: Date,
) -> Result<(PathBuf, export::xlsx::WorkbookWriter)> {
    let path = set.dir().join("graph.xlsx");
    let w = export::xlsx::WorkbookWriter::new(Some(set.dir()), title_date)
        .map_err(|e| out_err(&path, export::xlsx::io_error(e)))?;
    Ok((path, w))
}

/// Writes the graph files of the chosen formats and run.json.
fn write_graph(
    set: &mut OutputSet,
    graph: &ActorGraph,
    formats: &[Format],
    dialect: Dialect,
    collected: Collected<'_>,
    manifest: &Manifest,
    quiet: bool,
) -> Result<()> {
    let Collected {
        mut workbook,
        evidence,
    } = collected;
    // the picture is laid out once for the report and the SVG
    let drawing = formats
        .iter()
        .any(|f| matches!(f, Format::Html | Format::Svg))
        .then(|| export::drawing::drawing(graph, &export::drawing::DrawingOptions::default()));
    let run_json = serde_json::to_value(manifest).map_err(|e| Error::Output {
        path: set.dir().join("report.html"),
        message: e.to_string(),
    })?;
    for format in formats {
        match format {
            Format::Graphml => set.write("graph.graphml", |w| export::graphml::write(graph, w))?,
            Format::Csv => {
                set.write("nodes.csv", |w| export::csv::write_nodes(graph, w, dialect))?;
                set.write("edges.csv", |w| export::csv::write_edges(graph, w, dialect))?;
            }
            Format::Gexf => set.write("graph.gexf", |w| export::gexf::write(graph, w))?,
            Format::Json => set.write("graph.json", |w| export::json::write(graph, w))?,
            Format::Dot => set.write("graph.dot", |w| export::dot::write(graph, w))?,
            Format::Xlsx => {
                let Some((path, w)) = workbook.take() else {
                    continue;
                };
                if w.total() > w.written() && !quiet {
                    eprintln!(
                        "warning: graph.xlsx holds the first {} of {} mentions (a sheet's limit); mentions.csv has all",
                        w.written(),
                        w.total()
                    );
                }
                let mut file = set.create("graph.xlsx")?;
                w.finish(graph, &mut file)
                    .map_err(|e| out_err(&path, export::xlsx::io_error(e)))?;
                set.add(file)?;
            }
            Format::Html => {
                let d = drawing.as_ref().expect("laid out for html");
                set.write("report.html", |w| {
                    export::report::write_drawing(graph, evidence, &run_json, d, w)
                })?;
            }
            Format::Svg => {
                let d = drawing.as_ref().expect("laid out for svg");
                set.write("graph.svg", |w| export::svg::write_drawing(graph, d, w))?;
            }
            Format::All => {} // expanded by Format::expand
        }
    }
    set.write("run.json", |w| {
        serde_json::to_writer_pretty(&mut *w, manifest).map_err(std::io::Error::from)?;
        w.write_all(b"\n")
    })
}

/// What `actornet merge` does: the parts, the outputs and the graph options.
#[derive(Debug, Clone)]
pub struct MergeOptions {
    /// Partial results: folders written by `extract --partial` (or their partial.json files), in
    /// the order their inputs would be given to one run.
    pub parts: Vec<PathBuf>,
    /// Output folder.
    pub out: PathBuf,
    /// Output formats, comma-separated: graphml, csv, gexf, json, dot, xlsx, html, svg, or all.
    pub format: Vec<Format>,
    /// Gazetteers (the same as the parts were made with).
    pub gazetteers: GazetteerOptions,
    /// Graph options.
    pub graph: GraphOptions,
    /// Which program the CSV files are for: excel, gephi or plain.
    pub csv_dialect: Dialect,
    /// Print nothing but errors.
    pub quiet: bool,
}

/// Runs `actornet merge`.
pub fn merge(args: &MergeOptions) -> Result<()> {
    let started = Instant::now();
    let gazetteer = args.gazetteers.load()?;
    let finish = args.graph.finish_options()?;
    let mut merged: Option<Partial> = None;
    let mut folders = Vec::new();
    for p in &args.parts {
        let (folder, file) = if p.is_dir() {
            (p.clone(), p.join("partial.json"))
        } else {
            (
                p.parent().unwrap_or(Path::new(".")).to_path_buf(),
                p.clone(),
            )
        };
        let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
        let part: Partial = serde_json::from_slice(&bytes)
            .map_err(|e| Error::input(&file, format!("not a partial result of actornet: {e}")))?;
        if part.manifest.gazetteer != gazetteer.fingerprint {
            return Err(Error::input(
                &file,
                "made with other gazetteers than this merge; pass the same --gazetteer options",
            ));
        }
        let mentions = part.builder.mentions();
        let real = std::fs::canonicalize(&folder).unwrap_or_else(|_| folder.clone());
        if folders
            .iter()
            .any(|(f, _, _)| std::fs::canonicalize(f).is_ok_and(|f| f == real))
            && !args.quiet
        {
            eprintln!(
                "warning: {} given more than once; its documents are counted again",
                file.display()
            );
        }
        folders.push((folder, file.clone(), mentions));
        merged = Some(match merged {
            None => part,
            Some(mut m) => {
                if m.manifest.window != part.manifest.window {
                    return Err(Error::input(
                        &file,
                        format!(
                            "window {} differs from {}",
                            part.manifest.window, m.manifest.window
                        ),
                    ));
                }
                m.builder.merge(part.builder);
                let documents = m.manifest.documents.checked_add(part.manifest.documents);
                let bytes = m.manifest.bytes.checked_add(part.manifest.bytes);
                let (Some(documents), Some(bytes), false) =
                    (documents, bytes, m.builder.overflowed())
                else {
                    return Err(Error::input(
                        &file,
                        "a count overflows when added to the earlier parts' (was partial.json edited by hand?)",
                    ));
                };
                m.manifest.inputs.extend(part.manifest.inputs);
                m.manifest.documents = documents;
                m.manifest.bytes = bytes;
                m.manifest.skipped.extend(part.manifest.skipped);
                if m.manifest.date != part.manifest.date {
                    m.manifest.date = None;
                }
                m
            }
        });
    }
    let Some(mut m) = merged else {
        return Err(Error::Usage("no partial results given".into()));
    };
    let date = parse_date(m.manifest.date.as_deref())?;
    let finish = resolve_excludes(finish, &gazetteer, &m.builder)?;
    m.manifest.graph = Some(finish.clone());
    let title_date = date.unwrap_or_else(Date::today);
    let graph = m.builder.finish(&gazetteer, title_date, &finish);
    refuse_output_among_parts(&args.out, &folders)?;
    let mut set = OutputSet::new(&args.out)?;
    let formats: Vec<Format> = Format::expand(&args.format).into_iter().collect();
    if formats.contains(&Format::Csv) {
        for (name, header) in [
            ("mentions.csv", export::csv::MENTION_HEADER),
            ("evidence.csv", export::csv::EVIDENCE_HEADER),
        ] {
            let mut f = set.create(name)?;
            concat_tables(&folders, name, header, &mut f)?;
            set.add(f)?;
        }
    }
    let workbook = if formats.contains(&Format::Xlsx) {
        if !args.quiet {
            eprintln!(
                "warning: graph.xlsx written by merge has an empty Mentions sheet (the parts keep their mentions in mentions.csv)"
            );
        }
        Some(workbook_writer(&set, title_date)?)
    } else {
        None
    };
    write_graph(
        &mut set,
        &graph,
        &formats,
        args.csv_dialect,
        Collected {
            workbook,
            evidence: None,
        },
        &m.manifest,
        args.quiet,
    )?;
    let out_dir = set.dir().to_path_buf();
    let written = set.commit()?;
    if !args.quiet {
        summary(
            &graph,
            &written,
            &out_dir,
            m.manifest.bytes as usize,
            started,
        );
    }
    Ok(())
}

/// Refuses an output folder that is one of the parts (compared after resolving links and `..`):
/// merging into a part would overwrite its tables while they are read, and merging again would
/// count its mentions twice.
fn refuse_output_among_parts(out: &Path, parts: &[(PathBuf, PathBuf, u64)]) -> Result<()> {
    let Ok(out_real) = std::fs::canonicalize(out) else {
        return Ok(()); // not there yet: a new folder, no part
    };
    for (folder, file, _) in parts {
        if std::fs::canonicalize(folder).is_ok_and(|f| f == out_real) {
            return Err(Error::Usage(format!(
                "--out {} is the part {}; merge into another folder",
                out.display(),
                file.display()
            )));
        }
    }
    Ok(())
}

/// Concatenates one CSV table from several part folders: every part is read as CSV and checked
/// (the header, the number of fields of every row, a complete last row, one dialect), so that a
/// truncated or foreign part is an error naming the part and line instead of a corrupt row in
/// the output. Rows are written back with the writer's own rules (byte for byte what the part
/// held), after the first part's BOM and header. For `mentions.csv` the number of rows must
/// also be the number of mentions the part's partial.json counted.
fn concat_tables(
    parts: &[(PathBuf, PathBuf, u64)],
    name: &str,
    header: &[&str],
    out: &mut export::OutFile,
) -> Result<()> {
    let new_writer = || {
        csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .has_headers(false)
            .from_writer(Vec::with_capacity(1 << 16))
    };
    let drain = |w: csv::Writer<Vec<u8>>, out: &mut export::OutFile| -> Result<()> {
        let buf = w.into_inner().map_err(|e| out.error(e.into_error()))?;
        out.writer().write_all(&buf).map_err(|e| out.error(e))
    };
    let mut w = new_writer();
    let mut first_bom: Option<bool> = None;
    for (folder, _, mentions) in parts {
        let path = folder.join(name);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let bad = |line: Option<u64>, message: String| Error::Input {
            path: path.clone(),
            line: line.map(|l| l as usize),
            message,
        };
        let (bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()) {
            Some(rest) => (true, rest),
            None => (false, bytes.as_slice()),
        };
        match first_bom {
            None => {
                first_bom = Some(bom);
                if bom {
                    out.writer()
                        .write_all(b"\xEF\xBB\xBF")
                        .map_err(|e| out.error(e))?;
                }
                w.write_record(header).map_err(|e| out.error(e.into()))?;
            }
            Some(b) if b != bom => {
                return Err(bad(
                    None,
                    "written with another --csv-dialect than the first part".into(),
                ))
            }
            Some(_) => {}
        }
        if !body.is_empty() && !body.ends_with(b"\n") {
            return Err(bad(
                None,
                "truncated: the last row has no line end (was the part's run interrupted?)".into(),
            ));
        }
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(body);
        let got = r
            .byte_headers()
            .map_err(|e| bad(Some(1), format!("not a CSV table: {e}")))?
            .clone();
        if got.iter().ne(header.iter().map(|h| h.as_bytes())) {
            return Err(bad(
                Some(1),
                format!("not the {name} of an actornet part (header differs)"),
            ));
        }
        let mut rows = 0u64;
        let mut record = csv::ByteRecord::new();
        loop {
            match r.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map(|p| p.line());
                    return Err(bad(line, format!("broken row: {e}")));
                }
            }
            rows += 1;
            w.write_byte_record(&record)
                .map_err(|e| out.error(e.into()))?;
            if w.get_ref().len() >= 1 << 16 {
                drain(std::mem::replace(&mut w, new_writer()), out)?;
            }
        }
        if name == "mentions.csv" && rows != *mentions {
            return Err(bad(
                None,
                format!(
                    "{rows} rows, but the part's partial.json counts {mentions} mentions (truncated or edited?)"
                ),
            ));
        }
    }
    drain(w, out)
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

fn summary(
    graph: &ActorGraph,
    written: &[PathBuf],
    out: &std::path::Path,
    bytes: usize,
    started: Instant,
) {
    let mut by_type = std::collections::BTreeMap::new();
    for n in graph.nodes() {
        *by_type.entry(n.actor_type.as_str()).or_insert(0usize) += 1;
    }
    let types: Vec<String> = by_type.iter().map(|(t, n)| format!("{n} {t}")).collect();
    let links = graph
        .links()
        .filter(|(_, _, l)| l.kind == Kind::CoOccurrence)
        .count();
    eprintln!(
        "actornet: {} document(s), {} in {:.2}s: {} actors ({}), {} co-occurrence links",
        graph.documents,
        indicatif::DecimalBytes(bytes as u64),
        started.elapsed().as_secs_f64(),
        graph.graph.node_count(),
        if types.is_empty() {
            "none".to_string()
        } else {
            types.join(", ")
        },
        links
    );
    let mut strongest: Vec<_> = graph
        .links()
        .filter(|(_, _, l)| l.kind == Kind::CoOccurrence)
        .collect();
    strongest.sort_by(|a, b| {
        b.2.weight
            .total_cmp(&a.2.weight)
            .then((&a.0.id, &a.1.id).cmp(&(&b.0.id, &b.1.id)))
    });
    if !strongest.is_empty() {
        eprintln!("strongest links:");
        for (s, t, l) in strongest.iter().take(5) {
            eprintln!(
                "  {} \u{2013} {}: {}",
                s.label,
                t.label,
                export::number(l.weight)
            );
        }
    }
    let names: Vec<String> = written
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    eprintln!(
        "wrote {} to {}",
        names.join(", "),
        crate::error::show_path(out)
    );
    // last, so a terminal shows the report's path where the eye ends up
    if let Some(report) = written
        .iter()
        .find(|p| p.file_name().is_some_and(|n| n == "report.html"))
    {
        eprintln!("report: {}", crate::error::show_path(report));
    }
}

impl Default for ExtractOptions {
    /// The command line's defaults: standard input, `output/`, GraphML and CSV, sentence window,
    /// built-in gazetteers and lexicons, one thread per core.
    fn default() -> Self {
        ExtractOptions {
            inputs: vec![PathBuf::from("-")],
            out: PathBuf::from("output"),
            format: vec![Format::Graphml, Format::Csv],
            window: Window::default(),
            gazetteers: GazetteerOptions::default(),
            graph: GraphOptions::default(),
            date: None,
            csv_dialect: Dialect::default(),
            explain_ambiguous: false,
            lossy: false,
            skip_bad: false,
            dedupe: None,
            partial: false,
            threads: 0,
            text_field: "text".into(),
            id_field: "id".into(),
            title_field: "title".into(),
            date_field: "date".into(),
            roles: None,
            titles: None,
            quiet: false,
        }
    }
}
