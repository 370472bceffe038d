// redline explorer: the page's behaviour. Written by hand, no framework,
// nothing fetched but this origin's API. The page's whole state lives in
// its address (the same query keys as the API and the command line's
// flags), so the address is the permalink and the downloads carry it.
"use strict";

const DEBOUNCE_MS = 250;

// The page's state: what the address says.
const state = {
  scenario: "",
  params: "fitted",
  sets: [], // "key=value", one per key
  assume: [], // "outcome@date"
  compare: [],
  runs: 10000,
  seed: 42,
  run: null, // the traced run, when one is shown
  outcome: null, // the tornado's outcome, when one is shown
  tornado: "4,200", // its Morris trajectories and runs per point
};

let described = null; // the last /api/scenario answer
let forecastTimer = null;
let forecastAbort = null;
let forecastCount = 0;
// Each answer that arrives late is dropped when a newer question was asked.
let describeCount = 0;
let traceCount = 0;
let tornadoCount = 0;

const $ = (id) => document.getElementById(id);

function readAddress() {
  const q = new URLSearchParams(location.search);
  state.scenario = q.get("scenario") || "";
  state.params = q.get("params") === "judgment" ? "judgment" : "fitted";
  state.sets = q.getAll("set");
  state.assume = q.getAll("assume");
  state.compare = q.getAll("compare").flatMap((c) => c.split(",")).map((s) => s.trim()).filter(Boolean);
  const runs = parseInt(q.get("runs"), 10);
  state.runs = Number.isFinite(runs) ? runs : 10000;
  const seed = q.get("seed");
  state.seed = seed !== null && /^\d+$/.test(seed) ? seed : 42;
  const run = q.get("run");
  state.run = run !== null && /^\d+$/.test(run) ? run : null;
  state.outcome = q.get("outcome");
  const samples = q.get("samples");
  const runsPerPoint = q.get("sensitivity_runs");
  if (samples !== null && runsPerPoint !== null) state.tornado = `${samples},${runsPerPoint}`;
}

function tornadoSize() {
  const [samples, runs] = state.tornado.split(",");
  return { samples, sensitivity_runs: runs };
}

// The question as a query string: the API's and the address's (the
// scenario as written, without the overrides, with `sets: false`).
function query(extra, { sets = true } = {}) {
  const q = new URLSearchParams();
  q.append("scenario", state.scenario);
  if (state.params === "judgment") q.append("params", "judgment");
  if (sets) for (const s of state.sets) q.append("set", s);
  for (const a of state.assume) q.append("assume", a);
  if (state.compare.length) q.append("compare", state.compare.join(","));
  q.append("runs", String(state.runs));
  q.append("seed", String(state.seed));
  for (const [k, v] of Object.entries(extra || {})) {
    if (v !== null && v !== undefined) q.append(k, String(v));
  }
  return q.toString();
}

function pageQuery() {
  const tornado = state.outcome !== null ? tornadoSize() : {};
  return query({ run: state.run, outcome: state.outcome, ...tornado });
}

function writeAddress() {
  const url = location.pathname + "?" + pageQuery();
  history.replaceState(null, "", url);
  $("permalink").href = url;
  const q = query();
  $("download-json").href = "/download/forecast.json?" + q;
  $("download-csv").href = "/download/forecast.csv?" + q;
  $("download-report").href = "/download/report.html?" + query({ outcome: state.outcome, ...tornadoSize() });
}

async function getJson(path, signal) {
  const response = await fetch(path, { signal });
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    throw new Error(`${path}: ${response.status} ${response.statusText}`);
  }
  if (!response.ok) {
    const error = new Error(body && body.error ? body.error.message : `${response.status} ${response.statusText}`);
    error.located = body && body.error;
    throw error;
  }
  return body;
}

function showError(error) {
  const box = $("error");
  box.textContent = error ? String(error.message || error) : "";
  box.hidden = !error;
}

function setStatus(text) {
  $("status").textContent = text;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function percent(p) {
  return (100 * p).toFixed(1) + " %";
}

// Percentage points to one decimal, without a "-0.0".
function points(x) {
  const text = (100 * x).toFixed(1);
  return text === "-0.0" ? "0.0" : text;
}

function interval(pair) {
  return pair ? `${percent(pair[0])} – ${percent(pair[1])}` : "";
}

// --- the scenario and its controls -------------------------------------

async function loadScenarios() {
  const listing = await getJson("/api/scenarios");
  const select = $("scenario");
  select.replaceChildren();
  for (const s of listing.scenarios) {
    const label = `${s.name} (${s.id}${s.origin === "folder" ? ", your folder" : ""})`;
    select.append(el("option", { value: s.id, text: label }));
  }
  if (!state.scenario) state.scenario = listing.default;
  select.value = state.scenario;
}

async function describeScenario() {
  // The controls show the scenario as written (so Reset goes back to its
  // value) with the overrides laid on them by the page.
  const count = ++describeCount;
  const answer = await getJson("/api/scenario?" + query({}, { sets: false }));
  if (count !== describeCount) return;
  described = answer;
  const s = described.scenario;
  $("scenario-dates").textContent = `as of ${s.as_of}, forecast to ${s.forecast_end} (${s.weeks} weeks)`;
  $("own-strategy").textContent = described.strategy;
  drawStrategies();
  drawAssumptionControls();
  drawParameters();
  drawTornadoOutcomes();
}

function drawStrategies() {
  const box = $("compare-strategies");
  box.replaceChildren();
  for (const name of described.strategies) {
    if (name === described.strategy) continue;
    const input = el("input", { type: "checkbox", name: "compare", value: name, id: "compare-" + name });
    input.checked = state.compare.includes(name);
    input.addEventListener("change", () => {
      state.compare = described.strategies.filter((n) => {
        const box = document.getElementById("compare-" + n);
        return box && box.checked;
      });
      changed();
    });
    box.append(el("label", { for: "compare-" + name }, input, " " + name));
  }
}

function drawAssumptionControls() {
  const select = $("assume-outcome");
  select.replaceChildren();
  for (const o of described.outcomes) select.append(el("option", { value: o.id, text: o.label }));
  const date = $("assume-date");
  date.min = described.scenario.first_date;
  date.max = described.scenario.last_date;
  if (!date.value || date.value < date.min || date.value > date.max) date.value = date.min;
  drawAssumptions();
}

function drawAssumptions() {
  const list = $("assumptions");
  list.replaceChildren();
  state.assume.forEach((clause, i) => {
    const [id, date] = clause.split("@");
    const outcome = described && described.outcomes.find((o) => o.id === id);
    const remove = el("button", { type: "button", class: "small", "aria-label": "Remove " + clause, text: "Remove" });
    remove.addEventListener("click", () => {
      state.assume.splice(i, 1);
      drawAssumptions();
      changed();
    });
    list.append(el("li", { "data-clause": clause }, `${outcome ? outcome.label : id} on ${date || "?"} `, remove));
  });
}

function overrideOf(key) {
  const s = state.sets.find((s) => s.slice(0, s.indexOf("=")) === key);
  return s === undefined ? null : s.slice(s.indexOf("=") + 1);
}

function setOverride(key, value) {
  state.sets = state.sets.filter((s) => s.slice(0, s.indexOf("=")) !== key);
  if (value !== null) state.sets.push(`${key}=${value}`);
  $("overrides-count").textContent = state.sets.length ? `${state.sets.length} override${state.sets.length > 1 ? "s" : ""}.` : "No overrides.";
  const row = document.querySelector(`.param[data-key="${CSS.escape(key)}"]`);
  if (row) row.classList.toggle("overridden", value !== null);
  changed();
}

function finite(x) {
  return typeof x === "number" && Number.isFinite(x);
}

// The value of a choice's option "a number" (no word of a choice has
// parentheses).
const A_NUMBER = "(a number)";

// A control for one parameter: a slider (and a number box) over its range,
// a choice of its words, a switch or a date.
function control(p) {
  const id = "param-" + p.key;
  const current = overrideOf(p.key);
  const wrap = el("div", { class: "control" });
  const numeric = p.kind === "number" || p.kind === "distribution";
  if (numeric) {
    const range = p.range || [null, null];
    const start = current !== null ? current : (p.kind === "number" ? p.value : p.default);
    const box = el("input", { type: "number", id, step: "any", value: start, "aria-label": p.key });
    if (finite(range[0])) box.min = range[0];
    if (finite(range[1])) box.max = range[1];
    let slider = null;
    if (finite(range[0]) && finite(range[1]) && range[1] > range[0]) {
      slider = el("input", {
        type: "range", min: range[0], max: range[1], step: (range[1] - range[0]) / 100,
        value: start, "aria-label": p.key + " slider", "data-slider": p.key,
      });
      slider.addEventListener("input", () => {
        box.value = slider.value;
        setOverride(p.key, slider.value);
      });
      wrap.append(slider);
    }
    box.addEventListener("change", () => {
      if (box.value === "") return;
      if (slider) slider.value = box.value;
      setOverride(p.key, box.value);
    });
    wrap.append(box);
  } else if (p.kind === "choice") {
    const select = el("select", { id, "aria-label": p.key });
    for (const o of p.options) select.append(el("option", { value: o, text: o }));
    const value = current !== null ? current : p.value;
    // A choice that also takes a number (leader.red_line: a word, or a
    // firmness in [0, 1]) offers "a number" and a box over its bounds. A
    // number is a parameter of its own, with a unit and a range, so the
    // override is written whole: `{ value = 0.75, unit = "share", range = [0, 1] }`.
    const asNumber = (text) => {
      const inTable = /(?:^\{|,)\s*value\s*=\s*([^,\s}]+)/.exec(text.trim());
      const word = inTable ? inTable[1] : text.trim();
      // Decimal numbers only (Number() also reads 0x1 and 0b1).
      return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(word) ? word : null;
    };
    const numberValue = p.or_number ? asNumber(value) : null;
    const isNumber = numberValue !== null;
    let number = null;
    if (p.or_number) {
      const [low, high] = p.or_number;
      const written = (x) => `{ value = ${x}, unit = "${p.or_number_unit}", range = [${low}, ${high}] }`;
      select.append(el("option", { value: A_NUMBER, text: `a number (${low} to ${high})` }));
      number = el("input", {
        type: "number", step: "any", min: low, max: high, value: isNumber ? numberValue : low,
        "aria-label": p.key + " number", "data-number-of": p.key,
      });
      number.hidden = !isNumber;
      // The number as TOML reads it (`.5` is not TOML; String(0.5) is),
      // within the bounds the model accepts; otherwise nothing is sent.
      number.toml = () => {
        const v = number.valueAsNumber;
        return Number.isFinite(v) && v >= low && v <= high ? written(String(v)) : null;
      };
      number.addEventListener("change", () => {
        const toml = number.toml();
        if (toml !== null) setOverride(p.key, toml);
      });
    }
    if (!isNumber && !p.options.includes(value)) select.append(el("option", { value, text: value }));
    select.value = isNumber ? A_NUMBER : value;
    select.addEventListener("change", () => {
      const chosen = select.value === A_NUMBER;
      if (number) number.hidden = !chosen;
      if (chosen && number.toml() === null) number.value = p.or_number[0];
      setOverride(p.key, chosen ? number.toml() : select.value);
    });
    wrap.append(select);
    if (number) wrap.append(number);
  } else if (p.kind === "switch") {
    const box = el("input", { type: "checkbox", id, "aria-label": p.key });
    box.checked = (current !== null ? current : p.value) === "true";
    box.addEventListener("change", () => setOverride(p.key, box.checked ? "true" : "false"));
    wrap.append(box);
  } else {
    const box = el("input", { type: p.kind === "date" ? "date" : "text", id, value: current !== null ? current : p.value, "aria-label": p.key });
    box.addEventListener("change", () => setOverride(p.key, box.value));
    wrap.append(box);
  }
  return wrap;
}

function drawParameters() {
  const box = $("parameters");
  box.replaceChildren();
  const groups = new Map();
  for (const p of described.parameters) {
    const group = p.key.split(".")[0];
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push(p);
  }
  for (const [group, params] of groups) {
    const details = el("details", { "data-group": group });
    details.append(el("summary", { text: `${group} (${params.length})` }));
    for (const p of params) {
      const reset = el("button", { type: "button", class: "small reset", text: "Reset", "aria-label": "Reset " + p.key });
      reset.addEventListener("click", () => {
        setOverride(p.key, null);
        const fresh = control(p);
        row.querySelector(".control").replaceWith(fresh);
      });
      const facts = [
        p.kind === "distribution" ? `uncertain: ${p.value}` : null,
        p.unit ? `unit: ${p.unit}` : null,
        p.range ? `range: ${p.range[0]} to ${p.range[1]}` : null,
        p.options ? `one of: ${p.options.join(", ")}${p.or_number ? ", or a number" : ""}` : null,
        p.default !== null ? `default: ${p.default}` : null,
      ].filter(Boolean).join(" · ");
      const row = el("div", { class: "param" + (overrideOf(p.key) !== null ? " overridden" : ""), "data-key": p.key, "data-kind": p.kind },
        el("label", { for: "param-" + p.key, class: "key", text: p.key }),
        control(p),
        reset,
        el("div", { class: "facts muted", text: facts }),
        p.source ? el("div", { class: "source muted", text: "source: " + p.source }) : null,
        p.inert ? el("div", { class: "source muted", text: "moves no outcome here: " + p.inert }) : null,
      );
      details.append(row);
    }
    box.append(details);
  }
  $("overrides-count").textContent = state.sets.length ? `${state.sets.length} override${state.sets.length > 1 ? "s" : ""}.` : "No overrides.";
  filterParameters();
}

function filterParameters() {
  const words = $("param-filter").value.toLowerCase().trim();
  for (const details of document.querySelectorAll("#parameters details")) {
    let shown = 0;
    for (const row of details.querySelectorAll(".param")) {
      const hit = !words || row.textContent.toLowerCase().includes(words);
      row.hidden = !hit;
      if (hit) shown++;
    }
    details.hidden = shown === 0;
    if (words && shown) details.open = true;
    // The group's count is of the parameters the filter shows.
    const all = details.querySelectorAll(".param").length;
    details.querySelector("summary").textContent =
      `${details.dataset.group} (${words ? `${shown} of ${all}` : all})`;
  }
}

function drawTornadoOutcomes() {
  const select = $("tornado-outcome");
  select.replaceChildren();
  for (const o of described.outcomes) select.append(el("option", { value: o.id, text: o.label }));
  const preferred = state.outcome || (described.outcomes.some((o) => o.id === "war") ? "war" : described.outcomes[0] && described.outcomes[0].id);
  if (preferred) select.value = preferred;
}

// --- the forecast ---------------------------------------------------------

function changed() {
  // A tornado belongs to the question it was drawn for: drop it (it is
  // slow to redraw); a shown run is told again after the forecast.
  if (state.outcome !== null) {
    state.outcome = null;
    tornadoCount++;
    $("tornado-chart").replaceChildren();
    $("tornado-caption").textContent = "The question changed: show the tornado again to redraw it.";
  }
  writeAddress();
  clearTimeout(forecastTimer);
  forecastTimer = setTimeout(forecast, DEBOUNCE_MS);
}

async function forecast() {
  if (forecastAbort) forecastAbort.abort();
  forecastAbort = new AbortController();
  const started = performance.now();
  const count = ++forecastCount;
  setStatus(`Forecasting ${Number(state.runs).toLocaleString("en")} runs…`);
  document.body.classList.add("busy");
  try {
    const answer = await getJson("/api/forecast?" + query(), forecastAbort.signal);
    if (count !== forecastCount) return;
    showError(null);
    drawForecast(answer);
    const ms = Math.round(performance.now() - started);
    setStatus(`Forecast ready: ${Number(answer.forecast.runs).toLocaleString("en")} runs in ${ms} ms.`);
    if (state.run !== null) await showTrace(state.run);
    document.body.dataset.forecasts = String(count);
  } catch (e) {
    if (e.name === "AbortError") return;
    showError(e);
    setStatus("The forecast could not be made: see the message.");
  } finally {
    if (count === forecastCount) document.body.classList.remove("busy");
  }
}

function drawForecast(answer) {
  const f = answer.forecast;
  // An override of the counterpart's strategy changes which one is its own.
  if (described && f.strategy !== described.strategy) {
    described.strategy = f.strategy;
    state.compare = state.compare.filter((n) => n !== f.strategy);
    $("own-strategy").textContent = f.strategy;
    drawStrategies();
  }
  $("forecast-title").textContent = `Forecast: ${f.scenario.name}, with ${f.strategy}`;
  $("forecast-note").textContent = `${Number(f.runs).toLocaleString("en")} runs, seed ${f.seed}; ${f.draws} parameter draws of ${f.runs_per_draw} runs each. Parameters: ${f.meta.params}.` +
    (f.meta.assume ? ` Assumed: ${f.meta.assume.join(", ")}.` : "");
  $("command").textContent = answer.command;
  const body = $("probabilities").querySelector("tbody");
  body.replaceChildren();
  for (const o of f.outcomes) {
    body.append(el("tr", { "data-outcome": o.id },
      el("th", { scope: "row", text: o.label }),
      el("td", { class: "num probability", text: percent(o.probability) }),
      el("td", { class: "num", text: interval(o.ci95) }),
      el("td", { class: "num", text: o.parameter_interval ? interval([o.parameter_interval.low, o.parameter_interval.high]) : "" }),
      el("td", { text: o.median_date || "—" }),
    ));
  }
  // The charts are the report's own SVG, made by the server.
  $("cumulative-chart").innerHTML = answer.charts.cumulative;
  const compared = f.comparison || [];
  $("comparison-panel").hidden = compared.length === 0;
  if (compared.length) {
    $("strategies-chart").innerHTML = answer.charts.strategies || "";
    const head = $("differences").querySelector("thead");
    head.replaceChildren(el("tr", {}, el("th", { scope: "col", text: "Outcome" }), el("th", { scope: "col", text: f.strategy }),
      ...compared.map((c) => el("th", { scope: "col", text: `${c.strategy} (difference)` }))));
    const rows = $("differences").querySelector("tbody");
    rows.replaceChildren();
    f.outcomes.forEach((o, i) => {
      rows.append(el("tr", { "data-outcome": o.id }, el("th", { scope: "row", text: o.label }), el("td", { class: "num", text: percent(o.probability) }),
        ...compared.map((c) => {
          const d = c.outcomes[i];
          const shown = points(d.difference);
          const sign = Number(shown) > 0 ? "+" : "";
          return el("td", { class: "num", text: `${percent(d.probability)} (${sign}${shown} pp, ${points(d.difference_ci95[0])} to ${points(d.difference_ci95[1])})` });
        })));
    });
  }
  $("storylines-note").textContent = `The most common sequences of outcomes in the first ${Number(answer.storyline_runs).toLocaleString("en")} runs; each is told by one run that followed it.`;
  const list = $("storylines");
  list.replaceChildren();
  for (const s of answer.storylines) {
    const button = el("button", { type: "button", class: "small", "data-run": s.run, text: `Tell run ${s.run}` });
    button.addEventListener("click", () => showTrace(s.run));
    list.append(el("li", {}, `${s.path.length ? s.path.join(" → ") : "none of the outcomes"} (${percent(s.share)} of runs) `, button));
  }
}

// --- on request: a run's story, the tornado -----------------------------

async function showTrace(run) {
  const count = ++traceCount;
  state.run = String(run);
  $("trace-run").value = state.run;
  writeAddress();
  $("trace").textContent = "Telling the run…";
  try {
    const answer = await getJson("/api/trace?" + query({ run: state.run }));
    if (count !== traceCount) return;
    $("trace").textContent = answer.text;
    showError(null);
  } catch (e) {
    if (count !== traceCount) return;
    $("trace").textContent = "";
    showError(e);
  }
}

async function showTornado() {
  const button = $("tornado-show");
  if (button.disabled) return;
  button.disabled = true;
  const count = ++tornadoCount;
  state.outcome = $("tornado-outcome").value;
  state.tornado = $("tornado-size").value;
  writeAddress();
  $("tornado-caption").textContent = "Screening every uncertain parameter…";
  $("tornado-chart").replaceChildren();
  try {
    const answer = await getJson("/api/tornado?" + query({ outcome: state.outcome, ...tornadoSize() }));
    if (count !== tornadoCount) return;
    $("tornado-chart").innerHTML = answer.chart;
    $("tornado-caption").textContent = answer.caption;
    showError(null);
  } catch (e) {
    if (count !== tornadoCount) return;
    $("tornado-caption").textContent = "";
    showError(e);
  } finally {
    button.disabled = false;
  }
}

// --- wiring ---------------------------------------------------------------

async function scenarioChanged() {
  try {
    await describeScenario();
    showError(null);
  } catch (e) {
    showError(e);
    setStatus("The scenario could not be read: see the message.");
    return;
  }
  writeAddress();
  await forecast();
  // A tornado asked for (in the address, or shown before the parameters
  // changed) is drawn for this question.
  if (state.outcome !== null) showTornado();
}

function wire() {
  $("scenario").addEventListener("change", () => {
    state.scenario = $("scenario").value;
    state.sets = [];
    state.assume = [];
    state.compare = [];
    state.run = null;
    state.outcome = null;
    $("trace").textContent = "";
    $("tornado-chart").replaceChildren();
    $("tornado-caption").textContent = "";
    scenarioChanged();
  });
  $("params").addEventListener("change", () => {
    state.params = $("params").value;
    scenarioChanged();
  });
  $("runs").addEventListener("change", () => {
    state.runs = $("runs").value;
    changed();
  });
  $("seed").addEventListener("change", () => {
    state.seed = $("seed").value;
    changed();
  });
  $("assume-add").addEventListener("click", () => {
    const clause = `${$("assume-outcome").value}@${$("assume-date").value}`;
    if (!state.assume.includes(clause)) state.assume.push(clause);
    drawAssumptions();
    changed();
  });
  $("param-filter").addEventListener("input", filterParameters);
  $("reset-all").addEventListener("click", () => {
    state.sets = [];
    if (described) drawParameters();
    changed();
  });
  $("tornado-show").addEventListener("click", showTornado);
  $("trace-show").addEventListener("click", () => showTrace($("trace-run").value || "0"));
}

async function start() {
  readAddress();
  $("runs").value = state.runs;
  $("seed").value = state.seed;
  $("params").value = state.params;
  if (state.run !== null) $("trace-run").value = state.run;
  if (![...$("tornado-size").options].some((o) => o.value === state.tornado)) $("tornado-size").append(el("option", { value: state.tornado, text: state.tornado.replace(",", " × ") }));
  $("tornado-size").value = state.tornado;
  wire();
  try {
    await loadScenarios();
  } catch (e) {
    showError(e);
    return;
  }
  await scenarioChanged();
}

document.addEventListener("DOMContentLoaded", start);
