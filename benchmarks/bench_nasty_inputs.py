"""Nasty inputs at full scale (issue 7): memory and time of reading and coding them.

Usage::

    python benchmarks/bench_nasty_inputs.py [--scale full|test] [--keep DIR] [--write]

Generates, in a temporary folder, the corpus of ``tests/reliability/nasty_corpus.py`` (at full
scale: a 10 MB line, a 17 MB line over the line limit, NUL bytes, a binary file, mixed encodings,
HTML nested 10,000 levels deep, RTL text, emoji, a one-million-row JSONL; and for reading only a
100 MB JSONL file and a 100 MB text file), then

* runs ``communique code`` on the coding corpus (the million rows repeat 100 distinct articles,
  so reading, deduplication and the store see every row but spaCy parses few), and
* reads each big file with the readers alone (nothing kept),

each in its own subprocess whose peak RSS is taken from ``getrusage(RUSAGE_CHILDREN)``. Prints
one row per run; ``--write`` appends them to BENCHMARKS.md. The default test suite runs the same
checks at test scale (``tests/reliability/test_nasty_inputs.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability.helpers import communique_command, reader_command, run_measured  # noqa: E402
from tests.reliability.nasty_corpus import (  # noqa: E402
    FULL_SCALE,
    MB,
    TEST_SCALE,
    write_coding_corpus,
    write_streaming_corpus,
)

SECTION = "## Nasty inputs (`benchmarks/bench_nasty_inputs.py`)"
HEADER = (
    "| date | run | input | size MB | articles read | problems | seconds | peak RSS MB | exit |\n"
    "|---|---|---|---|---|---|---|---|---|"
)


def folder_size_mb(path: Path) -> float:
    """Size of a file, or of all files under a folder, in MB."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / MB


def code_run(folder: Path, work: Path) -> dict:
    """``communique code`` on the coding corpus: counts from its summary, time and peak RSS."""
    db = work / "nasty.duckdb"
    start = time.perf_counter()
    completed, peak = run_measured(communique_command("code", str(folder), "--db", str(db)), work / "rss.json")
    seconds = time.perf_counter() - start
    report = completed.stderr.decode("utf-8", "replace")
    return {
        "run": "communique code", "input": "coding corpus (all kinds, 1 folder)", "size_mb": folder_size_mb(folder),
        "articles": _summary_count(report, "articles read"), "problems": _summary_count(report, "input problems reported"),
        "seconds": seconds, "peak_rss_mb": peak, "exit": completed.returncode,
    }


def read_run(path: Path, work: Path) -> dict:
    """The readers alone over ``path``: counts, time and peak RSS."""
    completed, peak = run_measured(reader_command(path), work / "rss.json")
    counts = json.loads(completed.stdout) if completed.returncode == 0 else {"articles": 0, "problems": 0, "seconds": 0}
    return {
        "run": "read only", "input": path.name, "size_mb": folder_size_mb(path), "articles": counts["articles"],
        "problems": counts["problems"], "seconds": counts["seconds"], "peak_rss_mb": peak, "exit": completed.returncode,
    }


def _summary_count(report: str, label: str) -> int | None:
    match = re.search(rf"{re.escape(label)}\s*│\s*(\d+)", report)
    return int(match.group(1)) if match else None


def table_row(result: dict) -> str:
    """One Markdown row of BENCHMARKS.md."""
    return (
        f"| {dt.date.today().isoformat()} | {result['run']} | {result['input']} | {result['size_mb']:,.1f} | "
        f"{result['articles']:,} | {result['problems']:,} | {result['seconds']:.1f} | {result['peak_rss_mb']:,.0f} | "
        f"{result['exit']} |"
    )


def write_benchmarks(rows: list[str], scale_name: str) -> None:
    """Append ``rows`` to the nasty-inputs section of BENCHMARKS.md (created at the end if missing)."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8")
    if SECTION not in text:
        text = text.rstrip("\n") + (
            f"\n\n{SECTION}\n\nGenerated nasty inputs (see the script's docstring), each run in its own process; "
            "peak RSS from `getrusage(RUSAGE_CHILDREN)`; exit 1 = finished with problems reported "
            f"(each named by file and line).\n\n{HEADER}\n"
        )
    text = text.rstrip("\n") + "\n" + "\n".join(rows) + "\n"
    path.write_text(text, encoding="utf-8")
    print(f"appended {len(rows)} rows ({scale_name} scale) to {path}")


def main() -> None:
    """Generate the corpus, run each measurement, print (and optionally record) the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["full", "test"], default="full")
    parser.add_argument("--keep", type=Path, help="Write the corpus here and keep it (default: a temporary folder).")
    parser.add_argument("--write", action="store_true", help="Append the results to BENCHMARKS.md.")
    args = parser.parse_args()
    scale = FULL_SCALE if args.scale == "full" else TEST_SCALE
    with tempfile.TemporaryDirectory(prefix="nasty-") as tmp:
        work = args.keep or Path(tmp)
        coding = write_coding_corpus(work / "coding", scale)
        streaming = write_streaming_corpus(work / "streaming", scale)
        results = [code_run(coding, work)]
        for name in ("big.jsonl", "big.txt", "many_rows.jsonl"):
            results.append(read_run(streaming / name, work))
    rows = [table_row(r) for r in results]
    print(HEADER)
    print("\n".join(rows))
    print(f"({args.scale} scale, {platform.machine()}, Python {platform.python_version()})")
    if args.write:
        write_benchmarks(rows, args.scale)


if __name__ == "__main__":
    main()
