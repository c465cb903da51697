//! The command line in pipes: JSON Lines on standard input, `--input-format`, partial results
//! on standard output (`extract --partial -o -`) and `merge -`, as Spark's `RDD.pipe` and job
//! arrays use them.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::util::*;

const LINES: &str = concat!(
    "{\"id\":\"d1\",\"date\":\"2025-04-12\",\"text\":\"Oman hosted talks between Iran and the United States in Muscat.\"}\n",
    "{\"id\":\"d2\",\"date\":\"2025-04-19\",\"text\":\"Qatar and Egypt brokered a ceasefire between Israel and Hamas.\"}\n",
    "{\"id\":\"d3\",\"date\":\"2025-05-02\",\"text\":\"Iranian officials met Omani envoys in Muscat before the talks.\"}\n",
);

const MORE: &str = concat!(
    "{\"id\":\"d4\",\"date\":\"2025-05-09\",\"text\":\"Seoul urged Pyongyang to return to negotiations.\"}\n",
    "{\"id\":\"d5\",\"date\":\"2025-05-16\",\"text\":\"Turkey offered to mediate between Russia and Ukraine in Istanbul. Oman and Iran agreed.\"}\n",
);

/// Runs the binary with `input` on standard input.
fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run actornet");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("run.json")).unwrap()).unwrap()
}

/// Every output file but run.json.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.file_name().unwrap() != "run.json")
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn jsonl_on_stdin_is_detected_and_keeps_dates() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_stdin(
        &["extract", "-", "-o", dir.path().to_str().unwrap()],
        LINES.as_bytes(),
    );
    ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("reading it as JSON Lines"), "{stderr}");
    assert_eq!(manifest(dir.path())["documents"], 3);
    let (h, rows) = read_csv(&dir.path().join("nodes.csv"));
    let ids = column(&h, &rows, "Id");
    let last = column(&h, &rows, "last_seen");
    let oman = ids.iter().position(|i| *i == "oman").unwrap();
    assert_eq!(last[oman], "2025-05-02");
    let (h, rows) = read_csv(&dir.path().join("mentions.csv"));
    let docs = column(&h, &rows, "document");
    assert!(docs.contains(&"d1") && docs.contains(&"d3"));
}

#[test]
fn input_format_text_reads_stdin_as_one_document() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_stdin(
        &[
            "extract",
            "-",
            "--input-format",
            "text",
            "-o",
            dir.path().to_str().unwrap(),
        ],
        LINES.as_bytes(),
    );
    ok(&out);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("JSON Lines"));
    assert_eq!(manifest(dir.path())["documents"], 1);
}

#[test]
fn plain_text_on_stdin_says_how_it_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_stdin(
        &["extract", "-o", dir.path().to_str().unwrap()],
        b"Oman hosted talks between Iran and the United States.\n",
    );
    ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("one plain-text document"), "{stderr}");
    assert_eq!(manifest(dir.path())["documents"], 1);
}

#[test]
fn input_format_overrides_the_file_name() {
    let src = tempfile::tempdir().unwrap();
    let file = write(src.path(), "feed.txt", LINES);
    let (dir, out) = extract(&[&file], &["--input-format", "jsonl"]);
    ok(&out);
    assert_eq!(manifest(dir.path())["documents"], 3);
    let (dir, out) = extract(&[&file], &[]);
    ok(&out);
    assert_eq!(manifest(dir.path())["documents"], 1);
    let out = run(&["extract", "--input-format", "pdf", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown input format"));
}

#[test]
fn bad_jsonl_on_stdin_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = format!("{LINES}{{\"id\":\"x\",\"body\":\"no text\"}}\n");
    let out = run_stdin(
        &["extract", "-", "-o", dir.path().to_str().unwrap()],
        input.as_bytes(),
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("<stdin>:4: no \"text\" field"), "{stderr}");
}

#[test]
fn partial_streams_on_stdout_merge_from_stdin_into_one_run() {
    let src = tempfile::tempdir().unwrap();
    let a = write(src.path(), "a.jsonl", LINES);
    let b = write(src.path(), "b.jsonl", MORE);
    let part = |f: &Path| {
        let out = run(&["extract", f.to_str().unwrap(), "--partial", "-o", "-", "-q"]);
        ok(&out);
        out.stdout
    };
    let (pa, pb) = (part(&a), part(&b));
    assert!(pa.ends_with(b"\n") && pa.starts_with(b"{\"m\":"));
    let formats = "graphml,csv,gexf,json,dot";
    let (whole, out) = extract(&[&a, &b], &["-f", formats, "-q"]);
    ok(&out);
    let merged = tempfile::tempdir().unwrap();
    let out = run_stdin(
        &[
            "merge",
            "-",
            "-f",
            formats,
            "-q",
            "-o",
            merged.path().to_str().unwrap(),
        ],
        &[pa.clone(), pb.clone()].concat(),
    );
    ok(&out);
    assert_eq!(files(whole.path()), files(merged.path()));
    assert_eq!(manifest(merged.path())["documents"], 5);

    // the other order: the same graph files, the rows in the order of the parts
    let back = tempfile::tempdir().unwrap();
    let out = run_stdin(
        &[
            "merge",
            "-",
            "-f",
            formats,
            "-q",
            "-o",
            back.path().to_str().unwrap(),
        ],
        &[pb, pa.clone()].concat(),
    );
    ok(&out);
    let (fw, fb) = (files(whole.path()), files(back.path()));
    for ((name, x), (_, y)) in fw.iter().zip(&fb) {
        if name == "mentions.csv" || name == "evidence.csv" {
            let mut xs: Vec<_> = x.split(|c| *c == b'\n').collect();
            let mut ys: Vec<_> = y.split(|c| *c == b'\n').collect();
            if name == "mentions.csv" {
                assert_ne!(xs, ys, "{name} should follow the parts' order");
            }
            xs.sort();
            ys.sort();
            assert_eq!(xs, ys, "{name}");
        } else {
            assert_eq!(x, y, "{name} depends on the order of the parts");
        }
    }

    // a saved stream file and a partial folder merge too
    let saved = write(src.path(), "a.part", std::str::from_utf8(&pa).unwrap());
    let folder = tempfile::tempdir().unwrap();
    let out = run(&[
        "extract",
        b.to_str().unwrap(),
        "--partial",
        "-q",
        "-o",
        folder.path().to_str().unwrap(),
    ]);
    ok(&out);
    let mixed = tempfile::tempdir().unwrap();
    let out = run(&[
        "merge",
        saved.to_str().unwrap(),
        folder.path().to_str().unwrap(),
        "-f",
        formats,
        "-q",
        "-o",
        mixed.path().to_str().unwrap(),
    ]);
    ok(&out);
    assert_eq!(files(whole.path()), files(mixed.path()));
}

#[test]
fn stdout_output_needs_partial() {
    let out = run_stdin(&["extract", "-", "-o", "-"], LINES.as_bytes());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("add --partial"));
    assert!(!Path::new("-").exists());
}

#[test]
fn a_cut_partial_stream_is_an_error_that_names_the_line() {
    let src = tempfile::tempdir().unwrap();
    let a = write(src.path(), "a.jsonl", LINES);
    let out = run(&["extract", a.to_str().unwrap(), "--partial", "-o", "-", "-q"]);
    ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    let cut: Vec<&str> = text.lines().collect();
    let cut = cut[..cut.len() - 1].join("\n") + "\n";
    let dir = tempfile::tempdir().unwrap();
    let out = run_stdin(
        &["merge", "-", "-o", dir.path().to_str().unwrap()],
        cut.as_bytes(),
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("<stdin>:") && stderr.contains("ends in the middle of a partial result"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
