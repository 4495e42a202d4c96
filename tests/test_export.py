"""Tests for communique.export and the 'export' command."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pytest
from relations_data import CONSULT_EVIDENCE, MENTIONS, ROWS, build_relations_store
from typer.testing import CliRunner

from communique.cli import app
from communique.export import FLAT_COLUMNS, GDELT_COLUMNS, export_events, gdelt_row
from communique.store import Store

runner = CliRunner()
UNIQUE = len(ROWS) + 1  # every row of ROWS is its own event, plus the consultation reported three times
PLOVER_REQUIRED = {"id", "date", "actor", "event"}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_relations_store(tmp_path_factory.mktemp("export") / "rel.duckdb")


def _export(db, *args):
    return runner.invoke(app, ["export", "--db", str(db), *args])


def test_plover_jsonl_round_trips_through_json(db, tmp_path):
    out = tmp_path / "events.jsonl"
    result = _export(db, "--format", "plover-jsonl", "-o", str(out))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == UNIQUE and f"{UNIQUE} unique events exported" in result.output
    for r in records:
        assert PLOVER_REQUIRED <= r.keys() and json.loads(json.dumps(r)) == r
        assert isinstance(r["actor"], list) and isinstance(r["recipient"], list) and isinstance(r["event"], list)
    assert len({r["id"] for r in records}) == UNIQUE
    consult = next(r for r in records if r["event_key"] == "2021-08-03|CUBGOV|VNMGOV|042|asserted")
    assert consult["date"] == "2021-08-03" and consult["event"] == ["CONSULT"] and consult["quad_code"] == 1
    assert consult["actor"] == [{"code": "CUB", "sector": "GOV", "entity_text": "Havana", "identifier_id": None,
                                 "identifier_text": "Government of Cuba", "actor_code": "CUBGOV"}]
    assert consult["recipient"][0]["code"] == "VNM"
    assert consult["event_text"] == [CONSULT_EVIDENCE.format(n=1)]
    assert consult["text_info"] == {"sequence": 0, "start": 0, "end": len(CONSULT_EVIDENCE.format(n=1))}
    assert consult["cite_info"]["url"] == "https://example.org/0"
    assert (consult["num_mentions"], consult["num_articles"]) == (MENTIONS, MENTIONS)
    no_target = next(r for r in records if r["cameo"] == "010")
    assert no_target["recipient"] == []
    undated = next(r for r in records if r["modality"] == "future")
    assert undated["date"] is None


def test_gdelt_tsv_has_61_columns_per_row(db, tmp_path):
    out = tmp_path / "events.tsv"
    result = _export(db, "--format", "gdelt-tsv", "-o", str(out), "--header")
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines]
    assert rows[0] == list(GDELT_COLUMNS) and len(rows) == UNIQUE + 1
    assert all(len(r) == 61 for r in rows)
    col = {name: i for i, name in enumerate(GDELT_COLUMNS)}
    consult = next(r for r in rows[1:] if r[col["Day"]] == "20210803")
    assert consult[col["Actor1Code"]] == "CUBGOV" and consult[col["Actor2CountryCode"]] == "VNM"
    assert (consult[col["EventCode"]], consult[col["EventRootCode"]], consult[col["QuadClass"]]) == ("042", "04", "1")
    assert consult[col["NumMentions"]] == str(MENTIONS) and consult[col["NumArticles"]] == str(MENTIONS)
    assert consult[col["SOURCEURL"]] == "https://example.org/0" and consult[col["AvgTone"]] == ""
    assert consult[col["FractionDate"]] == "2021.5890" and consult[col["MonthYear"]] == "202108"
    assert int(consult[col["GlobalEventID"]]) > 0 and len(consult[col["DATEADDED"]]) == 14


def test_gdelt_action_geo_and_organisations():
    base = {c: None for c in FLAT_COLUMNS} | {
        "event_key": "k", "date": None, "cameo": "0311", "cameo_root": "03", "quad_class": 1, "goldstein": 5.2,
        "num_mentions": 1, "num_sources": 1, "num_articles": 1, "is_root": 0,
        "source_code": "IGOUNO", "source_country": "IGOUNO", "source_sector": "IGO", "source_name": "United Nations",
        "place": json.dumps({"name": "Geneva", "text": "Geneva", "precision": "city", "country": "CHE",
                             "admin1": "GE", "lat": 46.2, "lon": 6.14, "geonameid": 2660646})}
    row = gdelt_row(base)
    col = {name: i for i, name in enumerate(GDELT_COLUMNS)}
    assert len(row) == 61 and row[col["Day"]] == ""
    assert (row[col["Actor1CountryCode"]], row[col["Actor1KnownGroupCode"]], row[col["Actor1Type1Code"]]) == (
        "", "UNO", "IGO")
    assert row[col["EventBaseCode"]] == "031" and row[col["Actor2Code"]] == ""
    assert [row[col[f"ActionGeo_{f}"]] for f in ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "FeatureID")
            ] == [4, "Geneva", "CHE", "CHEGE", 46.2, 2660646]


def test_csv_and_filters(db):
    with Store(db, read_only=True) as store:
        buf = io.StringIO()
        n = export_events(store, "csv", stream=buf, dyad="CUB-VNM", modality=["asserted"])
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert n == len(rows) == 4  # the negated and the future CUB-VNM events are left out
    assert list(rows[0].keys()) == list(FLAT_COLUMNS)
    assert [r["cameo"] for r in rows] == ["042", "070", "057", "111"]
    assert rows[0]["num_mentions"] == str(MENTIONS) and {r["modality"] for r in rows} == {"asserted"}
    assert all({r["source_country"], r["target_country"]} == {"CUB", "VNM"} for r in rows)
    with Store(db, read_only=True) as store:
        assert export_events(store, "csv", stream=io.StringIO(), dyad="CUB-VNM") == 6


def test_parquet_reads_back_with_the_same_row_count(db, tmp_path):
    out = tmp_path / "it's.parquet"
    result = _export(db, "--format", "parquet", "-o", str(out), "--from", "2021-01-01")
    assert result.exit_code == 0, result.output
    con = duckdb.connect()
    count, columns = con.execute("SELECT count(*) FROM read_parquet(?)", [str(out)]).fetchone()[0], [
        d[0] for d in con.execute("SELECT * FROM read_parquet(?) LIMIT 1", [str(out)]).description]
    dated_2021 = sum(1 for r in ROWS if r[0] and r[0].year >= 2021) + 1
    assert count == dated_2021 and columns == list(FLAT_COLUMNS)
    assert f"{count} unique events exported" in result.output


@pytest.mark.parametrize("args, message", [
    (["--format", "xml"], "format must be one of plover-jsonl, gdelt-tsv, csv, parquet"),
    (["--format", "parquet"], "needs an output file"),
    (["--format", "csv", "--dyad", "CUB"], "dyad must look like"),
    (["--format", "csv", "--modality", "maybe"], "modality must be among"),
    (["--format", "csv", "--from", "2022-01-01", "--to", "2021-01-01"], "is after until"),
])
def test_bad_input(db, args, message):
    result = _export(db, *args)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split()).replace("│ ", "").replace(" │", "")


def test_stdout_default(db):
    result = _export(db, "--format", "plover-jsonl", "--country", "MEX")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1 and json.loads(lines[0])["recipient"][0]["code"] == "MEX"
