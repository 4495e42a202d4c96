"""Map an event code to the CAMEO code of intending, threatening or refusing to do it.

``intent_code("042") == "036"`` ("will visit": intent to meet); the same table gives threats
("threatened to shell" -> 138); ``refusal_code("0841") == "1243"`` ("refused to release").
Tables: ``events/data/intent_codes.tsv`` and ``events/data/refusal_codes.tsv``;
``untargeted_codes.tsv`` says which codes need no target (:func:`untargeted`).
"""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def _table(name: str = "intent_codes.tsv") -> dict[str, str]:
    """A two-column code table of ``events/data``: code (or prefix) -> mapped value."""
    table: dict[str, str] = {}
    ref = resources.files("communique.events").joinpath(f"data/{name}")
    with ref.open(encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#") or line.startswith("code\t"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 2 or not cols[0].isdigit() or not cols[1].isdigit():
                raise ValueError(f"{name}:{no}: expected 'code<TAB>mapped_code<TAB>note'")
            table[cols[0]] = cols[1]
    return table


def _mapped(code: str, table: dict[str, str]) -> str | None:
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def intent_code(code: str) -> str:
    """The code for an announced or future ``code`` (longest matching prefix), or ``code`` itself."""
    return _mapped(code, _table("intent_codes.tsv")) or code


def refusal_code(code: str) -> str | None:
    """The code for refusing to do ``code`` (longest matching prefix), or None if CAMEO has none."""
    return _mapped(code, _table("refusal_codes.tsv"))


def untargeted(code: str) -> bool:
    """Whether an event coded ``code`` is complete with a source only ("the president
    resigned"): table ``events/data/untargeted_codes.tsv``, longest matching prefix."""
    return _mapped(code, _table("untargeted_codes.tsv")) == "1"
