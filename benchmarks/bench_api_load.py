"""Load test of ``communique serve``: 50 concurrent clients for 30 s over 1,000,000 events.

Usage::

    python benchmarks/bench_api_load.py [-n 1000000] [--clients 50] [--seconds 30]
                                        [--max-requests 200000] [--db PATH] [--write]

Builds a synthetic store (the events of ``bench_analysis.build_store``, generated inside DuckDB,
plus one article per three events and one evidence sentence per event slot, so text search and
the article view have data), starts ``communique serve`` on a free loopback port, and runs
``--clients`` asyncio clients (httpx) in a closed loop for ``--seconds`` seconds or
``--max-requests`` requests, whichever comes first. Each client picks endpoints in a fixed mix:
events pages (dyad, country, CAMEO code, text search, deduplicated), dyad timeline and summary,
partners, network of one year, article, countries. Reported: requests, errors (any status other
than 200, or a transport error), throughput, and p50/p95/p99 latency overall and per endpoint.
``--write`` appends the result to BENCHMARKS.md. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_analysis  # noqa: E402 - the same synthetic events as the analysis benchmark


def add_articles_and_sentences(path: Path) -> None:
    """Articles and evidence sentences for the synthetic events (article ``a<k>`` holds rows 3k..3k+2)."""
    import duckdb

    con = duckdb.connect(str(path))
    try:
        con.execute("""
            INSERT INTO sentences (article_id, sentence_index, start, end_, text)
            SELECT DISTINCT e.article_id, e.sentence_index, 0, 80,
                   rpad(e.source_country || ' and ' || e.target_country || ' ' ||
                        CASE e.quad_class WHEN 1 THEN 'held talks on trade and vaccine cooperation'
                                          WHEN 2 THEN 'signed an aid agreement worth millions'
                                          WHEN 3 THEN 'traded accusations over the border'
                                          ELSE 'clashed near the disputed frontier' END, 80, '.')
            FROM events e
        """)
        con.execute("""
            INSERT INTO articles (id, source, url, title, date, dateline, origin, text, added_at)
            SELECT s.article_id, 'synthetic', NULL, 'Synthetic article ' || s.article_id, min(e.date), NULL,
                   'bench', string_agg(s.text, ' ' ORDER BY s.sentence_index), now()::TIMESTAMP
            FROM sentences s JOIN events e USING (article_id, sentence_index)
            GROUP BY s.article_id
        """)
    finally:
        con.close()


def request_mix(countries: list[str], n_events: int, rng: random.Random) -> list[tuple[str, str, dict]]:
    """(endpoint name, path, params) choices the clients draw from, with repeats as weights."""
    busy = countries[:20]

    def dyad() -> str:
        a, b = rng.sample(busy, 2)
        return f"{a}-{b}"

    def year() -> dict:
        y = rng.randint(2005, 2024)
        return {"since": f"{y}-01-01", "until": f"{y}-12-31"}

    mix: list[tuple[str, str, dict]] = []
    for _ in range(200):
        d, c = dyad(), rng.choice(busy)
        mix += [
            ("events dyad", "/api/events", {"dyad": d, "page_size": 50, "page": rng.randint(1, 5)}),
            ("events country+year", "/api/events", {"country": c, **year(), "page_size": 100}),
            ("events code", "/api/events", {"code": rng.choice(["04", "05", "057", "11", "19"]), "page_size": 50}),
            ("events text search", "/api/events", {"q": rng.choice(["vaccine", "aid agreement", "frontier"]),
                                                   "dyad": d}),
            ("events unique", "/api/events", {"unique": "true", "dyad": d, "page_size": 50}),
            ("timeline", f"/api/dyads/{d}/timeline", {"freq": rng.choice(["month", "year"])}),
            ("summary", f"/api/dyads/{d}/summary", {}),
            ("partners", f"/api/countries/{c}/partners", {"order": rng.choice(["volume", "cooperation"])}),
            ("network year", "/api/network", {**year(), "min_events": 5}),
            ("article", f"/api/articles/a{rng.randint(0, max(0, n_events // 3 - 1))}", {}),
            ("countries", "/api/countries", {}),
        ]
    return mix


async def run_load(url: str, mix: list[tuple[str, str, dict]], clients: int, seconds: float,
                   max_requests: int) -> tuple[dict[str, list[float]], dict[str, int], float]:
    """Closed-loop clients; returns latencies (s) per endpoint, error counts and elapsed seconds."""
    import httpx

    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    sent = 0
    start = time.perf_counter()
    deadline = start + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(i: int, http: httpx.AsyncClient) -> None:
        nonlocal sent
        rng = random.Random(i)
        while time.perf_counter() < deadline and sent < max_requests:
            sent += 1
            name, path, params = rng.choice(mix)
            t0 = time.perf_counter()
            try:
                r = await http.get(path, params=params)
                status = str(r.status_code)
                if r.status_code == 503:  # busy (queue limit) or stopped (query limit)
                    status += " " + ("busy" if "busy" in r.text else "query time limit")
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            latencies[name].append(time.perf_counter() - t0)
            if status != "200":
                errors[f"{name}: {status}"] += 1

    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
        await asyncio.gather(*(client(i, http) for i in range(clients)))
    return latencies, errors, time.perf_counter() - start


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100) in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k] * 1000


def report(latencies: dict[str, list[float]], errors: dict[str, int], elapsed: float) -> dict:
    """Print the per-endpoint table; return the overall figures."""
    every = [x for xs in latencies.values() for x in xs]
    print(f"{'endpoint':<22} {'n':>7} {'p50':>8} {'p95':>8} {'p99':>8}  (ms)")
    for name in sorted(latencies):
        xs = latencies[name]
        print(f"{name:<22} {len(xs):>7} {percentile(xs, 50):>8.0f} {percentile(xs, 95):>8.0f} "
              f"{percentile(xs, 99):>8.0f}")
    n_err = sum(errors.values())
    for what, count in sorted(errors.items()):
        print(f"error {what}: {count}")
    result = {
        "requests": len(every), "errors": n_err, "seconds": elapsed, "rps": len(every) / elapsed,
        "p50": percentile(every, 50), "p95": percentile(every, 95), "p99": percentile(every, 99),
        "slowest": max(latencies, key=lambda k: percentile(latencies[k], 95)),
        "mean_ms": statistics.fmean(every) * 1000 if every else float("nan"),
    }
    print(f"total {result['requests']} requests in {elapsed:.1f} s ({result['rps']:.1f}/s), "
          f"{n_err} errors, p50 {result['p50']:.0f} ms, p95 {result['p95']:.0f} ms, p99 {result['p99']:.0f} ms")
    return result


def write_row(r: dict, events: int, clients: int) -> None:
    """Append the result to BENCHMARKS.md (creating the section the first time)."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8")
    header = "## API under load (`benchmarks/bench_api_load.py`)"
    if header not in text:
        text = text.rstrip("\n") + (
            f"\n\n{header}\n\n"
            "`communique serve` on 127.0.0.1 (one uvicorn worker, default 10 s query limit) over a synthetic\n"
            "store; closed-loop asyncio clients (httpx) drawing from a fixed mix of endpoints (events pages\n"
            "with dyad/country/code/text/unique filters, dyad timeline and summary, partners, one-year\n"
            "network, article, countries; about 2,200 distinct requests, so the server's per-snapshot result\n"
            "cache answers few of them). Errors: any response other than 200. Latency in ms. The clients run\n"
            "on the same 2 cores as the server; *load avg before* is the machine's 1-minute load average\n"
            "when the run started (other work on the machine).\n\n"
            "| date | events | clients | seconds | requests | errors | req/s | p50 | p95 | p99 "
            "| slowest endpoint (p95) | load avg before | setup |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        )
    row = (f"| {dt.date.today()} | {events:,} | {clients} | {r['seconds']:.0f} | {r['requests']:,} | {r['errors']} "
           f"| {r['rps']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | {r['slowest']} "
           f"| {r['load_before']:.1f} | {os.cpu_count()} cores shared with the clients, {platform.machine()} |")
    path.write_text(_insert_after_table(text, header, row), encoding="utf-8")


def _insert_after_table(text: str, header: str, row: str) -> str:
    """``text`` with ``row`` added as the last line of the first table under ``header``."""
    table = re.compile(re.escape(header) + r".*?\n\|[^\n]*(?:\n\|[^\n]*)*", re.S).search(text)
    if table is None:
        raise ValueError(f"no table under {header!r} in BENCHMARKS.md")
    return text[:table.end()] + "\n" + row + text[table.end():]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    from communique.server.run import BackgroundServer
    from communique.store import Store

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1_000_000, help="event rows to generate")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--max-requests", type=int, default=200_000, help="stop after this many requests")
    parser.add_argument("--db", type=Path, help="store file (reused if it exists; default: a temporary file)")
    parser.add_argument("--write", action="store_true", help="append the result to BENCHMARKS.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "load.duckdb"
        if not path.exists():
            t0 = time.perf_counter()
            bench_analysis.build_store(path, args.n)
            add_articles_and_sentences(path)
            print(f"built {path} with {args.n:,} events in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        with Store(path, read_only=True) as store:
            events = store.stats()["events"]
        mix = request_mix(bench_analysis._countries(), events, random.Random(7))
        load_before = os.getloadavg()[0]  # other work on the machine skews the figures
        with BackgroundServer(path) as server:
            latencies, errors, elapsed = asyncio.run(
                run_load(server.url, mix, args.clients, args.seconds, args.max_requests))
            log = server.output()
        if log.strip():
            print("server log (last lines):\n" + "\n".join(log.strip().splitlines()[-10:]), file=sys.stderr)
    result = report(latencies, errors, elapsed)
    result["load_before"] = load_before
    if args.write:
        write_row(result, events, args.clients)
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
