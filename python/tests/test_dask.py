"""A 2,000-document JSONL corpus through a Dask LocalCluster (2 workers, 4 partitions): every
output file equals a single-process run byte for byte (run.json aside)."""

import json

import pytest

import actornet
from conftest import assert_same_files

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
FORMATS = ["graphml", "csv", "gexf", "json", "dot"]


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_bag_on_two_workers_equals_one_process(client, corpus_file, tmp_path, cli):
    import dask.bag as db
    import actornet.dask

    ex = actornet.Extractor(date="2025-01-01")
    lines = corpus_file.read_text(encoding="utf-8").splitlines()
    bag = db.from_sequence(lines, npartitions=4).map(json.loads)
    assert bag.npartitions == 4
    result = actornet.dask.extract(ex, bag)
    assert result.documents == 2000
    result.write(tmp_path / "dask", formats=FORMATS)

    single = ex.extract([json.loads(l) for l in lines])
    single.write(tmp_path / "single", formats=FORMATS)
    assert_same_files(tmp_path / "dask", tmp_path / "single")
    # and the command line over the file writes the same
    cli("extract", corpus_file, "--date", "2025-01-01", "-f", ",".join(FORMATS), "-o", tmp_path / "cli", "-q")
    assert_same_files(tmp_path / "dask", tmp_path / "cli")
    # the work ran in both workers
    assert len(client.scheduler_info()["workers"]) == 2


def test_dataframe_partitions(client, corpus, tmp_path):
    pd = pytest.importorskip("pandas")
    import dask.dataframe as dd
    import actornet.dask

    ex = actornet.Extractor(date="2025-01-01")
    ddf = dd.from_pandas(pd.DataFrame(corpus), npartitions=4)
    assert ddf.npartitions == 4
    actornet.dask.extract(ex, ddf).write(tmp_path / "dask", formats=FORMATS)
    ex.extract(corpus).write(tmp_path / "single", formats=FORMATS)
    assert_same_files(tmp_path / "dask", tmp_path / "single")
