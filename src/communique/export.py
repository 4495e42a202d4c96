"""Exports of the stored events: ``communique export --format plover-jsonl|gdelt-tsv|csv|parquet``.

Usage::

    communique export --format plover-jsonl -o events.jsonl --dyad CUB-VNM
    communique export --format gdelt-tsv --from 2021-01-01 > events.tsv
    communique export --format parquet -o events.parquet

    from communique.export import export_events
    n = export_events(store, "gdelt-tsv", Path("events.tsv"), country="CUB")

Every format writes **one row per unique event** (rows of ``events`` sharing ``event_key`` are
mentions of one event), with its mention counts and the evidence of its first stored mention
(earliest article id, sentence). Filters are those of ``communique events`` (``actor``,
``country``, ``dyad``/``directed``, ``code``, ``root``, ``since``, ``until``) and are applied to
the mention rows before they are grouped, and ``modality`` (``--modality``, repeatable) keeps only
the given modalities. Rows are ordered by date (undated last), then key.
``csv`` and ``parquet`` hold the flat columns of :data:`FLAT_COLUMNS`; parquet is written by
DuckDB's ``COPY ... TO ... (FORMAT PARQUET)`` and needs ``-o``; the other formats stream to
standard output without it.

PLOVER JSONL (one JSON object a line, PLOVER manual, "PLOVER JSON" tables)
    ``id`` ("communique-" + a stable hash of the event key), ``has_event`` (true), ``date``
    (YYYY-MM-DD, null when unknown), ``actor`` and ``recipient`` (lists of one entity object:
    ``code`` = 3-letter country or IGO/NGO prefix, ``sector``, ``entity_text`` (text in the
    sentence), ``identifier_id`` (Wikidata id), ``identifier_text`` (canonical name), and our
    ``actor_code``, the full CAMEO actor code; ``recipient`` is ``[]`` without a target),
    ``event`` ([PLOVER type]), ``mode`` and ``context`` (lists, possibly empty), ``quad_code``,
    ``event_loc`` (location object: ``extracted_place``, ``resolved_place``, ``country_code``
    (ISO3), ``geonameid``, ``lat``, ``lon``, ``resolution`` 1 country / 2 province / 4 city), ``event_text``
    ([evidence sentence]), ``text_info`` (``sequence`` = sentence index, ``start``/``end`` = character
    offsets in the article text), ``cite_info`` (``corpus`` = article source, ``citation`` =
    article id, ``url``, ``title``, ``coder``, ``codebook``), ``coder``, ``coded_date`` and
    ``coded_time`` (when the article was stored, UTC). Extra named fields, as the manual allows:
    ``cameo``, ``goldstein``, ``modality``, ``date_precision``, ``quantity``, ``confidence``,
    ``num_mentions``, ``num_articles``, ``event_key``.

GDELT-style TSV (GDELT 2.0 event table: 61 tab-separated columns, no header, as GDELT ships it;
``--header`` adds the column names). Columns we fill, the rest are left empty:

    ===========================  ==================================================================
    GlobalEventID                a stable 60-bit integer from the event key (GDELT: a sequence)
    Day / MonthYear / Year       event date as YYYYMMDD / YYYYMM / YYYY (empty when undated)
    FractionDate                 year + day-of-year / 365, 4 decimals
    Actor1Code / Actor2Code      CAMEO actor code of the source / target (``CUBGOV``, ``IGOUNO``)
    Actor1Name / Actor2Name      canonical actor name
    Actor1CountryCode / 2        ISO3 country code (empty for IGOs/NGOs)
    Actor1KnownGroupCode / 2     IGO/NGO group (``UNO`` of ``IGOUNO``)
    Actor1Type1Code / 2          sector (``GOV``, ``MIL``, ``IGO``...)
    IsRootEvent                  1 if a mention is the first sentence of its article (GDELT: lead
                                 paragraph), else 0
    EventCode / BaseCode / Root  CAMEO code, its first 3 digits, its 2-digit root
    QuadClass, GoldsteinScale    as coded
    NumMentions                  stored mentions (sentences) of the event
    NumSources                   distinct article sources among them
    NumArticles                  distinct articles among them
    ActionGeo_Type               1 country, 2 US state, 3 US city, 4 world city, 5 world state
    ActionGeo_FullName           place name as resolved
    ActionGeo_CountryCode        ISO3 country code (GDELT uses FIPS 10-4: a documented difference)
    ActionGeo_ADM1Code           ISO3 + GeoNames admin1 code (GDELT: FIPS country + ADM1)
    ActionGeo_Lat / _Long        coordinates
    ActionGeo_FeatureID          GeoNames id (GDELT: GNS/GNIS feature id)
    DATEADDED                    when the first mention's article was stored, YYYYMMDDHHMMSS UTC
    SOURCEURL                    URL of the first mention's article
    ===========================  ==================================================================

Left empty: the ethnic, religion and Type2/Type3 actor codes, AvgTone (no tone analysis) and
all Actor1Geo_* / Actor2Geo_* columns (actors are not geolocated).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from communique.models import ORG_PREFIXES, stable_hash
from communique.store import Store, _build_where

__all__ = ["FLAT_COLUMNS", "FORMATS", "GDELT_COLUMNS", "export_events", "gdelt_row", "plover_record"]

FORMATS = ("plover-jsonl", "gdelt-tsv", "csv", "parquet")
MODALITIES = ("asserted", "future", "negated", "hypothetical", "reported")
CODEBOOK = "CAMEO 2.0; PLOVER 2021 (CAMEO2PLOVER mapping)"
FETCH_ROWS = 5000

GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{f}" for n in (1, 2) for f in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{g}_{f}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for f in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61

# Columns of csv and parquet exports, in order (also the columns every exported row has).
FLAT_COLUMNS: tuple[str, ...] = (
    "event_key", "date", "date_precision",
    "source_code", "source_country", "source_sector", "source_name", "source_text", "source_wikidata",
    "target_code", "target_country", "target_sector", "target_name", "target_text", "target_wikidata",
    "cameo", "cameo_root", "goldstein", "quad_class", "plover", "plover_mode", "plover_context", "modality",
    "num_mentions", "num_articles", "num_sources", "is_root",
    "first_event_id", "article_id", "sentence_index", "evidence_start", "evidence_end", "evidence",
    "article_source", "article_url", "article_title", "added_at",
    "place", "quantity", "confidence", "coder_version",
)
_FROM_GROUP = {"event_key", "num_mentions", "num_articles", "num_sources", "is_root", "first_event_id"}
_FROM_ARTICLE = {"article_source": "source", "article_url": "url", "article_title": "title", "added_at": "added_at"}


def _select_column(column: str) -> str:
    """Where a flat column comes from: the group (g), the first mention (x) or its article (a)."""
    if column in _FROM_GROUP:
        return f"g.{column}"
    if column in _FROM_ARTICLE:
        return f"a.{_FROM_ARTICLE[column]} AS {column}"
    return f"x.{column}"


def _unique_sql(where: str) -> str:
    """Unique events among the filtered rows of ``events``, with their first mention's fields."""
    return (
        "WITH g AS (SELECT e.event_key, arg_min(e.id, (e.article_id, e.sentence_index, e.id)) AS first_event_id, "
        "count(*) AS num_mentions, count(DISTINCT e.article_id) AS num_articles, "
        "count(DISTINCT a.source) AS num_sources, max(CASE WHEN e.sentence_index = 0 THEN 1 ELSE 0 END) AS is_root "
        f"FROM events e LEFT JOIN articles a ON a.id = e.article_id{where} GROUP BY e.event_key) "
        f"SELECT {', '.join(_select_column(c) for c in FLAT_COLUMNS)} "
        "FROM g JOIN events_evidence x ON x.id = g.first_event_id LEFT JOIN articles a ON a.id = x.article_id "
        "ORDER BY x.date ASC NULLS LAST, g.event_key"
    )


def _iter_rows(store: Store, sql: str, params: list[Any]) -> Iterator[dict[str, Any]]:
    """Rows of a query as dicts, fetched in chunks (the store's lock is held while they stream)."""
    with store._lock:  # the store serialises calls on its single connection
        cur = store._conn().cursor()
    try:
        cur.execute(sql, params)
        names = [d[0] for d in cur.description]
        while chunk := cur.fetchmany(FETCH_ROWS):
            for row in chunk:
                yield dict(zip(names, row))
    finally:
        cur.close()


# --------------------------------------------------------------------------------------------
# PLOVER


def _entity(r: dict[str, Any], side: str) -> list[dict[str, Any]]:
    code = r[f"{side}_code"]
    if code is None:
        return []
    country = r[f"{side}_country"] or code
    return [{"code": country[:3], "sector": r[f"{side}_sector"] or (country[3:] or None),
             "entity_text": r[f"{side}_text"], "identifier_id": r[f"{side}_wikidata"],
             "identifier_text": r[f"{side}_name"], "actor_code": code}]


_RESOLUTION = {"country": 1, "admin1": 2, "city": 4}


def _plover_location(place: dict[str, Any] | None) -> dict[str, Any] | None:
    if not place:
        return None
    return {"extracted_place": place.get("text"), "resolved_place": place.get("name"),
            "country_code": place.get("country"), "geonameid": place.get("geonameid"),
            "lat": place.get("lat"), "lon": place.get("lon"), "resolution": _RESOLUTION.get(place.get("precision"))}


def _json(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def plover_record(r: dict[str, Any]) -> dict[str, Any]:
    """One exported row (:data:`FLAT_COLUMNS`) as a PLOVER JSON record (see the module docstring)."""
    added: dt.datetime | None = r["added_at"]
    return {
        "id": "communique-" + stable_hash(r["event_key"]),
        "has_event": True,
        "date": r["date"].isoformat() if r["date"] else None,
        "actor": _entity(r, "source"),
        "recipient": _entity(r, "target"),
        "event": [r["plover"]],
        "mode": [r["plover_mode"]] if r["plover_mode"] else [],
        "context": [c for c in (r["plover_context"] or "").split(";") if c],
        "quad_code": r["quad_class"],
        "event_loc": _plover_location(_json(r["place"])),
        "event_text": [r["evidence"]],
        "text_info": {"sequence": r["sentence_index"], "start": r["evidence_start"], "end": r["evidence_end"]},
        "cite_info": {"corpus": r["article_source"], "citation": r["article_id"], "url": r["article_url"],
                      "title": r["article_title"], "coder": r["coder_version"], "codebook": CODEBOOK},
        "coder": r["coder_version"],
        "coded_date": added.date().isoformat() if added else None,
        "coded_time": added.time().isoformat(timespec="seconds") if added else None,
        "cameo": r["cameo"],
        "goldstein": r["goldstein"],
        "modality": r["modality"],
        "date_precision": r["date_precision"],
        "quantity": _json(r["quantity"]),
        "confidence": r["confidence"],
        "num_mentions": r["num_mentions"],
        "num_articles": r["num_articles"],
        "event_key": r["event_key"],
    }


# --------------------------------------------------------------------------------------------
# GDELT


def _gdelt_actor(r: dict[str, Any], side: str) -> list[Any]:
    """The 10 GDELT actor columns of the source or target."""
    code, country = r[f"{side}_code"], r[f"{side}_country"] or ""
    is_org = country[:3] in ORG_PREFIXES
    return [code or "", r[f"{side}_name"] or "", "" if is_org else country, country[3:6] if is_org else "",
            "", "", "", r[f"{side}_sector"] or "", "", ""]


def _geo_type(place: dict[str, Any]) -> int | str:
    precision, us = place.get("precision"), place.get("country") == "USA"
    if precision == "country":
        return 1
    if precision == "admin1":
        return 2 if us else 5
    if precision == "city":
        return 3 if us else 4
    return ""


def _gdelt_action_geo(place: dict[str, Any] | None) -> list[Any]:
    """The 8 ActionGeo_* columns from the event's place."""
    if not place:
        return [""] * 8
    country = place.get("country") or ""
    admin1 = place.get("admin1")
    return [_geo_type(place), place.get("name") or "", country, f"{country}{admin1}" if admin1 else country, "",
            place.get("lat", ""), place.get("lon", ""), place.get("geonameid", "")]


def _empty(value: Any) -> Any:
    return "" if value is None else value


def gdelt_row(r: dict[str, Any]) -> list[Any]:
    """One exported row as the 61 GDELT 2.0 event columns (see the module docstring)."""
    day: dt.date | None = r["date"]
    added: dt.datetime | None = r["added_at"]
    fraction = f"{day.year + day.timetuple().tm_yday / 365:.4f}" if day else ""
    row = [
        int(stable_hash(r["event_key"], length=15), 16),
        day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "", day.year if day else "",
        fraction,
        *_gdelt_actor(r, "source"), *_gdelt_actor(r, "target"),
        r["is_root"], r["cameo"], r["cameo"][:3], r["cameo_root"], r["quad_class"], r["goldstein"],
        r["num_mentions"], r["num_sources"], r["num_articles"], "",
        *([""] * 16),
        *_gdelt_action_geo(_json(r["place"])),
        added.strftime("%Y%m%d%H%M%S") if added else "", r["article_url"] or "",
    ]
    return [_empty(v) for v in row]


# --------------------------------------------------------------------------------------------
# writers


def _write_plover(rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for r in rows:
        out.write(json.dumps(plover_record(r), ensure_ascii=False, allow_nan=False) + "\n")
        n += 1
    return n


def _write_csv(rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FLAT_COLUMNS)
    n = 0
    for r in rows:
        writer.writerow(_flat_cells(r))
        n += 1
    return n


def _write_gdelt(rows: Iterator[dict[str, Any]], out: IO[str], header: bool) -> int:
    """GDELT's TSV has no quoting: tabs and line breaks inside values become spaces."""
    if header:
        out.write("\t".join(GDELT_COLUMNS) + "\n")
    n = 0
    for r in rows:
        out.write("\t".join(" ".join(str(v).split()) for v in gdelt_row(r)) + "\n")
        n += 1
    return n


def _flat_cells(r: dict[str, Any]) -> list[Any]:
    return [_empty(r[c]) for c in FLAT_COLUMNS]


def _write_parquet(store: Store, sql: str, params: list[Any], output: Path) -> int:
    with store._lock:
        con = store._conn()
        con.execute(f"COPY ({sql}) TO '{_sql_path(output)}' (FORMAT PARQUET)", params)
        return int(con.execute(f"SELECT count(*) FROM read_parquet('{_sql_path(output)}')").fetchone()[0])


def _sql_path(path: Path) -> str:
    """A file path as the body of a SQL string literal."""
    return str(path).replace("'", "''")


def export_events(store: Store, fmt: str, output: Path | None = None, *, stream: IO[str] | None = None,
                  header: bool = False, actor: str | None = None, country: str | None = None,
                  dyad: str | None = None, directed: bool = False, code: str | None = None,
                  root: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
                  modality: Sequence[str] | None = None) -> int:
    """Write the unique events matching the filters in format ``fmt``; returns the rows written.

    ``output`` is a file path, else ``stream`` (default: standard output) receives the text; the
    parquet format needs ``output``. ``header`` adds a header line to ``gdelt-tsv`` (csv always
    has one). ``modality`` keeps only events of these modalities (GDELT has no modality column:
    ``modality=["asserted", "reported"]`` leaves out negated, hypothetical and future events).
    Bad formats or filter values raise :class:`ValueError`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    where, params = _build_where(actor=actor, country=country, dyad=dyad, directed=directed, code=code, root=root,
                                 since=since, until=until, article_id=None)
    if modality:
        where, params = _with_modality(where, params, modality)
    sql = _unique_sql(where)
    if fmt == "parquet":
        if output is None:
            raise ValueError("the parquet format needs an output file (-o FILE.parquet)")
        return _write_parquet(store, sql, params, Path(output))
    if output is not None:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        with open(output, "w", encoding="utf-8", newline="") as fh:
            return _write_text(store, fmt, sql, params, fh, header)
    return _write_text(store, fmt, sql, params, stream or sys.stdout, header)


def _with_modality(where: str, params: list[Any], modality: Sequence[str]) -> tuple[str, list[Any]]:
    unknown = sorted(set(modality) - set(MODALITIES))
    if unknown:
        raise ValueError(f"modality must be among {', '.join(MODALITIES)}, got {', '.join(map(repr, unknown))}")
    clause = "e.modality IN (" + ", ".join("?" * len(modality)) + ")"
    return (f"{where} AND {clause}" if where else f" WHERE {clause}"), [*params, *modality]


def _write_text(store: Store, fmt: str, sql: str, params: list[Any], out: IO[str], header: bool) -> int:
    rows = _iter_rows(store, sql, params)
    if fmt == "plover-jsonl":
        return _write_plover(rows, out)
    if fmt == "gdelt-tsv":
        return _write_gdelt(rows, out, header)
    return _write_csv(rows, out)
