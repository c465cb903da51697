//! `actornet explain`: the sentences behind a link, or why an actor got its type, role, title and
//! affiliation.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use super::GazetteerOptions;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::extract::{ActorRef, Extraction, Extractor};
use crate::gazetteer::{Actor, Gazetteer};
use crate::graph::clip;
use crate::input::{self, InputOptions};
use crate::text::fold;

/// What `actornet explain` looks at: actor names, inputs, gazetteers and date.
#[derive(Debug, Clone)]
pub struct ExplainOptions {
    /// An actor (name, alias or id), optionally a second actor, then the documents
    /// (`explain Oman Iran brief.txt`, `explain Araghchi brief.txt`).
    pub args: Vec<String>,
    /// Gazetteers.
    pub gazetteers: GazetteerOptions,
    /// Date of plain-text documents (YYYY-MM-DD), for titles.
    pub date: Option<String>,
    /// Replace invalid UTF-8 instead of failing (as `extract --lossy` does).
    pub lossy: bool,
}

/// An actor as named on the command line: the gazetteer actors the name may mean, or a name to
/// look up among discovered people.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Named {
    Ids(Vec<String>),
    Name(String),
}

/// Every gazetteer actor a name may mean (an id, or any of its name forms).
fn find_in_gazetteer(g: &Gazetteer, name: &str) -> Vec<String> {
    if g.by_id(name).is_some() {
        return vec![name.to_string()];
    }
    let key = fold(name.trim());
    g.actors()
        .iter()
        .filter(|a| a.forms().any(|(f, _)| fold(f) == key))
        .map(|a| a.id.clone())
        .collect()
}

/// Splits `ACTOR [ACTOR] INPUT...`: the second word is an input when it is `-` or an existing
/// path, and an actor otherwise. With only two words, a second word that is not an input is an
/// error that says what was expected (a forgotten input must not read an actor's name as a
/// missing file).
fn split_args<'a>(g: &Gazetteer, a: &'a [String]) -> Result<(Vec<&'a String>, Vec<&'a String>)> {
    let is_input = |s: &str| s == "-" || std::path::Path::new(s).exists();
    match a {
        [first, second, rest @ ..] if !is_input(second) => {
            if !rest.is_empty() {
                return Ok((vec![first, second], rest.iter().collect()));
            }
            if find_in_gazetteer(g, second).is_empty() {
                Err(Error::Usage(format!(
                    "{second:?} is neither an actor of the gazetteers nor a file; explain expects ACTOR [ACTOR] INPUT..."
                )))
            } else {
                Err(Error::Usage(format!(
                    "no input: {second:?} is an actor, not a file; give the documents after the actors, e.g. `actornet explain {first} {second} brief.txt`"
                )))
            }
        }
        [first, rest @ ..] => Ok((vec![first], rest.iter().collect())),
        [] => Err(Error::Usage(
            "explain expects ACTOR [ACTOR] INPUT...".into(),
        )),
    }
}

/// The sentence `line` (1-based) of a document, clipped, or "" when out of range.
fn sentence_of(docs: &[(input::Document, Extraction)], document: &str, line: usize) -> String {
    docs.iter()
        .find(|(d, _)| d.id == document)
        .filter(|(_, ex)| line >= 1 && line <= ex.sentences.len())
        .map(|(d, ex)| clip(ex.sentence_text(&d.text, line - 1)))
        .unwrap_or_default()
}

/// Runs `actornet explain`.
pub fn explain(args: &ExplainOptions, out: &mut dyn Write) -> Result<()> {
    let g = Arc::new(args.gazetteers.load_for_matching()?);
    let (names, inputs) = split_args(&g, &args.args)?;
    let named: Vec<Named> = names
        .iter()
        .map(|n| {
            let ids = find_in_gazetteer(&g, n);
            if ids.is_empty() {
                Named::Name(n.to_string())
            } else {
                Named::Ids(ids)
            }
        })
        .collect();
    // the same lexicons as `extract` with these gazetteers (a folder's lexicon files count)
    let lexicons = crate::extract::lexicon::Lexicons::load(
        &crate::extract::lexicon::LexiconPaths::default().from_folders(&args.gazetteers.gazetteers),
    )?;
    let extractor = Extractor::with_lexicons(g.clone(), lexicons);
    let paths: Vec<PathBuf> = inputs.iter().map(PathBuf::from).collect();
    let date = match args.date.as_deref() {
        Some(d) => Some(
            Date::parse(d, false)
                .ok_or_else(|| Error::Usage(format!("--date {d:?} is not a date (YYYY-MM-DD)")))?,
        ),
        None => None,
    };
    let mut docs = Vec::new();
    let opts = InputOptions {
        lossy: args.lossy,
        ..InputOptions::default()
    };
    let found = input::find(&paths, None)?;
    for w in &found.warnings {
        eprintln!("warning: {w}");
    }
    for s in found.sources {
        let read = input::read(&s, &opts)?;
        for w in &read.warnings {
            eprintln!("warning: {w}");
        }
        for mut d in read.documents {
            if d.date.is_none() {
                d.date = date.map(|d| d.to_string());
            }
            let ex = extractor.extract(&d);
            docs.push((d, ex));
        }
    }
    let io = |e| Error::io("<stdout>", e);
    // resolve each name to an actor id, also among discovered people
    let mut ids = Vec::new();
    for (n, raw) in named.iter().zip(&names) {
        let id = match n {
            // a name several actors share: the one the documents mention most
            Named::Ids(ids) => ids
                .iter()
                .max_by_key(|id| {
                    let n: usize = docs
                        .iter()
                        .map(|(_, ex)| {
                            ex.mentions
                                .iter()
                                .filter(|m| &extractor.actor(ex, m.actor).id == *id)
                                .count()
                        })
                        .sum();
                    (n, std::cmp::Reverse((*id).clone()))
                })
                .cloned(),
            Named::Name(name) => docs.iter().find_map(|(_, ex)| {
                let key = fold(name);
                ex.discovered
                    .iter()
                    .find(|a| a.forms().any(|(f, _)| fold(f) == key))
                    .map(|a| a.id.clone())
            }),
        };
        match id {
            Some(id) => ids.push(id),
            None => {
                return Err(Error::Usage(format!(
                    "no actor called {raw:?} in the gazetteers or the documents"
                )))
            }
        }
    }
    let id_of = |ex: &Extraction, r: ActorRef| extractor.actor(ex, r).id.clone();
    if ids.len() == 2 {
        let (a, b) = (&ids[0], &ids[1]);
        let mut total = 0;
        for (doc, ex) in &docs {
            let mut by_sentence: BTreeMap<usize, (bool, bool)> = BTreeMap::new();
            for m in &ex.mentions {
                let id = id_of(ex, m.actor);
                let e = by_sentence.entry(m.sentence).or_default();
                e.0 |= &id == a;
                e.1 |= &id == b;
            }
            for (s, (x, y)) in by_sentence {
                if x && y {
                    total += 1;
                    writeln!(
                        out,
                        "{}#{}: {}",
                        doc.id,
                        s + 1,
                        clip(ex.sentence_text(&doc.text, s))
                    )
                    .map_err(io)?;
                }
            }
            for r in &ex.relations {
                let (s, t) = (id_of(ex, r.source), id_of(ex, r.target));
                if (&s == a && &t == b) || (&s == b && &t == a) {
                    writeln!(
                        out,
                        "{}#{}: relation {} ({s} \u{2192} {t}): {}",
                        doc.id,
                        r.sentence + 1,
                        r.kind,
                        clip(ex.sentence_text(&doc.text, r.sentence))
                    )
                    .map_err(io)?;
                }
            }
        }
        writeln!(out, "{a} and {b}: {total} sentence(s) together").map_err(io)?;
    } else {
        let id = &ids[0];
        let actor: Option<Actor> = g.by_id(id).cloned().or_else(|| {
            docs.iter()
                .find_map(|(_, ex)| ex.discovered.iter().find(|a| &a.id == id).cloned())
        });
        let Some(actor) = actor else {
            return Err(Error::Usage(format!("no actor {id:?}")));
        };
        writeln!(
            out,
            "{} ({}), type {}",
            actor.name,
            actor.id,
            actor.actor_type()
        )
        .map_err(io)?;
        let today = Date::today();
        let doc_date = |ex: &Extraction| ex.date.or(date).unwrap_or(today);
        let mentioned: Vec<&(input::Document, Extraction)> = docs
            .iter()
            .filter(|(_, ex)| ex.mentions.iter().any(|m| &id_of(ex, m.actor) == id))
            .collect();
        if actor.discovered {
            let (doc, line) = (actor.origin.path.display().to_string(), actor.origin.line);
            let at = format!("{doc}#{line}: {}", sentence_of(&docs, &doc, line));
            // the rules recorded when the actor was found, in the document that found it
            let why = docs
                .iter()
                .filter(|(d, _)| d.id == doc)
                .find_map(|(d, ex)| {
                    let k = ex.discovered.iter().position(|a| &a.id == id)?;
                    ex.why.get(k).map(|w| (d, w.clone()))
                });
            let kind = actor.kind.map_or("actor", |k| k.as_str());
            let found = why.as_ref().map_or("after a title cue", |w| w.1.found);
            writeln!(
                out,
                "  type: {kind}, discovered in the text {found} \u{2014} {at}"
            )
            .map_err(io)?;
            if let Some(t) = actor.titles.first() {
                writeln!(out, "  title (discovered, from that cue): {}", t.text).map_err(io)?;
            }
            if let Some(a) = &actor.affiliation {
                let (rule, at) = match &why {
                    Some((d, w)) => (
                        w.affiliation.unwrap_or("named by the title cue"),
                        format!(
                            "{}#{}: {}",
                            d.id,
                            w.sentence + 1,
                            sentence_of(&docs, &d.id, w.sentence + 1)
                        ),
                    ),
                    None => ("named by the title cue", at.clone()),
                };
                writeln!(out, "  affiliation (discovered, {rule}): {a} \u{2014} {at}")
                    .map_err(io)?;
            }
        } else {
            writeln!(
                out,
                "  type: from {}:{}",
                crate::error::show_path(&actor.origin.path),
                actor.origin.line
            )
            .map_err(io)?;
            if let Some(a) = &actor.affiliation {
                writeln!(out, "  affiliation (gazetteer): {a}").map_err(io)?;
            }
            // the title on each document's own date (JSON Lines and CSV dates, else --date,
            // else today), one line per title with the dates it covers
            let mut by_title: BTreeMap<String, (Date, Date, usize)> = BTreeMap::new();
            for (_, ex) in &mentioned {
                let on = doc_date(ex);
                if let Some(t) = actor.title_on(on) {
                    let e = by_title.entry(t).or_insert((on, on, 0));
                    e.0 = e.0.min(on);
                    e.1 = e.1.max(on);
                    e.2 += 1;
                }
            }
            let mut titles: Vec<(String, (Date, Date, usize))> = by_title.into_iter().collect();
            titles.sort_by_key(|(_, (first, _, _))| *first);
            for (t, (first, last, n)) in titles {
                let when = if first == last {
                    format!("on {first}")
                } else {
                    format!("from {first} to {last}")
                };
                writeln!(out, "  title (gazetteer, {when}, {n} document(s)): {t}").map_err(io)?;
            }
        }
        let mut mentions = 0;
        for (doc, ex) in &docs {
            mentions += ex
                .mentions
                .iter()
                .filter(|m| &id_of(ex, m.actor) == id)
                .count();
            for t in ex.titles.iter().filter(|t| &id_of(ex, t.person) == id) {
                let aff = t.affiliation.map(|i| g.get(i).id.clone());
                let clash = match (&aff, &actor.affiliation) {
                    (Some(x), Some(y)) if x != y && !actor.discovered => {
                        " (disagrees with the gazetteer)"
                    }
                    _ => "",
                };
                writeln!(
                    out,
                    "  title from text: {}{}{clash} \u{2014} {}#{}: {}",
                    t.title,
                    aff.map(|a| format!(", affiliation {a}"))
                        .unwrap_or_default(),
                    doc.id,
                    t.sentence + 1,
                    clip(ex.sentence_text(&doc.text, t.sentence))
                )
                .map_err(io)?;
            }
            for r in ex.roles.iter().filter(|r| &id_of(ex, r.actor) == id) {
                let cue = ex.slice(&doc.text, r.start, r.end);
                writeln!(
                    out,
                    "  role {} (cue {cue:?}) \u{2014} {}#{}: {}",
                    extractor.role_name(r.role),
                    doc.id,
                    r.sentence + 1,
                    clip(ex.sentence_text(&doc.text, r.sentence))
                )
                .map_err(io)?;
            }
        }
        writeln!(
            out,
            "  mentions: {mentions} in {} of {} document(s)",
            mentioned.len(),
            docs.len()
        )
        .map_err(io)?;
    }
    out.flush().map_err(io)
}
