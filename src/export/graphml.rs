//! GraphML for Gephi, networkx, igraph, Cytoscape and yEd.
//!
//! Schema: a simple undirected graph (`edgedefault="undirected"`), one edge per actor pair, valid
//! against the GraphML 1.1 XSD. Node ids are actor ids; edge ids are `e1`, `e2`, … in order.
//!
//! Node keys (`for="node"`): `label`, `actor_type`, `role`, `roles` (`role:count;…`),
//! `affiliation` (the affiliated actor's label), `affiliation_id`, `title`, `title_date` (the date the title is valid on: the latest date of the
//! documents that mention the person), `text_title` (the
//! title the text gives), `text_affiliation` (set when the text's affiliation disagrees with the
//! gazetteer's), `mentions` (long),
//! `documents` (long), `aliases` (surface forms seen, `|`-joined), `country`, `wikidata`, `iso3`,
//! `lat`, `lon` (double), `first_seen`, `last_seen` (ISO dates), `discovered` (boolean).
//!
//! Edge keys (`for="edge"`; ids of names a node key also has get an `e_` prefix, e.g.
//! `e_documents`, since key ids are unique per file): `weight` (double: the pair's
//! co-occurrence weight under the chosen `--weight`, the same number as `Weight` in `edges.csv`;
//! a pair linked only by typed relations takes its heaviest relation's weight, which is on the
//! same scale: see [`crate::graph::Weighting::relation_weight`]), `cooccurrence` (long: shared
//! windows), `relations` (typed relation kinds of the
//! pair, sorted, `;`-joined, each written `kind` or `kind>` when it runs from target to source),
//! `evidence` (long: windows or cue sentences), `documents` (long), `first_seen`, `last_seen`,
//! `example` (the first sentence behind the pair) and `example_ref` (`document#sentence`).
//! A missing value is left out, never written empty.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::number;
use super::xml::XmlWriter;
use crate::graph::{ActorGraph, Kind, Link, Node};

const NODE_KEYS: &[(&str, &str)] = &[
    ("label", "string"),
    ("actor_type", "string"),
    ("role", "string"),
    ("roles", "string"),
    ("affiliation", "string"),
    ("affiliation_id", "string"),
    ("title", "string"),
    ("title_date", "string"),
    ("text_title", "string"),
    ("text_affiliation", "string"),
    ("mentions", "long"),
    ("documents", "long"),
    ("aliases", "string"),
    ("country", "string"),
    ("wikidata", "string"),
    ("iso3", "string"),
    ("lat", "double"),
    ("lon", "double"),
    ("first_seen", "string"),
    ("last_seen", "string"),
    ("discovered", "boolean"),
];

const EDGE_KEYS: &[(&str, &str)] = &[
    ("weight", "double"),
    ("cooccurrence", "long"),
    ("relations", "string"),
    ("evidence", "long"),
    ("documents", "long"),
    ("first_seen", "string"),
    ("last_seen", "string"),
    ("example", "string"),
    ("example_ref", "string"),
];

/// Key ids are unique across a GraphML file: an edge key whose name a node key also uses gets an
/// `e_` prefix (`e_documents`); its `attr.name` stays the same.
fn edge_key(name: &str) -> String {
    if NODE_KEYS.iter().any(|(n, _)| *n == name) {
        format!("e_{name}")
    } else {
        name.to_string()
    }
}

/// The node attributes as (key, value) pairs, missing values left out. Shared by the exporters
/// that write one value per attribute.
pub fn node_values(_g: &ActorGraph, n: &Node) -> Vec<(&'static str, String)> {
    let mut v: Vec<(&'static str, String)> = vec![
        ("label", n.label.clone()),
        ("actor_type", n.actor_type.to_string()),
    ];
    let mut opt = |k: &'static str, x: Option<String>| {
        if let Some(x) = x.filter(|x| !x.is_empty()) {
            v.push((k, x));
        }
    };
    opt("role", n.role.clone());
    opt("roles", Some(join_counts(&n.roles)));
    opt("affiliation", n.affiliation_label.clone());
    opt("affiliation_id", n.affiliation.clone());
    opt("title", n.title.clone());
    opt("title_date", n.title_date.map(|d| d.to_string()));
    opt("text_title", n.text_title.clone());
    opt("text_affiliation", n.text_affiliation.clone());
    opt("mentions", Some(n.mentions.to_string()));
    opt("documents", Some(n.documents.to_string()));
    opt(
        "aliases",
        Some(n.surfaces.keys().cloned().collect::<Vec<_>>().join("|")),
    );
    opt("country", n.country_label.clone());
    opt("wikidata", n.wikidata.clone());
    opt("iso3", n.iso3.clone());
    opt("lat", n.lat.map(number));
    opt("lon", n.lon.map(number));
    opt("first_seen", n.first_seen.map(|d| d.to_string()));
    opt("last_seen", n.last_seen.map(|d| d.to_string()));
    opt("discovered", Some(n.discovered.to_string()));
    v
}

/// `role:count;role:count`, sorted by role.
pub fn join_counts(m: &BTreeMap<String, u64>) -> String {
    m.iter()
        .map(|(k, n)| format!("{k}:{n}"))
        .collect::<Vec<_>>()
        .join(";")
}

/// One GraphML edge: every link of an unordered pair folded together.
struct PairEdge<'a> {
    source: &'a str,
    target: &'a str,
    cooc: Option<&'a Link>,
    relations: Vec<String>,
    /// The heaviest typed relation of the pair (0 when it has none).
    relation_weight: f64,
    evidence: u64,
    documents: u64,
    first_seen: Option<String>,
    last_seen: Option<String>,
    example: Option<&'a crate::graph::Evidence>,
}

fn pairs(g: &ActorGraph) -> Vec<PairEdge<'_>> {
    let mut map: BTreeMap<(&str, &str), PairEdge<'_>> = BTreeMap::new();
    for (s, t, link) in g.links() {
        let (a, b, reversed) = if s.id <= t.id {
            (&s.id, &t.id, false)
        } else {
            (&t.id, &s.id, true)
        };
        let e = map.entry((a.as_str(), b.as_str())).or_insert(PairEdge {
            source: a,
            target: b,
            cooc: None,
            relations: Vec::new(),
            relation_weight: 0.0,
            evidence: 0,
            documents: 0,
            first_seen: None,
            last_seen: None,
            example: None,
        });
        if link.kind == Kind::CoOccurrence {
            e.cooc = Some(link);
        } else {
            let name = if reversed && link.kind.directed() {
                format!("{}>", link.kind)
            } else {
                link.kind.to_string()
            };
            e.relations.push(name);
            e.relation_weight = e.relation_weight.max(link.weight);
        }
        e.evidence += link.evidence;
        e.documents = e.documents.max(link.documents);
        let fs = link.first_seen.map(|d| d.to_string());
        let ls = link.last_seen.map(|d| d.to_string());
        if fs.is_some() && (e.first_seen.is_none() || fs < e.first_seen) {
            e.first_seen = fs;
        }
        if ls > e.last_seen {
            e.last_seen = ls;
        }
        if let Some(x) = &link.example {
            if e.example
                .is_none_or(|old| (&x.document, x.sentence) < (&old.document, old.sentence))
            {
                e.example = Some(x);
            }
        }
    }
    let mut out: Vec<PairEdge<'_>> = map.into_values().collect();
    for e in &mut out {
        e.relations.sort();
        e.relations.dedup();
    }
    out
}

/// Writes the graph as GraphML.
pub fn write(g: &ActorGraph, out: &mut dyn Write) -> io::Result<()> {
    let mut w = XmlWriter::new(out)?;
    w.open(
        "graphml",
        &[
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.1/graphml.xsd",
            ),
        ],
    )?;
    for (name, ty) in NODE_KEYS {
        w.empty(
            "key",
            &[
                ("id", name),
                ("for", "node"),
                ("attr.name", name),
                ("attr.type", ty),
            ],
        )?;
    }
    for (name, ty) in EDGE_KEYS {
        w.empty(
            "key",
            &[
                ("id", &edge_key(name)),
                ("for", "edge"),
                ("attr.name", name),
                ("attr.type", ty),
            ],
        )?;
    }
    w.open("graph", &[("id", "actors"), ("edgedefault", "undirected")])?;
    for n in g.nodes() {
        w.open("node", &[("id", &n.id)])?;
        for (k, v) in node_values(g, n) {
            w.text_element("data", &[("key", k)], &v)?;
        }
        w.close("node")?;
    }
    for (i, e) in pairs(g).iter().enumerate() {
        let id = format!("e{}", i + 1);
        w.open(
            "edge",
            &[("id", &id), ("source", e.source), ("target", e.target)],
        )?;
        let cooc = e.cooc.map_or(0, |l| l.evidence);
        // the chosen --weight of the co-occurrence link, as in every other format; a pair with
        // typed relations only takes its relations' weight, which is on the same scale
        let weight = e.cooc.map_or(e.relation_weight, |l| l.weight);
        w.text_element("data", &[("key", "weight")], &number(weight))?;
        w.text_element("data", &[("key", "cooccurrence")], &cooc.to_string())?;
        if !e.relations.is_empty() {
            w.text_element("data", &[("key", "relations")], &e.relations.join(";"))?;
        }
        w.text_element("data", &[("key", "evidence")], &e.evidence.to_string())?;
        w.text_element(
            "data",
            &[("key", &edge_key("documents"))],
            &e.documents.to_string(),
        )?;
        if let Some(d) = &e.first_seen {
            w.text_element("data", &[("key", &edge_key("first_seen"))], d)?;
        }
        if let Some(d) = &e.last_seen {
            w.text_element("data", &[("key", &edge_key("last_seen"))], d)?;
        }
        if let Some(x) = e.example {
            w.text_element("data", &[("key", "example")], &x.text)?;
            w.text_element(
                "data",
                &[("key", "example_ref")],
                &format!("{}#{}", x.document, x.sentence),
            )?;
        }
        w.close("edge")?;
    }
    w.close("graph")?;
    w.close("graphml")?;
    w.finish()?;
    Ok(())
}
