"""Crash safety (issue 7): ``communique code`` killed with SIGKILL, then rerun, ends with exactly
the store of an uninterrupted run: the same articles, sentences, events and mentions, none lost
and none twice.

The corpus goes through standard input, so the test decides what the run has seen. The first
kill comes while the first batch is still being read (nothing can be committed yet). For the
next ones the test feeds articles a few at a time, with standard input left open so the run
cannot finish, until the run has committed a batch of its own (seen as the store's write-ahead
log growing), then kills it after a seeded-random delay: in the middle of coding, of a commit,
or of waiting for input. After every kill the store must open (DuckDB replays its write-ahead
log) and hold whole batches only. A last run, given the whole corpus, completes the store.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import EXIT_OK, app
from communique.store import Store

from .helpers import communique_command, run_communique, store_rows

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux /proc to see the store opened")

ARTICLES = 90  # each killed run commits about one spaCy batch (16 articles): 4 runs leave some to resume
BATCH = 3
KILLS = 5
SEED = 7
COUNTRIES = ["Cuba", "Vietnam", "Russia", "China", "Japan", "France", "Brazil", "India", "Kenya", "Egypt"]
VERBS = ["thanked", "criticized", "visited", "met with", "accused", "praised", "condemned", "signed an agreement with"]
WAIT_LIMIT = 180.0  # seconds a run may take to load the model and commit (a loaded shared machine)
FEED_STEP = 2  # articles fed at a time while waiting for a run's first commit
FEED_PAUSE = 0.25  # seconds between feeds


def _corpus() -> bytes:
    """``ARTICLES`` JSON lines (each ending with a line break) of short news texts with codable sentences."""
    lines = []
    for i in range(ARTICLES):
        source, target = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 3 + 1) % len(COUNTRIES)]
        text = " ".join(
            f"{source} {VERBS[(i + j) % len(VERBS)]} {target} on Monday over the trade dispute number {i}-{j}."
            for j in range(2)
        )
        lines.append(json.dumps({"id": f"art-{i:02d}", "date": f"2024-03-{i % 28 + 1:02d}", "text": text}) + "\n")
    assert sum(len(line) for line in lines) < 60_000  # fits in a pipe's buffer: writing it never blocks
    return [line.encode("utf-8") for line in lines]


def _code_args(db: Path) -> list[str]:
    return ["code", "-", "--format", "jsonl", "--db", str(db), "--batch-size", str(BATCH), "--quiet"]


def _wal(db: Path) -> Path:
    return db.with_name(db.name + ".wal")


def _has_open(pid: int, path: Path) -> bool:
    """Whether process ``pid`` holds ``path`` open."""
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(fd) == str(path):
                return True
        except OSError:
            continue
    return False


def _wait_for(condition, process: subprocess.Popen, what: str) -> None:
    """Poll ``condition`` until true; fail if the process exits or takes too long."""
    deadline = time.monotonic() + WAIT_LIMIT
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"communique exited ({process.returncode}) before {what}: {process.stderr.read()!r}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"communique did not reach '{what}' within {WAIT_LIMIT} s")
        time.sleep(0.01)


def _committed_since(db: Path, since_ns: int) -> bool:
    """Whether a transaction was written to the store's write-ahead log after ``since_ns``."""
    try:
        info = _wal(db).stat()
    except FileNotFoundError:
        return False
    return info.st_size > 0 and info.st_mtime_ns > since_ns


def _feed_until_commit(process: subprocess.Popen, db: Path, lines: list[bytes], fed: int, since_ns: int) -> None:
    """Feed ``lines`` after the first ``fed`` a few at a time until the run commits a batch."""
    deadline = time.monotonic() + WAIT_LIMIT
    while not _committed_since(db, since_ns):
        assert process.poll() is None, f"communique exited ({process.returncode}): {process.stderr.read()!r}"
        assert time.monotonic() < deadline, f"communique did not commit within {WAIT_LIMIT} s"
        if fed < len(lines):
            process.stdin.write(b"".join(lines[fed : fed + FEED_STEP]))
            process.stdin.flush()
            fed += FEED_STEP
        time.sleep(FEED_PAUSE)


def _killed_run(db: Path, lines: list[bytes], fed: int, *, after_commit: bool, delay: float) -> None:
    """Start a coding run, feed it the first ``fed`` lines (standard input stays open), and SIGKILL it.

    The kill comes ``delay`` seconds after the run opened the store or, with ``after_commit``,
    after it committed a batch (more lines are fed until it does).
    """
    process = subprocess.Popen(communique_command(*_code_args(db)), stdin=subprocess.PIPE,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(lambda: _has_open(process.pid, db.resolve()), process, "opening the store")
        opened = time.time_ns()
        process.stdin.write(b"".join(lines[:fed]))
        process.stdin.flush()
        if after_commit:
            _feed_until_commit(process, db, lines, fed, opened)
        time.sleep(delay)
        assert process.poll() is None, "the run ended before it was killed"
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=60) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdin.close()
        process.stderr.close()


def _articles_after_crash(db: Path) -> int:
    """Open the killed run's store as users do (the write-ahead log is replayed) and count articles."""
    with Store(db, read_only=True) as store:
        stats = store.stats()
        store.events(limit=5)
    return stats["articles"]


def test_killed_runs_resume_to_exactly_the_uninterrupted_store(tmp_path) -> None:
    lines = _corpus()
    corpus = b"".join(lines)
    reference = tmp_path / "reference.duckdb"
    result = CliRunner().invoke(app, _code_args(reference), input=corpus)
    assert result.exit_code == EXIT_OK, result.output
    expected = store_rows(reference)
    assert len(expected["articles"]) == ARTICLES and expected["events"] and expected["mentions"]

    rng = random.Random(SEED)
    db = tmp_path / "crashed.duckdb"
    _killed_run(db, lines, 1, after_commit=False, delay=rng.uniform(0.1, 0.5))
    stored = [_articles_after_crash(db)]
    assert stored == [0], "nothing can be committed while the first batch is incomplete"
    for _ in range(KILLS - 1):
        _killed_run(db, lines, stored[-1] + 1, after_commit=True, delay=rng.uniform(0.0, 0.6))
        stored.append(_articles_after_crash(db))
        assert stored[-1] % BATCH == 0, f"a partial batch was kept: {stored}"  # whole batches only
    assert stored == sorted(stored) and stored[-1] > 0, stored
    assert stored[-1] < ARTICLES, f"the killed runs finished the corpus, no resumption was tested: {stored}"

    print("stored after each kill:", stored)
    final = run_communique(*_code_args(db), stdin=corpus)
    assert final.returncode == EXIT_OK, final.stderr.decode()
    assert store_rows(db) == expected
    with Store(db, read_only=True) as store, Store(reference, read_only=True) as ref:
        assert [e.to_dict() for e in store.events()] == [e.to_dict() for e in ref.events()]
        assert store.unique_events() == ref.unique_events()
