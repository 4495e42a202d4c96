"""Fuzzing every reader: arbitrary bytes and text never raise, bad input is reported with its
file and line, valid records around bad ones are still read (issue 7).

Readers covered: plain text, JSONL, CSV, TSV, HTML, standard input, gzip, dateline splitting
and dates. Each property also checks that what comes out can be stored: article texts and
metadata encode as UTF-8 (no unpaired surrogates) and hold no NUL or other control characters.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.ingest import read_inputs, split_dateline
from communique.ingest.dates import parse_date, read_date
from communique.models import Article, ReadProblem



def fuzz(examples: int) -> settings:
    """Hypothesis settings for ``examples`` examples, no deadline (readers load slow libraries)."""
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f\ud800-\udfff]")
_FORMATS = {"text": "a.txt", "jsonl": "a.jsonl", "csv": "a.csv", "tsv": "a.tsv", "html": "a.html"}
# Lines of garbage: anything but a line break or NUL (a NUL-heavy head makes the file binary),
# not opening with a UTF-16 byte-order mark (which would make the whole file UTF-16).
_GARBAGE_LINE = st.binary(max_size=60).map(
    lambda b: (b"?" if b[:2] in (b"\xff\xfe", b"\xfe\xff") else b"") + b.replace(b"\n", b" ").replace(b"\0", b"?"))
_WORDS = st.sampled_from(["Cuba", "thanked", "Vietnam", "für", "مرحبا", "🙂", "talks", "—", "日本", "\u200f", "x"])
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=12).map(" ".join)


@contextmanager
def _file(name: str, data: bytes) -> Iterator[Path]:
    """A fresh temporary file ``name`` holding ``data``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


def _read(path: Path | str, **options) -> tuple[list[Article], list[ReadProblem]]:
    """Everything read from ``path``, checked to be storable and split into articles and problems."""
    items = list(read_inputs([str(path)], **options))
    articles = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, ReadProblem)]
    assert len(articles) + len(problems) == len(items)
    for article in articles:
        _assert_storable(article)
    return articles, problems


def _assert_storable(article: Article) -> None:
    """The article has text and no field that UTF-8 cannot encode or that holds control characters."""
    assert article.text.strip()
    for value in (article.id, article.text, article.source, article.title, article.url, article.dateline):
        if value is not None:
            value.encode("utf-8")
            assert not _CONTROL.search(value), value


def _assert_problems_name(problems: list[ReadProblem], origin: str, lines: range | None = None) -> None:
    """Every problem names ``origin`` (and, when it names a line, one within ``lines``)."""
    for problem in problems:
        assert problem.origin == origin, problem
        assert problem.message
        if problem.line is not None and lines is not None:
            assert problem.line in lines, problem


# -- every reader on arbitrary bytes ------------------------------------------------------------


@fuzz(150)
@given(fmt=st.sampled_from(sorted(_FORMATS)), data=st.binary(max_size=2000))
def test_every_reader_survives_arbitrary_bytes(fmt: str, data: bytes) -> None:
    with _file(_FORMATS[fmt], data) as path:
        _, problems = _read(path)
        _assert_problems_name(problems, str(path), range(1, data.count(b"\n") + 2))


@fuzz(100)
@given(fmt=st.sampled_from(sorted(_FORMATS)), text=st.text(max_size=500),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"]))
def test_every_reader_survives_arbitrary_text_in_any_encoding(fmt: str, text: str, encoding: str) -> None:
    with _file(_FORMATS[fmt], text.encode(encoding, errors="replace")) as path:
        _, problems = _read(path)
        _assert_problems_name(problems, str(path))


# -- plain text -----------------------------------------------------------------------------------


@fuzz(150)
@given(text=st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), min_size=1,
               max_size=400).filter(str.strip),
       encoding=st.sampled_from(["utf-8-sig", "utf-16", "utf-16-be", "utf-32"]))
def test_a_text_file_reads_the_same_in_every_unicode_encoding(text: str, encoding: str) -> None:
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + text.encode("utf-16-be")  # big-endian with its byte-order mark
    else:
        data = text.encode(encoding)
    with _file("a.txt", text.encode("utf-8")) as plain, _file("a.txt", data) as wide:
        expected, _ = _read(plain)
        found, problems = _read(wide)
        assert [(a.id, a.text, a.date) for a in found] == [(a.id, a.text, a.date) for a in expected]
        assert not [p for p in problems if "UTF-8" in p.message or "binary" in p.message]


@fuzz(100)
@given(lines=st.lists(st.tuples(_SENTENCE, st.booleans()), min_size=1, max_size=8))
def test_a_text_file_mixing_utf8_and_latin1_lines_keeps_every_line(lines: list[tuple[str, bool]]) -> None:
    latin = [(f"Caf\xe9 {i}." if is_latin else f"{sentence} {i}.", is_latin) for i, (sentence, is_latin) in enumerate(lines)]
    data = b"\n".join(line.encode("latin-1" if is_latin else "utf-8") for line, is_latin in latin)
    with _file("mixed.txt", data) as path:
        (article,), problems = _read(path)
        for line, _ in latin:
            assert line.strip() in article.text
        bad = [n for n, (_, is_latin) in enumerate(latin, start=1) if is_latin]
        if bad:
            (problem,) = problems
            assert f"(line {bad[0]})" in problem.message and "cp1252" in problem.message
        else:
            assert problems == []


# -- JSON Lines, CSV and TSV: valid records among bad lines ---------------------------------------


def _jsonl_line(i: int, text: str) -> bytes:
    return json.dumps({"id": f"valid-{i}", "text": text}).encode("utf-8")


@fuzz(200)
@given(rows=st.lists(st.one_of(_GARBAGE_LINE, _SENTENCE), max_size=12))
def test_jsonl_reads_every_valid_record_and_names_each_bad_line(rows: list[bytes | str]) -> None:
    lines = [_jsonl_line(i, row) if isinstance(row, str) else row for i, row in enumerate(rows)]
    valid = {f"valid-{i}" for i, row in enumerate(rows) if isinstance(row, str)}
    valid_lines = {i + 1 for i, row in enumerate(rows) if isinstance(row, str)}
    with _file("a.jsonl", b"\n".join(lines) + b"\n") as path:
        articles, problems = _read(path)
        assert valid <= {a.id for a in articles}
        if not valid and not any(line.strip() for line in lines):
            assert [p.message for p in problems] == ["empty file (no records)"]
            return
        for problem in problems:
            assert problem.origin == str(path) and problem.line is not None
            assert problem.line not in valid_lines, problem
            assert 1 <= problem.line <= len(lines)
        for number, line in enumerate(lines, start=1):
            if number not in valid_lines and line.strip():  # each garbage line: a record or a problem
                assert any(p.line == number for p in problems) or any(a.origin == f"{path}:{number}" for a in articles)


@fuzz(150)
@given(rows=st.lists(st.one_of(_GARBAGE_LINE, _SENTENCE), max_size=12), delimiter=st.sampled_from([",", "\t"]))
def test_csv_and_tsv_read_every_valid_row_among_bad_lines(rows: list[bytes | str], delimiter: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["id", "text"])
    lines = [buffer.getvalue().encode()]
    for i, row in enumerate(rows):
        if isinstance(row, str):
            buffer = io.StringIO()
            csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerow([f"valid-{i}", row])
            lines.append(buffer.getvalue().encode())
        else:  # garbage without quotes or carriage returns cannot swallow the next lines
            lines.append(row.replace(b'"', b"'").replace(b"\r", b" ") + b"\n")
    name = "a.csv" if delimiter == "," else "a.tsv"
    with _file(name, b"".join(lines)) as path:
        articles, problems = _read(path)
        assert {f"valid-{i}" for i, row in enumerate(rows) if isinstance(row, str)} <= {a.id for a in articles}
        _assert_problems_name(problems, str(path), range(1, len(lines) + 1))


@fuzz(100)
@given(records=st.lists(_SENTENCE, min_size=1, max_size=6), cut=st.floats(0.2, 0.95))
def test_truncated_gzip_keeps_the_records_before_the_cut(records: list[str], cut: float) -> None:
    data = b"".join(_jsonl_line(i, text) + b"\n" for i, text in enumerate(records))
    packed = gzip.compress(data)
    with _file("a.jsonl.gz", packed[: max(1, int(len(packed) * cut))]) as path:
        articles, problems = _read(path)
        assert [a.id for a in articles] == [f"valid-{i}" for i in range(len(articles))]
        assert problems and all(p.origin == str(path) for p in problems)


@fuzz(100)
@given(data=st.binary(max_size=1000), name=st.sampled_from(["a.jsonl.gz", "a.csv.gz", "a.tsv.gz"]),
       compress=st.booleans())
def test_gzip_inputs_survive_arbitrary_bytes(data: bytes, name: str, compress: bool) -> None:
    with _file(name, gzip.compress(data) if compress else data) as path:
        _, problems = _read(path)
        _assert_problems_name(problems, str(path))


# -- standard input -------------------------------------------------------------------------------


@fuzz(100)
@given(data=st.binary(max_size=1000), fmt=st.sampled_from(sorted(_FORMATS)))
def test_standard_input_survives_arbitrary_bytes_in_every_format(monkeypatch_stdin, data: bytes, fmt: str) -> None:
    monkeypatch_stdin(data)
    _, problems = _read("-", fmt=fmt)
    _assert_problems_name(problems, "<stdin>")


@fuzz(60)
@given(records=st.lists(_SENTENCE, min_size=1, max_size=6), garbage=_GARBAGE_LINE)
def test_standard_input_jsonl_reads_valid_records_around_a_bad_line(monkeypatch_stdin, records, garbage) -> None:
    lines = [_jsonl_line(i, text) for i, text in enumerate(records)]
    lines.insert(1, garbage)
    monkeypatch_stdin(b"\n".join(lines))
    articles, problems = _read("-", fmt="jsonl")
    assert {f"valid-{i}" for i in range(len(records))} <= {a.id for a in articles}
    assert all(p.line == 2 for p in problems)


@pytest.fixture
def monkeypatch_stdin():
    """Replace standard input by given bytes for the rest of the test (hypothesis-safe)."""
    saved = sys.stdin

    def replace(data: bytes) -> None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(data))

    yield replace
    sys.stdin = saved


# -- HTML -----------------------------------------------------------------------------------------


@fuzz(40)
@given(depth=st.integers(1, 3000), sentences=st.lists(_SENTENCE, min_size=3, max_size=6),
       tag=st.sampled_from(["div", "section", "span", "article"]))
def test_html_text_is_found_at_any_nesting_depth(depth: int, sentences: list[str], tag: str) -> None:
    paragraph = " ".join(f"The minister of Cuba said {s} again on Monday." for s in sentences)
    page = (f"<html><head><title>News</title></head><body>{f'<{tag}>' * depth}<p>{paragraph}</p>"
            f"{f'</{tag}>' * depth}</body></html>")
    with _file("a.html", page.encode("utf-8")) as path:
        (article,), problems = _read(path)
        assert "The minister of Cuba said" in article.text
        assert problems if depth > 300 else not problems or depth > 200, problems
        for problem in problems:
            assert problem.origin == str(path) and "nested deeper" in problem.message


@fuzz(60)
@given(markup=st.lists(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<b>", "</i>", "<!--", "-->", "<script>",
                                        "</script>", "&amp;", "&#x0;", "<![CDATA[", "<br/>", "\x00", "\ud800"]),
                       max_size=60),
       sentence=_SENTENCE)
def test_html_reader_survives_hostile_markup(markup: list[str], sentence: str) -> None:
    page = "<html><body>" + "".join(markup) + f"<p>{sentence}</p></body></html>"
    with _file("a.html", page.encode("utf-8", "surrogatepass")) as path:
        _, problems = _read(path)
        _assert_problems_name(problems, str(path))


# -- datelines and dates --------------------------------------------------------------------------


@fuzz(300)
@given(place=st.text(max_size=40), dash=st.sampled_from(["-", "--", "–", "—", ".-", ""]), body=st.text(max_size=80))
def test_split_dateline_on_dateline_shaped_text(place: str, dash: str, body: str) -> None:
    text = f"{place} {dash} {body}"
    dateline, rest, offset = split_dateline(text)
    assert rest == text[offset:]
    if dateline is not None:
        assert text[:offset].strip() == dateline and "\n" not in dateline


@fuzz(150)
@given(value=st.one_of(st.text(max_size=120), st.integers(), st.floats(), st.none(), st.booleans(),
                       st.binary(max_size=20)))
def test_dates_never_raise_and_an_unreadable_date_is_reported_with_file_and_line(value) -> None:
    date = parse_date(value)
    assert date is None or isinstance(date, dt.date)
    parsed, problem = read_date(value, "in.jsonl", 7)
    assert parsed == (date if value is not None and not (isinstance(value, str) and not value.strip()) else None)
    if problem is not None:
        assert (problem.origin, problem.line) == ("in.jsonl", 7) and parsed is None
        assert len(problem.message) < 200


@fuzz(60)
@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
       form=st.sampled_from(["%Y-%m-%d", "%Y%m%d", "%d %B %Y", "%B %d, %Y", "%a, %d %b %Y 10:00:00 GMT", "%Y-%m-%dT%H:%M:%S"]))
def test_written_dates_are_read_back(day: dt.date, form: str) -> None:
    assert parse_date(day.strftime(form)) == day
