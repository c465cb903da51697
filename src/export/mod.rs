//! Writing the actor graph: one module per format, each writing to any `io::Write`, and
//! [`OutputSet`], which writes files into an output folder all-or-nothing.

pub mod csv;
pub mod dot;
pub mod gexf;
pub mod graphml;
pub mod json;
pub mod rows;
pub mod xlsx;
pub mod xml;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::error::{Error, Result};
use crate::gazetteer::ActorType;
use crate::graph::{ActorGraph, Kind, Node};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// `graph.graphml`.
    Graphml,
    /// `nodes.csv`, `edges.csv` and `mentions.csv`.
    Csv,
    /// `graph.gexf` (GEXF 1.3, Gephi's own format, with a timeline when documents have dates).
    Gexf,
    /// `graph.json` (node-link JSON for networkx and D3).
    Json,
    /// `graph.dot` (Graphviz).
    Dot,
    /// `graph.xlsx` (workbook with the sheets Actors, Links and Mentions).
    Xlsx,
    /// Not a format: `all` on the command line, standing for every format
    /// (see [`Format::expand`]).
    All,
}

impl Format {
    /// Every format (without the [`Format::All`] placeholder).
    pub const ALL: [Format; 6] = [
        Format::Graphml,
        Format::Csv,
        Format::Gexf,
        Format::Json,
        Format::Dot,
        Format::Xlsx,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Graphml => "graphml",
            Format::Csv => "csv",
            Format::Gexf => "gexf",
            Format::Json => "json",
            Format::Dot => "dot",
            Format::Xlsx => "xlsx",
            Format::All => "all",
        }
    }

    /// The formats a command-line list asks for, with `all` replaced by every format.
    pub fn expand(list: &[Format]) -> BTreeSet<Format> {
        let mut out = BTreeSet::new();
        for f in list {
            match f {
                Format::All => out.extend(Format::ALL),
                f => {
                    out.insert(*f);
                }
            }
        }
        out
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let s = s.trim().to_ascii_lowercase();
        if s == "all" {
            return Ok(Format::All);
        }
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown format {s:?} (one of: {}, or all)",
                    Format::ALL.map(Format::as_str).join(", ")
                )
            })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of output files written into one folder all-or-nothing: each file goes to a temporary
/// file in the same folder, and only [`OutputSet::commit`] renames them into place. Dropping the
/// set without committing removes the temporary files and leaves earlier outputs untouched.
#[derive(Debug)]
pub struct OutputSet {
    dir: PathBuf,
    pending: Vec<(tempfile::NamedTempFile, PathBuf)>,
}

impl OutputSet {
    /// Prepares an output folder, creating it if needed.
    pub fn new(dir: &Path) -> Result<OutputSet> {
        std::fs::create_dir_all(dir).map_err(|e| Error::Output {
            path: dir.to_path_buf(),
            message: e.to_string(),
        })?;
        Ok(OutputSet {
            dir: dir.to_path_buf(),
            pending: Vec::new(),
        })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Creates the temporary file for `name` (a plain file name, never a path).
    pub fn create(&self, name: &str) -> Result<OutFile> {
        let target = self.dir.join(safe_file_name(name));
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{}.", safe_file_name(name)))
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .map_err(|e| Error::Output {
                path: target.clone(),
                message: e.to_string(),
            })?;
        Ok(OutFile {
            writer: io::BufWriter::with_capacity(1 << 16, tmp),
            target,
        })
    }

    /// Writes a whole file with a writer function.
    pub fn write<F>(&mut self, name: &str, f: F) -> Result<()>
    where
        F: FnOnce(&mut dyn Write) -> io::Result<()>,
    {
        let mut file = self.create(name)?;
        f(&mut file.writer).map_err(|e| file.error(e))?;
        self.add(file)
    }

    /// Flushes a finished file and queues it for [`OutputSet::commit`].
    pub fn add(&mut self, file: OutFile) -> Result<()> {
        let target = file.target.clone();
        let tmp = file.writer.into_inner().map_err(|e| Error::Output {
            path: target.clone(),
            message: e.error().to_string(),
        })?;
        self.pending.push((tmp, target));
        Ok(())
    }

    /// Renames every temporary file into place. Returns the final paths.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        let mut done = Vec::new();
        for (tmp, target) in self.pending {
            tmp.as_file().sync_all().map_err(|e| Error::Output {
                path: target.clone(),
                message: e.to_string(),
            })?;
            tmp.persist(&target).map_err(|e| Error::Output {
                path: target.clone(),
                message: e.error.to_string(),
            })?;
            done.push(target);
        }
        Ok(done)
    }
}

/// A file being written for an [`OutputSet`]: a buffered temporary file in the output folder.
#[derive(Debug)]
pub struct OutFile {
    writer: io::BufWriter<tempfile::NamedTempFile>,
    target: PathBuf,
}

impl OutFile {
    /// The writer.
    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.writer
    }

    /// Turns an I/O error into an error naming the final path.
    pub fn error(&self, e: io::Error) -> Error {
        Error::Output {
            path: self.target.clone(),
            message: e.to_string(),
        }
    }

    /// The path the file will have once committed.
    pub fn target(&self) -> &Path {
        &self.target
    }
}

impl Write for OutFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// Keeps only the last path component and replaces anything odd, so that no name can escape the
/// output folder.
pub fn safe_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed = cleaned.trim_start_matches('.');
    if trimmed.is_empty() {
        "_".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Formats a float for files: plain decimal, no exponent for ordinary values, integers without a
/// fraction ("4", "7.54", "-5.5471").
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x}");
        if s.contains('e') {
            format!("{x:.10}").trim_end_matches('0').to_string()
        } else {
            s
        }
    }
}

/// The colour of an actor type (RGB; Tableau 10 palette), shared by the exporters that draw:
/// states blue, people orange, places green, organizations purple.
pub fn type_color(t: ActorType) -> (u8, u8, u8) {
    match t {
        ActorType::State => (31, 119, 180),
        ActorType::Person => (255, 127, 14),
        ActorType::Place => (44, 160, 44),
        ActorType::Org => (148, 103, 189),
    }
}

/// The colour of an actor type as `#rrggbb` (for DOT).
pub fn type_color_hex(t: ActorType) -> String {
    let (r, g, b) = type_color(t);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// A node's display label: white space collapsed to single spaces, characters XML forbids
/// dropped, never empty (falls back to the id).
pub fn display_label(n: &Node) -> String {
    let label = xml::clean(&n.label)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if label.is_empty() {
        n.id.clone()
    } else {
        label
    }
}

/// A key per link, in [`ActorGraph::links`] order, unique per unordered actor pair: the kind's
/// name (`co-occurrence`, `located_in`, …), except for a directed relation that also runs the
/// other way between the same pair: the one written from the larger id to the smaller gets
/// `kind>` (the GraphML `relations` notation), so that readers that treat the graph as
/// undirected (Gephi merges edges of one pair and kind, networkx keys multi-edges) keep both.
pub fn link_keys(g: &ActorGraph) -> Vec<String> {
    let mut seen: BTreeMap<(Kind, &str, &str), usize> = BTreeMap::new();
    for (s, t, l) in g.links() {
        let (a, b) = if s.id <= t.id {
            (&s.id, &t.id)
        } else {
            (&t.id, &s.id)
        };
        *seen.entry((l.kind, a.as_str(), b.as_str())).or_default() += 1;
    }
    g.links()
        .map(|(s, t, l)| {
            let (a, b) = if s.id <= t.id {
                (&s.id, &t.id)
            } else {
                (&t.id, &s.id)
            };
            if seen[&(l.kind, a.as_str(), b.as_str())] > 1 && s.id > t.id {
                format!("{}>", l.kind)
            } else {
                l.kind.to_string()
            }
        })
        .collect()
}

/// The size a drawing gives an actor: `5 + 2·√mentions`.
pub fn node_size(mentions: u64) -> f64 {
    5.0 + 2.0 * (mentions as f64).sqrt()
}

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn format_names_and_all() {
        for f in Format::ALL {
            assert_eq!(f.as_str().parse::<Format>().unwrap(), f);
        }
        assert_eq!(" GEXF ".parse::<Format>().unwrap(), Format::Gexf);
        assert_eq!(
            Format::expand(&[Format::All, Format::Csv]).len(),
            Format::ALL.len()
        );
        assert_eq!(
            Format::expand(&[Format::Dot, Format::Dot])
                .into_iter()
                .collect::<Vec<_>>(),
            [Format::Dot]
        );
        assert!("pdf".parse::<Format>().unwrap_err().contains("xlsx"));
    }

    #[test]
    fn safe_names() {
        assert_eq!(safe_file_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_file_name("..\\x.csv"), "x.csv");
        assert_eq!(safe_file_name(".."), "_");
        assert_eq!(safe_file_name("graph.graphml"), "graph.graphml");
    }

    #[test]
    fn numbers() {
        assert_eq!(number(4.0), "4");
        assert_eq!(number(-5.5471), "-5.5471");
        assert_eq!(number(0.1 + 0.2), "0.30000000000000004");
    }

    #[test]
    fn nothing_is_left_behind_without_commit() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut set = OutputSet::new(dir.path()).unwrap();
            set.write("a.csv", |w| w.write_all(b"x")).unwrap();
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let mut set = OutputSet::new(dir.path()).unwrap();
        set.write("a.csv", |w| w.write_all(b"x")).unwrap();
        set.commit().unwrap();
        assert_eq!(std::fs::read(dir.path().join("a.csv")).unwrap(), b"x");
    }
}
