//! The library's error type.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Everything that can go wrong in the library. Each variant names the file (and line or byte
/// offset where it helps) so that the message alone tells a user what to fix.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// A text input is not valid UTF-8.
    #[error("{path}: not valid UTF-8 (first bad byte at offset {offset}); convert it to UTF-8 or pass --lossy")]
    Utf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// An input that cannot be used (missing, empty, a folder without text files, a bad record).
    #[error("{path}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Input {
        /// The file or folder.
        path: PathBuf,
        /// The line (1-based) where it applies.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// One or more problems in gazetteer files; every problem is listed.
    #[error("{}", Problems(.0))]
    Gazetteer(Vec<Problem>),
    /// A command-line value that does not make sense.
    #[error("{0}")]
    Usage(String),
    /// Writing an output file failed; the previous outputs were left as they were.
    #[error("cannot write {path}: {message}")]
    Output {
        /// The output file or folder.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// An input error without a line.
    pub fn input(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            line: None,
            message: message.into(),
        }
    }

    /// Whether this error is (or wraps) a broken pipe, which the binary treats as success.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// One problem found while loading a gazetteer: `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The gazetteer file (for built-in files, `<built-in>/NAME`).
    pub path: PathBuf,
    /// The 1-based line of the row (the header is line 1).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

struct Problems<'a>(&'a [Problem]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
