//! Arbitrary bytes as a CSV input file, read as `extract` reads it: strictly (a bad row is a
//! `FILE:LINE` error) and with `--skip-bad` (a bad row is skipped and listed). Never a panic;
//! every line a message names exists; a file the strict reader accepts gives the same documents
//! with `--skip-bad` and exactly the rows the csv crate reads (so the quote checks never change
//! what a good file means); a file it refuses still reads with `--skip-bad`, which lists what it
//! left out.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use actornet::input::{self, InputOptions, Source};
use libfuzzer_sys::fuzz_target;

/// One scratch file per fuzzing process (the input must be a file: that is how CSV is read).
fn scratch() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("actornet-fuzz-csv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("in.csv")
    })
}

/// The line a message names (`PATH:LINE: …`), if it names one.
fn line_of(path: &Path, message: &str) -> Option<usize> {
    let prefix = format!("{}:", path.display());
    let at = message.find(&prefix)? + prefix.len();
    let digits: String = message[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// What the csv crate reads as the text column (the records whose text is not blank).
fn reference_texts(data: &[u8], field: &str) -> Option<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(data);
    let mut records = r.byte_records();
    let header: Vec<String> = records
        .next()?
        .ok()?
        .iter()
        .map(|h| {
            String::from_utf8_lossy(h)
                .trim()
                .trim_start_matches('\u{FEFF}')
                .to_string()
        })
        .collect();
    let col = header.iter().position(|h| h.eq_ignore_ascii_case(field))?;
    let mut out = Vec::new();
    for rec in records {
        let rec = rec.ok()?;
        let text = std::str::from_utf8(rec.get(col)?).ok()?;
        if !text.trim().is_empty() {
            out.push(text.to_string());
        }
    }
    Some(out)
}

fuzz_target!(|data: &[u8]| {
    let path = scratch();
    std::fs::write(path, data).unwrap();
    let lines = 1 + data.iter().filter(|b| **b == b'\n').count();
    let source = Source::File {
        path: path.to_path_buf(),
        id: "in.csv".into(),
        from_folder: false,
    };
    // no title column (a trimmed header cell is never " "): the documents' texts are the text
    // column as it is
    let strict_opts = InputOptions {
        title_field: " ".into(),
        ..InputOptions::default()
    };
    let lenient_opts = InputOptions {
        skip_bad: true,
        ..strict_opts.clone()
    };
    let strict = input::read(&source, &strict_opts);
    let lenient = input::read(&source, &lenient_opts);
    let mut messages: Vec<String> = Vec::new();
    if let Err(e) = &strict {
        messages.push(e.to_string());
    }
    match &lenient {
        Err(e) => messages.push(e.to_string()),
        Ok(r) => messages.extend(r.warnings.iter().cloned()),
    }
    if let Ok(r) = &strict {
        messages.extend(r.warnings.iter().cloned());
    }
    for m in &messages {
        assert!(!m.contains('\n'), "a message over several lines: {m:?}");
        if let Some(l) = line_of(path, m) {
            assert!((1..=lines).contains(&l), "line {l} of {lines}: {m}");
        }
    }
    match (&strict, &lenient) {
        (Ok(s), Ok(l)) => {
            assert_eq!(s.documents, l.documents, "--skip-bad changed a good file");
            for d in &s.documents {
                assert!(!d.text.trim().is_empty() && !d.id.is_empty());
            }
            let texts: Vec<String> = s.documents.iter().map(|d| d.text.clone()).collect();
            if let Some(want) = reference_texts(data, "text") {
                assert_eq!(texts, want, "documents differ from the csv crate's rows");
            }
        }
        (Ok(_), Err(e)) => panic!("--skip-bad failed where the strict reader did not: {e}"),
        (Err(e), Ok(l)) => {
            // the row the strict reader refused is listed as skipped
            assert!(
                l.warnings.iter().any(|w| w.starts_with("skipped: ")),
                "refused ({e}) but nothing listed as skipped"
            );
        }
        (Err(_), Err(_)) => {} // the header is unusable: nothing to skip to
    }
});
