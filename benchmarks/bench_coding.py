"""Throughput benchmark: code N articles from ../shared/corpora and report speed and memory.

Usage::

    python benchmarks/bench_coding.py [--corpus reuters21578] [-n 500] [--write]

Prints articles/s, words/s, events/s and peak memory (max RSS) of this process; with
``--write`` the result is appended to BENCHMARKS.md. The corpora are research-only data beside
the project (``../shared/corpora``); the benchmark says so and exits when they are absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import itertools
import json
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


def run(corpus: str, n: int) -> dict:
    """Code ``n`` articles of ``corpus``; returns the measurements."""
    from communique.nlp import get_nlp
    from communique.pipeline import code_articles

    get_nlp()  # model load is not part of the throughput
    articles = list(load_articles(corpus, n))
    words = sum(len(a.text.split()) for a in articles)
    start = time.perf_counter()
    events = 0
    for result in code_articles(articles):
        events += len(result.events)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "corpus": corpus, "articles": len(articles), "words": words, "events": events, "seconds": elapsed,
        "articles_per_s": len(articles) / elapsed, "words_per_s": words / elapsed, "events_per_s": events / elapsed,
        "peak_rss_mb": peak_mb,
    }


def markdown_row(r: dict) -> str:
    """One BENCHMARKS.md table row."""
    return (f"| {dt.date.today()} | {r['corpus']} | {r['articles']} | {r['words']:,} | {r['events']} | "
            f"{r['seconds']:.1f} | {r['articles_per_s']:.1f} | {r['words_per_s']:,.0f} | {r['events_per_s']:.1f} | "
            f"{r['peak_rss_mb']:.0f} | 1 process, {platform.machine()} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="reuters21578", choices=["reuters21578", "ungdc", "guardian_sdf_sample"])
    parser.add_argument("-n", type=int, default=500, help="number of articles")
    parser.add_argument("--write", action="store_true", help="append the result to BENCHMARKS.md")
    args = parser.parse_args()
    if not (CORPORA / f"{args.corpus}.jsonl.gz").exists():
        print(f"skipped: {CORPORA} is not present (the corpora live beside the project, not in it)")
        return 0
    result = run(args.corpus, args.n)
    print(json.dumps(result, indent=2))
    if args.write:
        with open(ROOT / "BENCHMARKS.md", "a", encoding="utf-8") as fh:
            fh.write(markdown_row(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
