"""Byte-level helpers shared by the readers: opening, sniffing and decoding input."""

from __future__ import annotations

import codecs
import gzip
import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

HEAD_BYTES = 8192
MAX_LINE_BYTES = 16 * 2**20
"""A JSONL/CSV line longer than this (16 MB) is skipped and reported; it is never held whole."""
MAX_TEXT_BYTES = 16 * 2**20
"""Only the first 16 MB of a text or HTML file are read (the coder reads at most 1M characters)."""
_WIDE_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def open_binary(path: Path) -> BinaryIO:
    """Open ``path`` for reading bytes, decompressing ``.gz`` files transparently."""
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def stdin_binary() -> BinaryIO:
    """Standard input as a byte stream (a text-only replacement of ``sys.stdin`` is re-encoded)."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return buffer
    return io.BytesIO(sys.stdin.read().encode("utf-8", "surrogateescape"))


def peek_head(stream: BinaryIO) -> bytes:
    """Up to the first 8 KB of ``stream`` without consuming them (rewinding, or peeking at a pipe)."""
    if stream.seekable():
        position = stream.tell()
        head = stream.read(HEAD_BYTES)
        stream.seek(position)
        return head
    peek = getattr(stream, "peek", None)
    return peek(HEAD_BYTES)[:HEAD_BYTES] if peek is not None else b""


def head_problem(head: bytes) -> str | None:
    """Why a stream starting with ``head`` cannot be read as text, or ``None`` if it looks fine.

    A head with NUL bytes is binary when they are frequent (over 1 byte in 8) or the rest is not
    UTF-8; a few stray NULs in UTF-8 text are not (readers replace them, see ``clean_text``).
    UTF-16 and UTF-32 text with a byte-order mark is text.
    """
    if not head:
        return "empty file"
    if wide_encoding(head) is None and b"\0" in head and _looks_binary(head):
        return "binary file (NUL bytes in the first 8 KB), skipped"
    return None


def _looks_binary(head: bytes) -> bool:
    """Whether a head containing NUL bytes is binary data rather than text with stray NULs."""
    if head.count(0) * 8 > len(head):
        return True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason != "unexpected end of data"  # a character cut at the head's end is fine
    return False


def wide_encoding(head: bytes) -> str | None:
    """``"utf-16"`` or ``"utf-32"`` when ``head`` opens with that encoding's byte-order mark, else ``None``."""
    return next((encoding for bom, encoding in _WIDE_BOMS if head.startswith(bom)), None)


def read_lines(stream: BinaryIO, limit: int | None = None) -> Iterator[tuple[int, bytes | None]]:
    """The lines of ``stream`` as ``(line number, bytes)``, numbered from 1, read one at a time.

    A line longer than ``limit`` bytes (default :data:`MAX_LINE_BYTES`) comes as ``(number, None)``:
    it is read through in chunks, never held whole. UTF-16/32 input (with a byte-order mark) is
    transcoded to UTF-8.
    """
    limit = MAX_LINE_BYTES if limit is None else limit
    encoding = wide_encoding(peek_head(stream))
    wrapper = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="\n") if encoding else None
    readline = _utf8_readline(wrapper) if wrapper is not None else stream.readline
    try:
        number = 0
        while line := readline(limit + 1):
            number += 1
            if len(line) > limit:
                _skip_rest_of_line(readline, line)
                yield number, None
            else:
                yield number, line
    finally:
        if wrapper is not None:
            wrapper.detach()  # the caller closes the underlying stream


def line_too_long_message() -> str:
    """The problem message for a line that :func:`read_lines` skipped for being over the limit."""
    return f"line longer than {_megabytes(MAX_LINE_BYTES)}, skipped"


def text_truncated_message() -> str:
    """The problem message for a text or HTML file that :func:`read_capped` cut at the limit."""
    return f"file larger than {_megabytes(MAX_TEXT_BYTES)}: only its first {_megabytes(MAX_TEXT_BYTES)} were read"


def _megabytes(size: int) -> str:
    """``size`` bytes written in MB (``"16 MB"``, ``"0.001 MB"``)."""
    return f"{size / 2**20:g} MB"


def _utf8_readline(wrapper: io.TextIOWrapper) -> Callable[[int], bytes]:
    """A ``readline(size)`` giving the lines of a decoded text stream as UTF-8 bytes."""

    def readline(size: int) -> bytes:
        return wrapper.readline(size).encode("utf-8", "surrogatepass")

    return readline


def _skip_rest_of_line(readline: Callable[[int], bytes], start: bytes) -> None:
    """Read past the end of the line that began with ``start``, 1 MB at a time."""
    chunk = start
    while chunk and not chunk.endswith(b"\n"):
        chunk = readline(2**20)


def read_capped(stream: BinaryIO, limit: int | None = None) -> tuple[bytes, bool]:
    """At most ``limit`` bytes (default :data:`MAX_TEXT_BYTES`) from ``stream``, and whether there was more (not read)."""
    limit = MAX_TEXT_BYTES if limit is None else limit
    data = stream.read(limit + 1)
    return data[:limit], len(data) > limit


def decode_text(data: bytes, *, truncated: bool = False) -> tuple[str, str | None]:
    """Decode a whole text file: UTF-16/32 by byte-order mark, else UTF-8 line by line.

    Lines that are not UTF-8 are decoded as cp1252, so a file mixing encodings keeps its UTF-8
    lines intact; the problem message names the first bad byte and line and counts the lines.
    ``truncated`` data may end inside a character, which is then dropped.
    """
    encoding = wide_encoding(data)
    if encoding is not None:
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        return decoder.decode(data, final=not truncated), None
    if truncated:
        data = _drop_partial_character(data)
    text, problem = decode(data)
    if problem is None:
        return text, None
    return _decode_lines(data)


def _decode_lines(data: bytes) -> tuple[str, str]:
    """``data`` decoded line by line (UTF-8, else cp1252) and the message about the cp1252 lines."""
    lines: list[str] = []
    bad: list[tuple[int, int]] = []  # (line number, byte offset of the first invalid byte)
    offset = 0
    for number, raw in enumerate(data.split(b"\n"), start=1):
        line, problem = decode(raw)
        if problem is not None:
            bad.append((number, offset + _invalid_utf8_at(raw)))
        lines.append(line)
        offset += len(raw) + 1
    number, at = bad[0]
    more = f"; {len(bad) - 1} more line(s) decoded as cp1252" if len(bad) > 1 else ""
    return "\n".join(lines), f"invalid UTF-8 at byte {at} (line {number}), decoded as cp1252{more}"


def _invalid_utf8_at(raw: bytes) -> int:
    """The offset of the first byte of ``raw`` (after any UTF-8 BOM) that is not valid UTF-8."""
    bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        raw[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        return bom + exc.start
    return 0


def _drop_partial_character(data: bytes) -> bytes:
    """``data`` without a UTF-8 multi-byte character cut off at its end."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte & 0xC0 != 0x80:  # the last lead (or ASCII) byte
            needed = 2 if byte >> 5 == 0b110 else 3 if byte >> 4 == 0b1110 else 4 if byte >> 3 == 0b11110 else 1
            return data[:-back] if needed > back else data
    return data


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode ``data`` as UTF-8 (a BOM is dropped), falling back to cp1252.

    Returns ``(text, problem)``; ``problem`` says where UTF-8 failed when the fallback was used.
    """
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8"), None
    except UnicodeDecodeError as exc:
        text = data[bom:].decode("cp1252", errors="replace")
        return text, f"invalid UTF-8 at byte {bom + exc.start}, decoded as cp1252"

