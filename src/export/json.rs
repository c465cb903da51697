//! Node-link JSON for networkx and D3.
//!
//! Schema (one JSON object, UTF-8, pretty-printed):
//!
//! ```text
//! {"directed": false, "multigraph": true,
//!  "graph": {"name": "actors", "generator": "actornet X.Y.Z", "documents": N,
//!            "first_seen": "YYYY-MM-DD", "last_seen": "YYYY-MM-DD"},
//!  "nodes": [{"id", "label", "actor_type", "role", "roles", "affiliation", "affiliation_id",
//!             "title", "title_date", "mentions", "documents", "aliases", "country", "wikidata", "iso3",
//!             "lat", "lon", "first_seen", "last_seen", "discovered"}, …],
//!  "links": [{"source", "target", "key", "id", "kind", "label", "weight", "relation_directed",
//!             "evidence", "documents", "first_seen", "last_seen", "example", "example_ref",
//!             "origin"}, …]}
//! ```
//!
//! Nodes carry the attributes of the GraphML export (the values of `nodes.csv`) with `id` first:
//! counts and coordinates as JSON numbers, `discovered` as a boolean, the rest as strings, a
//! missing value left out; links are the rows of `edges.csv` (same ids `e1`, `e2`, …):
//! one per co-occurrence pair and one per typed relation. `key` is the link kind, unique per
//! actor pair (see [`super::link_keys`]), so the links form a multigraph.
//!
//! The edge list is under `"links"`, the name D3's force layout examples and networkx before 3.4
//! use. networkx 3.4 and 3.5 read it by default with a FutureWarning, and from 3.6 the default
//! key is `"edges"` (a plain `nx.node_link_graph(data)` fails with `KeyError: 'edges'`), so name
//! it: `nx.node_link_graph(data, edges="links")` works on networkx ≥ 3.4 (checked with 3.6.1);
//! on older versions use `link="links"` or no argument.

use std::io::{self, Write};

use serde::ser::SerializeMap;
use serde::Serialize;
use serde_json::Value;

use super::graphml::node_values;
use super::link_keys;
use crate::graph::{ActorGraph, Node};

#[derive(Serialize)]
struct Doc {
    directed: bool,
    multigraph: bool,
    graph: GraphInfo,
    nodes: Vec<JsonNode>,
    links: Vec<JsonLink>,
}

#[derive(Serialize)]
struct GraphInfo {
    name: &'static str,
    generator: &'static str,
    documents: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_seen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_seen: Option<String>,
}

/// A node: `id` first, then the attributes in GraphML order (see [`node_values`]).
struct JsonNode(Vec<(&'static str, Value)>);

impl Serialize for JsonNode {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut map = ser.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Node attributes written as JSON integers (counts), floats (coordinates, always with a
/// fraction so readers get a float) or booleans; every other attribute is a string.
const INTEGERS: &[&str] = &["mentions", "documents"];
const FLOATS: &[&str] = &["lat", "lon"];
const BOOLEANS: &[&str] = &["discovered"];

fn json_node(g: &ActorGraph, n: &Node) -> JsonNode {
    let mut out = vec![("id", Value::from(n.id.clone()))];
    for (k, v) in node_values(g, n) {
        let value = if INTEGERS.contains(&k) {
            match v.parse::<u64>() {
                Ok(i) => Value::from(i),
                Err(_) => continue,
            }
        } else if FLOATS.contains(&k) {
            match v.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
                Some(x) => Value::Number(x),
                None => continue,
            }
        } else if BOOLEANS.contains(&k) {
            Value::Bool(v == "true")
        } else {
            Value::String(v)
        };
        out.push((k, value));
    }
    // keep the exact label (node_values may one day tidy it for XML)
    if let Some(l) = out.iter_mut().find(|(k, _)| *k == "label") {
        l.1 = Value::String(n.label.clone());
    }
    JsonNode(out)
}

#[derive(Serialize)]
struct JsonLink {
    source: String,
    target: String,
    key: String,
    id: String,
    kind: &'static str,
    label: &'static str,
    weight: f64,
    relation_directed: bool,
    evidence: u64,
    documents: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_seen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_seen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    example: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    example_ref: Option<String>,
    origin: String,
}

/// Writes the graph as node-link JSON.
pub fn write(g: &ActorGraph, out: &mut dyn Write) -> io::Result<()> {
    let nodes: Vec<JsonNode> = g.nodes().map(|n| json_node(g, n)).collect();
    let keys = link_keys(g);
    let links: Vec<JsonLink> = g
        .links()
        .enumerate()
        .map(|(i, (s, t, l))| JsonLink {
            source: s.id.clone(),
            target: t.id.clone(),
            key: keys[i].clone(),
            id: format!("e{}", i + 1),
            kind: l.kind.as_str(),
            label: l.kind.as_str(),
            weight: l.weight,
            relation_directed: l.kind.directed(),
            evidence: l.evidence,
            documents: l.documents,
            first_seen: l.first_seen.map(|d| d.to_string()),
            last_seen: l.last_seen.map(|d| d.to_string()),
            example: l.example.as_ref().map(|x| x.text.clone()),
            example_ref: l
                .example
                .as_ref()
                .map(|x| format!("{}#{}", x.document, x.sentence)),
            origin: l.source.clone().unwrap_or_else(|| "text".into()),
        })
        .collect();
    let dates = g
        .nodes()
        .flat_map(|n| [n.first_seen, n.last_seen])
        .flatten();
    let (first, last) = dates.fold((None, None), |(f, l): (Option<_>, Option<_>), d| {
        (
            Some(f.map_or(d, |f: crate::date::Date| f.min(d))),
            Some(l.map_or(d, |l: crate::date::Date| l.max(d))),
        )
    });
    let doc = Doc {
        directed: false,
        multigraph: true,
        graph: GraphInfo {
            name: "actors",
            generator: concat!("actornet ", env!("CARGO_PKG_VERSION")),
            documents: g.documents,
            first_seen: first.map(|d| d.to_string()),
            last_seen: last.map(|d| d.to_string()),
        },
        nodes,
        links,
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_graph() {
        let mut out = Vec::new();
        write(&ActorGraph::default(), &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["directed"], false);
        assert_eq!(v["multigraph"], true);
        assert_eq!(v["links"].as_array().unwrap().len(), 0);
        assert_eq!(v["graph"]["documents"], 0);
    }
}
