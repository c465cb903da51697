//! Editable cue lexicons: `gazetteers/roles.csv` (role cues), `gazetteers/titles.csv` (title
//! words with their canonical form and sector), `gazetteers/frames.csv` (role frames) and
//! `gazetteers/words.csv` (the named word lists the rules read: locatives, honorifics, name
//! particles, …). All are compiled in; users can pass their own, each replacing the built-in
//! file (see [`LexiconPaths`]).
//!
//! `roles.csv` (`role,cue,slot,max_gap,relation,toward`) says which links its cues and roles
//! make, so that no behaviour hangs on how a role is spelled:
//! - `relation` = `meets` on a cue: the actors the cue finds meet each other (a `meets` pair for
//!   every two of a list, or for the actors before and after an `around` cue). Such a cue may
//!   leave `role` empty: it makes the relation and records no role ("met with").
//! - a directed kind (`mediates`, `hosts`) with `toward` = another role: every holder of the
//!   role in a document links to every holder of the `toward` role there (`mediator` →
//!   `mediates` → `party`). It belongs to the role: the rows of a role that name one must name
//!   the same. A place bound to a role whose relation is `hosts` stands for its country.
//!
//! Inside, roles are [`RoleId`]s into the file's role table ([`Roles`]); the name is looked up
//! only where it is written out. Frames name roles, resolved to ids when they are read.

use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};

use crate::error::{Error, Problem, Result};
use crate::gazetteer::Kind;
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
    /// Words that end with a period without ending a sentence, written without the period:
    /// "*Mr*. Smith", "*Gen*. Ryder", "*e.g*." (the sentence segmenter's).
    Abbreviation,
    /// Words that cannot end a sentence: a line that ends with one runs on into the next
    /// ("the foreign minister *of* / Oman"; the sentence segmenter's).
    Continuation,
    /// Sectors of titles whose holders act for a state (or an organization), so that the
    /// state or organization the text names is their affiliation: government, military, …
    StateSector,
    /// Words allowed between an `after` role cue and its actor: "hosted by *the* UAE",
    /// "delegations *from both* Iran and Oman".
    AfterCueGlue,
    /// Modifiers a title keeps in its written form when the lexicon's canonical one lacks
    /// them, in the order they are put in front: "*Acting* Foreign Minister".
    TitleModifier,
    /// Modifiers that make an office a past one: a "*former* Prime Minister" acts for no one
    /// the sentence names.
    Former,
    /// Small words inside an organization's name that give its acronym no letter:
    /// "Organization *of* American States (OAS)".
    NameConnector,
    /// Words allowed between the words of a title's portfolio: "Minister of Maritime Affairs
    /// *and* Fisheries".
    PortfolioGlue,
    /// Words allowed before a title in an appositive, besides modifiers and actors: "Witkoff,
    /// *the* presidential special envoy".
    AppositiveLead,
    /// Words that join a plural title to the states it lists: "the foreign ministers *of*
    /// Armenia and Azerbaijan".
    PluralJoin,
    /// Abbreviations that keep their period in the word split, written without it: "*Mr.*
    /// Price", "*Gen.* Ryder" are one word each (initials and "U.S." keep theirs anyway);
    /// any other final period is punctuation.
    KeptPeriod,
}

impl List {
    /// Every list with its name in `words.csv`.
    pub const ALL: [(List, &'static str); 30] = [
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
        (List::Abbreviation, "abbreviation"),
        (List::Continuation, "continuation"),
        (List::StateSector, "state_sector"),
        (List::AfterCueGlue, "after_cue_glue"),
        (List::TitleModifier, "title_modifier"),
        (List::Former, "former"),
        (List::NameConnector, "name_connector"),
        (List::PortfolioGlue, "portfolio_glue"),
        (List::AppositiveLead, "appositive_lead"),
        (List::PluralJoin, "plural_join"),
        (List::KeptPeriod, "kept_period"),
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// The word lists, loaded from `words.csv` (folded words; phrases keep their spaces).
#[derive(Debug, Clone, Default)]
pub struct WordLists {
    sets: Vec<FxHashSet<String>>,
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
            sets: vec![FxHashSet::default(); List::ALL.len()],
            ordered: vec![Vec::new(); List::ALL.len()],
        };
        for (line, rec) in rows(path, text, &["list", "word"], 2, &mut problems) {
            // lower-cased once, not once per list compared
            let name = rec[0].to_lowercase();
            let Some((list, _)) = List::ALL.iter().find(|(_, n)| *n == name) else {
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

/// A role, by its index in the lexicon's role table ([`Roles`]): what the rules and the
/// extraction carry, so that no behaviour hangs on how a role is spelled. The name is looked
/// up ([`Roles::name`]) only where it is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RoleId(pub u16);

/// The directed relation a role creates: from each holder of the role to every holder of the
/// `toward` role in the same document (`mediator` → `mediates` → `party`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleRelation {
    /// The kind of link (directed: `mediates`, `hosts`).
    pub kind: Kind,
    /// The role the link points to.
    pub toward: RoleId,
}

/// The roles of `roles.csv`, in the order the file first names them, with the relation each
/// creates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roles {
    names: Vec<String>,
    relations: Vec<Option<RoleRelation>>,
}

impl Roles {
    /// The roles of the built-in `roles.csv`.
    pub fn builtin() -> Roles {
        Lexicons::builtin().roles
    }

    /// The id of a role by its (lower-case) name.
    pub fn id(&self, name: &str) -> Option<RoleId> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| RoleId(i as u16))
    }

    /// A role's name, as `roles.csv` writes it (lower case).
    pub fn name(&self, id: RoleId) -> &str {
        &self.names[id.0 as usize]
    }

    /// The directed relation a role creates, if any.
    pub fn relation(&self, id: RoleId) -> Option<RoleRelation> {
        self.relations[id.0 as usize]
    }

    /// Whether a place bound to this role stands for the state it lies in: the role's holders
    /// host (`hosts`), and one hosts talks where they are held ("talks in Muscat").
    pub fn place_is_country(&self, id: RoleId) -> bool {
        self.relation(id).is_some_and(|r| r.kind == Kind::Hosts)
    }

    /// Every role id, in table order.
    pub fn ids(&self) -> impl Iterator<Item = RoleId> {
        (0..self.names.len() as u16).map(RoleId)
    }

    /// The role names, in table order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The id of a role, added (with no relation yet) when new.
    fn intern(&mut self, name: &str) -> RoleId {
        self.id(name).unwrap_or_else(|| {
            self.names.push(name.to_string());
            self.relations.push(None);
            RoleId(self.names.len() as u16 - 1)
        })
    }
}

/// One role cue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleCue {
    /// The role it signals (`host`, `mediator`, …), or none for a cue that only makes a
    /// relation ("met with": its actors meet, and play no role).
    pub role: Option<RoleId>,
    /// The cue phrase, folded.
    pub cue: String,
    /// Where the actor stands.
    pub slot: Slot,
    /// The most words allowed between the actor and the cue (`before` and `after` slots), when
    /// the default (6 before, 2 after) is too loose for a common word.
    pub max_gap: Option<usize>,
    /// Whether the actors the cue finds meet each other (`relation` = `meets`): "talks between
    /// Iran and the US", "Obama called Al-Abadi".
    pub meets: bool,
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
    /// The role table of `roles.csv`: names and the relations roles create.
    pub roles: Roles,
    /// Role cues.
    pub cues: Vec<RoleCue>,
    /// Title phrases.
    pub titles: Vec<TitleWord>,
    /// Role frames (`frames.csv`): event words with slots.
    pub frames: super::frames::Frames,
    /// The named word lists (`words.csv`).
    pub words: WordLists,
    /// Finds any title phrase (case-insensitive): a cheap test before the word-level rules.
    title_finder: Option<aho_corasick::AhoCorasick>,
    /// Each title phrase's first row in `titles`: a lookup per candidate phrase is a hash probe,
    /// not a scan of the table. Built with the table; [`Lexicons::title`] falls back to the scan
    /// when the (public) table no longer has the length it was built for.
    title_index: TitleIndex,
}

/// Title phrases to their first row in the title table, and the table length it was built for.
#[derive(Debug, Clone, Default)]
struct TitleIndex {
    first: rustc_hash::FxHashMap<String, usize>,
    len: usize,
}

impl TitleIndex {
    fn build(titles: &[TitleWord]) -> TitleIndex {
        let mut first = rustc_hash::FxHashMap::default();
        for (i, t) in titles.iter().enumerate() {
            first.entry(t.phrase.clone()).or_insert(i);
        }
        TitleIndex {
            first,
            len: titles.len(),
        }
    }
}

/// One lexicon file's path (for messages) and text.
pub(crate) type Source<'a> = (&'a Path, &'a str);

impl Lexicons {
    /// The built-in lexicons.
    pub fn builtin() -> Lexicons {
        Lexicons::parse(
            (Path::new("<built-in>/roles.csv"), DEFAULT_ROLES),
            (Path::new("<built-in>/titles.csv"), DEFAULT_TITLES),
            (
                Path::new("<built-in>/frames.csv"),
                super::frames::DEFAULT_FRAMES,
            ),
            WordLists::builtin(),
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
        let (fp, ft) = read(&paths.frames, "frames.csv", super::frames::DEFAULT_FRAMES)?;
        let words = if paths.words.is_some() {
            let (wp, wt) = read(&paths.words, "words.csv", DEFAULT_WORDS)?;
            WordLists::parse(&wp, &wt)?
        } else {
            WordLists::builtin()
        };
        Lexicons::parse((&rp, &rt), (&tp, &tt), (&fp, &ft), words)
    }

    /// The automaton of [`Lexicons::may_have_title`]: every title phrase and name prefix,
    /// folded (the sentence it reads is folded too, so the written forms add nothing).
    fn build_title_finder(&self) -> Option<aho_corasick::AhoCorasick> {
        let phrases: Vec<&str> = self
            .titles
            .iter()
            .map(|t| t.phrase.as_str())
            .chain(
                self.words
                    .words(List::NamePrefix)
                    .iter()
                    .map(String::as_str),
            )
            .collect();
        presence_dfa(phrases)
    }

    /// Reads the role cues and titles (problems of both reported together), then the frames,
    /// whose slots name roles of the role table.
    pub(crate) fn parse(
        roles: Source<'_>,
        titles: Source<'_>,
        frames: Source<'_>,
        words: WordLists,
    ) -> Result<Lexicons> {
        let mut problems = Vec::new();
        let (table, cues) = parse_roles(roles.0, roles.1, &mut problems);
        let titles = parse_titles(titles.0, titles.1, &mut problems);
        if !problems.is_empty() {
            return Err(Error::Gazetteer(problems));
        }
        let mut frames = super::frames::Frames::parse(frames.0, frames.1, &table, roles.0)?;
        frames.set_glue(words.words(List::FrameListGlue));
        let mut out = Lexicons {
            roles: table,
            cues,
            titles,
            frames,
            words,
            title_finder: None,
            title_index: TitleIndex::default(),
        };
        out.title_finder = out.build_title_finder();
        out.title_index = TitleIndex::build(&out.titles);
        Ok(out)
    }

    /// Whether a sentence may hold a title cue (a title phrase or an honorific, in any case),
    /// given the sentence *folded* ([`crate::text::FoldedSlice::folded`]): a quick test before
    /// the people rules read its words.
    pub fn may_have_title(&self, folded_sentence: &str) -> bool {
        self.title_finder
            .as_ref()
            .is_none_or(|f| f.is_match(folded_sentence))
    }

    /// How the word splitter reads final periods: the `kept_period` list.
    pub fn word_rules(&self) -> crate::text::words::WordRules<'_> {
        crate::text::words::WordRules::new(self.words.words(List::KeptPeriod))
    }

    /// The title phrase for folded words, if any. Words keep their diacritics and the lexicon
    /// folds them away ("Chargé d'Affaires"), so a phrase with any is folded before it is looked
    /// up.
    pub fn title(&self, phrase: &str) -> Option<&TitleWord> {
        let found = self.title_row(phrase);
        if found.is_some() || phrase.is_ascii() {
            return found;
        }
        let folded = fold(phrase);
        self.title_row(&folded)
    }

    /// The first row of the title table whose phrase is `phrase`.
    fn title_row(&self, phrase: &str) -> Option<&TitleWord> {
        let index = &self.title_index;
        if index.len == self.titles.len() {
            match index.first.get(phrase).and_then(|&i| self.titles.get(i)) {
                Some(t) if t.phrase == phrase => return Some(t),
                None => return None,
                Some(_) => {}
            }
        }
        self.titles.iter().find(|t| t.phrase == phrase)
    }
}

/// An automaton that tells whether a folded sentence holds any of `phrases` (empty ones left
/// out, each kept once): the quick tests before the title and frame rules. A few hundred short
/// phrases make a DFA of about 1 ms to build, on the lexicon thread, that reads every sentence
/// of the corpus about twice as fast as the default automaton.
pub(crate) fn presence_dfa(mut phrases: Vec<&str>) -> Option<aho_corasick::AhoCorasick> {
    phrases.retain(|p| !p.is_empty());
    phrases.sort_unstable();
    phrases.dedup();
    aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&phrases)
        .ok()
}

/// The kinds of link a cue may create: `meets` between the actors one cue finds, and the
/// directed kinds a role's holders have toward another role's (not `co-occurrence`, which
/// every window makes, nor `located_in` and `affiliated_with`, which the gazetteer gives).
pub fn cue_relations() -> impl Iterator<Item = Kind> {
    Kind::ALL.into_iter().filter(|k| {
        *k == Kind::Meets || (k.directed() && !matches!(k, Kind::LocatedIn | Kind::AffiliatedWith))
    })
}

/// Reads `roles.csv` (`role,cue,slot,max_gap,relation,toward`): the role table (every role the
/// file names, in order, with the relation it creates) and the cues.
fn parse_roles(path: &Path, text: &str, problems: &mut Vec<Problem>) -> (Roles, Vec<RoleCue>) {
    let rows = rows(
        path,
        text,
        &["role", "cue", "slot", "relation", "max_gap", "toward"],
        4,
        problems,
    );
    let mut roles = Roles::default();
    // every role first, so that `toward` may name a role the file defines further down
    for (_, rec) in &rows {
        if !rec[0].is_empty() {
            roles.intern(&rec[0].to_lowercase());
        }
    }
    let kinds = || {
        cue_relations()
            .map(Kind::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    };
    // the line that first gave each role its relation
    let mut given: Vec<usize> = vec![0; roles.names.len()];
    let mut cues = Vec::new();
    for (line, rec) in rows {
        let mut bad = |m: String| problems.push(problem(path, line, m));
        let role = Some(rec[0].to_lowercase())
            .filter(|r| !r.is_empty())
            .and_then(|r| roles.id(&r));
        if rec[1].is_empty() {
            bad("empty cue".into());
            continue;
        }
        let slot = match rec[2].parse::<Slot>() {
            Ok(s) => s,
            Err(m) => {
                bad(m);
                continue;
            }
        };
        let max_gap = match rec[4].as_str() {
            "" => None,
            n => match n.parse::<usize>() {
                Ok(n) => Some(n),
                Err(_) => {
                    bad(format!("max_gap {n:?} is not a whole number"));
                    continue;
                }
            },
        };
        let toward = rec[5].to_lowercase();
        let relation = match rec[3].to_lowercase().as_str() {
            "" => None,
            r => match r.parse::<Kind>() {
                Ok(k) if cue_relations().any(|c| c == k) => Some(k),
                Ok(k) => {
                    bad(format!(
                        "relation {:?} is not one a cue can create ({})",
                        k.as_str(),
                        kinds()
                    ));
                    continue;
                }
                Err(_) => {
                    bad(format!("unknown relation {r:?} ({})", kinds()));
                    continue;
                }
            },
        };
        let meets = relation == Some(Kind::Meets);
        match relation {
            None | Some(Kind::Meets) if !toward.is_empty() => {
                bad(format!(
                    "toward {toward:?} needs a directed relation ({})",
                    cue_relations()
                        .filter(|k| k.directed())
                        .map(Kind::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                continue;
            }
            Some(Kind::Meets) => {
                if matches!(slot, Slot::Before | Slot::After | Slot::PlaceAfter) {
                    bad(format!(
                        "relation \"meets\" needs a slot that finds several actors \
                         (list_after, list_before, around), not {:?}",
                        rec[2]
                    ));
                    continue;
                }
            }
            None => {}
            Some(kind) => {
                let Some(r) = role else {
                    bad(format!(
                        "relation {:?} needs a role: its links go from the role's holders",
                        kind.as_str()
                    ));
                    continue;
                };
                if toward.is_empty() {
                    bad(format!(
                        "relation {:?} needs a toward role: the role its links point to",
                        kind.as_str()
                    ));
                    continue;
                }
                let Some(t) = roles.id(&toward) else {
                    bad(format!(
                        "toward {toward:?} is no role of this file ({})",
                        roles.names.join(", ")
                    ));
                    continue;
                };
                let this = RoleRelation { kind, toward: t };
                let i = r.0 as usize;
                match roles.relations[i] {
                    None => {
                        roles.relations[i] = Some(this);
                        given[i] = line;
                    }
                    Some(had) if had == this => {}
                    Some(had) => {
                        bad(format!(
                            "role {:?} creates {:?} toward {:?} on line {}; a role creates one \
                             relation",
                            roles.name(r),
                            had.kind.as_str(),
                            roles.name(had.toward),
                            given[i]
                        ));
                        continue;
                    }
                }
            }
        }
        if role.is_none() && !meets {
            bad("empty role (only a cue whose relation is \"meets\" may have none)".into());
            continue;
        }
        cues.push(RoleCue {
            role,
            cue: fold(&rec[1]),
            slot,
            max_gap,
            meets,
        });
    }
    (roles, cues)
}

/// Reads `titles.csv` (`title,canonical,sector,implies,implies_with_portfolio`).
fn parse_titles(path: &Path, text: &str, problems: &mut Vec<Problem>) -> Vec<TitleWord> {
    let mut out = Vec::new();
    for (line, rec) in rows(
        path,
        text,
        &[
            "title",
            "canonical",
            "sector",
            "implies",
            "implies_with_portfolio",
        ],
        3,
        problems,
    ) {
        if rec[0].is_empty() {
            problems.push(problem(path, line, "empty title".into()));
            continue;
        }
        out.push(TitleWord {
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
                        path,
                        line,
                        format!("implies_with_portfolio {other:?}: yes or no"),
                    ));
                    false
                }
            },
        });
    }
    out
}

fn problem(path: &Path, line: usize, message: String) -> Problem {
    Problem {
        path: path.to_path_buf(),
        line,
        message,
    }
}

/// Reads a small CSV; returns (line, fields in column order). The first `required` columns
/// must be in the header, the others may be missing (their fields are empty). The cue
/// lexicons and the role frames all read their files with it.
pub(super) fn rows(
    path: &Path,
    text: &str,
    cols: &[&str],
    required: usize,
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
    if let Some(missing) = cols
        .iter()
        .zip(&idx)
        .take(required)
        .find(|(_, i)| i.is_none())
    {
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

    const NO_TITLES: &str = "title,canonical,sector\n";
    const NO_FRAMES: &str = "kind,name,pattern\n";

    /// Roles from a file's text, with no titles and no frames.
    fn roles(text: &str) -> Result<Lexicons> {
        Lexicons::parse(
            (Path::new("r.csv"), text),
            (Path::new("t.csv"), NO_TITLES),
            (Path::new("f.csv"), NO_FRAMES),
            WordLists::builtin(),
        )
    }

    #[test]
    fn builtin_lexicons_parse() {
        let l = Lexicons::builtin();
        let mediator = l.roles.id("mediator").unwrap();
        assert!(l.cues.iter().any(|r| r.role == Some(mediator)
            && r.cue == "brokered by"
            && r.slot == Slot::ListAfter));
        assert_eq!(l.title("fm").unwrap().canonical, "Foreign Minister");
    }

    /// The built-in file says what the code used to: mediators mediate and hosts host the
    /// parties, the parties of a list cue meet, and `meets` cues record no role.
    #[test]
    fn builtin_roles_say_which_relation_they_create() {
        let l = Lexicons::builtin();
        let r = &l.roles;
        let party = r.id("party").unwrap();
        for (role, kind) in [("mediator", Kind::Mediates), ("host", Kind::Hosts)] {
            let id = r.id(role).unwrap();
            assert_eq!(
                r.relation(id),
                Some(RoleRelation {
                    kind,
                    toward: party
                }),
                "{role}"
            );
        }
        assert!(r.place_is_country(r.id("host").unwrap()));
        assert!(!r.place_is_country(r.id("mediator").unwrap()));
        assert_eq!(r.relation(party), None);
        assert_eq!(r.id("meets"), None, "meets is a relation, not a role");
        let met = l.cues.iter().find(|c| c.cue == "met with").unwrap();
        assert_eq!((met.role, met.meets), (None, true));
        let between = l
            .cues
            .iter()
            .find(|c| c.cue == "talks between" && c.role == Some(party))
            .unwrap();
        assert!(between.meets);
        let hosted = l.cues.iter().find(|c| c.cue == "hosted by").unwrap();
        assert!(!hosted.meets);
    }

    /// The relation a role creates is the file's: a renamed role keeps it, and `toward` may name
    /// a role defined further down.
    #[test]
    fn a_renamed_role_keeps_its_relation() {
        let l = roles(
            "role,cue,slot,max_gap,relation,toward\n\
             broker,brokered by,list_after,,mediates,side\n\
             broker,broker,before,,,\n\
             side,talks between,list_after,,meets,\n\
             ,phoned,around,,meets,\n",
        )
        .unwrap();
        let (broker, side) = (l.roles.id("broker").unwrap(), l.roles.id("side").unwrap());
        assert_eq!(l.roles.names(), ["broker", "side"]);
        assert_eq!(
            l.roles.relation(broker),
            Some(RoleRelation {
                kind: Kind::Mediates,
                toward: side
            })
        );
        assert_eq!(l.roles.relation(side), None);
        assert_eq!(l.cues.len(), 4);
        assert_eq!(l.cues[3].role, None);
        assert!(l.cues[3].meets && l.cues[2].meets && !l.cues[1].meets);
    }

    #[test]
    fn bad_relations_name_the_line() {
        let head = "role,cue,slot,max_gap,relation,toward\n";
        let cases: &[(&str, &str)] = &[
            (
                "mediator,mediated by,list_after,,brokers,party\nparty,talks,list_after,,,\n",
                "r.csv:2: unknown relation \"brokers\" (mediates, hosts, meets)",
            ),
            (
                "host,talks in,place_after,,located_in,party\nparty,talks,list_after,,,\n",
                "r.csv:2: relation \"located_in\" is not one a cue can create",
            ),
            (
                "party,talks,list_after,,co-occurrence,\n",
                "r.csv:2: relation \"co-occurrence\" is not one a cue can create",
            ),
            (
                "member,member of,after,,affiliated_with,party\nparty,talks,list_after,,,\n",
                "r.csv:2: relation \"affiliated_with\" is not one a cue can create",
            ),
            (
                "mediator,mediated by,list_after,,mediates,parties\nparty,talks,list_after,,,\n",
                "r.csv:2: toward \"parties\" is no role of this file (mediator, party)",
            ),
            (
                "mediator,mediated by,list_after,,mediates,\n",
                "r.csv:2: relation \"mediates\" needs a toward role",
            ),
            (
                "party,talks between,list_after,,meets,party\n",
                "r.csv:2: toward \"party\" needs a directed relation",
            ),
            (
                "party,talks between,list_after,,,party\n",
                "r.csv:2: toward \"party\" needs a directed relation",
            ),
            (
                "mediator,mediated by,list_after,,mediates,party\n\
                 mediator,mediator,before,,hosts,party\nparty,talks,list_after,,,\n",
                "r.csv:3: role \"mediator\" creates \"mediates\" toward \"party\" on line 2",
            ),
            (
                ",brokered by,list_after,,mediates,party\nparty,talks,list_after,,,\n",
                "r.csv:2: relation \"mediates\" needs a role",
            ),
            (",met with,around,,,\n", "r.csv:2: empty role"),
            (
                ",met,before,,meets,\n",
                "r.csv:2: relation \"meets\" needs a slot that finds several actors",
            ),
            ("party,,list_after,,,\n", "r.csv:2: empty cue"),
        ];
        for (rows, want) in cases {
            let err = roles(&format!("{head}{rows}")).unwrap_err().to_string();
            assert!(err.contains(want), "{rows:?}: {err}");
        }
    }

    /// A roles file of the old shape (no `relation` column) would lose every link it made
    /// silently: it is an error naming the column instead.
    #[test]
    fn roles_file_without_relation_column_is_an_error() {
        let err = roles("role,cue,slot,max_gap\nmediator,mediated by,list_after,\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("r.csv:1: missing column \"relation\""),
            "{err}"
        );
    }

    /// Frames bind roles by name, resolved when they are read: a slot naming no role of
    /// `roles.csv` is an error naming the frame's line and the roles file.
    #[test]
    fn frame_slot_naming_no_role_is_an_error() {
        let err = Lexicons::parse(
            (Path::new("r.csv"), "role,cue,slot,relation\nparty,talks,list_after,\n"),
            (Path::new("t.csv"), NO_TITLES),
            (
                Path::new("f.csv"),
                "kind,name,pattern\nclass,event,talks\nframe,ok,{party+} held @event\nframe,bad,{mediator} 's mediation\n",
            ),
            WordLists::builtin(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("f.csv:4: slot \"{mediator}\": no role \"mediator\" in r.csv (party)"),
            "{err}"
        );
        assert!(!err.contains("f.csv:3"), "{err}");
    }

    /// The segmenter of `text/` reads the built-in `words.csv` itself (text comes before the
    /// lexicons): its lists must be the ones the lexicon loader reads from the same file.
    #[test]
    fn builtin_segmenter_has_the_lexicon_lists() {
        let w = WordLists::builtin();
        let from_lexicon = crate::text::Segmenter::new(
            w.words(List::Abbreviation).iter().cloned(),
            w.words(List::Continuation).iter().cloned(),
        );
        assert_eq!(*crate::text::Segmenter::builtin(), from_lexicon);
        assert!(w.has(List::Abbreviation, "h.r.h") && w.has(List::Continuation, "between"));
    }

    /// Every list the rules read has words in the built-in file and a row in the table of
    /// `gazetteers/README.md`.
    #[test]
    fn every_list_is_filled_and_documented() {
        let w = WordLists::builtin();
        let readme = include_str!("../../gazetteers/README.md");
        for (list, name) in List::ALL {
            assert!(!w.words(list).is_empty(), "{name} is empty");
            assert!(
                readme.contains(&format!("| `{name}` |")),
                "{name} is not in gazetteers/README.md"
            );
        }
        // ALL names each list once (a list's slot is its index)
        let mut slots: Vec<usize> = List::ALL.iter().map(|(l, _)| l.index()).collect();
        slots.sort();
        assert_eq!(slots, (0..List::ALL.len()).collect::<Vec<_>>());
    }

    #[test]
    fn lexicon_problem_lines_count_blank_lines_and_stray_quotes() {
        // a blank line before the bad row: the row is on line 4, not 3
        let err = roles(
            "role,cue,slot,relation\nhost,hosted by,after,\n\nhost,hosted in,sideways,\nhost,\"guest of,after,\n",
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
        let err = roles("role,cue,slot,relation\nhost,hosted by,sideways,\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("r.csv:2: unknown slot \"sideways\""),
            "{err}"
        );
    }
}
