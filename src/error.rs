//! The library's error type.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Everything that can go wrong in the library. Each variant names the file (and line or byte
/// offset where it helps) so that the message alone tells a user what to fix.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    ///
    /// The message already holds the I/O error's text, so the I/O error is deliberately *not*
    /// exposed as [`std::error::Error::source`]: a chain printer (`anyhow`'s `{:#}`) would print
    /// it a second time ("No such file or directory (os error 2): No such file or directory (os
    /// error 2)").
    #[error("{}: {error}", show_path(path))]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error (its text is part of this error's message).
        error: io::Error,
    },
    /// A text input is not valid UTF-8.
    #[error(
        "{}: not valid UTF-8 (first bad byte at offset {offset}); convert it to UTF-8{}",
        show_path(path),
        if *lossy { " or pass --lossy" } else { "" }
    )]
    Utf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// Whether the command can replace invalid bytes (`--lossy`), so the message may
        /// suggest it; gazetteer files cannot.
        lossy: bool,
    },
    /// An input that cannot be used (missing, empty, a folder without text files, a bad record).
    #[error("{}{}: {message}", show_path(path), line.map(|l| format!(":{l}")).unwrap_or_default())]
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
    #[error("cannot write {}: {message}", show_path(path))]
    Output {
        /// The output file or folder.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, error: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            error,
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
        matches!(self, Error::Io { error, .. } if error.kind() == io::ErrorKind::BrokenPipe)
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
        write!(
            f,
            "{}:{}: {}",
            show_path(&self.path),
            self.line,
            self.message
        )
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

/// A path as messages show it: as it is, unless it holds a control character (a newline, a tab,
/// an escape), which would split a one-line message or drive the terminal; then quoted, with
/// the characters escaped as in a Rust string literal (`"a\nb.txt"`).
pub fn show_path(path: &Path) -> ShownPath<'_> {
    ShownPath(path)
}

/// A path shown in a message; see [`show_path`].
#[derive(Debug, Clone, Copy)]
pub struct ShownPath<'a>(&'a Path);

impl fmt::Display for ShownPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0.to_string_lossy();
        if s.chars().any(char::is_control) {
            write!(f, "{s:?}")
        } else {
            f.write_str(&s)
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_error_text_is_printed_once_in_the_chain() {
        let err = Error::io("brief.txt", io::Error::from(io::ErrorKind::NotFound));
        let chain = format!("{:#}", anyhow::Error::from(err));
        assert_eq!(chain.matches("not found").count(), 1, "{chain}");
        assert!(chain.starts_with("brief.txt: "), "{chain}");
    }

    #[test]
    fn path_with_a_newline_is_quoted_in_messages() {
        assert_eq!(
            show_path(Path::new("a\nb.txt")).to_string(),
            "\"a\\nb.txt\""
        );
        assert_eq!(
            show_path(Path::new("plain dir/é.txt")).to_string(),
            "plain dir/é.txt"
        );
        let err = Error::input("x\ny.jsonl", "bad");
        assert_eq!(err.to_string().lines().count(), 1, "{err}");
    }
}
