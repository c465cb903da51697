//! The actor graph: one node per actor, undirected co-occurrence links weighted by the number of
//! windows (sentences by default) both actors appear in, and typed relations beside them.
//!
//! [`GraphBuilder`] accumulates extractions document by document (and merges with another
//! builder, so a corpus can be split); [`GraphBuilder::finish`] turns the totals into an
//! [`ActorGraph`] backed by petgraph, with nodes sorted by id and links by kind, source, target.

pub mod layout;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use petgraph::graph::{DiGraph, NodeIndex};
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::extract::{ActorRef, Extraction, Extractor};
use crate::gazetteer::{Actor, ActorType, Gazetteer};

/// Which span of text counts as "together" for co-occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Window {
    /// The same sentence (default).
    #[default]
    Sentence,
    /// The same paragraph.
    Paragraph,
    /// The same document.
    Document,
}

impl FromStr for Window {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "sentence" => Ok(Window::Sentence),
            "paragraph" => Ok(Window::Paragraph),
            "document" => Ok(Window::Document),
            _ => Err(format!(
                "unknown window {s:?} (sentence, paragraph or document)"
            )),
        }
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Window::Sentence => "sentence",
            Window::Paragraph => "paragraph",
            Window::Document => "document",
        })
    }
}

pub use crate::gazetteer::Kind;

/// The sentence behind a link, role or title.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Evidence {
    /// Document id (shared: every link of a document holds the same one).
    pub document: Arc<str>,
    /// Sentence number in the document, 1-based.
    pub sentence: usize,
    /// The sentence text (white space collapsed, at most [`EVIDENCE_CHARS`] characters; shared
    /// by every link whose example it is, so a graph holds each sentence once).
    pub text: Arc<str>,
}

/// The longest evidence text kept, in characters.
pub const EVIDENCE_CHARS: usize = 240;

impl Evidence {
    /// Evidence from a sentence of an extraction.
    pub fn new(ex: &Extraction, text: &str, sentence: usize) -> Evidence {
        Evidence {
            document: ex.document.as_str().into(),
            sentence: sentence + 1,
            text: clip(ex.sentence_text(text, sentence)).into(),
        }
    }
}

/// Collapses white space and cuts to [`EVIDENCE_CHARS`] characters.
pub fn clip(s: &str) -> String {
    clip_cow(s).into_owned()
}

/// [`clip`], borrowed when the sentence is its own clip (most sentences: plain ASCII, single
/// spaces, short enough).
pub fn clip_cow(s: &str) -> std::borrow::Cow<'_, str> {
    // most sentences: ASCII with single spaces between words and none at the ends, where the
    // collapsed text is the text itself and a character is a byte
    let plain = s.is_ascii()
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        // the other ASCII white space: tab, line feed, vertical tab, form feed, return
        && !s.bytes().any(|c| (0x09..=0x0d).contains(&c));
    if plain {
        if s.len() <= EVIDENCE_CHARS {
            return s.into();
        }
        let mut cut = String::with_capacity(EVIDENCE_CHARS + 2);
        cut.push_str(&s[..EVIDENCE_CHARS - 1]);
        cut.push('\u{2026}');
        return cut.into();
    }
    clip_chars(s).into()
}

/// [`clip`] for any text: white space collapsed word by word, characters counted.
fn clip_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(4 * EVIDENCE_CHARS));
    // characters in `out`, counted as words are added (not recounted per word)
    let mut chars = 0;
    for (i, w) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
            chars += 1;
        }
        out.push_str(w);
        chars += if w.is_ascii() {
            w.len()
        } else {
            w.chars().count()
        };
        if chars > EVIDENCE_CHARS {
            let cut: String = out.chars().take(EVIDENCE_CHARS - 1).collect();
            return cut + "\u{2026}";
        }
    }
    out
}

/// A node of the actor graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// The actor's id.
    pub id: String,
    /// Display label.
    pub label: String,
    /// The actor's type.
    pub actor_type: ActorType,
    /// Number of mentions.
    pub mentions: u64,
    /// Number of documents that mention it.
    pub documents: u64,
    /// Surface forms seen, with counts.
    pub surfaces: BTreeMap<String, u64>,
    /// Id of the affiliated actor.
    pub affiliation: Option<String>,
    /// Label of the affiliated actor (known even when that actor is not in the graph).
    pub affiliation_label: Option<String>,
    /// Affiliation read from the text (actor id), when it disagrees with the gazetteer's.
    pub text_affiliation: Option<String>,
    /// Title read from the text (most frequent), beside the gazetteer's.
    pub text_title: Option<String>,
    /// Title (for people): the one held on [`Node::title_date`].
    pub title: Option<String>,
    /// The date [`Node::title`] is valid on: the latest date of the documents that mention the
    /// person (its `last_seen`), or the run's default date when none of them has a date. Set
    /// only when there is a title. A person mentioned in 2016 and 2024 briefs shows its 2024
    /// title here; each mention in `mentions.csv` carries the title of its own document's date.
    pub title_date: Option<Date>,
    /// Dominant role in the story.
    pub role: Option<String>,
    /// All roles with counts.
    pub roles: BTreeMap<String, u64>,
    /// For places: the state it lies in.
    pub country: Option<String>,
    /// Label of that state.
    pub country_label: Option<String>,
    /// Wikidata id.
    pub wikidata: Option<String>,
    /// ISO 3166-1 alpha-3 code.
    pub iso3: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Earliest document date.
    pub first_seen: Option<Date>,
    /// Latest document date.
    pub last_seen: Option<Date>,
    /// Whether the actor was discovered in the text rather than taken from a gazetteer.
    pub discovered: bool,
}

/// A link of the actor graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// What kind of link.
    pub kind: Kind,
    /// Weight (> 0) on the scale of the chosen [`Weighting`]: for co-occurrence its score; for a
    /// typed relation see [`Weighting::relation_weight`].
    pub weight: f64,
    /// Number of windows (or cue sentences) that support the link; 0 for links from the gazetteer.
    pub evidence: u64,
    /// Number of documents that support it.
    pub documents: u64,
    /// Earliest document date.
    pub first_seen: Option<Date>,
    /// Latest document date.
    pub last_seen: Option<Date>,
    /// The first supporting sentence (by document id, then sentence).
    pub example: Option<Evidence>,
    /// Where a link not read from the text comes from ("gazetteer").
    pub source: Option<String>,
}

/// Keeps, for every actor, its `k` strongest co-occurrence links; a link survives if it is among
/// the top `k` of either end. Ties are broken by the other end's id (its rank: graph nodes are
/// in id order), so the result is stable. `nodes` is the number of graph nodes.
fn keep_top_k(links: &mut Vec<LinkRank>, k: usize, nodes: usize) {
    let mut per_actor: Vec<Vec<(f64, u32, usize)>> = vec![Vec::new(); nodes];
    for (i, l) in links.iter().enumerate() {
        if l.kind != Kind::CoOccurrence {
            continue;
        }
        per_actor[l.source as usize].push((l.weight, l.target, i));
        per_actor[l.target as usize].push((l.weight, l.source, i));
    }
    let mut keep = vec![false; links.len()];
    for list in &mut per_actor {
        list.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, _, i) in list.iter().take(k) {
            keep[*i] = true;
        }
    }
    let mut i = 0;
    links.retain(|l| {
        let kept = l.kind != Kind::CoOccurrence || keep[i];
        i += 1;
        kept
    });
}

/// Whether discovered actor `a` should be kept over `b` for the same id: the one first seen in
/// the smallest document id, so merged parts agree with a single run.
fn discovered_first(a: &Actor, b: &Actor) -> bool {
    (&a.origin.path, &a.name) < (&b.origin.path, &b.name)
}

/// How co-occurrence links are weighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weighting {
    /// Number of shared windows (default).
    #[default]
    Count,
    /// Number of documents in which the two share a window.
    Documents,
    /// Cosine association: shared / sqrt(windows of A × windows of B), in (0, 1].
    Association,
    /// Pointwise mutual information, log2(shared × all windows / (A × B)); links with PMI ≤ 0
    /// (no more often together than by chance) are left out.
    Pmi,
    /// Jaccard: shared / (A + B − shared), in (0, 1].
    Jaccard,
}

impl Weighting {
    /// The weight of a link, or `None` when the link is to be left out.
    pub fn score(self, shared: u64, documents: u64, a: u64, b: u64, total: u64) -> Option<f64> {
        let (s, a, b, n) = (
            shared as f64,
            a.max(1) as f64,
            b.max(1) as f64,
            total.max(1) as f64,
        );
        let w = match self {
            Weighting::Count => s,
            Weighting::Documents => documents as f64,
            Weighting::Association => s / (a * b).sqrt(),
            Weighting::Pmi => (s * n / (a * b)).log2(),
            Weighting::Jaccard => s / (a + b - s).max(1.0),
        };
        (w.is_finite() && w > 0.0).then_some(w)
    }

    /// Whether the weighting is a score (association, PMI, Jaccard) rather than a count.
    pub fn is_score(self) -> bool {
        matches!(
            self,
            Weighting::Association | Weighting::Pmi | Weighting::Jaccard
        )
    }

    /// The weight of a typed relation, on the same scale as the co-occurrence weights, so that
    /// a relation never looks stronger than the links it stands beside:
    /// * `count`: its supporting cue sentences (`evidence`), at least 1 (a relation from the
    ///   gazetteer has no sentence and counts as one);
    /// * `documents`: its supporting documents, at least 1;
    /// * `association`, `pmi`, `jaccard`: these score how much more often two actors share a
    ///   window than chance says, which has no counterpart for a relation read from a cue or the
    ///   gazetteer; the relation weighs as much as the weakest co-occurrence link of the graph
    ///   (`weakest`; 1 when the graph has none): present, but never outranking real evidence.
    pub fn relation_weight(self, evidence: u64, documents: u64, weakest: f64) -> f64 {
        match self {
            Weighting::Count => evidence.max(1) as f64,
            Weighting::Documents => documents.max(1) as f64,
            Weighting::Association | Weighting::Pmi | Weighting::Jaccard => weakest,
        }
    }
}

impl FromStr for Weighting {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "count" => Weighting::Count,
            "documents" => Weighting::Documents,
            "association" => Weighting::Association,
            "pmi" => Weighting::Pmi,
            "jaccard" => Weighting::Jaccard,
            _ => {
                return Err(format!(
                    "unknown weight {s:?} (count, documents, association, pmi or jaccard)"
                ))
            }
        })
    }
}

impl fmt::Display for Weighting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Weighting::Count => "count",
            Weighting::Documents => "documents",
            Weighting::Association => "association",
            Weighting::Pmi => "pmi",
            Weighting::Jaccard => "jaccard",
        })
    }
}

/// Weighting and pruning applied when a graph is finished.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FinishOptions {
    /// How co-occurrence links are weighted.
    pub weight: Weighting,
    /// Co-occurrence links lighter than this are left out.
    pub min_weight: f64,
    /// Keep each actor's strongest links only.
    pub top_k: Option<usize>,
    /// Actor ids left out of the graph (hubs).
    pub exclude: BTreeSet<String>,
}

/// The title to show: the gazetteer's title on `date`; when the person held several titles then,
/// the one the text uses; the text's title when the gazetteer has none.
fn pick_title(actor: &Actor, date: Date, text: Option<&str>) -> Option<String> {
    if let Some(t) = text {
        if actor
            .titles
            .iter()
            .any(|x| x.valid_on(date) && x.text.eq_ignore_ascii_case(t))
        {
            return Some(t.to_string());
        }
    }
    actor.title_on(date).or_else(|| text.map(str::to_string))
}

/// The finished actor graph.
#[derive(Debug, Clone, Default)]
pub struct ActorGraph {
    /// Nodes sorted by id, links sorted by kind, source id, target id. Undirected links have
    /// source id < target id.
    pub graph: DiGraph<Node, Link>,
    /// Number of documents read.
    pub documents: u64,
}

impl ActorGraph {
    /// Nodes in order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.graph.node_weights()
    }

    /// The number of links.
    pub fn link_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Links in order, with their end nodes.
    pub fn links(&self) -> impl Iterator<Item = (&Node, &Node, &Link)> {
        self.graph.edge_indices().map(move |e| {
            let (a, b) = self.graph.edge_endpoints(e).expect("edge exists");
            (&self.graph[a], &self.graph[b], &self.graph[e])
        })
    }

    /// A node by actor id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.graph.node_weights().find(|n| n.id == id)
    }

    /// The label of an actor id (the id itself if it is not in the graph).
    pub fn label_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.node(id).map_or(id, |n| n.label.as_str())
    }
}

/// The builder's hash maps: FxHash, fast on the small integer keys (actor ids, link keys) and
/// short strings (surface forms, roles, titles) the builder counts. Never iterated into output:
/// everything is sorted by string id when the graph is finished or serialized.
type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// An actor of one [`GraphBuilder`], by number, so that counting a mention or a link needs no
/// string. Ids below the length of the builder's gazetteer are the gazetteer's indices (those of
/// [`ActorRef::Known`]); every other actor (a person discovered in the documents, or any actor
/// of a builder read back from `partial.json`, which has no gazetteer at hand) is appended to
/// the builder's own table, keyed by its string id. An id means something only in its builder:
/// [`GraphBuilder::merge`] maps the other builder's ids once per actor, and string ids come back
/// at the edges (the finished graph, `partial.json`), which are sorted by them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActorId(pub u32);

impl ActorId {
    /// The id as an index (the gazetteer index for a gazetteer actor).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A link's key in a builder: kind, source, target; an undirected link has source < target
/// (by id: the finished graph orders its ends by string id).
type LinkId = (Kind, ActorId, ActorId);

/// The key of a link between `s` and `t`: as given when directed, the smaller id first if not.
fn link_id(kind: Kind, s: ActorId, t: ActorId) -> LinkId {
    if kind.directed() || s <= t {
        (kind, s, t)
    } else {
        (kind, t, s)
    }
}

/// Adds `n` to the count of `key`, owning the key only when it is new.
fn count(map: &mut FxMap<Box<str>, u64>, key: &str, n: u64) {
    match map.get_mut(key) {
        Some(c) => *c += n,
        None => {
            map.insert(key.into(), n);
        }
    }
}

/// Adds counts of another builder's node to this one's (moves the map when this one is empty).
fn merge_counts<K: std::hash::Hash + Eq>(
    into: &mut FxMap<K, u64>,
    from: FxMap<K, u64>,
    over: &mut bool,
) {
    if into.is_empty() {
        *into = from;
        return;
    }
    for (k, v) in from {
        add_to(into.entry(k).or_default(), v, over);
    }
}

/// Counts in string order, for the choices made when finishing (ties go to the last, as the
/// `BTreeMap`s of earlier versions iterated).
fn sorted<'a>(counts: impl Iterator<Item = (&'a str, u64)>) -> Vec<(&'a str, u64)> {
    let mut v: Vec<(&str, u64)> = counts.collect();
    v.sort_unstable_by(|a, b| a.0.cmp(b.0));
    v
}

#[derive(Debug, Clone, Default)]
struct NodeAcc {
    mentions: u64,
    /// Windows (sentences, paragraphs or documents) the actor appears in.
    windows: u64,
    documents: u64,
    /// The builder's document stamp when the actor was last mentioned: a document counts once
    /// without a set of the actors of each document (0: none since this node came in by merge).
    stamp: u64,
    surfaces: FxMap<Box<str>, u64>,
    roles: FxMap<Box<str>, u64>,
    first_seen: Option<Date>,
    last_seen: Option<Date>,
    /// Title and affiliation read from the text, with counts.
    text_titles: FxMap<Box<str>, u64>,
    text_affiliations: FxMap<ActorId, u64>,
}

/// A link's first supporting sentence. The document id and the clipped sentence are shared
/// (`Arc`) by every link that takes them as example: one clipped text per sentence that some
/// link shows, made only when a link takes it, not one per link.
#[derive(Debug, Clone)]
struct Example {
    document: Arc<str>,
    /// 1-based, as [`Evidence::sentence`].
    sentence: usize,
    text: Arc<str>,
}

impl Example {
    fn from_evidence(e: Evidence) -> Example {
        Example {
            document: e.document,
            sentence: e.sentence,
            text: e.text,
        }
    }

    fn into_evidence(self) -> Evidence {
        Evidence {
            document: self.document,
            sentence: self.sentence,
            text: self.text,
        }
    }
}

#[derive(Debug, Clone, Default)]
struct LinkAcc {
    evidence: u64,
    documents: u64,
    first_seen: Option<Date>,
    last_seen: Option<Date>,
    example: Option<Example>,
}

/// A builder's links, in two columns: a hash index from key to row (16 bytes a link) and the
/// totals in a vector beside it. A hash map of whole totals held its slack (up to half its
/// slots empty) on the large part; here the slack is on the small index, and when the graph is
/// finished the index is dropped before the graph's links are made, which then take the totals
/// row by row.
#[derive(Debug, Clone, Default)]
struct LinkTable {
    index: FxMap<LinkId, u32>,
    accs: Vec<LinkAcc>,
}

impl LinkTable {
    fn len(&self) -> usize {
        self.accs.len()
    }

    fn is_empty(&self) -> bool {
        self.accs.is_empty()
    }

    /// The totals of `key`, new (zero) when the key is.
    fn entry(&mut self, key: LinkId) -> &mut LinkAcc {
        let next = self.accs.len();
        let row =
            *self.index.entry(key).or_insert_with(|| {
                u32::try_from(next).expect("fewer than 2^32 links in one builder")
            }) as usize;
        if row == next {
            self.accs.push(LinkAcc::default());
        }
        &mut self.accs[row]
    }

    /// Every link with its totals, in no particular order.
    fn iter(&self) -> impl Iterator<Item = (&LinkId, &LinkAcc)> {
        self.index
            .iter()
            .map(|(k, &row)| (k, &self.accs[row as usize]))
    }

    /// Every link with its totals, moved out, in no particular order.
    fn into_links(self) -> impl Iterator<Item = (LinkId, LinkAcc)> {
        let LinkTable { index, mut accs } = self;
        index
            .into_iter()
            .map(move |(k, row)| (k, std::mem::take(&mut accs[row as usize])))
    }
}

fn widen(first: &mut Option<Date>, last: &mut Option<Date>, d: Option<Date>) {
    if let Some(d) = d {
        *first = Some(first.map_or(d, |f| f.min(d)));
        *last = Some(last.map_or(d, |l| l.max(d)));
    }
}

/// Whether evidence at (`document`, `sentence`) would replace the current example.
fn needs_example(slot: &Option<Example>, document: &str, sentence: usize) -> bool {
    slot.as_ref()
        .is_none_or(|old| (document, sentence) < (&*old.document, old.sentence))
}

fn keep_first(slot: &mut Option<Example>, e: Example) {
    if needs_example(slot, &e.document, e.sentence) {
        *slot = Some(e);
    }
}

/// Buffers reused from document to document by [`GraphBuilder::add`] (emptied after each).
#[derive(Debug, Clone, Default)]
struct Scratch {
    /// The builder's ids of the document's discovered people (`ActorRef::Found`).
    found: Vec<ActorId>,
    /// (window, actor, sentence) of every mention.
    windowed: Vec<(usize, ActorId, usize)>,
    /// (a, b, first sentence) of every window both share, a < b.
    pairs: Vec<(ActorId, ActorId, usize)>,
    /// (kind, source, target, sentence) of every typed relation.
    relations: Vec<(Kind, ActorId, ActorId, usize)>,
    /// The document id, once a link takes an example from the document.
    document: Option<Arc<str>>,
    /// Clipped sentences (0-based index) that links of the document took as examples.
    sentences: Vec<(usize, Arc<str>)>,
}

impl Scratch {
    /// The example for a link from sentence `sentence` (0-based) of the document: the
    /// sentence is clipped once however many links take it.
    fn example(&mut self, ex: &Extraction, text: &str, sentence: usize) -> Example {
        let document = self
            .document
            .get_or_insert_with(|| Arc::from(ex.document.as_str()))
            .clone();
        let text = match self.sentences.iter().find(|(s, _)| *s == sentence) {
            Some((_, t)) => t.clone(),
            None => {
                let t: Arc<str> = Arc::from(clip(ex.sentence_text(text, sentence)));
                self.sentences.push((sentence, t.clone()));
                t
            }
        };
        Example {
            document,
            sentence: sentence + 1,
            text,
        }
    }
}

/// Accumulates extractions into graph totals. Mergeable: merging builders that saw parts of a
/// corpus gives exactly the totals of one builder that saw all of it, in any order.
///
/// Actors are counted by [`ActorId`] in hash maps; the builder is sorted by string id only
/// when it is finished or serialized. Its serialized form (`partial.json`'s `"builder"`) keys
/// everything by string id, so it reads back without the gazetteer.
#[derive(Clone, Default, Deserialize)]
#[serde(from = "BuilderIn")]
pub struct GraphBuilder {
    window: Window,
    documents: u64,
    /// Windows that hold at least one actor.
    windows: u64,
    latest: Option<Date>,
    /// Whether a merge overflowed a count (the count is then held at `u64::MAX`).
    overflowed: bool,
    /// Documents added by this builder (stamps documents for [`NodeAcc::stamp`]).
    stamp: u64,
    /// The gazetteer whose indices are the ids below its length; `None` for a builder read
    /// from `partial.json`, whose actors are all in `table`.
    gazetteer: Option<Arc<Gazetteer>>,
    /// String ids of the ids from the gazetteer's length on, in order.
    table: Vec<Arc<str>>,
    /// Ids of string ids already looked up: the entries of `table`, and discovered ids that
    /// are the gazetteer's (so that one hash lookup finds either).
    by_str: FxMap<Arc<str>, ActorId>,
    nodes: FxMap<ActorId, NodeAcc>,
    links: LinkTable,
    /// Actors that are not in the gazetteer (discovered people), by id; boxed, so that the
    /// map's free slots are pointers, not whole actors (a large run discovers tens of
    /// thousands of people).
    discovered: FxMap<ActorId, Box<Actor>>,
    scratch: Scratch,
}

impl fmt::Debug for GraphBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GraphBuilder")
            .field("window", &self.window)
            .field("documents", &self.documents)
            .field("windows", &self.windows)
            .field("actors", &(self.known() as usize + self.table.len()))
            .field("nodes", &self.nodes.len())
            .field("links", &self.links.len())
            .field("discovered", &self.discovered.len())
            .finish_non_exhaustive()
    }
}

/// Adds `b` to `a`, holding at `u64::MAX` and noting an overflow instead of wrapping (a count
/// of a hand-edited partial.json must never wrap to a small number).
fn add_to(a: &mut u64, b: u64, over: &mut bool) {
    match a.checked_add(b) {
        Some(x) => *a = x,
        None => {
            *a = u64::MAX;
            *over = true;
        }
    }
}

/// Everything the graph needs to know about an actor to finish it.
pub trait ActorLookup {
    /// The actor with this id.
    fn actor(&self, id: &str) -> Option<&Actor>;
}

impl ActorLookup for crate::gazetteer::Gazetteer {
    fn actor(&self, id: &str) -> Option<&Actor> {
        self.by_id(id)
    }
}

/// The string id of `id` in a builder with this gazetteer and table.
fn name_in<'a>(gazetteer: Option<&'a Gazetteer>, table: &'a [Arc<str>], id: ActorId) -> &'a str {
    let known = gazetteer.map_or(0, Gazetteer::len);
    match gazetteer {
        Some(g) if id.index() < known => g.get(id.index()).id.as_str(),
        _ => &table[id.index() - known],
    }
}

/// Maps another builder's ids to this one's, each actor once.
struct Remap {
    /// Length of the other builder's gazetteer.
    known: u32,
    /// Whether both builders have the same gazetteer (its ids then map to themselves).
    same: bool,
    other: Option<Arc<Gazetteer>>,
    /// This builder's ids of the other's table.
    table: Vec<ActorId>,
    /// This builder's ids of the other's gazetteer ids, looked up when first met (when the
    /// gazetteers differ).
    known_ids: Vec<Option<ActorId>>,
}

impl Remap {
    fn get(&mut self, id: ActorId, into: &mut GraphBuilder) -> ActorId {
        if id.0 >= self.known {
            return self.table[(id.0 - self.known) as usize];
        }
        if self.same {
            return id;
        }
        if let Some(mine) = self.known_ids[id.index()] {
            return mine;
        }
        let g = self
            .other
            .as_ref()
            .expect("ids below `known` are a gazetteer's");
        let mine = into.intern(&g.get(id.index()).id);
        self.known_ids[id.index()] = Some(mine);
        mine
    }
}

impl GraphBuilder {
    /// An empty builder for a co-occurrence window.
    pub fn new(window: Window) -> Self {
        GraphBuilder {
            window,
            ..Self::default()
        }
    }

    /// The co-occurrence window.
    pub fn window(&self) -> Window {
        self.window
    }

    /// Number of mentions added (every mention of every actor): the rows of the
    /// `mentions.csv` written beside a partial result, which `merge` checks against it.
    pub fn mentions(&self) -> u64 {
        self.nodes
            .values()
            .fold(0u64, |a, n| a.saturating_add(n.mentions))
    }

    /// Whether a merge overflowed a count (only a hand-edited partial result can do that).
    pub fn overflowed(&self) -> bool {
        self.overflowed
    }

    /// The people discovered in the documents added so far, by id.
    pub fn discovered(&self) -> impl Iterator<Item = &Actor> {
        let mut v: Vec<(&str, &Actor)> = self
            .discovered
            .iter()
            .map(|(id, a)| (self.name(*id), &**a))
            .collect();
        v.sort_unstable_by(|a, b| a.0.cmp(b.0));
        v.into_iter().map(|(_, a)| a)
    }

    /// Number of documents added.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// This builder's id of an actor it has seen or whose gazetteer it uses, by string id.
    pub fn actor_id(&self, id: &str) -> Option<ActorId> {
        if let Some(&a) = self.by_str.get(id) {
            return Some(a);
        }
        let g = self.gazetteer.as_ref()?;
        g.index_of(id).map(|i| ActorId(i as u32))
    }

    /// The string id of one of this builder's ids.
    pub fn actor_name(&self, id: ActorId) -> Option<&str> {
        (id.index() < self.known() as usize + self.table.len()).then(|| self.name(id))
    }

    /// Length of the gazetteer whose indices are ids.
    fn known(&self) -> u32 {
        self.gazetteer.as_ref().map_or(0, |g| g.len() as u32)
    }

    fn name(&self, id: ActorId) -> &str {
        name_in(self.gazetteer.as_deref(), &self.table, id)
    }

    /// The id of a string id, appended to the table when new.
    fn intern(&mut self, s: &str) -> ActorId {
        if let Some(&id) = self.by_str.get(s) {
            return id;
        }
        if let Some(i) = self.gazetteer.as_ref().and_then(|g| g.index_of(s)) {
            let id = ActorId(i as u32);
            self.by_str.insert(Arc::from(s), id);
            return id;
        }
        let id = ActorId(self.known() + self.table.len() as u32);
        let s: Arc<str> = Arc::from(s);
        self.table.push(s.clone());
        self.by_str.insert(s, id);
        id
    }

    /// Whether the builder holds no actor yet (its ids can still be given any meaning).
    fn is_blank(&self) -> bool {
        self.table.is_empty()
            && self.by_str.is_empty()
            && self.nodes.is_empty()
            && self.links.is_empty()
            && self.discovered.is_empty()
    }

    /// Makes the indices of `g` this builder's gazetteer ids. A builder that already holds
    /// actors under other ids (read from `partial.json`, or built with another gazetteer) is
    /// moved over by string id, once.
    fn use_gazetteer(&mut self, g: &Arc<Gazetteer>) {
        if self
            .gazetteer
            .as_ref()
            .is_some_and(|mine| Arc::ptr_eq(mine, g))
        {
            return;
        }
        assert!(
            u32::try_from(g.len()).is_ok_and(|n| n < u32::MAX / 2),
            "a gazetteer of {} actors is more than actor ids hold",
            g.len()
        );
        if self.is_blank() {
            self.gazetteer = Some(g.clone());
            return;
        }
        let fresh = GraphBuilder {
            window: self.window,
            stamp: self.stamp,
            gazetteer: Some(g.clone()),
            ..GraphBuilder::default()
        };
        let old = std::mem::replace(self, fresh);
        self.merge(old);
    }

    /// Adds one document's extraction; `text` is the document text.
    pub fn add(&mut self, extractor: &Extractor, ex: &Extraction, text: &str) {
        self.use_gazetteer(extractor.shared_gazetteer());
        self.documents += 1;
        self.stamp += 1;
        let stamp = self.stamp;
        widen(&mut self.latest.clone(), &mut self.latest, ex.date);
        // discovered people: one lookup per person and document, not per mention
        let mut found = std::mem::take(&mut self.scratch.found);
        found.clear();
        for d in &ex.discovered {
            let id = self.intern(&d.id);
            found.push(id);
            let keep = match self.discovered.get(&id) {
                Some(old) => {
                    (ex.document.as_str(), &d.name)
                        < (old.origin.path.to_str().unwrap_or(""), &old.name)
                }
                None => true,
            };
            if keep {
                let mut d = Box::new(d.clone());
                d.origin.path = ex.document.clone().into();
                self.discovered.insert(id, d);
            }
        }
        let id_of = |r: ActorRef| match r {
            ActorRef::Known(i) => ActorId(i as u32),
            ActorRef::Found(i) => found[i],
        };
        let mut windowed = std::mem::take(&mut self.scratch.windowed);
        windowed.clear();
        for m in &ex.mentions {
            let id = id_of(m.actor);
            let node = self.nodes.entry(id).or_default();
            node.mentions += 1;
            if node.stamp != stamp {
                node.stamp = stamp;
                node.documents += 1;
                widen(&mut node.first_seen, &mut node.last_seen, ex.date);
            }
            let raw = &text[m.byte_start..m.byte_end];
            if raw.contains(|c: char| c.is_whitespace() && c != ' ') || raw.contains("  ") {
                let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
                count(&mut node.surfaces, &collapsed, 1);
            } else {
                count(&mut node.surfaces, raw, 1);
            }
            let key = match self.window {
                Window::Sentence => m.sentence,
                Window::Paragraph => ex.sentences[m.sentence].paragraph,
                Window::Document => 0,
            };
            windowed.push((key, id, m.sentence));
        }
        // one entry per window and actor (its first sentence there), then the pairs of each
        // window, sorted: one update per actor pair and document
        windowed.sort_unstable();
        windowed.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        let mut pairs = std::mem::take(&mut self.scratch.pairs);
        pairs.clear();
        for group in windowed.chunk_by(|a, b| a.0 == b.0) {
            self.windows += 1;
            for (k, &(_, a, sa)) in group.iter().enumerate() {
                if let Some(n) = self.nodes.get_mut(&a) {
                    n.windows += 1;
                }
                for &(_, b, sb) in &group[k + 1..] {
                    let first = if self.window == Window::Sentence {
                        sa
                    } else {
                        sa.max(sb)
                    };
                    pairs.push((a, b, first));
                }
            }
        }
        pairs.sort_unstable();
        for run in pairs.chunk_by(|x, y| x.0 == y.0 && x.1 == y.1) {
            let (a, b, sentence) = run[0];
            let acc = self.links.entry((Kind::CoOccurrence, a, b));
            acc.evidence += run.len() as u64;
            acc.documents += 1;
            widen(&mut acc.first_seen, &mut acc.last_seen, ex.date);
            if needs_example(&acc.example, &ex.document, sentence + 1) {
                acc.example = Some(self.scratch.example(ex, text, sentence));
            }
        }
        for r in &ex.roles {
            self.add_role_id(id_of(r.actor), extractor.role_name(r.role));
        }
        for t in &ex.titles {
            let aff = t.affiliation.map(|i| ActorId(i as u32));
            self.add_text_title_id(id_of(t.person), Some(&t.title), aff);
        }
        let mut relations = std::mem::take(&mut self.scratch.relations);
        relations.clear();
        for r in &ex.relations {
            let (s, t) = (id_of(r.source), id_of(r.target));
            if s == t {
                continue;
            }
            let (kind, s, t) = link_id(r.kind, s, t);
            relations.push((kind, s, t, r.sentence));
        }
        relations.sort_unstable();
        for run in relations.chunk_by(|x, y| (x.0, x.1, x.2) == (y.0, y.1, y.2)) {
            let (kind, s, t, sentence) = run[0];
            let acc = self.links.entry((kind, s, t));
            acc.evidence += run.len() as u64;
            acc.documents += 1;
            widen(&mut acc.first_seen, &mut acc.last_seen, ex.date);
            if needs_example(&acc.example, &ex.document, sentence + 1) {
                acc.example = Some(self.scratch.example(ex, text, sentence));
            }
        }
        let s = &mut self.scratch;
        s.found = found;
        s.windowed = windowed;
        s.pairs = pairs;
        s.relations = relations;
        s.document = None;
        s.sentences.clear();
    }

    /// Records a role of an actor (by string id).
    pub fn add_role(&mut self, id: &str, role: &str) {
        let id = self.intern(id);
        self.add_role_id(id, role);
    }

    /// Records a role of an actor: the one place where roles are counted.
    fn add_role_id(&mut self, id: ActorId, role: &str) {
        count(&mut self.nodes.entry(id).or_default().roles, role, 1);
    }

    /// Records a title and affiliation read from the text for a person (by string ids).
    pub fn add_text_title(&mut self, id: &str, title: Option<&str>, affiliation: Option<&str>) {
        let id = self.intern(id);
        let affiliation = affiliation.map(|a| self.intern(a));
        self.add_text_title_id(id, title, affiliation);
    }

    fn add_text_title_id(
        &mut self,
        id: ActorId,
        title: Option<&str>,
        affiliation: Option<ActorId>,
    ) {
        let node = self.nodes.entry(id).or_default();
        if let Some(t) = title {
            count(&mut node.text_titles, t, 1);
        }
        if let Some(a) = affiliation {
            *node.text_affiliations.entry(a).or_default() += 1;
        }
    }

    /// Records one piece of evidence for a typed relation read from the text.
    pub fn add_relation(
        &mut self,
        kind: Kind,
        source: &str,
        target: &str,
        date: Option<Date>,
        evidence: Evidence,
    ) {
        let (s, t) = (self.intern(source), self.intern(target));
        let acc = self.links.entry(link_id(kind, s, t));
        acc.evidence += 1;
        acc.documents += 1;
        widen(&mut acc.first_seen, &mut acc.last_seen, date);
        keep_first(&mut acc.example, Example::from_evidence(evidence));
    }

    /// Adds another builder's totals to this one. The other's discovered actors (and all its
    /// actors when the two do not share a gazetteer) are mapped to this builder's ids once
    /// each; its links then move over by those ids.
    pub fn merge(&mut self, other: GraphBuilder) {
        if self.gazetteer.is_none() && self.is_blank() {
            self.gazetteer = other.gazetteer.clone();
        }
        let GraphBuilder {
            documents,
            windows,
            latest,
            overflowed,
            gazetteer,
            table,
            nodes,
            links,
            discovered,
            ..
        } = other;
        let mut over = overflowed;
        add_to(&mut self.documents, documents, &mut over);
        add_to(&mut self.windows, windows, &mut over);
        widen(&mut self.latest.clone(), &mut self.latest, latest);
        let same = match (&self.gazetteer, &gazetteer) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        let known = gazetteer.as_ref().map_or(0, |g| g.len() as u32);
        let mut remap = Remap {
            known,
            same,
            table: table.iter().map(|s| self.intern(s)).collect(),
            known_ids: vec![None; if same { 0 } else { known as usize }],
            other: gazetteer,
        };
        for (id, mut n) in nodes {
            let id = remap.get(id, self);
            n.stamp = 0;
            if !n.text_affiliations.is_empty() {
                n.text_affiliations = std::mem::take(&mut n.text_affiliations)
                    .into_iter()
                    .map(|(a, c)| (remap.get(a, self), c))
                    .collect();
            }
            match self.nodes.entry(id) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    let (first, last) = (n.first_seen.take(), n.last_seen.take());
                    let acc = e.insert(n);
                    widen(&mut acc.first_seen, &mut acc.last_seen, first);
                    widen(&mut acc.first_seen, &mut acc.last_seen, last);
                }
                std::collections::hash_map::Entry::Occupied(e) => {
                    let acc = e.into_mut();
                    add_to(&mut acc.mentions, n.mentions, &mut over);
                    add_to(&mut acc.windows, n.windows, &mut over);
                    add_to(&mut acc.documents, n.documents, &mut over);
                    merge_counts(&mut acc.surfaces, n.surfaces, &mut over);
                    merge_counts(&mut acc.roles, n.roles, &mut over);
                    merge_counts(&mut acc.text_titles, n.text_titles, &mut over);
                    merge_counts(&mut acc.text_affiliations, n.text_affiliations, &mut over);
                    widen(&mut acc.first_seen, &mut acc.last_seen, n.first_seen);
                    widen(&mut acc.first_seen, &mut acc.last_seen, n.last_seen);
                }
            }
        }
        for ((kind, s, t), l) in links.into_links() {
            let (s, t) = (remap.get(s, self), remap.get(t, self));
            self.merge_link(link_id(kind, s, t), l, &mut over);
        }
        for (id, a) in discovered {
            let id = remap.get(id, self);
            // the same person discovered in two parts: keep one by a rule that does not depend
            // on the order of the parts
            match self.discovered.get(&id) {
                Some(old) if !discovered_first(&a, old) => {}
                _ => {
                    self.discovered.insert(id, a);
                }
            }
        }
        self.overflowed |= over;
    }

    fn merge_link(&mut self, key: LinkId, l: LinkAcc, over: &mut bool) {
        let acc = self.links.entry(key);
        add_to(&mut acc.evidence, l.evidence, over);
        add_to(&mut acc.documents, l.documents, over);
        widen(&mut acc.first_seen, &mut acc.last_seen, l.first_seen);
        widen(&mut acc.first_seen, &mut acc.last_seen, l.last_seen);
        if let Some(e) = l.example {
            keep_first(&mut acc.example, e);
        }
    }

    /// Builds the graph. `default_date` is used for the titles of people none of whose documents
    /// has a date. The builder is consumed: its totals move into the graph instead of being
    /// copied, so the peak memory of a run is one graph, not two. Nodes and links are sorted
    /// by string id here, once: nodes go into the graph in id order, so a node's index is the
    /// rank of its id, and links are sorted by those ranks (integers), not by string.
    ///
    /// Memory: the builder's nodes and link index are dropped as soon as what replaces them is
    /// made; at the peak the graph's links are made while the builder's link totals (and a
    /// sorted list of 24 bytes a link) are still held.
    pub fn finish(
        self,
        actors: &dyn ActorLookup,
        default_date: Date,
        opts: &FinishOptions,
    ) -> ActorGraph {
        let GraphBuilder {
            documents,
            windows: total_windows,
            gazetteer,
            table,
            nodes,
            links: link_table,
            discovered,
            ..
        } = self;
        let name = |id: ActorId| name_in(gazetteer.as_deref(), &table, id);
        // borrowed, not moved into a map of their own: the discovered people of a large run
        // are tens of thousands of actors
        let discovered_by_name: FxMap<&str, &Actor> =
            discovered.iter().map(|(id, a)| (name(*id), &**a)).collect();
        let lookup = |id: &str| {
            actors
                .actor(id)
                .or_else(|| discovered_by_name.get(id).copied())
        };
        // the nodes in id order, taken out of the builder's map one by one as they are made
        let mut nodes = nodes;
        let mut node_order: Vec<(&str, ActorId)> = nodes.keys().map(|&id| (name(id), id)).collect();
        node_order.sort_unstable_by(|a, b| a.0.cmp(b.0));
        // sized once: growing by doubling held the old and the new buffers at the same time,
        // which was the peak of a large run (a link's gazetteer relations are at most two)
        let link_room = link_table.len() + 2 * node_order.len();
        let mut graph = DiGraph::with_capacity(node_order.len(), link_room);
        let mut index: FxMap<&str, NodeIndex> = FxMap::default();
        let mut in_order: Vec<&str> = Vec::new();
        // the graph node of each builder id (NONE: not in the graph), and the windows of each
        // graph node, for the co-occurrence scores
        const NONE: u32 = u32::MAX;
        let ids = gazetteer.as_ref().map_or(0, |g| g.len()) + table.len();
        let mut node_of: Vec<u32> = vec![NONE; ids];
        let mut node_windows: Vec<u64> = Vec::with_capacity(node_order.len());
        for (id, actor_id) in node_order {
            let acc = nodes
                .remove(&actor_id)
                .expect("ids were taken from the map");
            let Some(actor) = lookup(id) else { continue };
            if acc.mentions == 0 || opts.exclude.contains(id) {
                continue;
            }
            let text_aff = sorted(acc.text_affiliations.iter().map(|(a, n)| (name(*a), *n)))
                .into_iter()
                .max_by_key(|(_, n)| *n)
                .map(|(a, _)| a.to_string());
            let text_title = sorted(acc.text_titles.iter().map(|(t, n)| (&**t, *n)))
                .into_iter()
                .max_by_key(|(_, n)| *n)
                .map(|(t, _)| t.to_string());
            let roles: BTreeMap<String, u64> = acc
                .roles
                .into_iter()
                .map(|(r, n)| (r.into_string(), n))
                .collect();
            let role = roles
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(r, _)| r.clone());
            let affiliation = actor.affiliation.clone().or(text_aff.clone());
            let label = |id: &Option<String>| {
                id.as_deref()
                    .map(|i| lookup(i).map_or_else(|| i.to_string(), |a| a.name.clone()))
            };
            let title_on = acc.last_seen.unwrap_or(default_date);
            let title = pick_title(actor, title_on, text_title.as_deref());
            let node = Node {
                id: id.to_string(),
                label: actor.name.clone(),
                actor_type: actor.actor_type(),
                mentions: acc.mentions,
                documents: acc.documents,
                surfaces: acc
                    .surfaces
                    .into_iter()
                    .map(|(s, n)| (s.into_string(), n))
                    .collect(),
                affiliation_label: label(&affiliation),
                affiliation,
                text_affiliation: text_aff
                    .filter(|t| actor.affiliation.as_ref().is_some_and(|a| a != t)),
                title_date: title.is_some().then_some(title_on),
                title,
                text_title,
                role,
                roles,
                country_label: label(&actor.country),
                country: actor.country.clone(),
                wikidata: actor.wikidata.clone(),
                iso3: actor.iso3.clone(),
                lat: actor.lat,
                lon: actor.lon,
                first_seen: acc.first_seen,
                last_seen: acc.last_seen,
                discovered: actor.discovered,
            };
            let ix = graph.add_node(node);
            node_of[actor_id.index()] = ix.index() as u32;
            node_windows.push(acc.windows);
            index.insert(id, ix);
            in_order.push(id);
        }
        drop(nodes);
        // the links that go into the graph, keyed by the ranks of their ends (graph nodes are
        // in id order), with their weights; the totals stay in the builder's rows until the
        // graph's link is made
        let LinkTable {
            index: link_index,
            accs: link_accs,
        } = link_table;
        let mut rows: Vec<LinkRank> = Vec::with_capacity(link_index.len());
        for ((kind, s, t), row) in link_index {
            let (s, t) = (node_of[s.index()], node_of[t.index()]);
            if s == NONE || t == NONE || s == t {
                continue;
            }
            let (s, t) = if kind.directed() || s <= t {
                (s, t)
            } else {
                (t, s)
            };
            let acc = &link_accs[row as usize];
            let weight = if kind == Kind::CoOccurrence {
                let (a, b) = (node_windows[s as usize], node_windows[t as usize]);
                match opts
                    .weight
                    .score(acc.evidence, acc.documents, a, b, total_windows)
                {
                    Some(w) => w,
                    None => continue,
                }
            } else {
                // set below, once the weakest co-occurrence link is known
                opts.weight
                    .relation_weight(acc.evidence, acc.documents, 1.0)
            };
            if kind == Kind::CoOccurrence && weight < opts.min_weight {
                continue;
            }
            rows.push(LinkRank {
                kind,
                source: s,
                target: t,
                row,
                weight,
            });
        }
        // links in (kind, source, target) order, sorted once here (keys are unique)
        rows.sort_unstable_by_key(LinkRank::key);
        if let Some(k) = opts.top_k {
            keep_top_k(&mut rows, k, graph.node_count());
        }
        // relations from the gazetteer between actors that are both in the graph
        let mut extra: Vec<LinkRank> = Vec::new();
        for &id in &in_order {
            let Some(actor) = lookup(id) else { continue };
            for (kind, target) in [
                (Kind::AffiliatedWith, &actor.affiliation),
                (Kind::LocatedIn, &actor.country),
            ] {
                let Some(t) = target.as_deref() else { continue };
                if t == id {
                    continue;
                }
                let Some(t) = index.get(t) else { continue };
                let key = (kind, index[id].index() as u32, t.index() as u32);
                if rows.binary_search_by_key(&key, LinkRank::key).is_err() {
                    extra.push(LinkRank {
                        kind,
                        source: key.1,
                        target: key.2,
                        row: NONE,
                        weight: 1.0,
                    });
                }
            }
        }
        let weakest = opts.weight.is_score().then(|| {
            rows.iter()
                .filter(|r| r.kind == Kind::CoOccurrence)
                .map(|r| r.weight)
                .min_by(f64::total_cmp)
                .unwrap_or(1.0)
        });
        // Both lists go into the graph in key order, taken from their ends (sorted last first):
        // the totals are first moved into the order of their links, so that the memory of the
        // rows and totals taken is given back while the graph's links are made (holding all
        // the totals and all the graph's links at once was the peak of a large run).
        let mut accs = gather_reversed(link_accs, &rows);
        rows.reverse();
        extra.sort_unstable_by_key(|r| std::cmp::Reverse(r.key()));
        // how many links are taken between two returns of memory
        const GIVE_BACK: usize = 1 << 15;
        let mut taken = 0usize;
        loop {
            let take_row = match (rows.last(), extra.last()) {
                (Some(r), Some(e)) => r.key() < e.key(),
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let (r, link) = if take_row {
                let r = rows.pop().expect("not empty");
                let acc = accs.pop().expect("a row's totals");
                let weight = match weakest {
                    Some(w) if r.kind != Kind::CoOccurrence => {
                        opts.weight.relation_weight(acc.evidence, acc.documents, w)
                    }
                    _ => r.weight,
                };
                let link = Link {
                    kind: r.kind,
                    weight,
                    evidence: acc.evidence,
                    documents: acc.documents,
                    first_seen: acc.first_seen,
                    last_seen: acc.last_seen,
                    example: acc.example.map(Example::into_evidence),
                    source: None,
                };
                taken += 1;
                if taken.is_multiple_of(GIVE_BACK) {
                    rows.shrink_to_fit();
                    accs.shrink_to_fit();
                }
                (r, link)
            } else {
                let r = extra.pop().expect("not empty");
                let link = Link {
                    kind: r.kind,
                    weight: weakest.map_or(1.0, |w| opts.weight.relation_weight(0, 0, w)),
                    evidence: 0,
                    documents: 0,
                    first_seen: None,
                    last_seen: None,
                    example: None,
                    source: Some("gazetteer".into()),
                };
                (r, link)
            };
            graph.add_edge(
                NodeIndex::new(r.source as usize),
                NodeIndex::new(r.target as usize),
                link,
            );
        }
        ActorGraph { graph, documents }
    }
}

/// The totals of `rows` (sorted) in their order reversed, moved in place: those of `rows[i]` end
/// at `rows.len() - 1 - i`; totals that no row takes are dropped.
fn gather_reversed(mut accs: Vec<LinkAcc>, rows: &[LinkRank]) -> Vec<LinkAcc> {
    let n = accs.len();
    // src[p]: the row whose totals go to position p; the rows no link takes fill the positions
    // from `rows.len()` on, so that `src` is a permutation
    let mut src: Vec<u32> = Vec::with_capacity(n);
    let mut done = vec![false; n];
    for r in rows.iter().rev() {
        src.push(r.row);
        done[r.row as usize] = true;
    }
    for (row, used) in done.iter().enumerate() {
        if !used {
            src.push(row as u32);
        }
    }
    debug_assert_eq!(src.len(), n);
    done.fill(false);
    // position p takes the totals at src[p], one cycle of the permutation at a time
    for start in 0..n {
        if done[start] {
            continue;
        }
        let first = std::mem::take(&mut accs[start]);
        let mut at = start;
        loop {
            done[at] = true;
            let from = src[at] as usize;
            if from == start {
                accs[at] = first;
                break;
            }
            accs[at] = std::mem::take(&mut accs[from]);
            at = from;
        }
    }
    accs.truncate(rows.len());
    accs.shrink_to_fit();
    accs
}

/// A link on its way into the finished graph: its ends by graph node (the rank of their ids),
/// the row of its totals in the builder's link table, its weight.
#[derive(Debug, Clone, Copy)]
struct LinkRank {
    kind: Kind,
    source: u32,
    target: u32,
    row: u32,
    weight: f64,
}

impl LinkRank {
    /// The finished graph's link order: kind, source id, target id.
    fn key(&self) -> (Kind, u32, u32) {
        (self.kind, self.source, self.target)
    }
}

/// `partial.json`'s form of a builder (written): everything keyed by string id, in string
/// order, exactly as earlier versions wrote their string-keyed builder.
#[derive(Serialize)]
#[serde(rename = "GraphBuilder")]
struct BuilderOut<'a> {
    window: Window,
    documents: u64,
    windows: u64,
    nodes: BTreeMap<&'a str, NodeOut<'a>>,
    links: BTreeMap<Kind, BTreeMap<&'a str, BTreeMap<&'a str, LinkOut<'a>>>>,
    discovered: BTreeMap<&'a str, &'a Actor>,
    latest: Option<Date>,
}

#[derive(Serialize)]
#[serde(rename = "NodeAcc")]
struct NodeOut<'a> {
    mentions: u64,
    windows: u64,
    documents: u64,
    surfaces: BTreeMap<&'a str, u64>,
    roles: BTreeMap<&'a str, u64>,
    first_seen: Option<Date>,
    last_seen: Option<Date>,
    text_titles: BTreeMap<&'a str, u64>,
    text_affiliations: BTreeMap<&'a str, u64>,
}

#[derive(Serialize)]
#[serde(rename = "LinkAcc")]
struct LinkOut<'a> {
    evidence: u64,
    documents: u64,
    first_seen: Option<Date>,
    last_seen: Option<Date>,
    example: Option<EvidenceOut<'a>>,
}

#[derive(Serialize)]
#[serde(rename = "Evidence")]
struct EvidenceOut<'a> {
    document: &'a str,
    sentence: usize,
    text: &'a str,
}

/// Counts by string, in string order.
fn strs(m: &FxMap<Box<str>, u64>) -> BTreeMap<&str, u64> {
    m.iter().map(|(k, v)| (&**k, *v)).collect()
}

impl Serialize for GraphBuilder {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let name = |id: ActorId| self.name(id);
        let mut nodes = BTreeMap::new();
        for (id, n) in &self.nodes {
            nodes.insert(
                name(*id),
                NodeOut {
                    mentions: n.mentions,
                    windows: n.windows,
                    documents: n.documents,
                    surfaces: strs(&n.surfaces),
                    roles: strs(&n.roles),
                    first_seen: n.first_seen,
                    last_seen: n.last_seen,
                    text_titles: strs(&n.text_titles),
                    text_affiliations: n
                        .text_affiliations
                        .iter()
                        .map(|(a, c)| (name(*a), *c))
                        .collect(),
                },
            );
        }
        let mut links: BTreeMap<Kind, BTreeMap<&str, BTreeMap<&str, LinkOut<'_>>>> =
            BTreeMap::new();
        for ((kind, s, t), l) in self.links.iter() {
            let (s, t) = (name(*s), name(*t));
            let (s, t) = if kind.directed() || s <= t {
                (s, t)
            } else {
                (t, s)
            };
            links
                .entry(*kind)
                .or_default()
                .entry(s)
                .or_default()
                .insert(
                    t,
                    LinkOut {
                        evidence: l.evidence,
                        documents: l.documents,
                        first_seen: l.first_seen,
                        last_seen: l.last_seen,
                        example: l.example.as_ref().map(|e| EvidenceOut {
                            document: &e.document,
                            sentence: e.sentence,
                            text: &e.text,
                        }),
                    },
                );
        }
        BuilderOut {
            window: self.window,
            documents: self.documents,
            windows: self.windows,
            nodes,
            links,
            discovered: self
                .discovered
                .iter()
                .map(|(id, a)| (name(*id), &**a))
                .collect(),
            latest: self.latest,
        }
        .serialize(serializer)
    }
}

/// `partial.json`'s form of a builder (read): the same fields as [`BuilderOut`], owned.
#[derive(Deserialize)]
#[serde(rename = "GraphBuilder")]
struct BuilderIn {
    window: Window,
    documents: u64,
    windows: u64,
    nodes: BTreeMap<String, NodeIn>,
    links: BTreeMap<Kind, BTreeMap<String, BTreeMap<String, LinkIn>>>,
    discovered: BTreeMap<String, Actor>,
    latest: Option<Date>,
}

#[derive(Deserialize)]
#[serde(rename = "NodeAcc")]
struct NodeIn {
    mentions: u64,
    windows: u64,
    documents: u64,
    surfaces: BTreeMap<String, u64>,
    roles: BTreeMap<String, u64>,
    first_seen: Option<Date>,
    last_seen: Option<Date>,
    text_titles: BTreeMap<String, u64>,
    text_affiliations: BTreeMap<String, u64>,
}

#[derive(Deserialize)]
#[serde(rename = "LinkAcc")]
struct LinkIn {
    evidence: u64,
    documents: u64,
    first_seen: Option<Date>,
    last_seen: Option<Date>,
    example: Option<Evidence>,
}

impl From<BuilderIn> for GraphBuilder {
    /// A builder without gazetteer: every actor goes into its table (string ids first met in
    /// file order, which is string order).
    fn from(b: BuilderIn) -> GraphBuilder {
        let mut out = GraphBuilder {
            window: b.window,
            documents: b.documents,
            windows: b.windows,
            latest: b.latest,
            ..GraphBuilder::default()
        };
        let boxed = |m: BTreeMap<String, u64>| -> FxMap<Box<str>, u64> {
            m.into_iter()
                .map(|(k, v)| (k.into_boxed_str(), v))
                .collect()
        };
        for (id, n) in b.nodes {
            let id = out.intern(&id);
            let text_affiliations = n
                .text_affiliations
                .into_iter()
                .map(|(a, c)| (out.intern(&a), c))
                .collect();
            out.nodes.insert(
                id,
                NodeAcc {
                    mentions: n.mentions,
                    windows: n.windows,
                    documents: n.documents,
                    stamp: 0,
                    surfaces: boxed(n.surfaces),
                    roles: boxed(n.roles),
                    first_seen: n.first_seen,
                    last_seen: n.last_seen,
                    text_titles: boxed(n.text_titles),
                    text_affiliations,
                },
            );
        }
        let mut over = false;
        for (kind, by_source) in b.links {
            for (s, by_target) in by_source {
                let s = out.intern(&s);
                for (t, l) in by_target {
                    let t = out.intern(&t);
                    let acc = LinkAcc {
                        evidence: l.evidence,
                        documents: l.documents,
                        first_seen: l.first_seen,
                        last_seen: l.last_seen,
                        example: l.example.map(Example::from_evidence),
                    };
                    out.merge_link(link_id(kind, s, t), acc, &mut over);
                }
            }
        }
        out.overflowed = over;
        for (id, a) in b.discovered {
            let id = out.intern(&id);
            out.discovered.insert(id, Box::new(a));
        }
        out
    }
}
