"""Event dates from date expressions, relative to the article date; undated stays undated."""

from __future__ import annotations

import datetime as dt

import pytest

from communique.timeplace import parse_date_expression

REF = dt.date(2021, 9, 22)  # a Wednesday


@pytest.mark.parametrize(
    "text, date, precision",
    [
        ("September 18-20", dt.date(2021, 9, 18), "day"),
        ("on May 5", dt.date(2021, 5, 5), "day"),
        ("18 September 2019", dt.date(2019, 9, 18), "day"),
        ("2020-01-02", dt.date(2020, 1, 2), "day"),
        ("Thursday", dt.date(2021, 9, 16), "day"),
        ("yesterday", dt.date(2021, 9, 21), "day"),
        ("last week", dt.date(2021, 9, 13), "week"),
        ("earlier this year", dt.date(2021, 1, 1), "year"),
        ("last month", dt.date(2021, 8, 1), "month"),
        ("next month", dt.date(2021, 10, 1), "month"),
        ("March 2020", dt.date(2020, 3, 1), "month"),
        ("in 1998", dt.date(1998, 1, 1), "year"),
        ("December 30", dt.date(2020, 12, 30), "day"),  # a day after the article date is last year
    ],
)
def test_expressions_resolve_against_the_article_date(text, date, precision):
    got = parse_date_expression(text, REF)[0]
    assert (got.date, got.precision) == (date, precision)


def test_coordinated_dates_give_each_date():
    got = parse_date_expression("on May 5 and July 27", REF)
    assert [d.date for d in got] == [dt.date(2021, 5, 5), dt.date(2021, 7, 27)]


def test_future_weekday_looks_forward():
    assert parse_date_expression("Friday", REF, future=True)[0].date == dt.date(2021, 9, 24)


@pytest.mark.parametrize("text", ["Thursday", "September 18", "last week", "yesterday"])
def test_undated_article_never_invents_a_date(text):
    got = parse_date_expression(text, None)[0]
    assert got.date is None and got.precision == "none" and got.text


def test_explicit_year_resolves_without_article_date():
    assert parse_date_expression("May 5, 2018", None)[0].date == dt.date(2018, 5, 5)


def test_not_a_date():
    assert parse_date_expression("the 61st anniversary", REF) == []
