"""JSON Lines reader: one JSON object per line, read and decoded one line at a time."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from communique.ingest._io import decode, head_problem, line_too_long_message, peek_head, read_lines
from communique.ingest._records import record_items
from communique.models import Article, ReadProblem


def read_jsonl(
    stream: BinaryIO, *, origin: str, source: str, field_map: Mapping[str, str]
) -> Iterator[Article | ReadProblem]:
    """Stream the articles of a JSON Lines ``stream`` read from ``origin``.

    ``field_map`` maps each of our field names (id, date, title, text, source, url) to the key
    used in the file; ``source`` is the source of records that name none. Blank lines are
    skipped; every bad line (including one longer than 16 MB) yields one :class:`ReadProblem`
    and reading goes on.
    """
    problem = head_problem(peek_head(stream))
    if problem:
        yield ReadProblem(origin, None, problem)
        return
    records = 0
    for line_number, raw in read_lines(stream):
        if raw is None:
            records += 1
            yield ReadProblem(origin, line_number, line_too_long_message())
            continue
        if not raw.strip():
            continue
        records += 1
        line, decode_problem = decode(raw)
        if decode_problem:
            yield ReadProblem(origin, line_number, decode_problem)
        obj = _parse_object(line)
        if isinstance(obj, str):
            yield ReadProblem(origin, line_number, obj)
            continue
        values = {name: obj.get(key) for name, key in field_map.items()}
        yield from record_items(
            values, text_name=field_map["text"], path=origin, line=line_number, default_source=source
        )
    if not records:
        yield ReadProblem(origin, None, "empty file (no records)")


def _parse_object(line: str) -> dict[str, Any] | str:
    """The JSON object on ``line``, or a message saying why there is none."""
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return f"not valid JSON ({exc})"
    if not isinstance(obj, dict):
        return f"expected a JSON object, got {_json_type(obj)}"
    return obj


def _json_type(value: object) -> str:
    """The JSON name of ``value``'s type."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "null"
