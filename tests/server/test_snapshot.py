"""The server keeps answering while another process writes to the store (snapshot copies)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from server_fixtures import EVENTS_TOTAL, RunningServer, build_articles, make_store

from communique.models import Article, Event
from communique.server import create_app
from communique.server.snapshot import NoSnapshotError, SnapshotManager
from communique.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

WRITER = textwrap.dedent("""
    import sys
    from communique.models import Article
    from communique.store import Store
    with Store(sys.argv[1]) as store:
        store.add_batch([(Article(id=Article.make_id("w", "extra"), text="Extra.", source="w"), [])])
        print("holding", flush=True)
        sys.stdin.readline()
""")


def extra_event_batch() -> list[tuple[Article, list[Event]]]:
    """One more article with one event, to see a refresh pick it up."""
    article, events = build_articles()[0]
    new = Article(id=Article.make_id("test", "again"), text=article.text, source="test", date=article.date)
    e = events[0]
    return [(new, [Event(article_id=new.id, sentence_index=0, evidence=e.evidence, evidence_span=e.evidence_span,
                         source=e.source, target=e.target, cameo="036", cameo_root="03", goldstein=4.0,
                         quad_class=1, plover="CONSULT", date=e.date)])]


def test_refresh_only_when_the_store_changed(tmp_path):
    path = make_store(tmp_path / "s.duckdb")
    snaps = SnapshotManager(path, refresh_seconds=0)
    try:
        assert snaps.refresh() and snaps.generation == 1
        assert not snaps.refresh() and snaps.generation == 1
        with Store(path) as w:
            w.add_batch(extra_event_batch())
        assert snaps.refresh() and snaps.generation == 2
        with snaps.acquire() as s:
            assert s.store.stats()["events"] == EVENTS_TOTAL + 1
        folder = snaps.directory
        assert folder.stat().st_mode & 0o777 == 0o700  # private to the server's user
    finally:
        snaps.close()
    assert not folder.exists()


def test_retired_snapshot_deleted_once_unused(tmp_path):
    path = make_store(tmp_path / "s.duckdb")
    snaps = SnapshotManager(path, refresh_seconds=0, directory=tmp_path / "snaps")
    try:
        snaps.refresh()
        with snaps.acquire() as old:
            assert snaps.refresh(force=True)
            assert old.path.exists() and old.store.stats()["events"] == EVENTS_TOTAL  # still usable
        assert not old.path.exists()
        assert [p.name for p in (tmp_path / "snaps").iterdir()] == ["snapshot-2.duckdb"]
    finally:
        snaps.close()


def test_missing_store_gives_no_snapshot(tmp_path):
    snaps = SnapshotManager(tmp_path / "none.duckdb", refresh_seconds=0)
    try:
        with pytest.raises(NoSnapshotError, match="cannot be read yet"):
            with snaps.acquire():
                pass
    finally:
        snaps.close()


def test_keeps_serving_while_a_writer_process_holds_the_store(tmp_path):
    path = make_store(tmp_path / "s.duckdb")
    app = create_app(path, refresh_seconds=0)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert writer.stdout.readline().strip() == "holding"
            assert not app.state.snapshots.refresh(force=True)  # locked by the writer: keep the old copy
            assert "lock" in app.state.snapshots.last_error
            for _ in range(5):
                r = client.get("/api/events?page_size=1")
                assert r.status_code == 200 and r.json()["total"] == EVENTS_TOTAL
            writer.stdin.write("\n")
            writer.stdin.flush()
            assert writer.wait(timeout=30) == 0
        finally:
            if writer.poll() is None:
                writer.kill()
        assert app.state.snapshots.refresh()
        assert client.get("/api/status").json()["articles"] == len(build_articles()) + 1


def test_background_refresh_picks_up_new_events(tmp_path):
    path = make_store(tmp_path / "s.duckdb")
    app = create_app(path, refresh_seconds=0.1)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert client.get("/api/status").json()["events"] == EVENTS_TOTAL
        with Store(path) as w:
            w.add_batch(extra_event_batch())
        deadline = time.monotonic() + 20
        while client.get("/api/status").json()["events"] == EVENTS_TOTAL:
            assert time.monotonic() < deadline, "the new event never showed up"
            time.sleep(0.1)
        assert client.get("/api/events?code=036").json()["total"] == 1


def test_dashboard_answers_while_communique_code_appends(tmp_path):
    """End to end: `communique serve` keeps answering during a real `communique code` run."""
    if not any(EXAMPLES.glob("*.txt")):
        pytest.skip(f"no example articles in {EXAMPLES}")
    path = make_store(tmp_path / "s.duckdb")
    cli = Path(sys.executable).with_name("communique")
    with RunningServer(path) as server:
        coder = subprocess.Popen([str(cli), "code", str(EXAMPLES), "--db", str(path), "-q"],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        answers = []
        with httpx.Client(base_url=server.url, timeout=10) as http:
            while coder.poll() is None:
                r = http.get("/api/events", params={"dyad": "CUB-VNM", "page_size": 5})
                answers.append(r.status_code)
                assert "server" not in r.headers  # uvicorn's Server header is off
                time.sleep(0.05)
            output = coder.stdout.read()
            assert coder.returncode == 0, output
            assert answers and set(answers) == {200}, answers
            deadline = time.monotonic() + 30
            while http.get("/api/status").json()["events"] == EVENTS_TOTAL:
                assert time.monotonic() < deadline, "the coded events never showed up"
                time.sleep(0.2)
        assert server.proc.poll() is None


KILLED_WRITER = textwrap.dedent("""
    import sys, time
    from communique.models import Article
    from communique.store import Store
    store = Store(sys.argv[1])
    store._conn().execute("SET checkpoint_threshold = '1GB'")  # keep the batch in the write-ahead log
    store.add_batch([(Article(id=Article.make_id("w", "wal"), text="In the log.", source="w"), [])])
    print("added", flush=True)
    time.sleep(120)
""")


def test_snapshot_of_a_store_left_by_a_killed_writer(tmp_path):
    """A writer killed before its checkpoint leaves a .wal file; the snapshot carries it."""
    path = make_store(tmp_path / "s.duckdb")
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "added"
    finally:
        writer.kill()
        writer.wait(timeout=30)
    assert path.with_name(path.name + ".wal").exists()
    snaps = SnapshotManager(path, refresh_seconds=0)
    try:
        assert snaps.refresh(), snaps.last_error
        with snaps.acquire() as snap:
            assert snap.store.stats()["articles"] == len(build_articles()) + 1
    finally:
        snaps.close()


def test_failed_snapshot_keeps_serving_the_previous_one(tmp_path, monkeypatch):
    """A copy that cannot be prepared (disk full, ...) is dropped; the last good snapshot stays."""
    import duckdb

    from communique.server import snapshot as snapshot_mod

    path = make_store(tmp_path / "s.duckdb")
    snaps = SnapshotManager(path, refresh_seconds=0, directory=tmp_path / "snaps")
    try:
        assert snaps.refresh()

        def disk_full(copy):
            raise duckdb.IOException("No space left on device")

        monkeypatch.setattr(snapshot_mod, "_add_lookup_indexes", disk_full)
        assert not snaps.refresh(force=True)
        assert "No space left" in snaps.last_error and snaps.generation == 1
        assert [p.name for p in (tmp_path / "snaps").iterdir()] == ["snapshot-1.duckdb"]
        with snaps.acquire() as snap:
            assert snap.store.stats()["events"] == EVENTS_TOTAL
    finally:
        snaps.close()


def test_a_file_that_is_not_a_store_is_reported(tmp_path):
    bogus = tmp_path / "notes.duckdb"
    bogus.write_bytes(b"this is not a database" * 100)
    snaps = SnapshotManager(bogus, refresh_seconds=0)
    try:
        assert not snaps.refresh()
        assert snaps.last_error
        with pytest.raises(NoSnapshotError):
            with snaps.acquire():
                pass
    finally:
        snaps.close()
