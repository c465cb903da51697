//! Every input kind, and bad input: a clear error naming the file (and line), a non-zero exit,
//! and no output files touched.

use crate::util::*;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn folder_with_text_markdown_html_jsonl_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    write(dir.path(), "a.txt", "Oman hosted Iran.\n");
    write(
        &sub,
        "b.md",
        "# Notes\n\nQatar mediated between Israel and Hamas.\n",
    );
    write(&sub, "c.html", "<html><head><script>var Russia = 1;</script></head><body><p>France &amp; Germany met.</p></body></html>");
    write(dir.path(), "d.jsonl", "{\"id\":\"wire-1\",\"date\":\"2025-03-01\",\"text\":\"Egypt and Sudan talked.\"}\n{\"id\":\"wire-2\",\"date\":\"2025-03-05\",\"text\":\"Egypt and Sudan talked again.\"}\n");
    write(
        dir.path(),
        "e.csv",
        "id,text\nrow-1,\"Japan, China and India met.\"\n",
    );
    write(dir.path(), "ignored.pdf", "%PDF Iran");
    let (out, o) = extract(&[dir.path()], &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (h, rows) = read_csv(&out.path().join("mentions.csv"));
    let docs: std::collections::BTreeSet<&str> =
        column(&h, &rows, "document").into_iter().collect();
    let want: std::collections::BTreeSet<&str> = [
        "a.txt",
        "sub/b.md",
        "sub/c.html",
        "wire-1",
        "wire-2",
        "row-1",
    ]
    .into_iter()
    .collect();
    assert_eq!(docs, want);
    let entities = column(&h, &rows, "entity");
    assert!(!entities.contains(&"russia"), "script text must be dropped");
    assert!(entities.contains(&"france") && entities.contains(&"japan"));
    // dates flow into the edges
    let (eh, erows) = read_csv(&out.path().join("edges.csv"));
    let i = erows
        .iter()
        .position(|r| r[0] == "egypt" && r[1] == "sudan" && r[3] == "co-occurrence")
        .unwrap();
    assert_eq!(column(&eh, &erows, "first_seen")[i], "2025-03-01");
    assert_eq!(column(&eh, &erows, "last_seen")[i], "2025-03-05");
    assert_eq!(column(&eh, &erows, "documents")[i], "2");
}

#[test]
fn stdin_is_a_document() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(bin())
        .args(["extract", "-", "-q", "-o"])
        .arg(dir.path())
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Kenya and Somalia signed a deal.")
        .unwrap();
    assert!(child.wait().unwrap().success());
    let (h, rows) = read_csv(&dir.path().join("mentions.csv"));
    assert_eq!(column(&h, &rows, "document"), ["stdin", "stdin"]);
}

#[test]
fn bad_input_is_named_and_leaves_outputs_alone() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "good.txt",
        "Oman hosted Iran and the United States.\n",
    );
    let (out, o) = extract(&[&good], &["-q"]);
    assert!(o.status.success());
    let before = std::fs::read(out.path().join("nodes.csv")).unwrap();

    let bad_utf8 = dir.path().join("latin1.txt");
    std::fs::write(&bad_utf8, b"Oman and C\xf4te d'Ivoire").unwrap();
    let empty = write(dir.path(), "empty.txt", "  \n");
    let jsonl = write(
        dir.path(),
        "broken.jsonl",
        "{\"text\":\"Oman.\"}\n{\"text\": oops}\n",
    );
    let nofolder = tempfile::tempdir().unwrap();
    write(nofolder.path(), "data.bin", "x");
    let missing = dir.path().join("missing.txt");
    let cases: Vec<(&std::path::Path, String)> = vec![
        (
            &bad_utf8,
            format!(
                "{}: not valid UTF-8 (first bad byte at offset 10)",
                bad_utf8.display()
            ),
        ),
        (
            &empty,
            format!("no text to read: {}: skipped: no text", empty.display()),
        ),
        (&jsonl, format!("{}:2: not a JSON object", jsonl.display())),
        (
            nofolder.path(),
            format!("{}: folder has no text files", nofolder.path().display()),
        ),
        (&missing, format!("{}: No such file", missing.display())),
    ];
    for (input, want) in cases {
        let mut cmd = std::process::Command::new(bin());
        let o = cmd
            .arg("extract")
            .arg(input)
            .arg("-o")
            .arg(out.path())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", input.display());
        let err = stderr(&o);
        assert!(
            err.contains(&want),
            "{}: want {want:?}, got {err}",
            input.display()
        );
        assert_eq!(err.lines().count(), 1, "one clear line: {err}");
        assert_eq!(
            std::fs::read(out.path().join("nodes.csv")).unwrap(),
            before,
            "outputs touched"
        );
        let tmp = std::fs::read_dir(out.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count();
        assert_eq!(tmp, 0);
    }
}

#[test]
fn lossy_and_skip_bad_keep_going() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("latin1.txt");
    std::fs::write(&bad, b"Oman and C\xf4te d'Ivoire met Iran.").unwrap();
    let (_, o) = extract(&[&bad], &["--lossy"]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("replaced with U+FFFD"));

    let jsonl = write(
        dir.path(),
        "broken.jsonl",
        "{\"text\":\"Oman met Iran.\"}\n{\"text\": oops}\n{\"text\":\"Qatar met Egypt.\"}\n",
    );
    let (out, o) = extract(&[&jsonl], &["--skip-bad"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 item(s) skipped"), "{}", stderr(&o));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("run.json")).unwrap()).unwrap();
    assert_eq!(manifest["documents"], 2);
    assert!(manifest["skipped"][0]
        .as_str()
        .unwrap()
        .contains("broken.jsonl:2"));
}

#[test]
fn unwritable_output_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", "Oman hosted Iran.\n");
    let blocker = write(dir.path(), "file", "not a folder");
    let target = blocker.join("out");
    let o = std::process::Command::new(bin())
        .arg("extract")
        .arg(&good)
        .arg("-o")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&target.display().to_string()),
        "{}",
        stderr(&o)
    );
}

#[test]
fn binary_file_in_a_folder_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "Oman hosted Iran.\n");
    std::fs::write(dir.path().join("b.txt"), b"\x00\x01\x02binary Iran").unwrap();
    let (_, o) = extract(&[dir.path()], &[]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("b.txt: skipped: looks like a binary file"),
        "{}",
        stderr(&o)
    );
}
