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

use std::io::{self, Write};

use super::schema::{self, NodeRow, Target, NODE_COLUMNS, PAIR_COLUMNS};
use super::xml::XmlWriter;
use crate::graph::ActorGraph;

/// Key ids are unique across a GraphML file: an edge key whose name a node key also uses gets an
/// `e_` prefix (`e_documents`); its `attr.name` stays the same.
fn edge_key(name: &'static str) -> String {
    if schema::columns(NODE_COLUMNS, Target::Graphml).any(|c| c.name_in(Target::Graphml) == name) {
        format!("e_{name}")
    } else {
        name.to_string()
    }
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
    let node_cols: Vec<_> = schema::columns(NODE_COLUMNS, Target::Graphml).collect();
    for c in &node_cols {
        let name = c.name_in(Target::Graphml);
        w.empty(
            "key",
            &[
                ("id", name),
                ("for", "node"),
                ("attr.name", name),
                ("attr.type", c.ty.graphml()),
            ],
        )?;
    }
    let edge_keys: Vec<String> = PAIR_COLUMNS.iter().map(|c| edge_key(c.name)).collect();
    for (c, id) in PAIR_COLUMNS.iter().zip(&edge_keys) {
        w.empty(
            "key",
            &[
                ("id", id),
                ("for", "edge"),
                ("attr.name", c.name),
                ("attr.type", c.ty.graphml()),
            ],
        )?;
    }
    w.open("graph", &[("id", "actors"), ("edgedefault", "undirected")])?;
    for node in g.nodes() {
        w.open("node", &[("id", &node.id)])?;
        let row = NodeRow { graph: g, node };
        for c in &node_cols {
            if let Some(v) = (c.value)(row).to_text() {
                w.text_element("data", &[("key", c.name_in(Target::Graphml))], &v)?;
            }
        }
        w.close("node")?;
    }
    for (i, pair) in schema::pairs(g).iter().enumerate() {
        let id = format!("e{}", i + 1);
        w.open(
            "edge",
            &[
                ("id", &id),
                ("source", pair.source),
                ("target", pair.target),
            ],
        )?;
        for (c, key) in PAIR_COLUMNS.iter().zip(&edge_keys) {
            if let Some(v) = (c.value)(pair).to_text() {
                w.text_element("data", &[("key", key)], &v)?;
            }
        }
        w.close("edge")?;
    }
    w.close("graph")?;
    w.close("graphml")?;
    w.finish()?;
    Ok(())
}
