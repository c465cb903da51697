//! The command line end to end on the shipped sample briefs, and the golden command-line
//! transcripts of `tests/cmd/` (trycmd: `TRYCMD=overwrite cargo test --test integration
//! golden_command_lines` rewrites them after a deliberate change).

use std::io::Write as _;
use std::process::{Command, Stdio};

use crate::util::*;

#[test]
fn golden_command_lines() {
    trycmd::TestCases::new()
        .register_bin("actornet", bin())
        .case("tests/cmd/*.md");
}

/// `merge -` reads the partial streams of `extract --partial -o -` from standard input
/// (concatenated, as `cat parts/* | actornet merge -` gives them) and writes the tables of the
/// golden merge of `tests/cmd/merge.md` (`merge part1 part2`), which equal one run over both
/// briefs.
#[test]
fn merge_stdin_streams_equal_the_golden_merge() {
    let briefs = root().join("tests/cmd/merge.in");
    let mut streams = Vec::new();
    for f in ["a.txt", "b.txt"] {
        let out = Command::new(bin())
            .current_dir(&briefs)
            .args([
                "extract",
                f,
                "--date",
                "2025-03-14",
                "--partial",
                "-o",
                "-",
                "-q",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.ends_with(b"\n") && out.stdout.starts_with(b"{"));
        streams.extend(out.stdout);
    }
    let dir = tempfile::tempdir().unwrap();
    let mut merge = Command::new(bin())
        .args(["merge", "-", "-f", "csv", "-q", "-o"])
        .arg(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    merge.stdin.take().unwrap().write_all(&streams).unwrap();
    let out = merge.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // the golden files are stored with LF line ends (trycmd normalises them)
    let lf = |b: Vec<u8>| String::from_utf8(b).unwrap().replace("\r\n", "\n");
    for f in ["nodes.csv", "edges.csv", "mentions.csv", "evidence.csv"] {
        let got = lf(std::fs::read(dir.path().join(f)).unwrap());
        let want = lf(std::fs::read(root().join("tests/cmd/merge.out/merged").join(f)).unwrap());
        assert!(got.lines().count() > 1, "{f} is empty");
        assert_eq!(got, want, "{f} of merge - differs from the golden merge");
    }
}

#[test]
fn extract_sample_brief_writes_every_default_file() {
    let brief = root().join("samples/doha-brief.txt");
    let (dir, out) = extract(&[&brief], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in ["graph.graphml", "nodes.csv", "edges.csv", "mentions.csv"] {
        assert!(dir.path().join(f).exists(), "{f} missing");
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("actors ("), "summary missing: {stderr}");
    assert!(stderr.contains("strongest links:"), "{stderr}");
    // no temporary files left behind
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}
