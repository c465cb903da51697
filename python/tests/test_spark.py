"""The README's Spark recipe on a 2,000-document JSONL corpus with Spark local[2] and 4
partitions: every output file equals a single-process run byte for byte (run.json aside)."""

import json
import os
import sys

import pytest

import actornet
from conftest import assert_same_files

pyspark = pytest.importorskip("pyspark")
FORMATS = ["graphml", "csv", "gexf", "json", "dot"]


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    s = (
        SparkSession.builder.master("local[2]")
        .appName("actornet-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    yield s
    s.stop()


def extract_partition(options):
    """The recipe's worker function: one partial per partition, as bytes."""

    def run(rows):
        ex = actornet.Extractor(**options)
        docs = [r if isinstance(r, dict) else r.asDict() for r in rows]
        yield ex.extract(docs).partial().to_bytes()

    return run


def test_map_partitions_equals_one_process(spark, corpus_file, tmp_path):
    options = {"date": "2025-01-01"}
    ex = actornet.Extractor(**options)
    lines = corpus_file.read_text(encoding="utf-8").splitlines()
    rdd = spark.sparkContext.parallelize(lines, 4).map(json.loads)
    assert rdd.getNumPartitions() == 4
    blobs = rdd.mapPartitions(extract_partition(options)).collect()
    assert len(blobs) == 4
    parts = [p for b in blobs for p in actornet.Partial.from_bytes(b, ex)]
    merged = actornet.merge(parts)
    assert merged.documents == 2000
    merged.write(tmp_path / "spark", formats=FORMATS)
    ex.extract([json.loads(l) for l in lines]).write(tmp_path / "single", formats=FORMATS)
    assert_same_files(tmp_path / "spark", tmp_path / "single")


def test_map_in_pandas_graph_equals_one_process(spark, corpus, tmp_path):
    pytest.importorskip("pandas")
    import pandas as pd

    options = {"date": "2025-01-01"}
    ex = actornet.Extractor(**options)
    df = spark.createDataFrame(pd.DataFrame(corpus)).repartition(4)

    def to_partials(frames):
        worker = actornet.Extractor(**options)
        for pdf in frames:
            yield pd.DataFrame({"partial": [worker.extract(pdf).partial().to_bytes()]})

    blobs = [r.partial for r in df.mapInPandas(to_partials, "partial binary").collect()]
    merged = actornet.merge([p for b in blobs for p in actornet.Partial.from_bytes(b, ex)])
    assert merged.documents == 2000
    merged.write(tmp_path / "spark", formats=FORMATS)
    ex.extract(corpus).write(tmp_path / "single", formats=FORMATS)
    # repartition shuffles rows: the graph files are equal, the row tables hold the same rows
    for name in ("nodes.csv", "edges.csv", "graph.graphml", "graph.gexf", "graph.json", "graph.dot"):
        assert (tmp_path / "spark" / name).read_bytes() == (tmp_path / "single" / name).read_bytes(), name
    a = sorted((tmp_path / "spark" / "mentions.csv").read_bytes().splitlines())
    b = sorted((tmp_path / "single" / "mentions.csv").read_bytes().splitlines())
    assert a == b
