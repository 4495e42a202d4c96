"""The ``communique`` command line.

Exit codes (also in the README):

* 0: success;
* 1: finished, but some inputs could not be read or coded (each one was reported);
* 2: usage error (bad option or argument);
* 3: the store could not be opened (missing, locked or not a communique store);
* 4: the spaCy model is not installed.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import signal
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.table import Table

from communique import __version__
from communique.models import Article, Event, ReadProblem

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_STORE, EXIT_MODEL = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130
STORE_BATCH = 64

app = typer.Typer(
    name="communique",
    help="Code news about international relations into CAMEO/PLOVER events with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
console = Console(stderr=True)
# Tables written to a pipe or file get a readable width instead of Rich's default 80 columns.
out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB store file.", envvar="COMMUNIQUE_DB")]
ActorsOption = Annotated[Optional[list[Path]], typer.Option(
    "--actors", help="User actor file (TSV, YAML or a PETRARCH .txt dictionary); repeatable.")]


def _version(value: bool) -> None:
    if value:
        print(f"communique {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """communique: offline event coder for news about international relations."""


def _parse_field_map(text: str | None) -> dict[str, str] | None:
    if not text:
        return None
    mapping = {}
    for part in text.split(","):
        ours, sep, theirs = part.partition("=")
        if not sep or not ours.strip() or not theirs.strip():
            raise typer.BadParameter(f"expected FIELD=COLUMN pairs separated by commas, got '{part}'",
                                     param_hint="--field-map")
        mapping[ours.strip()] = theirs.strip()
    return mapping


def _open_store(path: Path, read_only: bool = False):
    from communique.store import Store, StoreError, StoreLockedError

    try:
        return Store(path, read_only=read_only)
    except FileNotFoundError:
        console.print(f"[red]error:[/] no store at {path}: run 'communique code PATH' first or pass --db")
    except StoreLockedError as exc:
        console.print(f"[red]error:[/] {exc}")
    except StoreError as exc:
        console.print(f"[red]error:[/] {path}: {exc}")
    raise typer.Exit(EXIT_STORE)


class RunSummary:
    """Counts of one coding run, printed at the end."""

    def __init__(self) -> None:
        self.read = self.added = self.skipped = self.events = self.failed = 0
        self.sentences_skipped = 0
        self.problems: list[str] = []

    def problem(self, message: str) -> None:
        """Record and print one problem line."""
        self.problems.append(message)
        console.print(f"[yellow]warning:[/] {message}", markup=True, highlight=False)

    def table(self, elapsed: float) -> Table:
        """The summary as a Rich table."""
        t = Table(title="communique code: summary", show_header=False)
        t.add_row("articles read", str(self.read))
        t.add_row("articles coded and stored", str(self.added))
        t.add_row("articles already stored (skipped)", str(self.skipped))
        t.add_row("articles not coded (errors)", str(self.failed))
        t.add_row("input problems reported", str(len(self.problems) - self.failed))
        t.add_row("sentences not coded (over the length limit)", str(self.sentences_skipped))
        t.add_row("events stored", str(self.events))
        rate = self.read / elapsed if elapsed > 0 else 0.0
        t.add_row("time", f"{elapsed:.1f} s ({rate:.1f} articles/s)")
        return t


def run_coding(paths: list[str], db: Path, fmt: str, field_map: dict | None, source: str | None,
               model: str | None, quiet: bool = False, extra_actors=None, batch_size: int = STORE_BATCH,
               jobs: int = 1, fast_path: bool = True, actor_paths: tuple[str, ...] = ()) -> RunSummary:
    """Read, code and store ``paths``; returns the run's summary (used by ``code`` and ``demo``).

    Results are committed to the store every ``batch_size`` articles, one transaction per batch:
    a run killed at any moment keeps whole batches only, and rerunning it codes the rest.
    ``jobs`` > 1 codes in that many worker processes (:mod:`communique.parallel`); Ctrl-C
    commits the complete results received and stops (exit code 130).
    """
    import time

    from communique.events.coder import EventCoder
    from communique.fastpath import ARTICLE_BATCH
    from communique.ingest import read_inputs
    from communique.nlp import ModelNotInstalledError, get_nlp
    from communique.parallel import WorkerConfig, code_stream, count_articles

    summary = RunSummary()
    try:
        get_nlp(model)
    except ModelNotInstalledError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(EXIT_MODEL)
    store = _open_store(db)
    start = time.perf_counter()
    with store, Progress(
        SpinnerColumn(), TextColumn("[bold]coding"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} articles/s"), TextColumn("{task.fields[events]} events"),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console, disable=quiet,
        transient=False,
    ) as progress:
        task = progress.add_task("coding", total=None if quiet else count_articles(paths, fmt), rate="0.0", events=0)

        def articles():
            for item in read_inputs(paths, fmt=fmt, field_map=field_map, source=source):
                if isinstance(item, ReadProblem):
                    summary.problem(str(item))
                    continue
                summary.read += 1
                yield item

        def new_articles():
            batch: list[Article] = []
            for article in articles():
                batch.append(article)
                if len(batch) >= batch_size:
                    yield from _unknown(batch)
                    batch = []
            yield from _unknown(batch)

        def _unknown(batch: list[Article]):
            known = store.known_article_ids([a.id for a in batch])
            summary.skipped += sum(1 for a in batch if a.id in known)
            progress.update(task, advance=sum(1 for a in batch if a.id in known))
            seen: set[str] = set()
            for a in batch:
                if a.id not in known and a.id not in seen:
                    seen.add(a.id)
                    yield a

        pending: list[tuple] = []
        results = None
        try:
            coder = EventCoder(extra_actors=extra_actors)
            # no parse batch larger than a store batch: a slow input stream is stored as it comes
            results = code_stream(new_articles(), jobs, WorkerConfig(model, tuple(actor_paths), fast_path), coder,
                                  batch_size=min(batch_size, ARTICLE_BATCH))
            with _graceful_interrupt() as stop:
                for result in results:
                    if stop.requested:
                        raise KeyboardInterrupt
                    if result.skipped:
                        summary.sentences_skipped += len(result.skipped)
                        console.print(f"[cyan]note:[/] {result.article.origin or result.article.id}: "
                                      + "; ".join(result.skipped), highlight=False)
                    if result.error:
                        summary.problem(f"{result.article.origin or result.article.id}: {result.error}")
                        if not result.events:
                            summary.failed += 1
                            progress.update(task, advance=1)
                            continue
                    pending.append((result.article, result.events, result.mentions))
                    if len(pending) >= batch_size:
                        _flush(store, pending, summary)
                    elapsed = time.perf_counter() - start
                    progress.update(task, advance=1, rate=f"{summary.read / max(elapsed, 1e-9):.1f}",
                                    events=summary.events + sum(len(p[1]) for p in pending))
                if stop.requested:
                    raise KeyboardInterrupt
        except KeyboardInterrupt:
            if results is not None:
                results.close()  # workers terminated before the last batch is committed
            _flush(store, pending, summary)
            console.print(f"[yellow]interrupted:[/] {summary.added} articles stored; rerun the same "
                          "command to code the rest")
            raise typer.Exit(EXIT_INTERRUPTED)
        _flush(store, pending, summary)
    elapsed = time.perf_counter() - start
    if not quiet:
        console.print(summary.table(elapsed))
    return summary


def _flush(store, pending: list, summary: RunSummary) -> None:
    """Store the pending batch; a Ctrl-C meanwhile is held until the batch and its counts are
    done, so that an interrupt never splits a transaction from its bookkeeping."""
    if not pending:
        return
    with _interrupt_deferred():
        result = store.add_batch(pending)
        summary.added += result.articles_added
        summary.skipped += result.articles_skipped
        summary.events += result.events_added
        pending.clear()


class _StopRequest:
    """Set by the first Ctrl-C of a run (see :func:`_graceful_interrupt`)."""

    requested = False


@contextlib.contextmanager
def _graceful_interrupt():
    """The first Ctrl-C only asks the coding loop to stop after the article in hand (so that it
    never lands inside a worker pool's or the store's internals); a second one interrupts at
    once. Main thread only; elsewhere Ctrl-C behaves as usual."""
    stop = _StopRequest()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handler(signum, frame):
        if stop.requested:
            raise KeyboardInterrupt
        stop.requested = True

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def _interrupt_deferred():
    """Hold SIGINT for the duration of the block and raise KeyboardInterrupt after it (main
    thread only: elsewhere signals cannot be handled and the block runs as it is)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt


@app.command()
def code(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to code; '-' reads standard input.")],
    db: DbOption = Path("communique.duckdb"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="Input format: auto, text, jsonl, csv, tsv, html.")] = "auto",
    field_map: Annotated[Optional[str], typer.Option(help="Map our fields to yours: 'text=body,date=published'.")] = None,
    source: Annotated[Optional[str], typer.Option(help="Source name for articles that do not give one.")] = None,
    model: Annotated[Optional[str], typer.Option(help="Installed spaCy model to use.", envvar="COMMUNIQUE_MODEL")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    actors: ActorsOption = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles per store transaction: "
                                            "a killed run keeps every committed batch.")] = STORE_BATCH,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes (one model each).")] = 1,
    fast_path: Annotated[bool, typer.Option("--fast-path/--no-fast-path", help="Parse only the sentences "
                                            "that can hold an event (same events); --no-fast-path parses all.")] = True,
    dask: Annotated[Optional[str], typer.Option("--dask", help="Code on a dask.distributed cluster: a scheduler "
                                                "address (tcp://host:8786) or local:N for N local workers.")] = None,
    shards: Annotated[Optional[Path], typer.Option("--shards", help="With --dask: folder for the Parquet shards "
                                                   "(default: <db>.shards).")] = None,
) -> None:
    """Code articles into events and store them (re-running the same input adds nothing)."""
    if fmt not in ("auto", "text", "jsonl", "csv", "tsv", "html"):
        raise typer.BadParameter(f"unknown format '{fmt}' (auto, text, jsonl, csv, tsv, html)", param_hint="--format")
    if dask is not None:
        from communique.distributed import run_dask_command

        run_dask_command(paths, db, dask, shards, fmt, _parse_field_map(field_map), source, model, actors, fast_path,
                         quiet)
        return
    summary = run_coding(paths, db, fmt, _parse_field_map(field_map), source, model, quiet, load_user_actors(actors),
                         batch_size=batch_size, jobs=jobs, fast_path=fast_path,
                         actor_paths=tuple(str(p) for p in actors or ()))
    if summary.problems:
        raise typer.Exit(EXIT_PARTIAL)


def _parse_date_option(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)", param_hint=name)


def _query_events(store, **filters) -> list[Event]:
    try:
        return store.events(**filters)
    except ValueError as exc:
        raise typer.BadParameter(str(exc))


def write_events(events: list[Event], fmt: str, stream=None) -> None:
    """Write events as a table, JSON lines or CSV to ``stream`` (stdout by default)."""
    stream = stream or sys.stdout
    if fmt == "jsonl":
        for e in events:
            stream.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.writer(stream)
        writer.writerow(CSV_COLUMNS)
        for e in events:
            writer.writerow(_csv_row(e))
    else:
        out.print(events_table(events))


CSV_COLUMNS = [
    "id", "date", "date_precision", "source_code", "source_country", "source_name", "cameo", "target_code",
    "target_country", "target_name", "goldstein", "quad_class", "plover", "plover_mode", "modality",
    "quantity_value", "quantity_unit", "place", "article_id", "sentence_index", "evidence",
]


def _csv_row(e: Event) -> list:
    q = e.quantity or {}
    return [
        e.id, e.date.isoformat() if e.date else "", e.date_precision,
        e.source.code if e.source else "", e.source.country if e.source else "", e.source.name if e.source else "",
        e.cameo, e.target.code if e.target else "", e.target.country if e.target else "",
        e.target.name if e.target else "", e.goldstein, e.quad_class, e.plover, e.plover_mode, e.modality,
        q.get("value", ""), q.get("unit", ""), (e.place or {}).get("name", ""), e.article_id, e.sentence_index,
        e.evidence,
    ]


def events_table(events: list[Event]) -> Table:
    """A Rich table of events with their evidence."""
    t = Table(show_lines=False, title=f"{len(events)} events")
    for col in ("date", "source", "CAMEO", "target", "PLOVER", "G", "modality"):
        t.add_column(col, no_wrap=True)
    t.add_column("evidence", overflow="fold", min_width=30)
    for e in events:
        t.add_row(
            e.date.isoformat() if e.date else "-",
            e.source.code if e.source else "-",
            e.cameo,
            e.target.code if e.target else "-",
            f"{e.plover}{'/' + e.plover_mode if e.plover_mode else ''}",
            f"{e.goldstein:+.1f}",
            e.modality,
            e.evidence if len(e.evidence) <= 160 else e.evidence[:157] + "...",
        )
    return t


@app.command()
def events(
    db: DbOption = Path("communique.duckdb"),
    actor: Annotated[Optional[str], typer.Option(help="Actor code prefix (source or target), e.g. CUBGOV.")] = None,
    country: Annotated[Optional[str], typer.Option(help="Country (source or target), ISO3.")] = None,
    dyad: Annotated[Optional[str], typer.Option(help="Two countries AAA-BBB, either direction.")] = None,
    code: Annotated[Optional[str], typer.Option(help="CAMEO code prefix, e.g. 04 or 057.")] = None,
    since: Annotated[Optional[str], typer.Option(help="First date (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Last date (YYYY-MM-DD).")] = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="At most this many events.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, jsonl or csv.")] = "table",
    unique: Annotated[bool, typer.Option("--unique", help="One row per real-world event (same date, source, "
                                         "target, code, modality across articles) with its mention counts.")] = False,
) -> None:
    """List stored events, filtered."""
    if fmt not in ("table", "jsonl", "csv"):
        raise typer.BadParameter(f"unknown format '{fmt}' (table, jsonl, csv)", param_hint="--format")
    filters = dict(actor=actor, country=country, dyad=dyad, code=code,
                   since=_parse_date_option(since, "--since"), until=_parse_date_option(until, "--until"), limit=limit)
    store = _open_store(db, read_only=True)
    with store:
        if unique:
            try:
                rows = store.unique_events(**filters)
            except ValueError as exc:
                raise typer.BadParameter(str(exc))
        else:
            found = _query_events(store, **filters)
    if unique:
        write_unique_events(rows, fmt)
    else:
        write_events(found, fmt)


UNIQUE_COLUMNS = ["event_key", "date", "source_code", "cameo", "target_code", "plover", "goldstein",
                  "modality", "num_mentions", "num_articles", "first_event_id"]


def write_unique_events(rows: list[dict], fmt: str, stream=None) -> None:
    """Write deduplicated events (``Store.unique_events`` rows) as a table, JSON lines or CSV."""
    stream = stream or sys.stdout
    if fmt == "jsonl":
        for r in rows:
            stream.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        writer = csv.writer(stream)
        writer.writerow(UNIQUE_COLUMNS)
        for r in rows:
            writer.writerow(["" if r[c] is None else r[c] for c in UNIQUE_COLUMNS])
    else:
        t = Table(title=f"{len(rows)} unique events")
        for col in ("date", "source", "CAMEO", "target", "PLOVER", "G", "modality", "mentions", "articles"):
            t.add_column(col, no_wrap=True)
        for r in rows:
            t.add_row(str(r["date"] or "-"), r["source_code"] or "-", r["cameo"], r["target_code"] or "-",
                      r["plover"], f"{r['goldstein']:+.1f}", r["modality"], str(r["num_mentions"]),
                      str(r["num_articles"]))
        out.print(t)


def examples_dir() -> Path | None:
    """The bundled example articles: the repository's examples/ folder, else the installed copy."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[2] / "examples", here.parent / "examples"):
        if candidate.is_dir() and any(candidate.glob("*.txt")):
            return candidate
    return None


@app.command()
def demo(
    db: DbOption = Path("communique-demo.duckdb"),
    model: Annotated[Optional[str], typer.Option(help="Installed spaCy model to use.", envvar="COMMUNIQUE_MODEL")] = None,
) -> None:
    """Code the bundled example articles and print their events."""
    folder = examples_dir()
    if folder is None:
        console.print("[red]error:[/] the example articles were not found (examples/ folder)")
        raise typer.Exit(EXIT_USAGE)
    console.print(f"coding the example articles in {folder} into {db}")
    summary = run_coding([str(folder)], db, "auto", None, None, model)
    store = _open_store(db, read_only=True)
    with store:
        found = store.events()
    write_events(found, "table")
    counts = Counter(e.cameo_root for e in found)
    console.print("events per CAMEO root: " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    from communique.report import demo_report

    with _open_store(db, read_only=True) as store:
        report_path = demo_report(store, db.with_suffix(".html"))
    if report_path is not None:
        out.print(f"report of the busiest dyad: {report_path}", soft_wrap=True)
    if summary.problems:
        raise typer.Exit(EXIT_PARTIAL)


actors_app = typer.Typer(help="Inspect actor resolution.", no_args_is_help=True)
app.add_typer(actors_app, name="actors")

def load_user_actors(paths: list[Path] | None):
    """Load ``--actors`` files, printing each malformed line; None when no file is given."""
    if not paths:
        return None
    from communique.actors.extensions import load_actor_files

    table, problems = load_actor_files(paths)
    for problem in problems:
        console.print(f"[yellow]warning:[/] {problem}", highlight=False)
    return table


@actors_app.command("lookup")
def actors_lookup(
    text: Annotated[str, typer.Argument(help="A phrase or sentence, e.g. 'President Phuc'.")],
    date: Annotated[Optional[str], typer.Option(help="Date of the text (YYYY-MM-DD): office holders are "
                                                     "looked up at this date.")] = None,
    actors: ActorsOption = None,
    model: Annotated[Optional[str], typer.Option(help="Installed spaCy model to use.", envvar="COMMUNIQUE_MODEL")] = None,
) -> None:
    """Show how a phrase resolves to actors, and why."""
    from communique.actors.resolver import resolve_phrase

    day = _parse_date_option(date, "--date")
    found, mentions = resolve_phrase(text, day, load_user_actors(actors), model)
    table = Table(title=f"mentions in {text!r}" + (f" on {day}" if day else " (undated)"))
    for col in ("text", "kind", "country", "sector", "name", "why"):
        table.add_column(col, overflow="fold")
    for m in mentions:
        table.add_row(m.text, m.kind, m.country or "-", m.sector or "-", m.name, m.why)
    out.print(table)
    if found:
        out.print("resolves to: " + ", ".join(f"{a.code} ({a.name})" for a in found))
    else:
        out.print("resolves to: no actor (unresolved)")


@actors_app.command("unresolved")
def actors_unresolved(
    db: DbOption = Path("communique.duckdb"),
    limit: Annotated[int, typer.Option(min=1, help="How many names to list.")] = 30,
) -> None:
    """The most frequent names no table resolves: candidates for a user actor file."""
    store = _open_store(db, read_only=True)
    with store:
        rows = store.unresolved_counts(limit)
    table = Table(title=f"unresolved mentions in {db}")
    for col in ("text", "kind", "mentions"):
        table.add_column(col)
    for text, kind, n in rows:
        table.add_row(text, kind, str(n))
    out.print(table)


@app.command("load")
def load(
    shards: Annotated[list[str], typer.Argument(help="Shard folders written by 'code --dask', or folders of them.")],
    db: DbOption = Path("communique.duckdb"),
) -> None:
    """Bring Parquet shards (from 'code --dask') into the store; loading twice adds nothing."""
    from communique.distributed import run_load_command

    run_load_command(db, shards)


@app.command("eval")
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold files (shared/eval/*.jsonl).")],
    seeds_dir: Annotated[Optional[Path], typer.Option(help="Folder of the articles named by anchor gold "
                                                      "(default: ../seeds beside the gold file).")] = None,
    errors: Annotated[bool, typer.Option("--errors", help="List misses and false positives.")] = False,
    brief: Annotated[bool, typer.Option("--brief", help="Only the summary line per gold file (no per-root "
                                        "table, no confusion table).")] = False,
    limit: Annotated[Optional[int], typer.Option(min=1, help="Score only the first N records of each file.")] = None,
    model: Annotated[Optional[str], typer.Option(help="Installed spaCy model to use.", envvar="COMMUNIQUE_MODEL")] = None,
    actors: ActorsOption = None,
) -> None:
    """Score the coder on gold sets: precision, recall and F1 at dyad+root and strict level,
    and actor accuracy (source and target)."""
    from communique import evaluation as ev
    from communique.events.coder import EventCoder
    from communique.pipeline import code_articles

    extra = load_user_actors(actors)

    for path in gold:
        try:
            records = ev.load_jsonl(path)
        except (OSError, ValueError) as exc:
            console.print(f"[red]error:[/] {path}: {exc}")
            raise typer.Exit(EXIT_USAGE)
        if limit:
            records = records[:limit]
        if records and "expected_actor_codes" in records[0]:
            score = ev.phrase_accuracy(records, extra, model)
            out.print(f"{path.name}: {score.source_right}/{score.source_total} actor phrases resolve as expected")
            if errors:
                for line in score.errors:
                    out.print("  " + line)
            continue
        if records and "anchor" in records[0]:
            folder = seeds_dir or path.parent.parent / "seeds"
            score = ev.score_anchor_gold(records, ev.code_seed_articles(folder, {r["article"] for r in records}, model))
            out.print(f"{path.name}: {score.summary()}")
            if errors:
                for line in score.misses + score.fp_lines + score.date_lines:
                    out.print("  " + line)
            continue
        coded = ev.code_records(records, model, EventCoder(extra_actors=extra))
        if records and "spans" in records[0]:
            score = ev.span_accuracy(records, coded, name=path.stem)
            out.print(f"{path.name}: {score.records} records | {score.summary()}")
            if errors:
                for line in score.errors:
                    out.print("  " + line)
            continue
        result = ev.score_records(records, coded, name=path.stem)
        p, r, f = result.prf("root")
        ps, rs, fs = result.prf("strict")
        actor_score = ev.actor_accuracy(records, coded)
        out.print(f"{path.name}: {result.records} records | dyad+root P {p:.3f} R {r:.3f} F1 {f:.3f} | "
                  f"strict P {ps:.3f} R {rs:.3f} F1 {fs:.3f} | type accuracy {result.type_accuracy():.3f} | "
                  f"{actor_score.summary()}", highlight=False)
        if not brief:
            for line in ev.per_root_lines(result) + ev.confusion_lines(result):
                out.print(line, highlight=False)
        if errors:
            for line in result.errors + actor_score.errors:
                out.print("  " + line)


@app.command()
def report(
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")],
    dyad: Annotated[Optional[str], typer.Option(help="Two country codes joined by '-', e.g. CUB-VNM.")] = None,
    country: Annotated[Optional[str], typer.Option(help="One country code for its partners view, e.g. CUB.")] = None,
    since: Annotated[Optional[str], typer.Option("--from", help="First date, YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option("--to", help="Last date, YYYY-MM-DD.")] = None,
    db: DbOption = Path("communique.duckdb"),
) -> None:
    """Write one self-contained HTML report (works offline) of a dyad or of a country's partners."""
    from communique.report import write_report

    first, last = _parse_date_option(since, "--from"), _parse_date_option(until, "--to")
    with _open_store(db, read_only=True) as store:
        try:
            path = write_report(store, output, dyad=dyad, country=country, since=first, until=last)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
    out.print(str(path), soft_wrap=True)


@app.command("export")
def export_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help="plover-jsonl, gdelt-tsv, csv or parquet.")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write (standard output if "
                                                   "omitted; parquet needs a file).")] = None,
    dyad: Annotated[Optional[str], typer.Option(help="Two countries AAA-BBB, either direction.")] = None,
    country: Annotated[Optional[str], typer.Option(help="Country (source or target), ISO3.")] = None,
    actor: Annotated[Optional[str], typer.Option(help="Actor code prefix (source or target), e.g. CUBGOV.")] = None,
    code: Annotated[Optional[str], typer.Option(help="CAMEO code prefix, e.g. 04 or 057.")] = None,
    since: Annotated[Optional[str], typer.Option("--from", help="First date, YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option("--to", help="Last date, YYYY-MM-DD.")] = None,
    modality: Annotated[Optional[list[str]], typer.Option(help="Keep only this modality (repeatable): asserted, "
                                                          "reported, future, negated, hypothetical.")] = None,
    header: Annotated[bool, typer.Option("--header", help="gdelt-tsv: write the column names first.")] = False,
    db: DbOption = Path("communique.duckdb"),
) -> None:
    """Export unique events as PLOVER JSON lines, GDELT 2.0-style TSV, CSV or Parquet."""
    from communique.export import export_events

    first, last = _parse_date_option(since, "--from"), _parse_date_option(until, "--to")
    with _open_store(db, read_only=True) as store:
        try:
            n = export_events(store, fmt, output, header=header, dyad=dyad, country=country, actor=actor, code=code,
                              since=first, until=last, modality=modality)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
    console.print(f"{n} unique events exported" + (f" to {output}" if output else ""))


@app.command()
def serve(
    db: DbOption = Path("communique.duckdb"),
    host: Annotated[str, typer.Option(help="Address to bind; any non-loopback address needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    token: Annotated[Optional[str], typer.Option(help="Access token every request must present (Bearer header "
                                                 "or cookie set by /?token=T).", envvar="COMMUNIQUE_TOKEN")] = None,
    cors_origin: Annotated[Optional[list[str]], typer.Option(help="Allow this origin by CORS (repeatable); "
                                                             "none by default.")] = None,
    query_timeout: Annotated[float, typer.Option(min=0.1, help="Seconds before a query is stopped (HTTP 503).")] = 10.0,
) -> None:
    """Serve the read-only JSON API (/api/, /openapi.json) and the dashboard (/) for a store."""
    from communique.server.run import ServeError, StoreMissingError, serve as run_server

    try:
        run_server(db, host, port, token, tuple(cors_origin or ()), query_timeout)
    except ServeError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(EXIT_STORE if isinstance(exc, StoreMissingError) else EXIT_USAGE)


if __name__ == "__main__":  # pragma: no cover
    app()
