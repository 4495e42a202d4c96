"""Coding on a dask.distributed cluster, one Parquet shard per input partition.

``communique code PATHS --dask tcp://scheduler:8786`` (or ``--dask local:N`` for a local
cluster of N worker processes) splits the input into partitions (:func:`plan_partitions`:
uncompressed JSON Lines files by line-aligned byte ranges, every other file whole), codes each
partition on a worker and writes it as a *shard*: a folder ``<partition>/`` holding
``articles.parquet``, ``sentences.parquet``, ``events.parquet`` and ``mentions.parquet`` with
exactly the columns of the store's tables (``events.event_key`` included). Each worker loads
the spaCy model and the coder once (:class:`CoderPlugin`, a dask ``WorkerPlugin``).

A shard is written under a temporary name (``.<partition>.tmp-<id>``) and renamed when
complete, so a failed or killed partition leaves nothing that :func:`load_shards` would take
as complete. An article that raises is reported (article id, reason) in the partition's
report and the partition goes on. ``communique load SHARDS...`` (:func:`load_shards`) brings
complete shards into a store, skipping articles already there (idempotent). DuckDB can also
query the shards directly, e.g.
``SELECT cameo, count(*) FROM 'shards/*/events.parquet' GROUP BY cameo``.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from communique.models import Article, ReadProblem
from communique.parallel import WorkerConfig, coder_state

PARTITION_BYTES = 4 * 1024 * 1024  # uncompressed JSON Lines are cut into ranges of about this size
SHARD_TABLES = ("articles", "sentences", "events", "mentions")
PLUGIN_NAME = "communique-coder"


@dataclass(frozen=True)
class Partition:
    """A piece of the input: a whole file, or bytes ``start``..``end`` of a JSON Lines file
    (the lines that *start* in that range)."""

    path: str
    start: int = 0
    end: int | None = None

    @property
    def name(self) -> str:
        """A stable shard name: file stem, a hash of the path and the byte range."""
        digest = hashlib.sha1(os.path.abspath(self.path).encode()).hexdigest()[:8]
        stem = Path(self.path).name.split(".")[0] or "input"
        return f"{stem}-{digest}-{self.start:012d}"


@dataclass
class PartitionReport:
    """What one partition did: articles coded, events, problems (article id or line, reason)."""

    partition: str
    shard: str | None = None
    articles: int = 0
    events: int = 0
    problems: list[str] = field(default_factory=list)


# -- planning ------------------------------------------------------------------------------


def _is_plain_jsonl(path: Path, fmt: str) -> bool:
    name = path.name.lower()
    return (fmt == "jsonl" or fmt == "auto") and name.endswith((".jsonl", ".ndjson", ".jsonlines"))


def plan_partitions(paths: Iterable[str], fmt: str = "auto", size: int = PARTITION_BYTES) -> list[Partition]:
    """Partitions of the input files: uncompressed JSON Lines cut into byte ranges of about
    ``size`` bytes, other files (gzipped, text, CSV, HTML) whole. Folders are walked as
    ``communique code`` walks them. Standard input cannot be partitioned (ValueError)."""
    from communique.ingest import SUPPORTED_EXTENSIONS

    out: list[Partition] = []
    for raw in paths:
        if raw == "-":
            raise ValueError("--dask cannot read standard input: give files or folders")
        path = Path(raw)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and not f.name.startswith(".")
                           and not f.name.lower().startswith("readme") and f.name.lower().endswith(SUPPORTED_EXTENSIONS))
        else:
            files = [path]
        for file in files:
            total = file.stat().st_size if file.exists() else 0
            if _is_plain_jsonl(file, fmt) and total > size:
                out.extend(Partition(str(file), start, min(start + size, total)) for start in range(0, total, size))
            else:
                out.append(Partition(str(file)))
    return out


def balanced_size(paths: Iterable[str], fmt: str, workers: int, largest: int = PARTITION_BYTES) -> int:
    """Partition size for ``workers``: at most ``largest``, small enough that a small input
    still gives each worker about four partitions (and at least 64 KB, or ``largest``)."""
    total = 0
    for raw in paths:
        path = Path(raw)
        files = path.rglob("*") if path.is_dir() else [path]
        total += sum(f.stat().st_size for f in files if f.is_file() and _is_plain_jsonl(f, fmt))
    return max(min(64 * 1024, largest), min(largest, total // (workers * 4) + 1))


def read_partition(part: Partition, fmt: str = "auto", field_map: dict | None = None,
                   source: str | None = None) -> Iterator[Article | ReadProblem]:
    """The articles (and read problems) of one partition."""
    from communique.ingest import read_inputs
    from communique.ingest._records import resolve_field_map
    from communique.ingest.jsonl import read_jsonl

    if part.end is None:
        yield from read_inputs([part.path], fmt=fmt, field_map=field_map, source=source)
        return
    data = _line_range(Path(part.path), part.start, part.end)
    origin = f"{part.path} (bytes {part.start}-{part.end})"
    yield from read_jsonl(io.BytesIO(data), origin=origin, source=source or Path(part.path).name,
                          field_map=resolve_field_map(field_map))


def _line_range(path: Path, start: int, end: int) -> bytes:
    """The lines of ``path`` that start at a byte offset in [start, end)."""
    with open(path, "rb") as fh:
        if start > 0:
            fh.seek(start - 1)
            if fh.read(1) != b"\n":
                fh.readline()  # the line that started before ``start`` belongs to the previous range
        chunks = []
        while fh.tell() < end:
            line = fh.readline()
            if not line:
                break
            chunks.append(line)
        return b"".join(chunks)


# -- workers -------------------------------------------------------------------------------


def _plugin_class():
    from distributed.diagnostics.plugin import WorkerPlugin

    class CoderPlugin(WorkerPlugin):
        """Loads the model and the coder once on each worker (``worker.communique``)."""

        name = PLUGIN_NAME

        def __init__(self, config: WorkerConfig):
            self.config = config

        def setup(self, worker) -> None:
            """Called by dask when the plugin is registered and on every new worker."""
            worker.communique = coder_state(self.config)

    return CoderPlugin


def _worker_state(config: WorkerConfig) -> dict:
    """The state the plugin built on this worker (built here if the task runs elsewhere)."""
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):
        worker = None
    state = getattr(worker, "communique", None)
    if state is None:
        state = coder_state(config)
        if worker is not None:
            worker.communique = state
    return state


def code_partition(part: Partition, shard_dir: str, config: WorkerConfig, fmt: str = "auto",
                   field_map: dict | None = None, source: str | None = None) -> PartitionReport:
    """Code one partition and write its shard (the dask task). Never raises for bad input:
    unreadable lines and articles that fail are listed in the report."""
    from communique.pipeline import code_articles

    state = _worker_state(config)
    report = PartitionReport(part.name)
    results = []
    articles = []
    for item in read_partition(part, fmt, field_map, source):
        if isinstance(item, ReadProblem):
            report.problems.append(str(item))
        else:
            articles.append(item)
    for result in code_articles(articles, model=config.model, coder=state["coder"], parser=state["parser"]):
        if result.error:
            report.problems.append(f"{result.article.id}: {result.error}")
            if not result.events:
                continue
        results.append((result.article, result.events, result.mentions))
    report.articles = len(results)
    report.events = sum(len(r[1]) for r in results)
    report.shard = write_shard(results, Path(shard_dir), part.name)
    return report


def write_shard(results: list[tuple], shard_dir: Path, name: str) -> str:
    """Write coded articles as shard ``shard_dir/name`` (one Parquet file per store table),
    built in a temporary folder and renamed when complete. Returns the shard's path."""
    from communique.store import Store

    shard_dir.mkdir(parents=True, exist_ok=True)
    final = shard_dir / name
    tmp = shard_dir / f".{name}.tmp-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        with tempfile.TemporaryDirectory(prefix="communique-shard-") as scratch:
            db = Path(scratch) / "shard.duckdb"
            with Store(db) as store:
                store.add_batch(results)
            con = duckdb.connect(str(db), read_only=True)
            try:
                for table in SHARD_TABLES:
                    target = str(tmp / f"{table}.parquet").replace("'", "''")
                    con.execute(f"COPY (SELECT * FROM {table}) TO '{target}' (FORMAT PARQUET)")
            finally:
                con.close()
        if final.exists():  # a rerun of the same partition replaces its shard
            shutil.rmtree(final)
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return str(final)


# -- the driver ----------------------------------------------------------------------------


def dask_client(address: str):
    """A ``distributed.Client`` for ``address``: ``local:N`` starts a local cluster of N worker
    processes (one thread each); anything else is a scheduler address."""
    from distributed import Client, LocalCluster

    if address.startswith("local"):
        _, _, count = address.partition(":")
        workers = int(count) if count else (os.cpu_count() or 1)
        if workers < 1:
            raise ValueError(f"--dask {address}: the number of local workers must be at least 1")
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=40)
        return Client(cluster)
    return Client(address)


def code_on_dask(client, paths: Iterable[str], shard_dir: Path, config: WorkerConfig, fmt: str = "auto",
                 field_map: dict | None = None, source: str | None = None,
                 partition_bytes: int = PARTITION_BYTES) -> Iterator[PartitionReport]:
    """Code ``paths`` on the cluster of ``client``, one shard per partition; yields each
    partition's report as it completes. A partition whose task fails (its worker died, or an
    error outside any article) is reported with the reason and no shard."""
    from distributed import as_completed

    client.register_plugin(_plugin_class()(config), name=PLUGIN_NAME)
    paths = list(paths)
    workers = max(len(client.scheduler_info().get("workers", {})), 1)
    parts = plan_partitions(paths, fmt, balanced_size(paths, fmt, workers, partition_bytes))
    futures = {client.submit(code_partition, part, str(shard_dir), config, fmt, field_map, source,
                             key=f"communique-{part.name}", pure=False): part for part in parts}
    for future in as_completed(futures):
        part = futures[future]
        try:
            yield future.result()
        except Exception as exc:  # the partition failed as a whole: report it, the rest goes on
            yield PartitionReport(part.name, problems=[f"{part.path}: partition failed: {type(exc).__name__}: {exc}"])


# -- loading -------------------------------------------------------------------------------


@dataclass
class LoadResult:
    """Counts of a ``load``: shards read, articles added or already present, events added."""

    shards: int = 0
    articles_added: int = 0
    articles_skipped: int = 0
    events_added: int = 0
    problems: list[str] = field(default_factory=list)


def complete_shards(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Complete shard folders among ``paths`` (shards, or folders of shards), and a problem for
    each path that is not one (temporary folders of unfinished partitions are passed over)."""
    shards: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        if _is_shard(path):
            shards.append(path)
        elif path.is_dir():
            found = sorted(p for p in path.iterdir() if not p.name.startswith(".") and _is_shard(p))
            if not found:
                problems.append(f"{path}: no complete shard in this folder")
            shards.extend(found)
        else:
            problems.append(f"{path}: not a shard folder (expected {', '.join(t + '.parquet' for t in SHARD_TABLES)})")
    return shards, problems


def _is_shard(path: Path) -> bool:
    return path.is_dir() and ".tmp-" not in path.name and all((path / f"{t}.parquet").is_file() for t in SHARD_TABLES)


def load_shards(db: str | Path, paths: Iterable[str | Path]) -> LoadResult:
    """Bring complete shards into the store at ``db`` (created if needed), one transaction per
    shard; articles already stored are skipped with their events and mentions, so loading
    twice adds nothing. Raises :class:`~communique.store.StoreError` if the store cannot be
    opened."""
    from communique.store import Store

    shards, problems = complete_shards(paths)
    result = LoadResult(problems=problems)
    with Store(db):  # creates or migrates the schema
        pass
    con = duckdb.connect(str(db))
    try:
        for shard in shards:
            try:
                added, skipped, events = _load_shard(con, shard)
            except duckdb.Error as exc:
                result.problems.append(f"{shard}: not loaded: {exc}")
                continue
            result.shards += 1
            result.articles_added += added
            result.articles_skipped += skipped
            result.events_added += events
    finally:
        con.close()
    return result


def _load_shard(con: duckdb.DuckDBPyConnection, shard: Path) -> tuple[int, int, int]:
    files = {t: str(shard / f"{t}.parquet").replace("'", "''") for t in SHARD_TABLES}
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE shard_new_ids AS SELECT DISTINCT id FROM "
                    f"read_parquet('{files['articles']}') WHERE id NOT IN (SELECT id FROM articles)")
        added = con.execute("SELECT count(*) FROM shard_new_ids").fetchone()[0]
        total = con.execute(f"SELECT count(*) FROM read_parquet('{files['articles']}')").fetchone()[0]
        con.execute(f"INSERT INTO articles BY NAME SELECT * FROM read_parquet('{files['articles']}') "
                    "WHERE id IN (SELECT id FROM shard_new_ids)")
        before = con.execute("SELECT count(*) FROM events").fetchone()[0]
        for table in ("sentences", "events", "mentions"):
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet('{files[table]}') "
                        "WHERE article_id IN (SELECT id FROM shard_new_ids)")
        events = con.execute("SELECT count(*) FROM events").fetchone()[0] - before
        con.execute("DROP TABLE shard_new_ids")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return added, total - added, events


# -- command-line entry points (registered in cli.py) --------------------------------------


def run_dask_command(paths: list[str], db: Path, address: str, shards: Path | None, fmt: str,
                     field_map: dict | None, source: str | None, model: str | None, actors, fast_path: bool,
                     quiet: bool) -> None:
    """``communique code --dask``: code on the cluster, write shards, load them into ``db``.
    Exits 1 if any partition or article had a problem (each one printed), 2 on bad usage."""
    import typer

    from communique.cli import EXIT_PARTIAL, EXIT_STORE, EXIT_USAGE, console
    from communique.store import StoreError

    shard_dir = shards or Path(f"{db}.shards")
    config = WorkerConfig(model, tuple(str(p) for p in actors or ()), fast_path)
    try:
        client = dask_client(address)
    except (ValueError, OSError) as exc:
        console.print(f"[red]error:[/] --dask {address}: {exc}")
        raise typer.Exit(EXIT_USAGE)
    problems: list[str] = []
    articles = events = 0
    try:
        for report in code_on_dask(client, paths, shard_dir, config, fmt, field_map, source):
            articles += report.articles
            events += report.events
            for problem in report.problems:
                problems.append(problem)
                console.print(f"[yellow]warning:[/] {problem}", highlight=False)
            if not quiet:
                console.print(f"partition {report.partition}: {report.articles} articles, {report.events} events",
                              highlight=False)
    except ValueError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(EXIT_USAGE)
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None and address.startswith("local"):
            cluster.close()
    try:
        loaded = load_shards(db, [shard_dir])
    except StoreError as exc:
        console.print(f"[red]error:[/] {db}: {exc}")
        raise typer.Exit(EXIT_STORE)
    if not quiet:
        console.print(f"coded {articles} articles ({events} events) into shards in {shard_dir}; "
                      f"loaded {loaded.articles_added} new articles and {loaded.events_added} events into {db}")
    if problems:
        raise typer.Exit(EXIT_PARTIAL)


def run_load_command(db: Path, paths: list[str]) -> None:
    """``communique load SHARDS...``: bring shards into the store; exit 1 if some path was not
    a complete shard or could not be loaded (each one printed)."""
    import typer

    from communique.cli import EXIT_PARTIAL, EXIT_STORE, console, out
    from communique.store import StoreError

    try:
        result = load_shards(db, paths)
    except StoreError as exc:
        console.print(f"[red]error:[/] {db}: {exc}")
        raise typer.Exit(EXIT_STORE)
    for problem in result.problems:
        console.print(f"[yellow]warning:[/] {problem}", highlight=False)
    out.print(f"{result.shards} shards: {result.articles_added} articles added, {result.articles_skipped} already "
              f"stored, {result.events_added} events added")
    if result.problems:
        raise typer.Exit(EXIT_PARTIAL)
