"""Distributed coding: partitions, shards written whole or not at all, idempotent load, and a
2-worker local dask cluster giving the events of a single-process run."""

from __future__ import annotations

import pytest

from communique.distributed import (SHARD_TABLES, Partition, code_on_dask, complete_shards, load_shards,
                                    plan_partitions, read_partition, write_shard)
from communique.models import Article
from communique.parallel import WorkerConfig
from communique.pipeline import code_articles
from communique.store import Store
from scale_helpers import stored, write_corpus


def test_byte_range_partitions_read_every_line_once(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 30)
    parts = plan_partitions([str(corpus)], size=2000)
    assert len(parts) > 3 and all(p.end is not None for p in parts)
    ids = [a.id for p in parts for a in read_partition(p)]
    assert ids == [f"art-{i:04d}" for i in range(30)]


def test_bad_lines_are_reported_and_the_partition_goes_on(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "Cuba thanked Vietnam."}\nnot json\n{"id": "b", "text": "x"}\n')
    items = list(read_partition(Partition(str(path), 0, path.stat().st_size)))
    assert [getattr(i, "id", None) for i in items if isinstance(i, Article)] == ["a", "b"]
    assert any("bad.jsonl" in str(i) for i in items if not isinstance(i, Article))


def coded(articles):
    return [(r.article, r.events, r.mentions) for r in code_articles(articles)]


def test_failed_shard_leaves_nothing_complete(tmp_path, monkeypatch):
    articles = [Article(id="a1", text="Cuba thanked Vietnam for its help.", source="t")]
    results = coded(articles)

    def broken_add(self, items):
        raise OSError("disk full")

    monkeypatch.setattr(Store, "add_batch", broken_add)
    with pytest.raises(OSError):
        write_shard(results, tmp_path / "shards", "p1")
    assert complete_shards([tmp_path / "shards"])[0] == []
    assert list((tmp_path / "shards").iterdir()) == []


def test_load_is_idempotent_and_keeps_store_columns(tmp_path):
    articles = [Article(id=f"a{i}", text=t, source="t") for i, t in enumerate(
        ["Cuba thanked Vietnam for its help.", "Russia condemned the attack on Ukraine.", "Nothing here."])]
    results = coded(articles)
    shard = write_shard(results, tmp_path / "shards", "p1")
    assert all((tmp_path / "shards" / "p1" / f"{t}.parquet").exists() for t in SHARD_TABLES)
    direct = tmp_path / "direct.duckdb"
    with Store(direct) as store:
        store.add_batch(results)
    first = load_shards(tmp_path / "loaded.duckdb", [shard])
    assert (first.shards, first.articles_added, first.events_added) == (1, 3, sum(len(r[1]) for r in results))
    second = load_shards(tmp_path / "loaded.duckdb", [tmp_path / "shards"])
    assert (second.articles_added, second.articles_skipped, second.events_added) == (0, 3, 0)
    assert stored(tmp_path / "loaded.duckdb") == stored(direct)
    with Store(tmp_path / "loaded.duckdb", read_only=True) as a, Store(direct, read_only=True) as b:
        assert a.unique_events() == b.unique_events()
        assert a.mentions() == b.mentions()


def test_load_reports_paths_that_are_not_shards(tmp_path):
    (tmp_path / "empty").mkdir()
    result = load_shards(tmp_path / "s.duckdb", [tmp_path / "empty", tmp_path / "missing"])
    assert result.shards == 0 and len(result.problems) == 2


def test_two_worker_local_cluster_gives_the_single_process_events(tmp_path):
    distributed = pytest.importorskip("distributed")
    corpus = write_corpus(tmp_path / "c.jsonl", 16)
    single = tmp_path / "single.duckdb"
    with Store(single) as store:
        store.add_batch(coded([a for a in read_partition(Partition(str(corpus))) if isinstance(a, Article)]))
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                       silence_logs=40)
    try:
        with distributed.Client(cluster) as client:
            reports = list(code_on_dask(client, [str(corpus)], tmp_path / "shards", WorkerConfig(),
                                        partition_bytes=1500))
    finally:
        cluster.close()
    assert len(reports) > 1 and not any(r.problems for r in reports)
    loaded = load_shards(tmp_path / "dask.duckdb", [tmp_path / "shards"])
    assert loaded.articles_added == 16
    assert stored(tmp_path / "dask.duckdb") == stored(single)
