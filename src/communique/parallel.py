"""Coding with several local processes (``communique code --jobs N``).

:func:`code_in_processes` sends chunks of articles to N worker processes (``spawn``; each
loads the spaCy model and the coder once, in :func:`_init_worker`) and yields their
:class:`~communique.pipeline.CodedArticle` results as they complete. At most
``jobs * IN_FLIGHT_PER_JOB`` chunks are in flight, so memory stays bounded whatever the
input size; the caller (``cli.run_coding``) skips already stored articles before they are
sent and writes results in transactional batches.

Workers ignore SIGINT: Ctrl-C reaches the parent only, which stops reading input, terminates
the workers and commits what it has. A worker that dies (killed, out of memory) breaks the
pool: the articles it may have held are retried one at a time in a new pool, and an article
that kills a worker again is reported as failed (article id, reason); the run goes on.
"""

from __future__ import annotations

import itertools
import multiprocessing
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from communique.models import Article
from communique.pipeline import CodedArticle

CHUNK_SIZE = 32  # articles per task: large enough to batch the parser (the fast path gains from it), small enough to balance
IN_FLIGHT_PER_JOB = 3

_worker: dict = {}


@dataclass(frozen=True)
class WorkerConfig:
    """What each worker process needs to build its coder (sent once, at start-up)."""

    model: str | None = None
    actor_paths: tuple[str, ...] = ()
    fast_path: bool = True


def coder_state(config: WorkerConfig) -> dict:
    """Model, coder and sentence parser for ``config``, built once per worker process (user
    actor file problems are reported by the parent, which reads the files too)."""
    from communique.events.coder import EventCoder
    from communique.nlp import get_nlp
    from communique.pipeline import article_parser

    extra = None
    if config.actor_paths:
        from communique.actors.extensions import load_actor_files

        extra, _problems = load_actor_files([Path(p) for p in config.actor_paths])
    get_nlp(config.model)
    coder = EventCoder(extra_actors=extra)
    return {"config": config, "coder": coder, "parser": article_parser(coder, config.model, config.fast_path)}


def _init_worker(config: WorkerConfig) -> None:
    """Worker start-up: ignore Ctrl-C (the parent decides), load the model and coder once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker.update(coder_state(config))


def _code_chunk(articles: list[Article]) -> list[CodedArticle]:
    """Code one chunk in a worker (the pool's task function)."""
    from communique.pipeline import code_articles

    config: WorkerConfig = _worker["config"]
    return list(code_articles(articles, model=config.model, coder=_worker["coder"], parser=_worker["parser"]))


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _new_pool(jobs: int, config: WorkerConfig) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(config,))


def terminate_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: pending tasks cancelled, worker processes terminated and joined."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


def code_in_processes(articles: Iterable[Article], jobs: int, config: WorkerConfig | None = None,
                      chunk_size: int = CHUNK_SIZE) -> Iterator[CodedArticle]:
    """Code ``articles`` with ``jobs`` worker processes; yields results in completion order.

    Input is read lazily with a bounded number of chunks in flight. Closing the generator
    (or an exception such as KeyboardInterrupt in it) terminates the workers.
    """
    config = config or WorkerConfig()
    pool = _new_pool(jobs, config)
    pending: dict[Future, list[Article]] = {}
    suspects: list[list[Article]] = []  # chunks in flight when a worker died: retried one by one
    chunks = _chunks(articles, chunk_size)
    exhausted = False
    try:
        while True:
            limit = 1 if suspects else jobs * IN_FLIGHT_PER_JOB
            while len(pending) < limit:
                chunk = suspects.pop() if suspects else (None if exhausted else next(chunks, None))
                if chunk is None:
                    exhausted = True
                    break
                pending[pool.submit(_code_chunk, chunk)] = chunk
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken: list[list[Article]] = []
            for future in done:
                chunk = pending.pop(future)
                try:
                    results = future.result()
                except BrokenProcessPool:
                    broken.append(chunk)
                    continue
                except Exception as exc:  # e.g. an article that cannot be sent to a worker
                    results = [CodedArticle(a, error=f"coding failed in a worker: {type(exc).__name__}: {exc}")
                               for a in chunk]
                yield from results
            if broken:
                broken.extend(pending.values())
                pending.clear()
                terminate_pool(pool)
                pool = _new_pool(jobs, config)
                if len(broken) == 1 and len(broken[0]) == 1 and limit == 1:
                    article = broken[0][0]
                    yield CodedArticle(article, error="a worker process died while coding this article")
                else:
                    suspects.extend([a] for chunk in broken for a in chunk)
    finally:
        terminate_pool(pool)


def code_stream(articles: Iterable[Article], jobs: int, config: WorkerConfig, coder=None,
                batch_size: int | None = None) -> Iterator[CodedArticle]:
    """Code ``articles`` in this process (``jobs == 1``, with ``coder``, parsing ``batch_size``
    articles at a time: by default :data:`~communique.fastpath.ARTICLE_BATCH`) or in ``jobs``
    workers. The returned generator's ``close()`` stops the workers."""
    if jobs > 1:
        return code_in_processes(articles, jobs, config)
    from communique.fastpath import ARTICLE_BATCH
    from communique.pipeline import code_articles

    return code_articles(articles, model=config.model, coder=coder, fast_path=config.fast_path,
                         batch_size=batch_size or ARTICLE_BATCH)


def count_articles(paths: Iterable[str], fmt: str = "auto") -> int | None:
    """How many articles ``paths`` hold, counted cheaply (lines of JSON Lines files, one per
    text or HTML file), for the progress bar's ETA; ``None`` when it cannot be known cheaply
    (standard input, CSV with possible multi-line fields, unreadable paths)."""
    from communique.ingest import SUPPORTED_EXTENSIONS

    total = 0
    for raw in paths:
        if raw == "-":
            return None
        path = Path(raw)
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        for file in files:
            name = file.name.lower()
            ending = next((e for e in sorted(SUPPORTED_EXTENSIONS, key=len, reverse=True) if name.endswith(e)), None)
            if path.is_dir() and (ending is None or name.startswith((".", "readme"))):
                continue
            kind = fmt if fmt != "auto" else (ending or "")
            count = _count_file(file, kind)
            if count is None:
                return None
            total += count
    return total


def _count_file(file: Path, kind: str) -> int | None:
    if kind in ("text", ".txt", ".text", ".md", "html", ".html", ".htm"):
        return 1
    if "jsonl" in kind or "ndjson" in kind or "jsonlines" in kind:
        import gzip

        try:
            opener = gzip.open if file.name.lower().endswith(".gz") else open
            with opener(file, "rb") as fh:
                return sum(1 for line in fh if line.strip())
        except OSError:
            return None
    return None
