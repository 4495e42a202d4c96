"""JSON Lines: records, field maps, gzip, bad lines, streaming."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from communique.ingest import _io, read_inputs
from communique.models import Article, ReadProblem

from .helpers import read_all, write_jsonl

RECORD = {
    "id": "r1",
    "date": "2021-09-22",
    "title": "Vaccine deal",
    "text": "HANOI (VNA) – Vietnam will buy 10 million doses.",
    "source": "VNA",
    "url": "https://example.org/1",
}


def test_all_fields_are_read(tmp_path) -> None:
    path = write_jsonl(tmp_path / "news.jsonl", [RECORD])
    (article,), problems = read_all(path)
    assert problems == []
    assert article == Article(
        id="r1",
        text="Vietnam will buy 10 million doses.",
        source="VNA",
        url="https://example.org/1",
        title="Vaccine deal",
        date=dt.date(2021, 9, 22),
        dateline="HANOI (VNA) –",
        origin=f"{path}:1",
    )


def test_missing_id_and_source_fall_back_to_a_hash_and_the_file_name(tmp_path) -> None:
    path = write_jsonl(tmp_path / "wire.ndjson", [{"text": "Cuba thanked Vietnam.", "id": 7}, {"text": "Rice."}])
    first, second = read_all(path)[0]
    assert (first.id, first.source) == ("7", "wire")
    assert second.id == Article.make_id("wire", "Rice.")


def test_source_argument_is_the_default_source(tmp_path) -> None:
    path = write_jsonl(tmp_path / "wire.jsonl", [{"text": "Rice arrived."}, {"text": "Rice.", "source": "AP"}])
    first, second = read_all(path, source="Prensa Latina")[0]
    assert (first.source, first.id) == ("Prensa Latina", Article.make_id("Prensa Latina", "Rice arrived."))
    assert second.source == "AP"


def test_field_map_renames_fields(tmp_path) -> None:
    record = {"body": "Cuba thanked Vietnam.", "published": "22 September 2021", "text": "ignored"}
    path = write_jsonl(tmp_path / "a.jsonl", [record])
    (article,), problems = read_all(path, field_map={"text": "body", "date": "published"})
    assert problems == []
    assert (article.text, article.date) == ("Cuba thanked Vietnam.", dt.date(2021, 9, 22))


def test_gzip_is_read_transparently(tmp_path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl.gz", [RECORD, {**RECORD, "id": "r2"}], compress=True)
    articles, problems = read_all(path)
    assert problems == []
    assert [a.id for a in articles] == ["r1", "r2"]
    assert articles[1].origin == f"{path}:2"


def test_bad_lines_are_reported_and_good_lines_around_them_read(tmp_path) -> None:
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {"text": "First good."},
            "{not json",
            "[1, 2]",
            {"title": "no text"},
            {"text": "   "},
            {"text": ["a", "list"]},
            "",
            {"text": "Dated badly.", "date": "xyz"},
            {"text": "Last good."},
        ],
    )
    articles, problems = read_all(path)
    assert [a.text for a in articles] == ["First good.", "Dated badly.", "Last good."]
    assert articles[1].date is None
    messages = [str(p) for p in problems]
    assert messages[0].startswith(f"{path}:2: not valid JSON")
    assert messages[1:] == [
        f"{path}:3: expected a JSON object, got an array",
        f"{path}:4: record has no text (field 'text')",
        f"{path}:5: record has empty text (field 'text')",
        f"{path}:6: record text (field 'text') is a list, not a string",
        f"{path}:8: unparseable date 'xyz'",
    ]


def test_missing_mapped_text_field_is_named(tmp_path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": "not the body"}, {"body": "Cuba thanked Vietnam."}])
    articles, (problem,) = read_all(path, field_map={"text": "body"})
    assert [a.text for a in articles] == ["Cuba thanked Vietnam."]
    assert str(problem) == f"{path}:1: record has no text (field 'body')"


def test_invalid_utf8_line_is_reported_and_decoded_as_cp1252(tmp_path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"text": "Ok."}\n{"text": "caf\xe9 in Havana"}\n{"text": "Also ok."}\n')
    articles, (problem,) = read_all(path)
    assert [a.text for a in articles] == ["Ok.", "café in Havana", "Also ok."]
    assert str(problem) == f"{path}:2: invalid UTF-8 at byte 13, decoded as cp1252"


def test_byte_order_mark_is_ignored(tmp_path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "Ok."}\n')
    (article,), problems = read_all(path)
    assert (article.text, problems) == ("Ok.", [])


def test_empty_and_blank_files_are_reported(tmp_path) -> None:
    empty = tmp_path / "a.jsonl"
    empty.write_bytes(b"")
    blank = tmp_path / "b.jsonl"
    blank.write_bytes(b"\n  \n")
    articles, problems = read_all(empty, blank)
    assert articles == []
    assert [str(p) for p in problems] == [f"{empty}: empty file", f"{blank}: empty file (no records)"]


def test_truncated_gzip_is_reported_after_the_records_before_the_cut(tmp_path) -> None:
    records = [{"text": f"Record {i}. " * 20} for i in range(200)]
    whole = write_jsonl(tmp_path / "whole.jsonl.gz", records, compress=True)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole.read_bytes()[:-40])
    articles, (problem,) = read_all(cut)
    assert 0 < len(articles) < 200
    assert problem.origin == str(cut) and "truncated" in problem.message


def test_a_jsonl_corpus_is_streamed(tmp_path, monkeypatch) -> None:
    records = [{"text": f"Article number {i}. " + "x" * 300} for i in range(5000)]
    path = write_jsonl(tmp_path / "big.jsonl", records)
    opened = []

    def recording_open(*args, **kwargs):
        opened.append(open(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(_io, "open", recording_open, raising=False)
    items = read_inputs([path])
    first = next(items)
    assert isinstance(first, Article) and first.text.startswith("Article number 0.")
    consumed = opened[0].raw.tell()  # bytes taken from the operating system so far
    assert consumed < path.stat().st_size / 20
    assert sum(1 for _ in items) == 4999


def test_ids_are_stable(tmp_path) -> None:
    records = [{"text": "Cuba thanked Vietnam."}, {"text": "Rice arrived.", "source": "VNA"}]
    path = write_jsonl(tmp_path / "a.jsonl", records)
    first = [a.id for a in read_all(path)[0]]
    assert first == [a.id for a in read_all(path)[0]]
    assert len(set(first)) == 2


_KEYS = st.sampled_from(["id", "date", "text", "title", "source", "url", "x"])
_VALUES = st.one_of(st.none(), st.text(max_size=20), st.integers(), st.floats(), st.lists(st.integers(), max_size=2))
_LINES = st.one_of(st.binary(max_size=40), st.builds(json.dumps, st.dictionaries(_KEYS, _VALUES)).map(str.encode))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(), st.lists(_LINES, max_size=8).map(b"\n".join)))
def test_jsonl_reader_never_raises_on_arbitrary_bytes(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "data.jsonl"
    path.write_bytes(data)
    for item in read_inputs([path]):
        assert isinstance(item, (Article, ReadProblem))
        assert item.origin.startswith(str(path))
