//! Roles of states and organizations in the story, read from cue phrases of the roles lexicon,
//! and the typed relations they imply (mediates, hosts, meets).

use aho_corasick::{AhoCorasick, MatchKind};

use super::lexicon::{Lexicons, RoleCue, RoleId, Slot};
use std::borrow::Cow;

use super::words::{words, words_between, Word, WordRules};
use super::ActorRef;
use crate::gazetteer::ActorType;
use crate::text::FoldedSlice;

/// Words allowed between list items (`role_list_glue` of `words.csv`): "Israel, Saudi Arabia
/// and the UAE".
type Glue = rustc_hash::FxHashSet<String>;

/// The longest gap, in words, between an actor and a `before` cue.
const BEFORE_GAP: usize = 6;
/// The longest gap between an `after` cue and its actor.
const AFTER_GAP: usize = 2;

/// A mention as the role rules see it.
#[derive(Debug, Clone, Copy)]
pub struct RoleSpan {
    /// Start byte in the sentence.
    pub start: usize,
    /// End byte in the sentence.
    pub end: usize,
    /// The actor.
    pub actor: ActorRef,
    /// Its type.
    pub kind: ActorType,
    /// For places, the state they lie in.
    pub country: Option<ActorRef>,
}

/// A role found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleHit {
    /// The actor.
    pub actor: ActorRef,
    /// The role, by id in the lexicon's role table (name: [`super::lexicon::Roles::name`]).
    pub role: RoleId,
    /// Byte span of the cue in the sentence.
    pub cue_start: usize,
    /// End of the cue.
    pub cue_end: usize,
}

/// Finds role cues in sentences.
#[derive(Debug, Clone)]
pub struct RoleMatcher {
    ac: AhoCorasick,
    cues: Vec<RoleCue>,
    glue: Glue,
    /// `after_cue_glue` of `words.csv`.
    after_glue: Glue,
    /// `kept_period` of `words.csv`, for the gaps split on their own.
    kept_period: Vec<String>,
}

impl RoleMatcher {
    /// Builds the matcher over the lexicon's cues.
    pub fn new(lex: &Lexicons) -> RoleMatcher {
        let cues = lex.cues.clone();
        // a hundred-odd short cues: a DFA reads the sentences with mentions faster than the
        // default automaton, for a build of about a millisecond
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(cues.iter().map(|c| c.cue.as_str()))
            .expect("cue phrases are short");
        RoleMatcher {
            ac,
            cues,
            glue: lex
                .words
                .words(super::lexicon::List::RoleListGlue)
                .iter()
                .cloned()
                .collect(),
            after_glue: lex
                .words
                .words(super::lexicon::List::AfterCueGlue)
                .iter()
                .cloned()
                .collect(),
            kept_period: lex.words.words(super::lexicon::List::KeptPeriod).to_vec(),
        }
    }

    /// Roles and `meets` pairs (of the cues whose relation is `meets`) in one sentence, given
    /// with its folded copy (the slice of the document's that the name matcher read) and its
    /// words (the sentence's one split, asked for only when a cue is found: `words` is called
    /// at most once). `spans` must be sorted by start; offsets are bytes of the sentence.
    pub fn find<'w, 'a: 'w>(
        &self,
        folded: &FoldedSlice<'a>,
        words: impl FnOnce() -> &'w [Word<'a>],
        spans: &[RoleSpan],
    ) -> (Vec<RoleHit>, Vec<(ActorRef, ActorRef)>) {
        let mut roles = Vec::new();
        let mut meets = Vec::new();
        if spans.is_empty() {
            return (roles, meets);
        }
        let sentence = folded.original;
        // overlapping candidates, whole words, longest first at each start
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        for m in self.ac.find_overlapping_iter(folded.folded) {
            let (s, e) = folded.original_range(m.start(), m.end());
            if crate::gazetteer::matcher::on_word_boundaries(sentence, s, e) {
                cands.push((s, e, m.pattern().as_usize()));
            }
        }
        if cands.is_empty() {
            return (roles, meets);
        }
        let sentence = Text {
            text: sentence,
            words: words(),
            rules: WordRules::new(&self.kept_period),
        };
        cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut taken: Vec<(usize, usize, Option<RoleId>)> = Vec::new();
        for (s, e, p) in cands {
            let i = spans.partition_point(|x| x.end <= s);
            if spans.get(i).is_some_and(|x| x.start < e) {
                continue;
            }
            let cue = &self.cues[p];
            // a shorter cue of the same role inside a longer one ("hosted" in "hosted by") is not
            // read again; cues that ended before this one starts cannot contain it
            taken.retain(|t| t.1 > s);
            if taken
                .iter()
                .any(|&(a, b, r)| r == cue.role && a <= s && e <= b)
            {
                continue;
            }
            taken.push((s, e, cue.role));
            let actors = self.slot(sentence, spans, s, e, cue.slot, cue.max_gap);
            if let Some(role) = cue.role {
                for a in actors.single {
                    roles.push(RoleHit {
                        actor: a,
                        role,
                        cue_start: s,
                        cue_end: e,
                    });
                }
            }
            // the actors of the cue meet each other: "talks between Iran and the US"
            if cue.meets {
                meets.extend(actors.pairs);
            }
        }
        (roles, meets)
    }

    fn slot(
        &self,
        sentence: Text<'_, '_>,
        spans: &[RoleSpan],
        s: usize,
        e: usize,
        slot: Slot,
        max_gap: Option<usize>,
    ) -> SlotActors {
        let eligible = |x: &RoleSpan| matches!(x.kind, ActorType::State | ActorType::Org);
        let mut out = SlotActors::default();
        match slot {
            Slot::Before => {
                if let Some(x) = nearest_before(sentence, spans, s, max_gap.unwrap_or(BEFORE_GAP)) {
                    if eligible(x) {
                        out.single.push(x.actor);
                    }
                }
            }
            Slot::After => {
                if let Some(x) = nearest_after(
                    &self.after_glue,
                    sentence,
                    spans,
                    e,
                    max_gap.unwrap_or(AFTER_GAP),
                ) {
                    if eligible(x) {
                        out.single.push(x.actor);
                    }
                }
            }
            Slot::PlaceAfter => {
                if let Some(x) = nearest_after(&self.after_glue, sentence, spans, e, AFTER_GAP) {
                    if x.kind == ActorType::Place {
                        out.single.extend(x.country);
                    }
                }
            }
            Slot::ListAfter | Slot::ListBefore => {
                let list = if slot == Slot::ListAfter {
                    list_after(&self.glue, &self.after_glue, sentence, spans, e)
                } else {
                    list_before(&self.glue, sentence, spans, s)
                };
                let l: Vec<ActorRef> = list
                    .iter()
                    .filter(|x| eligible(x))
                    .map(|x| x.actor)
                    .collect();
                out.pairs = pairs(&l);
                out.single = l;
            }
            Slot::Around => {
                let before: Vec<ActorRef> = list_before(&self.glue, sentence, spans, s)
                    .iter()
                    .filter(|x| x.kind != ActorType::Place)
                    .map(|x| x.actor)
                    .collect();
                let after: Vec<ActorRef> =
                    list_after(&self.glue, &self.after_glue, sentence, spans, e)
                        .iter()
                        .filter(|x| x.kind != ActorType::Place)
                        .map(|x| x.actor)
                        .collect();
                for a in &before {
                    for b in &after {
                        if a != b {
                            out.pairs.push((*a, *b));
                        }
                    }
                }
            }
        }
        out
    }
}

#[derive(Debug, Default)]
struct SlotActors {
    single: Vec<ActorRef>,
    pairs: Vec<(ActorRef, ActorRef)>,
}

fn pairs(l: &[ActorRef]) -> Vec<(ActorRef, ActorRef)> {
    let mut out = Vec::new();
    for i in 0..l.len() {
        for j in i + 1..l.len() {
            if l[i] != l[j] {
                out.push((l[i], l[j]));
            }
        }
    }
    out
}

/// A sentence as the role rules read it: its text and its words (the sentence's one split).
#[derive(Clone, Copy)]
struct Text<'w, 'a> {
    text: &'a str,
    words: &'w [Word<'a>],
    rules: WordRules<'w>,
}

/// The words between two offsets, or `None` if a clause boundary lies between. A possessive is
/// part of the actor's phrase, not a word between: callers skip the possessive words.
///
/// The words are a slice of the sentence's split unless a word runs across an end (a cue that
/// ends inside "Oman-hosted"); that range is split on its own.
fn gap<'w, 'a>(sentence: Text<'w, 'a>, a: usize, b: usize) -> Option<Cow<'w, [Word<'a>]>> {
    if a > b {
        return None;
    }
    let between = &sentence.text[a..b];
    if between.contains([';', '!', '?', '(', ')', '"', '\u{201C}', '\u{201D}']) {
        return None;
    }
    if let Some(ws) = words_between(sentence.words, a, b) {
        return Some(Cow::Borrowed(ws));
    }
    let between = between
        .strip_prefix("'s")
        .or_else(|| between.strip_prefix("\u{2019}s"))
        .unwrap_or(between);
    Some(Cow::Owned(words(between, sentence.rules)))
}

/// The words of a gap that count: all but possessives.
fn counted<'g, 'a>(gap: &'g [Word<'a>]) -> impl Iterator<Item = &'g Word<'a>> {
    gap.iter().filter(|w| !w.possessive())
}

fn nearest_before<'a>(
    sentence: Text<'_, '_>,
    spans: &'a [RoleSpan],
    at: usize,
    max: usize,
) -> Option<&'a RoleSpan> {
    let x = last_ending_by(spans, at)?;
    let g = gap(sentence, x.end, at)?;
    (counted(&g).count() <= max && !sentence.text[x.end..at].contains(',')).then_some(x)
}

/// The last span that ends at or before `at` (spans are sorted and do not overlap).
fn last_ending_by(spans: &[RoleSpan], at: usize) -> Option<&RoleSpan> {
    let i = spans.partition_point(|x| x.end <= at);
    i.checked_sub(1).map(|i| &spans[i])
}

/// The first span that starts at or after `at`.
fn first_starting_at(spans: &[RoleSpan], at: usize) -> Option<&RoleSpan> {
    spans.get(spans.partition_point(|x| x.start < at))
}

/// The first actor after a cue, with at most `max` words between, all of them glue
/// (`after_cue_glue` of `words.csv`: "hosted by *the* UAE").
fn nearest_after<'a>(
    glue: &Glue,
    sentence: Text<'_, '_>,
    spans: &'a [RoleSpan],
    at: usize,
    max: usize,
) -> Option<&'a RoleSpan> {
    let x = first_starting_at(spans, at)?;
    let g = gap(sentence, at, x.start)?;
    (counted(&g).count() <= max && counted(&g).all(|w| glue.contains(w.folded.as_str())))
        .then_some(x)
}

fn is_glue(glue: &Glue, sentence: Text<'_, '_>, a: usize, b: usize) -> bool {
    gap(sentence, a, b).is_some_and(|g| counted(&g).all(|w| glue.contains(w.folded.as_str())))
        && !sentence.text[a..b].contains('.')
}

fn list_after<'a>(
    glue: &Glue,
    after_glue: &Glue,
    sentence: Text<'_, '_>,
    spans: &'a [RoleSpan],
    at: usize,
) -> Vec<&'a RoleSpan> {
    let mut out: Vec<&RoleSpan> = Vec::new();
    let Some(first) = nearest_after(after_glue, sentence, spans, at, 3).or_else(|| {
        let x = first_starting_at(spans, at)?;
        is_glue(glue, sentence, at, x.start).then_some(x)
    }) else {
        return out;
    };
    out.push(first);
    let mut end = first.end;
    let from = spans.partition_point(|x| x.start < first.end);
    for x in &spans[from..] {
        if x.start < end {
            continue;
        }
        if is_glue(glue, sentence, end, x.start) {
            out.push(x);
            end = x.end;
        } else {
            break;
        }
    }
    out
}

fn list_before<'a>(
    glue: &Glue,
    sentence: Text<'_, '_>,
    spans: &'a [RoleSpan],
    at: usize,
) -> Vec<&'a RoleSpan> {
    let mut out: Vec<&RoleSpan> = Vec::new();
    let Some(last) = last_ending_by(spans, at) else {
        return out;
    };
    if gap(sentence, last.end, at).is_none_or(|g| counted(&g).count() > 2)
        || sentence.text[last.end..at].contains(',')
    {
        return out;
    }
    out.push(last);
    let mut start = last.start;
    let upto = spans.partition_point(|x| x.end <= last.start);
    for x in spans[..upto].iter().rev() {
        if x.end > start {
            continue;
        }
        if is_glue(glue, sentence, x.end, start) {
            out.push(x);
            start = x.start;
        } else {
            break;
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::extract::lexicon::WordLists;
    use crate::text::Folded;

    /// Lexicons with these role rows (no titles, no frames).
    fn lexicons(rows: &str) -> Lexicons {
        let roles = format!("role,cue,slot,max_gap,relation,toward\n{rows}");
        Lexicons::parse(
            (Path::new("r.csv"), &roles),
            (Path::new("t.csv"), "title,canonical,sector\n"),
            (Path::new("f.csv"), "kind,name,pattern\n"),
            WordLists::builtin(),
        )
        .unwrap()
    }

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

    /// Role rows, a sentence, its actors, the (actor, role) hits and the `meets` pairs wanted:
    /// the relation column, not the role's name, says whether a cue's actors meet.
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a [(&'a str, ActorType)],
        &'a [(usize, &'a str)],
        &'a [(usize, usize)],
    );

    #[test]
    fn relation_column_table() {
        use ActorType::*;
        let cases: &[Case<'_>] = &[
            // a cue with no role that makes a relation: a pair, no role
            (
                ",phoned,around,,meets,\n",
                "Obama phoned Al-Abadi on Monday.",
                &[("Obama", Person), ("Al-Abadi", Person)],
                &[],
                &[(0, 1)],
            ),
            (
                ",met,list_before,,meets,\n",
                "Iran and Oman met in Geneva.",
                &[("Iran", State), ("Oman", State)],
                &[],
                &[(0, 1)],
            ),
            // a role whose list cue also says its actors meet, under any name
            (
                "side,talks between,list_after,,meets,\n",
                "Talks between Iran, Oman and Qatar resumed.",
                &[("Iran", State), ("Oman", State), ("Qatar", State)],
                &[(0, "side"), (1, "side"), (2, "side")],
                &[(0, 1), (0, 2), (1, 2)],
            ),
            // the same cue with no relation: roles, no pairs (not even for a role named party)
            (
                "party,talks between,list_after,,,\n",
                "Talks between Iran and Oman resumed.",
                &[("Iran", State), ("Oman", State)],
                &[(0, "party"), (1, "party")],
                &[],
            ),
            // a role named `meets` is a role like any other now
            (
                "meets,met with,around,,,\nmeets,met,list_before,,,\n",
                "Iran and Oman met in Geneva.",
                &[("Iran", State), ("Oman", State)],
                &[(0, "meets"), (1, "meets")],
                &[],
            ),
            (
                "broker,brokered by,list_after,,mediates,side\nside,talks between,list_after,,meets,\n",
                "The deal was brokered by Qatar.",
                &[("Qatar", State)],
                &[(0, "broker")],
                &[],
            ),
        ];
        for (rows, sentence, actors, want_roles, want_meets) in cases {
            let lex = lexicons(rows);
            let spans: Vec<RoleSpan> = actors
                .iter()
                .enumerate()
                .map(|(i, (n, k))| span(sentence, n, i, *k))
                .collect();
            let known = |r: ActorRef| match r {
                ActorRef::Known(i) => i,
                ActorRef::Found(_) => unreachable!(),
            };
            let mut scratch = Folded::default();
            let folded = FoldedSlice::fold_alone(sentence, &mut scratch);
            let ws = crate::text::words::words_folded(&folded, lex.word_rules());
            let (hits, meets) = RoleMatcher::new(&lex).find(&folded, || &ws, &spans);
            let mut got: Vec<(usize, &str)> = hits
                .iter()
                .map(|h| (known(h.actor), lex.roles.name(h.role)))
                .collect();
            got.sort();
            assert_eq!(got, *want_roles, "{rows:?} {sentence:?}");
            let mut pairs: Vec<(usize, usize)> =
                meets.iter().map(|(a, b)| (known(*a), known(*b))).collect();
            pairs.sort();
            assert_eq!(pairs, *want_meets, "{rows:?} {sentence:?}");
        }
    }

    /// The words allowed between an `after` cue and its actor are `after_cue_glue` of
    /// `words.csv`: without "neighbouring" there, "hosted by neighbouring Qatar" names no host.
    #[test]
    fn after_cue_glue_is_a_word_list() {
        let sentence = "The talks were hosted by neighbouring Qatar.";
        let spans = [span(sentence, "Qatar", 0, ActorType::State)];
        let hosts = |words: WordLists| {
            let mut lex = lexicons("host,hosted by,after,,,\n");
            lex.words = words;
            let mut scratch = Folded::default();
            let folded = FoldedSlice::fold_alone(sentence, &mut scratch);
            let ws = crate::text::words::words_folded(&folded, lex.word_rules());
            RoleMatcher::new(&lex).find(&folded, || &ws, &spans).0.len()
        };
        assert_eq!(hosts(WordLists::builtin()), 1);
        let only_the =
            WordLists::parse(Path::new("w.csv"), "list,word\nafter_cue_glue,the\n").unwrap();
        assert_eq!(hosts(only_the), 0);
    }
}
