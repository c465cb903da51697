//! Reading documents: plain text and Markdown files, folders of them, standard input, and JSON
//! Lines files with one document per line.

use std::fmt;
use std::io::{BufRead as _, Read as _};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::error::{show_path, Error, Result};

pub(crate) mod csv_rows;
pub mod html;
mod walk;

pub use walk::{find, is_output_folder, Found, OUTPUT_FILES};

/// One document to extract from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Identifier used in every output: the file's path relative to the folder it was found in,
    /// the file name as given, the `id` field of a JSON line (else `FILE:LINE`), or `stdin`.
    pub id: String,
    /// Title, when known.
    pub title: Option<String>,
    /// Publication date as ISO `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    /// Source address, when known.
    pub url: Option<String>,
    /// The text.
    pub text: String,
}

impl Document {
    /// The document of a record (a JSON Lines line, a CSV row, a mapping handed over by another
    /// language's bindings): its title, when it has one, is read as the text's first paragraph,
    /// as a headline is in a plain-text file (see `titled_text`), so that every way in gives the
    /// same sentences, offsets and graph.
    pub fn record(
        id: String,
        text: String,
        title: Option<String>,
        date: Option<String>,
        url: Option<String>,
    ) -> Document {
        Document {
            id,
            text: titled_text(title.as_deref(), text),
            title,
            date,
            url,
        }
    }
}

/// Options for reading inputs.
#[derive(Debug, Clone)]
pub struct InputOptions {
    /// Replace invalid UTF-8 with U+FFFD (and warn) instead of failing.
    pub lossy: bool,
    /// JSON Lines field holding the text.
    pub text_field: String,
    /// JSON Lines field holding the id.
    pub id_field: String,
    /// JSON Lines field holding the title.
    pub title_field: String,
    /// JSON Lines field holding the date.
    pub date_field: String,
    /// JSON Lines field holding the URL.
    pub url_field: String,
    /// Skip broken records (with a warning) instead of failing.
    pub skip_bad: bool,
    /// How to read every input ([`InputFormat::Auto`]: by file name ending; standard input by
    /// what it starts with, see [`detect`]).
    pub format: InputFormat,
}

/// How an input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// Files by their name ending (`.jsonl`/`.ndjson`, `.csv`, `.html`/`.htm`/`.xhtml`, else
    /// plain text); standard input as JSON Lines when it starts with `{`, else plain text.
    #[default]
    Auto,
    /// One plain-text (or Markdown) document per file.
    Text,
    /// One JSON object per line, one document each.
    Jsonl,
    /// A CSV table with a header, one document per row.
    Csv,
    /// One HTML page per file (tags and scripts dropped, `<title>` kept).
    Html,
}

impl FromStr for InputFormat {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(InputFormat::Auto),
            "text" | "txt" => Ok(InputFormat::Text),
            "jsonl" | "ndjson" => Ok(InputFormat::Jsonl),
            "csv" => Ok(InputFormat::Csv),
            "html" => Ok(InputFormat::Html),
            _ => Err(format!(
                "unknown input format {s:?} (auto, text, jsonl, csv or html)"
            )),
        }
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InputFormat::Auto => "auto",
            InputFormat::Text => "text",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Csv => "csv",
            InputFormat::Html => "html",
        })
    }
}

/// Decides how to read standard input from its first bytes (what a pipe has sent so far): JSON
/// Lines when the first character that is not white space is `{`, plain text otherwise. Returns
/// the format and a sentence saying why, for the user.
pub fn detect(head: &[u8]) -> (InputFormat, String) {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    match head.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => (
            InputFormat::Jsonl,
            "standard input looks like JSON Lines (it starts with '{'): reading it as JSON Lines, one document per line \
             (--input-format text reads it as one plain-text document)"
                .into(),
        ),
        _ => (
            InputFormat::Text,
            "standard input read as one plain-text document \
             (--input-format jsonl|csv|html reads it otherwise)"
                .into(),
        ),
    }
}

/// How standard input will be read with these options: the given format, or (for
/// [`InputFormat::Auto`]) what [`detect`] makes of the bytes waiting on it. Looking does not
/// consume them. The sentence is `None` when the format was given.
pub fn stdin_format(opts: &InputOptions) -> Result<(InputFormat, Option<String>)> {
    if opts.format != InputFormat::Auto {
        return Ok((opts.format, None));
    }
    let stdin = std::io::stdin();
    let mut lock = stdin.lock();
    let head = lock.fill_buf().map_err(|e| Error::io("<stdin>", e))?;
    let (format, why) = detect(head);
    Ok((format, Some(why)))
}

/// The format a file is read in: the given one, or by its name ending.
fn file_format(path: &Path, opts: &InputOptions) -> InputFormat {
    match opts.format {
        InputFormat::Auto if is_jsonl(path) => InputFormat::Jsonl,
        InputFormat::Auto if is_csv(path) => InputFormat::Csv,
        InputFormat::Auto if is_html(path) => InputFormat::Html,
        InputFormat::Auto => InputFormat::Text,
        f => f,
    }
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            lossy: false,
            text_field: "text".into(),
            id_field: "id".into(),
            title_field: "title".into(),
            date_field: "date".into(),
            url_field: "url".into(),
            skip_bad: false,
            format: InputFormat::Auto,
        }
    }
}

/// One input source found on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input: JSON Lines when it starts with `{`, else plain text (see
    /// [`stdin_format`]; `--input-format` decides otherwise).
    Stdin,
    /// A file; `id` is the document id to use (for plain text files).
    File {
        /// Where it is.
        path: PathBuf,
        /// Its document id.
        id: String,
        /// Found by walking a folder (binary files there are skipped, not errors).
        from_folder: bool,
    },
}

/// File name endings read as documents when walking folders.
pub const TEXT_EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "text", "jsonl", "ndjson", "html", "htm", "xhtml", "csv",
];

/// Expands command-line inputs into sources, as [`find`] does without an output folder to leave
/// out. The warnings of the walk (special files, broken links, repeats) are dropped: callers that
/// report to a user should call [`find`].
pub fn sources(inputs: &[PathBuf]) -> Result<Vec<Source>> {
    find(inputs, None).map(|f| f.sources)
}

fn has_text_extension(p: &Path) -> bool {
    p.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.as_str()))
}

fn extension(p: &Path) -> String {
    p.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn is_html(p: &Path) -> bool {
    matches!(extension(p).as_str(), "html" | "htm" | "xhtml")
}

fn is_csv(p: &Path) -> bool {
    extension(p) == "csv"
}

fn is_jsonl(p: &Path) -> bool {
    p.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| e == "jsonl" || e == "ndjson")
}

/// What reading one source gave.
#[derive(Debug, Default)]
pub struct Read {
    /// The documents.
    pub documents: Vec<Document>,
    /// Remarks for the user (skipped files, replaced bytes, skipped lines).
    pub warnings: Vec<String>,
}

/// Reads one source into documents (all in memory; see [`read_each`] to stream).
pub fn read(source: &Source, opts: &InputOptions) -> Result<Read> {
    let mut documents = Vec::new();
    let warnings = read_each(source, opts, &mut |d| {
        documents.push(d);
        Ok(())
    })?;
    Ok(Read {
        documents,
        warnings,
    })
}

/// Streams the documents of one source to `each`, one at a time: a JSON Lines or CSV file is
/// read record by record, so memory does not grow with the file. Returns the warnings.
pub fn read_each(
    source: &Source,
    opts: &InputOptions,
    each: &mut dyn FnMut(Document) -> Result<()>,
) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    let format = match source {
        Source::File { path, .. } => file_format(path, opts),
        Source::Stdin => stdin_format(opts)?.0,
    };
    match (source, format) {
        (
            Source::File {
                path, from_folder, ..
            },
            InputFormat::Jsonl | InputFormat::Csv,
        ) => {
            let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
            let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
            // the same rule as for text files: a binary file met in a folder is skipped
            if *from_folder && looks_binary(reader.fill_buf().map_err(|e| Error::io(path, e))?) {
                warnings.push(format!(
                    "{}: skipped: looks like a binary file",
                    show_path(path)
                ));
                return Ok(warnings);
            }
            if format == InputFormat::Jsonl {
                read_jsonl_stream(path, reader, opts, &mut warnings, each)?;
            } else {
                read_csv_stream(path, reader, opts, &mut warnings, each)?;
            }
            return Ok(warnings);
        }
        (Source::Stdin, InputFormat::Jsonl) => {
            let reader = std::io::BufReader::with_capacity(1 << 20, std::io::stdin().lock());
            read_jsonl_stream(Path::new(STDIN), reader, opts, &mut warnings, each)?;
            return Ok(warnings);
        }
        (Source::Stdin, InputFormat::Csv) => {
            read_csv_stream(
                Path::new(STDIN),
                std::io::stdin().lock(),
                opts,
                &mut warnings,
                each,
            )?;
            return Ok(warnings);
        }
        _ => {}
    }
    let mut result = Read::default();
    read_whole(source, opts, format == InputFormat::Html, &mut result)?;
    warnings.extend(result.warnings);
    for d in result.documents {
        each(d)?;
    }
    Ok(warnings)
}

/// The name standard input goes by in messages (and in the ids of its records without one).
const STDIN: &str = "<stdin>";

/// The text of a record (or page) with a title: the title first, as its own paragraph, then the
/// text, so that a headline counts as it does in a plain-text file (where it is the first line).
/// A text whose first line already is the title, or holds it, or is held by it (a page's
/// `<title>` is often its `<h1>` plus the site's name), is left as it is: the headline is read
/// once.
fn titled_text(title: Option<&str>, text: String) -> String {
    let Some(title) = title.map(str::trim).filter(|t| !t.is_empty()) else {
        return text;
    };
    let words = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let first = words(text.trim_start().lines().next().unwrap_or(""));
    let title_words = words(title);
    if !first.is_empty() && (first.contains(&title_words) || title_words.contains(&first)) {
        return text;
    }
    format!("{title}\n\n{text}")
}

/// Standard input is read as one plain-text document; when it looks like JSON Lines or CSV the
/// user most likely meant records, so say how to get them.
fn stdin_format_warning(text: &str, opts: &InputOptions) -> Option<String> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next()?;
    if first.starts_with('{')
        && serde_json::from_str::<serde_json::Value>(first).is_ok_and(|v| v.is_object())
    {
        return Some(
            "standard input looks like JSON Lines but is read as one plain-text document; save it as a .jsonl file (or give the file) to read one document per line".into(),
        );
    }
    let header: Vec<String> = first
        .split(',')
        .map(|h| h.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    if header.len() >= 2 && header.contains(&opts.text_field.to_ascii_lowercase()) {
        return Some(format!(
            "standard input looks like CSV (a header with a {:?} column) but is read as one plain-text document; save it as a .csv file (or give the file) to read one document per row",
            opts.text_field
        ));
    }
    None
}

fn read_whole(source: &Source, opts: &InputOptions, html: bool, result: &mut Read) -> Result<()> {
    let (path, id, from_folder, bytes) = match source {
        Source::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| Error::io(STDIN, e))?;
            (PathBuf::from(STDIN), "stdin".to_string(), false, buf)
        }
        Source::File {
            path,
            id,
            from_folder,
        } => {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            (path.clone(), id.clone(), *from_folder, bytes)
        }
    };
    if from_folder && looks_binary(&bytes) {
        result.warnings.push(format!(
            "{}: skipped: looks like a binary file",
            show_path(&path)
        ));
        return Ok(());
    }
    let text = decode(&path, bytes, opts.lossy, &mut result.warnings)?;
    if *source == Source::Stdin && opts.format == InputFormat::Auto {
        // what detection took for text may still be CSV the user meant as records
        result.warnings.extend(stdin_format_warning(&text, opts));
    }
    let (text, title) = if html {
        // the page's <title> is scanned like a record's title (unless the page repeats it)
        let page = html::extract(&text);
        (titled_text(page.title.as_deref(), page.text), page.title)
    } else {
        (text, None)
    };
    if text.trim().is_empty() {
        result
            .warnings
            .push(format!("{}: skipped: no text", show_path(&path)));
        return Ok(());
    }
    result.documents.push(Document {
        id,
        title,
        text,
        ..Document::default()
    });
    Ok(())
}

/// A NUL byte in the first 8 KiB marks a binary file.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

/// Decodes UTF-8 (a BOM is dropped), failing with the byte offset of the first bad byte unless
/// `lossy`.
pub fn decode(
    path: &Path,
    bytes: Vec<u8>,
    lossy: bool,
    warnings: &mut Vec<String>,
) -> Result<String> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            if !lossy {
                return Err(Error::Utf8 {
                    path: path.to_path_buf(),
                    offset,
                    lossy: true,
                });
            }
            warnings.push(format!(
                "{}: invalid UTF-8 from byte {offset} replaced with U+FFFD (--lossy)",
                show_path(path)
            ));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    Ok(match text.strip_prefix('\u{FEFF}') {
        Some(t) => t.to_string(),
        None => text,
    })
}

#[cfg(test)]
fn read_jsonl(path: &Path, text: &str, opts: &InputOptions, out: &mut Read) -> Result<()> {
    let mut docs = Vec::new();
    read_jsonl_stream(path, text.as_bytes(), opts, &mut out.warnings, &mut |d| {
        docs.push(d);
        Ok(())
    })?;
    out.documents.extend(docs);
    Ok(())
}

fn read_jsonl_stream(
    path: &Path,
    mut reader: impl std::io::BufRead,
    opts: &InputOptions,
    warnings: &mut Vec<String>,
    each: &mut dyn FnMut(Document) -> Result<()>,
) -> Result<()> {
    let mut buf = Vec::new();
    let mut lineno = 0usize;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        lineno += 1;
        // the line without its terminator: positions serde_json reports are then on this line
        while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            buf.pop();
        }
        let line = match std::str::from_utf8(&buf) {
            Ok(l) => std::borrow::Cow::Borrowed(l),
            Err(_) if opts.lossy => {
                warnings.push(format!(
                    "{}:{lineno}: invalid UTF-8 replaced (--lossy)",
                    show_path(path)
                ));
                String::from_utf8_lossy(&buf)
            }
            Err(e) => {
                let err = Error::Input {
                    path: path.to_path_buf(),
                    line: Some(lineno),
                    message: format!("not valid UTF-8 (byte {} of the line)", e.valid_up_to()),
                };
                if opts.skip_bad {
                    warnings.push(format!("skipped: {err}"));
                    continue;
                }
                return Err(err);
            }
        };
        let line = line.trim_start_matches('\u{FEFF}');
        if line.trim().is_empty() {
            continue;
        }
        match parse_json_line(path, lineno, line, opts) {
            Ok(Some(doc)) => each(doc)?,
            Ok(None) => warnings.push(format!("{}:{lineno}: skipped: no text", show_path(path))),
            Err(e) if opts.skip_bad => warnings.push(format!("skipped: {e}")),
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn read_csv_stream(
    path: &Path,
    reader: impl std::io::Read,
    opts: &InputOptions,
    warnings: &mut Vec<String>,
    each: &mut dyn FnMut(Document) -> Result<()>,
) -> Result<()> {
    let mut rows = csv_rows::Rows::new(reader);
    let bad = |line: usize, message: String| Error::Input {
        path: path.to_path_buf(),
        line: Some(line),
        message,
    };
    let header: Vec<String> = match rows.next_row() {
        Ok(Some(row)) => {
            if let Some((line, problem)) = row.problem {
                return Err(bad(line, format!("the CSV header: {problem}")));
            }
            row.record
                .iter()
                .map(|h| {
                    String::from_utf8_lossy(h)
                        .trim()
                        .trim_start_matches('\u{FEFF}')
                        .to_string()
                })
                .collect()
        }
        Ok(None) => return Err(bad(1, "empty CSV file (no header)".into())),
        Err(e) => return Err(Error::io(path, e)),
    };
    let col = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let Some(text_col) = col(&opts.text_field) else {
        return Err(bad(
            1,
            format!(
                "no {:?} column (columns: {}); name it with --text-field",
                opts.text_field,
                // quoted: a header cell may hold a line break, the message is one line
                header
                    .iter()
                    .map(|h| format!("{h:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    };
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    loop {
        let row = match rows.next_row() {
            Ok(Some(row)) => row,
            Ok(None) => break,
            Err(e) => return Err(Error::io(path, e)),
        };
        let line = row.line;
        let problem = row.problem.or_else(|| {
            (row.record.len() != header.len()).then(|| {
                (
                    line,
                    format!(
                        "{} field(s) where the header has {} (an unquoted comma or a stray quote?)",
                        row.record.len(),
                        header.len()
                    ),
                )
            })
        });
        if let Some((at, problem)) = problem {
            let err = bad(at, problem);
            if opts.skip_bad {
                warnings.push(format!("skipped: {err}"));
                continue;
            }
            return Err(err);
        }
        let rec = &row.record;
        let field = |c: Option<usize>| -> Option<String> {
            let b = rec.get(c?)?;
            let s = String::from_utf8_lossy(b).trim().to_string();
            (!s.is_empty()).then_some(s)
        };
        let text = match std::str::from_utf8(rec.get(text_col).unwrap_or(b"")) {
            Ok(t) => t.to_string(),
            Err(_) if opts.lossy => {
                String::from_utf8_lossy(rec.get(text_col).unwrap_or(b"")).into_owned()
            }
            Err(e) => {
                let err = bad(
                    line,
                    format!("text is not valid UTF-8 (byte {})", e.valid_up_to()),
                );
                if opts.skip_bad {
                    warnings.push(format!("skipped: {err}"));
                    continue;
                }
                return Err(err);
            }
        };
        if text.trim().is_empty() {
            warnings.push(format!("{}:{line}: skipped: no text", show_path(path)));
            continue;
        }
        // as in JSON Lines: a date that is not one is an error, not a silently undated document
        let date = match field(col(&opts.date_field)) {
            Some(d) => match crate::date::Date::parse(&d, false) {
                Some(parsed) => Some(parsed.to_string()),
                None => {
                    let err = bad(line, format!("date {d:?} is not an ISO date (YYYY-MM-DD)"));
                    if opts.skip_bad {
                        warnings.push(format!("skipped: {err}"));
                        continue;
                    }
                    return Err(err);
                }
            },
            None => None,
        };
        each(Document::record(
            field(col(&opts.id_field)).unwrap_or_else(|| format!("{name}:{line}")),
            text,
            field(col(&opts.title_field)),
            date,
            field(col(&opts.url_field)),
        ))?;
    }
    Ok(())
}

/// Reading one JSON Lines record: the values of the fields the options name, and no others.
mod json_record {
    use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

    /// The fields to keep, by name; deserializes to their values in that order (`None` for an
    /// absent field; a field given twice keeps its last value, as a parsed object does), or to
    /// `None` when the record is not an object.
    pub(super) struct Fields<'n>(pub(super) &'n [&'n str; 5]);

    /// What a record holds of the wanted fields.
    pub(super) type Values = [Option<serde_json::Value>; 5];

    /// The places of the fields in [`Fields`] and [`Values`].
    pub(super) const TEXT: usize = 0;
    pub(super) const ID: usize = 1;
    pub(super) const TITLE: usize = 2;
    pub(super) const DATE: usize = 3;
    pub(super) const URL: usize = 4;

    impl<'de> DeserializeSeed<'de> for Fields<'_> {
        type Value = Option<Values>;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    /// A key: the index of the first wanted field of that name, if any (compared as read; no
    /// key is copied).
    struct Key<'n>(&'n [&'n str; 5]);

    impl<'de> DeserializeSeed<'de> for Key<'_> {
        type Value = Option<usize>;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(self)
        }
    }

    impl<'de> Visitor<'de> for Key<'_> {
        type Value = Option<usize>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a field name")
        }
        fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
            Ok(self.0.iter().position(|n| *n == key))
        }
    }

    impl<'de> Visitor<'de> for Fields<'_> {
        type Value = Option<Values>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut values: Values = Default::default();
            while let Some(key) = map.next_key_seed(Key(self.0))? {
                match key {
                    Some(i) => {
                        let v: serde_json::Value = map.next_value()?;
                        // every option that names this field gets it (copied only then)
                        let mut last = i;
                        for j in i + 1..self.0.len() {
                            if self.0[j] == self.0[i] {
                                values[last] = Some(v.clone());
                                last = j;
                            }
                        }
                        values[last] = Some(v);
                    }
                    None => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(Some(values))
        }
        // anything else is a record that is not an object
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
}

fn parse_json_line(
    path: &Path,
    line: usize,
    raw: &str,
    opts: &InputOptions,
) -> Result<Option<Document>> {
    let bad = |message: String| Error::Input {
        path: path.to_path_buf(),
        line: Some(line),
        message,
    };
    // only the fields the options name are kept (as values); every other one is skipped as it
    // is parsed, with nothing allocated for it
    use json_record::{DATE, ID, TEXT, TITLE, URL};
    let mut names = [""; 5];
    names[TEXT] = &opts.text_field;
    names[ID] = &opts.id_field;
    names[TITLE] = &opts.title_field;
    names[DATE] = &opts.date_field;
    names[URL] = &opts.url_field;
    let mut de = serde_json::Deserializer::from_str(raw);
    let record = serde::de::DeserializeSeed::deserialize(json_record::Fields(&names), &mut de)
        .and_then(|r| de.end().map(|()| r))
        .map_err(|e| {
            // serde_json places the error in its own input (this one line): say the column,
            // the line is the file's
            let full = e.to_string();
            let what = full
                .strip_suffix(&format!(" at line {} column {}", e.line(), e.column()))
                .unwrap_or(&full);
            bad(format!("not a JSON object: {what} (column {})", e.column()))
        })?;
    let Some(mut fields) = record else {
        return Err(bad("not a JSON object".into()));
    };
    // each option has its own value: the text (most of the line) is moved out, not copied
    let text = match fields[TEXT].take() {
        Some(serde_json::Value::String(s)) => s,
        Some(_) => return Err(bad(format!("field {:?} is not a string", opts.text_field))),
        None => return Err(bad(format!("no {:?} field", opts.text_field))),
    };
    let mut field = |at: usize| -> Option<String> {
        match fields[at].take()? {
            serde_json::Value::String(s) => Some(s),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    if text.trim().is_empty() {
        return Ok(None);
    }
    let id = field(ID).unwrap_or_else(|| {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        format!("{name}:{line}")
    });
    let date = match field(DATE) {
        Some(d) => match crate::date::Date::parse(&d, false) {
            Some(parsed) => Some(parsed.to_string()),
            None => return Err(bad(format!("date {d:?} is not an ISO date (YYYY-MM-DD)"))),
        },
        None => None,
    };
    let title = field(TITLE);
    let url = field(URL);
    Ok(Some(Document::record(id, text, title, date, url)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_fields_and_errors() {
        let path = Path::new("c.jsonl");
        let text = "{\"id\":\"a\",\"text\":\"Oman.\",\"date\":\"2025-04-12\",\"title\":\"T\"}\n\n{\"text\":\"Iran.\"}\n";
        let mut r = Read::default();
        read_jsonl(path, text, &InputOptions::default(), &mut r).unwrap();
        assert_eq!(r.documents.len(), 2);
        assert_eq!(r.documents[0].date.as_deref(), Some("2025-04-12"));
        assert_eq!(r.documents[1].id, "c.jsonl:3");

        let broken = "{\"text\":\"ok\"}\n{\"text\": oops}\n";
        let err =
            read_jsonl(path, broken, &InputOptions::default(), &mut Read::default()).unwrap_err();
        assert!(
            err.to_string().starts_with("c.jsonl:2: not a JSON object"),
            "{err}"
        );
        let mut r = Read::default();
        let opts = InputOptions {
            skip_bad: true,
            ..InputOptions::default()
        };
        read_jsonl(path, broken, &opts, &mut r).unwrap();
        assert_eq!((r.documents.len(), r.warnings.len()), (1, 1));
    }

    #[test]
    fn jsonl_record_keeps_the_named_fields_and_skips_the_rest() {
        // nested values in other fields are skipped; a field given twice keeps its last value
        // (as a parsed object does); an escaped key is the field it spells; a number id is
        // its digits
        let path = Path::new("c.jsonl");
        let text = concat!(
            r#"{"meta":{"tags":["a",{"b":[1,2]}],"n":null},"t\u0065xt":"Oman.","id":7,"#,
            r#""html":"<p>x</p>","date":"2025-01-02","date":"2025-03-04","url":false}"#,
            "\n",
            r#"{"text":"first","text":"Iran met Oman."}"#,
            "\n"
        );
        let mut r = Read::default();
        read_jsonl(path, text, &InputOptions::default(), &mut r).unwrap();
        let d = &r.documents;
        assert_eq!((d[0].id.as_str(), d[0].text.as_str()), ("7", "Oman."));
        assert_eq!(d[0].date.as_deref(), Some("2025-03-04"));
        assert_eq!(d[0].url, None, "a url that is not a string is no url");
        assert_eq!(d[1].text, "Iran met Oman.");
    }

    #[test]
    fn text_field_named_by_another_option_is_read_by_both() {
        // the text is taken out of the record, not copied: a field that is also the id (or
        // the title, the date, the address) must still be there for that option
        let path = Path::new("c.jsonl");
        let line = "{\"body\":\"Oman hosted the talks.\",\"text\":\"unused\"}\n";
        for (id_field, title_field) in [("body", "title"), ("id", "body")] {
            let opts = InputOptions {
                text_field: "body".into(),
                id_field: id_field.into(),
                title_field: title_field.into(),
                ..InputOptions::default()
            };
            let mut r = Read::default();
            read_jsonl(path, line, &opts, &mut r).unwrap();
            let d = &r.documents[0];
            // (a title the text starts with is not written twice)
            assert_eq!(d.text, "Oman hosted the talks.");
            if id_field == "body" {
                assert_eq!(d.id, "Oman hosted the talks.");
            } else {
                assert_eq!(d.id, "c.jsonl:1");
                assert_eq!(d.title.as_deref(), Some("Oman hosted the talks."));
            }
        }
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let err = decode(
            Path::new("x.txt"),
            b"Oman \xff".to_vec(),
            false,
            &mut vec![],
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.txt: not valid UTF-8 (first bad byte at offset 5); convert it to UTF-8 or pass --lossy"
        );
        let mut w = vec![];
        assert_eq!(
            decode(Path::new("x.txt"), b"Oman \xff".to_vec(), true, &mut w).unwrap(),
            "Oman \u{FFFD}"
        );
        assert_eq!(w.len(), 1);
    }
}
