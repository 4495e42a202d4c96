"""Helpers for the reliability tests: running ``communique`` in a subprocess and reading stores."""

from __future__ import annotations

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


def communique_command(*args: str) -> list[str]:
    """The command line running ``communique ARGS`` with this test's Python."""
    return [sys.executable, "-m", "communique.cli", *args]


def run_communique(*args: str, stdin: bytes | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run ``communique ARGS`` to completion in a subprocess (output captured)."""
    return subprocess.run(communique_command(*args), input=stdin, capture_output=True, timeout=timeout,
                          env=dict(os.environ))


def store_rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the store ``db`` (opened read-only), in key order."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {table: con.execute(sql).fetchall() for table, sql in TABLE_QUERIES.items()}
    finally:
        con.close()
