//! The built-in gazetteers' coverage, the `gazetteer` subcommands and the importers.

use std::collections::BTreeSet;

use actornet::gazetteer::{ActorType, GazetteerBuilder};

use crate::util::*;

#[test]
fn built_in_gazetteer_covers_the_world() {
    let g = GazetteerBuilder::new().build().unwrap();
    let states: Vec<_> = g
        .actors()
        .iter()
        .filter(|a| a.actor_type() == ActorType::State)
        .collect();
    // 193 UN members, 2 observers, Taiwan, Kosovo, Western Sahara
    assert!(states.len() >= 198, "{} states", states.len());
    for id in [
        "taiwan",
        "kosovo",
        "western-sahara",
        "palestine",
        "vatican-city",
        "south-sudan",
        "timor-leste",
    ] {
        assert!(g.by_id(id).is_some(), "{id} missing");
    }
    for s in &states {
        assert!(s.iso3.is_some(), "{} has no ISO3 code", s.id);
        assert!(s.region.is_some(), "{} has no region", s.id);
    }
    // two-letter codes are attributes, never names
    let forms: BTreeSet<String> = g
        .actors()
        .iter()
        .flat_map(|a| a.forms().map(|(f, _)| f.to_string()))
        .collect();
    for code in ["IR", "OM", "SA", "AE", "FR"] {
        assert!(!forms.contains(code), "{code} is a name form");
    }
    for p in g
        .actors()
        .iter()
        .filter(|a| a.actor_type() == ActorType::Place && a.lat.is_some())
    {
        assert!(
            p.lat.unwrap().abs() <= 90.0 && p.lon.is_some_and(|x| x.abs() <= 180.0),
            "{}",
            p.id
        );
    }
    let people = g
        .actors()
        .iter()
        .filter(|a| a.actor_type() == ActorType::Person)
        .count();
    let orgs = g
        .actors()
        .iter()
        .filter(|a| a.actor_type() == ActorType::Org)
        .count();
    assert!(people > 500 && orgs > 200, "{people} people, {orgs} orgs");
}

#[test]
fn gazetteer_check_prints_counts_by_type() {
    let out = run(&["gazetteer", "check"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("ok: "), "{text}");
    for t in ["state\t", "person\t", "place\t", "org\t"] {
        assert!(text.contains(t), "{text}");
    }
}

#[test]
fn gazetteer_check_reports_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "bad.csv",
        "id,name,type,affiliation\nx,X,state,\ny,,person,nobody\nx,Again,planet,\n",
    );
    let out = run(&["gazetteer", "check", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    for want in [
        "bad.csv:3: empty name for id \"y\"",
        "bad.csv:3: affiliation \"nobody\" of \"y\" is not the id of any actor",
        "bad.csv:4: unknown type \"planet\"",
        "bad.csv:4: duplicate id \"x\" (first defined at",
    ] {
        assert!(err.contains(want), "missing {want:?} in {err}");
    }
}

#[test]
fn gazetteer_list_prints_every_form() {
    let out = run(&["gazetteer", "list"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "alias\tid\ttype\tform\tambiguous");
    assert!(lines.contains(&"Iranian\tiran\tstate\tdemonym\tfalse"));
    assert!(lines.contains(&"Tehran\tiran\tstate\tmetonym\tfalse"));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("Chad\tchad\tstate\talias\ttrue")));
}

#[test]
fn user_gazetteer_adds_actors_and_takes_over_aliases() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(dir.path(), "mine.csv", "id,name,type,aliases,affiliation\nnwa,Northern Water Authority,org,NWA|Water Authority,oman\n");
    let brief = write(
        dir.path(),
        "b.txt",
        "The Northern Water Authority met Omani officials. The NWA said water was short.\n",
    );
    let (out, o) = extract(&[&brief], &["-g", g.to_str().unwrap(), "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (h, rows) = read_csv(&out.path().join("nodes.csv"));
    let ids = column(&h, &rows, "Id");
    assert!(ids.contains(&"nwa") && ids.contains(&"oman"), "{ids:?}");
    let aff = column(&h, &rows, "affiliation");
    assert_eq!(aff[ids.iter().position(|i| *i == "nwa").unwrap()], "Oman");
}

fn import(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn import_petrarch_fixture() {
    let f = root().join("tests/fixtures/fixture.actors");
    let csv = import(&["gazetteer", "import", "petrarch", f.to_str().unwrap()]);
    assert!(
        csv.contains("\nnorthland,Northland,state,Northlander|Northlanders,"),
        "{csv}"
    );
    assert!(
        csv.contains("\nfreedom-front,Freedom Front,org,The Freedom Front,"),
        "{csv}"
    );
    assert!(
        csv.contains("\njane-example,Jane Example,person,President Example|Ms. Example,,,oman,,,elite@2020-01-01..|government@2015-01-01..2019-12-31,"),
        "{csv}"
    );
    // the output is a valid gazetteer
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.csv", &csv);
    GazetteerBuilder::new().path(&p).build().unwrap();
}

#[test]
fn import_spacy_fixture() {
    let f = root().join("tests/fixtures/patterns.jsonl");
    let csv = import(&["gazetteer", "import", "spacy", f.to_str().unwrap()]);
    assert!(
        csv.contains("\nnwa,Northern Water Authority,org,NWA,"),
        "{csv}"
    );
    assert!(csv.contains("\njane-example,jane example,person,"), "{csv}");
    assert!(
        !csv.contains("Oman"),
        "known states are not imported again: {csv}"
    );
}

#[test]
fn import_geonames_fixture_with_countries() {
    let f = root().join("tests/fixtures/geonames-cities.txt");
    let c = root().join("tests/fixtures/countryInfo.txt");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("geo.csv");
    let o = run(&[
        "gazetteer",
        "import",
        "geonames",
        f.to_str().unwrap(),
        "--countries",
        c.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(
        csv.contains("\nfictionland,Fictionland,state,,,North Fictiontown,"),
        "{csv}"
    );
    assert!(
        csv.contains(
            "\nras-al-khaimah,Ras al-Khaimah,place,,,,,united-arab-emirates,,,,,,25.78953,55.9432,"
        ),
        "{csv}"
    );
    assert!(
        csv.contains(
            "\nnorth-fictiontown,North Fictiontown,place,,,,,fictionland,,,,,,10.5,-20.25,"
        ),
        "{csv}"
    );
    assert!(
        !csv.contains("Andorra la Vella,"),
        "known places are not imported again"
    );
    GazetteerBuilder::new().path(&out).build().unwrap();
}
