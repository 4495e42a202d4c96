"""Headless Chromium against ``communique serve`` over the coded seeds: the dashboard renders.

Needs Debian's ``/usr/bin/chromium`` (``.ci/run`` installs it) and the ``playwright`` Python
package (``test`` extra); Playwright's own browser downloads are never used. Screenshots go to
``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from server_fixtures import RunningServer, make_store

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

sync_api = pytest.importorskip("playwright.sync_api", reason="the 'playwright' package (test extra) is not installed")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does it)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory, shared_dir) -> Path:
    seeds = shared_dir / "seeds"
    if not any(seeds.glob("*.txt")):
        pytest.skip(f"no seed articles in {seeds}")
    path = tmp_path_factory.mktemp("browser") / "seeds.duckdb"
    cli = Path(sys.executable).with_name("communique")
    done = subprocess.run([str(cli), "code", str(seeds), "--db", str(path), "-q"], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return path


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    external: list[str] = []
    pg.on("request", lambda req: None if req.url.startswith("http://127.0.0.1") else external.append(req.url))
    yield pg
    context.close()
    assert not errors, errors
    assert not external, f"the dashboard requested outside resources: {external}"


def screenshot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / name
    pg.screenshot(path=str(out), full_page=True)
    return out


def pick(pg, mode: str, a: str, b: str | None = None, since: str = "", until: str = "") -> None:
    pg.wait_for_selector("#country-a option:nth-child(2)", state="attached")
    pg.select_option("#mode", mode)
    pg.select_option("#country-a", a)
    if b:
        pg.select_option("#country-b", b)
    pg.fill("#since", since)
    pg.fill("#until", until)
    pg.click("#show")


def test_dashboard_shows_cub_vnm(page, seeds_store):
    with RunningServer(seeds_store) as server:
        api = httpx.Client(base_url=server.url, timeout=30)
        expected = api.get("/api/events", params={"dyad": "CUB-VNM", "page_size": 25}).json()
        summary = api.get("/api/dyads/CUB-VNM/summary").json()
        assert expected["total"] > 0 and summary["events"] > 0

        page.goto(server.url + "/")
        pick(page, "dyad", "CUB", "VNM")
        page.wait_for_selector("#events-table tbody tr[data-event-id]")
        page.wait_for_selector("#timeline .main-svg")
        page.wait_for_selector("#network .main-svg")

        # the evidence table shows the API's CUB-VNM events, in order, with their evidence
        rows = page.locator("#events-table tbody tr[data-event-id]")
        assert rows.evaluate_all("rs => rs.map(r => r.dataset.eventId)") == [e["id"] for e in expected["events"]]
        shown = page.locator("#events-table td.evidence").all_text_contents()
        assert shown == [e["evidence"] for e in expected["events"]]
        assert any("vaccine" in s.lower() for s in shown)
        assert page.text_content("#events-title") == f"Events ({expected['total']} mentions)"

        # the timeline: four stacked quad-class bar traces and the Goldstein line, counting every event
        traces = page.evaluate("document.getElementById('timeline').data.map(t => [t.type, t.name, t.y])")
        assert [t[0] for t in traces] == ["bar"] * 4 + ["scatter"]
        assert sum(sum(t[2]) for t in traces[:4]) == summary["events"] - summary["undated"]
        assert page.locator("#timeline .barlayer .point").count() > 0

        # the network: CUB and VNM among the nodes, an edge between them
        labels = page.evaluate("document.getElementById('network').data.at(-1).text")
        assert {"CUB", "VNM", "RUS"} <= set(labels)
        edges = page.evaluate("document.getElementById('network').data.slice(0, -1).map(t => t.text)")
        assert any(e.startswith("CUB–VNM") for e in edges)

        assert "CUB-VNM" in page.text_content("#summary-title")
        assert page.locator("ul.key-events li").count() == len(summary["key_events"])
        screenshot(page, "dashboard-CUB-VNM.png")

        # the article view highlights the clicked event's evidence
        first = expected["events"][0]
        rows.first.locator("a.article-link").click()
        page.wait_for_selector("#article-text mark.focus")
        focus = "".join(page.locator("#article-text mark.focus").all_text_contents())
        assert first["evidence"] in focus or focus in first["evidence"]
        screenshot(page, "dashboard-article.png")

        # an empty period gives a message, not a blank page
        pick(page, "dyad", "CUB", "VNM", since="2030-01-01", until="2030-12-31")
        sync_api.expect(page.locator("#message")).to_have_text("No events for CUB-VNM from 2030-01-01 to 2030-12-31.")
        assert page.locator("#events-section").is_hidden()

        # a reversed period shows the API's message
        pick(page, "dyad", "CUB", "VNM", since="2022-01-01", until="2021-01-01")
        sync_api.expect(page.locator("#message.error")).to_contain_text("after")

        # the country view lists the partners
        pick(page, "country", "CUB")
        page.wait_for_selector("#partners-table tbody tr")
        partners = page.locator("#partners-table tbody tr td:first-child").all_text_contents()
        assert partners[0].startswith("VNM") and any(p.startswith("RUS") for p in partners)
        screenshot(page, "dashboard-CUB.png")
        api.close()


def test_article_page_and_untrusted_evidence_stay_text(page, tmp_path):
    """Evidence containing markup is shown as text (no script runs); /article/{id} opens directly."""
    store = make_store(tmp_path / "small.duckdb")
    with RunningServer(store) as server:
        page.goto(server.url + "/")
        pick(page, "dyad", "CUB", "USA")
        page.wait_for_selector("#events-table tbody tr[data-event-id]")
        texts = page.locator("#events-table td.evidence").all_text_contents()
        assert "Cuba accused Washington of <script>alert(1)</script> lies." in texts
        assert page.locator("#events-table script").count() == 0

        article_id = httpx.get(server.url + "/api/events", params={"code": "112"}).json()["events"][0]["article_id"]
        page.goto(f"{server.url}/article/{article_id}")
        page.wait_for_selector("#article-text mark")
        assert "<script>alert(1)</script>" in page.text_content("#article-text")
        assert page.locator("#article-text script").count() == 0


def test_chromium_is_debian_not_a_playwright_download():
    assert shutil.which(str(CHROMIUM)) and not str(CHROMIUM).startswith(str(Path.home()))
