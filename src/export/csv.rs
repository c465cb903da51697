//! CSV tables for Gephi's Data Laboratory and for spreadsheets.
//!
//! Every file is UTF-8 with CRLF record ends and RFC 4180 quoting. The dialect names the program
//! the files are for:
//! * `excel` (default; Excel, and spreadsheets opened by double-click): a byte-order mark so
//!   Excel reads UTF-8, and any **text** cell that starts with `=`, `+`, `-`, `@`, tab, CR or LF
//!   gets a leading `'` (OWASP CSV-injection guidance), so no spreadsheet evaluates a formula
//!   from the input. Excel hides that apostrophe; LibreOffice, pandas and Gephi show it as part
//!   of the value. Numbers are never touched.
//! * `gephi` (Gephi's Data Laboratory import): no byte-order mark (Gephi releases before 0.9.3
//!   read it as part of the first header, which hides the `Source`/`Id` column: gephi/gephi#1814),
//!   no apostrophes,
//!   and every `\` doubled, because Gephi's CSV parser treats `\` as an escape.
//! * `plain` (pandas, R, LibreOffice, databases, scripts): no byte-order mark, no apostrophes, no
//!   escapes: every value exactly as in GraphML and JSON. Open it only with programs that do not
//!   evaluate formulas (LibreOffice asks on import; keep "Evaluate formulas" off).
//!
//! Columns, generated from the tables of [`super::schema`] (which say what each one holds; a
//! test keeps these lists in sync):
//! * `nodes.csv`: `Id`, `Label`, `actor_type`, `role`, `roles`, `affiliation`, `affiliation_id`,
//!   `title`, `title_date`, `text_title`, `text_affiliation`, `mentions`, `documents`, `aliases`,
//!   `country`, `wikidata`, `iso3`, `lat`, `lon`, `first_seen`, `last_seen`, `discovered`.
//! * `edges.csv`: `Source`, `Target`, `Type`, `Kind`, `Id`, `Label`, `Weight`, `evidence`,
//!   `documents`, `first_seen`, `last_seen`, `evidence_document`, `evidence_sentence`,
//!   `evidence_text`, `origin`.
//! * `mentions.csv`: `document`, `sentence`, `start`, `end`, `surface`, `entity`, `label`, `type`,
//!   `form`, `title`, `url`.
//! * `evidence.csv`: `document`, `sentence`, `start`, `end`, `kind`, `subject`, `value`, `object`,
//!   `cue`, `text`.
//!
//! `mentions.csv`'s `start` and `end` count Unicode code points from the start of the document,
//! end exclusive (in Python `text[start:end] == surface`); its `title` is, for people, the title
//! held on the document's own date (see [`mention_title`]). For JSON Lines and CSV records with
//! a title, "the document" is the title, a blank line, then the text.

use std::borrow::Cow;
use std::cell::RefCell;
use std::io::{self, Write};
use std::str::FromStr;

use super::number;
use super::schema::{
    self, LinkRow, NodeRow, Target, Value, EVIDENCE_COLUMNS, LINK_COLUMNS, MENTION_COLUMNS,
    NODE_COLUMNS,
};
use crate::date::Date;
use crate::extract::{Extraction, Extractor};
use crate::gazetteer::{Actor, ActorType};
use crate::graph::{ActorGraph, Link, Node};

/// Which program the CSV is for (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// Excel: byte-order mark and formula neutralisation.
    #[default]
    Excel,
    /// Gephi: no byte-order mark, backslashes doubled, no apostrophes.
    Gephi,
    /// pandas, R, LibreOffice and scripts: no byte-order mark, values as they are.
    Plain,
}

impl Dialect {
    /// Every dialect.
    pub const ALL: [Dialect; 3] = [Dialect::Excel, Dialect::Gephi, Dialect::Plain];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Excel => "excel",
            Dialect::Gephi => "gephi",
            Dialect::Plain => "plain",
        }
    }

    /// Whether files start with a UTF-8 byte-order mark (only for Excel, which needs it to
    /// read UTF-8; older Gephi releases take it for part of the first header).
    pub fn bom(self) -> bool {
        self == Dialect::Excel
    }
}

impl std::fmt::Display for Dialect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Dialect {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let key = s.trim().to_ascii_lowercase();
        Dialect::ALL
            .into_iter()
            .find(|d| d.as_str() == key)
            .ok_or_else(|| {
                format!(
                    "unknown CSV dialect {s:?} (excel for Excel, gephi for Gephi, plain for pandas, R, LibreOffice and scripts)"
                )
            })
    }
}

/// A cell: text (subject to the dialect's rules) or a number (written as is). Borrows what it
/// can: a row of cells is written straight from the rows' data.
#[derive(Debug, Clone)]
pub enum Cell<'a> {
    /// Text.
    Text(Cow<'a, str>),
    /// A number, already formatted.
    Num(Cow<'a, str>),
    /// A count, formatted when written.
    Count(u64),
    /// Nothing.
    Empty,
}

impl<'a> Cell<'a> {
    /// Text, or an empty cell for `None`.
    pub fn opt_text(s: Option<impl Into<Cow<'a, str>>>) -> Cell<'a> {
        s.map_or(Cell::Empty, |s| Cell::Text(s.into()))
    }
}

/// Makes a text cell safe for the dialect (borrowed when nothing needs changing).
pub fn safe_text(s: &str, dialect: Dialect) -> Cow<'_, str> {
    match dialect {
        Dialect::Excel => {
            if s.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) {
                Cow::Owned(format!("'{s}"))
            } else {
                Cow::Borrowed(s)
            }
        }
        Dialect::Gephi if s.contains('\\') => Cow::Owned(s.replace('\\', "\\\\")),
        Dialect::Gephi | Dialect::Plain => Cow::Borrowed(s),
    }
}

/// The decimal digits of `n`, in `buf`.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[i..];
        }
    }
}

/// A CSV table writer with the dialect's rules.
pub struct Table<W: Write> {
    w: RawCsv<W>,
    dialect: Dialect,
}

/// A csv writer that can also take rows rendered elsewhere.
struct RawCsv<W: Write> {
    inner: Option<csv::Writer<Sink<W>>>,
}

/// The writer under a [`RawCsv`]'s csv writer. The csv writer lends it only by shared
/// reference, so it sits in a `RefCell`: rendered rows go straight to it after the csv buffer
/// is emptied, with no new csv writer (and its zeroed 8 KB buffer) for each batch of rows.
/// Its `flush` only empties the csv buffer into it: the file under it is flushed when the
/// table is, not after every document's rows.
struct Sink<W>(RefCell<W>);

impl<W: Write> Write for Sink<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.get_mut().write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.get_mut().write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<W: Write> RawCsv<W> {
    /// A writer with the csv crate's default buffer (8 KB), for files.
    fn new(w: W) -> Self {
        Self::with_buffer(w, 8 << 10)
    }

    /// A writer with a buffer of `capacity` bytes: rows rendered into memory need little.
    fn with_buffer(w: W, capacity: usize) -> Self {
        RawCsv {
            inner: Some(
                csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .has_headers(false)
                    .buffer_capacity(capacity)
                    .from_writer(Sink(RefCell::new(w))),
            ),
        }
    }

    fn writer(&mut self) -> io::Result<&mut csv::Writer<Sink<W>>> {
        self.inner
            .as_mut()
            .ok_or_else(|| io::Error::other("CSV writer was lost after an error"))
    }

    fn write_record(&mut self, fields: &[String]) -> io::Result<()> {
        self.writer()?.write_record(fields).map_err(io::Error::from)
    }

    /// Writes a row of cells field by field, with no copy of a field that needs no change.
    fn write_cells(&mut self, cells: &[Cell<'_>], dialect: Dialect) -> io::Result<()> {
        let w = self.writer()?;
        let mut buf = [0u8; 20];
        for c in cells {
            match c {
                Cell::Text(s) => w.write_field(safe_text(s, dialect).as_bytes())?,
                Cell::Num(s) => w.write_field(s.as_bytes())?,
                Cell::Count(n) => w.write_field(decimal(*n, &mut buf))?,
                Cell::Empty => w.write_field(b"")?,
            }
        }
        // ends the record the fields began
        w.write_record(std::iter::empty::<&[u8]>())
            .map_err(io::Error::from)
    }

    /// Writes rows rendered elsewhere after the rows written so far.
    fn write_raw(&mut self, rows: &[u8]) -> io::Result<()> {
        let w = self.writer()?;
        // empties the csv buffer into the sink (whose flush goes no further)
        w.flush()?;
        w.get_ref().0.borrow_mut().write_all(rows)
    }

    fn flush(&mut self) -> io::Result<()> {
        let w = self.writer()?;
        w.flush()?;
        w.get_ref().0.borrow_mut().flush()
    }

    fn into_inner(self) -> io::Result<W> {
        match self.inner {
            Some(w) => {
                let mut out = w.into_inner().map_err(|e| e.into_error())?.0.into_inner();
                out.flush()?;
                Ok(out)
            }
            None => Err(io::Error::other("CSV writer was lost after an error")),
        }
    }
}

impl<W: Write> Table<W> {
    /// Starts a table: writes the BOM (Excel dialect) and the header.
    pub fn new(mut out: W, dialect: Dialect, header: &[&str]) -> io::Result<Self> {
        if dialect.bom() {
            out.write_all(b"\xEF\xBB\xBF")?;
        }
        let mut w = RawCsv::new(out);
        w.write_record(&header.iter().map(|h| h.to_string()).collect::<Vec<_>>())?;
        Ok(Table { w, dialect })
    }

    /// Writes a row.
    pub fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        self.w.write_cells(cells, self.dialect)
    }

    /// Flushes and returns the writer.
    pub fn finish(self) -> io::Result<W> {
        self.w.into_inner()
    }

    /// Writes already rendered rows after the rows written so far.
    pub fn write_raw(&mut self, rows: &[u8]) -> io::Result<()> {
        self.w.write_raw(rows)
    }
}

/// `nodes.csv` header: the CSV names of [`NODE_COLUMNS`].
pub const NODE_HEADER: &[&str] =
    &schema::names::<_, { schema::count(NODE_COLUMNS, Target::Csv) }>(NODE_COLUMNS, Target::Csv);

/// `edges.csv` header: the CSV names of [`LINK_COLUMNS`].
pub const EDGE_HEADER: &[&str] =
    &schema::names::<_, { schema::count(LINK_COLUMNS, Target::Csv) }>(LINK_COLUMNS, Target::Csv);

/// `mentions.csv` header: the names of [`MENTION_COLUMNS`].
pub const MENTION_HEADER: &[&str] =
    &schema::names::<_, { MENTION_COLUMNS.len() }>(MENTION_COLUMNS, Target::Csv);

/// `evidence.csv` header: the names of [`EVIDENCE_COLUMNS`].
pub const EVIDENCE_HEADER: &[&str] =
    &schema::names::<_, { EVIDENCE_COLUMNS.len() }>(EVIDENCE_COLUMNS, Target::Csv);

impl<'a> From<Value<'a>> for Cell<'a> {
    /// A value as a cell: numbers as numbers, dates and flags as text (subject to the dialect),
    /// a missing value (or an empty text) as an empty cell.
    fn from(v: Value<'a>) -> Cell<'a> {
        if v.is_missing() {
            return Cell::Empty;
        }
        match v {
            Value::Text(s) => Cell::Text(s),
            Value::Long(n) => Cell::Count(n),
            Value::Double(x) => Cell::Num(Cow::Owned(number(x))),
            Value::Bool(b) => Cell::Text(Cow::Borrowed(if b { "true" } else { "false" })),
            Value::Date(d) => Cell::Text(Cow::Owned(d.to_string())),
            Value::Missing => Cell::Empty,
        }
    }
}

/// The title of a mentioned person on its document's date (`default_date` for an undated
/// document): the gazetteer's title held that day, `former …` when every title had ended, the
/// discovered title for a discovered person; `None` for other actors. A 2016 brief shows the
/// title of 2016 even when the corpus also holds a 2024 one.
pub fn mention_title(actor: &Actor, ex: &Extraction, default_date: Date) -> Option<String> {
    mention_title_ref(actor, ex, default_date).map(Cow::into_owned)
}

/// [`mention_title`], borrowed from the gazetteer unless it is a `former …` title.
pub fn mention_title_ref<'a>(
    actor: &'a Actor,
    ex: &Extraction,
    default_date: Date,
) -> Option<Cow<'a, str>> {
    (actor.actor_type() == ActorType::Person)
        .then(|| actor.title_held(ex.date.unwrap_or(default_date)))
        .flatten()
}

/// Writes `nodes.csv`: a row per node, the CSV columns of [`NODE_COLUMNS`].
pub fn write_nodes(g: &ActorGraph, out: &mut dyn Write, dialect: Dialect) -> io::Result<()> {
    let mut t = Table::new(out, dialect, NODE_HEADER)?;
    let cols: Vec<_> = schema::columns(NODE_COLUMNS, Target::Csv).collect();
    for node in g.nodes() {
        let row = NodeRow { graph: g, node };
        let cells: Vec<Cell> = cols.iter().map(|c| (c.value)(row).into()).collect();
        t.row(&cells)?;
    }
    t.finish()?;
    Ok(())
}

/// Writes `edges.csv`: every link, typed relations as their own rows; the CSV columns of
/// [`LINK_COLUMNS`].
pub fn write_edges(g: &ActorGraph, out: &mut dyn Write, dialect: Dialect) -> io::Result<()> {
    let mut t = Table::new(out, dialect, EDGE_HEADER)?;
    edge_rows(g, &mut t, g.links(), 0)?;
    t.finish()?;
    Ok(())
}

/// Links rendered to a task by [`write_edges_on`].
const EDGE_CHUNK: usize = 1024;

/// [`write_edges`] with the rows rendered on `pool`, [`EDGE_CHUNK`] links to a task, and
/// written in order: the same bytes. A graph of many links (the invented names of a large
/// corpus) otherwise writes its edges on one core while the others wait for the run to end.
/// The links are taken from the graph a group at a time (two chunks per worker), and only
/// that group's rows are held rendered: memory stays flat, whatever the number of links.
pub fn write_edges_on(
    g: &ActorGraph,
    out: &mut dyn Write,
    dialect: Dialect,
    pool: &rayon::ThreadPool,
) -> io::Result<()> {
    write_edges_in_chunks(g, out, dialect, pool, EDGE_CHUNK)
}

/// [`write_edges_on`] with `chunk` links to a task.
pub(crate) fn write_edges_in_chunks(
    g: &ActorGraph,
    out: &mut dyn Write,
    dialect: Dialect,
    pool: &rayon::ThreadPool,
    chunk: usize,
) -> io::Result<()> {
    use rayon::prelude::*;
    if pool.current_num_threads() < 2 || g.link_count() <= chunk {
        return write_edges(g, out, dialect);
    }
    let mut t = Table::new(out, dialect, EDGE_HEADER)?;
    let group = chunk * 2 * pool.current_num_threads();
    let mut links = g.links();
    let mut part = Vec::with_capacity(group);
    let mut first = 0;
    loop {
        part.clear();
        part.extend(links.by_ref().take(group));
        if part.is_empty() {
            break;
        }
        let rendered: Vec<Vec<u8>> = pool.install(|| {
            part.par_chunks(chunk)
                .enumerate()
                .map(|(c, links)| {
                    let at = first + c * chunk;
                    render(dialect, |t| edge_rows(g, t, links.iter().copied(), at))
                })
                .collect()
        });
        for rows in &rendered {
            t.write_raw(rows)?;
        }
        first += part.len();
    }
    t.finish()?;
    Ok(())
}

/// The `edges.csv` rows of `links`, the first of them at position `first` of
/// [`ActorGraph::links`].
fn edge_rows<'g, W: Write>(
    g: &'g ActorGraph,
    t: &mut Table<W>,
    links: impl Iterator<Item = (&'g Node, &'g Node, &'g Link)>,
    first: usize,
) -> io::Result<()> {
    let cols: Vec<_> = schema::columns(LINK_COLUMNS, Target::Csv).collect();
    let keys = schema::LinkKeys::new(g);
    let mut cells: Vec<Cell> = Vec::with_capacity(cols.len());
    for (i, (source, target, link)) in links.enumerate() {
        let row = LinkRow {
            index: first + i,
            source,
            target,
            link,
            keys: &keys,
        };
        cells.clear();
        cells.extend(cols.iter().map(|c| (c.value)(row).into()));
        t.row(&cells)?;
    }
    Ok(())
}

/// Streams `evidence.csv`: the sentence behind every role, title and typed relation read from the
/// text. `kind` is `role`, `title` or `relation`; `subject` the actor id; `value` the role, title
/// or relation kind; `object` the affiliation (titles) or target (relations); `start`/`end` the
/// cue's code-point span (roles and titles), `cue` its text, `text` the sentence.
pub struct EvidenceWriter<W: Write> {
    table: Table<W>,
}

impl<W: Write> EvidenceWriter<W> {
    /// Starts the file.
    pub fn new(out: W, dialect: Dialect) -> io::Result<Self> {
        Ok(EvidenceWriter {
            table: Table::new(out, dialect, EVIDENCE_HEADER)?,
        })
    }

    /// Writes the evidence of one document.
    pub fn write(&mut self, extractor: &Extractor, ex: &Extraction, text: &str) -> io::Result<()> {
        evidence_rows(&mut self.table, extractor, ex, text)
    }

    /// Writes rows made by [`render_evidence`] (in a parallel worker).
    pub fn write_rendered(&mut self, rows: &[u8]) -> io::Result<()> {
        self.table.write_raw(rows)
    }

    /// Flushes and returns the writer.
    pub fn finish(self) -> io::Result<W> {
        self.table.finish()
    }
}

/// Streams `mentions.csv` document by document, so memory does not grow with the corpus.
pub struct MentionWriter<W: Write> {
    table: Table<W>,
    default_date: Date,
}

impl<W: Write> MentionWriter<W> {
    /// Starts the file. `default_date` picks the titles of people in undated documents.
    pub fn new(out: W, dialect: Dialect, default_date: Date) -> io::Result<Self> {
        Ok(MentionWriter {
            table: Table::new(out, dialect, MENTION_HEADER)?,
            default_date,
        })
    }

    /// Writes the mentions of one document.
    pub fn write(&mut self, extractor: &Extractor, ex: &Extraction, text: &str) -> io::Result<()> {
        mention_rows(&mut self.table, extractor, ex, text, self.default_date)
    }

    /// Writes rows made by [`render_mentions`] (in a parallel worker).
    pub fn write_rendered(&mut self, rows: &[u8]) -> io::Result<()> {
        self.table.write_raw(rows)
    }

    /// Flushes and returns the writer.
    pub fn finish(self) -> io::Result<W> {
        self.table.finish()
    }
}

fn evidence_rows<W: Write>(
    table: &mut Table<W>,
    extractor: &Extractor,
    ex: &Extraction,
    text: &str,
) -> io::Result<()> {
    for r in super::rows::EvidenceRef::all(extractor, ex, text) {
        table.row(&r.cells())?;
    }
    Ok(())
}

fn mention_rows<W: Write>(
    table: &mut Table<W>,
    extractor: &Extractor,
    ex: &Extraction,
    text: &str,
    default_date: Date,
) -> io::Result<()> {
    for m in super::rows::MentionRef::all(extractor, ex, text, default_date) {
        table.row(&m.cells())?;
    }
    Ok(())
}

/// Rows of a table rendered without header or BOM, to be written later in order.
fn render<F>(dialect: Dialect, f: F) -> Vec<u8>
where
    F: FnOnce(&mut Table<&mut Vec<u8>>) -> io::Result<()>,
{
    let mut buf = Vec::new();
    {
        let mut t = Table {
            w: RawCsv::with_buffer(&mut buf, 1 << 10),
            dialect,
        };
        // writing into memory cannot fail
        let _ = f(&mut t).and_then(|()| t.w.flush());
    }
    buf
}

/// The `mentions.csv` rows of one document, rendered (for parallel workers); `default_date`
/// picks the titles of people in an undated document.
pub fn render_mentions(
    extractor: &Extractor,
    ex: &Extraction,
    text: &str,
    dialect: Dialect,
    default_date: Date,
) -> Vec<u8> {
    render(dialect, |t| {
        mention_rows(t, extractor, ex, text, default_date)
    })
}

/// The `evidence.csv` rows of one document, rendered (for parallel workers).
pub fn render_evidence(
    extractor: &Extractor,
    ex: &Extraction,
    text: &str,
    dialect: Dialect,
) -> Vec<u8> {
    render(dialect, |t| evidence_rows(t, extractor, ex, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralisation_table() {
        let cases = [
            ("=HYPERLINK(\"x\")", Dialect::Excel, "'=HYPERLINK(\"x\")"),
            ("+1", Dialect::Excel, "'+1"),
            ("-x", Dialect::Excel, "'-x"),
            ("@SUM", Dialect::Excel, "'@SUM"),
            ("\tx", Dialect::Excel, "'\tx"),
            ("Oman", Dialect::Excel, "Oman"),
            ("=x", Dialect::Gephi, "=x"),
            ("C:\\new", Dialect::Gephi, "C:\\\\new"),
            ("=x", Dialect::Plain, "=x"),
            ("C:\\new", Dialect::Plain, "C:\\new"),
        ];
        for (input, d, want) in cases {
            assert_eq!(safe_text(input, d), want, "{input:?} {d:?}");
        }
    }

    #[test]
    fn numbers_are_never_neutralised() {
        let mut t = Table::new(Vec::new(), Dialect::Excel, &["a", "b"]).unwrap();
        t.row(&[Cell::Num("-5.5471".into()), Cell::Text("-5".into())])
            .unwrap();
        let out = String::from_utf8(t.finish().unwrap()).unwrap();
        assert_eq!(out, "\u{FEFF}a,b\r\n-5.5471,'-5\r\n");
    }

    /// Rows rendered elsewhere land between the rows written before and after them, in the
    /// order written, and the table's bytes are those of writing every row itself; the file
    /// under the table is flushed when the table finishes, not for each batch of rows.
    #[test]
    fn rendered_rows_interleave_with_written_rows() {
        /// A writer that counts its flushes.
        #[derive(Default)]
        struct Counting(Vec<u8>, usize);
        impl Write for Counting {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.0.extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                self.1 += 1;
                Ok(())
            }
        }
        let rows: Vec<[Cell<'_>; 2]> = (0..300u64)
            .map(|i| {
                [
                    Cell::Text(format!("name \"{i}\", with a comma").into()),
                    Cell::Count(i),
                ]
            })
            .collect();
        let mut whole = Table::new(Vec::new(), Dialect::Excel, &["a", "b"]).unwrap();
        for r in &rows {
            whole.row(r).unwrap();
        }
        let whole = whole.finish().unwrap();
        let mut mixed = Table::new(Counting::default(), Dialect::Excel, &["a", "b"]).unwrap();
        for (k, chunk) in rows.chunks(7).enumerate() {
            if k % 2 == 0 {
                for r in chunk {
                    mixed.row(r).unwrap();
                }
            } else {
                let rendered = render(Dialect::Excel, |t| chunk.iter().try_for_each(|r| t.row(r)));
                mixed.write_raw(&rendered).unwrap();
            }
        }
        let mixed = mixed.finish().unwrap();
        assert_eq!(
            String::from_utf8(mixed.0).unwrap(),
            String::from_utf8(whole).unwrap()
        );
        assert_eq!(mixed.1, 1, "one flush, at the end");
    }
}
