"""Map an event code to the CAMEO code of the intention to do it ("will visit" -> 036)."""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    ref = resources.files("communique.events").joinpath("data/intent_codes.tsv")
    with ref.open(encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#") or line.startswith("code\t"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 2 or not cols[0].isdigit() or not cols[1].isdigit():
                raise ValueError(f"intent_codes.tsv:{no}: expected 'code<TAB>intent_code<TAB>note'")
            table[cols[0]] = cols[1]
    return table


def intent_code(code: str) -> str:
    """The code for an announced or future ``code`` (longest matching prefix), or ``code`` itself."""
    table = _table()
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return code
