"""Shared helpers of the lexicon test tables (one sentence of our own per rule or rule family)."""

from __future__ import annotations

import pytest

from communique import code_text

DATE = "2022-03-01"


def coder_limit(reason: str):
    """Mark a case that shows a limitation of the coder, not of the lexicon (strict: once the
    coder is fixed, the mark must go)."""
    return pytest.mark.xfail(reason=f"coder limitation: {reason}", strict=True)


def coded_triples(sentence: str) -> list[tuple[str | None, str, str | None]]:
    """(source country, CAMEO code, target country or None) of every event coded for ``sentence``."""
    events = code_text(sentence, date=DATE)
    return sorted({(e.source.country, e.cameo, e.target.country if e.target else None) for e in events}, key=str)


def assert_coded(code: str, sentence: str, source: str, target: str | None) -> list[tuple]:
    """Assert that ``sentence`` gives an event ``source`` -``code``-> ``target``; the triples coded."""
    got = coded_triples(sentence)
    assert (source, code, target) in got, got
    return got
