//! Work is linear in the length of one document: a document twice as long costs twice the steps
//! in every extraction stage (counted by `actornet::extract::work`, not timed).

use std::sync::{Arc, OnceLock};

use actornet::export::rows::EvidenceRef;
use actornet::extract::work::{self, Stage};
use actornet::extract::{Extraction, Extractor};
use actornet::gazetteer::GazetteerBuilder;
use actornet::input::Document;

fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| Extractor::new(Arc::new(GazetteerBuilder::new().build().unwrap())))
}

/// A made-up name, different for every `i` (never in the gazetteer).
fn name(i: usize, syllables: [&str; 8]) -> String {
    let mut s = String::new();
    let mut k = i + 8 * 8 * 8;
    while k > 0 {
        s.push_str(syllables[k % 8]);
        k /= 8;
    }
    let mut c = s.chars();
    let first = c.next().unwrap().to_uppercase().collect::<String>();
    first + c.as_str()
}

/// `n` paragraphs of a brief, each with its own people: states, an ambiguous name with
/// support, a title cue before a new person, the person's surname again, roles.
fn brief(n: usize) -> String {
    let mut t = String::new();
    for i in 0..n {
        let first = name(i, ["ka", "lo", "mi", "re", "tu", "sa", "ve", "no"]);
        let last = name(i, ["bar", "den", "fol", "gur", "hes", "jul", "kor", "lan"]);
        t.push_str(&format!(
            "Iran and Qatar. Foreign Minister {first} {last} of Oman met Egypt in Doha. \
             {last} said Chad and Niger would attend the talks hosted by Qatar. \
             Georgia sent observers, and the talks were mediated by Egypt.\n\n"
        ));
    }
    t
}

/// The extraction of one document and the work it took, its evidence rows included.
fn extract(text: &str) -> (Extraction, [u64; Stage::ALL.len()]) {
    work::take();
    let ex = extractor().extract(&Document {
        id: "brief".into(),
        text: text.into(),
        ..Document::default()
    });
    let rows = EvidenceRef::all(extractor(), &ex, text);
    assert_eq!(
        rows.len(),
        ex.roles.len() + ex.titles.len() + ex.relations.len()
    );
    (ex, work::take())
}

#[test]
fn work_is_linear_in_document_length() {
    let n = 300;
    let (small, w1) = extract(&brief(n));
    let (large, w2) = extract(&brief(2 * n));
    // the document is what it claims to be: every paragraph's person is discovered, and the
    // rules that cost work fire in both sizes
    assert_eq!(small.discovered.len(), n, "{:?}", &small.discovered[..3]);
    assert_eq!(large.discovered.len(), 2 * n);
    assert!(large.mentions.len() >= 2 * small.mentions.len());
    assert!(!small.roles.is_empty() && !small.titles.is_empty());
    for (k, stage) in Stage::ALL.iter().enumerate() {
        assert!(w1[k] > 0, "{stage:?}: no work counted");
        let ratio = w2[k] as f64 / w1[k] as f64;
        assert!(
            ratio <= 2.2,
            "{stage:?}: {} steps for {n} paragraphs, {} for {}: ×{ratio:.2}",
            w1[k],
            w2[k],
            2 * n
        );
    }
}

#[test]
fn one_long_list_of_mentions_is_linear() {
    // the shape of the report: one sentence pattern repeated, every mention in its own sentence
    let (_, w1) = extract(&"Iran and Qatar. ".repeat(2000));
    let (ex, w2) = extract(&"Iran and Qatar. ".repeat(4000));
    assert_eq!(ex.mentions.len(), 8000);
    let roles = Stage::ALL.iter().position(|s| *s == Stage::Roles).unwrap();
    assert!(
        w2[roles] as f64 <= 2.2 * w1[roles] as f64,
        "{} then {}",
        w1[roles],
        w2[roles]
    );
}

#[test]
fn evidence_of_one_long_sentence_is_clipped_once() {
    // regression: each evidence row clipped its sentence again, so one long sentence with
    // many cues (a 20 MB line) took rows × length
    let unit = "talks between Oman and Iran continued while observers waited in Muscat ";
    let (small, w1) = extract(&unit.repeat(1000));
    let (large, w2) = extract(&unit.repeat(2000));
    assert_eq!((small.sentences.len(), large.sentences.len()), (1, 1));
    let rows = |ex: &Extraction| ex.roles.len() + ex.titles.len() + ex.relations.len();
    assert!(rows(&small) >= 100, "{} rows", rows(&small));
    assert!(rows(&large) >= 2 * rows(&small) - 2);
    let k = Stage::ALL
        .iter()
        .position(|s| *s == Stage::Evidence)
        .unwrap();
    assert_eq!(
        w1[k],
        (unit.len() * 1000 - 1) as u64,
        "the sentence, clipped once"
    );
    assert!(
        w2[k] as f64 <= 2.2 * w1[k] as f64,
        "{} then {}",
        w1[k],
        w2[k]
    );
}

#[test]
fn a_row_of_200k_aliases_loads_with_duplicates_dropped() {
    // one hand-made row with 200,000 aliases (every one twice): the duplicate check was a scan
    // of the aliases kept so far (105 s); it is a set now
    let aliases: Vec<String> = (0..200_000).map(|i| format!("Zorvan {}", i / 2)).collect();
    let csv = format!(
        "id,name,type,aliases\nzorvan,Zorvan,org,{}\n",
        aliases.join("|")
    );
    let g = GazetteerBuilder::new()
        .defaults(false)
        .source("big.csv", &csv)
        .build()
        .unwrap();
    assert_eq!(g.by_id("zorvan").unwrap().aliases.len(), 100_000);
}

#[test]
fn one_letter_aliases_are_refused_with_the_row() {
    let csv = "id,name,type,aliases\nacme,Acme Holdings,org,a|I|.|AH|Acme\n";
    let g = GazetteerBuilder::new()
        .defaults(false)
        .source("mine.csv", csv)
        .build()
        .unwrap();
    assert_eq!(g.by_id("acme").unwrap().aliases, ["AH", "Acme"]);
    for a in ["\"a\"", "\"I\"", "\".\""] {
        assert!(
            g.warnings
                .iter()
                .any(|w| w.starts_with("mine.csv:2:") && w.contains(a)),
            "{a}: {:?}",
            g.warnings
        );
    }
    let ex = Extractor::new(Arc::new(g)).extract(&Document {
        id: "t".into(),
        text: "I saw a cat. Acme said no.".into(),
        ..Document::default()
    });
    assert_eq!(ex.mentions.len(), 1);
}

#[test]
fn affiliation_cycle_is_refused_with_the_row() {
    let csv = "id,name,type,affiliation\n\
               alpha,Alpha Group,org,beta\n\
               beta,Beta Union,org,alpha\n\
               gamma,Gamma Party,org,alpha\n";
    let err = GazetteerBuilder::new()
        .defaults(false)
        .source("orgs.csv", csv)
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("orgs.csv:2: affiliation cycle: alpha \u{2192} beta \u{2192} alpha"),
        "{err}"
    );
    assert_eq!(err.matches("cycle").count(), 1, "{err}");
}
