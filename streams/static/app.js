// The live timeline page. Every string that comes from an article is inserted with textContent
// (or escaped for plotly's hover labels): article text never becomes markup.
"use strict";

const FILTERS = ["from", "to", "q", "actor", "place", "source", "disputed"];
// a worker reachable beyond loopback needs its API token: it comes in the page's own URL
const TOKEN = new URLSearchParams(location.search).get("token");
function api(path, params) {
  const p = new URLSearchParams(params || "");
  if (TOKEN) p.set("token", TOKEN);
  const qs = p.toString();
  return qs ? `${path}?${qs}` : path;
}
const state = { entries: [], selected: null, lanes: "source", generation: null, drawnRevision: null };

function escapeHtml(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function currentParams() {
  const form = document.getElementById("filters");
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const input = form.elements[name];
    if (input.type === "checkbox") { if (input.checked) params.set(name, "true"); }
    else if (input.value) params.set(name, input.value);
  }
  return params;
}

function loadFiltersFromUrl() {
  const url = new URLSearchParams(location.search);
  const form = document.getElementById("filters");
  for (const name of FILTERS) {
    const input = form.elements[name];
    if (input.type === "checkbox") input.checked = url.get(name) === "true";
    else input.value = url.get(name) || "";
  }
  state.lanes = url.get("lanes") || "source";
  form.elements.lanes.value = state.lanes;
  state.selected = url.get("entry");
}

function saveUrl() {
  const params = currentParams();
  if (state.lanes !== "source") params.set("lanes", state.lanes);
  if (state.selected) params.set("entry", state.selected);
  if (TOKEN) params.set("token", TOKEN);
  const qs = params.toString();
  history.replaceState(null, "", qs ? `?${qs}` : location.pathname);
  const filters = currentParams();
  const csv = new URLSearchParams(filters); csv.set("format", "csv");
  const json = new URLSearchParams(filters); json.set("format", "json");
  document.getElementById("export-csv").href = api("/api/timeline", csv);
  document.getElementById("export-json").href = api("/api/timeline", json);
}

function whenText(e) {
  const s = e.start.slice(0, 10), end = new Date(new Date(e.end) - 1).toISOString().slice(0, 10);
  return s === end ? s : `${s} → ${end}`;
}

function laneValues(e) {
  if (state.lanes === "actor") return e.actors.length ? e.actors : ["(no actor)"];
  if (state.lanes === "place") return e.places.length ? e.places : ["(no place)"];
  const outlets = [...new Set(e.sources.map((s) => s.outlet || s.article_id))];
  return outlets.length ? outlets : ["(unknown)"];
}

function hoverText(e) {
  const outlets = [...new Set(e.sources.map((s) => s.outlet || s.article_id))].join(", ");
  const who = [...new Set(e.sources.map((s) => s.asserted_by).filter(Boolean))].join(", ");
  return [
    `<b>${escapeHtml(e.label)}</b>`,
    `${escapeHtml(whenText(e))} (${escapeHtml(e.granularity || "")})`,
    `${e.n_sources} source(s): ${escapeHtml(outlets)}`,
    who ? `asserted by: ${escapeHtml(who)}` : "",
    e.disputed ? "<b>disputed</b>" : "",
  ].filter(Boolean).join("<br>");
}

const COLORS = { hour: "#8e44ad", part_of_day: "#8e44ad", minute: "#8e44ad", day: "#2456c6", week: "#16a085",
  month: "#27ae60", quarter: "#d4a017", season: "#d4a017", year: "#e67e22", decade: "#c0392b", century: "#7f8c8d" };

// The date filter if there is one, else the span of the middle 90% of entries, so that one
// "since 2014" bar does not squeeze a week of events into a pixel.
function initialRange() {
  const params = currentParams();
  if (params.get("from") && params.get("to")) {
    const end = new Date(params.get("to")); end.setUTCDate(end.getUTCDate() + 1);
    return [params.get("from"), end.toISOString().slice(0, 10)];
  }
  const mids = state.entries.map((e) => (Date.parse(e.start) + Date.parse(e.end)) / 2).sort((a, b) => a - b);
  if (mids.length < 2) return undefined;
  const lo = mids[Math.floor(mids.length * 0.05)], hi = mids[Math.ceil(mids.length * 0.95) - 1];
  const pad = Math.max((hi - lo) * 0.05, 86400000);
  return [new Date(lo - pad).toISOString(), new Date(hi + pad).toISOString()];
}

function drawChart() {
  const bars = { base: [], x: [], y: [], text: [], ids: [], colors: [] };
  const points = { x: [], y: [], text: [], ids: [], sizes: [], colors: [] };
  const DAY = 86400000;
  for (const e of state.entries) {
    const start = new Date(e.start), end = new Date(e.end);
    for (const lane of laneValues(e)) {
      const color = COLORS[e.granularity] || "#2456c6";
      if (end - start <= DAY) {
        points.x.push(new Date((+start + +end) / 2).toISOString()); points.y.push(lane);
        points.text.push(hoverText(e)); points.ids.push(e.id);
        points.sizes.push(8 + 4 * Math.min(e.n_sources, 5)); points.colors.push(color);
      } else {
        bars.base.push(start.toISOString()); bars.x.push(end - start); bars.y.push(lane);
        bars.text.push(hoverText(e)); bars.ids.push(e.id); bars.colors.push(color);
      }
    }
  }
  const traces = [
    { type: "bar", orientation: "h", name: "intervals", base: bars.base, x: bars.x, y: bars.y,
      customdata: bars.ids, hovertext: bars.text, hoverinfo: "text", marker: { color: bars.colors, opacity: 0.55 } },
    { type: "scatter", mode: "markers", name: "days and times", x: points.x, y: points.y,
      customdata: points.ids, hovertext: points.text, hoverinfo: "text",
      marker: { size: points.sizes, color: points.colors, line: { width: 1, color: "#fff" } } },
  ];
  const chart = document.getElementById("chart");
  // a new filter resets the view; a live update keeps whatever the user zoomed to
  const revision = currentParams().toString();
  const keep = state.drawnRevision === revision && chart.layout && chart.layout.xaxis;
  const xrange = keep ? chart.layout.xaxis.range : initialRange();
  state.drawnRevision = revision;
  const layout = {
    uirevision: revision, barmode: "overlay", showlegend: false, margin: { l: 150, r: 20, t: 10, b: 40 },
    xaxis: { type: "date", rangeslider: { visible: true }, range: xrange }, yaxis: { automargin: true, type: "category" },
    hovermode: "closest",
  };
  Plotly.react(chart, traces, layout, { displaylogo: false, responsive: true });
  if (!chart.dataset.bound) {
    chart.on("plotly_click", (ev) => { if (ev.points.length) select(ev.points[0].customdata); });
    chart.dataset.bound = "1";
  }
}

function drawList() {
  const body = document.querySelector("#list tbody");
  body.replaceChildren();
  for (const e of state.entries) {
    const row = document.createElement("tr");
    row.tabIndex = 0; row.dataset.id = e.id;
    if (e.id === state.selected) row.classList.add("selected");
    row.append(el("td", whenText(e)), el("td", e.label), el("td", e.n_sources),
      el("td", [...new Set(e.sources.map((s) => s.outlet || s.article_id))].join(", ")),
      el("td", e.disputed ? "disputed" : ""));
    row.addEventListener("click", () => select(e.id));
    row.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(e.id); } });
    body.append(row);
  }
}

function drawPanel() {
  const panel = document.getElementById("panel");
  const e = state.entries.find((x) => x.id === state.selected);
  if (!e) { panel.hidden = true; return; }
  const body = document.getElementById("panel-body");
  body.replaceChildren(el("h2", e.label), el("p", `${whenText(e)} · ${e.granularity || ""} · ${e.value}`));
  if (e.actors.length) body.append(el("p", `actors: ${e.actors.join(", ")}`));
  if (e.places.length) body.append(el("p", `places: ${e.places.join(", ")}`));
  for (const d of e.disagreements || []) body.append(el("p", d, "disagreement"));
  for (const s of e.sources) {
    const box = el("div", null, "source");
    box.append(el("blockquote", s.sentence));
    const meta = el("div", null, "meta");
    meta.append(el("span", `${s.outlet || "unknown outlet"} · ${s.title || s.article_id} · published ${s.published_at ? s.published_at.slice(0, 10) : "?"} (${s.published_at_source}) · ${s.modality}${s.asserted_by ? " · asserted by " + s.asserted_by : ""} `));
    if (s.url && /^https?:\/\//.test(s.url)) {
      const a = el("a", "link"); a.href = s.url; a.rel = "noopener noreferrer"; a.target = "_blank"; meta.append(a);
    }
    box.append(meta);
    body.append(box);
  }
  panel.hidden = false;
}

function select(id) {
  state.selected = id; saveUrl(); drawList(); drawPanel();
}

async function refresh() {
  const resp = await fetch(api("/api/timeline", currentParams()));
  if (!resp.ok) { document.getElementById("summary").textContent = `error ${resp.status}`; return; }
  const body = await resp.json();
  state.entries = body.entries;
  document.getElementById("summary").textContent =
    `${body.count} entries${body.partial ? " (partial: a worker did not answer)" : ""}`;
  drawChart(); drawList(); drawPanel();
  document.body.dataset.generation = String(state.generation ?? "");
}

function connect() {
  const status = document.getElementById("status");
  const source = new EventSource(api("/api/stream"));
  source.addEventListener("open", () => { status.textContent = "live"; status.className = "status live"; });
  const onChange = (ev) => { state.generation = ev.data; refresh(); };
  source.addEventListener("hello", onChange);
  source.addEventListener("change", onChange);
  source.addEventListener("error", () => {
    status.textContent = "reconnecting…"; status.className = "status offline";
  });
}

document.getElementById("filters").addEventListener("submit", (ev) => {
  ev.preventDefault(); state.lanes = ev.target.elements.lanes.value; saveUrl(); refresh();
});
document.getElementById("clear").addEventListener("click", () => {
  document.getElementById("filters").reset(); state.lanes = "source"; saveUrl(); refresh();
});
document.getElementById("close-panel").addEventListener("click", () => select(null));
loadFiltersFromUrl(); saveUrl(); refresh(); connect();
