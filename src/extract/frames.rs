//! Role frames: an event word with slots around it, read from the editable lexicon
//! `gazetteers/frames.csv`, as PETRARCH's verb patterns read events.
//!
//! Single cue words (`roles.csv`) catch "hosted by Qatar" or "talks between Iran and the US".
//! Real statements put the roles in shapes a single cue cannot hold: "the Kosovo–Serbia
//! Dialogue", "the European Union-facilitated Dialogue led by High Representative Ashton",
//! "congratulating Serbia and Kosovo for reaching agreement", "President Lourenço, for his
//! mediation efforts". A frame is a short pattern over the sentence's tokens, where actors are
//! single tokens:
//!
//! | element | matches |
//! |---|---|
//! | `{role}` | one actor, who takes `role` |
//! | `{role+}` | a list of actors ("Serbia and Kosovo", "Egypt, Qatar and the US"), each takes `role` |
//! | `@class` | a word of a word class defined in the same file (`class` rows: `@event` = talks, dialogue, agreement, …) |
//! | `word` or `w1\|w2` | that word (case and diacritics folded) |
//! | `*N` | up to N words that are not actors |
//! | `-` `,` `'s` | a dash (hyphen, en or em dash), a comma, a possessive |
//! | a `?` after an element | the element may be missing |
//!
//! States, organizations and people take roles; a place in a `{host}` slot gives the role to
//! the state it lies in. The file is validated like the gazetteers: every problem is reported
//! as `file:line: message`.

use std::collections::BTreeMap;
use std::path::Path;

use rustc_hash::FxHashMap;

use super::lexicon::{RoleId, Roles};
use super::roles::{RoleHit, RoleSpan};
use crate::error::{Problem, Result};
use crate::gazetteer::ActorType;
use crate::text::words::Word;
use crate::text::{fold, FoldedCursor, FoldedSlice};
use unicode_normalization::char::is_combining_mark;

/// The built-in frames.
pub const DEFAULT_FRAMES: &str = include_str!("../../gazetteers/frames.csv");

/// One element of a frame pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Element {
    /// One actor taking the role, or a list of actors; `place`: a place there stands for the
    /// state it lies in (the role's relation is `hosts`).
    Slot {
        role: RoleId,
        list: bool,
        place: bool,
    },
    /// A word of a class, by index into [`Frames::class_words`].
    Class(usize),
    /// One of these folded words, by id in [`Frames::vocab`].
    Words(Vec<u32>),
    /// Up to this many non-actor words.
    Gap(usize),
    /// A dash.
    Dash,
    /// A comma.
    Comma,
    /// A possessive `'s`.
    Possessive,
}

/// A pattern element and whether it may be missing.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    element: Element,
    optional: bool,
}

/// A pattern element as written, before its words are interned.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RawElement {
    Slot { role: RoleId, list: bool },
    Class(String),
    Words(Vec<String>),
    Gap(usize),
    Dash,
    Comma,
    Possessive,
}

/// A [`RawElement`] and whether it may be missing.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RawPart {
    element: RawElement,
    optional: bool,
}

/// One frame: a name (for `explain`) and its pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The frame's name, as in the lexicon.
    pub name: String,
    parts: Vec<Part>,
}

/// The frames of a lexicon, with their word classes.
///
/// Every word a pattern or a class names is interned once, when the file is read, as an id of
/// [`Frames::vocab`]; a sentence's words are folded once and looked up there, so matching
/// compares integers, and a frame whose words do not occur in the sentence is not tried.
#[derive(Debug, Clone, Default)]
pub struct Frames {
    frames: Vec<Frame>,
    classes: BTreeMap<String, Vec<String>>,
    /// Folded word → id: the words of every class and pattern, the list glue and `'s`.
    vocab: FxHashMap<String, u32>,
    /// Class index → the ids of its words (the index of a class name in `class_names`).
    class_words: Vec<Vec<u32>>,
    /// Class names in the order of `class_words`.
    class_names: Vec<String>,
    /// Word id → a bit for each of the first 64 classes it belongs to.
    class_bits: Vec<u64>,
    /// Ids of the list glue (`frame_list_glue` of `words.csv`).
    glue: Vec<u32>,
    /// Ids that are a possessive (`'s`, `'`).
    possessive: Vec<u32>,
    /// For each frame, the index of a part that every match consumes one word for (a class or
    /// words that are not optional), if any: the frame is only tried when a word fits it.
    anchors: Vec<Option<usize>>,
    /// Word id → (first-part bits, anchor bits) of the first 64 frames (see [`Frames::masks`]).
    word_masks: Vec<(u64, u64)>,
    /// The same for an actor, a dash and a comma.
    token_masks: [(u64, u64); 3],
    /// The words of one required part of every frame (the part whose shortest word is longest),
    /// as an automaton over folded text: a sentence where none occurs, even inside another
    /// word, matches no frame and is not tokenized. `None` when some frame has no such part.
    prefilter: Option<aho_corasick::AhoCorasick>,
}

/// The id of a word that no frame names.
const UNKNOWN: u32 = u32::MAX;

/// A token of a sentence as the frames see it: an actor, a word, or punctuation.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// An actor mention, by index into the sentence's spans.
    Actor(usize),
    /// A word, by its id in [`Frames::vocab`] ([`UNKNOWN`] for words no frame names).
    Word(u32),
    Dash,
    Comma,
    /// Other punctuation: stops gaps and lists.
    Stop,
}

/// A token with its byte span in the sentence.
#[derive(Debug, Clone)]
struct Tok {
    token: Token,
    start: usize,
    end: usize,
}

impl Frames {
    /// The built-in frames (over the built-in roles).
    pub fn builtin() -> Frames {
        super::lexicon::Lexicons::builtin().frames
    }

    /// Frames from a file's text (`kind,name,pattern`). A slot names a role of `roles` (read
    /// from `roles_path`, named in the message when it has no such role). The words allowed
    /// between the actors of a list are set apart ([`Frames::set_glue`]), from the word lists.
    pub fn parse(path: &Path, text: &str, roles: &Roles, roles_path: &Path) -> Result<Frames> {
        let mut problems = Vec::new();
        let mut out = Frames::default();
        let rows: Vec<(usize, String, String, String)> =
            super::lexicon::rows(path, text, &["kind", "name", "pattern"], 3, &mut problems)
                .into_iter()
                .map(|(line, rec)| {
                    let get = |i: usize| rec.get(i).cloned().unwrap_or_default();
                    (line, get(0).to_ascii_lowercase(), get(1), get(2))
                })
                .collect();
        for (line, kind, name, pattern) in &rows {
            if kind == "class" {
                let words: Vec<String> = pattern
                    .split('|')
                    .map(|w| fold(w.trim()))
                    .filter(|w| !w.is_empty())
                    .collect();
                if name.is_empty() || words.is_empty() {
                    problems.push(problem(path, *line, "a class needs a name and words"));
                } else {
                    let name = name.to_lowercase();
                    let ids = words.iter().map(|w| out.intern(w)).collect();
                    match out.class_names.iter().position(|c| *c == name) {
                        Some(k) => out.class_words[k] = ids,
                        None => {
                            out.class_names.push(name.clone());
                            out.class_words.push(ids);
                        }
                    }
                    out.classes.insert(name, words);
                }
            }
        }
        for (line, kind, name, pattern) in &rows {
            match kind.as_str() {
                "class" => {}
                "frame" => match parse_pattern(pattern, &out.classes, roles, roles_path) {
                    Ok(parts) => {
                        let parts = out.intern_parts(parts, roles);
                        out.frames.push(Frame {
                            name: name.clone(),
                            parts,
                        })
                    }
                    Err(m) => problems.push(problem(path, *line, &m)),
                },
                other => problems.push(problem(
                    path,
                    *line,
                    &format!("unknown kind {other:?} (class or frame)"),
                )),
            }
        }
        if problems.is_empty() {
            out.possessive = vec![out.intern("'s"), out.intern("'")];
            let mut bits = vec![0u64; out.vocab.len()];
            for (c, ids) in out.class_words.iter().enumerate().take(64) {
                for &id in ids {
                    bits[id as usize] |= 1 << c;
                }
            }
            out.class_bits = bits;
            out.anchors = out
                .frames
                .iter()
                .map(|f| {
                    f.parts.iter().position(|p| {
                        !p.optional && matches!(p.element, Element::Class(_) | Element::Words(_))
                    })
                })
                .collect();
            out.make_masks();
            out.prefilter = out.make_prefilter();
            // no list glue yet: the lexicons set theirs (`frame_list_glue` of the `words.csv`
            // in use) with `Frames::set_glue`
            Ok(out)
        } else {
            Err(crate::Error::Gazetteer(problems))
        }
    }

    /// Sets the (folded) words allowed between the actors of a `{role+}` list. Words no frame
    /// names get new ids, which fit no class and no part.
    pub fn set_glue(&mut self, words: &[String]) {
        let glue: Vec<u32> = words.iter().map(|w| self.intern(w)).collect();
        self.glue = glue;
        let n = self.vocab.len();
        self.class_bits.resize(n, 0);
        self.word_masks.resize(n, (0, 0));
    }

    /// The automaton of [`Frames::prefilter`].
    fn make_prefilter(&self) -> Option<aho_corasick::AhoCorasick> {
        let mut word_of = vec![""; self.vocab.len()];
        for (w, &id) in &self.vocab {
            word_of[id as usize] = w.as_str();
        }
        let mut words: Vec<&str> = Vec::new();
        for frame in &self.frames {
            let required = frame.parts.iter().filter(|p| !p.optional).filter_map(|p| {
                let ids: &[u32] = match &p.element {
                    Element::Class(c) => &self.class_words[*c],
                    Element::Words(ws) => ws,
                    _ => return None,
                };
                let shortest = ids.iter().map(|&i| word_of[i as usize].len()).min()?;
                Some((shortest, ids))
            });
            // the most telling part: "mediation|facilitation" rather than "for"
            let (_, ids) = required.max_by_key(|(shortest, _)| *shortest)?;
            words.extend(ids.iter().map(|&i| word_of[i as usize]));
        }
        super::lexicon::presence_dfa(words)
    }

    /// The id of a folded word, added when new.
    fn intern(&mut self, word: &str) -> u32 {
        let next = self.vocab.len() as u32;
        *self.vocab.entry(word.to_string()).or_insert(next)
    }

    /// Parts with their words as ids and their classes as indices.
    fn intern_parts(&mut self, parts: Vec<RawPart>, roles: &Roles) -> Vec<Part> {
        parts
            .into_iter()
            .map(|p| Part {
                optional: p.optional,
                element: match p.element {
                    RawElement::Slot { role, list } => Element::Slot {
                        role,
                        list,
                        place: roles.place_is_country(role),
                    },
                    RawElement::Class(c) => Element::Class(
                        self.class_names
                            .iter()
                            .position(|n| *n == c)
                            .expect("parse_pattern checked the class"),
                    ),
                    RawElement::Words(ws) => {
                        Element::Words(ws.iter().map(|w| self.intern(w)).collect())
                    }
                    RawElement::Gap(n) => Element::Gap(n),
                    RawElement::Dash => Element::Dash,
                    RawElement::Comma => Element::Comma,
                    RawElement::Possessive => Element::Possessive,
                },
            })
            .collect()
    }

    /// A token's bits: the frames (of the first 64) whose first part it fits, and those whose
    /// anchor it fits. Looked up, not computed: the masks are made when the file is read.
    fn masks(&self, tok: &Token) -> (u64, u64) {
        match tok {
            Token::Word(w) if *w != UNKNOWN => self.word_masks[*w as usize],
            Token::Word(_) | Token::Stop => (0, 0),
            Token::Actor(_) => self.token_masks[0],
            Token::Dash => self.token_masks[1],
            Token::Comma => self.token_masks[2],
        }
    }

    /// Makes the masks of [`Frames::masks`] (after every word is interned).
    fn make_masks(&mut self) {
        let masks = |tok: &Token| {
            let (mut first, mut anchor) = (0u64, 0u64);
            for (f, (frame, a)) in self.frames.iter().zip(&self.anchors).take(64).enumerate() {
                if self.token_fits(&frame.parts[0].element, tok) {
                    first |= 1 << f;
                }
                if a.is_some_and(|a| self.token_fits(&frame.parts[a].element, tok)) {
                    anchor |= 1 << f;
                }
            }
            (first, anchor)
        };
        let words = (0..self.vocab.len() as u32)
            .map(|id| masks(&Token::Word(id)))
            .collect();
        let others = [Token::Actor(0), Token::Dash, Token::Comma].map(|t| masks(&t));
        self.word_masks = words;
        self.token_masks = others;
    }

    /// Whether a token fits a part that consumes one token (what [`Frames::match_one`] checks
    /// first); gaps fit nothing here.
    fn token_fits(&self, el: &Element, tok: &Token) -> bool {
        match (el, tok) {
            (Element::Slot { .. }, Token::Actor(_)) => true,
            (Element::Class(_) | Element::Words(_), Token::Word(w)) => self.word_fits(el, *w),
            (Element::Dash, Token::Dash) | (Element::Comma, Token::Comma) => true,
            (Element::Possessive, Token::Word(w)) => self.possessive.contains(w),
            _ => false,
        }
    }

    /// Whether a word token fits a part that names words.
    fn word_fits(&self, el: &Element, id: u32) -> bool {
        match el {
            _ if id == UNKNOWN => false,
            Element::Class(c) if *c < 64 => self.class_bits[id as usize] & (1 << c) != 0,
            Element::Class(c) => self.class_words[*c].contains(&id),
            Element::Words(ws) => ws.contains(&id),
            _ => false,
        }
    }

    /// Whether a folded word belongs to a word class of the lexicon (`class` rows).
    pub fn in_class(&self, class: &str, word: &str) -> bool {
        self.classes
            .get(class)
            .is_some_and(|ws| ws.iter().any(|w| w == word))
    }

    /// The frames.
    pub fn frames(&self) -> &[Frame] {
        &self.frames
    }

    /// The roles the frames give in one sentence (`spans` sorted by start), each actor and role
    /// once, with the byte span of the words that matched.
    ///
    /// The sentence comes with its folded copy (the slice of the document's one fold) and its
    /// words, the one split of the sentence, asked for only when the sentence may hold a frame
    /// (`words` is called at most once): words are looked up by their folded forms, not copied
    /// and folded again.
    pub fn find<'w, 'a: 'w>(
        &self,
        folded: &FoldedSlice<'a>,
        words: impl FnOnce() -> &'w [Word<'a>],
        spans: &[RoleSpan],
    ) -> Vec<RoleHit> {
        let mut out: Vec<RoleHit> = Vec::new();
        if spans.is_empty() || self.frames.is_empty() {
            return out;
        }
        if self
            .prefilter
            .as_ref()
            .is_some_and(|p| !p.is_match(folded.folded))
        {
            return out;
        }
        let toks = self.tokens(folded, words(), spans);
        // for each token, a bit for each of the first 64 frames whose first part it fits; and
        // the frames whose anchor (a part every match consumes a word for) some token fits
        let mut fits_first: Vec<u64> = Vec::with_capacity(toks.len());
        let mut anchored = 0u64;
        for t in &toks {
            let (first, anchor) = self.masks(&t.token);
            fits_first.push(first);
            anchored |= anchor;
        }
        let mut bound = Vec::new();
        for (f, (frame, anchor)) in self.frames.iter().zip(&self.anchors).enumerate() {
            // no word for the anchor, no match (frames past the 64th are always tried)
            if f < 64 && anchor.is_some() && anchored & (1 << f) == 0 {
                continue;
            }
            for start in 0..toks.len() {
                // the first part is never optional: a start it does not fit cannot match
                if f < 64 && fits_first[start] & (1 << f) == 0 {
                    continue;
                }
                bound.clear();
                let Some(end) = self.matches(&frame.parts, &toks, start, &mut bound) else {
                    continue;
                };
                if end == start {
                    continue;
                }
                let (cs, ce) = (toks[start].start, toks[end - 1].end);
                for &((role, place), span) in &bound {
                    let x = &spans[span];
                    let actor = match x.kind {
                        ActorType::State | ActorType::Org | ActorType::Person => Some(x.actor),
                        ActorType::Place if place => x.country,
                        ActorType::Place => None,
                    };
                    let Some(actor) = actor else { continue };
                    if !out.iter().any(|h| h.actor == actor && h.role == role) {
                        out.push(RoleHit {
                            actor,
                            role,
                            cue_start: cs,
                            cue_end: ce,
                        });
                    }
                }
            }
        }
        out
    }

    /// Matches `parts` at token `at`; returns the token index after the match. Backtracks over
    /// optional elements, gaps and list lengths (all short, so the work per start is bounded).
    fn matches<'f>(
        &'f self,
        parts: &'f [Part],
        toks: &[Tok],
        at: usize,
        bound: &mut Vec<((RoleId, bool), usize)>,
    ) -> Option<usize> {
        let Some((first, rest)) = parts.split_first() else {
            return Some(at);
        };
        let mark = bound.len();
        if first.optional {
            if let Some(end) = self.matches(rest, toks, at, bound) {
                // prefer the longer reading: try with the element first
                let keep = bound.clone();
                bound.truncate(mark);
                if let Some(e2) = self.match_one(&first.element, rest, toks, at, bound) {
                    return Some(e2);
                }
                *bound = keep;
                return Some(end);
            }
            bound.truncate(mark);
        }
        self.match_one(&first.element, rest, toks, at, bound)
    }

    fn match_one<'f>(
        &'f self,
        el: &'f Element,
        rest: &'f [Part],
        toks: &[Tok],
        at: usize,
        bound: &mut Vec<((RoleId, bool), usize)>,
    ) -> Option<usize> {
        let mark = bound.len();
        let tok = toks.get(at).map(|t| &t.token);
        match el {
            Element::Slot { role, list, place } => {
                let Some(Token::Actor(i)) = tok else {
                    return None;
                };
                bound.push(((*role, *place), *i));
                if !list {
                    let r = self.matches(rest, toks, at + 1, bound);
                    if r.is_none() {
                        bound.truncate(mark);
                    }
                    return r;
                }
                // the longest list first
                // lists are short: no allocation for the list under way
                let mut ends: smallvec::SmallVec<[usize; 8]> = smallvec::smallvec![at + 1];
                let mut actors: smallvec::SmallVec<[usize; 8]> = smallvec::smallvec![*i];
                let mut k = at + 1;
                loop {
                    let mut j = k;
                    while let Some(t) = toks.get(j) {
                        match &t.token {
                            Token::Comma => j += 1,
                            Token::Word(w) if self.glue.contains(w) => j += 1,
                            _ => break,
                        }
                    }
                    match toks.get(j).map(|t| &t.token) {
                        Some(Token::Actor(a)) if j > k => {
                            actors.push(*a);
                            ends.push(j + 1);
                            k = j + 1;
                        }
                        _ => break,
                    }
                }
                for n in (1..=ends.len()).rev() {
                    bound.truncate(mark);
                    for a in &actors[..n] {
                        bound.push(((*role, *place), *a));
                    }
                    if let Some(e) = self.matches(rest, toks, ends[n - 1], bound) {
                        return Some(e);
                    }
                }
                bound.truncate(mark);
                None
            }
            Element::Class(_) | Element::Words(_) => match tok {
                Some(Token::Word(w)) if self.word_fits(el, *w) => {
                    self.matches(rest, toks, at + 1, bound)
                }
                _ => None,
            },
            Element::Dash => match tok {
                Some(Token::Dash) => self.matches(rest, toks, at + 1, bound),
                _ => None,
            },
            Element::Comma => match tok {
                Some(Token::Comma) => self.matches(rest, toks, at + 1, bound),
                _ => None,
            },
            Element::Possessive => match tok {
                Some(Token::Word(w)) if self.possessive.contains(w) => {
                    self.matches(rest, toks, at + 1, bound)
                }
                _ => None,
            },
            Element::Gap(n) => {
                // the shortest gap first: the nearest reading wins
                for skip in 0..=*n {
                    if skip > 0
                        && !matches!(
                            toks.get(at + skip - 1).map(|t| &t.token),
                            Some(Token::Word(_))
                        )
                    {
                        break;
                    }
                    if let Some(e) = self.matches(rest, toks, at + skip, bound) {
                        return Some(e);
                    }
                    bound.truncate(mark);
                }
                None
            }
        }
    }
}

fn problem(path: &Path, line: usize, message: &str) -> Problem {
    Problem {
        path: path.to_path_buf(),
        line,
        message: message.to_string(),
    }
}

/// Parses one pattern.
fn parse_pattern(
    pattern: &str,
    classes: &BTreeMap<String, Vec<String>>,
    roles: &Roles,
    roles_path: &Path,
) -> std::result::Result<Vec<RawPart>, String> {
    let mut parts = Vec::new();
    for raw in spaced(pattern).split_whitespace() {
        let (raw, optional) = match raw.strip_suffix('?') {
            Some(r) if !r.is_empty() => (r, true),
            _ => (raw, false),
        };
        let element = if let Some(inner) = raw.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
            let (role, list) = match inner.strip_suffix('+') {
                Some(r) => (r, true),
                None => (inner, false),
            };
            if role.is_empty() || !role.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                return Err(format!(
                    "slot {raw:?}: a role is lower-case letters, as in {{party}} or {{mediator+}}"
                ));
            }
            let Some(role) = roles.id(role) else {
                return Err(format!(
                    "slot {raw:?}: no role {role:?} in {} ({})",
                    roles_path.display(),
                    roles.names().join(", ")
                ));
            };
            RawElement::Slot { role, list }
        } else if let Some(c) = raw.strip_prefix('@') {
            let c = c.to_lowercase();
            if !classes.contains_key(&c) {
                return Err(format!(
                    "unknown word class @{c} (define it in a `class` row)"
                ));
            }
            RawElement::Class(c)
        } else if let Some(n) = raw.strip_prefix('*') {
            match n.parse::<usize>() {
                Ok(n) if (1..=8).contains(&n) => RawElement::Gap(n),
                _ => return Err(format!("gap {raw:?}: write *1 to *8")),
            }
        } else if raw == "-" {
            RawElement::Dash
        } else if raw == "," {
            RawElement::Comma
        } else if raw == "'s" {
            RawElement::Possessive
        } else {
            let ws: Vec<String> = raw.split('|').map(fold).filter(|w| !w.is_empty()).collect();
            if ws.is_empty() || ws.iter().any(|w| w.contains(['{', '}', '@', '*'])) {
                return Err(format!("cannot read {raw:?}"));
            }
            RawElement::Words(ws)
        };
        parts.push(RawPart { element, optional });
    }
    if !parts
        .iter()
        .any(|p| matches!(p.element, RawElement::Slot { .. }))
    {
        return Err("a frame needs at least one {role} slot".into());
    }
    if parts
        .first()
        .is_some_and(|p| matches!(p.element, RawElement::Gap(_)) || p.optional)
        || parts
            .last()
            .is_some_and(|p| matches!(p.element, RawElement::Gap(_)))
    {
        return Err(
            "a frame cannot start with a gap or an optional element, nor end with a gap".into(),
        );
    }
    Ok(parts)
}

/// Puts spaces around `-` and `,` glued to slots ("{party}-{party}"), so that they split.
fn spaced(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    for c in pattern.chars() {
        if matches!(c, ',' | '-') {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else if c == '{' {
            out.push(' ');
            out.push(c);
        } else if c == '}' {
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out.replace("' s", "'s")
}

fn dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}'
    )
}

impl Frames {
    /// The tokens of a sentence: actor mentions as single tokens, words between them (split at
    /// dashes and periods: "Oman-hosted" is "Oman", a dash and "hosted" to a frame), commas,
    /// dashes and other punctuation.
    ///
    /// Words come from `ws`, the sentence's one split, and are looked up in the vocabulary by
    /// their folded forms. Only what that split keeps glued (dashes, periods and edge
    /// apostrophes inside a word) and the punctuation between words are read here, character by
    /// character, with the folded slices taken through one forward cursor.
    fn tokens(&self, folded: &FoldedSlice<'_>, ws: &[Word<'_>], spans: &[RoleSpan]) -> Vec<Tok> {
        let mut t = Tokenizer {
            frames: self,
            sentence: folded.original,
            ws,
            next_word: 0,
            cursor: folded.cursor(),
            out: Vec::with_capacity(ws.len() + 8),
        };
        let mut pos = 0;
        for (k, s) in spans.iter().enumerate() {
            if s.end <= pos {
                continue;
            }
            t.stretch(pos, s.start.max(pos));
            t.out.push(Tok {
                token: Token::Actor(k),
                start: s.start,
                end: s.end,
            });
            pos = s.end;
        }
        t.stretch(pos, t.sentence.len());
        t.out
    }
}

/// The state of [`Frames::tokens`] while it walks one sentence.
struct Tokenizer<'f, 'w, 'a> {
    frames: &'f Frames,
    sentence: &'a str,
    ws: &'w [Word<'a>],
    /// The first word of `ws` not yet passed.
    next_word: usize,
    cursor: FoldedCursor<'f, 'a>,
    out: Vec<Tok>,
}

impl Tokenizer<'_, '_, '_> {
    fn word(&self, folded: &str) -> Token {
        Token::Word(self.frames.vocab.get(folded).copied().unwrap_or(UNKNOWN))
    }

    /// Tokens of `sentence[a..b]`, a stretch with no actor in it.
    fn stretch(&mut self, a: usize, b: usize) {
        let sentence = self.sentence;
        let mut i = a;
        while i < b {
            while self.ws.get(self.next_word).is_some_and(|w| w.start < i) {
                self.next_word += 1;
            }
            // a word of the split that is one frame word as it stands: taken whole
            if let Some(w) = self
                .ws
                .get(self.next_word)
                .filter(|w| w.start == i && w.end <= b && one_frame_word(sentence, w))
            {
                let token = self.word(&w.folded);
                self.out.push(Tok {
                    token,
                    start: w.start,
                    end: w.end,
                });
                i = w.end;
                self.next_word += 1;
                continue;
            }
            let c = sentence[i..]
                .chars()
                .next()
                .expect("i is inside the sentence");
            let next = i + c.len_utf8();
            if c.is_alphanumeric() {
                // a part of a word the split keeps glued ("Oman-hosted", "U.S.")
                let mut end = next;
                for d in sentence[next..b].chars() {
                    let continues = d.is_alphanumeric()
                        || is_combining_mark(d)
                        || (apostrophe(d) && inner_apostrophe(sentence, end));
                    if !continues {
                        break;
                    }
                    end += d.len_utf8();
                }
                let token = match self.cursor.folded_of(i, end) {
                    Some(f) => self.word(f),
                    None => self.word(fold(&sentence[i..end]).as_str()),
                };
                self.out.push(Tok {
                    token,
                    start: i,
                    end,
                });
                i = end;
                continue;
            }
            // a possessive takes its `s` along
            let (token, end) = if apostrophe(c) && possessive_at(sentence, i) {
                (Some(self.word("'s")), next + 1)
            } else if dash(c) {
                (Some(Token::Dash), next)
            } else if c == ',' {
                (Some(Token::Comma), next)
            } else if !c.is_whitespace() && c != '.' {
                (Some(Token::Stop), next)
            } else {
                (None, next)
            };
            if let Some(token) = token {
                self.out.push(Tok {
                    token,
                    start: i,
                    end,
                });
            }
            i = end;
        }
    }
}

/// Whether a word of the split is one word to the frames as it stands: letters, digits and
/// combining marks, with apostrophes only inside ("o'clock"), or a possessive `'s`. Dashes
/// and periods split a frame word; the split keeps them inside ("Al-Abadi", "U.S.").
fn one_frame_word(sentence: &str, w: &Word<'_>) -> bool {
    if w.text.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return true;
    }
    if w.possessive() {
        return possessive_at(sentence, w.start);
    }
    w.text.chars().next().is_some_and(char::is_alphanumeric)
        && w.text.char_indices().all(|(j, c)| {
            c.is_alphanumeric()
                || is_combining_mark(c)
                || (apostrophe(c)
                    && w.start + j + c.len_utf8() < w.end
                    && inner_apostrophe(sentence, w.start + j))
        })
}

/// Whether the apostrophe at byte `j` is inside a word: not a possessive, and a letter or
/// digit after it.
fn inner_apostrophe(sentence: &str, j: usize) -> bool {
    !possessive_at(sentence, j)
        && sentence[j..]
            .chars()
            .nth(1)
            .is_some_and(char::is_alphanumeric)
}

fn apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Whether an apostrophe at byte `j` starts a possessive `'s` that ends a word.
fn possessive_at(sentence: &str, j: usize) -> bool {
    let mut cs = sentence[j..].chars();
    cs.next();
    cs.next() == Some('s') && cs.next().is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word split's rules of the built-in lists.
    fn builtin_rules() -> crate::text::words::WordRules<'static> {
        static LISTS: std::sync::LazyLock<crate::extract::lexicon::WordLists> =
            std::sync::LazyLock::new(crate::extract::lexicon::WordLists::builtin);
        crate::text::words::WordRules::new(LISTS.words(crate::extract::lexicon::List::KeptPeriod))
    }

    /// The frames of one sentence, folded and split on its own.
    fn find(frames: &Frames, sentence: &str, spans: &[RoleSpan]) -> Vec<RoleHit> {
        let mut scratch = crate::text::Folded::default();
        let folded = FoldedSlice::fold_alone(sentence, &mut scratch);
        let ws = crate::text::words::words_folded(&folded, builtin_rules());
        frames.find(&folded, || &ws, spans)
    }

    #[test]
    fn frame_problem_lines_count_blank_lines() {
        // the bad row is on line 4 (a blank line before it), not 3
        let err = Frames::parse(
            Path::new("f.csv"),
            "kind,name,pattern\nclass,talk,talks\n\nclass,,\n",
            &Roles::builtin(),
            Path::new("r.csv"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("f.csv:4: a class needs a name and words"),
            "{err}"
        );
    }
    use crate::extract::ActorRef;

    fn span(sentence: &str, name: &str, id: usize, kind: ActorType) -> RoleSpan {
        let start = sentence.find(name).unwrap();
        RoleSpan {
            start,
            end: start + name.len(),
            actor: ActorRef::Known(id),
            kind,
            country: None,
        }
    }

    /// A sentence, its actors (name, kind) and the expected (actor index, role) pairs.
    type Case<'a> = (&'a str, &'a [(&'a str, ActorType)], &'a [(usize, &'a str)]);

    #[test]
    fn frame_table() {
        use ActorType::*;
        let cases: &[Case<'_>] = &[
            (
                "The Kosovo\u{2013}Serbia Dialogue resumed.",
                &[("Kosovo", State), ("Serbia", State)],
                &[(0, "party"), (1, "party")],
            ),
            (
                "agreement in the European Union-facilitated Dialogue led by High Representative Catherine Ashton.",
                &[("European Union", Org), ("Catherine Ashton", Person)],
                &[(0, "mediator"), (1, "mediator")],
            ),
            (
                "congratulating Serbia and Kosovo for reaching agreement",
                &[("Serbia", State), ("Kosovo", State)],
                &[(0, "party"), (1, "party")],
            ),
            (
                "We thank President João Lourenço, for his mediation efforts.",
                &[("João Lourenço", Person)],
                &[(0, "mediator")],
            ),
            // not an event: a coalition led by a state is no mediation
            (
                "The Saudi-led coalition struck again.",
                &[("Saudi", State)],
                &[],
            ),
            // a stop (semicolon) ends a list and a gap
            (
                "Iran; and Oman held talks.",
                &[("Iran", State), ("Oman", State)],
                &[(1, "party")],
            ),
        ];
        let frames = Frames::builtin();
        // the pre-check only skips sentences that match nothing
        let mut unfiltered = frames.clone();
        unfiltered.prefilter = None;
        let roles = Roles::builtin();
        for (sentence, actors, want) in cases {
            let spans: Vec<RoleSpan> = actors
                .iter()
                .enumerate()
                .map(|(i, (n, k))| span(sentence, n, i, *k))
                .collect();
            let hits = find(&frames, sentence, &spans);
            assert_eq!(hits, find(&unfiltered, sentence, &spans), "{sentence:?}");
            let mut got: Vec<(usize, String)> = hits
                .into_iter()
                .map(|h| match h.actor {
                    ActorRef::Known(i) => (i, roles.name(h.role).to_string()),
                    ActorRef::Found(_) => unreachable!(),
                })
                .collect();
            got.sort();
            let want: Vec<(usize, String)> =
                want.iter().map(|(i, r)| (*i, r.to_string())).collect();
            assert_eq!(got, want, "{sentence:?}");
        }
    }

    /// The pre-check reads the most telling required part of each frame: "mediation", not the
    /// "for" before it, so a sentence without any frame word is not tokenized at all.
    #[test]
    fn frame_precheck_reads_the_most_telling_part() {
        let frames = Frames::builtin();
        let pre = frames
            .prefilter
            .as_ref()
            .expect("every built-in frame has a word part");
        let has = |s: &str| pre.is_match(s);
        assert!(has("thanked oman for its mediation"));
        assert!(has("the talks resumed"));
        assert!(!has("iran and oman met for an hour on monday under a tent"));
        let sentence = "Iran and Oman met for an hour on Monday.";
        let spans = [
            span(sentence, "Iran", 0, ActorType::State),
            span(sentence, "Oman", 1, ActorType::State),
        ];
        assert!(find(&frames, sentence, &spans).is_empty());
    }

    /// Regression: the frames' own tokenizer ended a word at a combining mark and read the
    /// mark as a stop, so a decomposed accent ("communique\u{301}") broke the gap of a frame
    /// and its parties were lost. The frames now read the sentence's one split, where a
    /// combining mark continues its word, and find what they find in the composed text.
    #[test]
    fn decomposed_word_in_a_frame_gap_is_one_word() {
        let frames = Frames::builtin();
        let roles = Roles::builtin();
        for sentence in [
            "Armenia and Azerbaijan pledged in their communiqu\u{e9} to resume talks.",
            "Armenia and Azerbaijan pledged in their communique\u{301} to resume talks.",
            "Armenia and Azerbaijan pledged after a de\u{301}marche to resume talks.",
        ] {
            let spans = [
                span(sentence, "Armenia", 0, ActorType::State),
                span(sentence, "Azerbaijan", 1, ActorType::State),
            ];
            let mut got: Vec<String> = find(&frames, sentence, &spans)
                .into_iter()
                .map(|h| format!("{:?} {}", h.actor, roles.name(h.role)))
                .collect();
            got.sort();
            assert_eq!(got, ["Known(0) party", "Known(1) party"], "{sentence:?}");
        }
    }

    /// The tokens read from the sentence's split are the tokens of the text: words split at
    /// dashes and periods, possessives, commas, dashes and stops, with actors as one token.
    #[test]
    fn token_table() {
        let frames = Frames::builtin();
        let cases: &[(&str, &[&str], &str)] = &[
            (
                "Oman-hosted talks, U.S.-backed.",
                &["Oman"],
                "A - hosted talks , u s - backed",
            ),
            (
                "Iran's o'clock talks; then",
                &["Iran"],
                "A 's o'clock talks ; then",
            ),
            (
                "Tehran\u{2019}s envoy \u{2014} ok",
                &["Tehran"],
                "A 's envoy - ok",
            ),
            (
                "rock 's students' caf\u{e9}",
                &[],
                "rock 's students ' cafe",
            ),
            ("Mu\u{308}ller-led talks", &[], "muller - led talks"),
        ];
        for (sentence, actors, want) in cases {
            let spans: Vec<RoleSpan> = actors
                .iter()
                .enumerate()
                .map(|(i, n)| span(sentence, n, i, ActorType::State))
                .collect();
            let mut scratch = crate::text::Folded::default();
            let folded = FoldedSlice::fold_alone(sentence, &mut scratch);
            let ws = crate::text::words::words_folded(&folded, builtin_rules());
            let got: Vec<String> = frames
                .tokens(&folded, &ws, &spans)
                .iter()
                .map(|t| match t.token {
                    Token::Actor(_) => "A".to_string(),
                    Token::Dash => "-".to_string(),
                    Token::Comma => ",".to_string(),
                    Token::Stop => sentence[t.start..t.end].to_string(),
                    Token::Word(_) => {
                        crate::text::fold(&sentence[t.start..t.end]).replace('\u{2019}', "'")
                    }
                })
                .collect();
            assert_eq!(got.join(" "), *want, "{sentence:?}");
        }
    }

    #[test]
    fn list_glue_set_later_joins_lists() {
        // "plus" is no word of any frame: it gets an id when the glue is set
        let sentence = "Iran plus Oman held talks.";
        let spans = [
            span(sentence, "Iran", 0, ActorType::State),
            span(sentence, "Oman", 1, ActorType::State),
        ];
        let parties = |frames: &Frames| {
            let mut got: Vec<String> = find(frames, sentence, &spans)
                .into_iter()
                .map(|h| format!("{:?} {}", h.actor, Roles::builtin().name(h.role)))
                .collect();
            got.sort();
            got
        };
        let mut frames = Frames::builtin();
        assert_eq!(parties(&frames), ["Known(1) party"]);
        frames.set_glue(&["and".to_string(), "plus".to_string()]);
        assert_eq!(parties(&frames), ["Known(0) party", "Known(1) party"]);
    }

    #[test]
    fn bad_frames_name_the_line() {
        let text = "kind,name,pattern\nclass,event,talks|dialogue\nframe,ok,{party+} held @event\nframe,bad,@nothing {party}\nframe,noslot,talks between\nframe,gap,*2 {party} @event\n";
        let err = Frames::parse(
            Path::new("f.csv"),
            text,
            &Roles::builtin(),
            Path::new("r.csv"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("f.csv:4"), "{err}");
        assert!(err.contains("f.csv:5"), "{err}");
        assert!(err.contains("f.csv:6"), "{err}");
        assert!(!err.contains("f.csv:3"), "{err}");
    }
}
