"""Tests for communique.analysis on a small store of known events (tests/relations_data.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from relations_data import MENTIONS, SCRIPT_EVIDENCE, build_relations_store

from communique import analysis as an
from communique.store import Store

D = dt.date


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = build_relations_store(tmp_path_factory.mktemp("analysis") / "rel.duckdb")
    with Store(path, read_only=True) as s:
        yield s


def test_monthly_timeline_counts_unique_events_in_both_directions(store):
    rows = an.dyad_timeline(store, "CUB", "VNM")
    assert [r["period"] for r in rows] == [D(2021, 8, 1), D(2021, 9, 1)]
    aug, sep = rows
    # the consultation reported by three articles counts once; undated and negated events are out
    assert aug["events"] == 2 and aug["quad"] == {"1": 1, "2": 1, "3": 0, "4": 0}
    assert aug["plover"] == {"CONSULT": 1, "AID": 1}
    assert aug["goldstein_sum"] == pytest.approx(8.9) and aug["goldstein_mean"] == pytest.approx(4.45)
    assert sep["events"] == 2 and sep["quad"] == {"1": 1, "2": 0, "3": 1, "4": 0}
    assert sep["goldstein_mean"] == pytest.approx(3.0)


def test_timeline_directed_and_reversed_dyad(store):
    forward = an.dyad_timeline(store, "CUB", "VNM", directed=True, freq="year")
    assert [(r["period"], r["events"], r["plover"]) for r in forward] == [
        (D(2021, 1, 1), 2, {"CONSULT": 1, "AGREE": 1})]
    backward = an.dyad_timeline(store, "VNM", "CUB", directed=True, freq="year")
    assert backward[0]["plover"] == {"AID": 1, "DISAPPROVE": 1}
    assert an.dyad_timeline(store, "vnm", "cub") == an.dyad_timeline(store, "CUB", "VNM")


def test_timeline_fills_empty_periods_and_honours_bounds(store):
    weeks = an.dyad_timeline(store, "CUB", "VNM", freq="week")
    assert weeks[0]["period"] == D(2021, 8, 2) and weeks[-1]["period"] == D(2021, 9, 20)
    assert len(weeks) == 8 and all(w["period"].weekday() == 0 for w in weeks)
    assert sum(w["events"] for w in weeks) == 4
    empty = [w for w in weeks if not w["events"]]
    assert empty and all(w["goldstein_mean"] is None for w in empty)
    bounded = an.dyad_timeline(store, "CUB", "VNM", freq="day", since=D(2021, 8, 15), until="2021-08-25")
    assert len(bounded) == 11 and [r["period"] for r in bounded if r["events"]] == [D(2021, 8, 20)]
    assert an.dyad_timeline(store, "CUB", "VNM", since=D(2022, 1, 1)) == []


def test_summary(store):
    s = an.dyad_summary(store, "CUB", "VNM")
    assert s["dyad"] == "CUB-VNM"
    assert (s["events"], s["undated"], s["cooperation"], s["conflict"]) == (5, 1, 4, 1)
    assert (s["first_date"], s["last_date"]) == (D(2021, 8, 3), D(2021, 9, 20))
    assert s["balance"] == pytest.approx(0.6)
    assert s["goldstein_mean"] == pytest.approx((1.9 + 7.0 + 8.0 - 2.0 + 4.0) / 5)
    assert {(t["plover"], t["cameo_root"]) for t in s["top_types"]} == {
        ("CONSULT", "04"), ("CONSULT", "03"), ("AID", "07"), ("AGREE", "05"), ("DISAPPROVE", "11")}
    assert s["trend_freq"] == "week" and len(s["trend"]) == an.TREND_PERIODS
    assert s["trend_direction"] == "worsening"  # weeks: 1.9, 7.0 | 8.0, -2.0


def test_summary_key_events_carry_evidence(store):
    keys = an.dyad_summary(store, "CUB", "VNM", top=10)["key_events"]
    assert [k["cameo"] for k in keys[:2]] == ["057", "070"]  # largest |Goldstein| first
    consult = next(k for k in keys if k["cameo"] == "042")
    assert consult["num_mentions"] == MENTIONS and consult["num_articles"] == MENTIONS
    assert consult["evidence"].startswith("Havana's foreign minister met Hanoi's leaders")
    assert consult["article_id"] and consult["article_url"] == "https://example.org/0"
    assert any(k["evidence"] == SCRIPT_EVIDENCE for k in keys)
    assert len(an.dyad_summary(store, "CUB", "VNM", top=2)["key_events"]) == 2
    # the summary's temporary selection table is gone afterwards (the store is read-only)
    assert an._query(store, "SELECT count(*) AS n FROM duckdb_tables() WHERE temporary", [])[0]["n"] == 0


def test_summary_trend_words(store):
    assert an.dyad_summary(store, "CUB", "MEX")["trend_direction"] == "insufficient data"
    assert an.dyad_summary(store, "CUB", "VNM", since=D(2021, 9, 1), until=D(2021, 9, 30))["events"] == 2
    empty = an.dyad_summary(store, "CUB", "VNM", since=D(2030, 1, 1))
    assert (empty["events"], empty["balance"], empty["key_events"], empty["trend"]) == (0, 0.0, [], [])
    assert empty["trend_direction"] == "insufficient data"


def test_partners_by_volume_and_cooperation(store):
    by_volume = an.partners(store, "CUB")
    assert [(p["country"], p["events"]) for p in by_volume] == [("VNM", 5), ("RUS", 2), ("MEX", 1), ("USA", 1)]
    assert by_volume[0]["name"] == "Vietnam"
    by_coop = an.partners(store, "CUB", order="cooperation")
    assert [p["country"] for p in by_coop] == ["VNM", "MEX", "RUS", "USA"]
    vnm = by_coop[0]
    assert (vnm["cooperation"], vnm["conflict"]) == (4, 1)
    assert vnm["cooperation_score"] == pytest.approx((4 - 1) / (5 + an.COOPERATION_PRIOR))
    assert [p["country"] for p in an.partners(store, "CUB", limit=1)] == ["VNM"]
    assert [p["country"] for p in an.partners(store, "CUB", until=D(2020, 1, 1))] == ["RUS"]


def test_network_and_communities(store):
    net = an.relations_network(store)
    edges = {(e["source"], e["target"]): e["events"] for e in net["edges"]}
    assert edges == {("CUB", "VNM"): 5, ("CUB", "RUS"): 2, ("CUB", "MEX"): 1, ("CUB", "USA"): 1, ("RUS", "VNM"): 1}
    nodes = {n["id"]: n for n in net["nodes"]}
    assert nodes["CUB"]["events"] == 9 and net["nodes"][0]["id"] == "CUB"
    assert all(isinstance(n["community"], int) for n in net["nodes"])
    strong = an.relations_network(store, min_events=2)
    assert [(e["source"], e["target"]) for e in strong["edges"]] == [("CUB", "VNM"), ("CUB", "RUS")]
    ego = an.relations_network(store, country="MEX")
    assert {n["id"] for n in ego["nodes"]} == {"CUB", "MEX"}
    layout = an.layout_network(net)
    assert set(layout) == set(nodes) and layout == an.layout_network(net)


def test_communities_split_two_separate_groups():
    import networkx as nx

    graph = nx.Graph()
    graph.add_edge("AAA", "BBB", events=5)
    graph.add_edge("CCC", "DDD", events=3)
    groups = an._communities(graph)
    assert groups["AAA"] == groups["BBB"] == 0 and groups["CCC"] == groups["DDD"] == 1


@pytest.mark.parametrize("call, message", [
    (lambda s: an.dyad_timeline(s, "CUBA", "VNM"), "first country of the dyad must be an ISO3"),
    (lambda s: an.dyad_timeline(s, "CUB", "XQZ"), "unknown country code 'XQZ'"),
    (lambda s: an.dyad_timeline(s, "CUB", "cub"), "two different countries"),
    (lambda s: an.dyad_timeline(s, "CUB", "VNM", freq="quarter"), "freq must be one of"),
    (lambda s: an.dyad_timeline(s, "CUB", "VNM", since=D(2022, 1, 1), until=D(2021, 1, 1)), "is after until"),
    (lambda s: an.dyad_timeline(s, "CUB", "VNM", since="yesterday"), "since must be a date"),
    (lambda s: an.dyad_timeline(s, "CUB", "VNM", freq="day", since=D(1900, 1, 1), until=D(2021, 1, 1)),
     "use a coarser freq"),
    (lambda s: an.dyad_summary(s, "CUB", None), "second country of the dyad must be an ISO3"),
    (lambda s: an.dyad_summary(s, "CUB", "VNM", top=0), "top must be an integer"),
    (lambda s: an.partners(s, "CUB", limit=an.MAX_LIMIT + 1), "limit must be an integer from 1 to 500"),
    (lambda s: an.partners(s, "CUB", order="alphabet"), "order must be one of volume, cooperation"),
    (lambda s: an.partners(s, "C-B"), "country must be an ISO3"),
    (lambda s: an.relations_network(s, min_events=0), "min_events must be an integer"),
    (lambda s: an.relations_network(s, country="ZZZ"), "unknown country code"),
])
def test_bad_arguments(store, call, message):
    with pytest.raises(ValueError, match=message):
        call(store)


def test_igo_codes_and_parse_dyad(store):
    assert an.partners(store, "IGOUNO") == []
    assert an.parse_dyad(" cub-vnm ") == ("CUB", "VNM")
    with pytest.raises(ValueError, match="dyad must look like"):
        an.parse_dyad("CUB")
