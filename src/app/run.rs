//! The library API of a run, in memory: an [`Extractor`] built once from gazetteers and options,
//! a [`Run`] that takes documents (from files, or handed over one by one by a program or another
//! language's binding) and yields a [`Partial`]: the graph totals and the mention and evidence
//! rows, which finish into the graph, write exactly the files of `actornet extract`, or merge
//! with other partials ([`merge_partials`]) into what one run over all their documents gives.
//!
//! `actornet extract` and `actornet merge` run through this module, and so do the Python
//! bindings, so that both produce the same bytes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::extract::{GraphOptions, Manifest};
use super::GazetteerOptions;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::export::rows::{EvidenceRow, MentionRow};
use crate::export::{self, csv::Dialect, Format, OutputSet};
use crate::extract::lexicon::Lexicons;
use crate::extract::{self as ex, Dropped, Extraction};
use crate::gazetteer::Gazetteer;
use crate::graph::{ActorGraph, FinishOptions, GraphBuilder, Window};
use crate::input::{Document, InputOptions, Source};
use crate::pipeline;

/// Everything an [`Extractor`] is built from. Plain data, so that a program can keep it and
/// build the same extractor again elsewhere (the Python bindings pickle it to send an extractor
/// to worker processes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractorOptions {
    /// Gazetteer files or folders, and whether the built-in gazetteers are loaded too.
    pub gazetteers: Vec<PathBuf>,
    /// Use only `gazetteers`, not the built-in ones.
    pub no_default_gazetteers: bool,
    /// Role cue lexicon instead of the built-in one.
    pub roles: Option<PathBuf>,
    /// Title lexicon instead of the built-in one.
    pub titles: Option<PathBuf>,
    /// Co-occurrence window.
    pub window: Window,
    /// Co-occurrence weight.
    pub weight: crate::graph::Weighting,
    /// Leave out co-occurrence links lighter than this.
    pub min_weight: f64,
    /// Keep only each actor's K strongest co-occurrence links.
    pub top_k: Option<usize>,
    /// Actor ids left out of the graph.
    pub exclude: Vec<String>,
    /// Date of undated documents (YYYY-MM-DD); it also picks people's titles.
    pub date: Option<String>,
    /// CSV dialect of written tables: `excel` or `gephi`.
    pub csv_dialect: String,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Skip bad records (with a note in the result) instead of failing.
    pub skip_bad: bool,
    /// Replace invalid UTF-8 in files instead of failing.
    pub lossy: bool,
    /// Field (JSON Lines, CSV, mappings) that holds the text.
    pub text_field: String,
    /// Field that holds the document id.
    pub id_field: String,
    /// Field that holds the title.
    pub title_field: String,
    /// Field that holds the date.
    pub date_field: String,
    /// Field that holds the address.
    pub url_field: String,
    /// How files and standard input are read: `auto`, `text`, `jsonl`, `csv` or `html`.
    pub input_format: String,
}

impl Default for ExtractorOptions {
    /// The command line's defaults.
    fn default() -> Self {
        ExtractorOptions {
            gazetteers: Vec::new(),
            no_default_gazetteers: false,
            roles: None,
            titles: None,
            window: Window::default(),
            weight: Default::default(),
            min_weight: 0.0,
            top_k: None,
            exclude: Vec::new(),
            date: None,
            csv_dialect: "excel".into(),
            threads: 0,
            skip_bad: false,
            lossy: false,
            text_field: "text".into(),
            id_field: "id".into(),
            title_field: "title".into(),
            date_field: "date".into(),
            url_field: "url".into(),
            input_format: "auto".into(),
        }
    }
}

impl ExtractorOptions {
    /// How inputs are read with these options.
    pub fn input_options(&self) -> Result<InputOptions> {
        Ok(InputOptions {
            lossy: self.lossy,
            skip_bad: self.skip_bad,
            text_field: self.text_field.clone(),
            id_field: self.id_field.clone(),
            title_field: self.title_field.clone(),
            date_field: self.date_field.clone(),
            url_field: self.url_field.clone(),
            format: self.input_format.parse().map_err(Error::Usage)?,
        })
    }

    fn graph_options(&self) -> GraphOptions {
        GraphOptions {
            weight: self.weight,
            min_weight: self.min_weight,
            top_k: self.top_k,
            exclude: self.exclude.clone(),
        }
    }
}

/// The application's extractor: gazetteers and lexicons loaded, the matcher built and a worker
/// pool started, once; then any number of runs. Cheap to share between threads.
#[derive(Debug)]
pub struct Extractor {
    options: ExtractorOptions,
    gazetteer: Arc<Gazetteer>,
    inner: ex::Extractor,
    date: Option<Date>,
    finish: FinishOptions,
    dialect: Dialect,
    input: InputOptions,
    pool: rayon::ThreadPool,
}

impl Extractor {
    /// Loads everything the options name; errors name the file and line at fault.
    pub fn new(options: ExtractorOptions) -> Result<Extractor> {
        let date = parse_date(options.date.as_deref())?;
        let finish = options.graph_options().finish_options()?;
        let dialect: Dialect = options.csv_dialect.parse().map_err(Error::Usage)?;
        let gazetteer = Arc::new(
            GazetteerOptions {
                gazetteers: options.gazetteers.clone(),
                no_default_gazetteers: options.no_default_gazetteers,
            }
            .load()?,
        );
        let lexicons = Lexicons::load(options.roles.as_deref(), options.titles.as_deref())?;
        let inner = ex::Extractor::with_lexicons(gazetteer.clone(), lexicons);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.threads)
            .build()
            .map_err(|e| Error::Usage(format!("cannot start worker threads: {e}")))?;
        let input = options.input_options()?;
        Ok(Extractor {
            options,
            gazetteer,
            inner,
            date,
            finish,
            dialect,
            input,
            pool,
        })
    }

    /// The options it was built from.
    pub fn options(&self) -> &ExtractorOptions {
        &self.options
    }

    /// The loaded gazetteer (its warnings, fingerprint and actors).
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The document-level extractor underneath.
    pub fn document_extractor(&self) -> &ex::Extractor {
        &self.inner
    }

    /// How inputs are read.
    pub fn input_options(&self) -> &InputOptions {
        &self.input
    }

    /// The CSV dialect of written tables.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// A new run that keeps its mention and evidence rows in memory.
    pub fn run(&self) -> Run<'_> {
        Run::new(self, Rows::Keep)
    }

    /// A new run that gives its rows to `rows` as they are made (see [`Rows`]).
    pub fn run_with<'a>(&'a self, rows: Rows<'a>) -> Run<'a> {
        Run::new(self, rows)
    }

    /// Extracts in-memory documents into a partial result with its rows kept.
    pub fn extract(&self, docs: impl IntoIterator<Item = Document>) -> Result<Partial> {
        let mut run = self.run();
        for d in docs {
            run.push(d)?;
        }
        run.finish()
    }

    /// Finishes a partial result into the graph with this extractor's gazetteer and graph
    /// options (the partial is left as it was).
    pub fn graph(&self, partial: &Partial) -> ActorGraph {
        partial.builder.clone().finish(
            self.gazetteer.as_ref(),
            self.graph_date(partial),
            &self.finish,
        )
    }

    /// The date that picks titles when no document has one: the option, else the parts'
    /// common date, else today.
    fn graph_date(&self, partial: &Partial) -> Date {
        self.date
            .or_else(|| {
                partial
                    .manifest
                    .date
                    .as_deref()
                    .and_then(|d| Date::parse(d, false))
            })
            .unwrap_or_else(Date::today)
    }

    /// Writes the files `actornet extract -f FORMATS -o DIR` writes for the partial result's
    /// documents, all-or-nothing; returns their paths.
    pub fn write(
        &self,
        partial: &Partial,
        dir: &Path,
        formats: &[Format],
        quiet: bool,
    ) -> Result<Vec<PathBuf>> {
        let mut set = OutputSet::new(dir)?;
        self.write_into(&mut set, partial.clone(), formats, quiet)?;
        set.commit()
    }

    /// Finishes a partial result into its graph and queues the files of `formats` and
    /// `run.json` in an output set (`mentions.csv` and `evidence.csv` from kept rows; a run
    /// that streamed them into the set has none). Returns the graph.
    pub fn write_into(
        &self,
        set: &mut OutputSet,
        partial: Partial,
        formats: &[Format],
        quiet: bool,
    ) -> Result<ActorGraph> {
        let formats: Vec<Format> = Format::expand(formats).into_iter().collect();
        if formats.contains(&Format::Csv) && !partial.rows.0.is_empty() {
            write_tables(set, &partial.rows, self.dialect)?;
        }
        let date = self.graph_date(&partial);
        let (builder, mut manifest, xlsx) = partial.into_parts();
        let xlsx = if formats.contains(&Format::Xlsx) {
            xlsx
        } else {
            None
        };
        manifest.graph = Some(self.finish.clone());
        let graph = builder.finish(self.gazetteer.as_ref(), date, &self.finish);
        write_graph(set, &graph, &formats, self.dialect, xlsx, &manifest, quiet)?;
        Ok(graph)
    }

    /// The manifest a run with this extractor starts from.
    fn manifest(&self) -> Manifest {
        Manifest {
            tool: "actornet".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            gazetteer: self.gazetteer.fingerprint.clone(),
            window: self.options.window,
            graph: None,
            date: self.date.map(|d| d.to_string()),
            inputs: Vec::new(),
            documents: 0,
            bytes: 0,
            skipped: Vec::new(),
        }
    }
}

/// Takes a batch's rendered `mentions.csv` and `evidence.csv` rows.
pub type CsvSink<'a> = Box<dyn FnMut(&[u8], &[u8]) -> Result<()> + Send + 'a>;

/// Takes a batch's lines of the partial stream.
pub type StreamSink<'a> = Box<dyn FnMut(&[u8]) -> Result<()> + Send + 'a>;

/// What a run does with its mention and evidence rows.
pub enum Rows<'a> {
    /// Keep them in the [`Partial`] (for data frames, merges and writing later).
    Keep,
    /// Render them in the workers (CSV rows in the extractor's dialect, without header) and hand
    /// each batch's `mentions.csv` and `evidence.csv` bytes over in input order: memory stays
    /// flat however long the corpus. The partial then has no rows.
    Csv(CsvSink<'a>),
    /// Like `Csv`, as lines of the partial stream ([`Partial::write_stream`]).
    Stream(StreamSink<'a>),
    /// Drop them.
    Drop,
}

/// A run over documents: push them (or read sources), then [`Run::finish`]. Documents are
/// extracted in parallel batches; everything comes out in the order the documents went in, so
/// any number of threads gives the same bytes.
pub struct Run<'e> {
    extractor: &'e Extractor,
    rows: Rows<'e>,
    builder: GraphBuilder,
    batch: Vec<Document>,
    batch_bytes: usize,
    mentions: Vec<MentionRow>,
    evidence: Vec<EvidenceRow>,
    /// Mention rows kept for the xlsx sheet when rows are not kept (capped), and their total.
    xlsx: Option<(Vec<MentionRow>, usize)>,
    dropped: Option<Vec<Dropped>>,
    manifest: Manifest,
}

/// Documents per parallel batch.
const BATCH_DOCS: usize = 1024;
/// Bytes per parallel batch.
const BATCH_BYTES: usize = 8 << 20;

/// What a worker makes of one document beside its extraction.
enum Made {
    Rows(Vec<MentionRow>, Vec<EvidenceRow>),
    Csv(Vec<u8>, Vec<u8>),
    Stream(Vec<u8>),
    Nothing,
}

impl<'e> Run<'e> {
    fn new(extractor: &'e Extractor, rows: Rows<'e>) -> Run<'e> {
        Run {
            extractor,
            rows,
            builder: GraphBuilder::new(extractor.options.window),
            batch: Vec::new(),
            batch_bytes: 0,
            mentions: Vec::new(),
            evidence: Vec::new(),
            xlsx: None,
            dropped: None,
            manifest: extractor.manifest(),
        }
    }

    /// Also keeps the first mention rows (up to the xlsx sheet's limit) when rows are not kept,
    /// for a `graph.xlsx`.
    pub fn keep_xlsx_rows(&mut self) {
        self.xlsx = Some((Vec::new(), 0));
    }

    /// Also collects the ambiguous names that were dropped, and why.
    pub fn keep_dropped(&mut self) {
        self.dropped = Some(Vec::new());
    }

    /// Records an input as given (for `run.json`).
    pub fn input(&mut self, name: impl Into<String>) {
        self.manifest.inputs.push(name.into());
    }

    /// Records a bad record that was skipped (listed in `run.json` and the result).
    pub fn skipped(&mut self, why: impl Into<String>) {
        self.manifest.skipped.push(why.into());
    }

    /// Documents pushed so far (extracted or waiting in the batch).
    pub fn documents(&self) -> u64 {
        self.manifest.documents + self.batch.len() as u64
    }

    /// Bytes of text extracted so far.
    pub fn bytes(&self) -> u64 {
        self.manifest.bytes
    }

    /// Adds a document; a full batch is extracted at once. A document without a date gets the
    /// extractor's.
    pub fn push(&mut self, mut doc: Document) -> Result<()> {
        if doc.date.is_none() {
            doc.date = self.manifest.date.clone();
        }
        self.batch_bytes += doc.text.len();
        self.batch.push(doc);
        if self.batch.len() >= BATCH_DOCS || self.batch_bytes >= BATCH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Reads every document of a source (file, folder entry or standard input) into the run;
    /// reading warnings (skipped records) are recorded. `progress` gets the bytes done after
    /// each batch.
    pub fn read(&mut self, source: &Source, progress: &mut dyn FnMut(u64)) -> Result<()> {
        let opts = self.extractor.input.clone();
        let warnings = crate::input::read_each(source, &opts, &mut |doc| {
            let before = self.manifest.bytes;
            self.push(doc)?;
            if self.manifest.bytes != before {
                progress(self.manifest.bytes);
            }
            Ok(())
        })?;
        self.manifest.skipped.extend(warnings);
        Ok(())
    }

    /// Extracts the waiting batch.
    fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let x = self.extractor;
        let inner = &x.inner;
        let dialect = x.dialect;
        let mode = match &self.rows {
            Rows::Keep => 0,
            Rows::Csv(_) => 1,
            Rows::Stream(_) => 2,
            Rows::Drop => 3,
        };
        let prepare = |d: &Document, e: &Extraction| match mode {
            0 => Made::Rows(
                MentionRow::from_extraction(inner, e, &d.text),
                EvidenceRow::from_extraction(inner, e, &d.text),
            ),
            1 => Made::Csv(
                export::csv::render_mentions(inner, e, &d.text, dialect),
                export::csv::render_evidence(inner, e, &d.text, dialect),
            ),
            2 => Made::Stream(stream_lines(
                &MentionRow::from_extraction(inner, e, &d.text),
                &EvidenceRow::from_extraction(inner, e, &d.text),
            )),
            _ => Made::Nothing,
        };
        let batch = std::mem::take(&mut self.batch);
        let (results, part) =
            pipeline::process_batch(&x.pool, inner, &batch, Some(x.options.window), &prepare);
        if let Some(p) = part {
            self.builder.merge(p);
        }
        for (doc, (e, made)) in batch.iter().zip(results) {
            self.manifest.documents += 1;
            self.manifest.bytes += doc.text.len() as u64;
            match made {
                Made::Rows(m, ev) => {
                    self.mentions.extend(m);
                    self.evidence.extend(ev);
                }
                Made::Csv(m, ev) => {
                    if let Rows::Csv(f) = &mut self.rows {
                        f(&m, &ev)?;
                    }
                }
                Made::Stream(lines) => {
                    if let Rows::Stream(f) = &mut self.rows {
                        f(&lines)?;
                    }
                }
                Made::Nothing => {}
            }
            if let Some((rows, total)) = &mut self.xlsx {
                *total += e.mentions.len();
                if rows.len() < export::xlsx::MAX_MENTION_ROWS {
                    rows.extend(MentionRow::from_extraction(inner, &e, &doc.text));
                    rows.truncate(export::xlsx::MAX_MENTION_ROWS);
                }
            }
            if let Some(d) = &mut self.dropped {
                d.extend(e.dropped);
            }
        }
        self.batch_bytes = 0;
        Ok(())
    }

    /// Extracts what is left and returns the partial result.
    pub fn finish(mut self) -> Result<Partial> {
        self.flush()?;
        let kept = matches!(self.rows, Rows::Keep);
        Ok(Partial {
            manifest: self.manifest,
            builder: self.builder,
            rows: PartRows(if kept {
                vec![Segment::Kept {
                    mentions: self.mentions,
                    evidence: self.evidence,
                }]
            } else {
                Vec::new()
            }),
            xlsx: self.xlsx,
            dropped: self.dropped.unwrap_or_default(),
        })
    }
}

/// The result of a run, or of merging runs: the graph totals (not yet weighted or pruned), the
/// manifest, and the mention and evidence rows in document order.
#[derive(Debug, Clone)]
pub struct Partial {
    /// What was read, with which gazetteer (`run.json`).
    pub manifest: Manifest,
    builder: GraphBuilder,
    rows: PartRows,
    xlsx: Option<(Vec<MentionRow>, usize)>,
    dropped: Vec<Dropped>,
}

/// Rows of a partial: kept values, or the tables of a partial folder on disk.
#[derive(Debug, Clone, Default)]
struct PartRows(Vec<Segment>);

#[derive(Debug, Clone)]
enum Segment {
    Kept {
        mentions: Vec<MentionRow>,
        evidence: Vec<EvidenceRow>,
    },
    Folder(PathBuf),
}

impl PartRows {
    fn xlsx_rows(&self) -> (Vec<MentionRow>, usize) {
        let mut rows = Vec::new();
        let mut total = 0;
        for s in &self.0 {
            if let Segment::Kept { mentions, .. } = s {
                total += mentions.len();
                let room = export::xlsx::MAX_MENTION_ROWS.saturating_sub(rows.len());
                rows.extend(mentions.iter().take(room).cloned());
            }
        }
        (rows, total)
    }
}

/// The header line of the JSON form of a partial.
#[derive(Serialize, Deserialize)]
struct Head {
    manifest: Manifest,
    builder: GraphBuilder,
}

/// One line of the partial stream.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Line {
    /// A mention row.
    M(MentionRow),
    /// An evidence row.
    E(EvidenceRow),
    /// The totals and manifest: the last line of one partial.
    Partial(Head),
}

/// [`Head`] by reference, for writing.
#[derive(Serialize)]
struct HeadRef<'a> {
    manifest: &'a Manifest,
    builder: &'a GraphBuilder,
}

fn stream_lines(mentions: &[MentionRow], evidence: &[EvidenceRow]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in mentions {
        line(&mut out, &LineRef::M(m));
    }
    for e in evidence {
        line(&mut out, &LineRef::E(e));
    }
    out
}

#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum LineRef<'a> {
    M(&'a MentionRow),
    E(&'a EvidenceRow),
    Partial(HeadRef<'a>),
}

fn line(out: &mut Vec<u8>, l: &LineRef<'_>) {
    // rows of strings and numbers always serialize
    let _ = serde_json::to_writer(&mut *out, l);
    out.push(b'\n');
}

impl Partial {
    /// Number of documents.
    pub fn documents(&self) -> u64 {
        self.manifest.documents
    }

    /// The mention rows (`mentions.csv`) in document order, when they were kept.
    pub fn mentions(&self) -> impl Iterator<Item = &MentionRow> {
        self.rows.0.iter().flat_map(|s| match s {
            Segment::Kept { mentions, .. } => mentions.as_slice(),
            Segment::Folder(_) => &[],
        })
    }

    /// The evidence rows (`evidence.csv`) in document order, when they were kept.
    pub fn evidence(&self) -> impl Iterator<Item = &EvidenceRow> {
        self.rows.0.iter().flat_map(|s| match s {
            Segment::Kept { evidence, .. } => evidence.as_slice(),
            Segment::Folder(_) => &[],
        })
    }

    /// The ambiguous names dropped, when the run collected them.
    pub fn dropped(&self) -> &[Dropped] {
        &self.dropped
    }

    /// Takes the ambiguous names dropped out of the partial.
    pub fn take_dropped(&mut self) -> Vec<Dropped> {
        std::mem::take(&mut self.dropped)
    }

    /// Writes the partial as a stream of JSON lines: its kept rows (`{"m": …}` mention and
    /// `{"e": …}` evidence lines), then one `{"partial": {"manifest": …, "builder": …}}` line
    /// that closes it. Streams concatenate: `cat a b | actornet merge -` reads both parts.
    pub fn write_stream(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut buf = Vec::new();
        for s in &self.rows.0 {
            if let Segment::Kept { mentions, evidence } = s {
                buf.extend(stream_lines(mentions, evidence));
                out.write_all(&buf)?;
                buf.clear();
            }
        }
        self.write_stream_end(out)
    }

    /// Writes the closing line of the stream form (after rows streamed by [`Rows::Stream`]).
    pub fn write_stream_end(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut buf = Vec::new();
        line(
            &mut buf,
            &LineRef::Partial(HeadRef {
                manifest: &self.manifest,
                builder: &self.builder,
            }),
        );
        out.write_all(&buf)
    }

    /// The stream form in memory (see [`Partial::write_stream`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        // writing into memory cannot fail
        let _ = self.write_stream(&mut out);
        out
    }

    /// Reads every partial in a stream (one or more concatenated); `name` is for messages.
    pub fn read_stream(name: &Path, reader: impl std::io::BufRead) -> Result<Vec<Partial>> {
        let mut parts = Vec::new();
        let mut mentions = Vec::new();
        let mut evidence = Vec::new();
        let mut last = 0;
        for (i, l) in reader.lines().enumerate() {
            let l = l.map_err(|e| Error::io(name, e))?;
            last = i + 1;
            if l.trim().is_empty() {
                continue;
            }
            let parsed: Line = serde_json::from_str(&l).map_err(|e| Error::Input {
                path: name.to_path_buf(),
                line: Some(i + 1),
                message: format!("not a line of an actornet partial stream: {e}"),
            })?;
            match parsed {
                Line::M(m) => mentions.push(m),
                Line::E(e) => evidence.push(e),
                Line::Partial(h) => parts.push(Partial {
                    manifest: h.manifest,
                    builder: h.builder,
                    rows: PartRows(vec![Segment::Kept {
                        mentions: std::mem::take(&mut mentions),
                        evidence: std::mem::take(&mut evidence),
                    }]),
                    xlsx: None,
                    dropped: Vec::new(),
                }),
            }
        }
        if !mentions.is_empty() || !evidence.is_empty() {
            return Err(Error::Input {
                path: name.to_path_buf(),
                line: Some(last),
                message: "the stream ends in the middle of a partial result (rows without the closing \"partial\" line): was extract cut short?".into(),
            });
        }
        if parts.is_empty() {
            return Err(Error::input(name, "no partial result in it"));
        }
        Ok(parts)
    }

    /// A partial from its stream form (one part).
    pub fn from_bytes(bytes: &[u8]) -> Result<Partial> {
        let mut parts = Partial::read_stream(Path::new("<bytes>"), bytes)?;
        if parts.len() != 1 {
            return Err(Error::input(
                "<bytes>",
                format!("{} partial results where one was expected", parts.len()),
            ));
        }
        Ok(parts.remove(0))
    }

    /// Reads a partial folder written by `extract --partial -o DIR` (or its partial.json). Its
    /// rows stay on disk and are copied when the merge is written.
    pub fn read_folder(path: &Path) -> Result<Partial> {
        let (folder, file) = if path.is_dir() {
            (path.to_path_buf(), path.join("partial.json"))
        } else {
            (
                path.parent().unwrap_or(Path::new(".")).to_path_buf(),
                path.to_path_buf(),
            )
        };
        let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
        let head: Head = serde_json::from_slice(&bytes)
            .map_err(|e| Error::input(&file, format!("not a partial result of actornet: {e}")))?;
        Ok(Partial {
            manifest: head.manifest,
            builder: head.builder,
            rows: PartRows(vec![Segment::Folder(folder)]),
            xlsx: None,
            dropped: Vec::new(),
        })
    }

    /// Writes the folder form: `partial.json`, `mentions.csv` and `evidence.csv` (the latter
    /// two from kept rows; a run with [`Rows::Csv`] writes them itself).
    pub(crate) fn write_folder(&self, set: &mut OutputSet, dialect: Dialect) -> Result<()> {
        if !self.rows.0.is_empty() {
            write_tables(set, &self.rows, dialect)?;
        }
        let head = HeadRef {
            manifest: &self.manifest,
            builder: &self.builder,
        };
        set.write("partial.json", |w| {
            serde_json::to_writer(w, &head).map_err(std::io::Error::from)
        })
    }

    /// Consumes the partial into the finished graph, its manifest and its rows.
    pub(crate) fn into_parts(self) -> (GraphBuilder, Manifest, Option<(Vec<MentionRow>, usize)>) {
        let xlsx = self.xlsx.or_else(|| Some(self.rows.xlsx_rows()));
        (self.builder, self.manifest, xlsx)
    }
}

/// Combines partial results into the one that a single run over all their documents gives, in
/// the order given. The graph does not depend on that order; the rows (`mentions.csv`,
/// `evidence.csv`) and the manifest's lists of inputs and skipped records follow it. Every part
/// must come from the same gazetteers (`fingerprint`) and window; `names` name the parts in
/// messages.
pub fn merge_partials(parts: Vec<(PathBuf, Partial)>, fingerprint: &str) -> Result<Partial> {
    let mut merged: Option<Partial> = None;
    for (name, part) in parts {
        if part.manifest.gazetteer != fingerprint {
            return Err(Error::input(
                &name,
                "made with other gazetteers than this merge; pass the same --gazetteer options",
            ));
        }
        merged = Some(match merged {
            None => part,
            Some(mut m) => {
                if m.manifest.window != part.manifest.window {
                    return Err(Error::input(
                        &name,
                        format!(
                            "window {} differs from {}",
                            part.manifest.window, m.manifest.window
                        ),
                    ));
                }
                m.builder.merge(part.builder);
                m.manifest.inputs.extend(part.manifest.inputs);
                m.manifest.documents += part.manifest.documents;
                m.manifest.bytes += part.manifest.bytes;
                m.manifest.skipped.extend(part.manifest.skipped);
                if m.manifest.date != part.manifest.date {
                    m.manifest.date = None;
                }
                m.rows.0.extend(part.rows.0);
                m.xlsx = None;
                m.dropped.extend(part.dropped);
                m
            }
        });
    }
    merged.ok_or_else(|| Error::Usage("no partial results given".into()))
}

/// Writes `mentions.csv` and `evidence.csv` from a partial's rows: kept rows rendered in the
/// dialect, folder tables copied without their header.
fn write_tables(set: &mut OutputSet, rows: &PartRows, dialect: Dialect) -> Result<()> {
    use export::csv::{Table, EVIDENCE_HEADER, MENTION_HEADER};
    for (name, header) in [
        ("mentions.csv", MENTION_HEADER),
        ("evidence.csv", EVIDENCE_HEADER),
    ] {
        set.write(name, |w| {
            let mut t = Table::new(w, dialect, header)?;
            for s in &rows.0 {
                match s {
                    Segment::Kept { mentions, evidence } => {
                        if name == "mentions.csv" {
                            for m in mentions {
                                t.row(&m.cells())?;
                            }
                        } else {
                            for e in evidence {
                                t.row(&e.cells())?;
                            }
                        }
                    }
                    Segment::Folder(f) => {
                        let text = std::fs::read(f.join(name))?;
                        let start = text
                            .iter()
                            .position(|b| *b == b'\n')
                            .map_or(text.len(), |p| p + 1);
                        t.write_raw(&text[start..])?;
                    }
                }
            }
            t.finish()?;
            Ok(())
        })?;
    }
    Ok(())
}

/// Writes the graph files of the chosen formats and run.json.
pub(crate) fn write_graph(
    set: &mut OutputSet,
    graph: &ActorGraph,
    formats: &[Format],
    dialect: Dialect,
    mention_rows: Option<(Vec<MentionRow>, usize)>,
    manifest: &Manifest,
    quiet: bool,
) -> Result<()> {
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
                let (rows, total) = mention_rows.clone().unwrap_or_default();
                if total > rows.len() && !quiet {
                    eprintln!(
                        "warning: graph.xlsx holds the first {} of {total} mentions (a sheet's limit); mentions.csv has all",
                        rows.len()
                    );
                }
                set.write("graph.xlsx", |w| export::xlsx::write(graph, &rows, w))?;
            }
            Format::All => {} // expanded by Format::expand
        }
    }
    set.write("run.json", |w| {
        serde_json::to_writer_pretty(&mut *w, manifest).map_err(std::io::Error::from)?;
        w.write_all(b"\n")
    })
}

/// Parses a `--date` value.
pub(crate) fn parse_date(d: Option<&str>) -> Result<Option<Date>> {
    match d {
        Some(d) => Date::parse(d, false)
            .map(Some)
            .ok_or_else(|| Error::Usage(format!("--date {d:?} is not a date (YYYY-MM-DD)"))),
        None => Ok(None),
    }
}
