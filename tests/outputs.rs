//! Issue 14, "values that are wrong" and "files that Gephi-family tools read badly": every file
//! tells the truth about the run (weights, titles on the documents' own dates, explain), CSV
//! dialects for each program, and outputs that are the same bytes on every run.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;

use crate::util::*;

/// Every `<data key=…>` of every GraphML edge, keyed by the unordered pair of its end points.
fn graphml_edges(path: &Path) -> BTreeMap<(String, String), BTreeMap<String, String>> {
    let xml = std::fs::read_to_string(path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = BTreeMap::new();
    let mut current: Option<((String, String), BTreeMap<String, String>)> = None;
    let mut key = None;
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(e) if e.name().into_inner() == "edge" => {
                let attr = |k: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.into_inner() == k)
                        .map(|a| a.value.into_owned())
                        .unwrap()
                };
                let (s, t) = (attr("source"), attr("target"));
                let pair = if s < t { (s, t) } else { (t, s) };
                current = Some((pair, BTreeMap::new()));
            }
            quick_xml::events::Event::Start(e) if e.name().into_inner() == "data" => {
                key = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.into_inner() == "key")
                    .map(|a| a.value.into_owned());
            }
            quick_xml::events::Event::Text(t) => {
                if let (Some((_, data)), Some(k)) = (&mut current, key.take()) {
                    data.insert(k, t.xml10_content().into_owned());
                }
            }
            quick_xml::events::Event::End(e) if e.name().into_inner() == "edge" => {
                let (pair, data) = current.take().unwrap();
                out.insert(pair, data);
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn samples() -> Vec<std::path::PathBuf> {
    ["doha-brief.txt", "korea-brief.txt"]
        .iter()
        .map(|n| root().join("samples").join(n))
        .collect()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

// ---------- item 1 ----------

#[test]
fn graphml_weight_matches_edges_csv_under_every_weighting() {
    let inputs = samples();
    let refs: Vec<&Path> = inputs.iter().map(|p| p.as_path()).collect();
    for weight in ["count", "documents", "association", "pmi", "jaccard"] {
        let (out, o) = extract(
            &refs,
            &[
                "--date",
                "2025-03-14",
                "--weight",
                weight,
                "--format",
                "graphml,csv",
                "-q",
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let (h, rows) = read_csv(&out.path().join("edges.csv"));
        let col = |name: &str| h.iter().position(|x| x == name).unwrap();
        let edges = graphml_edges(&out.path().join("graph.graphml"));
        let mut cooc = 0;
        for r in &rows {
            if r[col("Kind")] != "co-occurrence" {
                continue;
            }
            cooc += 1;
            let (s, t) = (r[col("Source")].clone(), r[col("Target")].clone());
            let pair = if s < t { (s, t) } else { (t, s) };
            let want: f64 = r[col("Weight")].parse().unwrap();
            let got: f64 = edges[&pair]["weight"].parse().unwrap();
            assert_eq!(got, want, "--weight {weight}: {pair:?}");
        }
        assert!(cooc > 10, "{weight}: {cooc}");
        // a pair with typed relations only carries no weight above the weakest co-occurrence
        // under the scored weightings (it used to be a made-up 1.0, the maximum association)
        if ["association", "jaccard", "pmi"].contains(&weight) {
            let weakest = rows
                .iter()
                .filter(|r| r[col("Kind")] == "co-occurrence")
                .map(|r| r[col("Weight")].parse::<f64>().unwrap())
                .fold(f64::INFINITY, f64::min);
            let relation_only: Vec<f64> = edges
                .values()
                .filter(|d| d["cooccurrence"] == "0")
                .map(|d| d["weight"].parse().unwrap())
                .collect();
            assert!(
                !relation_only.is_empty(),
                "{weight}: the samples have relation-only pairs"
            );
            assert!(
                relation_only.iter().all(|w| *w == weakest),
                "{weight}: {relation_only:?} vs weakest {weakest}"
            );
        }
    }
}

// ---------- item 2 ----------

/// Two dated briefs: Lee Myung-bak (President 2008–2013) in 2010, other actors in 2024.
fn dated_corpus(dir: &Path) -> std::path::PathBuf {
    let docs = [
        serde_json::json!({"id": "seoul-2010", "date": "2010-05-03",
            "text": "Lee Myung-bak met the Japanese delegation in Seoul. South Korea and Japan agreed to meet again."}),
        serde_json::json!({"id": "muscat-2024", "date": "2024-03-01",
            "text": "Iran and Oman met in Muscat. Qatar welcomed the talks."}),
    ];
    let lines: Vec<String> = docs.iter().map(|d| d.to_string()).collect();
    write(dir, "briefs.jsonl", &(lines.join("\n") + "\n"))
}

#[test]
fn title_follows_document_date_not_corpus_latest() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dated_corpus(dir.path());
    let (out, o) = extract(&[&corpus], &["--format", "csv,graphml,xlsx", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (h, rows) = read_csv(&out.path().join("nodes.csv"));
    let lee = rows
        .iter()
        .find(|r| r[0] == "lee-myung-bak")
        .expect("Lee Myung-bak is a node");
    let get = |name: &str| lee[h.iter().position(|x| x == name).unwrap()].as_str();
    // a sitting president in 2010, not "former President" because the corpus reaches 2024
    assert_eq!(get("title"), "President");
    assert_eq!(get("title_date"), "2010-05-03");
    let (mh, mrows) = read_csv(&out.path().join("mentions.csv"));
    let titles: Vec<&str> = mrows
        .iter()
        .filter(|r| r[mh.iter().position(|x| x == "entity").unwrap()] == "lee-myung-bak")
        .map(|r| r[mh.iter().position(|x| x == "title").unwrap()].as_str())
        .collect();
    assert_eq!(titles, ["President"]);
    let gml = std::fs::read_to_string(out.path().join("graph.graphml")).unwrap();
    assert!(
        gml.contains(r#"<data key="title_date">2010-05-03</data>"#),
        "{gml}"
    );
}

#[test]
fn mention_titles_follow_each_documents_date() {
    // the same person in 2010 (in office) and 2016 (after office): each mention its own title,
    // the node the title of its latest document, saying which date that is
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        serde_json::json!({"id": "a", "date": "2010-05-03", "text": "Lee Myung-bak visited Japan."}),
        serde_json::json!({"id": "b", "date": "2016-09-09", "text": "Lee Myung-bak spoke about Japan."}),
    ]
    .map(|d| d.to_string());
    let corpus = write(dir.path(), "lee.jsonl", &(lines.join("\n") + "\n"));
    let (out, o) = extract(&[&corpus], &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (mh, mrows) = read_csv(&out.path().join("mentions.csv"));
    let by_doc: BTreeMap<&str, &str> = mrows
        .iter()
        .filter(|r| r[5] == "lee-myung-bak")
        .map(|r| {
            (
                r[0].as_str(),
                r[mh.iter().position(|x| x == "title").unwrap()].as_str(),
            )
        })
        .collect();
    assert_eq!(by_doc["a"], "President");
    assert_eq!(by_doc["b"], "former President");
    let (h, rows) = read_csv(&out.path().join("nodes.csv"));
    let lee = rows.iter().find(|r| r[0] == "lee-myung-bak").unwrap();
    let get = |name: &str| lee[h.iter().position(|x| x == name).unwrap()].as_str();
    assert_eq!(
        (get("title"), get("title_date")),
        ("former President", "2016-09-09")
    );
}

// ---------- item 4 ----------

fn explain(args: &[&str]) -> (String, String, Option<i32>) {
    let mut all = vec!["explain"];
    all.extend_from_slice(args);
    let o = run(&all);
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr(&o),
        o.status.code(),
    )
}

#[test]
fn explain_counts_documents_of_the_actor() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", "Oman hosted Iran in Muscat.\n");
    let b = write(dir.path(), "b.txt", "Qatar spoke to Egypt.\n");
    let c = write(dir.path(), "c.txt", "Egypt and Sudan met.\n");
    let (out, err, code) = explain(&[
        "Oman",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        c.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("mentions: 1 in 1 of 3 document(s)"), "{out}");
}

#[test]
fn explain_reads_jsonl_dates_for_titles() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dated_corpus(dir.path());
    let (out, err, code) = explain(&["Lee Myung-bak", corpus.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    // on the brief's own date, not today's (he left office in 2013)
    assert!(
        out.contains("title (gazetteer, on 2010-05-03, 1 document(s)): President"),
        "{out}"
    );
    assert!(!out.contains("former"), "{out}");
}

#[test]
fn explain_labels_discovered_facts_as_discovered() {
    let dir = tempfile::tempdir().unwrap();
    let brief = write(
        dir.path(),
        "b.txt",
        "Oman hosted the talks in Muscat. Iranian deputy foreign minister Darius Farhadmanesh met the Omani delegation.\n",
    );
    let (out, err, code) = explain(&["Farhadmanesh", brief.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!out.contains("(gazetteer"), "{out}");
    assert!(
        out.contains("type: person, discovered in the text after a title cue \u{2014} b.txt#2: Iranian deputy foreign minister"),
        "{out}"
    );
    assert!(
        out.contains("affiliation (discovered, named by the title cue): iran"),
        "{out}"
    );
    assert!(out.contains("title (discovered, from that cue): "), "{out}");
}

#[test]
fn explain_forgotten_input_is_not_a_missing_file() {
    let (_, err, code) = explain(&["Oman", "Iran"]);
    assert_eq!(code, Some(2));
    assert!(!err.contains("No such file"), "{err}");
    assert!(err.contains("\"Iran\" is an actor, not a file"), "{err}");
    let (_, err, code) = explain(&["Oman", "Nowhereland"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("\"Nowhereland\" is neither an actor of the gazetteers nor a file"),
        "{err}"
    );
}

// ---------- item 5 ----------

const LEE_BRIEF: &str = "President Lee met the Japanese delegation in Seoul. South Korea and Japan agreed to meet again.";

#[test]
fn dated_title_settles_ambiguous_referent() {
    let dir = tempfile::tempdir().unwrap();
    let doc = serde_json::json!({"id": "brief-2010", "date": "2010-05-03", "text": LEE_BRIEF});
    let corpus = write(dir.path(), "b.jsonl", &(doc.to_string() + "\n"));
    let (out, o) = extract(&[&corpus], &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (_, mentions) = read_csv(&out.path().join("mentions.csv"));
    let lee: Vec<&str> = mentions
        .iter()
        .filter(|r| r[4] == "President Lee")
        .map(|r| r[5].as_str())
        .collect();
    assert_eq!(lee, ["lee-myung-bak"], "{mentions:?}");
    let (h, nodes) = read_csv(&out.path().join("nodes.csv"));
    let discovered = h.iter().position(|x| x == "discovered").unwrap();
    assert!(
        nodes.iter().all(|r| r[discovered] == "false"),
        "no discovered duplicate: {nodes:?}"
    );
}

#[test]
fn dropped_ambiguous_title_is_not_discovered_again() {
    // undated: two presidents Lee, nothing settles it: dropped, and no new person "Lee"
    let dir = tempfile::tempdir().unwrap();
    let brief = write(dir.path(), "b.txt", LEE_BRIEF);
    let (out, o) = extract(&[&brief], &["-q", "--explain-ambiguous"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("\"President Lee\""), "{}", stderr(&o));
    let (_, nodes) = read_csv(&out.path().join("nodes.csv"));
    assert!(
        nodes.iter().all(|r| !r[1].contains("Lee")),
        "no discovered Lee: {nodes:?}"
    );
}

// ---------- item 13 ----------

#[test]
fn xlsx_mentions_are_streamed_with_every_row_of_mentions_csv() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dated_corpus(dir.path());
    let (out, o) = extract(&[&corpus], &["--format", "csv,xlsx", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (_, mentions) = read_csv(&out.path().join("mentions.csv"));
    let data = std::fs::read(out.path().join("graph.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(data)).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet3.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    // a constant-memory sheet: strings inline, one row per mention plus the header
    assert!(sheet.contains(r#"t="inlineStr""#));
    assert_eq!(sheet.matches("<row ").count(), mentions.len() + 1);
    for m in &mentions {
        assert!(sheet.contains(&format!("<t>{}</t>", m[4])), "{}", m[4]);
    }
    // no temporary file is left in the output folder
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}

// ---------- item 15 ----------

#[test]
fn gephi_dialect_has_no_bom_so_source_is_the_first_header() {
    let brief = root().join("samples/doha-brief.txt");
    let (out, o) = extract(
        &[&brief],
        &["--format", "csv", "--csv-dialect", "gephi", "-q"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for (file, first) in [("edges.csv", "Source,"), ("nodes.csv", "Id,")] {
        let raw = std::fs::read(out.path().join(file)).unwrap();
        // a BOM glued to the first header hides the Source/Id column in Gephi's importer
        assert!(raw.starts_with(first.as_bytes()), "{file}: {:?}", &raw[..8]);
    }
    for file in ["mentions.csv", "evidence.csv"] {
        let raw = std::fs::read(out.path().join(file)).unwrap();
        assert!(!raw.starts_with(b"\xEF\xBB\xBF"), "{file}");
    }
}

#[test]
fn plain_dialect_keeps_values_as_in_graphml() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(
        dir.path(),
        "g.csv",
        "id,name,type\nminus-org,-Minus Org,org\nformula-org,=Formula Org,org\n",
    );
    let brief = write(
        dir.path(),
        "b.txt",
        "-Minus Org met =Formula Org and Oman in Muscat.\n",
    );
    for (dialect, apostrophe, bom) in [("excel", true, true), ("plain", false, false)] {
        let (out, o) = extract(
            &[&brief],
            &["-g", g.to_str().unwrap(), "--csv-dialect", dialect, "-q"],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let raw = std::fs::read(out.path().join("nodes.csv")).unwrap();
        assert_eq!(raw.starts_with(b"\xEF\xBB\xBF"), bom, "{dialect}");
        let text = String::from_utf8(raw).unwrap();
        assert_eq!(
            text.contains("'-Minus Org"),
            apostrophe,
            "{dialect}: {text}"
        );
        assert_eq!(
            text.contains("'=Formula Org"),
            apostrophe,
            "{dialect}: {text}"
        );
        assert!(text.contains("-Minus Org") && text.contains("=Formula Org"));
    }
    let o = run(&["extract", brief.to_str().unwrap(), "--csv-dialect", "libre"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("excel for Excel") && err.contains("plain for pandas"),
        "{err}"
    );
}

// ---------- item 24 ----------

/// Every file of a folder, by name.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_output_is_byte_identical_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dated_corpus(dir.path());
    let undated = write(dir.path(), "undated.txt", LEE_BRIEF);
    for extra in [&["--format", "all"][..], &["--partial"][..]] {
        let mut args = vec!["-q"];
        args.extend_from_slice(extra);
        let (first, o1) = extract(&[&corpus, &undated], &args);
        // the workbook's creation time was the clock's, to the second: let it move
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let (second, o2) = extract(&[&corpus, &undated], &args);
        assert!(
            o1.status.success() && o2.status.success(),
            "{}",
            stderr(&o1)
        );
        let (a, b) = (files(first.path()), files(second.path()));
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{extra:?}"
        );
        assert!(a.len() >= 3, "{:?}", a.keys());
        for (name, bytes) in &a {
            assert!(
                bytes == &b[name],
                "{name} differs between two identical runs ({extra:?})"
            );
        }
    }
}

/// Issue 11: `explain` names the rule behind a discovered person's affiliation and the sentence
/// it read, also when the affiliation comes from the sentence around the cue, and says how an
/// organization the text defines was found.
#[test]
fn explain_names_the_context_rule_behind_an_affiliation() {
    let dir = tempfile::tempdir().unwrap();
    let brief = write(
        dir.path(),
        "b.txt",
        "Talks opened in Lima.\n\nWe welcome the foreign ministers from Chile and Peru – Foreign Minister Carla Alvarado, Foreign Minister Jorge Quispe – to the talks. They set up a Joint Verification Mechanism (JVM).\n",
    );
    let (out, err, code) = explain(&["Jorge Quispe", brief.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("affiliation (discovered, its place in a parallel list of states): peru \u{2014} b.txt#2: We welcome the foreign ministers"),
        "{out}"
    );
    let (out, err, code) = explain(&["JVM", brief.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("type: org, discovered in the text defined in the text with its acronym \u{2014} b.txt#3: They set up a Joint Verification Mechanism (JVM)."),
        "{out}"
    );
}
