//! From a document to resolved mentions: every name found, resolved to exactly one actor, with
//! the sentence and offsets behind it.

mod cues;
mod resolve;

use std::sync::Arc;

use crate::date::Date;
use crate::gazetteer::{Actor, Form, Gazetteer, Matcher};
use crate::input::Document;
use crate::text::{sentences, Folded};

pub use resolve::Dropped;

/// Which actor a mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActorRef {
    /// An actor of the gazetteer, by index.
    Known(usize),
    /// A person discovered in this document, by index into [`Extraction::discovered`].
    Found(usize),
}

/// One sentence of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceSpan {
    /// Byte offset of the start in the document text.
    pub start: usize,
    /// Byte offset one past the end.
    pub end: usize,
    /// Code-point offset of the start (what `mentions.csv` counts).
    pub char_start: usize,
    /// Paragraph number, from 0.
    pub paragraph: usize,
}

/// A name found in a document and resolved to one actor.
///
/// Offsets: `start`/`end` count Unicode code points from the start of the document text, end
/// exclusive, so that in Python `text[start:end] == surface`. `byte_start`/`byte_end` are the same
/// span in UTF-8 bytes, for Rust slicing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index of the sentence in [`Extraction::sentences`] (0-based; files show it 1-based).
    pub sentence: usize,
    /// Code-point offset of the first character.
    pub start: usize,
    /// Code-point offset one past the last character.
    pub end: usize,
    /// Byte offset of the first character.
    pub byte_start: usize,
    /// Byte offset one past the last character.
    pub byte_end: usize,
    /// The actor.
    pub actor: ActorRef,
    /// How the name refers to the actor.
    pub form: Form,
}

/// Everything extracted from one document.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// The document's id.
    pub document: String,
    /// The document's date, when known.
    pub date: Option<Date>,
    /// The document's sentences.
    pub sentences: Vec<SentenceSpan>,
    /// Resolved mentions in text order.
    pub mentions: Vec<Mention>,
    /// Hits dropped by the ambiguity rules, with the reason.
    pub dropped: Vec<Dropped>,
    /// People discovered in this document.
    pub discovered: Vec<Actor>,
}

impl Extraction {
    /// The text of a sentence.
    pub fn sentence_text<'t>(&self, text: &'t str, sentence: usize) -> &'t str {
        let s = &self.sentences[sentence];
        &text[s.start..s.end]
    }
}

/// Extracts mentions from documents with one gazetteer. Cheap to share between threads.
#[derive(Debug, Clone)]
pub struct Extractor {
    gazetteer: Arc<Gazetteer>,
    matcher: Arc<Matcher>,
}

impl Extractor {
    /// An extractor over a gazetteer (builds the matcher).
    pub fn new(gazetteer: Arc<Gazetteer>) -> Self {
        let matcher = Arc::new(Matcher::new(&gazetteer));
        Extractor { gazetteer, matcher }
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The actor behind a reference.
    pub fn actor<'a>(&'a self, extraction: &'a Extraction, r: ActorRef) -> &'a Actor {
        match r {
            ActorRef::Known(i) => self.gazetteer.get(i),
            ActorRef::Found(i) => &extraction.discovered[i],
        }
    }

    /// Extracts one document.
    pub fn extract(&self, doc: &Document) -> Extraction {
        let text = doc.text.as_str();
        let mut spans = Vec::new();
        let mut chars_so_far = 0usize;
        let mut last_byte = 0usize;
        for s in sentences(text) {
            chars_so_far += text[last_byte..s.start].chars().count();
            last_byte = s.start;
            spans.push(SentenceSpan {
                start: s.start,
                end: s.end,
                char_start: chars_so_far,
                paragraph: s.paragraph,
            });
        }
        let mut folded = Folded::default();
        let mut hits = Vec::new();
        let mut found = Vec::new();
        for (si, span) in spans.iter().enumerate() {
            let sentence = &text[span.start..span.end];
            self.matcher.find(sentence, &mut folded, &mut hits);
            for h in hits.drain(..) {
                found.push(resolve::Candidate {
                    sentence: si,
                    start: span.start + h.start,
                    end: span.start + h.end,
                    options: self.matcher.refs(h.pattern).iter().enumerate()
                        .filter(|(i, _)| h.refs.contains(&(*i as u16)))
                        .map(|(_, r)| (r.actor, r.form, r.ambiguous))
                        .collect(),
                });
            }
        }
        let (resolved, dropped) = resolve::resolve(&self.gazetteer, text, &spans, found, &doc.id);
        let mut mentions = Vec::with_capacity(resolved.len());
        for (c, actor, form) in resolved {
            let span = &spans[c.sentence];
            let start = span.char_start + text[span.start..c.start].chars().count();
            let end = start + text[c.start..c.end].chars().count();
            mentions.push(Mention {
                sentence: c.sentence,
                start,
                end,
                byte_start: c.start,
                byte_end: c.end,
                actor: ActorRef::Known(actor),
                form,
            });
        }
        Extraction {
            document: doc.id.clone(),
            date: doc.date.as_deref().and_then(|d| Date::parse(d, false)),
            sentences: spans,
            mentions,
            dropped,
            discovered: Vec::new(),
        }
    }
}
