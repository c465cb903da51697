//! Running a corpus through the extractor: documents are read in order, extracted in parallel in
//! batches, and handed back in input order, so the output of a parallel run is byte for byte the
//! output of a single-threaded one. Memory holds one batch of documents, not the corpus.

use rayon::prelude::*;

use crate::error::Result;
use crate::extract::{Extraction, Extractor};
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
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            input: InputOptions::default(),
            default_date: None,
            batch_docs: 512,
            batch_bytes: 16 << 20,
            threads: 0,
        }
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
}

/// Reads every source, extracts every document and calls `sink` with each document and its
/// extraction, in input order. `progress` is called after each batch with (documents, bytes) so
/// far.
pub fn run<S, P>(
    extractor: &Extractor,
    sources: &[Source],
    opts: &RunOptions,
    mut sink: S,
    mut progress: P,
) -> Result<RunStats>
where
    S: FnMut(&Document, Extraction) -> Result<()>,
    P: FnMut(u64, u64),
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .map_err(|e| crate::error::Error::Usage(format!("cannot start worker threads: {e}")))?;
    let mut stats = RunStats::default();
    let mut batch: Vec<Document> = Vec::new();
    let mut batch_bytes = 0usize;
    let mut flush = |batch: &mut Vec<Document>, stats: &mut RunStats| -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let results: Vec<Extraction> =
            pool.install(|| batch.par_iter().map(|d| extractor.extract(d)).collect());
        for (doc, ex) in batch.iter().zip(results) {
            stats.documents += 1;
            stats.bytes += doc.text.len() as u64;
            sink(doc, ex)?;
        }
        batch.clear();
        progress(stats.documents, stats.bytes);
        Ok(())
    };
    for source in sources {
        let warnings = input::read_each(source, &opts.input, &mut |mut doc| {
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
    Ok(stats)
}
