"""A generated corpus of nasty inputs (issue 7), at test scale or at full (benchmark) scale.

:func:`write_coding_corpus` writes a folder for ``communique code``: huge lines, NUL bytes, a
binary file, mixed encodings (UTF-8 + Latin-1 lines, UTF-16 with byte-order marks, a Latin-1 CSV
row), HTML nested 10,000 levels deep, right-to-left text, emoji, and a many-row JSONL whose rows
repeat a few distinct articles (so the rows go through reading, deduplication and the store
without each being parsed by spaCy). :data:`EXPECTED_PROBLEMS` lists the report lines each
file must produce. :func:`write_streaming_corpus` writes the large files for reader-only checks:
a big JSONL file, a big text file, and the many-row JSONL.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass
from pathlib import Path

MB = 2**20


@dataclass(frozen=True)
class Scale:
    """Sizes of the generated inputs."""

    huge_line_mb: int  # the field making one JSONL line this big (read, not coded)
    over_cap_line_mb: int  # a line over the 16 MB line limit (skipped with a message)
    big_file_mb: int  # the big JSONL and text files of the streaming corpus
    rows: int  # rows of the many-row JSONL
    distinct_rows: int  # distinct articles among them
    bad_row_every: int  # every n-th row has empty text (a reported problem)
    html_depth: int


TEST_SCALE = Scale(huge_line_mb=10, over_cap_line_mb=17, big_file_mb=24, rows=5_000, distinct_rows=12,
                   bad_row_every=1_250, html_depth=10_000)
FULL_SCALE = Scale(huge_line_mb=10, over_cap_line_mb=17, big_file_mb=100, rows=1_000_000, distinct_rows=100,
                   bad_row_every=100_000, html_depth=10_000)

SENTENCES = [
    "Cuba thanked Vietnam for its help with rice deliveries.",
    "Russia criticized China over the new trade rules.",
    "Japan and India signed an agreement on maritime security.",
    "France condemned the attack on the embassy in Mali.",
    "Kenya provided 300 tons of maize to Somalia.",
    "Brazil hosted talks between Colombia and Venezuela.",
]
RTL_TEXT = (
    "\u0642\u0627\u0644\u062a \u0645\u0635\u0631 \u0625\u0646\u0647\u0627 \u062a\u062f\u0639\u0645 "
    "\u0627\u0644\u0623\u0631\u062f\u0646. \u05e9\u05dc\u05d5\u05dd \u05e2\u05dc\u05d9\u05db\u05dd. "
    "\u202bEgypt thanked Jordan for its support.\u202c \u200fIsrael criticized Iran.\u200f "
    "\u202e!desrever si txet sihT\u202c"
)
EMOJI_TEXT = (
    "\U0001f1e8\U0001f1fa Cuba thanked \U0001f1fb\U0001f1f3 Vietnam \U0001f64f for its help. "
    "\U0001f468\u200d\U0001f469\u200d\U0001f467 Families \U0001f3f3\ufe0f\u200d\U0001f308 cheered. "
    "Russia \U0001f621 criticized China \U0001f4b0 over trade \U0001f69a\U0001f69a."
)

# file name -> (line or None, the start of the message) that the report must name.
EXPECTED_PROBLEMS: dict[str, list[tuple[int | None, str]]] = {
    "huge_lines.jsonl": [(2, "line longer than 16 MB, skipped")],
    "nul_bytes.jsonl": [(1, "1 control character(s)"), (2, "not valid JSON")],
    "nul_bytes.txt": [(None, "3 control character(s)")],
    "binary.txt": [(None, "binary file")],
    "mixed_encodings.txt": [(None, "invalid UTF-8 at byte")],
    "latin1_row.csv": [(3, "invalid UTF-8 at byte")],
    "deep.html": [(None, "HTML nested deeper than libxml2's limit")],
}


def write_coding_corpus(folder: Path, scale: Scale) -> Path:
    """Write the nasty inputs for ``communique code`` into ``folder`` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    _write_huge_lines(folder / "huge_lines.jsonl", scale)
    _write_nul_bytes(folder)
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    _write_encodings(folder)
    (folder / "deep.html").write_text(_deep_html(scale.html_depth), encoding="utf-8")
    (folder / "rtl.txt").write_text(RTL_TEXT, encoding="utf-8")
    _write_jsonl(folder / "emoji.jsonl", [{"id": "emoji-1", "text": EMOJI_TEXT}, {"id": "emoji-2", "text": "\U0001f600" * 500}])
    write_many_rows(folder / "many_rows.jsonl", scale)
    return folder


def write_streaming_corpus(folder: Path, scale: Scale) -> Path:
    """Write the big files for reader-only streaming checks into ``folder`` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    _write_big_jsonl(folder / "big.jsonl", scale.big_file_mb * MB)
    _write_big_text(folder / "big.txt", scale.big_file_mb * MB)
    write_many_rows(folder / "many_rows.jsonl", scale)
    return folder


def write_many_rows(path: Path, scale: Scale) -> None:
    """``scale.rows`` JSONL rows cycling over ``scale.distinct_rows`` short articles; every
    ``scale.bad_row_every``-th row has an empty text."""
    with path.open("w", encoding="utf-8") as fh:
        for row in range(1, scale.rows + 1):
            if row % scale.bad_row_every == 0:
                fh.write('{"text": ""}\n')
                continue
            n = row % scale.distinct_rows
            text = f"{SENTENCES[n % len(SENTENCES)]} Report {n}."
            fh.write(json.dumps({"text": text, "date": "2024-05-01", "source": "wire"}) + "\n")


def many_rows_bad_lines(scale: Scale) -> list[int]:
    """The line numbers of the empty-text rows of :func:`write_many_rows`."""
    return list(range(scale.bad_row_every, scale.rows + 1, scale.bad_row_every))


def _write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def _write_huge_lines(path: Path, scale: Scale) -> None:
    """Line 1: a record with a ``huge_line_mb`` side field; line 2: a line over the limit; line 3: a record."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{"id": "huge-1", "text": "' + SENTENCES[0] + '", "raw": "')
        _write_repeated(fh, "x", scale.huge_line_mb * MB)
        fh.write('"}\n{"id": "huge-2", "text": "')
        _write_repeated(fh, "word ", scale.over_cap_line_mb * MB)
        fh.write('"}\n')
        fh.write(json.dumps({"id": "huge-3", "text": SENTENCES[1]}) + "\n")


def _write_repeated(fh, piece: str, size: int) -> None:
    """Write ``piece`` repeated to ``size`` characters, 1 MB at a time."""
    chunk = piece * (MB // len(piece))
    written = 0
    while written < size:
        part = chunk[: size - written]
        fh.write(part)
        written += len(part)


def _write_nul_bytes(folder: Path) -> None:
    """A JSONL file with an escaped NUL (line 1) and a raw NUL (line 2); a text file with stray NULs."""
    lines = [
        json.dumps({"id": "nul-1", "text": "Cuba\u0000 thanked Vietnam for its help."}).encode(),
        b'{"id": "nul-2", "text": "raw \x00 NUL inside a string"}',
        json.dumps({"id": "nul-3", "text": SENTENCES[2]}).encode(),
    ]
    (folder / "nul_bytes.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    body = " ".join(SENTENCES).encode()
    (folder / "nul_bytes.txt").write_bytes(body + b"\x00 " + body + b"\x00\x00 " + SENTENCES[3].encode())


def _write_encodings(folder: Path) -> None:
    """UTF-8 + Latin-1 lines in one text file; UTF-16 files with byte-order marks; a Latin-1 CSV row."""
    (folder / "mixed_encodings.txt").write_bytes(
        "Señor Díaz-Canel said Cuba thanked Vietnam — “warmly”.\n".encode("utf-8")
        + "Le ministre français a critiqué la Russie.\n".encode("latin-1")
        + "Japan criticized China. 日本.\n".encode("utf-8")
    )
    (folder / "utf16le.txt").write_bytes(codecs.BOM_UTF16_LE + SENTENCES[3].encode("utf-16-le"))
    records = "".join(json.dumps({"id": f"u16-{i}", "text": s}) + "\n" for i, s in enumerate(SENTENCES[:2]))
    (folder / "utf16be.jsonl").write_bytes(codecs.BOM_UTF16_BE + records.encode("utf-16-be"))
    (folder / "latin1_row.csv").write_bytes(
        codecs.BOM_UTF8 + b"id,text\n" + f"csv-1,{SENTENCES[4]}\n".encode()
        + "csv-2,Le président a visité l'Algérie.\n".encode("latin-1")
    )


def _deep_html(depth: int) -> str:
    """A page whose article paragraph sits inside ``depth`` nested ``div`` elements."""
    paragraph = "<p>" + " ".join(SENTENCES) + "</p>"
    return (f"<!DOCTYPE html><html><head><title>Deep page</title></head><body>{'<div>' * depth}"
            f"{paragraph}{'</div>' * depth}</body></html>")


def _write_big_jsonl(path: Path, size: int) -> None:
    """A JSONL file of about ``size`` bytes of ordinary records."""
    with path.open("w", encoding="utf-8") as fh:
        written = row = 0
        while written < size:
            line = json.dumps({"id": f"big-{row}", "date": "2024-05-01", "text": " ".join(SENTENCES)}) + "\n"
            fh.write(line)
            written += len(line)
            row += 1


def _write_big_text(path: Path, size: int) -> None:
    """A text file of about ``size`` bytes (more than the 16 MB a text file may have)."""
    with path.open("w", encoding="utf-8") as fh:
        _write_repeated(fh, " ".join(SENTENCES) + "\n", size)
