"""CSV and TSV: header row, field maps, gzip, bad rows and missing text column."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from communique.ingest import read_inputs
from communique.models import Article, ReadProblem

from .helpers import read_all


def _csv_bytes(rows: list[list[str]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def test_csv_rows_are_articles(tmp_path) -> None:
    path = tmp_path / "news.csv"
    path.write_bytes(_csv_bytes([
        ["id", "date", "title", "text", "source", "url"],
        ["a1", "2021-09-22", "Deal", "HAVANA (PL) - Cuba and Vietnam signed.\nSecond paragraph.", "PL",
         "https://x/1"],
        ["", "20210825", "", "Rice arrived.", "", ""],
    ]))
    (first, second), problems = read_all(path)
    assert problems == []
    assert first == Article(
        id="a1", text="Cuba and Vietnam signed.\nSecond paragraph.", source="PL", url="https://x/1",
        title="Deal", date=dt.date(2021, 9, 22), dateline="HAVANA (PL) -", origin=f"{path}:2",
    )
    assert (second.id, second.source, second.title, second.url, second.date, second.origin) == (
        Article.make_id("news", "Rice arrived."), "news", None, None, dt.date(2021, 8, 25), f"{path}:4"
    )


def test_tsv_gzip_with_field_map_and_any_header_case(tmp_path) -> None:
    path = tmp_path / "news.tsv.gz"
    data = _csv_bytes([["Body", "Published", "Extra"], ["Cuba thanked Vietnam.", "Sept 3, 2021", "x"]], "\t")
    path.write_bytes(gzip.compress(data))
    (article,), problems = read_all(path, field_map={"text": "body", "date": "published"})
    assert problems == []
    assert (article.text, article.date) == ("Cuba thanked Vietnam.", dt.date(2021, 9, 3))
    assert article.source == "news"


def test_large_fields_are_read(tmp_path) -> None:
    path = tmp_path / "big.csv"
    text = "Cuba thanked Vietnam. " * 20000  # beyond csv's default 128 KB field limit
    path.write_bytes(_csv_bytes([["text"], [text]]))
    (article,), problems = read_all(path)
    assert problems == [] and article.text == text.strip()


def test_csv_without_text_column_gives_one_problem(tmp_path) -> None:
    path = tmp_path / "news.csv"
    path.write_bytes(_csv_bytes([["headline", "body"], ["A", "B"], ["C", "D"]]))
    articles, (problem,) = read_all(path)
    assert articles == []
    assert problem.origin == str(path)
    assert "'headline', 'body'" in problem.message and "--field-map" in problem.message


def test_bad_rows_are_reported_and_good_rows_around_them_read(tmp_path) -> None:
    path = tmp_path / "news.csv"
    data = _csv_bytes([["text", "date"], ["First good.", ""], ["", "2021-01-01"], ["Badly dated.", "xyz"]])
    data += "caf\xe9 in Havana,\n".encode("cp1252") + _csv_bytes([["Short row"], ["Last good.", "2021-09-22"]])
    path.write_bytes(data)
    articles, problems = read_all(path)
    texts = [a.text for a in articles]
    assert texts == ["First good.", "Badly dated.", "café in Havana", "Short row", "Last good."]
    assert [str(p) for p in problems] == [
        f"{path}:3: record has empty text (field 'text')",
        f"{path}:4: unparseable date 'xyz'",
        f"{path}:5: invalid UTF-8 at byte 3, decoded as cp1252",
    ]


def test_empty_csv_and_header_only_csv_are_reported(tmp_path) -> None:
    empty = tmp_path / "a.csv"
    empty.write_bytes(b"")
    header_only = tmp_path / "b.csv"
    header_only.write_bytes(b"id,text\n")
    articles, problems = read_all(empty, header_only)
    assert articles == []
    assert [str(p) for p in problems] == [f"{empty}: empty file", f"{header_only}: no rows after the header"]


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_csv_reader_never_raises_on_arbitrary_bytes(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "data.csv"
    path.write_bytes(b"text,date\n" + data)
    assert all(isinstance(item, (Article, ReadProblem)) for item in read_inputs([path]))
