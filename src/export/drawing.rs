//! What the drawings (`report.html` and `graph.svg`) show, computed once for both: which actors
//! and links are drawn (all of them up to a size limit, else the most mentioned actors and the
//! strongest links among them), where the actors sit (the force-directed
//! [`layout`](crate::graph::layout)), how far each typed relation bends away from the straight
//! co-occurrence line of the same pair, and which labels fit without piling up.

use std::collections::BTreeMap;

use crate::gazetteer::ActorType;
use crate::graph::layout::{self, LayoutOptions, Point};
use crate::graph::{ActorGraph, Kind};

/// Limits and layout settings of a drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawingOptions {
    /// At most this many actors are drawn; above it, the most mentioned ones.
    pub max_nodes: usize,
    /// At most this many links are drawn; above it, typed relations first, then the heaviest
    /// co-occurrence links.
    pub max_links: usize,
    /// The layout.
    pub layout: LayoutOptions,
}

impl Default for DrawingOptions {
    /// 400 actors and 2,000 links: measured in headless Chromium (BENCHMARKS.md), a page of that
    /// size draws in well under a second and stays readable; beyond it the picture is a hairball.
    fn default() -> Self {
        DrawingOptions {
            max_nodes: 400,
            max_links: 2000,
            layout: LayoutOptions::default(),
        }
    }
}

/// A drawing: per node and per link (in graph order) whether it is drawn, and the geometry.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    /// Position of each drawn node (by node index); `None` when not drawn.
    pub positions: Vec<Option<Point>>,
    /// Radius of each node in layout units.
    pub radii: Vec<f64>,
    /// Whether each link (by edge index) is drawn.
    pub links: Vec<bool>,
    /// How far each link's curve bends from the straight line, in layout units (0: straight).
    pub bend: Vec<f64>,
    /// Whether each drawn node's label is shown at the full view (labels that fit).
    pub labels: Vec<bool>,
    /// Side of the layout square.
    pub extent: f64,
}

impl Drawing {
    /// Number of nodes drawn.
    pub fn node_count(&self) -> usize {
        self.positions.iter().filter(|p| p.is_some()).count()
    }

    /// Number of links drawn.
    pub fn link_count(&self) -> usize {
        self.links.iter().filter(|l| **l).count()
    }
}

/// Order in which link kinds bend: co-occurrence is the straight line, each typed relation of a
/// pair gets its own curve.
fn bend_slot(kind: Kind) -> f64 {
    match kind {
        Kind::CoOccurrence => 0.0,
        Kind::Mediates => 1.0,
        Kind::Hosts => 2.0,
        Kind::Meets => -1.0,
        Kind::AffiliatedWith => -2.0,
        Kind::LocatedIn => 3.0,
    }
}

/// Computes what is drawn and where.
pub fn drawing(g: &ActorGraph, opts: &DrawingOptions) -> Drawing {
    let n = g.graph.node_count();
    let m = g.graph.edge_count();
    let nodes: Vec<_> = g.nodes().collect();
    let mut keep = vec![true; n];
    if n > opts.max_nodes {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| {
            nodes[b]
                .mentions
                .cmp(&nodes[a].mentions)
                .then(nodes[a].id.cmp(&nodes[b].id))
        });
        keep = vec![false; n];
        for &i in order.iter().take(opts.max_nodes) {
            keep[i] = true;
        }
    }
    let ends: Vec<(usize, usize)> = g
        .graph
        .edge_indices()
        .map(|e| {
            let (a, b) = g.graph.edge_endpoints(e).expect("edge exists");
            (a.index(), b.index())
        })
        .collect();
    let mut links: Vec<bool> = ends.iter().map(|&(a, b)| keep[a] && keep[b]).collect();
    if links.iter().filter(|l| **l).count() > opts.max_links {
        let mut order: Vec<usize> = (0..m).filter(|&e| links[e]).collect();
        let weight = |e: usize| g.graph[petgraph::graph::EdgeIndex::new(e)].weight;
        let typed =
            |e: usize| g.graph[petgraph::graph::EdgeIndex::new(e)].kind != Kind::CoOccurrence;
        order.sort_by(|&a, &b| {
            typed(b)
                .cmp(&typed(a))
                .then(weight(b).total_cmp(&weight(a)))
                .then(a.cmp(&b))
        });
        links = vec![false; m];
        for &e in order.iter().take(opts.max_links) {
            links[e] = true;
        }
    }
    let positions = layout::layout_subset(g, &keep, &links, &opts.layout);
    let radii: Vec<f64> = nodes
        .iter()
        .map(|n| layout::node_radius(n.mentions, n_drawn(&positions)))
        .collect();
    // bends: typed relations of a pair fan out on both sides of the straight line; the sign is
    // taken relative to the pair's id order, so A→B and B→A bend to different sides
    let mut bend = vec![0.0; m];
    let mut per_pair: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (e, &(a, b)) in ends.iter().enumerate() {
        if links[e] {
            per_pair.entry((a.min(b), a.max(b))).or_default().push(e);
        }
    }
    for list in per_pair.values() {
        if list.len() == 1
            && g.graph[petgraph::graph::EdgeIndex::new(list[0])]
                .kind
                .directed()
        {
            // a lone relation still bends a little, so its arrow reads as a relation
            bend[list[0]] = 14.0;
            continue;
        }
        for &e in list {
            let kind = g.graph[petgraph::graph::EdgeIndex::new(e)].kind;
            let (a, b) = ends[e];
            // the curve is drawn from source to target: flip the side for the reverse order
            let side = if a <= b { 1.0 } else { -1.0 };
            bend[e] = bend_slot(kind) * 22.0 * side;
        }
    }
    let labels = place_labels(g, &positions, &radii, opts.layout.extent);
    Drawing {
        positions,
        radii,
        links,
        bend,
        labels,
        extent: opts.layout.extent,
    }
}

fn n_drawn(p: &[Option<Point>]) -> usize {
    p.iter().filter(|p| p.is_some()).count()
}

/// The font size of labels in layout units.
pub const LABEL_SIZE: f64 = 13.0;

/// The estimated width of a label in layout units (average glyph width of a sans-serif face).
pub fn label_width(label: &str) -> f64 {
    label.chars().count() as f64 * LABEL_SIZE * 0.56
}

/// Greedy label placement: actors by mentions (most first) get their label below the disc when
/// the label's box does not overlap one already placed, nor another actor's disc.
fn place_labels(g: &ActorGraph, pos: &[Option<Point>], radii: &[f64], extent: f64) -> Vec<bool> {
    let nodes: Vec<_> = g.nodes().collect();
    let mut order: Vec<usize> = (0..nodes.len()).filter(|&i| pos[i].is_some()).collect();
    order.sort_by(|&a, &b| {
        nodes[b]
            .mentions
            .cmp(&nodes[a].mentions)
            .then(nodes[a].id.cmp(&nodes[b].id))
    });
    let mut placed: Vec<[f64; 4]> = Vec::new();
    let mut shown = vec![false; nodes.len()];
    let discs: Vec<(Point, f64)> = (0..nodes.len())
        .filter_map(|i| pos[i].map(|p| (p, radii[i])))
        .collect();
    for i in order {
        let p = pos[i].expect("drawn");
        let w = label_width(&super::display_label(nodes[i]));
        let top = p.y + radii[i] + 2.0;
        let b = [p.x - w / 2.0, top, p.x + w / 2.0, top + LABEL_SIZE];
        let hits_label = placed
            .iter()
            .any(|q| b[0] < q[2] && q[0] < b[2] && b[1] < q[3] && q[1] < b[3]);
        let hits_disc = discs.iter().any(|(c, r)| {
            let nx = c.x.clamp(b[0], b[2]);
            let ny = c.y.clamp(b[1], b[3]);
            (c.x - nx).powi(2) + (c.y - ny).powi(2) < r * r && *c != p
        });
        let outside = b[3] > extent + 20.0;
        if !hits_label && !hits_disc && !outside {
            placed.push(b);
            shown[i] = true;
        }
    }
    shown
}

/// Types in legend order.
pub const TYPES: [ActorType; 4] = [
    ActorType::State,
    ActorType::Person,
    ActorType::Place,
    ActorType::Org,
];

/// The colour and dash pattern a link kind is drawn with (`#rrggbb`, SVG `stroke-dasharray` or
/// empty for a solid line).
pub fn kind_style(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::CoOccurrence => ("#9aa3ad", ""),
        Kind::Mediates => ("#d62728", ""),
        Kind::Hosts => ("#8c564b", "7 4"),
        Kind::Meets => ("#17becf", ""),
        Kind::AffiliatedWith => ("#7f7f7f", "2 3"),
        Kind::LocatedIn => ("#bcbd22", "6 3 2 3"),
    }
}

/// The stroke width of a link: co-occurrence links from 1 to 8 units by weight relative to the
/// heaviest drawn one (square root, so weak links stay visible); typed relations a fixed 2.5
/// (their colour carries the meaning).
pub fn link_width(kind: Kind, weight: f64, max_weight: f64) -> f64 {
    if kind != Kind::CoOccurrence {
        return 3.0;
    }
    if max_weight <= 0.0 || !weight.is_finite() {
        return 1.0;
    }
    1.0 + 7.0 * (weight / max_weight).clamp(0.0, 1.0).sqrt()
}

/// The path of a link from `a` to `b` bending by `bend` units (a quadratic curve), ending at
/// the edge of the target's disc (radius `rb`) so an arrowhead shows: (start, control, end).
pub fn link_path(a: Point, b: Point, bend: f64, rb: f64) -> (Point, Point, Point) {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (nx, ny) = (-dy / len, dx / len);
    let c = Point {
        x: (a.x + b.x) / 2.0 + nx * bend,
        y: (a.y + b.y) / 2.0 + ny * bend,
    };
    // pull the end back along the curve's final direction (control point to end)
    let (ex, ey) = (b.x - c.x, b.y - c.y);
    let el = (ex * ex + ey * ey).sqrt().max(1e-9);
    let end = Point {
        x: b.x - ex / el * rb,
        y: b.y - ey / el * rb,
    };
    (a, c, end)
}
