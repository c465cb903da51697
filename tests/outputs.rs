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
        assert_eq!(m.len(), 10, "{m:?}");
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
    assert_eq!(all.len(), 3 + 6 + 1, "{all:?}");
    for (name, mode) in all {
        assert_eq!(mode, 0o644, "{name}: {mode:o}");
    }
}
