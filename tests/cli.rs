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
    assert_fails_with(&out, &["words.csv:3: unknown list \"adverbs\""]);
}

/// No behaviour hangs on a role's spelling (issue 10): `mediator` renamed `broker` everywhere
/// in a user's `roles.csv` and `frames.csv` (in a `--gazetteer` folder) keeps every link the
/// built-in files make, `mediates` ones included; only the role's name in the nodes changes. A
/// `roles.csv` renamed alone is an error naming the built-in frame that still says `{mediator}`.
#[test]
fn renamed_role_keeps_its_relations() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("lex");
    std::fs::create_dir(&dir).unwrap();
    let text = write(
        tmp.path(),
        "brief.txt",
        "Oman mediated the talks between Iran and the United States, which resumed in Muscat \
         on Saturday. Qatar also acted as an intermediary. The next round will be hosted by \
         Egypt.\n",
    );
    let run = |extra: &[&str]| {
        let (out_dir, out) = extract(&[&text], extra);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let edges = std::fs::read(out_dir.path().join("edges.csv")).unwrap();
        let (h, rows) = read_csv(&out_dir.path().join("nodes.csv"));
        let roles: Vec<(String, String)> = column(&h, &rows, "Id")
            .into_iter()
            .zip(column(&h, &rows, "role"))
            .filter(|(_, r)| !r.is_empty())
            .map(|(i, r)| (i.to_string(), r.to_string()))
            .collect();
        (edges, roles)
    };
    let (built_in_edges, built_in_roles) = run(&[]);
    let mediates = String::from_utf8_lossy(&built_in_edges)
        .lines()
        .filter(|l| l.contains(",mediates,"))
        .count();
    assert!(
        mediates >= 2,
        "{}",
        String::from_utf8_lossy(&built_in_edges)
    );
    assert!(
        built_in_roles.contains(&("oman".to_string(), "mediator".to_string())),
        "{built_in_roles:?}"
    );
    let rename = |s: &str| s.replace("mediator", "broker");
    // a folder is a gazetteer first: one actor of its own besides the lexicons
    write(&dir, "extra.csv", "id,name,type\nlimaland,Limaland,state\n");
    // the role column only: the cue "mediator" stays a cue word
    let roles: String = include_str!("../gazetteers/roles.csv")
        .lines()
        .map(|l| match l.strip_prefix("mediator,") {
            Some(rest) => format!("broker,{rest}\n"),
            None => format!("{l}\n"),
        })
        .collect();
    assert!(roles.contains("broker,mediator,before"));
    write(&dir, "roles.csv", &roles);
    let dir_s = dir.display().to_string();
    // the frames still name {mediator}: a clear error, not silently lost links
    let (_d, out) = extract(&[&text], &["-g", &dir_s]);
    assert_fails_with(&out, &["frames.csv:", "no role \"mediator\" in"]);
    let frames = include_str!("../gazetteers/frames.csv")
        .replace("{mediator}", "{broker}")
        .replace("{mediator+}", "{broker+}");
    write(&dir, "frames.csv", &frames);
    let (edges, roles) = run(&["-g", &dir_s]);
    assert_eq!(
        String::from_utf8_lossy(&edges),
        String::from_utf8_lossy(&built_in_edges)
    );
    let renamed: Vec<(String, String)> = built_in_roles
        .iter()
        .map(|(i, r)| (i.clone(), rename(r)))
        .collect();
    assert_eq!(roles, renamed);
}

/// The sentence segmenter's abbreviations are data (issue 10): `abbreviation,brig` in a user's
/// `words.csv` keeps "Brig. Gen. Ali Rahimi" in one sentence, which the built-in list splits
/// after "Brig.".
#[test]
fn user_abbreviation_keeps_a_sentence_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("lex");
    std::fs::create_dir(&dir).unwrap();
    let text = write(
        tmp.path(),
        "brief.txt",
        "Iran sent Brig. Gen. Ali Rahimi to Muscat on Monday.\n",
    );
    let sentence_of_muscat = |extra: &[&str]| {
        let (out_dir, out) = extract(&[&text], extra);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (h, rows) = read_csv(&out_dir.path().join("mentions.csv"));
        let surfaces = column(&h, &rows, "surface");
        let sentences = column(&h, &rows, "sentence");
        let i = surfaces.iter().position(|s| *s == "Muscat").unwrap();
        sentences[i].to_string()
    };
    assert_eq!(sentence_of_muscat(&[]), "2");
    let words = format!(
        "{}abbreviation,brig\n",
        include_str!("../gazetteers/words.csv")
    );
    write(&dir, "words.csv", &words);
    let dir_s = dir.display().to_string();
    assert_eq!(sentence_of_muscat(&["-g", &dir_s]), "1");
}

/// Regression: a `--gazetteer` folder that holds only lexicon files (a user's `words.csv`) was
/// refused as having no gazetteer files; a folder with neither still is, naming both kinds.
#[test]
fn lexicon_only_gazetteer_folder_is_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let text = write(
        tmp.path(),
        "brief.txt",
        "Oman hosted talks between Iran and the US.\n",
    );
    let lex = tmp.path().join("lex");
    std::fs::create_dir(&lex).unwrap();
    write(&lex, "words.csv", include_str!("../gazetteers/words.csv"));
    let (with, out) = extract(&[&text], &["-g", lex.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (without, out) = extract(&[&text], &[]);
    assert!(out.status.success());
    for f in ["nodes.csv", "edges.csv", "mentions.csv"] {
        assert_eq!(
            std::fs::read(with.path().join(f)).unwrap(),
            std::fs::read(without.path().join(f)).unwrap(),
            "{f}: the built-in words.csv as a user file changes nothing"
        );
    }
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    write(&empty, "notes.txt", "not a table\n");
    let (_, out) = extract(&[&text], &["-g", empty.to_str().unwrap()]);
    assert_fails_with(
        &out,
        &["folder has no .csv gazetteer files and none of the lexicon files"],
    );
}

/// Regression (found measuring a larger city list): a city named like a surname split
/// "President Juan Manuel Santos" into a person "Juan Manuel" and the city.
#[test]
fn city_named_like_a_surname_stays_in_the_name() {
    let tmp = tempfile::tempdir().unwrap();
    let places = write(
        tmp.path(),
        "cities.csv",
        "id,name,type,country\nsantos-city,Santos,place,brazil\n",
    );
    let text = write(
        tmp.path(),
        "brief.txt",
        "Colombian President Juan Manuel Santos thanked the negotiators in Havana.\n",
    );
    let (out_dir, out) = extract(&[&text], &["-g", places.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (h, rows) = read_csv(&out_dir.path().join("nodes.csv"));
    let ids: Vec<&str> = column(&h, &rows, "Id");
    assert!(ids.contains(&"juan-manuel-santos"), "{ids:?}");
    assert!(!ids.contains(&"santos-city"), "{ids:?}");
    assert!(!ids.contains(&"juan-manuel"), "{ids:?}");
}
