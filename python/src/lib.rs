//! `actornet._actornet`: the native core of the Python package. A thin layer over
//! [`actornet::app::run`]: documents handed over from Python are extracted with the GIL released,
//! and results stay in Rust until Python asks for a table (as JSON, turned into dicts or data
//! frames by `actornet/__init__.py`). Every library error becomes a Python exception with the
//! command line's message; a panic becomes `ActornetError` instead of crossing into Python.
#![warn(missing_docs)]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use actornet::app::{self, ExtractorOptions, Partial};
use actornet::export::Format;
use actornet::input::{self, Document};
use actornet::Error;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

create_exception!(
    _actornet,
    ActornetError,
    PyException,
    "Anything actornet cannot do; the message is the command line's."
);
create_exception!(
    _actornet,
    InputError,
    ActornetError,
    "A document, file or record that cannot be read (names the file or document, and the line)."
);
create_exception!(
    _actornet,
    GazetteerError,
    ActornetError,
    "Problems in gazetteer or lexicon files, one per line as file:line: message."
);
create_exception!(
    _actornet,
    UsageError,
    ActornetError,
    "An option value that does not make sense."
);
create_exception!(
    _actornet,
    OutputError,
    ActornetError,
    "An output file that cannot be written (earlier outputs are left as they were)."
);

/// The Python exception for a library error: the class by kind, the message as the CLI prints
/// it, and `path` / `line` attributes where the error has them.
fn py_err(e: Error) -> PyErr {
    let msg = e.to_string();
    let (err, path, line) = match &e {
        Error::Input { path, line, .. } => (InputError::new_err(msg), Some(path.clone()), *line),
        Error::Utf8 { path, .. } => (InputError::new_err(msg), Some(path.clone()), None),
        Error::Io { path, .. } => (InputError::new_err(msg), Some(path.clone()), None),
        Error::Gazetteer(problems) => (
            GazetteerError::new_err(msg),
            problems.first().map(|p| p.path.clone()),
            problems.first().map(|p| p.line),
        ),
        Error::Usage(_) => (UsageError::new_err(msg), None, None),
        Error::Output { path, .. } => (OutputError::new_err(msg), Some(path.clone()), None),
        _ => (ActornetError::new_err(msg), None, None),
    };
    Python::attach(|py| {
        let v = err.value(py);
        let _ = v.setattr("path", path.map(|p| p.display().to_string()));
        let _ = v.setattr("line", line);
    });
    err
}

/// Runs `f`, turning a panic (here or in a worker thread) into `ActornetError`.
fn guarded<T>(f: impl FnOnce() -> actornet::Result<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r.map_err(py_err),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            Err(ActornetError::new_err(format!(
                "internal error (a bug in actornet; please report it with the input): {what}"
            )))
        }
    }
}

/// An extractor: gazetteers, lexicons and options loaded once.
#[pyclass(frozen, name = "_Extractor", module = "actornet._actornet")]
struct PyExtractor {
    inner: Arc<app::Extractor>,
}

/// Documents converted per hand-over to the workers (the GIL is held only while converting).
const CHUNK: usize = 1024;

/// One field of a document mapping as text: strings as they are, numbers as written, dates by
/// their ISO form; `None` when missing or None.
fn field(
    d: &Bound<'_, PyDict>,
    name: &str,
    what: &str,
) -> Result<Option<String>, (String, String)> {
    let Ok(Some(v)) = d.get_item(name) else {
        return Ok(None);
    };
    if v.is_none() {
        return Ok(None);
    }
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(Some(s.to_string_lossy().into_owned()));
    }
    if v.is_instance_of::<pyo3::types::PyBool>() {
        return Err((name.into(), format!("field {name:?} is not {what}")));
    }
    if v.is_instance_of::<pyo3::types::PyInt>() || v.is_instance_of::<pyo3::types::PyFloat>() {
        return Ok(v.str().ok().map(|s| s.to_string_lossy().into_owned()));
    }
    if let Ok(iso) = v.call_method0("isoformat") {
        if let Ok(s) = iso.cast::<PyString>() {
            let s = s.to_string_lossy();
            return Ok(Some(s.chars().take(10).collect()));
        }
    }
    Err((name.into(), format!("field {name:?} is not {what}")))
}

/// Turns one Python document (a string, or a mapping with the text, id, date, title and url
/// fields) into a document; `index` names it in messages (`documents[3]`) and is its id when it
/// has none. `Ok(None)` for an empty text (skipped, as the command line skips it).
fn document(
    item: &Bound<'_, PyAny>,
    index: usize,
    opts: &input::InputOptions,
) -> Result<Option<Document>, Error> {
    let bad = |message: String| Error::Input {
        path: PathBuf::from(format!("documents[{index}]")),
        line: None,
        message,
    };
    if let Ok(s) = item.cast::<PyString>() {
        let text = s.to_string_lossy().into_owned();
        if text.trim().is_empty() {
            return Ok(None);
        }
        return Ok(Some(Document {
            id: index.to_string(),
            text,
            ..Document::default()
        }));
    }
    let Ok(d) = item.cast::<PyDict>() else {
        let ty = item
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        return Err(bad(format!(
            "not a string or a dict of fields (a {ty}); give text, or {{\"text\": …, \"id\": …, \"date\": …}}"
        )));
    };
    let text = match d.get_item(&opts.text_field) {
        Ok(Some(v)) => match v.cast::<PyString>() {
            Ok(s) => s.to_string_lossy().into_owned(),
            Err(_) => return Err(bad(format!("field {:?} is not a string", opts.text_field))),
        },
        _ => return Err(bad(format!("no {:?} field", opts.text_field))),
    };
    if text.trim().is_empty() {
        return Ok(None);
    }
    let get = |name: &str| field(d, name, "a string").map_err(|(_, m)| bad(m));
    let id = get(&opts.id_field)?.unwrap_or_else(|| index.to_string());
    let date = match get(&opts.date_field)? {
        Some(s) => match actornet::date::Date::parse(&s, false) {
            Some(p) => Some(p.to_string()),
            None => return Err(bad(format!("date {s:?} is not an ISO date (YYYY-MM-DD)"))),
        },
        None => None,
    };
    // the title is read as the first paragraph, as the command line reads a record's
    Ok(Some(Document::record(
        id,
        text,
        get(&opts.title_field)?,
        date,
        get(&opts.url_field)?,
    )))
}

#[pymethods]
impl PyExtractor {
    /// Builds an extractor from its options as JSON (see `actornet.Extractor`).
    #[new]
    fn new(py: Python<'_>, options_json: &str) -> PyResult<Self> {
        let options: ExtractorOptions = serde_json::from_str(options_json)
            .map_err(|e| UsageError::new_err(format!("bad extractor options: {e}")))?;
        let inner = py.detach(|| guarded(|| app::Extractor::new(options)))?;
        Ok(PyExtractor {
            inner: Arc::new(inner),
        })
    }

    /// The options as JSON.
    fn options_json(&self) -> String {
        serde_json::to_string(self.inner.options()).unwrap_or_default()
    }

    /// Warnings from loading the gazetteers (aliases taken over, …).
    fn gazetteer_warnings(&self) -> Vec<String> {
        self.inner.gazetteer().warnings.clone()
    }

    /// The gazetteer's fingerprint (partials must share it to merge).
    fn fingerprint(&self) -> String {
        self.inner.gazetteer().fingerprint.clone()
    }

    /// Extracts an iterable of documents (strings or dicts); `start` is the index of the first
    /// (for messages and default ids). The GIL is released while the workers run.
    fn extract(
        &self,
        py: Python<'_>,
        docs: &Bound<'_, PyAny>,
        start: usize,
        inputs: Vec<String>,
    ) -> PyResult<PyPartial> {
        let ex = self.inner.clone();
        let opts = ex.input_options().clone();
        let mut run = ex.run();
        for i in inputs {
            run.input(i);
        }
        let mut chunk: Vec<Document> = Vec::with_capacity(CHUNK);
        let push_chunk =
            |py: Python<'_>, run: &mut app::Run<'_>, chunk: &mut Vec<Document>| -> PyResult<()> {
                let docs = std::mem::take(chunk);
                py.detach(|| {
                    guarded(|| {
                        for d in docs {
                            run.push(d)?;
                        }
                        Ok(())
                    })
                })
            };
        for (i, item) in docs.try_iter()?.enumerate() {
            let item = item?;
            match document(&item, start + i, &opts) {
                Ok(Some(d)) => chunk.push(d),
                Ok(None) => {}
                Err(e) if opts.skip_bad => run.skipped(format!("skipped: {e}")),
                Err(e) => return Err(py_err(e)),
            }
            if chunk.len() >= CHUNK {
                push_chunk(py, &mut run, &mut chunk)?;
            }
        }
        push_chunk(py, &mut run, &mut chunk)?;
        let partial = py.detach(|| guarded(|| run.finish()))?;
        Ok(PyPartial::new(ex.clone(), partial))
    }

    /// Extracts files and folders as `actornet extract` reads them (JSON Lines, CSV, HTML,
    /// text). The GIL is released while it works.
    fn extract_files(&self, py: Python<'_>, paths: Vec<PathBuf>) -> PyResult<PyPartial> {
        let ex = self.inner.clone();
        let partial = py.detach(|| {
            guarded(|| {
                let sources = input::sources(&paths)?;
                let mut run = ex.run();
                for p in &paths {
                    run.input(p.display().to_string());
                }
                for s in &sources {
                    run.read(s, &mut |_| {})?;
                }
                run.finish()
            })
        })?;
        Ok(PyPartial::new(ex, partial))
    }

    /// A partial result from its stream form (`Partial.to_bytes()`, `extract --partial -o -`).
    fn partial_from_bytes(&self, py: Python<'_>, data: Vec<u8>) -> PyResult<Vec<PyPartial>> {
        let parts = py.detach(|| {
            guarded(|| Partial::read_stream(std::path::Path::new("<bytes>"), data.as_slice()))
        })?;
        Ok(parts
            .into_iter()
            .map(|p| PyPartial::new(self.inner.clone(), p))
            .collect())
    }
}

/// A run's result: graph totals, manifest and rows, with the graph finished on first use.
#[pyclass(frozen, name = "_Partial", module = "actornet._actornet")]
struct PyPartial {
    extractor: Arc<app::Extractor>,
    partial: Partial,
    graph_json: OnceLock<String>,
}

impl PyPartial {
    fn new(extractor: Arc<app::Extractor>, partial: Partial) -> Self {
        PyPartial {
            extractor,
            partial,
            graph_json: OnceLock::new(),
        }
    }
}

#[pymethods]
impl PyPartial {
    /// Documents extracted.
    #[getter]
    fn documents(&self) -> u64 {
        self.partial.manifest.documents
    }

    /// Bytes of text extracted.
    #[getter]
    fn bytes(&self) -> u64 {
        self.partial.manifest.bytes
    }

    /// Bad records skipped (with `skip_bad`), with the reason.
    #[getter]
    fn skipped(&self) -> Vec<String> {
        self.partial.manifest.skipped.clone()
    }

    /// The manifest (run.json without the graph options) as JSON.
    fn manifest_json(&self) -> String {
        serde_json::to_string(&self.partial.manifest).unwrap_or_default()
    }

    /// The finished graph as the node-link JSON of `graph.json`.
    fn graph_json(&self, py: Python<'_>) -> PyResult<String> {
        if let Some(g) = self.graph_json.get() {
            return Ok(g.clone());
        }
        let json = py.detach(|| {
            guarded(|| {
                let graph = self.extractor.graph(&self.partial)?;
                let mut out = Vec::new();
                actornet::export::json::write(&graph, &mut out)
                    .map_err(|e| Error::io("<graph.json>", e))?;
                Ok(String::from_utf8_lossy(&out).into_owned())
            })
        })?;
        Ok(self.graph_json.get_or_init(|| json).clone())
    }

    /// The mention rows (mentions.csv) as a JSON array of objects.
    fn mentions_json(&self) -> String {
        let rows: Vec<_> = self.partial.mentions().collect();
        serde_json::to_string(&rows).unwrap_or_default()
    }

    /// The evidence rows (evidence.csv) as a JSON array of objects.
    fn evidence_json(&self) -> String {
        let rows: Vec<_> = self.partial.evidence().collect();
        serde_json::to_string(&rows).unwrap_or_default()
    }

    /// Writes the command line's files for these formats into `dir`; returns their paths.
    fn write(
        &self,
        py: Python<'_>,
        dir: PathBuf,
        formats: Vec<String>,
        quiet: bool,
    ) -> PyResult<Vec<String>> {
        let formats: Vec<Format> = formats
            .iter()
            .map(|f| f.parse::<Format>())
            .collect::<Result<_, _>>()
            .map_err(UsageError::new_err)?;
        let paths =
            py.detach(|| guarded(|| self.extractor.write(&self.partial, &dir, &formats, quiet)))?;
        Ok(paths.iter().map(|p| p.display().to_string()).collect())
    }

    /// The stream form (what `actornet extract --partial -o -` writes).
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let bytes = py.detach(|| self.partial.to_bytes());
        PyBytes::new(py, &bytes)
    }
}

/// Merges partial results in the given order (the graph does not depend on it; the rows
/// follow it), finishing with the first part's extractor.
#[pyfunction]
fn merge(py: Python<'_>, parts: Vec<Py<PyPartial>>) -> PyResult<PyPartial> {
    let Some(first) = parts.first() else {
        return Err(UsageError::new_err("no partial results given"));
    };
    let extractor = first.get().extractor.clone();
    let named: Vec<(PathBuf, Partial)> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                PathBuf::from(format!("parts[{i}]")),
                p.get().partial.clone(),
            )
        })
        .collect();
    let merged =
        py.detach(|| guarded(|| app::merge_partials(named, &extractor.gazetteer().fingerprint)))?;
    Ok(PyPartial::new(extractor, merged))
}

/// Raises a panic inside the native code (for the test that no panic crosses into Python).
#[pyfunction]
fn _panic_for_test() -> PyResult<()> {
    guarded(|| -> actornet::Result<()> { panic!("deliberate test panic") })
}

/// The version of the native core.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// The formats written when none are asked for: the command line's default.
#[pyfunction]
fn default_formats() -> Vec<&'static str> {
    actornet::export::DEFAULT_FORMATS.split(',').collect()
}

/// The native module.
#[pymodule]
fn _actornet(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyExtractor>()?;
    m.add_class::<PyPartial>()?;
    m.add_function(wrap_pyfunction!(merge, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(default_formats, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    m.add("ActornetError", py.get_type::<ActornetError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("GazetteerError", py.get_type::<GazetteerError>())?;
    m.add("UsageError", py.get_type::<UsageError>())?;
    m.add("OutputError", py.get_type::<OutputError>())?;
    Ok(())
}
