//! People's titles and affiliations read from the text, and people the gazetteer does not know.
//!
//! A title cue is a title phrase from the titles lexicon ("foreign minister", "FM", "special
//! envoy"), optionally after modifiers ("presidential", "deputy") and before honorifics ("Prince",
//! "Sayyid"). Right before the title an actor may give the affiliation ("*Iranian* foreign
//! minister", "*U.S.* special envoy", "*Anbar* Governor" → the state Anbar lies in); so may
//! "of *Iraq*" right after the name, or an appositive ("Witkoff, *the U.S.* special envoy").
//! A capitalized name right after a title cue that the gazetteer does not know becomes a
//! discovered person. Precision first: no title cue, no person.

use std::collections::BTreeMap;

use super::lexicon::Lexicons;
use super::words::{adjacent, ahead, back, words, words_in, Word};
use crate::gazetteer::{ActorType, Gazetteer};

/// Words allowed before a title phrase.
const MODIFIERS: &[&str] = &[
    "special",
    "presidential",
    "deputy",
    "acting",
    "former",
    "senior",
    "top",
    "chief",
    "interim",
    "then",
    "new",
    "veteran",
    "incoming",
    "outgoing",
    "longtime",
    "assistant",
    "under",
];

/// Honorifics between a title and a name: "Foreign Minister Prince Faisal".
const HONORIFICS: &[&str] = &[
    "prince",
    "princess",
    "sheikh",
    "sheikha",
    "sayyid",
    "sayed",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "dame",
    "lord",
    "his",
    "her",
    "excellency",
    "highness",
    "h.e.",
];

/// Particles inside names: "Mohammed bin Abdulrahman Al Thani".
const PARTICLES: &[&str] = &[
    "bin", "bint", "ibn", "al", "el", "de", "da", "di", "du", "van", "von", "der", "den", "le",
    "la", "abu", "abd", "y", "dos", "das", "do", "ben",
];

/// Capitalized words that are never part of a person's name.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "his",
    "her",
    "they",
    "their",
    "it",
    "its",
    "this",
    "that",
    "on",
    "in",
    "at",
    "for",
    "and",
    "or",
    "but",
    "of",
    "to",
    "with",
    "by",
    "from",
    "as",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "today",
    "yesterday",
    "tomorrow",
    "said",
    "says",
    "will",
    "would",
];

/// A title (and maybe affiliation) read next to a person.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleCue {
    /// Canonical title ("Foreign Minister"), with a modifier such as "Deputy" kept.
    pub title: String,
    /// Sector of the title.
    pub sector: String,
    /// Affiliated actor (gazetteer index), if the text names one.
    pub affiliation: Option<usize>,
    /// Byte span of the cue in the sentence (title phrase, with the affiliation if any).
    pub start: usize,
    /// End of the cue.
    pub end: usize,
}

/// A mention as the people rules see it: byte span in the sentence, actor, type.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    /// Start byte in the sentence.
    pub start: usize,
    /// End byte in the sentence.
    pub end: usize,
    /// Gazetteer index, if a gazetteer actor.
    pub actor: Option<usize>,
    /// Type of the actor.
    pub kind: ActorType,
}

/// The state or organization an actor mention stands for as an affiliation.
fn affiliation_of(g: &Gazetteer, span: &Span) -> Option<usize> {
    let i = span.actor?;
    let a = g.get(i);
    match a.actor_type() {
        ActorType::State | ActorType::Org => Some(i),
        ActorType::Place => a.country.as_deref().and_then(|c| g.index_of(c)),
        ActorType::Person => None,
    }
}

/// Finds a title phrase that ends at word `end` (exclusive): returns (first word index, title).
fn title_ending_at<'l>(
    lex: &'l Lexicons,
    ws: &[Word<'_>],
    end: usize,
) -> Option<(usize, &'l super::lexicon::TitleWord)> {
    for k in (1..=4).rev() {
        if k > end {
            continue;
        }
        let phrase = ws[end - k..end]
            .iter()
            .map(|w| w.folded.trim_end_matches('.'))
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(t) = lex.title(&phrase) {
            return Some((end - k, t));
        }
    }
    None
}

/// The title cue right before byte `at` of the sentence (the start of a person's name).
pub fn title_before(
    g: &Gazetteer,
    lex: &Lexicons,
    sentence: &str,
    spans: &[Span],
    at: usize,
) -> Option<TitleCue> {
    // a title and its affiliation sit within a few words before the name
    let ws = words_in(sentence, back(sentence, at, 160), at);
    let mut end = ws.len();
    while end > 0 && HONORIFICS.contains(&ws[end - 1].folded.as_str()) {
        end -= 1;
    }
    if end == 0
        || !adjacent(
            sentence,
            ws[end - 1].end,
            if end == ws.len() { at } else { ws[end].start },
        )
    {
        return None;
    }
    let Some((mut first, t)) = title_ending_at(lex, &ws, end) else {
        // a capitalized honorific alone is a cue too: "execution of Sheikh Nimr al-Nimr"
        let h = ws.get(end).filter(|w| w.capitalized() && w.end <= at)?;
        let t = lex.title(h.folded.trim_end_matches('.'));
        return Some(TitleCue {
            title: t.map_or_else(
                || h.text.trim_end_matches('.').to_string(),
                |t| t.canonical.clone(),
            ),
            sector: t.map_or_else(|| "honorific".to_string(), |t| t.sector.clone()),
            affiliation: None,
            start: h.start,
            end: h.end,
        });
    };
    let mut modifiers = Vec::new();
    while first > 0 && MODIFIERS.contains(&ws[first - 1].folded.as_str()) {
        first -= 1;
        modifiers.push(ws[first].folded.clone());
    }
    let mut title = t.canonical.clone();
    for m in ["deputy", "acting", "former", "interim"] {
        if modifiers.iter().any(|x| x == m) && !title.to_lowercase().contains(m) {
            title = format!("{}{} {title}", m[..1].to_uppercase(), &m[1..]);
        }
    }
    let cue_start = ws[first].start;
    // an actor right before the title: "Iranian foreign minister", "Iran's foreign minister"
    let mut before_at = cue_start;
    if first > 0 && ws[first - 1].possessive() && adjacent(sentence, ws[first - 1].end, cue_start) {
        before_at = ws[first - 1].start;
    }
    let affiliation_span = spans[..spans.partition_point(|s| s.end <= before_at)]
        .last()
        .filter(|s| adjacent(sentence, s.end, before_at));
    // "In Senegal Under Secretary Burns": a state after a locative word is where the person
    // is, not whom they act for
    let affiliation = affiliation_span
        .filter(|s| !super::cues::locative_before(sentence, s.start))
        .and_then(|s| affiliation_of(g, s));
    Some(TitleCue {
        title,
        sector: t.sector.clone(),
        affiliation,
        start: affiliation_span
            .filter(|_| affiliation.is_some())
            .map_or(cue_start, |s| s.start),
        end: ws[end - 1].end,
    })
}

/// "of Iraq" right after a name.
pub fn of_state_after(sentence: &str, spans: &[Span], at: usize) -> Option<usize> {
    let rest = &sentence[at..];
    let skip = rest.len() - rest.trim_start().len();
    let rest2 = rest.trim_start();
    if !rest2.starts_with("of ") {
        return None;
    }
    let from = at + skip + 3;
    spans
        .iter()
        .find(|s| {
            s.start >= from
                && adjacent(sentence, from, s.start)
                && matches!(s.kind, ActorType::State)
        })
        .and_then(|s| s.actor)
}

/// An appositive title after a name: "Witkoff, the U.S. special envoy".
pub fn appositive_after(
    g: &Gazetteer,
    lex: &Lexicons,
    sentence: &str,
    spans: &[Span],
    at: usize,
) -> Option<TitleCue> {
    let rest = &sentence[at..];
    let trimmed = rest.trim_start();
    if !trimmed.starts_with(',') {
        return None;
    }
    let ws = words(&sentence[at..ahead(sentence, at, 240)]);
    // up to 7 words, stop at the next comma (the comma is one byte, after any kind of space)
    let comma = at + (rest.len() - trimmed.len()) + 1;
    let limit = sentence[comma..]
        .find([',', ';', '.'])
        .map_or(sentence.len(), |i| comma + i);
    let ws: Vec<Word<'_>> = ws
        .into_iter()
        .filter(|w| at + w.end <= limit)
        .take(7)
        .collect();
    for end in (1..=ws.len()).rev() {
        if let Some((first, t)) = title_ending_at(lex, &ws, end) {
            // everything before the title must be articles, modifiers, an actor or a possessive
            let lead_ok = ws[..first].iter().all(|w| {
                matches!(w.folded.as_str(), "the" | "a" | "an" | "'s")
                    || MODIFIERS.contains(&w.folded.as_str())
                    || spans
                        .iter()
                        .any(|s| s.start <= at + w.start && at + w.end <= s.end)
            });
            if !lead_ok {
                continue;
            }
            let lo = at;
            let hi = at + ws[first].start;
            let affiliation = spans
                .iter()
                .filter(|s| s.start >= lo && s.end <= hi)
                .find_map(|s| affiliation_of(g, s));
            return Some(TitleCue {
                title: t.canonical.clone(),
                sector: t.sector.clone(),
                affiliation,
                start: at,
                end: at + ws[end - 1].end,
            });
        }
    }
    None
}

/// A name found after a title cue that no mention covers.
#[derive(Debug, Clone)]
pub struct FoundName {
    /// Byte span of the name in the sentence.
    pub start: usize,
    /// End of the name.
    pub end: usize,
    /// The name's words.
    pub tokens: Vec<String>,
    /// The title cue before it.
    pub cue: TitleCue,
}

/// Finds names right after title cues that no mention covers.
pub fn discover(g: &Gazetteer, lex: &Lexicons, sentence: &str, spans: &[Span]) -> Vec<FoundName> {
    if !lex.may_have_title(sentence) {
        return Vec::new();
    }
    let ws = words(sentence);
    let unpunctuated = !sentence
        .trim_end()
        .ends_with(['.', '!', '?', '"', '\u{201D}']);
    if unpunctuated && title_case(&ws) {
        return Vec::new();
    }
    // spans in order of start with the furthest end so far: whether a word is covered is a
    // binary search, not a scan of every span of the sentence
    let mut ordered: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
    ordered.sort_unstable();
    let mut reach = 0;
    for s in &mut ordered {
        reach = reach.max(s.1);
        s.1 = reach;
    }
    let covered = |w: &Word<'_>| {
        super::work::add(super::work::Stage::People, 1);
        let i = ordered.partition_point(|s| s.0 < w.end);
        i > 0 && ordered[i - 1].1 > w.start
    };
    let mut out: Vec<FoundName> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        // a name starts at i if a title ends right before it (after honorifics)
        let mut j = i;
        while j < ws.len() && HONORIFICS.contains(&ws[j].folded.as_str()) && ws[j].capitalized() {
            j += 1;
        }
        let starts_name = j < ws.len()
            && ws[j].capitalized()
            && !covered(&ws[j])
            && !PARTICLES.contains(&ws[j].folded.as_str())
            && !NOT_NAMES.contains(&ws[j].folded.as_str())
            && lex.title(&ws[j].folded).is_none()
            && !ws[j].text.chars().any(|c| c.is_ascii_digit());
        if !starts_name || i == 0 {
            i += 1;
            continue;
        }
        let Some(cue) = title_before(g, lex, sentence, spans, ws[j].start) else {
            i += 1;
            continue;
        };
        let mut k = j;
        let mut tokens = Vec::new();
        while k < ws.len() && tokens.len() < 5 {
            let w = &ws[k];
            if covered(w)
                || w.possessive()
                || (k > j && !adjacent(sentence, ws[k - 1].end, w.start))
            {
                break;
            }
            let particle = PARTICLES.contains(&w.folded.as_str());
            if !(particle || w.capitalized() && !NOT_NAMES.contains(&w.folded.as_str())) {
                break;
            }
            tokens.push(w.text.to_string());
            k += 1;
        }
        while tokens
            .last()
            .is_some_and(|t| PARTICLES.contains(&t.to_lowercase().as_str()))
        {
            tokens.pop();
            k -= 1;
        }
        if !tokens.is_empty() {
            out.push(FoundName {
                start: ws[j].start,
                end: ws[k - 1].end,
                tokens,
                cue,
            });
        }
        i = k.max(i + 1);
    }
    out
}

/// Groups found names into people: a one-word name that is a word of a longer name found in the
/// same document is the same person ("President Lee" after "President Lee Myong-bak").
/// Returns, for each name, the index of its person and the person's full name.
pub fn cluster(names: &[Vec<String>]) -> (Vec<usize>, Vec<String>) {
    let mut people: Vec<Vec<String>> = Vec::new();
    // word -> the people of several words that have it (ascending, once each): a one-word name
    // looks its people up instead of scanning every person found so far
    let mut having: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut of = vec![usize::MAX; names.len()];
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(names[i].len()));
    let mut by_full: BTreeMap<String, usize> = BTreeMap::new();
    for i in order {
        super::work::add(super::work::Stage::People, 1);
        let full = names[i].join(" ");
        if let Some(&p) = by_full.get(&full) {
            of[i] = p;
            continue;
        }
        let containing: &[usize] = if names[i].len() == 1 {
            having.get(names[i][0].as_str()).map_or(&[], Vec::as_slice)
        } else {
            &[]
        };
        let p = if containing.len() == 1 {
            containing[0]
        } else {
            people.push(names[i].clone());
            let p = people.len() - 1;
            if names[i].len() > 1 {
                for w in &names[i] {
                    let list = having.entry(w.as_str()).or_default();
                    if list.last() != Some(&p) {
                        list.push(p);
                    }
                }
            }
            p
        };
        by_full.insert(full, p);
        of[i] = p;
    }
    (of, people.into_iter().map(|p| p.join(" ")).collect())
}

pub use crate::text::slug;

/// A headline (no final punctuation) in title case ("Special Representative Khalilzad Travels
/// to Afghanistan") makes every word look like a name: no discovery there.
fn title_case(ws: &[Word<'_>]) -> bool {
    let long: Vec<&Word<'_>> = ws.iter().filter(|w| w.text.chars().count() >= 4).collect();
    long.len() >= 3 && long.iter().filter(|w| w.capitalized()).count() * 10 >= long.len() * 8
}
