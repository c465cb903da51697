//! Finding gazetteer names in text.
//!
//! One Aho–Corasick automaton holds every folded name form. A sentence is folded (see
//! [`crate::text::fold`]), every overlapping occurrence is found, and a candidate is kept only if
//! it sits on word boundaries in the original text and its case fits the alias's case rule. Then
//! the leftmost-longest *valid* candidates win, so a longer candidate that fails the word boundary
//! ("Saudi Arabia" inside "Saudi Arabian") never hides a shorter valid one.

use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap;

use super::model::{Actor, ActorType, Form, Gazetteer};
use crate::text::fold::{fold_keep_case, FoldedSlice};

/// How the case of a name in the text must agree with the alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseRule {
    /// Letters must match exactly ("US" never matches "us" or "Us").
    Exact,
    /// Every word capitalized in the alias must be capitalized in the text.
    Proper,
    /// Any case (an alias written all in lower case).
    Any,
}

impl CaseRule {
    /// The rule an alias's spelling implies: all capitals (two or more letters) → exact; any
    /// capital → proper; none → any.
    pub fn of(alias: &str) -> CaseRule {
        let letters = alias.chars().filter(|c| c.is_alphabetic()).count();
        let upper = alias.chars().filter(|c| c.is_uppercase()).count();
        if letters >= 2 && upper == letters {
            CaseRule::Exact
        } else if upper > 0 {
            CaseRule::Proper
        } else {
            CaseRule::Any
        }
    }
}

/// One way a folded pattern refers to an actor.
#[derive(Debug, Clone)]
pub struct AliasRef {
    /// Index of the actor in the gazetteer.
    pub actor: usize,
    /// How the form refers to the actor.
    pub form: Form,
    /// The case rule for this spelling.
    pub case: CaseRule,
    /// The spelling as written in the gazetteer.
    pub spelling: String,
    /// Whether the alias needs support from context.
    pub ambiguous: bool,
}

/// A candidate found in a sentence: a byte range of the sentence and the alias references whose
/// case rule it satisfies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte offset of the start, relative to the sentence.
    pub start: usize,
    /// Byte offset one past the end, relative to the sentence.
    pub end: usize,
    /// Index of the matched pattern.
    pub pattern: usize,
    /// Bit `i` is set when reference `i` (into [`Matcher::refs`] of the pattern) fits; only the
    /// first 64 references of a pattern are considered.
    pub refs: u64,
}

impl Hit {
    /// Indices of the references that fit.
    pub fn fitting(&self) -> impl Iterator<Item = usize> + '_ {
        (0..64).filter(move |i| self.refs & (1u64 << i) != 0)
    }
}

/// Builds a [`Matcher`].
#[derive(Debug, Clone, Default)]
pub struct MatcherBuilder {
    kind: Option<AhoCorasickKind>,
}

impl MatcherBuilder {
    /// A builder with default settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Forces an automaton kind (the default lets aho-corasick choose by size).
    pub fn kind(mut self, kind: Option<AhoCorasickKind>) -> Self {
        self.kind = kind;
        self
    }

    /// Builds the automaton over every name form of every actor.
    pub fn build(&self, gazetteer: &Gazetteer) -> Matcher {
        self.build_over(
            gazetteer.len(),
            gazetteer
                .actors()
                .iter()
                .enumerate()
                .map(|(i, a)| (a, gazetteer.folded_forms(i))),
        )
    }

    /// Builds the automaton over the name forms of `actors`, given in gazetteer order (the
    /// `i`-th item is the actor at index `i`) with their folded forms ([`Gazetteer::folded_forms`]):
    /// the loader builds it from actors not yet moved into their [`Gazetteer`], while it checks
    /// them. `count` is the number of actors (for sizing).
    pub(crate) fn build_over<'a>(
        &self,
        count: usize,
        actors: impl Iterator<Item = (&'a Actor, &'a [String])>,
    ) -> Matcher {
        let table = PatternTable::new(count, actors);
        let ac = self.automaton(&table.patterns);
        table.into_matcher(ac)
    }

    /// The automaton over `patterns` (a [`PatternTable`]'s, or the built-in gazetteer's
    /// patterns as the build script found them, for a head start while the files are parsed).
    pub(crate) fn automaton<P: AsRef<[u8]>>(&self, patterns: &[P]) -> AhoCorasick {
        AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(self.kind)
            .build(patterns)
            .expect("folded aliases are short enough for aho-corasick")
    }
}

/// The matcher's patterns and what each refers to, before the automaton is built: the loader
/// makes the table on its own thread while another builds the automaton.
#[derive(Debug)]
pub(crate) struct PatternTable<'a> {
    /// Distinct folded name forms, in order of first occurrence.
    pub(crate) patterns: Vec<&'a str>,
    /// The references of each pattern.
    refs: Vec<Vec<AliasRef>>,
}

impl<'a> PatternTable<'a> {
    /// The table of `actors` (see [`MatcherBuilder::build_over`]).
    pub(crate) fn new(
        count: usize,
        actors: impl Iterator<Item = (&'a Actor, &'a [String])>,
    ) -> Self {
        let mut index: FxHashMap<&str, usize> =
            FxHashMap::with_capacity_and_hasher(count * 2, Default::default());
        let mut patterns: Vec<&str> = Vec::with_capacity(count * 2);
        let mut refs: Vec<Vec<AliasRef>> = Vec::with_capacity(count * 2);
        for (i, (actor, folded_forms)) in actors.enumerate() {
            for ((spelling, form), folded) in actor.forms().zip(folded_forms) {
                // A leading article is not part of the name: "the White House" is found as
                // "White House", and "the United Nations Security Council" is not cut short by
                // "the United Nations".
                let spelling = strip_article(spelling);
                let folded = folded.as_str();
                if folded.trim().is_empty() || actor.suppressed.iter().any(|s| s == folded) {
                    continue;
                }
                let case = if actor.exact_case.iter().any(|s| s == folded) {
                    CaseRule::Exact
                } else {
                    CaseRule::of(spelling)
                };
                let ambiguous = actor.ambiguous.iter().any(|s| s == folded);
                let p = *index.entry(folded).or_insert_with(|| {
                    patterns.push(folded);
                    refs.push(Vec::new());
                    patterns.len() - 1
                });
                let list = &mut refs[p];
                if list.len() < 64 && !list.iter().any(|r| r.actor == i && r.spelling == spelling) {
                    list.push(AliasRef {
                        actor: i,
                        form,
                        case,
                        spelling: spelling.to_string(),
                        ambiguous,
                    });
                }
            }
        }
        PatternTable { patterns, refs }
    }

    /// The matcher of this table and the automaton built over its patterns (or over the same
    /// patterns in the same order).
    pub(crate) fn into_matcher(self, ac: AhoCorasick) -> Matcher {
        debug_assert_eq!(ac.patterns_len(), self.patterns.len());
        Matcher {
            ac,
            refs: self.refs.into(),
        }
    }
}

/// Removes a leading lower-case "the " from an alias ("the White House"). A capitalized article
/// is part of the name and stays ("The Hague").
pub fn strip_article(s: &str) -> &str {
    match s.strip_prefix("the ") {
        Some(rest) if !rest.trim().is_empty() => rest.trim_start(),
        _ => s,
    }
}

/// Finds actor names in sentences. Cheap to share between threads.
#[derive(Debug, Clone)]
pub struct Matcher {
    ac: AhoCorasick,
    /// Shared, so that a clone (each extractor's, from [`Gazetteer::matcher`]) copies nothing.
    refs: Arc<[Vec<AliasRef>]>,
}

impl Matcher {
    /// The matcher with default settings: the gazetteer's own ([`Gazetteer::matcher`]), built
    /// while the gazetteer was loaded or on first use, shared rather than built again.
    pub fn new(gazetteer: &Gazetteer) -> Matcher {
        gazetteer.matcher().clone()
    }

    /// The references of a pattern.
    pub fn refs(&self, pattern: usize) -> &[AliasRef] {
        &self.refs[pattern]
    }

    /// Number of distinct folded patterns.
    pub fn pattern_count(&self) -> usize {
        self.refs.len()
    }

    /// Heap memory used by the automaton, in bytes.
    pub fn memory_usage(&self) -> usize {
        self.ac.memory_usage()
    }

    /// Finds the names in one sentence, given with its folded copy (a slice of the document's,
    /// folded once for every rule; [`FoldedSlice::fold_alone`] makes one for a lone sentence).
    /// Hit offsets are bytes of the sentence as written. Hits are returned in text order,
    /// non-overlapping, longest first at each position.
    pub fn find(&self, sentence: &FoldedSlice<'_>, out: &mut Vec<Hit>) {
        out.clear();
        let folded = sentence.folded;
        let sentence_text = sentence.original;
        let shouting = !sentence_text.chars().any(char::is_lowercase);
        // a sentence has a few candidates: kept on the stack
        let mut cands: smallvec::SmallVec<[Hit; 16]> = smallvec::SmallVec::new();
        for m in self.ac.find_overlapping_iter(folded) {
            if !folded.is_char_boundary(m.start()) || !folded.is_char_boundary(m.end()) {
                continue;
            }
            let (s, e) = sentence.original_range(m.start(), m.end());
            if !on_word_boundaries(sentence_text, s, e) {
                continue;
            }
            let surface = &sentence_text[s..e];
            let pattern = m.pattern().as_usize();
            let mut refs = 0u64;
            for (i, r) in self.refs[pattern].iter().take(64).enumerate() {
                if case_fits(r.case, &r.spelling, surface, shouting) {
                    refs |= 1 << i;
                }
            }
            if refs != 0 {
                cands.push(Hit {
                    start: s,
                    end: e,
                    pattern,
                    refs,
                });
            }
        }
        // Leftmost-longest among the certain candidates first, then the ambiguous ones where
        // they do not overlap: "President Lee Jae-myung" is the unambiguous full name, not the
        // ambiguous "President Lee" that starts earlier.
        cands.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let certain = |h: &Hit| h.fitting().any(|r| !self.refs[h.pattern][r].ambiguous);
        let mut last_end = 0;
        for c in cands.iter().filter(|c| certain(c)) {
            if c.start >= last_end {
                last_end = c.end;
                out.push(c.clone());
            }
        }
        let chosen = out.len();
        let mut last_end = 0;
        for c in cands.iter().filter(|c| !certain(c)) {
            // no overlap with a certain hit (they are sorted and disjoint) nor an earlier one
            let i = out[..chosen].partition_point(|o| o.end <= c.start);
            let clash = out[..chosen].get(i).is_some_and(|o| o.start < c.end);
            if !clash && c.start >= last_end {
                last_end = c.end;
                out.push(c.clone());
            }
        }
        out.sort_by_key(|h| h.start);
    }

    /// The actor types a pattern can refer to (for diagnostics).
    pub fn types_of(&self, gazetteer: &Gazetteer, pattern: usize) -> Vec<ActorType> {
        let mut t: Vec<ActorType> = self.refs[pattern]
            .iter()
            .map(|r| gazetteer.get(r.actor).actor_type())
            .collect();
        t.sort();
        t.dedup();
        t
    }
}

/// Whole words only: no letter directly before (a digit may be: "1Iran"), no letter or digit
/// directly after. Only checked on sides where the name itself starts or ends with a letter or
/// digit ("U.S." may be followed by anything).
pub fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let left_ok = !first.is_some_and(char::is_alphanumeric)
        || !before.is_some_and(|c| c.is_alphabetic() || is_joiner(c));
    let right_ok = !last.is_some_and(char::is_alphanumeric)
        || !after.is_some_and(|c| c.is_alphanumeric() || is_joiner(c));
    left_ok && right_ok
}

/// Combining marks continue a word.
fn is_joiner(c: char) -> bool {
    !c.is_ascii() && unicode_normalization::char::is_combining_mark(c)
}

/// Whether `surface` (as written in the text) satisfies the case rule of `spelling`.
pub fn case_fits(rule: CaseRule, spelling: &str, surface: &str, shouting: bool) -> bool {
    if surface == spelling {
        return true;
    }
    // a decomposed surface (NFD) is judged as its composed form: combining marks would split
    // its words below
    if !unicode_normalization::is_nfc(surface) {
        let composed: String = unicode_normalization::UnicodeNormalization::nfc(surface).collect();
        return case_fits(rule, spelling, &composed, shouting);
    }
    match rule {
        CaseRule::Any => true,
        CaseRule::Exact => fold_keep_case(surface) == fold_keep_case(spelling),
        CaseRule::Proper => {
            if shouting {
                return true;
            }
            let words = |s: &str| -> Vec<char> {
                s.split(|c: char| !c.is_alphanumeric())
                    .filter_map(|w| w.chars().next())
                    .collect()
            };
            let a = words(spelling);
            let b = words(surface);
            if a.len() != b.len() {
                let first_upper = spelling
                    .chars()
                    .find(|c| c.is_alphabetic())
                    .is_some_and(char::is_uppercase);
                return !first_upper
                    || surface
                        .chars()
                        .find(|c| c.is_alphabetic())
                        .is_some_and(char::is_uppercase);
            }
            a.iter()
                .zip(&b)
                .all(|(x, y)| !x.is_uppercase() || y.is_uppercase())
        }
    }
}
