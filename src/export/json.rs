//! Node-link JSON for networkx and D3.
//!
//! Schema (one JSON object, UTF-8, pretty-printed):
//!
//! ```text
//! {"directed": false, "multigraph": true,
//!  "graph": {"name": "actors", "generator": "actornet X.Y.Z", "documents": N,
//!            "first_seen": "YYYY-MM-DD", "last_seen": "YYYY-MM-DD"},
//!  "nodes": [{"id", "label", …}, …],
//!  "links": [{"source", "target", "key", …}, …]}
//! ```
//!
//! The fields, generated from [`super::schema::NODE_COLUMNS`] and
//! [`super::schema::LINK_COLUMNS`] (which say what each one holds; a test keeps these lists in
//! sync), in this order:
//! * `nodes`: `id`, `label`, `actor_type`, `role`, `roles`, `affiliation`, `affiliation_id`,
//!   `title`, `title_date`, `text_title`, `text_affiliation`, `mentions`, `documents`, `aliases`,
//!   `country`, `wikidata`, `iso3`, `lat`, `lon`, `first_seen`, `last_seen`, `discovered`.
//! * `links`: `source`, `target`, `key`, `id`, `kind`, `label`, `weight`, `relation_directed`,
//!   `evidence`, `documents`, `first_seen`, `last_seen`, `example`, `example_ref`, `origin`.
//!
//! Counts are JSON integers, coordinates and weights floats, `discovered` and
//! `relation_directed` booleans, the rest strings; a missing value is left out. Nodes carry the
//! values of `nodes.csv` and GraphML, links are the rows of `edges.csv` (same ids `e1`, `e2`,
//! …): one per co-occurrence pair and one per typed relation. `key` is the link kind, unique per
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
use serde_json::Value as Json;

use super::schema::{self, LinkRow, NodeRow, Target, Value, LINK_COLUMNS, NODE_COLUMNS};
use crate::graph::ActorGraph;

#[derive(Serialize)]
struct Doc {
    directed: bool,
    multigraph: bool,
    graph: GraphInfo,
    nodes: Vec<Object>,
    links: Vec<Object>,
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

/// A node or link: its columns in table order, missing values left out.
struct Object(Vec<(&'static str, Json)>);

impl Serialize for Object {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut map = ser.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A value as JSON: counts as integers, real numbers as floats (always with a fraction, so
/// readers get a float), flags as booleans, the rest as strings; `None` when it is left out.
fn json(v: Value<'_>) -> Option<Json> {
    if v.is_missing() {
        return None;
    }
    Some(match v {
        Value::Text(s) => Json::String(s.into_owned()),
        Value::Long(n) => Json::from(n),
        Value::Double(x) => Json::Number(serde_json::Number::from_f64(x)?),
        Value::Bool(b) => Json::Bool(b),
        Value::Date(d) => Json::String(d.to_string()),
        Value::Missing => return None,
    })
}

fn object<'a, G>(cols: &[&'static schema::Column<G>], value: impl Fn(&G) -> Value<'a>) -> Object {
    Object(
        cols.iter()
            .filter_map(|c| Some((c.name_in(Target::Json), json(value(&c.value))?)))
            .collect(),
    )
}

/// Writes the graph as node-link JSON.
pub fn write(g: &ActorGraph, out: &mut dyn Write) -> io::Result<()> {
    let node_cols: Vec<_> = schema::columns(NODE_COLUMNS, Target::Json).collect();
    let nodes: Vec<Object> = g
        .nodes()
        .map(|node| object(&node_cols, |f| f(NodeRow { graph: g, node })))
        .collect();
    let link_cols: Vec<_> = schema::columns(LINK_COLUMNS, Target::Json).collect();
    let keys = schema::LinkKeys::new(g);
    let links: Vec<Object> = g
        .links()
        .enumerate()
        .map(|(index, (source, target, link))| {
            let row = LinkRow {
                index,
                source,
                target,
                link,
                keys: &keys,
            };
            object(&link_cols, |f| f(row))
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
