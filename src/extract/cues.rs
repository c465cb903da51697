//! Small word lists that read the words around a name: locative cues ("in Muscat"), type cues
//! ("Jordan's government", "Republic of Chad") and title cues ("President Lee"). The lists are
//! data: `locative`, `state_noun`, `state_before`, `title_word` and `city_noun` in `words.csv`.
//! The words read are folded, as the lists are when they are loaded.

use super::lexicon::{List, WordLists};
use crate::text::words::{adjacent, first_from, last_before, Word};

/// Whether the sentence has a possessive `'s` right at byte `end`.
fn possessive_at(sentence: &str, end: usize) -> bool {
    let after = &sentence[end..];
    after.starts_with("'s") || after.starts_with("\u{2019}s")
}

/// The word after a name that ends at byte `end`, or after its possessive (`skip` words on);
/// `None` past the end of the sentence, and when the name ends inside a word ("Iran-backed"):
/// the rest of that word is no noun of the lists.
fn word_after<'w, 'a>(ws: &'w [Word<'a>], end: usize, skip: usize) -> Option<&'w Word<'a>> {
    let i = first_from(ws, end);
    if i > 0 && ws[i - 1].end > end {
        return None;
    }
    ws.get(i + skip)
}

/// Whether the word right before `start` is a locative preposition or verb. `ws` are the
/// sentence's words (its one split).
pub fn locative_before(lists: &WordLists, sentence: &str, ws: &[Word<'_>], start: usize) -> bool {
    // only when nothing but spaces separates the cue from the name
    last_before(ws, start)
        .is_some_and(|w| adjacent(sentence, w.end, start) && lists.has(List::Locative, &w.folded))
}

/// Whether a capital is followed by a possessive that makes it the government ("Tehran's
/// delegation"), not the city ("Tehran's streets").
pub fn possessive_state(lists: &WordLists, sentence: &str, ws: &[Word<'_>], end: usize) -> bool {
    possessive_at(sentence, end)
        && word_after(ws, end, 1).is_none_or(|w| !lists.has(List::CityNoun, &w.folded))
}

/// Whether the words around a name mark it as a state: a state noun after it ("Chad army",
/// "Jordan's government") or a phrase of `state_before` ending right before it ("the Republic
/// of Chad").
pub fn state_cue(
    lists: &WordLists,
    sentence: &str,
    ws: &[Word<'_>],
    start: usize,
    end: usize,
) -> bool {
    let skip = usize::from(possessive_at(sentence, end));
    if word_after(ws, end, skip).is_some_and(|w| lists.has(List::StateNoun, &w.folded)) {
        return true;
    }
    let i = ws.partition_point(|w| w.end <= start);
    let mut before = String::with_capacity(48);
    for (n, w) in ws[i.saturating_sub(3)..i].iter().enumerate() {
        if n > 0 {
            before.push(' ');
        }
        before.push_str(&w.folded);
    }
    lists
        .words(List::StateBefore)
        .iter()
        .any(|p| before.ends_with(p.as_str()))
}

/// Whether a title word ("President", "Minister", "Mr.") stands right before a name, after a
/// space or the period of an abbreviation.
pub fn title_before(lists: &WordLists, sentence: &str, ws: &[Word<'_>], start: usize) -> bool {
    sentence[..start].ends_with([' ', '.'])
        && last_before(ws, start)
            .is_some_and(|w| lists.has(List::TitleWord, w.folded.trim_end_matches('.')))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentence's words, split with the built-in lists.
    fn words(s: &str) -> Vec<Word<'_>> {
        static LISTS: std::sync::LazyLock<WordLists> = std::sync::LazyLock::new(WordLists::builtin);
        crate::text::words::words(
            s,
            crate::text::words::WordRules::new(LISTS.words(List::KeptPeriod)),
        )
    }

    fn at<'a>(s: &'a str, name: &str) -> (&'a str, usize, usize) {
        let i = s.find(name).unwrap();
        (s, i, i + name.len())
    }

    #[test]
    fn cue_table() {
        let cases: &[(&str, &str, bool, bool, bool)] = &[
            // sentence, name, locative, state cue, title
            ("Talks were held in Muscat.", "Muscat", true, false, false),
            (
                "Muscat has long acted as a conduit.",
                "Muscat",
                false,
                false,
                false,
            ),
            (
                "Clinton would visit Seoul next week.",
                "Seoul",
                true,
                false,
                false,
            ),
            ("Jordan's government said.", "Jordan", false, true, false),
            ("the Republic of Chad agreed", "Chad", false, true, false),
            ("Chad army units moved", "Chad", false, true, false),
            ("Michael Jordan scored", "Jordan", false, false, false),
            ("President Lee spoke", "Lee", false, false, true),
            ("Mr. Price said", "Price", false, false, true),
            ("The price rose", "price", false, false, false),
        ];
        let l = WordLists::builtin();
        for (s, name, loc, state, title) in cases {
            let (s, a, b) = at(s, name);
            let ws = words(s);
            assert_eq!(locative_before(&l, s, &ws, a), *loc, "locative {s:?}");
            assert_eq!(state_cue(&l, s, &ws, a, b), *state, "state {s:?}");
            assert_eq!(title_before(&l, s, &ws, a), *title, "title {s:?}");
        }
    }

    /// Regression: the words around a name were lower-cased, not folded, while the lists are
    /// folded when they are read: a cue a user wrote with a diacritic ("président") or a
    /// typographic apostrophe never matched the text it was written for.
    #[test]
    fn cue_words_with_diacritics_match_the_folded_lists() {
        let l = WordLists::parse(
            std::path::Path::new("words.csv"),
            "list,word\ntitle_word,pr\u{e9}sident\nlocative,\u{e0}\nstate_noun,arm\u{e9}e\n",
        )
        .unwrap();
        let (s, a, _) = at("Le Pr\u{e9}sident Macron a parl\u{e9}.", "Macron");
        assert!(title_before(&l, s, &words(s), a), "{s:?}");
        let (s, a, _) = at("Il est arriv\u{e9} \u{e0} Dakar.", "Dakar");
        assert!(locative_before(&l, s, &words(s), a), "{s:?}");
        let (s, a, b) = at("Le Mali arm\u{e9}e avance.", "Mali");
        assert!(state_cue(&l, s, &words(s), a, b), "{s:?}");
    }

    /// Regression: the locative cue asked for a letter or digit right before the name's space,
    /// so a cue written in decomposed form ("a\u{300}", the grave accent as a mark of its own)
    /// ended in a mark and never counted. The cues now read the sentence's one split, where the
    /// mark is part of its word.
    #[test]
    fn decomposed_locative_cue_is_a_cue() {
        let l = WordLists::parse(
            std::path::Path::new("words.csv"),
            "list,word\nlocative,\u{e0}\ntitle_word,pr\u{e9}sident\n",
        )
        .unwrap();
        for s in [
            "Il est arriv\u{e9} \u{e0} Dakar.",
            "Il est arrive\u{301} a\u{300} Dakar.",
        ] {
            let (s, a, _) = at(s, "Dakar");
            assert!(locative_before(&l, s, &words(s), a), "{s:?}");
        }
        let (s, a, _) = at("Le pre\u{301}sident Macron a parle\u{301}.", "Macron");
        assert!(title_before(&l, s, &words(s), a), "{s:?}");
        // a cue is the word right before the name: not across a comma
        let (s, a, _) = at("Il est arriv\u{e9} \u{e0}, Dakar.", "Dakar");
        assert!(!locative_before(&l, s, &words(s), a), "{s:?}");
    }
}
