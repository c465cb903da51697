"""Running actornet on a Dask cluster: each partition of documents is extracted in a worker,
and the parts are merged in partition order on the client, so the result (and every file it
writes) equals a single-process run over the same documents in the same order.

Example::

    import dask.bag as db
    from dask.distributed import Client, LocalCluster
    import actornet, actornet.dask

    client = Client(LocalCluster(n_workers=2, threads_per_worker=1))
    docs = db.read_text("corpus/*.jsonl").map(json.loads)
    result = actornet.dask.extract(actornet.Extractor(date="2025-03-14"), docs)
    result.write("out", formats=["gexf", "csv"])

Documents need ids (an ``id`` field) for the result to equal a single run: a document without
one is named by its position in its partition.
"""

from __future__ import annotations

from typing import Any, List

from . import Extractor, Partial, Result, merge

__all__ = ["extract", "extract_partitions"]


def _extract_partition(extractor: Extractor, docs: Any) -> Partial:
    return extractor.extract(docs).partial()


def extract_partitions(extractor: Extractor, collection: Any) -> List[Any]:
    """One delayed :class:`actornet.Partial` per partition of a Dask bag of documents (strings
    or dicts) or of a Dask DataFrame (one row per document; its ``text``, ``id``, ``date``,
    ``title`` and ``url`` columns), in partition order."""
    import dask

    extract_one = dask.delayed(_extract_partition, pure=True)
    return [extract_one(extractor, part) for part in collection.to_delayed()]


def extract(extractor: Extractor, collection: Any, **compute: Any) -> Result:
    """Extracts a Dask bag or DataFrame of documents in the cluster's workers and merges the
    parts on the client (keyword arguments go to ``dask.compute``)."""
    import dask

    parts = dask.compute(*extract_partitions(extractor, collection), **compute)
    return merge(list(parts))
