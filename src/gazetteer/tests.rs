//! Table-driven tests of the matching rules.

use super::*;
use crate::text::{Folded, FoldedSlice};

const GAZ: &str = "\
id,name,type,aliases,demonyms,metonyms,affiliation,country,exact_case,ambiguous
oman,Oman,state,Sultanate of Oman,Omani|Omanis,Muscat,,,,
iran,Iran,state,Islamic Republic of Iran,Iranian|Iranians,Tehran,,,,
united-states,United States,state,US|U.S.|USA|America,American|Americans,Washington|White House|the White House,,,,
united-nations,United Nations,org,UN|U.N.|the United Nations,,,,,,
un-security-council,UN Security Council,org,United Nations Security Council,,,,,,
united-arab-emirates,United Arab Emirates,state,UAE,Emirati,Abu Dhabi,,,,
saudi-arabia,Saudi Arabia,state,Kingdom of Saudi Arabia,Saudi|Saudis|Saudi Arabian,Riyadh,,,,
arabia,Arabia,place,Arabian Peninsula,,,,,,
turkey,Turkey,state,Türkiye,Turkish,Ankara,,,,
china,China,state,People's Republic of China,Chinese,Beijing,,,,
china-daily,China Daily,org,,,,china,,,
new-york,New York,place,,,,,united-states,,
new,New,place,,,,,,,
cote-divoire,Côte d'Ivoire,state,Ivory Coast,Ivorian,,,,,
jared-kushner,Jared Kushner,person,Kushner,,,united-states,,,
";

fn gaz() -> Gazetteer {
    GazetteerBuilder::new()
        .defaults(false)
        .source("t.csv", GAZ)
        .build()
        .unwrap()
}

/// The surfaces and actor ids the matcher finds in `text` (before ambiguity resolution).
fn find(g: &Gazetteer, m: &Matcher, text: &str) -> Vec<(String, String)> {
    let mut folded = Folded::default();
    let mut hits = Vec::new();
    m.find(&FoldedSlice::fold_alone(text, &mut folded), &mut hits);
    hits.iter()
        .map(|h| {
            let r = &m.refs(h.pattern)[h.fitting().next().unwrap()];
            (text[h.start..h.end].to_string(), g.get(r.actor).id.clone())
        })
        .collect()
}

#[test]
fn matching_rules() {
    let g = gaz();
    let m = Matcher::new(&g);
    type Case = (
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
    );
    let cases: &[Case] = &[
        // whole words only
        ("whole word", "A woman spoke.", &[]),
        ("whole word", "Romania and Omanis", &[("Omanis", "oman")]),
        (
            "glued list number",
            "1Iran and the U.S. conducted talks",
            &[("Iran", "iran"), ("U.S.", "united-states")],
        ),
        (
            "typographic possessive",
            "Oman\u{2019}s mediation",
            &[("Oman", "oman")],
        ),
        ("plain possessive", "Iran's delegation", &[("Iran", "iran")]),
        (
            "dash between names",
            "US\u{2013}Iran talks",
            &[("US", "united-states"), ("Iran", "iran")],
        ),
        (
            "no match inside word",
            "Iranistan Chinese",
            &[("Chinese", "china")],
        ),
        // case rules
        ("acronym exact", "They told us about it", &[]),
        ("acronym exact 2", "Us and them", &[]),
        (
            "acronym exact 3",
            "the UN and the U.N. met",
            &[("UN", "united-nations"), ("U.N.", "united-nations")],
        ),
        ("lower-case common word", "a roast turkey from china", &[]),
        (
            "capitalized",
            "Turkey and China",
            &[("Turkey", "turkey"), ("China", "china")],
        ),
        (
            "shouting headline",
            "TURKEY AND CHINA AGREE",
            &[("TURKEY", "turkey"), ("CHINA", "china")],
        ),
        (
            "diacritics either way",
            "Turkiye and Côte d\u{2019}Ivoire and Cote d'Ivoire",
            &[
                ("Turkiye", "turkey"),
                ("Côte d\u{2019}Ivoire", "cote-divoire"),
                ("Cote d'Ivoire", "cote-divoire"),
            ],
        ),
        ("multi-word proper case", "saudi arabia", &[]),
        // longest valid match
        (
            "longest wins",
            "Saudi Arabia said",
            &[("Saudi Arabia", "saudi-arabia")],
        ),
        (
            "newspaper not state",
            "China Daily reported",
            &[("China Daily", "china-daily")],
        ),
        (
            "failed longer does not hide shorter",
            "Saudi Arabian officials",
            &[("Saudi Arabian", "saudi-arabia")],
        ),
        ("New Yorker", "a New Yorker wrote", &[("New", "new")]),
        ("New York", "in New York today", &[("New York", "new-york")]),
        (
            "metonym",
            "the White House said",
            &[("White House", "united-states")],
        ),
        (
            "article does not cut a longer name short",
            "in the United Nations Security Council today",
            &[("United Nations Security Council", "un-security-council")],
        ),
        (
            "surname",
            "Kushner was seen",
            &[("Kushner", "jared-kushner")],
        ),
        (
            "line wrap",
            "Saudi\nArabia",
            &[("Saudi\nArabia", "saudi-arabia")],
        ),
        (
            "no-break space",
            "United\u{00A0}Arab Emirates",
            &[("United\u{00A0}Arab Emirates", "united-arab-emirates")],
        ),
    ];
    for (name, text, want) in cases {
        let got = find(&g, &m, text);
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want, "{name}: {text:?}");
    }
}

#[test]
fn case_rule_is_read_from_the_spelling() {
    let cases = [
        ("US", CaseRule::Exact),
        ("U.S.", CaseRule::Exact),
        ("UAE", CaseRule::Exact),
        ("Oman", CaseRule::Proper),
        ("al-Abadi", CaseRule::Proper),
        ("the gulf", CaseRule::Any),
        ("I", CaseRule::Proper),
    ];
    for (s, want) in cases {
        assert_eq!(CaseRule::of(s), want, "{s}");
    }
}

#[test]
fn proper_rule_ignores_lower_case_particles() {
    assert!(matcher::case_fits(
        CaseRule::Proper,
        "Haider al-Abadi",
        "Haider Al-Abadi",
        false
    ));
    assert!(!matcher::case_fits(
        CaseRule::Proper,
        "Haider al-Abadi",
        "haider al-abadi",
        false
    ));
}

#[test]
fn gazetteer_stray_quote_is_a_problem_on_its_line() {
    // unclosed, the quote would swallow every later row (Qatar would vanish without a word)
    let text = "id,name,type,aliases\noman,Oman,state,\"Sultanate of Oman\niran,Iran,state,\nqatar,Qatar,state,\n";
    let err = GazetteerBuilder::new()
        .defaults(false)
        .source("g.csv", text)
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("g.csv:2: a quote opened here is never closed"),
        "{err}"
    );
}

/// Whether two matchers hold the same patterns with the same references, and find the same
/// names in `text`.
fn assert_same_matcher(g: &Gazetteer, a: &Matcher, b: &Matcher, text: &str) {
    assert_eq!(a.pattern_count(), b.pattern_count());
    for p in 0..a.pattern_count() {
        assert_eq!(
            format!("{:?}", a.refs(p)),
            format!("{:?}", b.refs(p)),
            "pattern {p}"
        );
    }
    assert_eq!(find(g, a, text), find(g, b, text));
}

const TAKEOVER_TEXT: &str = "The Islamic Republic rejected the offer, Iranian officials said in \
    Tehran, and the Sultanate of Oman and the UN Security Council called for talks.";

#[test]
fn matcher_built_while_loading_is_the_one_built_after() {
    let g = GazetteerBuilder::new().with_matcher(true).build().unwrap();
    let fresh = MatcherBuilder::new().build(&g);
    assert!(fresh.pattern_count() > g.len());
    assert_same_matcher(&g, g.matcher(), &fresh, TAKEOVER_TEXT);
    assert_same_matcher(&g, &Matcher::new(&g), &fresh, TAKEOVER_TEXT);
    let found = find(&g, &fresh, TAKEOVER_TEXT);
    assert!(
        found.contains(&("Islamic Republic".into(), "iran".into())),
        "{found:?}"
    );
}

#[test]
fn matcher_built_while_loading_drops_an_alias_a_user_file_takes_over() {
    // the user's file claims an alias of the built-in Iran: the matcher started before the
    // alias check saw that must not be the one kept
    let user = "id,name,type,aliases\nislamic-republic-party,Islamic Republic Party,org,Islamic Republic\n";
    for with_matcher in [true, false] {
        let g = GazetteerBuilder::new()
            .with_matcher(with_matcher)
            .source("mine.csv", user)
            .build()
            .unwrap();
        assert!(
            g.warnings.iter().any(|w| w.contains("now means")),
            "{:?}",
            g.warnings
        );
        let fresh = MatcherBuilder::new().build(&g);
        assert_same_matcher(&g, g.matcher(), &fresh, TAKEOVER_TEXT);
        let found = find(&g, g.matcher(), TAKEOVER_TEXT);
        assert!(
            found.contains(&("Islamic Republic".into(), "islamic-republic-party".into())),
            "{found:?}"
        );
        assert!(
            !found.contains(&("Islamic Republic".into(), "iran".into())),
            "{found:?}"
        );
    }
}

/// The id lookups the resolver reads ([`Gazetteer::country_index`], `affiliation_index`,
/// `neighbour_indices`, `region_number`) say what the string fields say, for every actor of
/// the built-in gazetteer and of a small one (the loader rejects ids that name no actor).
#[test]
fn id_lookups_agree_with_the_string_fields() {
    let small = "\
id,name,type,affiliation,country,region,neighbours
a,Aland,state,,,Region One,c|b
b,Bland,state,,,Region Two,a
c,Cland,state,,,Region One,
p,Port,place,,a,,
q,Quay,place,,,,
r,Ruler,person,b,,,
";
    let built_in = GazetteerBuilder::new().build().unwrap();
    let own = GazetteerBuilder::new()
        .defaults(false)
        .source("small.csv", small)
        .build()
        .unwrap();
    for g in [&built_in, &own] {
        let ix = |id: &Option<String>| id.as_deref().and_then(|id| g.index_of(id));
        for (i, a) in g.actors().iter().enumerate() {
            assert_eq!(g.country_index(i), ix(&a.country), "{}", a.id);
            assert_eq!(g.affiliation_index(i), ix(&a.affiliation), "{}", a.id);
            let named: Vec<usize> = a.neighbours.iter().filter_map(|n| g.index_of(n)).collect();
            assert_eq!(g.neighbour_indices(i), named.as_slice(), "{}", a.id);
        }
        // the same region number exactly when the same region
        for i in 0..g.len() {
            assert_eq!(g.region_number(i).is_some(), g.region_of(i).is_some());
            for j in 0..g.len() {
                if let (Some(x), Some(y)) = (g.region_number(i), g.region_number(j)) {
                    assert_eq!(x == y, g.region_of(i) == g.region_of(j));
                }
            }
        }
    }
    let at = |id: &str| own.index_of(id).unwrap();
    // in the order written
    assert_eq!(own.neighbour_indices(at("a")), &[at("c"), at("b")]);
    assert_eq!(own.country_index(at("q")), None);
    assert_eq!(own.affiliation_index(at("r")), Some(at("b")));
    // a place takes its country's region
    assert_eq!(own.region_number(at("p")), own.region_number(at("c")));
    assert_ne!(own.region_number(at("a")), own.region_number(at("b")));
}

/// The bare scan's patterns ([`Gazetteer::folded_aliases`]) are the matcher's: every form
/// folded, a lower-case leading "the" stripped, each once, in order.
#[test]
fn folded_aliases_are_the_matchers_patterns() {
    let small = gaz();
    let built_in = GazetteerBuilder::new().build().unwrap();
    for g in [&small, &built_in] {
        let aliases = g.folded_aliases();
        assert!(aliases.windows(2).all(|w| w[0] < w[1]), "sorted, once each");
        assert_eq!(aliases.len(), Matcher::new(g).pattern_count());
        for (i, a) in g.actors().iter().enumerate() {
            for f in g.folded_forms(i) {
                assert!(
                    aliases.binary_search(&f.as_str()).is_ok() || f.trim().is_empty(),
                    "{}: {f:?}",
                    a.id
                );
            }
        }
    }
    let aliases = small.folded_aliases();
    for want in ["white house", "washington", "omani", "turkiye", "u.s."] {
        assert!(aliases.contains(&want), "{want:?} in {aliases:?}");
    }
    assert!(!aliases.contains(&"the white house"), "article stripped");
}
