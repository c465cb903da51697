//! GEXF 1.3, Gephi's own format: typed multi-edges, viz colours and sizes, and a timeline.
//!
//! Schema: `<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz"
//! version="1.3">` (no `xsi:schemaLocation`: the RELAX NG grammar rejects it), valid against the
//! GEXF 1.3 RELAX NG grammar. `<meta>` holds `creator` and `description` only (no date, so the
//! output is reproducible). One `<graph defaultedgetype="undirected">`: co-occurrence and `meets`
//! edges are undirected; a directed relation (`affiliated_with`, `located_in`, `mediates`,
//! `hosts`) runs `source` → `target` and says so with `type="directed"` on the edge (Gephi and
//! graphology, the reader of Gephi Lite and sigma.js, draw it as an arrow), plus the boolean
//! attribute `relation_directed` for readers that ignore `type`. Such a mixed file is valid GEXF
//! but networkx's `read_gexf` refuses it ("Directed edge found in undirected graph"): networkx
//! users read `graph.graphml` or `graph.json` instead.
//!
//! Nodes: `id` = actor id, `label` = name (white space collapsed, never empty). Edges: one per
//! link, in `edges.csv` order with the same ids `e1`, `e2`, …, an explicit `weight` (the chosen
//! `--weight`; a typed relation's weight is on the same scale, see
//! [`crate::graph::Weighting::relation_weight`]), `kind` = the link kind (`co-occurrence`,
//! `located_in`, …, see [`super::link_keys`] for the one exception) and `label` = the link kind.
//! Declared static attributes, generated from [`super::schema::NODE_COLUMNS`] and
//! [`super::schema::LINK_COLUMNS`] (which say what each one holds; a test keeps these lists in
//! sync; unmarked attributes are strings; `relation` is the kind again, since networkx ignores
//! `kind`):
//! * Node attributes: `actor_type`, `role`, `roles`, `affiliation`, `affiliation_id`, `title`,
//!   `title_date` (string), `mentions` (long), `documents` (long), `aliases`, `country`,
//!   `wikidata`, `iso3`, `lat` (double), `lon` (double), `discovered` (boolean).
//! * Edge attributes: `relation`, `relation_directed` (boolean), `evidence` (long),
//!   `documents` (long), `example`, `example_ref`, `origin`.
//!
//! A missing value is left out, never written empty. Viz: `<viz:color r g b>` by actor type
//! (never `hex`, which networkx cannot read), `<viz:size>` scaled into a fixed range by
//! [`super::node_size`] (`40·√(mentions / most mentions)`, at least 4), and `<viz:position x y>`
//! for every node: the force layout of the report ([`crate::graph::layout`], which starts places
//! at their lon/lat), centred on 0 with y up, in a square of 1000 units (any Gephi layout
//! overwrites it). Places keep `lat` and `lon` as attributes too, for Gephi's Geo Layout and for
//! readers that drop `viz:`.
//!
//! Timeline: when any actor or link has a date (documents carry dates), the graph is written
//! `mode="dynamic" timeformat="date" timerepresentation="interval"`, and nodes and edges get
//! inclusive `start`/`end` dates (`YYYY-MM-DD`). An edge's interval is its first and last
//! document date; a node's is the hull of its own dates and its edges' dates, so every edge lies
//! inside both of its endpoints. An undated link (a relation from the gazetteer) gets the
//! overlap of its endpoints' intervals, or no interval when they do not overlap.

use std::io::{self, Write};

use super::schema::{self, LinkRow, NodeRow, Target, LINK_COLUMNS, NODE_COLUMNS};
use super::xml::XmlWriter;
use super::{display_label, node_size, number, type_color};
use crate::date::Date;
use crate::graph::ActorGraph;

/// The GEXF namespace.
pub const NAMESPACE: &str = "http://gexf.net/1.3";
/// The GEXF viz namespace.
pub const VIZ_NAMESPACE: &str = "http://gexf.net/1.3/viz";

/// An inclusive date interval; `None` ends never occur (an interval is either whole or absent).
type Span = (Date, Date);

fn hull(a: Option<Span>, b: Option<Span>) -> Option<Span> {
    match (a, b) {
        (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
        (x, None) | (None, x) => x,
    }
}

fn own_span(first: Option<Date>, last: Option<Date>) -> Option<Span> {
    match (first, last) {
        (Some(f), Some(l)) => Some((f.min(l), f.max(l))),
        (Some(d), None) | (None, Some(d)) => Some((d, d)),
        (None, None) => None,
    }
}

/// The timeline: an interval per node (in [`ActorGraph::nodes`] order) and per link (in
/// [`ActorGraph::links`] order), or `None` when nothing has a date (a static graph).
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// Node intervals.
    pub nodes: Vec<Option<(Date, Date)>>,
    /// Link intervals.
    pub links: Vec<Option<(Date, Date)>>,
}

/// Computes the timeline (see the module documentation), or `None` for a static graph.
pub fn timeline(g: &ActorGraph) -> Option<Timeline> {
    let node_spans: Vec<Option<Span>> = g
        .nodes()
        .map(|n| own_span(n.first_seen, n.last_seen))
        .collect();
    let link_spans: Vec<Option<Span>> = g
        .links()
        .map(|(_, _, l)| own_span(l.first_seen, l.last_seen))
        .collect();
    if node_spans.iter().chain(&link_spans).all(Option::is_none) {
        return None;
    }
    // petgraph keeps nodes and edges in index order, the order of `nodes()` and `links()`
    let ends: Vec<(usize, usize)> = g
        .graph
        .edge_indices()
        .map(|e| {
            let (s, t) = g.graph.edge_endpoints(e).expect("edge exists");
            (s.index(), t.index())
        })
        .collect();
    let mut nodes = node_spans;
    for (span, (s, t)) in link_spans.iter().zip(&ends) {
        if span.is_some() {
            nodes[*s] = hull(nodes[*s], *span);
            nodes[*t] = hull(nodes[*t], *span);
        }
    }
    let links = link_spans
        .iter()
        .zip(&ends)
        .map(|(span, (s, t))| {
            span.or(match (nodes[*s], nodes[*t]) {
                (Some(a), Some(b)) => {
                    let (start, end) = (a.0.max(b.0), a.1.min(b.1));
                    (start <= end).then_some((start, end))
                }
                (x, None) | (None, x) => x,
            })
        })
        .collect();
    Some(Timeline { nodes, links })
}

fn with_span(attrs: &mut Vec<(&str, String)>, span: Option<Span>) {
    if let Some((s, e)) = span {
        attrs.push(("start", s.to_string()));
        attrs.push(("end", e.to_string()));
    }
}

fn open_owned<W: Write>(
    w: &mut XmlWriter<W>,
    name: &str,
    attrs: &[(&str, String)],
    empty: bool,
) -> io::Result<()> {
    let borrowed: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    if empty {
        w.empty(name, &borrowed)
    } else {
        w.open(name, &borrowed)
    }
}

fn attvalues<W: Write>(w: &mut XmlWriter<W>, values: &[(&str, String)]) -> io::Result<()> {
    if values.is_empty() {
        return Ok(());
    }
    w.open("attvalues", &[])?;
    for (k, v) in values {
        w.empty("attvalue", &[("for", k), ("value", v)])?;
    }
    w.close("attvalues")
}

/// Writes the graph as GEXF 1.3.
pub fn write(g: &ActorGraph, out: &mut dyn Write) -> io::Result<()> {
    let time = timeline(g);
    let mut w = XmlWriter::new(out)?;
    w.open(
        "gexf",
        &[
            ("xmlns", NAMESPACE),
            ("xmlns:viz", VIZ_NAMESPACE),
            ("version", "1.3"),
        ],
    )?;
    w.open("meta", &[])?;
    w.text_element(
        "creator",
        &[],
        concat!("actornet ", env!("CARGO_PKG_VERSION")),
    )?;
    w.text_element(
        "description",
        &[],
        &format!(
            "Actor network from {} document(s): co-occurrence links and typed relations",
            g.documents
        ),
    )?;
    w.close("meta")?;
    let mut graph_attrs = vec![("defaultedgetype", "undirected")];
    if time.is_some() {
        graph_attrs.extend([
            ("mode", "dynamic"),
            ("timeformat", "date"),
            ("timerepresentation", "interval"),
        ]);
    } else {
        graph_attrs.push(("mode", "static"));
    }
    w.open("graph", &graph_attrs)?;
    let node_cols: Vec<_> = schema::columns(NODE_COLUMNS, Target::Gexf).collect();
    let link_cols: Vec<_> = schema::columns(LINK_COLUMNS, Target::Gexf).collect();
    let node_decls = node_cols.iter().map(|c| (c.name_in(Target::Gexf), c.ty));
    let link_decls = link_cols.iter().map(|c| (c.name_in(Target::Gexf), c.ty));
    for (class, decls) in [
        ("node", node_decls.collect::<Vec<_>>()),
        ("edge", link_decls.collect()),
    ] {
        w.open("attributes", &[("class", class), ("mode", "static")])?;
        for (id, ty) in decls {
            w.empty(
                "attribute",
                &[("id", id), ("title", id), ("type", ty.gexf())],
            )?;
        }
        w.close("attributes")?;
    }

    let most = g.nodes().map(|n| n.mentions).max().unwrap_or(0);
    // every node gets a position (sigma.js refuses a graph where one is missing, Gephi Lite puts
    // them all at the origin): the report's layout, centred, y up as Gephi draws
    let positions =
        crate::graph::layout::layout(g, &crate::graph::layout::LayoutOptions::default());
    let half = crate::graph::layout::LayoutOptions::default().extent / 2.0;
    w.open("nodes", &[("count", &g.graph.node_count().to_string())])?;
    for (i, n) in g.nodes().enumerate() {
        let mut attrs = vec![("id", n.id.clone()), ("label", display_label(n))];
        with_span(&mut attrs, time.as_ref().and_then(|t| t.nodes[i]));
        open_owned(&mut w, "node", &attrs, false)?;
        let row = NodeRow { graph: g, node: n };
        let values: Vec<(&str, String)> = node_cols
            .iter()
            .filter_map(|c| {
                Some((
                    c.name_in(Target::Gexf),
                    (c.value)(row).to_text()?.into_owned(),
                ))
            })
            .collect();
        attvalues(&mut w, &values)?;
        let (r, gr, b) = type_color(n.actor_type);
        w.empty(
            "viz:color",
            &[
                ("r", &r.to_string()),
                ("g", &gr.to_string()),
                ("b", &b.to_string()),
            ],
        )?;
        w.empty(
            "viz:size",
            &[("value", &number(round3(node_size(n.mentions, most))))],
        )?;
        let p = positions[i];
        w.empty(
            "viz:position",
            &[
                ("x", &number(round3(p.x - half))),
                ("y", &number(round3(half - p.y))),
            ],
        )?;
        w.close("node")?;
    }
    w.close("nodes")?;

    let keys = schema::LinkKeys::new(g);
    w.open("edges", &[("count", &g.graph.edge_count().to_string())])?;
    for (i, (s, t, l)) in g.links().enumerate() {
        let mut attrs = vec![
            ("id", format!("e{}", i + 1)),
            ("source", s.id.clone()),
            ("target", t.id.clone()),
            ("weight", number(l.weight)),
            ("kind", keys.get(i).to_string()),
            ("label", l.kind.to_string()),
        ];
        if l.kind.directed() {
            attrs.push(("type", "directed".to_string()));
        }
        with_span(&mut attrs, time.as_ref().and_then(|t| t.links[i]));
        let row = LinkRow {
            index: i,
            source: s,
            target: t,
            link: l,
            keys: &keys,
        };
        let values: Vec<(&str, String)> = link_cols
            .iter()
            .filter_map(|c| {
                Some((
                    c.name_in(Target::Gexf),
                    (c.value)(row).to_text()?.into_owned(),
                ))
            })
            .collect();
        open_owned(&mut w, "edge", &attrs, false)?;
        attvalues(&mut w, &values)?;
        w.close("edge")?;
    }
    w.close("edges")?;
    w.close("graph")?;
    w.close("gexf")?;
    w.finish()?;
    Ok(())
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s, false).unwrap()
    }

    #[test]
    fn spans() {
        assert_eq!(
            own_span(Some(d("2024-01-02")), None),
            Some((d("2024-01-02"), d("2024-01-02")))
        );
        assert_eq!(own_span(None, None), None);
        let a = Some((d("2024-01-01"), d("2024-01-05")));
        let b = Some((d("2024-01-03"), d("2024-02-01")));
        assert_eq!(hull(a, b), Some((d("2024-01-01"), d("2024-02-01"))));
        assert_eq!(hull(None, b), b);
    }

    #[test]
    fn empty_graph_is_valid_shape() {
        let mut out = Vec::new();
        write(&ActorGraph::default(), &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains(r#"<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">"#), "{s}");
        assert!(
            s.contains(r#"<nodes count="0">"#) && s.contains(r#"mode="static""#),
            "{s}"
        );
        assert!(!s.contains("schemaLocation"));
    }
}
