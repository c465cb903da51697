//! Writing the actor graph: one module per format, each writing to any `io::Write`, and
//! [`OutputSet`], which writes files into an output folder all-or-nothing.

pub mod csv;
pub mod dot;
pub mod drawing;
pub mod gexf;
pub mod graphml;
pub mod json;
pub mod report;
pub mod rows;
pub mod schema;
pub mod svg;
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

/// The formats `extract` and `merge` write when none are asked for (comma-separated, as
/// `--format` takes them): the graph for Gephi, the tables, and the report to click through.
/// The command line and the Python package both take their default from here.
pub const DEFAULT_FORMATS: &str = "graphml,csv,html";

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
    /// `report.html` (the network drawn, with the evidence one click away; one self-contained
    /// page).
    Html,
    /// `graph.svg` (the report's picture as a static SVG).
    Svg,
    /// Not a format: `all` on the command line, standing for every format
    /// (see [`Format::expand`]).
    All,
}

impl Format {
    /// Every format (without the [`Format::All`] placeholder).
    pub const ALL: [Format; 8] = [
        Format::Graphml,
        Format::Csv,
        Format::Gexf,
        Format::Json,
        Format::Dot,
        Format::Xlsx,
        Format::Html,
        Format::Svg,
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
            Format::Html => "html",
            Format::Svg => "svg",
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

/// The files actornet writes into an output folder; a later run removes temporary files of
/// these names that an earlier run left (killed, out of memory) when it takes the folder.
pub const OUTPUT_NAMES: [&str; 11] = [
    "graph.graphml",
    "nodes.csv",
    "edges.csv",
    "mentions.csv",
    "evidence.csv",
    "graph.gexf",
    "graph.json",
    "graph.dot",
    "graph.xlsx",
    "run.json",
    "partial.json",
];

/// A set of output files written into one folder all-or-nothing: each file goes to a temporary
/// file in the same folder, and only [`OutputSet::commit`] renames them into place. Dropping the
/// set without committing removes the temporary files and leaves earlier outputs untouched.
///
/// The set holds an exclusive lock on the folder from [`OutputSet::new`] until it is committed
/// or dropped, so two runs never write into one folder at the same time (the second is refused
/// with an error naming the folder; one run's files are never mixed with another's). While the
/// lock is held, temporary files that an earlier run left behind are removed. Every temporary
/// file is registered until it is renamed or removed, so that [`remove_temp_files`] (called by
/// the binary on Ctrl-C and SIGTERM) can clean up before the process exits.
#[derive(Debug)]
pub struct OutputSet {
    dir: PathBuf,
    pending: Vec<Queued>,
    _lock: FolderLock,
}

/// A finished temporary file waiting for [`OutputSet::commit`], with the sync that started
/// when it was queued.
#[derive(Debug)]
struct Queued {
    tmp: TempOut,
    target: PathBuf,
    synced: Syncing,
}

impl OutputSet {
    /// Prepares an output folder, creating it if needed, and locks it. Fails if another run
    /// holds the folder.
    pub fn new(dir: &Path) -> Result<OutputSet> {
        std::fs::create_dir_all(dir).map_err(|e| Error::Output {
            path: dir.to_path_buf(),
            message: e.to_string(),
        })?;
        let lock = FolderLock::take(dir)?;
        let set = OutputSet {
            dir: dir.to_path_buf(),
            pending: Vec::new(),
            _lock: lock,
        };
        for name in OUTPUT_NAMES {
            set.remove_stale(name);
        }
        Ok(set)
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Removes temporary files of `name` left by an earlier run (only names of the form
    /// [`OutputSet::create`] makes; the folder lock guarantees that no live run owns them).
    fn remove_stale(&self, name: &str) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for e in entries.flatten() {
            let file_name = e.file_name();
            if is_temp_name_of(&file_name.to_string_lossy(), name)
                && e.file_type().is_ok_and(|t| t.is_file())
            {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }

    /// Creates the temporary file for `name` (a plain file name, never a path).
    pub fn create(&self, name: &str) -> Result<OutFile> {
        let name = safe_file_name(name);
        let target = self.dir.join(&name);
        if !OUTPUT_NAMES.contains(&name.as_str()) {
            self.remove_stale(&name);
        }
        let tmp = TempOut::create(&self.dir, &name).map_err(|e| Error::Output {
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

    /// Flushes a finished file and queues it for [`OutputSet::commit`]. Its sync to disk
    /// starts at once, on a thread of its own: the tables a run streams are finished before the
    /// graph is, and the graph's files are written while the tables' data goes to disk, so
    /// the commit waits for the slowest sync, not for the sum of them.
    pub fn add(&mut self, file: OutFile) -> Result<()> {
        let target = file.target.clone();
        let tmp = file.writer.into_inner().map_err(|e| Error::Output {
            path: target.clone(),
            message: e.error().to_string(),
        })?;
        let synced = tmp.start_sync();
        self.pending.push(Queued {
            tmp,
            target,
            synced,
        });
        Ok(())
    }

    /// Waits for every file's sync and renames the files into place, in the order they were
    /// queued. Returns the final paths.
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        let mut done = Vec::new();
        for mut q in std::mem::take(&mut self.pending) {
            let error = |e: io::Error| Error::Output {
                path: q.target.clone(),
                message: e.to_string(),
            };
            q.synced.wait(&mut q.tmp).map_err(error)?;
            q.tmp.persist(&q.target).map_err(error)?;
            done.push(q.target);
        }
        Ok(done)
    }
}

/// Whether `file_name` is a temporary file [`OutputSet::create`] makes for `name`:
/// `.NAME.XXXXXX.tmp` with six letters or digits (tempfile's random part).
fn is_temp_name_of(file_name: &str, name: &str) -> bool {
    file_name
        .strip_prefix('.')
        .and_then(|r| r.strip_prefix(name))
        .and_then(|r| r.strip_prefix('.'))
        .and_then(|r| r.strip_suffix(".tmp"))
        .is_some_and(|r| r.len() == 6 && r.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The exclusive lock on an output folder: on Unix the folder itself is locked (`flock`), so
/// nothing is left in it; elsewhere a hidden `.actornet.lock` file in it. Released when dropped
/// (and by the system when the process ends, however it ends).
#[derive(Debug)]
struct FolderLock {
    _file: std::fs::File,
}

impl FolderLock {
    fn take(dir: &Path) -> Result<FolderLock> {
        #[cfg(unix)]
        let opened = std::fs::File::open(dir);
        #[cfg(not(unix))]
        let opened = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(".actornet.lock"));
        let file = opened.map_err(|e| Error::Output {
            path: dir.to_path_buf(),
            message: format!("cannot lock the folder: {e}"),
        })?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => Ok(FolderLock { _file: file }),
            Err(fs4::TryLockError::WouldBlock) => Err(Error::Output {
                path: dir.to_path_buf(),
                message: "another actornet run is writing into this folder; wait for it to \
                          finish or choose another output folder"
                    .into(),
            }),
            Err(fs4::TryLockError::Error(e)) => Err(Error::Output {
                path: dir.to_path_buf(),
                message: format!("cannot lock the folder: {e}"),
            }),
        }
    }
}

/// Temporary files of output sets not yet renamed or removed, for [`remove_temp_files`].
static LIVE_TEMP_FILES: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn live_temp_files() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    LIVE_TEMP_FILES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Set by [`remove_temp_files`]: the process is ending, and no temporary file may be made.
static CLOSING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Removes every temporary output file this process has open (the files of every
/// [`OutputSet`] not yet committed or dropped) and returns how many were removed. For a signal
/// handler: the binary calls it on Ctrl-C and SIGTERM before exiting, since `exit` runs no
/// destructors. Outputs already renamed into place are left alone.
///
/// The other threads run on until the process exits, so from this call on no new temporary
/// file is made (creating one is an error): a writer that was about to start its next file
/// would otherwise leave it behind.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use actornet::export::{remove_temp_files, OutputSet};
/// let dir = tempfile::tempdir()?;
/// let set = OutputSet::new(dir.path())?;
/// let open = set.create("nodes.csv")?;
/// assert_eq!(remove_temp_files(), 1);
/// // regression: a writer thread that asked for its next file after the handler had run
/// // left that file behind ("SIGTERM left .edges.csv.XXXXXX.tmp")
/// assert!(set.create("edges.csv").is_err());
/// drop(open);
/// assert_eq!(std::fs::read_dir(dir.path())?.count(), 0, "no file left in the folder");
/// # Ok(())
/// # }
/// ```
pub fn remove_temp_files() -> usize {
    let mut live = live_temp_files();
    CLOSING.store(true, std::sync::atomic::Ordering::SeqCst);
    let n = live
        .drain(..)
        .filter(|p| std::fs::remove_file(p).is_ok())
        .count();
    n
}

/// A registered temporary output file: listed in [`LIVE_TEMP_FILES`] from creation until it is
/// renamed into place or removed.
#[derive(Debug)]
struct TempOut {
    file: Option<tempfile::NamedTempFile>,
    path: PathBuf,
}

impl TempOut {
    /// Creates the temporary file of an output. On Unix it gets the mode `rw-rw-rw-` less the
    /// umask (the system applies the umask when the file is created), as `touch`, a shell
    /// redirection or any other tool makes files; tempfile's default (`0600`) would make every
    /// output private to its owner whatever the umask, and the rename keeps the mode. The file is
    /// registered while the registry is locked, so a signal handler sees every file that exists.
    fn create(dir: &Path, name: &str) -> io::Result<TempOut> {
        let mut b = tempfile::Builder::new();
        let prefix = format!(".{name}.");
        b.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            b.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let mut live = live_temp_files();
        // checked under the registry's lock: `remove_temp_files` either sees this file or has
        // already run, and then it is never made
        if CLOSING.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(io::Error::other(
                "the process is ending (interrupted): no new output file",
            ));
        }
        let file = b.tempfile_in(dir)?;
        let path = file.path().to_path_buf();
        live.push(path.clone());
        Ok(TempOut {
            file: Some(file),
            path,
        })
    }

    fn file(&mut self) -> io::Result<&mut tempfile::NamedTempFile> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("temporary file already closed"))
    }

    /// Starts syncing the file's data to disk on a thread of its own, with a second handle of
    /// the file. When the handle or the thread cannot be had, [`Syncing::wait`] syncs the file.
    fn start_sync(&self) -> Syncing {
        let Some(handle) = self
            .file
            .as_ref()
            .and_then(|f| f.as_file().try_clone().ok())
        else {
            return Syncing::Here;
        };
        std::thread::Builder::new()
            .name("actornet-sync".into())
            .spawn(move || handle.sync_all())
            .map_or(Syncing::Here, Syncing::Started)
    }

    /// Renames the synced file into place.
    fn persist(mut self, target: &Path) -> io::Result<()> {
        let file = self
            .file
            .take()
            .ok_or_else(|| io::Error::other("temporary file already closed"))?;
        // registered until renamed: a signal between the two finds the path gone, which is fine
        let result = file.persist(target).map(drop).map_err(|e| e.error);
        self.deregister();
        result
    }

    fn deregister(&self) {
        let mut live = live_temp_files();
        if let Some(i) = live.iter().position(|p| *p == self.path) {
            live.swap_remove(i);
        }
    }
}

/// The sync of a queued output file.
#[derive(Debug)]
enum Syncing {
    /// Syncing on its own thread.
    Started(std::thread::JoinHandle<io::Result<()>>),
    /// Not started: the file is synced when waited for.
    Here,
}

impl Syncing {
    /// The sync's result, once `tmp` is on disk.
    fn wait(self, tmp: &mut TempOut) -> io::Result<()> {
        match self {
            Syncing::Started(thread) => thread
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("syncing the file failed"))),
            Syncing::Here => tmp.file()?.as_file().sync_all(),
        }
    }
}

impl Drop for TempOut {
    fn drop(&mut self) {
        // removes the file (if not persisted), then forgets it
        drop(self.file.take());
        self.deregister();
    }
}

impl Write for TempOut {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file()?.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file()?.flush()
    }
}

impl io::Seek for TempOut {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        io::Seek::seek(self.file()?, pos)
    }
}

/// A file being written for an [`OutputSet`]: a buffered temporary file in the output folder.
#[derive(Debug)]
pub struct OutFile {
    writer: io::BufWriter<TempOut>,
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

/// Seeking (flushes first): zip writers such as the xlsx one go back to fill in sizes.
impl io::Seek for OutFile {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        self.writer.seek(pos)
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

/// The smallest size a drawing gives an actor.
pub const MIN_NODE_SIZE: f64 = 4.0;
/// The size of the most mentioned actor of a graph.
pub const MAX_NODE_SIZE: f64 = 40.0;

/// The size a drawing gives an actor with `mentions` in a graph whose most mentioned actor has
/// `most`: `40·√(mentions / most)`, at least 4. The area grows with the mentions, and the range
/// stays [4, 40] whatever the corpus size (an unbounded `5 + 2·√mentions` gave the United States
/// 559 on 50 MB, which swamps any drawing).
pub fn node_size(mentions: u64, most: u64) -> f64 {
    let share = mentions as f64 / most.max(mentions).max(1) as f64;
    (MAX_NODE_SIZE * share.sqrt()).clamp(MIN_NODE_SIZE, MAX_NODE_SIZE)
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
    fn node_sizes_stay_in_range_and_grow_with_mentions() {
        assert_eq!(node_size(559_000, 559_000), MAX_NODE_SIZE);
        assert_eq!(node_size(1, 559_000), MIN_NODE_SIZE);
        assert_eq!(node_size(0, 0), MIN_NODE_SIZE);
        // a quarter of the mentions: half the size (area follows mentions)
        assert!((node_size(25, 100) - MAX_NODE_SIZE / 2.0).abs() < 1e-9);
        assert!(node_size(30, 100) < node_size(60, 100));
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

    #[test]
    fn files_syncing_at_once_are_committed_in_queue_order() {
        // every queued file starts its sync at once; the commit waits for each and renames
        // them in the order they were queued, with their whole contents
        let dir = tempfile::tempdir().unwrap();
        let names: Vec<String> = (0..12).map(|i| format!("part-{i:02}.csv")).collect();
        let body = |i: usize| format!("{i},").repeat(20_000 * (i + 1)).into_bytes();
        let mut set = OutputSet::new(dir.path()).unwrap();
        // queued in reverse name order, so queue order is not name order
        for (i, name) in names.iter().enumerate().rev() {
            set.write(name, |w| w.write_all(&body(i))).unwrap();
        }
        let done = set.commit().unwrap();
        let want: Vec<PathBuf> = names.iter().rev().map(|n| dir.path().join(n)).collect();
        assert_eq!(done, want);
        for (i, name) in names.iter().enumerate() {
            assert_eq!(
                std::fs::read(dir.path().join(name)).unwrap(),
                body(i),
                "{name}"
            );
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), names.len());
        // dropped while its files sync: nothing is left, not even a file a sync still holds
        let mut set = OutputSet::new(dir.path()).unwrap();
        for (i, name) in names.iter().enumerate() {
            set.write(&format!("late-{name}"), |w| w.write_all(&body(i)))
                .unwrap();
        }
        drop(set);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), names.len());
    }
}
