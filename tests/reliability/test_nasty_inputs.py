"""Nasty inputs (issue 7): huge lines, big files, NUL bytes, mixed encodings, HTML nested 10,000
levels deep, right-to-left text, emoji and many-row JSONL are coded with bounded memory and a
clear report: every problem on its own line naming the file (and line), and summary counts.

These run the test scale of :mod:`.nasty_corpus` (a 10 MB line, a 17 MB line, 24 MB files,
5,000 rows); ``benchmarks/bench_nasty_inputs.py`` runs the full scale (100 MB files, a million
rows) and records its figures in BENCHMARKS.md.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from communique.cli import EXIT_PARTIAL
from communique.ingest import _io, read_inputs
from communique.models import Article, ReadProblem
from communique.store import Store

from .helpers import communique_command, reader_command, run_measured
from .nasty_corpus import EXPECTED_PROBLEMS, TEST_SCALE, many_rows_bad_lines, write_coding_corpus, write_streaming_corpus

PEAK_RSS_LIMIT_MB = 1536  # the generous bound of issue 7 (the model alone takes a few hundred MB)
READER_RSS_LIMIT_MB = 150  # reading only (about 50 MB measured): nothing is held but the 16 MB text read


def _warnings(report: str) -> list[str]:
    return [line.removeprefix("warning: ") for line in report.splitlines() if line.startswith("warning: ")]


def _summary_count(report: str, label: str) -> int:
    match = re.search(rf"{re.escape(label)}\s*│\s*(\d+)", report)
    assert match, f"no '{label}' in the summary:\n{report}"
    return int(match.group(1))


@pytest.fixture(scope="module")
def coded(tmp_path_factory) -> tuple[Path, Path, str, float]:
    """The nasty corpus coded once by ``communique code``: (folder, store, report, peak RSS MB)."""
    tmp = tmp_path_factory.mktemp("nasty")
    folder = write_coding_corpus(tmp / "corpus", TEST_SCALE)
    db = tmp / "nasty.duckdb"
    completed, peak = run_measured(communique_command("code", str(folder), "--db", str(db)), tmp / "rss.json")
    report = completed.stderr.decode("utf-8")
    assert completed.returncode == EXIT_PARTIAL, report  # finished, with problems reported
    return folder, db, report, peak


def test_nasty_corpus_is_coded_with_bounded_memory(coded) -> None:
    *_, peak = coded
    assert 0 < peak < PEAK_RSS_LIMIT_MB


def test_every_problem_is_reported_once_with_its_file_and_line(coded) -> None:
    folder, _, report, _ = coded
    expected = [(folder / name, line, message) for name, found in EXPECTED_PROBLEMS.items() for line, message in found]
    expected += [(folder / "many_rows.jsonl", n, "record has empty text") for n in many_rows_bad_lines(TEST_SCALE)]
    warnings = _warnings(report)
    for path, line, message in expected:
        where = f"{path}:{line}: " if line else f"{path}: "
        assert sum(w.startswith(where + message) for w in warnings) == 1, (where, message, warnings)
    assert len(warnings) == len(expected), warnings
    assert _summary_count(report, "input problems reported") == len(expected)
    assert _summary_count(report, "articles not coded (errors)") == 0


def test_summary_counts_every_article_read(coded) -> None:
    _, db, report, _ = coded
    rows = TEST_SCALE.rows - len(many_rows_bad_lines(TEST_SCALE))
    # huge_lines 2, nul_bytes.jsonl 2, nul_bytes.txt, mixed, utf16le, utf16be 2, csv 2, deep.html, rtl, emoji 2
    assert _summary_count(report, "articles read") == rows + 15
    with Store(db, read_only=True) as store:
        stored = store.stats()["articles"]
    assert stored == TEST_SCALE.distinct_rows + 15  # repeated rows are stored once
    assert _summary_count(report, "articles coded and stored") == stored


def test_nasty_texts_are_stored_intact(coded) -> None:
    folder, db, _, _ = coded
    with Store(db, read_only=True) as store:
        by_origin = {row["origin"]: store.article(row["id"]) for row in store.articles()}
        events = store.events()
    text = {Path(origin.partition(":")[0]).name + origin.partition(":")[2]: a["text"] for origin, a in by_origin.items()}
    assert "Señor Díaz-Canel" in text["mixed_encodings.txt"] and "ministre français" in text["mixed_encodings.txt"]
    assert "Kenya provided 300 tons" in text["deep.html"]
    assert text["utf16le.txt"].startswith("France condemned") and text["utf16be.jsonl2"].startswith("Russia")
    assert "\u202bEgypt thanked Jordan" in text["rtl.txt"]
    assert "\U0001f1e8\U0001f1fa Cuba thanked" in text["emoji.jsonl1"]
    assert "\x00" not in text["nul_bytes.txt"] and "Cuba  thanked" in text["nul_bytes.jsonl1"]
    assert "président" in text["latin1_row.csv3"]
    dyads = {(e.source.country, e.target.country) for e in events if e.source and e.target}
    assert {("CUB", "VNM"), ("RUS", "CHN"), ("FRA", "MLI")} <= dyads


def test_readers_stream_big_files_with_bounded_memory(tmp_path) -> None:
    folder = write_streaming_corpus(tmp_path / "big", TEST_SCALE)
    paths = [folder / "big.jsonl", folder / "big.txt", folder / "many_rows.jsonl"]
    completed, peak = run_measured(reader_command(*paths), tmp_path / "rss.json")
    assert completed.returncode == 0, completed.stderr.decode()
    counts = json.loads(completed.stdout)
    records = sum(1 for _ in (folder / "big.jsonl").open("rb"))
    bad = many_rows_bad_lines(TEST_SCALE)
    assert counts["articles"] == records + 1 + TEST_SCALE.rows - len(bad)
    assert counts["problems"] == 1 + len(bad)
    assert f"{folder / 'big.txt'}: file larger than 16 MB: only its first 16 MB were read" in completed.stderr.decode()
    assert peak < READER_RSS_LIMIT_MB


# -- the limits, exercised in-process with small caps ---------------------------------------------


def test_a_line_over_the_limit_is_skipped_and_the_next_ones_read(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(_io, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "Short one."}) + "\n" + json.dumps({"text": "y" * 5000}) + "\n"
                    + json.dumps({"text": "Last one."}) + "\n", encoding="utf-8")
    items = list(read_inputs([path]))
    assert [i.text for i in items if isinstance(i, Article)] == ["Short one.", "Last one."]
    assert [str(i) for i in items if isinstance(i, ReadProblem)] == [f"{path}:2: line longer than 0.000953674 MB, skipped"]


def test_a_long_csv_line_is_skipped_and_the_next_rows_read(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(_io, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "a.csv"
    path.write_text("id,text\n1,First row.\n2," + "z" * 3000 + "\n3,Third row.\n", encoding="utf-8")
    articles, problems = _split(read_inputs([path]))
    assert [a.text for a in articles] == ["First row.", "Third row."]
    assert [(p.line, p.message.split(",")[0]) for p in problems] == [(3, "line longer than 0.000953674 MB")]


def test_a_text_file_over_the_limit_is_cut_at_a_character_boundary(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(_io, "MAX_TEXT_BYTES", 101)
    path = tmp_path / "a.txt"
    path.write_bytes(("a" * 100 + "é" * 50).encode("utf-8"))  # byte 101 is inside the first "é"
    articles, problems = _split(read_inputs([path]))
    assert [a.text for a in articles] == ["a" * 100]
    assert [p.message for p in problems] == ["file larger than 9.63211e-05 MB: only its first 9.63211e-05 MB were read"]


def test_an_endless_line_is_read_through_in_chunks_and_reported() -> None:
    class Endless(io.RawIOBase):
        """A stream of 'x' without end, counting what was read."""

        served = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            if self.served > 64 * 2**20:
                return 0  # stop after 64 MB so a failing reader cannot hang the suite
            buffer[:] = b"x" * len(buffer)
            self.served += len(buffer)
            return len(buffer)

    stream = Endless()
    lines = _io.read_lines(io.BufferedReader(stream), limit=2**20)
    assert next(lines) == (1, None)  # reported as too long, read through in chunks
    assert next(lines, None) is None


def _split(items) -> tuple[list[Article], list[ReadProblem]]:
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, ReadProblem)]


def test_name_words_of_a_long_unspaced_chunk_look_at_bounded_pieces(monkeypatch) -> None:
    """300 emoji without spaces: every piece of at most 12 tokens, not all 45,150 pieces (O(n³))."""
    from spacy.tokens import Doc

    from communique import fastpath
    from communique.nlp import get_nlp

    pieces: list[str] = []
    monkeypatch.setattr(fastpath, "_name_words", lambda piece: pieces.append(piece) or ())
    doc = Doc(get_nlp().vocab, words=["\U0001f600"] * 300, spaces=[False] * 300)
    fastpath.sentence_name_words(doc[:])
    assert len(pieces) <= len(doc) * fastpath.MAX_NAME_PIECE_TOKENS
    assert max(map(len, pieces)) == fastpath.MAX_NAME_PIECE_TOKENS  # one character per emoji token
