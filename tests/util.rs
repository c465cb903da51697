//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The built binary.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_actornet"))
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary with arguments.
pub fn run(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .output()
        .expect("run actornet")
}

/// Runs `extract` on inputs into a fresh folder; returns (folder, output).
pub fn extract(inputs: &[&Path], extra: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(bin());
    cmd.arg("extract");
    for i in inputs {
        cmd.arg(i);
    }
    cmd.arg("-o").arg(dir.path()).args(extra);
    let out = cmd.output().expect("run actornet");
    (dir, out)
}

/// Reads a CSV written by actornet into (header, rows), checking the BOM and CRLF.
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "{}: no BOM",
        path.display()
    );
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// A column of a table by header name.
pub fn column<'a>(header: &[String], rows: &'a [Vec<String>], name: &str) -> Vec<&'a str> {
    let i = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    rows.iter().map(|r| r[i].as_str()).collect()
}

/// Writes a file into a folder.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Asserts that a run failed and that its standard error holds every one of `parts`; returns
/// the message for further checks.
pub fn assert_fails_with(out: &Output, parts: &[&str]) -> String {
    assert!(!out.status.success(), "the run should have failed");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    for p in parts {
        assert!(err.contains(p), "{p:?} not in: {err}");
    }
    err
}
