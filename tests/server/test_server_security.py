"""Security of ``communique serve``: loopback default, tokens, CORS, errors, limits, read-only."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from server_fixtures import EVENTS_TOTAL, build_articles, make_store
from typer.testing import CliRunner

from communique.cli import app as cli_app
from communique.server import app as app_mod
from communique.server import create_app, queries, security
from communique.server.run import ServeError, check_serve_settings
from communique.store import Store

TOKEN = "s3cret-token-0123456789"


@pytest.fixture
def token_client(store_path):
    with TestClient(create_app(store_path, token=TOKEN, refresh_seconds=0), base_url="http://10.0.0.5",
                    raise_server_exceptions=False) as c:
        yield c


# -- who may bind where ------------------------------------------------------------------------


def test_serve_binds_loopback_by_default(store_path, monkeypatch):
    calls = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append(kw))
    monkeypatch.delenv("COMMUNIQUE_TOKEN", raising=False)
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(store_path)])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8000


def test_serve_refuses_other_hosts_without_token(store_path, monkeypatch):
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: pytest.fail("must not start"))
    monkeypatch.delenv("COMMUNIQUE_TOKEN", raising=False)
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(store_path), "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "without an access token" in result.output


def test_serve_other_host_with_token_from_env(store_path, monkeypatch):
    calls = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append(kw))
    monkeypatch.setenv("COMMUNIQUE_TOKEN", TOKEN)
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(store_path), "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "0.0.0.0" and calls[0]["port"] == 8123


def test_serve_missing_store(tmp_path):
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 3 and "no store" in result.output


@pytest.mark.parametrize("host, token, ok", [
    ("127.0.0.1", None, True), ("localhost", None, True), ("::1", None, True), ("127.1.2.3", None, True),
    ("0.0.0.0", None, False), ("192.168.1.10", None, False), ("::", None, False), ("example.org", None, False),
    ("0.0.0.0", TOKEN, True), ("0.0.0.0", "short", False), ("127.0.0.1", "short", False),
])
def test_token_requirement(store_path, monkeypatch, host, token, ok):
    monkeypatch.delenv("COMMUNIQUE_TOKEN", raising=False)
    if ok:
        assert check_serve_settings(store_path, host, token) == token
    else:
        with pytest.raises(ServeError):
            check_serve_settings(store_path, host, token)


# -- tokens on requests --------------------------------------------------------------------------


def test_token_missing_is_401(token_client):
    r = token_client.get("/api/countries")
    assert r.status_code == 401 and "access token is required" in r.json()["detail"]
    assert token_client.get("/").status_code == 401
    assert token_client.get("/static/app.js").status_code == 401


@pytest.mark.parametrize("header", [f"Bearer {TOKEN}x", "Bearer wrong", f"Bearer {TOKEN[:-1]}"])
def test_wrong_token_is_403(token_client, header):
    r = token_client.get("/api/countries", headers={"Authorization": header})
    assert r.status_code == 403 and r.json()["detail"] == "wrong access token"


def test_bearer_token_accepted(token_client):
    r = token_client.get("/api/countries", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and r.json()[0]["code"] == "CUB"


def test_cookie_login(store_path):
    with TestClient(create_app(store_path, token=TOKEN, refresh_seconds=0), base_url="http://10.0.0.5") as c:
        assert c.get("/?token=wrong", follow_redirects=False).status_code == 403
        r = c.get(f"/?token={TOKEN}", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/"
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert c.get("/api/countries").status_code == 200  # the client sends the cookie now
        c.cookies.set(security.COOKIE_NAME, "forged")
        assert c.get("/api/countries").status_code == 403


def test_constant_time_comparison_is_used(token_client, monkeypatch):
    seen = []
    real = security.hmac.compare_digest

    def spy(a, b):
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(security.hmac, "compare_digest", spy)
    assert token_client.get("/api/countries", headers={"Authorization": "Bearer nope"}).status_code == 403
    assert token_client.get("/api/countries", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert seen == [(b"nope", TOKEN.encode()), (TOKEN.encode(), TOKEN.encode())]


def test_loopback_server_rejects_foreign_host_header(client):
    """Without a token only loopback Host names are answered (DNS rebinding)."""
    r = client.get("/api/countries", headers={"Host": "evil.example:8000"})
    assert r.status_code == 400 and "loopback" in r.json()["detail"]
    assert client.get("/api/countries", headers={"Host": "localhost:8000"}).status_code == 200
    assert client.get("/api/countries", headers={"Host": "[::1]:8000"}).status_code == 200


# -- CORS, headers, errors -------------------------------------------------------------------------


def test_cors_closed_by_default(client):
    r = client.get("/api/countries", headers={"Origin": "http://evil.example"})
    assert r.status_code == 200
    assert not [h for h in r.headers if h.lower().startswith("access-control-")]
    pre = client.options("/api/countries", headers={"Origin": "http://evil.example",
                                                    "Access-Control-Request-Method": "GET"})
    assert not [h for h in pre.headers if h.lower().startswith("access-control-")]


def test_cors_origin_when_asked(store_path):
    app = create_app(store_path, refresh_seconds=0, cors_origins=("http://dash.example",))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        ok = c.get("/api/countries", headers={"Origin": "http://dash.example"})
        assert ok.headers["access-control-allow-origin"] == "http://dash.example"
        other = c.get("/api/countries", headers={"Origin": "http://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_security_headers(client):
    r = client.get("/")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
    assert "server" not in {h.lower() for h in r.headers}


def test_no_traceback_in_500(client, monkeypatch):
    def explode(con, article_id):
        raise RuntimeError("secret detail: SELECT * FROM events")

    monkeypatch.setattr(queries, "article_with_spans", explode)
    r = client.get("/api/articles/some-id")
    assert r.status_code == 500
    assert r.json() == {"detail": "internal error (logged on the server)"}
    for leak in ("Traceback", "secret", "RuntimeError", "SELECT", ".py"):
        assert leak not in r.text


def test_slow_query_is_stopped_with_503(store_path, monkeypatch):
    def slow(con, article_id):
        return con.execute("SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3").fetchall()

    monkeypatch.setattr(queries, "article_with_spans", slow)
    with TestClient(create_app(store_path, refresh_seconds=0, query_timeout=0.3), base_url="http://127.0.0.1",
                    raise_server_exceptions=False) as c:
        started = time.monotonic()
        r = c.get("/api/articles/some-id")
        assert time.monotonic() - started < 30
    assert r.status_code == 503 and "longer than 0.3 s" in r.json()["detail"]


def test_page_size_capped(client):
    r = client.get(f"/api/events?page_size={app_mod.MAX_PAGE_SIZE + 1}")
    assert r.status_code == 422 and "less than or equal to 500" in r.json()["detail"]
    assert client.get(f"/api/events?page_size={app_mod.MAX_PAGE_SIZE}").status_code == 200


# -- read-only -----------------------------------------------------------------------------------


def test_server_holds_no_lock_and_never_writes(tmp_path):
    """While the app runs, a writer can open the store; the app's own files are snapshots."""
    path = make_store(tmp_path / "w.duckdb")
    app = create_app(path, refresh_seconds=0)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert c.get("/api/status").json()["events"] == EVENTS_TOTAL
        before = path.stat().st_mtime_ns
        for url in ("/api/events", "/api/countries", "/api/network", "/api/dyads/CUB-VNM/summary"):
            assert c.get(url).status_code == 200
        assert path.stat().st_mtime_ns == before  # reading changed nothing
        with Store(path) as writer:  # no lock held by the server
            assert writer.stats()["events"] == EVENTS_TOTAL
        snap = app.state.snapshots
        with snap.acquire() as s:
            assert s.store.read_only and s.path.parent == snap.directory
            assert s.path != path


def test_injection_attempts_are_parameters(client):
    """Quotes and SQL in every string parameter are values or 422s, never SQL."""
    payload = "x' OR '1'='1"
    assert client.get("/api/events", params={"q": payload}).json()["total"] == 0
    for params in ({"actor": payload}, {"country": payload}, {"dyad": payload}, {"code": payload},
                   {"plover": payload}):
        assert client.get("/api/events", params=params).status_code == 422
    assert client.get("/api/articles/" + "x'%20OR%20'1'%3D'1").status_code == 404
    assert len(build_articles()) == 4 and client.get("/api/events").json()["total"] == EVENTS_TOTAL


def test_queries_beyond_the_slots_wait_then_get_503(store_path, monkeypatch):
    """With one query slot taken, another request waits ``queue_timeout`` and gets a 503 'busy'."""
    import threading

    release = threading.Event()

    def hold(con, article_id):
        if article_id == "slow":
            release.wait(20)
        return None

    monkeypatch.setattr(queries, "article_with_spans", hold)
    app = create_app(store_path, refresh_seconds=0, max_queries=1, queue_timeout=0.3)
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        first = threading.Thread(target=lambda: c.get("/api/articles/slow"))
        first.start()
        time.sleep(0.5)
        r = c.get("/api/articles/other")
        release.set()
        first.join(30)
        assert r.status_code == 503 and "busy" in r.json()["detail"] and r.headers["retry-after"] == "5"
        assert c.get("/api/articles/other").status_code == 404  # the slot is free again


def test_results_cached_per_snapshot(tmp_path):
    """A repeated request is answered from the snapshot's cache; new data makes a new snapshot."""
    from server_fixtures import make_store

    from communique.models import Article

    path = make_store(tmp_path / "c.duckdb")
    app = create_app(path, refresh_seconds=0)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        url = "/api/events?dyad=CUB-VNM"
        first = c.get(url).json()
        with app.state.snapshots.acquire() as snap:
            hits = snap.results.hits
        assert c.get(url).json() == first
        with app.state.snapshots.acquire() as snap:
            assert snap.results.hits == hits + 1
        with Store(path) as w:
            w.add_batch([(Article(id=Article.make_id("t", "x"), text="x", source="t"), [])])
        assert app.state.snapshots.refresh()
        with app.state.snapshots.acquire() as snap:
            assert snap.results.hits == 0
        assert c.get("/api/status").json()["articles"] == len(build_articles()) + 1
