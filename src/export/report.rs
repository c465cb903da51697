//! `report.html`: one self-contained page that shows the network and the evidence behind it.
//!
//! The page needs no network: the style sheet and the script (`src/export/report/`, written for
//! this project) are inlined, and the data travels as one JSON document inside
//! `<script type="application/json" id="actornet-data">`. Every text taken from an article stays in
//! that JSON: `<`, `>`, `&`, U+2028 and U+2029 are written as `\u003c`, `\u003e`, `\u0026`,
//! `\u2028`, `\u2029`, so no article text can close the script element or start markup, and
//! the script puts text into the page with `textContent` only. The layout is computed here in
//! Rust ([`super::drawing`]); the script draws it as SVG, with zoom, pan, filters, search and
//! panels for actors and links.
//!
//! The JSON (`schema` 1):
//! * `meta`: `schema`, `tool`, `version`, `nodes`/`links` (totals), `drawnNodes`/`drawnLinks`,
//!   `extent` (side of the layout square), `evidencePerActor`/`evidencePerLink` (the caps),
//!   `weight` (the co-occurrence weighting), `run` (what `run.json` holds).
//! * `types`: `[{name, color}]`; `kinds`: `[{name, color, dash, directed}]`.
//! * `nodes` (in `nodes.csv` order): `id, label, type` (index into `types`), `m` (mentions),
//!   `docs`, `deg` (distinct neighbours), optional `x, y, r` (position and radius when drawn),
//!   `lab` (label shown at the full view), `title, aff` (affiliation label), `role, roles`
//!   (`[[role, count]]`), `aliases` (`[[surface, count]]`; left out when the label is the only
//!   form seen), `first, last` (dates), `ev` (indices
//!   into `sentences`), `evn` (sentences that mention the actor, of which `ev` is the first few).
//! * `dates`: every date of a node or link, sorted; `first`/`last` are indices into it.
//! * `links` (in `edges.csv` order), column by column (`{"s": [...], "t": [...], ...}`, one
//!   entry per link in each): `s, t` (node indices), `k` (index into `kinds`), `w` (weight), `n`
//!   (evidence count), `docs`, `first, last` (-1: undated), `drawn` (1/0), `bend`, `ev`
//!   (indices into `sentences`), `evn`, `gaz` (1 for links from the gazetteer).
//! * `docs`: `[{id, date}]`; `sentences`: `[{d (doc index), n (sentence number, 1-based),
//!   t (text), h ([[start, length, node]]: the names in UTF-16 code units, as JavaScript counts))}]`.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::drawing::{self, Drawing, DrawingOptions, TYPES};
use crate::date::Date;
use crate::extract::{Extraction, Extractor};
use crate::graph::{clip, ActorGraph, Evidence, Kind};

/// The page skeleton; `/*@STYLE@*/`, `/*@SCRIPT@*/` and `@DATA@` mark where the parts go.
const TEMPLATE: &str = include_str!("report/report.html");
/// The style sheet.
const STYLE: &str = include_str!("report/report.css");
/// The script.
const SCRIPT: &str = include_str!("report/report.js");

/// How many evidence sentences are kept per actor and per link (the page says so).
pub const EVIDENCE_CAP: usize = 5;

/// Settings of the report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportOptions {
    /// What is drawn and the layout.
    pub drawing: DrawingOptions,
}

/// One sentence kept as evidence, with its names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct KeptSentence {
    doc: u32,
    number: usize,
    text: String,
    /// (UTF-16 start, UTF-16 length, actor id)
    marks: Vec<(u32, u32, String)>,
}

/// Evidence sentences for the report, collected document by document during a run (in input
/// order, so the result does not depend on threads): for each actor the first
/// [`EVIDENCE_CAP`] sentences that mention it, for each link the first sentences behind it
/// (both actors in one sentence for co-occurrence, the cue sentence for typed relations).
/// Sentences are stored once however many actors and links cite them.
#[derive(Debug, Clone, Default)]
pub struct ReportEvidence {
    docs: Vec<(String, Option<Date>)>,
    sentences: Vec<KeptSentence>,
    /// (doc, sentence index 0-based) → index into `sentences`
    index: BTreeMap<(u32, usize), u32>,
    actors: BTreeMap<String, (Vec<u32>, u64)>,
    links: BTreeMap<(Kind, String, String), Cited>,
}

/// A link's citations in [`StoredEvidence`]: kind, source id, target id, sentences.
type StoredLink<'a> = (Kind, Cow<'a, str>, Cow<'a, str>, Cow<'a, Cited>);

/// The stored form of [`ReportEvidence`] (in a partial result: `report.json`, or an `r` line of
/// a partial stream): the same fields, links as a list (JSON keys are strings) and no index
/// (rebuilt from the sentences).
#[derive(Serialize, Deserialize)]
struct StoredEvidence<'a> {
    docs: Cow<'a, [(String, Option<Date>)]>,
    sentences: Cow<'a, [KeptSentence]>,
    actors: Cow<'a, BTreeMap<String, (Vec<u32>, u64)>>,
    links: Vec<StoredLink<'a>>,
}

impl Serialize for ReportEvidence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use Cow::Borrowed;
        StoredEvidence {
            docs: Borrowed(&self.docs),
            sentences: Borrowed(&self.sentences),
            actors: Borrowed(&self.actors),
            links: self
                .links
                .iter()
                .map(|((k, s, t), c)| (*k, Borrowed(s.as_str()), Borrowed(t.as_str()), Borrowed(c)))
                .collect(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ReportEvidence {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let s = StoredEvidence::deserialize(deserializer)?;
        let mut r = ReportEvidence {
            docs: s.docs.into_owned(),
            sentences: s.sentences.into_owned(),
            actors: s.actors.into_owned(),
            links: s
                .links
                .into_iter()
                .map(|(k, a, b, c)| ((k, a.into_owned(), b.into_owned()), c.into_owned()))
                .collect(),
            index: BTreeMap::new(),
        };
        // a hand-edited file must not make the report index out of bounds
        let n = r.sentences.len() as u32;
        let docs = r.docs.len() as u32;
        for list in r.cited_lists() {
            if list.iter().any(|&k| k >= n) {
                return Err(D::Error::custom(
                    "report evidence cites a sentence it does not hold",
                ));
            }
        }
        if r.sentences.iter().any(|k| k.doc >= docs || k.number == 0) {
            return Err(D::Error::custom(
                "report evidence names a document or sentence it does not hold",
            ));
        }
        r.reindex();
        Ok(r)
    }
}

/// The sentences cited for a link: the first few, how many in all, and the last one seen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Cited {
    list: Vec<u32>,
    total: u64,
    last: Option<(u32, usize)>,
}

/// UTF-16 length of a string (what JavaScript's `length` counts).
fn utf16_len(s: &str) -> u32 {
    s.encode_utf16().count() as u32
}

impl ReportEvidence {
    /// An empty collection.
    pub fn new() -> ReportEvidence {
        ReportEvidence::default()
    }

    /// Number of documents seen.
    pub fn documents(&self) -> usize {
        self.docs.len()
    }

    /// Appends the evidence of the documents after this collection's (a later part of the same
    /// corpus): every actor and link keeps its first [`EVIDENCE_CAP`] sentences in corpus order
    /// and its full count, exactly as one collection over both parts would. Sentences no longer
    /// cited (a part's sentences of an actor the earlier parts already filled) are dropped.
    pub fn merge(&mut self, other: ReportEvidence) {
        let doc_base = self.docs.len() as u32;
        let sentence_base = self.sentences.len() as u32;
        self.docs.extend(other.docs);
        for mut k in other.sentences {
            k.doc += doc_base;
            self.sentences.push(k);
        }
        for (id, (list, total)) in other.actors {
            let entry = self.actors.entry(id).or_default();
            entry.1 = entry.1.saturating_add(total);
            let room = EVIDENCE_CAP.saturating_sub(entry.0.len());
            entry
                .0
                .extend(list.into_iter().take(room).map(|k| k + sentence_base));
        }
        for (key, c) in other.links {
            let entry = self.links.entry(key).or_default();
            entry.total = entry.total.saturating_add(c.total);
            if let Some((d, s)) = c.last {
                entry.last = Some((d + doc_base, s));
            }
            let room = EVIDENCE_CAP.saturating_sub(entry.list.len());
            entry
                .list
                .extend(c.list.into_iter().take(room).map(|k| k + sentence_base));
        }
        self.compact();
    }

    /// Every list of cited sentences: each actor's, then each link's.
    fn cited_lists(&self) -> impl Iterator<Item = &Vec<u32>> {
        self.actors
            .values()
            .map(|(l, _)| l)
            .chain(self.links.values().map(|c| &c.list))
    }

    /// Drops the sentences nothing cites, renumbering the rest in order.
    fn compact(&mut self) {
        let mut cited = vec![false; self.sentences.len()];
        for list in self.cited_lists() {
            for &k in list {
                cited[k as usize] = true;
            }
        }
        if cited.iter().all(|c| *c) {
            return;
        }
        let mut new_index = vec![u32::MAX; cited.len()];
        let mut kept = Vec::with_capacity(cited.len());
        for (k, s) in std::mem::take(&mut self.sentences).into_iter().enumerate() {
            if cited[k] {
                new_index[k] = kept.len() as u32;
                kept.push(s);
            }
        }
        self.sentences = kept;
        let renumber = |list: &mut Vec<u32>| {
            for k in list.iter_mut() {
                *k = new_index[*k as usize];
            }
        };
        for (list, _) in self.actors.values_mut() {
            renumber(list);
        }
        for c in self.links.values_mut() {
            renumber(&mut c.list);
        }
        self.reindex();
    }

    /// Rebuilds the (document, sentence) index of the kept sentences.
    fn reindex(&mut self) {
        self.index = self
            .sentences
            .iter()
            .enumerate()
            .map(|(k, s)| ((s.doc, s.number - 1), k as u32))
            .collect();
    }

    /// Adds one document's evidence.
    pub fn add(&mut self, extractor: &Extractor, ex: &Extraction, text: &str) {
        let doc = self.docs.len() as u32;
        self.docs.push((ex.document.clone(), ex.date));
        // mentions by sentence, in text order
        let mut by_sentence: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, m) in ex.mentions.iter().enumerate() {
            by_sentence.entry(m.sentence).or_default().push(i);
        }
        for (&s, list) in &by_sentence {
            let ids: BTreeSet<&str> = list
                .iter()
                .map(|&i| extractor.actor(ex, ex.mentions[i].actor).id.as_str())
                .collect();
            for id in &ids {
                self.cite_actor(id, doc, s, extractor, ex, text);
            }
            let ids: Vec<&str> = ids.into_iter().collect();
            for (k, a) in ids.iter().enumerate() {
                for b in &ids[k + 1..] {
                    self.cite_link(
                        (Kind::CoOccurrence, a.to_string(), b.to_string()),
                        doc,
                        s,
                        extractor,
                        ex,
                        text,
                    );
                }
            }
        }
        for r in &ex.relations {
            let s = extractor.actor(ex, r.source).id.as_str();
            let t = extractor.actor(ex, r.target).id.as_str();
            if s == t {
                continue;
            }
            let (s, t) = if r.kind.directed() || s <= t {
                (s, t)
            } else {
                (t, s)
            };
            self.cite_link(
                (r.kind, s.to_string(), t.to_string()),
                doc,
                r.sentence,
                extractor,
                ex,
                text,
            );
        }
    }

    fn cite_actor(
        &mut self,
        id: &str,
        doc: u32,
        s: usize,
        extractor: &Extractor,
        ex: &Extraction,
        text: &str,
    ) {
        if !self.actors.contains_key(id) {
            self.actors.insert(id.to_string(), (Vec::new(), 0));
        }
        let full = self.actors[id].0.len() >= EVIDENCE_CAP;
        let k = if full {
            None
        } else {
            Some(self.sentence(doc, s, extractor, ex, text))
        };
        let entry = self.actors.get_mut(id).expect("just inserted");
        entry.1 += 1;
        if let Some(k) = k {
            entry.0.push(k);
        }
    }

    fn cite_link(
        &mut self,
        key: (Kind, String, String),
        doc: u32,
        s: usize,
        extractor: &Extractor,
        ex: &Extraction,
        text: &str,
    ) {
        let entry = self.links.entry(key.clone()).or_default();
        // one sentence can hold the same relation twice: count it once
        if entry.last == Some((doc, s)) {
            return;
        }
        entry.last = Some((doc, s));
        entry.total += 1;
        if entry.list.len() >= EVIDENCE_CAP {
            return;
        }
        let k = self.sentence(doc, s, extractor, ex, text);
        self.links
            .get_mut(&key)
            .expect("just inserted")
            .list
            .push(k);
    }

    /// The index of a sentence, storing it (with its names located) the first time.
    fn sentence(
        &mut self,
        doc: u32,
        s: usize,
        extractor: &Extractor,
        ex: &Extraction,
        text: &str,
    ) -> u32 {
        if let Some(&k) = self.index.get(&(doc, s)) {
            return k;
        }
        let clipped = clip(ex.sentence_text(text, s));
        let mut marks = Vec::new();
        let mut cursor = 0usize;
        for m in ex.mentions.iter().filter(|m| m.sentence == s) {
            let surface = text[m.byte_start..m.byte_end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if surface.is_empty() {
                continue;
            }
            if let Some(at) = clipped[cursor..].find(&surface) {
                let start = cursor + at;
                marks.push((
                    utf16_len(&clipped[..start]),
                    utf16_len(&surface),
                    extractor.actor(ex, m.actor).id.clone(),
                ));
                cursor = start + surface.len();
            }
        }
        let k = self.sentences.len() as u32;
        self.sentences.push(KeptSentence {
            doc,
            number: s + 1,
            text: clipped,
            marks,
        });
        self.index.insert((doc, s), k);
        k
    }
}

#[derive(Serialize)]
struct Meta<'a> {
    schema: u32,
    tool: &'static str,
    version: &'static str,
    nodes: usize,
    links: usize,
    #[serde(rename = "drawnNodes")]
    drawn_nodes: usize,
    #[serde(rename = "drawnLinks")]
    drawn_links: usize,
    extent: f64,
    #[serde(rename = "evidencePerActor")]
    evidence_per_actor: usize,
    #[serde(rename = "evidencePerLink")]
    evidence_per_link: usize,
    /// Whether sentences were collected (false for `merge`, which has only each link's first
    /// sentence).
    #[serde(rename = "haveEvidence")]
    have_evidence: bool,
    weight: String,
    run: &'a serde_json::Value,
}

#[derive(Serialize)]
struct TypeInfo {
    name: &'static str,
    color: String,
}

#[derive(Serialize)]
struct KindInfo {
    name: &'static str,
    color: &'static str,
    dash: &'static str,
    directed: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Serialize)]
struct NodeOut<'a> {
    id: &'a str,
    label: String,
    #[serde(rename = "type")]
    type_index: usize,
    m: u64,
    docs: u64,
    deg: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    x: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    y: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    r: Option<f64>,
    #[serde(skip_serializing_if = "is_false")]
    lab: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    aff: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    roles: Vec<(&'a str, u64)>,
    /// Left out when the only form seen is the label itself.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<(&'a str, u64)>,
    /// Index into `dates`.
    #[serde(skip_serializing_if = "Option::is_none")]
    first: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ev: Vec<u32>,
    evn: u64,
}

/// The links column by column (one array per field, in `edges.csv` order): the largest part
/// of a big report, and columns spare repeating the field names.
#[derive(Serialize, Default)]
struct LinkColumns {
    s: Vec<usize>,
    t: Vec<usize>,
    k: Vec<usize>,
    w: Vec<f64>,
    n: Vec<u64>,
    docs: Vec<u64>,
    /// Index into `dates`, -1 when undated.
    first: Vec<i64>,
    last: Vec<i64>,
    drawn: Vec<u8>,
    bend: Vec<f64>,
    ev: Vec<Vec<u32>>,
    evn: Vec<u64>,
    gaz: Vec<u8>,
}

#[derive(Serialize)]
struct DocOut<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
}

/// A name in a sentence: UTF-16 start, UTF-16 length, node index.
type Mark = (u32, u32, usize);

#[derive(Serialize)]
struct SentenceOut<'a> {
    d: u32,
    n: usize,
    t: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    h: Vec<Mark>,
}

#[derive(Serialize)]
struct Data<'a> {
    meta: Meta<'a>,
    types: Vec<TypeInfo>,
    kinds: Vec<KindInfo>,
    dates: Vec<String>,
    nodes: Vec<NodeOut<'a>>,
    links: LinkColumns,
    docs: Vec<DocOut<'a>>,
    sentences: Vec<SentenceOut<'a>>,
}

/// One decimal is plenty for positions in a 1000-unit square, and keeps the file small.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Builds the report's JSON document (see the module documentation for the schema).
pub fn data_json(
    g: &ActorGraph,
    evidence: Option<&ReportEvidence>,
    run: &serde_json::Value,
    d: &Drawing,
) -> serde_json::Result<String> {
    let nodes: Vec<_> = g.nodes().collect();
    let index: BTreeMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut neighbours: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); nodes.len()];
    for e in g.graph.edge_indices() {
        let (a, b) = g.graph.edge_endpoints(e).expect("edge exists");
        neighbours[a.index()].insert(b.index());
        neighbours[b.index()].insert(a.index());
    }
    // every date of a node or link, sorted; nodes and links refer to them by index
    let mut all_dates: BTreeSet<crate::date::Date> = BTreeSet::new();
    for n in &nodes {
        all_dates.extend(n.first_seen);
        all_dates.extend(n.last_seen);
    }
    for (_, _, l) in g.links() {
        all_dates.extend(l.first_seen);
        all_dates.extend(l.last_seen);
    }
    let all_dates: Vec<crate::date::Date> = all_dates.into_iter().collect();
    let dates: Vec<String> = all_dates.iter().map(|d| d.to_string()).collect();
    let date_ix = |d: Option<crate::date::Date>| d.and_then(|d| all_dates.binary_search(&d).ok());
    // the sentences that are cited by something in the graph, renumbered densely
    let mut used: BTreeMap<u32, u32> = BTreeMap::new();
    let mut cite = |list: &[u32]| -> Vec<u32> {
        list.iter()
            .map(|k| {
                let next = used.len() as u32;
                *used.entry(*k).or_insert(next)
            })
            .collect()
    };
    let mut node_out = Vec::with_capacity(nodes.len());
    for (i, n) in nodes.iter().enumerate() {
        let (ev, evn) = evidence
            .and_then(|e| e.actors.get(&n.id))
            .map_or((Vec::new(), 0), |(l, total)| (cite(l), *total));
        let p = d.positions[i];
        node_out.push(NodeOut {
            id: &n.id,
            label: super::display_label(n),
            type_index: TYPES.iter().position(|t| *t == n.actor_type).unwrap_or(0),
            m: n.mentions,
            docs: n.documents,
            deg: neighbours[i].len(),
            x: p.map(|p| round1(p.x)),
            y: p.map(|p| round1(p.y)),
            r: p.map(|_| round1(d.radii[i])),
            lab: d.labels[i],
            title: n.title.as_deref(),
            aff: n.affiliation_label.as_deref(),
            role: n.role.as_deref(),
            roles: n.roles.iter().map(|(r, c)| (r.as_str(), *c)).collect(),
            aliases: if n.surfaces.len() == 1 && n.surfaces.contains_key(&n.label) {
                Vec::new()
            } else {
                n.surfaces.iter().map(|(s, c)| (s.as_str(), *c)).collect()
            },
            first: date_ix(n.first_seen),
            last: date_ix(n.last_seen),
            ev,
            evn,
        });
    }
    // links: sentences collected in the run, else the link's first sentence (kept as an extra
    // sentence below)
    let mut extra: Vec<(Evidence, Vec<Mark>)> = Vec::new();
    let mut lc = LinkColumns::default();
    for (e, (s, t, l)) in g.links().enumerate() {
        let si = index[s.id.as_str()];
        let ti = index[t.id.as_str()];
        let found = evidence.and_then(|ev| ev.links.get(&(l.kind, s.id.clone(), t.id.clone())));
        let (ev, evn) = match (found, &l.example) {
            (Some(c), _) if !c.list.is_empty() => (cite(&c.list), c.total),
            (_, Some(example)) => {
                let k = (1u32 << 31) + extra.len() as u32;
                let t16 = |name: &str| {
                    example
                        .text
                        .find(name)
                        .map(|at| (utf16_len(&example.text[..at]), utf16_len(name)))
                };
                let marks = [(si, s), (ti, t)]
                    .iter()
                    .filter_map(|(i, n)| t16(&n.label).map(|(a, b)| (a, b, *i)))
                    .collect();
                extra.push((example.clone(), marks));
                (cite(&[k]), l.evidence)
            }
            _ => (Vec::new(), l.evidence),
        };
        lc.s.push(si);
        lc.t.push(ti);
        lc.k.push(Kind::ALL.iter().position(|x| *x == l.kind).unwrap_or(0));
        lc.w.push(l.weight);
        lc.n.push(l.evidence);
        lc.docs.push(l.documents);
        lc.first
            .push(date_ix(l.first_seen).map_or(-1, |i| i as i64));
        lc.last.push(date_ix(l.last_seen).map_or(-1, |i| i as i64));
        lc.drawn.push(u8::from(d.links[e]));
        lc.bend
            .push(if d.links[e] { round1(d.bend[e]) } else { 0.0 });
        lc.ev.push(ev);
        lc.evn.push(evn);
        lc.gaz.push(u8::from(l.source.is_some()));
    }
    // documents: those of the run, plus any named only by a link's example
    let mut docs: Vec<DocOut<'_>> = evidence
        .map(|e| {
            e.docs
                .iter()
                .map(|(id, date)| DocOut {
                    id,
                    date: date.map(|d| d.to_string()),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut doc_index: BTreeMap<String, u32> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.to_string(), i as u32))
        .collect();
    for (ex, _) in &extra {
        if !doc_index.contains_key(&*ex.document) {
            doc_index.insert(ex.document.to_string(), doc_index.len() as u32);
        }
    }
    let extra_docs: Vec<(u32, &str)> = {
        let mut v: Vec<(u32, &str)> = doc_index
            .iter()
            .filter(|(_, &i)| i as usize >= docs.len())
            .map(|(id, &i)| (i, id.as_str()))
            .collect();
        v.sort();
        v
    };
    for (_, id) in extra_docs {
        docs.push(DocOut { id, date: None });
    }
    let mut sentences: Vec<Option<SentenceOut<'_>>> = (0..used.len()).map(|_| None).collect();
    for (&k, &new) in &used {
        let out = if k >= 1 << 31 {
            let (ex, marks) = &extra[(k - (1 << 31)) as usize];
            SentenceOut {
                d: doc_index[&*ex.document],
                n: ex.sentence,
                t: &ex.text,
                h: marks.clone(),
            }
        } else {
            let s = &evidence.expect("cited from evidence").sentences[k as usize];
            SentenceOut {
                d: s.doc,
                n: s.number,
                t: &s.text,
                h: s.marks
                    .iter()
                    .filter_map(|(a, b, id)| index.get(id.as_str()).map(|i| (*a, *b, *i)))
                    .collect(),
            }
        };
        sentences[new as usize] = Some(out);
    }
    let data = Data {
        meta: Meta {
            schema: 1,
            tool: "actornet",
            version: env!("CARGO_PKG_VERSION"),
            nodes: nodes.len(),
            links: lc.s.len(),
            drawn_nodes: d.node_count(),
            drawn_links: d.link_count(),
            extent: d.extent,
            evidence_per_actor: EVIDENCE_CAP,
            evidence_per_link: EVIDENCE_CAP,
            have_evidence: evidence.is_some(),
            weight: run
                .pointer("/graph/weight")
                .and_then(|w| w.as_str())
                .unwrap_or("count")
                .to_string(),
            run,
        },
        types: TYPES
            .iter()
            .map(|t| TypeInfo {
                name: t.as_str(),
                color: super::type_color_hex(*t),
            })
            .collect(),
        kinds: Kind::ALL
            .iter()
            .map(|k| {
                let (color, dash) = drawing::kind_style(*k);
                KindInfo {
                    name: k.as_str(),
                    color,
                    dash,
                    directed: k.directed(),
                }
            })
            .collect(),
        dates,
        nodes: node_out,
        links: lc,
        docs,
        sentences: sentences.into_iter().flatten().collect(),
    };
    serde_json::to_string(&data)
}

/// Makes JSON safe inside an HTML `<script>` element: the characters that could end the element
/// or start markup (`<`, `>`, `&`) and the two line separators JavaScript once treated as line
/// ends are written as `\u` escapes. JSON allows them only inside strings, where the escape means
/// the same character, so the data reads back unchanged.
pub fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Writes `report.html`. `evidence` holds the sentences collected during the run (`None` when
/// there was no run, as in `merge`: each link then shows its first sentence); `run` is what
/// `run.json` holds.
pub fn write(
    g: &ActorGraph,
    evidence: Option<&ReportEvidence>,
    run: &serde_json::Value,
    opts: &ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let d = drawing::drawing(g, &opts.drawing);
    write_drawing(g, evidence, run, &d, out)
}

/// Writes `report.html` for a drawing already computed (the SVG shares it).
pub fn write_drawing(
    g: &ActorGraph,
    evidence: Option<&ReportEvidence>,
    run: &serde_json::Value,
    d: &Drawing,
    out: &mut dyn Write,
) -> io::Result<()> {
    let json = data_json(g, evidence, run, d).map_err(io::Error::from)?;
    let json = script_safe_json(&json);
    let mut rest = TEMPLATE;
    for (marker, part) in [
        ("/*@STYLE@*/", STYLE),
        ("@DATA@", json.as_str()),
        ("/*@SCRIPT@*/", SCRIPT),
    ] {
        let (before, after) = rest
            .split_once(marker)
            .ok_or_else(|| io::Error::other(format!("report template lacks {marker}")))?;
        out.write_all(before.as_bytes())?;
        out.write_all(part.as_bytes())?;
        rest = after;
    }
    out.write_all(rest.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_escapes_markup_and_reads_back() {
        let hostile = "</script><script>alert(1)</script> & </textarea> \u{2028}\u{2029}";
        let json = serde_json::to_string(&serde_json::json!({ "t": hostile })).unwrap();
        let safe = script_safe_json(&json);
        for bad in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
            assert!(!safe.contains(bad), "{bad:?} left in {safe}");
        }
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["t"], hostile);
    }

    #[test]
    fn template_has_every_marker_once_in_order() {
        let s = TEMPLATE.find("/*@STYLE@*/").unwrap();
        let d = TEMPLATE.find("@DATA@").unwrap();
        let j = TEMPLATE.find("/*@SCRIPT@*/").unwrap();
        assert!(s < d && d < j);
        assert_eq!(TEMPLATE.matches("@DATA@").count(), 1);
        assert!(
            !SCRIPT.contains("innerHTML"),
            "the script must not use innerHTML"
        );
        assert!(!SCRIPT.contains("</script"));
        assert!(!STYLE.contains("</style"));
        // no address but the SVG namespace name (an identifier, never fetched)
        let all = [TEMPLATE, SCRIPT, STYLE]
            .concat()
            .replace("http://www.w3.org/2000/svg", "");
        for needle in ["http://", "https://", "//cdn", "src=\"", "@import"] {
            assert!(!all.contains(needle), "{needle} in the page");
        }
    }

    #[test]
    fn utf16_lengths_match_javascript() {
        assert_eq!(utf16_len("Oman"), 4);
        assert_eq!(utf16_len("Côte"), 4);
        assert_eq!(utf16_len("📰"), 2);
    }
}
