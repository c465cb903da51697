//! Converting dictionaries users already have into actornet's gazetteer CSV: GeoNames dumps
//! (with `countryInfo.txt`), PETRARCH/TABARI `.actors` files and spaCy EntityRuler patterns.
//!
//! Each importer returns actors; [`write_csv`] writes them in the gazetteer format, ready for
//! `--gazetteer`. Ids are slugs of the names, made unique with a suffix where needed.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, BufRead, Write};
use std::path::Path;

use super::load::COLUMNS;
use super::model::{Actor, ActorType, Gazetteer, Title};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::text::slug;

/// Gives every actor a unique id (`name`, `name-2`, …), in order.
fn unique_ids(actors: &mut [Actor], taken: &mut BTreeSet<String>) {
    for a in actors.iter_mut() {
        let base = if a.id.is_empty() {
            slug(&a.name)
        } else {
            a.id.clone()
        };
        let mut id = base.clone();
        let mut n = 2;
        while taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(id.clone());
        a.id = id;
    }
}

/// Writes actors as a gazetteer CSV (the full column set).
pub fn write_csv(actors: &[Actor], out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new().from_writer(out);
    w.write_record(COLUMNS).map_err(io::Error::from)?;
    let join = |v: &[String]| v.join("|");
    for a in actors {
        let titles: Vec<String> = a
            .titles
            .iter()
            .map(|t| match (t.start, t.end) {
                (None, None) => t.text.clone(),
                (s, e) => format!(
                    "{}@{}..{}",
                    t.text,
                    s.map(|d| d.to_string()).unwrap_or_default(),
                    e.map(|d| d.to_string()).unwrap_or_default()
                ),
            })
            .collect();
        let num = |x: Option<f64>| x.map(super::super::export::number).unwrap_or_default();
        let opt = |x: &Option<String>| x.clone().unwrap_or_default();
        w.write_record([
            a.id.clone(),
            a.name.clone(),
            a.actor_type().to_string(),
            join(&a.aliases),
            join(&a.demonyms),
            join(&a.metonyms),
            opt(&a.affiliation),
            opt(&a.country),
            opt(&a.region),
            titles.join("|"),
            opt(&a.iso2),
            opt(&a.iso3),
            opt(&a.wikidata),
            num(a.lat),
            num(a.lon),
            join(&a.exact_case),
            join(&a.ambiguous),
            join(&a.neighbours),
        ])
        .map_err(io::Error::from)?;
    }
    w.flush()
}

fn read_lines(path: &Path) -> Result<Vec<String>> {
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in io::BufReader::new(f).split(b'\n').enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(line).map_err(|e| Error::Input {
            path: path.to_path_buf(),
            line: Some(i + 1),
            message: format!("not valid UTF-8 (byte {})", e.utf8_error().valid_up_to()),
        })?;
        out.push(text.trim_end_matches('\r').to_string());
    }
    Ok(out)
}

/// Options for the GeoNames importer.
#[derive(Debug, Clone, Default)]
pub struct GeonamesOptions {
    /// Keep places with at least this population (0: all).
    pub min_population: u64,
    /// Also take the `alternatenames` column as aliases (off by default: it is full of common
    /// words and other languages).
    pub alternate_names: bool,
}

/// Imports a GeoNames dump (`cities15000.txt`, `allCountries.txt`: 19 tab-separated columns) as
/// places. Countries are linked by ISO code: to states of `countries` (a `countryInfo.txt`, also
/// written out as states) when given, else to the states of `known` (the built-in gazetteer).
pub fn geonames(
    path: &Path,
    countries: Option<&Path>,
    known: &Gazetteer,
    opts: &GeonamesOptions,
) -> Result<Vec<Actor>> {
    let mut out = Vec::new();
    let mut taken: BTreeSet<String> = known.actors().iter().map(|a| a.id.clone()).collect();
    let mut by_iso: BTreeMap<String, String> = known
        .actors()
        .iter()
        .filter_map(|a| {
            a.iso2
                .as_ref()
                .map(|c| (c.to_ascii_uppercase(), a.id.clone()))
        })
        .collect();
    if let Some(cpath) = countries {
        let mut states = Vec::new();
        for (i, line) in read_lines(cpath)?.iter().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 6 {
                return Err(Error::Input { path: cpath.to_path_buf(), line: Some(i + 1), message: format!("expected countryInfo columns (ISO, ISO3, numeric, FIPS, Country, Capital, …), found {} fields", f.len()) });
            }
            let iso2 = f[0].trim().to_ascii_uppercase();
            if let Some(id) = by_iso.get(&iso2) {
                // already known: keep the known state
                let _ = id;
                continue;
            }
            let mut a = Actor {
                name: f[4].trim().to_string(),
                kind: Some(ActorType::State),
                iso2: Some(iso2.clone()),
                iso3: Some(f[1].trim().to_string()).filter(|s| !s.is_empty()),
                ..Actor::default()
            };
            if !f[5].trim().is_empty() {
                a.metonyms.push(f[5].trim().to_string());
            }
            states.push((iso2, a));
        }
        let mut list: Vec<Actor> = states.iter().map(|(_, a)| a.clone()).collect();
        unique_ids(&mut list, &mut taken);
        for ((iso2, _), a) in states.iter().zip(&list) {
            by_iso.insert(iso2.clone(), a.id.clone());
        }
        out.extend(list);
    }
    let mut places = Vec::new();
    for (i, line) in read_lines(path)?.iter().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 15 {
            return Err(Error::Input {
                path: path.to_path_buf(),
                line: Some(i + 1),
                message: format!(
                    "expected 19 tab-separated GeoNames columns, found {}",
                    f.len()
                ),
            });
        }
        let population: u64 = f[14].trim().parse().unwrap_or(0);
        if population < opts.min_population || !matches!(f[6], "P" | "A" | "L" | "H" | "T") {
            continue;
        }
        let parse = |s: &str| s.trim().parse::<f64>().ok().filter(|x| x.is_finite());
        let name = f[1].trim().to_string();
        if name.is_empty() {
            continue;
        }
        let mut aliases = Vec::new();
        let ascii = f[2].trim();
        if !ascii.is_empty() && ascii != name {
            aliases.push(ascii.to_string());
        }
        if opts.alternate_names {
            for alt in f[3].split(',') {
                let alt = alt.trim();
                if alt.chars().count() > 2 && alt != name && !aliases.iter().any(|a| a == alt) {
                    aliases.push(alt.to_string());
                }
            }
        }
        let country = by_iso.get(&f[8].trim().to_ascii_uppercase()).cloned();
        let already = known
            .actors()
            .iter()
            .any(|k| k.actor_type() == ActorType::Place && k.name == name && k.country == country);
        if already {
            continue;
        }
        let country = by_iso.get(&f[8].trim().to_ascii_uppercase()).cloned();
        let already = known
            .actors()
            .iter()
            .any(|k| k.actor_type() == ActorType::Place && k.name == name && k.country == country);
        if already {
            continue;
        }
        places.push(Actor {
            name,
            kind: Some(ActorType::Place),
            aliases,
            country,
            lat: parse(f[4]).filter(|x| x.abs() <= 90.0),
            lon: parse(f[5]).filter(|x| x.abs() <= 180.0),
            ..Actor::default()
        });
    }
    unique_ids(&mut places, &mut taken);
    out.extend(places);
    Ok(out)
}

/// Title-cases an upper-case PETRARCH phrase: `BARACK_OBAMA_` → "Barack Obama"; short words
/// without vowels stay capitals ("UN", "NATO" stays "NATO" when it has no lower-case form).
fn petrarch_phrase(p: &str) -> String {
    let words: Vec<String> = p
        .trim()
        .trim_end_matches('_')
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            let vowels = w.chars().filter(|c| "AEIOUaeiou".contains(*c)).count();
            let bare = w.trim_end_matches('.');
            const SHORT_WORDS: &[&str] = &[
                "OF", "THE", "AND", "FOR", "AL", "BIN", "DE", "LA", "EL", "IN", "ON", "TO", "MR",
                "MRS", "DR", "ST", "SAN", "LOS", "NEW", "VAN", "VON", "BEN", "ABU", "IBN",
            ];
            const SHORT: &[&str] = &["MS"];
            if !SHORT_WORDS.contains(&bare)
                && !SHORT.contains(&bare)
                && (letters <= 4 && (vowels == 0 || w.contains('.')) || letters <= 3)
            {
                w.to_string()
            } else {
                let lower = w.to_lowercase();
                const SMALL: &[&str] = &[
                    "of", "the", "and", "for", "al", "bin", "de", "la", "el", "in",
                ];
                if SMALL.contains(&lower.as_str()) {
                    lower
                } else {
                    let mut c = lower.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default()
                }
            }
        })
        .collect();
    let mut s = words.join(" ");
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s
}

/// Parses a PETRARCH date (`YYMMDD` or `YYYYMMDD`).
fn petrarch_date(d: &str, end: bool) -> Option<Date> {
    let d = d.trim();
    let (y, rest) = match d.len() {
        6 => {
            let yy: i32 = d[..2].parse().ok()?;
            (if yy > 30 { 1900 + yy } else { 2000 + yy }, &d[2..])
        }
        8 => (d[..4].parse().ok()?, &d[4..]),
        _ => return None,
    };
    Date::parse(&format!("{y:04}-{}-{}", &rest[..2], &rest[2..]), end)
}

/// Imports a PETRARCH/TABARI actors file: each record (phrase, `+synonyms`, dated `[CODE date]`
/// lines) becomes an actor. A bare three-letter country code makes a state, an `IGO`/`NGO`/`IMG`/
/// `MNC` code an organization, a record with dated role codes a person whose affiliation is the
/// code's country (linked through the ISO3 codes of `known`) and whose titles are the role
/// sectors with their periods.
pub fn petrarch(path: &Path, known: &Gazetteer) -> Result<Vec<Actor>> {
    let by_iso3: BTreeMap<String, String> = known
        .actors()
        .iter()
        .filter_map(|a| {
            a.iso3
                .as_ref()
                .map(|c| (c.to_ascii_uppercase(), a.id.clone()))
        })
        .collect();
    let lines = read_lines(path)?;
    struct Rec {
        phrase: String,
        synonyms: Vec<String>,
        codes: Vec<(String, Option<Date>, Option<Date>)>,
    }
    let mut recs: Vec<Rec> = Vec::new();
    let parse_codes = |s: &str, out: &mut Vec<(String, Option<Date>, Option<Date>)>| {
        for part in s.split('[').skip(1) {
            let inner = part.split(']').next().unwrap_or("");
            let mut it = inner.split_whitespace();
            let Some(code) = it.next() else { continue };
            let (mut a, mut b) = (None, None);
            if let Some(range) = it.next() {
                if let Some(x) = range.strip_prefix('>') {
                    a = petrarch_date(x, false);
                } else if let Some(x) = range.strip_prefix('<') {
                    b = petrarch_date(x, true);
                } else if let Some((x, y)) = range.split_once('-') {
                    a = petrarch_date(x, false);
                    b = petrarch_date(y, true);
                }
            }
            out.push((code.to_string(), a, b));
        }
    };
    for raw in &lines {
        let line = raw.split('#').next().unwrap_or("");
        if line.trim().is_empty() || raw.trim_start().starts_with("<!--") {
            continue;
        }
        if let Some(syn) = line.strip_prefix('+') {
            if let Some(r) = recs.last_mut() {
                r.synonyms
                    .push(syn.split('[').next().unwrap_or("").trim().to_string());
            }
        } else if line.starts_with('\t') || line.starts_with(' ') {
            if let Some(r) = recs.last_mut() {
                parse_codes(line, &mut r.codes);
            }
        } else {
            let phrase = line.split('[').next().unwrap_or("").trim().to_string();
            let mut codes = Vec::new();
            parse_codes(line, &mut codes);
            recs.push(Rec {
                phrase,
                synonyms: Vec::new(),
                codes,
            });
        }
    }
    let mut out = Vec::new();
    for r in recs {
        if r.phrase.is_empty() {
            continue;
        }
        let name = petrarch_phrase(&r.phrase);
        let mut aliases: Vec<String> = Vec::new();
        for s in &r.synonyms {
            let a = petrarch_phrase(s);
            if !a.is_empty() && a != name && !aliases.contains(&a) {
                aliases.push(a);
            }
        }
        let first = r.codes.first().map(|c| c.0.clone()).unwrap_or_default();
        let dated = r.codes.iter().any(|c| c.1.is_some() || c.2.is_some());
        let root = first.get(..3).unwrap_or("").to_string();
        let org_root = matches!(root.as_str(), "IGO" | "NGO" | "IMG" | "MNC");
        let kind = if first.len() == 3 && !dated && !org_root {
            ActorType::State
        } else if org_root || !dated {
            ActorType::Org
        } else {
            ActorType::Person
        };
        let mut a = Actor {
            name,
            aliases,
            kind: Some(kind),
            ..Actor::default()
        };
        match kind {
            ActorType::State => a.iso3 = Some(first.clone()).filter(|s| !s.is_empty()),
            ActorType::Person => {
                // the most recent dated code gives the affiliation
                let latest = r.codes.iter().max_by_key(|c| c.1.or(c.2));
                if let Some((code, _, _)) = latest {
                    a.affiliation = by_iso3.get(code.get(..3).unwrap_or("")).cloned();
                }
                for (code, s, e) in r.codes.iter().rev() {
                    let sector = match code.get(3..6).unwrap_or("") {
                        "GOV" => "government",
                        "MIL" => "military",
                        "ELI" => "elite",
                        "OPP" => "opposition",
                        "REB" => "rebel",
                        "JUD" => "judiciary",
                        "LEG" => "legislature",
                        "BUS" => "business",
                        "MED" => "media",
                        "" => continue,
                        other => other,
                    };
                    a.titles.push(Title {
                        text: sector.to_string(),
                        start: *s,
                        end: *e,
                    });
                }
            }
            _ => {
                if let Some(id) = by_iso3.get(&root) {
                    a.affiliation = Some(id.clone());
                }
            }
        }
        out.push(a);
    }
    let mut taken: BTreeSet<String> = known.actors().iter().map(|a| a.id.clone()).collect();
    unique_ids(&mut out, &mut taken);
    mark_shared_aliases(&mut out);
    Ok(out)
}

/// Imports spaCy EntityRuler patterns (JSON Lines: `{"label", "pattern", "id"?}`; a pattern is a
/// string or a list of token dicts with `ORTH`, `TEXT` or `LOWER`). Patterns with the same `id`
/// (or the same text) become one actor. Labels map to types: PERSON → person; ORG, NORP → org;
/// GPE, LOC, FAC → place (GPE patterns that name a state of `known` become that state's id).
pub fn spacy(path: &Path, known: &Gazetteer) -> Result<Vec<Actor>> {
    let mut groups: BTreeMap<String, Actor> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for (i, line) in read_lines(path)?.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |m: String| Error::Input {
            path: path.to_path_buf(),
            line: Some(i + 1),
            message: m,
        };
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| bad(format!("not JSON: {e}")))?;
        let label = v
            .get("label")
            .and_then(|l| l.as_str())
            .ok_or_else(|| bad("no \"label\"".into()))?;
        let text = match v.get("pattern") {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Array(tokens)) => {
                let mut words = Vec::new();
                for t in tokens {
                    let w = ["ORTH", "TEXT", "LOWER", "orth", "text", "lower"]
                        .iter()
                        .find_map(|k| t.get(k).and_then(|x| x.as_str()))
                        .ok_or_else(|| bad("token pattern without ORTH, TEXT or LOWER".into()))?;
                    words.push(w.to_string());
                }
                words.join(" ")
            }
            _ => return Err(bad("no \"pattern\" string or token list".into())),
        };
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            continue;
        }
        let kind = match label.to_ascii_uppercase().as_str() {
            "PERSON" | "PER" => ActorType::Person,
            "GPE" | "LOC" | "FAC" => ActorType::Place,
            _ => ActorType::Org,
        };
        let key = v
            .get("id")
            .and_then(|x| x.as_str())
            .map_or_else(|| text.to_lowercase(), str::to_string);
        match groups.get_mut(&key) {
            Some(a) => {
                if a.name != text && !a.aliases.contains(&text) {
                    a.aliases.push(text);
                }
            }
            None => {
                let is_state = kind == ActorType::Place
                    && known
                        .actors()
                        .iter()
                        .any(|s| s.actor_type() == ActorType::State && s.name == text);
                if is_state {
                    // the built-in gazetteer knows it already
                    continue;
                }
                let id = v
                    .get("id")
                    .and_then(|x| x.as_str())
                    .map(slug)
                    .unwrap_or_default();
                order.push(key.clone());
                groups.insert(
                    key,
                    Actor {
                        id,
                        name: text,
                        kind: Some(if is_state { ActorType::State } else { kind }),
                        ..Actor::default()
                    },
                );
            }
        }
    }
    let mut out: Vec<Actor> = order
        .into_iter()
        .filter_map(|k| groups.remove(&k))
        .collect();
    let mut taken: BTreeSet<String> = known.actors().iter().map(|a| a.id.clone()).collect();
    unique_ids(&mut out, &mut taken);
    mark_shared_aliases(&mut out);
    Ok(out)
}

/// An alias two imported actors share is marked ambiguous on both, so the file loads.
fn mark_shared_aliases(actors: &mut [Actor]) {
    let mut owners: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, a) in actors.iter().enumerate() {
        for (f, _) in a.forms() {
            owners
                .entry(crate::text::fold(super::matcher::strip_article(f)))
                .or_default()
                .insert(i);
        }
    }
    for (alias, who) in owners {
        if who.len() > 1 {
            for i in who {
                if !actors[i].ambiguous.contains(&alias) {
                    actors[i].ambiguous.push(alias.clone());
                }
            }
        }
    }
}
