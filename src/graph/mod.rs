//! The actor graph: one node per actor, undirected co-occurrence links weighted by the number of
//! windows (sentences by default) both actors appear in, and typed relations beside them.
//!
//! [`GraphBuilder`] accumulates extractions document by document (and merges with another
//! builder, so a corpus can be split); [`GraphBuilder::finish`] turns the totals into an
//! [`ActorGraph`] backed by petgraph, with nodes sorted by id and links by kind, source, target.

pub mod layout;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use petgraph::graph::{DiGraph, NodeIndex};
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::extract::{ActorRef, Extraction, Extractor};
use crate::gazetteer::{Actor, ActorType};

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
    /// Document id.
    pub document: String,
    /// Sentence number in the document, 1-based.
    pub sentence: usize,
    /// The sentence text (white space collapsed, at most [`EVIDENCE_CHARS`] characters).
    pub text: String,
}

/// The longest evidence text kept, in characters.
pub const EVIDENCE_CHARS: usize = 240;

impl Evidence {
    /// Evidence from a sentence of an extraction.
    pub fn new(ex: &Extraction, text: &str, sentence: usize) -> Evidence {
        Evidence {
            document: ex.document.clone(),
            sentence: sentence + 1,
            text: clip(ex.sentence_text(text, sentence)),
        }
    }
}

/// Collapses white space and cuts to [`EVIDENCE_CHARS`] characters.
pub fn clip(s: &str) -> String {
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

/// A link's key: kind, source id, target id.
type LinkKey = (Kind, String, String);

/// Keeps, for every actor, its `k` strongest co-occurrence links; a link survives if it is among
/// the top `k` of either end. Ties are broken by the other end's id, so the result is stable.
fn keep_top_k(links: &mut Vec<(LinkKey, Link)>, k: usize) {
    let mut per_actor: BTreeMap<&str, Vec<(f64, &str, usize)>> = BTreeMap::new();
    for (i, (key, l)) in links.iter().enumerate() {
        if key.0 != Kind::CoOccurrence {
            continue;
        }
        per_actor
            .entry(&key.1)
            .or_default()
            .push((l.weight, &key.2, i));
        per_actor
            .entry(&key.2)
            .or_default()
            .push((l.weight, &key.1, i));
    }
    let mut keep = vec![false; links.len()];
    for list in per_actor.values_mut() {
        list.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        for (_, _, i) in list.iter().take(k) {
            keep[*i] = true;
        }
    }
    let mut i = 0;
    links.retain(|(key, _)| {
        let kept = key.0 != Kind::CoOccurrence || keep[i];
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

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct NodeAcc {
    mentions: u64,
    /// Windows (sentences, paragraphs or documents) the actor appears in.
    windows: u64,
    documents: u64,
    surfaces: BTreeMap<String, u64>,
    roles: BTreeMap<String, u64>,
    first_seen: Option<Date>,
    last_seen: Option<Date>,
    /// Title and affiliation read from the text, with counts.
    text_titles: BTreeMap<String, u64>,
    text_affiliations: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct LinkAcc {
    evidence: u64,
    documents: u64,
    first_seen: Option<Date>,
    last_seen: Option<Date>,
    example: Option<Evidence>,
}

fn widen(first: &mut Option<Date>, last: &mut Option<Date>, d: Option<Date>) {
    if let Some(d) = d {
        *first = Some(first.map_or(d, |f| f.min(d)));
        *last = Some(last.map_or(d, |l| l.max(d)));
    }
}

/// Whether evidence at (`document`, `sentence`) would replace the current example.
fn needs_example(slot: &Option<Evidence>, document: &str, sentence: usize) -> bool {
    slot.as_ref()
        .is_none_or(|old| (document, sentence) < (old.document.as_str(), old.sentence))
}

fn keep_first(slot: &mut Option<Evidence>, e: Evidence) {
    if slot
        .as_ref()
        .is_none_or(|old| (&e.document, e.sentence) < (&old.document, old.sentence))
    {
        *slot = Some(e);
    }
}

/// One actor's totals within one document: mentions, windows, surface forms.
type DocActor<'a> = (u64, u64, BTreeMap<std::borrow::Cow<'a, str>, u64>);

/// Accumulates extractions into graph totals. Mergeable: merging builders that saw parts of a
/// corpus gives exactly the totals of one builder that saw all of it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct GraphBuilder {
    window: Window,
    documents: u64,
    /// Windows that hold at least one actor.
    windows: u64,
    nodes: BTreeMap<String, NodeAcc>,
    /// Links by kind, source id, target id (nested so that lookups need no owned key).
    links: BTreeMap<Kind, BTreeMap<String, BTreeMap<String, LinkAcc>>>,
    /// Actors that are not in the gazetteer (discovered people), by id.
    discovered: BTreeMap<String, Actor>,
    latest: Option<Date>,
    /// Whether a merge overflowed a count (the count is then held at `u64::MAX`).
    #[serde(skip)]
    overflowed: bool,
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

    /// The people discovered in the documents added so far.
    pub fn discovered(&self) -> impl Iterator<Item = &Actor> {
        self.discovered.values()
    }

    /// Number of documents added.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Adds one document's extraction; `text` is the document text.
    pub fn add(&mut self, extractor: &Extractor, ex: &Extraction, text: &str) {
        self.documents += 1;
        widen(&mut self.latest.clone(), &mut self.latest, ex.date);
        let id_of = |r: ActorRef| extractor.actor(ex, r).id.as_str();
        for d in &ex.discovered {
            let keep = match self.discovered.get(&d.id) {
                Some(old) => {
                    (ex.document.as_str(), &d.name)
                        < (old.origin.path.to_str().unwrap_or(""), &old.name)
                }
                None => true,
            };
            if keep {
                let mut d = d.clone();
                d.origin.path = ex.document.clone().into();
                self.discovered.insert(d.id.clone(), d);
            }
        }
        // per-document totals first, keyed by borrowed ids; one update per actor and pair
        let mut actors: BTreeMap<&str, DocActor<'_>> = BTreeMap::new();
        let mut windowed: Vec<(usize, &str, usize)> = Vec::with_capacity(ex.mentions.len());
        for m in &ex.mentions {
            let id = id_of(m.actor);
            let raw = &text[m.byte_start..m.byte_end];
            let surface =
                if raw.contains(|c: char| c.is_whitespace() && c != ' ') || raw.contains("  ") {
                    std::borrow::Cow::Owned(raw.split_whitespace().collect::<Vec<_>>().join(" "))
                } else {
                    std::borrow::Cow::Borrowed(raw)
                };
            let e = actors.entry(id).or_default();
            e.0 += 1;
            *e.2.entry(surface).or_default() += 1;
            let key = match self.window {
                Window::Sentence => m.sentence,
                Window::Paragraph => ex.sentences[m.sentence].paragraph,
                Window::Document => 0,
            };
            windowed.push((key, id, m.sentence));
        }
        windowed.sort_unstable();
        windowed.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        // pairs: (a, b) -> (windows, first sentence with both)
        let mut pairs: BTreeMap<(&str, &str), (u64, usize)> = BTreeMap::new();
        let mut i = 0;
        while i < windowed.len() {
            let mut j = i;
            while j < windowed.len() && windowed[j].0 == windowed[i].0 {
                j += 1;
            }
            self.windows += 1;
            let group = &windowed[i..j];
            for (k, (_, a, sa)) in group.iter().enumerate() {
                actors.entry(a).or_default().1 += 1;
                for (_, b, sb) in &group[k + 1..] {
                    let first = if self.window == Window::Sentence {
                        *sa
                    } else {
                        (*sa).max(*sb)
                    };
                    let e = pairs.entry((a, b)).or_insert((0, first));
                    e.0 += 1;
                    e.1 = e.1.min(first);
                }
            }
            i = j;
        }
        for (id, (mentions, windows, surfaces)) in actors {
            if !self.nodes.contains_key(id) {
                self.nodes.insert(id.to_string(), NodeAcc::default());
            }
            let node = self.nodes.get_mut(id).expect("just inserted");
            node.mentions += mentions;
            node.windows += windows;
            node.documents += 1;
            widen(&mut node.first_seen, &mut node.last_seen, ex.date);
            for (surface, n) in surfaces {
                match node.surfaces.get_mut(surface.as_ref()) {
                    Some(c) => *c += n,
                    None => {
                        node.surfaces.insert(surface.into_owned(), n);
                    }
                }
            }
        }
        for ((a, b), (n, sentence)) in pairs {
            let acc = self.link_mut(Kind::CoOccurrence, a, b);
            acc.evidence += n;
            acc.documents += 1;
            widen(&mut acc.first_seen, &mut acc.last_seen, ex.date);
            if needs_example(&acc.example, &ex.document, sentence + 1) {
                acc.example = Some(Evidence::new(ex, text, sentence));
            }
        }
        for r in &ex.roles {
            self.add_role(id_of(r.actor), extractor.role_name(r.role));
        }
        for t in &ex.titles {
            let aff = t
                .affiliation
                .map(|i| extractor.gazetteer().get(i).id.as_str());
            self.add_text_title(id_of(t.person), Some(&t.title), aff);
        }
        let mut relations: BTreeMap<(Kind, &str, &str), (u64, usize)> = BTreeMap::new();
        for r in &ex.relations {
            let (s, t) = (id_of(r.source), id_of(r.target));
            if s == t {
                continue;
            }
            let (s, t) = if r.kind.directed() || s <= t {
                (s, t)
            } else {
                (t, s)
            };
            let e = relations.entry((r.kind, s, t)).or_insert((0, r.sentence));
            e.0 += 1;
            e.1 = e.1.min(r.sentence);
        }
        for ((kind, s, t), (n, sentence)) in relations {
            let acc = self.link_mut(kind, s, t);
            acc.evidence += n;
            acc.documents += 1;
            widen(&mut acc.first_seen, &mut acc.last_seen, ex.date);
            if needs_example(&acc.example, &ex.document, sentence + 1) {
                acc.example = Some(Evidence::new(ex, text, sentence));
            }
        }
    }

    /// The accumulator of a link, created when missing.
    fn link_mut(&mut self, kind: Kind, s: &str, t: &str) -> &mut LinkAcc {
        let by_source = self.links.entry(kind).or_default();
        if !by_source.contains_key(s) {
            by_source.insert(s.to_string(), BTreeMap::new());
        }
        let by_target = by_source.get_mut(s).expect("just inserted");
        if !by_target.contains_key(t) {
            by_target.insert(t.to_string(), LinkAcc::default());
        }
        by_target.get_mut(t).expect("just inserted")
    }

    /// Records a role of an actor, with the sentence behind it.
    pub fn add_role(&mut self, id: &str, role: &str) {
        // looked up by the borrowed id and role first: owned keys only for new entries
        if !self.nodes.contains_key(id) {
            self.nodes.insert(id.to_string(), NodeAcc::default());
        }
        let roles = &mut self.nodes.get_mut(id).expect("just inserted").roles;
        match roles.get_mut(role) {
            Some(n) => *n += 1,
            None => {
                roles.insert(role.to_string(), 1);
            }
        }
    }

    /// Records a title and affiliation read from the text for a person.
    pub fn add_text_title(&mut self, id: &str, title: Option<&str>, affiliation: Option<&str>) {
        let node = self.nodes.entry(id.to_string()).or_default();
        if let Some(t) = title {
            *node.text_titles.entry(t.to_string()).or_default() += 1;
        }
        if let Some(a) = affiliation {
            *node.text_affiliations.entry(a.to_string()).or_default() += 1;
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
        let (s, t) = if kind.directed() || source <= target {
            (source, target)
        } else {
            (target, source)
        };
        let acc = self.link_mut(kind, s, t);
        acc.evidence += 1;
        acc.documents += 1;
        widen(&mut acc.first_seen, &mut acc.last_seen, date);
        keep_first(&mut acc.example, evidence);
    }

    /// Adds another builder's totals to this one.
    pub fn merge(&mut self, other: GraphBuilder) {
        let mut over = other.overflowed;
        add_to(&mut self.documents, other.documents, &mut over);
        add_to(&mut self.windows, other.windows, &mut over);
        widen(&mut self.latest.clone(), &mut self.latest, other.latest);
        for (id, n) in other.nodes {
            let acc = self.nodes.entry(id).or_default();
            add_to(&mut acc.mentions, n.mentions, &mut over);
            add_to(&mut acc.windows, n.windows, &mut over);
            add_to(&mut acc.documents, n.documents, &mut over);
            for (k, v) in n.surfaces {
                add_to(acc.surfaces.entry(k).or_default(), v, &mut over);
            }
            for (k, v) in n.roles {
                add_to(acc.roles.entry(k).or_default(), v, &mut over);
            }
            for (k, v) in n.text_titles {
                add_to(acc.text_titles.entry(k).or_default(), v, &mut over);
            }
            for (k, v) in n.text_affiliations {
                add_to(acc.text_affiliations.entry(k).or_default(), v, &mut over);
            }
            widen(&mut acc.first_seen, &mut acc.last_seen, n.first_seen);
            widen(&mut acc.first_seen, &mut acc.last_seen, n.last_seen);
        }
        for (kind, by_source) in other.links {
            for (s, by_target) in by_source {
                for (t, l) in by_target {
                    self.merge_link(kind, &s, &t, l, &mut over);
                }
            }
        }
        for (id, a) in other.discovered {
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

    fn merge_link(&mut self, kind: Kind, s: &str, t: &str, l: LinkAcc, over: &mut bool) {
        let acc = self.link_mut(kind, s, t);
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
    /// copied, so the peak memory of a run is one graph, not two.
    pub fn finish(
        self,
        actors: &dyn ActorLookup,
        default_date: Date,
        opts: &FinishOptions,
    ) -> ActorGraph {
        let GraphBuilder {
            documents,
            windows: total_windows,
            nodes,
            links: link_map,
            discovered,
            ..
        } = self;
        let lookup = |id: &str| actors.actor(id).or_else(|| discovered.get(id));
        // a person's title follows the dates of the documents that mention it (`last_seen`),
        // never the corpus's latest date
        let windows: BTreeMap<String, u64> = nodes
            .iter()
            .map(|(id, n)| (id.clone(), n.windows))
            .collect();
        let mut graph = DiGraph::new();
        let mut index: BTreeMap<String, NodeIndex> = BTreeMap::new();
        for (id, acc) in nodes {
            let Some(actor) = lookup(&id) else { continue };
            if acc.mentions == 0 || opts.exclude.contains(&id) {
                continue;
            }
            let text_aff = acc
                .text_affiliations
                .iter()
                .max_by_key(|(_, n)| **n)
                .map(|(a, _)| a.clone());
            let text_title = acc
                .text_titles
                .iter()
                .max_by_key(|(_, n)| **n)
                .map(|(a, _)| a.clone());
            let role = acc
                .roles
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
                id: id.clone(),
                label: actor.name.clone(),
                actor_type: actor.actor_type(),
                mentions: acc.mentions,
                documents: acc.documents,
                surfaces: acc.surfaces,
                affiliation_label: label(&affiliation),
                affiliation,
                text_affiliation: text_aff
                    .filter(|t| actor.affiliation.as_ref().is_some_and(|a| a != t)),
                title_date: title.is_some().then_some(title_on),
                title,
                text_title,
                role,
                roles: acc.roles,
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
            index.insert(id, ix);
        }
        // links in (kind, source, target) order: the nested maps iterate in that order
        let mut links: Vec<(LinkKey, Link)> = Vec::new();
        for (kind, by_source) in link_map {
            for (s, by_target) in by_source {
                if !index.contains_key(&s) {
                    continue;
                }
                for (t, acc) in by_target {
                    if !index.contains_key(&t) || s == t {
                        continue;
                    }
                    let weight = if kind == Kind::CoOccurrence {
                        let a = windows.get(&s).copied().unwrap_or(0);
                        let b = windows.get(&t).copied().unwrap_or(0);
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
                    let link = Link {
                        kind,
                        weight,
                        evidence: acc.evidence,
                        documents: acc.documents,
                        first_seen: acc.first_seen,
                        last_seen: acc.last_seen,
                        example: acc.example,
                        source: None,
                    };
                    links.push(((kind, s.clone(), t), link));
                }
            }
        }
        if let Some(k) = opts.top_k {
            keep_top_k(&mut links, k);
        }
        // relations from the gazetteer between actors that are both in the graph
        let mut extra = Vec::new();
        for id in index.keys() {
            let Some(actor) = lookup(id) else { continue };
            for (kind, target) in [
                (Kind::AffiliatedWith, &actor.affiliation),
                (Kind::LocatedIn, &actor.country),
            ] {
                let Some(t) = target else { continue };
                if !index.contains_key(t) || t == id {
                    continue;
                }
                let key = (kind, id.clone(), t.clone());
                if links.binary_search_by(|(k, _)| k.cmp(&key)).is_err() {
                    extra.push((
                        key,
                        Link {
                            kind,
                            weight: 1.0,
                            evidence: 0,
                            documents: 0,
                            first_seen: None,
                            last_seen: None,
                            example: None,
                            source: Some("gazetteer".into()),
                        },
                    ));
                }
            }
        }
        links.extend(extra);
        if opts.weight.is_score() {
            let weakest = links
                .iter()
                .filter(|(k, _)| k.0 == Kind::CoOccurrence)
                .map(|(_, l)| l.weight)
                .min_by(f64::total_cmp)
                .unwrap_or(1.0);
            for (k, l) in &mut links {
                if k.0 != Kind::CoOccurrence {
                    l.weight = opts
                        .weight
                        .relation_weight(l.evidence, l.documents, weakest);
                }
            }
        }
        links.sort_by(|a, b| a.0.cmp(&b.0));
        for ((_, s, t), link) in links {
            graph.add_edge(index[&s], index[&t], link);
        }
        ActorGraph { graph, documents }
    }
}
