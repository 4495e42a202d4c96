"""User actor files (TSV, YAML, PETRARCH) add or override actors, with dates."""

from __future__ import annotations

import datetime as dt

from communique.actors.extensions import load_actor_files
from communique.actors.resolver import resolve_phrase
from communique.pipeline import code_articles
from communique.events.coder import EventCoder
from communique.models import Article

TSV = """# my actors
phrase\tcode\tvalid_from\tvalid_to\tname\tsource
Ruritania\tRUR\t\t\tRuritania\tfictional test country
King Rudolf\tRURGOV\t2001-01-01\t2010-12-31\tRudolf V\tour notes
King Rudolf\tRURELI\t\t\tRudolf V\tour notes
the Kremlin\tRUSMIL\t\t\tKremlin override\toverride test
bad row without code
Broken\tRUSGOV\t2020-13-01\t\tx\tbad date
"""

YAML = """
- name: Grand Fenwick
  phrases: [Grand Fenwick, Fenwick]
  codes:
    - code: GFW
- name: broken entry
"""


def test_tsv_and_yaml_files(tmp_path):
    tsv = tmp_path / "mine.tsv"
    tsv.write_text(TSV, encoding="utf-8")
    yml = tmp_path / "more.yaml"
    yml.write_text(YAML, encoding="utf-8")
    table, problems = load_actor_files([tsv, yml, tmp_path / "missing.tsv"])
    lines = sorted(str(p) for p in problems)
    assert any("mine.tsv:7" in p for p in lines) and any("mine.tsv:8" in p and "not a date" in p for p in lines)
    assert any("more.yaml" in p and "#2" in p for p in lines) and any("missing.tsv" in p for p in lines)
    assert [m.code for m in table.find("King Rudolf visited Fenwick.", dt.date(2005, 1, 1))] == ["RURGOV", "GFW"]
    assert [m.code for m in table.find("King Rudolf", dt.date(2015, 1, 1))] == ["RURELI"]


def test_user_actors_override_the_gazetteer_and_code_events(tmp_path):
    tsv = tmp_path / "mine.tsv"
    tsv.write_text(TSV, encoding="utf-8")
    table, _ = load_actor_files([tsv])
    assert [a.code for a in resolve_phrase("the Kremlin", None, table)[0]] == ["RUSMIL"]
    article = Article(id="a", text="Ruritania criticized Japan.", date=dt.date(2005, 1, 1))
    result = next(code_articles([article], coder=EventCoder(extra_actors=table)))
    assert [(e.source.code, e.cameo[:2], e.target.code) for e in result.events] == [("RUR", "11", "JPN")]


def test_petrarch_dictionary_as_user_file(shared_dir):
    base = shared_dir / "reference" / "petrarch2_dictionaries"
    table, problems = load_actor_files([base / "Phoenix.International.actors.txt"])
    assert len(table) > 7000 and problems
    assert [m.code for m in table.find("The North Atlantic Treaty Organization")] == ["IGOWSTNAT"]
