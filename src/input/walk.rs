//! Finding the documents that command-line inputs name: files stay, folders are walked the way
//! ripgrep walks them. Symbolic links are followed, but every real folder and file is read once
//! (a link loop ends at the first repeat); FIFOs, sockets and devices inside a folder are never
//! opened (reading a FIFO would wait forever); a broken link or an unreadable subfolder is skipped
//! with a warning instead of ending the run; and what actornet itself wrote (the output folder of
//! this run, and the files of any folder holding an actornet `run.json` or `partial.json`) is never
//! read back as input.

use std::collections::HashSet;
use std::fs::Metadata;
use std::path::{Path, PathBuf};

use super::{has_text_extension, Source, TEXT_EXTENSIONS};
use crate::error::{show_path, Error, Result};

/// The files actornet writes into an output folder. In a folder marked as actornet's (see
/// [`is_output_folder`]) or in the output folder of the run, these are results, never documents.
pub const OUTPUT_FILES: &[&str] = &[
    "mentions.csv",
    "evidence.csv",
    "nodes.csv",
    "edges.csv",
    "graph.graphml",
    "graph.gexf",
    "graph.json",
    "graph.dot",
    "graph.xlsx",
    "graph.svg",
    "report.html",
    "run.json",
    "partial.json",
];

/// What expanding the inputs found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Found {
    /// The sources, in order: inputs as given, each folder's files sorted by path.
    pub sources: Vec<Source>,
    /// What was left out, and why (special files, broken links, repeats, actornet's own files).
    pub warnings: Vec<String>,
}

/// Whether `dir` is an output folder of actornet: it holds a `run.json` or `partial.json` that
/// actornet wrote (recognised by its first bytes, so a user's own `run.json` does not count).
pub fn is_output_folder(dir: &Path) -> bool {
    fn starts_with(path: &Path, marks: &[&[u8]]) -> bool {
        use std::io::Read as _;
        let Ok(file) = std::fs::File::open(path) else {
            return false;
        };
        let mut head = Vec::with_capacity(64);
        if file.take(64).read_to_end(&mut head).is_err() {
            return false;
        }
        let head: Vec<u8> = head
            .into_iter()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        marks.iter().any(|m| head.starts_with(m))
    }
    let file = |name: &str| {
        let p = dir.join(name);
        std::fs::symlink_metadata(&p)
            .is_ok_and(|m| m.is_file())
            .then_some(p)
    };
    file("run.json").is_some_and(|p| starts_with(&p, &[br#"{"tool":"actornet""#]))
        || file("partial.json")
            .is_some_and(|p| starts_with(&p, &[br#"{"manifest":{"tool":"actornet""#]))
}

/// The identity of a file or folder: (device, inode) where the platform has them, else the
/// canonical path.
#[cfg(unix)]
type Key = (u64, u64);
#[cfg(not(unix))]
type Key = PathBuf;

#[cfg(unix)]
fn key(meta: &Metadata, _path: &Path) -> Option<Key> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn key(_meta: &Metadata, path: &Path) -> Option<Key> {
    std::fs::canonicalize(path).ok()
}

/// What a special file is, for the warning.
fn special_kind(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    let _ = meta;
    "not a regular file"
}

struct Walker {
    /// Folders entered so far (a folder reached again through a link is not walked twice).
    dirs: HashSet<Key>,
    /// Files taken from folders so far.
    files: HashSet<Key>,
    /// The output folder of this run.
    out: Option<Key>,
    found: Found,
}

/// Expands command-line inputs into sources: files stay, folders are walked recursively (sorted,
/// hidden entries skipped, links followed with loop detection, special files and actornet's own
/// files skipped with a warning), `-` is standard input. `out` is the run's output folder: its
/// files are never read as input.
pub fn find(inputs: &[PathBuf], out: Option<&Path>) -> Result<Found> {
    let out_key = out.and_then(|o| std::fs::metadata(o).ok().and_then(|m| key(&m, o)));
    let mut w = Walker {
        dirs: HashSet::new(),
        files: HashSet::new(),
        out: out_key,
        found: Found::default(),
    };
    for input in inputs {
        if input.as_os_str() == "-" {
            w.found.sources.push(Source::Stdin);
            continue;
        }
        let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
        if meta.is_dir() {
            let before = w.found.sources.len();
            if let Some(k) = key(&meta, input) {
                w.dirs.insert(k);
            }
            w.walk(input, input)?;
            if w.found.sources.len() == before {
                let own = w.is_own_folder(input, &meta);
                return Err(Error::input(
                    input,
                    if own {
                        "an output folder of actornet: its files are results, not documents (give the folder of the documents)".to_string()
                    } else {
                        format!(
                            "folder has no text files ({})",
                            TEXT_EXTENSIONS
                                .iter()
                                .map(|e| format!(".{e}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    },
                ));
            }
        } else {
            let parent = input
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            if is_output_file(input)
                && std::fs::metadata(parent).is_ok_and(|m| w.is_own_folder(parent, &m))
            {
                return Err(Error::input(
                    input,
                    "written by actornet (a result, not a document); give the documents instead",
                ));
            }
            let id = input.file_name().map_or_else(
                || input.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            w.found.sources.push(Source::File {
                path: input.clone(),
                id,
                from_folder: false,
            });
        }
    }
    Ok(w.found)
}

fn is_output_file(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| OUTPUT_FILES.contains(&n))
}

impl Walker {
    /// Whether a folder holds actornet's results: the run's output folder, or one marked by an
    /// actornet `run.json`/`partial.json`.
    fn is_own_folder(&self, dir: &Path, meta: &Metadata) -> bool {
        (self.out.is_some() && key(meta, dir) == self.out) || is_output_folder(dir)
    }

    fn warn(&mut self, path: &Path, what: impl std::fmt::Display) {
        self.found
            .warnings
            .push(format!("{}: skipped: {what}", show_path(path)));
    }

    fn walk(&mut self, root: &Path, dir: &Path) -> Result<()> {
        let read = match std::fs::read_dir(dir) {
            Ok(r) => r,
            // the folder named on the command line must be readable; a subfolder that is not
            // is left out, as ripgrep does
            Err(e) if dir == root => return Err(Error::io(dir, e)),
            Err(e) => {
                self.warn(dir, format_args!("cannot read the folder: {e}"));
                return Ok(());
            }
        };
        let mut entries: Vec<PathBuf> = Vec::new();
        for e in read {
            match e {
                Ok(e) if !e.file_name().to_string_lossy().starts_with('.') => {
                    entries.push(e.path())
                }
                Ok(_) => {}
                Err(e) => self.warn(dir, format_args!("cannot list an entry: {e}")),
            }
        }
        entries.sort();
        let own = std::fs::metadata(dir).is_ok_and(|m| self.is_own_folder(dir, &m));
        let mut own_skipped = Vec::new();
        for p in entries {
            let link = match std::fs::symlink_metadata(&p) {
                Ok(m) => m,
                Err(e) => {
                    self.warn(&p, e);
                    continue;
                }
            };
            let meta = if link.file_type().is_symlink() {
                match std::fs::metadata(&p) {
                    Ok(m) => m,
                    Err(e) => {
                        self.warn(&p, format_args!("broken symbolic link ({e})"));
                        continue;
                    }
                }
            } else {
                link
            };
            if meta.is_dir() {
                if let Some(k) = key(&meta, &p) {
                    if !self.dirs.insert(k) {
                        self.warn(
                            &p,
                            "a link to a folder already read (a symbolic link loop or a second link)",
                        );
                        continue;
                    }
                }
                self.walk(root, &p)?;
            } else if meta.is_file() {
                if !has_text_extension(&p) {
                    continue;
                }
                if own && is_output_file(&p) {
                    own_skipped.push(
                        p.file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default(),
                    );
                    continue;
                }
                if let Some(k) = key(&meta, &p) {
                    if !self.files.insert(k) {
                        self.warn(&p, "the same file as one already read (a symbolic link)");
                        continue;
                    }
                }
                let rel = p.strip_prefix(root).unwrap_or(&p);
                let id = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                self.found.sources.push(Source::File {
                    path: p.clone(),
                    id,
                    from_folder: true,
                });
            } else if has_text_extension(&p) {
                // never opened: a FIFO would block the run forever, a device never ends
                let kind = special_kind(&meta);
                self.warn(&p, format_args!("{kind}, not a regular file"));
            }
        }
        if !own_skipped.is_empty() {
            self.warn(
                dir,
                format_args!(
                    "files actornet wrote ({}): results are not read back as documents",
                    own_skipped.join(", ")
                ),
            );
        }
        Ok(())
    }
}
