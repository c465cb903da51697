//! The invariants of actornet, written once and shared: the property tests (`tests/props.rs`,
//! a module of the integration binary) and the fuzz targets (`fuzz/`, which include this file by
//! path from `fuzz/src/lib.rs`) call the same checks. Every check panics with a message naming
//! the invariant when the library breaks a promise: libFuzzer records the input, proptest shrinks
//! it. This file may use only `actornet`, the standard library and crates both builds have
//! (`csv`, `quick-xml`, `serde_json`).
//!
//! * segmentation: sentence spans non-empty, in bounds, on char boundaries, trimmed, ordered;
//! * folding: `Folded` equals `fold`, and folded ranges map back onto whole original characters
//!   whose fold covers them;
//! * extraction: byte and code-point offsets of every mention slice the text to the same surface,
//!   inside its sentence, in order; a gazetteer mention folds to a name of its actor; role,
//!   title and relation claims in bounds;
//! * gazetteers: any text loads or fails with problems that name an existing line;
//! * exports: GraphML and GEXF parse (only XML 1.0 characters, one root, unique attributes),
//!   with one node per actor, every edge endpoint a node id, GraphML labels equal to the names;
//!   JSON parses, its fields are the schema's, its link ends are node ids; `nodes.csv`,
//!   `edges.csv` and `mentions.csv` read back to the same rows and cells, every edge end an `Id`;
//! * determinism: the same documents give the same bytes in every export, and a graph built in
//!   two parts and merged (as threads and `merge` do) is the graph of one builder.
// Each build uses only some of the checks (the fuzz targets one each, the properties most).
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use actornet::export::schema::{self, Target};
use actornet::export::{csv as csv_export, dot, gexf, graphml, json};
use actornet::extract::{ActorRef, Extraction, Extractor};
use actornet::gazetteer::{matcher::strip_article, Gazetteer, GazetteerBuilder};
use actornet::graph::{ActorGraph, FinishOptions, GraphBuilder, Window};
use actornet::input::Document;
use actornet::text::fold::fold;
use actornet::text::{sentences, Folded, FoldedText};

/// Whether checks compare folded texts exactly. They always do since the folding
/// inconsistency the first runs worked around (see `fuzz/README.md`) was fixed; setting
/// `ACTORNET_FUZZ_LENIENT` brings the old normalisation back for comparison runs.
pub fn strict() -> bool {
    static S: OnceLock<bool> = OnceLock::new();
    *S.get_or_init(|| std::env::var_os("ACTORNET_FUZZ_LENIENT").is_none())
}

fn known(s: &str) -> String {
    if strict() {
        s.to_string()
    } else {
        s.replace('`', "'").replace('\u{B}', " ")
    }
}

/// Bytes as text: valid UTF-8 as it is, anything else lossily (so every input is useful).
pub fn text_of(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// `text::sentences`: spans non-empty, in bounds, on char boundaries, trimmed, in order and
/// non-overlapping, paragraphs non-decreasing.
pub fn check_sentences(text: &str) {
    let spans = sentences(text);
    let mut last_end = 0usize;
    let mut last_para = 0usize;
    for (i, s) in spans.iter().enumerate() {
        assert!(s.start < s.end, "sentence {i} is empty: {s:?}");
        assert!(
            s.end <= text.len(),
            "sentence {i} past the end: {s:?} len {}",
            text.len()
        );
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "sentence {i} not on char boundaries: {s:?}"
        );
        assert!(
            s.start >= last_end,
            "sentence {i} overlaps or is out of order: {s:?} after {last_end}"
        );
        assert!(
            s.paragraph >= last_para,
            "paragraph numbers go back at sentence {i}"
        );
        let body = &text[s.start..s.end];
        assert_eq!(body.trim(), body, "sentence {i} is not trimmed");
        last_end = s.end;
        last_para = s.paragraph;
    }
}

/// `Folded`: the folded text equals [`fold`] (modulo the known ASCII fast-path issue), and every
/// folded char-boundary range maps back to a range on original char boundaries whose fold covers
/// the folded range.
pub fn check_fold(original: &str) {
    let f = Folded::new(original);
    assert_eq!(
        known(&f.text),
        known(&fold(original)),
        "Folded::new(s).text != fold(s)"
    );
    let mut reuse = Folded::new("something else, longer than most inputs \u{2019}");
    reuse.fold_into(original);
    assert_eq!(
        reuse.text, f.text,
        "fold_into on a reused buffer differs from a fresh fold"
    );
    let bounds: Vec<usize> = f
        .text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(f.text.len()))
        .collect();
    let n = bounds.len();
    for a in 0..n {
        let ends: Vec<usize> = if n <= 40 {
            (a + 1..n).collect()
        } else {
            // short ranges everywhere, long ones from a few starts (keeps a run linear-ish)
            let long = if a < 4 || a % 64 == 0 {
                vec![n - 1, a + (n - a) / 2]
            } else {
                vec![]
            };
            [a + 1, a + 2, a + 3, a + 7]
                .into_iter()
                .chain(long)
                .filter(|b| *b < n && *b > a)
                .collect()
        };
        for b in ends {
            let (s, e) = (bounds[a], bounds[b]);
            let (os, oe) = f.original_range(original, s, e);
            assert!(
                os <= oe && oe <= original.len(),
                "original_range({s},{e}) = ({os},{oe}) out of bounds"
            );
            assert!(
                original.is_char_boundary(os) && original.is_char_boundary(oe),
                "original_range({s},{e}) = ({os},{oe}) not on char boundaries"
            );
            let covered = known(&fold(&original[os..oe]));
            let want = known(&f.text[s..e]);
            assert!(
                covered.contains(want.as_str()),
                "fold(original[{os}..{oe}]) = {covered:?} does not cover folded[{s}..{e}] = {want:?}"
            );
        }
    }
}

/// [`FoldedText`]: the text folded once and viewed sentence by sentence gives each sentence
/// what folding it alone gives: the same folded text, and the same original range for every
/// folded char-boundary range (the matchers and the word splitter read these views).
pub fn check_folded_sentences(text: &str) {
    let spans = sentences(text);
    let doc = FoldedText::new(text, spans.iter().map(|s| (s.start, s.end)));
    for (i, s) in spans.iter().enumerate() {
        let piece = &text[s.start..s.end];
        let view = doc.piece(text, i);
        assert_eq!(
            view.original, piece,
            "the view of {}..{} is not the sentence",
            s.start, s.end
        );
        let alone = Folded::new(piece);
        assert_eq!(
            known(view.folded),
            known(&alone.text),
            "the document's fold of sentence {}..{} differs from its own fold",
            s.start,
            s.end
        );
        if view.folded != alone.text {
            continue; // the known ASCII fast-path difference: offsets are compared elsewhere
        }
        let bounds: Vec<usize> = (0..=view.folded.len())
            .filter(|&i| view.folded.is_char_boundary(i))
            .collect();
        for w in bounds.windows(2).take(400) {
            for b in [w[1], *bounds.last().unwrap()] {
                assert_eq!(
                    view.original_range(w[0], b),
                    alone.original_range(piece, w[0], b),
                    "original_range({}, {b}) of sentence {}..{}",
                    w[0],
                    s.start,
                    s.end
                );
            }
        }
    }
}

/// A small gazetteer with diacritics, typographic apostrophes and dashes, a capital metonym, a
/// dotted acronym, a person and an organization.
pub const SMALL_GAZETTEER: &str = "id,name,type,aliases,demonyms,metonyms,affiliation,country\n\
iran,Iran,state,Islamic Republic of Iran,Iranian,Tehran,,\n\
oman,Oman,state,Sultanate of Oman,Omani,Muscat,,\n\
muscat,Muscat,place,,,,,oman\n\
cote,Côte d\u{2019}Ivoire,state,Ivory Coast|Cote d'Ivoire,Ivorian,,,\n\
us,United States,state,U.S.|US|the United States,American,Washington,,\n\
un,United Nations,org,UN|U.N.,,,,\n\
turkiye,Türkiye,state,Turkey,Turkish,Ankara,,\n\
jane-obrien,Jane O\u{2019}Brien,person,O\u{2019}Brien,,,iran,\n\
fm-oman,Badr Albusaidi,person,Albusaidi|Al-Busaidi,,,oman,\n\
gcc,Gulf Cooperation Council,org,GCC,,,,\n\
israel,Israel,state,,Israeli,,,\n";

/// An extractor over [`SMALL_GAZETTEER`], built once.
pub fn small_extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| {
        let g = GazetteerBuilder::new()
            .defaults(false)
            .source("small.csv", SMALL_GAZETTEER)
            .build()
            .expect("the fuzz gazetteer is valid");
        Extractor::new(Arc::new(g))
    })
}

/// Every offset an [`Extraction`] gives is honest: sentences and mentions on char boundaries,
/// code-point offsets that slice to the same text as the byte offsets, mentions inside their
/// sentence, in order and non-overlapping, and a gazetteer mention's surface folds to one of its
/// actor's names.
pub fn check_extraction(extractor: &Extractor, ex: &Extraction, text: &str) {
    let nchars = text.chars().count();
    let chars_before = |byte: usize| text[..byte].chars().count();
    let mut last = 0usize;
    for (i, s) in ex.sentences.iter().enumerate() {
        assert!(
            s.start < s.end && s.end <= text.len(),
            "sentence span {i} out of bounds: {s:?}"
        );
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "sentence {i} off boundary"
        );
        assert!(s.start >= last, "sentence {i} out of order");
        assert_eq!(
            s.char_start,
            chars_before(s.start),
            "sentence {i} char_start"
        );
        last = s.end;
    }
    let mut last_end = 0usize;
    for (k, m) in ex.mentions.iter().enumerate() {
        assert!(
            m.byte_start < m.byte_end && m.byte_end <= text.len(),
            "mention {k} out of bounds: {m:?}"
        );
        assert!(
            text.is_char_boundary(m.byte_start) && text.is_char_boundary(m.byte_end),
            "mention {k} not on char boundaries: {m:?}"
        );
        let surface = &text[m.byte_start..m.byte_end];
        assert!(
            m.start < m.end && m.end <= nchars,
            "mention {k} code points out of bounds: {m:?} of {nchars}"
        );
        assert_eq!(
            m.start,
            chars_before(m.byte_start),
            "mention {k} start (code points) for {surface:?}"
        );
        let by_chars: String = text.chars().skip(m.start).take(m.end - m.start).collect();
        assert_eq!(
            by_chars, surface,
            "mention {k}: text[start..end] by code points != by bytes"
        );
        let s = ex
            .sentences
            .get(m.sentence)
            .unwrap_or_else(|| panic!("mention {k} sentence {} missing", m.sentence));
        assert!(
            s.start <= m.byte_start && m.byte_end <= s.end,
            "mention {k} {surface:?} ({}..{}) outside its sentence {}..{}",
            m.byte_start,
            m.byte_end,
            s.start,
            s.end
        );
        assert!(
            m.byte_start >= last_end,
            "mention {k} {surface:?} overlaps the one before or is out of order"
        );
        last_end = m.byte_end;
        if let ActorRef::Known(i) = m.actor {
            let actor = extractor.gazetteer().get(i);
            let f = known(&fold(surface));
            assert!(
                actor
                    .forms()
                    .any(|(form, _)| f.contains(known(&fold(strip_article(form))).as_str())),
                "mention {k} surface {surface:?} folds to {f:?}, which is no name of {:?}",
                actor.id
            );
        }
    }
    for r in &ex.roles {
        assert!(
            r.start <= r.end && r.end <= nchars,
            "role claim out of bounds: {r:?}"
        );
        assert!(
            r.sentence < ex.sentences.len(),
            "role claim sentence: {r:?}"
        );
    }
    for t in &ex.titles {
        assert!(
            t.start <= t.end && t.end <= nchars,
            "title claim out of bounds: {t:?}"
        );
        assert!(
            t.sentence < ex.sentences.len(),
            "title claim sentence: {t:?}"
        );
    }
    for r in &ex.relations {
        assert!(r.sentence < ex.sentences.len(), "relation sentence: {r:?}");
    }
}

/// Extracts `text` with `extractor` and checks the result.
pub fn extract_and_check(extractor: &Extractor, id: &str, text: &str) -> Extraction {
    let doc = Document {
        id: id.to_string(),
        text: text.to_string(),
        ..Document::default()
    };
    let ex = extractor.extract(&doc);
    check_extraction(extractor, &ex, text);
    ex
}

/// Loading any text as a gazetteer gives a gazetteer or an error whose problems all name a line,
/// never a panic; a loaded gazetteer builds a matcher and extracts its own text.
pub fn check_gazetteer_text(text: &str) {
    match GazetteerBuilder::new()
        .defaults(false)
        .source("f.csv", text)
        .build()
    {
        Ok(g) => {
            for a in g.actors() {
                assert!(
                    actornet::gazetteer::load::valid_id(&a.id),
                    "loaded an invalid id {:?}",
                    a.id
                );
                assert!(!a.name.is_empty(), "loaded an empty name for {:?}", a.id);
            }
            let e = Extractor::new(Arc::new(g));
            extract_and_check(&e, "self.csv", text);
        }
        Err(actornet::Error::Gazetteer(problems)) => {
            assert!(!problems.is_empty(), "a gazetteer error without problems");
            let lines = text.split('\n').count().max(1);
            for p in &problems {
                assert!(
                    p.line >= 1 && p.line <= lines,
                    "problem line {} of {lines}: {p}",
                    p.line
                );
                assert!(
                    p.to_string().starts_with("f.csv:"),
                    "a problem that names no file: {p}"
                );
            }
        }
        Err(e) => panic!("a gazetteer text failed with an error of another kind: {e}"),
    }
}

/// Builds a gazetteer CSV (made CSV-safe by the csv writer) from fuzzed (name, alias, type,
/// link) rows: row `i` is actor `a{i}`; people and organizations are affiliated with, places lie
/// in, the linked row.
pub fn gazetteer_csv(rows: &[(String, String, usize, Option<usize>)]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "name", "type", "aliases", "affiliation", "country"])
        .unwrap();
    for (i, (name, alias, ty, link)) in rows.iter().enumerate() {
        let kind = ["state", "person", "org", "place"][ty % 4];
        let target = link
            .map(|l| format!("a{}", l % rows.len()))
            .filter(|t| *t != format!("a{i}"));
        let (aff, country) = match kind {
            "person" | "org" => (target.unwrap_or_default(), String::new()),
            "place" => (String::new(), target.unwrap_or_default()),
            _ => (String::new(), String::new()),
        };
        w.write_record([format!("a{i}").as_str(), name, kind, alias, &aff, &country])
            .unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).expect("csv of strings is UTF-8")
}

/// Whether every character may appear in an XML 1.0 document.
pub fn xml_chars_ok(s: &str) -> bool {
    s.chars().all(|c| {
        matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
    })
}

/// What [`parse_xml`] reads from a GraphML or GEXF document.
#[derive(Debug, Default)]
pub struct XmlGraph {
    /// How many elements of each name asked for.
    pub counts: Vec<usize>,
    /// The unescaped text of every `<data key="label">` (GraphML), in order.
    pub labels: Vec<String>,
    /// The `id` of every `<node>`, in order.
    pub node_ids: Vec<String>,
    /// The `source` and `target` of every `<edge>`, in order.
    pub edge_ends: Vec<(String, String)>,
}

/// Parses an XML document with quick-xml to the end (end tags checked against start tags,
/// attributes unique and unescapable, only XML 1.0 characters, one root) and returns, for each
/// element name in `count`, how many there were, the GraphML labels, the node ids and the edge
/// ends.
pub fn parse_xml(xml: &[u8], count: &[&str]) -> XmlGraph {
    use quick_xml::events::Event;
    let text = std::str::from_utf8(xml).expect("XML output is UTF-8");
    assert!(
        xml_chars_ok(text),
        "XML output holds a character XML 1.0 forbids"
    );
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().check_end_names = true;
    let mut counts = vec![0usize; count.len()];
    let mut labels = Vec::new();
    let (mut node_ids, mut edge_ends) = (Vec::new(), Vec::new());
    let mut depth = 0i64;
    let mut roots = 0;
    let mut in_label = false;
    let mut buf = Vec::new();
    loop {
        let ev = reader.read_event_into(&mut buf).unwrap_or_else(|e| {
            panic!(
                "XML does not parse at {}: {e}\n{text}",
                reader.buffer_position()
            )
        });
        match ev {
            Event::Start(ref s) | Event::Empty(ref s) => {
                if depth == 0 {
                    roots += 1;
                }
                let name = s.name();
                let name = name.as_ref().to_string();
                let mut seen = BTreeSet::new();
                let (mut id, mut source, mut target) = (None, None, None);
                for a in s.attributes() {
                    let a = a.unwrap_or_else(|e| panic!("bad attribute in <{name}>: {e}"));
                    let key = a.key.as_ref().to_string();
                    assert!(seen.insert(key.clone()), "duplicate attribute in <{name}>");
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                        .unwrap_or_else(|e| panic!("attribute value does not unescape: {e}"))
                        .into_owned();
                    match key.as_str() {
                        "id" => id = Some(value),
                        "source" => source = Some(value),
                        "target" => target = Some(value),
                        _ => {}
                    }
                }
                if name == "node" {
                    node_ids.push(id.unwrap_or_else(|| panic!("a <node> without an id")));
                } else if name == "edge" {
                    let ends = source.zip(target);
                    edge_ends.push(ends.unwrap_or_else(|| panic!("an <edge> without ends")));
                }
                if let Some(i) = count.iter().position(|c| *c == name) {
                    counts[i] += 1;
                }
                if matches!(ev, Event::Start(_)) {
                    depth += 1;
                    in_label = name == "data"
                        && s.attributes()
                            .flatten()
                            .any(|a| a.key.as_ref() == "key" && a.value.as_ref() == "label");
                    if in_label {
                        labels.push(String::new());
                    }
                }
            }
            Event::End(_) => {
                depth -= 1;
                in_label = false;
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                if in_label {
                    labels.last_mut().unwrap().push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let name = r.xml10_content().into_owned();
                let c = match name.as_str() {
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "amp" => "&".to_string(),
                    "apos" => "'".to_string(),
                    "quot" => "\"".to_string(),
                    n => {
                        let ch = r.resolve_char_ref().ok().flatten();
                        ch.map(String::from)
                            .unwrap_or_else(|| panic!("unknown entity &{n};"))
                    }
                };
                if in_label {
                    labels.last_mut().unwrap().push_str(&c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    assert_eq!(depth, 0, "unclosed elements");
    assert_eq!(roots, 1, "not exactly one root element");
    XmlGraph {
        counts,
        labels,
        node_ids,
        edge_ends,
    }
}

/// Reads CSV bytes (BOM stripped) into rows of fields; panics when the csv crate cannot.
pub fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    r.records()
        .map(|rec| {
            rec.unwrap_or_else(|e| panic!("CSV does not read back: {e}"))
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// Every export of a graph, as bytes: GraphML, GEXF, JSON, DOT and, for each CSV dialect,
/// `nodes.csv` and `edges.csv`.
pub fn export_bytes(g: &ActorGraph) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut put = |name: &str, f: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut b = Vec::new();
        f(&mut b).unwrap_or_else(|e| panic!("{name} does not write to memory: {e}"));
        out.push((name.to_string(), b));
    };
    put("graph.graphml", &|w| graphml::write(g, w));
    put("graph.gexf", &|w| gexf::write(g, w));
    put("graph.json", &|w| json::write(g, w));
    put("graph.dot", &|w| dot::write(g, w));
    for d in csv_export::Dialect::ALL {
        put(&format!("nodes.csv ({d})"), &|w| {
            csv_export::write_nodes(g, w, d)
        });
        put(&format!("edges.csv ({d})"), &|w| {
            csv_export::write_edges(g, w, d)
        });
    }
    out
}

/// Writes `graph` as GraphML, GEXF, JSON and CSV (every dialect) and reads each back: counts,
/// labels, ids and ends, and the columns of the schema tables.
pub fn check_exports(g: &ActorGraph) {
    let nodes: Vec<_> = g.nodes().collect();
    let ids: BTreeSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids.len(), nodes.len(), "node ids are not unique");
    let pairs: BTreeSet<(String, String)> = g
        .links()
        .map(|(s, t, _)| {
            if s.id <= t.id {
                (s.id.clone(), t.id.clone())
            } else {
                (t.id.clone(), s.id.clone())
            }
        })
        .collect();
    let resolvable = |what: &str, ends: &[(String, String)]| {
        for (s, t) in ends {
            assert!(
                ids.contains(s.as_str()) && ids.contains(t.as_str()),
                "{what}: edge {s} – {t} names no node"
            );
        }
    };
    let node_ids: Vec<String> = nodes.iter().map(|n| n.id.clone()).collect();

    let mut out = Vec::new();
    graphml::write(g, &mut out).expect("GraphML writes to memory");
    let x = parse_xml(&out, &["node", "edge"]);
    assert_eq!(
        x.counts,
        [nodes.len(), pairs.len()],
        "GraphML node/edge count"
    );
    let want: Vec<String> = nodes
        .iter()
        .map(|n| actornet::export::xml::clean(&n.label).into_owned())
        .collect();
    assert_eq!(x.labels, want, "GraphML labels do not read back");
    assert_eq!(x.node_ids, node_ids, "GraphML node ids");
    resolvable("GraphML", &x.edge_ends);

    let mut out = Vec::new();
    gexf::write(g, &mut out).expect("GEXF writes to memory");
    let x = parse_xml(&out, &["node", "edge"]);
    assert_eq!(
        x.counts,
        [nodes.len(), g.links().count()],
        "GEXF node/edge count"
    );
    assert_eq!(x.node_ids, node_ids, "GEXF node ids");
    resolvable("GEXF", &x.edge_ends);

    let mut out = Vec::new();
    json::write(g, &mut out).expect("JSON writes to memory");
    let v: serde_json::Value = serde_json::from_slice(&out).expect("JSON parses");
    let fields =
        |table: Vec<&'static str>| -> BTreeSet<&'static str> { table.into_iter().collect() };
    let node_fields = fields(schema::header(schema::NODE_COLUMNS, Target::Json));
    let link_fields = fields(schema::header(schema::LINK_COLUMNS, Target::Json));
    let json_nodes = v["nodes"].as_array().expect("JSON nodes");
    assert_eq!(json_nodes.len(), nodes.len(), "JSON node count");
    for (jn, n) in json_nodes.iter().zip(&nodes) {
        let o = jn.as_object().expect("a JSON node is an object");
        assert_eq!(
            o.get("id").and_then(|x| x.as_str()),
            Some(n.id.as_str()),
            "JSON node id"
        );
        assert!(
            o.keys().all(|k| node_fields.contains(k.as_str())),
            "JSON node field outside the schema: {o:?}"
        );
    }
    let json_links = v["links"].as_array().expect("JSON links");
    assert_eq!(json_links.len(), g.links().count(), "JSON link count");
    let mut ends = Vec::new();
    for jl in json_links {
        let o = jl.as_object().expect("a JSON link is an object");
        assert!(
            o.keys().all(|k| link_fields.contains(k.as_str())),
            "JSON link field outside the schema: {o:?}"
        );
        let end = |k: &str| {
            o.get(k)
                .and_then(|x| x.as_str())
                .unwrap_or_else(|| panic!("JSON link without {k}"))
                .to_string()
        };
        ends.push((end("source"), end("target")));
    }
    resolvable("JSON", &ends);

    for dialect in csv_export::Dialect::ALL {
        let safe = |s: &str| csv_export::safe_text(s, dialect).into_owned();
        let mut out = Vec::new();
        csv_export::write_nodes(g, &mut out, dialect).expect("nodes.csv writes");
        let rows = read_csv(&out);
        assert_eq!(
            rows.len(),
            nodes.len() + 1,
            "nodes.csv row count ({dialect:?})"
        );
        assert_eq!(rows[0], csv_export::NODE_HEADER, "nodes.csv header");
        let at = csv_export::NODE_HEADER
            .iter()
            .position(|h| *h == "aliases")
            .expect("an aliases column");
        for (row, n) in rows[1..].iter().zip(&nodes) {
            assert_eq!(
                row.len(),
                csv_export::NODE_HEADER.len(),
                "nodes.csv field count"
            );
            assert_eq!(row[0], safe(&n.id), "nodes.csv Id");
            assert_eq!(row[1], safe(&n.label), "nodes.csv Label ({dialect:?})");
            let aliases: Vec<&str> = n.surfaces.keys().map(String::as_str).collect();
            assert_eq!(
                row[at],
                safe(&aliases.join("|")),
                "nodes.csv aliases of {}",
                n.id
            );
        }
        let csv_ids: BTreeSet<String> = rows[1..].iter().map(|r| r[0].clone()).collect();
        let mut out = Vec::new();
        csv_export::write_edges(g, &mut out, dialect).expect("edges.csv writes");
        let rows = read_csv(&out);
        assert_eq!(rows.len(), g.links().count() + 1, "edges.csv row count");
        assert_eq!(rows[0], csv_export::EDGE_HEADER, "edges.csv header");
        for (row, (s, t, _)) in rows[1..].iter().zip(g.links()) {
            assert_eq!(
                row.len(),
                csv_export::EDGE_HEADER.len(),
                "edges.csv field count"
            );
            assert_eq!(
                (row[0].as_str(), row[1].as_str()),
                (safe(&s.id).as_str(), safe(&t.id).as_str())
            );
            assert!(
                csv_ids.contains(&row[0]) && csv_ids.contains(&row[1]),
                "edges.csv: an end that is no Id"
            );
        }
    }
}

/// `mentions.csv` (read back with the csv crate) has a row per mention of each document in order,
/// with the document id, the code-point offsets and the surface (as the dialect writes text).
pub fn check_mentions_csv(
    bytes: &[u8],
    dialect: csv_export::Dialect,
    docs: &[(&str, &Extraction)],
) {
    let safe = |s: &str| csv_export::safe_text(s, dialect).into_owned();
    let rows = read_csv(bytes);
    let want: usize = docs.iter().map(|(_, ex)| ex.mentions.len()).sum();
    assert_eq!(rows.len(), want + 1, "mentions.csv rows");
    assert_eq!(rows[0], csv_export::MENTION_HEADER, "mentions.csv header");
    let mut row = rows[1..].iter();
    for (text, ex) in docs {
        for m in &ex.mentions {
            let r = row.next().expect("a row per mention");
            assert_eq!(
                r.len(),
                csv_export::MENTION_HEADER.len(),
                "mentions.csv field count"
            );
            assert_eq!(r[0], safe(&ex.document), "mentions.csv document");
            assert_eq!(
                (r[2].clone(), r[3].clone()),
                (m.start.to_string(), m.end.to_string()),
                "mentions.csv offsets"
            );
            assert_eq!(
                r[4],
                safe(&text[m.byte_start..m.byte_end]),
                "mentions.csv surface"
            );
        }
    }
}

/// The date undated documents take in [`build`].
pub fn default_date() -> actornet::date::Date {
    actornet::date::Date::parse("2024-06-01", false).expect("a date")
}

/// The documents of [`build`]: (text, date), ids `doc-{i}.txt`.
pub type Docs = [(String, Option<String>)];

/// Extracts `docs` (checking every extraction) into graph builders: the documents before
/// `split` into one, the rest into another, merged as threads and `merge` merge them. Returns
/// the finished graph, each document's extraction and `mentions.csv` (Excel dialect).
pub fn build(
    g: &Arc<Gazetteer>,
    docs: &Docs,
    window: Window,
    split: usize,
) -> (ActorGraph, Vec<Extraction>, Vec<u8>) {
    let extractor = Extractor::new(g.clone());
    let mut first = GraphBuilder::new(window);
    let mut second = GraphBuilder::new(window);
    let mut mentions =
        csv_export::MentionWriter::new(Vec::new(), csv_export::Dialect::Excel, default_date())
            .expect("mentions.csv starts");
    let mut extractions = Vec::new();
    for (i, (text, date)) in docs.iter().enumerate() {
        let doc = Document {
            id: format!("doc-{i}.txt"),
            date: date.clone(),
            text: text.clone(),
            ..Document::default()
        };
        let ex = extractor.extract(&doc);
        check_extraction(&extractor, &ex, text);
        let builder = if i < split { &mut first } else { &mut second };
        builder.add(&extractor, &ex, text);
        mentions
            .write(&extractor, &ex, text)
            .expect("mentions.csv writes");
        extractions.push(ex);
    }
    first.merge(second);
    let graph = first.finish(g.as_ref(), default_date(), &FinishOptions::default());
    (
        graph,
        extractions,
        mentions.finish().expect("mentions.csv finishes"),
    )
}

/// Builds a graph from documents with a gazetteer and checks every export, that the same input
/// gives the same bytes, and that building in two merged parts gives the graph of one builder.
/// Returns `false` when the gazetteer does not load.
pub fn check_pipeline(gazetteer_csv_text: &str, docs: &Docs, window: Window) -> bool {
    let Ok(g) = GazetteerBuilder::new()
        .defaults(false)
        .source("fuzz.csv", gazetteer_csv_text)
        .build()
    else {
        return false;
    };
    let g: Arc<Gazetteer> = Arc::new(g);
    let (graph, extractions, mentions) = build(&g, docs, window, docs.len());
    check_exports(&graph);
    let texts: Vec<(&str, &Extraction)> = docs
        .iter()
        .map(|(t, _)| t.as_str())
        .zip(&extractions)
        .collect();
    check_mentions_csv(&mentions, csv_export::Dialect::Excel, &texts);
    let bytes = export_bytes(&graph);
    let (again, _, mentions_again) = build(&g, docs, window, docs.len());
    assert!(
        export_bytes(&again) == bytes,
        "the same documents gave other bytes"
    );
    assert!(
        mentions_again == mentions,
        "the same documents gave another mentions.csv"
    );
    for split in [0, docs.len() / 2] {
        let (merged, _, _) = build(&g, docs, window, split);
        for ((name, a), (_, b)) in export_bytes(&merged).iter().zip(&bytes) {
            assert!(a == b, "{name} of a graph merged from two parts (split at {split}) differs from one builder's");
        }
    }
    true
}
