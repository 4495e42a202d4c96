"""Quantities: money, doses, tonnage."""

from __future__ import annotations

import pytest

from communique.events.quantity import quantity_in
from communique.nlp import get_nlp


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("Vietnam bought 10 million doses of the vaccine.", 10_000_000, "doses"),
        ("They donated 5,000 tons of rice.", 5000, "tons"),
        ("agreements valued at more than $200 million USD", 200_000_000, "USD"),
        ("a loan of 3.5 billion euros", 3_500_000_000, "EUR"),
        ("Rebels released 12 soldiers.", 12, "soldiers"),
    ],
)
def test_quantities(text, value, unit):
    q = quantity_in(list(get_nlp()(text)))
    assert q is not None and q["value"] == value and q["unit"] == unit


def test_group_words_are_not_quantities():
    assert quantity_in(list(get_nlp()("The two presidents met."))) is None


def test_years_are_not_quantities():
    assert quantity_in(list(get_nlp()("They met in 2019."))) is None
