//! GraphML for Gephi, networkx, igraph, Cytoscape and yEd.
//!
//! Schema: a simple undirected graph (`edgedefault="undirected"`), one edge per actor pair, valid
//! against the GraphML 1.1 XSD. Node ids are actor ids; edge ids are `e1`, `e2`, … in order.
//!
//! Keys, generated from the tables of [`super::schema`] (which say what each one holds; a test
//! keeps these lists in sync): node keys (`for="node"`) from [`super::schema::NODE_COLUMNS`],
//! edge keys (`for="edge"`) from [`super::schema::PAIR_COLUMNS`]; unmarked keys are strings.
//! * Node keys: `label`, `actor_type`, `role`, `roles`, `affiliation`, `affiliation_id`, `title`,
//!   `title_date` (string), `text_title`, `text_affiliation`, `mentions` (long),
//!   `documents` (long), `aliases`, `country`, `wikidata`, `iso3`, `lat` (double), `lon` (double),
//!   `first_seen` (string), `last_seen` (string), `discovered` (boolean).
//! * Edge keys: `weight` (double), `cooccurrence` (long), `relations`, `evidence` (long),
//!   `documents` (long), `first_seen` (string), `last_seen` (string), `example`, `example_ref`.
//!
//! Key ids are unique per file, so an edge key whose name a node key also has gets an `e_`
//! prefix (`e_documents`); its `attr.name` stays. An edge's `weight` is the pair's co-occurrence
//! weight under the chosen `--weight` (the `Weight` of `edges.csv`); a pair linked only by
//! typed relations takes its heaviest relation's weight, which is on the same scale (see
//! [`crate::graph::Weighting::relation_weight`]). `relations` lists the pair's typed relation
//! kinds, sorted, `;`-joined, each `kind` or `kind>` when it runs from target to source.
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
