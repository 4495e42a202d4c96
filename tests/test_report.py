"""Tests for communique.report and the 'report' and 'demo' commands."""

from __future__ import annotations

import html
import re

import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs
from relations_data import CONSULT_EVIDENCE, ROWS, SCRIPT_EVIDENCE, build_relations_store
from typer.testing import CliRunner

from communique import report
from communique.cli import EXIT_STORE, app
from communique.store import Store

runner = CliRunner()
REMOTE_SOURCE = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.I)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_relations_store(tmp_path_factory.mktemp("report") / "rel.duckdb")


def _run_report(db, out, *args):
    result = runner.invoke(app, ["report", "--db", str(db), "-o", str(out), *args])
    return result, (out.read_text(encoding="utf-8") if out.exists() else "")


def assert_self_contained(page: str) -> None:
    assert not REMOTE_SOURCE.search(page), REMOTE_SOURCE.search(page).group(0)
    assert get_plotlyjs()[:2000] in page  # plotly.js itself is inlined
    assert page.count("Plotly.newPlot(") >= 2


def test_dyad_report_is_self_contained_and_shows_the_events(db, tmp_path):
    result, page = _run_report(db, tmp_path / "cub-vnm.html", "--dyad", "cub-vnm")
    assert result.exit_code == 0, result.output
    assert str(tmp_path / "cub-vnm.html") in result.output
    assert_self_contained(page)
    assert "Cuba (CUB) – Vietnam (VNM) relations" in page
    for text in [CONSULT_EVIDENCE.format(n=1), "Hanoi shipped 5,000 tonnes of rice to Havana as aid.",
                 "Havana and Hanoi signed a trade agreement.", "Havana said it will meet Hanoi's leaders soon."]:
        assert html.escape(text) in page, text
    assert "failed to meet" not in page  # negated events are not relations
    assert "Moscow detained" not in page  # another dyad
    assert 'id="timeline"' in page and 'id="network"' in page
    assert "worsening" in page and "3 / 3" in page  # trend word; mentions / articles of the consultation


def test_untrusted_text_is_escaped(db, tmp_path):
    _, page = _run_report(db, tmp_path / "r.html", "--dyad", "CUB-VNM")
    assert html.escape(SCRIPT_EVIDENCE) in page
    assert "<script>alert" not in page
    fig = go.Figure(go.Scatter(x=[1], y=[1], text=["</script><script>alert(1)</script>"]))
    assert "</script>" not in report._script_json(fig) and "<" not in report._script_json(fig)


def test_date_range_and_empty_state(db, tmp_path):
    result, page = _run_report(db, tmp_path / "sep.html", "--dyad", "CUB-VNM", "--from", "2021-09-01",
                               "--to", "2021-09-30")
    assert result.exit_code == 0, result.output
    assert "Havana and Hanoi signed a trade agreement." in page
    assert "Hanoi shipped" not in page and "2021-09-01 to 2021-09-30" in page
    _, empty = _run_report(db, tmp_path / "empty.html", "--dyad", "CUB-VNM", "--from", "2030-01-01")
    assert "No dated events in this period." in empty and "No events." in empty


def test_country_report_lists_partners_with_evidence(db, tmp_path):
    result, page = _run_report(db, tmp_path / "cub.html", "--country", "CUB")
    assert result.exit_code == 0, result.output
    assert_self_contained(page)
    assert "Cuba (CUB): partners" in page
    for code, name in [("VNM", "Vietnam"), ("RUS", "Russia"), ("MEX", "Mexico"), ("USA", "United States")]:
        assert f"<td class=\"nowrap\">{code}</td><td class=\"\">{name}</td>" in page
    assert "Cuba (CUB) – Russia (RUS): key events" in page
    assert html.escape(ROWS[1][-1]) in page  # Moscow detained a Cuban trade delegation


@pytest.mark.parametrize("args, message", [
    (["--dyad", "CUB"], "dyad must look like"),
    (["--dyad", "CUB-XQZ"], "unknown country code 'XQZ'"),
    (["--country", "CUB", "--dyad", "CUB-VNM"], "not both or neither"),
    ([], "not both or neither"),
    (["--country", "CUB", "--from", "2021-13-01"], "is not a date"),
    (["--country", "CUB", "--from", "2022-01-01", "--to", "2021-01-01"], "is after until"),
])
def test_bad_input_is_a_usage_error(db, tmp_path, args, message):
    result, page = _run_report(db, tmp_path / "bad.html", *args)
    assert result.exit_code == 2 and page == ""
    assert message in " ".join(result.output.split()).replace("│ ", "").replace(" │", "")


def test_missing_store(tmp_path):
    result, _ = _run_report(tmp_path / "none.duckdb", tmp_path / "r.html", "--country", "CUB")
    assert result.exit_code == EXIT_STORE


def test_demo_report_picks_the_busiest_dyad(db, tmp_path):
    with Store(db, read_only=True) as store:
        assert report.busiest_dyad(store) == "CUB-VNM"
        path = report.demo_report(store, tmp_path / "demo.html")
    assert path == tmp_path / "demo.html" and "Cuba (CUB) – Vietnam (VNM) relations" in path.read_text("utf-8")
    with Store(":memory:") as empty:
        assert report.demo_report(empty, tmp_path / "none.html") is None


def test_demo_command_writes_the_report(tmp_path):
    result = runner.invoke(app, ["demo", "--db", str(tmp_path / "demo.duckdb")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "demo.html").read_text(encoding="utf-8")
    assert "report of the busiest dyad" in result.output and str(tmp_path / "demo.html") in result.output
    assert_self_contained(page)
    assert "Indonesia (IDN) – Vietnam (VNM) relations" in page  # the state visit of examples/01


def test_seed_report_shows_cuba_russia_and_cuba_vietnam(shared_dir, tmp_path):
    db = tmp_path / "seeds.duckdb"
    coded = runner.invoke(app, ["code", str(shared_dir / "seeds"), "--db", str(db)])
    assert coded.exit_code == 0, coded.output
    result, page = _run_report(db, tmp_path / "cub.html", "--country", "CUB")
    assert result.exit_code == 0, result.output
    assert_self_contained(page)
    assert "Cuba (CUB) – Vietnam (VNM): key events" in page and "Cuba (CUB) – Russia (RUS): key events" in page
    assert "cooperation agreements" in page  # the signing witnessed by the two presidents in 2021
    assert "The trip of the Cuban statesman to Russia" in page
    _, dyad = _run_report(db, tmp_path / "cub-vnm.html", "--dyad", "CUB-VNM")
    assert "Cuba (CUB) – Vietnam (VNM) relations" in dyad and "rice" in dyad
