"""SQL of the JSON API that the Store does not offer: filtered, searchable event pages,
articles with their evidence spans, and the list of countries present.

Every value reaches DuckDB as a ``?`` parameter; only fixed column names and operators are
written into SQL text. Validation errors raise :class:`ValueError` with a message naming the
parameter (the app turns them into HTTP 422).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import duckdb
from communique.analysis import country_name
from communique.events.ontology import PLOVER_TYPES, QUAD_CLASS_NAMES
from communique.store import _derive_evidence

__all__ = [
    "EventFilters",
    "article_with_spans",
    "check_country",
    "check_dyad",
    "check_period",
    "counts",
    "countries",
    "event_page",
    "split_into_segments",
    "store_countries",
]

_COUNTRY_RE = re.compile(r"^(?:[A-Z]{3}|(?:IGO|NGO)(?:[A-Z]{3})+)$")
_ACTOR_RE = re.compile(r"^[A-Z0-9]{3,15}$")
_CODE_RE = re.compile(r"^\d{2,4}$")
MAX_SEARCH_LENGTH = 200


def store_countries(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every country code present in the store's events (IGOs included)."""
    rows = con.execute(
        "SELECT source_country FROM events WHERE source_country IS NOT NULL "
        "UNION SELECT target_country FROM events WHERE target_country IS NOT NULL"
    ).fetchall()
    return {r[0] for r in rows}


def check_country(value: str, present: set[str], name: str = "country") -> str:
    """The upper-cased country code, or ValueError naming ``name`` when malformed or unknown.

    Known codes are the gazetteer's countries and organisations plus any code in the store.
    """
    code = value.strip().upper()
    if not _COUNTRY_RE.match(code):
        raise ValueError(f"{name} must be an ISO3 country code such as 'CUB' or an IGO/NGO code such as "
                         f"'IGOUNO', got {value!r}")
    if country_name(code) == code and code not in present:
        raise ValueError(f"{name}: unknown country code {code!r} (not an ISO3 or IGO/NGO code we know of)")
    return code


def check_dyad(value: str, present: set[str]) -> tuple[str, str]:
    """``"AAA-BBB"`` as two known, different country codes, or ValueError."""
    parts = value.strip().upper().split("-")
    if len(parts) != 2 or not all(_COUNTRY_RE.match(p) for p in parts):
        raise ValueError(f"dyad must be two country codes joined by '-', such as 'CUB-VNM', got {value!r}")
    a = check_country(parts[0], present, "dyad")
    b = check_country(parts[1], present, "dyad")
    if a == b:
        raise ValueError(f"dyad needs two different countries, got {value!r}")
    return a, b


def check_period(since: dt.date | None, until: dt.date | None) -> None:
    """ValueError when the date range is reversed."""
    if since is not None and until is not None and since > until:
        raise ValueError(f"reversed date range: since ({since}) is after until ({until})")


@dataclass(frozen=True, slots=True)
class EventFilters:
    """Validated filters of ``GET /api/events`` (all optional)."""

    actor: str | None = None
    country: str | None = None
    dyad: tuple[str, str] | None = None
    directed: bool = False
    code: str | None = None
    plover: str | None = None
    quad: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    q: str | None = None

    @classmethod
    def parse(cls, present: set[str], *, actor: str | None = None, country: str | None = None,
              dyad: str | None = None, directed: bool = False, code: str | None = None,
              plover: str | None = None, quad: int | None = None, since: dt.date | None = None,
              until: dt.date | None = None, q: str | None = None) -> EventFilters:
        """Validate raw query values; ValueError names the first bad parameter."""
        if actor is not None and not _ACTOR_RE.match(actor.strip().upper()):
            raise ValueError(f"actor must be an actor code or prefix of 3-15 letters/digits such as "
                             f"'CUBGOV', got {actor!r}")
        if code is not None and not _CODE_RE.match(code.strip()):
            raise ValueError(f"code must be a CAMEO code or prefix of 2-4 digits such as '04', got {code!r}")
        if plover is not None and plover.strip().upper() not in PLOVER_TYPES:
            raise ValueError(f"plover must be one of {', '.join(sorted(PLOVER_TYPES))}, got {plover!r}")
        if quad is not None and quad not in QUAD_CLASS_NAMES:
            raise ValueError(f"quad must be a quad class 1-4, got {quad!r}")
        if directed and dyad is None:
            raise ValueError("directed=true needs a dyad")
        if q is not None and len(q) > MAX_SEARCH_LENGTH:
            raise ValueError(f"q (text search) is limited to {MAX_SEARCH_LENGTH} characters, got {len(q)}")
        check_period(since, until)
        return cls(
            actor=actor.strip().upper() if actor else None,
            country=check_country(country, present) if country is not None else None,
            dyad=check_dyad(dyad, present) if dyad is not None else None,
            directed=directed,
            code=code.strip() if code else None,
            plover=plover.strip().upper() if plover else None,
            quad=quad,
            since=since,
            until=until,
            q=q if q else None,
        )

    def where(self, alias: str, evidence: str) -> tuple[str, list[Any]]:
        """``WHERE`` clause over a table/view aliased ``alias``; ``evidence`` is the searched column."""
        e = alias
        a, b = self.dyad or (None, None)
        one_way = f"({e}.source_country = ? AND {e}.target_country = ?)"
        dyad = (one_way, [a, b]) if self.directed else (f"({one_way} OR {one_way})", [a, b, b, a])
        parts: list[tuple[object, str, list[Any]]] = [
            (self.actor, f"(starts_with({e}.source_code, ?) OR starts_with({e}.target_code, ?))", [self.actor] * 2),
            (self.country, f"({e}.source_country = ? OR {e}.target_country = ?)", [self.country] * 2),
            (self.dyad, *dyad),
            (self.code, f"starts_with({e}.cameo, ?)", [self.code]),
            (self.plover, f"{e}.plover = ?", [self.plover]),
            (self.quad is not None, f"{e}.quad_class = ?", [self.quad]),
            (self.since, f"{e}.date >= ?", [self.since]),
            (self.until, f"{e}.date <= ?", [self.until]),
            (self.q, f"contains(lower({evidence}), lower(?))", [self.q]),
        ]
        active = [(sql, params) for on, sql, params in parts if on]
        if not active:
            return "", []
        return " WHERE " + " AND ".join(sql for sql, _ in active), [v for _, params in active for v in params]


_EVENT_FIELDS = (
    "id", "article_id", "sentence_index", "evidence", "evidence_start", "evidence_end", "date",
    "date_precision", "source_code", "source_country", "source_name", "target_code", "target_country",
    "target_name", "cameo", "cameo_root", "goldstein", "quad_class", "plover", "plover_mode", "modality",
    "confidence", "event_key",
)
_EVENT_ORDER = " ORDER BY e.date ASC NULLS LAST, e.article_id, e.sentence_index, e.id"

# Deduplicated events like the store's ``unique_events`` view, but grouping only the rows that
# match the filters (the view groups the whole table: seconds on a million rows). Every mention
# of an event shares its key (date, actors, code, modality), so a filter on those columns keeps
# or drops all of an event's mentions together; a text search instead selects the keys of the
# events with a matching mention ({rows}), whose mentions are then all grouped.
_FIRST = "(article_id, sentence_index, id)"
_UNIQUE_SQL = f"""
    SELECT event_key,
           arg_min(id, {_FIRST}) AS first_event_id,
           any_value(date) AS date,
           any_value(source_code) AS source_code, any_value(source_country) AS source_country,
           any_value(target_code) AS target_code, any_value(target_country) AS target_country,
           any_value(cameo) AS cameo, any_value(cameo_root) AS cameo_root,
           any_value(goldstein) AS goldstein, any_value(quad_class) AS quad_class,
           any_value(plover) AS plover, any_value(modality) AS modality,
           count(*) AS num_mentions, count(DISTINCT article_id) AS num_articles,
           arg_min(article_id, {_FIRST}) AS article_id, arg_min(sentence_index, {_FIRST}) AS sentence_index,
           arg_min(evidence_start, {_FIRST}) AS evidence_start, arg_min(evidence_end, {_FIRST}) AS evidence_end,
           arg_min(evidence_text, {_FIRST}) AS evidence_text
    FROM {{rows}}
    GROUP BY event_key
    ORDER BY date ASC NULLS LAST, num_mentions DESC, event_key
    LIMIT ? OFFSET ?
"""
_UNIQUE_FIELDS = (
    "event_key", "first_event_id", "date", "source_code", "source_country", "target_code", "target_country",
    "cameo", "cameo_root", "goldstein", "quad_class", "plover", "modality", "num_mentions", "num_articles",
    "article_id", "sentence_index", "evidence_start", "evidence_end", "evidence_text",
)


def _unique_page(con: duckdb.DuckDBPyConnection, filters: EventFilters, where: str, params: list[Any],
                 limit: int, offset: int) -> list[dict[str, Any]]:
    """A page of deduplicated events with the evidence of each one's first mention."""
    if filters.q:
        rows = f"events WHERE event_key IN (SELECT e.event_key FROM events_evidence e{where})"
    else:
        rows = f"events e{where}"
    found = con.execute(_UNIQUE_SQL.format(rows=rows), [*params, limit, offset]).fetchall()
    page = [dict(zip(_UNIQUE_FIELDS, r)) for r in found]
    _attach_evidence(con, page)
    for r in page:
        del r["evidence_start"], r["evidence_end"]
    return page


def event_page(con: duckdb.DuckDBPyConnection, filters: EventFilters, *, page: int, page_size: int,
               unique: bool) -> tuple[int, list[dict[str, Any]]]:
    """``(total, rows)``: one page (1-based) of events, or of deduplicated events when ``unique``.

    Totals are counted on ``events`` alone unless the text search needs the evidence (a join
    with ``sentences``). Unique rows carry the
    evidence, article and sentence of their first mention; with ``q`` a real-world event is
    listed when any of its mentions' evidence contains the text.
    """
    offset = (page - 1) * page_size
    source = "events_evidence" if filters.q else "events"
    where, params = filters.where("e", "e.evidence")
    if unique:
        total = con.execute(f"SELECT count(DISTINCT e.event_key) FROM {source} e{where}", params).fetchone()[0]
        return int(total), _unique_page(con, filters, where, params, page_size, offset)
    total = con.execute(f"SELECT count(*) FROM {source} e{where}", params).fetchone()[0]
    if filters.q:
        cols = ", ".join(f"e.{c}" for c in _EVENT_FIELDS)
        rows = con.execute(f"SELECT {cols} FROM events_evidence e{where}{_EVENT_ORDER} LIMIT ? OFFSET ?",
                           [*params, page_size, offset]).fetchall()
        return int(total), [dict(zip(_EVENT_FIELDS, r)) for r in rows]
    return int(total), _page_with_evidence(con, where, params, page_size, offset)


_PAGE_FIELDS = tuple(c for c in _EVENT_FIELDS if c != "evidence") + ("evidence_text",)


def _page_with_evidence(con: duckdb.DuckDBPyConnection, where: str, params: list[Any], limit: int,
                        offset: int) -> list[dict[str, Any]]:
    """A page of ``events`` rows, then the evidence of just those rows from their sentences.

    Joining the ``events_evidence`` view would read every stored sentence; looking up the page's
    articles uses the snapshot's index on ``sentences.article_id``. The evidence is derived as
    the Store derives it (:func:`communique.store._derive_evidence`).
    """
    cols = ", ".join(f"e.{c}" for c in _PAGE_FIELDS)
    found = con.execute(f"SELECT {cols} FROM events e{where}{_EVENT_ORDER} LIMIT ? OFFSET ?",
                        [*params, limit, offset]).fetchall()
    rows = [dict(zip(_PAGE_FIELDS, r)) for r in found]
    _attach_evidence(con, rows)
    return rows


def _attach_evidence(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    """Replace each row's ``evidence_text`` with its ``evidence``, read from its stored sentence.

    Rows carry ``article_id``, ``sentence_index``, ``evidence_start``/``evidence_end`` and
    ``evidence_text`` (the verbatim evidence, or None when the sentence gives it).
    """
    articles = sorted({r["article_id"] for r in rows})
    sentences = {
        (a, i): (start, end, text)
        for a, i, start, end, text in con.execute(
            'SELECT article_id, sentence_index, "start", end_, "text" FROM sentences '
            "WHERE list_contains(?::VARCHAR[], article_id)", [articles]).fetchall()
    } if articles else {}
    for r in rows:
        evidence = r.pop("evidence_text")
        sentence = sentences.get((r["article_id"], r["sentence_index"]))
        if evidence is None and sentence is not None:
            evidence = _derive_evidence(*sentence, r["evidence_start"], r["evidence_end"])
        r["evidence"] = evidence


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Numbers of events and articles in the store."""
    events, articles = con.execute("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM articles)").fetchone()
    return {"events": int(events), "articles": int(articles)}


def article_with_spans(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """An article's fields and text with the evidence span of each of its events (None if absent).

    ``segments`` is the text cut at the evidence boundaries (see :func:`split_into_segments`).
    """
    row = con.execute(
        "SELECT id, source, url, title, date, dateline, text FROM articles WHERE id = ?", [article_id]
    ).fetchone()
    if row is None:
        return None
    article = dict(zip(("id", "source", "url", "title", "date", "dateline", "text"), row))
    spans = con.execute(
        "SELECT id, evidence_start, evidence_end, sentence_index, cameo, plover, quad_class, goldstein, "
        "source_code, target_code, date FROM events WHERE article_id = ? "
        "ORDER BY evidence_start, evidence_end, id",
        [article_id],
    ).fetchall()
    article["events"] = [
        dict(zip(("event_id", "start", "end", "sentence_index", "cameo", "plover", "quad_class", "goldstein",
                  "source_code", "target_code", "date"), s))
        for s in spans
    ]
    article["segments"] = split_into_segments(
        article["text"] or "", [(e["start"], e["end"], e["event_id"]) for e in article["events"]])
    return article


def countries(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Countries that appear in events, with their event counts and names, most events first."""
    rows = con.execute(
        "SELECT c, count(*) AS n FROM ("
        " SELECT source_country AS c FROM events WHERE source_country IS NOT NULL"
        " UNION ALL SELECT target_country FROM events WHERE target_country IS NOT NULL"
        "   AND target_country IS DISTINCT FROM source_country"
        ") GROUP BY c ORDER BY n DESC, c"
    ).fetchall()
    return [{"code": c, "name": country_name(c), "events": int(n)} for c, n in rows]


def split_into_segments(text: str, spans: list[tuple[int, int, str]]) -> list[dict[str, Any]]:
    """Cut ``text`` at every span boundary: ``[{"text", "event_ids"}]`` in order.

    ``spans`` are ``(start, end, event_id)`` character offsets (clamped to the text); each segment
    lists the events whose evidence covers it, so a client can highlight without offset maths
    (JavaScript strings count UTF-16 units, Python counts code points).
    """
    n = len(text)
    clean = [(max(0, min(s, n)), max(0, min(e, n)), i) for s, e, i in spans if e > s]
    cuts = sorted({0, n, *(s for s, _, _ in clean), *(e for _, e, _ in clean)})
    segments = []
    for lo, hi in zip(cuts, cuts[1:]):
        ids = [i for s, e, i in clean if s <= lo and hi <= e]
        segments.append({"text": text[lo:hi], "event_ids": ids})
    return segments
