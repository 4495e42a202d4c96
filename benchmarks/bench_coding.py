"""Throughput benchmark: code N articles from ../shared/corpora and report speed and memory.

Usage::

    python benchmarks/bench_coding.py [--corpus reuters21578] [-n 500] [--jobs N | --dask local:N]
                                      [--no-fast-path] [--write]

Prints articles/s, words/s, events/s and peak memory (max RSS) per process (this one, and the
largest worker with ``--jobs``/``--dask``); with ``--write`` the result is appended to
BENCHMARKS.md. Model loading is excluded for one process; with workers, ``seconds`` runs from
the first result to the last (workers loading their model are not counted) and
``total_seconds`` includes start-up. The corpora are research-only data beside
the project (``../shared/corpora``); the benchmark says so and exits when they are absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import itertools
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"


def load_articles(corpus: str, n: int):
    """The first ``n`` articles of a corpus as communique Articles."""
    from communique.models import Article

    path = CORPORA / f"{corpus}.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, n):
            rec = json.loads(line)
            date = dt.date.fromisoformat(rec["date"]) if rec.get("date") else None
            yield Article(id=rec["id"], text=rec["text"], source=rec.get("source", corpus), title=rec.get("title"), date=date)


def run(corpus: str, n: int, jobs: int = 1, dask: str | None = None, fast_path: bool = True) -> dict:
    """Code ``n`` articles of ``corpus`` (in this process, ``jobs`` workers or on a dask
    cluster); returns the measurements."""
    from communique.nlp import get_nlp

    articles = list(load_articles(corpus, n))
    words = sum(len(a.text.split()) for a in articles)
    if dask:
        timing = _run_dask(articles, dask, fast_path)
        setup = f"dask {dask}"
    elif jobs > 1:
        timing = _run_processes(articles, jobs, fast_path)
        setup = f"{jobs} processes"
    else:
        get_nlp()  # model load is not part of the throughput
        timing = _run_here(articles, fast_path)
        setup = "1 process"
    setup += ", fast path" if fast_path else ", parse everything"
    elapsed = timing["seconds"]
    return {
        "corpus": corpus, "articles": len(articles), "words": words, **timing, "setup": setup,
        "articles_per_s": len(articles) / elapsed, "words_per_s": words / elapsed,
        "events_per_s": timing["events"] / elapsed,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "load_average": os.getloadavg()[0],
    }


def _run_here(articles, fast_path: bool) -> dict:
    from communique.pipeline import code_articles

    start, cpu = time.perf_counter(), time.process_time()
    events = sum(len(r.events) for r in code_articles(articles, fast_path=fast_path))
    elapsed = time.perf_counter() - start
    return {"events": events, "seconds": elapsed, "total_seconds": elapsed, "worker_peak_rss_mb": None,
            "cpu_seconds": time.process_time() - cpu}


def _run_processes(articles, jobs: int, fast_path: bool) -> dict:
    from communique.parallel import WorkerConfig, code_in_processes

    start = time.perf_counter()
    first = None
    events = 0
    results = code_in_processes(articles, jobs, WorkerConfig(fast_path=fast_path))
    for i, result in enumerate(results):
        if first is None:
            first, first_count = time.perf_counter(), i
        events += len(result.events)
    end = time.perf_counter()
    results.close()  # workers joined: their peak memory is in RUSAGE_CHILDREN
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    worker_mb = children.ru_maxrss / 1024
    # the first results arrive once every worker is up: time from there, scaled to all articles
    steady = (end - first) * len(articles) / max(len(articles) - first_count - 1, 1)
    return {"events": events, "seconds": steady, "total_seconds": end - start, "worker_peak_rss_mb": worker_mb,
            "cpu_seconds": children.ru_utime + children.ru_stime}  # workers, model loading included


def _run_dask(articles, address: str, fast_path: bool) -> dict:
    import json as _json
    import tempfile

    from communique.distributed import code_on_dask, dask_client
    from communique.parallel import WorkerConfig

    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with open(corpus, "w", encoding="utf-8") as fh:
            for a in articles:
                fh.write(_json.dumps({"id": a.id, "text": a.text, "date": a.date.isoformat() if a.date else None,
                                      "title": a.title, "source": a.source}) + "\n")
        client = dask_client(address)
        try:
            client.run(_load_model)  # model loading is not part of the throughput
            start = time.perf_counter()
            events = sum(r.events for r in code_on_dask(client, [str(corpus)], Path(tmp) / "shards",
                                                        WorkerConfig(fast_path=fast_path)))
            elapsed = time.perf_counter() - start
            worker_mb = max(client.run(_peak_rss_mb).values())
        finally:
            client.close()
            if getattr(client, "cluster", None) is not None:
                client.cluster.close()
    return {"events": events, "seconds": elapsed, "total_seconds": elapsed, "worker_peak_rss_mb": worker_mb}


def _load_model() -> None:
    from communique.nlp import get_nlp

    get_nlp()


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def markdown_row(r: dict) -> str:
    """One BENCHMARKS.md table row."""
    return (f"| {dt.date.today()} | {r['corpus']} | {r['articles']} | {r['words']:,} | {r['events']} | "
            f"{r['seconds']:.1f} | {r['articles_per_s']:.1f} | {r['words_per_s']:,.0f} | {r['events_per_s']:.1f} | "
            f"{_memory(r)} | {r['setup']}, {platform.machine()}{_load(r)} |")


def _load(r: dict) -> str:
    text = f", load average {r['load_average']:.1f}" if "load_average" in r else ""
    if r.get("cpu_seconds"):
        text += f", {r['cpu_seconds']:.1f} CPU s ({r['articles'] / r['cpu_seconds']:.1f} articles per CPU s)"
    return text


def _memory(r: dict) -> str:
    if r.get("worker_peak_rss_mb") is None:
        return f"{r['peak_rss_mb']:.0f}"
    return f"{r['worker_peak_rss_mb']:.0f} per worker ({r['peak_rss_mb']:.0f} parent)"


def corpus_arguments(doc: str, default_n: int, add=None) -> argparse.Namespace | None:
    """Parse the benchmark options every script shares (--corpus, -n, --write, and those
    ``add(parser)`` adds); ``None`` (after saying so) when the corpus is absent."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--corpus", default="reuters21578", choices=["reuters21578", "ungdc", "guardian_sdf_sample"])
    parser.add_argument("-n", type=int, default=default_n, help="number of articles")
    parser.add_argument("--write", action="store_true", help="append the result to BENCHMARKS.md")
    if add is not None:
        add(parser)
    args = parser.parse_args()
    if not (CORPORA / f"{args.corpus}.jsonl.gz").exists():
        print(f"skipped: {CORPORA} is not present (the corpora live beside the project, not in it)")
        return None
    return args


def _scale_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (communique code --jobs)")
    parser.add_argument("--dask", help="a dask cluster: local:N or a scheduler address")
    parser.add_argument("--no-fast-path", action="store_true", help="parse every sentence")


def main() -> int:
    args = corpus_arguments(__doc__, 500, _scale_options)
    if args is None:
        return 0
    result = run(args.corpus, args.n, args.jobs, args.dask, not args.no_fast_path)
    print(json.dumps(result, indent=2))
    if args.write:
        with open(ROOT / "BENCHMARKS.md", "a", encoding="utf-8") as fh:
            fh.write(markdown_row(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
