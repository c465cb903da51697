//! Running documents through the extractor (`app::run::Run` reads the corpus and hands its
//! batches to the worker pool as jobs of about 128 KB of text): extraction, the graph totals (each
//! job adds its documents to a builder of its own; the builders merge, which gives the same
//! totals in any order) and any per-document output the caller prepares (rendered rows).
//! Results come back to the caller in input order, so a parallel run writes byte for byte what
//! a single-threaded one writes. Memory holds a few batches of documents, not the corpus.

use crate::extract::{Extraction, Extractor};
use crate::graph::{GraphBuilder, Window};
use crate::input::Document;

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

/// Extracts documents one after another on the calling thread: each document's extraction and
/// what `prepare` makes of it, in input order, and (when `window` is given) the graph totals
/// of the documents. A run's batch is many such jobs on the worker pool (`app::run`): the jobs,
/// not the documents of a job, are what runs in parallel.
pub fn extract_each<T, F>(
    extractor: &Extractor,
    batch: &[Document],
    window: Option<Window>,
    prepare: &F,
) -> (Vec<(Extraction, T)>, Option<GraphBuilder>)
where
    F: Fn(&Document, &Extraction) -> T,
{
    let mut builder = window.map(GraphBuilder::new);
    let done = batch
        .iter()
        .map(|d| {
            let ex = extractor.extract(d);
            let t = prepare(d, &ex);
            if let Some(b) = &mut builder {
                b.add(extractor, &ex, &d.text);
            }
            (ex, t)
        })
        .collect();
    (done, builder)
}
