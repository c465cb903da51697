//! Extraction rules on briefs written for the tests, with the built-in gazetteers: ambiguity,
//! metonymy, roles, titles, discovered people and offsets.

use std::sync::{Arc, OnceLock};

use actornet::extract::{ActorRef, Extraction, Extractor};
use actornet::gazetteer::GazetteerBuilder;
use actornet::input::Document;

fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| Extractor::new(Arc::new(GazetteerBuilder::new().build().unwrap())))
}

fn run(text: &str) -> Extraction {
    extractor().extract(&Document {
        id: "t".into(),
        text: text.into(),
        ..Document::default()
    })
}

fn id(ex: &Extraction, r: ActorRef) -> String {
    extractor().actor(ex, r).id.clone()
}

/// (surface, actor id) of every mention.
fn mentions(text: &str) -> Vec<(String, String)> {
    let ex = run(text);
    ex.mentions
        .iter()
        .map(|m| (text[m.byte_start..m.byte_end].to_string(), id(&ex, m.actor)))
        .collect()
}

fn ids(text: &str) -> Vec<String> {
    let mut v: Vec<String> = mentions(text).into_iter().map(|(_, i)| i).collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn ambiguous_names_need_support() {
    // (text, name, expected actor or None)
    let cases: &[(&str, &str, Option<&str>)] = &[
        (
            "Chad closed its border with Sudan after clashes in Darfur.",
            "chad",
            Some("chad"),
        ),
        (
            "Chad and Niger sent troops to the Sahel mission.",
            "chad",
            Some("chad"),
        ),
        ("Chad Smith played drums all night.", "chad", None),
        (
            "Jordan's government condemned the raid.",
            "jordan",
            Some("jordan"),
        ),
        (
            "The Jordanian foreign minister said Jordan would not take part.",
            "jordan",
            Some("jordan"),
        ),
        ("Michael Jordan scored forty points.", "jordan", None),
        (
            "Georgia's president met EU officials in Tbilisi.",
            "georgia",
            Some("georgia"),
        ),
        (
            "Turkey and Iraq agreed on water sharing.",
            "turkey",
            Some("turkey"),
        ),
        ("We ate turkey on Thursday.", "turkey", None),
        ("Turkey sandwiches were served at the fair.", "turkey", None),
        (
            "Guinea and Senegal signed a fisheries accord in Dakar.",
            "guinea",
            Some("guinea"),
        ),
        (
            "Protesters gathered in Victoria, on the harbour front of Hong Kong.",
            "victoria",
            Some("victoria"),
        ),
        ("Victoria Beckham attended the show.", "victoria", None),
        (
            "Forty Korean sailors died; the Republic of Korea mourned them.",
            "korean",
            Some("south-korea"),
        ),
        ("Korean food is popular.", "korean", None),
    ];
    for (text, name, want) in cases {
        let got = mentions(text)
            .into_iter()
            .find(|(s, _)| s.to_lowercase() == *name)
            .map(|(_, i)| i);
        assert_eq!(got.as_deref(), *want, "{text:?}");
    }
}

#[test]
fn dropped_hits_are_explained() {
    let ex = run("Chad Smith played drums all night.");
    assert_eq!(ex.dropped.len(), 1);
    assert_eq!(ex.dropped[0].surface, "Chad");
    assert!(
        ex.dropped[0].reason.contains("without support"),
        "{:?}",
        ex.dropped[0]
    );
}

#[test]
fn aliases_demonyms_and_metonyms_resolve_to_one_actor() {
    let cases: &[(&str, &[&str])] = &[
        (
            "The US, the U.S., America and Washington.",
            &["united-states"],
        ),
        (
            "The White House and the Kremlin traded barbs.",
            &["russia", "united-states"],
        ),
        ("Iranian officials in Tehran's foreign ministry.", &["iran"]),
        (
            "Downing Street and the Élysée coordinated.",
            &["france", "united-kingdom"],
        ),
        (
            "Britain, the UK and the United Kingdom.",
            &["united-kingdom"],
        ),
        ("Burma, also called Myanmar.", &["myanmar"]),
        ("Côte d'Ivoire, or Ivory Coast.", &["cote-divoire"]),
        ("Türkiye and Turkey are one state.", &["turkey"]),
        ("The DPRK, that is North Korea.", &["north-korea"]),
        ("we told us about it", &[]),
    ];
    for (text, want) in cases {
        assert_eq!(ids(text), *want, "{text:?}");
    }
}

#[test]
fn capital_is_the_place_after_a_locative_cue_and_the_state_otherwise() {
    let m = mentions("Talks were held in Muscat. Muscat has long acted as a channel.");
    assert_eq!(
        m,
        [
            ("Muscat".to_string(), "muscat".to_string()),
            ("Muscat".to_string(), "oman".to_string())
        ]
    );
    let m = mentions("Clinton will visit Seoul next week; Seoul welcomed the plan.");
    assert!(m.contains(&("Seoul".into(), "seoul".into())), "{m:?}");
    assert!(m.contains(&("Seoul".into(), "south-korea".into())), "{m:?}");
}

/// Regression: a capital spelled as the state's metonym spells it ("Ulaanbaatar", where GeoNames
/// says "Ulan Bator") had no place to become after a locative cue, and a capital that is also an
/// ambiguous word ("Washington") always went to the state because the support rules outweighed
/// the locative cue.
#[test]
fn capital_spelled_like_the_metonym_and_ambiguous_capitals_follow_the_locative_cue() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "Kurt Campbell met Mongolian officials in Ulaanbaatar on Friday.",
            "Ulaanbaatar",
            "ulan-bator",
        ),
        (
            "Ulaanbaatar signed the agreement with Tokyo.",
            "Ulaanbaatar",
            "mongolia",
        ),
        (
            "Blinken welcomed the Armenian and Azerbaijani ministers to Washington for talks.",
            "Washington",
            "washington-d-c",
        ),
        (
            "The American delegation said Washington would keep its sanctions on Iran.",
            "Washington",
            "united-states",
        ),
        (
            "Ministers met in Washington, DC on Tuesday with American officials.",
            "Washington, DC",
            "washington-d-c",
        ),
    ];
    for (text, surface, want) in cases {
        let m = mentions(text);
        assert!(
            m.contains(&(surface.to_string(), want.to_string())),
            "{text:?}: {m:?}"
        );
    }
}

#[test]
fn two_letter_codes_are_never_aliases() {
    assert_eq!(
        ids("IR and OM and SA are codes, not names."),
        Vec::<String>::new()
    );
}

fn roles(text: &str) -> Vec<(String, String)> {
    let ex = run(text);
    let mut v: Vec<(String, String)> = ex
        .roles
        .iter()
        .map(|r| (id(&ex, r.actor), extractor().role_name(r.role).to_string()))
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn role_cues() {
    let r = |a: &str, b: &str| (a.to_string(), b.to_string());
    let cases: Vec<(&str, Vec<(String, String)>)> = vec![
        ("Oman's role as host was praised.", vec![r("oman", "host")]),
        ("The talks were hosted by Qatar.", vec![r("qatar", "host")]),
        (
            "Negotiators met in Doha on Monday.",
            vec![r("qatar", "host")],
        ),
        ("A woman hosted by friends spoke.", vec![]),
        (
            "The truce was brokered by Egypt.",
            vec![r("egypt", "mediator")],
        ),
        (
            "The ceasefire was brokered by Egypt, Qatar and the United States.",
            vec![
                r("egypt", "mediator"),
                r("qatar", "mediator"),
                r("united-states", "mediator"),
            ],
        ),
        (
            "Norway's mediation kept the channel open.",
            vec![r("norway", "mediator")],
        ),
        (
            "Switzerland acted as a discreet intermediary.",
            vec![r("switzerland", "mediator")],
        ),
        (
            "Talks between Armenia and Azerbaijan resumed.",
            vec![r("armenia", "party"), r("azerbaijan", "party")],
        ),
        ("Talks between the two capitals resumed.", vec![]),
        (
            "India and Pakistan held talks in private.",
            vec![r("india", "party"), r("pakistan", "party")],
        ),
        (
            "Regional stakeholders — Israel, Saudi Arabia and the UAE — were watching.",
            vec![
                r("israel", "stakeholder"),
                r("saudi-arabia", "stakeholder"),
                r("united-arab-emirates", "stakeholder"),
            ],
        ),
        (
            "The Syria deal was guaranteed by Turkey.",
            vec![r("turkey", "guarantor")],
        ),
        (
            "Observers from the African Union attended.",
            vec![r("african-union", "observer")],
        ),
        (
            "The resolution was sponsored by France.",
            vec![r("france", "sponsor")],
        ),
        (
            "New sanctions on Russia took effect.",
            vec![r("russia", "target")],
        ),
        ("Chile exported copper to China.", vec![]),
    ];
    for (text, want) in cases {
        assert_eq!(roles(text), want, "{text:?}");
    }
}

#[test]
fn relations_follow_roles_and_meeting_cues() {
    let ex = run("Armenia and Azerbaijan held talks in Doha, hosted by Qatar and mediated by the United States.");
    let mut rel: Vec<String> = ex
        .relations
        .iter()
        .map(|r| format!("{} {} {}", id(&ex, r.source), r.kind, id(&ex, r.target)))
        .collect();
    rel.sort();
    rel.dedup();
    assert!(
        rel.contains(&"armenia meets azerbaijan".to_string()),
        "{rel:?}"
    );
    assert!(rel.contains(&"qatar hosts armenia".to_string()), "{rel:?}");
    assert!(
        rel.contains(&"united-states mediates azerbaijan".to_string()),
        "{rel:?}"
    );
}

fn titles(text: &str) -> Vec<(String, String, Option<String>)> {
    let ex = run(text);
    ex.titles
        .iter()
        .map(|t| {
            let aff = t
                .affiliation
                .map(|i| extractor().gazetteer().get(i).id.clone());
            (id(&ex, t.person), t.title.clone(), aff)
        })
        .collect()
}

#[test]
fn titles_and_affiliations_from_the_text() {
    let cases: &[(&str, &str, &str, Option<&str>)] = &[
        (
            "Iranian foreign minister Araghchi arrived.",
            "abbas-araghchi",
            "Foreign Minister",
            Some("iran"),
        ),
        (
            "Omani FM Sayyid Badr received them.",
            "badr-albusaidi",
            "Foreign Minister",
            Some("oman"),
        ),
        (
            "U.S. special envoy Steve Witkoff flew in.",
            "steve-witkoff",
            "Special Envoy",
            Some("united-states"),
        ),
        (
            "Witkoff, the presidential special envoy, declined to comment.",
            "steve-witkoff",
            "Special Envoy",
            None,
        ),
        (
            "Saudi Foreign Minister Prince Faisal bin Farhan spoke.",
            "faisal-bin-farhan",
            "Foreign Minister",
            Some("saudi-arabia"),
        ),
        (
            "Prime Minister Keir Starmer of Britain spoke.",
            "keir-starmer",
            "Prime Minister",
            Some("united-kingdom"),
        ),
        (
            "Indian External Affairs Minister Jaishankar landed.",
            "s-jaishankar",
            "External Affairs Minister",
            Some("india"),
        ),
    ];
    for (text, person, title, aff) in cases {
        let got = titles(text);
        let want = (
            person.to_string(),
            title.to_string(),
            aff.map(str::to_string),
        );
        assert!(got.contains(&want), "{text:?}: {got:?}");
    }
}

#[test]
fn people_after_a_title_cue_are_discovered() {
    let text = "Chadian Foreign Minister Abakar Mahamat Nourene met the envoy in N'Djamena. Nourene said the border would stay open.";
    let ex = run(text);
    assert_eq!(ex.discovered.len(), 1, "{:?}", ex.discovered);
    let p = &ex.discovered[0];
    assert_eq!(p.name, "Abakar Mahamat Nourene");
    assert_eq!(p.affiliation.as_deref(), Some("chad"));
    assert!(p.discovered);
    let found: Vec<&str> = ex
        .mentions
        .iter()
        .filter(|m| matches!(m.actor, ActorRef::Found(0)))
        .map(|m| &text[m.byte_start..m.byte_end])
        .collect();
    assert_eq!(found, ["Abakar Mahamat Nourene", "Nourene"]);
}

/// Regression: the quick test for a title in a sentence read the text as written, so a title
/// spelled with a typographic apostrophe ("Chargé d’Affaires"), or decomposed, never reached
/// the people rules and the person after it was not found.
#[test]
fn title_written_with_a_typographic_apostrophe_is_a_cue() {
    for text in [
        "Charg\u{e9} d\u{2019}Affaires Lena Okafor told the council that talks would resume.",
        "Charg\u{e9} d'Affaires Lena Okafor told the council that talks would resume.",
        "Charge\u{301} d\u{2019}Affaires Lena Okafor told the council that talks would resume.",
    ] {
        assert_eq!(
            discovered(text),
            [("Lena Okafor".to_string(), None)],
            "{text:?}"
        );
        let want = (
            "lena-okafor".to_string(),
            "Charg\u{e9} d'Affaires".to_string(),
            None,
        );
        assert_eq!(titles(text), [want], "{text:?}");
    }
}

/// Regression: an appositive title ended at the first period after the comma, even one inside
/// an abbreviation, so "Witkoff, the U.S. special envoy, said" read only "the" and gave no
/// title. The appositive now ends at a comma, semicolon or full stop between words.
#[test]
fn appositive_with_an_abbreviation_reads_past_its_periods() {
    for (text, aff) in [
        (
            "Steve Witkoff, the U.S. special envoy, said progress was made.",
            Some("united-states"),
        ),
        (
            "Steve Witkoff, the US special envoy, said progress was made.",
            Some("united-states"),
        ),
        (
            "Abbas Araghchi, the Islamic Republic of Iran's top diplomat and the Iranian foreign minister, spoke.",
            None,
        ),
    ] {
        let got = titles(text);
        match aff {
            Some(aff) => assert!(
                got.iter()
                    .any(|t| t.1 == "Special Envoy" && t.2.as_deref() == Some(aff)),
                "{text:?}: {got:?}"
            ),
            // more than seven words before the title: no appositive
            None => assert!(got.is_empty(), "{text:?}: {got:?}"),
        }
    }
    // a semicolon between words still ends the appositive
    let got = titles("Steve Witkoff, the envoy; special envoy talks resumed.");
    assert!(got.iter().all(|t| t.1 != "Special Envoy"), "{got:?}");
}

/// A byline names where the words were said, not whom the speaker acts for; the same place
/// opening a sentence of the story sets the scene (the host's officials act for it).
#[test]
fn a_byline_gives_no_affiliation_from_its_venue() {
    let byline = discovered(
        "As delivered by Charg\u{e9} d\u{2019}Affaires Lena Okafor\nto the Permanent Council, Vienna",
    );
    assert_eq!(byline.len(), 1, "{byline:?}");
    assert_eq!(byline[0].1, None, "{byline:?}");
    let story = discovered(
        "In Vienna, Charg\u{e9} d\u{2019}Affaires Lena Okafor said the council was ready.",
    );
    assert_eq!(story.len(), 1, "{story:?}");
    assert_eq!(story[0].1.as_deref(), Some("austria"), "{story:?}");
}

#[test]
fn no_cue_no_person() {
    for text in [
        "Capitalized Phrases Like Blue Horizon Partners said nothing.",
        "The Minister said the plan was ready.",
        "Special Representative Khalilzad Travels To Kabul",
    ] {
        let ex = run(text);
        assert!(
            ex.discovered
                .iter()
                .all(|p| p.name != "Blue Horizon Partners" && p.name != "Khalilzad Travels"),
            "{text:?}: {:?}",
            ex.discovered
        );
        assert!(ex.discovered.len() <= 1, "{text:?}: {:?}", ex.discovered);
    }
}

#[test]
fn offsets_count_code_points_and_slice_the_surface() {
    let text = "Côte d\u{2019}Ivoire\u{2019}s envoy met Türkiye\u{2019}s team in Abidjan \u{2014} then 1Iran.";
    let ex = run(text);
    assert!(ex.mentions.len() >= 3);
    let chars: Vec<char> = text.chars().collect();
    for m in &ex.mentions {
        let by_chars: String = chars[m.start..m.end].iter().collect();
        assert_eq!(by_chars, &text[m.byte_start..m.byte_end]);
    }
    let surfaces: Vec<&str> = ex
        .mentions
        .iter()
        .map(|m| &text[m.byte_start..m.byte_end])
        .collect();
    assert!(surfaces.contains(&"Iran"), "{surfaces:?}");
}

#[test]
fn a_head_of_state_without_a_named_state_belongs_to_the_state_the_text_is_about() {
    let aff = |text: &str| {
        run(text)
            .discovered
            .first()
            .and_then(|p| p.affiliation.clone())
    };
    assert_eq!(
        aff("Peru's congress met on Monday. President Ana Quispe Mamani said Peru would hold talks with Chile.").as_deref(),
        Some("peru")
    );
    // no clear lead: no guess
    assert_eq!(
        aff("President Ana Quispe Mamani met envoys from Chile and Peru."),
        None
    );
    // only heads of state and government
    assert_eq!(
        aff("Peru and Peru again. Spokesperson Ana Quispe Mamani said so."),
        None
    );
}

/// A person's name and affiliation id.
type Person = (String, Option<String>);

/// (name, affiliation id) of every person discovered in a text.
fn discovered(text: &str) -> Vec<Person> {
    run(text)
        .discovered
        .iter()
        .map(|a| (a.name.clone(), a.affiliation.clone()))
        .collect()
}

#[test]
fn affiliation_from_the_sentence_around_the_title() {
    let some = |n: &str, a: &str| (n.to_string(), Some(a.to_string()));
    let cases: Vec<(&str, Vec<Person>)> = vec![
        // the one state the sentence names
        (
            "In Kenya, the envoy will meet President Amani Odhiambo and senior Kenyan officials.",
            vec![some("Amani Odhiambo", "kenya")],
        ),
        // a place names its state
        (
            "The delegation travelled to Lusaka, where it met Finance Minister Chanda Mwale.",
            vec![some("Chanda Mwale", "zambia")],
        ),
        // coordinated titles share the demonym in front
        (
            "He met Norwegian President Lars Hovland and Prime Minister Ingrid Solberg-Dahl on Monday.",
            vec![some("Lars Hovland", "norway"), some("Ingrid Solberg-Dahl", "norway")],
        ),
        // the state in front of another person's title is that person's
        (
            "Deputy Secretary Alan Reyes met Mongolian Prime Minister Bold Ganbaatar in Ulaanbaatar.",
            vec![
                ("Alan Reyes".to_string(), None),
                some("Bold Ganbaatar", "mongolia"),
            ],
        ),
        // two states: no guess
        (
            "Foreign Minister Ama Owusu met officials from Ghana and Togo.",
            vec![("Ama Owusu".to_string(), None)],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(discovered(text), want, "{text:?}");
    }
}

/// Titles are built from parts (issue 11): a title phrase, then a portfolio after "of" or "for"
/// (portfolio words and actors joined by "and" and commas), ranks and services, a second
/// office. An actor after "of" is the affiliation; after "for" or "to" it is the region of the
/// office, not whom the person acts for.
#[test]
fn compositional_titles_and_their_affiliations() {
    let some = |n: &str, a: &str| (n.to_string(), Some(a.to_string()));
    let none = |n: &str| (n.to_string(), None);
    let cases: Vec<(&str, Vec<Person>)> = vec![
        (
            "Indonesian Minister of Maritime Affairs and Fisheries Dewi Lestari opened the forum.",
            vec![some("Dewi Lestari", "indonesia")],
        ),
        (
            "Deputy Prime Minister and Minister of Finance Tomas Berglund of Norway spoke first.",
            vec![some("Tomas Berglund", "norway")],
        ),
        // "for <region>": the office's region, so the demonym in front decides
        (
            "It was read by UK Special Representative for Sudan and South Sudan Ambassador Mark Ellery.",
            vec![some("Mark Ellery", "united-kingdom")],
        ),
        (
            "The Special Envoy for Somalia Petra Lindqvist briefed the council.",
            vec![none("Petra Lindqvist")],
        ),
        // "of <state>": whom the office is of
        (
            "President of Chile Andrea Fuentes Rojas spoke first.",
            vec![some("Andrea Fuentes Rojas", "chile")],
        ),
        // a rank and a service between the office and the name: one person, the office's
        // affiliation (an organ of a state stands for the state in a government title)
        (
            "The plan is sound, said Pentagon Press Secretary Air Force Maj. Gen. Dana Whitlock.",
            vec![some("Dana Whitlock", "united-states")],
        ),
        // the portfolio may be long and have commas
        (
            "Under Secretary of State for Civilian Security, Democracy, and Human Rights Ana Ruiz spoke.",
            vec![some("Ana Ruiz", "united-states")],
        ),
        // a title that names its state by itself (the `implies` column), without a portfolio
        (
            "Deputy Secretary of State Paul Okafor met Kenyan President Amani Odhiambo.",
            vec![
                some("Paul Okafor", "united-states"),
                some("Amani Odhiambo", "kenya"),
            ],
        ),
        (
            "Chargé d'Affaires Lena Marsh delivered the statement.",
            vec![none("Lena Marsh")],
        ),
        // "of the <organization>": the organization
        (
            "Secretary-General of the Commonwealth Amara Diallo welcomed the statement.",
            vec![some("Amara Diallo", "commonwealth")],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(discovered(text), want, "{text:?}");
    }
}

/// Affiliations that only the text around a sentence gives (issue 11): parallel lists, a
/// scene-setting place, a visitor's travel, a spokesperson's principal.
#[test]
fn affiliation_from_lists_scenes_and_principals() {
    let some = |n: &str, a: &str| (n.to_string(), Some(a.to_string()));
    let none = |n: &str| (n.to_string(), None);
    let cases: Vec<(&str, Vec<Person>)> = vec![
        // the i-th person of a parallel list acts for the i-th state
        (
            "We welcome the foreign ministers from Chile and Peru – Foreign Minister Carla Alvarado, Foreign Minister Jorge Quispe – to the talks.",
            vec![some("Carla Alvarado", "chile"), some("Jorge Quispe", "peru")],
        ),
        // the counts differ: no guess
        (
            "We welcome the foreign ministers from Chile and Peru and Foreign Minister Carla Alvarado.",
            vec![none("Carla Alvarado")],
        ),
        // "In <city>," sets the scene for the whole sentence, whatever its later clauses name
        (
            "In Nairobi, the envoy also met Foreign Minister Grace Wanjiru and visited a farm backed by a loan from the U.S. agency.",
            vec![some("Grace Wanjiru", "kenya")],
        ),
        // the traveller is not of the place they travel to
        (
            "Special Envoy Laura Brandt will travel to Lima on Monday.",
            vec![none("Laura Brandt")],
        ),
        // a spokesperson speaks for the person the readout is about
        (
            "The following is attributable to Spokesperson Rita Gomez:\n\nSecretary of State Antony Blinken spoke with Kenyan President Amani Odhiambo today.",
            vec![some("Rita Gomez", "united-states"), some("Amani Odhiambo", "kenya")],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(discovered(text), want, "{text:?}");
    }
}

/// Name shapes (issue 11): initials keep their period and give an alias without them; a
/// byline line in title case is read (a headline is not); a known person's one-word alias inside
/// a longer name is the longer name's person, and so are the document's other one-word mentions.
#[test]
fn name_shapes_initials_bylines_and_longer_names() {
    let names = |text: &str| -> Vec<(String, Vec<String>)> {
        run(text)
            .discovered
            .iter()
            .map(|a| (a.name.clone(), a.aliases.clone()))
            .collect()
    };
    assert_eq!(
        names("Ambassador Linda K. Ferris spoke to the council."),
        vec![(
            "Linda K. Ferris".to_string(),
            vec!["Ferris".to_string(), "Linda Ferris".to_string()]
        )]
    );
    // a byline: the line ends with the name
    assert_eq!(
        names("As delivered by Ambassador Linda K. Ferris\n\nThe council met.").len(),
        1
    );
    // a headline: no names
    assert!(
        names("Special Representative Khalilzad Travels to Afghanistan\n\nHe left.").is_empty()
    );
    // "Miller" alone is a known person's alias (Christopher C. Miller); after a first name it is
    // the surname of the person meant, here and in the rest of the document
    let ex = run("The following is attributable to Spokesperson Dana Miller: the talks went well. Miller added that more would follow.");
    let ids: Vec<String> = ex.mentions.iter().map(|m| id(&ex, m.actor)).collect();
    assert!(ids.iter().all(|i| i != "christopher-c-miller"), "{ids:?}");
    assert_eq!(
        ids.iter().filter(|i| *i == "dana-miller").count(),
        2,
        "{ids:?}"
    );
}

/// An acronym defined in the text (issue 11) makes an organization of this document, named by
/// the acronym for the rest of it; a name the gazetteer knows is not defined again, and a state
/// inside the name is its affiliation.
#[test]
fn acronym_defined_in_the_text_is_an_actor() {
    let ex = run("Rwanda and the Democratic Republic of the Congo (DRC) agreed to a Joint Verification Mechanism (JVM) in Goma. The JVM will report to both governments every month.");
    let orgs: Vec<(String, Vec<String>)> = ex
        .discovered
        .iter()
        .map(|a| (a.name.clone(), a.aliases.clone()))
        .collect();
    assert_eq!(
        orgs,
        vec![(
            "Joint Verification Mechanism".to_string(),
            vec!["JVM".to_string()]
        )]
    );
    let jvm = ex
        .mentions
        .iter()
        .filter(|m| id(&ex, m.actor) == "joint-verification-mechanism")
        .count();
    assert_eq!(jvm, 3, "the name, the bracketed acronym and the later JVM");
    let ex = run("Units of the Kenyan Defence Forces (KDF) crossed the border.");
    assert_eq!(ex.discovered.len(), 1);
    assert_eq!(ex.discovered[0].affiliation.as_deref(), Some("kenya"));
}

/// Regression: the scene rule read the sentence's first 40 bytes without looking for a
/// character boundary, and panicked on "In Cần Thơ, …" (found by the real-sentence benchmark).
#[test]
fn scene_rule_on_a_sentence_with_multibyte_letters_does_not_panic() {
    for text in [
        "In Cần Thơ, the envoy met Foreign Minister Lan Pham.",
        "In Cần Thơ, Vietnam, the envoy met Foreign Minister Lan Pham.",
        "Ở Cần Thơ, Đà Nẵng và Huế, Foreign Minister Lan Pham spoke.",
    ] {
        let people = discovered(text);
        assert_eq!(people.len(), 1, "{text:?}");
    }
    assert_eq!(
        discovered("In Cần Thơ, Vietnam, the envoy met Foreign Minister Lan Pham."),
        vec![("Lan Pham".to_string(), Some("vietnam".to_string()))]
    );
}

/// Places no list has, from a locative chain that ends with a state (issue 11): each segment is
/// a place in that state, and later mentions of the name are it too; without a locative or a
/// state at the end, nothing is made up.
#[test]
fn places_in_a_locative_chain_lie_in_its_state() {
    let places = |text: &str| -> Vec<(String, Option<String>)> {
        run(text)
            .discovered
            .iter()
            .filter(|a| a.kind == Some(actornet::gazetteer::ActorType::Place))
            .map(|a| (a.name.clone(), a.country.clone()))
            .collect()
    };
    let some = |n: &str, c: &str| (n.to_string(), Some(c.to_string()));
    assert_eq!(
        places("The meeting was held in Kautokeino, Finnmark, Norway last week."),
        vec![some("Kautokeino", "norway"), some("Finnmark", "norway")]
    );
    let ex = run("Ministers met near Tonle Sap, Cambodia. Tonle Sap is a lake.");
    let n = ex
        .mentions
        .iter()
        .filter(|m| id(&ex, m.actor) == "tonle-sap")
        .count();
    assert_eq!(n, 2);
    // no locative before the chain, a possessive state, a month: no place
    assert!(places("Kautokeino, Norway, is cold.").is_empty());
    assert!(places("He spoke in Kautokeino, Norway's northernmost town.").is_empty());
    assert!(places("The vote was held in March, Norway said.").is_empty());
}

/// More name shapes (issue 11): a first name that is also a place or a state after a title is
/// still a person's; "Jr." closes a name; a former office gives no current affiliation, and its
/// state is not the next person's either.
#[test]
fn place_like_first_names_suffixes_and_former_offices() {
    let some = |n: &str, a: &str| (n.to_string(), Some(a.to_string()));
    let none = |n: &str| (n.to_string(), None);
    let cases: Vec<(&str, Vec<Person>)> = vec![
        (
            "Kenyan Interior Minister Victoria Njeri opened the meeting.",
            vec![some("Victoria Njeri", "kenya")],
        ),
        (
            "Ghanaian Ambassador Samuel Owusu, Jr. presented his credentials.",
            vec![some("Samuel Owusu Jr.", "ghana")],
        ),
        (
            "The prize went to Ambassador Carl Nyberg and to former Prime Minister of Italy Mario Rossi.",
            vec![none("Carl Nyberg"), none("Mario Rossi")],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(discovered(text), want, "{text:?}");
    }
    // the place inside the name is not a mention of its own
    let ex = run("Kenyan Interior Minister Victoria Njeri opened the meeting.");
    let ids: Vec<String> = ex.mentions.iter().map(|m| id(&ex, m.actor)).collect();
    assert!(!ids.iter().any(|i| i == "victoria"), "{ids:?}");
}

/// An all-caps speaker label in a briefing transcript names a person as the rest of the text
/// writes them (issue 11), so both are one person.
#[test]
fn all_caps_speaker_labels_name_the_person_as_the_text_does() {
    let ex = run("FOREIGN MINISTER ALVARADO: Thank you.\n\nMODERATOR: Next question.\n\nWe thank Foreign Minister Alvarado for the talks.");
    let names: Vec<&str> = ex.discovered.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, vec!["Alvarado"]);
    let n = ex
        .mentions
        .iter()
        .filter(|m| id(&ex, m.actor) == "alvarado")
        .count();
    assert_eq!(n, 2);
}

/// Religious titles, and the church as the affiliation in front.
#[test]
fn religious_titles_take_their_church() {
    assert_eq!(
        discovered("Police detained Catholic Bishop Tomas Ibarra on Friday."),
        vec![(
            "Tomas Ibarra".to_string(),
            Some("catholic-church".to_string())
        )]
    );
}

/// Regression: "Air Force Maj" after "Press Secretary" was a person of its own, and the portfolio
/// word after "Minister of Maritime" ("Affairs") a person's first name.
#[test]
fn ranks_and_portfolio_words_are_not_names() {
    let names: Vec<String> = discovered(
        "Press Secretary Air Force Maj. Gen. Dana Whitlock and Minister of Maritime Affairs and Fisheries Dewi Lestari spoke.",
    )
    .into_iter()
    .map(|p| p.0)
    .collect();
    assert_eq!(names, vec!["Dana Whitlock", "Dewi Lestari"]);
}

/// Regression: "In Senegal Special Envoy X met President Y" made Senegal the envoy's
/// affiliation (the state right before a title), though "In Senegal" says where, not for whom.
#[test]
fn state_after_a_locative_is_not_the_next_title_s_affiliation() {
    assert_eq!(
        discovered("In Senegal Special Envoy Patricia Holm met President Moussa Diallo."),
        vec![
            ("Patricia Holm".to_string(), None),
            ("Moussa Diallo".to_string(), Some("senegal".to_string())),
        ]
    );
}

#[test]
fn role_frames_read_events_with_slots() {
    let r = |a: &str, b: &str| (a.to_string(), b.to_string());
    let cases: Vec<(&str, Vec<(String, String)>)> = vec![
        (
            "The Ethiopia\u{2013}Eritrea talks resumed in Asmara.",
            vec![r("eritrea", "party"), r("ethiopia", "party")],
        ),
        (
            "Both sides praised the Qatar-brokered agreement.",
            vec![r("qatar", "mediator")],
        ),
        (
            "We congratulate Armenia and Azerbaijan for reaching agreement on the border.",
            vec![r("armenia", "party"), r("azerbaijan", "party")],
        ),
        (
            "The talks took place under the auspices of the African Union.",
            vec![r("african-union", "mediator")],
        ),
        (
            "The ceasefire was announced by Egypt, and we thank Egypt for its mediation.",
            vec![r("egypt", "mediator")],
        ),
        // a coalition is not an event: no mediator
        ("The Saudi-led coalition struck Sanaa again.", vec![]),
    ];
    for (text, want) in cases {
        let got: Vec<(String, String)> = roles(text)
            .into_iter()
            .filter(|(_, role)| role != "target")
            .collect();
        assert_eq!(got, want, "{text:?}");
    }
}

/// Regression: once "a dropped ambiguous hit is not discovered again" landed, a longer name
/// around the dropped hit was lost too: "President Lee Myong-bak" (the hit "President Lee" is
/// shared by two presidents) and "Ellen Johnson-Sirleaf" (the hit "Johnson").
#[test]
fn longer_name_around_a_dropped_hit_is_still_discovered() {
    let names =
        |text: &str| -> Vec<String> { discovered(text).into_iter().map(|(n, _)| n).collect() };
    assert!(
        names("South Korean President Lee Myong-bak spoke with Tokyo.")
            .contains(&"Lee Myong-bak".to_string())
    );
    assert!(
        names("In Liberia, he will meet President Ellen Johnson-Sirleaf on Monday.")
            .contains(&"Ellen Johnson-Sirleaf".to_string())
    );
}

/// Regression: "talks between" is both a party cue whose list meets and a cue of its own for
/// `meets`, so one sentence gave the pair two pieces of `meets` evidence. A relation counts cue
/// sentences: one sentence, one piece, whichever cues found it; two sentences, two.
#[test]
fn meets_found_by_two_cues_in_one_sentence_counts_once() {
    let meets = |text: &str| -> Vec<(String, String, usize)> {
        let ex = run(text);
        ex.relations
            .iter()
            .filter(|r| r.kind == actornet::gazetteer::Kind::Meets)
            .map(|r| (id(&ex, r.source), id(&ex, r.target), r.sentence))
            .collect()
    };
    let one = meets("Talks between Iran and Oman resumed on Monday.");
    assert_eq!(one, [("iran".into(), "oman".into(), 0)]);
    let two = meets(
        "Talks between Iran and Oman resumed on Monday. The Iranian envoy met with Omani officials.",
    );
    assert_eq!(two.len(), 2, "{two:?}");
    assert_eq!((two[0].2, two[1].2), (0, 1));
}
