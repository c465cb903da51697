//! Round-trip tests for every exporter: a graph is built through the public pipeline
//! (gazetteer → extractor → graph builder) from hostile and ordinary briefs, written, parsed back
//! (quick-xml for GEXF, GraphML and the xlsx sheets, serde_json for JSON, a small reader for DOT,
//! the csv crate for CSV) and compared with the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::xlsx::MentionRow;
use super::{csv, display_label, dot, gexf, graphml, json, link_keys, xlsx};
use crate::date::Date;
use crate::extract::Extractor;
use crate::gazetteer::GazetteerBuilder;
use crate::graph::{ActorGraph, GraphBuilder, Kind, Link, Node, Window};
use crate::input::Document;

/// A gazetteer with hostile names: markup characters, quotes, a formula, a control character,
/// right-to-left text.
const GAZETTEER: &str = "id,name,type,aliases,affiliation,country,lat,lon\n\
iran,Iran,state,Islamic Republic of Iran,,,35.6944,51.4215\n\
oman,Oman,state,,,,23.5841,58.4078\n\
muscat,Muscat,place,,,oman,23.588,58\n\
ab-co,A & B <Co>,org,,,iran,,\n\
quoted-org,\"\"\"Quoted\"\" Org 'x'\",org,,,,,\n\
hyper,\"=HYPERLINK(\"\"x\"\")\",org,,,,,\n\
ctl-org,Ctl\u{1}Org,org,,,,,\n\
rtl-min,وزارة الخارجية,org,,,iran,,\n\
jane-roe,Jane Roe,person,,quoted-org,,,\n";

/// Invented briefs: (id, date, text).
const BRIEFS: &[(&str, &str, &str)] = &[
    (
        "brief-1.txt",
        "2024-03-01",
        "A & B <Co> met \"Quoted\" Org 'x' in Muscat with Oman. Jane Roe spoke for \"Quoted\" Org 'x'.",
    ),
    (
        "brief-2.txt",
        "2024-04-15",
        "=HYPERLINK(\"x\") said Ctl\u{1}Org and وزارة الخارجية talked to Iran.\n\nIran and Oman met again in Muscat.",
    ),
    ("brief-3.txt", "2024-05-20", "Oman and Iran agreed. A & B <Co> left Iran."),
];

struct Fixture {
    graph: ActorGraph,
    mentions: Vec<MentionRow>,
}

fn fixture(dated: bool) -> Fixture {
    let gazetteer = Arc::new(
        GazetteerBuilder::new()
            .defaults(false)
            .source("hostile.csv", GAZETTEER)
            .build()
            .expect("test gazetteer loads"),
    );
    let extractor = Extractor::new(gazetteer.clone());
    let mut builder = GraphBuilder::new(Window::Sentence);
    let mut mentions = Vec::new();
    for (id, date, text) in BRIEFS {
        let doc = Document {
            id: id.to_string(),
            date: dated.then(|| date.to_string()),
            text: text.to_string(),
            ..Document::default()
        };
        let ex = extractor.extract(&doc);
        builder.add(&extractor, &ex, &doc.text);
        mentions.extend(MentionRow::from_extraction(
            &extractor,
            &ex,
            &doc.text,
            Date::parse("2024-06-01", false).unwrap(),
        ));
    }
    let graph = builder.finish(
        gazetteer.as_ref(),
        Date::parse("2024-06-01", false).unwrap(),
        &crate::graph::FinishOptions::default(),
    );
    Fixture { graph, mentions }
}

fn bytes(f: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> Vec<u8> {
    let mut out = Vec::new();
    f(&mut out).expect("export succeeds");
    out
}

fn text(f: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> String {
    String::from_utf8(bytes(f)).expect("UTF-8 output")
}

/// The fixture has what the tests rely on.
#[test]
fn fixture_has_hostile_actors_and_relations() {
    let f = fixture(true);
    let ids: BTreeSet<&str> = f.graph.nodes().map(|n| n.id.as_str()).collect();
    for id in [
        "ab-co",
        "quoted-org",
        "hyper",
        "ctl-org",
        "rtl-min",
        "iran",
        "oman",
        "muscat",
        "jane-roe",
    ] {
        assert!(ids.contains(id), "{id} missing from {ids:?}");
    }
    let kinds: BTreeSet<Kind> = f.graph.links().map(|(_, _, l)| l.kind).collect();
    assert!(
        kinds.contains(&Kind::CoOccurrence) && kinds.contains(&Kind::LocatedIn),
        "{kinds:?}"
    );
    assert!(kinds.contains(&Kind::AffiliatedWith), "{kinds:?}");
    assert!(!f.mentions.is_empty());
}

// ---------- a tiny XML tree, read with quick-xml ----------

#[derive(Debug, Default, Clone)]
struct El {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<El>,
    text: String,
}

impl El {
    fn attr(&self, k: &str) -> Option<&str> {
        self.attrs.get(k).map(String::as_str)
    }

    /// Every descendant with this name, in document order.
    fn all<'a>(&'a self, name: &str) -> Vec<&'a El> {
        let mut out = Vec::new();
        for c in &self.children {
            if c.name == name {
                out.push(c);
            }
            out.extend(c.all(name));
        }
        out
    }

    fn child(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }
}

fn element(e: &BytesStart) -> El {
    let mut attrs = BTreeMap::new();
    for a in e.attributes() {
        let a = a.expect("well-formed attribute");
        let key = a.key.as_ref().to_string();
        let value = a
            .normalized_value(XmlVersion::Explicit1_0)
            .expect("valid escapes")
            .into_owned();
        assert!(
            attrs.insert(key.clone(), value).is_none(),
            "duplicate attribute {key}"
        );
    }
    El {
        name: e.name().as_ref().to_string(),
        attrs,
        ..El::default()
    }
}

/// Parses a document (panics when it is not well-formed) and checks it has no character that
/// XML 1.0 forbids.
fn parse_xml(s: &str) -> El {
    let illegal = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
    assert!(
        !s.chars().any(illegal),
        "character XML 1.0 forbids in output"
    );
    let mut reader = Reader::from_str(s);
    let mut stack = vec![El::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let el = element(&e);
                stack.last_mut().unwrap().children.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().expect("balanced tags").children.push(el);
            }
            Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().expect("valid character reference") {
                    Some(c) => c,
                    None => match &*r {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unknown entity &{other};"),
                    },
                };
                stack.last_mut().unwrap().text.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut root = stack.pop().unwrap();
    assert_eq!(root.children.len(), 1, "one root element");
    root.children.pop().unwrap()
}

fn node<'a>(g: &'a ActorGraph, id: &str) -> &'a Node {
    g.node(id).unwrap_or_else(|| panic!("node {id}"))
}

// ---------- GEXF ----------

fn gexf_values(el: &El) -> BTreeMap<String, String> {
    el.child("attvalues")
        .map(|a| {
            a.children
                .iter()
                .map(|v| {
                    (
                        v.attr("for").unwrap().to_string(),
                        v.attr("value").unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn gexf_round_trip_dynamic() {
    let f = fixture(true);
    let g = &f.graph;
    let doc = parse_xml(&text(|w| gexf::write(g, w)));
    assert_eq!(doc.name, "gexf");
    assert_eq!(doc.attr("xmlns"), Some("http://gexf.net/1.3"));
    assert_eq!(doc.attr("xmlns:viz"), Some("http://gexf.net/1.3/viz"));
    assert_eq!(doc.attr("version"), Some("1.3"));
    assert!(!doc.attrs.keys().any(|k| k.contains("schemaLocation")));
    let graph = doc.child("graph").unwrap();
    assert_eq!(graph.attr("defaultedgetype"), Some("undirected"));
    assert_eq!(graph.attr("mode"), Some("dynamic"));
    assert_eq!(graph.attr("timeformat"), Some("date"));
    assert_eq!(graph.attr("timerepresentation"), Some("interval"));

    let declared = |class: &str| -> BTreeMap<String, String> {
        graph
            .all("attributes")
            .into_iter()
            .filter(|a| a.attr("class") == Some(class))
            .flat_map(|a| a.children.iter())
            .map(|a| {
                (
                    a.attr("id").unwrap().to_string(),
                    a.attr("type").unwrap().to_string(),
                )
            })
            .collect()
    };
    let (node_decl, edge_decl) = (declared("node"), declared("edge"));
    assert_eq!(node_decl["mentions"], "long");
    assert_eq!(node_decl["lat"], "double");
    assert_eq!(node_decl["discovered"], "boolean");
    assert_eq!(edge_decl["relation_directed"], "boolean");
    for reserved in [
        "id", "label", "weight", "timeset", "kind", "type", "size", "x", "y",
    ] {
        assert!(
            !node_decl.contains_key(reserved) && !edge_decl.contains_key(reserved),
            "{reserved}"
        );
    }

    let nodes = graph.child("nodes").unwrap();
    assert_eq!(
        nodes.attr("count"),
        Some(g.graph.node_count().to_string().as_str())
    );
    assert_eq!(nodes.children.len(), g.graph.node_count());
    let by_id: BTreeMap<&str, &El> = nodes
        .children
        .iter()
        .map(|n| (n.attr("id").unwrap(), n))
        .collect();
    for n in g.nodes() {
        let el = by_id[n.id.as_str()];
        assert_eq!(el.attr("label").unwrap(), display_label(n));
        let values = gexf_values(el);
        assert!(
            values.keys().all(|k| node_decl.contains_key(k)),
            "undeclared attvalue on {}",
            n.id
        );
        assert_eq!(values["mentions"], n.mentions.to_string());
        assert_eq!(values["actor_type"], n.actor_type.as_str());
        let color = el.child("viz:color").unwrap();
        let (r, gr, b) = super::type_color(n.actor_type);
        assert_eq!(
            (color.attr("r"), color.attr("g"), color.attr("b")),
            (
                Some(&*r.to_string()),
                Some(&*gr.to_string()),
                Some(&*b.to_string())
            )
        );
        assert!(color.attr("hex").is_none());
        let size: f64 = el
            .child("viz:size")
            .unwrap()
            .attr("value")
            .unwrap()
            .parse()
            .unwrap();
        let most = g.nodes().map(|n| n.mentions).max().unwrap();
        assert!((size - super::node_size(n.mentions, most)).abs() < 0.001);
        assert!((super::MIN_NODE_SIZE..=super::MAX_NODE_SIZE).contains(&size));
        assert!(
            el.attr("start").is_some() && el.attr("end").is_some(),
            "{} has no interval",
            n.id
        );
    }
    let label = |id: &str| by_id[id].attr("label").unwrap();
    assert_eq!(label("ab-co"), "A & B <Co>");
    assert_eq!(label("quoted-org"), "\"Quoted\" Org 'x'");
    assert_eq!(label("hyper"), "=HYPERLINK(\"x\")");
    assert_eq!(label("ctl-org"), "CtlOrg");
    assert_eq!(label("rtl-min"), "وزارة الخارجية");
    let iran = gexf_values(by_id["iran"]);
    assert_eq!(
        (iran["lat"].as_str(), iran["lon"].as_str()),
        ("35.6944", "51.4215")
    );
    // every node is placed by the layout, people and organizations too
    assert!(by_id["iran"].child("viz:position").is_some());
    assert!(by_id["ab-co"].child("viz:position").is_some());

    let edges = graph.child("edges").unwrap();
    assert_eq!(edges.children.len(), g.graph.edge_count());
    let ids: BTreeSet<&str> = edges
        .children
        .iter()
        .map(|e| e.attr("id").unwrap())
        .collect();
    assert_eq!(ids.len(), edges.children.len(), "edge ids unique");
    let mut triples = BTreeSet::new();
    for (i, (el, (s, t, l))) in edges.children.iter().zip(g.links()).enumerate() {
        assert_eq!(el.attr("id").unwrap(), format!("e{}", i + 1));
        assert_eq!(
            (el.attr("source").unwrap(), el.attr("target").unwrap()),
            (s.id.as_str(), t.id.as_str())
        );
        assert_eq!(el.attr("kind").unwrap(), l.kind.as_str());
        assert_eq!(el.attr("weight").unwrap().parse::<f64>().unwrap(), l.weight);
        assert_eq!(
            el.attr("type"),
            l.kind.directed().then_some("directed"),
            "{} {} {}",
            s.id,
            t.id,
            l.kind
        );
        let values = gexf_values(el);
        assert!(values.keys().all(|k| edge_decl.contains_key(k)));
        assert_eq!(values["relation"], l.kind.as_str());
        assert_eq!(values["relation_directed"], l.kind.directed().to_string());
        assert_eq!(values["evidence"], l.evidence.to_string());
        let (a, b) = if s.id < t.id {
            (&s.id, &t.id)
        } else {
            (&t.id, &s.id)
        };
        assert!(triples.insert((a.clone(), b.clone(), el.attr("kind").unwrap().to_string())));
        // every dated edge lies inside both end points
        if let (Some(es), Some(ee)) = (el.attr("start"), el.attr("end")) {
            assert!(es <= ee);
            for end in [&s.id, &t.id] {
                let n = by_id[end.as_str()];
                assert!(
                    n.attr("start").unwrap() <= es && ee <= n.attr("end").unwrap(),
                    "edge {} outside {end}",
                    i + 1
                );
            }
        }
    }
    let example = edges
        .children
        .iter()
        .map(gexf_values)
        .find(|v| v.get("example").is_some_and(|x| x.contains("HYPERLINK")))
        .expect("an example sentence with the formula");
    assert!(
        example["example"].starts_with("=HYPERLINK(\"x\") said CtlOrg"),
        "{}",
        example["example"]
    );
    // the node interval is the hull of the actor's dates
    assert_eq!(by_id["oman"].attr("start"), Some("2024-03-01"));
    assert_eq!(by_id["oman"].attr("end"), Some("2024-05-20"));
}

#[test]
fn gexf_is_static_without_dates() {
    let f = fixture(false);
    let s = text(|w| gexf::write(&f.graph, w));
    let doc = parse_xml(&s);
    let graph = doc.child("graph").unwrap();
    assert_eq!(graph.attr("mode"), Some("static"));
    assert!(graph.attr("timeformat").is_none());
    assert!(!s.contains("start=") && !s.contains("end="));
    assert_eq!(
        graph.child("edges").unwrap().children.len(),
        f.graph.graph.edge_count()
    );
}

#[test]
fn undated_relations_get_the_overlap_of_their_end_points() {
    let f = fixture(true);
    let t = gexf::timeline(&f.graph).expect("dynamic");
    let index: BTreeMap<&str, usize> = f
        .graph
        .nodes()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    for (i, (s, tg, l)) in f.graph.links().enumerate() {
        if l.first_seen.is_none() {
            let (a, b) = (
                t.nodes[index[s.id.as_str()]].unwrap(),
                t.nodes[index[tg.id.as_str()]].unwrap(),
            );
            let want = (a.0.max(b.0) <= a.1.min(b.1)).then_some((a.0.max(b.0), a.1.min(b.1)));
            assert_eq!(t.links[i], want, "{} {} {}", s.id, tg.id, l.kind);
        }
    }
}

// ---------- GraphML ----------

#[test]
fn graphml_round_trip() {
    let f = fixture(true);
    let g = &f.graph;
    let doc = parse_xml(&text(|w| graphml::write(g, w)));
    let graph = doc.child("graph").unwrap();
    let nodes = graph.all("node");
    assert_eq!(nodes.len(), g.graph.node_count());
    let pairs: BTreeSet<(String, String)> = g
        .links()
        .map(|(s, t, _)| {
            if s.id < t.id {
                (s.id.clone(), t.id.clone())
            } else {
                (t.id.clone(), s.id.clone())
            }
        })
        .collect();
    assert_eq!(graph.all("edge").len(), pairs.len());
    let data = |n: &El| -> BTreeMap<String, String> {
        n.children
            .iter()
            .map(|d| (d.attr("key").unwrap().to_string(), d.text.clone()))
            .collect()
    };
    let by_id: BTreeMap<&str, BTreeMap<String, String>> = nodes
        .iter()
        .map(|n| (n.attr("id").unwrap(), data(n)))
        .collect();
    assert_eq!(by_id["ab-co"]["label"], "A & B <Co>");
    assert_eq!(by_id["quoted-org"]["label"], "\"Quoted\" Org 'x'");
    assert_eq!(by_id["hyper"]["label"], "=HYPERLINK(\"x\")");
    assert_eq!(by_id["ctl-org"]["label"], "CtlOrg");
    assert_eq!(by_id["rtl-min"]["label"], "وزارة الخارجية");
    assert_eq!(by_id["muscat"]["lat"], "23.588");
    assert_eq!(
        by_id["iran"]["mentions"],
        node(g, "iran").mentions.to_string()
    );
}

// ---------- JSON ----------

#[test]
fn json_round_trip() {
    let f = fixture(true);
    let g = &f.graph;
    let v: serde_json::Value =
        serde_json::from_slice(&bytes(|w| json::write(g, w))).expect("valid JSON");
    assert_eq!(v["directed"], false);
    assert_eq!(v["multigraph"], true);
    assert_eq!(v["graph"]["documents"], BRIEFS.len() as u64);
    let nodes = v["nodes"].as_array().unwrap();
    let links = v["links"].as_array().unwrap();
    assert_eq!(nodes.len(), g.graph.node_count());
    assert_eq!(links.len(), g.graph.edge_count());
    let by_id: BTreeMap<&str, &serde_json::Value> = nodes
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    for n in g.nodes() {
        let j = by_id[n.id.as_str()];
        assert_eq!(j["label"], n.label.as_str());
        assert_eq!(j["mentions"], n.mentions);
        assert_eq!(j["actor_type"], n.actor_type.as_str());
        assert_eq!(j["lat"].as_f64(), n.lat);
        assert_eq!(j["lon"].as_f64(), n.lon);
        assert_eq!(j["discovered"], n.discovered);
    }
    assert_eq!(
        by_id["ctl-org"]["label"], "Ctl\u{1}Org",
        "JSON keeps the name as read"
    );
    assert_eq!(by_id["hyper"]["label"], "=HYPERLINK(\"x\")");
    assert!(by_id["iran"]["lat"].is_f64());
    assert!(
        by_id["muscat"]["lon"].is_f64(),
        "a whole-number coordinate is still a float"
    );
    assert!(by_id["muscat"]["mentions"].is_u64());
    assert!(
        by_id["ab-co"].get("lat").is_none(),
        "missing values are left out"
    );
    let mut keys = BTreeSet::new();
    for (j, (s, t, l)) in links.iter().zip(g.links()) {
        assert_eq!(
            (j["source"].as_str().unwrap(), j["target"].as_str().unwrap()),
            (s.id.as_str(), t.id.as_str())
        );
        assert_eq!(j["kind"], l.kind.as_str());
        assert_eq!(j["weight"].as_f64().unwrap(), l.weight);
        assert_eq!(j["relation_directed"], l.kind.directed());
        let (a, b) = if s.id < t.id {
            (&s.id, &t.id)
        } else {
            (&t.id, &s.id)
        };
        assert!(
            keys.insert((a.clone(), b.clone(), j["key"].as_str().unwrap().to_string())),
            "multigraph keys unique"
        );
    }
}

// ---------- DOT ----------

/// Reads the quoted strings and bare numerals of a DOT statement line.
fn dot_tokens(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '"' {
            let mut s = String::new();
            loop {
                match chars.next().expect("closed string") {
                    '\\' => s.push(chars.next().expect("escaped character")),
                    '"' => break,
                    c => s.push(c),
                }
            }
            out.push(s);
        } else if c.is_ascii_alphanumeric()
            || c == '.'
            || c == '_'
            || (c == '-'
                && chars
                    .peek()
                    .is_some_and(|d| d.is_ascii_digit() || *d == '.'))
        {
            let mut s = c.to_string();
            while let Some(&d) = chars.peek() {
                if d.is_ascii_alphanumeric() || d == '.' || d == '_' {
                    s.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(s);
        }
    }
    out
}

/// Attribute pairs of a DOT statement: after the first `[`, `name=value` tokens.
fn dot_attrs(line: &str) -> BTreeMap<String, String> {
    let list = &line[line.find('[').expect("attribute list")..];
    let t = dot_tokens(list);
    t.chunks(2).map(|c| (c[0].clone(), c[1].clone())).collect()
}

#[test]
fn dot_round_trip() {
    let f = fixture(true);
    let g = &f.graph;
    let s = text(|w| dot::write(g, w));
    assert!(s.starts_with("graph actors {\n") && s.trim_end().ends_with('}'));
    assert!(!s.contains("->"), "undirected graph");
    let lines: Vec<&str> = s.lines().map(str::trim).collect();
    let node_lines: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with('"') && !l.contains(" -- "))
        .collect();
    let edge_lines: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.contains("\" -- \""))
        .collect();
    assert_eq!(node_lines.len(), g.graph.node_count());
    assert_eq!(edge_lines.len(), g.graph.edge_count());
    let labels: BTreeMap<String, String> = node_lines
        .iter()
        .map(|l| (dot_tokens(l)[0].clone(), dot_attrs(l)["label"].clone()))
        .collect();
    for n in g.nodes() {
        assert_eq!(labels[&n.id], display_label(n));
    }
    assert_eq!(labels["quoted-org"], "\"Quoted\" Org 'x'");
    assert_eq!(labels["hyper"], "=HYPERLINK(\"x\")");
    for (line, (s, t, l)) in edge_lines.iter().zip(g.links()) {
        let toks = dot_tokens(line);
        assert_eq!(
            (toks[0].as_str(), toks[1].as_str()),
            (s.id.as_str(), t.id.as_str())
        );
        let a = dot_attrs(line);
        assert_eq!(a["kind"], l.kind.as_str());
        assert_eq!(a["weight"].parse::<f64>().unwrap(), l.weight);
        assert_eq!(
            a.get("style").map(String::as_str),
            (l.kind != Kind::CoOccurrence).then_some("dashed")
        );
        assert_eq!(a.contains_key("dir"), l.kind.directed());
    }
}

// ---------- xlsx ----------

/// A sheet read back: rows of (cell type, value); type `s` = shared string, `n` = number,
/// `b` = boolean; formulas are reported as type `f`.
type Sheet = Vec<Vec<(String, String)>>;

fn read_xlsx(data: &[u8]) -> BTreeMap<String, Sheet> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(data)).expect("xlsx is a zip");
    let mut file = |name: &str| {
        let mut s = String::new();
        zip.by_name(name)
            .unwrap_or_else(|_| panic!("{name} in xlsx"))
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    let strings: Vec<String> = parse_xml(&file("xl/sharedStrings.xml"))
        .all("si")
        .iter()
        .map(|si| si.all("t").iter().map(|t| t.text.as_str()).collect())
        .collect();
    let workbook = parse_xml(&file("xl/workbook.xml"));
    let mut out = BTreeMap::new();
    for (i, sheet) in workbook.all("sheet").iter().enumerate() {
        let doc = parse_xml(&file(&format!("xl/worksheets/sheet{}.xml", i + 1)));
        let view = doc.all("pane");
        assert_eq!(
            view.first().and_then(|p| p.attr("state")),
            Some("frozen"),
            "frozen header"
        );
        assert!(!doc.all("autoFilter").is_empty(), "autofilter");
        assert!(!doc.all("col").is_empty(), "column widths");
        let rows: Sheet = doc
            .all("row")
            .iter()
            .map(|row| {
                row.all("c")
                    .iter()
                    .map(|c| {
                        if c.child("f").is_some() {
                            return ("f".to_string(), String::new());
                        }
                        let v = c.child("v").map(|v| v.text.clone()).unwrap_or_default();
                        match c.attr("t") {
                            Some("s") => ("s".into(), strings[v.parse::<usize>().unwrap()].clone()),
                            // constant-memory sheets keep their strings inline
                            Some("inlineStr") => (
                                "s".into(),
                                c.child("is")
                                    .map(|is| is.all("t").iter().map(|t| t.text.as_str()).collect())
                                    .unwrap_or_default(),
                            ),
                            Some(t) => (t.to_string(), v),
                            None => ("n".into(), v),
                        }
                    })
                    .collect()
            })
            .collect();
        out.insert(sheet.attr("name").unwrap().to_string(), rows);
    }
    out
}

#[test]
fn xlsx_round_trip() {
    let f = fixture(true);
    let g = &f.graph;
    let sheets = read_xlsx(&bytes(|w| xlsx::write(g, &f.mentions, w)));
    assert_eq!(
        sheets.keys().collect::<Vec<_>>(),
        ["Actors", "Links", "Mentions"]
    );
    for (name, rows) in &sheets {
        assert!(
            rows.iter().flatten().all(|(t, _)| t != "f"),
            "formula cell in {name}"
        );
    }
    let actors = &sheets["Actors"];
    assert_eq!(actors.len(), g.graph.node_count() + 1);
    assert_eq!(actors[0].len(), xlsx::ACTOR_HEADER.len());
    let col = |name: &str| xlsx::ACTOR_HEADER.iter().position(|h| *h == name).unwrap();
    let row_of = |id: &str| {
        actors
            .iter()
            .find(|r| r[0].1 == id)
            .unwrap_or_else(|| panic!("row {id}"))
    };
    // cells are written sparsely: find them by column letter order (every row has Id, Label,
    // actor_type, mentions, documents, discovered)
    let hyper = row_of("hyper");
    assert_eq!(
        hyper[col("Label")],
        ("s".to_string(), "=HYPERLINK(\"x\")".to_string())
    );
    assert_eq!(row_of("ctl-org")[1].1, "CtlOrg");
    assert_eq!(row_of("rtl-min")[1].1, "وزارة الخارجية");
    let iran = row_of("iran");
    assert!(
        iran.iter().any(|(t, v)| t == "n" && v == "35.6944"),
        "lat is a number: {iran:?}"
    );
    assert!(iran
        .iter()
        .any(|(t, v)| t == "n" && *v == node(g, "iran").mentions.to_string()));
    assert!(
        iran.iter().any(|(t, _)| t == "b"),
        "discovered is a boolean"
    );
    let links = &sheets["Links"];
    assert_eq!(links.len(), g.graph.edge_count() + 1);
    assert_eq!(
        links[0].iter().map(|c| c.1.as_str()).collect::<Vec<_>>(),
        xlsx::LINK_HEADER
    );
    let mentions = &sheets["Mentions"];
    assert_eq!(mentions.len(), f.mentions.len() + 1);
    let m = &f.mentions[0];
    assert_eq!(mentions[1][0], ("s".to_string(), m.document.clone()));
    assert_eq!(mentions[1][2], ("n".to_string(), m.start.to_string()));
    assert_eq!(mentions[1][4], ("s".to_string(), m.surface.clone()));
}

// ---------- CSV (hostile names) ----------

#[test]
fn csv_hostile_names_stay_text() {
    let f = fixture(true);
    let raw = bytes(|w| csv::write_nodes(&f.graph, w, csv::Dialect::Excel));
    let body = std::str::from_utf8(&raw)
        .unwrap()
        .trim_start_matches('\u{FEFF}');
    let mut r = ::csv::ReaderBuilder::new().from_reader(body.as_bytes());
    let rows: Vec<::csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), f.graph.graph.node_count());
    let label = |id: &str| rows.iter().find(|r| &r[0] == id).unwrap()[1].to_string();
    assert_eq!(label("hyper"), "'=HYPERLINK(\"x\")");
    assert_eq!(label("ab-co"), "A & B <Co>");
    assert_eq!(label("quoted-org"), "\"Quoted\" Org 'x'");
    assert_eq!(label("rtl-min"), "وزارة الخارجية");
}

// ---------- every format at once ----------

#[test]
fn hostile_names_export_cleanly_to_every_format() {
    for dated in [true, false] {
        let f = fixture(dated);
        let g = &f.graph;
        for s in [text(|w| gexf::write(g, w)), text(|w| graphml::write(g, w))] {
            let doc = parse_xml(&s);
            let labels: Vec<String> = doc
                .all("node")
                .iter()
                .filter_map(|n| n.attr("label").map(str::to_string))
                .chain(
                    doc.all("data")
                        .iter()
                        .filter(|d| d.attr("key") == Some("label"))
                        .map(|d| d.text.clone()),
                )
                .collect();
            for want in [
                "A & B <Co>",
                "\"Quoted\" Org 'x'",
                "=HYPERLINK(\"x\")",
                "CtlOrg",
                "وزارة الخارجية",
            ] {
                assert!(labels.iter().any(|l| l == want), "{want} in {labels:?}");
            }
        }
        let j: serde_json::Value = serde_json::from_slice(&bytes(|w| json::write(g, w))).unwrap();
        assert_eq!(j["nodes"].as_array().unwrap().len(), g.graph.node_count());
        let d = text(|w| dot::write(g, w));
        assert!(d.lines().all(|l| dot_tokens(l).len() < 100));
        assert!(
            !d.chars().any(|c| c.is_control() && c != '\n'),
            "no control characters in DOT"
        );
        let x = bytes(|w| xlsx::write(g, &f.mentions, w));
        assert_eq!(read_xlsx(&x)["Actors"].len(), g.graph.node_count() + 1);
        for dialect in [csv::Dialect::Excel, csv::Dialect::Gephi] {
            let e = bytes(|w| csv::write_edges(g, w, dialect));
            let body = String::from_utf8(e).unwrap();
            let rows = ::csv::Reader::from_reader(body.trim_start_matches('\u{FEFF}').as_bytes())
                .records()
                .count();
            assert_eq!(rows, g.graph.edge_count());
        }
    }
}

// ---------- link keys ----------

/// A node of the fixture under another id (built by cloning, so new fields need no care here).
fn plain_node(template: &Node, id: &str) -> Node {
    let mut n = template.clone();
    n.id = id.into();
    n.label = id.to_uppercase();
    n.first_seen = None;
    n.last_seen = None;
    n
}

fn plain_link(template: &Link, kind: Kind) -> Link {
    let mut l = template.clone();
    l.kind = kind;
    l.first_seen = None;
    l.last_seen = None;
    l
}

#[test]
fn opposite_relations_of_one_kind_stay_apart() {
    let f = fixture(false);
    let (n, l) = (
        f.graph.nodes().next().unwrap(),
        f.graph.links().next().unwrap().2,
    );
    let mut g = ActorGraph::default();
    let a = g.graph.add_node(plain_node(n, "a"));
    let b = g.graph.add_node(plain_node(n, "b"));
    g.graph.add_edge(a, b, plain_link(l, Kind::CoOccurrence));
    g.graph.add_edge(a, b, plain_link(l, Kind::Hosts));
    g.graph.add_edge(b, a, plain_link(l, Kind::Hosts));
    g.graph.add_edge(b, a, plain_link(l, Kind::Mediates));
    assert_eq!(
        link_keys(&g),
        ["co-occurrence", "hosts", "hosts>", "mediates"]
    );
    let doc = parse_xml(&text(|w| gexf::write(&g, w)));
    let kinds: Vec<&str> = doc
        .all("edge")
        .iter()
        .map(|e| e.attr("kind").unwrap())
        .collect();
    assert_eq!(kinds, ["co-occurrence", "hosts", "hosts>", "mediates"]);
    let relations: Vec<String> = doc
        .all("edge")
        .iter()
        .map(|e| gexf_values(e)["relation"].clone())
        .collect();
    assert_eq!(relations, ["co-occurrence", "hosts", "hosts", "mediates"]);
    assert!(gexf::timeline(&g).is_none());
}

// ---------- issue 14: GEXF sizes and directions ----------

/// A graph from invented briefs over the hostile gazetteer: `(id, date, text)`.
fn graph_of(
    briefs: &[(&str, Option<&str>, String)],
    opts: &crate::graph::FinishOptions,
) -> ActorGraph {
    let gazetteer = Arc::new(
        GazetteerBuilder::new()
            .defaults(false)
            .source("hostile.csv", GAZETTEER)
            .build()
            .expect("test gazetteer loads"),
    );
    let extractor = Extractor::new(gazetteer.clone());
    let mut builder = GraphBuilder::new(Window::Sentence);
    for (id, date, text) in briefs {
        let doc = Document {
            id: id.to_string(),
            date: date.map(str::to_string),
            text: text.clone(),
            ..Document::default()
        };
        let ex = extractor.extract(&doc);
        builder.add(&extractor, &ex, &doc.text);
    }
    builder.finish(
        gazetteer.as_ref(),
        Date::parse("2024-06-01", false).unwrap(),
        opts,
    )
}

#[test]
fn gexf_sizes_stay_in_a_fixed_range_however_many_mentions() {
    // Iran in 4,000 sentences, Oman in one of them: an unbounded 5 + 2·√mentions gave 131
    let mut brief = String::new();
    for i in 0..4000 {
        brief.push_str(if i == 0 {
            "Iran met Oman in Muscat. "
        } else {
            "Iran spoke again. "
        });
    }
    let g = graph_of(&[("big.txt", None, brief)], &Default::default());
    assert!(node(&g, "iran").mentions >= 4000);
    let doc = parse_xml(&text(|w| gexf::write(&g, w)));
    let sizes: BTreeMap<String, f64> = doc
        .child("graph")
        .unwrap()
        .child("nodes")
        .unwrap()
        .children
        .iter()
        .map(|n| {
            let v = n
                .child("viz:size")
                .unwrap()
                .attr("value")
                .unwrap()
                .parse()
                .unwrap();
            (n.attr("id").unwrap().to_string(), v)
        })
        .collect();
    assert_eq!(sizes["iran"], super::MAX_NODE_SIZE, "{sizes:?}");
    assert_eq!(sizes["oman"], super::MIN_NODE_SIZE, "{sizes:?}");
    assert!(sizes
        .values()
        .all(|s| (super::MIN_NODE_SIZE..=super::MAX_NODE_SIZE).contains(s)));
}

#[test]
fn gexf_directed_relations_carry_type_directed() {
    let f = fixture(true);
    let doc = parse_xml(&text(|w| gexf::write(&f.graph, w)));
    let edges = doc.child("graph").unwrap().child("edges").unwrap();
    let mut directed = 0;
    for el in &edges.children {
        let kind = el.attr("label").unwrap();
        let want = matches!(
            kind,
            "affiliated_with" | "located_in" | "mediates" | "hosts"
        );
        assert_eq!(el.attr("type") == Some("directed"), want, "{kind}");
        assert_ne!(
            el.attr("type"),
            Some("undirected"),
            "undirected is the default"
        );
        directed += usize::from(want);
    }
    assert!(directed > 0, "the fixture has directed relations");
    // places keep their coordinates as attributes beside the viz position
    let nodes = doc.child("graph").unwrap().child("nodes").unwrap();
    let muscat = nodes
        .children
        .iter()
        .find(|n| n.attr("id") == Some("muscat"))
        .unwrap();
    let v = gexf_values(muscat);
    assert_eq!((v["lat"].as_str(), v["lon"].as_str()), ("23.588", "58"));
}

// ---------- issue 14: weights of GraphML edges and typed relations ----------

fn weighted(w: crate::graph::Weighting) -> ActorGraph {
    let briefs: Vec<(&str, Option<&str>, String)> = BRIEFS
        .iter()
        .map(|(id, d, t)| (*id, Some(*d), t.to_string()))
        .collect();
    graph_of(
        &briefs,
        &crate::graph::FinishOptions {
            weight: w,
            ..Default::default()
        },
    )
}

#[test]
fn graphml_weight_follows_weight_option() {
    use crate::graph::Weighting;
    for w in [
        Weighting::Count,
        Weighting::Documents,
        Weighting::Association,
        Weighting::Pmi,
        Weighting::Jaccard,
    ] {
        let g = weighted(w);
        let doc = parse_xml(&text(|out| graphml::write(&g, out)));
        let edges = doc.child("graph").unwrap().all("edge");
        let weight_of = |a: &str, b: &str| -> f64 {
            let e = edges
                .iter()
                .find(|e| {
                    let (s, t) = (e.attr("source").unwrap(), e.attr("target").unwrap());
                    (s, t) == (a, b) || (s, t) == (b, a)
                })
                .unwrap_or_else(|| panic!("edge {a}-{b}"));
            e.children
                .iter()
                .find(|d| d.attr("key") == Some("weight"))
                .unwrap()
                .text
                .parse()
                .unwrap()
        };
        let mut cooc = 0;
        for (s, t, l) in g.links() {
            if l.kind == Kind::CoOccurrence {
                cooc += 1;
                assert_eq!(weight_of(&s.id, &t.id), l.weight, "{w} {}-{}", s.id, t.id);
            }
        }
        assert!(cooc > 0);
    }
}

#[test]
fn relation_only_pairs_never_outweigh_cooccurrence_under_scored_weights() {
    use crate::graph::Weighting;
    for w in [Weighting::Association, Weighting::Pmi, Weighting::Jaccard] {
        let g = weighted(w);
        let weakest = g
            .links()
            .filter(|l| l.2.kind == Kind::CoOccurrence)
            .map(|l| l.2.weight)
            .min_by(f64::total_cmp)
            .unwrap();
        let mut relations = 0;
        for (s, t, l) in g.links() {
            if l.kind != Kind::CoOccurrence {
                relations += 1;
                assert_eq!(l.weight, weakest, "{w}: {} {} {}", s.id, t.id, l.kind);
            }
        }
        assert!(relations > 0);
        // the same weights reach GEXF, CSV and GraphML's relation-only pairs
        let gexf = parse_xml(&text(|out| gexf::write(&g, out)));
        for e in &gexf
            .child("graph")
            .unwrap()
            .child("edges")
            .unwrap()
            .children
        {
            let weight: f64 = e.attr("weight").unwrap().parse().unwrap();
            assert!(weight <= 1.0 || w == Weighting::Pmi, "{w}: {e:?}");
            if e.attr("label") != Some("co-occurrence") {
                assert_eq!(weight, weakest, "{w}");
            }
        }
        let gml = parse_xml(&text(|out| graphml::write(&g, out)));
        for e in gml.child("graph").unwrap().all("edge") {
            let cooc = e
                .children
                .iter()
                .find(|d| d.attr("key") == Some("cooccurrence"))
                .unwrap();
            if cooc.text == "0" {
                let weight = e
                    .children
                    .iter()
                    .find(|d| d.attr("key") == Some("weight"))
                    .unwrap();
                assert_eq!(weight.text.parse::<f64>().unwrap(), weakest, "{w}");
            }
        }
    }
    // under `documents`, a relation counts its documents, not its sentences
    let g = weighted(Weighting::Documents);
    for (_, _, l) in g.links().filter(|l| l.2.kind != Kind::CoOccurrence) {
        assert_eq!(l.weight, l.documents.max(1) as f64, "{}", l.kind);
    }
}

// ---------- issue 14: xlsx in constant memory, deterministic ----------

#[test]
fn xlsx_mentions_sheet_is_written_in_constant_memory_mode() {
    let f = fixture(true);
    let data = bytes(|w| xlsx::write(&f.graph, &f.mentions, w));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&data)).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet3.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    // constant-memory sheets are streamed with inline strings, never the shared table
    assert!(
        sheet.contains(r#"t="inlineStr""#),
        "{}",
        &sheet[..sheet.len().min(600)]
    );
    assert!(!sheet.contains(r#"t="s""#));
    let sheets = read_xlsx(&data);
    let rows = &sheets["Mentions"];
    assert_eq!(rows.len(), f.mentions.len() + 1);
    assert_eq!(
        rows[0].iter().map(|c| c.1.as_str()).collect::<Vec<_>>(),
        xlsx::MENTION_HEADER
    );
    for (row, m) in rows[1..].iter().zip(&f.mentions) {
        assert_eq!(row[0].1, m.document);
        assert_eq!(row[4].1, super::xml::clean(&m.surface));
        assert_eq!(row[5].1, m.entity);
    }
}

#[test]
fn xlsx_is_byte_identical_across_runs() {
    let f = fixture(true);
    let first = bytes(|w| xlsx::write(&f.graph, &f.mentions, w));
    // the creation time used to be the clock's (second resolution): let it move on
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = bytes(|w| xlsx::write(&f.graph, &f.mentions, w));
    assert!(
        first == second,
        "graph.xlsx differs between two identical runs"
    );
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&first)).unwrap();
    let mut core = String::new();
    zip.by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut core)
        .unwrap();
    // the newest document date of the fixture, not the clock
    assert!(core.contains("2024-05-20T00:00:00Z"), "{core}");
}

/// Regression (issue 14, item 14): people and organizations had no `viz:position` (sigma.js
/// refuses such a graph, Gephi Lite piles them at the origin).
#[test]
fn gexf_every_node_has_a_distinct_position() {
    let f = fixture(true);
    let doc = parse_xml(&text(|w| gexf::write(&f.graph, w)));
    let nodes = doc.child("graph").unwrap().child("nodes").unwrap();
    assert!(nodes.children.len() > 3);
    let mut seen = Vec::new();
    for n in &nodes.children {
        let p = n
            .child("viz:position")
            .unwrap_or_else(|| panic!("{:?} has no position", n.attr("id")));
        let x: f64 = p.attr("x").unwrap().parse().unwrap();
        let y: f64 = p.attr("y").unwrap().parse().unwrap();
        assert!(x.is_finite() && y.is_finite() && x.abs() <= 500.0 && y.abs() <= 500.0);
        assert!(!seen.contains(&(x, y)), "two nodes at ({x}, {y})");
        seen.push((x, y));
    }
    // the same graph, the same positions
    assert_eq!(
        text(|w| gexf::write(&f.graph, w)),
        text(|w| gexf::write(&f.graph, w))
    );
}

/// Each format declares exactly the columns of the schema tables, in table order, with their
/// types, and writes no value outside them: GraphML keys, GEXF attributes, JSON fields, CSV and
/// xlsx headers all come from `super::schema`.
#[test]
fn every_format_writes_the_columns_of_the_schema_tables() {
    use super::schema::{self, Target, LINK_COLUMNS, NODE_COLUMNS, PAIR_COLUMNS};
    let f = fixture(true);
    let g = &f.graph;

    let graphml = parse_xml(&text(|w| graphml::write(g, w)));
    let keys = |for_: &str| -> Vec<(String, String)> {
        graphml
            .all("key")
            .iter()
            .filter(|k| k.attr("for") == Some(for_))
            .map(|k| {
                (
                    k.attr("attr.name").unwrap().into(),
                    k.attr("attr.type").unwrap().into(),
                )
            })
            .collect()
    };
    let want = |cols: Vec<(&'static str, &'static str)>| -> Vec<(String, String)> {
        cols.into_iter()
            .map(|(n, t)| (n.into(), t.into()))
            .collect()
    };
    let node_cols = schema::columns(NODE_COLUMNS, Target::Graphml)
        .map(|c| (c.name_in(Target::Graphml), c.ty.graphml()))
        .collect();
    assert_eq!(keys("node"), want(node_cols));
    let pair_cols = PAIR_COLUMNS
        .iter()
        .map(|c| (c.name, c.ty.graphml()))
        .collect();
    assert_eq!(keys("edge"), want(pair_cols));
    let declared: BTreeSet<&str> = graphml
        .all("key")
        .iter()
        .map(|k| k.attr("id").unwrap())
        .collect();
    for d in graphml.all("data") {
        assert!(declared.contains(d.attr("key").unwrap()), "{:?}", d.attrs);
    }

    let gexf = parse_xml(&text(|w| gexf::write(g, w)));
    for (class, table) in [
        ("node", schema::header(NODE_COLUMNS, Target::Gexf)),
        ("edge", schema::header(LINK_COLUMNS, Target::Gexf)),
    ] {
        let attributes = gexf
            .all("attributes")
            .into_iter()
            .find(|a| a.attr("class") == Some(class))
            .unwrap();
        let ids: Vec<&str> = attributes
            .all("attribute")
            .iter()
            .map(|a| a.attr("id").unwrap())
            .collect();
        assert_eq!(ids, table, "GEXF {class} attributes");
    }

    let v: serde_json::Value = serde_json::from_slice(&bytes(|w| json::write(g, w))).unwrap();
    for (list, table) in [
        ("nodes", schema::header(NODE_COLUMNS, Target::Json)),
        ("links", schema::header(LINK_COLUMNS, Target::Json)),
    ] {
        for o in v[list].as_array().unwrap() {
            // every field is a column of the table (missing values are left out; the order is
            // the golden file's business: serde_json's map sorts the keys)
            for k in o.as_object().unwrap().keys() {
                assert!(table.contains(&k.as_str()), "JSON {list}: {k} is no column");
            }
            for always in [
                "id",
                "source",
                "target",
                "kind",
                "weight",
                "mentions",
                "actor_type",
            ] {
                if table.contains(&always) {
                    assert!(o.get(always).is_some(), "JSON {list} without {always}");
                }
            }
        }
    }

    let header = |b: Vec<u8>| -> Vec<String> {
        let t = String::from_utf8(b).unwrap();
        let first = t
            .trim_start_matches('\u{FEFF}')
            .lines()
            .next()
            .unwrap()
            .to_string();
        first.split(',').map(String::from).collect()
    };
    let nodes = header(bytes(|w| csv::write_nodes(g, w, csv::Dialect::Excel)));
    assert_eq!(nodes, schema::header(NODE_COLUMNS, Target::Csv));
    let edges = header(bytes(|w| csv::write_edges(g, w, csv::Dialect::Excel)));
    assert_eq!(edges, schema::header(LINK_COLUMNS, Target::Csv));
}

/// `edges.csv` rendered in chunks on a pool of workers is, byte for byte, `edges.csv` written
/// row by row: the rows in link order, the ids counted across chunks and groups of chunks.
#[test]
fn edges_rendered_in_parallel_chunks_are_the_rows_written_in_order() {
    let briefs: Vec<(&str, Option<&str>, String)> = vec![
        ("a.txt", Some("2024-01-02"), "Iran met Oman in Muscat. Oman hosted the talks between Iran and the United States, and Qatar, Israel and Egypt watched.".to_string()),
        ("b.txt", Some("2024-02-03"), "Egypt, Qatar and Oman met. Israel and Iran spoke; the United States and Qatar met in Doha.".to_string()),
    ];
    let g = graph_of(&briefs, &Default::default());
    let links = g.links().count();
    // with one link a task, two groups of four tasks on two workers
    assert!(links >= 5, "{links} links");
    let whole = text(|w| csv::write_edges(&g, w, csv::Dialect::Excel));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    for chunk in [1, 2, links - 1] {
        let mut out = Vec::new();
        csv::write_edges_in_chunks(&g, &mut out, csv::Dialect::Excel, &pool, chunk).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), whole, "chunks of {chunk}");
    }
}
