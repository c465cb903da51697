//! Running a corpus through the extractor: documents are read in order and processed in
//! parallel batches: extraction, the graph totals (each worker adds its documents to a builder of
//! its own; the builders merge, which gives the same totals in any order) and any per-document
//! output the caller prepares (rendered rows). Results come back to the caller in input order, so
//! a parallel run writes byte for byte what a single-threaded one writes. Memory holds one batch
//! of documents, not the corpus.

use rayon::prelude::*;

use crate::error::Result;
use crate::extract::{Extraction, Extractor};
use crate::graph::{GraphBuilder, Window};
use crate::input::{self, Document, InputOptions, Source};

/// How a corpus run is set up.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// How to read inputs.
    pub input: InputOptions,
    /// Date given to documents that have none (ISO).
    pub default_date: Option<String>,
    /// Documents per parallel batch.
    pub batch_docs: usize,
    /// Bytes per parallel batch (a batch ends at whichever limit comes first).
    pub batch_bytes: usize,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Drop documents already read (by id or by content), instead of counting every copy.
    pub dedupe: Option<Dedupe>,
}

/// Which documents count as the same one for `--dedupe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dedupe {
    /// The same document id (a file given twice, a JSON Lines id repeated).
    Id,
    /// The same text (title included), whatever the id: the same story under two names.
    Content,
}

impl std::str::FromStr for Dedupe {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim() {
            "id" => Ok(Dedupe::Id),
            "content" => Ok(Dedupe::Content),
            other => Err(format!("--dedupe {other:?}: id or content")),
        }
    }
}

impl std::fmt::Display for Dedupe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Dedupe::Id => "id",
            Dedupe::Content => "content",
        })
    }
}

/// The key of a document's text for [`Dedupe::Content`]: its length and two hashes of it with
/// fixed keys (the same on every run and machine), so that two different texts share a key
/// with a chance of about 2^-128.
pub(crate) fn content_key(text: &str) -> (usize, u64, u64) {
    use std::hash::{Hash, Hasher};
    let mut a = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut a);
    let mut b = std::collections::hash_map::DefaultHasher::new();
    (text.len(), 0x9e37_79b9_7f4a_7c15u64).hash(&mut b);
    text.hash(&mut b);
    (text.len(), a.finish(), b.finish())
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            input: InputOptions::default(),
            default_date: None,
            batch_docs: 1024,
            batch_bytes: 8 << 20,
            threads: 0,
            dedupe: None,
        }
    }
}

/// Most worker threads a run starts, per core: more only cost start-up time and memory (each
/// thread has its own stack and graph builder), since the work is bound by the cores.
pub const THREADS_PER_CORE: usize = 2;

/// The number of worker threads a run uses for a request (0: one per core): at most
/// [`THREADS_PER_CORE`] per core, and at least one.
pub fn worker_threads(requested: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if requested == 0 {
        cores
    } else {
        requested.min(cores * THREADS_PER_CORE).max(1)
    }
}

/// What a run read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunStats {
    /// Documents extracted.
    pub documents: u64,
    /// Bytes of text extracted.
    pub bytes: u64,
    /// Warnings from reading (skipped files and lines).
    pub warnings: Vec<String>,
    /// Ids of documents read more than once (a file given twice, a repeated JSON Lines id):
    /// each copy is counted, so the caller warns.
    pub duplicates: Vec<String>,
    /// Ids of documents dropped by `--dedupe` (each a copy of one read before).
    pub deduped: Vec<String>,
}

/// Reads every source and extracts every document. When `builder` is given, the graph totals of
/// every document are added to it. `prepare` runs in the workers beside the extraction (to render
/// output rows); `sink` then gets each document, its extraction and what `prepare` made, in input
/// order. `progress` is called after each batch with (documents, bytes) so far.
pub fn run<T, F, S, P>(
    extractor: &Extractor,
    sources: &[Source],
    opts: &RunOptions,
    mut builder: Option<&mut GraphBuilder>,
    prepare: F,
    mut sink: S,
    mut progress: P,
) -> Result<RunStats>
where
    T: Send + Sync,
    F: Fn(&Document, &Extraction) -> T + Sync,
    S: FnMut(&Document, Extraction, T) -> Result<()>,
    P: FnMut(u64, u64),
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(worker_threads(opts.threads))
        .build()
        .map_err(|e| crate::error::Error::Usage(format!("cannot start worker threads: {e}")))?;
    let window = builder.as_ref().map(|b| b.window()).unwrap_or_default();
    let mut stats = RunStats::default();
    let mut batch: Vec<Document> = Vec::new();
    let mut batch_bytes = 0usize;
    let mut flush = |batch: &mut Vec<Document>, stats: &mut RunStats| -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let (results, partial) = process_batch(
            &pool,
            extractor,
            batch,
            builder.is_some().then_some(window),
            &prepare,
        );
        if let (Some(b), Some(p)) = (builder.as_deref_mut(), partial) {
            b.merge(p);
        }
        for (doc, (ex, t)) in batch.iter().zip(results) {
            stats.documents += 1;
            stats.bytes += doc.text.len() as u64;
            sink(doc, ex, t)?;
        }
        batch.clear();
        progress(stats.documents, stats.bytes);
        Ok(())
    };
    let mut seen_ids: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut seen_texts: std::collections::BTreeSet<(usize, u64, u64)> = Default::default();
    let mut duplicates: Vec<String> = Vec::new();
    let mut deduped: Vec<String> = Vec::new();
    for source in sources {
        let warnings = input::read_each(source, &opts.input, &mut |mut doc| {
            let new_id = seen_ids.insert(doc.id.clone());
            let copy = match opts.dedupe {
                None => {
                    if !new_id {
                        duplicates.push(doc.id.clone());
                    }
                    false
                }
                Some(Dedupe::Id) => !new_id,
                Some(Dedupe::Content) => !seen_texts.insert(content_key(&doc.text)),
            };
            if copy {
                deduped.push(doc.id.clone());
                return Ok(());
            }
            if doc.date.is_none() {
                doc.date.clone_from(&opts.default_date);
            }
            batch_bytes += doc.text.len();
            batch.push(doc);
            if batch.len() >= opts.batch_docs || batch_bytes >= opts.batch_bytes {
                flush(&mut batch, &mut stats)?;
                batch_bytes = 0;
            }
            Ok(())
        })?;
        stats.warnings.extend(warnings);
    }
    flush(&mut batch, &mut stats)?;
    stats.duplicates = duplicates;
    stats.deduped = deduped;
    Ok(stats)
}

/// Extracts one batch of documents in parallel on `pool`: each document's extraction and what
/// `prepare` makes of it, in input order, and (when `window` is given) the graph totals of the
/// batch, built in the workers and merged.
pub fn process_batch<T, F>(
    pool: &rayon::ThreadPool,
    extractor: &Extractor,
    batch: &[Document],
    window: Option<Window>,
    prepare: &F,
) -> (Vec<(Extraction, T)>, Option<GraphBuilder>)
where
    T: Send + Sync,
    F: Fn(&Document, &Extraction) -> T + Sync,
{
    pool.install(|| extract_batch(extractor, batch, window, prepare))
}

/// [`process_batch`] on the pool the caller runs in (a job already on a worker pool).
pub fn extract_batch<T, F>(
    extractor: &Extractor,
    batch: &[Document],
    window: Option<Window>,
    prepare: &F,
) -> (Vec<(Extraction, T)>, Option<GraphBuilder>)
where
    T: Send + Sync,
    F: Fn(&Document, &Extraction) -> T + Sync,
{
    {
        let results: Vec<(Extraction, T)> = batch
            .par_iter()
            .map(|d| {
                let ex = extractor.extract(d);
                let t = prepare(d, &ex);
                (ex, t)
            })
            .collect();
        let partial = window.map(|window| {
            batch
                .par_iter()
                .zip(results.par_iter())
                .fold(
                    || GraphBuilder::new(window),
                    |mut b, (d, (ex, _))| {
                        b.add(extractor, ex, &d.text);
                        b
                    },
                )
                .reduce(
                    || GraphBuilder::new(window),
                    |mut a, b| {
                        a.merge(b);
                        a
                    },
                )
        });
        (results, partial)
    }
}
