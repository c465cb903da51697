//! Small word lists that read the words around a name: locative cues ("in Muscat"), type cues
//! ("Jordan's government", "Republic of Chad") and title cues ("President Lee"). The lists are
//! data: `locative`, `state_noun`, `state_before`, `title_word` and `city_noun` in `words.csv`.
//! The words read are folded, as the lists are when they are loaded.

use super::lexicon::{List, WordLists};

fn words_before(text: &str, start: usize, n: usize) -> Vec<String> {
    text[super::words::back(text, start, 120)..start]
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}' || c == '-'))
        .filter(|w| !w.is_empty())
        .rev()
        .take(n)
        .map(crate::text::fold)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}

fn words_after(text: &str, end: usize, n: usize) -> Vec<String> {
    text[end..]
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .filter(|w| !w.is_empty())
        .take(n)
        .map(crate::text::fold)
        .collect()
}

/// Whether the word right before `start` is a locative preposition or verb.
pub fn locative_before(lists: &WordLists, sentence: &str, start: usize) -> bool {
    // only when nothing but spaces (or "the") separates the cue from the name
    let before = sentence[..start].trim_end();
    if before.ends_with(|c: char| !c.is_alphanumeric()) {
        return false;
    }
    words_before(sentence, start, 1)
        .first()
        .is_some_and(|w| lists.has(List::Locative, w))
}

/// Whether a capital is followed by a possessive that makes it the government ("Tehran's
/// delegation"), not the city ("Tehran's streets").
pub fn possessive_state(lists: &WordLists, sentence: &str, end: usize) -> bool {
    let after = &sentence[end..];
    if !(after.starts_with("'s") || after.starts_with("\u{2019}s")) {
        return false;
    }
    words_after(sentence, end, 2)
        .get(1)
        .is_none_or(|w| !lists.has(List::CityNoun, w))
}

/// Whether the words around a name mark it as a state.
pub fn state_cue(lists: &WordLists, sentence: &str, start: usize, end: usize) -> bool {
    let after = &sentence[end..];
    let after_words = words_after(sentence, end, 2);
    let possessive = after.starts_with("'s") || after.starts_with("\u{2019}s");
    let noun = after_words.get(usize::from(possessive));
    let noun_after = noun.is_some_and(|w| lists.has(List::StateNoun, w));
    let before = words_before(sentence, start, 3).join(" ");
    noun_after
        || lists
            .words(List::StateBefore)
            .iter()
            .any(|p| before.ends_with(p.as_str()))
}

/// Whether a title word ("President", "Minister", "Mr.") stands right before a name.
pub fn title_before(lists: &WordLists, sentence: &str, start: usize) -> bool {
    let before = sentence[..start].trim_end_matches([' ', '.']);
    if before.len() == sentence[..start].len() && start > 0 {
        return false;
    }
    words_before(sentence, start, 1)
        .first()
        .is_some_and(|w| lists.has(List::TitleWord, w))
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(locative_before(&l, s, a), *loc, "locative {s:?}");
            assert_eq!(state_cue(&l, s, a, b), *state, "state {s:?}");
            assert_eq!(title_before(&l, s, a), *title, "title {s:?}");
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
        assert!(title_before(&l, s, a), "{s:?}");
        let (s, a, _) = at("Il est arriv\u{e9} \u{e0} Dakar.", "Dakar");
        assert!(locative_before(&l, s, a), "{s:?}");
        let (s, a, b) = at("Le Mali arm\u{e9}e avance.", "Mali");
        assert!(state_cue(&l, s, a, b), "{s:?}");
    }
}
