//! `actornet extract`: documents in, graph files out; and `actornet merge`, which combines
//! partial results into exactly the graph one run over all their inputs gives.

use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::run::{self, Extractor, ExtractorOptions, Partial, Rows};
use super::GazetteerOptions;
use crate::error::{Error, Result};
use crate::export::{self, csv::Dialect, Format, OutputSet};
use crate::extract::Dropped;
use crate::graph::{ActorGraph, FinishOptions, Kind, Weighting, Window};
use crate::input::{self, InputFormat};

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
    /// Write a mergeable partial result (partial.json, mentions.csv, evidence.csv,
    /// report-evidence.json) for `actornet merge` instead of the graph files; with `out` `-`,
    /// as one stream on standard output (see [`Partial::write_stream`]).
    pub partial: bool,
    /// How to read the inputs (by default: by file name ending; standard input by what it
    /// starts with).
    pub input_format: InputFormat,
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
    /// Role cue lexicon (CSV: `role,cue,slot,relation[,toward,max_gap]`) instead of the built-in one.
    pub roles: Option<PathBuf>,
    /// Title lexicon (CSV: title,canonical,sector[,implies]) instead of the built-in one.
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
    /// The graph's weighting and pruning, checked.
    pub(crate) fn finish_options(&self) -> Result<FinishOptions> {
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

impl ExtractOptions {
    /// The options of the extractor this command builds.
    pub fn extractor_options(&self) -> ExtractorOptions {
        ExtractorOptions {
            gazetteers: self.gazetteers.gazetteers.clone(),
            no_default_gazetteers: self.gazetteers.no_default_gazetteers,
            roles: self.roles.clone(),
            titles: self.titles.clone(),
            window: self.window,
            weight: self.graph.weight,
            min_weight: self.graph.min_weight,
            top_k: self.graph.top_k,
            exclude: self.graph.exclude.clone(),
            date: self.date.clone(),
            csv_dialect: dialect_name(self.csv_dialect).into(),
            threads: self.threads,
            skip_bad: self.skip_bad,
            lossy: self.lossy,
            text_field: self.text_field.clone(),
            id_field: self.id_field.clone(),
            title_field: self.title_field.clone(),
            date_field: self.date_field.clone(),
            input_format: self.input_format.to_string(),
            dedupe: self.dedupe,
            ..ExtractorOptions::default()
        }
    }
}

fn dialect_name(d: Dialect) -> &'static str {
    match d {
        Dialect::Excel => "excel",
        Dialect::Gephi => "gephi",
        Dialect::Plain => "plain",
    }
}

/// The mentions.csv and evidence.csv being written by a run, with their final paths.
type TableWriters = (
    PathBuf,
    export::csv::MentionWriter<export::OutFile>,
    PathBuf,
    export::csv::EvidenceWriter<export::OutFile>,
);

/// Runs `actornet extract`.
pub fn extract(args: &ExtractOptions) -> Result<()> {
    let started = Instant::now();
    let used = crate::pipeline::worker_threads(args.threads);
    if args.threads > used && !args.quiet {
        eprintln!(
            "warning: --threads {} capped at {used} ({} per core on this machine; more only slow the start)",
            args.threads,
            crate::pipeline::THREADS_PER_CORE
        );
    }
    let extractor = Extractor::new(args.extractor_options())?;
    if !args.quiet {
        print_warnings(&extractor.gazetteer().warnings);
    }
    // the output folder, and anything actornet wrote, is never read back as input
    let found = input::find(&args.inputs, Some(&args.out))?;
    let sources = found.sources;
    if !args.quiet && sources.contains(&input::Source::Stdin) && std::io::stdin().is_terminal() {
        eprintln!("{STDIN_NOTICE}");
    }
    if sources.contains(&input::Source::Stdin) {
        if let (_, Some(why)) = input::stdin_format(extractor.input_options())? {
            if !args.quiet {
                eprintln!("actornet: {why}");
            }
        }
    }
    let to_stdout = args.out.as_os_str() == "-";
    if to_stdout && !args.partial {
        return Err(Error::Usage(
            "-o - writes a partial result to standard output: add --partial (and combine the parts with `actornet merge -`)".into(),
        ));
    }
    let formats: Vec<Format> = if args.partial {
        vec![Format::Csv]
    } else {
        Format::expand(&args.format).into_iter().collect()
    };
    let want_csv = formats.contains(&Format::Csv);
    let mut set = if to_stdout {
        None
    } else {
        Some(OutputSet::new(&args.out)?)
    };
    let mut tables: Option<TableWriters> = None;
    if let (Some(set), true) = (&set, want_csv) {
        let dialect = extractor.dialect();
        let f = set.create("mentions.csv")?;
        let mpath = f.target().to_path_buf();
        let m = export::csv::MentionWriter::new(f, dialect, extractor.title_date())
            .map_err(|e| out_err(&mpath, e))?;
        let f = set.create("evidence.csv")?;
        let epath = f.target().to_path_buf();
        let e = export::csv::EvidenceWriter::new(f, dialect).map_err(|e| out_err(&epath, e))?;
        tables = Some((mpath, m, epath, e));
    }
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
    let bar = progress_bar(&sources, args.quiet);
    let mut partial = {
        let rows = if to_stdout {
            let out = &mut stdout;
            Rows::Stream(Box::new(move |lines: &[u8]| {
                out.write_all(lines).map_err(|e| Error::io("<stdout>", e))
            }))
        } else if let Some(t) = tables.as_mut() {
            Rows::Csv(Box::new(move |m: &[u8], e: &[u8]| {
                t.1.write_rendered(m).map_err(|err| out_err(&t.0, err))?;
                t.3.write_rendered(e).map_err(|err| out_err(&t.2, err))
            }))
        } else {
            Rows::Drop
        };
        let mut run = extractor.run_with(rows);
        if formats.contains(&Format::Xlsx) {
            // the xlsx Mentions sheet is streamed (constant memory) while the corpus is read
            run.stream_xlsx(set.as_ref().map(|s| s.dir()))?;
        }
        if formats.contains(&Format::Html) || args.partial {
            // a partial keeps the report's sentences too: the merge draws the report
            run.keep_report_evidence();
        }
        for w in &found.warnings {
            run.skipped(w.clone());
        }
        if args.explain_ambiguous {
            run.keep_dropped();
        }
        for i in &args.inputs {
            run.input(i.display().to_string());
        }
        for source in &sources {
            run.read(source, &mut |bytes| bar.set_position(bytes))?;
        }
        run.finish()?
    };
    bar.finish_and_clear();
    let stats = &partial.manifest;
    if stats.documents == 0 {
        let names: Vec<String> = args
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        let why = if stats.skipped.is_empty() {
            String::new()
        } else {
            format!(": {}", stats.skipped.join("; "))
        };
        return Err(Error::input(
            names.join(", "),
            format!("no text to read{why}"),
        ));
    }
    if !args.quiet {
        for w in &stats.skipped {
            eprintln!("warning: {w}");
        }
        let duplicates = partial.duplicates();
        for id in duplicates.iter().take(10) {
            eprintln!("warning: document {id:?} read more than once; every copy is counted (--dedupe id drops copies)");
        }
        if duplicates.len() > 10 {
            eprintln!(
                "warning: … {} documents read more than once in all",
                duplicates.len()
            );
        }
        if args.skip_bad && !stats.skipped.is_empty() {
            eprintln!(
                "warning: {} item(s) skipped or repaired; listed in run.json",
                stats.skipped.len()
            );
        }
    }
    if to_stdout {
        partial
            .write_stream_end(&mut stdout)
            .and_then(|()| stdout.flush())
            .map_err(|e| Error::io("<stdout>", e))?;
        if !args.quiet {
            eprintln!(
                "actornet: partial result of {} document(s) written to standard output; combine parts with `actornet merge -`",
                partial.documents()
            );
        }
        return Ok(());
    }
    let Some(mut set) = set.take() else {
        return Ok(());
    };
    if let Some((mpath, m, epath, e)) = tables.take() {
        set.add(m.finish().map_err(|e| out_err(&mpath, e))?)?;
        set.add(e.finish().map_err(|err| out_err(&epath, err))?)?;
    }
    if args.partial {
        partial.write_folder(&mut set, extractor.dialect())?;
        let out_dir = set.dir().to_path_buf();
        set.commit()?;
        if !args.quiet {
            eprintln!(
                "actornet: partial result of {} document(s) written to {}; combine parts with `actornet merge`",
                partial.documents(),
                crate::error::show_path(&out_dir)
            );
        }
        return Ok(());
    }
    let bytes = partial.manifest.bytes as usize;
    let dropped = partial.take_dropped();
    let graph = extractor.write_into(&mut set, partial, &formats, args.quiet)?;
    let out_dir = set.dir().to_path_buf();
    let written = set.commit()?;
    if args.explain_ambiguous {
        explain_dropped(&dropped);
    }
    if !args.quiet {
        summary(&graph, &written, &out_dir, bytes, started);
    }
    free_later(graph);
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

/// What `actornet merge` does: the parts, the outputs and the graph options.
#[derive(Debug, Clone)]
pub struct MergeOptions {
    /// Partial results: folders written by `extract --partial` (or their partial.json files),
    /// saved partial streams, or `-` for streams on standard input. The graph does not depend on
    /// their order; the rows of mentions.csv and evidence.csv follow it, so give them in the
    /// order their inputs would be given to one run.
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
    let extractor = Extractor::new(ExtractorOptions {
        gazetteers: args.gazetteers.gazetteers.clone(),
        no_default_gazetteers: args.gazetteers.no_default_gazetteers,
        weight: args.graph.weight,
        min_weight: args.graph.min_weight,
        top_k: args.graph.top_k,
        exclude: args.graph.exclude.clone(),
        csv_dialect: dialect_name(args.csv_dialect).into(),
        threads: 1,
        ..ExtractorOptions::default()
    })?;
    let mut parts = Vec::new();
    let mut seen_folders: Vec<PathBuf> = Vec::new();
    for p in &args.parts {
        if p.as_os_str() == "-" {
            let name = PathBuf::from("<stdin>");
            let stdin = std::io::stdin();
            for part in Partial::read_stream(&name, stdin.lock())? {
                parts.push((name.clone(), part));
            }
        } else if p.is_dir() || is_partial_json(p)? {
            let folder = if p.is_dir() {
                p.clone()
            } else {
                p.parent().unwrap_or(Path::new(".")).to_path_buf()
            };
            let real = std::fs::canonicalize(&folder).unwrap_or_else(|_| folder.clone());
            if seen_folders.contains(&real) && !args.quiet {
                eprintln!(
                    "warning: {} given more than once; its documents are counted again",
                    p.display()
                );
            }
            seen_folders.push(real);
            // messages name the part's partial.json
            let file = if p.is_dir() {
                p.join("partial.json")
            } else {
                p.clone()
            };
            parts.push((file, Partial::read_folder(p)?));
        } else {
            let file = std::fs::File::open(p).map_err(|e| Error::io(p, e))?;
            for part in Partial::read_stream(p, std::io::BufReader::new(file))? {
                parts.push((p.clone(), part));
            }
        }
    }
    let merged = run::merge_partials(parts, &extractor.gazetteer().fingerprint)?;
    let bytes = merged.manifest.bytes as usize;
    let formats: Vec<Format> = Format::expand(&args.format).into_iter().collect();
    refuse_output_among_parts(&args.out, &args.parts)?;
    let mut set = OutputSet::new(&args.out)?;
    if formats.contains(&Format::Xlsx) && !args.quiet && merged.mentions().next().is_none() {
        eprintln!(
            "warning: graph.xlsx written by merge has an empty Mentions sheet (the parts keep their mentions in mentions.csv)"
        );
    }
    let graph = extractor.write_into(&mut set, merged, &formats, args.quiet)?;
    let out_dir = set.dir().to_path_buf();
    let written = set.commit()?;
    if !args.quiet {
        summary(&graph, &written, &out_dir, bytes, started);
    }
    free_later(graph);
    Ok(())
}

/// Frees a finished graph on a thread of its own. The graph of a large run is millions of
/// small allocations (tens of milliseconds to free): the command is done once its files are in
/// place, and a process that ends meanwhile leaves the freeing to the system.
fn free_later(graph: ActorGraph) {
    // when no thread can be had, the closure, and the graph with it, is dropped here
    let _ = std::thread::Builder::new()
        .name("actornet-free".into())
        .spawn(move || drop(graph));
}

/// Whether a file is the `partial.json` of a partial folder (one JSON object that starts with
/// its manifest) rather than a saved partial stream.
fn is_partial_json(p: &Path) -> Result<bool> {
    if p.file_name().is_some_and(|n| n == "partial.json") {
        return Ok(true);
    }
    let mut head = [0u8; 16];
    let mut f = std::fs::File::open(p).map_err(|e| Error::io(p, e))?;
    let n = std::io::Read::read(&mut f, &mut head).map_err(|e| Error::io(p, e))?;
    Ok(head[..n].starts_with(b"{\"manifest\""))
}

/// Refuses an output folder that is one of the part folders (compared after resolving links and
/// `..`): merging into a part would overwrite its tables while they are read, and merging again
/// would count its mentions twice.
fn refuse_output_among_parts(out: &Path, parts: &[PathBuf]) -> Result<()> {
    let Ok(out_real) = std::fs::canonicalize(out) else {
        return Ok(()); // not there yet: a new folder, no part
    };
    for file in parts {
        let folder = if file.is_dir() {
            file.as_path()
        } else if file.file_name().is_some_and(|n| n == "partial.json") {
            file.parent().unwrap_or(Path::new("."))
        } else {
            continue; // a saved stream: its rows are read before anything is written
        };
        let folder = if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        };
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
            input_format: InputFormat::Auto,
        }
    }
}
