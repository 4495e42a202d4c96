"""Self-contained HTML reports of relations: ``communique report``.

Usage::

    communique report --dyad CUB-VNM [--from 2021-01-01 --to 2021-12-31] -o cuba-vietnam.html
    communique report --country CUB -o cuba.html

    from communique.report import dyad_report, country_report
    html = dyad_report(store, "CUB", "VNM", since=None, until=None)

A report is ONE HTML file that opens without a network: plotly's JavaScript (from the
``plotly`` Python package, :func:`plotly.offline.get_plotlyjs`) and the data are inlined, and
there is no external script, stylesheet, font or image.

- **Dyad report**: the summary of :func:`communique.analysis.dyad_summary` (counts, balance,
  trend, top event types); the timeline (unique events per period stacked by quad class, mean
  Goldstein score as a line on a second axis; the period length follows the dyad's span); the
  network around the two countries (their partners and the links among them, positions from a
  seeded networkx spring layout, colours by community); and the evidence table of the most
  important events (date, source, CAMEO code, target, evidence sentence, mentions).
- **Country report**: the partners ranked by volume with their cooperation and conflict counts
  and cooperation score, a partners chart, the country's ego network, and the evidence table of
  the key events with its main partners.

Every text from the store (evidence sentences come from untrusted articles, and so do names and
titles) is escaped with :func:`html.escape`; chart data is embedded as JSON with ``<``, ``>``
and ``&`` escaped, so no article text can close the ``<script>`` element that holds it.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from communique import analysis as an
from communique.store import Store

__all__ = ["busiest_dyad", "country_report", "demo_report", "dyad_report", "network_figure", "partners_figure",
           "timeline_figure", "write_report"]

EVIDENCE_ROWS = 100  # key events listed in a dyad report
COUNTRY_PARTNERS = 20  # partners listed in a country report
COUNTRY_EVIDENCE_PARTNERS = 5  # partners whose key events a country report lists
COUNTRY_EVIDENCE_ROWS = 10  # key events per such partner
NETWORK_MAX_NODES = 40  # a report's network keeps the centre and its busiest neighbours only
LAYOUT_SEED = 7

QUAD_COLOURS = {1: "#6baed6", 2: "#2171b5", 3: "#fd8d3c", 4: "#cb181d"}
COMMUNITY_COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1100px;
       color: #222; padding: 0 1rem; }
h1 { margin-bottom: .2rem; } .sub { color: #666; margin-top: 0; }
.cards { display: flex; flex-wrap: wrap; gap: .8rem; margin: 1rem 0; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: .6rem .9rem; min-width: 8rem; }
.card b { display: block; font-size: 1.4rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #e5e5e5; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f6f6; } td.num { text-align: right; white-space: nowrap; } td.nowrap { white-space: nowrap; }
.chart { width: 100%; height: 420px; } .empty { color: #777; font-style: italic; }
footer { color: #888; font-size: .8rem; margin-top: 2rem; }
"""


# --------------------------------------------------------------------------------------------
# small HTML helpers


def _e(value: Any) -> str:
    """Escaped text of a value ("" for None)."""
    return "" if value is None else html.escape(str(value), quote=True)


def _number(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:+.{digits}f}"


def _cards(items: list[tuple[str, Any]]) -> str:
    return '<div class="cards">' + "".join(
        f'<div class="card"><b>{_e(v)}</b>{_e(label)}</div>' for label, v in items) + "</div>"


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    """An HTML table; ``rows`` hold already escaped cell HTML."""
    if not rows:
        return '<p class="empty">No events.</p>'
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td class="{"num" if i in numeric else "nowrap" if i == 0 else ""}">{c}</td>'
                         for i, c in enumerate(row)) + "</tr>"
        for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _script_json(fig: go.Figure) -> str:
    """The figure as JSON that is safe inside a <script> element."""
    text = fig.to_json()
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _chart(div_id: str, fig: go.Figure | None, empty: str) -> str:
    if fig is None:
        return f'<p class="empty">{_e(empty)}</p>'
    return (f'<div id="{div_id}" class="chart"></div>\n<script>(function () {{ var f = {_script_json(fig)}; '
            f'Plotly.newPlot("{div_id}", f.data, f.layout, {{displaylogo: false, responsive: true}}); }})();</script>')


def _page(title: str, subtitle: str, body: str) -> str:
    generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n"
        f"<script>{get_plotlyjs()}</script>\n</head>\n<body>\n"
        f"<h1>{_e(title)}</h1>\n<p class=\"sub\">{_e(subtitle)}</p>\n{body}\n"
        f"<footer>communique report, generated {_e(generated)}. Counts are of unique events (an event "
        "reported by several articles counts once); quad classes: 1 verbal cooperation, 2 material "
        "cooperation, 3 verbal conflict, 4 material conflict.</footer>\n</body>\n</html>\n"
    )


def _period_text(since: dt.date | None, until: dt.date | None) -> str:
    if since is None and until is None:
        return "all dates"
    return f"{since or 'start'} to {until or 'end'}"


def _label(code: str) -> str:
    name = an.country_name(code)
    return code if name == code else f"{name} ({code})"


# --------------------------------------------------------------------------------------------
# charts


def timeline_figure(timeline: list[dict[str, Any]], freq: str) -> go.Figure | None:
    """Stacked bars of unique events per quad class and a mean Goldstein line (None if empty)."""
    if not any(p["events"] for p in timeline):
        return None
    periods = [p["period"].isoformat() for p in timeline]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    for quad, name in an.QUAD_NAMES.items():
        fig.add_trace(go.Bar(x=periods, y=[p["quad"][str(quad)] for p in timeline], name=f"{quad} {name}",
                             marker_color=QUAD_COLOURS[quad]), secondary_y=False)
    fig.add_trace(go.Scatter(x=periods, y=[p["goldstein_mean"] for p in timeline], name="mean Goldstein",
                             mode="lines+markers", connectgaps=False, line={"color": "#333"}), secondary_y=True)
    fig.update_layout(barmode="stack", template="plotly_white", margin={"l": 50, "r": 50, "t": 30, "b": 40},
                      legend={"orientation": "h", "y": -0.15}, title={"text": f"Events per {freq}"})
    fig.update_yaxes(title_text="unique events", secondary_y=False)
    fig.update_yaxes(title_text="mean Goldstein", range=[-10, 10], secondary_y=True)
    return fig


def _edge_trace(edges: list[dict[str, Any]], pos: dict[str, tuple[float, float]], name: str,
                colour: str) -> go.Scatter:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for e in edges:
        (x0, y0), (x1, y1) = pos[e["source"]], pos[e["target"]]
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    return go.Scatter(x=xs, y=ys, mode="lines", name=name, hoverinfo="skip", line={"color": colour, "width": 1.5})


def network_figure(network: dict[str, Any]) -> go.Figure | None:
    """Countries as nodes (size: events, colour: community), edges coloured by mean Goldstein."""
    if not network["edges"]:
        return None
    pos = an.layout_network(network, seed=LAYOUT_SEED)
    groups = (("cooperative (mean Goldstein > 1)", "#2171b5", lambda g: g > 1),
              ("neutral", "#bbbbbb", lambda g: -1 <= g <= 1),
              ("conflictual (mean Goldstein < -1)", "#cb181d", lambda g: g < -1))
    fig = go.Figure()
    for name, colour, keep in groups:
        part = [e for e in network["edges"] if keep(e["goldstein_mean"] or 0.0)]
        if part:
            fig.add_trace(_edge_trace(part, pos, name, colour))
    nodes = network["nodes"]
    biggest = max(n["events"] for n in nodes) or 1
    fig.add_trace(go.Scatter(
        x=[pos[n["id"]][0] for n in nodes], y=[pos[n["id"]][1] for n in nodes], mode="markers+text",
        text=[n["id"] for n in nodes], textposition="top center", name="countries",
        hovertext=[f"{n['name']} ({n['id']}): {n['events']} events, community {n['community']}" for n in nodes],
        hoverinfo="text",
        marker={"size": [10 + 40 * math.sqrt(n["events"] / biggest) for n in nodes],
                "color": [COMMUNITY_COLOURS[n["community"] % len(COMMUNITY_COLOURS)] for n in nodes],
                "line": {"color": "#fff", "width": 1}}))
    fig.update_layout(template="plotly_white", showlegend=True, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      title={"text": "Relations network"}, legend={"orientation": "h", "y": -0.05},
                      xaxis={"visible": False}, yaxis={"visible": False})
    return fig


def partners_figure(rows: list[dict[str, Any]]) -> go.Figure | None:
    """Horizontal bars: cooperation and conflict events per partner."""
    if not rows:
        return None
    names = [r["country"] for r in rows][::-1]
    fig = go.Figure()
    fig.add_trace(go.Bar(y=names, x=[r["cooperation"] for r in rows][::-1], orientation="h",
                         name="cooperation (quad 1+2)", marker_color=QUAD_COLOURS[2]))
    fig.add_trace(go.Bar(y=names, x=[r["conflict"] for r in rows][::-1], orientation="h",
                         name="conflict (quad 3+4)", marker_color=QUAD_COLOURS[4]))
    fig.update_layout(barmode="stack", template="plotly_white", title={"text": "Partners by volume"},
                      margin={"l": 60, "r": 20, "t": 30, "b": 40}, legend={"orientation": "h", "y": -0.1})
    return fig


# --------------------------------------------------------------------------------------------
# sections


def _neighbourhood(network: dict[str, Any], centres: set[str]) -> dict[str, Any]:
    """The part of a network around ``centres``: their neighbours and the edges among all of them."""
    near = set(centres)
    for e in network["edges"]:
        if e["source"] in centres or e["target"] in centres:
            near |= {e["source"], e["target"]}
    neighbours = [n["id"] for n in network["nodes"] if n["id"] in near - centres]  # busiest first
    keep = centres | set(neighbours[:NETWORK_MAX_NODES])
    return {"nodes": [n for n in network["nodes"] if n["id"] in keep],
            "edges": [e for e in network["edges"] if e["source"] in keep and e["target"] in keep]}


def _evidence_rows(events: list[dict[str, Any]]) -> list[list[str]]:
    ordered = sorted(events, key=lambda k: (k["date"] is None, k["date"] or dt.date.min, k["event_key"]))
    return [[_e(k["date"] or "undated"), _e(k["source"]), f"{_e(k['cameo'])} {_e(k['plover'])}", _e(k["target"]),
             _e(_number(k["goldstein"], 1)), _e(k["evidence"]),
             _e(f"{k['num_mentions']} / {k['num_articles']}")] for k in ordered]


def _evidence_section(title: str, events: list[dict[str, Any]]) -> str:
    headers = ["date", "source", "code", "target", "Goldstein", "evidence", "mentions / articles"]
    return f"<h2>{_e(title)}</h2>\n" + _table(headers, _evidence_rows(events), numeric={4, 6})


def _summary_section(s: dict[str, Any]) -> str:
    cards = _cards([
        ("unique events", s["events"]),
        ("first", s["first_date"] or "–"), ("last", s["last_date"] or "–"),
        ("cooperation (quad 1+2)", s["cooperation"]), ("conflict (quad 3+4)", s["conflict"]),
        ("balance", _number(s["balance"])), ("mean Goldstein", _number(s["goldstein_mean"])),
        (f"trend (last {s['trend_freq']}s)", s["trend_direction"]),
    ])
    types = _table(["PLOVER type", "CAMEO root", "events"],
                   [[_e(t["plover"]), _e(t["cameo_root"]), _e(t["n"])] for t in s["top_types"]], numeric={2})
    return f"<h2>Summary</h2>\n{cards}\n<h3>Most frequent event types</h3>\n{types}"


def dyad_report(store: Store, a: str, b: str, *, since: dt.date | None = None,
                until: dt.date | None = None) -> str:
    """The HTML report of the relations between ``a`` and ``b`` (see the module docstring)."""
    summary = an.dyad_summary(store, a, b, since=since, until=until, top=EVIDENCE_ROWS)
    a, b = summary["dyad"].split("-")
    freq = an.pick_freq(since or summary["first_date"], until or summary["last_date"])
    timeline = an.dyad_timeline(store, a, b, freq=freq, since=since, until=until)
    network = _neighbourhood(an.relations_network(store, since=since, until=until), {a, b})
    body = "\n".join([
        _summary_section(summary),
        "<h2>Timeline</h2>", _chart("timeline", timeline_figure(timeline, freq), "No dated events in this period."),
        "<h2>Network</h2>", _chart("network", network_figure(network), "No relations in this period."),
        _evidence_section(f"Key events ({len(summary['key_events'])}, by date)", summary["key_events"]),
    ])
    title = f"{_label(a)} – {_label(b)} relations"
    return _page(title, f"{_period_text(since, until)} · {summary['events']} unique events", body)


def country_report(store: Store, country: str, *, since: dt.date | None = None,
                   until: dt.date | None = None) -> str:
    """The HTML partners view of one country (see the module docstring)."""
    rows = an.partners(store, country, since=since, until=until, limit=COUNTRY_PARTNERS)
    country = country.strip().upper()
    network = _neighbourhood(an.relations_network(store, since=since, until=until, country=country), {country})
    partner_rows = [[_e(r["country"]), _e(r["name"]), _e(r["events"]), _e(r["cooperation"]), _e(r["conflict"]),
                     _e(_number(r["goldstein_mean"])), _e(_number(r["cooperation_score"]))] for r in rows]
    sections = [
        f"<h2>Partners</h2>\n" + _table(
            ["code", "partner", "events", "cooperation", "conflict", "mean Goldstein", "cooperation score"],
            partner_rows, numeric={2, 3, 4, 5, 6}),
        _chart("partners", partners_figure(rows), "No partners in this period."),
        "<h2>Network</h2>", _chart("network", network_figure(network), "No relations in this period."),
    ]
    for r in rows[:COUNTRY_EVIDENCE_PARTNERS]:
        s = an.dyad_summary(store, country, r["country"], since=since, until=until, top=COUNTRY_EVIDENCE_ROWS)
        sections.append(_evidence_section(
            f"{_label(country)} – {_label(r['country'])}: key events (balance {_number(s['balance'])}, "
            f"trend {s['trend_direction']})", s["key_events"]))
    total = sum(r["events"] for r in rows)
    return _page(f"{_label(country)}: partners", f"{_period_text(since, until)} · {len(rows)} partners, "
                 f"{total} unique events with them", "\n".join(sections))


def write_report(store: Store, output: Path, *, dyad: str | None = None, country: str | None = None,
                 since: dt.date | None = None, until: dt.date | None = None) -> Path:
    """Write the dyad report (``dyad="CUB-VNM"``) or the country report to ``output``."""
    if (dyad is None) == (country is None):
        raise ValueError("give either a dyad (--dyad CUB-VNM) or a country (--country CUB), not both or neither")
    if dyad is not None:
        a, b = an.parse_dyad(dyad)
        text = dyad_report(store, a, b, since=since, until=until)
    else:
        text = country_report(store, country, since=since, until=until)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    return output


def busiest_dyad(store: Store) -> str | None:
    """The dyad with the most unique events ("AAA-BBB"), or None for a store without relations."""
    edges = an.relations_network(store)["edges"]
    return f"{edges[0]['source']}-{edges[0]['target']}" if edges else None



def demo_report(store: Store, output: Path) -> Path | None:
    """Write the report of the store's busiest dyad to ``output`` (None when it has no relations)."""
    dyad = busiest_dyad(store)
    return None if dyad is None else write_report(store, output, dyad=dyad)
