//! People's titles and affiliations read from the text, and people the gazetteer does not know.
//!
//! A title cue is a title phrase from the titles lexicon ("foreign minister", "FM", "special
//! envoy"), optionally after modifiers ("presidential", "deputy") and before honorifics ("Prince",
//! "Sayyid"). Right before the title an actor may give the affiliation ("*Iranian* foreign
//! minister", "*U.S.* special envoy", "*Anbar* Governor" → the state Anbar lies in); so may
//! "of *Iraq*" right after the name, or an appositive ("Witkoff, *the U.S.* special envoy").
//! A capitalized name right after a title cue that the gazetteer does not know becomes a
//! discovered person. Precision first: no title cue, no person.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::lexicon::{Lexicons, List};
use super::words::{adjacent, back, first_from, Word};
use crate::gazetteer::{ActorType, Gazetteer};

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

/// One sentence as the people and affiliation rules read it: every rule takes this one value,
/// not the gazetteer, the lexicons, the text, its words and its mentions one by one. The words
/// are split once per sentence (from the document's one fold) and shared by every rule; offsets
/// are bytes of the sentence.
#[derive(Debug, Clone, Copy)]
pub struct Sentence<'a> {
    /// The gazetteer the mentions come from.
    pub g: &'a Gazetteer,
    /// The lexicons (titles, word lists, frames).
    pub lex: &'a Lexicons,
    /// The sentence as written.
    pub text: &'a str,
    /// Its words ([`crate::text::words::words`] of `text`).
    pub words: &'a [Word<'a>],
    /// Its mentions, sorted by start.
    pub spans: &'a [Span],
}

impl<'a> Sentence<'a> {
    /// Whether the sentence ends without a full stop, question or exclamation mark (or a quote
    /// after one): a heading, a byline or a dateline rather than a sentence of the story.
    pub fn unpunctuated(&self) -> bool {
        !self
            .text
            .trim_end()
            .ends_with(['.', '!', '?', '"', '\u{201D}'])
    }

    /// The words of `text[lo..hi]` with offsets into the sentence: a slice of the sentence's
    /// words when both ends fall where the splitter starts afresh, else the range split again
    /// (a bounded look back that starts inside a word splits it differently).
    pub fn words_in(&self, lo: usize, hi: usize) -> Cow<'a, [Word<'a>]> {
        super::words::words_of(self.text, self.words, (lo, hi), self.lex.word_rules())
    }
}

/// The state or organization an actor mention stands for as an affiliation.
pub(super) fn affiliation_of(g: &Gazetteer, span: &Span) -> Option<usize> {
    let i = span.actor?;
    let a = g.get(i);
    match a.actor_type() {
        ActorType::State | ActorType::Org => Some(i),
        ActorType::Place => g.country_index(i),
        ActorType::Person => None,
    }
}

/// Finds a title phrase that ends at word `end` (exclusive): returns (first word index, title).
fn title_ending_at<'l>(
    lex: &'l Lexicons,
    ws: &[Word<'_>],
    end: usize,
) -> Option<(usize, &'l super::lexicon::TitleWord)> {
    // the longest candidate phrase, written once on the stack; the shorter ones are its
    // suffixes (no Vec or String per candidate, nor per call)
    let first = end.saturating_sub(4);
    let mut buf: smallvec::SmallVec<[u8; 128]> = smallvec::SmallVec::new();
    let mut starts = [0usize; 4];
    for (n, w) in ws[first..end].iter().enumerate() {
        if n > 0 {
            buf.push(b' ');
        }
        starts[n] = buf.len();
        buf.extend_from_slice(w.folded.trim_end_matches('.').as_bytes());
    }
    let phrase = std::str::from_utf8(&buf).expect("words joined by spaces are text");
    (0..end - first).find_map(|n| lex.title(&phrase[starts[n]..]).map(|t| (first + n, t)))
}

/// The title cue right before byte `at` of the sentence (the start of a person's name).
///
/// The grammar is compositional, and every word class comes from `words.csv`:
/// `[actor | actor's] modifier* TITLE [(of | for) portfolio] [rank/service*] [honorific*] Name`,
/// where TITLE is a phrase of `titles.csv` and the portfolio is any run of portfolio words and
/// actors joined by "and" and commas ("Minister of Maritime Affairs and Fisheries", "Special
/// Representative for Sudan and South Sudan"). An office may stand before a rank or a second
/// office ("Press Secretary Air Force Maj. Gen.", "Deputy Prime Minister and Minister of
/// Finance"): the cue is then the outer office, with its affiliation.
pub fn title_before(cx: &Sentence<'_>, at: usize) -> Option<TitleCue> {
    // a title and its affiliation sit within a few words before the name
    let ws = cx.words_in(back(cx.text, at, 200), at);
    cue_ending(cx, &ws, ws.len(), at, 0)
}

/// Whether only spaces, or one comma, separate two offsets: the glue of a portfolio list.
fn listed(sentence: &str, a: usize, b: usize) -> bool {
    a <= b && matches!(sentence[a..b].trim(), "" | ",")
}

/// The span that covers a word, if any.
fn covering<'s>(spans: &'s [Span], w: &Word<'_>) -> Option<&'s Span> {
    let i = spans.partition_point(|s| s.end <= w.start);
    spans[i..]
        .iter()
        .take_while(|s| s.start <= w.start)
        .find(|s| w.end <= s.end)
}

/// A portfolio ending at word `end`: the words of the portfolio (portfolio words, actors, "and")
/// back to the joining "of" / "for"; returns the index of the joining word, whether it is an
/// `of` (an actor there is the affiliation), and the one state or organization named in it.
fn portfolio_ending_at(
    g: &Gazetteer,
    lex: &Lexicons,
    sentence: &str,
    spans: &[Span],
    ws: &[Word<'_>],
    end: usize,
) -> Option<(usize, bool, Option<usize>)> {
    let mut k = end;
    let mut content = 0;
    let mut actors: Vec<usize> = Vec::new();
    while k > 0 {
        let w = &ws[k - 1];
        if k < end && !listed(sentence, w.end, ws[k].start) {
            break;
        }
        let f = w.folded.trim_end_matches('.');
        if let Some(s) = covering(spans, w) {
            actors.extend(affiliation_of(g, s));
            content += 1;
        } else if lex.words.has(List::Portfolio, f) {
            content += 1;
        } else if !lex.words.has(List::PortfolioGlue, f) {
            break;
        }
        k -= 1;
    }
    if content == 0 || k == 0 || k == end {
        return None;
    }
    let join = ws[k - 1].folded.as_str();
    let of = join == "of";
    if !(of || lex.words.has(List::PortfolioNotAffiliation, join))
        || !adjacent(sentence, ws[k - 1].end, ws[k].start)
        || ws[k].folded == "and"
        || ws[end - 1].folded == "the"
    {
        return None;
    }
    actors.sort_unstable();
    actors.dedup();
    let named = match actors.as_slice() {
        [one] if of => Some(*one),
        _ => None,
    };
    Some((k - 1, of, named))
}

/// For a government, military or diplomatic title, an organ of a state (an organization whose
/// gazetteer affiliation is a state: the Pentagon, a foreign ministry) stands for the state:
/// "Pentagon Press Secretary X" acts for the United States. Other titles keep the organization
/// ("BBC correspondent").
fn state_organ(g: &Gazetteer, lex: &Lexicons, a: usize, sector: &str) -> usize {
    let actor = g.get(a);
    if actor.actor_type() != ActorType::Org || !lex.words.has(List::StateSector, sector) {
        return a;
    }
    g.affiliation_index(a)
        .filter(|&i| g.get(i).actor_type() == ActorType::State)
        .unwrap_or(a)
}

/// The actor a title names by itself (`implies` in `titles.csv`), unless it has a portfolio.
fn implied(g: &Gazetteer, t: &super::lexicon::TitleWord, composed: bool) -> Option<usize> {
    if composed && !t.implies_with_portfolio {
        return None;
    }
    t.implies.as_deref().and_then(|id| g.index_of(id))
}

/// The cue whose words end at word `end` of `ws` (the words before the name, which starts at
/// byte `at`); `depth` bounds the chain of offices.
fn cue_ending(
    cx: &Sentence<'_>,
    ws: &[Word<'_>],
    end0: usize,
    at: usize,
    depth: u8,
) -> Option<TitleCue> {
    let (g, lex, sentence, spans) = (cx.g, cx.lex, cx.text, cx.spans);
    let mut end = end0;
    while end > 0 && lex.words.has(List::Honorific, &ws[end - 1].folded) {
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
    // the title phrase itself, or a title with its portfolio ("Minister of Maritime Affairs")
    let direct = title_ending_at(lex, ws, end).map(|(f, t)| (f, t, None, false));
    let found = direct.or_else(|| {
        let (join, of, named) = portfolio_ending_at(g, lex, sentence, spans, ws, end)?;
        let (f, t) = title_ending_at(lex, ws, join)?;
        Some((f, t, named.filter(|_| of), true))
    });
    let Some((mut first, t, portfolio_affiliation, composed)) = found else {
        if depth > 0 || end0 != ws.len() {
            return None;
        }
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
    while first > 0 && lex.words.has(List::Modifier, &ws[first - 1].folded) {
        first -= 1;
        modifiers.push(ws[first].folded.clone());
    }
    let mut title = if composed {
        // the title as written, its portfolio included: "Minister of Maritime Affairs and Fisheries"
        let (a, b) = (ws[first].start, ws[end - 1].end);
        sentence[a..b]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        t.canonical.clone()
    };
    if !composed {
        for m in lex.words.words(List::TitleModifier) {
            if modifiers.iter().any(|x| x == m.as_str())
                && !title.to_lowercase().contains(m.as_str())
            {
                let mut cs = m.chars();
                let head: String = cs.next().into_iter().flat_map(char::to_uppercase).collect();
                title = format!("{head}{} {title}", cs.as_str());
            }
        }
    }
    let cue_start = ws[first].start;
    // an office before this title: ranks and services between ("Press Secretary Air Force Maj.
    // Gen."), a second office ("Deputy Prime Minister and Minister of Finance"), or the region
    // the office is for ("Special Representative for Sudan and South Sudan Ambassador")
    if depth < 3 && first > 0 {
        let mut k = first;
        while k > 0
            && lex
                .words
                .has(List::Service, ws[k - 1].folded.trim_end_matches('.'))
            && matches!(sentence[ws[k - 1].end..ws[k].start].trim(), "" | ".")
        {
            k -= 1;
        }
        if k == first && k > 0 && ws[k - 1].folded == "and" {
            k -= 1;
        }
        if k == first {
            if let Some((join, false, _)) = portfolio_ending_at(g, lex, sentence, spans, ws, k) {
                k = join;
            }
        }
        if k < first {
            let after = ws[k].start;
            if let Some(outer) = cue_ending(cx, &ws[..k], k, after, depth + 1) {
                let joined_by_and = ws[k].folded == "and" && k + 1 == first;
                return Some(TitleCue {
                    title: if joined_by_and {
                        format!("{} and {title}", outer.title)
                    } else {
                        outer.title
                    },
                    sector: outer.sector,
                    affiliation: outer.affiliation.or(portfolio_affiliation),
                    start: outer.start,
                    end: ws[end - 1].end,
                });
            }
        }
    }
    // an actor right before the title: "Iranian foreign minister", "Iran's foreign minister"
    let mut before_at = cue_start;
    if first > 0 && ws[first - 1].possessive() && adjacent(sentence, ws[first - 1].end, cue_start) {
        before_at = ws[first - 1].start;
    }
    let affiliation_span = spans[..spans.partition_point(|s| s.end <= before_at)]
        .last()
        .filter(|s| adjacent(sentence, s.end, before_at));
    // "In Senegal Under Secretary Burns": a state after a locative word is where the person
    // is, not whom they act for; "for Sudan Ambassador X": the region of the office
    let in_portfolio = |s: &Span| {
        let i = ws.partition_point(|w| w.end <= s.start);
        i > 0 && {
            let f = ws[i - 1].folded.as_str();
            (f == "and" || lex.words.has(List::PortfolioNotAffiliation, f))
                && portfolio_ending_at(g, lex, sentence, spans, ws, first)
                    .is_some_and(|(_, of, _)| !of)
        }
    };
    let affiliation = affiliation_span
        .filter(|s| !super::cues::locative_before(&lex.words, sentence, cx.words, s.start))
        .filter(|s| !in_portfolio(s))
        .and_then(|s| affiliation_of(g, s))
        .or(portfolio_affiliation)
        .or_else(|| implied(g, t, composed));
    // a former office says whom the person acted for, not whom they act for now
    let former = modifiers.iter().any(|m| lex.words.has(List::Former, m));
    let affiliation = affiliation
        .filter(|_| !former)
        .map(|a| state_organ(g, lex, a, &t.sector));
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
pub fn of_state_after(cx: &Sentence<'_>, at: usize) -> Option<usize> {
    let (sentence, spans) = (cx.text, cx.spans);
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
pub fn appositive_after(cx: &Sentence<'_>, at: usize) -> Option<TitleCue> {
    let (g, lex, sentence, spans) = (cx.g, cx.lex, cx.text, cx.spans);
    let rest = &sentence[at..];
    let trimmed = rest.trim_start();
    if !trimmed.starts_with(',') {
        return None;
    }
    // up to 7 words, up to the next comma, semicolon or full stop between words: the periods
    // of an abbreviation ("the U.S. special envoy") are inside its word and end nothing
    let comma = at + (rest.len() - trimmed.len()) + 1;
    let after = &cx.words[first_from(cx.words, comma)..];
    let mut taken = 0;
    let mut last_end = comma;
    for w in after.iter().take(7) {
        if sentence[last_end..w.start].contains([',', ';', '.']) {
            break;
        }
        taken += 1;
        last_end = w.end;
    }
    let ws = &after[..taken];
    for end in (1..=ws.len()).rev() {
        if let Some((first, t)) = title_ending_at(lex, ws, end) {
            // everything before the title must be articles, modifiers, an actor or a possessive
            let lead_ok = ws[..first].iter().all(|w| {
                lex.words.has(List::AppositiveLead, &w.folded)
                    || lex.words.has(List::Modifier, &w.folded)
                    || spans.iter().any(|s| s.start <= w.start && w.end <= s.end)
            });
            if !lead_ok {
                continue;
            }
            let lo = at;
            let hi = ws[first].start;
            let affiliation = spans
                .iter()
                .filter(|s| s.start >= lo && s.end <= hi)
                .find_map(|s| affiliation_of(g, s))
                .or_else(|| implied(g, t, false));
            return Some(TitleCue {
                title: t.canonical.clone(),
                sector: t.sector.clone(),
                affiliation,
                start: at,
                end: ws[end - 1].end,
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
    /// Known people whose one-word alias the name runs over ("Spokesperson Matthew *Miller*"
    /// with a Christopher Miller in the gazetteer): the longer name is the person meant.
    pub absorbed: Vec<usize>,
    /// Whether the name runs over a mention (an absorbed alias, a place as first name or
    /// surname): that mention gives way to the name.
    pub runs_over: bool,
}

/// Whether a word is written in capitals only (three letters or more: not an initial or "II").
fn shouting(t: &str) -> bool {
    t.chars().filter(|c| c.is_alphabetic()).count() >= 3 && t.chars().all(|c| !c.is_lowercase())
}

/// "AL-SHAMI" → "Al-Shami": each part of a capitalized word, first letter kept.
fn title_cased(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut start = true;
    for c in t.chars() {
        if start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        start = matches!(c, '-' | '\'' | '\u{2019}');
    }
    out
}

/// Whether a word is an initial: one capital letter ("L" of "Jeffrey L. DeLaurentis").
fn initial(w: &Word<'_>) -> bool {
    let mut cs = w.text.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
}

/// Finds names right after title cues that no mention covers. A caller that reads many
/// sentences checks [`Lexicons::may_have_title`] first.
pub fn discover(cx: &Sentence<'_>) -> Vec<FoundName> {
    let (lex, sentence, spans, ws) = (cx.lex, cx.text, cx.spans, cx.words);
    let unpunctuated = cx.unpunctuated();
    // a headline in title case makes every word look like a name; only a byline's shape is
    // read there: the line ends with the name ("Ambassador Jeffrey L. DeLaurentis", "As
    // delivered by Chargé d'Affaires Gary Robbins")
    let byline_only = unpunctuated && title_case(ws);
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
        while j < ws.len() && lex.words.has(List::Honorific, &ws[j].folded) && ws[j].capitalized() {
            j += 1;
        }
        // inside a title: a rank or service ("Air Force Maj."), or a portfolio word after the
        // portfolio's start ("Minister of Maritime *Affairs*")
        let in_title = |j: usize| {
            let f = ws[j].folded.trim_end_matches('.');
            lex.words.has(List::Service, f)
                || (lex.words.has(List::Portfolio, f)
                    && j > 0
                    && (lex.words.has(List::Portfolio, ws[j - 1].folded.as_str())
                        || covered(&ws[j - 1])
                        || matches!(ws[j - 1].folded.as_str(), "of" | "and" | "&")
                        || lex
                            .words
                            .has(List::PortfolioNotAffiliation, ws[j - 1].folded.as_str())))
        };
        // a known person's one-word alias that starts a longer name ("Ambassador *Jeffrey* L.
        // DeLaurentis" with a James Jeffrey in the gazetteer) does not stop it
        // so does a one-word place or state right after a title ("Interior Minister *Victoria*
        // Alvarez", "Defense Minister *Israel* Katz"): a title cue is followed by a name
        let one_word_person = |j: usize| {
            spans.iter().any(|s| {
                s.start == ws[j].start
                    && s.end == ws[j].end
                    && matches!(
                        s.kind,
                        ActorType::Person | ActorType::Place | ActorType::State
                    )
            }) && ws.get(j + 1).is_some_and(|n| {
                n.capitalized()
                    && !covered(n)
                    && !lex.words.has(List::NotName, &n.folded)
                    && lex.title(&n.folded).is_none()
                    && (adjacent(sentence, ws[j].end, n.start))
            })
        };
        let starts_name = j < ws.len()
            && ws[j].capitalized()
            && !in_title(j)
            && (!covered(&ws[j]) || one_word_person(j))
            && !lex.words.has(List::Particle, &ws[j].folded)
            && !lex.words.has(List::NotName, &ws[j].folded)
            && lex.title(&ws[j].folded).is_none()
            && !ws[j].text.chars().any(|c| c.is_ascii_digit());
        if !starts_name || i == 0 {
            i += 1;
            continue;
        }
        let Some(cue) = title_before(cx, ws[j].start) else {
            i += 1;
            continue;
        };
        let mut k = j;
        let mut tokens = Vec::new();
        let mut absorbed = Vec::new();
        let mut runs_over = false;
        // whether the first word is a one-word alias the name runs over (computed once)
        let first_is_alias = covered(&ws[j]) && one_word_person(j);
        while k < ws.len() && tokens.len() < 5 {
            let w = &ws[k];
            // a known person's one-word alias right after a first name is this person's surname
            let surname_of = (k > j || first_is_alias)
                .then(|| {
                    spans.iter().find(|s| {
                        s.start == w.start && s.end == w.end && s.kind == ActorType::Person
                    })
                })
                .flatten();
            let first_name = k == j && first_is_alias;
            // a one-word place after a first name is a surname: "Juan Manuel *Santos*" with the
            // city of Santos in a gazetteer
            let place_surname = k > j
                && spans
                    .iter()
                    .any(|s| s.start == w.start && s.end == w.end && s.kind == ActorType::Place);
            // "Jr.", "Sr.", "III" close a name, after a comma too ("Martin Luther King, Jr.")
            if k > j + 1
                && lex
                    .words
                    .has(List::NameSuffix, w.folded.trim_end_matches('.'))
                && matches!(sentence[ws[k - 1].end..w.start].trim(), "" | ",")
            {
                let written = if sentence[w.end..].starts_with('.') {
                    format!("{}.", w.text)
                } else {
                    w.text.to_string()
                };
                tokens.push(written);
                k += 1;
                break;
            }
            // an initial keeps its period: "Jeffrey L. DeLaurentis"
            let joined = k > j
                && (adjacent(sentence, ws[k - 1].end, w.start)
                    || (initial(&ws[k - 1]) && sentence[ws[k - 1].end..w.start].trim() == "."));
            if (covered(w) && surname_of.is_none() && !first_name && !place_surname)
                || w.possessive()
                || (k > j && !joined)
            {
                break;
            }
            let particle = lex.words.has(List::Particle, &w.folded);
            if !(particle || w.capitalized() && !lex.words.has(List::NotName, &w.folded)) {
                break;
            }
            if let Some(a) = surname_of.and_then(|s| s.actor) {
                absorbed.push(a);
            }
            runs_over |= covered(w);
            let is_initial =
                initial(w) && ws.get(k + 1).is_some() && sentence[w.end..].starts_with('.');
            tokens.push(if is_initial {
                format!("{}.", w.text)
            } else {
                w.text.to_string()
            });
            k += 1;
        }
        if absorbed.len() > 1 || tokens.len() < 2 {
            absorbed.clear();
        }
        while tokens
            .last()
            .is_some_and(|t| lex.words.has(List::Particle, &t.to_lowercase()))
        {
            tokens.pop();
            k -= 1;
        }
        if byline_only && (k < ws.len() || tokens.len() < 2) {
            tokens.clear();
        }
        // an all-caps speaker label ("FOREIGN MINISTER ALVARADO:") names the person as the
        // rest of the text writes them
        if !tokens.is_empty() && tokens.iter().all(|t| shouting(t)) {
            for t in &mut tokens {
                *t = title_cased(t);
            }
        }
        if !tokens.is_empty() {
            let end = ws[k - 1].end;
            let mut cue = cue;
            // "Minister of Finance Tomas Berglund of Norway"
            if cue.affiliation.is_none() {
                cue.affiliation = of_state_after(cx, end);
            }
            out.push(FoundName {
                start: ws[j].start,
                end,
                tokens,
                cue,
                absorbed,
                runs_over,
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
