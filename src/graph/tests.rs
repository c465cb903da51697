//! Unit tests of the builder's ids: a discovered person seen by two builders is one actor,
//! merging in any order (threads, partials read back from `partial.json`, builders over
//! another copy of the gazetteer) gives the same graph and the same bytes, and links of one
//! sentence share one clipped evidence text.

use std::sync::Arc;

use super::*;
use crate::gazetteer::GazetteerBuilder;
use crate::input::Document;

/// Invented briefs (id, date, text): two people discovered, each in two briefs (so that two
/// builders can meet them in opposite orders and give them other table ids), places, states
/// and a mediator cue.
const BRIEFS: &[(&str, &str, &str)] = &[
    (
        "brief-a.txt",
        "2024-03-01",
        "Chadian Foreign Minister Abakar Mahamat Nourene met Iranian officials in Muscat. \
         Nourene and Oman's envoy said the talks with Iran would go on.",
    ),
    (
        "brief-b.txt",
        "2024-03-09",
        "Chadian Foreign Minister Abakar Mahamat Nourene flew to Doha on Monday.\n\n\
         Qatar and Chad signed a border accord, Nourene said.",
    ),
    (
        "brief-c.txt",
        "2024-02-11",
        "Oman mediated between Iran and the United States in Muscat. Qatar hosted a second round.",
    ),
    (
        "brief-d.txt",
        "2024-04-02",
        "Iran, Oman and Qatar met in Doha. The United\tStates said nothing.",
    ),
    (
        "brief-e.txt",
        "2024-03-05",
        "Kenyan Foreign Minister Wanjiru Achieng Otieno met Iranian officials in Doha on Tuesday. \
         Otieno said Kenya and Qatar would meet again.",
    ),
    (
        "brief-f.txt",
        "2024-01-20",
        "Kenyan Foreign Minister Wanjiru Achieng Otieno arrived in Muscat for talks with Oman. \
         Otieno and Oman's envoy spoke of Iran.",
    ),
];

fn gazetteer() -> Arc<Gazetteer> {
    Arc::new(
        GazetteerBuilder::new()
            .build()
            .expect("the default gazetteer loads"),
    )
}

fn document(i: usize) -> Document {
    let (id, date, text) = BRIEFS[i];
    Document {
        id: id.to_string(),
        date: Some(date.to_string()),
        text: text.to_string(),
        ..Document::default()
    }
}

/// A builder over the briefs `docs` (indices into [`BRIEFS`]).
fn builder(extractor: &Extractor, docs: &[usize], window: Window) -> GraphBuilder {
    let mut b = GraphBuilder::new(window);
    for &i in docs {
        let doc = document(i);
        let ex = extractor.extract(&doc);
        b.add(extractor, &ex, &doc.text);
    }
    b
}

fn json(b: &GraphBuilder) -> Vec<u8> {
    serde_json::to_vec(b).expect("a builder serializes")
}

fn finished(b: GraphBuilder, g: &Gazetteer) -> (Vec<Node>, Vec<(String, String, Link)>) {
    let date = Date::parse("2024-06-01", false).expect("a date");
    let graph = b.finish(g, date, &FinishOptions::default());
    let nodes = graph.nodes().cloned().collect();
    let links = graph
        .links()
        .map(|(s, t, l)| (s.id.clone(), t.id.clone(), l.clone()))
        .collect();
    (nodes, links)
}

const NOURENE: &str = "abakar-mahamat-nourene";

#[test]
fn discovered_person_seen_by_two_workers_is_one_node() {
    let g = gazetteer();
    let extractor = Extractor::new(g.clone());
    let mut first = builder(&extractor, &[0, 4], Window::Sentence);
    // Otieno first here: the two builders give the people other ids
    let second = builder(&extractor, &[5, 1], Window::Sentence);
    assert_ne!(first.actor_id(NOURENE), second.actor_id(NOURENE));
    // appended after the gazetteer's ids, in each builder
    for b in [&first, &second] {
        let id = b.actor_id(NOURENE).expect("the person is in the builder");
        assert!(id.index() >= g.len(), "{id:?}");
        assert_eq!(b.actor_name(id), Some(NOURENE));
    }
    first.merge(second);
    assert_eq!(first.discovered().filter(|a| a.id == NOURENE).count(), 1);
    let (nodes, links) = finished(first, &g);
    let people: Vec<&Node> = nodes.iter().filter(|n| n.id == NOURENE).collect();
    assert_eq!(people.len(), 1, "{nodes:?}");
    let p = people[0];
    assert!(p.discovered);
    assert_eq!(p.documents, 2);
    // "Abakar Mahamat Nourene" and "Nourene" in each brief
    assert_eq!(p.mentions, 4);
    assert_eq!(p.surfaces.get("Nourene"), Some(&2));
    let other: Vec<&Node> = nodes
        .iter()
        .filter(|n| n.id == "wanjiru-achieng-otieno")
        .collect();
    assert_eq!(other.len(), 1);
    assert_eq!((other[0].mentions, other[0].documents), (4, 2));
    // the person's links from both briefs end at the one node
    assert!(links.iter().any(|(s, t, _)| s == NOURENE && t == "chad"));
    assert!(links
        .iter()
        .any(|(s, t, _)| s == NOURENE && t == "oman" || s == "oman" && t == NOURENE));
}

#[test]
fn merging_in_either_order_gives_the_same_graph_and_bytes() {
    let g = gazetteer();
    let extractor = Extractor::new(g.clone());
    for window in [Window::Sentence, Window::Paragraph, Window::Document] {
        let one = builder(&extractor, &[0, 1, 2, 3, 4, 5], window);
        // the two people in opposite orders
        let x = builder(&extractor, &[0, 2, 4], window);
        let y = builder(&extractor, &[5, 1, 3], window);
        let mut xy = x.clone();
        xy.merge(y.clone());
        let mut yx = y;
        yx.merge(x);
        assert_eq!(json(&xy), json(&one), "{window}: x then y");
        assert_eq!(json(&yx), json(&one), "{window}: y then x");
        let want = finished(one, &g);
        assert_eq!(finished(xy, &g), want, "{window}");
        assert_eq!(finished(yx, &g), want, "{window}");
    }
}

#[test]
fn builder_read_from_partial_json_merges_with_a_live_one_in_either_order() {
    let g = gazetteer();
    let extractor = Extractor::new(g.clone());
    let one = builder(&extractor, &[0, 1, 2, 3, 4, 5], Window::Sentence);
    let read = |b: &GraphBuilder| -> GraphBuilder {
        serde_json::from_slice(&json(b)).expect("a builder reads back")
    };
    // other sets of actors, so that the tables read back give them other ids
    let x = builder(&extractor, &[0, 3], Window::Sentence);
    let y = builder(&extractor, &[5, 1, 2, 4], Window::Sentence);
    assert_ne!(read(&x).actor_id("oman"), read(&y).actor_id("oman"));
    // read back without the gazetteer: the same bytes
    assert!(read(&x).gazetteer.is_none());
    assert_eq!(json(&read(&x)), json(&x));
    let mut live_then_read = x.clone();
    live_then_read.merge(read(&y));
    let mut read_then_live = read(&y);
    read_then_live.merge(x.clone());
    let mut read_then_read = read(&x);
    read_then_read.merge(read(&y));
    for (name, b) in [
        ("live + read", &live_then_read),
        ("read + live", &read_then_live),
        ("read + read", &read_then_read),
    ] {
        assert_eq!(json(b), json(&one), "{name}");
    }
    // a builder read back can go on adding documents
    let mut more = read(&builder(&extractor, &[5, 1, 2], Window::Sentence));
    for i in [0, 3, 4] {
        let doc = document(i);
        more.add(&extractor, &extractor.extract(&doc), &doc.text);
    }
    assert_eq!(json(&more), json(&one));
    let want = finished(one, &g);
    assert_eq!(finished(read_then_live, &g), want);
    assert_eq!(finished(more, &g), want);
}

#[test]
fn builders_over_two_copies_of_a_gazetteer_merge_by_string_id() {
    let g = gazetteer();
    let copy = gazetteer();
    let (a, b) = (Extractor::new(g.clone()), Extractor::new(copy));
    let one = builder(&a, &[0, 1, 2, 3, 4, 5], Window::Sentence);
    let mut x = builder(&a, &[0, 1, 4], Window::Sentence);
    x.merge(builder(&b, &[5, 2, 3], Window::Sentence));
    assert_eq!(json(&x), json(&one));
    // one builder fed by both extractors moves over to the second gazetteer's ids once
    let mut switched = builder(&a, &[5, 0], Window::Sentence);
    for i in [1, 2, 3, 4] {
        let doc = document(i);
        switched.add(&b, &b.extract(&doc), &doc.text);
    }
    assert_eq!(json(&switched), json(&one));
    assert_eq!(finished(switched, &g), finished(one, &g));
}

#[test]
fn links_of_one_sentence_share_one_evidence_text() {
    let extractor = Extractor::new(gazetteer());
    let b = builder(&extractor, &[3], Window::Sentence);
    let iran = b.actor_id("iran").expect("iran");
    let first: Vec<&Example> = b
        .links
        .iter()
        .filter(|((k, s, t), _)| *k == Kind::CoOccurrence && (*s == iran || *t == iran))
        .filter_map(|(_, l)| l.example.as_ref())
        .collect();
    // iran–oman, iran–qatar, iran–doha
    assert!(first.len() >= 3, "{first:?}");
    assert!(first.iter().all(|e| e.sentence == 1));
    assert!(first.iter().all(|e| Arc::ptr_eq(&e.text, &first[0].text)));
    assert!(first
        .iter()
        .all(|e| Arc::ptr_eq(&e.document, &first[0].document)));
    assert_eq!(&*first[0].text, "Iran, Oman and Qatar met in Doha.");
}

#[test]
fn undirected_links_run_from_the_smaller_string_id() {
    let g = gazetteer();
    let extractor = Extractor::new(g.clone());
    let b = builder(&extractor, &[0, 1], Window::Document);
    // the discovered person's id is after every gazetteer id, its string before "chad"
    let person = b.actor_id(NOURENE).expect("person");
    let chad = b.actor_id("chad").expect("chad");
    assert!(person > chad && NOURENE < "chad");
    let bytes = String::from_utf8(json(&b)).expect("JSON is UTF-8");
    let value: serde_json::Value = serde_json::from_str(&bytes).expect("JSON");
    let cooc = &value["links"]["co-occurrence"];
    assert!(cooc[NOURENE]["chad"].is_object(), "{cooc}");
    assert!(cooc["chad"].get(NOURENE).is_none());
    let (_, links) = finished(b, &g);
    for (s, t, l) in &links {
        if !l.kind.directed() {
            assert!(s < t, "{s} {t} {:?}", l.kind);
        }
    }
    assert!(links.iter().any(|(s, t, _)| s == NOURENE && t == "chad"));
}

#[test]
fn a_surface_with_odd_white_space_is_counted_collapsed() {
    let extractor = Extractor::new(gazetteer());
    let b = builder(&extractor, &[3], Window::Sentence);
    let us = b.actor_id("united-states").expect("in the gazetteer");
    let node = &b.nodes[&us];
    assert_eq!(node.mentions, 1);
    assert_eq!(node.surfaces.len(), 1, "{:?}", node.surfaces);
    assert_eq!(node.surfaces.get("United States"), Some(&1));
}

/// A builder (as `partial.json` writes one) of `n` organisations, each mentioned once, with a
/// co-occurrence link between every two of them whose evidence names the pair, and a
/// `mediates` link from every tenth to the next.
fn many_links(n: usize) -> (GraphBuilder, Gazetteer) {
    let id = |i: usize| format!("org-{i:03}");
    let evidence = |i: usize, j: usize| ((i * 7 + j * 13) % 50 + 1) as u64;
    let mut csv = String::from("id,name,type,affiliation\n");
    for i in 0..n {
        // every 50th acts for the next: a gazetteer relation between two graph nodes
        let aff = if i % 50 == 0 && i + 1 < n {
            id(i + 1)
        } else {
            String::new()
        };
        csv.push_str(&format!("{},Org {i:03},org,{aff}\n", id(i)));
    }
    let gazetteer = GazetteerBuilder::new()
        .defaults(false)
        .source("orgs.csv", csv)
        .build()
        .expect("the organisations load");
    let node = serde_json::json!({
        "mentions": 1, "windows": 1, "documents": 1, "surfaces": {}, "roles": {},
        "first_seen": null, "last_seen": null, "text_titles": {}, "text_affiliations": {}
    });
    let link = |e: u64| {
        serde_json::json!({
            "evidence": e, "documents": 1, "first_seen": null, "last_seen": null, "example": null
        })
    };
    let mut nodes = serde_json::Map::new();
    let mut cooc = serde_json::Map::new();
    let mut mediates = serde_json::Map::new();
    for i in 0..n {
        nodes.insert(id(i), node.clone());
        let mut targets = serde_json::Map::new();
        for j in i + 1..n {
            targets.insert(id(j), link(evidence(i, j)));
        }
        cooc.insert(id(i), targets.into());
        if i % 10 == 0 && i + 1 < n {
            mediates.insert(id(i), serde_json::json!({ id(i + 1): link(5) }));
        }
    }
    let builder = serde_json::json!({
        "window": "sentence", "documents": n, "windows": n, "nodes": nodes,
        "links": { "co-occurrence": cooc, "mediates": mediates },
        "discovered": {}, "latest": null
    });
    let builder: GraphBuilder = serde_json::from_value(builder).expect("a builder reads");
    (builder, gazetteer)
}

#[test]
fn finishing_many_links_keeps_each_links_totals_in_id_order() {
    // more links than are taken between two returns of memory, some left out by weight and
    // by an excluded actor (whose removal shifts the ranks of the ids after it)
    let n = 300;
    let (builder, gazetteer) = many_links(n);
    let opts = FinishOptions {
        min_weight: 3.0,
        exclude: ["org-005".to_string(), "org-100".to_string()].into(),
        ..FinishOptions::default()
    };
    let date = Date::parse("2024-06-01", false).expect("a date");
    let graph = builder.finish(&gazetteer, date, &opts);
    let got: Vec<(Kind, String, String, u64, f64)> = graph
        .links()
        .map(|(s, t, l)| (l.kind, s.id.clone(), t.id.clone(), l.evidence, l.weight))
        .collect();
    let id = |i: usize| format!("org-{i:03}");
    let kept = |i: usize| i != 5 && i != 100;
    let mut want = Vec::new();
    for i in (0..n).filter(|&i| kept(i)) {
        for j in (i + 1..n).filter(|&j| kept(j)) {
            let e = ((i * 7 + j * 13) % 50 + 1) as u64;
            if e >= 3 {
                want.push((Kind::CoOccurrence, id(i), id(j), e, e as f64));
            }
        }
        if i + 1 < n && kept(i + 1) {
            if i % 50 == 0 {
                want.push((Kind::AffiliatedWith, id(i), id(i + 1), 0, 1.0));
            }
            if i % 10 == 0 {
                want.push((Kind::Mediates, id(i), id(i + 1), 5, 5.0));
            }
        }
    }
    want.sort_by(|a, b| (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)));
    assert!(want.len() > 1 << 15, "{} links", want.len());
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w);
    }
}

/// The fast path of `clip` (plain ASCII, single spaces) gives what collapsing word by word
/// gives, at and around the length limit and on every kind of white space.
#[test]
fn clip_fast_path_is_the_word_by_word_clip() {
    let long = "word ".repeat(EVIDENCE_CHARS / 5 + 3);
    let exact = "x".repeat(EVIDENCE_CHARS);
    let over = "x".repeat(EVIDENCE_CHARS + 1);
    let cases = [
        String::new(),
        "Oman hosted the talks.".to_string(),
        long.trim_end().to_string(),
        long.clone(),
        exact.clone(),
        over.clone(),
        format!("{} y", &exact[..EVIDENCE_CHARS - 2]),
        "two  spaces".to_string(),
        " lead".to_string(),
        "tab\there".to_string(),
        "vertical\u{0b}tab".to_string(),
        "line\nbreak".to_string(),
        "no-break\u{a0}space".to_string(),
        format!("Oman\u{2019}s {}", "long ".repeat(60)),
    ];
    for s in &cases {
        assert_eq!(clip(s), super::clip_chars(s), "{s:?}");
    }
    assert_eq!(clip(&over).chars().count(), EVIDENCE_CHARS);
    assert_eq!(clip(&exact), exact);
}
