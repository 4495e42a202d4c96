"""Dates: common written forms parse; relative, partial or garbage values do not."""

from __future__ import annotations

import datetime as dt

import pytest

from communique.ingest.dates import parse_date, read_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-09-22", dt.date(2021, 9, 22)),
        ("20210922", dt.date(2021, 9, 22)),
        (20210922, dt.date(2021, 9, 22)),
        ("2021-09-22T23:30:00-05:00", dt.date(2021, 9, 22)),
        ("2021-09-22T10:00:00Z", dt.date(2021, 9, 22)),
        ("2021-09-22 10:00", dt.date(2021, 9, 22)),
        ("Sept 3, 2021", dt.date(2021, 9, 3)),
        ("22 September 2021", dt.date(2021, 9, 22)),
        ("Wed, 22 Sep 2021 10:00:00 GMT", dt.date(2021, 9, 22)),
        ("09/22/2021", dt.date(2021, 9, 22)),
        ("March 2021", dt.date(2021, 3, 1)),
        (dt.datetime(2021, 9, 22, 8, 0), dt.date(2021, 9, 22)),
        (dt.date(2021, 9, 22), dt.date(2021, 9, 22)),
    ],
)
def test_common_forms_parse(value, expected) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    ["xyz", "today", "yesterday", "2 days ago", "2021", "1632268800", "2021-02-30", "20211399", "", True, 1.5, [2021]],
)
def test_relative_partial_and_garbage_values_do_not_parse(value) -> None:
    assert parse_date(value) is None


def test_read_date_reports_an_unparseable_value_with_its_place() -> None:
    date, problem = read_date("xyz", "news.jsonl", 3)
    assert date is None
    assert str(problem) == "news.jsonl:3: unparseable date 'xyz'"


@pytest.mark.parametrize("value", [None, "", "   "])
def test_read_date_takes_a_missing_value_quietly(value) -> None:
    assert read_date(value, "news.jsonl", 3) == (None, None)
