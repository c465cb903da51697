#!/usr/bin/env python3
"""Proves that real clients read every actornet export with the values of nodes.csv/edges.csv.

Usage: check_clients.py BINARY   (run by scripts/check-clients.sh inside its virtualenv)
Env:   SCHEMAS  folder of the GraphML/GEXF schemas (default: ../shared/schemas beside the repo)
       KEEP=1   keep the temporary folder and print its path

Writes a few invented briefs (ordinary ones and hostile ones: names with & < > " ', formulas,
a control character, right-to-left text) and a gazetteer with hostile names into a temporary
folder, runs `BINARY extract` on them twice (dated, so GEXF is dynamic, and undated, so it is
static), then checks every file with its real client:

* GraphML: XSD-valid (lxml + catalog); networkx.read_graphml and igraph.Graph.Read_GraphML;
* GEXF: valid against the RELAX NG grammar (lxml); `type="directed"` exactly on directed
  relations; networkx.read_gexf (on a copy without per-edge types: networkx reads no mixed
  graph); timeline sanity;
* JSON: networkx.node_link_graph(data, edges="links");
* DOT: networkx.nx_pydot.read_dot (pydot);
* CSV: pandas.read_csv (types, BOM, formula neutralisation);
* xlsx: openpyxl (no formula cells, numbers are numbers, frozen header, autofilter);

each with the node and edge counts and attribute values of nodes.csv/edges.csv (and
mentions.csv for the xlsx Mentions sheet). Prints `N passed, M failed`; exits 1 on failure.
"""
import csv
import io
import json
import math
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import warnings

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
SCHEMAS = pathlib.Path(os.environ.get("SCHEMAS") or ROOT.parent / "shared" / "schemas").resolve()
# libxml2 (inside lxml) reads the catalog at first use: maps graphdrawing.org URLs to local files
os.environ.setdefault("XML_CATALOG_FILES", str(SCHEMAS / "catalog.xml"))

import igraph as ig  # noqa: E402
import networkx as nx  # noqa: E402
import openpyxl  # noqa: E402
import pandas as pd  # noqa: E402
from lxml import etree  # noqa: E402

warnings.filterwarnings("ignore", category=DeprecationWarning)
try:  # pydot's parser uses deprecated pyparsing names
    from pyparsing.warnings import PyparsingDeprecationWarning

    warnings.filterwarnings("ignore", category=PyparsingDeprecationWarning)
except ImportError:
    pass

PASSED = 0
FAILED = []


def check(name, ok, detail=""):
    """Counts one check; remembers the failure with a short reason."""
    global PASSED
    if ok:
        PASSED += 1
    else:
        FAILED.append(f"{name}: {detail}" if detail else name)
        print(f"FAIL {name}: {detail}", file=sys.stderr)


def guarded(name, fn, *args):
    """Runs a group of checks; an exception counts as one failure instead of stopping all."""
    try:
        fn(*args)
    except Exception as e:  # noqa: BLE001 - any client error is a failed check
        check(name, False, f"{type(e).__name__}: {e}")


# ---------------------------------------------------------------- inputs (all invented)

HOSTILE_GAZETTEER = """id,name,type,aliases,affiliation,country,lat,lon
ab-co,A & B <Co>,org,,,iran,,
quoted-org,\"\"\"Quoted\"\" Org\",org,,,,,
hyperlink-org,\"=HYPERLINK(\"\"http://example.invalid\"\",\"\"click\"\")\",org,,,,,
obrien,O'Brien & Sons,org,,,,,
ctl-org,Ctl\x01Org,org,,,,,
rtl-ministry,وزارة الخارجية,org,,,iran,,
backslash-org,Back\\slash Org,org,,,,,
jane-roe,Jane Roe,person,,quoted-org,,,
"""

BRIEFS = {
    "hostile-brief.txt": (
        "A & B <Co> met \"Quoted\" Org in Tehran with Iran and Oman.\n\n"
        "=HYPERLINK(\"http://example.invalid\",\"click\") said Ctl\x01Org and O'Brien & Sons "
        "would brief Iran.\n\n"
        "وزارة الخارجية spoke to Iran and Back\\slash Org about Qatar.\n"
        "Jane Roe spoke for \"Quoted\" Org in Doha.\n"
    ),
    "talks.md": (
        "# Talks in Muscat\n\n"
        "Oman hosted talks in Muscat between Iran and Qatar. The United Nations welcomed the talks.\n\n"
        "Officials from Qatar and Oman met again in Doha.\n"
    ),
}

JSONL = [
    {
        "id": "wire-1",
        "date": "2024-04-10",
        "title": "Follow-up",
        "text": "Iran and Qatar agreed on a new round in Muscat. A & B <Co> will supply Oman.",
    },
    {
        "id": "wire-2",
        "date": "2024-06-02",
        "title": "=cmd|' /C calc'!A0",
        "text": "@Iran, Oman and the United Nations met in Doha. -Qatar joined later.",
    },
]

# ---------------------------------------------------------------- helpers

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_clean(s):
    return XML_ILLEGAL.sub("", s)


def collapse(s):
    return " ".join(s.split())


def attr_norm(s):
    """What an XML parser makes of a value written into an attribute."""
    return re.sub("[\t\r\n]", " ", xml_clean(s))


def un_neutralise(s):
    """The CSV excel dialect prefixes an apostrophe to text starting with a formula trigger."""
    if s.startswith("'") and s[1:].startswith(TRIGGERS):
        return s[1:]
    return s


def read_csv_rows(path):
    raw = path.read_bytes()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header, body = rows[0], rows[1:]
    return raw, [dict(zip(header, r)) for r in body]


def num_equal(a, b):
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def same_text(got, want):
    return (got or "") == (want or "")


def nodes_edges(out):
    _, nodes = read_csv_rows(out / "nodes.csv")
    _, edges = read_csv_rows(out / "edges.csv")
    for r in nodes + edges:
        for k, v in r.items():
            r[k] = un_neutralise(v)
    return {r["Id"]: r for r in nodes}, edges


# ---------------------------------------------------------------- per format


def check_csv(tag, out):
    for name, must in (("nodes.csv", ["Id", "Label"]), ("edges.csv", ["Source", "Target", "Type", "Weight"])):
        raw, rows = read_csv_rows(out / name)
        check(f"{tag} {name} BOM", raw.startswith(b"\xef\xbb\xbf"))
        check(f"{tag} {name} CRLF", raw.replace(b"\r\n", b"").count(b"\r") == 0)
        check(f"{tag} {name} columns", set(must) <= set(rows[0].keys() if rows else must), str(rows[:1]))
        for r in rows:
            for h, v in r.items():
                try:
                    float(v)
                    continue
                except ValueError:
                    pass
                if v.startswith(TRIGGERS):
                    check(f"{tag} {name} neutralised", False, f"{h}={v!r}")
    n = pd.read_csv(out / "nodes.csv", dtype={"Id": str}, keep_default_na=False, na_values=[""])
    e = pd.read_csv(out / "edges.csv", dtype={"Source": str, "Target": str}, keep_default_na=False, na_values=[""])
    nodes, edges = nodes_edges(out)
    check(f"{tag} pandas nodes.csv rows", len(n) == len(nodes), f"{len(n)} != {len(nodes)}")
    check(f"{tag} pandas edges.csv rows", len(e) == len(edges), f"{len(e)} != {len(edges)}")
    check(f"{tag} pandas nodes first column", list(n.columns)[0] == "Id", str(list(n.columns)[:2]))
    check(f"{tag} pandas mentions int", str(n["mentions"].dtype).startswith("int"), str(n["mentions"].dtype))
    check(f"{tag} pandas lat float", str(n["lat"].dtype).startswith("float"), str(n["lat"].dtype))
    check(f"{tag} pandas Weight numeric", str(e["Weight"].dtype)[:3] in ("flo", "int"), str(e["Weight"].dtype))
    check(f"{tag} edges endpoints in nodes", set(e.Source) | set(e.Target) <= set(n.Id))
    labels = set(n.Label)
    check(f"{tag} csv formula label neutralised", any(str(x).startswith("'=HYPERLINK(") for x in labels), str(labels))


def check_graphml(tag, out):
    path = out / "graph.graphml"
    parser = etree.XMLParser(no_network=True)
    doc = etree.parse(str(path), parser)
    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / "graphml/1.1/graphml.xsd"), parser))
    check(f"{tag} GraphML XSD", xsd.validate(doc), str(xsd.error_log.last_error))
    nodes, edges = nodes_edges(out)
    pairs = {}
    for r in edges:
        key = tuple(sorted((r["Source"], r["Target"])))
        pairs.setdefault(key, []).append(r)
    G = nx.read_graphml(str(path))
    check(f"{tag} networkx GraphML nodes", G.number_of_nodes() == len(nodes), f"{G.number_of_nodes()} != {len(nodes)}")
    check(f"{tag} networkx GraphML edges", G.number_of_edges() == len(pairs), f"{G.number_of_edges()} != {len(pairs)}")
    for nid, want in nodes.items():
        d = G.nodes[nid]
        check(f"{tag} networkx GraphML label {nid}", d.get("label") == xml_clean(want["Label"]), f"{d.get('label')!r}")
        check(f"{tag} networkx GraphML mentions {nid}", d.get("mentions") == int(want["mentions"]))
        for k in ("lat", "lon"):
            ok = (k not in d) if want[k] == "" else num_equal(d.get(k), want[k])
            check(f"{tag} networkx GraphML {k} {nid}", ok, f"{d.get(k)!r} vs {want[k]!r}")
        check(f"{tag} networkx GraphML actor_type {nid}", d.get("actor_type") == want["actor_type"])
    for (a, b), rows in pairs.items():
        d = G.get_edge_data(a, b)
        cooc = [r for r in rows if r["Kind"] == "co-occurrence"]
        want_w = float(cooc[0]["evidence"]) if cooc and int(cooc[0]["evidence"]) > 0 else 1.0
        check(f"{tag} networkx GraphML weight {a}-{b}", d is not None and num_equal(d.get("weight"), want_w), f"{d}")
    g = ig.Graph.Read_GraphML(str(path))
    check(f"{tag} igraph GraphML counts", (g.vcount(), g.ecount()) == (len(nodes), len(pairs)), f"{g.vcount()}, {g.ecount()}")
    for v in g.vs:
        want = nodes.get(v["id"])
        check(f"{tag} igraph node {v['id']}", want is not None)
        if want:
            check(f"{tag} igraph label {v['id']}", v["label"] == xml_clean(want["Label"]), repr(v["label"]))
            check(f"{tag} igraph mentions {v['id']}", num_equal(v["mentions"], want["mentions"]))
            if want["lat"]:
                check(f"{tag} igraph lat {v['id']}", num_equal(v["lat"], want["lat"]))


GEXF_NS = {"x": "http://gexf.net/1.3"}
RESERVED = {"id", "label", "timeset", "weight", "kind", "type", "source", "target", "size", "x", "y", "z",
            "r", "g", "b", "color"}


DIRECTED_KINDS = {"affiliated_with", "located_in", "mediates", "hosts"}


def check_gexf(tag, out, dynamic):
    path = out / "graph.gexf"
    parser = etree.XMLParser(no_network=True)
    doc = etree.parse(str(path), parser)
    rng = etree.RelaxNG(etree.parse(str(SCHEMAS / "gexf/1.3/gexf.rng"), parser))
    check(f"{tag} GEXF RELAX NG", rng.validate(doc), str(rng.error_log.last_error))
    graph = doc.find("x:graph", GEXF_NS)
    check(f"{tag} GEXF mode", graph.get("mode") == ("dynamic" if dynamic else "static"), graph.get("mode"))
    if dynamic:
        check(f"{tag} GEXF timeformat", graph.get("timeformat") == "date")
        check(f"{tag} GEXF timerepresentation", graph.get("timerepresentation") == "interval")
    check(f"{tag} GEXF no viz hex", not doc.xpath("//*[local-name()='color'][@hex]"))
    decl = {c: {a.get("id") for a in doc.xpath(f"//x:attributes[@class='{c}']/x:attribute", namespaces=GEXF_NS)}
            for c in ("node", "edge")}
    check(f"{tag} GEXF attribute ids not reserved", not (decl["node"] | decl["edge"]) & RESERVED, str(decl))
    spans = {}
    for el in doc.iterfind(".//x:nodes/x:node", GEXF_NS):
        spans[el.get("id")] = (el.get("start"), el.get("end"))
        for av in el.iterfind("x:attvalues/x:attvalue", GEXF_NS):
            check(f"{tag} GEXF node attvalue declared", av.get("for") in decl["node"], av.get("for"))
    triples = set()
    for el in doc.iterfind(".//x:edges/x:edge", GEXF_NS):
        for av in el.iterfind("x:attvalues/x:attvalue", GEXF_NS):
            check(f"{tag} GEXF edge attvalue declared", av.get("for") in decl["edge"], av.get("for"))
        s, t = el.get("source"), el.get("target")
        triple = (min(s, t), max(s, t), el.get("kind"))
        check(f"{tag} GEXF pair+kind unique {triple}", triple not in triples)
        triples.add(triple)
        # directed relations say so (Gephi, graphology); everything else is the undirected default
        check(f"{tag} GEXF edge type {el.get('id')}",
              el.get("type") == ("directed" if el.get("label") in DIRECTED_KINDS else None),
              f"{el.get('label')}: {el.get('type')}")
        if dynamic and el.get("start"):
            for end in (s, t):
                ns, ne = spans[end]
                check(f"{tag} GEXF edge {el.get('id')} inside {end}",
                      ns is not None and ns <= el.get("start") and el.get("end") <= ne,
                      f"{el.get('start')}..{el.get('end')} vs {ns}..{ne}")
    if dynamic:
        check(f"{tag} GEXF every node has an interval", all(a and b for a, b in spans.values()), str(spans))
    else:
        check(f"{tag} GEXF static has no intervals", all(a is None and b is None for a, b in spans.values()))

    nodes, edges = nodes_edges(out)
    # networkx reads no mixed graph ("Directed edge found in undirected graph"); its reading of
    # every value is checked on a copy without the per-edge type (README: networkx users read
    # graph.graphml or graph.json)
    try:
        nx.read_gexf(str(path))
        check(f"{tag} networkx refuses mixed GEXF", not doc.xpath("//x:edge[@type]", namespaces=GEXF_NS))
    except nx.NetworkXError as e:
        check(f"{tag} networkx refuses mixed GEXF", "Directed edge found" in str(e), str(e))
    for el in doc.iterfind(".//x:edges/x:edge", GEXF_NS):
        el.attrib.pop("type", None)
    undirected_copy = out / "graph-undirected-copy.gexf"
    doc.write(str(undirected_copy), xml_declaration=True, encoding="UTF-8")
    H = nx.read_gexf(str(undirected_copy))
    undirected_copy.unlink()
    check(f"{tag} networkx GEXF nodes", H.number_of_nodes() == len(nodes), f"{H.number_of_nodes()} != {len(nodes)}")
    check(f"{tag} networkx GEXF edges", H.number_of_edges() == len(edges), f"{H.number_of_edges()} != {len(edges)}")
    for nid, want in nodes.items():
        d = H.nodes[nid]
        check(f"{tag} networkx GEXF label {nid}", d.get("label") == collapse(xml_clean(want["Label"])), repr(d.get("label")))
        check(f"{tag} networkx GEXF mentions {nid}", d.get("mentions") == int(want["mentions"]))
        check(f"{tag} networkx GEXF actor_type {nid}", d.get("actor_type") == want["actor_type"])
        for k in ("lat", "lon"):
            ok = (k not in d) if want[k] == "" else num_equal(d.get(k), want[k])
            check(f"{tag} networkx GEXF {k} {nid}", ok, f"{d.get(k)!r} vs {want[k]!r}")
        if want["lat"] and want["lon"]:
            pos = d.get("viz", {}).get("position", {})
            check(f"{tag} networkx GEXF position {nid}", num_equal(pos.get("x"), want["lon"]) and num_equal(pos.get("y"), want["lat"]))
        if dynamic and want["first_seen"]:
            check(f"{tag} networkx GEXF start {nid}", str(d.get("start")) <= want["first_seen"], f"{d.get('start')}")
    by_id = {k: (u, v, d) for u, v, k, d in H.edges(keys=True, data=True)}
    for r in edges:
        got = by_id.get(r["Id"])
        check(f"{tag} networkx GEXF edge {r['Id']}", got is not None)
        if got:
            u, v, d = got
            check(f"{tag} networkx GEXF ends {r['Id']}", {u, v} == {r["Source"], r["Target"]})
            check(f"{tag} networkx GEXF weight {r['Id']}", num_equal(d.get("weight"), r["Weight"]), f"{d.get('weight')}")
            check(f"{tag} networkx GEXF relation {r['Id']}", d.get("relation") == r["Kind"], f"{d.get('relation')}")
            check(f"{tag} networkx GEXF evidence {r['Id']}", d.get("evidence") == int(r["evidence"]))
            if r["evidence_text"]:
                check(f"{tag} networkx GEXF example {r['Id']}", d.get("example") == attr_norm(r["evidence_text"]),
                      f"{d.get('example')!r} vs {r['evidence_text']!r}")


def check_json(tag, out):
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    check(f"{tag} JSON has links", "links" in data and "nodes" in data)
    G = nx.node_link_graph(data, edges="links")
    nodes, edges = nodes_edges(out)
    check(f"{tag} networkx JSON multigraph", G.is_multigraph() and not G.is_directed())
    check(f"{tag} networkx JSON nodes", G.number_of_nodes() == len(nodes), f"{G.number_of_nodes()} != {len(nodes)}")
    check(f"{tag} networkx JSON edges", G.number_of_edges() == len(edges), f"{G.number_of_edges()} != {len(edges)}")
    for nid, want in nodes.items():
        d = G.nodes[nid]
        check(f"{tag} networkx JSON label {nid}", d.get("label") == want["Label"], repr(d.get("label")))
        check(f"{tag} networkx JSON mentions {nid}", d.get("mentions") == int(want["mentions"]))
        for k in ("lat", "lon"):
            ok = (k not in d) if want[k] == "" else isinstance(d.get(k), float) and num_equal(d[k], want[k])
            check(f"{tag} networkx JSON {k} {nid}", ok, f"{d.get(k)!r} vs {want[k]!r}")
    by_id = {d["id"]: (u, v, d) for u, v, d in G.edges(data=True)}
    for r in edges:
        got = by_id.get(r["Id"])
        check(f"{tag} networkx JSON edge {r['Id']}", got is not None)
        if got:
            u, v, d = got
            check(f"{tag} networkx JSON edge values {r['Id']}",
                  {u, v} == {r["Source"], r["Target"]} and d["kind"] == r["Kind"] and num_equal(d["weight"], r["Weight"])
                  and d["evidence"] == int(r["evidence"]) and same_text(d.get("example"), r["evidence_text"]), str(d))


def dot_unquote(s):
    if isinstance(s, str) and len(s) >= 2 and s[0] == s[-1] == '"':
        return re.sub(r"\\(.)", r"\1", s[1:-1])
    return s


def check_dot(tag, out):
    D = nx.nx_pydot.read_dot(str(out / "graph.dot"))
    nodes, edges = nodes_edges(out)
    check(f"{tag} pydot DOT nodes", D.number_of_nodes() == len(nodes), f"{D.number_of_nodes()} != {len(nodes)}")
    check(f"{tag} pydot DOT edges", D.number_of_edges() == len(edges), f"{D.number_of_edges()} != {len(edges)}")
    names = {dot_unquote(n): d for n, d in D.nodes(data=True)}
    for nid, want in nodes.items():
        d = names.get(nid, {})
        got = dot_unquote(d.get("label"))
        check(f"{tag} pydot DOT label {nid}", got == collapse(xml_clean(want["Label"])), repr(got))
    kinds = sorted(dot_unquote(d.get("kind")) for *_, d in D.edges(data=True))
    check(f"{tag} pydot DOT kinds", kinds == sorted(r["Kind"] for r in edges))
    if shutil.which("dot"):
        p = subprocess.run(["dot", "-Tsvg", "-o", os.devnull, str(out / "graph.dot")], capture_output=True, text=True)
        check(f"{tag} graphviz dot renders", p.returncode == 0, p.stderr[-300:])


def check_xlsx(tag, out):
    wb = openpyxl.load_workbook(out / "graph.xlsx")
    check(f"{tag} xlsx sheets", wb.sheetnames == ["Actors", "Links", "Mentions"], str(wb.sheetnames))
    formulas = [(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    check(f"{tag} xlsx no formula cells", not formulas, str(formulas[:5]))
    for ws in wb:
        check(f"{tag} xlsx {ws.title} frozen header", ws.freeze_panes == "A2", str(ws.freeze_panes))
        check(f"{tag} xlsx {ws.title} autofilter", bool(ws.auto_filter.ref), str(ws.auto_filter.ref))
    nodes, edges = nodes_edges(out)
    numeric = {"mentions", "documents", "lat", "lon", "Weight", "evidence", "evidence_sentence", "sentence", "start", "end"}
    dates = {"first_seen", "last_seen"}

    def compare(sheet, key, want_rows):
        ws = wb[sheet]
        rows = list(ws.iter_rows(values_only=True))
        header = list(rows[0])
        got = [dict(zip(header, r)) for r in rows[1:]]
        check(f"{tag} xlsx {sheet} rows", len(got) == len(want_rows), f"{len(got)} != {len(want_rows)}")
        for g, w in zip(got, want_rows):
            for col, wv in w.items():
                if col not in g:
                    continue
                gv = g[col]
                name = f"{tag} xlsx {sheet} {w[key] if key else ''} {col}"
                if wv == "":
                    check(name, gv is None or gv == "", repr(gv))
                elif col in numeric:
                    check(name, isinstance(gv, (int, float)) and not isinstance(gv, bool) and num_equal(gv, wv), f"{gv!r} vs {wv!r}")
                elif col in dates:
                    check(name, hasattr(gv, "strftime") and gv.strftime("%Y-%m-%d") == wv, f"{gv!r} vs {wv!r}")
                elif col == "discovered":
                    check(name, isinstance(gv, bool) and str(gv).lower() == wv, repr(gv))
                else:
                    check(name, isinstance(gv, str) and gv == xml_clean(wv), f"{gv!r} vs {wv!r}")

    compare("Actors", "Id", list(nodes.values()))
    compare("Links", "Id", edges)
    _, mentions = read_csv_rows(out / "mentions.csv")
    for r in mentions:
        for k, v in r.items():
            r[k] = un_neutralise(v)
    compare("Mentions", None, mentions)


# ---------------------------------------------------------------- main


def run(binary, args, tag):
    p = subprocess.run([str(binary), "extract", *args], capture_output=True, text=True)
    check(f"{tag} extract exits 0", p.returncode == 0, p.stderr[-2000:])
    return p.returncode == 0


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = pathlib.Path(sys.argv[1]).resolve()
    if not binary.is_file():
        sys.exit(f"no binary at {binary} (build it first: cargo build --release)")
    for f in ("graphml/1.1/graphml.xsd", "gexf/1.3/gexf.rng", "catalog.xml"):
        if not (SCHEMAS / f).is_file():
            sys.exit(f"schema {SCHEMAS / f} missing (set SCHEMAS)")
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="actornet-clients-"))
    try:
        briefs = tmp / "briefs"
        briefs.mkdir()
        for name, text in BRIEFS.items():
            (briefs / name).write_text(text, encoding="utf-8")
        (briefs / "wire.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in JSONL), encoding="utf-8")
        gaz = tmp / "hostile.csv"
        gaz.write_text(HOSTILE_GAZETTEER, encoding="utf-8")
        formats = "graphml,csv,gexf,json,dot,xlsx"
        runs = [
            ("dated", ["--format", formats, "--date", "2024-03-01"], True),
            ("undated", ["--format", "all"], False),
        ]
        for tag, extra, dynamic in runs:
            out = tmp / f"out-{tag}"
            if not run(binary, [*extra, "-g", str(gaz), "-o", str(out), "--quiet", str(briefs / "hostile-brief.txt"),
                                str(briefs / "talks.md")] + ([str(briefs / "wire.jsonl")] if dynamic else []), tag):
                continue
            for f in ("graph.graphml", "graph.gexf", "graph.json", "graph.dot", "graph.xlsx", "nodes.csv", "edges.csv",
                      "mentions.csv"):
                check(f"{tag} wrote {f}", (out / f).is_file())
            nodes, _ = nodes_edges(out)
            for hostile in ("ab-co", "quoted-org", "hyperlink-org", "obrien", "ctl-org", "rtl-ministry", "backslash-org"):
                check(f"{tag} hostile actor {hostile} found", hostile in nodes, str(sorted(nodes)))
            guarded(f"{tag} CSV", check_csv, tag, out)
            guarded(f"{tag} GraphML", check_graphml, tag, out)
            guarded(f"{tag} GEXF", check_gexf, tag, out, dynamic)
            guarded(f"{tag} JSON", check_json, tag, out)
            guarded(f"{tag} DOT", check_dot, tag, out)
            guarded(f"{tag} xlsx", check_xlsx, tag, out)
    finally:
        if os.environ.get("KEEP"):
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    for f in FAILED[:50]:
        print(f"failed: {f}")
    print(f"{PASSED} passed, {len(FAILED)} failed")
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
