//! The command line end to end on the shipped sample briefs.

use crate::util::*;

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
