//! The library API of a run, in memory: an [`Extractor`] built once from gazetteers and options,
//! a [`Run`] that takes documents (from files, or handed over one by one by a program or another
//! language's binding) and yields a [`Partial`]: the graph totals and the mention and evidence
//! rows, which finish into the graph, write exactly the files of `actornet extract`, or merge
//! with other partials ([`merge_partials`]) into what one run over all their documents gives.
//!
//! `actornet extract` and `actornet merge` run through this module, and so do the Python
//! bindings, so that both produce the same bytes.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::extract::{GraphOptions, Manifest};
use super::GazetteerOptions;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::export::rows::{EvidenceRef, EvidenceRow, MentionRef, MentionRow};
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
    /// Drop copies of documents already read, by id or by content (listed in `run.json`'s
    /// `skipped`); `None` counts every copy and reports the repeated ids.
    #[serde(default)]
    pub dedupe: Option<pipeline::Dedupe>,
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
            dedupe: None,
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

    /// Where the lexicons come from: `roles` and `titles` when given, else a `roles.csv`,
    /// `titles.csv`, `frames.csv` or `words.csv` in a gazetteer folder, else the built-in ones.
    pub fn lexicon_paths(&self) -> crate::extract::lexicon::LexiconPaths {
        crate::extract::lexicon::LexiconPaths {
            roles: self.roles.clone(),
            titles: self.titles.clone(),
            ..Default::default()
        }
        .from_folders(&self.gazetteers)
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
        // the cue lexicons are read, and their automata built, while the gazetteer loads:
        // start-up is what a user waits for on every command
        let lexicon_paths = options.lexicon_paths();
        let (gazetteer, lexicons) = std::thread::scope(|s| {
            let lexicons = s.spawn(|| Lexicons::load(&lexicon_paths).map(ex::LexiconParts::new));
            let gazetteer = GazetteerOptions {
                gazetteers: options.gazetteers.clone(),
                no_default_gazetteers: options.no_default_gazetteers,
            }
            .load_for_matching();
            let lexicons = lexicons
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (gazetteer, lexicons)
        });
        let gazetteer = Arc::new(gazetteer?);
        let lexicons = lexicons?;
        let inner = ex::Extractor::with_lexicon_parts(gazetteer.clone(), lexicons);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(pipeline::worker_threads(options.threads))
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

    /// The date that picks the titles of people in undated documents (mention rows): the
    /// option, else today.
    pub fn title_date(&self) -> Date {
        self.date.unwrap_or_else(Date::today)
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
    pub fn graph(&self, partial: &Partial) -> Result<ActorGraph> {
        let finish = resolve_excludes(self.finish.clone(), &self.gazetteer, &partial.builder)?;
        Ok(partial.builder.clone().finish(
            self.gazetteer.as_ref(),
            self.graph_date(partial),
            &finish,
        ))
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
        let workbook = if formats.contains(&Format::Xlsx) {
            let path = set.dir().join("graph.xlsx");
            let w = match partial.xlsx.as_ref().and_then(SharedWorkbook::take) {
                Some(w) => w,
                None => {
                    // rows kept in memory (or none, for folder parts) go in now
                    let mut w = export::xlsx::WorkbookWriter::new(Some(set.dir()), date)
                        .map_err(|e| out_err(&path, export::xlsx::io_error(e)))?;
                    for s in &partial.rows.0 {
                        if let Segment::Kept { mentions, .. } = s {
                            w.add_rows(mentions)
                                .map_err(|e| out_err(&path, export::xlsx::io_error(e)))?;
                        }
                    }
                    w
                }
            };
            Some((path, w))
        } else {
            None
        };
        let Partial {
            builder,
            mut manifest,
            report,
            ..
        } = partial;
        let finish = resolve_excludes(self.finish.clone(), &self.gazetteer, &builder)?;
        manifest.graph = Some(finish.clone());
        let graph = builder.finish(self.gazetteer.as_ref(), date, &finish);
        write_graph(
            set,
            &graph,
            &formats,
            self.dialect,
            Collected {
                workbook,
                evidence: report.as_ref(),
                pool: Some(&self.pool),
            },
            &manifest,
            quiet,
        )?;
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
    /// The xlsx workbook whose Mentions sheet is streamed while the run reads.
    workbook: Option<export::xlsx::WorkbookWriter>,
    /// The report's evidence sentences, in input order.
    report: Option<export::report::ReportEvidence>,
    title_date: Date,
    seen_ids: BTreeSet<String>,
    /// Length and hashes of the texts read, for `dedupe: content`.
    seen_texts: BTreeSet<(usize, u64, u64)>,
    duplicates: Vec<String>,
    dropped: Option<Vec<Dropped>>,
    manifest: Manifest,
    /// The batch the workers are extracting while the next one is read.
    pending: Option<Pending>,
}

/// A job's documents with what the workers made of them, and its graph totals.
type Extracted = (Vec<Document>, Vec<(Extraction, Made)>, Option<GraphBuilder>);

/// A batch handed to the worker pool as jobs of [`CHUNK_BYTES`] of text: each job's result
/// arrives on its channel, in the order of the jobs (a panic in a worker arrives as the panic,
/// and is resumed on the reading thread).
struct Pending {
    results: Vec<std::sync::mpsc::Receiver<std::thread::Result<Extracted>>>,
    documents: usize,
}

/// Documents per parallel batch. Up to three batches are in memory at once (being read, being
/// extracted, being written), and what they allocate and free leaves the allocator's free space
/// behind: 1024 documents (4 MB of briefs) made that 60–90 MB of a 500 MB run's peak; 256
/// made it 20–30 MB, at the same speed.
const BATCH_DOCS: usize = 256;
/// Bytes per parallel batch.
const BATCH_BYTES: usize = 8 << 20;
/// Bytes of text per job of a batch (a job ends with the document that reaches it). A batch
/// is many small jobs, not one job that splits itself: a worker that is done takes the next
/// job, of this batch or of the next, and never waits at the end of a batch for the other
/// workers' last documents.
const CHUNK_BYTES: usize = 128 << 10;

/// What a worker makes of one document beside its extraction.
enum Made {
    Rows(Vec<MentionRow>, Vec<EvidenceRow>),
    Csv(Vec<u8>, Vec<u8>),
    Stream(Vec<u8>),
    Nothing,
}

impl<'e> Run<'e> {
    fn new(extractor: &'e Extractor, rows: Rows<'e>) -> Run<'e> {
        let rows_kept = matches!(rows, Rows::Keep);
        Run {
            extractor,
            rows,
            builder: GraphBuilder::new(extractor.options.window),
            batch: Vec::new(),
            batch_bytes: 0,
            mentions: Vec::new(),
            evidence: Vec::new(),
            workbook: None,
            // rows kept in memory: the report's evidence too, so that writing later gives the
            // same files as a streaming run
            report: rows_kept.then(export::report::ReportEvidence::new),
            title_date: extractor.title_date(),
            seen_ids: BTreeSet::new(),
            seen_texts: BTreeSet::new(),
            duplicates: Vec::new(),
            dropped: None,
            manifest: extractor.manifest(),
            pending: None,
        }
    }

    /// Streams the xlsx Mentions sheet while the run reads (constant memory), for a
    /// `graph.xlsx`; its temporary file goes in `tempdir` (unnamed; the system's temporary
    /// folder when `None`).
    pub fn stream_xlsx(&mut self, tempdir: Option<&Path>) -> Result<()> {
        let w = export::xlsx::WorkbookWriter::new(tempdir, self.title_date).map_err(|e| {
            out_err(
                &tempdir.unwrap_or(Path::new(".")).join("graph.xlsx"),
                export::xlsx::io_error(e),
            )
        })?;
        self.workbook = Some(w);
        Ok(())
    }

    /// Also collects the sentences `report.html` shows as evidence.
    pub fn keep_report_evidence(&mut self) {
        self.report
            .get_or_insert_with(export::report::ReportEvidence::new);
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
        let pending = self.pending.as_ref().map_or(0, |p| p.documents);
        self.manifest.documents + (self.batch.len() + pending) as u64
    }

    /// Bytes of text extracted so far.
    pub fn bytes(&self) -> u64 {
        self.manifest.bytes
    }

    /// Adds a document; a full batch is extracted at once. A document without a date gets the
    /// extractor's. With `dedupe`, a copy of a document read before is dropped and listed in
    /// the manifest's `skipped`.
    pub fn push(&mut self, mut doc: Document) -> Result<()> {
        let new_id = self.seen_ids.insert(doc.id.clone());
        let dedupe = self.extractor.options.dedupe;
        let copy = match dedupe {
            None => {
                if !new_id {
                    self.duplicates.push(doc.id.clone());
                }
                false
            }
            Some(pipeline::Dedupe::Id) => !new_id,
            Some(pipeline::Dedupe::Content) => {
                !self.seen_texts.insert(pipeline::content_key(&doc.text))
            }
        };
        if let (true, Some(d)) = (copy, dedupe) {
            self.manifest.skipped.push(format!(
                "{}: a copy of a document read before, dropped (--dedupe {d})",
                doc.id
            ));
            return Ok(());
        }
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

    /// Hands the waiting batch to the workers, as jobs of [`CHUNK_BYTES`] of text. With more
    /// than one worker, the batch before it is then taken in (each job's rows written as the
    /// job is done) while the workers extract this one and the caller reads the next: reading,
    /// writing and extracting overlap. With one worker the batch is taken in at once, so
    /// `--threads 1` uses one core for extraction and reading in turn.
    fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let x = self.extractor;
        let inner = x.inner.clone();
        let dialect = x.dialect;
        let title_date = self.title_date;
        let window = x.options.window;
        let mode = match &self.rows {
            Rows::Keep => 0,
            Rows::Csv(_) => 1,
            Rows::Stream(_) => 2,
            Rows::Drop => 3,
        };
        let batch = std::mem::take(&mut self.batch);
        self.batch_bytes = 0;
        let documents = batch.len();
        // the jobs in input order, each of at least CHUNK_BYTES of text (or the rest of the
        // batch); one worker gets the batch as one job (nothing to balance, one graph builder
        // to merge)
        let chunk_bytes = if x.pool.current_num_threads() == 1 {
            usize::MAX
        } else {
            CHUNK_BYTES
        };
        let mut chunks: Vec<Vec<Document>> = Vec::new();
        let mut bytes = usize::MAX;
        for doc in batch {
            if bytes >= chunk_bytes {
                chunks.push(Vec::new());
                bytes = 0;
            }
            bytes += doc.text.len();
            chunks.last_mut().expect("a chunk was started").push(doc);
        }
        let mut results = Vec::with_capacity(chunks.len());
        for chunk in chunks {
            let inner = inner.clone();
            let (tx, rx) = std::sync::mpsc::sync_channel(1);
            let job = move || {
                let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let prepare = |d: &Document, e: &Extraction| match mode {
                        0 => Made::Rows(
                            MentionRow::from_extraction(&inner, e, &d.text, title_date),
                            EvidenceRow::from_extraction(&inner, e, &d.text),
                        ),
                        1 => Made::Csv(
                            export::csv::render_mentions(&inner, e, &d.text, dialect, title_date),
                            export::csv::render_evidence(&inner, e, &d.text, dialect),
                        ),
                        2 => Made::Stream(stream_lines(
                            MentionRef::all(&inner, e, &d.text, title_date),
                            EvidenceRef::all(&inner, e, &d.text),
                        )),
                        _ => Made::Nothing,
                    };
                    let (results, part) =
                        pipeline::extract_each(&inner, &chunk, Some(window), &prepare);
                    (chunk, results, part)
                }));
                // the receiver is gone only when the run was dropped on an error
                let _ = tx.send(made);
            };
            if x.pool.current_thread_index().is_some() {
                // called from one of the pool's own workers: waiting there for a job queued
                // behind it could wait forever, so the job is done right here
                job();
            } else {
                x.pool.spawn(job);
            }
            results.push(rx);
        }
        let before = self.pending.replace(Pending { results, documents });
        if let Some(p) = before {
            self.take_in(p)?;
        }
        if x.pool.current_num_threads() == 1 {
            self.wait()?;
        }
        Ok(())
    }

    /// Takes in the batch the workers are extracting, if any.
    fn wait(&mut self) -> Result<()> {
        match self.pending.take() {
            Some(p) => self.take_in(p),
            None => Ok(()),
        }
    }

    /// Takes in an extracted batch, in input order: graph totals, rows, workbook, report.
    fn take_in(&mut self, pending: Pending) -> Result<()> {
        let receive = |result: std::sync::mpsc::Receiver<_>| match result.recv() {
            Ok(Ok(made)) => made,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => unreachable!("a worker job always sends its result"),
        };
        // the jobs' results are written as they arrive, while the workers do the next jobs
        // (one worker has one job a batch: it is extracted whole before any of it is written)
        for result in pending.results {
            let made = receive(result);
            self.take_in_chunk(made)?;
        }
        Ok(())
    }

    /// Takes in one job's documents and what the workers made of them.
    fn take_in_chunk(&mut self, (batch, results, part): Extracted) -> Result<()> {
        let inner = &self.extractor.inner;
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
            if let Some(w) = &mut self.workbook {
                w.add(inner, &e, &doc.text).map_err(|err| Error::Output {
                    path: PathBuf::from("graph.xlsx"),
                    message: err.to_string(),
                })?;
            }
            if let Some(r) = &mut self.report {
                r.add(inner, &e, &doc.text);
            }
            if let Some(d) = &mut self.dropped {
                d.extend(e.dropped);
            }
        }
        Ok(())
    }

    /// Extracts what is left and returns the partial result.
    pub fn finish(mut self) -> Result<Partial> {
        self.flush()?;
        self.wait()?;
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
            xlsx: self.workbook.map(SharedWorkbook::new),
            report: self.report,
            duplicates: self.duplicates,
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
    xlsx: Option<SharedWorkbook>,
    report: Option<export::report::ReportEvidence>,
    duplicates: Vec<String>,
    dropped: Vec<Dropped>,
}

/// A workbook streamed by a run, handed to the one write that finishes it (a partial's clones
/// share it; later writes fill a new sheet from kept rows, or leave it empty).
#[derive(Clone)]
struct SharedWorkbook(Arc<Mutex<Option<export::xlsx::WorkbookWriter>>>);

impl SharedWorkbook {
    fn new(w: export::xlsx::WorkbookWriter) -> SharedWorkbook {
        SharedWorkbook(Arc::new(Mutex::new(Some(w))))
    }

    fn take(&self) -> Option<export::xlsx::WorkbookWriter> {
        self.0.lock().ok().and_then(|mut w| w.take())
    }
}

impl std::fmt::Debug for SharedWorkbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedWorkbook")
    }
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
    /// A part folder on disk and the number of mentions its partial.json counts.
    Folder(PathBuf, u64),
}

/// The file of a partial folder that holds the report's evidence sentences.
pub const REPORT_EVIDENCE_FILE: &str = "report-evidence.json";

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
    /// The sentences the report shows (before the closing line, when collected).
    R(Box<export::report::ReportEvidence>),
    /// The totals and manifest: the last line of one partial (boxed: far larger than a row).
    Partial(Box<Head>),
}

/// [`Head`] by reference, for writing.
#[derive(Serialize)]
struct HeadRef<'a> {
    manifest: &'a Manifest,
    builder: &'a GraphBuilder,
}

fn stream_lines<'a>(
    mentions: impl Iterator<Item = MentionRef<'a>>,
    evidence: impl IntoIterator<Item = EvidenceRef<'a>>,
) -> Vec<u8> {
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
    M(MentionRef<'a>),
    E(EvidenceRef<'a>),
    R(&'a export::report::ReportEvidence),
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
            Segment::Folder(..) => &[],
        })
    }

    /// The evidence rows (`evidence.csv`) in document order, when they were kept.
    pub fn evidence(&self) -> impl Iterator<Item = &EvidenceRow> {
        self.rows.0.iter().flat_map(|s| match s {
            Segment::Kept { evidence, .. } => evidence.as_slice(),
            Segment::Folder(..) => &[],
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
                buf.extend(stream_lines(
                    mentions.iter().map(MentionRow::view),
                    evidence.iter().map(EvidenceRow::view),
                ));
                out.write_all(&buf)?;
                buf.clear();
            }
        }
        self.write_stream_end(out)
    }

    /// Writes the closing line of the stream form (after rows streamed by [`Rows::Stream`]).
    pub fn write_stream_end(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut buf = Vec::new();
        if let Some(r) = &self.report {
            line(&mut buf, &LineRef::R(r));
        }
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
        let mut report = None;
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
                Line::R(r) => report = Some(*r),
                Line::Partial(h) => parts.push(Partial {
                    manifest: h.manifest,
                    builder: h.builder,
                    rows: PartRows(vec![Segment::Kept {
                        mentions: std::mem::take(&mut mentions),
                        evidence: std::mem::take(&mut evidence),
                    }]),
                    xlsx: None,
                    report: report.take(),
                    duplicates: Vec::new(),
                    dropped: Vec::new(),
                }),
            }
        }
        if !mentions.is_empty() || !evidence.is_empty() || report.is_some() {
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
        let mentions = head.builder.mentions();
        // the report's sentences, when the part collected them
        let report_file = folder.join(REPORT_EVIDENCE_FILE);
        let report = match std::fs::read(&report_file) {
            Ok(bytes) => Some(serde_json::from_slice(&bytes).map_err(|e| {
                Error::input(
                    &report_file,
                    format!("not the report evidence of an actornet partial result: {e}"),
                )
            })?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&report_file, e)),
        };
        Ok(Partial {
            manifest: head.manifest,
            builder: head.builder,
            rows: PartRows(vec![Segment::Folder(folder, mentions)]),
            xlsx: None,
            report,
            duplicates: Vec::new(),
            dropped: Vec::new(),
        })
    }

    /// Writes the folder form: `partial.json`, `mentions.csv` and `evidence.csv` (the latter
    /// two from kept rows; a run with [`Rows::Csv`] writes them itself).
    pub(crate) fn write_folder(&self, set: &mut OutputSet, dialect: Dialect) -> Result<()> {
        if !self.rows.0.is_empty() {
            write_tables(set, &self.rows, dialect)?;
        }
        if let Some(r) = &self.report {
            set.write(REPORT_EVIDENCE_FILE, |w| {
                serde_json::to_writer(w, r).map_err(std::io::Error::from)
            })?;
        }
        let head = HeadRef {
            manifest: &self.manifest,
            builder: &self.builder,
        };
        set.write("partial.json", |w| {
            serde_json::to_writer(w, &head).map_err(std::io::Error::from)
        })
    }

    /// Document ids read more than once in the run, once per extra copy, in input order.
    pub fn duplicates(&self) -> &[String] {
        &self.duplicates
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
                let documents = m.manifest.documents.checked_add(part.manifest.documents);
                let bytes = m.manifest.bytes.checked_add(part.manifest.bytes);
                let (Some(documents), Some(bytes), false) =
                    (documents, bytes, m.builder.overflowed())
                else {
                    return Err(Error::input(
                        &name,
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
                m.rows.0.extend(part.rows.0);
                m.xlsx = None;
                // the report's sentences, when every part collected them
                m.report = match (m.report.take(), part.report) {
                    (Some(mut a), Some(b)) => {
                        a.merge(b);
                        Some(a)
                    }
                    _ => None,
                };
                m.duplicates.extend(part.duplicates);
                m.dropped.extend(part.dropped);
                m
            }
        });
    }
    merged.ok_or_else(|| Error::Usage("no partial results given".into()))
}

/// Writes `mentions.csv` and `evidence.csv` from a partial's rows: kept rows rendered in the
/// dialect, the tables of part folders read as CSV, checked (header, fields per row, a complete
/// last row, one dialect, for mentions the row count of partial.json) and copied row by row, so
/// that a truncated or foreign part is an error naming its file and line, not a corrupt output.
/// A merge of folders only keeps the first part's BOM, as the parts were written.
fn write_tables(set: &mut OutputSet, rows: &PartRows, dialect: Dialect) -> Result<()> {
    use export::csv::{Table, EVIDENCE_HEADER, MENTION_HEADER};
    let all_folders = rows.0.iter().all(|s| matches!(s, Segment::Folder(..)));
    for (name, header) in [
        ("mentions.csv", MENTION_HEADER),
        ("evidence.csv", EVIDENCE_HEADER),
    ] {
        let mut out = set.create(name)?;
        let mut folder_bom: Option<bool> = None;
        let bom = match rows.0.first() {
            Some(Segment::Folder(f, _)) if all_folders => {
                let path = f.join(name);
                let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
                bytes.starts_with(b"\xEF\xBB\xBF")
            }
            _ => dialect.bom(),
        };
        if bom {
            out.writer()
                .write_all(b"\xEF\xBB\xBF")
                .map_err(|e| out.error(e))?;
        }
        let mut w = crlf_writer();
        w.write_record(header).map_err(|e| out.error(e.into()))?;
        drain(w, &mut out)?;
        for s in &rows.0 {
            match s {
                Segment::Kept { mentions, evidence } => {
                    let mut t =
                        Table::new(Vec::new(), dialect, header).map_err(|e| out.error(e))?;
                    if name == "mentions.csv" {
                        for m in mentions {
                            t.row(&m.cells()).map_err(|e| out.error(e))?;
                        }
                    } else {
                        for e in evidence {
                            t.row(&e.cells()).map_err(|e| out.error(e))?;
                        }
                    }
                    let text = t.finish().map_err(|e| out.error(e))?;
                    let start = text
                        .iter()
                        .position(|b| *b == b'\n')
                        .map_or(text.len(), |p| p + 1);
                    out.writer()
                        .write_all(&text[start..])
                        .map_err(|e| out.error(e))?;
                }
                Segment::Folder(folder, mentions) => {
                    copy_part_table(folder, name, header, *mentions, &mut folder_bom, &mut out)?;
                }
            }
        }
        set.add(out)?;
    }
    Ok(())
}

fn crlf_writer() -> ::csv::Writer<Vec<u8>> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .has_headers(false)
        .from_writer(Vec::with_capacity(1 << 16))
}

fn drain(w: ::csv::Writer<Vec<u8>>, out: &mut export::OutFile) -> Result<()> {
    let buf = w.into_inner().map_err(|e| out.error(e.into_error()))?;
    out.writer().write_all(&buf).map_err(|e| out.error(e))
}

/// Copies the rows of one part folder's table (see [`write_tables`]).
fn copy_part_table(
    folder: &Path,
    name: &str,
    header: &[&str],
    mentions: u64,
    first_bom: &mut Option<bool>,
    out: &mut export::OutFile,
) -> Result<()> {
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
    match *first_bom {
        None => *first_bom = Some(bom),
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
    let mut r = ::csv::ReaderBuilder::new()
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
    let mut w = crlf_writer();
    let mut rows = 0u64;
    let mut record = ::csv::ByteRecord::new();
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
            drain(std::mem::replace(&mut w, crlf_writer()), out)?;
        }
    }
    if name == "mentions.csv" && rows != mentions {
        return Err(bad(
            None,
            format!(
                "{rows} rows, but the part's partial.json counts {mentions} mentions (truncated or edited?)"
            ),
        ));
    }
    drain(w, out)
}

/// Turns an I/O error on an output into an error naming the file.
fn out_err(path: &Path, e: std::io::Error) -> Error {
    Error::Output {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// What a run collected beside the graph for the exporters that need more than the graph.
pub(crate) struct Collected<'a> {
    /// The xlsx writer, its Mentions sheet already streamed, with the path of `graph.xlsx`.
    pub(crate) workbook: Option<(PathBuf, export::xlsx::WorkbookWriter)>,
    /// The report's evidence sentences.
    pub(crate) evidence: Option<&'a export::report::ReportEvidence>,
    /// The run's worker pool, for outputs rendered in parallel (`edges.csv`).
    pub(crate) pool: Option<&'a rayon::ThreadPool>,
}

/// Turns the names given to `--exclude` into actor ids: an id as it is, else every actor
/// (of the gazetteer, or discovered in the documents) whose name or alias it is, compared
/// folded ("united states", "U.S."). A name that matches no actor, or several, is an error:
/// silently keeping an actor the user meant to leave out gives a wrong graph.
pub(crate) fn resolve_excludes(
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

/// Writes the graph files of the chosen formats and run.json.
pub(crate) fn write_graph(
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
        pool,
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
    // one job per file, in format order; the files are written at the same time on the pool
    // and queued in this order (the graph is only read)
    type Job<'j> = Box<dyn FnOnce(&mut export::OutFile) -> std::io::Result<()> + Send + 'j>;
    let mut jobs: Vec<(&str, Job<'_>)> = Vec::new();
    for format in formats {
        match format {
            Format::Graphml => jobs.push((
                "graph.graphml",
                Box::new(|w| export::graphml::write(graph, w)),
            )),
            Format::Csv => {
                jobs.push((
                    "nodes.csv",
                    Box::new(move |w| export::csv::write_nodes(graph, w, dialect)),
                ));
                jobs.push((
                    "edges.csv",
                    Box::new(move |w| match pool {
                        Some(pool) => export::csv::write_edges_on(graph, w, dialect, pool),
                        None => export::csv::write_edges(graph, w, dialect),
                    }),
                ));
            }
            Format::Gexf => jobs.push(("graph.gexf", Box::new(|w| export::gexf::write(graph, w)))),
            Format::Json => jobs.push(("graph.json", Box::new(|w| export::json::write(graph, w)))),
            Format::Dot => jobs.push(("graph.dot", Box::new(|w| export::dot::write(graph, w)))),
            Format::Xlsx => {
                // the file's error names graph.xlsx, the path the workbook was made for
                let Some((_, w)) = workbook.take() else {
                    continue;
                };
                if w.total() > w.written() && !quiet {
                    eprintln!(
                        "warning: graph.xlsx holds the first {} of {} mentions (a sheet's limit); mentions.csv has all",
                        w.written(),
                        w.total()
                    );
                }
                jobs.push((
                    "graph.xlsx",
                    Box::new(move |out| w.finish(graph, out).map_err(export::xlsx::io_error)),
                ));
            }
            Format::Html => {
                let d = drawing.as_ref().expect("laid out for html");
                let run_json = &run_json;
                jobs.push((
                    "report.html",
                    Box::new(move |w| {
                        export::report::write_drawing(graph, evidence, run_json, d, w)
                    }),
                ));
            }
            Format::Svg => {
                let d = drawing.as_ref().expect("laid out for svg");
                jobs.push((
                    "graph.svg",
                    Box::new(move |w| export::svg::write_drawing(graph, d, w)),
                ));
            }
            Format::All => {} // expanded by Format::expand
        }
    }
    jobs.push((
        "run.json",
        Box::new(|w| {
            serde_json::to_writer_pretty(&mut *w, manifest).map_err(std::io::Error::from)?;
            w.write_all(b"\n")
        }),
    ));
    let files = jobs
        .iter()
        .map(|(name, _)| set.create(name))
        .collect::<Result<Vec<_>>>()?;
    let write = |((_, job), mut file): ((&str, Job<'_>), export::OutFile)| {
        job(&mut file)
            .and_then(|()| file.flush())
            .map_err(|e| file.error(e))
            .map(|()| file)
    };
    let written: Vec<Result<export::OutFile>> = match pool {
        Some(pool) if pool.current_num_threads() > 1 && jobs.len() > 1 => {
            use rayon::prelude::*;
            pool.install(|| jobs.into_par_iter().zip(files).map(write).collect())
        }
        _ => jobs.into_iter().zip(files).map(write).collect(),
    };
    // the first error in format order, whichever job failed first
    for file in written {
        set.add(file?)?;
    }
    Ok(())
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
