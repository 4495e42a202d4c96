"""Quantities attached to events: money, doses, tonnage, people."""

from __future__ import annotations

import re

from spacy.tokens import Token

MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bln": 1e9, "bn": 1e9, "trillion": 1e12}
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50,
    "hundred": 100, "dozen": 12, "dozens": 24, "hundreds": 200, "thousands": 2000,
}
CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB"}
CURRENCY_WORDS = {
    "usd": "USD", "dollar": "USD", "euro": "EUR", "eur": "EUR", "pound": "GBP", "yen": "JPY", "yuan": "CNY",
    "rouble": "RUB", "ruble": "RUB", "peso": "PESO", "dong": "VND", "rupee": "INR",
}
UNIT_NORMAL = {"ton": "tons", "tonne": "tons", "tons": "tons", "tonnes": "tons", "dose": "doses", "people": "people",
               "person": "people", "soldier": "soldiers", "troop": "troops"}
# Numbers that are not quantities of the event: ordinals, years, percentages are handled by the caller.
_NUMBER = re.compile(r"^[0-9][0-9,]*(\.[0-9]+)?$")


def number_value(tok: Token) -> float | None:
    """Numeric value of a number token ("5,000", "10", "two"), or None."""
    text = tok.text.lower()
    if _NUMBER.match(text):
        return float(text.replace(",", ""))
    return WORD_NUMBERS.get(text)


def _number_group(tok: Token) -> list[Token]:
    """The contiguous number words around ``tok`` ("10 million", "more than $ 200 million")."""
    doc = tok.doc
    start = end = tok.i
    def part(t: Token) -> bool:
        return number_value(t) is not None or t.lower_ in MULTIPLIERS or t.text in CURRENCY_SYMBOLS
    while start > 0 and part(doc[start - 1]):
        start -= 1
    while end + 1 < len(doc) and part(doc[end + 1]):
        end += 1
    return list(doc[start:end + 1])


def quantity_in(tokens: list[Token]) -> dict | None:
    """The first quantity among ``tokens``: ``{"value", "unit", "text"}`` (and ``"item"`` when known)."""
    for tok in tokens:
        if tok.like_num and tok.ent_type_ not in ("DATE", "TIME", "ORDINAL", "PERCENT", "CARDINAL_DATE"):
            q = _quantity_at(tok)
            if q:
                return q
        if tok.text in CURRENCY_SYMBOLS:
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if nxt is not None and nxt.like_num:
                q = _quantity_at(nxt)
                if q:
                    return q
    return None


def _quantity_at(tok: Token) -> dict | None:
    group = _number_group(tok)
    value = None
    multiplier = 1.0
    currency = None
    for t in group:
        if t.text in CURRENCY_SYMBOLS:
            currency = CURRENCY_SYMBOLS[t.text]
        elif t.lower_ in MULTIPLIERS:
            multiplier *= MULTIPLIERS[t.lower_]
        elif value is None:
            value = number_value(t)
    if value is None:
        return None
    value *= multiplier
    last = group[-1]
    after = last.doc[last.i + 1] if last.i + 1 < len(last.doc) else None
    unit = None
    item = None
    if after is not None and after.lemma_.lower() in CURRENCY_WORDS:
        currency = CURRENCY_WORDS[after.lemma_.lower()]
    if currency:
        unit = currency
    else:
        head = last.head if last.dep_ in ("nummod", "quantmod", "compound") else last
        if head.i == last.i and after is not None and after.pos_ in ("NOUN", "PROPN"):
            head = after
        if head.pos_ in ("NOUN", "PROPN") and head.i != last.i:
            unit = UNIT_NORMAL.get(head.lower_, UNIT_NORMAL.get(head.lemma_.lower(), head.lower_))
            for p in head.children:
                if p.dep_ == "prep" and p.lower_ == "of":
                    objs = [c for c in p.children if c.dep_ == "pobj"]
                    if objs:
                        item = objs[0].lemma_.lower()
    if unit is None:
        return None
    if not any(t.text[0].isdigit() for t in group) and not currency and unit not in UNIT_NORMAL.values():
        return None  # "the two presidents" is not a quantity
    q: dict = {"value": int(value) if value == int(value) else value, "unit": unit,
               "text": tok.doc[group[0].i:max(group[-1].i, (after.i if after is not None and unit and not currency else group[-1].i)) + 1].text}
    if item:
        q["item"] = item
    return q
