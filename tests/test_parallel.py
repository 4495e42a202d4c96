"""communique code --jobs N: same events as one process; Ctrl-C then a rerun loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from communique.parallel import count_articles
from scale_helpers import EXAMPLES, run_code, stored, write_corpus


def test_count_articles_counts_jsonl_lines_and_gives_up_on_stdin(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 7)
    assert count_articles([str(corpus)]) == 7
    assert count_articles([str(EXAMPLES)]) == len(list(EXAMPLES.glob("*.txt")))
    assert count_articles(["-"]) is None


def test_two_jobs_store_the_same_events_as_one(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 24)
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    assert run_code(corpus, one).returncode == 0
    done = run_code(corpus, two, "--jobs", "2")
    assert done.returncode == 0, done.stderr
    ids, events = stored(two)
    assert len(ids) == 24
    assert events and (ids, events) == stored(one)


def test_interrupted_run_resumes_without_loss_or_duplicates(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 160)
    db = tmp_path / "run.duckdb"
    cmd = [sys.executable, "-m", "communique.cli", "code", str(corpus), "--db", str(db), "--quiet",
           "--jobs", "2", "--batch-size", "4"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wal = Path(f"{db}.wal")
    deadline = time.monotonic() + 300
    schema_size = None  # the WAL holds the schema first, then grows with each committed batch
    while time.monotonic() < deadline and proc.poll() is None:
        size = wal.stat().st_size if wal.exists() else None
        if schema_size is None:
            schema_size = size
        elif size is not None and size > schema_size:
            break
        time.sleep(0.1)
    if proc.poll() is not None:
        pytest.fail(f"the run ended before it could be interrupted: {proc.stderr.read()}")
    os.kill(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    partial, _ = stored(db)
    assert 0 < len(partial) <= 160
    again = run_code(corpus, db, "--jobs", "2")
    assert again.returncode == 0, again.stderr
    reference = tmp_path / "ref.duckdb"
    assert run_code(corpus, reference).returncode == 0
    ids, events = stored(db)
    assert len(ids) == len(set(ids)) == 160
    assert (ids, events) == stored(reference)
