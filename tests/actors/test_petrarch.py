"""Importing PETRARCH/TABARI dictionaries: dated codes, synonyms, agents, malformed lines."""

from __future__ import annotations

import datetime as dt

from communique.actors.petrarch import (
    DictionaryActor,
    DictionaryAgent,
    parse_code,
    read_actor_dictionary,
    read_agent_dictionary,
)
from communique.models import ReadProblem

SAMPLE = """# a comment
UN_ [IGOUNO]
VLADIMIR_PUTIN_  # note
+PUTIN_
+PRESIDENT_PUTIN_
\t[RUSGOV 991231-080507]
\t[RUSGOV >080508]
\t[RUSELI]
+ORPHAN_WITHOUT_ENTRY_IS_FINE_HERE
BAD_ENTRY_ [RUSGOV 99-01]
\tstray indented text
ANGELA_MERKEL_
\t[DEUGOV 20051122-20211208]
\t[DEUELI]
"""


def test_dated_codes():
    assert parse_code("RUSGOV >080508") == parse_code("RUSGOV > 20080508")
    c = parse_code("RUSELI 700101-990809")
    assert c.start == dt.date(1970, 1, 1) and c.end == dt.date(1999, 8, 9)


def test_actor_dictionary_entries_and_dates(tmp_path):
    path = tmp_path / "mine.actors.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    items = list(read_actor_dictionary(path))
    actors = {a.phrases[0]: a for a in items if isinstance(a, DictionaryActor)}
    problems = [p for p in items if isinstance(p, ReadProblem)]
    assert set(actors) >= {"un", "vladimir putin", "angela merkel"}
    putin = actors["vladimir putin"]
    assert "putin" in putin.phrases and "president putin" in putin.phrases
    assert putin.code_on(dt.date(2005, 1, 1)) == "RUSGOV"
    assert putin.code_on(dt.date(2012, 1, 1)) == "RUSGOV"
    assert putin.code_on(dt.date(1980, 1, 1)) == "RUSELI"  # undated default outside the ranges
    merkel = actors["angela merkel"]
    assert merkel.code_on(dt.date(2010, 1, 1)) == "DEUGOV"
    assert merkel.code_on(dt.date(2023, 1, 1)) == "DEUELI"  # out of office: not coded as government
    assert {p.line for p in problems} == {10, 11}
    assert all(str(path) in str(p) for p in problems)


def test_agent_dictionary_macros(tmp_path):
    path = tmp_path / "agents.txt"
    path.write_text("!PERSON! = MAN, WOMAN\nFARMER [~AGR]\nDAIRY!PERSON! [~AGR]\nBROKEN_LINE\nOBSERVER [IGO~]\n")
    items = list(read_agent_dictionary(path))
    agents = {a.phrase: a.sector for a in items if isinstance(a, DictionaryAgent)}
    assert agents == {"farmer": "AGR", "dairyman": "AGR", "dairywoman": "AGR", "observer": "IGO"}
    assert [p.line for p in items if isinstance(p, ReadProblem)] == [4]


def test_phoenix_dictionaries_load(shared_dir):
    base = shared_dir / "reference" / "petrarch2_dictionaries"
    for name, minimum in (("Phoenix.Countries.actors.txt", 15000), ("Phoenix.International.actors.txt", 7000)):
        items = list(read_actor_dictionary(base / name))
        actors = [a for a in items if isinstance(a, DictionaryActor)]
        problems = [p for p in items if isinstance(p, ReadProblem)]
        assert len(actors) > minimum
        assert len(problems) < 0.01 * len(actors)  # the few malformed lines are reported, not fatal
    agents = [a for a in read_agent_dictionary(base / "Phoenix.agents.txt") if isinstance(a, DictionaryAgent)]
    assert len(agents) > 3000


def test_each_entry_is_read_once(tmp_path):
    path = tmp_path / "a.actors.txt"
    path.write_text("A_ [AAA]\nB_\n+BB_\n\t[BBB]\nC_ [CCC]\n", encoding="utf-8")
    phrases = [a.phrases[0] for a in read_actor_dictionary(path) if isinstance(a, DictionaryActor)]
    assert phrases == ["a", "b", "c"]
