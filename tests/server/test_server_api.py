"""The JSON API over a small hand-made store: every endpoint, its filters and its bad inputs."""

from __future__ import annotations

import pytest

from server_fixtures import EVENTS_TOTAL, D, build_articles


def get_ok(client, url: str) -> dict:
    r = client.get(url)
    assert r.status_code == 200, r.text
    return r.json()


def get_422(client, url: str, *words: str) -> str:
    r = client.get(url)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert isinstance(detail, str)
    for w in words:
        assert w in detail, detail
    return detail


# -- /api/events ---------------------------------------------------------------------------


def test_events_all_and_pagination(client):
    body = get_ok(client, "/api/events?page_size=3")
    assert body["total"] == EVENTS_TOTAL and body["pages"] == 3 and len(body["events"]) == 3
    dates = [e["date"] for e in body["events"]]
    assert dates == sorted(dates) and dates[0] == "2019-10-29"
    last = get_ok(client, "/api/events?page_size=3&page=3")
    assert len(last["events"]) == EVENTS_TOTAL - 6
    seen = {e["id"] for p in (1, 2, 3) for e in get_ok(client, f"/api/events?page_size=3&page={p}")["events"]}
    assert len(seen) == EVENTS_TOTAL
    assert get_ok(client, "/api/events?page_size=3&page=9")["events"] == []


@pytest.mark.parametrize("query, expected_cameos", [
    ("dyad=CUB-VNM", {"073", "051", "042", "057"}),
    ("dyad=cub-vnm&directed=true", {"051", "042"}),
    ("dyad=VNM-CUB&directed=true", {"073", "057"}),
    ("country=RUS", {"042", "061"}),
    ("actor=USAGOV", {"112", "163"}),
    ("code=04", {"042"}),
    ("plover=sanction", {"163"}),
    ("quad=2", {"073", "061"}),
    ("since=2021-08-01&until=2021-08-31", {"073", "051"}),
    ("q=RICE", {"073", "051"}),
    ("q=abdala&dyad=CUB-VNM", {"057"}),
    ("dyad=CUB-RUS&quad=3", set()),
])
def test_events_filters(client, query, expected_cameos):
    body = get_ok(client, f"/api/events?{query}")
    assert {e["cameo"] for e in body["events"]} == expected_cameos
    assert body["total"] == len(body["events"])


def test_events_carry_evidence_and_actors(client):
    (event,) = get_ok(client, "/api/events?code=073")["events"]
    assert event["evidence"] == "Vietnam donated 5,000 tons of rice to Cuba."
    assert (event["source_code"], event["target_code"], event["quad_class"]) == ("VNMGOV", "CUBGOV", 2)
    assert event["article_id"] == build_articles()[0][0].id


def test_events_unique(client):
    body = get_ok(client, "/api/events?unique=true&dyad=CUB-VNM")
    assert body["unique"] and body["events"] == [] and body["total"] == 4
    first = body["unique_events"][0]
    assert first["num_mentions"] == 1 and first["evidence"] and first["article_id"]
    assert get_ok(client, "/api/events?unique=true&q=embargo")["total"] == 1


@pytest.mark.parametrize("query, words", [
    ("dyad=CUB-XYZ", ["unknown country code", "XYZ"]),
    ("dyad=CUBVNM", ["dyad must be", "CUBVNM"]),
    ("dyad=CUB-CUB", ["two different countries"]),
    ("country=ZZZ", ["unknown country code", "ZZZ"]),
    ("country=cuba", ["country must be"]),
    ("since=2021-09-01&until=2021-01-01", ["since (2021-09-01) is after until (2021-01-01)"]),
    ("since=yesterday", ["since"]),
    ("page_size=501", ["page_size", "500"]),
    ("page_size=0", ["page_size"]),
    ("page=0", ["page"]),
    ("quad=7", ["quad"]),
    ("plover=HUG", ["plover must be one of"]),
    ("code=4a", ["code must be"]),
    ("actor=CU%27%3B--", ["actor must be"]),
    ("directed=true", ["directed=true needs a dyad"]),
    ("q=" + "x" * 201, ["q (text search)", "200"]),
])
def test_events_bad_input(client, query, words):
    get_422(client, f"/api/events?{query}", *words)


def test_sql_injection_in_search_is_just_text(client):
    body = get_ok(client, "/api/events?q=%27%29%20OR%201%3D1%20--")
    assert body["total"] == 0


# -- relations -----------------------------------------------------------------------------


def test_dyad_timeline(client):
    body = get_ok(client, "/api/dyads/CUB-VNM/timeline?freq=month")
    assert body["dyad"] == "CUB-VNM" and body["freq"] == "month"
    points = {p["period"]: p for p in body["points"]}
    assert points["2021-08-01"]["events"] == 2 and points["2021-08-01"]["quad"] == {"1": 1, "2": 1, "3": 0, "4": 0}
    assert points["2021-09-01"]["plover"] == {"CONSULT": 1, "AGREE": 1}
    assert points["2021-09-01"]["goldstein_sum"] == pytest.approx(9.9)
    directed = get_ok(client, "/api/dyads/VNM-CUB/timeline?directed=true&freq=year")
    assert [p["events"] for p in directed["points"]] == [2]


def test_dyad_summary(client):
    body = get_ok(client, "/api/dyads/CUB-USA/summary")
    assert body["events"] == 2 and body["conflict"] == 2 and body["cooperation"] == 0 and body["balance"] == -1.0
    evidence = {k["evidence"] for k in body["key_events"]}
    assert "The United States kept its embargo on Cuba." in evidence
    assert all(k["article_id"] for k in body["key_events"])


def test_partners_and_network(client):
    partners = get_ok(client, "/api/countries/CUB/partners")["partners"]
    assert [p["country"] for p in partners][0] == "VNM" and {p["country"] for p in partners} == {"VNM", "RUS", "USA"}
    coop = get_ok(client, "/api/countries/CUB/partners?order=cooperation")["partners"]
    assert coop[-1]["country"] == "USA"
    net = get_ok(client, "/api/network")
    assert {n["id"] for n in net["nodes"]} == {"CUB", "VNM", "RUS", "USA"}
    edge = next(e for e in net["edges"] if {e["source"], e["target"]} == {"CUB", "VNM"})
    assert edge["events"] == 4
    ego = get_ok(client, "/api/network?country=RUS")
    assert {n["id"] for n in ego["nodes"]} == {"RUS", "CUB"}
    assert get_ok(client, "/api/network?since=2030-01-01") == {"nodes": [], "edges": []}


@pytest.mark.parametrize("url, words", [
    ("/api/dyads/CUB-XYZ/timeline", ["XYZ"]),
    ("/api/dyads/CUB/timeline", ["dyad must be"]),
    ("/api/dyads/CUB-VNM/timeline?freq=decade", ["freq"]),
    ("/api/dyads/CUB-VNM/timeline?since=2022-01-01&until=2021-01-01", ["after"]),
    ("/api/dyads/CUB-XYZ/summary", ["XYZ"]),
    ("/api/dyads/CUB-VNM/summary?since=2022-01-01&until=2021-01-01", ["after"]),
    ("/api/dyads/CUB-VNM/summary?top=999", ["top"]),
    ("/api/countries/XYZ/partners", ["XYZ"]),
    ("/api/countries/CUB/partners?limit=100000", ["limit"]),
    ("/api/countries/CUB/partners?order=random", ["order"]),
    ("/api/network?country=XYZ", ["XYZ"]),
    ("/api/network?min_events=0", ["min_events"]),
    ("/api/network?since=2022-01-01&until=2021-01-01", ["after"]),
])
def test_relations_bad_input(client, url, words):
    get_422(client, url, *words)


def test_empty_dyad_period_is_not_an_error(client):
    body = get_ok(client, "/api/dyads/CUB-VNM/summary?since=2030-01-01")
    assert body["events"] == 0 and body["key_events"] == []


# -- articles, countries, schema -------------------------------------------------------------


def test_article_with_highlight_segments(client):
    article, events = build_articles()[3]
    body = get_ok(client, f"/api/articles/{article.id}")
    assert body["text"] == article.text and len(body["events"]) == 2
    assert "".join(s["text"] for s in body["segments"]) == article.text
    marked = [s for s in body["segments"] if s["event_ids"]]
    assert {s["text"] for s in marked} == {e.evidence for e in events}
    for span in body["events"]:
        assert article.text[span["start"]:span["end"]] in {e.evidence for e in events}


def test_article_segments_with_emoji(client):
    article, events = build_articles()[0]
    body = get_ok(client, f"/api/articles/{article.id}")
    assert [s["text"] for s in body["segments"] if s["event_ids"]] == [e.evidence for e in events]


def test_article_missing(client):
    r = client.get("/api/articles/nope")
    assert r.status_code == 404 and "nope" in r.json()["detail"]


def test_countries(client):
    body = get_ok(client, "/api/countries")
    assert body[0] == {"code": "CUB", "name": "Cuba", "events": EVENTS_TOTAL}
    assert {c["code"] for c in body} == {"CUB", "VNM", "RUS", "USA"}


def test_status(client):
    body = get_ok(client, "/api/status")
    assert body["events"] == EVENTS_TOTAL and body["generation"] >= 1 and body["store"] == "small.duckdb"


def test_openapi_schema_has_typed_models(client):
    schema = get_ok(client, "/openapi.json")
    paths = schema["paths"]
    for p in ("/api/events", "/api/dyads/{dyad}/timeline", "/api/dyads/{dyad}/summary",
              "/api/countries/{country}/partners", "/api/network", "/api/articles/{article_id}", "/api/countries"):
        assert p in paths, p
    models = schema["components"]["schemas"]
    for name in ("EventPage", "EventOut", "TimelineOut", "DyadSummaryOut", "PartnersOut", "NetworkOut", "ArticleOut"):
        assert name in models, name
    assert "evidence" in models["EventOut"]["properties"]
    page_size = next(p for p in paths["/api/events"]["get"]["parameters"] if p["name"] == "page_size")
    assert page_size["schema"]["maximum"] == 500


# -- dashboard files -------------------------------------------------------------------------


def test_dashboard_page_and_local_scripts(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert 'src="/static/plotly.min.js"' in page.text and 'src="/static/app.js"' in page.text
    assert "http://" not in page.text.split("<footer")[0] and "https://" not in page.text  # no CDN
    js = client.get("/static/app.js")
    assert js.status_code == 200 and "textContent" in js.text and "innerHTML" not in js.text
    plotly = client.get("/static/plotly.min.js")
    assert plotly.status_code == 200 and len(plotly.content) > 1_000_000
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/article/anything").status_code == 200
    assert client.get("/docs").status_code == 404 and client.get("/api/docs").status_code == 404  # CDN pages


def test_unique_events_match_the_store_view(tmp_path):
    """The pushed-down deduplication gives the same rows as the store's unique_events view."""
    from fastapi.testclient import TestClient
    from server_fixtures import make_store

    from communique.models import Article, Event
    from communique.server import create_app
    from communique.store import Store

    path = make_store(tmp_path / "dup.duckdb")
    article, events = build_articles()[1]
    again = Article(id=Article.make_id("other", "visit"), text=article.text, source="other", date=article.date)
    copies = [Event(article_id=again.id, sentence_index=e.sentence_index, evidence=e.evidence,
                    evidence_span=e.evidence_span, source=e.source, target=e.target, cameo=e.cameo,
                    cameo_root=e.cameo_root, goldstein=e.goldstein, quad_class=e.quad_class, plover=e.plover,
                    date=e.date) for e in events]
    with Store(path) as store:
        store.add_batch([(again, copies)])
        expected = store.unique_events(dyad="CUB-VNM")
    with TestClient(create_app(path, refresh_seconds=0), base_url="http://127.0.0.1") as c:
        body = c.get("/api/events", params={"unique": "true", "dyad": "CUB-VNM"}).json()
        paged = [r for p in (1, 2) for r in c.get("/api/events", params={
            "unique": "true", "dyad": "CUB-VNM", "page_size": 2, "page": p}).json()["unique_events"]]
        searched = c.get("/api/events", params={"unique": "true", "q": "abdala"}).json()
    got = body["unique_events"]
    assert body["total"] == len(expected) == 4
    keys = ("event_key", "first_event_id", "num_mentions", "num_articles", "cameo")
    assert [{k: r[k] for k in keys} for r in got] == [{k: r[k] for k in keys} for r in expected]
    assert paged == got
    assert {r["num_mentions"] for r in got} == {1, 2}
    assert searched["total"] == 1 and searched["unique_events"][0]["num_mentions"] == 2


def test_page_evidence_matches_the_store(tmp_path):
    """Evidence looked up for a page equals the Store's, for whole, sliced and verbatim evidence."""
    from fastapi.testclient import TestClient
    from server_fixtures import CUBGOV, VNMGOV

    from communique.models import Article, Event
    from communique.server import create_app
    from communique.store import Store

    text = "Cuba and Vietnam signed a deal. Hanoi praised Havana warmly today."
    article = Article(id=Article.make_id("t", "slices"), text=text, source="t", date=D(2022, 3, 1))
    whole = (32, len(text))

    def event(i: int, span: tuple[int, int], evidence: str, cameo: str) -> Event:
        return Event(article_id=article.id, sentence_index=i, evidence=evidence, evidence_span=span, source=VNMGOV,
                     target=CUBGOV, cameo=cameo, cameo_root=cameo[:2], goldstein=3.4, quad_class=1,
                     plover="SUPPORT", date=article.date)

    events = [
        event(0, (0, 31), text[:31], "057"),
        event(1, whole, text[32:], "051"),
        event(1, (32, 52), text[32:52], "050"),          # a slice of the stored sentence
        event(1, whole, "Hanoi praised Havana.", "052"),  # evidence that is not the text: stored verbatim
    ]
    path = tmp_path / "slices.duckdb"
    with Store(path) as store:
        store.add_batch([(article, events)])
        expected = {e.id: e.evidence for e in store.events()}
    with TestClient(create_app(path, refresh_seconds=0), base_url="http://127.0.0.1") as c:
        got = {e["id"]: e["evidence"] for e in c.get("/api/events").json()["events"]}
    assert got == expected and len(got) == 4
