//! report.html and graph.svg end to end: the embedded data agrees with the CSV files, the same
//! input gives the same bytes, hostile article text stays inert, the SVG is valid XML with the
//! drawn counts, and a large graph draws the stated top actors. (The page in a real browser is
//! tested by tests/browser/, run by scripts/check-report.sh.)

use std::path::Path;

use quick_xml::events::Event;

use crate::util::*;

const DATE: &str = "2025-03-14";

/// The JSON document embedded in a report.
pub(crate) fn page_data(report: &Path) -> serde_json::Value {
    let html = std::fs::read_to_string(report).unwrap();
    let open = "<script type=\"application/json\" id=\"actornet-data\">";
    let start = html.find(open).expect("data element") + open.len();
    let end = start + html[start..].find("</script>").expect("end of data");
    serde_json::from_str(&html[start..end]).expect("data is JSON")
}

fn samples() -> Vec<std::path::PathBuf> {
    vec![
        root().join("samples/doha-brief.txt"),
        root().join("samples/korea-brief.txt"),
    ]
}

#[test]
fn report_is_written_by_default_and_the_summary_ends_with_its_path() {
    let s = samples();
    let (out, o) = extract(&[&s[0]], &["--date", DATE]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8(o.stderr).unwrap();
    let last = stderr.trim_end().lines().last().unwrap();
    let report = out.path().join("report.html");
    assert_eq!(last, format!("report: {}", report.display()));
    assert!(report.is_file());
    // graph.svg only when asked for
    assert!(!out.path().join("graph.svg").exists());
}

#[test]
fn report_data_has_every_node_and_link_of_the_csv_files_in_their_order() {
    let s = samples();
    let (out, o) = extract(&[&s[0], &s[1]], &["--date", DATE, "-q"]);
    assert!(o.status.success());
    let data = page_data(&out.path().join("report.html"));
    let (nh, nodes) = read_csv(&out.path().join("nodes.csv"));
    let (eh, edges) = read_csv(&out.path().join("edges.csv"));
    let ids: Vec<&str> = data["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, column(&nh, &nodes, "Id"));
    assert_eq!(data["meta"]["nodes"], nodes.len());
    assert_eq!(data["meta"]["links"], edges.len());
    // small graphs are drawn whole
    assert_eq!(data["meta"]["drawnNodes"], nodes.len());
    assert_eq!(data["meta"]["drawnLinks"], edges.len());
    let kinds: Vec<&str> = data["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    let links = &data["links"];
    let (src, tgt, kind) = (
        column(&eh, &edges, "Source"),
        column(&eh, &edges, "Target"),
        column(&eh, &edges, "Kind"),
    );
    for i in 0..edges.len() {
        let s = links["s"][i].as_u64().unwrap() as usize;
        let t = links["t"][i].as_u64().unwrap() as usize;
        let k = links["k"][i].as_u64().unwrap() as usize;
        assert_eq!(
            (ids[s], ids[t], kinds[k]),
            (src[i], tgt[i], kind[i]),
            "link {i}"
        );
    }
    // every drawn node has a position inside the square
    let extent = data["meta"]["extent"].as_f64().unwrap();
    for n in data["nodes"].as_array().unwrap() {
        let (x, y) = (n["x"].as_f64().unwrap(), n["y"].as_f64().unwrap());
        assert!(
            (0.0..=extent).contains(&x) && (0.0..=extent).contains(&y),
            "{n}"
        );
    }
}

#[test]
fn an_actors_evidence_is_its_first_sentences_with_its_names_marked() {
    let s = samples();
    let (out, o) = extract(&[&s[0]], &["--date", DATE, "-q"]);
    assert!(o.status.success());
    let data = page_data(&out.path().join("report.html"));
    let (mh, mentions) = read_csv(&out.path().join("mentions.csv"));
    let entity = column(&mh, &mentions, "entity");
    let sentence = column(&mh, &mentions, "sentence");
    let surface = column(&mh, &mentions, "surface");
    let nodes = data["nodes"].as_array().unwrap();
    let qatar = nodes.iter().position(|n| n["id"] == "qatar").unwrap();
    let ev = nodes[qatar]["ev"].as_array().unwrap();
    let cap = data["meta"]["evidencePerActor"].as_u64().unwrap() as usize;
    // the sentences of Qatar's mentions, in order, without repeats
    let mut want: Vec<&str> = Vec::new();
    for i in 0..mentions.len() {
        if entity[i] == "qatar" && want.last() != Some(&sentence[i]) {
            want.push(sentence[i]);
        }
    }
    assert_eq!(nodes[qatar]["evn"], want.len());
    assert_eq!(ev.len(), want.len().min(cap));
    for (k, e) in ev.iter().enumerate() {
        let sent = &data["sentences"][e.as_u64().unwrap() as usize];
        assert_eq!(sent["n"].as_u64().unwrap().to_string(), want[k]);
        // each mark covers, in UTF-16 units, a surface form of the actor it names
        let text: Vec<u16> = sent["t"].as_str().unwrap().encode_utf16().collect();
        let marks = sent["h"].as_array().unwrap();
        assert!(marks.iter().any(|m| m[2] == qatar), "{sent}");
        for m in marks {
            let (a, len) = (
                m[0].as_u64().unwrap() as usize,
                m[1].as_u64().unwrap() as usize,
            );
            let name = String::from_utf16(&text[a..a + len]).unwrap();
            let actor = nodes[m[2].as_u64().unwrap() as usize]["id"]
                .as_str()
                .unwrap();
            assert!(
                (0..mentions.len()).any(|i| entity[i] == actor && surface[i] == name),
                "{name:?} is not a mention of {actor}"
            );
        }
    }
}

#[test]
fn report_and_svg_are_the_same_bytes_on_every_run() {
    let s = samples();
    let args = ["--date", DATE, "--format", "html,svg", "-q"];
    let (a, _) = extract(&[&s[0], &s[1]], &args);
    let (b, _) = extract(&[&s[0], &s[1]], &[&args[..], &["--threads", "1"]].concat());
    for f in ["report.html", "graph.svg"] {
        assert_eq!(
            std::fs::read(a.path().join(f)).unwrap(),
            std::fs::read(b.path().join(f)).unwrap(),
            "{f} differs between runs"
        );
    }
}

#[test]
fn hostile_article_text_cannot_close_the_data_element_or_add_markup() {
    let dir = tempfile::tempdir().unwrap();
    let brief = write(
        dir.path(),
        "brief.txt",
        "Oman hosted talks </textarea><script>alert(1)</script> between Iran and the United States.\n\
         Qatar said </script><img src=x onerror=alert(2)> &amp; \u{2028}nothing to Iran.\n",
    );
    let (out, o) = extract(
        &[&brief],
        &["--date", DATE, "--format", "csv,html,svg", "-q"],
    );
    assert!(o.status.success());
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert_eq!(
        html.matches("<script").count(),
        2,
        "the data and the page's script"
    );
    assert_eq!(html.matches("</script>").count(), 2);
    assert!(!html.contains("<img") && !html.contains("</textarea>"));
    assert!(!html.contains('\u{2028}'));
    let data = page_data(&out.path().join("report.html"));
    let texts: Vec<&str> = data["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["t"].as_str().unwrap())
        .collect();
    // the text reads back unchanged from the data
    assert!(texts
        .iter()
        .any(|t| t.contains("</textarea><script>alert(1)</script>")));
    assert!(texts
        .iter()
        .any(|t| t.contains("</script><img src=x onerror=alert(2)> &amp;")));
    // the SVG carries labels only, escaped by the XML writer
    let svg = std::fs::read_to_string(out.path().join("graph.svg")).unwrap();
    assert!(!svg.contains("<script") && !svg.contains("<img"));
}

/// The elements of an SVG file as (name, class, data-id or data-kind), checking that it parses
/// as XML and that every element is closed.
fn svg_elements(path: &Path) -> Vec<(String, Option<String>, Option<String>)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut r = quick_xml::Reader::from_str(&text);
    r.config_mut().check_end_names = true;
    let mut out = Vec::new();
    let mut open = 0i32;
    loop {
        let ev = r
            .read_event()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let e = match &ev {
            Event::Start(e) => {
                open += 1;
                e
            }
            Event::Empty(e) => e,
            Event::End(_) => {
                open -= 1;
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = e.name().into_inner().to_string();
        let attr = |k: &str| {
            e.attributes()
                .flatten()
                .find(|a| a.key.into_inner() == k)
                .map(|a| {
                    a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                        .unwrap()
                        .into_owned()
                })
        };
        out.push((name, attr("class"), attr("data-id").or(attr("data-kind"))));
    }
    assert_eq!(open, 0, "unclosed elements");
    out
}

#[test]
fn svg_is_valid_xml_with_one_disc_per_actor_and_one_path_per_link() {
    let s = samples();
    let (out, o) = extract(
        &[&s[0], &s[1]],
        &["--date", DATE, "--format", "csv,svg", "-q"],
    );
    assert!(o.status.success());
    let els = svg_elements(&out.path().join("graph.svg"));
    assert_eq!(els[0].0, "svg");
    let (nh, nodes) = read_csv(&out.path().join("nodes.csv"));
    let (eh, edges) = read_csv(&out.path().join("edges.csv"));
    let mut discs: Vec<&str> = els
        .iter()
        .filter(|e| e.0 == "circle" && e.1.as_deref() == Some("node"))
        .map(|e| e.2.as_deref().unwrap())
        .collect();
    discs.sort_unstable();
    let mut ids = column(&nh, &nodes, "Id");
    ids.sort_unstable();
    assert_eq!(discs, ids);
    let mut paths: Vec<&str> = els
        .iter()
        .filter(|e| e.0 == "path" && e.1.as_deref() == Some("link"))
        .map(|e| e.2.as_deref().unwrap())
        .collect();
    paths.sort_unstable();
    let mut kinds = column(&eh, &edges, "Kind");
    kinds.sort_unstable();
    assert_eq!(paths, kinds);
    // an arrowhead for every directed kind drawn
    for k in ["mediates", "affiliated_with"] {
        assert!(kinds.contains(&k), "the samples have {k} links");
        let id = format!("arrow-{k}");
        let svg = std::fs::read_to_string(out.path().join("graph.svg")).unwrap();
        assert!(svg.contains(&format!("id=\"{id}\"")) && svg.contains(&format!("url(#{id})")));
    }
}

/// A gazetteer of `n` made-up organizations and briefs that mention each with a few others.
fn synthetic(dir: &Path, n: usize) -> (std::path::PathBuf, std::path::PathBuf) {
    const SYL: [&str; 12] = [
        "ka", "lo", "mi", "ra", "ven", "tor", "sul", "bel", "dar", "nex", "pal", "zen",
    ];
    let name = |i: usize| {
        let w = format!(
            "{}{}{}",
            SYL[i % 12],
            SYL[(i / 12) % 12],
            SYL[(i / 144) % 12]
        );
        let mut c = w.chars();
        let first = c.next().unwrap().to_ascii_uppercase();
        format!("{first}{} Council", c.as_str())
    };
    let mut gaz = String::from("id,name,type\n");
    for i in 0..n {
        gaz.push_str(&format!("org-{i:04},{},org\n", name(i)));
    }
    let mut text = String::new();
    for i in 0..n {
        // actor i with the next one and a hub (0..4): hubs are the most mentioned
        text.push_str(&format!(
            "The {} met the {} and the {}.\n\n",
            name(i),
            name((i + 1) % n),
            name(i % 5)
        ));
    }
    (write(dir, "gaz.csv", &gaz), write(dir, "briefs.txt", &text))
}

#[test]
fn a_large_graph_draws_the_most_mentioned_actors_and_keeps_all_in_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let (gaz, briefs) = synthetic(dir.path(), 600);
    let (out, o) = extract(
        &[&briefs],
        &[
            "--no-default-gazetteers",
            "-g",
            gaz.to_str().unwrap(),
            "--format",
            "csv,html,svg",
            "-q",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (nh, nodes) = read_csv(&out.path().join("nodes.csv"));
    assert_eq!(nodes.len(), 600);
    let data = page_data(&out.path().join("report.html"));
    assert_eq!(data["meta"]["nodes"], 600);
    let drawn = data["meta"]["drawnNodes"].as_u64().unwrap() as usize;
    assert!(drawn < 600, "{drawn}");
    let jnodes = data["nodes"].as_array().unwrap();
    assert_eq!(
        jnodes.iter().filter(|n| n.get("x").is_some()).count(),
        drawn
    );
    // the drawn ones are the most mentioned: no undrawn actor has more mentions than a drawn one
    let least_drawn = jnodes
        .iter()
        .filter(|n| n.get("x").is_some())
        .map(|n| n["m"].as_u64().unwrap())
        .min()
        .unwrap();
    let most_left_out = jnodes
        .iter()
        .filter(|n| n.get("x").is_none())
        .map(|n| n["m"].as_u64().unwrap())
        .max()
        .unwrap();
    assert!(least_drawn >= most_left_out);
    let hubs: Vec<&str> = column(&nh, &nodes, "Id")[..5].to_vec();
    for h in hubs {
        let n = jnodes.iter().find(|n| n["id"] == h).unwrap();
        assert!(n.get("x").is_some(), "hub {h} is drawn");
    }
    // the SVG draws the same selection
    let els = svg_elements(&out.path().join("graph.svg"));
    let discs = els
        .iter()
        .filter(|e| e.0 == "circle" && e.1.as_deref() == Some("node"))
        .count();
    assert_eq!(discs, drawn);
}
