//! An Excel workbook for analysts (`graph.xlsx`), written with `rust_xlsxwriter`.
//!
//! Schema: three sheets, each with a bold header row that stays frozen while scrolling, an
//! autofilter over the whole table, and column widths fitted to the content (8 to 60
//! characters).
//! * `Actors`: the columns of `nodes.csv`: `Id, Label, actor_type, role, roles, affiliation,
//!   affiliation_id, title, text_title, text_affiliation, mentions, documents, aliases, country, wikidata, iso3, lat, lon,
//!   first_seen, last_seen, discovered`.
//! * `Links`: the columns of `edges.csv` plus the end points' names: `Source, Target,
//!   source_label, target_label, Type, Kind, Id, Label, Weight, evidence, documents, first_seen,
//!   last_seen, evidence_document, evidence_sentence, evidence_text, origin`.
//! * `Mentions`: the columns of `mentions.csv`: `document, sentence, start, end, surface,
//!   entity, label, type, form`; at most [`MAX_MENTION_ROWS`] rows (Excel's sheet limit).
//!
//! Cell types: counts, weights, offsets and coordinates are numbers; `discovered` is a boolean;
//! dates are Excel dates shown as `yyyy-mm-dd` (text for years before 1900, which Excel cannot
//! store); everything else is a text cell. No formula is ever written, so a name such as
//! `=HYPERLINK("…")` stays text and needs no apostrophe (unlike CSV). Characters XML forbids
//! are dropped; text longer than Excel's 32,767 characters is cut. A missing value is an empty
//! cell.

use std::collections::BTreeMap;
use std::io::{self, Write};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::graphml::node_values;
use super::number;
use super::xml::clean;
use crate::date::Date;
use crate::extract::{Extraction, Extractor};
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
}

impl MentionRow {
    /// The rows of one document's mentions; `text` is the document text.
    pub fn from_extraction(extractor: &Extractor, ex: &Extraction, text: &str) -> Vec<MentionRow> {
        ex.mentions
            .iter()
            .map(|m| {
                let actor = extractor.actor(ex, m.actor);
                MentionRow {
                    document: ex.document.clone(),
                    sentence: m.sentence + 1,
                    start: m.start,
                    end: m.end,
                    surface: text[m.byte_start..m.byte_end].to_string(),
                    entity: actor.id.clone(),
                    label: actor.name.clone(),
                    actor_type: actor.actor_type().to_string(),
                    form: m.form.as_str().to_string(),
                }
            })
            .collect()
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

fn s(x: impl Into<String>) -> V {
    V::S(x.into())
}

fn opt_s(x: Option<impl Into<String>>) -> V {
    x.map_or(V::E, |x| {
        let x: String = x.into();
        if x.is_empty() {
            V::E
        } else {
            V::S(x)
        }
    })
}

fn opt_n(x: Option<f64>) -> V {
    x.filter(|x| x.is_finite()).map_or(V::E, V::N)
}

fn opt_d(x: Option<Date>) -> V {
    x.map_or(V::E, V::D)
}

fn xerr(e: XlsxError) -> io::Error {
    io::Error::other(format!("xlsx: {e}"))
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

/// Writes one sheet: header, rows, frozen header, autofilter, column widths.
fn sheet(
    ws: &mut Worksheet,
    name: &str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<V>>,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count() + 3).collect();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    let mut last_row = 0u32;
    for (r, row) in rows.enumerate() {
        let r = r as u32 + 1;
        last_row = r;
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
                    let ok = u16::try_from(d.year)
                        .ok()
                        .filter(|y| *y >= 1900)
                        .and_then(|y| ExcelDateTime::from_ymd(y, d.month, d.day).ok());
                    match ok {
                        Some(dt) => {
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
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(shown + 2);
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).clamp(8, 60) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    if !header.is_empty() {
        ws.autofilter(0, 0, last_row, header.len() as u16 - 1)?;
    }
    Ok(())
}

/// `Actors` sheet header: the columns of `nodes.csv`.
pub const ACTOR_HEADER: &[&str] = super::csv::NODE_HEADER;

/// `Links` sheet header.
pub const LINK_HEADER: &[&str] = &[
    "Source",
    "Target",
    "source_label",
    "target_label",
    "Type",
    "Kind",
    "Id",
    "Label",
    "Weight",
    "evidence",
    "documents",
    "first_seen",
    "last_seen",
    "evidence_document",
    "evidence_sentence",
    "evidence_text",
    "origin",
];

/// `Mentions` sheet header: the columns of `mentions.csv`.
pub const MENTION_HEADER: &[&str] = super::csv::MENTION_HEADER;

/// Builds the workbook and returns the bytes of the `.xlsx` file.
pub fn to_bytes(g: &ActorGraph, mentions: &[MentionRow]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let actors = g.nodes().map(|n| {
        // text values shared with GraphML and GEXF; numbers, dates and flags typed here
        let text: BTreeMap<&str, String> = node_values(g, n).into_iter().collect();
        let t = |k: &str| opt_s(text.get(k).cloned());
        vec![
            s(&n.id),
            s(&n.label),
            s(n.actor_type.as_str()),
            t("role"),
            t("roles"),
            t("affiliation"),
            t("affiliation_id"),
            t("title"),
            t("text_title"),
            t("text_affiliation"),
            V::N(n.mentions as f64),
            V::N(n.documents as f64),
            t("aliases"),
            t("country"),
            t("wikidata"),
            t("iso3"),
            opt_n(n.lat),
            opt_n(n.lon),
            opt_d(n.first_seen),
            opt_d(n.last_seen),
            V::B(n.discovered),
        ]
    });
    sheet(wb.add_worksheet(), "Actors", ACTOR_HEADER, actors)?;
    let links = g.links().enumerate().map(|(i, (src, tgt, l))| {
        let ex = l.example.as_ref();
        vec![
            s(&src.id),
            s(&tgt.id),
            s(&src.label),
            s(&tgt.label),
            s(if l.kind.directed() {
                "Directed"
            } else {
                "Undirected"
            }),
            s(l.kind.as_str()),
            s(format!("e{}", i + 1)),
            s(l.kind.as_str()),
            V::N(l.weight),
            V::N(l.evidence as f64),
            V::N(l.documents as f64),
            opt_d(l.first_seen),
            opt_d(l.last_seen),
            opt_s(ex.map(|e| e.document.clone())),
            ex.map_or(V::E, |e| V::N(e.sentence as f64)),
            opt_s(ex.map(|e| e.text.clone())),
            s(l.source.clone().unwrap_or_else(|| "text".into())),
        ]
    });
    sheet(wb.add_worksheet(), "Links", LINK_HEADER, links)?;
    let rows = mentions.iter().take(MAX_MENTION_ROWS).map(|m| {
        vec![
            s(&m.document),
            V::N(m.sentence as f64),
            V::N(m.start as f64),
            V::N(m.end as f64),
            s(&m.surface),
            s(&m.entity),
            s(&m.label),
            s(&m.actor_type),
            s(&m.form),
        ]
    });
    sheet(wb.add_worksheet(), "Mentions", MENTION_HEADER, rows)?;
    wb.save_to_buffer()
}

/// Writes the workbook: the graph's actors and links, and `mentions` (only the first
/// [`MAX_MENTION_ROWS`]).
pub fn write(g: &ActorGraph, mentions: &[MentionRow], out: &mut dyn Write) -> io::Result<()> {
    let bytes = to_bytes(g, mentions).map_err(xerr)?;
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
