//! Output folders: file modes, temporary files on every exit path, locking, merging.

use std::path::Path;
use std::process::Command;

use crate::util::*;

fn ok(o: &std::process::Output) {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Runs the binary under `sh` with a umask.
fn run_with_umask(umask: &str, args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
        .arg(bin())
        .args(args)
        .output()
        .expect("run sh")
}

/// Files in a folder whose names look like actornet's temporary files.
fn temp_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n.ends_with(".tmp"))
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
fn modes(dir: &Path) -> Vec<(String, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut v: Vec<(String, u32)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().unwrap().permissions().mode() & 0o777,
            )
        })
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
#[test]
fn outputs_follow_the_umask() {
    let brief = root().join("samples/doha-brief.txt");
    for (umask, want) in [("022", 0o644), ("027", 0o640), ("002", 0o664)] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let o = run_with_umask(
            umask,
            &[
                "extract".as_ref(),
                brief.as_os_str(),
                "-q".as_ref(),
                "-f".as_ref(),
                "all".as_ref(),
                "-o".as_ref(),
                out.as_os_str(),
            ],
        );
        ok(&o);
        let m = modes(&out);
        assert_eq!(m.len(), 12, "{m:?}");
        for (name, mode) in m {
            assert_eq!(mode, want, "{name} under umask {umask}: {mode:o}");
        }
    }
}

#[cfg(unix)]
#[test]
fn outputs_of_partial_merge_and_import_follow_the_umask() {
    let brief = root().join("samples/doha-brief.txt");
    let dir = tempfile::tempdir().unwrap();
    let part = dir.path().join("part");
    let merged = dir.path().join("merged");
    let o = run_with_umask(
        "022",
        &[
            "extract".as_ref(),
            brief.as_os_str(),
            "-q".as_ref(),
            "--partial".as_ref(),
            "-o".as_ref(),
            part.as_os_str(),
        ],
    );
    ok(&o);
    let o = run_with_umask(
        "022",
        &[
            "merge".as_ref(),
            part.as_os_str(),
            "-q".as_ref(),
            "-o".as_ref(),
            merged.as_os_str(),
        ],
    );
    ok(&o);
    let imported = dir.path().join("imported.csv");
    let o = run_with_umask(
        "022",
        &[
            "gazetteer".as_ref(),
            "import".as_ref(),
            "spacy".as_ref(),
            root().join("tests/fixtures/patterns.jsonl").as_os_str(),
            "--out".as_ref(),
            imported.as_os_str(),
        ],
    );
    ok(&o);
    let mut all = modes(&part);
    all.extend(modes(&merged));
    all.extend(
        modes(dir.path())
            .into_iter()
            .filter(|(n, _)| n == "imported.csv"),
    );
    // a partial: partial.json, mentions.csv, evidence.csv, report-evidence.json
    assert_eq!(all.len(), 4 + 7 + 1, "{all:?}");
    for (name, mode) in all {
        assert_eq!(mode, 0o644, "{name}: {mode:o}");
    }
}

/// Starts `extract - -o DIR` reading standard input from a pipe that stays open: the run holds
/// the folder, with its temporary files created, until the pipe is closed.
fn start_on_open_stdin(dir: &Path) -> std::process::Child {
    use std::io::Write;
    let mut child = Command::new(bin())
        .args(["extract", "-", "-q", "-f", "all", "-o"])
        .arg(dir)
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start actornet");
    let stdin = child.stdin.as_mut().unwrap();
    stdin
        .write_all(b"Oman hosted Iran in Muscat while Qatar waited. ")
        .unwrap();
    // wait until the run has its temporary files
    for _ in 0..600 {
        if !temp_files(dir).is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(!temp_files(dir).is_empty(), "the run never started writing");
    child
}

fn send(child: &std::process::Child, signal: &str) {
    let st = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(st.success());
}

#[cfg(unix)]
#[test]
fn sigint_leaves_no_temp_files() {
    for signal in ["INT", "TERM"] {
        let dir = tempfile::tempdir().unwrap();
        // an earlier output stays as it was
        std::fs::write(dir.path().join("nodes.csv"), "earlier").unwrap();
        let child = start_on_open_stdin(dir.path());
        send(&child, signal);
        let out = child.wait_with_output().unwrap();
        assert!(!out.status.success(), "SIG{signal}: {:?}", out.status);
        assert_eq!(
            temp_files(dir.path()),
            Vec::<String>::new(),
            "SIG{signal} left temporary files"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("nodes.csv")).unwrap(),
            "earlier"
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("interrupted"), "SIG{signal}: {stderr}");
    }
}

#[test]
fn a_failed_run_leaves_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "a.txt", "Oman hosted Iran in Muscat.");
    let bad = dir.path().join("b.txt");
    std::fs::write(&bad, b"Qatar \xff\xfe met Egypt.").unwrap();
    let out = dir.path().join("out");
    let o = run(&[
        "extract",
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
        "-f",
        "all",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("b.txt"));
    assert_eq!(temp_files(&out), Vec::<String>::new());
}

#[test]
fn a_later_run_removes_stale_temp_files() {
    let brief = root().join("samples/doha-brief.txt");
    let dir = tempfile::tempdir().unwrap();
    let stale = [".mentions.csv.AbC123.tmp", ".graph.gexf.x1Y2z3.tmp"];
    let foreign = [".notes.tmp", ".mentions.csv.keep.tmp", "mine.AbC123.tmp"];
    for n in stale.iter().chain(&foreign) {
        std::fs::write(dir.path().join(n), "left over").unwrap();
    }
    let o = run(&[
        "extract",
        brief.to_str().unwrap(),
        "-q",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    ok(&o);
    for n in stale {
        assert!(!dir.path().join(n).exists(), "{n} was left");
    }
    for n in foreign {
        assert!(
            dir.path().join(n).exists(),
            "{n} is not ours and was removed"
        );
    }
}

#[cfg(unix)]
#[test]
fn two_runs_into_one_folder_never_mix() {
    let brief = root().join("samples/doha-brief.txt");
    let dir = tempfile::tempdir().unwrap();
    let mut first = start_on_open_stdin(dir.path());
    // a second run into the same folder while the first holds it is refused
    let o = run(&[
        "extract",
        brief.to_str().unwrap(),
        "-q",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert!(!o.status.success(), "the second run was not refused");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("another actornet run") && stderr.contains(dir.path().to_str().unwrap()),
        "{stderr}"
    );
    // the first finishes and writes its complete set
    drop(first.stdin.take());
    let out = first.wait_with_output().unwrap();
    ok(&out);
    let (h, rows) = read_csv(&dir.path().join("mentions.csv"));
    assert!(column(&h, &rows, "document").iter().all(|d| *d == "stdin"));
    let manifest = std::fs::read_to_string(dir.path().join("run.json")).unwrap();
    assert!(manifest.contains("\"-\""), "{manifest}");
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
    // once it is done, the folder is free again
    ok(&run(&[
        "extract",
        brief.to_str().unwrap(),
        "-q",
        "-o",
        dir.path().to_str().unwrap(),
    ]));
}

/// Two partial results of the sample briefs: (folder holding them, part 1, part 2).
fn two_parts(extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let mut parts = Vec::new();
    for (i, brief) in ["doha-brief.txt", "korea-brief.txt"].iter().enumerate() {
        let p = dir.path().join(format!("p{}", i + 1));
        let input = root().join("samples").join(brief);
        let mut args = vec![
            "extract",
            input.to_str().unwrap(),
            "-q",
            "--partial",
            "-o",
            p.to_str().unwrap(),
        ];
        if i == 1 {
            args.extend(extra);
        }
        ok(&run(&args));
        parts.push(p);
    }
    let p2 = parts.pop().unwrap();
    let p1 = parts.pop().unwrap();
    (dir, p1, p2)
}

fn merge(parts: &[&Path], out: &Path) -> std::process::Output {
    let mut args: Vec<&str> = vec!["merge", "-q"];
    args.extend(parts.iter().map(|p| p.to_str().unwrap()));
    args.extend(["-o", out.to_str().unwrap()]);
    run(&args)
}

#[test]
fn merge_refuses_output_that_is_an_input() {
    let (dir, p1, p2) = two_parts(&[]);
    let before = std::fs::read(p1.join("mentions.csv")).unwrap();
    let spelled_otherwise = dir.path().join("p2").join("..").join("p1");
    for out in [p1.clone(), spelled_otherwise] {
        let o = merge(&[&p1, &p2], &out);
        assert!(!o.status.success(), "merged into {}", out.display());
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(stderr.contains("is the part"), "{stderr}");
    }
    assert_eq!(std::fs::read(p1.join("mentions.csv")).unwrap(), before);
    // into a fresh folder it works, and the tables hold both parts' rows
    let out = dir.path().join("merged");
    ok(&merge(&[&p1, &p2], &out));
    let (_, r1) = read_csv(&p1.join("mentions.csv"));
    let (_, r2) = read_csv(&p2.join("mentions.csv"));
    let (h, rows) = read_csv(&out.join("mentions.csv"));
    assert_eq!(rows.len(), r1.len() + r2.len());
    assert!(rows.iter().all(|r| r.len() == h.len()));
}

#[test]
fn merge_refuses_a_truncated_part() {
    let (dir, p1, p2) = two_parts(&[]);
    let table = p2.join("mentions.csv");
    let full = std::fs::read(&table).unwrap();
    // cut in the middle of a row, then cleanly after a row (one row lost)
    let mid = full.len() - 20;
    let last_row = full[..full.len() - 2]
        .iter()
        .rposition(|b| *b == b'\n')
        .unwrap()
        + 1;
    for cut in [mid, last_row] {
        std::fs::write(&table, &full[..cut]).unwrap();
        let out = dir.path().join("merged");
        let o = merge(&[&p1, &p2], &out);
        assert!(!o.status.success(), "a part cut at {cut} was merged");
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            stderr.contains(table.to_str().unwrap()),
            "the error does not name the part: {stderr}"
        );
        assert!(!out.join("mentions.csv").exists());
    }
}

#[test]
fn merge_names_the_part_without_mentions() {
    let (dir, p1, p2) = two_parts(&[]);
    std::fs::remove_file(p2.join("mentions.csv")).unwrap();
    let out = dir.path().join("merged");
    let o = merge(&[&p1, &p2], &out);
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(p2.join("mentions.csv").to_str().unwrap()),
        "{stderr}"
    );
    assert!(!stderr.contains("cannot write"), "{stderr}");
}

#[test]
fn merge_refuses_parts_of_two_csv_dialects() {
    let (dir, p1, p2) = two_parts(&["--csv-dialect", "gephi"]);
    let o = merge(&[&p1, &p2], &dir.path().join("merged"));
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("p2") && stderr.contains("dialect"),
        "{stderr}"
    );
}

fn node_ids(dir: &Path) -> Vec<String> {
    let (h, rows) = read_csv(&dir.join("nodes.csv"));
    column(&h, &rows, "Id")
        .into_iter()
        .map(String::from)
        .collect()
}

#[test]
fn exclude_accepts_labels() {
    let dir = tempfile::tempdir().unwrap();
    let brief = write(
        dir.path(),
        "brief.txt",
        "The United States and Qatar hosted talks in Doha. Egypt mediated between the parties.",
    );
    let (all, o) = extract(&[&brief], &["-q"]);
    ok(&o);
    assert!(node_ids(all.path()).contains(&"united-states".to_string()));
    // an id, a label, an alias, any case
    for name in ["united-states", "United States", "united states", "U.S."] {
        let (out, o) = extract(&[&brief], &["-q", "--exclude", name]);
        ok(&o);
        let ids = node_ids(out.path());
        assert!(
            !ids.contains(&"united-states".to_string()),
            "{name}: {ids:?}"
        );
        assert!(ids.contains(&"qatar".to_string()), "{name}: {ids:?}");
    }
}

#[test]
fn exclude_refuses_names_that_match_nothing() {
    let brief = root().join("samples/doha-brief.txt");
    let (out, o) = extract(&[&brief], &["-q", "--exclude", "qatar,Atlantis"]);
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("\"Atlantis\"") && !stderr.contains("qatar"),
        "{stderr}"
    );
    assert!(!out.path().join("nodes.csv").exists());
}

#[test]
fn merge_refuses_counts_that_overflow() {
    let (dir, p1, p2) = two_parts(&[]);
    // a hand-edited part: a huge count that would wrap to a small number when added
    let file = p2.join("partial.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let first: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p1.join("partial.json")).unwrap()).unwrap();
    let nodes = v["builder"]["nodes"].as_object_mut().unwrap();
    let shared = nodes
        .keys()
        .find(|k| first["builder"]["nodes"].get(k.as_str()).is_some())
        .expect("an actor in both briefs")
        .clone();
    nodes.get_mut(&shared).unwrap()["mentions"] = serde_json::json!(u64::MAX);
    std::fs::write(&file, serde_json::to_string(&v).unwrap()).unwrap();
    let o = merge(&[&p1, &p2], &dir.path().join("merged"));
    assert!(!o.status.success(), "an overflowing count was merged");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(file.to_str().unwrap()) && stderr.contains("overflow"),
        "{stderr}"
    );
}

#[test]
fn threads_beyond_what_helps_are_capped_and_said() {
    let brief = root().join("samples/doha-brief.txt");
    let (out, o) = extract(&[&brief], &["--threads", "10000"]);
    ok(&o);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("--threads 10000 capped at"), "{stderr}");
    // the same graph as with the default
    let (plain, o) = extract(&[&brief], &["-q"]);
    ok(&o);
    assert_eq!(
        std::fs::read(out.path().join("edges.csv")).unwrap(),
        std::fs::read(plain.path().join("edges.csv")).unwrap()
    );
}

#[test]
fn same_document_twice_is_warned() {
    let brief = root().join("samples/doha-brief.txt");
    let (_, o) = extract(&[&brief, &brief], &[]);
    ok(&o);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("read more than once"), "{stderr}");
    // repeated JSON Lines ids
    let dir = tempfile::tempdir().unwrap();
    let jsonl = write(
        dir.path(),
        "docs.jsonl",
        "{\"id\":\"a\",\"text\":\"Oman hosted Iran.\"}\n{\"id\":\"a\",\"text\":\"Oman hosted Iran.\"}\n",
    );
    let (_, o) = extract(&[&jsonl], &[]);
    ok(&o);
    assert!(String::from_utf8_lossy(&o.stderr).contains("\"a\" read more than once"));
    // the same part merged twice
    let (dir, p1, _) = two_parts(&[]);
    let o = run(&[
        "merge",
        p1.to_str().unwrap(),
        p1.to_str().unwrap(),
        "-o",
        dir.path().join("m").to_str().unwrap(),
    ]);
    ok(&o);
    assert!(String::from_utf8_lossy(&o.stderr).contains("given more than once"));
    // one copy of each: no warning
    let (_, o) = extract(&[&brief], &[]);
    assert!(!String::from_utf8_lossy(&o.stderr).contains("more than once"));
}

#[test]
fn dedupe_drops_copies_by_id_or_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = write(
        dir.path(),
        "docs.jsonl",
        concat!(
            "{\"id\":\"a\",\"text\":\"Oman hosted Iran.\"}\n",
            "{\"id\":\"a\",\"text\":\"Oman hosted Iran.\"}\n",
            "{\"id\":\"b\",\"text\":\"Oman hosted Iran.\"}\n",
            "{\"id\":\"c\",\"text\":\"Qatar hosted Egypt.\"}\n",
        ),
    );
    let documents = |extra: &[&str]| {
        let (out, o) = extract(&[&jsonl], extra);
        ok(&o);
        let run: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.path().join("run.json")).unwrap()).unwrap();
        let skipped = run["skipped"].as_array().unwrap().len();
        let (h, rows) = read_csv(&out.path().join("nodes.csv"));
        let mentions: u64 = column(&h, &rows, "mentions")
            .iter()
            .map(|m| m.parse::<u64>().unwrap())
            .sum();
        (
            run["documents"].as_u64().unwrap(),
            skipped,
            rows.len(),
            mentions,
        )
    };
    // every copy counted: 4 documents, 8 mentions of 4 actors
    assert_eq!(documents(&[]), (4, 0, 4, 8));
    // the repeated id dropped and listed
    assert_eq!(documents(&["--dedupe", "id"]), (3, 1, 4, 6));
    // the same text under a new id dropped too
    assert_eq!(documents(&["--dedupe", "content"]), (2, 2, 4, 4));
    let (_, o) = extract(&[&jsonl], &["--dedupe", "title"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("id or content"));
}
