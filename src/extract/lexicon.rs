//! Editable cue lexicons: `gazetteers/roles.csv` (role cues), `gazetteers/titles.csv` (title
//! words with their canonical form and sector), `gazetteers/frames.csv` (role frames) and
//! `gazetteers/words.csv` (the named word lists the rules read: locatives, honorifics, name
//! particles, …). All are compiled in; users can pass their own, each replacing the built-in
//! file (see [`LexiconPaths`]).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::{Error, Problem, Result};
use crate::text::fold;

/// The built-in role cues.
pub const DEFAULT_ROLES: &str = include_str!("../../gazetteers/roles.csv");
/// The built-in title words.
pub const DEFAULT_TITLES: &str = include_str!("../../gazetteers/titles.csv");

/// The built-in word lists.
pub const DEFAULT_WORDS: &str = include_str!("../../gazetteers/words.csv");

/// The word lists of `words.csv`: each row is `list,word`, and the rules ask whether a folded
/// word (or phrase) is in a list. Which rule reads which list is said here, once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// A word right before a capital that makes it the city, not the state: "talks *in* Muscat".
    Locative,
    /// A noun after a name that makes it the state: "Jordan's *government*".
    StateNoun,
    /// A phrase before a name that makes it the state: "*Republic of* Chad".
    StateBefore,
    /// A word before a surname that shows a person is meant: "*President* Lee".
    TitleWord,
    /// A noun after a capital's possessive that keeps it the city: "Tehran's *streets*".
    CityNoun,
    /// Words allowed between the actors of a role cue's list: "Israel, Saudi Arabia *and the* UAE".
    RoleListGlue,
    /// Words allowed between the actors of a frame's `{role+}` list.
    FrameListGlue,
    /// Honorifics between a title and a name: "Foreign Minister *Prince* Faisal".
    Honorific,
    /// Honorifics that introduce a name without a title: "*Sheikh* Nimr".
    NamePrefix,
    /// Words allowed before a title phrase: "*Deputy* Foreign Minister".
    Modifier,
    /// Particles inside names: "Mohammed *bin* Abdulrahman *Al* Thani".
    Particle,
    /// Capitalized words that are never part of a person's name ("The", "Monday").
    NotName,
    /// Titles of heads of state and government (canonical form): with no state named, the state
    /// the document leads with.
    HeadTitle,
    /// Armed services and rank words between a title and a name: "Press Secretary *Air Force
    /// Maj. Gen.* Pat Ryder".
    Service,
    /// Plural nouns that introduce parallel lists of people: "the foreign *ministers* of A and B,
    /// X and Y".
    PluralTitle,
    /// Words of a title's portfolio after "of" or "for": "Minister of *Maritime Affairs and
    /// Fisheries* Sri Wahyuni", "Under Secretary for *Civilian Security, Democracy, and Human
    /// Rights* Uzra Zeya". A name does not start with one of them.
    Portfolio,
    /// Suffixes that close a name: "Jr.", "Sr.", "III".
    NameSuffix,
    /// Titles (canonical, folded) whose holders speak for the principal of the text: a
    /// spokesperson with no state named acts for the state of the person the readout is about.
    SpeaksFor,
    /// Words that join a title to its portfolio ("of", "for"), with whether an actor there is
    /// whom the person acts for: `of` yes ("President *of Chile*"), `for`/`to` no ("Special
    /// Envoy *for Yemen*", "Ambassador *to France*"). Listed here: the ones that are not.
    PortfolioNotAffiliation,
}

impl List {
    /// Every list with its name in `words.csv`.
    pub const ALL: [(List, &'static str); 19] = [
        (List::Locative, "locative"),
        (List::StateNoun, "state_noun"),
        (List::StateBefore, "state_before"),
        (List::TitleWord, "title_word"),
        (List::CityNoun, "city_noun"),
        (List::RoleListGlue, "role_list_glue"),
        (List::FrameListGlue, "frame_list_glue"),
        (List::Honorific, "honorific"),
        (List::NamePrefix, "name_prefix"),
        (List::Modifier, "modifier"),
        (List::Particle, "particle"),
        (List::NotName, "not_name"),
        (List::HeadTitle, "head_title"),
        (List::Service, "service"),
        (List::PluralTitle, "plural_title"),
        (List::Portfolio, "portfolio"),
        (List::PortfolioNotAffiliation, "portfolio_for"),
        (List::SpeaksFor, "speaks_for"),
        (List::NameSuffix, "name_suffix"),
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// The word lists, loaded from `words.csv` (folded words; phrases keep their spaces).
#[derive(Debug, Clone, Default)]
pub struct WordLists {
    sets: Vec<HashSet<String>>,
    ordered: Vec<Vec<String>>,
}

impl WordLists {
    /// The built-in lists.
    pub fn builtin() -> WordLists {
        WordLists::parse(Path::new("<built-in>/words.csv"), DEFAULT_WORDS)
            .expect("the built-in word lists are valid")
    }

    /// Reads `list,word` rows; an unknown list or an empty word is an error on its line.
    pub fn parse(path: &Path, text: &str) -> Result<WordLists> {
        let mut problems = Vec::new();
        let mut out = WordLists {
            sets: vec![HashSet::new(); List::ALL.len()],
            ordered: vec![Vec::new(); List::ALL.len()],
        };
        for (line, rec) in rows(path, text, &["list", "word"], &mut problems) {
            let Some((list, _)) = List::ALL.iter().find(|(_, n)| *n == rec[0].to_lowercase())
            else {
                let names: Vec<&str> = List::ALL.iter().map(|(_, n)| *n).collect();
                problems.push(problem(
                    path,
                    line,
                    format!("unknown list {:?} ({})", rec[0], names.join(", ")),
                ));
                continue;
            };
            if rec[1].is_empty() {
                problems.push(problem(path, line, "empty word".into()));
                continue;
            }
            let w = fold(&rec[1]);
            if out.sets[list.index()].insert(w.clone()) {
                out.ordered[list.index()].push(w);
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(Error::Gazetteer(problems))
        }
    }

    /// Whether a folded word (or phrase) is in a list.
    pub fn has(&self, list: List, word: &str) -> bool {
        self.sets
            .get(list.index())
            .is_some_and(|s| s.contains(word))
    }

    /// A list's words in file order.
    pub fn words(&self, list: List) -> &[String] {
        self.ordered.get(list.index()).map_or(&[], Vec::as_slice)
    }
}

/// Where each lexicon comes from: a file of the user's, or the built-in one when `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LexiconPaths {
    /// `roles.csv`.
    pub roles: Option<PathBuf>,
    /// `titles.csv`.
    pub titles: Option<PathBuf>,
    /// `frames.csv`.
    pub frames: Option<PathBuf>,
    /// `words.csv`.
    pub words: Option<PathBuf>,
}

impl LexiconPaths {
    /// Takes the lexicon files found in gazetteer folders (a later folder wins); paths already
    /// set (given on their own) are kept.
    pub fn from_folders(mut self, gazetteers: &[PathBuf]) -> LexiconPaths {
        for dir in gazetteers.iter().rev().filter(|p| p.is_dir()) {
            for (slot, name) in [
                (&mut self.roles, "roles.csv"),
                (&mut self.titles, "titles.csv"),
                (&mut self.frames, "frames.csv"),
                (&mut self.words, "words.csv"),
            ] {
                let p = dir.join(name);
                if slot.is_none() && p.is_file() {
                    *slot = Some(p);
                }
            }
        }
        self
    }
}

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
    /// The phrase as the file writes it, lower case ("chargé d'affaires"): what the quick test
    /// for a title in a sentence also looks for, since sentences keep their diacritics.
    pub written: String,
    /// How it is written in outputs ("Foreign Minister").
    pub canonical: String,
    /// Sector: government, military, opposition, business, media, …
    pub sector: String,
    /// The actor id the title itself names when the text names none (`implies` column):
    /// "Secretary of State" alone is the United States'. Not applied when the title has a
    /// portfolio ("Secretary of State for Defence" is a British office).
    pub implies: Option<String>,
    /// Whether `implies` holds with a portfolio too (`implies_with_portfolio` = `yes`): "Under
    /// Secretary of State for Civilian Security" is still an American office.
    pub implies_with_portfolio: bool,
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
    /// The named word lists (`words.csv`).
    pub words: WordLists,
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
    pub fn load(paths: &LexiconPaths) -> Result<Lexicons> {
        let read = |p: &Option<PathBuf>, name: &str, builtin: &str| -> Result<(PathBuf, String)> {
            match p {
                Some(p) => Ok((
                    p.clone(),
                    std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?,
                )),
                None => Ok((format!("<built-in>/{name}").into(), builtin.to_string())),
            }
        };
        let (rp, rt) = read(&paths.roles, "roles.csv", DEFAULT_ROLES)?;
        let (tp, tt) = read(&paths.titles, "titles.csv", DEFAULT_TITLES)?;
        let mut out = Lexicons::parse(&rp, &rt, &tp, &tt)?;
        if paths.words.is_some() {
            let (wp, wt) = read(&paths.words, "words.csv", DEFAULT_WORDS)?;
            out.words = WordLists::parse(&wp, &wt)?;
        }
        if paths.frames.is_some() {
            let (fp, ft) = read(&paths.frames, "frames.csv", super::frames::DEFAULT_FRAMES)?;
            out.frames = super::frames::Frames::parse(&fp, &ft)?;
        }
        out.frames.set_glue(out.words.words(List::FrameListGlue));
        out.title_finder = out.build_title_finder();
        Ok(out)
    }

    fn build_title_finder(&self) -> Option<aho_corasick::AhoCorasick> {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(
                self.titles
                    .iter()
                    .map(|t| t.phrase.as_str())
                    .chain(self.titles.iter().map(|t| t.written.as_str()))
                    .chain(
                        self.words
                            .words(List::NamePrefix)
                            .iter()
                            .map(String::as_str),
                    ),
            )
            .ok()
    }

    fn parse(rp: &Path, roles: &str, tp: &Path, titles: &str) -> Result<Lexicons> {
        let mut problems = Vec::new();
        let mut out = Lexicons {
            roles: Vec::new(),
            titles: Vec::new(),
            frames: super::frames::Frames::builtin(),
            words: WordLists::builtin(),
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
        for (line, rec) in rows(
            tp,
            titles,
            &[
                "title",
                "canonical",
                "sector",
                "implies",
                "implies_with_portfolio",
            ],
            &mut problems,
        ) {
            if rec[0].is_empty() {
                problems.push(problem(tp, line, "empty title".into()));
                continue;
            }
            out.titles.push(TitleWord {
                phrase: fold(&rec[0]).trim_end_matches('.').to_string(),
                written: rec[0].to_lowercase().trim_end_matches('.').to_string(),
                canonical: if rec[1].is_empty() {
                    rec[0].clone()
                } else {
                    rec[1].clone()
                },
                sector: rec[2].to_lowercase(),
                implies: Some(rec[3].trim().to_string()).filter(|s| !s.is_empty()),
                implies_with_portfolio: match rec[4].to_ascii_lowercase().as_str() {
                    "" | "no" => false,
                    "yes" => true,
                    other => {
                        problems.push(problem(
                            tp,
                            line,
                            format!("implies_with_portfolio {other:?}: yes or no"),
                        ));
                        false
                    }
                },
            });
        }
        if problems.is_empty() {
            out.frames.set_glue(out.words.words(List::FrameListGlue));
            out.title_finder = out.build_title_finder();
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

    /// The title phrase for folded words, if any. Words keep their diacritics and the lexicon
    /// folds them away ("Chargé d'Affaires"), so a phrase with any is folded before it is looked
    /// up.
    pub fn title(&self, phrase: &str) -> Option<&TitleWord> {
        let found = self.titles.iter().find(|t| t.phrase == phrase);
        if found.is_some() || phrase.is_ascii() {
            return found;
        }
        let folded = fold(phrase);
        self.titles.iter().find(|t| t.phrase == folded)
    }
}

fn problem(path: &Path, line: usize, message: String) -> Problem {
    Problem {
        path: path.to_path_buf(),
        line,
        message,
    }
}

/// Reads a small CSV with required columns; returns (line, fields in column order). The cue
/// lexicons and the role frames all read their files with it.
pub(super) fn rows(
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
