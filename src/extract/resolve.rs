//! Resolving each hit to exactly one actor.
//!
//! Rules, in order:
//! 1. A hit that names one actor with an unambiguous form is that actor. These are the
//!    document's *anchors*.
//! 2. A capital that is both a state's metonym and a city: the city after a locative cue
//!    ("talks in Muscat", "visit Seoul"), otherwise the state ("Tehran's delegation").
//! 3. An ambiguous hit (an alias marked `ambiguous`, or one shared by several actors) needs
//!    support from the document: the same actor among the anchors (4 points), a type cue next to
//!    it ("Jordan's government", "President Lee": 3), a person holding the title the hit names on
//!    the document's date ("President Lee" in a 2010 brief is the president of 2010: 3), an
//!    anchor it lies in or acts for, or that lies in or acts for it (2), an anchor in the same
//!    region (1). The best-supported candidate wins; a hit without support, or with a tie, is
//!    dropped and reported in [`Dropped`] (and no person is discovered from its words).

use std::collections::{BTreeMap, BTreeSet};

use super::cues;
use super::lexicon::WordLists;
use super::SentenceSpan;
use crate::date::Date;
use crate::gazetteer::{Actor, ActorType, Form, Gazetteer};
use crate::text::words::{SentenceWords, Word};

/// A hit with all the actors it may refer to.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub sentence: usize,
    /// Byte offsets in the document.
    pub start: usize,
    pub end: usize,
    /// (actor index, form, ambiguous), inline for up to two: nearly every name has one or two
    pub options: smallvec::SmallVec<[(usize, Form, bool); 2]>,
}

/// A hit the ambiguity rules dropped, with the reason (shown by `--explain-ambiguous`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Dropped {
    /// Document id.
    pub document: String,
    /// Sentence number, 1-based.
    pub sentence: usize,
    /// The text of the hit.
    pub surface: String,
    /// Ids of the actors it could have been.
    pub candidates: Vec<String>,
    /// Why it was dropped.
    pub reason: String,
    /// Byte offset of the hit in the document (not shown: the surface and sentence say it).
    #[serde(skip)]
    pub start: usize,
    /// Byte offset one past its end.
    #[serde(skip)]
    pub end: usize,
}

/// Whether a person held, on `date`, a title that the hit names: inside the hit ("President
/// Lee" as an alias) or right before it ("President" + "Lee").
fn holds_named_title(
    lists: &WordLists,
    actor: &Actor,
    date: Date,
    (sentence, ws): (&str, &[Word<'_>]),
    s: usize,
    e: usize,
) -> bool {
    // both sides folded: "Président Lee" names the title "President"
    let hit = crate::text::fold(&sentence[s..e]);
    actor.titles.iter().any(|t| {
        t.valid_on(date) && {
            let title = crate::text::fold(&t.text);
            let last = title.rsplit(' ').next().unwrap_or(&title);
            hit.split_whitespace().any(|w| w == last) || cues::title_before(lists, sentence, ws, s)
        }
    })
}

type Resolved = (Candidate, usize, Form);

/// A document as resolution reads it.
pub(crate) struct Doc<'d, 't> {
    /// The text.
    pub text: &'d str,
    /// Its sentences.
    pub spans: &'d [SentenceSpan],
    /// The words of its sentences (the one split, shared with the rules after resolution).
    pub words: &'d mut SentenceWords<'t>,
    /// The document's id, for the dropped hits.
    pub id: &'d str,
    /// The document's date: it settles dated titles.
    pub date: Option<Date>,
}

pub(crate) fn resolve(
    g: &Gazetteer,
    lists: &WordLists,
    doc: Doc<'_, '_>,
    found: Vec<Candidate>,
) -> (Vec<Resolved>, Vec<Dropped>) {
    let Doc {
        text,
        spans,
        words,
        id: document,
        date,
    } = doc;
    let mut out: Vec<(Candidate, usize, Form)> = Vec::new();
    let mut pending = Vec::new();
    for c in found {
        // one actor behind every option (no set built per hit)
        let one_actor = c
            .options
            .first()
            .is_some_and(|f| c.options.iter().all(|o| o.0 == f.0));
        let any_ambiguous = c.options.iter().any(|o| o.2);
        if one_actor && !any_ambiguous {
            let (a, f, _) = best_form(&c.options);
            out.push((c, a, f));
        } else if let (false, Some((a, f))) = (
            any_ambiguous,
            capital_rule(g, lists, text, spans, words, &c),
        ) {
            out.push((c, a, f));
        } else {
            pending.push(c);
        }
    }
    let anchors: BTreeMap<usize, usize> = out.iter().fold(BTreeMap::new(), |mut m, (_, a, _)| {
        *m.entry(*a).or_default() += 1;
        m
    });
    // regions, countries and affiliations by number and index: no id is compared as a string
    let mut regions: BTreeSet<u32> = BTreeSet::new();
    for a in anchors.keys() {
        if let Some(r) = g.region_number(*a) {
            regions.insert(r);
        }
    }
    // Other pending hits count for region and neighbour support ("Chad and Niger"), never for
    // the same actor. Counted once per actor and region (and per start, for the hit itself), so
    // each pending hit's support is a few lookups, not a scan of every other pending hit.
    let soft: Vec<(usize, usize)> = pending
        .iter()
        .flat_map(|c| c.options.iter().map(move |o| (c.start, o.0)))
        .collect();
    let mut soft_of: BTreeMap<usize, usize> = BTreeMap::new();
    let mut soft_in: BTreeMap<u32, usize> = BTreeMap::new();
    let mut soft_at: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &(start, o) in &soft {
        *soft_of.entry(o).or_default() += 1;
        if let Some(r) = g.region_number(o) {
            *soft_in.entry(r).or_default() += 1;
        }
        soft_at.entry(start).or_default().push(o);
    }
    // the actors anchors name as their country or affiliation, and as their country
    let mut anchor_parents: BTreeSet<usize> = BTreeSet::new();
    let mut anchor_countries: BTreeSet<usize> = BTreeSet::new();
    for &k in anchors.keys() {
        if let Some(c) = g.country_index(k) {
            anchor_parents.insert(c);
            anchor_countries.insert(c);
        }
        if let Some(a) = g.affiliation_index(k) {
            anchor_parents.insert(a);
        }
    }
    let mut dropped = Vec::new();
    for c in pending {
        let span = &spans[c.sentence];
        let sentence = &text[span.start..span.end];
        let (s, e) = (c.start - span.start, c.end - span.start);
        let ws = words.get(c.sentence);
        let mut scored: Vec<(u32, usize, Form)> = Vec::new();
        let mut actors: Vec<usize> = c.options.iter().map(|o| o.0).collect();
        actors.dedup();
        for &a in &actors {
            super::work::add(super::work::Stage::Resolve, 1);
            let actor = g.get(a);
            let mut score = 0;
            if anchors.contains_key(&a) {
                score += 4;
            }
            let typed = match actor.actor_type() {
                ActorType::State => cues::state_cue(lists, sentence, ws, s, e),
                ActorType::Person => {
                    cues::title_before(lists, sentence, ws, s)
                        && g.affiliation_index(a)
                            .is_some_and(|i| anchors.contains_key(&i))
                }
                ActorType::Place => cues::locative_before(lists, sentence, ws, s),
                ActorType::Org => false,
            };
            if typed {
                score += 3;
            }
            // a dated referent settled by the document's date
            if actor.actor_type() == ActorType::Person
                && date.is_some_and(|d| holds_named_title(lists, actor, d, (sentence, ws), s, e))
            {
                score += 3;
            }
            let related = [g.country_index(a), g.affiliation_index(a)]
                .into_iter()
                .flatten()
                .any(|i| anchors.contains_key(&i))
                || anchor_parents.contains(&a);
            if related {
                score += 2;
            }
            let neighbour = g
                .neighbour_indices(a)
                .iter()
                .any(|i| anchors.contains_key(i) || anchor_countries.contains(i));
            // support from other pending hits: at another position, of another actor, that is a
            // neighbour of this one or in its region
            let here: &[usize] = soft_at.get(&c.start).map_or(&[], Vec::as_slice);
            let elsewhere = |o: usize| {
                soft_of.get(&o).copied().unwrap_or(0) - here.iter().filter(|&&x| x == o).count()
            };
            let soft_neighbour = g
                .neighbour_indices(a)
                .iter()
                .filter(|&&o| o != a)
                .any(|&o| elsewhere(o) > 0);
            let soft_region = g.region_number(a).is_some_and(|r| {
                let in_region = soft_in.get(&r).copied().unwrap_or(0);
                let own = soft_of.get(&a).copied().unwrap_or(0);
                let here_others = here
                    .iter()
                    .filter(|&&o| o != a && g.region_number(o) == Some(r))
                    .count();
                in_region > own + here_others
            });
            let soft_support = soft_neighbour || soft_region;
            if actor.actor_type() != ActorType::Person
                && (neighbour
                    || soft_support
                    || g.region_number(a).is_some_and(|r| regions.contains(&r)))
            {
                score += 1;
            }
            // an unambiguous option competing with ambiguous ones gets a head start
            if c.options.iter().any(|o| o.0 == a && !o.2) {
                score += 2;
            }
            let (_, f, _) = best_form(
                &c.options
                    .iter()
                    .filter(|o| o.0 == a)
                    .cloned()
                    .collect::<Vec<_>>(),
            );
            scored.push((score, a, f));
        }
        scored.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        // a capital that is also an ambiguous word ("Washington"): once the support says it is
        // the state or its capital, the locative cue says which of the two
        if let [first, second, ..] = scored.clone().as_slice() {
            let pair = |x: usize, y: usize| {
                g.get(x).actor_type() == ActorType::State
                    && g.get(y).actor_type() == ActorType::Place
                    && g.country_index(y) == Some(x)
            };
            let (state, place) = if pair(first.1, second.1) {
                (*first, *second)
            } else if pair(second.1, first.1) {
                (*second, *first)
            } else {
                ((0, usize::MAX, Form::Alias), (0, usize::MAX, Form::Alias))
            };
            let rest_lower = scored.get(2).is_none_or(|x| x.0 < second.0);
            if state.1 != usize::MAX && first.0 > 0 && rest_lower {
                let to_place = !cues::possessive_state(lists, sentence, ws, e)
                    && cues::locative_before(lists, sentence, ws, s);
                let (winner, loser) = if to_place {
                    (place, state)
                } else {
                    (state, place)
                };
                scored.retain(|x| x.1 != winner.1 && x.1 != loser.1);
                scored.insert(0, (first.0.max(second.0) + 1, winner.1, winner.2));
                scored.insert(1, (0, loser.1, loser.2));
            }
        }
        let surface = text[c.start..c.end].to_string();
        let candidates: Vec<String> = scored.iter().map(|x| g.get(x.1).id.clone()).collect();
        let best = scored.first().copied();
        let tie = scored.len() > 1 && scored[0].0 == scored[1].0;
        match best {
            Some((score, a, f)) if score > 0 && !tie => out.push((c, a, f)),
            _ => {
                let reason = if tie {
                    format!(
                        "equally supported: {}",
                        scored
                            .iter()
                            .filter(|x| x.0 == scored[0].0)
                            .map(|x| g.get(x.1).id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                } else {
                    "ambiguous name without support: no other mention of the actor or its region in the document, and no type cue next to it".to_string()
                };
                dropped.push(Dropped {
                    document: document.to_string(),
                    sentence: c.sentence + 1,
                    surface,
                    candidates,
                    reason,
                    start: c.start,
                    end: c.end,
                });
            }
        }
    }
    out.sort_by_key(|(c, _, _)| c.start);
    (out, dropped)
}

/// Prefers an alias over a demonym over a metonym when one actor is reached several ways.
fn best_form(options: &[(usize, Form, bool)]) -> (usize, Form, bool) {
    *options
        .iter()
        .min_by_key(|o| o.1)
        .expect("a candidate has options")
}

/// A state's metonym that is also a city's name: the city after a locative cue.
fn capital_rule(
    g: &Gazetteer,
    lists: &WordLists,
    text: &str,
    spans: &[SentenceSpan],
    words: &mut SentenceWords<'_>,
    c: &Candidate,
) -> Option<(usize, Form)> {
    let state = c
        .options
        .iter()
        .find(|o| o.1 == Form::Metonym && g.get(o.0).actor_type() == ActorType::State)?;
    let place = c
        .options
        .iter()
        .find(|o| o.1 == Form::Alias && g.get(o.0).actor_type() == ActorType::Place)?;
    if c.options.iter().any(|o| o.0 != state.0 && o.0 != place.0) {
        return None;
    }
    let span = &spans[c.sentence];
    let sentence = &text[span.start..span.end];
    let (s, e) = (c.start - span.start, c.end - span.start);
    let ws = words.get(c.sentence);
    if cues::possessive_state(lists, sentence, ws, e) {
        return Some((state.0, Form::Metonym));
    }
    if cues::locative_before(lists, sentence, ws, s) {
        Some((place.0, Form::Alias))
    } else {
        Some((state.0, Form::Metonym))
    }
}
