//! Affiliations the title cue does not name, read from the sentence around it.
//!
//! A title cue gives an affiliation when an actor stands in front of it ("*Iranian* Foreign
//! Minister") or after the name ("of *Iraq*"). Real readouts often name the state once for the
//! whole sentence instead, and these rules read that, in order:
//! 1. **Coordination.** "Icelandic President A and Prime Minister B": a title cue right after
//!    "and" or a comma that follows another titled person shares that person's affiliation.
//! 2. **One state in the sentence.** "In Senegal, Burns will meet President Wade", "traveled to
//!    Phnom Penh, Cambodia, where he met Defense Minister Tea Seiha": for a government or military
//!    title, the one state the sentence names (directly, or as the state a named place lies in)
//!    once the states that name other people's titles ("met with *Mongolian* Prime Minister X")
//!    are set aside. The visitor of a meeting (the person before "met", "will meet", …) is
//!    left out: "In Senegal, Special Envoy Holm met President Diallo" says where Holm is.
//!
//! 3. **Parallel lists.** "the foreign ministers of Armenia and Azerbaijan – Foreign Minister A,
//!    Foreign Minister B": N states after a plural title noun (`plural_title` in `words.csv`),
//!    then exactly N titled people named with no state of their own: the i-th acts for the i-th.
//!
//! Each rule abstains when the text leaves a choice: no affiliation is better than a wrong one.

use super::people::{self, Sentence, TitleCue};
use super::words::back;
use crate::gazetteer::ActorType;

/// The rule names `explain` shows for a discovered person's affiliation.
pub const NAMED: &str = "named by the title cue";
/// Rule 1.
pub const COORDINATED: &str = "shared with the title it is coordinated with";
/// Rule 2a.
pub const SCENE: &str = "the place the sentence opens on";
/// Rule 2.
pub const SINGLE: &str = "the one state the sentence names";
/// Rule 3.
pub const PARALLEL: &str = "its place in a parallel list of states";
/// A head-of-state title without a state.
pub const LEADING: &str =
    "a head-of-state title without a state: the state the document mentions most";
/// A spokesperson without a state.
pub const PRINCIPAL: &str = "a spokesperson: the state of the person the readout is about";

/// Another person found after a title cue in the same sentence (not yet a mention).
#[derive(Debug, Clone, Copy)]
pub struct Peer {
    /// Byte offset of the start of the person's title cue in the sentence.
    pub cue_start: usize,
    /// Byte offset one past the person's name in the sentence.
    pub end: usize,
    /// The affiliation the person's cue names.
    pub affiliation: Option<usize>,
}

/// The affiliation of the person whose title cue is `cue` (spans of the sentence, byte offsets
/// in the sentence), by the rules of this module; `peers` are the other people found after
/// title cues in the sentence: the affiliations their cues name ("met with *Mongolian* Prime
/// Minister X") are theirs, not this person's.
pub fn from_context(
    cx: &Sentence<'_>,
    cue: &TitleCue,
    peers: &[Peer],
) -> Option<(usize, &'static str)> {
    let lex = cx.lex;
    // a former office holder acts for no one the sentence names
    let title = cue.title.to_lowercase();
    let first = title.split([' ', '-']).next().unwrap_or("");
    if lex.words.has(super::lexicon::List::Former, first) {
        return None;
    }
    if let Some(a) = coordinated(cx, cue, peers) {
        return Some((a, COORDINATED));
    }
    // a byline or dateline names where the words were said ("As delivered by Chargé
    // d'Affaires X to the Permanent Council, Vienna"), not whom the speaker acts for
    if lex
        .words
        .has(super::lexicon::List::StateSector, &cue.sector)
        && !cx.unpunctuated()
        && not_the_visitor(cx, cue)
    {
        let taken: Vec<usize> = peers.iter().filter_map(|p| p.affiliation).collect();
        // the states inside other people's cues are theirs ("former Prime Minister of Italy X")
        let theirs: Vec<(usize, usize)> = peers.iter().map(|p| (p.cue_start, p.end)).collect();
        return scene(cx, cue, &taken)
            .map(|a| (a, SCENE))
            .or_else(|| single_state(cx, cue, &taken, &theirs).map(|a| (a, SINGLE)));
    }
    None
}

/// Rule 3: the affiliation of the `which`-th of the sentence's titled people (`names`: each
/// one's start and whether its cue names an affiliation, in text order) from a parallel list.
pub fn parallel(cx: &Sentence<'_>, names: &[(usize, bool)], which: usize) -> Option<usize> {
    use super::lexicon::List;
    let (lex, sentence, spans, ws) = (cx.lex, cx.text, cx.spans, cx.words);
    for (i, w) in ws.iter().enumerate() {
        if !lex.words.has(List::PluralTitle, &w.folded) {
            continue;
        }
        let Some(join) = ws
            .get(i + 1)
            .filter(|j| lex.words.has(List::PluralJoin, &j.folded))
        else {
            continue;
        };
        // the list of states right after: "Armenia and Azerbaijan", "Chile, Peru and Bolivia"
        let mut states = Vec::new();
        let mut at = join.end;
        for s in spans.iter().filter(|s| s.start >= join.end) {
            let gap = sentence[at..s.start].trim();
            let glue = gap.is_empty()
                || matches!(gap, "," | "and" | ", and" | "&")
                || (states.is_empty() && gap == "the");
            if !glue {
                break;
            }
            match s.actor.filter(|_| s.kind == ActorType::State) {
                Some(a) => states.push(a),
                None => break,
            }
            at = s.end;
        }
        states.dedup();
        if states.len() < 2 {
            continue;
        }
        let after: Vec<usize> = names
            .iter()
            .enumerate()
            .filter(|(_, n)| n.0 >= at && !n.1)
            .map(|(k, _)| k)
            .collect();
        if after.len() != states.len() {
            return None;
        }
        return after
            .iter()
            .position(|&k| k == which)
            .map(|idx| states[idx]);
    }
    None
}

/// Rule 2a: a sentence that opens on where it happens ("In Ulaanbaatar, the Deputy Secretary
/// met Foreign Minister B and …") sets the scene for the whole sentence, whatever other states
/// its later clauses name: the host's officials act for the state of that place.
fn scene(cx: &Sentence<'_>, cue: &TitleCue, taken: &[usize]) -> Option<usize> {
    let (g, lex, sentence, spans) = (cx.g, cx.lex, cx.text, cx.spans);
    let lead = sentence.trim_start();
    let offset = sentence.len() - lead.len();
    let ws = cx.words_in(offset, super::words::ahead(sentence, offset, 40));
    let w = ws.first()?;
    if !super::cues::locative_before(&lex.words, sentence, cx.words, ws.get(1)?.start)
        || w.end > cue.start
    {
        return None;
    }
    let place = spans.iter().find(|s| s.start >= w.end)?;
    if !adjacent_text(sentence, w.end, place.start) || !sentence[place.end..].starts_with(',') {
        return None;
    }
    let i = place.actor?;
    let a = g.get(i);
    let state = match a.actor_type() {
        ActorType::State => Some(i),
        ActorType::Place => g.country_index(i),
        _ => None,
    }?;
    (!taken.contains(&state)).then_some(state)
}

fn adjacent_text(sentence: &str, a: usize, b: usize) -> bool {
    a <= b && sentence[a..b].trim().is_empty()
}

/// In a sentence with a meeting or travel verb ("met", "will meet", "talks with", "will travel
/// to"), the person before the verb is the visitor, who does not act for the state the sentence
/// is set in: "In Senegal, Special Envoy Holm met President Diallo". The verbs are the `meet`
/// and `travel` classes of `frames.csv`.
fn not_the_visitor(cx: &Sentence<'_>, cue: &TitleCue) -> bool {
    let lex = cx.lex;
    let meet = |lo: usize, hi: usize| {
        cx.words_in(lo, hi).iter().any(|w| {
            lex.frames.in_class("meet", &w.folded) || lex.frames.in_class("travel", &w.folded)
        })
    };
    meet(0, cue.start) || !meet(cue.end, cx.text.len())
}

/// Rule 1: "… President A and Prime Minister B".
fn coordinated(cx: &Sentence<'_>, cue: &TitleCue, peers: &[Peer]) -> Option<usize> {
    let (sentence, spans) = (cx.text, cx.spans);
    let before = sentence[..cue.start].trim_end();
    let glue = if let Some(b) = before.strip_suffix(',') {
        b
    } else {
        let ws = cx.words_in(back(sentence, before.len(), 8), before.len());
        match ws.last() {
            Some(w) if w.folded == "and" && w.end == before.len() => &sentence[..w.start],
            _ => return None,
        }
    };
    let end = glue.trim_end().len();
    if let Some(p) = peers.iter().find(|p| p.end == end) {
        return p.affiliation;
    }
    let prev = spans
        .iter()
        .rev()
        .find(|s| s.end <= end && s.kind == ActorType::Person)
        .filter(|s| s.end == end)?;
    let prev_cue = people::title_before(cx, prev.start)?;
    prev_cue.affiliation
}

/// Rule 2: the one state of the sentence, the other people's states set aside.
fn single_state(
    cx: &Sentence<'_>,
    cue: &TitleCue,
    taken: &[usize],
    theirs: &[(usize, usize)],
) -> Option<usize> {
    let (g, spans) = (cx.g, cx.spans);
    let mut states = Vec::new();
    let mut others = taken.to_vec();
    for s in spans {
        let Some(i) = s.actor else { continue };
        // a state inside the cue is its portfolio ("Special Envoy for Somalia"), not whom the
        // person acts for: the cue would have named it otherwise
        if cue.start <= s.start && s.end <= cue.end
            || theirs.iter().any(|&(a, b)| a <= s.start && s.end <= b)
        {
            continue;
        }
        let a = g.get(i);
        match a.actor_type() {
            ActorType::State => states.push(i),
            ActorType::Place => states.extend(g.country_index(i)),
            ActorType::Person | ActorType::Org => {}
        }
    }
    // the states other titled people of the sentence are named with ("met with *Mongolian*
    // Prime Minister X"): that person's, not this one's
    let other_people = spans
        .iter()
        .filter(|s| s.kind == ActorType::Person && (s.end <= cue.start || s.start > cue.end));
    for s in other_people {
        let named = people::title_before(cx, s.start).and_then(|c| c.affiliation);
        others.extend(named);
    }
    states.sort_unstable();
    states.dedup();
    states.retain(|s| !others.contains(s));
    match states.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}
