"""Byte-level helpers shared by the readers: opening, sniffing and decoding input."""

from __future__ import annotations

import codecs
import gzip
import io
import sys
from pathlib import Path
from typing import BinaryIO

HEAD_BYTES = 8192


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
    """Why a stream starting with ``head`` cannot be read as text, or ``None`` if it looks fine."""
    if not head:
        return "empty file"
    if b"\0" in head:
        return "binary file (NUL bytes in the first 8 KB), skipped"
    return None


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

