//! An Excel workbook for analysts (`graph.xlsx`), written with `rust_xlsxwriter`.
//!
//! Schema: three sheets, each with a bold header row that stays frozen while scrolling, an
//! autofilter over the whole table, and column widths fitted to the content (8 to 60
//! characters). The columns, generated from the tables of [`super::schema`] (which say what each one holds; a
//! test keeps these lists in sync):
//! * `Actors`: `Id`, `Label`, `actor_type`, `role`, `roles`, `affiliation`, `affiliation_id`,
//!   `title`, `title_date`, `text_title`, `text_affiliation`, `mentions`, `documents`, `aliases`,
//!   `country`, `wikidata`, `iso3`, `lat`, `lon`, `first_seen`, `last_seen`, `discovered`.
//! * `Links`: `Source`, `Target`, `source_label`, `target_label`, `Type`, `Kind`, `Id`, `Label`,
//!   `Weight`, `evidence`, `documents`, `first_seen`, `last_seen`, `evidence_document`,
//!   `evidence_sentence`, `evidence_text`, `origin`.
//! * `Mentions`: `document`, `sentence`, `start`, `end`, `surface`, `entity`, `label`, `type`,
//!   `form`, `title`, `url`.
//!
//! The Mentions sheet holds at most [`MAX_MENTION_ROWS`] rows (Excel's sheet limit). It is written in rust_xlsxwriter's constant-memory mode while the corpus is read (see
//! [`WorkbookWriter`]): memory stays flat however many mentions there are, and its strings
//! are stored inline in the sheet (`t="inlineStr"`) instead of in the shared string table.
//!
//! The workbook's creation and modification times (`docProps/core.xml`) are the newest document
//! date of the graph (1980-01-01 without dates), not the clock, and the zip entries carry
//! rust_xlsxwriter's fixed timestamp, so the same input gives the same bytes.
//!
//! Cell types: counts, weights, offsets and coordinates are numbers; `discovered` is a boolean;
//! dates are Excel dates shown as `yyyy-mm-dd` (text for years before 1900, which Excel cannot
//! store); everything else is a text cell. No formula is ever written, so a name such as
//! `=HYPERLINK("…")` stays text and needs no apostrophe (unlike CSV). Characters XML forbids
//! are dropped; text longer than Excel's 32,767 characters is cut. A missing value is an empty
//! cell.

use std::io::{self, Seek, Write};
use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::number;
use super::rows::MentionRef;
use super::schema::{
    self, LinkRow, NodeRow, Target, Value, LINK_COLUMNS, MENTION_COLUMNS, NODE_COLUMNS,
};
use super::xml::clean;
use crate::date::Date;
use crate::extract::{Extraction, Extractor, Mention};
use crate::graph::ActorGraph;

/// The most mention rows the Mentions sheet holds (Excel's row limit less the header).
pub const MAX_MENTION_ROWS: usize = 1_048_575;

/// The longest text a cell holds, in characters (Excel's limit).
pub const MAX_CELL_CHARS: usize = 32_767;

/// One row of the Mentions sheet: the same values as a row of `mentions.csv`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MentionRow {
    /// Document id.
    pub document: String,
    /// Sentence number, 1-based.
    pub sentence: usize,
    /// Code-point offset of the first character in the document.
    pub start: usize,
    /// Code-point offset one past the last character.
    pub end: usize,
    /// The text as written.
    pub surface: String,
    /// The actor's id.
    pub entity: String,
    /// The actor's name.
    pub label: String,
    /// The actor's type.
    pub actor_type: String,
    /// How the name refers to the actor (`alias`, `demonym`, `metonym`).
    pub form: String,
    /// For people: the title held on the document's date (see
    /// [`super::csv::mention_title`]).
    pub title: Option<String>,
    /// The document's source address, when known.
    pub url: Option<String>,
}

impl MentionRow {
    /// The rows of one document's mentions; `text` is the document text, `default_date` picks
    /// the titles of people in an undated document.
    pub fn from_extraction(
        extractor: &Extractor,
        ex: &Extraction,
        text: &str,
        default_date: Date,
    ) -> Vec<MentionRow> {
        ex.mentions
            .iter()
            .map(|m| MentionRow::from_mention(extractor, ex, text, m, default_date))
            .collect()
    }

    /// The row of one mention.
    pub fn from_mention(
        extractor: &Extractor,
        ex: &Extraction,
        text: &str,
        m: &Mention,
        default_date: Date,
    ) -> MentionRow {
        MentionRef::new(extractor, ex, text, m, default_date).to_owned_row()
    }
}

/// A cell value.
enum V {
    S(String),
    N(f64),
    B(bool),
    D(Date),
    E,
}

impl From<Value<'_>> for V {
    /// Numbers as numbers, dates as dates, flags as booleans, text as text; a missing value
    /// (or an empty text, or a number that is not finite) as an empty cell.
    fn from(v: Value<'_>) -> V {
        if v.is_missing() {
            return V::E;
        }
        match v {
            Value::Text(x) => V::S(x.into_owned()),
            Value::Long(n) => V::N(n as f64),
            Value::Double(x) => V::N(x),
            Value::Bool(b) => V::B(b),
            Value::Date(d) => V::D(d),
            Value::Missing => V::E,
        }
    }
}

/// An xlsx error as an I/O error (`xlsx: …`), for error messages that name the file.
pub fn io_error(e: XlsxError) -> io::Error {
    match e {
        XlsxError::IoError(e) => e,
        e => io::Error::other(format!("xlsx: {e}")),
    }
}

/// Cleans and cuts a text for a cell.
fn cell_text(x: &str) -> String {
    let c = clean(x);
    if c.chars().count() > MAX_CELL_CHARS {
        c.chars().take(MAX_CELL_CHARS).collect()
    } else {
        c.into_owned()
    }
}

/// Writes the rows of one sheet one by one (in row order, as constant-memory sheets need),
/// keeping the column widths; [`SheetRows::finish`] adds the frozen header, the autofilter and
/// the widths.
struct SheetRows {
    widths: Vec<usize>,
    columns: u16,
    last_row: u32,
}

impl SheetRows {
    /// Names the sheet and writes its bold header.
    fn start(ws: &mut Worksheet, name: &str, header: &[&str]) -> Result<SheetRows, XlsxError> {
        ws.set_name(name)?;
        let bold = Format::new().set_bold();
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        Ok(SheetRows {
            widths: header.iter().map(|h| h.chars().count() + 3).collect(),
            columns: header.len() as u16,
            last_row: 0,
        })
    }

    /// Writes the next row.
    fn row(&mut self, ws: &mut Worksheet, row: Vec<V>) -> Result<(), XlsxError> {
        let r = self.last_row + 1;
        self.last_row = r;
        for (c, v) in row.into_iter().enumerate() {
            let col = c as u16;
            let shown = match v {
                V::S(x) => {
                    let x = cell_text(&x);
                    let n = x.chars().count();
                    ws.write_string(r, col, x)?;
                    n
                }
                V::N(x) => {
                    ws.write_number(r, col, x)?;
                    number(x).len()
                }
                V::B(b) => {
                    ws.write_boolean(r, col, b)?;
                    5
                }
                V::D(d) => {
                    match excel_date(d) {
                        Some(dt) => {
                            let date = Format::new().set_num_format("yyyy-mm-dd");
                            ws.write_datetime_with_format(r, col, &dt, &date)?;
                        }
                        None => {
                            ws.write_string(r, col, d.to_string())?;
                        }
                    }
                    10
                }
                V::E => 0,
            };
            if let Some(w) = self.widths.get_mut(c) {
                *w = (*w).max(shown + 2);
            }
        }
        Ok(())
    }

    /// Column widths, frozen header, autofilter.
    fn finish(self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (c, w) in self.widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w).clamp(8, 60) as f64)?;
        }
        ws.set_freeze_panes(1, 0)?;
        if self.columns > 0 {
            ws.autofilter(0, 0, self.last_row, self.columns - 1)?;
        }
        Ok(())
    }
}

/// A date Excel can hold (years from 1900), or `None`.
fn excel_date(d: Date) -> Option<ExcelDateTime> {
    u16::try_from(d.year)
        .ok()
        .filter(|y| *y >= 1900)
        .and_then(|y| ExcelDateTime::from_ymd(y, d.month, d.day).ok())
}

/// The creation and modification time written into `docProps/core.xml`: the newest document
/// date of the graph, or 1980-01-01 (the earliest time a zip entry holds) when no document has
/// a date; never the clock, so that two runs over the same input give the same bytes.
fn document_time(g: &ActorGraph) -> ExcelDateTime {
    g.nodes()
        .filter_map(|n| n.last_seen)
        .max()
        .and_then(excel_date)
        .or_else(|| ExcelDateTime::from_ymd(1980, 1, 1).ok())
        .expect("1980-01-01 is a valid Excel date")
}

/// `Actors` sheet header: the xlsx names of [`NODE_COLUMNS`] (those of `nodes.csv`).
pub const ACTOR_HEADER: &[&str] =
    &schema::names::<_, { schema::count(NODE_COLUMNS, Target::Xlsx) }>(NODE_COLUMNS, Target::Xlsx);

/// `Links` sheet header: the xlsx names of [`LINK_COLUMNS`] (those of `edges.csv` and the end
/// points' labels).
pub const LINK_HEADER: &[&str] =
    &schema::names::<_, { schema::count(LINK_COLUMNS, Target::Xlsx) }>(LINK_COLUMNS, Target::Xlsx);

/// `Mentions` sheet header: the columns of `mentions.csv`.
pub const MENTION_HEADER: &[&str] = super::csv::MENTION_HEADER;

/// Writes `graph.xlsx` while a corpus is read: the Mentions sheet is a constant-memory sheet
/// (rust_xlsxwriter's `constant_memory` mode: each row goes to a temporary file as soon as the
/// next one starts, with its strings inline), so memory does not grow with the corpus; the
/// Actors and Links sheets are written from the finished graph by [`WorkbookWriter::finish`].
pub struct WorkbookWriter {
    workbook: Workbook,
    mentions: Worksheet,
    rows: SheetRows,
    total: usize,
    default_date: Date,
}

impl WorkbookWriter {
    /// Starts a workbook. `tempdir` is where the Mentions sheet's temporary file goes (an
    /// unnamed file, gone when the writer is; the system's temporary folder when `None`);
    /// `default_date` picks the titles of people in undated documents.
    pub fn new(tempdir: Option<&Path>, default_date: Date) -> Result<WorkbookWriter, XlsxError> {
        // rust_xlsxwriter opens a temporary file for every sheet and panics when it cannot:
        // check first, so that an unwritable temporary folder is an error, not a crash
        tempfile::tempfile().map_err(XlsxError::IoError)?;
        let mut workbook = Workbook::new();
        if let Some(dir) = tempdir {
            workbook.set_tempdir(dir)?;
        }
        let mut mentions = workbook.new_worksheet_with_constant_memory();
        let rows = SheetRows::start(&mut mentions, "Mentions", MENTION_HEADER)?;
        Ok(WorkbookWriter {
            workbook,
            mentions,
            rows,
            total: 0,
            default_date,
        })
    }

    /// Adds the mentions of one document (in corpus order), up to [`MAX_MENTION_ROWS`].
    pub fn add(
        &mut self,
        extractor: &Extractor,
        ex: &Extraction,
        text: &str,
    ) -> Result<(), XlsxError> {
        let room = MAX_MENTION_ROWS.saturating_sub(self.written());
        self.total += ex.mentions.len();
        for m in ex.mentions.iter().take(room) {
            let row = MentionRef::new(extractor, ex, text, m, self.default_date);
            self.rows.row(&mut self.mentions, mention_cells(&row))?;
        }
        Ok(())
    }

    /// Adds mention rows made elsewhere, up to [`MAX_MENTION_ROWS`].
    pub fn add_rows(&mut self, rows: &[MentionRow]) -> Result<(), XlsxError> {
        let room = MAX_MENTION_ROWS.saturating_sub(self.written());
        self.total += rows.len();
        for row in rows.iter().take(room) {
            self.rows
                .row(&mut self.mentions, mention_cells(&row.view()))?;
        }
        Ok(())
    }

    /// Mentions added so far.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Mention rows in the sheet so far (at most [`MAX_MENTION_ROWS`]).
    pub fn written(&self) -> usize {
        self.rows.last_row as usize
    }

    /// Adds the Actors and Links sheets of the finished graph before Mentions, and writes the
    /// workbook.
    pub fn finish<W: Write + Seek + Send>(self, g: &ActorGraph, out: W) -> Result<(), XlsxError> {
        let WorkbookWriter {
            mut workbook,
            mut mentions,
            rows,
            ..
        } = self;
        workbook.set_properties(
            &DocProperties::new()
                .set_creation_datetime(&document_time(g))
                .set_comment("written by actornet from the documents of its run"),
        );
        actors_sheet(workbook.add_worksheet(), g)?;
        links_sheet(workbook.add_worksheet(), g)?;
        rows.finish(&mut mentions)?;
        workbook.push_worksheet(mentions);
        workbook.save_to_writer(out)
    }
}

fn mention_cells(m: &MentionRef<'_>) -> Vec<V> {
    schema::columns(MENTION_COLUMNS, Target::Xlsx)
        .map(|c| (c.value)(m).into())
        .collect()
}

fn actors_sheet(ws: &mut Worksheet, g: &ActorGraph) -> Result<(), XlsxError> {
    let mut rows = SheetRows::start(ws, "Actors", ACTOR_HEADER)?;
    let cols: Vec<_> = schema::columns(NODE_COLUMNS, Target::Xlsx).collect();
    for node in g.nodes() {
        let row = NodeRow { graph: g, node };
        rows.row(ws, cols.iter().map(|c| (c.value)(row).into()).collect())?;
    }
    rows.finish(ws)
}

fn links_sheet(ws: &mut Worksheet, g: &ActorGraph) -> Result<(), XlsxError> {
    let mut rows = SheetRows::start(ws, "Links", LINK_HEADER)?;
    let cols: Vec<_> = schema::columns(LINK_COLUMNS, Target::Xlsx).collect();
    let keys = schema::LinkKeys::new(g);
    for (index, (source, target, link)) in g.links().enumerate() {
        let row = LinkRow {
            index,
            source,
            target,
            link,
            keys: &keys,
        };
        rows.row(ws, cols.iter().map(|c| (c.value)(row).into()).collect())?;
    }
    rows.finish(ws)
}

/// Builds the workbook of a graph and mention rows held in memory and returns the bytes of the
/// `.xlsx` file (for small graphs and tests; a run streams with [`WorkbookWriter`]).
pub fn to_bytes(g: &ActorGraph, mentions: &[MentionRow]) -> Result<Vec<u8>, XlsxError> {
    let mut w = WorkbookWriter::new(None, Date::today())?;
    w.add_rows(mentions)?;
    let mut out = io::Cursor::new(Vec::new());
    w.finish(g, &mut out)?;
    Ok(out.into_inner())
}

/// Writes the workbook: the graph's actors and links, and `mentions` (only the first
/// [`MAX_MENTION_ROWS`]).
pub fn write(g: &ActorGraph, mentions: &[MentionRow], out: &mut dyn Write) -> io::Result<()> {
    let bytes = to_bytes(g, mentions).map_err(io_error)?;
    out.write_all(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_graph_makes_a_zip() {
        let mut out = Vec::new();
        write(&ActorGraph::default(), &[], &mut out).unwrap();
        assert!(out.starts_with(b"PK\x03\x04"));
    }

    #[test]
    fn cell_text_cleans_and_cuts() {
        assert_eq!(cell_text("a\u{1}b"), "ab");
        assert_eq!(
            cell_text(&"x".repeat(40_000)).chars().count(),
            MAX_CELL_CHARS
        );
    }
}
