"""Plain-text files and standard input: one text is one article."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys

from communique.models import Article

from .helpers import read_all


def test_plain_text_file_is_one_article(tmp_path) -> None:
    path = tmp_path / "visit.txt"
    path.write_text("Cuba and Russia signed agreements.\n\nThey met again.\n", encoding="utf-8")
    (article,), problems = read_all(path)
    assert problems == []
    assert article.text == "Cuba and Russia signed agreements.\n\nThey met again."
    assert article.source == "visit.txt"
    assert article.origin == str(path)
    assert article.date is None and article.dateline is None
    assert article.id == Article.make_id("visit.txt", path.read_text(encoding="utf-8"))


def test_date_token_gives_the_date_and_is_removed(tmp_path) -> None:
    path = tmp_path / "a.md"
    path.write_text(" date 2021-08-25 The two leaders met.", encoding="utf-8")
    (article,), problems = read_all(path)
    assert problems == []
    assert article.date == dt.date(2021, 8, 25)
    assert article.text == "The two leaders met."


def test_date_token_then_dateline(tmp_path) -> None:
    path = tmp_path / "a.text"
    path.write_text("\n date 2021-08-25\nHAVANA (PL) - The two leaders met.", encoding="utf-8")
    (article,), _ = read_all(path)
    assert (article.date, article.dateline, article.text) == (
        dt.date(2021, 8, 25), "HAVANA (PL) -", "The two leaders met."
    )


def test_source_argument_names_the_source(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Cuba thanked Vietnam.", encoding="utf-8")
    (article,), _ = read_all(path, source="Prensa Latina")
    assert article.source == "Prensa Latina"
    assert article.id == Article.make_id("Prensa Latina", "Cuba thanked Vietnam.")


def test_invalid_date_token_is_reported_and_the_article_kept(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(" date 2021-13-45 Cuba thanked Vietnam.", encoding="utf-8")
    (article,), (problem,) = read_all(path)
    assert article.date is None and article.text == "Cuba thanked Vietnam."
    assert str(path) in str(problem) and "unparseable date '2021-13-45'" in problem.message


def test_seed_000_has_a_dateline_and_no_date(seeds_dir) -> None:
    (article,), problems = read_all(next(seeds_dir.glob("000_*.txt")))
    assert problems == []
    assert article.dateline == "Moscow, Russia.-"
    assert article.date is None
    assert article.text.startswith("The President of the Councils of State")
    assert article.source.startswith("000_")


def test_seed_001_has_a_date(seeds_dir) -> None:
    (article,), problems = read_all(next(seeds_dir.glob("001_*.txt")))
    assert problems == []
    assert article.date == dt.date(2021, 9, 22)
    assert article.dateline is None
    assert article.text.startswith("The special success of the visit")


def test_all_seeds_read_in_order(seeds_dir) -> None:
    articles, problems = read_all(seeds_dir)
    assert problems == []
    assert [a.source[:4] for a in articles] == ["000_", "001_", "002_"]
    assert [a.date for a in articles] == [None, dt.date(2021, 9, 22), dt.date(2021, 8, 25)]


def _fake_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_is_plain_text_by_default(monkeypatch) -> None:
    _fake_stdin(monkeypatch, b" date 2021-09-22 HANOI (VNA) - Vietnam bought vaccines.\n")
    (article,), problems = read_all("-")
    assert problems == []
    assert article.origin == "<stdin>"
    assert article.source == "stdin"
    assert (article.date, article.dateline, article.text) == (
        dt.date(2021, 9, 22), "HANOI (VNA) -", "Vietnam bought vaccines."
    )


def test_stdin_as_jsonl(monkeypatch) -> None:
    lines = [{"text": "Cuba thanked Vietnam."}, {"text": "Vietnam sent rice.", "source": "VNA"}]
    _fake_stdin(monkeypatch, "\n".join(json.dumps(r) for r in lines).encode())
    articles, problems = read_all("-", fmt="jsonl")
    assert problems == []
    assert [(a.text, a.source, a.origin) for a in articles] == [
        ("Cuba thanked Vietnam.", "stdin", "<stdin>:1"),
        ("Vietnam sent rice.", "VNA", "<stdin>:2"),
    ]


def test_stdin_replaced_by_a_text_only_stream(monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Cuba thanked Vietnam."))
    (article,), _ = read_all("-")
    assert article.text == "Cuba thanked Vietnam."


def test_empty_stdin_is_reported(monkeypatch) -> None:
    _fake_stdin(monkeypatch, b"")
    articles, (problem,) = read_all("-")
    assert articles == []
    assert str(problem) == "<stdin>: empty file"
