"""Serve a store while another process writes to it: read-only snapshot copies.

DuckDB lets one *writer process* hold a database file; while ``communique code`` has the store
open, no other process can open it, not even read-only. A server that opened the store itself
would therefore either fail during every coding run, or (while it holds a read-only connection)
make ``communique code`` fail to start. So the server never queries the store file directly:

1. :meth:`SnapshotManager.refresh` opens the store read-only for just as long as it takes to
   copy the file (and its write-ahead log, if a killed writer left one) into a private folder,
   then closes it. The copy is consistent: while our read-only connection is open no writer can
   hold the file.
2. The copy gets two lookup indexes (:data:`_LOOKUP_INDEXES`; the copy is the server's own
   file), then requests query it opened read-only (:meth:`SnapshotManager.acquire`).
3. A background thread calls :meth:`refresh` every ``refresh_seconds``. It copies only when the
   store's size or modification time changed since the last snapshot. When a writer holds the
   store, the refresh is skipped and the previous snapshot keeps serving; the next refresh after
   the writer closes picks up its events.

Old snapshots are closed and deleted once no request uses them any more. A writer that tries to
open the store during the short copy window gets the usual "store is locked" error (exit 3); the
window is the time to copy the file (about a second per 100 MB).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from communique.store import Store, StoreError, StoreLockedError

__all__ = ["NoSnapshotError", "ResultCache", "Snapshot", "SnapshotManager"]

log = logging.getLogger(__name__)


class NoSnapshotError(StoreError):
    """No snapshot could be taken yet (the store is missing, locked by a writer, or invalid)."""


def _signature(path: Path) -> tuple[tuple[int, int], ...]:
    """(size, mtime_ns) of the store file and of its write-ahead log, if any."""
    sig = []
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            st = p.stat()
        except FileNotFoundError:
            sig.append((-1, -1))
        else:
            sig.append((st.st_size, st.st_mtime_ns))
    return tuple(sig)


class ResultCache:
    """A small thread-safe LRU of results computed on one snapshot (valid as long as it lives)."""

    MISSING = object()

    def __init__(self, maxsize: int = 512) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> Any:
        """The cached value, or :attr:`MISSING`."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
            self.misses += 1
            return self.MISSING

    def put(self, key: Hashable, value: Any) -> None:
        """Remember ``value``, dropping the least recently used entry when full."""
        if self.maxsize <= 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)


# Single-column indexes DuckDB can use for ``article_id IN (...)`` lookups (the primary key of
# ``sentences`` spans two columns, which DuckDB's index scans do not use). They make the evidence
# of a page of events and an article's events a lookup instead of a scan of every sentence.
_LOOKUP_INDEXES = (
    "CREATE INDEX IF NOT EXISTS snapshot_sentences_article ON sentences(article_id)",
    "CREATE INDEX IF NOT EXISTS snapshot_events_article ON events(article_id)",
)


def _add_lookup_indexes(copy: Path) -> None:
    """Index the snapshot copy (ours alone; the user's store is never written)."""
    con = duckdb.connect(str(copy))
    try:
        for sql in _LOOKUP_INDEXES:
            con.execute(sql)
        con.execute("CHECKPOINT")
    finally:
        con.close()


@dataclass(eq=False)
class Snapshot:
    """One copy of the store, opened read-only, with a count of the requests using it."""

    path: Path
    generation: int
    signature: tuple[tuple[int, int], ...]
    taken_at: float
    store: Store
    users: int = 0
    retired: bool = False
    cache: dict[str, Any] = field(default_factory=dict)  # values computed once per snapshot
    results: ResultCache = field(default_factory=ResultCache)  # API results on this snapshot
    _files: list[Path] = field(default_factory=list)

    def discard(self) -> None:
        """Close the snapshot's connection and delete its files."""
        self.store.close()
        for f in self._files:
            f.unlink(missing_ok=True)


class SnapshotManager:
    """Keeps a fresh read-only copy of the store at ``db_path`` for a server to query.

    ``refresh_seconds`` is how often the background thread (started by :meth:`start`) looks
    for changes; ``0`` disables the thread (call :meth:`refresh` yourself). ``directory`` is
    where copies go (a private temporary folder by default, removed by :meth:`close`).
    """

    def __init__(self, db_path: str | Path, *, refresh_seconds: float = 2.0,
                 directory: str | Path | None = None) -> None:
        self.db_path = Path(db_path).expanduser()
        self.refresh_seconds = refresh_seconds
        self._own_dir = directory is None
        self._directory = None if directory is None else Path(directory)
        self._lock = threading.Lock()
        self._refresh_lock = threading.Lock()
        self._current: Snapshot | None = None
        self._generation = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None

    @property
    def directory(self) -> Path:
        """Where the copies go; a private temporary folder (mode 0700) is made on first use."""
        if self._directory is None:
            self._directory = Path(tempfile.mkdtemp(prefix="communique-snap-"))
        self._directory.mkdir(parents=True, exist_ok=True)
        return self._directory

    # -- taking snapshots -----------------------------------------------------------------

    def refresh(self, *, force: bool = False) -> bool:
        """Take a new snapshot if the store changed (or ``force``); True if one was taken.

        Returns False, keeping the current snapshot, when nothing changed or when the store
        cannot be opened right now (a writer holds it); the reason is kept in ``last_error``.
        """
        with self._refresh_lock:
            sig = _signature(self.db_path)
            current = self._current
            if current is not None and not force and current.signature == sig:
                return False
            try:
                snap = self._take(sig)
            except (StoreError, OSError, duckdb.Error) as exc:
                self.last_error = str(exc)
                log.info("snapshot of %s not refreshed: %s", self.db_path, exc)
                return False
            self.last_error = None
            self._install(snap)
            return True

    def _take(self, sig: tuple[tuple[int, int], ...]) -> Snapshot:
        """Copy the store (under a short read-only open) and open the copy read-only."""
        self._generation += 1
        target = self.directory / f"snapshot-{self._generation}.duckdb"
        files = [target]
        with Store(self.db_path, read_only=True):  # validates the schema and blocks writers meanwhile
            sig = _signature(self.db_path)
            shutil.copyfile(self.db_path, target)
            wal = self.db_path.with_name(self.db_path.name + ".wal")
            if wal.exists():
                shutil.copyfile(wal, target.with_name(target.name + ".wal"))
                files.append(target.with_name(target.name + ".wal"))
        try:
            _add_lookup_indexes(target)
            store = Store(target, read_only=True)
        except BaseException:
            for f in files:
                f.unlink(missing_ok=True)
            raise
        return Snapshot(target, self._generation, sig, time.time(), store, _files=files)

    def _install(self, snap: Snapshot) -> None:
        with self._lock:
            old, self._current = self._current, snap
            if old is not None:
                old.retired = True
                if old.users == 0:
                    old.discard()

    # -- using snapshots ------------------------------------------------------------------

    @contextmanager
    def acquire(self) -> Iterator[Snapshot]:
        """The newest snapshot, kept alive until the ``with`` block ends.

        Raises :class:`NoSnapshotError` when no snapshot exists (and one cannot be taken now).
        """
        if self._current is None:
            self.refresh()
        with self._lock:
            snap = self._current
            if snap is None:
                raise NoSnapshotError(
                    f"the store {self.db_path} cannot be read yet: {self.last_error or 'no snapshot'}"
                )
            snap.users += 1
        try:
            yield snap
        finally:
            with self._lock:
                snap.users -= 1
                if snap.retired and snap.users == 0:
                    snap.discard()

    @property
    def generation(self) -> int:
        """Generation number of the current snapshot (0 when there is none)."""
        snap = self._current
        return snap.generation if snap is not None else 0

    @property
    def taken_at(self) -> float:
        """When the current snapshot was taken (epoch seconds; 0 when there is none)."""
        snap = self._current
        return snap.taken_at if snap is not None else 0.0

    # -- background refresh -----------------------------------------------------------------

    def start(self) -> None:
        """Start the background refresh thread (no-op when ``refresh_seconds`` is 0)."""
        if self.refresh_seconds <= 0 or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="communique-snapshots", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.refresh_seconds):
            try:
                self.refresh()
            except Exception:  # never let the thread die; the next round tries again
                log.exception("snapshot refresh failed")

    def close(self) -> None:
        """Stop the thread, close and delete every snapshot (and the private folder)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        with self._lock:
            if self._current is not None:
                self._current.discard()
                self._current = None
        if self._own_dir and self._directory is not None:
            shutil.rmtree(self._directory, ignore_errors=True)
            self._directory = None
