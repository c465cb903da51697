//! The per-document tables (`mentions.csv`, `evidence.csv`) as plain rows: one schema that the
//! CSV writer, the xlsx Mentions sheet, mergeable partial streams and the Python bindings' data
//! frames all use, so that every one of them shows the same values.

use serde::{Deserialize, Serialize};

use super::csv::Cell;
use super::schema::{EVIDENCE_COLUMNS, MENTION_COLUMNS};
use crate::extract::{Extraction, Extractor};

pub use super::xlsx::MentionRow;

impl MentionRow {
    /// The row's cells: the columns of [`MENTION_COLUMNS`], in order.
    pub fn cells(&self) -> [Cell; MENTION_COLUMNS.len()] {
        std::array::from_fn(|i| (MENTION_COLUMNS[i].value)(self).into())
    }
}

/// One row of `evidence.csv`: the sentence behind a role, a title or a typed relation read from
/// the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRow {
    /// Document id.
    pub document: String,
    /// Sentence number, 1-based.
    pub sentence: usize,
    /// Code-point offset of the cue in the document (roles and titles).
    pub start: Option<usize>,
    /// Code-point offset one past the cue (roles and titles).
    pub end: Option<usize>,
    /// `role`, `title` or `relation`.
    pub kind: String,
    /// The actor id the evidence is about.
    pub subject: String,
    /// The role, the title or the relation kind.
    pub value: String,
    /// The affiliation (titles) or the target (relations).
    pub object: Option<String>,
    /// The cue's text (roles and titles).
    pub cue: Option<String>,
    /// The sentence (white space collapsed, clipped).
    pub text: String,
}

impl EvidenceRow {
    /// The rows of one document's evidence: roles, then titles, then relations, each in the
    /// order the extraction found them; `text` is the document text.
    pub fn from_extraction(extractor: &Extractor, ex: &Extraction, text: &str) -> Vec<EvidenceRow> {
        let id = |r| extractor.actor(ex, r).id.clone();
        let sentence = |s: usize| crate::graph::clip(ex.sentence_text(text, s));
        let cue = |a: usize, b: usize| Some(ex.slice(text, a, b).to_string());
        let mut out = Vec::with_capacity(ex.roles.len() + ex.titles.len() + ex.relations.len());
        for r in &ex.roles {
            out.push(EvidenceRow {
                document: ex.document.clone(),
                sentence: r.sentence + 1,
                start: Some(r.start),
                end: Some(r.end),
                kind: "role".into(),
                subject: id(r.actor),
                value: extractor.role_name(r.role).to_string(),
                object: None,
                cue: cue(r.start, r.end),
                text: sentence(r.sentence),
            });
        }
        for t in &ex.titles {
            out.push(EvidenceRow {
                document: ex.document.clone(),
                sentence: t.sentence + 1,
                start: Some(t.start),
                end: Some(t.end),
                kind: "title".into(),
                subject: id(t.person),
                value: t.title.clone(),
                object: t
                    .affiliation
                    .map(|i| extractor.gazetteer().get(i).id.clone()),
                cue: cue(t.start, t.end),
                text: sentence(t.sentence),
            });
        }
        for r in &ex.relations {
            out.push(EvidenceRow {
                document: ex.document.clone(),
                sentence: r.sentence + 1,
                start: None,
                end: None,
                kind: "relation".into(),
                subject: id(r.source),
                value: r.kind.to_string(),
                object: Some(id(r.target)),
                cue: None,
                text: sentence(r.sentence),
            });
        }
        out
    }

    /// The row's cells: the columns of [`EVIDENCE_COLUMNS`], in order.
    pub fn cells(&self) -> [Cell; EVIDENCE_COLUMNS.len()] {
        std::array::from_fn(|i| (EVIDENCE_COLUMNS[i].value)(self).into())
    }
}
