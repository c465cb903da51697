//! Hostile input: it never crashes, loses data or corrupts an output.

use crate::util::*;

fn ok(o: &std::process::Output) {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn nul_bytes_in_a_text_file_are_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "nul.txt",
        "Oman\0 hosted Iran.\0\0 Qatar met Egypt.",
    );
    let (out, o) = extract(&[&p], &["-q", "--format", "all"]);
    ok(&o);
    let xml = std::fs::read_to_string(out.path().join("graph.graphml")).unwrap();
    assert!(!xml.contains('\0'));
    let (h, rows) = read_csv(&out.path().join("mentions.csv"));
    assert_eq!(
        column(&h, &rows, "entity"),
        ["oman", "iran", "qatar", "egypt"]
    );
}

#[test]
fn one_very_long_line() {
    // 20 MB without a line break or sentence end: still linear (a 200 MB line is in the
    // benchmarks' reach, not the test suite's)
    let dir = tempfile::tempdir().unwrap();
    let unit = "talks between Oman and Iran continued while observers waited in Muscat ";
    let text = unit.repeat(20_000_000 / unit.len());
    let p = write(dir.path(), "line.txt", &text);
    let (out, o) = extract(&[&p], &["-q"]);
    ok(&o);
    let (h, rows) = read_csv(&out.path().join("nodes.csv"));
    let ids = column(&h, &rows, "Id");
    assert_eq!(ids, ["iran", "muscat", "oman"]);
    let n = text.matches("Oman").count().to_string();
    assert_eq!(column(&h, &rows, "mentions")[2], n);
}

#[test]
fn thousands_of_tiny_files() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3000 {
        let text = if i % 2 == 0 {
            "Oman hosted Iran."
        } else {
            "Qatar met Egypt."
        };
        write(dir.path(), &format!("brief-{i:05}.txt"), text);
    }
    let (out, o) = extract(&[dir.path()], &["-q"]);
    ok(&o);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("run.json")).unwrap()).unwrap();
    assert_eq!(manifest["documents"], 3000);
    let (h, rows) = read_csv(&out.path().join("edges.csv"));
    let i = rows
        .iter()
        .position(|r| r[0] == "iran" && r[1] == "oman")
        .unwrap();
    assert_eq!(column(&h, &rows, "documents")[i], "1500");
}

#[test]
fn scripts_without_case_mixed_with_latin_names() {
    let dir = tempfile::tempdir().unwrap();
    let text = "وزير الخارجية Oman التقى Iran في مسقط。中国外交部 China 表示 Japan 和 South Korea 应该对话。\nПереговоры Russia и Ukraine.";
    let p = write(dir.path(), "mixed.txt", text);
    let (out, o) = extract(&[&p], &["-q"]);
    ok(&o);
    let (h, rows) = read_csv(&out.path().join("mentions.csv"));
    let chars: Vec<char> = text.chars().collect();
    for r in &rows {
        let (s, e): (usize, usize) = (r[2].parse().unwrap(), r[3].parse().unwrap());
        assert_eq!(chars[s..e].iter().collect::<String>(), r[4]);
    }
    let ids: Vec<&str> = column(&h, &rows, "entity");
    for want in [
        "oman",
        "iran",
        "china",
        "japan",
        "south-korea",
        "russia",
        "ukraine",
    ] {
        assert!(ids.contains(&want), "{want} missing: {ids:?}");
    }
}

#[test]
fn document_ids_never_become_paths() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "c.jsonl", "{\"id\":\"../../escape\",\"text\":\"Oman hosted Iran.\"}\n{\"id\":\"/etc/passwd\",\"text\":\"Qatar met Egypt.\"}\n");
    let (out, o) = extract(&[&p], &["-q", "--format", "all"]);
    ok(&o);
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "edges.csv",
            "evidence.csv",
            "graph.dot",
            "graph.gexf",
            "graph.graphml",
            "graph.json",
            "graph.svg",
            "graph.xlsx",
            "mentions.csv",
            "nodes.csv",
            "report.html",
            "run.json"
        ]
    );
    assert!(!dir.path().join("escape").exists());
}

#[test]
fn gazetteers_typed_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let long = "X".repeat(5000);
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "bom-crlf.csv",
            "\u{FEFF}id,name,type,aliases\r\nxland,Xland,state,Ecksland\r\n".into(),
            "",
        ),
        (
            "missing-columns.csv",
            "id,label\nx,X\n".into(),
            "missing-columns.csv:1: missing required column(s) name, type",
        ),
        (
            "extra-fields.csv",
            "id,name,type\nx,X,state,surplus\n".into(),
            "extra-fields.csv:2: row has 4 fields but the header has 3",
        ),
        (
            "duplicate.csv",
            "id,name,type\nx,X,state\nx,Y,state\n".into(),
            "duplicate.csv:3: duplicate id \"x\"",
        ),
        (
            "conflict.csv",
            "id,name,type,aliases\na,A,state,Shared\nb,B,state,Shared\n".into(),
            "conflict.csv:3: alias \"shared\" of \"b\" is also claimed by \"a\"",
        ),
        (
            "empty-alias.csv",
            "id,name,type,aliases\nx,Xland,state,Ex||\n".into(),
            "",
        ),
        (
            "long-alias.csv",
            format!("id,name,type,aliases\nx,Xland,state,{long}\n"),
            "",
        ),
        (
            "bad-id.csv",
            "id,name,type\n<x y>,X,state\n".into(),
            "bad-id.csv:2: id \"<x y>\" is not a valid XML id",
        ),
        (
            "bad-coordinates.csv",
            "id,name,type,lat\nx,X,place,95\n".into(),
            "bad-coordinates.csv:2: lat \"95\" is not a number between -90 and 90",
        ),
    ];
    let brief = write(dir.path(), "b.txt", "Xland and Ecksland met Oman.\n");
    for (name, text, want) in cases {
        let g = write(dir.path(), name, &text);
        let (out, o) = extract(&[&brief], &["-g", g.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        if want.is_empty() {
            ok(&o);
            assert!(out.path().join("nodes.csv").exists());
        } else {
            assert_eq!(o.status.code(), Some(2), "{name}");
            assert!(err.contains(want), "{name}: want {want:?} in {err}");
            assert!(!err.contains("panicked"), "{err}");
        }
        if name == "long-alias.csv" || name == "empty-alias.csv" {
            assert!(err.contains("warning:"), "{name}: {err}");
        }
    }
}
