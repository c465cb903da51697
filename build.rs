//! Compiles the default gazetteers (`gazetteers/*.csv`, without the lexicons) into the binary,
//! with two things start-up would otherwise compute from them on every run:
//!
//! - `DEFAULT_PATTERNS`: the name matcher's patterns (every folded name form, in id order,
//!   first occurrence kept), so that its automaton, the largest piece of start-up, is built
//!   while the files are still being parsed. The loader compares them with the patterns it
//!   finds in the parsed files and builds the automaton again if they differ, so this is a
//!   head start, never a second source of truth (a unit test keeps both the same).
//! - `DEFAULT_FINGERPRINT_STATE`: the gazetteer fingerprint's hash state after the built-in
//!   files.
//!
//! The built-in files are not checked here: the loader checks them as it checks a user's.
use std::fmt::Write as _;

// the folding the matcher uses, the very same source file
#[allow(dead_code)]
#[path = "src/text/fold.rs"]
mod fold;

/// Lexicon files beside the gazetteers (`gazetteer::LEXICON_FILES`).
const LEXICONS: &[&str] = &["roles.csv", "titles.csv", "frames.csv", "words.csv"];
/// `gazetteer::MAX_ALIAS_LEN` and `gazetteer::MIN_ALIAS_CHARS`.
const MAX_ALIAS_LEN: usize = 200;
const MIN_ALIAS_CHARS: usize = 2;

fn main() {
    // read at run time: `env!` would freeze the folder the build script was first compiled in
    // (a target folder copied from another checkout then embeds that checkout's gazetteers)
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = std::path::Path::new(&manifest).join("gazetteers");
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed=src/text/fold.rs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".csv") && !LEXICONS.contains(&n.as_str()))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from(
        "/// Built-in gazetteer files.\nconst DEFAULT_GAZETTEERS: &[(&str, &str)] = &[\n",
    );
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for n in &names {
        let path = dir.join(n);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            code,
            "    ({n:?}, include_str!({:?})),",
            path.display().to_string()
        );
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        // `fingerprint` in src/gazetteer/load.rs
        for b in n.bytes().chain([0u8]).chain(text.bytes()).chain([0u8]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        name_forms(&text, &mut rows);
    }
    code.push_str("];\n");
    let _ = writeln!(
        code,
        "/// The fingerprint's FNV-1a state after the built-in files, in their order.\nconst DEFAULT_FINGERPRINT_STATE: u64 = {hash:#018x};"
    );
    // the matcher's patterns: actors in id order, each one's forms folded, first one kept
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut seen = std::collections::HashSet::new();
    code.push_str(
        "/// The name matcher's patterns of the built-in files, as build.rs read them.\nconst DEFAULT_PATTERNS: &[&str] = &[\n",
    );
    for (_, forms) in &rows {
        for f in forms {
            let folded = fold::fold(strip_article(f));
            if !folded.trim().is_empty() && seen.insert(folded.clone()) {
                let _ = writeln!(code, "    {folded:?},");
            }
        }
    }
    code.push_str("];\n");
    let out =
        std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("default_gazetteers.rs");
    std::fs::write(out, code).unwrap();
}

/// Each row's id and name forms (name, aliases, demonyms, metonyms), with the loader's rules
/// for entries (`parse_file` in src/gazetteer/load.rs): spaces made one, entries too long or
/// with too few letters and digits left out.
fn name_forms(text: &str, rows: &mut Vec<(String, Vec<String>)>) {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let Ok(header) = reader.headers() else {
        return;
    };
    let header: Vec<String> = header
        .iter()
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(id), Some(name)) = (col("id"), col("name")) else {
        return;
    };
    let lists = [col("aliases"), col("demonyms"), col("metonyms")];
    for record in reader.records().flatten() {
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).map_or("", str::trim);
        let mut forms = vec![one_spaced(get(Some(name)))];
        for list in lists {
            let raw = get(list);
            if raw.is_empty() {
                continue;
            }
            for part in raw.split('|') {
                let v = one_spaced(part);
                if !v.is_empty() && v.len() <= MAX_ALIAS_LEN && alnum_chars(&v) >= MIN_ALIAS_CHARS {
                    forms.push(v);
                }
            }
        }
        rows.push((get(Some(id)).to_string(), forms));
    }
}

/// `one_spaced` in src/gazetteer/load.rs.
fn one_spaced(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `alnum_chars` in src/gazetteer/load.rs.
fn alnum_chars(s: &str) -> usize {
    fold::fold(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .count()
}

/// `matcher::strip_article` in src/gazetteer/matcher.rs.
fn strip_article(s: &str) -> &str {
    match s.strip_prefix("the ") {
        Some(rest) if !rest.trim().is_empty() => rest.trim_start(),
        _ => s,
    }
}
