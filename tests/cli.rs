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

/// Language is data (issue 10): a lexicon file in a `--gazetteer` folder replaces the built-in
/// one (here `titles.csv` with one title), and a bad `words.csv` is an error naming its line.
#[test]
fn lexicon_files_in_a_gazetteer_folder_replace_the_built_in_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("lex");
    std::fs::create_dir(&dir).unwrap();
    write(&dir, "extra.csv", "id,name,type\nlimaland,Limaland,state\n");
    write(
        &dir,
        "titles.csv",
        "title,canonical,sector\nrapporteur,Rapporteur,international\n",
    );
    let text = write(
        tmp.path(),
        "brief.txt",
        "Rapporteur Ana Lindqvist met Foreign Minister Jorge Quispe in Limaland.\n",
    );
    let nodes = |extra: &[&str]| {
        let (out_dir, out) = extract(&[&text], extra);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (h, rows) = read_csv(&out_dir.path().join("nodes.csv"));
        column(&h, &rows, "Id")
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    };
    let built_in = nodes(&[]);
    assert!(
        built_in.contains(&"jorge-quispe".to_string()),
        "{built_in:?}"
    );
    assert!(
        !built_in.contains(&"ana-lindqvist".to_string()),
        "{built_in:?}"
    );
    let dir_s = dir.display().to_string();
    let replaced = nodes(&["-g", &dir_s]);
    assert!(
        replaced.contains(&"ana-lindqvist".to_string()),
        "{replaced:?}"
    );
    assert!(
        !replaced.contains(&"jorge-quispe".to_string()),
        "{replaced:?}"
    );
    assert!(replaced.contains(&"limaland".to_string()), "{replaced:?}");
    // a bad words.csv: the file and line
    write(
        &dir,
        "words.csv",
        "list,word\nlocative,in\nadverbs,quickly\n",
    );
    let (_d, out) = extract(&[&text], &["-g", &dir_s]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("words.csv:3: unknown list \"adverbs\""),
        "{err}"
    );
}
