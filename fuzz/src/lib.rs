//! Invariant checks shared by the fuzz targets in `fuzz_targets/`. Every check panics (with a
//! message naming the invariant) when the library breaks a promise; libFuzzer records the input.
//!
//! `tests/props.rs` in the main crate mirrors these checks as proptest properties.

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use actornet::export::{csv as csv_export, gexf, graphml, json};
use actornet::extract::{ActorRef, Extraction, Extractor};
use actornet::gazetteer::{matcher::strip_article, Gazetteer, GazetteerBuilder};
use actornet::graph::{ActorGraph, FinishOptions, GraphBuilder, Window};
use actornet::input::Document;
use actornet::text::fold::fold;
use actornet::text::{sentences, Folded};

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
        assert!(s.end <= text.len(), "sentence {i} past the end: {s:?} len {}", text.len());
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "sentence {i} not on char boundaries: {s:?}"
        );
        assert!(s.start >= last_end, "sentence {i} overlaps or is out of order: {s:?} after {last_end}");
        assert!(s.paragraph >= last_para, "paragraph numbers go back at sentence {i}");
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
    assert_eq!(known(&f.text), known(&fold(original)), "Folded::new(s).text != fold(s)");
    let mut reuse = Folded::new("something else, longer than most inputs \u{2019}");
    reuse.fold_into(original);
    assert_eq!(reuse.text, f.text, "fold_into on a reused buffer differs from a fresh fold");
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
            let long = if a < 4 || a % 64 == 0 { vec![n - 1, a + (n - a) / 2] } else { vec![] };
            [a + 1, a + 2, a + 3, a + 7].into_iter().chain(long).filter(|b| *b < n && *b > a).collect()
        };
        for b in ends {
            let (s, e) = (bounds[a], bounds[b]);
            let (os, oe) = f.original_range(original, s, e);
            assert!(os <= oe && oe <= original.len(), "original_range({s},{e}) = ({os},{oe}) out of bounds");
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
        assert!(s.start < s.end && s.end <= text.len(), "sentence span {i} out of bounds: {s:?}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "sentence {i} off boundary");
        assert!(s.start >= last, "sentence {i} out of order");
        assert_eq!(s.char_start, chars_before(s.start), "sentence {i} char_start");
        last = s.end;
    }
    let mut last_end = 0usize;
    for (k, m) in ex.mentions.iter().enumerate() {
        assert!(m.byte_start < m.byte_end && m.byte_end <= text.len(), "mention {k} out of bounds: {m:?}");
        assert!(
            text.is_char_boundary(m.byte_start) && text.is_char_boundary(m.byte_end),
            "mention {k} not on char boundaries: {m:?}"
        );
        let surface = &text[m.byte_start..m.byte_end];
        assert!(m.start < m.end && m.end <= nchars, "mention {k} code points out of bounds: {m:?} of {nchars}");
        assert_eq!(m.start, chars_before(m.byte_start), "mention {k} start (code points) for {surface:?}");
        let by_chars: String = text.chars().skip(m.start).take(m.end - m.start).collect();
        assert_eq!(by_chars, surface, "mention {k}: text[start..end] by code points != by bytes");
        let s = ex.sentences.get(m.sentence).unwrap_or_else(|| panic!("mention {k} sentence {} missing", m.sentence));
        assert!(
            s.start <= m.byte_start && m.byte_end <= s.end,
            "mention {k} {surface:?} ({}..{}) outside its sentence {}..{}",
            m.byte_start,
            m.byte_end,
            s.start,
            s.end
        );
        assert!(m.byte_start >= last_end, "mention {k} {surface:?} overlaps the one before or is out of order");
        last_end = m.byte_end;
        if let ActorRef::Known(i) = m.actor {
            let actor = extractor.gazetteer().get(i);
            let f = known(&fold(surface));
            assert!(
                actor.forms().any(|(form, _)| f.contains(known(&fold(strip_article(form))).as_str())),
                "mention {k} surface {surface:?} folds to {f:?}, which is no name of {:?}",
                actor.id
            );
        }
    }
    for r in &ex.roles {
        assert!(r.start <= r.end && r.end <= nchars, "role claim out of bounds: {r:?}");
        assert!(r.sentence < ex.sentences.len(), "role claim sentence: {r:?}");
    }
    for t in &ex.titles {
        assert!(t.start <= t.end && t.end <= nchars, "title claim out of bounds: {t:?}");
        assert!(t.sentence < ex.sentences.len(), "title claim sentence: {t:?}");
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
    match GazetteerBuilder::new().defaults(false).source("f.csv", text).build() {
        Ok(g) => {
            for a in g.actors() {
                assert!(actornet::gazetteer::load::valid_id(&a.id), "loaded an invalid id {:?}", a.id);
                assert!(!a.name.is_empty(), "loaded an empty name for {:?}", a.id);
            }
            let e = Extractor::new(Arc::new(g));
            extract_and_check(&e, "self.csv", text);
        }
        Err(actornet::Error::Gazetteer(problems)) => {
            assert!(!problems.is_empty(), "a gazetteer error without problems");
            let lines = text.split('\n').count().max(1);
            for p in &problems {
                assert!(p.line >= 1 && p.line <= lines, "problem line {} of {lines}: {p}", p.line);
                let _ = p.to_string();
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// Builds a gazetteer CSV (made CSV-safe by the csv writer) from fuzzed names: row `i` has id
/// `a{i}`, and the affiliation and country columns point to other rows.
pub fn gazetteer_csv(rows: &[(String, String, u8, Option<u8>)]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "name", "type", "aliases", "affiliation", "country"]).unwrap();
    for (i, (name, alias, ty, link)) in rows.iter().enumerate() {
        let kind = ["state", "person", "org", "place"][*ty as usize % 4];
        let target = link.map(|l| format!("a{}", l as usize % rows.len())).filter(|t| *t != format!("a{i}"));
        let (aff, country) = match kind {
            "person" | "org" => (target.unwrap_or_default(), String::new()),
            "place" => (String::new(), target.unwrap_or_default()),
            _ => (String::new(), String::new()),
        };
        w.write_record([format!("a{i}").as_str(), name, kind, alias, &aff, &country]).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).expect("csv of strings is UTF-8")
}

/// Whether every character may appear in an XML 1.0 document.
pub fn xml_chars_ok(s: &str) -> bool {
    s.chars().all(|c| {
        matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
    })
}

/// Parses an XML document with quick-xml to the end (end tags checked against start tags) and
/// returns, for each element name in `count`, how many there were, plus the unescaped text of
/// every `<data key="label">` (GraphML) in order.
pub fn parse_xml(xml: &[u8], count: &[&str]) -> (Vec<usize>, Vec<String>) {
    use quick_xml::events::Event;
    let text = std::str::from_utf8(xml).expect("XML output is UTF-8");
    assert!(xml_chars_ok(text), "XML output holds a character XML 1.0 forbids");
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().check_end_names = true;
    let mut counts = vec![0usize; count.len()];
    let mut labels = Vec::new();
    let mut depth = 0i64;
    let mut roots = 0;
    let mut in_label = false;
    let mut buf = Vec::new();
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .unwrap_or_else(|e| panic!("XML does not parse at {}: {e}\n{text}", reader.buffer_position()));
        match ev {
            Event::Start(ref s) | Event::Empty(ref s) => {
                if depth == 0 {
                    roots += 1;
                }
                let name = s.name();
                let name = name.as_ref().to_string();
                let mut seen = BTreeSet::new();
                for a in s.attributes() {
                    let a = a.unwrap_or_else(|e| panic!("bad attribute in <{name}>: {e}"));
                    assert!(seen.insert(a.key.as_ref().to_string()), "duplicate attribute in <{name}>");
                    a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                        .unwrap_or_else(|e| panic!("attribute value does not unescape: {e}"));
                }
                if let Some(i) = count.iter().position(|c| *c == name) {
                    counts[i] += 1;
                }
                if matches!(ev, Event::Start(_)) {
                    depth += 1;
                    in_label = name == "data"
                        && s.attributes().flatten().any(|a| a.key.as_ref() == "key" && a.value.as_ref() == "label");
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
                        ch.map(String::from).unwrap_or_else(|| panic!("unknown entity &{n};"))
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
    (counts, labels)
}

/// Reads CSV bytes (BOM stripped) into rows of fields; panics when the csv crate cannot.
pub fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    r.records()
        .map(|rec| rec.unwrap_or_else(|e| panic!("CSV does not read back: {e}")).iter().map(str::to_string).collect())
        .collect()
}

/// Writes `graph` as GraphML, GEXF, JSON and CSV (both dialects) and reads each back.
pub fn check_exports(g: &ActorGraph, mentions: &[(String, String)]) {
    let nodes: Vec<_> = g.nodes().collect();
    let pairs: BTreeSet<(String, String)> = g
        .links()
        .map(|(s, t, _)| if s.id <= t.id { (s.id.clone(), t.id.clone()) } else { (t.id.clone(), s.id.clone()) })
        .collect();

    let mut out = Vec::new();
    graphml::write(g, &mut out).expect("GraphML writes to memory");
    let (counts, labels) = parse_xml(&out, &["node", "edge"]);
    assert_eq!(counts, [nodes.len(), pairs.len()], "GraphML node/edge count");
    let want: Vec<String> = nodes.iter().map(|n| actornet::export::xml::clean(&n.label).into_owned()).collect();
    assert_eq!(labels, want, "GraphML labels do not read back");

    let mut out = Vec::new();
    gexf::write(g, &mut out).expect("GEXF writes to memory");
    let (counts, _) = parse_xml(&out, &["node", "edge"]);
    assert_eq!(counts, [nodes.len(), g.links().count()], "GEXF node/edge count");

    let mut out = Vec::new();
    json::write(g, &mut out).expect("JSON writes to memory");
    let v: serde_json::Value = serde_json::from_slice(&out).expect("JSON parses");
    assert_eq!(v["nodes"].as_array().map(Vec::len), Some(nodes.len()), "JSON node count");

    for dialect in [csv_export::Dialect::Excel, csv_export::Dialect::Gephi] {
        let safe = |s: &str| csv_export::safe_text(s, dialect);
        let mut out = Vec::new();
        csv_export::write_nodes(g, &mut out, dialect).expect("nodes.csv writes");
        let rows = read_csv(&out);
        assert_eq!(rows.len(), nodes.len() + 1, "nodes.csv row count ({dialect:?})");
        assert_eq!(rows[0], csv_export::NODE_HEADER, "nodes.csv header");
        for (row, n) in rows[1..].iter().zip(&nodes) {
            assert_eq!(row.len(), csv_export::NODE_HEADER.len(), "nodes.csv field count");
            assert_eq!(row[0], safe(&n.id), "nodes.csv Id");
            assert_eq!(row[1], safe(&n.label), "nodes.csv Label ({dialect:?})");
        }
        let mut out = Vec::new();
        csv_export::write_edges(g, &mut out, dialect).expect("edges.csv writes");
        let rows = read_csv(&out);
        assert_eq!(rows.len(), g.links().count() + 1, "edges.csv row count");
        for (row, (s, t, _)) in rows[1..].iter().zip(g.links()) {
            assert_eq!(row.len(), csv_export::EDGE_HEADER.len(), "edges.csv field count");
            assert_eq!((row[0].as_str(), row[1].as_str()), (safe(&s.id).as_str(), safe(&t.id).as_str()));
        }
        // mentions.csv cells go through the same Table writer: check the surfaces read back
        let mut t = csv_export::Table::new(Vec::new(), dialect, &["document", "surface"]).expect("table");
        for (doc, surface) in mentions {
            t.row(&[csv_export::Cell::Text(doc.clone()), csv_export::Cell::Text(surface.clone())]).expect("row");
        }
        let rows = read_csv(&t.finish().expect("finish"));
        assert_eq!(rows.len(), mentions.len() + 1, "mentions table row count");
        for (row, (doc, surface)) in rows[1..].iter().zip(mentions) {
            assert_eq!(row, &[safe(doc), safe(surface)], "mentions table cells");
        }
    }
}

/// Builds a graph from documents with a gazetteer and checks every export. Returns `false` when
/// the gazetteer does not load.
pub fn check_pipeline(gazetteer_csv_text: &str, docs: &[(String, Option<String>)], window: Window) -> bool {
    let Ok(g) = GazetteerBuilder::new().defaults(false).source("fuzz.csv", gazetteer_csv_text).build() else {
        return false;
    };
    let g: Arc<Gazetteer> = Arc::new(g);
    let extractor = Extractor::new(g.clone());
    let mut builder = GraphBuilder::new(window);
    let mut mentions = Vec::new();
    for (i, (text, date)) in docs.iter().enumerate() {
        let doc = Document {
            id: format!("doc-{i}.txt"),
            date: date.clone(),
            text: text.clone(),
            ..Document::default()
        };
        let ex = extractor.extract(&doc);
        check_extraction(&extractor, &ex, text);
        for m in &ex.mentions {
            mentions.push((doc.id.clone(), text[m.byte_start..m.byte_end].to_string()));
        }
        builder.add(&extractor, &ex, text);
    }
    let default_date = actornet::date::Date::parse("2024-06-01", false).expect("a date");
    let graph = builder.finish(g.as_ref(), default_date, &FinishOptions::default());
    check_exports(&graph, &mentions);
    true
}
