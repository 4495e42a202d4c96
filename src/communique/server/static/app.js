// communique dashboard: picks a dyad or a country and a period, then draws the timeline,
// the network, the summary and the evidence table from the JSON API. Every piece of data is
// put into the page with textContent / DOM nodes, never as HTML (evidence is untrusted text).
"use strict";

const QUADS = {
  "1": { name: "verbal cooperation", color: "#7fb3d5" },
  "2": { name: "material cooperation", color: "#1f618d" },
  "3": { name: "verbal conflict", color: "#f0b27a" },
  "4": { name: "material conflict", color: "#b03a2e" },
};
const PAGE_SIZE = 25;
const state = { page: 1, query: null };

function $(id) { return document.getElementById(id); }

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

function setMessage(text, isError) {
  const m = $("message");
  m.textContent = text || "";
  m.classList.toggle("error", Boolean(isError));
}

class ApiError extends Error {}

async function api(path, params) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  }
  let response;
  try {
    response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  } catch (err) {
    throw new ApiError("the server cannot be reached");
  }
  let body = null;
  try { body = await response.json(); } catch (err) { body = null; }
  if (!response.ok) {
    const detail = body && typeof body.detail === "string" ? body.detail : `HTTP ${response.status}`;
    throw new ApiError(detail);
  }
  return body;
}

function fmt(x, digits) {
  if (x === null || x === undefined) return "–";
  return typeof x === "number" ? x.toFixed(digits === undefined ? 2 : digits) : String(x);
}

// ------------------------------------------------------------------ controls

async function loadCountries() {
  let countries;
  try {
    countries = await api("/api/countries");
  } catch (err) {
    setMessage(`Cannot load the countries: ${err.message}`, true);
    return false;
  }
  if (!countries.length) {
    setMessage("This store has no events yet: code some articles with 'communique code'.");
    return false;
  }
  for (const id of ["country-a", "country-b"]) {
    const select = $(id);
    clear(select);
    for (const c of countries) {
      select.appendChild(el("option", `${c.code} – ${c.name} (${c.events})`, { value: c.code }));
    }
  }
  $("country-a").value = countries[0].code;
  $("country-b").value = countries.length > 1 ? countries[1].code : countries[0].code;
  setMessage("Pick a dyad or a country and a period, then press Show.");
  return true;
}

function readControls() {
  return {
    mode: $("mode").value,
    a: $("country-a").value,
    b: $("country-b").value,
    since: $("since").value || null,
    until: $("until").value || null,
    freq: $("freq").value,
  };
}

function periodText(q) {
  if (q.since && q.until) return `from ${q.since} to ${q.until}`;
  if (q.since) return `since ${q.since}`;
  if (q.until) return `until ${q.until}`;
  return "in this store";
}

function showSections(visible) {
  for (const id of ["summary-section", "timeline-section", "network-section", "events-section"]) {
    $(id).hidden = !visible;
  }
}

// ------------------------------------------------------------------ dyad view

async function showDyad(q) {
  const dyad = `${q.a}-${q.b}`;
  const period = { since: q.since, until: q.until };
  const [summary, timeline, network] = await Promise.all([
    api(`/api/dyads/${encodeURIComponent(dyad)}/summary`, period),
    api(`/api/dyads/${encodeURIComponent(dyad)}/timeline`, { ...period, freq: q.freq }),
    api("/api/network", period),
  ]);
  if (!summary.events) {
    showSections(false);
    setMessage(`No events for ${dyad} ${periodText(q)}.`);
    return;
  }
  setMessage("");
  showSections(true);
  renderDyadSummary(summary);
  renderTimeline(timeline.points, `${dyad}, per ${q.freq}`);
  renderNetwork(network, [q.a, q.b]);
  state.query = { dyad, since: q.since, until: q.until };
  state.page = 1;
  await loadEvents();
}

function renderDyadSummary(s) {
  $("summary-title").textContent = `${s.dyad}: summary`;
  const box = $("summary");
  clear(box);
  const dl = el("dl", null, { class: "summary" });
  const types = s.top_types.map((t) => `${t.plover || "?"} (${t.cameo_root}) ×${t.n}`).join(", ");
  const rows = [
    ["events", `${s.events} unique events${s.undated ? ` (${s.undated} undated)` : ""}`],
    ["first / last", `${fmt(s.first_date)} / ${fmt(s.last_date)}`],
    ["cooperation / conflict", `${s.cooperation} / ${s.conflict} (balance ${fmt(s.balance)})`],
    ["mean Goldstein", fmt(s.goldstein_mean)],
    ["trend", `${s.trend_direction} (last ${s.trend.length} ${s.trend_freq}s)`],
    ["top types", types || "–"],
  ];
  for (const [k, v] of rows) { dl.appendChild(el("dt", k)); dl.appendChild(el("dd", v)); }
  box.appendChild(dl);
  if (s.key_events.length) {
    box.appendChild(el("h3", "Key events"));
    const ul = el("ul", null, { class: "key-events" });
    for (const e of s.key_events) {
      const li = el("li");
      li.appendChild(el("strong", `${fmt(e.date)} ${e.source || "?"} → ${e.target || "?"} ${e.cameo} ${e.plover || ""} `));
      li.appendChild(el("span", `(${fmt(e.goldstein, 1)}, ${e.num_mentions} mentions) `));
      li.appendChild(el("q", e.evidence || ""));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(articleLink(e.article_id, null));
      ul.appendChild(li);
    }
    box.appendChild(ul);
  }
}

// ------------------------------------------------------------------ country view

async function showCountry(q) {
  const period = { since: q.since, until: q.until };
  const [partners, network] = await Promise.all([
    api(`/api/countries/${encodeURIComponent(q.a)}/partners`, period),
    api("/api/network", { ...period, country: q.a }),
  ]);
  if (!partners.partners.length) {
    showSections(false);
    setMessage(`No events for ${q.a} ${periodText(q)}.`);
    return;
  }
  setMessage("");
  showSections(true);
  $("timeline-section").hidden = true;
  renderPartners(q.a, partners.partners);
  renderNetwork(network, [q.a]);
  state.query = { country: q.a, since: q.since, until: q.until };
  state.page = 1;
  await loadEvents();
}

function renderPartners(country, rows) {
  $("summary-title").textContent = `${country}: partners by volume`;
  const box = $("summary");
  clear(box);
  const table = el("table", null, { id: "partners-table" });
  const head = el("tr");
  for (const h of ["partner", "events", "cooperation", "conflict", "mean Goldstein", "cooperation score"]) {
    head.appendChild(el("th", h));
  }
  table.appendChild(el("thead")).appendChild(head);
  const body = table.appendChild(el("tbody"));
  for (const p of rows) {
    const tr = el("tr");
    tr.appendChild(el("td", `${p.country} – ${p.name}`));
    for (const v of [p.events, p.cooperation, p.conflict]) tr.appendChild(el("td", v, { class: "num" }));
    tr.appendChild(el("td", fmt(p.goldstein_mean), { class: "num" }));
    tr.appendChild(el("td", fmt(p.cooperation_score), { class: "num" }));
    body.appendChild(tr);
  }
  box.appendChild(table);
}

// ------------------------------------------------------------------ charts

function renderTimeline(points, title) {
  const x = points.map((p) => p.period);
  const traces = Object.entries(QUADS).map(([k, quad]) => ({
    type: "bar", name: quad.name, x, y: points.map((p) => p.quad[k] || 0), marker: { color: quad.color },
  }));
  traces.push({
    type: "scatter", mode: "lines+markers", name: "mean Goldstein", x, yaxis: "y2",
    y: points.map((p) => p.goldstein_mean), connectgaps: false, line: { color: "#333" },
  });
  const layout = {
    barmode: "stack", title: { text: title, font: { size: 13 } }, margin: { t: 40, r: 50, l: 40, b: 40 },
    yaxis: { title: { text: "events" } },
    yaxis2: { title: { text: "mean Goldstein" }, overlaying: "y", side: "right", range: [-10, 10],
              tickvals: [-10, -5, 0, 5, 10], showgrid: false, zeroline: true },
    legend: { orientation: "h", y: -0.2 },
  };
  Plotly.react("timeline", traces, layout, { displaylogo: false, responsive: true });
}

function circleLayout(nodes) {
  const pos = {};
  const n = nodes.length;
  nodes.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / Math.max(n, 1);
    pos[node.id] = n === 1 ? [0, 0] : [Math.cos(angle), Math.sin(angle)];
  });
  return pos;
}

function renderNetwork(network, focus) {
  if (!network.nodes.length) {
    Plotly.purge("network");
    $("network").textContent = "No relations in this period.";
    return;
  }
  const pos = circleLayout(network.nodes);
  const maxEvents = Math.max(...network.edges.map((e) => e.events), 1);
  const traces = network.edges.map((e) => ({
    type: "scatter", mode: "lines", hoverinfo: "text", showlegend: false,
    x: [pos[e.source][0], pos[e.target][0]], y: [pos[e.source][1], pos[e.target][1]],
    text: `${e.source}–${e.target}: ${e.events} events, mean Goldstein ${fmt(e.goldstein_mean)}`,
    line: { width: 1 + (6 * e.events) / maxEvents, color: (e.goldstein_mean || 0) >= 0 ? "#5d8aa8" : "#c0392b" },
  }));
  const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];
  traces.push({
    type: "scatter", mode: "markers+text", showlegend: false, hoverinfo: "text",
    x: network.nodes.map((nd) => pos[nd.id][0]), y: network.nodes.map((nd) => pos[nd.id][1]),
    text: network.nodes.map((nd) => nd.id), textposition: "top center",
    hovertext: network.nodes.map((nd) => `${nd.name}: ${nd.events} events, community ${nd.community}`),
    marker: {
      size: network.nodes.map((nd) => 12 + Math.min(30, Math.sqrt(nd.events) * 3)),
      color: network.nodes.map((nd) => palette[nd.community % palette.length]),
      line: { width: network.nodes.map((nd) => (focus.includes(nd.id) ? 3 : 0)), color: "#000" },
    },
  });
  const axis = { visible: false, range: [-1.4, 1.4] };
  Plotly.react("network", traces, { margin: { t: 10, r: 10, l: 10, b: 10 }, xaxis: axis, yaxis: axis,
    hovermode: "closest" }, { displaylogo: false, responsive: true });
}

// ------------------------------------------------------------------ events table

function articleLink(articleId, eventId) {
  const href = `/article/${encodeURIComponent(articleId)}` + (eventId ? `#${encodeURIComponent(eventId)}` : "");
  const a = el("a", "article", { href, class: "article-link" });
  a.addEventListener("click", (ev) => {
    ev.preventDefault();
    showArticle(articleId, eventId);
  });
  return a;
}

async function loadEvents() {
  let page;
  try {
    page = await api("/api/events", { ...state.query, page: state.page, page_size: PAGE_SIZE });
  } catch (err) {
    setMessage(`Cannot load the events: ${err.message}`, true);
    return;
  }
  const body = $("events-table").querySelector("tbody");
  clear(body);
  $("events-title").textContent = `Events (${page.total} mentions)`;
  if (!page.events.length) {
    const tr = el("tr");
    tr.appendChild(el("td", "No events on this page.", { colspan: "8" }));
    body.appendChild(tr);
  }
  for (const e of page.events) {
    const tr = el("tr", null, { "data-event-id": e.id });
    tr.appendChild(el("td", fmt(e.date)));
    tr.appendChild(el("td", e.source_code || "–", { title: e.source_name || "" }));
    tr.appendChild(el("td", e.cameo));
    tr.appendChild(el("td", e.target_code || "–", { title: e.target_name || "" }));
    tr.appendChild(el("td", `${e.plover || ""}${e.plover_mode ? "/" + e.plover_mode : ""}`));
    tr.appendChild(el("td", fmt(e.goldstein, 1), { class: "num" }));
    tr.appendChild(el("td", e.evidence || "", { class: "evidence" }));
    const td = el("td");
    td.appendChild(articleLink(e.article_id, e.id));
    tr.appendChild(td);
    body.appendChild(tr);
  }
  $("page-info").textContent = `page ${page.page} of ${Math.max(page.pages, 1)}`;
  $("prev-page").disabled = page.page <= 1;
  $("next-page").disabled = page.page >= page.pages;
}

// ------------------------------------------------------------------ article view

async function showArticle(articleId, eventId) {
  let article;
  try {
    article = await api(`/api/articles/${encodeURIComponent(articleId)}`);
  } catch (err) {
    setMessage(`Cannot show the article: ${err.message}`, true);
    return;
  }
  $("article-section").hidden = false;
  $("article-title").textContent = article.title || `Article ${article.id}`;
  const meta = [article.date, article.source, article.dateline].filter(Boolean).join(" · ");
  $("article-meta").textContent = `${meta}${meta ? " · " : ""}${article.events.length} events`;
  const box = $("article-text");
  clear(box);
  let focus = null;
  for (const seg of article.segments) {
    if (!seg.event_ids.length) {
      box.appendChild(document.createTextNode(seg.text));
      continue;
    }
    const mark = el("mark", seg.text, { title: `${seg.event_ids.length} event(s)` });
    if (eventId && seg.event_ids.includes(eventId)) {
      mark.classList.add("focus");
      focus = focus || mark;
    }
    box.appendChild(mark);
  }
  (focus || $("article-section")).scrollIntoView({ block: "center" });
}

// ------------------------------------------------------------------ wiring

async function show(ev) {
  if (ev) ev.preventDefault();
  const q = readControls();
  if (q.mode === "dyad" && q.a === q.b) {
    showSections(false);
    setMessage("Pick two different countries for a dyad.");
    return;
  }
  setMessage("Loading…");
  try {
    if (q.mode === "dyad") await showDyad(q);
    else await showCountry(q);
  } catch (err) {
    showSections(false);
    setMessage(err instanceof ApiError ? err.message : "Something went wrong while drawing the page.", true);
  }
}

function syncMode() {
  const dyad = $("mode").value === "dyad";
  $("country-b-label").hidden = !dyad;
}

async function main() {
  $("controls").addEventListener("submit", show);
  $("mode").addEventListener("change", syncMode);
  $("prev-page").addEventListener("click", () => { state.page -= 1; loadEvents(); });
  $("next-page").addEventListener("click", () => { state.page += 1; loadEvents(); });
  $("close-article").addEventListener("click", () => { $("article-section").hidden = true; });
  syncMode();
  const ready = await loadCountries();
  const match = window.location.pathname.match(/^\/article\/([^/]+)$/);
  if (ready && match) {
    const eventId = window.location.hash ? decodeURIComponent(window.location.hash.slice(1)) : null;
    await showArticle(decodeURIComponent(match[1]), eventId);
  }
}

document.addEventListener("DOMContentLoaded", main);
