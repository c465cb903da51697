//! Reading documents: plain text and Markdown files, folders of them, standard input, and JSON
//! Lines files with one document per line.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

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
        }
    }
}

/// One input source found on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input, read as plain text.
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
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "text", "jsonl", "ndjson"];

/// Expands command-line inputs into sources: files stay, folders are walked recursively (sorted,
/// hidden entries skipped), `-` is standard input.
pub fn sources(inputs: &[PathBuf]) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            out.push(Source::Stdin);
            continue;
        }
        let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
        if meta.is_dir() {
            let before = out.len();
            walk(input, input, &mut out)?;
            if out.len() == before {
                return Err(Error::input(
                    input,
                    format!("folder has no text files ({})", TEXT_EXTENSIONS.map_join()),
                ));
            }
        } else {
            let id = input
                .file_name()
                .map_or_else(|| input.display().to_string(), |n| n.to_string_lossy().into_owned());
            out.push(Source::File {
                path: input.clone(),
                id,
                from_folder: false,
            });
        }
    }
    Ok(out)
}

trait MapJoin {
    fn map_join(&self) -> String;
}

impl MapJoin for &[&str] {
    fn map_join(&self) -> String {
        self.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(", ")
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<Source>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(root, &p, out)?;
        } else if has_text_extension(&p) {
            let rel = p.strip_prefix(root).unwrap_or(&p);
            let id = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push(Source::File {
                path: p.clone(),
                id,
                from_folder: true,
            });
        }
    }
    Ok(())
}

fn has_text_extension(p: &Path) -> bool {
    p.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.as_str()))
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

/// Reads one source into documents.
pub fn read(source: &Source, opts: &InputOptions) -> Result<Read> {
    let mut result = Read::default();
    let (path, id, from_folder, bytes) = match source {
        Source::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| Error::io("<stdin>", e))?;
            (PathBuf::from("<stdin>"), "stdin".to_string(), false, buf)
        }
        Source::File { path, id, from_folder } => {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            (path.clone(), id.clone(), *from_folder, bytes)
        }
    };
    if from_folder && looks_binary(&bytes) {
        result
            .warnings
            .push(format!("{}: skipped: looks like a binary file", path.display()));
        return Ok(result);
    }
    let text = decode(&path, bytes, opts.lossy, &mut result.warnings)?;
    if text.trim().is_empty() {
        result.warnings.push(format!("{}: skipped: empty file", path.display()));
        return Ok(result);
    }
    if is_jsonl(&path) {
        read_jsonl(&path, &text, opts, &mut result)?;
    } else {
        result.documents.push(Document {
            id,
            text,
            ..Document::default()
        });
    }
    Ok(result)
}

/// A NUL byte in the first 8 KiB marks a binary file.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

/// Decodes UTF-8 (a BOM is dropped), failing with the byte offset of the first bad byte unless
/// `lossy`.
pub fn decode(path: &Path, bytes: Vec<u8>, lossy: bool, warnings: &mut Vec<String>) -> Result<String> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            if !lossy {
                return Err(Error::Utf8 {
                    path: path.to_path_buf(),
                    offset,
                });
            }
            warnings.push(format!(
                "{}: invalid UTF-8 from byte {offset} replaced with U+FFFD (--lossy)",
                path.display()
            ));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    Ok(match text.strip_prefix('\u{FEFF}') {
        Some(t) => t.to_string(),
        None => text,
    })
}

fn read_jsonl(path: &Path, text: &str, opts: &InputOptions, out: &mut Read) -> Result<()> {
    for (i, line) in text.lines().enumerate() {
        let lineno = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        match parse_json_line(path, lineno, line, opts) {
            Ok(Some(doc)) => out.documents.push(doc),
            Ok(None) => {}
            Err(e) if opts.skip_bad => out.warnings.push(format!("skipped: {e}")),
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn parse_json_line(path: &Path, line: usize, raw: &str, opts: &InputOptions) -> Result<Option<Document>> {
    let bad = |message: String| Error::Input {
        path: path.to_path_buf(),
        line: Some(line),
        message,
    };
    let value: serde_json::Value =
        serde_json::from_str(raw).map_err(|e| bad(format!("not a JSON object: {e}")))?;
    let obj = value
        .as_object()
        .ok_or_else(|| bad("not a JSON object".into()))?;
    let field = |name: &str| -> Option<String> {
        match obj.get(name)? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let text = match obj.get(&opts.text_field) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(_) => return Err(bad(format!("field {:?} is not a string", opts.text_field))),
        None => return Err(bad(format!("no {:?} field", opts.text_field))),
    };
    if text.trim().is_empty() {
        return Ok(None);
    }
    let id = field(&opts.id_field).unwrap_or_else(|| {
        let name = path
            .file_name()
            .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        format!("{name}:{line}")
    });
    let date = match field(&opts.date_field) {
        Some(d) => match crate::date::Date::parse(&d, false) {
            Some(parsed) => Some(parsed.to_string()),
            None => return Err(bad(format!("date {d:?} is not an ISO date (YYYY-MM-DD)"))),
        },
        None => None,
    };
    Ok(Some(Document {
        id,
        title: field(&opts.title_field),
        date,
        url: field(&opts.url_field),
        text,
    }))
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
        let err = read_jsonl(path, broken, &InputOptions::default(), &mut Read::default()).unwrap_err();
        assert!(err.to_string().starts_with("c.jsonl:2: not a JSON object"), "{err}");
        let mut r = Read::default();
        let opts = InputOptions { skip_bad: true, ..InputOptions::default() };
        read_jsonl(path, broken, &opts, &mut r).unwrap();
        assert_eq!((r.documents.len(), r.warnings.len()), (1, 1));
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let err = decode(Path::new("x.txt"), b"Oman \xff".to_vec(), false, &mut vec![]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.txt: not valid UTF-8 (first bad byte at offset 5); convert it to UTF-8 or pass --lossy"
        );
        let mut w = vec![];
        assert_eq!(decode(Path::new("x.txt"), b"Oman \xff".to_vec(), true, &mut w).unwrap(), "Oman \u{FFFD}");
        assert_eq!(w.len(), 1);
    }
}
