"""The event store: articles, evidence sentences and coded events in one DuckDB file.

Usage::

    from communique.store import Store

    with Store("communique.duckdb") as store:            # writer: creates the file/schema
        result = store.add_batch([(article, events), ...])
        print(result.articles_added, result.events_added)

    with Store("communique.duckdb", read_only=True) as store:   # reader
        for event in store.events(dyad="CUB-RUS", root="04", since=date(2019, 1, 1)):
            ...

Tables (plain SQL, easy to query directly with ``duckdb``):

``schema_info(version)``
    one row holding :data:`SCHEMA_VERSION`.
``articles(id PK, source, url, title, date DATE, dateline, origin, text, added_at TIMESTAMP)``
    ``added_at`` is UTC (naive timestamp).
``sentences(article_id, sentence_index, start, end_, text, PK(article_id, sentence_index))``
    the evidence sentences of the stored events, one row per sentence. Offsets are character
    offsets into ``articles.text``.
``events(id PK, article_id, sentence_index, evidence_start, evidence_end, evidence_text, date DATE,
date_precision, date_text, source_code, source_country, source_sector, source_name, source_text,
source_wikidata, target_code, ..., target_wikidata, cameo, cameo_root, goldstein DOUBLE,
quad_class INTEGER, plover, plover_mode, plover_context, modality, quantity JSON, place JSON,
trigger, confidence DOUBLE, coder_version)``
    actors are flattened into ``source_*`` / ``target_*`` columns (all NULL when the actor is
    ``None``). The evidence text is not repeated per event: it is reconstructed from
    ``sentences`` and the event's offsets; ``evidence_text`` is NULL unless an event's evidence
    cannot be derived that way (then it holds the evidence verbatim). The view
    ``events_evidence`` adds the resolved ``evidence`` column for SQL users. ``event_key`` is
    :attr:`Event.key` (date, source, target, code, modality): rows sharing it are mentions of
    one real-world event.
``unique_events`` (view)
    one row per ``event_key`` (GDELT's events table; ``events`` plays GDELT's mentions table):
    the event's fields, ``first_event_id``, ``num_mentions`` and ``num_articles``.

Concurrency: DuckDB allows **one writer process** per file. A process that opens the store for
writing holds the file exclusively; other processes can then open it neither for writing nor
read-only (they get :class:`StoreLockedError`). Several processes may read at once if all of
them open with ``read_only=True``. Readers (dashboards, analysis, the API) should therefore open
read-only and writers should close the store (use it as a context manager) as soon as they are
done. Within one process, several :class:`Store` objects on the same file share one database
(all must use the same ``read_only`` mode). A :class:`Store` serialises its own calls with a lock,
so one instance may be shared between threads.

Identity and idempotency: articles are keyed by ``Article.id`` (a hash of source and text) and
events by ``Event.id`` (a hash of article, sentence, actors and code). :meth:`Store.add_batch`
skips articles that are already stored, together with their events, so re-adding a batch
adds nothing. Each batch is one transaction: if anything fails, nothing of the batch is kept.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from communique.models import Actor, Article, Event, MentionRecord

__all__ = [
    "DEFAULT_STORE",
    "SCHEMA_VERSION",
    "BatchResult",
    "Store",
    "StoreError",
    "StoreLockedError",
]

DEFAULT_STORE = "communique.duckdb"
SCHEMA_VERSION = 2
MEMORY = ":memory:"


class StoreError(Exception):
    """The store cannot be opened or used (wrong schema version, not a DuckDB file, ...)."""


class StoreLockedError(StoreError):
    """The store file is held by another writer (another process, or another mode here)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Counts of one :meth:`Store.add_batch` call (add results with ``+`` to total them)."""

    articles_added: int = 0
    articles_skipped: int = 0
    events_added: int = 0

    def __add__(self, other: BatchResult) -> BatchResult:
        if not isinstance(other, BatchResult):
            return NotImplemented
        return BatchResult(
            self.articles_added + other.articles_added,
            self.articles_skipped + other.articles_skipped,
            self.events_added + other.events_added,
        )


# --------------------------------------------------------------------------------------------
# schema

_ACTOR_FIELDS = ("code", "country", "sector", "name", "text", "wikidata")

# (column, DuckDB type) in table order; the insert code relies on this order.
_ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "VARCHAR"),
    ("source", "VARCHAR"),
    ("url", "VARCHAR"),
    ("title", "VARCHAR"),
    ("date", "DATE"),
    ("dateline", "VARCHAR"),
    ("origin", "VARCHAR"),
    ("text", "VARCHAR"),
    ("added_at", "TIMESTAMP"),
)
_SENTENCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "VARCHAR"),
    ("sentence_index", "INTEGER"),
    ("start", "INTEGER"),
    ("end_", "INTEGER"),
    ("text", "VARCHAR"),
)
_EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "VARCHAR"),
    ("article_id", "VARCHAR"),
    ("sentence_index", "INTEGER"),
    ("evidence_start", "INTEGER"),
    ("evidence_end", "INTEGER"),
    ("evidence_text", "VARCHAR"),
    ("date", "DATE"),
    ("date_precision", "VARCHAR"),
    ("date_text", "VARCHAR"),
    *((f"source_{f}", "VARCHAR") for f in _ACTOR_FIELDS),
    *((f"target_{f}", "VARCHAR") for f in _ACTOR_FIELDS),
    ("cameo", "VARCHAR"),
    ("cameo_root", "VARCHAR"),
    ("goldstein", "DOUBLE"),
    ("quad_class", "INTEGER"),
    ("plover", "VARCHAR"),
    ("plover_mode", "VARCHAR"),
    ("plover_context", "VARCHAR"),
    ("modality", "VARCHAR"),
    ("quantity", "JSON"),
    ("place", "JSON"),
    ("trigger", "VARCHAR"),
    ("confidence", "DOUBLE"),
    ("coder_version", "VARCHAR"),
    ("event_key", "VARCHAR"),
)

_MENTION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "VARCHAR"),
    ("start", "INTEGER"),
    ("end_", "INTEGER"),
    ("text", "VARCHAR"),
    ("kind", "VARCHAR"),
    ("resolved", "BOOLEAN"),
    ("code", "VARCHAR"),
    ("country", "VARCHAR"),
    ("sector", "VARCHAR"),
    ("name", "VARCHAR"),
    ("why", "VARCHAR"),
)

_NOT_NULL = {"id", "article_id", "sentence_index"}


def _q(name: str) -> str:
    return f'"{name}"'


def _create_table(name: str, columns: Sequence[tuple[str, str]], pk: Sequence[str]) -> str:
    cols = ",\n    ".join(
        f"{_q(c)} {t}{' NOT NULL' if c in _NOT_NULL else ''}" for c, t in columns
    )
    return (
        f"CREATE TABLE IF NOT EXISTS {name} (\n    {cols},\n"
        f"    PRIMARY KEY ({', '.join(_q(c) for c in pk)})\n)"
    )


# One row per real-world event (GDELT's events table), the rows of ``events`` being its
# mentions (GDELT's mentions table). The representative mention is the earliest stored one.
_UNIQUE_EVENTS_VIEW = """
    CREATE VIEW IF NOT EXISTS unique_events AS
    SELECT event_key,
           arg_min(id, (article_id, sentence_index, id)) AS first_event_id,
           any_value(date) AS date,
           any_value(source_code) AS source_code, any_value(source_country) AS source_country,
           any_value(source_sector) AS source_sector,
           any_value(target_code) AS target_code, any_value(target_country) AS target_country,
           any_value(target_sector) AS target_sector,
           any_value(cameo) AS cameo, any_value(cameo_root) AS cameo_root,
           any_value(goldstein) AS goldstein, any_value(quad_class) AS quad_class,
           any_value(plover) AS plover, any_value(modality) AS modality,
           count(*) AS num_mentions,
           count(DISTINCT article_id) AS num_articles
    FROM events
    GROUP BY event_key
"""

# Same key as models.event_key(), for migrating stores written before the column existed.
_EVENT_KEY_SQL = (
    "concat_ws('|', coalesce(strftime(date, '%Y-%m-%d'), 'article:' || article_id), "
    "coalesce(source_code, ''), coalesce(target_code, ''), cameo, coalesce(modality, 'asserted'))"
)

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS schema_info (version INTEGER NOT NULL)",
    _create_table("articles", _ARTICLE_COLUMNS, ["id"]),
    _create_table("sentences", _SENTENCE_COLUMNS, ["article_id", "sentence_index"]),
    _create_table("events", _EVENT_COLUMNS, ["id"]),
    _create_table("mentions", _MENTION_COLUMNS, ["article_id", "start", "end_"]),
    # Convenience for SQL users; mirrors _derive_evidence() below.
    """
    CREATE VIEW IF NOT EXISTS events_evidence AS
    SELECT e.*,
           CASE
             WHEN e.evidence_text IS NOT NULL THEN e.evidence_text
             WHEN e.evidence_start = s."start" AND e.evidence_end = s.end_ THEN s."text"
             ELSE substr(s."text", e.evidence_start - s."start" + 1,
                         e.evidence_end - e.evidence_start)
           END AS evidence
    FROM events e
    LEFT JOIN sentences s USING (article_id, sentence_index)
    """,
    _UNIQUE_EVENTS_VIEW,
)

_TABLES = ("schema_info", "articles", "sentences", "events", "mentions")


def _derive_evidence(s_start: int, s_end: int, s_text: str, e_start: int, e_end: int) -> str | None:
    """Evidence text implied by a stored sentence and an event's offsets (``None`` if unknown).

    The whole sentence when the spans agree; a slice of it when the event's span lies inside
    the sentence and the sentence text is exactly as long as its span.
    """
    if e_start == s_start and e_end == s_end:
        return s_text
    if len(s_text) == s_end - s_start and s_start <= e_start <= e_end <= s_end:
        return s_text[e_start - s_start : e_end - s_start]
    return None


# --------------------------------------------------------------------------------------------
# filters

_DYAD_RE = re.compile(r"^([A-Z0-9]+)-([A-Z0-9]+)$")
_CODE_RE = re.compile(r"^[A-Z0-9]+$")
_CAMEO_PREFIX_RE = re.compile(r"^\d{2,4}$")
_ROOT_RE = re.compile(r"^\d{1,2}$")


def _as_date(value: Any, name: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{name} must be a date or an ISO date string (YYYY-MM-DD), got {value!r}") from None
    raise ValueError(f"{name} must be a date or an ISO date string (YYYY-MM-DD), got {value!r}")


def _build_where(
    *,
    actor: str | None,
    country: str | None,
    dyad: str | None,
    directed: bool,
    code: str | None,
    root: str | None,
    since: dt.date | str | None,
    until: dt.date | str | None,
    article_id: str | None,
) -> tuple[str, list[Any]]:
    """Validate the filter values and return a WHERE clause (or "") with its parameters."""
    clauses: list[str] = []
    params: list[Any] = []

    if actor is not None:
        a = actor.strip().upper() if isinstance(actor, str) else actor
        if not isinstance(a, str) or not _CODE_RE.match(a):
            raise ValueError(
                f"actor must be an actor code or code prefix of letters/digits such as 'CUBGOV' or 'CUB', got {actor!r}"
            )
        clauses.append("(starts_with(e.source_code, ?) OR starts_with(e.target_code, ?))")
        params += [a, a]

    if country is not None:
        c = country.strip().upper() if isinstance(country, str) else country
        if not isinstance(c, str) or not _CODE_RE.match(c):
            raise ValueError(f"country must be an ISO3 or IGO code such as 'CUB', got {country!r}")
        clauses.append("(e.source_country = ? OR e.target_country = ?)")
        params += [c, c]

    if dyad is not None:
        m = _DYAD_RE.match(dyad.strip().upper()) if isinstance(dyad, str) else None
        if not m:
            raise ValueError(f"dyad must look like 'AAA-BBB' (two country codes joined by '-'), got {dyad!r}")
        a, b = m.groups()
        if directed:
            clauses.append("(e.source_country = ? AND e.target_country = ?)")
            params += [a, b]
        else:
            clauses.append(
                "((e.source_country = ? AND e.target_country = ?) OR (e.source_country = ? AND e.target_country = ?))"
            )
            params += [a, b, b, a]
    elif directed:
        raise ValueError("directed=True only makes sense together with dyad='AAA-BBB'")

    if code is not None:
        if not isinstance(code, str) or not _CAMEO_PREFIX_RE.match(code.strip()):
            raise ValueError(
                f"code must be a CAMEO code or prefix of 2-4 digits such as '04' or '042', got {code!r}"
            )
        clauses.append("starts_with(e.cameo, ?)")
        params.append(code.strip())

    if root is not None:
        r = root.strip() if isinstance(root, str) else (str(root) if isinstance(root, int) and not isinstance(root, bool) else None)
        if r is None or not _ROOT_RE.match(r) or not 1 <= int(r) <= 20:
            raise ValueError(f"root must be a CAMEO root '01'..'20', got {root!r}")
        clauses.append("e.cameo_root = ?")
        params.append(r.zfill(2))

    since_d = _as_date(since, "since")
    until_d = _as_date(until, "until")
    if since_d is not None and until_d is not None and since_d > until_d:
        raise ValueError(f"since ({since_d}) is after until ({until_d})")
    if since_d is not None:
        clauses.append("e.date >= ?")
        params.append(since_d)
    if until_d is not None:
        clauses.append("e.date <= ?")
        params.append(until_d)

    if article_id is not None:
        if not isinstance(article_id, str):
            raise ValueError(f"article_id must be a string, got {article_id!r}")
        clauses.append("e.article_id = ?")
        params.append(article_id)

    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


# --------------------------------------------------------------------------------------------
# the store

_EVENT_SELECT = (
    ", ".join(f"e.{_q(c)}" for c, _ in _EVENT_COLUMNS)
    + ', s."start", s.end_, s."text"'
    + " FROM events e LEFT JOIN sentences s"
    " ON s.article_id = e.article_id AND s.sentence_index = e.sentence_index"
)
_EVENT_ORDER = " ORDER BY e.date ASC NULLS LAST, e.article_id, e.sentence_index, e.id"
_ARTICLE_LIST_COLUMNS = ("id", "source", "url", "title", "date", "dateline", "origin")


class Store:
    """A DuckDB file holding articles, evidence sentences and events.

    ``path`` is a file path (created with its schema when missing, unless ``read_only``) or
    ``":memory:"`` for a throw-away in-memory store. See the module docstring for the schema and
    for concurrency: one writer process holds the file; readers should open ``read_only=True``
    and cannot open while a writer has it (:class:`StoreLockedError`).

    Raises :class:`FileNotFoundError` when opening a missing file read-only,
    :class:`StoreLockedError` when the file is held by another writer, and :class:`StoreError`
    for files that are not communique stores or use another schema version.
    """

    def __init__(self, path: str | Path = DEFAULT_STORE, *, read_only: bool = False) -> None:
        self.read_only = read_only
        self._lock = threading.RLock()
        self._con: duckdb.DuckDBPyConnection | None = None
        if str(path) == MEMORY:
            if read_only:
                raise ValueError("an in-memory store cannot be opened read-only")
            self.path: Path | None = None
            self._con = duckdb.connect(MEMORY)
        else:
            self.path = Path(path).expanduser()
            if read_only and not self.path.exists():
                raise FileNotFoundError(
                    f"no store at {self.path}: it does not exist yet. Create it by adding articles "
                    "(open it without read_only=True), or check the path."
                )
            if not read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._con = self._connect(self.path, read_only)
        try:
            self._init_schema()
        except BaseException:
            self.close()
            raise

    # -- opening ------------------------------------------------------------------------------

    @staticmethod
    def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                raise StoreLockedError(
                    str(path),
                    f"store {path} is locked by another process that has it open for writing "
                    f"({msg}). DuckDB allows one writer process per file: wait for that process "
                    "to finish or close it, or work on a copy of the file. Readers should open "
                    "the store with read_only=True (possible only while no writer holds it).",
                ) from exc
            raise StoreError(f"cannot open store {path}: {msg}") from exc
        except duckdb.ConnectionException as exc:
            raise StoreLockedError(
                str(path),
                f"store {path} is already open in this process in the other mode "
                f"(requested read_only={read_only}); DuckDB needs every connection of a process "
                f"to a file to use the same mode. Close the other Store first ({exc}).",
            ) from exc

    def _init_schema(self) -> None:
        con = self._conn()
        present = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'main' AND table_catalog = current_database()"
            ).fetchall()
        }
        where = self.path if self.path is not None else MEMORY
        if self.read_only:
            missing = [t for t in _TABLES if t not in present]
            if missing:
                raise StoreError(
                    f"{where} is not a communique store (missing tables: {', '.join(missing)}); "
                    "open it without read_only=True to create the schema"
                )
        elif not set(_TABLES) <= present:
            if present & set(_TABLES) and "schema_info" not in present:
                raise StoreError(f"{where} has tables named like a communique store but no schema_info")
            con.begin()
            try:
                for stmt in _SCHEMA:
                    con.execute(stmt)
                if not con.execute("SELECT count(*) FROM schema_info").fetchone()[0]:
                    con.execute("INSERT INTO schema_info VALUES (?)", [SCHEMA_VERSION])
                con.commit()
            except BaseException:
                con.rollback()
                raise
        row = con.execute("SELECT max(version) FROM schema_info").fetchone()
        version = row[0] if row else None
        if version == 1 and not self.read_only:
            self._migrate_1_to_2(con)
            version = 2
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"{where} has store schema version {version}, this communique expects "
                f"{SCHEMA_VERSION}; export and re-import the data with a matching version"
            )

    @staticmethod
    def _migrate_1_to_2(con: duckdb.DuckDBPyConnection) -> None:
        """Version 2 adds ``events.event_key`` and the ``unique_events`` view (deduplication)."""
        con.begin()
        try:
            con.execute("ALTER TABLE events ADD COLUMN event_key VARCHAR")
            con.execute(f"UPDATE events SET event_key = {_EVENT_KEY_SQL}")
            con.execute(_UNIQUE_EVENTS_VIEW)
            con.execute("UPDATE schema_info SET version = 2")
            con.commit()
        except BaseException:
            con.rollback()
            raise

    def _conn(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise StoreError("the store is closed")
        return self._con

    def close(self) -> None:
        """Close the connection (idempotent); a writer releases the file lock."""
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    @property
    def closed(self) -> bool:
        return self._con is None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        state = ", closed" if self.closed else ""
        return f"Store({str(self.path) if self.path else MEMORY!r}, {mode}{state})"

    # -- articles -----------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        """True if an article with this id is stored."""
        with self._lock:
            row = self._conn().execute("SELECT 1 FROM articles WHERE id = ? LIMIT 1", [article_id]).fetchone()
        return row is not None

    def known_article_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` that are already stored (one query per 50,000 ids)."""
        wanted = list(dict.fromkeys(ids))
        with self._lock:
            return self._known_ids(self._conn(), wanted)

    @staticmethod
    def _known_ids(con: duckdb.DuckDBPyConnection, ids: list[str], chunk: int = 50_000) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(ids), chunk):
            rows = con.execute(
                "SELECT a.id FROM articles a JOIN (SELECT unnest(?::VARCHAR[]) AS id) q ON a.id = q.id",
                [ids[i : i + chunk]],
            ).fetchall()
            found.update(r[0] for r in rows)
        return found

    def articles(self, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Stored articles without their text (``id, source, url, title, date, dateline, origin``).

        Ordered by date (undated last), then id. Rows are fetched lazily in chunks through a
        separate cursor.
        """
        _check_limit(limit, 0)
        sql = (
            "SELECT " + ", ".join(_q(c) for c in _ARTICLE_LIST_COLUMNS)
            + " FROM articles ORDER BY date ASC NULLS LAST, id"
        )
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._lock:
            cur = self._conn().cursor()
        return self._iter_articles(cur, sql, params)

    @staticmethod
    def _iter_articles(cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> Iterator[dict[str, Any]]:
        try:
            cur.execute(sql, params)
            while rows := cur.fetchmany(1000):
                for r in rows:
                    yield dict(zip(_ARTICLE_LIST_COLUMNS, r))
        finally:
            cur.close()

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One stored article with all its columns (including ``text`` and ``added_at``)."""
        cols = [c for c, _ in _ARTICLE_COLUMNS]
        with self._lock:
            row = self._conn().execute(
                "SELECT " + ", ".join(_q(c) for c in cols) + " FROM articles WHERE id = ?", [article_id]
            ).fetchone()
        return dict(zip(cols, row)) if row else None

    # -- writing ------------------------------------------------------------------------------

    def add_batch(self, items: Iterable[tuple[Article, list[Event]] | tuple[Article, list[Event], list[MentionRecord]]]
                  ) -> BatchResult:
        """Store articles with their events (and optionally their actor mentions) in one transaction.

        Articles already stored (or repeated within the batch) are skipped and counted in
        ``articles_skipped``; their events are not added. Events repeating an id within an
        article are stored once (the first one). Every event must belong to its article
        (``event.article_id == article.id``), otherwise :class:`ValueError`. On any error the
        whole batch is rolled back and earlier data stays as it was.
        """
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only; open it without read_only=True to add data")
        batch = [(item[0], item[1], item[2] if len(item) > 2 else []) for item in items]
        with self._lock:
            con = self._conn()
            try:
                con.begin()
                result = self._add_batch(con, batch)
                con.commit()
            except BaseException as exc:
                _rollback_if_open(con)
                if _interrupted_query(exc):  # Ctrl-C during a query: DuckDB raised instead of Python
                    raise KeyboardInterrupt from exc
                raise
        return result

    def _add_batch(self, con: duckdb.DuckDBPyConnection,
                   batch: list[tuple[Article, list[Event], list[MentionRecord]]]) -> BatchResult:
        known = self._known_ids(con, list({a.id for a, _, _ in batch}))
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        seen: set[str] = set()
        skipped = 0
        articles: list[tuple[Any, ...]] = []
        # (article_id, sentence_index) -> [start, end, text]
        sentences: dict[tuple[str, int], list[Any]] = {}
        new_events: list[Event] = []
        mention_rows: dict[tuple[str, int, int], tuple[Any, ...]] = {}

        for article, events, mentions in batch:
            if article.id in known or article.id in seen:
                skipped += 1
                continue
            seen.add(article.id)
            for m in mentions:
                mention_rows.setdefault((article.id, m.start, m.end), (
                    article.id, m.start, m.end, m.text, m.kind, m.resolved, m.code, m.country, m.sector,
                    m.name, m.why))
            articles.append(
                (article.id, article.source, article.url, article.title, article.date,
                 article.dateline, article.origin, article.text, now)
            )
            event_ids: set[str] = set()
            for ev in events:
                if ev.article_id != article.id:
                    raise ValueError(
                        f"event {ev.id} belongs to article {ev.article_id!r} but was given with article {article.id!r}"
                    )
                if ev.id in event_ids:
                    continue
                event_ids.add(ev.id)
                new_events.append(ev)
                start, end = (int(x) for x in ev.evidence_span)
                key = (ev.article_id, int(ev.sentence_index))
                cur = sentences.get(key)
                # keep the widest evidence per sentence so narrower spans can be sliced from it
                if cur is None or (end - start) > (cur[1] - cur[0]):
                    sentences[key] = [start, end, ev.evidence]

        event_rows: list[tuple[Any, ...]] = []
        for ev in new_events:
            start, end = (int(x) for x in ev.evidence_span)
            s_start, s_end, s_text = sentences[(ev.article_id, int(ev.sentence_index))]
            derived = _derive_evidence(s_start, s_end, s_text, start, end)
            event_rows.append(
                (
                    ev.id, ev.article_id, int(ev.sentence_index), start, end,
                    None if derived == ev.evidence else ev.evidence,
                    ev.date, ev.date_precision, ev.date_text,
                    *_actor_values(ev.source), *_actor_values(ev.target),
                    ev.cameo, ev.cameo_root, float(ev.goldstein), int(ev.quad_class),
                    ev.plover, ev.plover_mode, ev.plover_context, ev.modality,
                    _to_json(ev.quantity, "quantity", ev), _to_json(ev.place, "place", ev),
                    ev.trigger, float(ev.confidence), ev.coder_version, ev.key,
                )
            )
        sentence_rows = [(a, i, s, e, t) for (a, i), (s, e, t) in sentences.items()]

        _insert(con, "articles", _ARTICLE_COLUMNS, articles)
        _insert(con, "sentences", _SENTENCE_COLUMNS, sentence_rows)
        _insert(con, "events", _EVENT_COLUMNS, event_rows)
        _insert(con, "mentions", _MENTION_COLUMNS, list(mention_rows.values()))
        return BatchResult(len(articles), skipped, len(event_rows))

    def mentions(self, *, article_id: str | None = None, resolved: bool | None = None,
                 limit: int | None = None) -> list[MentionRecord]:
        """Stored actor mentions (filter by article and by resolved/unresolved)."""
        _check_limit(limit, 0)
        where, params = [], []
        if article_id is not None:
            where.append("article_id = ?")
            params.append(article_id)
        if resolved is not None:
            where.append("resolved = ?")
            params.append(resolved)
        sql = ("SELECT article_id, start, end_, text, kind, resolved, code, country, sector, name, why FROM mentions"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY article_id, start")
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._lock:
            rows = self._conn().execute(sql, params).fetchall()
        return [MentionRecord(*r) for r in rows]

    def unresolved_counts(self, limit: int = 50) -> list[tuple[str, str, int]]:
        """The most frequent unresolved mention texts: (text, kind, count), for extending dictionaries."""
        with self._lock:
            return [tuple(r) for r in self._conn().execute(
                "SELECT text, kind, count(*) AS n FROM mentions WHERE NOT resolved "
                "GROUP BY text, kind ORDER BY n DESC, text LIMIT ?", [limit]).fetchall()]

    # -- reading events -----------------------------------------------------------------------

    def events(
        self,
        *,
        actor: str | None = None,
        country: str | None = None,
        dyad: str | None = None,
        directed: bool = False,
        code: str | None = None,
        root: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        article_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Event]:
        """Stored events matching all given filters, as :class:`Event` objects.

        - ``actor``: actor code prefix of the source *or* target (``"CUBGOV"``, ``"CUB"``).
        - ``country``: source *or* target country code (``"CUB"``).
        - ``dyad``: ``"AAA-BBB"``, events between the two countries in *either* direction;
          with ``directed=True`` only events with source country AAA and target country BBB.
        - ``code``: CAMEO code prefix of 2-4 digits (``"04"`` matches 040-046 and their
          4-digit children; ``"042"`` matches 042 and 0421...).
        - ``root``: CAMEO root, ``"01"``..``"20"`` (``"4"`` means ``"04"``).
        - ``since``/``until``: inclusive date bounds (dates or ISO strings); undated events
          never match a date bound.
        - ``article_id``: events of one article.

        Codes are case-insensitive. Results are ordered by date (undated last), article id,
        sentence index, event id; ``limit``/``offset`` page through them. Malformed values
        (e.g. ``dyad="CUB"``, ``code="4a"``, ``since`` after ``until``) raise :class:`ValueError`.
        """
        where, params = _build_where(
            actor=actor, country=country, dyad=dyad, directed=directed, code=code, root=root,
            since=since, until=until, article_id=article_id,
        )
        _check_limit(limit, offset)
        sql = "SELECT " + _EVENT_SELECT + where + _EVENT_ORDER
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        if offset:
            sql += " OFFSET ?"
            params.append(offset)
        with self._lock:
            rows = self._conn().execute(sql, params).fetchall()
        return [_row_to_event(r) for r in rows]

    def count_events(
        self,
        *,
        actor: str | None = None,
        country: str | None = None,
        dyad: str | None = None,
        directed: bool = False,
        code: str | None = None,
        root: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        article_id: str | None = None,
    ) -> int:
        """Number of events matching the filters of :meth:`events` (same meaning and checks)."""
        where, params = _build_where(
            actor=actor, country=country, dyad=dyad, directed=directed, code=code, root=root,
            since=since, until=until, article_id=article_id,
        )
        with self._lock:
            return int(self._conn().execute("SELECT count(*) FROM events e" + where, params).fetchone()[0])

    def unique_events(
        self,
        *,
        actor: str | None = None,
        country: str | None = None,
        dyad: str | None = None,
        directed: bool = False,
        code: str | None = None,
        root: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Deduplicated events: one dict per real-world event with its mention counts.

        Rows of ``events`` with the same :attr:`Event.key` (date, source, target, CAMEO code,
        modality) are one event; each dict has the view ``unique_events``'s columns:
        ``event_key``, ``first_event_id`` (the earliest stored mention), date, actors, code
        fields, ``num_mentions`` (sentences reporting it) and ``num_articles``. Filters as in
        :meth:`events`. Ordered by date, then by number of mentions (most first).
        """
        where, params = _build_where(
            actor=actor, country=country, dyad=dyad, directed=directed, code=code, root=root,
            since=since, until=until, article_id=None,
        )
        _check_limit(limit, offset)
        sql = ("SELECT * FROM unique_events e" + where
               + " ORDER BY e.date ASC NULLS LAST, e.num_mentions DESC, e.event_key")
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        if offset:
            sql += " OFFSET ?"
            params.append(offset)
        with self._lock:
            cur = self._conn().execute(sql, params)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r)) for r in cur.fetchall()]

    def event_mentions(self, event_key: str) -> list[Event]:
        """Every stored mention (article, sentence, evidence) of one deduplicated event."""
        if not isinstance(event_key, str):
            raise ValueError(f"event_key must be a string, got {event_key!r}")
        sql = "SELECT " + _EVENT_SELECT + " WHERE e.event_key = ?" + _EVENT_ORDER
        with self._lock:
            rows = self._conn().execute(sql, [event_key]).fetchall()
        return [_row_to_event(r) for r in rows]

    def stats(self) -> dict[str, Any]:
        """Counts of articles, events and sentences, and the first/last event date."""
        with self._lock:
            con = self._conn()
            (n_articles,) = con.execute("SELECT count(*) FROM articles").fetchone()
            (n_sentences,) = con.execute("SELECT count(*) FROM sentences").fetchone()
            n_events, first, last = con.execute("SELECT count(*), min(date), max(date) FROM events").fetchone()
            (n_unique,) = con.execute("SELECT count(DISTINCT event_key) FROM events").fetchone()
        return {
            "articles": int(n_articles),
            "events": int(n_events),
            "unique_events": int(n_unique),
            "sentences": int(n_sentences),
            "first_event_date": first,
            "last_event_date": last,
        }


# --------------------------------------------------------------------------------------------
# row conversion helpers


def _rollback_if_open(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction. A Ctrl-C that Python delivers just after ``commit()``
    returned finds no transaction left (the batch is then stored whole); that is no error."""
    try:
        con.rollback()
    except duckdb.TransactionException:
        pass


def _interrupted_query(exc: BaseException) -> bool:
    """Whether ``exc`` is DuckDB's report of a query stopped by Ctrl-C (SIGINT reaches DuckDB,
    which raises "Query interrupted" and Python never sees the KeyboardInterrupt)."""
    return isinstance(exc, duckdb.InterruptException) or (
        isinstance(exc, RuntimeError) and str(exc).strip() == "Query interrupted")


def _check_limit(limit: int | None, offset: int) -> None:
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 0):
        raise ValueError(f"limit must be a non-negative integer or None, got {limit!r}")
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise ValueError(f"offset must be a non-negative integer, got {offset!r}")


def _actor_values(actor: Actor | None) -> tuple[Any, ...]:
    if actor is None:
        return (None,) * len(_ACTOR_FIELDS)
    return tuple(getattr(actor, f) for f in _ACTOR_FIELDS)


def _actor_from(values: Sequence[Any]) -> Actor | None:
    if all(v is None for v in values):
        return None
    return Actor(**dict(zip(_ACTOR_FIELDS, values)))


def _to_json(value: dict[str, Any] | None, name: str, ev: Event) -> str | None:
    if value is None:
        return None
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"event {ev.id}: {name} is not JSON-serialisable: {exc}") from exc


def _from_json(value: str | None) -> Any:
    return None if value is None else json.loads(value)


_EV_INDEX = {c: i for i, (c, _) in enumerate(_EVENT_COLUMNS)}
_N_EV = len(_EVENT_COLUMNS)
_SRC = slice(_EV_INDEX["source_code"], _EV_INDEX["source_code"] + len(_ACTOR_FIELDS))
_TGT = slice(_EV_INDEX["target_code"], _EV_INDEX["target_code"] + len(_ACTOR_FIELDS))


def _row_to_event(r: Sequence[Any]) -> Event:
    g = lambda name: r[_EV_INDEX[name]]  # noqa: E731
    start, end = g("evidence_start"), g("evidence_end")
    evidence = g("evidence_text")
    if evidence is None:
        s_start, s_end, s_text = r[_N_EV], r[_N_EV + 1], r[_N_EV + 2]
        evidence = None if s_text is None else _derive_evidence(s_start, s_end, s_text, start, end)
        if evidence is None:  # sentence row missing or inconsistent: should not happen
            evidence = ""
    return Event(
        id=g("id"),
        article_id=g("article_id"),
        sentence_index=g("sentence_index"),
        evidence=evidence,
        evidence_span=(start, end),
        source=_actor_from(r[_SRC]),
        target=_actor_from(r[_TGT]),
        cameo=g("cameo"),
        cameo_root=g("cameo_root"),
        goldstein=g("goldstein"),
        quad_class=g("quad_class"),
        plover=g("plover"),
        plover_mode=g("plover_mode"),
        plover_context=g("plover_context"),
        modality=g("modality"),
        date=g("date"),
        date_precision=g("date_precision"),
        date_text=g("date_text"),
        quantity=_from_json(g("quantity")),
        place=_from_json(g("place")),
        trigger=g("trigger"),
        confidence=g("confidence"),
        coder_version=g("coder_version"),
    )


def _insert(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[tuple[str, str]],
    rows: list[tuple[Any, ...]],
    chunk: int = 50_000,
) -> None:
    """Columnar bulk insert: each column goes in as one list parameter and is unnested.

    Much faster than ``executemany`` (which runs one statement per row in DuckDB) and needs
    neither pandas nor Arrow; values are still passed as parameters, never formatted into SQL.
    """
    if not rows:
        return
    names = ", ".join(_q(c) for c, _ in columns)
    select = ", ".join(
        f"unnest(?::{'VARCHAR' if t == 'JSON' else t}[])" for _, t in columns
    )
    sql = f"INSERT INTO {table} ({names}) SELECT {select}"
    for i in range(0, len(rows), chunk):
        part = rows[i : i + chunk]
        con.execute(sql, [list(col) for col in zip(*part)])
