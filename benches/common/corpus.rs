//! Deterministic generator of synthetic foreign-affairs briefs, shared by the criterion benches
//! (`benches/*.rs`) and the corpus writer (`examples/gen_corpus.rs`).
//!
//! Every sentence comes from templates written for this generator (no news text is copied),
//! filled with actor names taken from a loaded gazetteer: state names, demonyms and capitals
//! (metonyms), people with their titles, organisations and places. Only name forms that the
//! gazetteer does not mark ambiguous are used, so each planted name should be found once.
//! Filler sentences name no actor. The random generator is a seeded SplitMix64, so the same seed
//! and gazetteer always give the same corpus, byte for byte.

#![allow(dead_code)]

use actornet::gazetteer::{ActorType, Form, Gazetteer};

/// SplitMix64: small, fast, and the same on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }
    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `p` percent.
    pub fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }
    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// A rank in `0..n` drawn with probability about proportional to 1/(rank+1) (Zipf, s = 1):
    /// a few actors and words are everywhere, most are rare, as in real news.
    pub fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((((n + 1) as f64).powf(u) - 1.0) as usize).min(n - 1)
    }
    /// One element of a non-empty slice, Zipf-distributed by position.
    pub fn pick_zipf<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.zipf(items.len())]
    }
    /// Shuffles a slice (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// A state and the unambiguous ways to name it.
#[derive(Debug, Clone)]
struct StateNames {
    names: Vec<String>,
    demonyms: Vec<String>,
    metonyms: Vec<String>,
}

/// A person and a title to put before the name.
#[derive(Debug, Clone)]
struct PersonName {
    name: String,
    title: Option<String>,
}

/// The names a corpus is built from.
#[derive(Debug, Clone)]
pub struct Names {
    /// Invented proper nouns (towns, firms, surnames) that are not gazetteer names: real news has
    /// a long tail of words a tokenizer has not seen, and so does this corpus.
    invented: Vec<String>,
    states: Vec<StateNames>,
    people: Vec<PersonName>,
    orgs: Vec<String>,
    places: Vec<String>,
}

impl Names {
    /// Takes the unambiguous name forms of a gazetteer.
    pub fn from_gazetteer(g: &Gazetteer) -> Names {
        let mut states = Vec::new();
        let mut people = Vec::new();
        let mut orgs = Vec::new();
        let mut places = Vec::new();
        for a in g.actors() {
            let ok = |form: &str| {
                let f = actornet::text::fold(form);
                !a.ambiguous.contains(&f)
                    && form.len() >= 3
                    && !form.starts_with("the ")
                    && !form.contains(['(', ')', '"', '/'])
            };
            match a.actor_type() {
                ActorType::State => {
                    let mut s = StateNames {
                        names: Vec::new(),
                        demonyms: Vec::new(),
                        metonyms: Vec::new(),
                    };
                    for (form, kind) in a.forms() {
                        if !ok(form) {
                            continue;
                        }
                        match kind {
                            // formal names ("Republic of Iceland") read badly without "the"
                            Form::Alias if !form.contains(" of ") => s.names.push(form.to_string()),
                            Form::Alias => {}
                            // the first demonym is the adjective ("Icelandic", not "Icelanders")
                            Form::Demonym if s.demonyms.is_empty() => {
                                s.demonyms.push(form.to_string())
                            }
                            Form::Demonym => {}
                            Form::Metonym => s.metonyms.push(form.to_string()),
                        }
                    }
                    if !s.names.is_empty() {
                        // the canonical name three times as often as any alias
                        let first = s.names[0].clone();
                        s.names.insert(0, first.clone());
                        s.names.insert(0, first);
                        states.push(s);
                    }
                }
                ActorType::Person => {
                    if ok(&a.name) && a.name.contains(' ') {
                        let title = a
                            .titles
                            .first()
                            .map(|t| t.text.clone())
                            .filter(|t| t.len() <= 28 && !t.contains(" of ") && !t.contains(','))
                            // "Pope Leo XIV" already carries the title
                            .filter(|t| !t.split(' ').any(|w| a.name.split(' ').any(|n| n == w)));
                        people.push(PersonName {
                            name: a.name.clone(),
                            title,
                        });
                    }
                }
                ActorType::Org => {
                    for (form, kind) in a.forms() {
                        if kind == Form::Alias && ok(form) {
                            orgs.push(form.to_string());
                            break;
                        }
                    }
                }
                ActorType::Place => {
                    if ok(&a.name) {
                        places.push(a.name.clone());
                    }
                }
            }
        }
        assert!(
            !states.is_empty() && !people.is_empty() && !orgs.is_empty() && !places.is_empty(),
            "the gazetteer needs states, people, organisations and places"
        );
        let mut known = std::collections::HashSet::new();
        for a in g.actors() {
            for (form, _) in a.forms() {
                known.insert(actornet::text::fold(form));
            }
        }
        let mut r = Rng::new(0x1e55);
        let mut invented = Vec::with_capacity(INVENTED_WORDS);
        let mut seen = std::collections::HashSet::new();
        while invented.len() < INVENTED_WORDS {
            let w = pseudo_word(&mut r);
            if !known.contains(&actornet::text::fold(&w)) && seen.insert(w.clone()) {
                invented.push(w);
            }
        }
        // the order sets how common each name is (Zipf by position): a fixed shuffle, so that
        // the most frequent actors are not simply the first in alphabetical order
        let mut r = Rng::new(0x0c0de);
        r.shuffle(&mut states);
        r.shuffle(&mut people);
        r.shuffle(&mut orgs);
        r.shuffle(&mut places);
        Names {
            invented,
            states,
            people,
            orgs,
            places,
        }
    }
}

/// How many invented proper nouns the corpus draws from.
const INVENTED_WORDS: usize = 40_000;

/// A capitalized pseudo-word of two or three syllables ("Velmora", "Tasquin").
fn pseudo_word(r: &mut Rng) -> String {
    const ONSETS: &[&str] = &[
        "b", "br", "d", "dr", "f", "g", "gr", "h", "k", "kr", "l", "m", "n", "p", "pr", "r", "s",
        "sh", "st", "t", "tr", "v", "z", "ch", "qu", "",
    ];
    const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia", "y"];
    const CODAS: &[&str] = &["", "", "", "n", "r", "l", "s", "m", "nd", "rk", "st", "x"];
    let mut w = String::new();
    for _ in 0..r.range(2, 3) {
        w.push_str(r.pick::<&str>(ONSETS));
        w.push_str(r.pick::<&str>(VOWELS));
        w.push_str(r.pick::<&str>(CODAS));
    }
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => w,
    }
}

/// One generated brief.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Brief {
    /// `brief-0000001`.
    pub id: String,
    /// ISO date.
    pub date: String,
    /// Headline.
    pub title: String,
    /// Body: paragraphs separated by blank lines.
    pub text: String,
    /// How many gazetteer names were written into the body.
    #[serde(skip)]
    pub planted: usize,
}

/// Sentences about the cast. Placeholders: {S} {S2} state names, {D} {D2} demonyms, {M} {M2}
/// capitals, {P} {P2} titled people, {O} {O2} organisations, {L} a place, {X} an invented official
/// (not in the gazetteer), {W} an invented proper noun, {BIG} a large number, {DAY} a weekday, {DATE} a day and month, {N} a number.
const ACTOR_TEMPLATES: &[&str] = &[
    "{P} met {P2} on {DAY} to discuss the implementation of the ceasefire arrangements.",
    "{S} and {S2} agreed to resume talks on maritime delimitation after a pause of {N} months.",
    "Officials in {M} said the proposal had been received and was under careful review.",
    "{D} diplomats described the meeting with their counterparts from {S2} as constructive but difficult.",
    "The {D} government summoned the ambassador of {S2} on {DAY} over remarks made at a press conference.",
    "{O} called on all parties to refrain from steps that could escalate tensions along the border.",
    "Speaking in {L} on {DATE}, {P} said that sanctions relief would depend on verifiable steps.",
    "{M} has so far declined to comment on reports of a second round of indirect negotiations.",
    "The delegation from {S} arrived in {L} late on {DAY} for two days of consultations.",
    "{P} told reporters that {S} remained committed to the framework agreed with {O}.",
    "A joint statement issued by {S} and {S2} pledged cooperation on energy, trade and migration.",
    "{D} forces conducted exercises near {L}, according to a statement from the defence ministry.",
    "Analysts in {M2} cautioned that the agreement left several questions about verification open.",
    "The talks, hosted by {S2}, were the first at ministerial level since {DATE} of last year.",
    "{O} said it would send a fact-finding mission to {L} within the next {N} days.",
    "{P} is expected to travel to {M2} next week for meetings with senior officials.",
    "Relations between {S} and {S2} have been strained since a dispute over fishing rights.",
    "Both {M} and {M2} have signalled that they want the channel of communication to stay open.",
    "The {D} foreign ministry rejected the accusations as baseless and politically motivated.",
    "{X} said the technical teams would meet again in {L} before the end of the month.",
    "{P} visited the port of {W} on {DAY}, where {BIG} containers are waiting for clearance.",
    "According to {X}, {D} engineers have been working at the {W} dam since {DATE}.",
    "Under the draft, {S} would reduce tariffs on agricultural goods from {S2} by {N} percent.",
    "{P} welcomed the decision by {O} to extend the monitoring mission for another year.",
    "A spokesperson for {O} said the organisation was deeply concerned by the latest reports from {L}.",
    "{D} and {D2} officials are due to hold a further round of talks in {DATE}.",
    "The statement from {M} did not mention the border incident directly.",
    "Observers noted that {P2} did not attend the closing session in {L}.",
    "{S} has offered to host the next round, a proposal {M2} is said to be considering.",
    "The envoy of {O} briefed members on the humanitarian situation in {L} on {DAY}.",
    "Trade between {S} and {S2} fell by {N} percent last year, according to official figures.",
    "{P} said the visit marked a new chapter in relations with {S2}.",
    "Protesters gathered outside the embassy of {S} in {M2} on {DAY} evening.",
    "{X} of the {D} delegation said progress on the text had been slow but steady.",
    "{O} and {O2} announced a joint appeal for {N} million dollars in emergency assistance.",
    "A senior official in {M} said the government would respond to the letter in due course.",
    "The {D} parliament is expected to vote on the ratification of the treaty on {DATE}.",
    "{P} and {P2} spoke by telephone on {DAY}, their first call in several months.",
    "Diplomats said the resolution drafted by {S} could be put to a vote as early as {DAY}.",
    "{S2} has accused {S} of violating the terms of the agreement signed in {L}.",
    "Officials from {O} are due to inspect the facility near {L} later this month.",
    "The {D} ambassador to {S2} was recalled for consultations on {DATE}.",
];

/// Sentences that name no actor.
const FILLER: &[&str] = &[
    "The talks are expected to continue next week at the technical level.",
    "No date has yet been set for the next meeting of the working group.",
    "Details of the draft text have not been made public.",
    "Officials declined to give a timetable for the next steps.",
    "The agreement still needs to be approved by parliament before it can take effect.",
    "Both sides described the discussions as frank and detailed.",
    "Several delegations asked for more time to study the proposal.",
    "The statement stopped short of announcing new measures.",
    "It was not immediately clear whether the meeting would take place as planned.",
    "Humanitarian groups have warned that access to the affected areas remains limited.",
    "Prices for wheat and fuel have risen sharply over the past year.",
    "The ministry said it would publish a full report in the coming weeks.",
    "Negotiators worked late into the night to agree on the wording of the final communique.",
    "The plan includes provisions on prisoner exchanges and the return of displaced families.",
    "Critics argue that the deal does too little to address the underlying causes of the conflict.",
    "Supporters of the initiative say it offers a realistic path towards a lasting settlement.",
    "The meeting lasted about {N} hours, according to people familiar with the discussions.",
    "A follow-up conference is planned for {DATE}.",
    "Journalists were not allowed to attend the closed session.",
    "The announcement came a day after a similar statement was issued by the cabinet.",
    "Shipping through the strait has slowed since the start of the crisis.",
    "The central bank kept interest rates unchanged at its meeting on {DAY}.",
    "Opposition lawmakers said they would challenge the decision in court.",
    "Election observers reported a turnout of about {N} percent.",
    "The framework covers cooperation on customs, border management and data sharing.",
    "Earlier drafts had included a clause on reparations that was later removed.",
    "Aid convoys were able to cross the checkpoint for the first time in weeks.",
    "The working group will report back to ministers within {N} days.",
    "Markets reacted calmly to the news, with the currency little changed.",
    "The summit communique ran to {N} pages and covered climate, trade and security.",
    "Residents of {W} said power had been restored after {N} hours without electricity.",
    "The {W} refinery resumed operations on {DAY} after a {N}-day shutdown.",
    "{W} Logistics, a shipping firm based in {W}, said deliveries would be delayed by about {N} days.",
    "Local officials in {W} counted {BIG} people who had left their homes since the flooding.",
    "A convoy of {N} trucks reached the {W} crossing carrying about {BIG} tonnes of supplies.",
    "Turnout in the {W} district was reported at {N} percent, with {BIG} ballots cast.",
    "The road between {W} and {W} reopened on {DATE} after repairs.",
    "Farmers near {W} said the price of fertiliser had doubled since {DATE}.",
];

/// Headlines.
const HEADLINES: &[&str] = &[
    "{S} and {S2} resume talks after months of deadlock",
    "{P} visits {M2} as regional tensions rise",
    "{O} urges restraint after incident near {L}",
    "{D} officials signal flexibility on trade dispute",
    "Ministers from {S} and {S2} meet in {L}",
    "Briefing: what the new agreement means for {S}",
];

/// Titles for invented officials (not in the gazetteer).
const INVENTED_TITLES: &[&str] = &[
    "Deputy Foreign Minister",
    "spokesperson",
    "chief negotiator",
    "senior adviser",
    "Trade Minister",
];
const INVENTED_FIRST: &[&str] = &[
    "Ilse", "Tomas", "Mireya", "Oskar", "Lenna", "Pavo", "Adaeze", "Kirra", "Bastien", "Noor",
];
const INVENTED_LAST: &[&str] = &[
    "Marvand",
    "Quellet",
    "Ostrava-Lind",
    "Bekkering",
    "Tavoli",
    "Ranqvist",
    "Duvalle",
    "Mbeki-Sorn",
];

const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Writes briefs one after another from a seed.
#[derive(Debug, Clone)]
pub struct Generator {
    names: Names,
    rng: Rng,
    next_id: usize,
}

/// The actors of one brief.
struct Cast {
    states: Vec<usize>,
    people: Vec<usize>,
    orgs: Vec<usize>,
    place: Vec<usize>,
    date_days: u32,
}

impl Generator {
    /// A generator over `names`, seeded.
    pub fn new(names: Names, seed: u64) -> Self {
        Generator {
            names,
            rng: Rng::new(seed),
            next_id: 1,
        }
    }

    /// The next brief.
    pub fn brief(&mut self) -> Brief {
        let n = &self.names;
        let r = &mut self.rng;
        let cast = Cast {
            states: (0..r.range(2, 4)).map(|_| r.zipf(n.states.len())).collect(),
            people: (0..r.range(2, 3)).map(|_| r.zipf(n.people.len())).collect(),
            orgs: (0..r.range(2, 3)).map(|_| r.zipf(n.orgs.len())).collect(),
            place: (0..2).map(|_| r.zipf(n.places.len())).collect(),
            date_days: r.below(4 * 365) as u32,
        };
        let id = format!("brief-{:07}", self.next_id);
        self.next_id += 1;
        let date = iso_date(18_993 + cast.date_days); // from 2022-01-01
        let mut planted = 0usize;
        let mut title = String::new();
        let h = *self.rng.pick(HEADLINES);
        fill(h, &self.names, &cast, &mut self.rng, &mut title, &mut 0);
        let mut text = String::with_capacity(6 << 10);
        let paragraphs = self.rng.range(5, 12);
        for p in 0..paragraphs {
            if p > 0 {
                text.push_str("\n\n");
            }
            let sentences = self.rng.range(3, 7);
            let mut previous = "";
            for s in 0..sentences {
                if s > 0 {
                    text.push(' ');
                }
                let mut t = previous;
                while t == previous {
                    t = if (p == 0 && s == 0) || self.rng.percent(62) {
                        *self.rng.pick(ACTOR_TEMPLATES)
                    } else {
                        *self.rng.pick(FILLER)
                    };
                }
                previous = t;
                fill(
                    t,
                    &self.names,
                    &cast,
                    &mut self.rng,
                    &mut text,
                    &mut planted,
                );
            }
        }
        Brief {
            id,
            date,
            title,
            text,
            planted,
        }
    }
}

/// Renders one template into `out`, counting the gazetteer names it writes.
fn fill(t: &str, n: &Names, c: &Cast, r: &mut Rng, out: &mut String, planted: &mut usize) {
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("closed placeholder");
        let key = &rest[open + 1..close];
        rest = &rest[close + 1..];
        let second = key.ends_with('2');
        let pick2 = |v: &Vec<usize>, r: &mut Rng| -> usize {
            if second && v.len() > 1 {
                v[1 + r.below(v.len() - 1)]
            } else {
                v[0]
            }
        };
        match key.trim_end_matches('2') {
            "S" | "D" | "M" => {
                let s = &n.states[pick2(&c.states, r)];
                let forms = match key.as_bytes()[0] {
                    b'D' if !s.demonyms.is_empty() => &s.demonyms,
                    b'M' if !s.metonyms.is_empty() => &s.metonyms,
                    _ => &s.names,
                };
                let form = r.pick(forms);
                // a demonym slot filled with a name reads "the Chad government": fine for a bench
                out.push_str(form);
                *planted += 1;
            }
            "P" => {
                let p = &n.people[pick2(&c.people, r)];
                if let Some(title) = &p.title {
                    if r.percent(70) {
                        out.push_str(title);
                        out.push(' ');
                    }
                }
                out.push_str(&p.name);
                *planted += 1;
            }
            "O" => {
                out.push_str(&n.orgs[pick2(&c.orgs, r)]);
                *planted += 1;
            }
            "L" => {
                out.push_str(&n.places[c.place[r.below(c.place.len())]]);
                *planted += 1;
            }
            "X" => {
                out.push_str(r.pick::<&str>(INVENTED_TITLES));
                out.push(' ');
                out.push_str(r.pick_zipf::<&str>(INVENTED_FIRST));
                out.push(' ');
                if r.percent(50) {
                    out.push_str(r.pick_zipf::<&str>(INVENTED_LAST));
                } else {
                    out.push_str(r.pick_zipf(&n.invented).as_str());
                }
            }
            "W" => out.push_str(r.pick_zipf(&n.invented).as_str()),
            "BIG" => {
                let v = r.range(100, 250_000);
                if v >= 1000 {
                    out.push_str(&format!("{},{:03}", v / 1000, v % 1000));
                } else {
                    out.push_str(&v.to_string());
                }
            }
            "DAY" => out.push_str(r.pick::<&str>(DAYS)),
            "DATE" => {
                let d = r.range(1, 28);
                out.push_str(&d.to_string());
                out.push(' ');
                out.push_str(r.pick::<&str>(MONTHS));
            }
            "N" => out.push_str(&r.range(2, 60).to_string()),
            other => panic!("unknown placeholder {other}"),
        }
    }
    out.push_str(rest);
}

/// Days since 1970-01-01 to `YYYY-MM-DD` (proleptic Gregorian).
fn iso_date(days: u32) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Generates briefs until their bodies hold at least `bytes` bytes.
pub fn briefs(names: &Names, seed: u64, bytes: usize) -> Vec<Brief> {
    let mut g = Generator::new(names.clone(), seed);
    let mut out = Vec::new();
    let mut total = 0;
    while total < bytes {
        let b = g.brief();
        total += b.text.len();
        out.push(b);
    }
    out
}
