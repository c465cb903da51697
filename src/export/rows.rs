//! The per-document tables (`mentions.csv`, `evidence.csv`) as plain rows: one schema that the
//! CSV writer, the xlsx Mentions sheet, mergeable partial streams and the Python bindings' data
//! frames all use, so that every one of them shows the same values.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::csv::Cell;
use super::schema::{EVIDENCE_COLUMNS, MENTION_COLUMNS};
use crate::date::Date;
use crate::extract::{Extraction, Extractor, Mention};

pub use super::xlsx::MentionRow;

/// One row of `mentions.csv`, borrowed: from the extraction, the document text and the
/// gazetteer, with nothing copied. Writers render these straight into their output (one per
/// mention, the largest table of a run); [`MentionRow`] is the owned form, for rows that outlive
/// the extraction (partial results, the Python bindings). Both serialize alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionRef<'a> {
    /// Document id.
    pub document: &'a str,
    /// Sentence number, 1-based.
    pub sentence: usize,
    /// Code-point offset of the first character in the document.
    pub start: usize,
    /// Code-point offset one past the last character.
    pub end: usize,
    /// The text as written.
    pub surface: &'a str,
    /// The actor's id.
    pub entity: &'a str,
    /// The actor's name.
    pub label: &'a str,
    /// The actor's type.
    pub actor_type: &'a str,
    /// How the name refers to the actor (`alias`, `demonym`, `metonym`).
    pub form: &'a str,
    /// For people: the title held on the document's date (see
    /// [`super::csv::mention_title`]); owned only for a `former …` title.
    pub title: Option<Cow<'a, str>>,
    /// The document's source address, when known.
    pub url: Option<&'a str>,
}

impl<'a> MentionRef<'a> {
    /// The row of one mention; `text` is the document text, `default_date` picks the titles of
    /// people in an undated document.
    pub fn new(
        extractor: &'a Extractor,
        ex: &'a Extraction,
        text: &'a str,
        m: &Mention,
        default_date: Date,
    ) -> MentionRef<'a> {
        let actor = extractor.actor(ex, m.actor);
        MentionRef {
            document: &ex.document,
            sentence: m.sentence + 1,
            start: m.start,
            end: m.end,
            surface: &text[m.byte_start..m.byte_end],
            entity: &actor.id,
            label: &actor.name,
            actor_type: actor.actor_type().as_str(),
            form: m.form.as_str(),
            title: super::csv::mention_title_ref(actor, ex, default_date),
            url: ex.url.as_deref(),
        }
    }

    /// The rows of one document's mentions, in order.
    pub fn all(
        extractor: &'a Extractor,
        ex: &'a Extraction,
        text: &'a str,
        default_date: Date,
    ) -> impl Iterator<Item = MentionRef<'a>> + 'a {
        ex.mentions
            .iter()
            .map(move |m| MentionRef::new(extractor, ex, text, m, default_date))
    }

    /// The row's cells: the columns of [`MENTION_COLUMNS`], in order.
    pub fn cells(&self) -> [Cell<'a>; MENTION_COLUMNS.len()] {
        std::array::from_fn(|i| (MENTION_COLUMNS[i].value)(self).into())
    }

    /// The owned row.
    pub fn to_owned_row(&self) -> MentionRow {
        MentionRow {
            document: self.document.to_string(),
            sentence: self.sentence,
            start: self.start,
            end: self.end,
            surface: self.surface.to_string(),
            entity: self.entity.to_string(),
            label: self.label.to_string(),
            actor_type: self.actor_type.to_string(),
            form: self.form.to_string(),
            title: self.title.as_ref().map(|t| t.to_string()),
            url: self.url.map(str::to_string),
        }
    }
}

impl MentionRow {
    /// The row, borrowed.
    pub fn view(&self) -> MentionRef<'_> {
        MentionRef {
            document: &self.document,
            sentence: self.sentence,
            start: self.start,
            end: self.end,
            surface: &self.surface,
            entity: &self.entity,
            label: &self.label,
            actor_type: &self.actor_type,
            form: &self.form,
            title: self.title.as_deref().map(Cow::Borrowed),
            url: self.url.as_deref(),
        }
    }

    /// The row's cells: the columns of [`MENTION_COLUMNS`], in order.
    pub fn cells(&self) -> [Cell<'_>; MENTION_COLUMNS.len()] {
        self.view().cells()
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

/// One row of `evidence.csv`, borrowed from the extraction, the document text and the
/// gazetteer (the sentence is copied only when clipping changes it): what writers render, as
/// [`MentionRef`] is for mentions. [`EvidenceRow`] is the owned form; both serialize alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceRef<'a> {
    /// Document id.
    pub document: &'a str,
    /// Sentence number, 1-based.
    pub sentence: usize,
    /// Code-point offset of the cue in the document (roles and titles).
    pub start: Option<usize>,
    /// Code-point offset one past the cue (roles and titles).
    pub end: Option<usize>,
    /// `role`, `title` or `relation`.
    pub kind: &'a str,
    /// The actor id the evidence is about.
    pub subject: &'a str,
    /// The role, the title or the relation kind.
    pub value: &'a str,
    /// The affiliation (titles) or the target (relations).
    pub object: Option<&'a str>,
    /// The cue's text (roles and titles).
    pub cue: Option<&'a str>,
    /// The sentence (white space collapsed, clipped).
    pub text: Cow<'a, str>,
}

impl<'a> EvidenceRef<'a> {
    /// The rows of one document's evidence: roles, then titles, then relations, each in the
    /// order the extraction found them; `text` is the document text.
    pub fn all(extractor: &'a Extractor, ex: &'a Extraction, text: &'a str) -> Vec<Self> {
        let id = |r| extractor.actor(ex, r).id.as_str();
        // each sentence clipped once, however many rows cite it (one long sentence can hold
        // thousands of cues: clipping it per row was quadratic)
        let mut clipped: Vec<Option<Cow<'a, str>>> = vec![None; ex.sentences.len()];
        let mut sentence = |s: usize| {
            clipped[s]
                .get_or_insert_with(|| {
                    let t = ex.sentence_text(text, s);
                    crate::extract::work::add(crate::extract::work::Stage::Evidence, t.len());
                    crate::graph::clip_cow(t)
                })
                .clone()
        };
        let cue = |a: usize, b: usize| Some(ex.slice(text, a, b));
        let mut out = Vec::with_capacity(ex.roles.len() + ex.titles.len() + ex.relations.len());
        for r in &ex.roles {
            out.push(EvidenceRef {
                document: &ex.document,
                sentence: r.sentence + 1,
                start: Some(r.start),
                end: Some(r.end),
                kind: "role",
                subject: id(r.actor),
                value: extractor.role_name(r.role),
                object: None,
                cue: cue(r.start, r.end),
                text: sentence(r.sentence),
            });
        }
        for t in &ex.titles {
            out.push(EvidenceRef {
                document: &ex.document,
                sentence: t.sentence + 1,
                start: Some(t.start),
                end: Some(t.end),
                kind: "title",
                subject: id(t.person),
                value: &t.title,
                object: t
                    .affiliation
                    .map(|i| extractor.gazetteer().get(i).id.as_str()),
                cue: cue(t.start, t.end),
                text: sentence(t.sentence),
            });
        }
        for r in &ex.relations {
            out.push(EvidenceRef {
                document: &ex.document,
                sentence: r.sentence + 1,
                start: None,
                end: None,
                kind: "relation",
                subject: id(r.source),
                value: r.kind.as_str(),
                object: Some(id(r.target)),
                cue: None,
                text: sentence(r.sentence),
            });
        }
        out
    }

    /// The row's cells: the columns of [`EVIDENCE_COLUMNS`], in order.
    pub fn cells(&self) -> [Cell<'a>; EVIDENCE_COLUMNS.len()] {
        std::array::from_fn(|i| (EVIDENCE_COLUMNS[i].value)(self).into())
    }

    /// The owned row.
    pub fn to_owned_row(&self) -> EvidenceRow {
        EvidenceRow {
            document: self.document.to_string(),
            sentence: self.sentence,
            start: self.start,
            end: self.end,
            kind: self.kind.to_string(),
            subject: self.subject.to_string(),
            value: self.value.to_string(),
            object: self.object.map(str::to_string),
            cue: self.cue.map(str::to_string),
            text: self.text.to_string(),
        }
    }
}

impl EvidenceRow {
    /// The rows of one document's evidence, owned (see [`EvidenceRef::all`]).
    pub fn from_extraction(extractor: &Extractor, ex: &Extraction, text: &str) -> Vec<EvidenceRow> {
        EvidenceRef::all(extractor, ex, text)
            .iter()
            .map(EvidenceRef::to_owned_row)
            .collect()
    }

    /// The row, borrowed.
    pub fn view(&self) -> EvidenceRef<'_> {
        EvidenceRef {
            document: &self.document,
            sentence: self.sentence,
            start: self.start,
            end: self.end,
            kind: &self.kind,
            subject: &self.subject,
            value: &self.value,
            object: self.object.as_deref(),
            cue: self.cue.as_deref(),
            text: Cow::Borrowed(&self.text),
        }
    }

    /// The row's cells: the columns of [`EVIDENCE_COLUMNS`], in order.
    pub fn cells(&self) -> [Cell<'_>; EVIDENCE_COLUMNS.len()] {
        self.view().cells()
    }
}
