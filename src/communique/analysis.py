"""Relations analysis over the event store: dyad time series and summaries, partners, networks.

Usage::

    from communique.analysis import dyad_summary, dyad_timeline, partners, relations_network
    from communique.store import Store

    with Store("communique.duckdb", read_only=True) as store:
        for row in dyad_timeline(store, "CUB", "VNM", freq="month"):
            print(row["period"], row["events"], row["goldstein_mean"])
        print(dyad_summary(store, "CUB", "VNM")["trend_direction"])
        print(partners(store, "CUB", order="cooperation")[:5])
        net = relations_network(store, since=date(2021, 1, 1), min_events=2)

What is counted
    **Unique events**: rows of ``events`` sharing ``event_key`` (date, source, target, CAMEO
    code, modality) are mentions of one real-world event and count once; ``num_mentions`` (rows)
    and ``num_articles`` measure how widely an event was reported. Only events between two
    *different* countries (both ``source_country`` and ``target_country`` known) take part, and
    only modalities that report something said or done (:data:`COUNTED_MODALITIES`: asserted,
    reported, future); negated ("failed to visit") and hypothetical events are left out.

How the SQL runs
    Every query filters ``events`` first (countries, dates, modality) and only then groups the
    surviving rows by ``event_key``, so the cost follows the size of the selection, not of the
    store (the ``unique_events`` view, which groups the whole table, is never used here).

Bad arguments (country codes that are neither ISO3 nor IGO/NGO codes nor present in the store,
``since`` after ``until``, an unknown ``freq`` or ``order``, a ``limit`` over :data:`MAX_LIMIT`)
raise :class:`ValueError` with a message naming the argument; the API turns these into HTTP 422.
All functions only read, so they work on a store opened ``read_only=True``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import math
import re
import uuid
from collections.abc import Iterator, Sequence
from importlib import resources
from typing import Any

import networkx as nx

from communique.store import Store, _as_date

__all__ = [
    "COUNTED_MODALITIES",
    "FREQUENCIES",
    "MAX_LIMIT",
    "QUAD_NAMES",
    "country_name",
    "dyad_summary",
    "dyad_timeline",
    "layout_network",
    "parse_dyad",
    "pick_freq",
    "partners",
    "relations_network",
]

COUNTED_MODALITIES: tuple[str, ...] = ("asserted", "reported", "future")
FREQUENCIES: tuple[str, ...] = ("day", "week", "month", "year")
QUAD_NAMES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
MAX_LIMIT = 500
MAX_PERIODS = 20_000  # a timeline longer than this needs a coarser freq
TREND_PERIODS = 6  # periods shown in a summary's trend
TREND_THRESHOLD = 1.0  # Goldstein points between the halves of the trend that count as a change
COOPERATION_PRIOR = 2  # pseudo-events that shrink the cooperation score of rarely seen partners
COMMUNITY_SEED = 42

_COUNTRY_RE = re.compile(r"^(?:[A-Z]{3}|(?:IGO|NGO|IMG)(?:[A-Z]{3})+)$")

# Conditions every analysed event meets (the table alias is ``e``).
_BASE_WHERE = (
    "e.source_country IS NOT NULL AND e.target_country IS NOT NULL "
    "AND e.source_country <> e.target_country "
    "AND e.modality IN (" + ", ".join(f"'{m}'" for m in COUNTED_MODALITIES) + ")"
)

# One row per unique event among the filtered rows of ``events`` (alias ``e``).
_UNIQUE_COLUMNS = (
    "event_key, any_value(date) AS date, any_value(source_country) AS source_country, "
    "any_value(target_country) AS target_country, any_value(source_code) AS source_code, "
    "any_value(target_code) AS target_code, any_value(cameo) AS cameo, "
    "any_value(cameo_root) AS cameo_root, any_value(goldstein) AS goldstein, "
    "any_value(quad_class) AS quad_class, any_value(plover) AS plover, "
    "any_value(modality) AS modality, count(*) AS num_mentions"
)
# Computed only for the few events shown with evidence: they cost four times the rest together.
_MENTION_COLUMNS = (
    "event_key, arg_min(id, (article_id, sentence_index, id)) AS first_event_id, "
    "count(DISTINCT article_id) AS num_articles"
)


# --------------------------------------------------------------------------------------------
# argument checks


@functools.lru_cache(maxsize=1)
def _known_codes() -> dict[str, str]:
    """Country and organisation codes of the bundled gazetteer, with their names."""
    names: dict[str, str] = {}
    data = resources.files("communique.actors") / "data"
    for file, code_col in (("countries.tsv", "iso3"), ("igos.tsv", "code")):
        lines = [ln for ln in (data / file).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
        header = lines[0].split("\t")
        code_i, name_i = header.index(code_col), header.index("name")
        for line in lines[1:]:
            cells = line.split("\t")
            names.setdefault(cells[code_i], cells[name_i])
    return names


def country_name(code: str) -> str:
    """The gazetteer's name of a country or organisation code (the code itself if unknown)."""
    return _known_codes().get(code, code)


def _store_has_country(store: Store, code: str) -> bool:
    rows = _query(store, "SELECT 1 FROM events e WHERE e.source_country = ? OR e.target_country = ? LIMIT 1",
                  [code, code])
    return bool(rows)


def _check_country(store: Store, value: Any, name: str) -> str:
    """Upper-cased country code, or ValueError if it is malformed or unknown."""
    code = value.strip().upper() if isinstance(value, str) else None
    if not code or not _COUNTRY_RE.match(code):
        raise ValueError(
            f"{name} must be an ISO3 country code such as 'CUB' or an IGO/NGO code such as 'IGOUNO', got {value!r}"
        )
    if code not in _known_codes() and not _store_has_country(store, code):
        raise ValueError(f"{name}: unknown country code {code!r} (not an ISO3 or IGO/NGO code we know of)")
    return code


def parse_dyad(value: str) -> tuple[str, str]:
    """Split ``"CUB-VNM"`` into ``("CUB", "VNM")`` (upper-cased); ValueError if malformed."""
    parts = value.strip().upper().split("-") if isinstance(value, str) else []
    if len(parts) != 2 or not all(_COUNTRY_RE.match(p) for p in parts):
        raise ValueError(f"dyad must look like 'CUB-VNM' (two country codes joined by '-'), got {value!r}")
    return parts[0], parts[1]


def _check_dyad(store: Store, a: Any, b: Any) -> tuple[str, str]:
    ca, cb = (_check_country(store, a, "first country of the dyad"),
              _check_country(store, b, "second country of the dyad"))
    if ca == cb:
        raise ValueError(f"a dyad needs two different countries, got {ca!r} twice")
    return ca, cb


def _check_dates(since: Any, until: Any) -> tuple[dt.date | None, dt.date | None]:
    s, u = _as_date(since, "since"), _as_date(until, "until")
    if s is not None and u is not None and s > u:
        raise ValueError(f"since ({s}) is after until ({u})")
    return s, u


def _check_choice(value: Any, name: str, choices: Sequence[str]) -> str:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def _check_int(value: Any, name: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"{name} must be an integer from {low} to {high}, got {value!r}")
    return value


# --------------------------------------------------------------------------------------------
# SQL helpers


def _query(store: Store, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    """Run a read-only query on the store's connection; rows as dicts."""
    with store._lock:  # the store serialises calls on its single connection
        cur = store._conn().execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]


def _date_where(since: dt.date | None, until: dt.date | None) -> tuple[str, list[Any]]:
    sql, params = "", []
    if since is not None:
        sql += " AND e.date >= ?"
        params.append(since)
    if until is not None:
        sql += " AND e.date <= ?"
        params.append(until)
    return sql, params


def _dyad_where(a: str, b: str, directed: bool) -> tuple[str, list[Any]]:
    if directed:
        return " AND e.source_country = ? AND e.target_country = ?", [a, b]
    return (" AND ((e.source_country = ? AND e.target_country = ?)"
            " OR (e.source_country = ? AND e.target_country = ?))", [a, b, b, a])


def _unique_events_sql(where: str) -> str:
    """A subquery: the unique events among the rows of ``events`` passing ``where``."""
    return f"(SELECT {_UNIQUE_COLUMNS} FROM events e WHERE {_BASE_WHERE}{where} GROUP BY event_key)"


# --------------------------------------------------------------------------------------------
# periods


def _period_start(day: dt.date, freq: str) -> dt.date:
    if freq == "day":
        return day
    if freq == "week":
        return day - dt.timedelta(days=day.weekday())
    if freq == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def _next_period(start: dt.date, freq: str) -> dt.date:
    if freq == "day":
        return start + dt.timedelta(days=1)
    if freq == "week":
        return start + dt.timedelta(days=7)
    if freq == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def _periods(first: dt.date, last: dt.date, freq: str) -> list[dt.date]:
    """Start dates of every period from the one holding ``first`` to the one holding ``last``."""
    out, cur, end = [], _period_start(first, freq), _period_start(last, freq)
    while cur <= end:
        out.append(cur)
        if len(out) > MAX_PERIODS:
            raise ValueError(f"more than {MAX_PERIODS} {freq} periods between {first} and {last}: use a coarser freq")
        cur = _next_period(cur, freq)
    return out


def _empty_period(period: dt.date) -> dict[str, Any]:
    return {"period": period, "events": 0, "quad": {str(q): 0 for q in QUAD_NAMES}, "plover": {},
            "goldstein_sum": 0.0, "goldstein_mean": None}


def _timeline_rows(store: Store, relation: str, params: list[Any], freq: str) -> list[tuple[Any, ...]]:
    """(period, quad class, PLOVER type, unique events, Goldstein sum) of the dated unique events
    of ``relation`` (a subquery or table of unique events), ordered by period."""
    sql = (
        f"SELECT date_trunc('{freq}', u.date)::DATE AS period, u.quad_class, u.plover, "
        "count(*) AS n, sum(u.goldstein) AS g "
        f"FROM {relation} u WHERE u.date IS NOT NULL GROUP BY ALL ORDER BY period"
    )
    with store._lock:
        return store._conn().execute(sql, params).fetchall()


def _fill_timeline(rows: list[tuple[Any, ...]], freq: str, since: dt.date | None,
                   until: dt.date | None) -> list[dict[str, Any]]:
    """One dict per period from ``since`` (or the first row) to ``until`` (or the last row),
    empty periods included."""
    if not rows and (since is None or until is None):
        return []
    table = {p: _empty_period(p) for p in _periods(since or rows[0][0], until or rows[-1][0], freq)}
    for period, quad, plover, n, g in rows:
        cell = table[period]
        cell["events"] += n
        cell["quad"][str(quad)] = cell["quad"].get(str(quad), 0) + n
        cell["plover"][plover] = cell["plover"].get(plover, 0) + n
        cell["goldstein_sum"] += float(g or 0.0)
    for cell in table.values():
        if cell["events"]:
            cell["goldstein_mean"] = cell["goldstein_sum"] / cell["events"]
    return list(table.values())


def dyad_timeline(store: Store, a: str, b: str, *, freq: str = "month", directed: bool = False,
                  since: dt.date | None = None, until: dt.date | None = None) -> list[dict[str, Any]]:
    """Unique events between countries ``a`` and ``b`` per period, oldest first.

    One dict per period (``freq``: day, week (ISO, from Monday), month or year), from the first
    to the last period with events (or the whole ``since``..``until`` range when both are given),
    empty periods included::

        {"period": date (start of period), "events": int, "quad": {"1": n, "2": n, "3": n, "4": n},
         "plover": {"CONSULT": n, ...}, "goldstein_sum": float, "goldstein_mean": float | None}

    ``directed=True`` counts only events with source ``a`` and target ``b``; otherwise both
    directions. Undated events cannot be placed in a period and are left out.
    """
    a, b = _check_dyad(store, a, b)
    freq = _check_choice(freq, "freq", FREQUENCIES)
    since, until = _check_dates(since, until)
    dyad_sql, params = _dyad_where(a, b, bool(directed))
    date_sql, date_params = _date_where(since, until)
    rows = _timeline_rows(store, _unique_events_sql(dyad_sql + date_sql), params + date_params, freq)
    return _fill_timeline(rows, freq, since, until)


def _balance(cooperation: int, conflict: int) -> float:
    total = cooperation + conflict
    return (cooperation - conflict) / total if total else 0.0


def pick_freq(first: dt.date | None, last: dt.date | None) -> str:
    """Period length for a trend: weeks for up to 3 months, months up to 3 years, else years."""
    if first is None or last is None:
        return "month"
    span = (last - first).days
    return "week" if span <= 92 else "month" if span <= 3 * 366 else "year"


def _trend_direction(trend: list[dict[str, Any]]) -> str:
    """Compare the mean Goldstein score of the earlier and the later half of the trend periods."""
    active = [t for t in trend if t["events"]]
    if len(active) < 2 or sum(t["events"] for t in active) < 3:
        return "insufficient data"
    half = len(active) // 2
    early, late = active[:half], active[half:]

    def mean(part: list[dict[str, Any]]) -> float:
        return sum(t["goldstein_mean"] * t["events"] for t in part) / sum(t["events"] for t in part)

    change = mean(late) - mean(early)
    if change >= TREND_THRESHOLD:
        return "improving"
    if change <= -TREND_THRESHOLD:
        return "worsening"
    return "stable"


def _key_events(store: Store, relation: str, top: int) -> list[dict[str, Any]]:
    """The most important events of ``relation`` (a table of unique events): |Goldstein| weighted
    by log mention count, with the evidence and article count of their first mention."""
    score = "abs(u.goldstein) * (1 + ln(u.num_mentions)) DESC, u.num_mentions DESC, u.date DESC NULLS LAST, u.event_key"
    sql = (
        f"WITH top AS MATERIALIZED (SELECT * FROM {relation} u ORDER BY {score} LIMIT ?) "
        "SELECT u.event_key, u.date, u.source_code AS source, u.target_code AS target, "
        "u.source_country, u.target_country, u.cameo, u.cameo_root, u.plover, u.quad_class, "
        "u.goldstein, u.modality, u.num_mentions, m.num_articles, "
        "x.article_id, x.evidence, a.title AS article_title, a.url AS article_url "
        "FROM top u "
        f"JOIN (SELECT {_MENTION_COLUMNS} FROM events WHERE event_key IN (SELECT event_key FROM top) "
        "GROUP BY event_key) m USING (event_key) "
        "JOIN events_evidence x ON x.id = m.first_event_id "
        "LEFT JOIN articles a ON a.id = x.article_id "
        f"ORDER BY {score}"
    )
    return _query(store, sql, [top])


@contextlib.contextmanager
def _selection(store: Store, where: str, params: list[Any]) -> Iterator[str]:
    """The unique events passing ``where``, grouped once into a temporary table; yields its name.

    Temporary tables live in memory and are allowed on read-only stores; the store's lock is held
    until the table is dropped, so threads sharing the store do not interleave.
    """
    name = f"selection_{uuid.uuid4().hex}"
    with store._lock:
        con = store._conn()
        con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {_unique_events_sql(where)} u", params)
        try:
            yield name
        finally:
            con.execute(f"DROP TABLE IF EXISTS {name}")


def dyad_summary(store: Store, a: str, b: str, *, since: dt.date | None = None,
                 until: dt.date | None = None, top: int = 10) -> dict[str, Any]:
    """The relationship between ``a`` and ``b`` (both directions) in one dict.

    Keys: ``dyad`` ("CUB-VNM"), ``events`` (unique), ``undated`` (of which without a date),
    ``first_date``, ``last_date``, ``top_types`` (``[{"plover", "cameo_root", "n"}]``, the ``top``
    most frequent), ``cooperation`` (quad classes 1+2), ``conflict`` (3+4), ``balance``
    ((cooperation - conflict) / (cooperation + conflict), 0.0 without events),
    ``goldstein_mean``, ``trend`` (the last :data:`TREND_PERIODS` periods of length
    ``trend_freq``, chosen from the dyad's span: ``[{"period", "goldstein_mean", "events"}]``),
    ``trend_direction`` ("improving", "worsening", "stable" when the mean Goldstein score of the
    later half of the active trend periods is at least :data:`TREND_THRESHOLD` above/below the
    earlier half or neither; "insufficient data" with fewer than 2 active periods or 3 events)
    and ``key_events`` (the ``top`` events ranked by ``|goldstein| * (1 + ln(num_mentions))``,
    each with its evidence sentence, ``article_id``, date, source/target codes, cameo, plover,
    ``num_mentions`` and ``num_articles``).
    """
    a, b = _check_dyad(store, a, b)
    since, until = _check_dates(since, until)
    top = _check_int(top, "top", 1, MAX_LIMIT)
    dyad_sql, params = _dyad_where(a, b, False)
    date_sql, date_params = _date_where(since, until)
    with _selection(store, dyad_sql + date_sql, params + date_params) as selection:
        totals = _query(store, (
            "SELECT count(*) AS events, count(*) FILTER (WHERE u.date IS NULL) AS undated, "
            "min(u.date) AS first_date, max(u.date) AS last_date, "
            "count(*) FILTER (WHERE u.quad_class IN (1, 2)) AS cooperation, "
            "count(*) FILTER (WHERE u.quad_class IN (3, 4)) AS conflict, avg(u.goldstein) AS goldstein_mean "
            f"FROM {selection} u"), [])[0]
        types = _query(store, (
            f"SELECT u.plover, u.cameo_root, count(*) AS n FROM {selection} u "
            "GROUP BY ALL ORDER BY n DESC, u.cameo_root, u.plover LIMIT ?"), [top])
        trend_freq = pick_freq(totals["first_date"], totals["last_date"])
        timeline = _fill_timeline(_timeline_rows(store, selection, [], trend_freq), trend_freq, None, None)
        key_events = _key_events(store, selection, top)
    trend = [{"period": t["period"], "goldstein_mean": t["goldstein_mean"], "events": t["events"]}
             for t in timeline[-TREND_PERIODS:]]
    return {
        "dyad": f"{a}-{b}",
        "events": totals["events"],
        "undated": totals["undated"],
        "first_date": totals["first_date"],
        "last_date": totals["last_date"],
        "top_types": types,
        "cooperation": totals["cooperation"],
        "conflict": totals["conflict"],
        "balance": _balance(totals["cooperation"], totals["conflict"]),
        "goldstein_mean": totals["goldstein_mean"],
        "trend_freq": trend_freq,
        "trend": trend,
        "trend_direction": _trend_direction(trend),
        "key_events": key_events,
    }


def partners(store: Store, country: str, *, since: dt.date | None = None, until: dt.date | None = None,
             limit: int = 20, order: str = "volume") -> list[dict[str, Any]]:
    """The countries ``country`` has events with (either direction), best first.

    One dict per partner: ``country``, ``name``, ``events`` (unique), ``cooperation`` (quad 1+2),
    ``conflict`` (quad 3+4), ``goldstein_mean`` and ``cooperation_score`` = (cooperation -
    conflict) / (events + :data:`COOPERATION_PRIOR`), a balance in (-1, 1) pulled towards 0 for
    partners seen in few events. ``order="volume"`` ranks by events, ``"cooperation"`` by the
    score (ties by events, then code). At most ``limit`` (1..:data:`MAX_LIMIT`) rows.
    """
    country = _check_country(store, country, "country")
    since, until = _check_dates(since, until)
    limit = _check_int(limit, "limit", 1, MAX_LIMIT)
    order = _check_choice(order, "order", ("volume", "cooperation"))
    date_sql, params = _date_where(since, until)
    where = " AND (e.source_country = ? OR e.target_country = ?)" + date_sql
    ranking = "events DESC, country" if order == "volume" else "cooperation_score DESC, events DESC, country"
    sql = (
        "SELECT CASE WHEN u.source_country = ? THEN u.target_country ELSE u.source_country END AS country, "
        "count(*) AS events, count(*) FILTER (WHERE u.quad_class IN (1, 2)) AS cooperation, "
        "count(*) FILTER (WHERE u.quad_class IN (3, 4)) AS conflict, avg(u.goldstein) AS goldstein_mean, "
        "(count(*) FILTER (WHERE u.quad_class IN (1, 2)) - count(*) FILTER (WHERE u.quad_class IN (3, 4)))"
        f" / (count(*) + {COOPERATION_PRIOR})::DOUBLE AS cooperation_score "
        f"FROM {_unique_events_sql(where)} u GROUP BY 1 ORDER BY {ranking} LIMIT ?"
    )
    rows = _query(store, sql, [country, country, country, *params, limit])
    for r in rows:
        r["name"] = country_name(r["country"])
    return rows


def _network_edges(store: Store, since: dt.date | None, until: dt.date | None,
                   min_events: int) -> list[dict[str, Any]]:
    date_sql, params = _date_where(since, until)
    sql = (
        "SELECT least(u.source_country, u.target_country) AS source, "
        "greatest(u.source_country, u.target_country) AS target, "
        "count(*) AS events, avg(u.goldstein) AS goldstein_mean "
        f"FROM {_unique_events_sql(date_sql)} u GROUP BY 1, 2 HAVING count(*) >= ? ORDER BY events DESC, 1, 2"
    )
    return _query(store, sql, params + [min_events])


def _communities(graph: nx.Graph) -> dict[str, int]:
    """Node -> community number (0 = the largest community), by Louvain with a fixed seed."""
    if graph.number_of_edges() == 0:
        groups = [{n} for n in graph.nodes]
    else:
        groups = nx.algorithms.community.louvain_communities(graph, weight="events", seed=COMMUNITY_SEED)
    ordered = sorted(groups, key=lambda g: (-len(g), min(g)))
    return {node: i for i, group in enumerate(ordered) for node in group}


def relations_network(store: Store, *, since: dt.date | None = None, until: dt.date | None = None,
                      min_events: int = 1, country: str | None = None) -> dict[str, Any]:
    """The country-level network of relations in a period.

    Edges join two countries with at least ``min_events`` unique events between them (either
    direction): ``{"source", "target", "events", "goldstein_mean"}`` (``source`` < ``target``
    alphabetically). Nodes: ``{"id", "name", "events" (sum over its edges), "community"}``, with
    communities from networkx's Louvain method (weight: events; fixed seed, so stable; 0 is the
    largest). With ``country``, the ego network: that country, its partners and the edges among
    them. Nodes are sorted by events (most first), edges by events.
    """
    since, until = _check_dates(since, until)
    min_events = _check_int(min_events, "min_events", 1, 1_000_000_000)
    ego = _check_country(store, country, "country") if country is not None else None
    edges = _network_edges(store, since, until, min_events)
    if ego is not None:
        keep = {ego} | {e["target"] if e["source"] == ego else e["source"] for e in edges
                        if ego in (e["source"], e["target"])}
        edges = [e for e in edges if e["source"] in keep and e["target"] in keep]
    graph = nx.Graph()
    if ego is not None:
        graph.add_node(ego)
    for e in edges:
        graph.add_edge(e["source"], e["target"], events=e["events"])
    community = _communities(graph)
    weight = dict(graph.degree(weight="events"))
    nodes = [{"id": n, "name": country_name(n), "events": int(weight[n]), "community": community[n]}
             for n in graph.nodes]
    nodes.sort(key=lambda n: (-n["events"], n["id"]))
    return {"nodes": nodes, "edges": edges}


def layout_network(network: dict[str, Any], *, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions for drawing a :func:`relations_network` result (networkx spring layout).

    Heavier edges pull their nodes closer (weight: log of the event count); the seed makes the
    picture the same on every run.
    """
    graph = nx.Graph()
    graph.add_nodes_from(n["id"] for n in network["nodes"])
    for e in network["edges"]:
        graph.add_edge(e["source"], e["target"], weight=1.0 + math.log(e["events"]))
    if graph.number_of_nodes() == 0:
        return {}
    pos = nx.spring_layout(graph, weight="weight", seed=seed)
    return {node: (float(x), float(y)) for node, (x, y) in pos.items()}
