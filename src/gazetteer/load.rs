//! Loading gazetteer CSV files, with every problem reported as `file:line: message`.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::matcher::{MatcherBuilder, PatternTable};
use super::model::{id_order, Actor, ActorType, Form, Gazetteer, Lookups, Origin, Title};
use crate::date::Date;
use crate::error::{Error, Problem, Result};
use crate::text::fold;

include!(concat!(env!("OUT_DIR"), "/default_gazetteers.rs"));

/// Lexicon files that live beside the gazetteers but are not gazetteers.
pub const LEXICON_FILES: &[&str] = &["roles.csv", "titles.csv", "frames.csv", "words.csv"];

/// The fewest letters or digits an alias, demonym or metonym needs: shorter ones (`a`, `I`,
/// `.`) would tag every article and full stop, so they are skipped with a warning.
pub const MIN_ALIAS_CHARS: usize = 2;

/// The longest alias accepted, in bytes; longer ones are skipped with a warning.
pub const MAX_ALIAS_LEN: usize = 200;

/// The columns a gazetteer file may have. `id`, `name` and `type` are required.
#[rustfmt::skip]
pub const COLUMNS: &[&str] = &[
    "id", "name", "type", "aliases", "demonyms", "metonyms", "affiliation", "country", "region",
    "title", "iso2", "iso3", "wikidata", "lat", "lon", "exact_case", "ambiguous", "neighbours",
];

/// Indices into [`COLUMNS`].
mod col {
    pub const ID: usize = 0;
    pub const NAME: usize = 1;
    pub const TYPE: usize = 2;
    pub const ALIASES: usize = 3;
    pub const DEMONYMS: usize = 4;
    pub const METONYMS: usize = 5;
    pub const AFFILIATION: usize = 6;
    pub const COUNTRY: usize = 7;
    pub const REGION: usize = 8;
    pub const TITLE: usize = 9;
    pub const ISO2: usize = 10;
    pub const ISO3: usize = 11;
    pub const WIKIDATA: usize = 12;
    pub const LAT: usize = 13;
    pub const LON: usize = 14;
    pub const EXACT_CASE: usize = 15;
    pub const AMBIGUOUS: usize = 16;
    pub const NEIGHBOURS: usize = 17;
}

/// `s` trimmed, with every run of white space as one ASCII space (the common case, already
/// so, is one copy instead of a split and a join).
fn one_spaced(s: &str) -> String {
    let t = s.trim();
    let single = if t.is_ascii() {
        // the bytes, not the chars: two spaces, or white space other than a space (what
        // `char::is_whitespace` takes in ASCII; the first byte is none, being trimmed)
        !t.as_bytes()
            .windows(2)
            .any(|w| w == b"  " || matches!(w[1], b'\t' | b'\n' | 0x0B | 0x0C | b'\r'))
    } else {
        !t.contains("  ") && t.chars().all(|c| c == ' ' || !c.is_whitespace())
    };
    if single {
        return t.to_string();
    }
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Letters and digits of an entry once folded (what a match can hinge on).
fn alnum_chars(s: &str) -> usize {
    if s.is_ascii() {
        // ASCII folds to ASCII of the same letters and digits
        return s.bytes().filter(u8::is_ascii_alphanumeric).count();
    }
    fold(s).chars().filter(|c| c.is_alphanumeric()).count()
}

/// The built-in gazetteer files compiled into the binary, as `(file name, contents)`.
pub fn default_files() -> &'static [(&'static str, &'static str)] {
    DEFAULT_GAZETTEERS
}

/// Builds a [`Gazetteer`] from the built-in files and any number of user files or folders.
///
/// ```
/// let g = actornet::gazetteer::GazetteerBuilder::new()
///     .defaults(false)
///     .source("mine.csv", "id,name,type,aliases\noman,Oman,state,Sultanate of Oman\n")
///     .build()
///     .unwrap();
/// assert_eq!(g.by_id("oman").unwrap().aliases, ["Sultanate of Oman"]);
/// ```
#[derive(Debug, Clone)]
pub struct GazetteerBuilder {
    defaults: bool,
    matcher: bool,
    paths: Vec<PathBuf>,
    sources: Vec<(PathBuf, String)>,
}

impl Default for GazetteerBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl GazetteerBuilder {
    /// A builder that uses the built-in gazetteers.
    pub fn new() -> Self {
        GazetteerBuilder {
            defaults: true,
            matcher: false,
            paths: Vec::new(),
            sources: Vec::new(),
        }
    }

    /// Whether to include the built-in gazetteers (default: yes).
    pub fn defaults(mut self, yes: bool) -> Self {
        self.defaults = yes;
        self
    }

    /// Whether to build the gazetteer's matcher ([`Gazetteer::matcher`]) while loading, on a
    /// thread of its own beside the checks (default: no, it is built on first use). For
    /// callers that will match text: it shortens their start-up by most of the build.
    pub fn with_matcher(mut self, yes: bool) -> Self {
        self.matcher = yes;
        self
    }

    /// Adds a gazetteer file, or a folder whose `*.csv` files are all gazetteers.
    pub fn path(mut self, path: impl Into<PathBuf>) -> Self {
        self.paths.push(path.into());
        self
    }

    /// Adds a gazetteer from text already in memory; `name` is used in messages.
    pub fn source(mut self, name: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        self.sources.push((name.into(), text.into()));
        self
    }

    /// Loads and validates everything. On failure the error lists every problem found.
    pub fn build(self) -> Result<Gazetteer> {
        let mut files: Vec<(PathBuf, Cow<'static, str>)> = Vec::new();
        if self.defaults {
            for (name, text) in default_files() {
                files.push((Path::new("<built-in>").join(name), Cow::Borrowed(*text)));
            }
        }
        for p in &self.paths {
            for file in gazetteer_files(p)? {
                let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
                let text = String::from_utf8(bytes).map_err(|e| Error::Utf8 {
                    path: file.clone(),
                    offset: e.utf8_error().valid_up_to(),
                    lossy: false,
                })?;
                files.push((file, Cow::Owned(text)));
            }
        }
        files.extend(self.sources.into_iter().map(|(p, t)| (p, Cow::Owned(t))));
        let defaults = if !self.defaults {
            Defaults::None
        } else if files.len() == DEFAULT_GAZETTEERS.len() {
            Defaults::Only
        } else {
            Defaults::First
        };
        load_files(&files, self.matcher, defaults)
    }
}

/// The gazetteer files named by a path: the file itself, or a folder's `*.csv` files (sorted,
/// lexicon files left out).
pub fn gazetteer_files(path: &Path) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut lexicons = false;
    for entry in std::fs::read_dir(path).map_err(|e| Error::io(path, e))? {
        let entry = entry.map_err(|e| Error::io(path, e))?;
        let p = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if !p.is_file() || !name.to_ascii_lowercase().ends_with(".csv") {
            continue;
        }
        if LEXICON_FILES.contains(&name.as_str()) {
            lexicons = true;
        } else {
            out.push(p);
        }
    }
    out.sort();
    // a folder of lexicon files only (a user's words.csv, say) adds no actors, and is fine
    if out.is_empty() && !lexicons {
        return Err(Error::input(
            path,
            format!(
                "folder has no .csv gazetteer files and none of the lexicon files ({})",
                LEXICON_FILES.join(", ")
            ),
        ));
    }
    Ok(out)
}

/// Where the built-in files are in the files a gazetteer is loaded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Defaults {
    /// Not loaded.
    None,
    /// The first files, user files after them.
    First,
    /// The only files.
    Only,
}

/// A gazetteer file: its path (for messages) and text.
type File = (PathBuf, Cow<'static, str>);

/// Parses and validates a set of files that form one gazetteer.
fn load_files(files: &[File], build_matcher: bool, defaults: Defaults) -> Result<Gazetteer> {
    // the built-in gazetteer alone: its automaton, the largest piece of start-up, is started
    // now over the patterns the build script found in the same files, beside the parsing; it is
    // kept only if the parsed files give the very same patterns (they do unless build.rs and
    // the loader disagree, which a test rules out), else built again
    std::thread::scope(|early| {
        let head_start = (build_matcher && defaults == Defaults::Only).then(|| {
            let h = early.spawn(|| MatcherBuilder::new().automaton(DEFAULT_PATTERNS));
            (h, DEFAULT_PATTERNS)
        });
        load_parsed(
            files,
            parse_files(files),
            build_matcher,
            defaults,
            head_start,
        )
    })
}

/// Parsed files: the actors in file order, every name form folded, problems, warnings.
type Parsed = (Vec<Actor>, Vec<Vec<String>>, Vec<Problem>, Vec<String>);

/// Parses files, on two threads when there is enough to share (the built-in set is 340 KB);
/// each half keeps its files' order, so the result is the same as one pass.
fn parse_files(files: &[File]) -> Parsed {
    let parse = |files: &[File]| {
        let (mut actors, mut problems, mut warnings) = (Vec::new(), Vec::new(), Vec::new());
        for (path, text) in files {
            parse_file(path, text, &mut actors, &mut problems, &mut warnings);
        }
        // every name form folded once, for the alias check here and the matcher later
        let folded: Vec<Vec<String>> = actors
            .iter()
            .map(|a: &Actor| {
                a.forms()
                    .map(|(f, _)| fold(super::matcher::strip_article(f)))
                    .collect()
            })
            .collect();
        (actors, folded, problems, warnings)
    };
    let total: usize = files.iter().map(|(_, t)| t.len()).sum();
    if files.len() <= 1 || total <= 64 * 1024 {
        return parse(files);
    }
    // split where the first half of the bytes ends
    let mut upto = 0;
    let cut = files
        .iter()
        .position(|(_, t)| {
            upto += t.len();
            upto * 2 >= total
        })
        .map_or(1, |i| (i + 1).min(files.len() - 1));
    let (first, second) = files.split_at(cut);
    let ((mut a, mut f, mut p, mut w), (a2, f2, p2, w2)) = std::thread::scope(|s| {
        let later = s.spawn(|| parse(second));
        let sooner = parse(first);
        (
            sooner,
            later
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p)),
        )
    });
    a.extend(a2);
    f.extend(f2);
    p.extend(p2);
    w.extend(w2);
    (a, f, p, w)
}

/// An automaton being built on a thread, and the patterns it is built over.
type HeadStart<'s, 'p> = (
    std::thread::ScopedJoinHandle<'s, aho_corasick::AhoCorasick>,
    &'p [&'p str],
);

/// Checks parsed files and makes their gazetteer, with its matcher when asked for; a head start
/// (the automaton over [`DEFAULT_PATTERNS`]) is kept when its patterns are the matcher's.
fn load_parsed(
    files: &[File],
    (mut actors, folded, mut problems, mut warnings): Parsed,
    build_matcher: bool,
    defaults: Defaults,
    head_start: Option<HeadStart<'_, '_>>,
) -> Result<Gazetteer> {
    let join = |h: std::thread::ScopedJoinHandle<'_, aho_corasick::AhoCorasick>| {
        h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
    };
    // the matcher, when asked for, is built over the actors in their final (id) order: its
    // pattern table here, its automaton on a thread of its own (unless it has a head start)
    // while they are checked. Nothing the checks find changes its patterns unless a user's file
    // takes an alias over from a built-in actor, and then it is dropped (built again on first
    // use, from the actors as they are then)
    let order = id_order(&actors);
    let table = (build_matcher && problems.is_empty()).then(|| {
        PatternTable::new(
            order.len(),
            order.iter().map(|&i| (&actors[i], folded[i].as_slice())),
        )
    });
    let head_start = match (head_start, &table) {
        (Some((h, patterns)), Some(t)) if t.patterns == patterns => Some(h),
        _ => None,
    };
    let (matcher, rest) = std::thread::scope(|s| {
        let automaton = table.as_ref().map(|t| match head_start {
            Some(h) => h,
            None => s.spawn(|| MatcherBuilder::new().automaton(&t.patterns)),
        });
        check_ids(&actors, &mut problems);
        check_references(&actors, &mut problems);
        let suppressed = check_aliases(&actors, &folded, &mut problems, &mut warnings);
        let rest = problems.is_empty().then(|| {
            (
                suppressed,
                Lookups::new(&actors, order.clone()),
                fingerprint(files, defaults != Defaults::None),
            )
        });
        (automaton.map(join), rest)
    });
    let matcher = table.zip(matcher).map(|(t, ac)| t.into_matcher(ac));
    let Some((suppressed, lookups, fingerprint)) = rest else {
        problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        return Err(Error::Gazetteer(problems));
    };
    let matcher = matcher.filter(|_| suppressed.is_empty());
    for (i, alias) in suppressed {
        actors[i].suppressed.push(alias);
    }
    Ok(Gazetteer::from_actors(
        actors,
        folded,
        lookups,
        matcher,
        warnings,
        fingerprint,
    ))
}

/// A fingerprint of gazetteer files: FNV-1a over their names and contents, in hex. When the
/// first files are the built-in ones (`defaults`), the hash starts from its state after them,
/// which the build script computed.
fn fingerprint(files: &[File], defaults: bool) -> String {
    let (mut h, files) = if defaults {
        (
            DEFAULT_FINGERPRINT_STATE,
            &files[DEFAULT_GAZETTEERS.len()..],
        )
    } else {
        (FNV_OFFSET, files)
    };
    for (path, text) in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        h = fnv1a(h, name.as_bytes());
        h = fnv1a(h, text.as_bytes());
    }
    format!("{h:016x}")
}

/// The FNV-1a offset basis.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a state `h` continued over `bytes` and a zero byte.
fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes.iter().chain([&0u8]) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn parse_file(
    path: &Path,
    text: &str,
    actors: &mut Vec<Actor>,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<String>,
) {
    let problem = |line: usize, message: String| Problem {
        path: path.to_path_buf(),
        line,
        message,
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            problems.push(problem(1, format!("cannot read the header row: {e}")));
            return;
        }
    };
    // the csv reader takes a stray quote silently (an unclosed one swallows every later row)
    for (line, what) in crate::input::csv_rows::quote_problems(text.as_bytes()) {
        problems.push(problem(line, what.to_string()));
    }
    let col = |name: &str| header.iter().position(|h| h == name);
    // where each known column is, found once (not by name for every field of every row)
    let cols: Vec<Option<usize>> = COLUMNS.iter().map(|c| col(c)).collect();
    let missing: Vec<&str> = ["id", "name", "type"]
        .into_iter()
        .filter(|c| col(c).is_none())
        .collect();
    if !missing.is_empty() {
        problems.push(problem(
            1,
            format!(
                "missing required column(s) {}; the header must include id, name and type (found: {})",
                missing.join(", "),
                // quoted: a header cell may hold a line break, the problem is one line
                header
                    .iter()
                    .map(|h| format!("{h:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
        return;
    }
    for h in &header {
        if !h.is_empty() && !COLUMNS.contains(&h.as_str()) {
            warnings.push(format!(
                "{}:1: unknown column {h:?} ignored",
                crate::error::show_path(path)
            ));
        }
    }
    let mut lines = LineCounter::default();
    // one record read into again and again (an iterator of records makes one per row)
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e
                    .position()
                    .map_or(0, |p| lines.line_of(text, p.byte() as usize));
                problems.push(problem(line, format!("unreadable row: {e}")));
                continue;
            }
        };
        let line = record
            .position()
            .map_or(0, |p| lines.line_of(text, p.byte() as usize));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() > header.len() {
            problems.push(problem(
                line,
                format!(
                    "row has {} fields but the header has {}",
                    record.len(),
                    header.len()
                ),
            ));
            continue;
        }
        let get = |name: usize| -> &str {
            cols[name]
                .and_then(|i| record.get(i))
                .map(str::trim)
                .unwrap_or("")
        };
        let opt = |name: usize| -> Option<String> {
            let v = get(name);
            (!v.is_empty()).then(|| v.to_string())
        };
        let mut list = |name: usize| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            // duplicates dropped through a set once a list is long (`out.contains` made a row
            // of many aliases quadratic); short lists, nearly all of them, are searched
            let mut seen: Option<HashSet<String>> = None;
            let name_like = matches!(name, col::ALIASES | col::DEMONYMS | col::METONYMS);
            let raw = get(name);
            if raw.is_empty() {
                return out;
            }
            for part in raw.split('|') {
                let v = one_spaced(part);
                if v.is_empty() {
                    warnings.push(format!(
                        "{}:{line}: empty entry in {} ignored",
                        crate::error::show_path(path),
                        COLUMNS[name]
                    ));
                } else if v.len() > MAX_ALIAS_LEN {
                    warnings.push(format!(
                        "{}:{line}: {} entry of {} bytes ignored (limit {MAX_ALIAS_LEN})",
                        crate::error::show_path(path),
                        COLUMNS[name],
                        v.len()
                    ));
                } else if name_like && alnum_chars(&v) < MIN_ALIAS_CHARS {
                    warnings.push(format!(
                        "{}:{line}: {} entry {v:?} ignored: fewer than {MIN_ALIAS_CHARS} letters or digits would match everywhere",
                        path.display(),
                        COLUMNS[name]
                    ));
                } else {
                    let new = match &mut seen {
                        Some(set) => set.insert(v.clone()),
                        None => !out.contains(&v),
                    };
                    if new {
                        out.push(v);
                        if seen.is_none() && out.len() >= 16 {
                            seen = Some(out.iter().cloned().collect());
                        }
                    }
                }
            }
            out
        };
        let aliases = list(col::ALIASES);
        let neighbours_raw = list(col::NEIGHBOURS);
        let demonyms = list(col::DEMONYMS);
        let metonyms = list(col::METONYMS);
        let exact_case: Vec<String> = list(col::EXACT_CASE).iter().map(|s| fold(s)).collect();
        let ambiguous: Vec<String> = list(col::AMBIGUOUS).iter().map(|s| fold(s)).collect();
        let mut actor = Actor {
            id: get(col::ID).to_string(),
            name: one_spaced(get(col::NAME)),
            aliases,
            demonyms,
            metonyms,
            affiliation: opt(col::AFFILIATION),
            country: opt(col::COUNTRY),
            region: opt(col::REGION),
            neighbours: neighbours_raw,
            iso2: opt(col::ISO2),
            iso3: opt(col::ISO3),
            wikidata: opt(col::WIKIDATA),
            exact_case,
            ambiguous,
            origin: Origin {
                path: path.to_path_buf(),
                line,
            },
            ..Actor::default()
        };
        if actor.id.is_empty() {
            problems.push(problem(line, "empty id".into()));
            continue;
        }
        if !valid_id(&actor.id) {
            problems.push(problem(
                line,
                format!(
                    "id {:?} is not a valid XML id: use letters, digits, '-', '_' or '.', starting with a letter (e.g. \"united-states\")",
                    actor.id
                ),
            ));
        }
        if actor.name.is_empty() {
            problems.push(problem(line, format!("empty name for id {:?}", actor.id)));
        }
        match get(col::TYPE).parse::<ActorType>() {
            Ok(t) => actor.kind = Some(t),
            Err(msg) => problems.push(problem(line, msg)),
        }
        for (name, slot) in [(col::LAT, &mut actor.lat), (col::LON, &mut actor.lon)] {
            let v = get(name);
            let name = COLUMNS[name];
            if v.is_empty() {
                continue;
            }
            let limit = if name == "lat" { 90.0 } else { 180.0 };
            match v.parse::<f64>() {
                Ok(x) if x.is_finite() && x.abs() <= limit => *slot = Some(x),
                _ => problems.push(problem(
                    line,
                    format!("{name} {v:?} is not a number between -{limit} and {limit}"),
                )),
            }
        }
        for part in list(col::TITLE) {
            match parse_title(&part) {
                Ok(t) => actor.titles.push(t),
                Err(msg) => problems.push(problem(line, msg)),
            }
        }
        for kind in [&actor.exact_case, &actor.ambiguous] {
            for a in kind {
                if !actor.forms().any(|(f, _)| fold(f) == *a) {
                    warnings.push(format!(
                        "{}:{line}: {a:?} is listed as exact_case/ambiguous but is not a name of {:?}",
                        crate::error::show_path(path),
                        actor.id
                    ));
                }
            }
        }
        actors.push(actor);
    }
}

/// Line numbers of records, counted incrementally as the reader moves forward (so a whole file
/// costs one pass).
#[derive(Debug, Default)]
struct LineCounter {
    /// Bytes counted so far.
    upto: usize,
    /// Line feeds in `text[..upto]`.
    newlines: usize,
}

impl LineCounter {
    /// The 1-based line number of a record starting at a byte offset (with CRLF line ends the
    /// csv reader reports the offset of the `\n`, which belongs to the line before).
    fn line_of(&mut self, text: &str, byte: usize) -> usize {
        let end = (byte + 1).min(text.len());
        if end < self.upto {
            self.upto = 0;
            self.newlines = 0;
        }
        self.newlines += text.as_bytes()[self.upto..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.upto = end;
        1 + self.newlines
    }
}

/// Ids are ASCII names valid as XML ids and GraphML NMTOKENs: a letter or `_` first, then
/// letters, digits, `-`, `_` or `.`.
pub fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Parses `Title` or `Title@START..END`.
fn parse_title(s: &str) -> std::result::Result<Title, String> {
    let Some((text, period)) = s.split_once('@') else {
        return Ok(Title {
            text: s.to_string(),
            start: None,
            end: None,
        });
    };
    let (a, b) = period.split_once("..").ok_or_else(|| {
        format!("title {s:?}: the period must be START..END (either may be empty)")
    })?;
    let date = |d: &str, end: bool| -> std::result::Result<Option<Date>, String> {
        if d.trim().is_empty() {
            return Ok(None);
        }
        Date::parse(d, end).map(Some).ok_or_else(|| {
            format!("title {s:?}: {d:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        })
    };
    let (start, end) = (date(a, false)?, date(b, true)?);
    if let (Some(x), Some(y)) = (start, end) {
        if x > y {
            return Err(format!("title {s:?}: starts after it ends"));
        }
    }
    Ok(Title {
        text: text.trim().to_string(),
        start,
        end,
    })
}

fn check_ids(actors: &[Actor], problems: &mut Vec<Problem>) {
    let mut seen: HashMap<&str, &Actor> =
        HashMap::with_capacity_and_hasher(actors.len(), Default::default());
    for a in actors {
        if let Some(first) = seen.get(a.id.as_str()) {
            problems.push(Problem {
                path: a.origin.path.clone(),
                line: a.origin.line,
                message: format!(
                    "duplicate id {:?} (first defined at {}:{})",
                    a.id,
                    crate::error::show_path(&first.origin.path),
                    first.origin.line
                ),
            });
        } else {
            seen.insert(&a.id, a);
        }
    }
}

/// Affiliation chains must end: a → b → a would make every lookup of an actor's organisation
/// or state go round. Reported once per cycle, at the row of its smallest id.
fn check_cycles(actors: &[Actor], problems: &mut Vec<Problem>) {
    let by_id: HashMap<&str, &Actor> = actors.iter().map(|a| (a.id.as_str(), a)).collect();
    for a in actors {
        if a.affiliation.is_none() {
            continue; // no chain starts here (and no list is made for it)
        }
        let mut chain = vec![a.id.as_str()];
        let mut at = a;
        while let Some(next) = at.affiliation.as_deref().and_then(|n| by_id.get(n)) {
            if next.id == a.id {
                if chain.iter().all(|id| a.id.as_str() <= *id) && chain.len() > 1 {
                    chain.push(&a.id);
                    problems.push(Problem {
                        path: a.origin.path.clone(),
                        line: a.origin.line,
                        message: format!("affiliation cycle: {}", chain.join(" \u{2192} ")),
                    });
                }
                break;
            }
            if chain.contains(&next.id.as_str()) || chain.len() > actors.len() {
                break; // a cycle not through `a`: reported from its own members
            }
            chain.push(&next.id);
            at = next;
        }
    }
}

fn check_references(actors: &[Actor], problems: &mut Vec<Problem>) {
    check_cycles(actors, problems);
    let ids: HashSet<&str> = actors.iter().map(|a| a.id.as_str()).collect();
    for a in actors {
        for n in &a.neighbours {
            if !ids.contains(n.as_str()) {
                problems.push(Problem {
                    path: a.origin.path.clone(),
                    line: a.origin.line,
                    message: format!("neighbour {n:?} of {:?} is not the id of any actor", a.id),
                });
            }
        }
        for (col, v) in [("affiliation", &a.affiliation), ("country", &a.country)] {
            if let Some(v) = v {
                if !ids.contains(v.as_str()) {
                    problems.push(Problem {
                        path: a.origin.path.clone(),
                        line: a.origin.line,
                        message: format!("{col} {v:?} of {:?} is not the id of any actor", a.id),
                    });
                } else if v == &a.id {
                    problems.push(Problem {
                        path: a.origin.path.clone(),
                        line: a.origin.line,
                        message: format!("{col} of {:?} points to itself", a.id),
                    });
                }
            }
        }
    }
}

/// One alias may belong to two actors only if both mark it ambiguous, or if it is a state's
/// metonym and a place's name (a capital city). A user's gazetteer overrides the built-in ones:
/// an alias it claims is taken from the built-in actors that had it (with a warning).
///
/// Returns the aliases taken away, as `(actor index, folded alias)` in the order they are to be
/// added to the actors' [`Actor::suppressed`] (nothing in the check reads that list).
fn check_aliases(
    actors: &[Actor],
    folded: &[Vec<String>],
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<String>,
) -> Vec<(usize, String)> {
    let mut suppressed = Vec::new();
    let builtin = |a: &Actor| a.origin.path.starts_with("<built-in>");
    // each alias's first claim, and the claims of the aliases claimed by more than one actor
    // (each actor once, with the form of its first claim): a list only for those few
    let mut first: HashMap<&str, (usize, Form)> =
        HashMap::with_capacity_and_hasher(folded.len() * 3, Default::default());
    let mut claims: HashMap<&str, Vec<(usize, Form)>> = HashMap::default();
    for (i, forms) in folded.iter().enumerate() {
        for (key, (_, form)) in forms.iter().zip(actors[i].forms()) {
            let (j, f) = *first.entry(key.as_str()).or_insert((i, form));
            if j != i {
                let owners = claims.entry(key.as_str()).or_insert_with(|| vec![(j, f)]);
                if !owners.iter().any(|(k, _)| *k == i) {
                    owners.push((i, form));
                }
            }
        }
    }
    // the aliases of more than one actor, in order: warnings and problems come out sorted
    let mut shared: Vec<(&str, Vec<(usize, Form)>)> = claims.into_iter().collect();
    shared.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (alias, owners) in &mut shared {
        let alias: &str = alias;
        if owners.len() < 2 {
            continue;
        }
        let users = owners.iter().filter(|(i, _)| !builtin(&actors[*i])).count();
        if users > 0 && users < owners.len() {
            let (user_id, user_origin) = owners
                .iter()
                .find(|(i, _)| !builtin(&actors[*i]))
                .map(|(i, _)| (actors[*i].id.clone(), actors[*i].origin.clone()))
                .unwrap_or_default();
            let from_builtin: Vec<usize> = owners
                .iter()
                .map(|(i, _)| *i)
                .filter(|i| builtin(&actors[*i]))
                .collect();
            for i in from_builtin {
                suppressed.push((i, alias.to_string()));
                warnings.push(format!(
                    "{}:{}: {alias:?} now means {user_id:?}, no longer the built-in {:?}",
                    crate::error::show_path(&user_origin.path),
                    user_origin.line,
                    actors[i].id
                ));
            }
            owners.retain(|(i, _)| !builtin(&actors[*i]));
            if owners.len() < 2 {
                continue;
            }
        }
        let all_ambiguous = owners
            .iter()
            .all(|(i, _)| actors[*i].ambiguous.iter().any(|a| a == alias));
        let capital = owners.len() == 2 && {
            let kinds: Vec<(ActorType, Form)> = owners
                .iter()
                .map(|(i, f)| (actors[*i].actor_type(), *f))
                .collect();
            kinds.contains(&(ActorType::State, Form::Metonym))
                && kinds
                    .iter()
                    .any(|(t, f)| *t == ActorType::Place && *f == Form::Alias)
        };
        if all_ambiguous || capital {
            continue;
        }
        let (first, _) = owners[0];
        for (i, _) in &owners[1..] {
            let a = &actors[*i];
            let f = &actors[first];
            problems.push(Problem {
                path: a.origin.path.clone(),
                line: a.origin.line,
                message: format!(
                    "alias {alias:?} of {:?} is also claimed by {:?} ({}:{}); list it under `ambiguous` in both rows if both are meant",
                    a.id,
                    f.id,
                    crate::error::show_path(&f.origin.path),
                    f.origin.line
                ),
            });
        }
    }
    suppressed
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "id,name,type,aliases,demonyms,metonyms,affiliation,country,ambiguous,title\n";

    fn load(rows: &str) -> Result<Gazetteer> {
        GazetteerBuilder::new()
            .defaults(false)
            .source("t.csv", format!("{HEADER}{rows}"))
            .build()
    }

    fn messages(rows: &str) -> Vec<String> {
        match load(rows) {
            Err(Error::Gazetteer(p)) => p.iter().map(ToString::to_string).collect(),
            Err(e) => vec![e.to_string()],
            Ok(_) => vec![],
        }
    }

    #[test]
    fn column_indices_name_their_columns() {
        let cases = [
            (col::ID, "id"),
            (col::NAME, "name"),
            (col::TYPE, "type"),
            (col::ALIASES, "aliases"),
            (col::DEMONYMS, "demonyms"),
            (col::METONYMS, "metonyms"),
            (col::AFFILIATION, "affiliation"),
            (col::COUNTRY, "country"),
            (col::REGION, "region"),
            (col::TITLE, "title"),
            (col::ISO2, "iso2"),
            (col::ISO3, "iso3"),
            (col::WIKIDATA, "wikidata"),
            (col::LAT, "lat"),
            (col::LON, "lon"),
            (col::EXACT_CASE, "exact_case"),
            (col::AMBIGUOUS, "ambiguous"),
            (col::NEIGHBOURS, "neighbours"),
        ];
        assert_eq!(cases.len(), COLUMNS.len());
        for (i, name) in cases {
            assert_eq!(COLUMNS[i], name);
        }
    }

    #[test]
    fn entries_are_one_spaced_and_counted_as_folded() {
        let spaced = [
            ("  Sultanate of Oman ", "Sultanate of Oman"),
            ("Sultanate\tof  Oman", "Sultanate of Oman"),
            ("C\u{f4}te\u{a0}d'Ivoire", "C\u{f4}te d'Ivoire"),
            ("Sultanate\u{b}of\r\nOman", "Sultanate of Oman"),
            ("Sultanate of\u{c}Oman", "Sultanate of Oman"),
            ("Oman ", "Oman"),
            ("O", "O"),
            ("", ""),
        ];
        for (raw, want) in spaced {
            assert_eq!(one_spaced(raw), want, "{raw:?}");
        }
        let counted = [
            ("US", 2),
            ("U.S.", 2),
            ("--", 0),
            ("\u{e9}.", 1),
            ("A\u{301}", 1),
        ];
        for (raw, want) in counted {
            assert_eq!(alnum_chars(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn problems_table() {
        let cases: &[(&str, &str)] = &[
            ("x,X,planet,,,,,,,\n", "t.csv:2: unknown type \"planet\""),
            (
                "x,X,state,,,,,,,\nx,Y,state,,,,,,,\n",
                "t.csv:3: duplicate id \"x\" (first defined at t.csv:2)",
            ),
            ("x,,state,,,,,,,\n", "t.csv:2: empty name for id \"x\""),
            (
                "p,P,person,,,,nowhere,,,\n",
                "t.csv:2: affiliation \"nowhere\" of \"p\" is not the id of any actor",
            ),
            (
                "a,A,state,Alpha,,,,,,\nb,B,state,Alpha,,,,,,\n",
                "t.csv:3: alias \"alpha\" of \"b\" is also claimed by \"a\"",
            ),
            (
                "x y,X,state,,,,,,,\n",
                "t.csv:2: id \"x y\" is not a valid XML id",
            ),
            (
                "p,P,person,,,,,,,Minister@2020-01-01..2019-01-01\n",
                "starts after it ends",
            ),
            ("p,P,person,,,,,,,Minister@yesterday..\n", "is not a date"),
            (
                "x,X,state,,,,,,,,extra\n",
                "t.csv:2: row has 11 fields but the header has 10",
            ),
        ];
        for (rows, want) in cases {
            let got = messages(rows);
            assert!(
                got.iter().any(|m| m.contains(want)),
                "rows {rows:?}: want {want:?}, got {got:?}"
            );
        }
    }

    #[test]
    fn shared_alias_is_fine_when_both_rows_mark_it_ambiguous() {
        assert!(messages("a,A,state,Congo,,,,,Congo,\nb,B,state,Congo,,,,,Congo,\n").is_empty());
    }

    #[test]
    fn capital_metonym_and_city_may_share_a_name() {
        let g =
            load("iran,Iran,state,,Iranian,Tehran,,,,\ntehran,Tehran,place,,,,,iran,,\n").unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g.by_id("tehran").unwrap().country.as_deref(), Some("iran"));
    }

    #[test]
    fn missing_columns_are_named() {
        let err = GazetteerBuilder::new()
            .defaults(false)
            .source("m.csv", "id,label\nx,X\n")
            .build()
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("m.csv:1: missing required column(s) name, type"),
            "{err}"
        );
    }

    #[test]
    fn bom_crlf_and_empty_alias() {
        let g = GazetteerBuilder::new()
            .defaults(false)
            .source(
                "b.csv",
                "\u{FEFF}id,name,type,aliases\r\nx,X,state,Ex||Eks\r\n",
            )
            .build()
            .unwrap();
        assert_eq!(g.by_id("x").unwrap().aliases, ["Ex", "Eks"]);
        assert!(
            g.warnings
                .iter()
                .any(|w| w.contains("b.csv:2: empty entry")),
            "{:?}",
            g.warnings
        );
    }

    #[test]
    fn dated_titles() {
        let g = load("p,P,person,,,,,,,Foreign Minister@2024-08..|Deputy@2013..2019\n").unwrap();
        let p = g.by_id("p").unwrap();
        let on = |s: &str| p.title_on(Date::parse(s, false).unwrap());
        assert_eq!(on("2025-01-01").as_deref(), Some("Foreign Minister"));
        assert_eq!(on("2015-06-01").as_deref(), Some("Deputy"));
        assert_eq!(on("2021-06-01").as_deref(), Some("former Deputy"));
        assert_eq!(on("2010-06-01"), None);
    }

    #[test]
    fn build_script_patterns_are_the_ones_of_the_parsed_built_in_files() {
        // the automaton started over DEFAULT_PATTERNS is kept only when they are these
        let g = GazetteerBuilder::new().build().unwrap();
        let table = PatternTable::new(
            g.len(),
            g.actors()
                .iter()
                .enumerate()
                .map(|(i, a)| (a, g.folded_forms(i))),
        );
        assert_eq!(table.patterns.len(), DEFAULT_PATTERNS.len());
        assert!(
            table.patterns == DEFAULT_PATTERNS,
            "build.rs and the loader disagree"
        );
        assert_eq!(
            MatcherBuilder::new().build(&g).pattern_count(),
            DEFAULT_PATTERNS.len()
        );
    }

    /// Names found in a sentence by a matcher, as (text, actor id).
    fn found(g: &Gazetteer, m: &super::super::Matcher, sentence: &str) -> Vec<(String, String)> {
        let mut scratch = crate::text::Folded::default();
        let folded = crate::text::FoldedSlice::fold_alone(sentence, &mut scratch);
        let mut hits = Vec::new();
        m.find(&folded, &mut hits);
        hits.iter()
            .flat_map(|h| {
                h.fitting().map(move |r| {
                    let id = g.get(m.refs(h.pattern)[r].actor).id.clone();
                    (sentence[h.start..h.end].to_string(), id)
                })
            })
            .collect()
    }

    #[test]
    fn head_start_over_other_patterns_is_not_kept() {
        // an automaton started over patterns the parsed files do not give (build.rs and the
        // loader disagreeing) must give way to one over the loader's
        let files: Vec<File> = default_files()
            .iter()
            .map(|(n, t)| (Path::new("<built-in>").join(n), Cow::Borrowed(*t)))
            .collect();
        let other: &[&str] = &["oman", "muscat"];
        let g = std::thread::scope(|s| {
            let h = s.spawn(|| MatcherBuilder::new().automaton(other));
            load_parsed(
                &files,
                parse_files(&files),
                true,
                Defaults::Only,
                Some((h, other)),
            )
        })
        .unwrap();
        let fresh = MatcherBuilder::new().build(&g);
        let sentence = "Talks in Muscat between Saudi Arabia and Iran resumed, Oman said.";
        let want = found(&g, &fresh, sentence);
        assert!(
            want.contains(&("Saudi Arabia".into(), "saudi-arabia".into())),
            "{want:?}"
        );
        assert_eq!(found(&g, g.matcher(), sentence), want);
        assert_eq!(g.matcher().memory_usage(), fresh.memory_usage());
    }

    #[test]
    fn fingerprint_continued_from_the_build_script_state_is_the_whole_one() {
        let mut files: Vec<File> = default_files()
            .iter()
            .map(|(n, t)| (Path::new("<built-in>").join(n), Cow::Borrowed(*t)))
            .collect();
        assert_eq!(fingerprint(&files, true), fingerprint(&files, false));
        files.push((
            "mine.csv".into(),
            Cow::Borrowed("id,name,type\nx,X,state\n"),
        ));
        assert_eq!(fingerprint(&files, true), fingerprint(&files, false));
        assert_ne!(fingerprint(&files, false), fingerprint(&files[..1], false));
    }

    #[test]
    fn built_in_gazetteers_load_cleanly() {
        let g = GazetteerBuilder::new()
            .build()
            .expect("the built-in gazetteers must be valid");
        assert!(g.len() > 100, "only {} actors", g.len());
        assert!(
            g.warnings.is_empty(),
            "{:#?}",
            &g.warnings[..g.warnings.len().min(10)]
        );
    }
}
