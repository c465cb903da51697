//! Editable cue lexicons: `gazetteers/roles.csv` (role cues) and `gazetteers/titles.csv` (title
//! words with their canonical form and sector). Both are compiled in; users can pass their own.

use std::path::Path;

use crate::error::{Error, Problem, Result};
use crate::text::fold;

/// The built-in role cues.
pub const DEFAULT_ROLES: &str = include_str!("../../gazetteers/roles.csv");
/// The built-in title words.
pub const DEFAULT_TITLES: &str = include_str!("../../gazetteers/titles.csv");

/// Honorifics that introduce names without a title ("Sheikh Nimr"); see `people::HONORIFICS`.
const HONORIFIC_PREFIXES: &[&str] = &[
    "prince", "sheikh", "sayyid", "sayed", "mr", "mrs", "ms", "dr", "sir", "dame", "lord",
];

/// Where, relative to a cue, the actor that takes the role stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The nearest actor before the cue: "Oman's mediation", "Oman serving as intermediary".
    Before,
    /// The nearest actor after the cue: "hosted by Oman".
    After,
    /// Every actor of the list right after the cue: "talks between Iran and the US".
    ListAfter,
    /// Every actor of the list right before the cue: "Iran and the US held talks".
    ListBefore,
    /// A place right after the cue; the role goes to the state it lies in: "talks in Muscat".
    PlaceAfter,
    /// The actors right before and right after the cue, as a pair: "Obama called Al-Abadi".
    Around,
}

impl std::str::FromStr for Slot {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Ok(match s.trim() {
            "before" => Slot::Before,
            "after" => Slot::After,
            "list_after" => Slot::ListAfter,
            "list_before" => Slot::ListBefore,
            "place_after" => Slot::PlaceAfter,
            "around" => Slot::Around,
            other => {
                return Err(format!(
                    "unknown slot {other:?} (before, after, list_after, list_before, place_after, around)"
                ))
            }
        })
    }
}

/// One role cue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleCue {
    /// The role it signals (`host`, `mediator`, …; `meets` signals a relation, not a role).
    pub role: String,
    /// The cue phrase, folded.
    pub cue: String,
    /// Where the actor stands.
    pub slot: Slot,
    /// The most words allowed between the actor and the cue (`before` and `after` slots), when
    /// the default (6 before, 2 after) is too loose for a common word.
    pub max_gap: Option<usize>,
}

/// One title phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleWord {
    /// The phrase, folded ("foreign minister", "fm").
    pub phrase: String,
    /// How it is written in outputs ("Foreign Minister").
    pub canonical: String,
    /// Sector: government, military, opposition, business, media, …
    pub sector: String,
}

/// The cue lexicons.
#[derive(Debug, Clone)]
pub struct Lexicons {
    /// Role cues.
    pub roles: Vec<RoleCue>,
    /// Title phrases.
    pub titles: Vec<TitleWord>,
    /// Role frames (`frames.csv`): event words with slots.
    pub frames: super::frames::Frames,
    /// Finds any title phrase (case-insensitive): a cheap test before the word-level rules.
    title_finder: Option<aho_corasick::AhoCorasick>,
}

impl Lexicons {
    /// The built-in lexicons.
    pub fn builtin() -> Lexicons {
        Lexicons::parse(
            Path::new("<built-in>/roles.csv"),
            DEFAULT_ROLES,
            Path::new("<built-in>/titles.csv"),
            DEFAULT_TITLES,
        )
        .expect("the built-in lexicons are valid")
    }

    /// Loads lexicons, each from a file or the built-in one.
    pub fn load(roles: Option<&Path>, titles: Option<&Path>) -> Result<Lexicons> {
        let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| Error::io(p, e));
        let (rp, rt) = match roles {
            Some(p) => (p.to_path_buf(), read(p)?),
            None => ("<built-in>/roles.csv".into(), DEFAULT_ROLES.to_string()),
        };
        let (tp, tt) = match titles {
            Some(p) => (p.to_path_buf(), read(p)?),
            None => ("<built-in>/titles.csv".into(), DEFAULT_TITLES.to_string()),
        };
        Lexicons::parse(&rp, &rt, &tp, &tt)
    }

    fn parse(rp: &Path, roles: &str, tp: &Path, titles: &str) -> Result<Lexicons> {
        let mut problems = Vec::new();
        let mut out = Lexicons {
            roles: Vec::new(),
            titles: Vec::new(),
            frames: super::frames::Frames::builtin(),
            title_finder: None,
        };
        for (line, rec) in rows(
            rp,
            roles,
            &["role", "cue", "slot", "max_gap"],
            &mut problems,
        ) {
            let max_gap = match rec[3].as_str() {
                "" => None,
                n => match n.parse::<usize>() {
                    Ok(n) => Some(n),
                    Err(_) => {
                        problems.push(problem(
                            rp,
                            line,
                            format!("max_gap {n:?} is not a whole number"),
                        ));
                        continue;
                    }
                },
            };
            match rec[2].parse::<Slot>() {
                Ok(slot) if !rec[0].is_empty() && !rec[1].is_empty() => out.roles.push(RoleCue {
                    role: rec[0].to_lowercase(),
                    cue: fold(&rec[1]),
                    slot,
                    max_gap,
                }),
                Ok(_) => problems.push(problem(rp, line, "empty role or cue".into())),
                Err(m) => problems.push(problem(rp, line, m)),
            }
        }
        for (line, rec) in rows(tp, titles, &["title", "canonical", "sector"], &mut problems) {
            if rec[0].is_empty() {
                problems.push(problem(tp, line, "empty title".into()));
                continue;
            }
            out.titles.push(TitleWord {
                phrase: fold(&rec[0]).trim_end_matches('.').to_string(),
                canonical: if rec[1].is_empty() {
                    rec[0].clone()
                } else {
                    rec[1].clone()
                },
                sector: rec[2].to_lowercase(),
            });
        }
        if problems.is_empty() {
            out.title_finder = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(
                    out.titles
                        .iter()
                        .map(|t| t.phrase.as_str())
                        .chain(HONORIFIC_PREFIXES.iter().copied()),
                )
                .ok();
            Ok(out)
        } else {
            Err(Error::Gazetteer(problems))
        }
    }

    /// Whether a sentence may hold a title cue (a title phrase or an honorific, any case).
    pub fn may_have_title(&self, sentence: &str) -> bool {
        self.title_finder
            .as_ref()
            .is_none_or(|f| f.is_match(sentence))
    }

    /// The title phrase for folded words, if any.
    pub fn title(&self, phrase: &str) -> Option<&TitleWord> {
        self.titles.iter().find(|t| t.phrase == phrase)
    }
}

fn problem(path: &Path, line: usize, message: String) -> Problem {
    Problem {
        path: path.to_path_buf(),
        line,
        message,
    }
}

/// Reads a small CSV with required columns; returns (line, fields in column order).
fn rows(
    path: &Path,
    text: &str,
    cols: &[&str],
    problems: &mut Vec<Problem>,
) -> Vec<(usize, Vec<String>)> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // records with the line each starts on (blank lines and quoted line breaks counted) and
    // their quoting problems
    let mut rows = crate::input::csv_rows::Rows::new(text.as_bytes());
    let fields = |rec: &csv::ByteRecord| -> Vec<String> {
        rec.iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect()
    };
    let header: Vec<String> = match rows.next_row() {
        Ok(Some(h)) => fields(&h.record)
            .iter()
            .map(|c| c.trim().to_ascii_lowercase())
            .collect(),
        Ok(None) => Vec::new(),
        Err(e) => {
            problems.push(problem(path, 1, format!("cannot read the header: {e}")));
            return Vec::new();
        }
    };
    let idx: Vec<Option<usize>> = cols
        .iter()
        .map(|c| header.iter().position(|h| h == c))
        .collect();
    // the first three columns are required; later ones are optional
    if let Some(missing) = cols.iter().zip(&idx).take(3).find(|(_, i)| i.is_none()) {
        problems.push(problem(path, 1, format!("missing column {:?}", missing.0)));
        return Vec::new();
    }
    let mut out = Vec::new();
    loop {
        let row = match rows.next_row() {
            Ok(Some(row)) => row,
            Ok(None) => break,
            Err(e) => {
                problems.push(problem(path, 1, format!("unreadable row: {e}")));
                break;
            }
        };
        if let Some((line, what)) = row.problem {
            problems.push(problem(path, line, what));
            continue;
        }
        let rec = fields(&row.record);
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() > header.len() {
            problems.push(problem(
                path,
                row.line,
                format!(
                    "row has {} fields but the header has {}",
                    rec.len(),
                    header.len()
                ),
            ));
            continue;
        }
        out.push((
            row.line,
            idx.iter()
                .map(|i| {
                    i.and_then(|i| rec.get(i))
                        .map_or("", |s| s.as_str())
                        .trim()
                        .to_string()
                })
                .collect(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicons_parse() {
        let l = Lexicons::builtin();
        assert!(l
            .roles
            .iter()
            .any(|r| r.role == "mediator" && r.cue == "brokered by" && r.slot == Slot::ListAfter));
        assert_eq!(l.title("fm").unwrap().canonical, "Foreign Minister");
    }

    #[test]
    fn lexicon_problem_lines_count_blank_lines_and_stray_quotes() {
        // a blank line before the bad row: the row is on line 4, not 3
        let err = Lexicons::parse(
            Path::new("r.csv"),
            "role,cue,slot\nhost,hosted by,after\n\nhost,hosted in,sideways\nhost,\"guest of,after\n",
            Path::new("t.csv"),
            "title,canonical,sector\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("r.csv:4: unknown slot \"sideways\""), "{err}");
        assert!(
            err.contains("r.csv:5: a quote opened here is never closed"),
            "{err}"
        );
    }

    #[test]
    fn bad_slot_is_reported_with_line() {
        let err = Lexicons::parse(
            Path::new("r.csv"),
            "role,cue,slot\nhost,hosted by,sideways\n",
            Path::new("t.csv"),
            "title,canonical,sector\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("r.csv:2: unknown slot \"sideways\""),
            "{err}"
        );
    }
}
