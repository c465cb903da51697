//! A force-directed layout of the actor graph, for the drawings (`report.html`, `graph.svg`).
//!
//! The forces are ForceAtlas2's (Jacomy et al. 2014): every pair of actors repels in proportion to
//! the product of their degrees plus one, links attract in proportion to their length and weight,
//! and a weak gravity keeps separate components in view. Repulsion is approximated with a
//! Barnes–Hut quadtree (cells far enough away act as one body at their centre of mass), so one
//! iteration costs O(n log n) rather than O(n²). Steps are capped by a temperature that cools
//! geometrically, which makes the result converge without ForceAtlas2's adaptive speed bookkeeping.
//!
//! Actors with coordinates (places, states at their capital) start at their longitude and
//! latitude, the others at a pseudo-random spot drawn from the seed and their id, so the result is
//! a pure function of the graph and the seed: the same input gives the same picture, byte for
//! byte, on every run (no hash-map order, no threads, no clock).
//!
//! The positions are scaled into a square of [`LayoutOptions::extent`] units, in which a node's
//! radius is [`node_radius`]; a last pass pushes apart nodes whose discs overlap.

use crate::graph::ActorGraph;

/// A position in layout units (x to the right, y downwards, as in SVG).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Horizontal position.
    pub x: f64,
    /// Vertical position.
    pub y: f64,
}

/// How the layout runs.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutOptions {
    /// Seed of the starting positions of actors without coordinates.
    pub seed: u64,
    /// Number of iterations.
    pub iterations: usize,
    /// Barnes–Hut accuracy: a cell whose size over its distance is below this acts as one body
    /// (0 computes every pair exactly).
    pub theta: f64,
    /// Repulsion strength (ForceAtlas2's scaling ratio).
    pub repulsion: f64,
    /// Pull towards the centre, per unit of mass and of distance.
    pub gravity: f64,
    /// Width and height of the square the result is scaled into.
    pub extent: f64,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            seed: 1,
            iterations: 300,
            theta: 0.8,
            repulsion: 2.0,
            gravity: 0.2,
            extent: 1000.0,
        }
    }
}

/// The radius of an actor's disc in layout units: grows with the square root of its mentions,
/// capped so that one dominant actor does not cover the picture; in a picture of few actors
/// (`drawn` of them) every disc is up to twice as large, since there is room.
pub fn node_radius(mentions: u64, drawn: usize) -> f64 {
    let room = (100.0 / drawn.max(1) as f64).sqrt().clamp(1.0, 2.0);
    (4.0 + 2.2 * (mentions as f64).sqrt()).min(28.0) * room
}

/// Lays out every node of the graph; positions by node index.
pub fn layout(g: &ActorGraph, opts: &LayoutOptions) -> Vec<Point> {
    let keep = vec![true; g.graph.node_count()];
    let links = vec![true; g.graph.edge_count()];
    layout_subset(g, &keep, &links, opts)
        .into_iter()
        .map(|p| p.unwrap_or(Point { x: 0.0, y: 0.0 }))
        .collect()
}

/// Lays out the nodes whose `keep` flag is set (by node index), pulled together by the links
/// whose `links` flag is set (by edge index) between them; the others get `None`. Used when a
/// picture shows only the strongest part of a large graph.
pub fn layout_subset(
    g: &ActorGraph,
    keep: &[bool],
    links: &[bool],
    opts: &LayoutOptions,
) -> Vec<Option<Point>> {
    let n = g.graph.node_count();
    let mut local = vec![usize::MAX; n];
    let mut ids = Vec::new();
    for (i, k) in keep.iter().enumerate().take(n) {
        if *k {
            local[i] = ids.len();
            ids.push(i);
        }
    }
    let mut edges = Vec::new();
    for e in g.graph.edge_indices() {
        if !links.get(e.index()).copied().unwrap_or(false) {
            continue;
        }
        let (a, b) = g.graph.edge_endpoints(e).expect("edge exists");
        let (a, b) = (local[a.index()], local[b.index()]);
        if a != usize::MAX && b != usize::MAX && a != b {
            edges.push((a, b, g.graph[e].weight));
        }
    }
    let drawn = ids.len();
    let nodes: Vec<LayoutNode> = ids
        .iter()
        .map(|&i| {
            let node = &g.graph[petgraph::graph::NodeIndex::new(i)];
            LayoutNode {
                key: &node.id,
                radius: node_radius(node.mentions, drawn),
                geo: node.lat.zip(node.lon),
            }
        })
        .collect();
    let pos = run(&nodes, &edges, opts);
    let mut out = vec![None; n];
    for (l, &i) in ids.iter().enumerate() {
        out[i] = Some(pos[l]);
    }
    out
}

/// One node for [`run`]: a stable key for its starting point, its radius, its coordinates.
#[derive(Debug, Clone)]
pub struct LayoutNode<'a> {
    /// Stable key (the actor id): seeds the starting point of a node without coordinates.
    pub key: &'a str,
    /// Radius in layout units (for the overlap pass).
    pub radius: f64,
    /// Latitude and longitude, when known.
    pub geo: Option<(f64, f64)>,
}

/// splitmix64: a tiny, well-mixed generator for the starting positions.
fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a of a key, so a node's start does not depend on its index.
fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn unit(x: u64) -> f64 {
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// Runs the layout on plain nodes and weighted edges (indices into `nodes`).
pub fn run(
    nodes: &[LayoutNode<'_>],
    edges: &[(usize, usize, f64)],
    opts: &LayoutOptions,
) -> Vec<Point> {
    let n = nodes.len();
    if n == 0 {
        return Vec::new();
    }
    // the starting area grows with the number of nodes, like the space the forces settle in
    let spread = 10.0 * (n as f64).sqrt();
    let mut pos: Vec<Point> = nodes
        .iter()
        .map(|nd| {
            let h = splitmix(opts.seed ^ fnv(nd.key));
            let jitter = (unit(splitmix(h)) - 0.5) * 0.05 * spread;
            match nd.geo {
                Some((lat, lon)) if lat.is_finite() && lon.is_finite() => Point {
                    x: lon / 180.0 * spread + jitter,
                    y: -lat / 90.0 * spread * 0.5 + jitter,
                },
                _ => Point {
                    x: (unit(h) - 0.5) * 2.0 * spread,
                    y: (unit(splitmix(h ^ 0x5555)) - 0.5) * 2.0 * spread,
                },
            }
        })
        .collect();
    separate_identical(&mut pos, opts.seed);
    let mut degree = vec![0.0f64; n];
    let max_w = edges
        .iter()
        .map(|e| e.2)
        .filter(|w| w.is_finite())
        .fold(0.0f64, f64::max);
    let edges: Vec<(usize, usize, f64)> = edges
        .iter()
        .filter(|e| e.0 < n && e.1 < n && e.0 != e.1)
        .map(|&(a, b, w)| {
            degree[a] += 1.0;
            degree[b] += 1.0;
            // weights relative to the heaviest link, softened so one strong pair does not
            // collapse onto itself
            let w = if max_w > 0.0 && w.is_finite() && w > 0.0 {
                (w / max_w).sqrt()
            } else {
                0.1
            };
            (a, b, w)
        })
        .collect();
    let mass: Vec<f64> = degree.iter().map(|d| d + 1.0).collect();
    let mut force = vec![Point { x: 0.0, y: 0.0 }; n];
    let iterations = opts.iterations.max(1);
    let mut tree = QuadTree::default();
    for it in 0..iterations {
        for f in force.iter_mut() {
            *f = Point { x: 0.0, y: 0.0 };
        }
        tree.build(&pos, &mass);
        for (i, f) in force.iter_mut().enumerate() {
            let r = tree.repulsion(i, &pos, &mass, opts.theta, opts.repulsion);
            f.x += r.x;
            f.y += r.y;
            // gravity towards the origin, proportional to mass and distance (ForceAtlas2's
            // "strong gravity"), so actors linked to nothing stay near the rest instead of
            // drifting to where they would shrink the picture
            let g = opts.gravity * mass[i];
            f.x -= pos[i].x * g;
            f.y -= pos[i].y * g;
        }
        for &(a, b, w) in &edges {
            let dx = pos[b].x - pos[a].x;
            let dy = pos[b].y - pos[a].y;
            // linear attraction (force proportional to distance)
            force[a].x += dx * w;
            force[a].y += dy * w;
            force[b].x -= dx * w;
            force[b].y -= dy * w;
        }
        // temperature: the longest step allowed, cooling geometrically from a tenth of the
        // starting area to a thousandth
        let t = spread * 0.1 * 0.01f64.powf(it as f64 / iterations as f64);
        for i in 0..n {
            let (fx, fy) = (force[i].x / mass[i], force[i].y / mass[i]);
            let len = (fx * fx + fy * fy).sqrt();
            if len.is_finite() && len > 0.0 {
                let step = len.min(t);
                pos[i].x += fx / len * step;
                pos[i].y += fy / len * step;
            }
        }
    }
    scale_into(&mut pos, opts.extent, nodes);
    remove_overlaps(&mut pos, nodes, opts.extent);
    pos
}

/// Moves nodes that share a position apart a little, so no force divides by zero.
fn separate_identical(pos: &mut [Point], seed: u64) {
    let mut order: Vec<usize> = (0..pos.len()).collect();
    order.sort_by(|&a, &b| {
        pos[a]
            .x
            .total_cmp(&pos[b].x)
            .then(pos[a].y.total_cmp(&pos[b].y))
            .then(a.cmp(&b))
    });
    for w in 1..order.len() {
        let (p, q) = (order[w - 1], order[w]);
        if pos[p] == pos[q] {
            let h = splitmix(seed ^ q as u64);
            let angle = unit(h) * std::f64::consts::TAU;
            pos[q].x += angle.cos() * 0.5;
            pos[q].y += angle.sin() * 0.5;
        }
    }
}

/// Scales and centres the positions into a square of `extent` units (aspect kept), leaving a
/// margin for the discs.
fn scale_into(pos: &mut [Point], extent: f64, nodes: &[LayoutNode<'_>]) {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in pos.iter() {
        x0 = x0.min(p.x);
        y0 = y0.min(p.y);
        x1 = x1.max(p.x);
        y1 = y1.max(p.y);
    }
    let margin = nodes.iter().map(|n| n.radius).fold(0.0, f64::max) + 10.0;
    let span = (x1 - x0).max(y1 - y0);
    let usable = (extent - 2.0 * margin).max(1.0);
    let s = if span > 0.0 && span.is_finite() {
        usable / span
    } else {
        1.0
    };
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    for p in pos.iter_mut() {
        p.x = extent / 2.0 + (p.x - cx) * s;
        p.y = extent / 2.0 + (p.y - cy) * s;
        if !p.x.is_finite() || !p.y.is_finite() {
            *p = Point {
                x: extent / 2.0,
                y: extent / 2.0,
            };
        }
    }
}

/// A few sweeps that push apart any two discs that overlap (plus a small gap), then clamp into
/// the square. Neighbours are found with a sweep along x, so a sweep costs about O(n log n).
fn remove_overlaps(pos: &mut [Point], nodes: &[LayoutNode<'_>], extent: f64) {
    let n = pos.len();
    let gap = 2.0;
    let rmax = nodes.iter().map(|n| n.radius).fold(0.0, f64::max);
    for _ in 0..30 {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| pos[a].x.total_cmp(&pos[b].x).then(a.cmp(&b)));
        let mut moved = false;
        for k in 0..n {
            let i = order[k];
            for &j in &order[k + 1..] {
                if pos[j].x - pos[i].x > 2.0 * rmax + gap {
                    break;
                }
                let min = nodes[i].radius + nodes[j].radius + gap;
                let dx = pos[j].x - pos[i].x;
                let dy = pos[j].y - pos[i].y;
                let d = (dx * dx + dy * dy).sqrt();
                if d < min {
                    let (ux, uy) = if d > 1e-9 {
                        (dx / d, dy / d)
                    } else {
                        // same spot: split along a direction fixed by the pair
                        let a = unit(splitmix((i as u64) << 32 | j as u64)) * std::f64::consts::TAU;
                        (a.cos(), a.sin())
                    };
                    let push = (min - d) / 2.0;
                    pos[i].x -= ux * push;
                    pos[i].y -= uy * push;
                    pos[j].x += ux * push;
                    pos[j].y += uy * push;
                    moved = true;
                }
            }
        }
        for (p, nd) in pos.iter_mut().zip(nodes) {
            p.x = p.x.clamp(nd.radius, extent - nd.radius);
            p.y = p.y.clamp(nd.radius, extent - nd.radius);
        }
        if !moved {
            break;
        }
    }
}

/// A Barnes–Hut quadtree over the current positions, rebuilt every iteration. Cells live in one
/// vector; a leaf holds one body (or, past the depth limit, several at nearly the same spot).
#[derive(Debug, Default)]
struct QuadTree {
    cells: Vec<Cell>,
}

#[derive(Debug, Clone)]
struct Cell {
    cx: f64,
    cy: f64,
    half: f64,
    mass: f64,
    mx: f64,
    my: f64,
    /// First child (the four children are consecutive), or 0 for a leaf.
    children: usize,
    /// Bodies held by a leaf.
    bodies: Vec<usize>,
}

const MAX_DEPTH: usize = 24;

impl Cell {
    fn new(cx: f64, cy: f64, half: f64) -> Cell {
        Cell {
            cx,
            cy,
            half,
            mass: 0.0,
            mx: 0.0,
            my: 0.0,
            children: 0,
            bodies: Vec::new(),
        }
    }
}

impl QuadTree {
    fn build(&mut self, pos: &[Point], mass: &[f64]) {
        self.cells.clear();
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for p in pos {
            x0 = x0.min(p.x);
            y0 = y0.min(p.y);
            x1 = x1.max(p.x);
            y1 = y1.max(p.y);
        }
        let half = ((x1 - x0).max(y1 - y0) / 2.0).max(1e-6) * 1.0001;
        self.cells
            .push(Cell::new((x0 + x1) / 2.0, (y0 + y1) / 2.0, half));
        for i in 0..pos.len() {
            self.insert(i, pos, 0, 0);
        }
        // centres of mass, bottom-up: children always come after their parent
        for c in (0..self.cells.len()).rev() {
            let (m, mx, my) = if self.cells[c].children == 0 {
                let mut t = (0.0, 0.0, 0.0);
                for &b in &self.cells[c].bodies {
                    t.0 += mass[b];
                    t.1 += pos[b].x * mass[b];
                    t.2 += pos[b].y * mass[b];
                }
                t
            } else {
                let first = self.cells[c].children;
                let mut t = (0.0, 0.0, 0.0);
                for k in first..first + 4 {
                    t.0 += self.cells[k].mass;
                    t.1 += self.cells[k].mx * self.cells[k].mass;
                    t.2 += self.cells[k].my * self.cells[k].mass;
                }
                t
            };
            let cell = &mut self.cells[c];
            cell.mass = m;
            if m > 0.0 {
                cell.mx = mx / m;
                cell.my = my / m;
            }
        }
    }

    fn quadrant(cell: &Cell, p: Point) -> usize {
        usize::from(p.x >= cell.cx) + 2 * usize::from(p.y >= cell.cy)
    }

    fn insert(&mut self, body: usize, pos: &[Point], mut c: usize, mut depth: usize) {
        loop {
            if self.cells[c].children != 0 {
                c = self.cells[c].children + Self::quadrant(&self.cells[c], pos[body]);
                depth += 1;
                continue;
            }
            if self.cells[c].bodies.is_empty() || depth >= MAX_DEPTH {
                self.cells[c].bodies.push(body);
                return;
            }
            // split the leaf and move its bodies down
            let (cx, cy, h) = (self.cells[c].cx, self.cells[c].cy, self.cells[c].half / 2.0);
            let first = self.cells.len();
            self.cells.push(Cell::new(cx - h, cy - h, h));
            self.cells.push(Cell::new(cx + h, cy - h, h));
            self.cells.push(Cell::new(cx - h, cy + h, h));
            self.cells.push(Cell::new(cx + h, cy + h, h));
            let old = std::mem::take(&mut self.cells[c].bodies);
            self.cells[c].children = first;
            for b in old {
                let q = first + Self::quadrant(&self.cells[c], pos[b]);
                self.cells[q].bodies.push(b);
            }
            c = first + Self::quadrant(&self.cells[c], pos[body]);
            depth += 1;
        }
    }

    /// The repulsion on body `i`: k·mᵢ·m / d, away from each body or far cell.
    fn repulsion(&self, i: usize, pos: &[Point], mass: &[f64], theta: f64, k: f64) -> Point {
        let p = pos[i];
        let mut f = Point { x: 0.0, y: 0.0 };
        let mut push = |dx: f64, dy: f64, m: f64| {
            let d2 = (dx * dx + dy * dy).max(1e-4);
            // F = k mᵢ m / d along the unit vector: (dx, dy) · k mᵢ m / d²
            let s = k * mass[i] * m / d2;
            f.x += dx * s;
            f.y += dy * s;
        };
        let mut stack = vec![0usize];
        while let Some(c) = stack.pop() {
            let cell = &self.cells[c];
            if cell.mass == 0.0 {
                continue;
            }
            if cell.children == 0 {
                for &b in &cell.bodies {
                    if b != i {
                        push(p.x - pos[b].x, p.y - pos[b].y, mass[b]);
                    }
                }
                continue;
            }
            let dx = p.x - cell.mx;
            let dy = p.y - cell.my;
            let d = (dx * dx + dy * dy).sqrt();
            if d > 0.0 && 2.0 * cell.half / d < theta {
                push(dx, dy, cell.mass);
            } else {
                stack.extend(cell.children..cell.children + 4);
            }
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(keys: &[&'static str]) -> Vec<LayoutNode<'static>> {
        keys.iter()
            .map(|k| LayoutNode {
                key: k,
                radius: 8.0,
                geo: None,
            })
            .collect()
    }

    fn dist(a: Point, b: Point) -> f64 {
        ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
    }

    /// Two triangles joined by one bridge, plus a node linked to nothing.
    fn two_triangles() -> (Vec<LayoutNode<'static>>, Vec<(usize, usize, f64)>) {
        let n = nodes(&["a", "b", "c", "d", "e", "f", "lonely"]);
        let e = vec![
            (0, 1, 3.0),
            (1, 2, 3.0),
            (0, 2, 3.0),
            (3, 4, 3.0),
            (4, 5, 3.0),
            (3, 5, 3.0),
            (2, 3, 1.0),
        ];
        (n, e)
    }

    #[test]
    fn same_input_same_positions_and_the_seed_matters() {
        let (n, e) = two_triangles();
        let a = run(&n, &e, &LayoutOptions::default());
        let b = run(&n, &e, &LayoutOptions::default());
        assert_eq!(a, b);
        let c = run(
            &n,
            &e,
            &LayoutOptions {
                seed: 99,
                ..LayoutOptions::default()
            },
        );
        assert_ne!(a, c);
    }

    #[test]
    fn positions_are_finite_inside_the_square_and_discs_do_not_overlap() {
        let (n, e) = two_triangles();
        let opts = LayoutOptions::default();
        let p = run(&n, &e, &opts);
        for q in &p {
            assert!(q.x.is_finite() && q.y.is_finite(), "{q:?}");
            assert!(q.x >= 0.0 && q.x <= opts.extent && q.y >= 0.0 && q.y <= opts.extent);
        }
        for i in 0..p.len() {
            for j in i + 1..p.len() {
                assert!(dist(p[i], p[j]) >= 16.0 - 1e-6, "{i} {j} overlap");
            }
        }
    }

    #[test]
    fn nodes_at_the_same_spot_are_separated() {
        // five places with the same coordinates (a city and its districts in one gazetteer row)
        let n: Vec<LayoutNode<'static>> = ["p1", "p2", "p3", "p4", "p5"]
            .iter()
            .map(|k| LayoutNode {
                key: k,
                radius: 10.0,
                geo: Some((23.5841, 58.4078)),
            })
            .collect();
        let p = run(&n, &[], &LayoutOptions::default());
        for i in 0..p.len() {
            for j in i + 1..p.len() {
                assert!(p[i] != p[j]);
                assert!(dist(p[i], p[j]) >= 20.0 - 1e-6);
            }
        }
    }

    #[test]
    fn linked_actors_end_closer_than_unlinked_ones() {
        let (n, e) = two_triangles();
        let p = run(&n, &e, &LayoutOptions::default());
        let within = (dist(p[0], p[1]) + dist(p[1], p[2]) + dist(p[4], p[5])) / 3.0;
        let across = (dist(p[0], p[5]) + dist(p[1], p[4]) + dist(p[0], p[6])) / 3.0;
        assert!(within < across, "within {within} across {across}");
    }

    #[test]
    fn barnes_hut_is_close_to_the_exact_forces() {
        // a ring of 60 nodes: the approximate layout keeps neighbours as close as the exact one
        let keys: Vec<String> = (0..60).map(|i| format!("n{i}")).collect();
        let n: Vec<LayoutNode<'_>> = keys
            .iter()
            .map(|k| LayoutNode {
                key: k,
                radius: 4.0,
                geo: None,
            })
            .collect();
        let e: Vec<(usize, usize, f64)> = (0..60).map(|i| (i, (i + 1) % 60, 1.0)).collect();
        let mean_edge =
            |p: &[Point]| e.iter().map(|&(a, b, _)| dist(p[a], p[b])).sum::<f64>() / 60.0;
        let mean_all = |p: &[Point]| {
            let mut s = 0.0;
            for i in 0..60 {
                for j in i + 1..60 {
                    s += dist(p[i], p[j]);
                }
            }
            s / (60.0 * 59.0 / 2.0)
        };
        for theta in [0.0, 0.8] {
            let p = run(
                &n,
                &e,
                &LayoutOptions {
                    theta,
                    ..LayoutOptions::default()
                },
            );
            assert!(
                mean_edge(&p) * 3.0 < mean_all(&p),
                "theta {theta}: edges {} all {}",
                mean_edge(&p),
                mean_all(&p)
            );
        }
    }

    #[test]
    fn empty_and_single_graphs() {
        assert!(run(&[], &[], &LayoutOptions::default()).is_empty());
        let p = run(&nodes(&["x"]), &[], &LayoutOptions::default());
        assert_eq!(p.len(), 1);
        assert!(p[0].x.is_finite());
    }
}
