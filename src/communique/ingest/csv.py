"""CSV and TSV reader: a header row names the columns, each further row is one record."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from communique.ingest._io import decode, head_problem, line_too_long_message, peek_head, read_lines
from communique.ingest._records import record_items
from communique.models import Article, ReadProblem

FIELD_SIZE_LIMIT = 2**31 - 1  # whole articles fit in one field


def read_csv(
    stream: BinaryIO, *, origin: str, source: str, field_map: Mapping[str, str], delimiter: str = ","
) -> Iterator[Article | ReadProblem]:
    """Stream the articles of a CSV (or, with ``delimiter="\\t"``, TSV) ``stream`` read from ``origin``.

    Columns are matched to our field names through ``field_map`` (case-insensitively); a file
    without a text column yields a single :class:`ReadProblem` naming the columns it has.
    ``source`` is the source of rows that name none. Rows are read one at a time.
    """
    problem = head_problem(peek_head(stream))
    if problem:
        yield ReadProblem(origin, None, problem)
        return
    csv.field_size_limit(FIELD_SIZE_LIMIT)
    problems: list[ReadProblem] = []
    rows = csv.reader(_decoded_lines(stream, origin, problems), delimiter=delimiter)
    _, header = _next_row(rows, origin, problems)
    yield from _drain(problems)
    if header is None:
        yield ReadProblem(origin, None, "empty file (no header row)")
        return
    columns = _match_columns(header, field_map)
    if "text" not in columns:
        yield ReadProblem(origin, None, _missing_text_message(header, field_map["text"]))
        return
    records = 0
    while True:
        line, row = _next_row(rows, origin, problems)
        yield from _drain(problems)
        if row is None:
            break
        records += 1
        values = {name: row[index] if index < len(row) else None for name, index in columns.items()}
        yield from record_items(
            values, text_name=header[columns["text"]], path=origin, line=line, default_source=source
        )
    if not records:
        yield ReadProblem(origin, None, "no rows after the header")


def _decoded_lines(stream: BinaryIO, origin: str, problems: list[ReadProblem]) -> Iterator[str]:
    """The lines of ``stream`` as text, decoded one by one; decoding problems go to ``problems``.

    A line longer than 16 MB is reported and read as an empty line.
    """
    for line_number, raw in read_lines(stream):
        if raw is None:
            problems.append(ReadProblem(origin, line_number, line_too_long_message()))
            yield "\n"
            continue
        line, problem = decode(raw)
        if problem:
            problems.append(ReadProblem(origin, line_number, problem))
        yield line


def _next_row(rows: Any, origin: str, problems: list[ReadProblem]) -> tuple[int, list[str] | None]:
    """The next non-blank row and the line it starts on; ``None`` at the end. Bad rows are reported."""
    while True:
        start = rows.line_num + 1
        try:
            row = next(rows)
        except StopIteration:
            return start, None
        except csv.Error as exc:
            problems.append(ReadProblem(origin, start, f"malformed CSV row ({exc})"))
            continue
        if any(cell.strip() for cell in row):
            return start, row


def _match_columns(header: list[str], field_map: Mapping[str, str]) -> dict[str, int]:
    """Our field name -> column index, for the fields whose mapped column the header has."""
    index_by_name: dict[str, int] = {}
    for index, name in enumerate(header):
        index_by_name.setdefault(name.strip().lower(), index)
    return {
        field: index_by_name[column.strip().lower()]
        for field, column in field_map.items()
        if column.strip().lower() in index_by_name
    }


def _missing_text_message(header: list[str], text_column: str) -> str:
    """The message for a file without the text column."""
    found = ", ".join(repr(name) for name in header)
    return (
        f"no text column {text_column!r} (columns found: {found}); "
        f"name the text column with --field-map text=COLUMN"
    )


def _drain(problems: list[ReadProblem]) -> Iterator[ReadProblem]:
    """Yield and forget the problems collected so far."""
    yield from problems
    problems.clear()
