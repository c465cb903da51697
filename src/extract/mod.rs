//! From a document to resolved mentions: every name found, resolved to exactly one actor, with
//! the sentence and offsets behind it.

pub mod acronyms;
mod affiliation;
mod cues;
pub mod frames;
pub mod lexicon;
pub mod people;
mod resolve;
pub mod roles;
/// The word splitter moved to [`crate::text::words`]; the rules here still say `words::`.
use crate::text::words;
#[doc(hidden)]
pub mod work;

use std::sync::Arc;

use crate::date::Date;
use crate::gazetteer::{Actor, ActorType, Form, Gazetteer, Kind, Matcher, Title};
use crate::input::Document;
use crate::text::{fold, FoldedText, Segmenter};
use lexicon::Lexicons;
use people::{Span, TitleCue};
use roles::{RoleMatcher, RoleSpan};

pub use resolve::Dropped;

/// The rules behind a discovered actor, in words for `explain`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Why {
    /// How it was found ("after a title cue", "defined with its acronym").
    pub found: &'static str,
    /// The rule that gave its affiliation, if it has one.
    pub affiliation: Option<&'static str>,
    /// The sentence (0-based) of that rule.
    pub sentence: usize,
}

/// Which actor a mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActorRef {
    /// An actor of the gazetteer, by index.
    Known(usize),
    /// A person discovered in this document, by index into [`Extraction::discovered`].
    Found(usize),
}

/// One sentence of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceSpan {
    /// Byte offset of the start in the document text.
    pub start: usize,
    /// Byte offset one past the end.
    pub end: usize,
    /// Code-point offset of the start (what `mentions.csv` counts).
    pub char_start: usize,
    /// Paragraph number, from 0.
    pub paragraph: usize,
}

/// A name found in a document and resolved to one actor.
///
/// Offsets: `start`/`end` count Unicode code points from the start of the document text, end
/// exclusive, so that in Python `text[start:end] == surface`. `byte_start`/`byte_end` are the same
/// span in UTF-8 bytes, for Rust slicing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index of the sentence in [`Extraction::sentences`] (0-based; files show it 1-based).
    pub sentence: usize,
    /// Code-point offset of the first character.
    pub start: usize,
    /// Code-point offset one past the last character.
    pub end: usize,
    /// Byte offset of the first character.
    pub byte_start: usize,
    /// Byte offset one past the last character.
    pub byte_end: usize,
    /// The actor.
    pub actor: ActorRef,
    /// How the name refers to the actor.
    pub form: Form,
}

/// Everything extracted from one document.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// The document's id.
    pub document: String,
    /// The document's date, when known.
    pub date: Option<Date>,
    /// The document's source address, when known (shown beside its mentions).
    pub url: Option<String>,
    /// The document's sentences.
    pub sentences: Vec<SentenceSpan>,
    /// Resolved mentions in text order.
    pub mentions: Vec<Mention>,
    /// Hits dropped by the ambiguity rules, with the reason.
    pub dropped: Vec<Dropped>,
    /// People discovered in this document.
    pub discovered: Vec<Actor>,
    /// Why each discovered actor is what it is (same order as `discovered`): the rule that
    /// found it and the rule that gave its affiliation, for `explain`.
    pub why: Vec<Why>,
    /// (byte, code point) offsets every 256 bytes of a non-ASCII text, so that code-point
    /// offsets cost a short count, not a scan from the start; empty for ASCII text.
    pub char_marks: Vec<(usize, usize)>,
    /// Roles read from cues.
    pub roles: Vec<RoleClaim>,
    /// Titles and affiliations of people read from the text.
    pub titles: Vec<TitleClaim>,
    /// Typed relations read from cues.
    pub relations: Vec<RelationClaim>,
}

/// A role an actor plays, with the cue behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleClaim {
    /// The actor.
    pub actor: ActorRef,
    /// The role, by id in the lexicon's role table: [`Extractor::role_name`] gives its name.
    pub role: lexicon::RoleId,
    /// Sentence index (0-based).
    pub sentence: usize,
    /// Code-point span of the cue in the document.
    pub start: usize,
    /// End of the cue (exclusive).
    pub end: usize,
}

/// A title (and maybe affiliation) of a person read from the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleClaim {
    /// The person.
    pub person: ActorRef,
    /// Canonical title.
    pub title: String,
    /// Sector of the title.
    pub sector: String,
    /// Affiliated actor, if the text names one.
    pub affiliation: Option<usize>,
    /// Sentence index (0-based).
    pub sentence: usize,
    /// Code-point span of the cue in the document.
    pub start: usize,
    /// End of the cue.
    pub end: usize,
}

/// A typed relation read from the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationClaim {
    /// The kind.
    pub kind: Kind,
    /// Source actor.
    pub source: ActorRef,
    /// Target actor.
    pub target: ActorRef,
    /// Sentence index (0-based) of the evidence.
    pub sentence: usize,
}

impl Extraction {
    /// The text of a sentence.
    pub fn sentence_text<'t>(&self, text: &'t str, sentence: usize) -> &'t str {
        let s = &self.sentences[sentence];
        &text[s.start..s.end]
    }
}

/// The half of an [`Extractor`] that needs only the lexicons: the lexicons, the role cue
/// automaton and the sentence segmenter. Built apart so that start-up can build it on a thread
/// of its own while the gazetteer loads (its automaton is a DFA, about a millisecond).
#[derive(Debug)]
pub struct LexiconParts {
    lexicons: Lexicons,
    roles: RoleMatcher,
    segmenter: Segmenter,
}

impl LexiconParts {
    /// Builds the role matcher and the segmenter (with the lexicon's `abbreviation` and
    /// `continuation` lists) of `lexicons`.
    pub fn new(lexicons: Lexicons) -> Self {
        let roles = RoleMatcher::new(&lexicons);
        let segmenter = Segmenter::new(
            lexicons
                .words
                .words(lexicon::List::Abbreviation)
                .iter()
                .cloned(),
            lexicons
                .words
                .words(lexicon::List::Continuation)
                .iter()
                .cloned(),
        );
        LexiconParts {
            lexicons,
            roles,
            segmenter,
        }
    }
}

/// The mentions of a document as the people rules see them, grouped by sentence: the spans of
/// sentence `i` are `spans[starts[i]..starts[i + 1]]`, in mention order.
struct SentenceSpans {
    spans: Vec<Span>,
    starts: Vec<u32>,
}

impl SentenceSpans {
    /// The spans of sentence `si`.
    fn of(&self, si: usize) -> &[Span] {
        &self.spans[self.starts[si] as usize..self.starts[si + 1] as usize]
    }
}

/// Extracts mentions from documents with one gazetteer. Cheap to share between threads.
#[derive(Debug, Clone)]
pub struct Extractor {
    gazetteer: Arc<Gazetteer>,
    matcher: Arc<Matcher>,
    lexicons: Arc<Lexicons>,
    roles: Arc<RoleMatcher>,
    /// The sentence segmenter, with the lexicon's `abbreviation` and `continuation` lists.
    segmenter: Arc<Segmenter>,
}

impl Extractor {
    /// An extractor over a gazetteer (builds the matcher).
    pub fn new(gazetteer: Arc<Gazetteer>) -> Self {
        Self::with_lexicons(gazetteer, Lexicons::builtin())
    }

    /// An extractor with cue lexicons of the user's.
    pub fn with_lexicons(gazetteer: Arc<Gazetteer>, lexicons: Lexicons) -> Self {
        Self::with_lexicon_parts(gazetteer, LexiconParts::new(lexicons))
    }

    /// An extractor from the lexicon side already built ([`LexiconParts::new`]): start-up
    /// builds that side on the thread that read the lexicons, while the gazetteer loads.
    pub fn with_lexicon_parts(gazetteer: Arc<Gazetteer>, parts: LexiconParts) -> Self {
        let LexiconParts {
            lexicons,
            roles,
            segmenter,
        } = parts;
        Extractor {
            matcher: Arc::new(Matcher::new(&gazetteer)),
            gazetteer,
            lexicons: Arc::new(lexicons),
            roles: Arc::new(roles),
            segmenter: Arc::new(segmenter),
        }
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The gazetteer as shared: graph builders fed by this extractor take its indices as actor
    /// ids, and builders that share it merge without looking ids up.
    pub fn shared_gazetteer(&self) -> &Arc<Gazetteer> {
        &self.gazetteer
    }

    /// The matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The lexicons the extractor reads.
    pub fn lexicons(&self) -> &Lexicons {
        &self.lexicons
    }

    /// The name of a role (as `roles.csv` writes it), for outputs: claims carry ids.
    pub fn role_name(&self, role: lexicon::RoleId) -> &str {
        self.lexicons.roles.name(role)
    }

    /// The actor behind a reference.
    pub fn actor<'a>(&'a self, extraction: &'a Extraction, r: ActorRef) -> &'a Actor {
        match r {
            ActorRef::Known(i) => self.gazetteer.get(i),
            ActorRef::Found(i) => &extraction.discovered[i],
        }
    }

    /// Extracts one document.
    pub fn extract(&self, doc: &Document) -> Extraction {
        let text = doc.text.as_str();
        let mut spans = Vec::new();
        let mut chars_so_far = 0usize;
        let mut last_byte = 0usize;
        for s in self.segmenter.sentences(text) {
            chars_so_far += text[last_byte..s.start].chars().count();
            last_byte = s.start;
            spans.push(SentenceSpan {
                start: s.start,
                end: s.end,
                char_start: chars_so_far,
                paragraph: s.paragraph,
            });
        }
        // the document is folded once: every rule below reads slices of this one copy
        let folded = FoldedText::new(text, spans.iter().map(|s| (s.start, s.end)));
        let mut hits = Vec::new();
        let mut found = Vec::new();
        for (si, span) in spans.iter().enumerate() {
            let sentence = folded.piece(text, si);
            self.matcher.find(&sentence, &mut hits);
            for h in hits.drain(..) {
                found.push(resolve::Candidate {
                    sentence: si,
                    start: span.start + h.start,
                    end: span.start + h.end,
                    options: h
                        .fitting()
                        .map(|i| {
                            let r = &self.matcher.refs(h.pattern)[i];
                            (r.actor, r.form, r.ambiguous)
                        })
                        .collect(),
                });
            }
        }
        let date = doc.date.as_deref().and_then(|d| Date::parse(d, false));
        // one split of each sentence into words, made on first use, for every rule that reads
        // words: the cues of resolution, acronyms, locatives, people, titles, roles and frames
        let mut split = words::SentenceWords::new(text, &folded, self.lexicons.word_rules());
        let (resolved, dropped) = resolve::resolve(
            &self.gazetteer,
            &self.lexicons.words,
            resolve::Doc {
                text,
                spans: &spans,
                words: &mut split,
                id: &doc.id,
                date,
            },
            found,
        );
        let mut ex = Extraction {
            char_marks: char_marks(text),
            document: doc.id.clone(),
            date,
            url: doc.url.clone(),
            sentences: spans,
            mentions: Vec::with_capacity(resolved.len()),
            dropped,
            ..Extraction::default()
        };
        for (c, actor, form) in resolved {
            let m = ex.mention(
                text,
                c.sentence,
                c.start,
                c.end,
                ActorRef::Known(actor),
                form,
            );
            ex.mentions.push(m);
        }
        self.define_acronyms(&mut ex, text, &mut split);
        self.locative_places(&mut ex, text, &mut split);
        self.discover_people(&mut ex, text, &mut split);
        self.read_titles(&mut ex, text, &mut split);
        self.read_roles(&mut ex, text, &mut split);
        ex
    }

    fn kind_of(&self, ex: &Extraction, r: ActorRef) -> ActorType {
        self.actor(ex, r).actor_type()
    }

    /// The mentions of every sentence as the people rules see them, in one pass: one table
    /// for the document, not a vector per sentence.
    fn person_spans(&self, ex: &Extraction) -> SentenceSpans {
        let mut starts = vec![0u32; ex.sentences.len() + 1];
        for m in &ex.mentions {
            starts[m.sentence + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut order: Vec<&Mention> = ex.mentions.iter().collect();
        // stable: mention order within a sentence
        order.sort_by_key(|m| m.sentence);
        let spans = order
            .into_iter()
            .map(|m| {
                let base = ex.sentences[m.sentence].start;
                Span {
                    start: m.byte_start - base,
                    end: m.byte_end - base,
                    actor: match m.actor {
                        ActorRef::Known(i) => Some(i),
                        ActorRef::Found(_) => None,
                    },
                    kind: self.kind_of(ex, m.actor),
                }
            })
            .collect();
        SentenceSpans { spans, starts }
    }

    /// Organizations the text defines ("the Joint Verification Mechanism (JVM)") become
    /// actors of this document; the acronym and the name are theirs for the rest of it. Mentions
    /// inside the name ("*Iraqi* Security Forces") give way to it, and a state among them is the
    /// organization's affiliation.
    fn define_acronyms(
        &self,
        ex: &mut Extraction,
        text: &str,
        split: &mut words::SentenceWords<'_>,
    ) {
        if !text.contains('(') {
            return;
        }
        let g = &*self.gazetteer;
        let mut defined: Vec<(String, usize)> = Vec::new(); // acronym -> discovered index
        for si in 0..ex.sentences.len() {
            let sentence = ex.sentence_text(text, si);
            if !sentence.contains('(') {
                continue;
            }
            let base = ex.sentences[si].start;
            for d in acronyms::find(&self.lexicons, sentence, split.get(si)) {
                let (s, e) = (base + d.start, base + d.end);
                if defined.iter().any(|(a, _)| *a == d.acronym) {
                    continue;
                }
                // a name the gazetteer knows (one mention covers it) is not a new actor
                if ex
                    .mentions
                    .iter()
                    .any(|m| m.byte_start <= s && e <= m.byte_end)
                {
                    continue;
                }
                let name: String = text[s..e].split_whitespace().collect::<Vec<_>>().join(" ");
                let id = people::slug(&name);
                if id.is_empty() || g.index_of(&id).is_some() {
                    continue;
                }
                let inside: Vec<usize> = ex
                    .mentions
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| s <= m.byte_start && m.byte_end <= e)
                    .map(|(i, _)| i)
                    .collect();
                let states: Vec<usize> = inside
                    .iter()
                    .filter_map(|&i| match ex.mentions[i].actor {
                        ActorRef::Known(a) if g.get(a).actor_type() == ActorType::State => Some(a),
                        _ => None,
                    })
                    .collect();
                let affiliation = match states.as_slice() {
                    [one] => Some(g.get(*one).id.clone()),
                    _ => None,
                };
                // a mention that straddles the name's edge: leave the text alone
                if ex.mentions.iter().any(|m| {
                    (m.byte_start < s && s < m.byte_end) || (m.byte_start < e && e < m.byte_end)
                }) {
                    continue;
                }
                let mut k = 0;
                ex.mentions.retain(|_| {
                    k += 1;
                    !inside.contains(&(k - 1))
                });
                ex.discovered.push(Actor {
                    id,
                    name: name.clone(),
                    kind: Some(ActorType::Org),
                    aliases: vec![d.acronym.clone()],
                    affiliation,
                    discovered: true,
                    origin: crate::gazetteer::Origin {
                        path: ex.document.clone().into(),
                        line: si + 1,
                    },
                    ..Actor::default()
                });
                ex.why.push(Why {
                    found: "defined in the text with its acronym",
                    affiliation: ex.discovered[ex.discovered.len() - 1]
                        .affiliation
                        .as_ref()
                        .map(|_| "the one state inside its name"),
                    sentence: si,
                });
                let r = ActorRef::Found(ex.discovered.len() - 1);
                let m = ex.mention(text, si, s, e, r, Form::Alias);
                ex.mentions.push(m);
                ex.mentions.sort_by_key(|m| m.byte_start);
                defined.push((d.acronym.clone(), ex.discovered.len() - 1));
            }
        }
        if defined.is_empty() {
            return;
        }
        // the acronym (exact case, whole word) after its definition, where no mention stands
        later_exact_mentions(ex, text, &defined);
    }

    /// Places no list has, read from a locative chain that ends with a state: "in Alta,
    /// Finnmark, Norway", "in Siem Reap, Cambodia". After a locative word, each comma-separated
    /// run of one to three capitalized words that no mention covers is a place that lies in the
    /// state the chain ends with. Later mentions of the same name in the document are it too.
    fn locative_places<'t>(
        &self,
        ex: &mut Extraction,
        text: &'t str,
        split: &mut words::SentenceWords<'t>,
    ) {
        let g = &*self.gazetteer;
        let lists = &self.lexicons.words;
        let mut named: Vec<(String, usize)> = Vec::new(); // name -> discovered index
        let mut added: Vec<Mention> = Vec::new();
        let all_spans = self.person_spans(ex);
        for si in 0..ex.sentences.len() {
            let spans = all_spans.of(si);
            if spans.is_empty() {
                continue;
            }
            let sentence = ex.sentence_text(text, si);
            if !sentence.contains(',') {
                continue;
            }
            let base = ex.sentences[si].start;
            let ws = split.get(si);
            let covered = |a: usize, b: usize| spans.iter().any(|s| s.start < b && a < s.end);
            for state in spans {
                let Some(st) = state.actor.filter(|_| state.kind == ActorType::State) else {
                    continue;
                };
                if sentence[state.end..].starts_with("'s")
                    || sentence[state.end..].starts_with("\u{2019}s")
                {
                    continue;
                }
                // walk back over ", Segment" runs to a locative word
                let mut end_idx = ws.partition_point(|w| w.end <= state.start);
                let mut at = state.start;
                let mut segments: Vec<(usize, usize)> = Vec::new(); // word index ranges
                let mut ok = false;
                loop {
                    if !sentence[..at].trim_end().ends_with(',') || end_idx == 0 {
                        break;
                    }
                    let mut first = end_idx;
                    while first > 0
                        && end_idx - first < 3
                        && ws[first - 1].capitalized()
                        && !lists.has(lexicon::List::NotName, &ws[first - 1].folded)
                        && !covered(ws[first - 1].start, ws[first - 1].end)
                        && (first == end_idx
                            || sentence[ws[first - 1].end..ws[first].start]
                                .trim()
                                .is_empty())
                    {
                        first -= 1;
                    }
                    if first == end_idx {
                        break;
                    }
                    // the segment must sit right before the comma
                    let comma = sentence[..at].trim_end().len() - 1;
                    if !sentence[ws[end_idx - 1].end..comma].trim().is_empty() {
                        break;
                    }
                    segments.push((first, end_idx));
                    if first > 0
                        && lists.has(lexicon::List::Locative, &ws[first - 1].folded)
                        && sentence[ws[first - 1].end..ws[first].start]
                            .trim()
                            .is_empty()
                    {
                        ok = true;
                        break;
                    }
                    at = ws[first].start;
                    end_idx = first;
                }
                if !ok {
                    continue;
                }
                segments.reverse();
                for (a, b) in segments {
                    let (s, e) = (base + ws[a].start, base + ws[b - 1].end);
                    let name = text[s..e].to_string();
                    let k = match named.iter().find(|(n, _)| *n == name) {
                        Some((_, k)) => *k,
                        None => {
                            let id = people::slug(&name);
                            if id.is_empty() || g.index_of(&id).is_some() {
                                continue;
                            }
                            ex.discovered.push(Actor {
                                id,
                                name: name.clone(),
                                kind: Some(ActorType::Place),
                                country: Some(g.get(st).id.clone()),
                                discovered: true,
                                origin: crate::gazetteer::Origin {
                                    path: ex.document.clone().into(),
                                    line: si + 1,
                                },
                                ..Actor::default()
                            });
                            ex.why.push(Why {
                                found: "in a locative chain that ends with its state",
                                affiliation: None,
                                sentence: si,
                            });
                            named.push((name, ex.discovered.len() - 1));
                            ex.discovered.len() - 1
                        }
                    };
                    added.push(ex.mention(text, si, s, e, ActorRef::Found(k), Form::Alias));
                }
            }
        }
        if named.is_empty() {
            return;
        }
        ex.mentions.extend(added);
        ex.mentions.sort_by_key(|m| m.byte_start);
        // later mentions of the same names, whole words where no mention stands
        later_exact_mentions(ex, text, &named);
    }

    /// Names after title cues that no mention covers become people of this document.
    fn discover_people<'t>(
        &self,
        ex: &mut Extraction,
        text: &'t str,
        split: &mut words::SentenceWords<'t>,
    ) {
        let g = &*self.gazetteer;
        let doc_id = ex.document.clone();
        let mut found = Vec::new();
        let all_spans = self.person_spans(ex);
        for si in 0..ex.sentences.len() {
            let spans = all_spans.of(si);
            let sentence = ex.sentence_text(text, si);
            let base = ex.sentences[si].start;
            if !self.lexicons.may_have_title(split.folded(si).folded) {
                continue;
            }
            let cx = people::Sentence {
                g,
                lex: &self.lexicons,
                text: sentence,
                words: split.get(si),
                spans,
            };
            for f in people::discover(&cx) {
                // a name the gazetteer knows but the ambiguity rules dropped ("President Lee"
                // with two presidents Lee) is not a new person; a longer name around the dropped
                // hit is ("President Lee Myong-bak", "Ellen Johnson-Sirleaf" around "Johnson")
                let (s, e) = (base + f.start, base + f.end);
                if ex.dropped.iter().any(|d| d.start <= s && e <= d.end) {
                    continue;
                }
                found.push((si, f));
            }
        }
        if found.is_empty() {
            return;
        }
        let names: Vec<Vec<String>> = found.iter().map(|(_, f)| f.tokens.clone()).collect();
        let (of, full_names) = people::cluster(&names);
        // each person's cues (sentence, index into `found`) in text order, and the found names
        // of each sentence: one pass, not one scan of `found` per person
        let mut cues_of: Vec<Vec<(usize, usize)>> = vec![Vec::new(); full_names.len()];
        let mut in_sentence: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for (k, ((si, _), &p)) in found.iter().zip(&of).enumerate() {
            cues_of[p].push((*si, k));
            in_sentence.entry(*si).or_default().push(k);
        }
        work::add(work::Stage::People, found.len());
        // the state the document leads with, computed once for every head-of-state title
        let mut leading: Option<Option<usize>> = None;
        let mut refs: Vec<ActorRef> = Vec::new();
        for (p, name) in full_names.iter().enumerate() {
            let id = people::slug(name);
            let known = g
                .index_of(&id)
                .filter(|&i| g.get(i).actor_type() == ActorType::Person);
            if let Some(i) = known {
                refs.push(ActorRef::Known(i));
                continue;
            }
            let id = if g.index_of(&id).is_some() {
                format!("{id}-person")
            } else {
                id
            };
            // the first cue that names an affiliation, else the first cue with the affiliation
            // its sentence gives: the sentence that introduces the person sets the context;
            // later ones ("In Belmopan, Under Secretary Zeya will…") are about where they are
            let cues = &cues_of[p];
            let context = cues.first().and_then(|&(si, k)| {
                let c = &found[k].1.cue;
                if c.affiliation.is_some() {
                    return None;
                }
                // a parallel list: "the foreign ministers of A and B, Minister X, Minister Y"
                let names: Vec<(usize, bool)> = in_sentence[&si]
                    .iter()
                    .map(|&k2| (found[k2].1.start, found[k2].1.cue.affiliation.is_some()))
                    .collect();
                let which = in_sentence[&si].iter().position(|&k2| k2 == k)?;
                let cx = people::Sentence {
                    g,
                    lex: &self.lexicons,
                    text: ex.sentence_text(text, si),
                    words: split.get(si),
                    spans: all_spans.of(si),
                };
                if let Some(a) = affiliation::parallel(&cx, &names, which) {
                    let mut c = c.clone();
                    c.affiliation = Some(a);
                    return Some((si, c, affiliation::PARALLEL));
                }
                let peers: Vec<affiliation::Peer> = in_sentence[&si]
                    .iter()
                    .filter(|&&k2| of[k2] != p)
                    .map(|&k2| affiliation::Peer {
                        cue_start: found[k2].1.cue.start,
                        end: found[k2].1.end,
                        affiliation: found[k2].1.cue.affiliation,
                    })
                    .collect();
                work::add(work::Stage::People, peers.len());
                let (a, rule) = affiliation::from_context(&cx, c, &peers)?;
                let mut c = c.clone();
                c.affiliation = Some(a);
                Some((si, c, rule))
            });
            let named = cues
                .iter()
                .map(|&(si, k)| (si, &found[k].1.cue))
                .find(|(_, c)| c.affiliation.is_some());
            let mut rule: Option<&'static str> = named.map(|_| affiliation::NAMED);
            let chosen: Option<(usize, &TitleCue)> = named
                .or(context.as_ref().map(|(si, c, r)| {
                    rule = Some(r);
                    (*si, c)
                }))
                .or(cues.first().map(|&(si, k)| (si, &found[k].1.cue)));
            let cue = chosen.map(|(_, c)| c);
            let tokens: Vec<&str> = name.split(' ').collect();
            let mut aliases = Vec::new();
            if tokens.len() > 1 {
                aliases.push(tokens[tokens.len() - 1].to_string());
            }
            // the name without its initials, as other texts write it ("Jeffrey DeLaurentis")
            let plain: Vec<&str> = tokens
                .iter()
                .copied()
                .filter(|t| !(t.len() == 2 && t.ends_with('.')))
                .collect();
            if plain.len() > 1 && plain.len() < tokens.len() {
                aliases.push(plain.join(" "));
            }
            work::add(work::Stage::People, 1);
            let words = &self.lexicons.words;
            let affiliation = chosen.and_then(|(si, c)| {
                c.affiliation.or_else(|| {
                    let title = fold(&c.title);
                    if words.has(lexicon::List::HeadTitle, &title) {
                        rule = Some(affiliation::LEADING);
                        *leading.get_or_insert_with(|| leading_state(ex, g))
                    } else if words.has(lexicon::List::SpeaksFor, &title) {
                        rule = Some(affiliation::PRINCIPAL);
                        principal_after(ex, g, si)
                    } else {
                        None
                    }
                })
            });
            ex.discovered.push(Actor {
                id,
                name: name.clone(),
                kind: Some(ActorType::Person),
                aliases,
                affiliation: affiliation.map(|i| g.get(i).id.clone()),
                titles: cue
                    .map(|c| {
                        vec![Title {
                            text: c.title.clone(),
                            start: None,
                            end: None,
                        }]
                    })
                    .unwrap_or_default(),
                discovered: true,
                // where it was discovered: the line is the 1-based sentence of the title cue
                // (the graph builder sets the path to the document's id)
                origin: crate::gazetteer::Origin {
                    path: doc_id.clone().into(),
                    line: chosen.map_or(0, |(si, _)| si + 1),
                },
                ..Actor::default()
            });
            ex.why.push(Why {
                found: "after a title cue",
                affiliation: affiliation.and(rule),
                sentence: chosen.map_or(0, |(si, _)| si),
            });
            refs.push(ActorRef::Found(ex.discovered.len() - 1));
        }
        // a name that ran over a known person's one-word alias ("Spokesperson Matthew Miller",
        // a Christopher Miller in the gazetteer) is the person meant; when the document names
        // the known person by that one word only, every such mention is the discovered one's
        let spans_found: Vec<(usize, usize)> = found
            .iter()
            .filter(|(_, f)| f.runs_over)
            .map(|(si, f)| {
                let base = ex.sentences[*si].start;
                (base + f.start, base + f.end)
            })
            .collect();
        let absorbed: std::collections::BTreeSet<usize> = found
            .iter()
            .flat_map(|(_, f)| f.absorbed.iter().copied())
            .collect();
        if !spans_found.is_empty() || !absorbed.is_empty() {
            let only_one_word = |a: usize| {
                ex.mentions
                    .iter()
                    .filter(|m| m.actor == ActorRef::Known(a))
                    .all(|m| !text[m.byte_start..m.byte_end].contains(char::is_whitespace))
            };
            let gone: std::collections::BTreeSet<usize> =
                absorbed.into_iter().filter(|&a| only_one_word(a)).collect();
            ex.mentions.retain(|m| {
                let inside = spans_found
                    .iter()
                    .any(|&(s, e)| s <= m.byte_start && m.byte_end <= e);
                let gone_actor = matches!(m.actor, ActorRef::Known(a) if gone.contains(&a));
                !(inside || gone_actor)
            });
        }
        for ((si, f), p) in found.iter().zip(&of) {
            let base = ex.sentences[*si].start;
            let m = ex.mention(
                text,
                *si,
                base + f.start,
                base + f.end,
                refs[*p],
                Form::Alias,
            );
            ex.mentions.push(m);
        }
        self.later_mentions(ex, text, &full_names, &refs);
        ex.mentions.sort_by_key(|m| m.byte_start);
    }

    /// Later mentions of discovered people: their full names and surnames anywhere in the
    /// document that no other mention covers. One automaton over every person's forms and one
    /// pass over each sentence, with the covered spans in an ordered map: linear in the
    /// document, however many people it names (a scan per person, and of every mention per
    /// match, was quadratic).
    fn later_mentions(
        &self,
        ex: &mut Extraction,
        text: &str,
        full_names: &[String],
        refs: &[ActorRef],
    ) {
        // pattern k: (person, form rank); rank 0 the full name, 1 the surname
        let mut forms: Vec<&str> = Vec::new();
        let mut owner: Vec<(usize, usize)> = Vec::new();
        for (p, name) in full_names.iter().enumerate() {
            forms.push(name);
            owner.push((p, 0));
            if let Some(last) = name.rsplit(' ').next().filter(|l| *l != name) {
                forms.push(last);
                owner.push((p, 1));
            }
        }
        let finder = Occurrences::new(&forms);
        // every occurrence inside a sentence, in the order the rules give precedence: person,
        // form, position; the document is searched once, not sentence by sentence
        let mut hits: Vec<(usize, usize, usize, usize, usize)> = Vec::new();
        let sentences = &ex.sentences;
        work::add(work::Stage::People, sentences.len());
        finder.each(text, |k, s, e| {
            work::add(work::Stage::People, 1);
            // the sentence that starts last at or before the occurrence, if it holds all of it
            let si = sentences.partition_point(|span| span.start <= s);
            let Some(si) = si.checked_sub(1).filter(|&si| e <= sentences[si].end) else {
                return;
            };
            let (p, rank) = owner[k];
            hits.push((p, rank, s, e, si));
        });
        // a total order on the hits: the order occurrences were reported in does not matter
        hits.sort_unstable();
        // the spans taken so far: start -> end, non-overlapping (overlapping mentions merged)
        let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
        let mut sorted: Vec<(usize, usize)> = ex
            .mentions
            .iter()
            .map(|m| (m.byte_start, m.byte_end))
            .collect();
        sorted.sort_unstable();
        for (s, e) in sorted {
            match taken.range_mut(..=s).next_back() {
                Some((_, end)) if *end > s => *end = (*end).max(e),
                _ => {
                    taken.insert(s, e);
                }
            }
        }
        for (p, _, s, e, si) in hits {
            work::add(work::Stage::People, 1);
            let free = taken
                .range(..e)
                .next_back()
                .is_none_or(|(_, &end)| end <= s);
            if free && crate::gazetteer::matcher::on_word_boundaries(text, s, e) {
                taken.insert(s, e);
                let m = ex.mention(text, si, s, e, refs[p], Form::Alias);
                ex.mentions.push(m);
            }
        }
    }

    /// Titles and affiliations of people, from the words around their mentions.
    fn read_titles<'t>(
        &self,
        ex: &mut Extraction,
        text: &'t str,
        split: &mut words::SentenceWords<'t>,
    ) {
        let g = &*self.gazetteer;
        let mut claims = Vec::new();
        let all_spans = self.person_spans(ex);
        for m in &ex.mentions {
            if self.kind_of(ex, m.actor) != ActorType::Person {
                continue;
            }
            work::add(work::Stage::Titles, 1);
            let si = m.sentence;
            let base = ex.sentences[si].start;
            let sentence = ex.sentence_text(text, si);
            let spans = all_spans.of(si);
            let (s, e) = (m.byte_start - base, m.byte_end - base);
            let cx = people::Sentence {
                g,
                lex: &self.lexicons,
                text: sentence,
                words: split.get(si),
                spans,
            };
            let cue = people::title_before(&cx, s)
                .map(|mut c| {
                    if c.affiliation.is_none() {
                        c.affiliation = people::of_state_after(&cx, e);
                    }
                    c
                })
                .or_else(|| people::appositive_after(&cx, e));
            if let Some(c) = cue {
                let (cs, ce) = (base + c.start.min(s), base + c.end.max(e));
                claims.push(TitleClaim {
                    person: m.actor,
                    title: c.title,
                    sector: c.sector,
                    affiliation: c.affiliation,
                    sentence: si,
                    start: ex.char_offset(text, cs),
                    end: ex.char_offset(text, ce),
                });
            }
        }
        ex.titles = claims;
    }

    /// Roles from cues, and the relations they imply.
    fn read_roles(&self, ex: &mut Extraction, text: &str, split: &mut words::SentenceWords<'_>) {
        let g = &*self.gazetteer;
        let mut roles = Vec::new();
        let mut relations = Vec::new();
        // mentions are in text order, so each sentence's mentions are one run of the list
        let mut next = 0;
        // one buffer for every sentence's spans
        let mut spans: Vec<RoleSpan> = Vec::new();
        for si in 0..ex.sentences.len() {
            let base = ex.sentences[si].start;
            let folded_sentence = split.folded(si);
            let from = next;
            while next < ex.mentions.len() && ex.mentions[next].sentence <= si {
                next += 1;
            }
            work::add(work::Stage::Roles, 1 + next - from);
            spans.clear();
            spans.extend(
                ex.mentions[from..next]
                    .iter()
                    .filter(|m| m.sentence == si)
                    .map(|m| {
                        let a = self.actor(ex, m.actor);
                        let country = match m.actor {
                            ActorRef::Known(i) => g.country_index(i),
                            ActorRef::Found(_) => a.country.as_deref().and_then(|c| g.index_of(c)),
                        };
                        RoleSpan {
                            start: m.byte_start - base,
                            end: m.byte_end - base,
                            actor: m.actor,
                            kind: a.actor_type(),
                            country: country.map(ActorRef::Known),
                        }
                    }),
            );
            let (mut hits, meets) = self.roles.find(&folded_sentence, || split.get(si), &spans);
            for h in self
                .lexicons
                .frames
                .find(&folded_sentence, || split.get(si), &spans)
            {
                if !hits.iter().any(|x| x.actor == h.actor && x.role == h.role) {
                    hits.push(h);
                }
            }
            for h in hits {
                roles.push(RoleClaim {
                    actor: h.actor,
                    role: h.role,
                    sentence: si,
                    start: ex.char_offset(text, base + h.cue_start),
                    end: ex.char_offset(text, base + h.cue_end),
                });
            }
            // two cues of one sentence that make the same pair ("talks between" as a party cue
            // and as a meets cue) are one piece of evidence: a relation counts sentences
            let mut seen: Vec<(ActorRef, ActorRef)> = Vec::with_capacity(meets.len());
            for (a, b) in meets {
                let key = if a <= b { (a, b) } else { (b, a) };
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                relations.push(RelationClaim {
                    kind: Kind::Meets,
                    source: a,
                    target: b,
                    sentence: si,
                });
            }
        }
        // the relations roles create (`roles.csv`): a mediator mediates between the parties, a
        // host hosts them; by kind (in `Kind::ALL` order), then by role in table order
        let table = &self.lexicons.roles;
        for kind in Kind::ALL {
            for role in table.ids() {
                let Some(rel) = table.relation(role).filter(|r| r.kind == kind) else {
                    continue;
                };
                let mut toward: Vec<ActorRef> = roles
                    .iter()
                    .filter(|r| r.role == rel.toward)
                    .map(|r| r.actor)
                    .collect();
                toward.sort();
                toward.dedup();
                let mut seen = std::collections::BTreeSet::new();
                for r in roles.iter().filter(|r| r.role == role) {
                    if !seen.insert(r.actor) {
                        continue;
                    }
                    for p in &toward {
                        if *p != r.actor {
                            relations.push(RelationClaim {
                                kind,
                                source: r.actor,
                                target: *p,
                                sentence: r.sentence,
                            });
                        }
                    }
                }
            }
        }
        ex.roles = roles;
        ex.relations = relations;
    }
}

/// Mentions of names a document introduced itself (an acronym it defined, a place it named in a
/// locative chain: `names` are (name, index into `discovered`)), written exactly so, as whole
/// words, after their first mention, where no other mention stands.
fn later_exact_mentions(ex: &mut Extraction, text: &str, names: &[(String, usize)]) {
    let pats: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
    let Ok(ac) = aho_corasick::AhoCorasick::new(&pats) else {
        return;
    };
    let mut new = Vec::new();
    for hit in ac.find_iter(text) {
        let (s, e) = (hit.start(), hit.end());
        let k = names[hit.pattern().as_usize()].1;
        let whole = !text[..s]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            && !text[e..].chars().next().is_some_and(char::is_alphanumeric);
        let i = ex.mentions.partition_point(|m| m.byte_end <= s);
        let taken = ex.mentions.get(i).is_some_and(|m| m.byte_start < e);
        let after = ex.mentions[..i]
            .iter()
            .any(|m| m.actor == ActorRef::Found(k));
        if !whole || taken || !after {
            continue;
        }
        let si = ex.sentences.partition_point(|x| x.end <= s);
        if si < ex.sentences.len() && ex.sentences[si].start <= s && e <= ex.sentences[si].end {
            new.push(ex.mention(text, si, s, e, ActorRef::Found(k), Form::Alias));
        }
    }
    ex.mentions.extend(new);
    ex.mentions.sort_by_key(|m| m.byte_start);
}

/// How many sentences after a spokesperson's line the principal they speak for is looked for.
const PRINCIPAL_WINDOW: usize = 3;

/// For a spokesperson with no state named ("The following is attributable to Spokesperson X:
/// Secretary Blinken spoke with …"): the state of the first known person with a state named in
/// the spokesperson's sentence or the few after it, whom a readout is about.
fn principal_after(ex: &Extraction, g: &Gazetteer, si: usize) -> Option<usize> {
    ex.mentions
        .iter()
        .skip_while(|m| m.sentence < si)
        .take_while(|m| m.sentence <= si + PRINCIPAL_WINDOW)
        .find_map(|m| {
            let ActorRef::Known(i) = m.actor else {
                return None;
            };
            let a = g.get(i);
            if a.actor_type() != ActorType::Person {
                return None;
            }
            g.affiliation_index(i)
                .filter(|&s| g.get(s).actor_type() == ActorType::State)
        })
}

/// For a head-of-state title without a named state: the state the document mentions most, when
/// one clearly leads (more mentions than any other).
fn leading_state(ex: &Extraction, g: &Gazetteer) -> Option<usize> {
    work::add(work::Stage::People, ex.mentions.len());
    let mut counts: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for m in &ex.mentions {
        if let ActorRef::Known(i) = m.actor {
            if g.get(i).actor_type() == ActorType::State {
                *counts.entry(i).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(usize, usize)> = counts.into_iter().map(|(i, n)| (n, i)).collect();
    ranked.sort_unstable_by(|a, b| b.cmp(a));
    match ranked.as_slice() {
        [(n, i), rest @ ..] if rest.first().is_none_or(|(m, _)| m < n) => Some(*i),
        _ => None,
    }
}

/// How many bytes apart the checkpoints of [`char_marks`] are: a conversion between code points
/// and bytes counts at most this many bytes.
const CHAR_MARK_BYTES: usize = 256;

/// Checkpoints for [`Extraction::char_offset`]: every [`CHAR_MARK_BYTES`] (on a character
/// boundary).
fn char_marks(text: &str) -> Vec<(usize, usize)> {
    if text.is_ascii() {
        return Vec::new();
    }
    let mut marks = Vec::with_capacity(text.len() / CHAR_MARK_BYTES + 1);
    marks.push((0, 0));
    let (mut byte, mut chars) = (0usize, 0usize);
    while byte + CHAR_MARK_BYTES < text.len() {
        let mut next = byte + CHAR_MARK_BYTES;
        while !text.is_char_boundary(next) {
            next += 1;
        }
        chars += text[byte..next].chars().count();
        byte = next;
        marks.push((byte, chars));
    }
    marks
}

impl Extraction {
    /// Byte offset of a code-point offset of the document (the inverse of
    /// [`Extraction::char_offset`]).
    pub fn byte_offset(&self, text: &str, chars: usize) -> usize {
        if self.char_marks.is_empty() {
            return chars.min(text.len());
        }
        let i = self
            .char_marks
            .partition_point(|m| m.1 <= chars)
            .saturating_sub(1);
        let (b, c) = self.char_marks.get(i).copied().unwrap_or((0, 0));
        text[b..]
            .char_indices()
            .nth(chars - c)
            .map_or(text.len(), |(k, _)| b + k)
    }

    /// The text between two code-point offsets.
    pub fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> &'t str {
        let (a, b) = (self.byte_offset(text, start), self.byte_offset(text, end));
        &text[a..b.max(a)]
    }

    /// Code-point offset of a byte offset of the document.
    pub fn char_offset(&self, text: &str, byte: usize) -> usize {
        if self.char_marks.is_empty() {
            return byte; // ASCII: one byte, one code point
        }
        let i = self
            .char_marks
            .partition_point(|m| m.0 <= byte)
            .saturating_sub(1);
        let (b, c) = self.char_marks.get(i).copied().unwrap_or((0, 0));
        c + text[b..byte].chars().count()
    }

    fn mention(
        &self,
        text: &str,
        sentence: usize,
        start: usize,
        end: usize,
        actor: ActorRef,
        form: Form,
    ) -> Mention {
        let cs = self.char_offset(text, start);
        Mention {
            sentence,
            start: cs,
            end: cs + text[start..end].chars().count(),
            byte_start: start,
            byte_end: end,
            actor,
            form,
        }
    }
}

/// Every occurrence of a few forms in a text, overlapping ones too (what an overlapping
/// automaton search reports). A document names a few people: a substring search per form costs
/// less than building an automaton per document; many forms get the automaton.
enum Occurrences<'f> {
    Few(&'f [&'f str]),
    Many(aho_corasick::AhoCorasick),
    None,
}

impl<'f> Occurrences<'f> {
    /// Forms up to this many are searched one by one.
    const FEW: usize = 8;

    fn new(forms: &'f [&'f str]) -> Occurrences<'f> {
        if forms.len() <= Self::FEW && forms.iter().all(|f| !f.is_empty()) {
            return Occurrences::Few(forms);
        }
        // a contiguous NFA builds in a fraction of the time of the DFA `AhoCorasick::new` picks
        // for small sets, and finds the same matches
        aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(forms)
            .map_or(Occurrences::None, Occurrences::Many)
    }

    /// Calls `found(form, start, end)` for each occurrence, in no set order.
    fn each(&self, text: &str, mut found: impl FnMut(usize, usize, usize)) {
        match self {
            Occurrences::Few(forms) => {
                for (k, form) in forms.iter().enumerate() {
                    let finder = memchr::memmem::Finder::new(form);
                    let mut from = 0;
                    while let Some(i) = finder.find(&text.as_bytes()[from..]) {
                        let s = from + i;
                        found(k, s, s + form.len());
                        // the next occurrence may overlap this one: go on one character later
                        // (a match of a whole string starts on a character)
                        from = s + text[s..].chars().next().map_or(1, char::len_utf8);
                    }
                }
            }
            Occurrences::Many(ac) => {
                for m in ac.find_overlapping_iter(text) {
                    found(m.pattern().as_usize(), m.start(), m.end());
                }
            }
            Occurrences::None => {}
        }
    }
}

#[cfg(test)]
mod occurrence_tests {
    use super::Occurrences;

    fn all(o: &Occurrences<'_>, text: &str) -> Vec<(usize, usize, usize)> {
        let mut v = Vec::new();
        o.each(text, |k, s, e| v.push((k, s, e)));
        v.sort_unstable();
        v
    }

    #[test]
    fn a_few_forms_are_found_as_the_automaton_finds_them() {
        let text =
            "Ana Ana Banana met K\u{f6}nig K\u{f6}nig, then Ana Banana, aaaa and Lee Lee-Jun.";
        let cases: &[&[&str]] = &[
            &["Ana Banana", "Banana"],
            &["Ana", "Ana"],
            &["aa", "a", "aaa"],
            &["K\u{f6}nig", "\u{f6}n", "Lee", "Lee-Jun", "Lee Lee"],
            &["absent"],
        ];
        for forms in cases {
            let ac = aho_corasick::AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .build(*forms)
                .unwrap();
            let few = Occurrences::new(forms);
            assert!(matches!(few, Occurrences::Few(_)));
            assert_eq!(
                all(&few, text),
                all(&Occurrences::Many(ac), text),
                "{forms:?}"
            );
        }
    }
}
