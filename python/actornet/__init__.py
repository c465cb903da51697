"""actornet: actor networks from news articles and policy briefs, in Python.

Build an :class:`Extractor` once (gazetteers, lexicons and options are loaded then), run it over
texts, dicts or a pandas column with :meth:`Extractor.extract`, and read the :class:`Result` as
pandas data frames (``nodes``, ``edges``, ``mentions``, ``evidence``), as a networkx graph
(:meth:`Result.to_networkx`) or as the command line's files (:meth:`Result.write`). Split work
with :meth:`Result.partial` and combine it with :func:`merge`; :mod:`actornet.dask` does that on a
Dask cluster. The native core releases the GIL while it extracts.

Example::

    import actornet
    ex = actornet.Extractor(date="2025-03-14")
    result = ex.extract(["Oman hosted talks between Iran and the United States in Muscat."])
    g = result.to_networkx()
    result.write("out", formats=["gexf"])
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from . import _actornet
from ._actornet import (
    ActornetError,
    GazetteerError,
    InputError,
    OutputError,
    UsageError,
)

__all__ = [
    "Extractor",
    "Result",
    "Partial",
    "merge",
    "ActornetError",
    "InputError",
    "GazetteerError",
    "UsageError",
    "OutputError",
    "__version__",
]

__version__ = _actornet.version()

#: The formats :meth:`Result.write` writes by default (the command line's default).
DEFAULT_FORMATS = tuple(_actornet.default_formats())

# Extractors rebuilt from options in this process (unpickled partials and extractors share them,
# so a worker loads the gazetteers once, not once per task).
_CACHE: Dict[str, "Extractor"] = {}


def _path_list(paths: Union[None, str, os.PathLike, Iterable[Any]]) -> List[str]:
    if paths is None:
        return []
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return [os.path.abspath(os.fspath(p)) for p in paths]


def _opt_path(p: Any) -> Optional[str]:
    return None if p is None else os.path.abspath(os.fspath(p))


class Extractor:
    """Extracts actor networks; built once, reused for any number of runs.

    Arguments mirror ``actornet extract``: ``gazetteers`` (CSV files or folders, loaded after the
    built-in ones unless ``defaults=False``), ``window`` (``"sentence"``, ``"paragraph"`` or
    ``"document"``), ``weight`` (``"count"``, ``"documents"``, ``"association"``, ``"pmi"``,
    ``"jaccard"``), ``min_weight``, ``top_k``, ``exclude`` (actor ids), ``date`` (YYYY-MM-DD for
    undated documents; it picks people's titles), ``csv_dialect`` (``"excel"`` or ``"gephi"``),
    ``roles`` / ``titles`` (lexicon files), ``threads`` (0: one per core), ``skip_bad`` (record
    bad documents in :attr:`Result.skipped` instead of raising), ``lossy`` (replace invalid UTF-8
    in files), and the names of the document fields (``text_field``, ``id_field``,
    ``date_field``, ``title_field``, ``url_field``).

    Errors in gazetteer or lexicon files raise :class:`GazetteerError` with every problem as
    ``file:line: message``. An extractor pickles as its options (paths made absolute), so it can
    be sent to worker processes, which rebuild it.
    """

    def __init__(
        self,
        gazetteers: Union[None, str, os.PathLike, Iterable[Any]] = None,
        defaults: bool = True,
        window: str = "sentence",
        weight: str = "count",
        min_weight: float = 0.0,
        top_k: Optional[int] = None,
        exclude: Iterable[str] = (),
        date: Optional[str] = None,
        csv_dialect: str = "excel",
        roles: Union[None, str, os.PathLike] = None,
        titles: Union[None, str, os.PathLike] = None,
        threads: int = 0,
        skip_bad: bool = False,
        lossy: bool = False,
        text_field: str = "text",
        id_field: str = "id",
        title_field: str = "title",
        date_field: str = "date",
        url_field: str = "url",
    ) -> None:
        self._options = {
            "gazetteers": _path_list(gazetteers),
            "no_default_gazetteers": not defaults,
            "roles": _opt_path(roles),
            "titles": _opt_path(titles),
            "window": str(window),
            "weight": str(weight),
            "min_weight": float(min_weight),
            "top_k": None if top_k is None else int(top_k),
            "exclude": [str(x) for x in exclude],
            "date": None if date is None else str(date),
            "csv_dialect": str(csv_dialect),
            "threads": int(threads),
            "skip_bad": bool(skip_bad),
            "lossy": bool(lossy),
            "text_field": text_field,
            "id_field": id_field,
            "title_field": title_field,
            "date_field": date_field,
            "url_field": url_field,
            "input_format": "auto",
        }
        if self._options["window"] not in ("sentence", "paragraph", "document"):
            raise UsageError(
                f"unknown window {window!r} (sentence, paragraph or document)"
            )
        if self._options["weight"] not in ("count", "documents", "association", "pmi", "jaccard"):
            raise UsageError(
                f"unknown weight {weight!r} (count, documents, association, pmi or jaccard)"
            )
        if self._options["top_k"] is not None and self._options["top_k"] < 1:
            raise UsageError("--top-k must be at least 1")
        self._core = _actornet._Extractor(json.dumps(self._options))

    @property
    def options(self) -> Dict[str, Any]:
        """The options it was built from (a copy)."""
        return json.loads(json.dumps(self._options))

    @property
    def warnings(self) -> List[str]:
        """Warnings from loading the gazetteers."""
        return self._core.gazetteer_warnings()

    def _key(self) -> str:
        return json.dumps(self._options, sort_keys=True)

    def __reduce__(self):
        return (_rebuild_extractor, (self._options,))

    def __repr__(self) -> str:
        o = self._options
        extra = f", gazetteers={o['gazetteers']!r}" if o["gazetteers"] else ""
        return f"actornet.Extractor(window={o['window']!r}, weight={o['weight']!r}{extra})"

    def extract(self, docs: Any, *, start: int = 0) -> "Result":
        """Extracts documents: an iterable of strings or dicts (``text``, ``id``, ``date``,
        ``title``, ``url``; other names with the ``*_field`` options), a pandas Series of texts
        (its index gives the ids) or a pandas DataFrame (one row per document). A document
        without an id gets its position (counted from ``start``). Raises :class:`InputError`
        naming the document (``documents[3]: no "text" field``) unless ``skip_bad``.
        """
        if isinstance(docs, (str, dict)):
            docs = [docs]
        docs = _documents(docs, self._options["id_field"], self._options["text_field"])
        return Result(self, self._core.extract(docs, int(start), []))

    def extract_files(self, paths: Union[str, os.PathLike, Iterable[Any]]) -> "Result":
        """Extracts files and folders as ``actornet extract`` reads them (``.jsonl``, ``.csv``,
        ``.html``, text); errors name the file and line."""
        return Result(self, self._core.extract_files(_path_list(paths)))


def _rebuild_extractor(options: Dict[str, Any]) -> Extractor:
    key = json.dumps(options, sort_keys=True)
    ex = _CACHE.get(key)
    if ex is None:
        ex = Extractor.__new__(Extractor)
        ex._options = dict(options)
        ex._core = _actornet._Extractor(json.dumps(options))
        _CACHE[key] = ex
    return ex


def _documents(docs: Any, id_field: str, text_field: str) -> Iterable[Any]:
    """Turns pandas objects into dicts; anything else is passed on as it is."""
    mod = type(docs).__module__
    if mod.startswith("pandas"):
        name = type(docs).__name__
        if name == "Series":
            return [
                {id_field: str(k), text_field: v} if isinstance(v, str) else v
                for k, v in docs.items()
            ]
        if name == "DataFrame":
            return docs.to_dict("records")
    return docs


def _frame(rows: List[Dict[str, Any]], columns: Sequence[str]):
    try:
        import pandas as pd
    except ImportError:
        return rows
    return pd.DataFrame(rows, columns=list(columns))


NODE_COLUMNS = (
    "id", "label", "actor_type", "role", "roles", "affiliation", "affiliation_id", "title",
    "text_title", "text_affiliation", "mentions", "documents", "aliases", "country", "wikidata",
    "iso3", "lat", "lon", "first_seen", "last_seen", "discovered",
)
EDGE_COLUMNS = (
    "source", "target", "key", "id", "kind", "label", "weight", "relation_directed", "evidence",
    "documents", "first_seen", "last_seen", "example", "example_ref", "origin",
)
MENTION_COLUMNS = (
    "document", "sentence", "start", "end", "surface", "entity", "label", "actor_type", "form",
)
EVIDENCE_COLUMNS = (
    "document", "sentence", "start", "end", "kind", "subject", "value", "object", "cue", "text",
)


class Result:
    """The result of a run (or of :func:`merge`): the graph and the mention and evidence rows.

    ``nodes`` and ``edges`` hold the values of ``graph.json`` (one row per actor; one per
    co-occurrence pair and per typed relation), ``mentions`` and ``evidence`` the rows of
    ``mentions.csv`` and ``evidence.csv``; each is a pandas DataFrame, or a list of dicts when
    pandas is not installed.
    """

    def __init__(self, extractor: Extractor, core: Any) -> None:
        self._extractor = extractor
        self._core = core
        self._graph: Optional[Dict[str, Any]] = None

    def _graph_data(self) -> Dict[str, Any]:
        if self._graph is None:
            self._graph = json.loads(self._core.graph_json())
        return self._graph

    @property
    def documents(self) -> int:
        """Number of documents extracted."""
        return self._core.documents

    @property
    def skipped(self) -> List[str]:
        """Bad documents skipped with ``skip_bad=True``, each with its reason."""
        return self._core.skipped

    @property
    def manifest(self) -> Dict[str, Any]:
        """What was read, with which gazetteer (``run.json`` without the graph options)."""
        return json.loads(self._core.manifest_json())

    @property
    def nodes(self):
        """One row per actor."""
        return _frame(self._graph_data()["nodes"], NODE_COLUMNS)

    @property
    def edges(self):
        """One row per link (co-occurrence pairs and typed relations)."""
        return _frame(self._graph_data()["links"], EDGE_COLUMNS)

    @property
    def mentions(self):
        """One row per name found (``mentions.csv``; ``start``/``end`` in code points)."""
        return _frame(json.loads(self._core.mentions_json()), MENTION_COLUMNS)

    @property
    def evidence(self):
        """One row per role, title and relation read from the text (``evidence.csv``)."""
        return _frame(json.loads(self._core.evidence_json()), EVIDENCE_COLUMNS)

    def to_networkx(self):
        """The graph as a networkx ``MultiGraph`` with every attribute of ``graph.json``: links
        are keyed by kind; a typed relation's direction is ``relation_directed`` and its
        source/target order."""
        import networkx as nx

        data = json.loads(json.dumps(self._graph_data()))
        try:
            return nx.node_link_graph(data, edges="links")
        except TypeError:  # networkx < 3.4
            return nx.node_link_graph(data)

    def write(
        self,
        dir: Union[str, os.PathLike],
        formats: Sequence[str] = DEFAULT_FORMATS,
        quiet: bool = True,
    ) -> List[str]:
        """Writes the files ``actornet extract -f FORMATS -o DIR`` writes (``graphml``,
        ``csv``, ``gexf``, ``json``, ``dot``, ``xlsx``, ``html``, ``svg`` or ``all``; by
        default the command line's default, :data:`DEFAULT_FORMATS`), byte for byte, plus
        ``run.json``; all-or-nothing. Returns the paths."""
        if isinstance(formats, str):
            formats = [f for f in formats.split(",") if f]
        return self._core.write(os.fspath(dir), list(formats), bool(quiet))

    def partial(self) -> "Partial":
        """A mergeable, picklable form of this result (see :func:`merge`)."""
        return Partial(self._extractor, self._core)

    def top_links(self, n: int = 5) -> List[tuple]:
        """The ``n`` strongest co-occurrence links as (label, label, weight)."""
        g = self._graph_data()
        label = {x["id"]: x.get("label", x["id"]) for x in g["nodes"]}
        co = [l for l in g["links"] if l["kind"] == "co-occurrence"]
        co.sort(key=lambda l: (-l["weight"], l["source"], l["target"]))
        return [(label[l["source"]], label[l["target"]], l["weight"]) for l in co[:n]]

    def __repr__(self) -> str:
        g = self._graph_data()
        kinds: Dict[str, int] = {}
        for x in g["nodes"]:
            kinds[x["actor_type"]] = kinds.get(x["actor_type"], 0) + 1
        types = ", ".join(f"{v} {k}" for k, v in sorted(kinds.items())) or "none"
        co = sum(1 for l in g["links"] if l["kind"] == "co-occurrence")
        lines = [
            f"<actornet.Result: {self.documents} document(s), {len(g['nodes'])} actors "
            f"({types}), {co} co-occurrence links, {len(g['links']) - co} other links>"
        ]
        for a, b, w in self.top_links():
            lines.append(f"  {a} \u2013 {b}: {w:g}")
        if self.skipped:
            lines.append(f"  {len(self.skipped)} bad document(s) skipped (see .skipped)")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html

        rows = "".join(
            f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td><td>{w:g}</td></tr>"
            for a, b, w in self.top_links(10)
        )
        head = html.escape(self.__repr__().splitlines()[0])
        return f"<p>{head}</p><table><tr><th>actor</th><th>actor</th><th>weight</th></tr>{rows}</table>"


class Partial:
    """A part of a corpus's result, to be combined with :func:`merge`. Pickles as the stream
    form of ``actornet extract --partial -o -`` plus the extractor's options, so it can travel
    from a worker to the driver."""

    def __init__(self, extractor: Extractor, core: Any) -> None:
        self._extractor = extractor
        self._core = core

    @property
    def documents(self) -> int:
        """Number of documents in this part."""
        return self._core.documents

    def to_bytes(self) -> bytes:
        """The stream form (JSON lines), as ``actornet extract --partial -o -`` writes it;
        ``actornet merge -`` reads it."""
        return self._core.to_bytes()

    @staticmethod
    def from_bytes(data: bytes, extractor: Extractor) -> List["Partial"]:
        """The partial results in a stream (one or more concatenated), for ``extractor``."""
        return [Partial(extractor, c) for c in extractor._core.partial_from_bytes(bytes(data))]

    def result(self) -> Result:
        """This part alone as a result."""
        return Result(self._extractor, self._core)

    def __reduce__(self):
        return (_rebuild_partial, (self._extractor._options, self.to_bytes()))

    def __repr__(self) -> str:
        return f"<actornet.Partial: {self.documents} document(s)>"


def _rebuild_partial(options: Dict[str, Any], data: bytes) -> Partial:
    ex = _rebuild_extractor(options)
    parts = Partial.from_bytes(data, ex)
    if len(parts) != 1:
        raise InputError(f"<bytes>: {len(parts)} partial results where one was expected")
    return parts[0]


def merge(parts: Iterable[Union[Partial, Result]]) -> Result:
    """Combines partial results into the one result a single run over all their documents
    gives. The graph (nodes, edges and every graph file) does not depend on the order of the
    parts; the ``mentions`` and ``evidence`` rows, and run.json's lists, follow it, so give the
    parts in document order to get a single run's tables byte for byte. Parts must come from
    extractors with the same gazetteers and window; the first part's extractor finishes the
    graph."""
    parts = [p.partial() if isinstance(p, Result) else p for p in parts]
    if not parts:
        raise UsageError("no partial results given")
    core = _actornet.merge([p._core for p in parts])
    return Result(parts[0]._extractor, core)
