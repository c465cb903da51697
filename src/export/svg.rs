//! `graph.svg`: the report's picture as a static SVG 1.1 file, for papers and slides: the same
//! layout and selection as `report.html` ([`super::drawing`]), no script, a legend under the
//! square. Written with the project's XML writer, so every label is escaped.
//!
//! Structure: `<svg>` with a `<title>`, `<defs>` (one arrowhead `<marker id="arrow-KIND">` per
//! directed kind), a white background, `<g class="links">` (one `<path class="link"
//! data-kind="…">` per drawn link, with a `<title>`), `<g class="nodes">` (one `<circle
//! class="node" data-id="…">` per drawn actor, with a `<title>`), `<g class="labels">` (the
//! labels that fit without overlapping) and `<g class="legend">`.

use std::collections::BTreeSet;
use std::io::{self, Write};

use super::drawing::{self, kind_style, link_path, link_width, Drawing, TYPES};
use super::xml::XmlWriter;
use super::{display_label, number, type_color_hex};
use crate::graph::{ActorGraph, Kind};

/// Height of the legend strip under the picture.
const LEGEND: f64 = 64.0;

fn n1(x: f64) -> String {
    number((x * 10.0).round() / 10.0)
}

/// Writes `graph.svg` for a drawing.
pub fn write_drawing(g: &ActorGraph, d: &Drawing, out: &mut dyn Write) -> io::Result<()> {
    let e = d.extent;
    let mut w = XmlWriter::new(out)?;
    let (width, height) = (n1(e), n1(e + LEGEND));
    let view = format!("0 0 {width} {height}");
    w.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("version", "1.1"),
            ("width", &width),
            ("height", &height),
            ("viewBox", &view),
            ("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif"),
        ],
    )?;
    w.text_element(
        "title",
        &[],
        &format!(
            "Actor network: {} of {} actors, {} of {} links (actornet)",
            d.node_count(),
            g.graph.node_count(),
            d.link_count(),
            g.graph.edge_count()
        ),
    )?;
    w.open("defs", &[])?;
    for k in Kind::ALL.iter().filter(|k| k.directed()) {
        let (color, _) = kind_style(*k);
        let id = format!("arrow-{k}");
        w.open(
            "marker",
            &[
                ("id", &id),
                ("viewBox", "0 0 10 10"),
                ("refX", "9"),
                ("refY", "5"),
                ("markerWidth", "4.5"),
                ("markerHeight", "4.5"),
                ("orient", "auto"),
                ("markerUnits", "strokeWidth"),
            ],
        )?;
        w.empty("path", &[("d", "M0,0 L10,5 L0,10 z"), ("fill", color)])?;
        w.close("marker")?;
    }
    w.close("defs")?;
    w.empty(
        "rect",
        &[
            ("x", "0"),
            ("y", "0"),
            ("width", &width),
            ("height", &height),
            ("fill", "#ffffff"),
        ],
    )?;
    let nodes: Vec<_> = g.nodes().collect();
    let max_w = g
        .links()
        .enumerate()
        .filter(|(i, (_, _, l))| d.links[*i] && l.kind == Kind::CoOccurrence)
        .map(|(_, (_, _, l))| l.weight)
        .fold(0.0, f64::max);
    w.open("g", &[("class", "links"), ("fill", "none")])?;
    let mut kinds_drawn = BTreeSet::new();
    for (i, e) in g.graph.edge_indices().enumerate() {
        if !d.links[i] {
            continue;
        }
        let (a, b) = g.graph.edge_endpoints(e).expect("edge exists");
        let (Some(pa), Some(pb)) = (d.positions[a.index()], d.positions[b.index()]) else {
            continue;
        };
        let l = &g.graph[e];
        kinds_drawn.insert(l.kind);
        let rb = if l.kind.directed() {
            d.radii[b.index()] + 1.5
        } else {
            0.0
        };
        let (p0, c, p1) = link_path(pa, pb, d.bend[i], rb);
        let path = format!(
            "M{},{} Q{},{} {},{}",
            n1(p0.x),
            n1(p0.y),
            n1(c.x),
            n1(c.y),
            n1(p1.x),
            n1(p1.y)
        );
        let (color, dash) = kind_style(l.kind);
        let width = format!("{:.2}", link_width(l.kind, l.weight, max_w));
        let marker = format!("url(#arrow-{})", l.kind);
        let mut attrs: Vec<(&str, &str)> = vec![
            ("class", "link"),
            ("data-kind", l.kind.as_str()),
            ("d", &path),
            ("stroke", color),
            ("stroke-width", &width),
            (
                "stroke-opacity",
                if l.kind == Kind::CoOccurrence {
                    "0.5"
                } else {
                    "0.95"
                },
            ),
            ("stroke-linecap", "round"),
        ];
        if !dash.is_empty() {
            attrs.push(("stroke-dasharray", dash));
        }
        if l.kind.directed() {
            attrs.push(("marker-end", &marker));
        }
        w.open("path", &attrs)?;
        let (sa, sb) = (&nodes[a.index()], &nodes[b.index()]);
        w.text_element(
            "title",
            &[],
            &format!(
                "{} {} {}: {} ({})",
                display_label(sa),
                if l.kind.directed() { "→" } else { "–" },
                display_label(sb),
                l.kind,
                number(l.weight)
            ),
        )?;
        w.close("path")?;
    }
    w.close("g")?;
    w.open(
        "g",
        &[
            ("class", "nodes"),
            ("stroke", "#ffffff"),
            ("stroke-width", "1.5"),
        ],
    )?;
    // big discs first, as in the report
    let mut order: Vec<usize> = (0..nodes.len())
        .filter(|&i| d.positions[i].is_some())
        .collect();
    order.sort_by(|&a, &b| d.radii[b].total_cmp(&d.radii[a]).then(a.cmp(&b)));
    for &i in &order {
        let p = d.positions[i].expect("drawn");
        let n = nodes[i];
        let (cx, cy, r) = (n1(p.x), n1(p.y), n1(d.radii[i]));
        let fill = type_color_hex(n.actor_type);
        w.open(
            "circle",
            &[
                ("class", "node"),
                ("data-id", &n.id),
                ("cx", &cx),
                ("cy", &cy),
                ("r", &r),
                ("fill", &fill),
            ],
        )?;
        w.text_element(
            "title",
            &[],
            &format!(
                "{} ({}, {} mentions)",
                display_label(n),
                n.actor_type,
                n.mentions
            ),
        )?;
        w.close("circle")?;
    }
    w.close("g")?;
    let size = number(drawing::LABEL_SIZE);
    w.open(
        "g",
        &[
            ("class", "labels"),
            ("font-size", &size),
            ("text-anchor", "middle"),
            ("fill", "#1d2733"),
            ("stroke", "#ffffff"),
            ("stroke-width", "3"),
            ("stroke-linejoin", "round"),
            ("paint-order", "stroke"),
        ],
    )?;
    for &i in &order {
        if !d.labels[i] {
            continue;
        }
        let p = d.positions[i].expect("drawn");
        let y = n1(p.y + d.radii[i] + drawing::LABEL_SIZE * 0.95);
        w.text_element(
            "text",
            &[("x", &n1(p.x)), ("y", &y)],
            &display_label(nodes[i]),
        )?;
    }
    w.close("g")?;
    legend(&mut w, g, e, &kinds_drawn, d)?;
    w.close("svg")?;
    w.finish()?;
    Ok(())
}

/// The legend strip: actor types present, link kinds drawn, and what size and width mean.
fn legend<W: Write>(
    w: &mut XmlWriter<W>,
    g: &ActorGraph,
    e: f64,
    kinds: &BTreeSet<Kind>,
    d: &Drawing,
) -> io::Result<()> {
    w.open(
        "g",
        &[
            ("class", "legend"),
            ("font-size", "13"),
            ("fill", "#3b4652"),
        ],
    )?;
    let y = e + 22.0;
    let mut x = 16.0;
    let present: BTreeSet<_> = g.nodes().map(|n| n.actor_type).collect();
    for t in TYPES.iter().filter(|t| present.contains(t)) {
        w.empty(
            "circle",
            &[
                ("cx", &n1(x + 6.0)),
                ("cy", &n1(y - 4.0)),
                ("r", "6"),
                ("fill", &type_color_hex(*t)),
            ],
        )?;
        w.text_element("text", &[("x", &n1(x + 16.0)), ("y", &n1(y))], t.as_str())?;
        x += 30.0 + t.as_str().len() as f64 * 8.0;
    }
    for k in Kind::ALL.iter().filter(|k| kinds.contains(k)) {
        let (color, dash) = kind_style(*k);
        let mut attrs = vec![
            (
                "d",
                format!(
                    "M{},{} L{},{}",
                    n1(x),
                    n1(y - 4.0),
                    n1(x + 26.0),
                    n1(y - 4.0)
                ),
            ),
            ("stroke", color.to_string()),
            ("stroke-width", "2.5".to_string()),
        ];
        if !dash.is_empty() {
            attrs.push(("stroke-dasharray", dash.to_string()));
        }
        if k.directed() {
            attrs.push(("marker-end", format!("url(#arrow-{k})")));
        }
        let attrs: Vec<(&str, &str)> = attrs.iter().map(|(a, b)| (*a, b.as_str())).collect();
        w.empty("path", &attrs)?;
        w.text_element("text", &[("x", &n1(x + 34.0)), ("y", &n1(y))], k.as_str())?;
        x += 44.0 + k.as_str().len() as f64 * 8.0;
    }
    let note = if d.node_count() < g.graph.node_count() || d.link_count() < g.graph.edge_count() {
        format!(
            "Disc size: mentions (capped); line width: weight. Drawn: the {} most-mentioned of {} actors, {} of {} links.",
            d.node_count(),
            g.graph.node_count(),
            d.link_count(),
            g.graph.edge_count()
        )
    } else {
        "Disc size: mentions (capped); line width: link weight; arrows point from source to target."
            .to_string()
    };
    w.text_element("text", &[("x", "16"), ("y", &n1(y + 26.0))], &note)?;
    w.close("g")
}
