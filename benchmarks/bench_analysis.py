"""Analysis benchmark: dyad timeline and partners over a store of 1,000,000 synthetic events.

Usage::

    python benchmarks/bench_analysis.py [-n 1000000] [--db PATH] [--runs 7] [--write]

Builds (or reuses, with ``--db`` pointing at an existing file) a store whose ``events`` table
holds ``n`` synthetic event rows, generated inside DuckDB in one ``INSERT ... SELECT``: 150
countries drawn with a skewed (Zipf-like) activity, dates spread over 20 years (2005-2024),
every CAMEO code of the bundled ontology, and about one row in four repeating an earlier
event's key (a second mention, as when several articles report the same event). The store is
then reopened read-only and each query is timed warm (one untimed run first) as the median of
``--runs`` runs, for the busiest dyad and country and for a mid-ranked one. ``--write`` appends
the results to BENCHMARKS.md. The goal (issue 5) is under 200 ms per query.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
N_COUNTRIES = 150
FIRST_DAY = dt.date(2005, 1, 1)
DAYS = 20 * 365


# The most active countries come first (activity falls off with the rank); the rest alphabetical.
BUSY_FIRST = "USA CHN RUS GBR FRA DEU ISR IRN UKR IND JPN TUR PAK SYR PRK KOR IRQ SAU EGY CUB VNM".split()


def _countries() -> list[str]:
    from communique.analysis import _known_codes

    rest = sorted(c for c in _known_codes() if len(c) == 3 and c not in BUSY_FIRST)
    return (BUSY_FIRST + rest)[:N_COUNTRIES]


def _codes() -> list[tuple[str, str, float, int, str]]:
    from communique.events import ontology

    return [(c.code, c.root, c.goldstein, c.quad_class(), c.plover) for c in ontology.all_codes() if c.level >= 1]


def build_store(path: Path, n: int) -> None:
    """Fill a new store at ``path`` with ``n`` synthetic event rows (SQL inside DuckDB)."""
    import duckdb

    from communique.store import Store

    Store(path).close()  # creates the schema
    con = duckdb.connect(str(path))
    countries, codes = _countries(), _codes()
    con.execute("CREATE TEMP TABLE countries AS SELECT unnest(?::VARCHAR[]) AS c, unnest(?::INTEGER[]) AS i",
                [countries, list(range(len(countries)))])
    con.execute("CREATE TEMP TABLE codes AS SELECT unnest(?::VARCHAR[]) AS cameo, unnest(?::VARCHAR[]) AS root, "
                "unnest(?::DOUBLE[]) AS goldstein, unnest(?::INTEGER[]) AS quad, unnest(?::VARCHAR[]) AS plover, "
                "unnest(?::INTEGER[]) AS i", [*(list(col) for col in zip(*codes)), list(range(len(codes)))])
    n_codes = len(codes)
    # One row per event "draw"; a quarter of the rows copy the draw of the row before them
    # (same event key: a second mention). pow(random(), 2.5) skews activity to a few countries.
    con.execute(f"""
        CREATE TEMP TABLE draws AS
        SELECT r AS row_id,
               CASE WHEN r % 4 = 3 THEN r - 1 ELSE r END AS draw
        FROM range({n}) t(r)
    """)
    con.execute(f"""
        CREATE TEMP TABLE picks AS
        SELECT draw,
               CAST(floor({N_COUNTRIES} * pow(random(), 2.5)) AS INTEGER) AS s,
               CAST(floor({N_COUNTRIES} * pow(random(), 2.5)) AS INTEGER) AS t,
               CAST(floor({n_codes} * random()) AS INTEGER) AS k,
               CAST(floor({DAYS} * random()) AS INTEGER) AS d
        FROM (SELECT DISTINCT draw FROM draws)
    """)
    con.execute(f"""
        INSERT INTO events (id, article_id, sentence_index, evidence_start, evidence_end, date, date_precision,
                            source_code, source_country, source_sector, target_code, target_country, target_sector,
                            cameo, cameo_root, goldstein, quad_class, plover, modality, confidence, event_key)
        SELECT 'e' || x.row_id, 'a' || (x.row_id // 3), x.row_id % 3, 0, 80,
               DATE '{FIRST_DAY}' + p.d, 'day',
               sc.c || 'GOV', sc.c, 'GOV',
               tc.c || 'GOV', tc.c, 'GOV',
               k.cameo, k.root, k.goldstein, k.quad, k.plover, 'asserted', 0.8,
               strftime(DATE '{FIRST_DAY}' + p.d, '%Y-%m-%d') || '|' || sc.c || 'GOV|' || tc.c || 'GOV|'
                   || k.cameo || '|asserted'
        FROM draws x
        JOIN picks p USING (draw)
        JOIN countries sc ON sc.i = p.s
        JOIN countries tc ON tc.i = (CASE WHEN p.t = p.s THEN (p.t + 1) % {N_COUNTRIES} ELSE p.t END)
        JOIN codes k ON k.i = p.k
    """)
    con.close()


class Timing(float):
    """A median wall time in ms that also carries the median CPU time of the process (``cpu``).

    DuckDB runs its threads inside this process, so CPU time counts the query's own work and
    stays meaningful when other programs load the shared machine (wall time then grows).
    """

    cpu: float

    def __new__(cls, wall: float, cpu: float) -> Timing:
        t = super().__new__(cls, wall)
        t.cpu = cpu
        return t

    def cell(self) -> str:
        return f"{self:.0f} ({self.cpu:.0f})"


def median_ms(fn: Callable[[], object], runs: int) -> Timing:
    """Median wall and CPU time of ``fn`` in milliseconds over ``runs`` runs after a warm-up run."""
    fn()
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return Timing(statistics.median(walls), statistics.median(cpus))


def measure(path: Path, runs: int) -> dict:
    """Time the analysis queries on the store at ``path``; returns the measurements."""
    from communique import analysis as an
    from communique.store import Store

    with Store(path, read_only=True) as store:
        stats = store.stats()
        ranked = an.partners(store, _countries()[0], limit=an.MAX_LIMIT)
        top_country = an.relations_network(store)["nodes"][0]["id"]
        top_partners = an.partners(store, top_country, limit=an.MAX_LIMIT)
        busy = (top_country, top_partners[0]["country"])
        mid_country = ranked[len(ranked) // 2]["country"]
        mid = (mid_country, an.partners(store, mid_country, limit=an.MAX_LIMIT)[-1]["country"])
        dyad_events = {d: an.dyad_summary(store, *d, top=1)["events"] for d in (busy, mid)}
        result = {
            "rows": stats["events"], "unique": stats["unique_events"],
            "busy": busy, "mid": mid, "dyad_events": dyad_events,
            "timeline_busy": median_ms(lambda: an.dyad_timeline(store, *busy, freq="month"), runs),
            "timeline_mid": median_ms(lambda: an.dyad_timeline(store, *mid, freq="month"), runs),
            "timeline_busy_day": median_ms(lambda: an.dyad_timeline(store, *busy, freq="day"), runs),
            "partners_busy": median_ms(lambda: an.partners(store, top_country), runs),
            "partners_coop": median_ms(lambda: an.partners(store, top_country, order="cooperation"), runs),
            "partners_mid": median_ms(lambda: an.partners(store, mid_country), runs),
            "summary_busy": median_ms(lambda: an.dyad_summary(store, *busy), runs),
            "network_year": median_ms(lambda: an.relations_network(
                store, since=dt.date(2020, 1, 1), until=dt.date(2020, 12, 31)), max(1, runs // 2)),
        }
    return result


def append_table_row(path: Path, header: str, intro: str, row: str) -> None:
    """Add ``row`` at the end of the table under the markdown heading ``header`` in ``path``;
    the section (heading, then ``intro`` holding the table's header lines) is created at the end of
    the file the first time. Other benchmark scripts can use it for their own sections."""
    text = path.read_text(encoding="utf-8")
    if header not in text:
        text = text.rstrip("\n") + f"\n\n{header}\n\n{intro}"
    lines = text.rstrip("\n").split("\n")
    at = lines.index(header) + 1
    while at < len(lines) and not lines[at].startswith("|"):
        at += 1
    while at < len(lines) and lines[at].startswith("|"):
        at += 1
    lines.insert(at, row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_row(r: dict, build_s: float | None) -> None:
    """Append the result to BENCHMARKS.md (creating the section the first time)."""
    intro = (
        "Synthetic store: event rows over 150 countries (skewed activity) and 20 years, a quarter of\n"
        "the rows second mentions of an event. Median of warm runs, in ms, on a read-only store;\n"
        "*busy* is the most active country and its top partner, *mid* a mid-ranked pair. Goal: < 200 ms.\n"
        "Cells: wall ms (CPU ms of the process, DuckDB's threads included). The machine is shared: the\n"
        "load average at the end of the run is in the last column; under load wall time grows, CPU time much less.\n\n"
        "| date | rows / unique events | busy dyad (events) | timeline month busy / mid | timeline day busy "
        "| partners busy / by cooperation / mid | summary busy | network 1 year | build s | setup |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n"
    )
    busy = "-".join(r["busy"])
    row = (
        f"| {dt.date.today()} | {r['rows']:,} / {r['unique']:,} | {busy} ({r['dyad_events'][r['busy']]:,}) "
        f"| {r['timeline_busy'].cell()} / {r['timeline_mid'].cell()} | {r['timeline_busy_day'].cell()} "
        f"| {r['partners_busy'].cell()} / {r['partners_coop'].cell()} / {r['partners_mid'].cell()} "
        f"| {r['summary_busy'].cell()} | {r['network_year'].cell()} | {'-' if build_s is None else f'{build_s:.0f}'} "
        f"| 1 process, {platform.machine()}, load avg {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores |"
    )
    append_table_row(ROOT / "BENCHMARKS.md", "## Analysis queries (`benchmarks/bench_analysis.py`)", intro, row)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1_000_000, help="event rows to generate")
    parser.add_argument("--db", type=Path, help="store file (reused if it exists; default: a temporary file)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per query (median reported)")
    parser.add_argument("--write", action="store_true", help="append the result to BENCHMARKS.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.duckdb"
        build_s = None
        if not path.exists():
            start = time.perf_counter()
            build_store(path, args.n)
            build_s = time.perf_counter() - start
            print(f"built {path} with {args.n:,} rows in {build_s:.1f} s", file=sys.stderr)
        result = measure(path, args.runs)
    for key, value in result.items():
        print(f"{key}: {value.cell()} ms wall (CPU)" if isinstance(value, Timing) else f"{key}: {value}")
    if args.write:
        write_row(result, build_s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
