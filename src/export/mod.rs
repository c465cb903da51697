//! Writing the actor graph: one module per format, each writing to any `io::Write`, and
//! [`OutputSet`], which writes files into an output folder all-or-nothing.

pub mod csv;
pub mod graphml;
pub mod xml;

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::error::{Error, Result};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// `graph.graphml`.
    Graphml,
    /// `nodes.csv`, `edges.csv` and `mentions.csv`.
    Csv,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 2] = [Format::Graphml, Format::Csv];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Graphml => "graphml",
            Format::Csv => "csv",
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                format!(
                    "unknown format {s:?} (one of: {})",
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
        .map(|c| if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
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

#[cfg(test)]
mod tests {
    use super::*;

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
