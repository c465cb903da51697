//! Exports end to end: golden files, GraphML read back, every CSV column, determinism under
//! parallelism, and merged partial results equal to one run.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use quick_xml::events::Event;

use crate::util::*;

const DATE: &str = "2025-03-14";

/// Compares a file with its golden copy in tests/golden/; `UPDATE_GOLDEN=1` rewrites the copy.
fn golden(actual: &Path, name: &str) {
    let want = root().join("tests/golden").join(name);
    let got = std::fs::read(actual).unwrap();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(want.parent().unwrap()).unwrap();
        std::fs::write(&want, &got).unwrap();
        return;
    }
    let expected = std::fs::read(&want)
        .unwrap_or_else(|_| panic!("{} missing: run with UPDATE_GOLDEN=1", want.display()));
    assert!(
        got == expected,
        "{name} differs from its golden copy (UPDATE_GOLDEN=1 to accept): {}",
        actual.display()
    );
}

#[test]
fn golden_exports_of_the_sample_brief() {
    let brief = root().join("samples/doha-brief.txt");
    let (out, o) = extract(
        &[&brief],
        &[
            "--date",
            DATE,
            "--format",
            "graphml,csv,gexf,json,dot",
            "-q",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "nodes.csv",
        "edges.csv",
        "mentions.csv",
        "evidence.csv",
        "graph.graphml",
        "graph.gexf",
        "graph.json",
        "graph.dot",
    ] {
        golden(&out.path().join(f), &format!("doha/{f}"));
    }
}

#[test]
fn graphml_reads_back_with_declared_keys_unique_ids_and_known_endpoints() {
    let brief = root().join("samples/korea-brief.txt");
    let (out, o) = extract(&[&brief], &["--date", DATE, "-q"]);
    assert!(o.status.success());
    let xml = std::fs::read_to_string(out.path().join("graph.graphml")).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut keys, mut nodes, mut edges, mut used_keys, mut ends) = (
        BTreeSet::new(),
        Vec::new(),
        Vec::new(),
        BTreeSet::new(),
        Vec::new(),
    );
    let attr = |e: &quick_xml::events::BytesStart<'_>, k: &str| {
        e.attributes()
            .flatten()
            .find(|a| a.key.into_inner() == k)
            .map(|a| {
                a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                    .unwrap()
                    .into_owned()
            })
    };
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().into_inner() {
                "key" => {
                    assert!(attr(&e, "attr.type").is_some() && attr(&e, "for").is_some());
                    assert!(keys.insert(attr(&e, "id").unwrap()), "duplicate key id");
                }
                "node" => nodes.push(attr(&e, "id").unwrap()),
                "edge" => {
                    edges.push(attr(&e, "id").unwrap());
                    ends.push(attr(&e, "source").unwrap());
                    ends.push(attr(&e, "target").unwrap());
                }
                "data" => {
                    used_keys.insert(attr(&e, "key").unwrap());
                }
                _ => {}
            },
            _ => {}
        }
    }
    assert!(nodes.len() > 5 && edges.len() > 5);
    let unique: BTreeSet<&String> = nodes.iter().collect();
    assert_eq!(unique.len(), nodes.len(), "node ids unique");
    assert_eq!(
        edges.iter().collect::<BTreeSet<_>>().len(),
        edges.len(),
        "edge ids unique"
    );
    assert!(
        ends.iter().all(|e| unique.contains(e)),
        "every edge end is a node"
    );
    assert!(used_keys.is_subset(&keys), "every data key is declared");
}

#[test]
fn csv_columns() {
    let brief = root().join("samples/doha-brief.txt");
    let text = std::fs::read_to_string(&brief).unwrap();
    let (out, _) = extract(&[&brief], &["--date", DATE, "-q"]);
    let (h, nodes) = read_csv(&out.path().join("nodes.csv"));
    assert_eq!(
        h,
        [
            "Id",
            "Label",
            "actor_type",
            "role",
            "roles",
            "affiliation",
            "affiliation_id",
            "title",
            "title_date",
            "text_title",
            "text_affiliation",
            "mentions",
            "documents",
            "aliases",
            "country",
            "wikidata",
            "iso3",
            "lat",
            "lon",
            "first_seen",
            "last_seen",
            "discovered"
        ]
    );
    let row = |id: &str| {
        nodes
            .iter()
            .find(|r| r[0] == id)
            .unwrap_or_else(|| panic!("no {id}"))
            .clone()
    };
    let qatar = row("qatar");
    assert_eq!(
        (qatar[1].as_str(), qatar[2].as_str(), qatar[3].as_str()),
        ("Qatar", "state", "host")
    );
    assert_eq!(row("egypt")[3], "mediator");
    let envoy = row("tom-perriello");
    assert_eq!(
        (envoy[5].as_str(), envoy[6].as_str()),
        ("United States", "united-states")
    );
    assert_eq!(row("doha")[14], "Qatar", "a place's country");
    assert!(
        row("doha")[17].parse::<f64>().is_ok() && row("doha")[18].parse::<f64>().is_ok(),
        "places carry lat/lon"
    );
    assert_eq!(row("qatar")[19], DATE);

    let (eh, edges) = read_csv(&out.path().join("edges.csv"));
    assert_eq!(
        eh,
        [
            "Source",
            "Target",
            "Type",
            "Kind",
            "Id",
            "Label",
            "Weight",
            "evidence",
            "documents",
            "first_seen",
            "last_seen",
            "evidence_document",
            "evidence_sentence",
            "evidence_text",
            "origin"
        ]
    );
    let kinds: BTreeSet<&str> = column(&eh, &edges, "Kind").into_iter().collect();
    for k in [
        "co-occurrence",
        "affiliated_with",
        "located_in",
        "mediates",
        "hosts",
    ] {
        assert!(kinds.contains(k), "{k} missing: {kinds:?}");
    }
    for r in &edges {
        assert!(r[6].parse::<f64>().unwrap() > 0.0);
        if r[3] == "co-occurrence" {
            assert!(r[0] < r[1], "undirected links in canonical order");
            assert_eq!(r[2], "Undirected");
            assert!(
                text.contains(&r[13][..r[13].len().min(40)]),
                "evidence is a sentence of the text"
            );
        }
    }

    let (mh, mentions) = read_csv(&out.path().join("mentions.csv"));
    assert_eq!(
        mh,
        [
            "document", "sentence", "start", "end", "surface", "entity", "label", "type", "form",
            "title", "url"
        ]
    );
    let chars: Vec<char> = text.chars().collect();
    for r in &mentions {
        let (s, e): (usize, usize) = (r[2].parse().unwrap(), r[3].parse().unwrap());
        assert_eq!(
            chars[s..e].iter().collect::<String>(),
            r[4],
            "offsets count code points"
        );
    }
    let (vh, evidence) = read_csv(&out.path().join("evidence.csv"));
    assert_eq!(
        vh,
        [
            "document", "sentence", "start", "end", "kind", "subject", "value", "object", "cue",
            "text"
        ]
    );
    assert!(evidence
        .iter()
        .any(|r| r[4] == "role" && r[5] == "qatar" && r[6] == "host"));
    assert!(evidence
        .iter()
        .any(|r| r[4] == "title" && r[5] == "badr-abdelatty" && r[7] == "egypt"));
}

/// Writes a small corpus of JSON Lines documents built from the sample briefs' sentences.
fn corpus(dir: &Path, docs: usize) -> PathBuf {
    let mut text = String::new();
    for name in ["doha-brief.txt", "korea-brief.txt"] {
        text.push_str(&std::fs::read_to_string(root().join("samples").join(name)).unwrap());
        text.push('\n');
    }
    let paras: Vec<&str> = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    let mut lines = String::new();
    for i in 0..docs {
        let body: Vec<&str> = (0..3)
            .map(|k| paras[(i * 7 + k * 3) % paras.len()])
            .collect();
        let doc = serde_json::json!({"id": format!("doc-{i:04}"), "date": format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28), "text": body.join("\n\n")});
        lines.push_str(&doc.to_string());
        lines.push('\n');
    }
    write(dir, "corpus.jsonl", &lines)
}

#[test]
fn parallel_runs_give_the_same_bytes_as_one_thread() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path(), 300);
    let (one, o1) = extract(&[&c], &["--threads", "1", "--format", "all", "-q"]);
    let (two, o2) = extract(&[&c], &["--threads", "2", "--format", "all", "-q"]);
    assert!(o1.status.success() && o2.status.success());
    for f in [
        "nodes.csv",
        "edges.csv",
        "mentions.csv",
        "evidence.csv",
        "graph.graphml",
        "graph.gexf",
        "graph.json",
        "graph.dot",
        "graph.xlsx",
        "report.html",
        "graph.svg",
        "run.json",
    ] {
        assert_eq!(
            std::fs::read(one.path().join(f)).unwrap(),
            std::fs::read(two.path().join(f)).unwrap(),
            "{f}"
        );
    }
}

/// A 90-document corpus written as three JSON Lines files of 30 documents, in order.
fn corpus_in_three_parts(dir: &Path) -> Vec<PathBuf> {
    let c = corpus(dir, 90);
    let text = std::fs::read_to_string(&c).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    lines
        .chunks(30)
        .enumerate()
        .map(|(i, ch)| write(dir, &format!("part{i}.jsonl"), &(ch.join("\n") + "\n")))
        .collect()
}

#[test]
fn merged_partials_equal_one_run_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let parts = corpus_in_three_parts(dir.path());
    let (whole, o) = extract(
        &[&parts[0], &parts[1], &parts[2]],
        &["--format", "graphml,csv,gexf,json", "-q"],
    );
    assert!(o.status.success());
    let mut outs = Vec::new();
    for p in &parts {
        let (d, o) = extract(&[p], &["--partial", "-q"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        outs.push(d);
    }
    let merged = tempfile::tempdir().unwrap();
    let mut args = vec!["merge".to_string()];
    args.extend(outs.iter().map(|d| d.path().display().to_string()));
    args.extend([
        "-o".into(),
        merged.path().display().to_string(),
        "--format".into(),
        "graphml,csv,gexf,json".into(),
        "-q".into(),
    ]);
    let o = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "nodes.csv",
        "edges.csv",
        "mentions.csv",
        "evidence.csv",
        "graph.graphml",
        "graph.gexf",
        "graph.json",
    ] {
        assert_eq!(
            std::fs::read(whole.path().join(f)).unwrap(),
            std::fs::read(merged.path().join(f)).unwrap(),
            "{f}"
        );
    }
}

/// A merged report cites the sentences one run over all the parts cites: each actor's and each
/// link's first sentences in corpus order, with their counts (regression: a merged report had
/// no evidence sentences, because partials did not carry them).
#[test]
fn merged_report_cites_the_sentences_of_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let parts = corpus_in_three_parts(dir.path());
    let (whole, o) = extract(
        &[&parts[0], &parts[1], &parts[2]],
        &["--format", "html", "-q"],
    );
    assert!(o.status.success());
    // one part as a folder, two as a stream file: both forms carry the sentences
    let (folder, o) = extract(&[&parts[0]], &["--partial", "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stream = dir.path().join("rest.part");
    let o = run(&[
        "extract",
        parts[1].to_str().unwrap(),
        parts[2].to_str().unwrap(),
        "--partial",
        "-q",
        "-o",
        "-",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::write(&stream, &o.stdout).unwrap();
    let merged = tempfile::tempdir().unwrap();
    let o = run(&[
        "merge",
        folder.path().to_str().unwrap(),
        stream.to_str().unwrap(),
        "-o",
        merged.path().to_str().unwrap(),
        "--format",
        "html",
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = |d: &Path| {
        let mut data = crate::report::page_data(&d.join("report.html"));
        // run.json differs: a merge names its parts
        data["meta"]["run"] = serde_json::Value::Null;
        data
    };
    let (one, two) = (page(whole.path()), page(merged.path()));
    assert_eq!(two["meta"]["haveEvidence"], true);
    let cited = one["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["ev"].as_array().is_some_and(|e| e.len() == 5))
        .count();
    assert!(cited > 0, "the corpus fills some actor's evidence list");
    assert_eq!(one, two);
}

#[test]
fn merge_refuses_parts_made_with_other_gazetteers() {
    let dir = tempfile::tempdir().unwrap();
    let brief = write(dir.path(), "b.txt", "Oman hosted Iran.\n");
    let g = write(dir.path(), "g.csv", "id,name,type\nxland,Xland,state\n");
    let (part, _) = extract(&[&brief], &["--partial", "-g", g.to_str().unwrap(), "-q"]);
    let o = run(&[
        "merge",
        part.path().to_str().unwrap(),
        "-o",
        dir.path().join("m").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("made with other gazetteers"));
}

#[test]
fn weights_and_pruning() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path(), 60);
    let count = |extra: &[&str]| {
        let mut args = vec!["-q"];
        args.extend_from_slice(extra);
        let (out, o) = extract(&[&c], &args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let (h, rows) = read_csv(&out.path().join("edges.csv"));
        let w: Vec<f64> = rows
            .iter()
            .filter(|r| r[3] == "co-occurrence")
            .map(|r| r[6].parse().unwrap())
            .collect();
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.path().join("run.json")).unwrap()).unwrap();
        let _ = h;
        (w, manifest)
    };
    let (all, _) = count(&[]);
    let (jac, m) = count(&["--weight", "jaccard"]);
    assert_eq!(m["graph"]["weight"], "jaccard");
    assert!(jac.iter().all(|w| *w > 0.0 && *w <= 1.0));
    let mut sorted = all.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() - 1];
    assert!(
        sorted[0] < median,
        "the corpus has links of different weights"
    );
    let (pruned, m) = count(&["--min-weight", &median.to_string()]);
    assert!(
        pruned.len() < all.len() && pruned.iter().all(|w| *w >= median),
        "{median} {} {}",
        pruned.len(),
        all.len()
    );
    assert_eq!(m["graph"]["min_weight"], median);
    let (top, _) = count(&["--top-k", "1"]);
    assert!(top.len() < all.len());
    let (ex, _) = count(&["--exclude", "united-states,sudan"]);
    assert!(ex.len() < all.len());
}

#[test]
fn explain_prints_the_sentences_behind_a_link_and_an_actor() {
    let brief = root().join("samples/doha-brief.txt");
    let o = run(&["explain", "Egypt", "RSF", brief.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("relation mediates (egypt \u{2192} rsf-sudan)"),
        "{text}"
    );
    assert!(
        text.lines()
            .last()
            .unwrap()
            .starts_with("egypt and rsf-sudan: "),
        "{text}"
    );
    let o = run(&["explain", "Qatar", brief.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("type: from <built-in>/states.csv:"), "{text}");
    assert!(text.contains("role host (cue \"hosted by\")"), "{text}");
    let o = run(&["explain", "Nobody At All", brief.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}
