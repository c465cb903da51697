//! The gazetteer's data model: actors with their names and attributes.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::OnceLock;

use super::matcher::Matcher;

use crate::date::Date;

/// What kind of actor a row describes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ActorType {
    /// A sovereign or de facto state.
    State,
    /// A person.
    Person,
    /// A place: a city, region, sea, strait or territory.
    Place,
    /// An organization: intergovernmental body, movement, armed group, company, news outlet.
    Org,
}

impl ActorType {
    /// All types, in the order summaries list them.
    pub const ALL: [ActorType; 4] = [
        ActorType::State,
        ActorType::Person,
        ActorType::Place,
        ActorType::Org,
    ];

    /// The lower-case name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorType::State => "state",
            ActorType::Person => "person",
            ActorType::Place => "place",
            ActorType::Org => "org",
        }
    }
}

impl fmt::Display for ActorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ActorType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        // compared without a lower-cased copy: every row of every gazetteer file has a type
        let is = |names: &[&str]| names.iter().any(|n| s.eq_ignore_ascii_case(n));
        if is(&["state", "country"]) {
            Ok(ActorType::State)
        } else if is(&["person", "people"]) {
            Ok(ActorType::Person)
        } else if is(&["place", "location", "city", "region"]) {
            Ok(ActorType::Place)
        } else if is(&["org", "organization", "organisation"]) {
            Ok(ActorType::Org)
        } else {
            Err(format!(
                "unknown type {:?} (expected state, person, place or org)",
                s.to_ascii_lowercase()
            ))
        }
    }
}

/// How a name form refers to its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Form {
    /// The canonical name or an alias.
    Alias,
    /// A demonym: "Iranian" for Iran.
    Demonym,
    /// A capital or seat of government standing for a state: "Tehran", "the White House".
    Metonym,
}

impl Form {
    /// The lower-case name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Alias => "alias",
            Form::Demonym => "demonym",
            Form::Metonym => "metonym",
        }
    }
}

/// A title a person held, possibly for a bounded period.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Title {
    /// The title as written: "Foreign Minister".
    pub text: String,
    /// First day held, if known.
    pub start: Option<Date>,
    /// Last day held, if it ended.
    pub end: Option<Date>,
}

impl Title {
    /// Whether the title was held on `date`.
    pub fn valid_on(&self, date: Date) -> bool {
        self.start.is_none_or(|s| s <= date) && self.end.is_none_or(|e| date <= e)
    }
}

/// Where an actor was defined.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Origin {
    /// The gazetteer file (`<built-in>/NAME` for compiled-in files).
    pub path: PathBuf,
    /// Its 1-based line.
    pub line: usize,
}

/// One actor: a row of a gazetteer, or a person discovered in the text.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Actor {
    /// Stable id, valid as an XML id (`iran`, `abbas-araghchi`).
    pub id: String,
    /// Canonical label.
    pub name: String,
    /// The actor's type.
    pub kind: Option<ActorType>,
    /// Other names (the name itself is not repeated here).
    pub aliases: Vec<String>,
    /// Demonyms, for states.
    pub demonyms: Vec<String>,
    /// Capitals and seats of government standing for a state.
    pub metonyms: Vec<String>,
    /// Id of the actor this one acts for.
    pub affiliation: Option<String>,
    /// For places: id of the state the place lies in.
    pub country: Option<String>,
    /// UN M49 sub-region.
    pub region: Option<String>,
    /// Ids of the states that border this one.
    pub neighbours: Vec<String>,
    /// Titles, most recent first.
    pub titles: Vec<Title>,
    /// ISO 3166-1 alpha-2 code.
    pub iso2: Option<String>,
    /// ISO 3166-1 alpha-3 code.
    pub iso3: Option<String>,
    /// Wikidata item id.
    pub wikidata: Option<String>,
    /// Latitude, WGS84 degrees.
    pub lat: Option<f64>,
    /// Longitude, WGS84 degrees.
    pub lon: Option<f64>,
    /// Aliases (folded) that only match with their exact case.
    pub exact_case: Vec<String>,
    /// Aliases (folded) that need support from context.
    pub ambiguous: Vec<String>,
    /// Name forms (folded) taken over by a user's gazetteer: not matched for this actor.
    pub suppressed: Vec<String>,
    /// Where the row came from.
    pub origin: Origin,
    /// True for people found in the text rather than in a gazetteer.
    pub discovered: bool,
}

impl Actor {
    /// The actor's type (a loaded actor always has one).
    pub fn actor_type(&self) -> ActorType {
        self.kind.unwrap_or(ActorType::Org)
    }

    /// The title valid on `date`: the first title whose period contains the date; otherwise
    /// the most recent ended title, prefixed with "former". `None` for people without titles.
    pub fn title_on(&self, date: Date) -> Option<String> {
        self.title_held(date).map(std::borrow::Cow::into_owned)
    }

    /// [`Actor::title_on`], borrowed unless it is a `former …` title.
    pub fn title_held(&self, date: Date) -> Option<std::borrow::Cow<'_, str>> {
        if let Some(t) = self.titles.iter().find(|t| t.valid_on(date)) {
            return Some(std::borrow::Cow::Borrowed(&t.text));
        }
        let latest_ended = self
            .titles
            .iter()
            .filter(|t| t.end.is_some_and(|e| e < date))
            .max_by_key(|t| t.end);
        latest_ended.map(|t| std::borrow::Cow::Owned(format!("former {}", t.text)))
    }

    /// Every name form with how it refers to the actor, the name first.
    pub fn forms(&self) -> impl Iterator<Item = (&str, Form)> {
        std::iter::once((self.name.as_str(), Form::Alias))
            .chain(self.aliases.iter().map(|a| (a.as_str(), Form::Alias)))
            .chain(self.demonyms.iter().map(|a| (a.as_str(), Form::Demonym)))
            .chain(self.metonyms.iter().map(|a| (a.as_str(), Form::Metonym)))
    }
}

/// The indices of actors in id order: the order of a gazetteer's actors (ids are unique in a
/// loaded gazetteer, so the order is unique too).
pub(crate) fn id_order(actors: &[Actor]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..actors.len()).collect();
    order.sort_unstable_by(|&a, &b| actors[a].id.cmp(&actors[b].id));
    order
}

/// A gazetteer's lookups, computed from its actors while they are still in file order (the
/// loader makes them while the matcher is built, before the actors move into place).
#[derive(Debug)]
pub(crate) struct Lookups {
    /// [`id_order`] of the actors.
    order: Vec<usize>,
    country_ix: Vec<Option<usize>>,
    region_ix: Vec<Option<usize>>,
    affiliation_ix: Vec<Option<usize>>,
    neighbours: Relations,
    region_no: Vec<Option<u32>>,
}

/// For each actor, a list of other actors' indices, in one flat vector (no vector per actor).
#[derive(Debug, Clone, Default)]
struct Relations {
    /// Where each actor's list starts in `to`; one more entry than there are actors.
    at: Vec<u32>,
    to: Vec<usize>,
}

impl Relations {
    fn of(&self, index: usize) -> &[usize] {
        &self.to[self.at[index] as usize..self.at[index + 1] as usize]
    }
}

impl Lookups {
    /// The lookups of `actors` once they are put in `order` ([`id_order`]); indices are
    /// positions in that order.
    pub(crate) fn new(actors: &[Actor], order: Vec<usize>) -> Lookups {
        // the position of an id in the order, by binary search (ids are unique, the order
        // sorts them): no map of ids is made, at start-up or after
        let by_id = |id: &str| {
            order
                .binary_search_by(|&a| actors[a].id.as_str().cmp(id))
                .ok()
        };
        let country_ix: Vec<Option<usize>> = order
            .iter()
            .map(|&a| actors[a].country.as_deref().and_then(by_id))
            .collect();
        let affiliation_ix: Vec<Option<usize>> = order
            .iter()
            .map(|&a| actors[a].affiliation.as_deref().and_then(by_id))
            .collect();
        // its own region, else its country's, else (without a country) its affiliation's
        let region_ix = order
            .iter()
            .enumerate()
            .map(|(i, &a)| {
                let a = &actors[a];
                if a.region.is_some() {
                    Some(i)
                } else if a.country.is_some() {
                    country_ix[i]
                } else {
                    affiliation_ix[i]
                }
            })
            .collect::<Vec<_>>();
        // the neighbours' indices, in the order written (the loader has checked that each id
        // names an actor; one that did not would be dropped, as a lookup by id drops it)
        let mut neighbours = Relations {
            at: Vec::with_capacity(order.len() + 1),
            to: Vec::new(),
        };
        neighbours.at.push(0);
        for &a in &order {
            neighbours
                .to
                .extend(actors[a].neighbours.iter().filter_map(|n| by_id(n)));
            neighbours.at.push(neighbours.to.len() as u32);
        }
        // regions numbered in the order of their names: equal numbers, equal names
        let mut names: Vec<&str> = region_ix
            .iter()
            .filter_map(|p| p.and_then(|p| actors[order[p]].region.as_deref()))
            .collect();
        names.sort_unstable();
        names.dedup();
        let region_no = region_ix
            .iter()
            .map(|p| {
                let name = actors[order[(*p)?]].region.as_deref()?;
                names.binary_search(&name).ok().map(|n| n as u32)
            })
            .collect();
        Lookups {
            order,
            country_ix,
            region_ix,
            affiliation_ix,
            neighbours,
            region_no,
        }
    }
}

/// A loaded set of actors, sorted by id, with lookup by id.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    actors: Vec<Actor>,
    /// Each actor's name forms ([`Actor::forms`] order), leading article stripped, folded:
    /// folded once at load for the alias check and the matcher.
    folded: Vec<Vec<String>>,
    /// For each actor, the index of its `country` (when that is an actor of the gazetteer):
    /// looked up once here instead of by id on every mention.
    country_ix: Vec<Option<usize>>,
    /// For each actor, the actor whose `region` is its region (itself, else its country, else
    /// its affiliation: see [`Gazetteer::region_of`]).
    region_ix: Vec<Option<usize>>,
    /// For each actor, the index of its `affiliation` (when that is an actor of the gazetteer).
    affiliation_ix: Vec<Option<usize>>,
    /// For each actor, the indices of its `neighbours` that are actors of the gazetteer.
    neighbours: Relations,
    /// For each actor, the number of its region ([`Gazetteer::region_number`]).
    region_no: Vec<Option<u32>>,
    /// Non-fatal remarks from loading (`file:line: message`).
    pub warnings: Vec<String>,
    /// A fingerprint of the loaded files (FNV-1a over names and contents), written into run
    /// manifests so that partial results built with different gazetteers are not merged.
    pub fingerprint: String,
    /// The matcher over these actors with default settings: built by the loader on a thread of
    /// its own while it checks the actors (start-up is what a user waits for on every
    /// command), else on first use. The actors never change after loading, so it never goes
    /// stale.
    matcher: OnceLock<Matcher>,
}

impl Gazetteer {
    /// Builds a gazetteer from actors that were already validated, in the id order of
    /// `lookups` (made from the same actors); `matcher`, when given, was built over the actors
    /// in that order with default settings.
    pub(crate) fn from_actors(
        actors: Vec<Actor>,
        folded: Vec<Vec<String>>,
        lookups: Lookups,
        matcher: Option<Matcher>,
        warnings: Vec<String>,
        fingerprint: String,
    ) -> Self {
        debug_assert_eq!(actors.len(), folded.len());
        debug_assert_eq!(actors.len(), lookups.order.len());
        let mut slots: Vec<Option<(Actor, Vec<String>)>> =
            actors.into_iter().zip(folded).map(Some).collect();
        let (actors, folded): (Vec<Actor>, Vec<Vec<String>>) = lookups
            .order
            .iter()
            .map(|&i| slots[i].take().expect("order is a permutation"))
            .unzip();
        Gazetteer {
            actors,
            folded,
            country_ix: lookups.country_ix,
            region_ix: lookups.region_ix,
            affiliation_ix: lookups.affiliation_ix,
            neighbours: lookups.neighbours,
            region_no: lookups.region_no,
            warnings,
            fingerprint,
            matcher: matcher.map(OnceLock::from).unwrap_or_default(),
        }
    }

    /// The matcher over these actors with default settings ([`Matcher::new`] shares it).
    pub fn matcher(&self) -> &Matcher {
        self.matcher
            .get_or_init(|| super::matcher::MatcherBuilder::new().build(self))
    }

    /// The index of the actor's `country`, when that is an actor of the gazetteer.
    pub fn country_index(&self, index: usize) -> Option<usize> {
        self.country_ix[index]
    }

    /// The index of the actor's `affiliation`, when that is an actor of the gazetteer.
    pub fn affiliation_index(&self, index: usize) -> Option<usize> {
        self.affiliation_ix[index]
    }

    /// The indices of the actor's `neighbours` that are actors of the gazetteer, in the order
    /// the gazetteer lists them.
    pub fn neighbour_indices(&self, index: usize) -> &[usize] {
        self.neighbours.of(index)
    }

    /// The region of [`Gazetteer::region_of`] as a number: two actors have the same number
    /// exactly when they have the same region (numbers follow the regions' names), so the
    /// resolver compares regions without comparing strings.
    pub fn region_number(&self, index: usize) -> Option<u32> {
        self.region_no[index]
    }

    /// The folded name forms of the actor at an index, in [`Actor::forms`] order, each with its
    /// leading article stripped ([`super::matcher::strip_article`]).
    pub fn folded_forms(&self, index: usize) -> &[String] {
        &self.folded[index]
    }

    /// Every folded name form of every actor, once each, sorted, blank ones left out: the
    /// patterns of a bare scan over folded text (the benchmarks' ceiling), the set the matcher's
    /// automaton is built from.
    pub fn folded_aliases(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .folded
            .iter()
            .flatten()
            .map(String::as_str)
            .filter(|f| !f.trim().is_empty())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// All actors, sorted by id.
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// The actor at an index.
    pub fn get(&self, index: usize) -> &Actor {
        &self.actors[index]
    }

    /// The index of an actor by id (a binary search: the actors are sorted by id).
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.actors.binary_search_by(|a| a.id.as_str().cmp(id)).ok()
    }

    /// An actor by id.
    pub fn by_id(&self, id: &str) -> Option<&Actor> {
        self.index_of(id).map(|i| &self.actors[i])
    }

    /// Number of actors.
    pub fn len(&self) -> usize {
        self.actors.len()
    }

    /// Whether there are no actors.
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
    }

    /// Counts of actors by type, in [`ActorType::ALL`] order.
    pub fn counts(&self) -> [(ActorType, usize); 4] {
        ActorType::ALL.map(|t| (t, self.actors.iter().filter(|a| a.kind == Some(t)).count()))
    }

    /// The region of an actor, or of the state it lies in or acts for.
    pub fn region_of(&self, index: usize) -> Option<&str> {
        // its own region, else that of its country (or, without one, its affiliation)
        self.region_ix[index].and_then(|p| self.actors[p].region.as_deref())
    }
}

/// The kind of a link between two actors.
///
/// It lives with the gazetteer because both the gazetteer (`affiliated_with`, `located_in`) and the
/// text (`mediates`, `hosts`, `meets`) produce relations, and the graph only collects them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Kind {
    /// Both actors appear in the same window. Undirected.
    #[serde(rename = "co-occurrence")]
    CoOccurrence,
    /// A person or organization acts for a state or organization. Directed.
    #[serde(rename = "affiliated_with")]
    AffiliatedWith,
    /// A place lies in a state. Directed.
    #[serde(rename = "located_in")]
    LocatedIn,
    /// A mediator between parties. Directed.
    #[serde(rename = "mediates")]
    Mediates,
    /// A host of talks or a visit. Directed.
    #[serde(rename = "hosts")]
    Hosts,
    /// Two actors met or talked, by a cue in the text. Undirected.
    #[serde(rename = "meets")]
    Meets,
}

impl Kind {
    /// All kinds.
    pub const ALL: [Kind; 6] = [
        Kind::CoOccurrence,
        Kind::AffiliatedWith,
        Kind::LocatedIn,
        Kind::Mediates,
        Kind::Hosts,
        Kind::Meets,
    ];

    /// The name written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::CoOccurrence => "co-occurrence",
            Kind::AffiliatedWith => "affiliated_with",
            Kind::LocatedIn => "located_in",
            Kind::Mediates => "mediates",
            Kind::Hosts => "hosts",
            Kind::Meets => "meets",
        }
    }

    /// Whether the link has a direction (source → target).
    pub fn directed(self) -> bool {
        !matches!(self, Kind::CoOccurrence | Kind::Meets)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Kind {
    type Err = String;
    /// A kind by the name files write ([`Kind::as_str`]), as `roles.csv` names relations.
    fn from_str(s: &str) -> std::result::Result<Kind, String> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| {
                let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                format!("unknown kind {s:?} ({})", names.join(", "))
            })
    }
}
