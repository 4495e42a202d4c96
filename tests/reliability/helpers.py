"""Helpers for the reliability tests: running ``communique`` in a subprocess and reading stores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb

# Every table of a store, ordered by its key; ``added_at`` is the time of the run, not data.
TABLE_QUERIES = {
    "articles": "SELECT * EXCLUDE (added_at) FROM articles ORDER BY id",
    "sentences": "SELECT * FROM sentences ORDER BY article_id, sentence_index",
    "events": "SELECT * FROM events ORDER BY id",
    "mentions": "SELECT * FROM mentions ORDER BY article_id, start, end_",
}


def subprocess_env() -> dict[str, str]:
    """This environment, with a wide terminal so that report lines are never wrapped."""
    return {**os.environ, "COLUMNS": "1000"}


def communique_command(*args: str) -> list[str]:
    """The command line running ``communique ARGS`` with this test's Python."""
    return [sys.executable, "-m", "communique.cli", *args]


def run_communique(*args: str, stdin: bytes | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run ``communique ARGS`` to completion in a subprocess (output captured)."""
    return subprocess.run(communique_command(*args), input=stdin, capture_output=True, timeout=timeout,
                          env=subprocess_env())


def store_rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the store ``db`` (opened read-only), in key order."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {table: con.execute(sql).fetchall() for table, sql in TABLE_QUERIES.items()}
    finally:
        con.close()


_MEASURE = """
import json, resource, subprocess, sys
completed = subprocess.run(sys.argv[2:])
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(sys.argv[1], "w") as fh:
    json.dump({"returncode": completed.returncode, "peak_rss_mb": peak_kb / 1024}, fh)
"""


def run_measured(command: list[str], report: Path, *, stdin: bytes | None = None,
                 timeout: float = 1800) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``command`` under a small wrapper process and return its outcome and peak RSS in MB.

    The wrapper reads ``resource.getrusage(RUSAGE_CHILDREN)`` after its only child ended, so the
    figure is that command's own peak resident memory. ``report`` is a scratch file.
    """
    completed = subprocess.run([sys.executable, "-c", _MEASURE, str(report), *command], input=stdin,
                               capture_output=True, timeout=timeout, env=subprocess_env())
    figures = json.loads(report.read_text())
    completed.returncode = figures["returncode"]
    return completed, figures["peak_rss_mb"]


READ_ONLY_SCRIPT = """
import json, sys, time
from communique.ingest import read_inputs
from communique.models import ReadProblem
start = time.perf_counter()
articles = problems = chars = 0
for item in read_inputs(sys.argv[1:]):
    if isinstance(item, ReadProblem):
        problems += 1
        print(item, file=sys.stderr)
    else:
        articles += 1
        chars += len(item.text)
print(json.dumps({"articles": articles, "problems": problems, "chars": chars,
                  "seconds": time.perf_counter() - start}))
"""
"""A script reading its arguments with ``read_inputs``, keeping nothing: prints counts as JSON."""


def reader_command(*paths: Path) -> list[str]:
    """The command line reading ``paths`` with :data:`READ_ONLY_SCRIPT`."""
    return [sys.executable, "-c", READ_ONLY_SCRIPT, *map(str, paths)]
