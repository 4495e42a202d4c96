"""The command line: code, events, demo, eval; bad input and exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from communique.cli import EXIT_PARTIAL, EXIT_STORE, app

runner = CliRunner()


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(" date 2022-03-01 Japan criticized China over the new rules.\n", encoding="utf-8")
    (folder / "b.jsonl").write_text(
        json.dumps({"id": "b1", "date": "2022-03-02", "text": "France and Germany condemned Russia."}) + "\n"
        + "this is not json\n"
        + json.dumps({"id": "b2", "date": "not a date", "text": "Kenya provided 300 tons of maize to Somalia."}) + "\n",
        encoding="utf-8",
    )
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def test_code_then_events(tmp_path, corpus):
    db = tmp_path / "store.duckdb"
    result = runner.invoke(app, ["code", str(corpus), "--db", str(db), "--quiet"])
    # two bad inputs (a JSONL line, an empty file) and a bad date: reported, the rest coded
    assert result.exit_code == EXIT_PARTIAL, result.output
    assert "b.jsonl:2" in result.output and "empty.txt" in result.output and "not a date" in result.output
    out = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    events = [json.loads(line) for line in out.stdout.splitlines()]
    dyads = {(e["source"]["country"], e["cameo"][:2], e["target"]["country"]) for e in events}
    assert {("JPN", "11", "CHN"), ("FRA", "11", "RUS"), ("DEU", "11", "RUS"), ("KEN", "07", "SOM")} <= dyads
    assert all(e["evidence"] for e in events)


def test_rerun_adds_nothing(tmp_path, corpus):
    db = tmp_path / "store.duckdb"
    runner.invoke(app, ["code", str(corpus), "--db", str(db), "--quiet"])
    first = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"]).stdout
    runner.invoke(app, ["code", str(corpus), "--db", str(db), "--quiet"])
    assert runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"]).stdout == first


def test_events_filters_and_csv(tmp_path, corpus):
    db = tmp_path / "store.duckdb"
    runner.invoke(app, ["code", str(corpus), "--db", str(db), "--quiet"])
    out = runner.invoke(app, ["events", "--db", str(db), "--dyad", "JPN-CHN", "--format", "csv"])
    lines = out.stdout.strip().splitlines()
    assert lines[0].startswith("id,date") and len(lines) == 2 and "JPN" in lines[1]
    bad = runner.invoke(app, ["events", "--db", str(db), "--dyad", "JAPAN"])
    assert bad.exit_code == 2
    bad_date = runner.invoke(app, ["events", "--db", str(db), "--since", "yesterday"])
    assert bad_date.exit_code == 2 and "not a date" in bad_date.output


def test_events_unique_merges_the_same_event_reported_by_two_articles(tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "one.txt").write_text(" date 2022-03-01 Japan criticized China over the new rules.\n", encoding="utf-8")
    (folder / "two.txt").write_text(" date 2022-03-01 Japan criticized China again over fishing rules.\n",
                                    encoding="utf-8")
    db = tmp_path / "store.duckdb"
    assert runner.invoke(app, ["code", str(folder), "--db", str(db), "--quiet"]).exit_code == 0
    plain = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"]).stdout.splitlines()
    unique = runner.invoke(app, ["events", "--db", str(db), "--unique", "--format", "jsonl"]).stdout.splitlines()
    assert len(plain) == 2
    (row,) = [json.loads(line) for line in unique]
    assert row["event_key"].startswith("2022-03-01|JPN|CHN|11")
    assert (row["num_mentions"], row["num_articles"]) == (2, 2)
    table = runner.invoke(app, ["events", "--db", str(db), "--unique"])
    assert "1 unique events" in table.stdout
    csv_out = runner.invoke(app, ["events", "--db", str(db), "--unique", "-f", "csv"]).stdout.splitlines()
    assert csv_out[0].startswith("event_key,date") and len(csv_out) == 2


def test_events_without_store_exits_3(tmp_path):
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == EXIT_STORE and "no store" in result.output


def test_stdin(tmp_path):
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["code", "-", "--db", str(db), "--quiet"], input="Iran condemned the Israeli strikes.\n")
    assert result.exit_code == 0, result.output
    out = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"]).stdout
    assert '"IRN"' in out


def test_demo_prints_events(tmp_path):
    result = runner.invoke(app, ["demo", "--db", str(tmp_path / "demo.duckdb")])
    assert result.exit_code == 0, result.output
    assert "events per CAMEO root" in result.output
    assert "042" in result.output or "043" in result.output


def test_eval_on_seeds(shared_dir):
    result = runner.invoke(app, ["eval", str(shared_dir / "eval" / "seeds_gold.jsonl"), "--errors"])
    assert result.exit_code == 0, result.output
    assert "required found" in result.output


def test_unknown_format_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["code", str(tmp_path), "--format", "docx"])
    assert result.exit_code == 2


def test_actors_lookup_explains():
    result = runner.invoke(app, ["actors", "lookup", "President Phuc", "--date", "2021-09-22"])
    assert result.exit_code == 0, result.output
    assert "VNMGOV" in result.output and "office holder" in result.output


def test_actors_lookup_with_user_file(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text("phrase\tcode\nRuritania\tRUR\nbroken line\n", encoding="utf-8")
    result = runner.invoke(app, ["actors", "lookup", "Ruritania", "--actors", str(path)])
    assert result.exit_code == 0 and "RUR" in result.output
    assert "mine.tsv:3" in result.output  # the malformed line is reported, the rest loads


def test_eval_actor_phrases(shared_dir):
    result = runner.invoke(app, ["eval", str(shared_dir / "eval" / "petrarch2_pytest_actors.jsonl")])
    assert result.exit_code == 0 and "actor phrases resolve as expected" in result.output
    found = int(result.output.split(":")[1].split("/")[0])
    assert found >= 10


def test_eval_records_reports_actor_accuracy(shared_dir):
    result = runner.invoke(app, ["eval", str(shared_dir / "eval" / "plover_gsr.jsonl"), "--limit", "20"])
    assert result.exit_code == 0 and "dyad+root" in result.output and "actors: source" in result.output


def test_unknown_actors_are_kept_as_unresolved_mentions(tmp_path):
    db = tmp_path / "u.duckdb"
    runner.invoke(app, ["code", "-", "--db", str(db), "--quiet"],
                  input="Minister Zorblax Quintavius of the Kingdom of Zorgonia criticized Japan.\n")
    result = runner.invoke(app, ["actors", "unresolved", "--db", str(db)])
    assert result.exit_code == 0 and "Zorblax" in result.output


def test_code_says_which_sentences_it_skipped(tmp_path):
    folder = tmp_path / "long"
    folder.mkdir()
    run_on = "Japan criticized " + ", ".join(["China"] * 500) + "."
    (folder / "a.txt").write_text(f" date 2022-03-01 Peru thanked Chile for its help. {run_on}\n", encoding="utf-8")
    db = tmp_path / "store.duckdb"
    result = runner.invoke(app, ["code", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "a.txt: sentence 2 (characters 33-" in said and "over the limit" in said
    assert "sentences not coded (over the length limit)" in said
    events = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"]).stdout.splitlines()
    assert any('"PER"' in line for line in events)  # the rest of the article is still coded
