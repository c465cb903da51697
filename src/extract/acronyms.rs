//! Organizations a text defines for itself: "the Joint Verification Mechanism (JVM)". No
//! gazetteer lists every mission, mechanism, commission or coalition, but a text that gives a
//! name and its acronym in brackets says that the name is one actor and that the acronym stands
//! for it in the rest of the text.
//!
//! A definition is a run of capitalized words (with "of", "for", "and", "the", … between them,
//! from the `portfolio_for` and `particle` lists of `words.csv`) right before a bracketed
//! acronym of two to eight capitals whose letters are the words' leading letters in order: each
//! capitalized word gives one letter or more ("Kosovo Force (KFOR)"), connectors none or their
//! first ("Organization of American States (OAS)"). Precision first: the letters must account
//! for every capitalized word of the name.

use super::lexicon::{Lexicons, List};
use super::words::{words_of, Word};

/// Longest name read before the brackets, in words.
const MAX_WORDS: usize = 10;

/// One definition in a sentence: byte spans (in the sentence) of the name and of the acronym.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// Start of the name.
    pub start: usize,
    /// End of the name.
    pub end: usize,
    /// The acronym as written ("JVM").
    pub acronym: String,
    /// Start of the acronym (inside the brackets).
    pub acronym_start: usize,
    /// End of the acronym.
    pub acronym_end: usize,
}

/// Whether `s` is an acronym: two to eight capital letters (ASCII or not), nothing else.
fn is_acronym(s: &str) -> bool {
    let n = s.chars().count();
    (2..=8).contains(&n) && s.chars().all(|c| c.is_uppercase())
}

/// Whether the acronym's letters can be read off the words' leading letters, in order: every
/// capitalized word gives at least one letter (a prefix of itself), a connector none or its
/// first.
fn spells(acronym: &[char], ws: &[(Vec<char>, bool)]) -> bool {
    fn go(a: &[char], ws: &[(Vec<char>, bool)]) -> bool {
        let Some(((word, capital), rest)) = ws.split_first() else {
            return a.is_empty();
        };
        if !capital && go(a, rest) {
            return true;
        }
        let most = if *capital { word.len() } else { 1 };
        (1..=most.min(a.len())).any(|k| {
            word[..k]
                .iter()
                .zip(&a[..k])
                .all(|(w, c)| w.to_uppercase().eq(c.to_uppercase()))
                && go(&a[k..], rest)
        })
    }
    go(acronym, ws)
}

/// The definitions in one sentence, read from its words (`ws`, the sentence's one split).
pub fn find(lex: &Lexicons, sentence: &str, sentence_words: &[Word<'_>]) -> Vec<Definition> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = sentence[from..].find('(').map(|i| from + i) {
        from = open + 1;
        let Some(close) = sentence[open..].find(')').map(|i| open + i) else {
            break;
        };
        let acronym = sentence[open + 1..close].trim();
        if !is_acronym(acronym) {
            continue;
        }
        let lead = sentence[..open].trim_end();
        let ws = words_of(
            sentence,
            sentence_words,
            (super::words::back(sentence, lead.len(), 200), lead.len()),
            lex.word_rules(),
        );
        // the run of name words right before the brackets
        let mut first = ws.len();
        while first > 0 && ws.len() - first < MAX_WORDS {
            let w = &ws[first - 1];
            let glued = first == ws.len() || sentence[w.end..ws[first].start].trim().is_empty();
            if !glued || !(w.capitalized() || connector(lex, w)) {
                break;
            }
            first -= 1;
        }
        let letters: Vec<char> = acronym.chars().collect();
        // the longest run that starts with a capitalized word and spells the acronym
        let found = (first..ws.len())
            .filter(|&i| ws[i].capitalized() && !connector(lex, &ws[i]))
            .find(|&i| {
                let parts: Vec<(Vec<char>, bool)> = ws[i..]
                    .iter()
                    .map(|w| {
                        (
                            w.text.chars().collect(),
                            w.capitalized() && !connector(lex, w),
                        )
                    })
                    .collect();
                parts.iter().filter(|p| p.1).count() >= 2 && spells(&letters, &parts)
            });
        if let Some(i) = found {
            let acronym_start = open
                + 1
                + (sentence[open + 1..close].len() - sentence[open + 1..close].trim_start().len());
            out.push(Definition {
                start: ws[i].start,
                end: ws[ws.len() - 1].end,
                acronym: acronym.to_string(),
                acronym_start,
                acronym_end: acronym_start + acronym.len(),
            });
        }
    }
    out
}

/// Small words inside names: "of", "for", "and", "the", "de", …
fn connector(lex: &Lexicons, w: &Word<'_>) -> bool {
    let f = w.folded.as_str();
    lex.words.has(List::NameConnector, f)
        || lex.words.has(List::PortfolioNotAffiliation, f)
        || lex.words.has(List::Particle, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_table() {
        let lex = Lexicons::builtin();
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            (
                "It set up the Joint Verification Mechanism (JVM) last year.",
                Some(("Joint Verification Mechanism", "JVM")),
            ),
            (
                "Troops of the Kosovo Force (KFOR) patrolled.",
                Some(("Kosovo Force", "KFOR")),
            ),
            (
                "The Organization of American States (OAS) met.",
                Some(("Organization of American States", "OAS")),
            ),
            (
                "Forces Armées de la République Démocratique du Congo (FARDC) units moved.",
                Some((
                    "Forces Armées de la République Démocratique du Congo",
                    "FARDC",
                )),
            ),
            // the letters do not account for the words
            ("The Haiti Security Support Mission (MSS) began.", None),
            // not an acronym
            ("The Central Bank (which is independent) acted.", None),
            ("President Ruto (Kenya) spoke.", None),
            // one word is not a name of its own
            ("The Quartet (QT) met.", None),
        ];
        for (s, want) in cases {
            let got = find(&lex, s, &super::super::words::words(s, lex.word_rules()));
            let got = got
                .first()
                .map(|d| (&s[d.start..d.end], d.acronym.as_str()));
            assert_eq!(got, *want, "{s:?}");
        }
    }
}
