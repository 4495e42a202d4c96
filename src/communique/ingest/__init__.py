"""Read news articles from files, folders and standard input (DESIGN.md, "ingest").

:func:`read_inputs` streams :class:`~communique.models.Article` records from plain text, JSON
Lines, CSV/TSV (gzipped or not) and HTML, and reports every input it cannot read as a
:class:`~communique.models.ReadProblem` instead of raising. :func:`split_dateline` is the wire
dateline recognition the readers apply to every text.
"""

from __future__ import annotations

import os
import stat
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from communique.ingest._io import open_binary, stdin_binary
from communique.ingest._records import resolve_field_map
from communique.ingest.csv import read_csv
from communique.ingest.dateline import split_dateline
from communique.ingest.html import read_html
from communique.ingest.jsonl import read_jsonl
from communique.ingest.text import read_text
from communique.models import Article, ReadProblem

__all__ = ["SUPPORTED_EXTENSIONS", "read_inputs", "split_dateline"]

_FORMAT_BY_EXTENSION = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonlines": "jsonl",
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".jsonlines.gz": "jsonl",
    ".csv": "csv",
    ".csv.gz": "csv",
    ".tsv": "tsv",
    ".tsv.gz": "tsv",
    ".html": "html",
    ".htm": "html",
}
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(_FORMAT_BY_EXTENSION)
"""File name endings read when walking a folder (or with ``fmt="auto"``), matched case-insensitively."""

_FORMATS = ("auto", "text", "jsonl", "csv", "tsv", "html")
_STDIN = "-"
_STDIN_ORIGIN = "<stdin>"


def read_inputs(
    paths: Iterable[str | Path],
    *,
    fmt: str = "auto",
    field_map: Mapping[str, str] | None = None,
    source: str | None = None,
) -> Iterator[Article | ReadProblem]:
    """Stream the articles of ``paths``, with a :class:`ReadProblem` for each input it cannot read.

    Each path is a file, a folder (walked recursively in name order, taking files with a
    :data:`SUPPORTED_EXTENSIONS` ending and skipping hidden and README files) or ``-`` for
    standard input (plain text, or the format ``fmt`` names). ``fmt`` is ``"auto"`` (by file
    extension) or one of ``text``, ``jsonl``, ``csv``, ``tsv``, ``html`` for every file.
    ``field_map`` maps our field names (id, date, title, text, source, url) to the names used
    in JSONL/CSV inputs, e.g. ``{"text": "body", "date": "published"}``. ``source`` is the
    source of texts and of records that name none (default: the file name).

    Inputs are read lazily, one record at a time; bad input never raises. An unknown ``fmt`` or
    ``field_map`` key raises ``ValueError`` at once.
    """
    if fmt not in _FORMATS:
        raise ValueError(f"unknown input format {fmt!r} (choose from {', '.join(_FORMATS)})")
    fields = resolve_field_map(field_map)
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return _read_paths(paths, fmt, fields, source)


def _read_paths(
    paths: Iterable[str | Path], fmt: str, fields: Mapping[str, str], source: str | None
) -> Iterator[Article | ReadProblem]:
    """Everything :func:`read_inputs` yields, path after path."""
    for given in paths:
        if str(given) == _STDIN:
            kind = "text" if fmt == "auto" else fmt
            yield from _read_stream(kind, stdin_binary(), _STDIN_ORIGIN, source or "stdin", fields)
            continue
        path = Path(given)
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except OSError as exc:
            yield ReadProblem(str(path), None, _os_error_message(exc))
            continue
        if is_dir:
            for item in _walk(path):
                if isinstance(item, ReadProblem):
                    yield item
                else:
                    yield from _read_file(item, fmt, fields, source)
        else:
            yield from _read_file(path, fmt, fields, source)


def _read_file(
    path: Path, fmt: str, fields: Mapping[str, str], source: str | None
) -> Iterator[Article | ReadProblem]:
    """The articles of one file, read in format ``fmt`` (``auto``: by its extension)."""
    origin = str(path)
    ending = _supported_ending(path.name)
    kind = fmt if fmt != "auto" else _FORMAT_BY_EXTENSION.get(ending or "")
    if kind is None:
        supported = ", ".join(SUPPORTED_EXTENSIONS)
        message = f"unsupported file type (supported: {supported}); choose a format to read it anyway"
        yield ReadProblem(origin, None, message)
        return
    if source is None:
        # texts are named by their file; records fall back to the file name without its ending
        source = path.name if kind in ("text", "html") or not ending else path.name[: -len(ending)]
    try:
        stream = open_binary(path)
    except OSError as exc:
        yield ReadProblem(origin, None, _os_error_message(exc))
        return
    with stream:
        yield from _read_stream(kind, stream, origin, source, fields)


def _read_stream(
    kind: str, stream: BinaryIO, origin: str, source: str, fields: Mapping[str, str]
) -> Iterator[Article | ReadProblem]:
    """The articles of an open byte stream in format ``kind``; read and decompression errors are reported."""
    if kind == "text":
        items = read_text(stream, origin=origin, source=source)
    elif kind == "html":
        items = read_html(stream, origin=origin, source=source)
    elif kind == "jsonl":
        items = read_jsonl(stream, origin=origin, source=source, field_map=fields)
    else:
        delimiter = "\t" if kind == "tsv" else ","
        items = read_csv(stream, origin=origin, source=source, field_map=fields, delimiter=delimiter)
    try:
        yield from items
    except (OSError, EOFError, zlib.error) as exc:
        yield ReadProblem(origin, None, f"cannot read further: {_os_error_message(exc)}")


def _walk(folder: Path) -> Iterator[Path | ReadProblem]:
    """The readable files under ``folder``, depth first in name order.

    Hidden entries, README files and files without a supported ending are skipped silently; a
    folder reached twice through symbolic links is walked once.
    """
    seen: set[tuple[int, int]] = set()

    def visit(directory: Path) -> Iterator[Path | ReadProblem]:
        try:
            info = directory.stat()
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError as exc:
            yield ReadProblem(str(directory), None, _os_error_message(exc))
            return
        if (info.st_dev, info.st_ino) in seen:
            return
        seen.add((info.st_dev, info.st_ino))
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = directory / entry.name
            if _is_dir(entry):
                yield from visit(path)
            elif not entry.name.lower().startswith("readme") and _supported_ending(entry.name):
                yield path

    return visit(folder)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """Whether a folder entry is a folder (following links); unreadable entries count as files."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _supported_ending(name: str) -> str | None:
    """The supported ending of file ``name`` (case-insensitive), or ``None``."""
    lower = name.lower()
    return next((ending for ending in SUPPORTED_EXTENSIONS if lower.endswith(ending)), None)


def _os_error_message(exc: BaseException) -> str:
    """A short message for an error raised while opening or reading an input."""
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "cannot read: permission denied"
    if isinstance(exc, EOFError):
        return f"truncated input ({exc})"
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read: {exc.strerror}"
    return f"cannot read: {exc}"
