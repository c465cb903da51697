//! Small word lists that read the words around a name: locative cues ("in Muscat"), type cues
//! ("Jordan's government", "Republic of Chad") and title cues ("President Lee").

/// Words before a capital that make it the place, not the state: "talks in Muscat".
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "to",
    "from",
    "near",
    "into",
    "outside",
    "inside",
    "across",
    "around",
    "toward",
    "towards",
    "via",
    "through",
    "throughout",
    "within",
    "visit",
    "visits",
    "visited",
    "visiting",
    "reach",
    "reached",
    "arrive",
    "arrived",
    "arrives",
    "arriving",
    "tour",
    "toured",
    "leave",
    "left",
    "leaving",
    "streets",
    "downtown",
    "central",
    "outskirts",
    "suburbs",
    "over",
];

/// Nouns after a name ("Jordan's government", "Chad army") that show it is a state.
const STATE_NOUNS: &[&str] = &[
    "government",
    "president",
    "prime",
    "premier",
    "foreign",
    "defence",
    "defense",
    "interior",
    "army",
    "military",
    "forces",
    "troops",
    "navy",
    "ministry",
    "minister",
    "ministers",
    "parliament",
    "embassy",
    "ambassador",
    "capital",
    "border",
    "borders",
    "king",
    "monarch",
    "cabinet",
    "authorities",
    "officials",
    "leader",
    "leaders",
    "regime",
    "economy",
    "envoy",
    "delegation",
    "sovereignty",
    "territory",
    "constitution",
    "national",
    "citizens",
    "elections",
];

/// Phrases before a name that show it is a state: "Republic of Chad", "government of Jordan".
const STATE_BEFORE: &[&str] = &[
    "republic of",
    "kingdom of",
    "state of",
    "government of",
    "president of",
    "prime minister of",
    "king of",
    "capital of",
    "people of",
    "embassy of",
    "ambassador to",
    "border with",
    "ministry of",
    "minister of",
    "countries like",
    "countries such as",
    "neighbouring",
    "neighboring",
    "neighbours",
    "neighbors",
    "sanctions on",
    "sanctions against",
];

/// Words before a person's surname that show a person is meant: "President Lee".
const TITLE_WORDS: &[&str] = &[
    "president",
    "minister",
    "secretary",
    "ambassador",
    "envoy",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sheikh",
    "sayyid",
    "prince",
    "princess",
    "king",
    "queen",
    "emir",
    "general",
    "gen",
    "chancellor",
    "senator",
    "sen",
    "governor",
    "gov",
    "director",
    "commissioner",
    "representative",
    "rep",
    "chairman",
    "chair",
    "premier",
    "leader",
    "counterpart",
    "colonel",
    "col",
    "admiral",
    "adm",
    "marshal",
    "ayatollah",
    "pope",
    "sultan",
    "crown",
    "vice",
    "deputy",
    "mayor",
    "judge",
    "justice",
    "negotiator",
    "adviser",
    "advisor",
    "fm",
    "pm",
];

fn words_before(text: &str, start: usize, n: usize) -> Vec<String> {
    text[super::words::back(text, start, 120)..start]
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}' || c == '-'))
        .filter(|w| !w.is_empty())
        .rev()
        .take(n)
        .map(str::to_lowercase)
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
        .map(str::to_lowercase)
        .collect()
}

/// Whether the word right before `start` is a locative preposition or verb.
pub fn locative_before(sentence: &str, start: usize) -> bool {
    // only when nothing but spaces (or "the") separates the cue from the name
    let before = sentence[..start].trim_end();
    if before.ends_with(|c: char| !c.is_alphanumeric()) {
        return false;
    }
    words_before(sentence, start, 1)
        .first()
        .is_some_and(|w| LOCATIVE.contains(&w.as_str()))
}

/// Nouns that keep a possessive capital a city: "Tehran's streets".
const CITY_NOUNS: &[&str] = &[
    "streets",
    "street",
    "suburbs",
    "outskirts",
    "airport",
    "centre",
    "center",
    "districts",
    "district",
    "neighbourhoods",
    "neighborhoods",
    "residents",
    "mayor",
    "governor",
    "old",
    "downtown",
    "skyline",
    "traffic",
    "population",
    "metro",
    "port",
    "harbour",
    "harbor",
];

/// Whether a capital is followed by a possessive that makes it the government ("Tehran's
/// delegation"), not the city ("Tehran's streets").
pub fn possessive_state(sentence: &str, end: usize) -> bool {
    let after = &sentence[end..];
    if !(after.starts_with("'s") || after.starts_with("\u{2019}s")) {
        return false;
    }
    words_after(sentence, end, 2)
        .get(1)
        .is_none_or(|w| !CITY_NOUNS.contains(&w.as_str()))
}

/// Whether the words around a name mark it as a state.
pub fn state_cue(sentence: &str, start: usize, end: usize) -> bool {
    let after = &sentence[end..];
    let after_words = words_after(sentence, end, 2);
    let possessive = after.starts_with("'s") || after.starts_with("\u{2019}s");
    let noun = after_words.get(usize::from(possessive));
    let noun_after = noun.is_some_and(|w| STATE_NOUNS.contains(&w.as_str()));
    let before = words_before(sentence, start, 3).join(" ");
    noun_after || STATE_BEFORE.iter().any(|p| before.ends_with(p))
}

/// Whether a title word ("President", "Minister", "Mr.") stands right before a name.
pub fn title_before(sentence: &str, start: usize) -> bool {
    let before = sentence[..start].trim_end_matches([' ', '.']);
    if before.len() == sentence[..start].len() && start > 0 {
        return false;
    }
    words_before(sentence, start, 1)
        .first()
        .is_some_and(|w| TITLE_WORDS.contains(&w.as_str()))
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
        for (s, name, loc, state, title) in cases {
            let (s, a, b) = at(s, name);
            assert_eq!(locative_before(s, a), *loc, "locative {s:?}");
            assert_eq!(state_cue(s, a, b), *state, "state {s:?}");
            assert_eq!(title_before(s, a), *title, "title {s:?}");
        }
    }
}
