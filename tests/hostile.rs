//! Inputs a user can hit by accident, each the regression test of a bug (issue 14): record
//! titles and URLs, output folders read back, standard input that is really JSON Lines or CSV,
//! folders with link loops and special files, malformed CSV rows, decomposed Unicode, and
//! messages that must be one honest line.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::util::*;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap()
}

/// The code-point slice `start..end` of `text` (what Python's `text[start:end]` gives).
fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// Every (entity, surface, start, end) of a mentions.csv.
fn mentions(out: &Path) -> Vec<(String, String, usize, usize)> {
    let (h, rows) = read_csv(&out.join("mentions.csv"));
    let e = column(&h, &rows, "entity");
    let s = column(&h, &rows, "surface");
    let a = column(&h, &rows, "start");
    let b = column(&h, &rows, "end");
    (0..rows.len())
        .map(|i| {
            (
                e[i].to_string(),
                s[i].to_string(),
                a[i].parse().unwrap(),
                b[i].parse().unwrap(),
            )
        })
        .collect()
}

fn entities(out: &Path) -> Vec<String> {
    let mut v: Vec<String> = mentions(out).into_iter().map(|m| m.0).collect();
    v.sort();
    v
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Runs with a time limit (a hang is a failure, not a stuck test run), `input` on its standard
/// input.
fn run_bounded(cmd: &mut Command, input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let id = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(std::time::Duration::from_secs(120)) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").arg(id.to_string()).status();
            panic!("actornet did not finish (hung)");
        }
    }
}

// ---- item 3: titles are scanned, URLs reach the outputs

const HEADLINE: &str = "Qatar hosts talks on Sudan";
const BODY: &str = "Egypt and Ethiopia met in Doha on Monday. Iran sent an observer.";

#[test]
fn jsonl_title_field_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = write(
        dir.path(),
        "wire.jsonl",
        &format!(
            "{}\n",
            serde_json::json!({"id": "w1", "title": HEADLINE, "text": BODY, "url": "https://example.org/w1"})
        ),
    );
    let txt = write(dir.path(), "w1.txt", &format!("{HEADLINE}\n\n{BODY}\n"));
    let (jout, o) = extract(&[&jsonl], &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (tout, o) = extract(&[&txt], &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let got = entities(jout.path());
    assert!(got.contains(&"qatar".to_string()) && got.contains(&"sudan".to_string()));
    // the same actors as the same brief in a plain-text file, whose headline is its first line
    assert_eq!(got, entities(tout.path()));
    // offsets count in "TITLE, blank line, TEXT"
    let full = format!("{HEADLINE}\n\n{BODY}");
    for (_, surface, s, e) in mentions(jout.path()) {
        assert_eq!(slice(&full, s, e), surface);
    }
}

#[test]
fn csv_title_field_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "wire.csv",
        &format!("id,title,text,url\nc1,{HEADLINE},\"{BODY}\",https://example.org/c1\n"),
    );
    let (out, o) = extract(&[&csv], &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let got = entities(out.path());
    assert!(got.contains(&"qatar".to_string()), "{got:?}");
    let full = format!("{HEADLINE}\n\n{BODY}");
    for (_, surface, s, e) in mentions(out.path()) {
        assert_eq!(slice(&full, s, e), surface);
    }
}

#[test]
fn title_repeated_at_the_start_of_the_text_is_scanned_once() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = write(
        dir.path(),
        "wire.jsonl",
        &format!(
            "{}\n",
            serde_json::json!({"title": HEADLINE, "text": format!("{HEADLINE}\n\n{BODY}")})
        ),
    );
    let (out, o) = extract(&[&jsonl], &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let qatar = entities(out.path())
        .iter()
        .filter(|e| *e == "qatar")
        .count();
    assert_eq!(qatar, 1);
}

#[test]
fn record_url_reaches_mentions_csv() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "wire.jsonl",
        &format!(
            "{}\n",
            serde_json::json!({"id": "w1", "text": "Oman hosted Iran.", "url": "https://example.org/w1"})
        ),
    );
    write(dir.path(), "plain.txt", "Qatar hosted Egypt.\n");
    let (out, o) = extract(&[dir.path()], &["-q", "-f", "csv,xlsx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (h, rows) = read_csv(&out.path().join("mentions.csv"));
    let docs = column(&h, &rows, "document");
    let urls = column(&h, &rows, "url");
    for (d, u) in docs.iter().zip(&urls) {
        let want = if *d == "w1" {
            "https://example.org/w1"
        } else {
            ""
        };
        assert_eq!(*u, want, "{d}");
    }
    assert!(docs.contains(&"w1") && docs.contains(&"plain.txt"));
}

// ---- item 6: what actornet wrote is never read back

#[test]
fn output_folder_is_never_read_back() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "brief.txt", "Oman hosted Iran and Qatar.\n");
    for _ in 0..2 {
        let o = run_in(dir.path(), &["extract", "."]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(manifest(&dir.path().join("output"))["documents"], 1);
    }
    // an older output folder (not this run's -o) is recognised by its run.json
    let o = run_in(dir.path(), &["extract", ".", "-o", "second"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(manifest(&dir.path().join("second"))["documents"], 1);
    assert!(
        stderr(&o).contains("files actornet wrote"),
        "{}",
        stderr(&o)
    );
    // and a partial result too
    let o = run_in(dir.path(), &["extract", ".", "--partial", "-o", "part"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run_in(dir.path(), &["extract", ".", "-o", "third"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(manifest(&dir.path().join("third"))["documents"], 1);
}

#[test]
fn file_written_by_actornet_is_refused_as_input() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "brief.txt", "Oman hosted Iran.\n");
    assert!(run_in(dir.path(), &["extract", "brief.txt"])
        .status
        .success());
    let o = run_in(
        dir.path(),
        &["extract", "output/mentions.csv", "-o", "again"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("written by actornet"), "{}", stderr(&o));
    let o = run_in(dir.path(), &["extract", "output", "-o", "again"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("an output folder of actornet"),
        "{}",
        stderr(&o)
    );
}

// ---- item 7: standard input that looks like records

fn extract_stdin(input: &[u8]) -> (tempfile::TempDir, Output) {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(bin())
        .args(["extract", "-", "-o"])
        .arg(dir.path())
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    (dir, out)
}

#[test]
fn stdin_that_looks_like_jsonl_or_csv_is_warned_about() {
    let (_, o) =
        extract_stdin(b"{\"id\":\"a\",\"text\":\"Oman hosted Iran.\"}\n{\"text\":\"Qatar.\"}\n");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("looks like JSON Lines"),
        "{}",
        stderr(&o)
    );
    let (_, o) = extract_stdin(b"id,text\n1,Oman hosted Iran.\n");
    assert!(stderr(&o).contains("looks like CSV"), "{}", stderr(&o));
    let (_, o) = extract_stdin(b"Oman hosted Iran, Qatar and Egypt.\n");
    assert!(o.status.success());
    assert!(!stderr(&o).contains("looks like"), "{}", stderr(&o));
}

// ---- item 12: messages and usage

#[test]
fn missing_file_error_prints_the_os_error_once() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let (_, o) = extract(&[&missing], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    assert_eq!(err.matches("os error 2").count(), 1, "{err}");
}

#[test]
fn extract_on_a_terminal_says_it_reads_stdin() {
    // util-linux `script` runs actornet on a terminal; a line and Ctrl-D are typed into it
    let dir = tempfile::tempdir().unwrap();
    let cmd = format!(
        "'{}' extract -o '{}'",
        bin().display(),
        dir.path().display()
    );
    let o = run_bounded(
        Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .env("TERM", "dumb"),
        b"Oman hosted Iran.\n\x04",
    );
    let shown = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(shown.contains("reading standard input"), "{shown}");
}

#[test]
fn explain_usage_line_is_readable() {
    let o = run(&["explain", "--help"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        out.contains("Usage: actornet explain [OPTIONS] <ACTOR> [ACTOR] <INPUT>..."),
        "{out}"
    );
    let o = run(&["explain", "Oman"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("Usage: actornet explain [OPTIONS] <ACTOR> [ACTOR] <INPUT>..."),
        "{}",
        stderr(&o)
    );
}

#[test]
fn gazetteer_check_without_defaults_needs_a_path() {
    let o = run(&["gazetteer", "check", "--no-default-gazetteers"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("needs at least one PATH"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty(), "the built-ins were checked");
    let o = run(&["gazetteer", "check"]);
    assert!(o.status.success());
}

#[test]
fn summary_uses_one_unit_scheme() {
    let dir = tempfile::tempdir().unwrap();
    // 2,500 bytes of text: 2.50 kB, as the progress bar counts (decimal units)
    let sentence = "Oman hosted Iran and Qatar in Muscat. ";
    let mut text = sentence.repeat(2500 / sentence.len());
    text.push_str(&"x".repeat(2500 - text.len()));
    let f = write(dir.path(), "brief.txt", &text);
    let (_, o) = extract(&[&f], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("1 document(s), 2.50 kB in "), "{err}");
    for binary in ["KB", "KiB", "MiB"] {
        assert!(!err.contains(binary), "{err}");
    }
}

// ---- item 17: folders walked as ripgrep does

#[cfg(unix)]
#[test]
fn symlink_loop_is_walked_once() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    write(&sub, "brief.txt", "Oman hosted Iran.\n");
    std::os::unix::fs::symlink(dir.path(), sub.join("loop")).unwrap();
    std::os::unix::fs::symlink(sub.join("brief.txt"), dir.path().join("again.txt")).unwrap();
    let (out, o) = extract(&[dir.path()], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(manifest(out.path())["documents"], 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link loop"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn fifo_in_folder_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "brief.txt", "Oman hosted Iran.\n");
    let fifo = dir.path().join("live.txt");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let out = tempfile::tempdir().unwrap();
    let o = run_bounded(
        Command::new(bin())
            .arg("extract")
            .arg(dir.path())
            .arg("-o")
            .arg(out.path()),
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("live.txt: skipped: a named pipe (FIFO)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(manifest(out.path())["documents"], 1);
}

#[cfg(unix)]
#[test]
fn dangling_symlink_in_folder_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "brief.txt", "Oman hosted Iran.\n");
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), dir.path().join("link.txt")).unwrap();
    let (out, o) = extract(&[dir.path()], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("link.txt: skipped: broken symbolic link"),
        "{}",
        stderr(&o)
    );
    assert_eq!(manifest(out.path())["documents"], 1);
}

#[test]
fn binary_csv_and_jsonl_in_folder_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "brief.txt", "Oman hosted Iran.\n");
    std::fs::write(dir.path().join("table.csv"), b"PK\x03\x04\x00\x00text,Iran").unwrap();
    std::fs::write(dir.path().join("dump.jsonl"), b"{\"text\":\x00\x01\x02}").unwrap();
    let (out, o) = extract(&[dir.path()], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in ["table.csv", "dump.jsonl"] {
        assert!(
            stderr(&o).contains(&format!("{f}: skipped: looks like a binary file")),
            "{}",
            stderr(&o)
        );
    }
    assert_eq!(manifest(out.path())["documents"], 1);
}

// ---- item 18: malformed CSV rows

#[test]
fn csv_row_with_wrong_field_count_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    // the bad row is on line 5: a quoted text over two lines comes first
    let csv = write(
        dir.path(),
        "rows.csv",
        "id,text,date\nr1,\"Oman hosted\nIran.\",2025-01-02\n\nr2,Qatar met Egypt,2025-01-03,extra\nr3,Sudan talks,2025-01-04\n",
    );
    let (_, o) = extract(&[&csv], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "{}:5: 4 field(s) where the header has 3",
            csv.display()
        )),
        "{}",
        stderr(&o)
    );
    let (out, o) = extract(&[&csv], &["--skip-bad"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m = manifest(out.path());
    assert_eq!(m["documents"], 2);
    assert!(
        m["skipped"][0].as_str().unwrap().contains("rows.csv:5:"),
        "{m}"
    );
}

#[test]
fn csv_stray_quote_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    // an opening quote never closed would swallow every later row into one text
    let csv = write(
        dir.path(),
        "rows.csv",
        "id,text\nr1,Oman hosted Iran.\nr2,\"Qatar met Egypt.\nr3,Sudan talks.\nr4,Chad talks.\n",
    );
    let (_, o) = extract(&[&csv], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "{}:3: a quote opened here is never closed",
            csv.display()
        )),
        "{}",
        stderr(&o)
    );
    // a quote inside an unquoted field
    let csv2 = write(
        dir.path(),
        "rows2.csv",
        "id,text\nr1,Oman said \"no\" to Iran.\nr2,Qatar met Egypt.\n",
    );
    let (out, o) = extract(&[&csv2], &["--skip-bad"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m = manifest(out.path());
    assert_eq!(m["documents"], 1);
    assert!(
        m["skipped"][0]
            .as_str()
            .unwrap()
            .contains("rows2.csv:2: a quote inside an unquoted field"),
        "{m}"
    );
}

#[test]
fn csv_row_without_text_is_recorded_as_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "rows.csv",
        "id,text\nr1,Oman hosted Iran.\nr2,\nr3,Qatar met Egypt.\n",
    );
    let (out, o) = extract(&[&csv], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m = manifest(out.path());
    assert_eq!(m["documents"], 2);
    assert!(
        m["skipped"][0]
            .as_str()
            .unwrap()
            .contains("rows.csv:3: skipped: no text"),
        "{m}"
    );
}

// ---- item 21: decomposed Unicode

#[test]
fn nfd_text_matches_like_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let nfc = "Talks in C\u{f4}te d'Ivoire: S\u{e3}o Tom\u{e9} and Bogot\u{e1} sent envoys to Bras\u{ed}lia.\n";
    let nfd: String = nfc.nfd().collect();
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "nfc.txt", nfc);
    let b = write(dir.path(), "nfd.txt", &nfd);
    let (aout, o) = extract(&[&a], &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (bout, o) = extract(&[&b], &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let want = entities(aout.path());
    assert!(want.len() >= 3, "{want:?}");
    assert_eq!(entities(bout.path()), want);
    // offsets are code points into the original (decomposed) text, surfaces as written there
    for (_, surface, s, e) in mentions(bout.path()) {
        assert_eq!(slice(&nfd, s, e), surface);
        // whole characters: the composed surface is a name of the composed text
        assert!(
            nfc.contains(&*surface.nfc().collect::<String>()),
            "{surface:?}"
        );
    }
}

// ---- item 25: messages

#[cfg(unix)]
#[test]
fn path_with_a_newline_is_quoted_in_messages() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "two\nlines.jsonl", "{\"text\": oops}\n");
    let (_, o) = extract(&[&f], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("two\\nlines.jsonl\":1: not a JSON object"),
        "{err}"
    );
}

#[test]
fn jsonl_error_reports_the_file_line() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "wire.jsonl",
        "{\"text\":\"Oman.\"}\n{\"text\":\"Iran.\"}\n\n{\"text\":\"Qatar.\"}\n{\"text\": \"Egypt and\n",
    );
    let (_, o) = extract(&[&f], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("wire.jsonl:5: not a JSON object: EOF while parsing a string (column"),
        "{err}"
    );
    assert!(!err.contains("line 2"), "{err}");
}

#[test]
fn gazetteer_utf8_error_does_not_suggest_lossy() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("latin1.csv");
    std::fs::write(&g, b"id,name,type\nci,C\xf4te,state\n").unwrap();
    let o = run(&["gazetteer", "check", g.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("not valid UTF-8"), "{err}");
    assert!(!err.contains("--lossy"), "{err}");
    // explain reads documents as extract does, --lossy included
    let doc = dir.path().join("latin1.txt");
    std::fs::write(&doc, b"Oman hosted C\xf4te d'Ivoire and Iran.").unwrap();
    let o = run(&["explain", "Oman", doc.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("pass --lossy"), "{}", stderr(&o));
    let o = run(&["explain", "--lossy", "Oman", doc.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn html_title_is_scanned_unless_the_page_repeats_it() {
    let dir = tempfile::tempdir().unwrap();
    let only_title = write(
        dir.path(),
        "a.html",
        "<html><head><title>Qatar hosts talks on Sudan</title></head><body><p>Egypt and Ethiopia met.</p></body></html>",
    );
    let (out, o) = extract(&[&only_title], &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(entities(out.path()).contains(&"qatar".to_string()));
    // the <h1> repeats the title (plus the site's name in <title>): Qatar once
    let repeated = write(
        dir.path(),
        "b.html",
        "<html><head><title>Qatar hosts talks on Sudan - Example News</title></head><body><h1>Qatar hosts talks on Sudan</h1><p>Egypt and Ethiopia met.</p></body></html>",
    );
    let (out, o) = extract(&[&repeated], &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let qatar = entities(out.path())
        .iter()
        .filter(|e| *e == "qatar")
        .count();
    assert_eq!(qatar, 1);
}

#[test]
fn csv_header_with_a_line_break_gives_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "rows.csv",
        "id,\"body\ntext\"\nr1,Oman hosted Iran.\n",
    );
    let (_, o) = extract(&[&csv], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("\"body\\ntext\""), "{err}");
    let g = write(dir.path(), "g.csv", "\"i\nd\",name,type\nx,X,state\n");
    let o = run(&["gazetteer", "check", g.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
}
