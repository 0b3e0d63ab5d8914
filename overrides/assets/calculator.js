// The award calculator page. The form is generated from the catalogue build.py writes into the
// page (labels, units, help and choices from measures.yaml, in the page's language); every
// number and every error message comes from the Python calculator, which runs in a Web Worker
// (Pyodide). Nothing typed here leaves the browser: the worker only fetches this site's files.
import { clearFieldErrors, connectEngine, el, fieldFor, list, readState, showFieldErrors, writeState } from "./engine.js";

const root = document.getElementById("calculator");
const lang = root.dataset.lang;
const ui = JSON.parse(document.getElementById("calculator-ui").textContent);
const catalogue = JSON.parse(document.getElementById("calculator-catalogue").textContent);

const awards = new Map(catalogue.awards.map((a) => [a.award, a]));
let debounce = null;

// ---- layout -----------------------------------------------------------------------------
const status = el("div");

const filter = el("input", { type: "search", id: "award-filter", autocomplete: "off" });
const select = el("select", { id: "award-select", name: "award" });
const filterEmpty = el("p", { className: "calc-filter-empty", text: ui.filter_none, hidden: true });
const fields = el("div", { className: "calc-fields" });
const submit = el("button", { type: "submit", className: "md-button md-button--primary", text: ui.submit });
const form = el("form", { className: "calc-form", novalidate: true },
  el("div", { className: "calc-choose" },
    el("label", { for: "award-filter", text: ui.filter }), filter,
    el("label", { for: "award-select", text: ui.choose }), select, filterEmpty),
  el("fieldset", {}, el("legend", { text: ui.inputs }), fields),
  el("div", { className: "calc-actions" }, submit));
const live = el("p", { id: "calc-live", className: "visually-hidden", "aria-live": "polite" });
const result = el("section", { id: "result", className: "calc-result", tabindex: "-1", hidden: true });

root.append(status, form, live, result);

// ---- choosing an award ------------------------------------------------------------------
function fillSelect(query) {
  const current = select.value;
  const words = query.trim().toLowerCase();
  select.replaceChildren();
  let shown = 0;
  for (const measure of catalogue.measures) {
    const items = catalogue.awards.filter((a) => a.measure === measure.number).filter((a) =>
      !words || `${a.award} ${a.name} ${measure.title}`.toLowerCase().includes(words));
    if (!items.length) continue;
    const group = el("optgroup", { label: measure.title });
    for (const a of items) group.append(el("option", { value: a.award, text: `${a.award}  ${a.name}` }));
    select.append(group);
    shown += items.length;
  }
  filterEmpty.hidden = shown > 0;
  if ([...select.options].some((o) => o.value === current)) select.value = current;
  return shown;
}

function showAward(id) {
  const award = awards.get(id);
  fields.replaceChildren();
  clearResult();
  if (!award) return;
  if (!award.inputs.length) fields.append(el("p", { text: ui.no_inputs }));
  for (const input of award.inputs) fields.append(fieldFor(input));
}

function values() {
  const out = {};
  for (const control of fields.querySelectorAll("input, select")) out[control.name] = control.value;
  return out;
}

function complete() {
  return [...fields.querySelectorAll("input, select")].every((c) => c.value.trim() !== "");
}

// ---- the address holds the state (in the #fragment): share or bookmark it ----------------
function writeURL() {
  const params = new URLSearchParams();
  if (select.value) params.set("award", select.value);
  for (const [name, value] of Object.entries(values())) if (value !== "") params.set(name, value);
  writeState(params);
}

function readURL() {
  const params = readState();
  const id = params.get("award");
  if (!id || !awards.has(id)) return false;
  select.value = id;
  showAward(id);
  for (const control of fields.querySelectorAll("input, select")) {
    if (params.has(control.name)) control.value = params.get(control.name);
  }
  writeURL(); // an older ?award= link: move its state into the fragment
  return true;
}

// ---- estimates --------------------------------------------------------------------------
function clearResult() {
  // A result that no longer matches the form must not linger: drop its figures at once.
  for (const key of ["amount", "eligible", "bound"]) delete result.dataset[key];
  result.hidden = true;
  result.replaceChildren();
  clearFieldErrors(fields);
}

function ask() {
  if (!select.value) return;
  if (!engine.ask("estimate", { award: select.value, fields: values(), lang })) live.textContent = ui.waiting;
}

function showErrors(errors) {
  live.textContent = ui.fix_fields;
  return showFieldErrors(fields, errors);
}

function highlighted(text, phrases) {
  // Mark every phrase the estimate used; each is unique in its clause (build.py checks).
  const marks = [];
  for (const phrase of phrases) {
    const at = text.indexOf(phrase);
    if (at >= 0) marks.push([at, at + phrase.length]);
  }
  marks.sort((a, b) => a[0] - b[0]);
  const merged = []; // a base phrase may lie inside its rate's phrase: mark the union once
  for (const [start, end] of marks) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  const out = el("p", { lang: "zh-CN" });
  let pos = 0;
  for (const [start, end] of merged) {
    out.append(text.slice(pos, start), el("mark", { text: text.slice(start, end) }));
    pos = end;
  }
  out.append(text.slice(pos));
  return out;
}

function sheetLink(award) {
  // The same figures as the first entry of a combined sheet on the finder page.
  const params = new URLSearchParams({ e1: award });
  for (const [name, value] of Object.entries(values())) if (value !== "") params.set(`e1.${name}`, value);
  return `../finder/#${params}`;
}

function showResult(r, focus) {
  clearResult();
  const measure = catalogue.measures.find((m) => m.number === r.measure);
  const checklist = el("ul", { className: "calc-checklist" });
  r.conditions.forEach((text, i) => {
    const id = `condition-${i}`;
    checklist.append(el("li", {}, el("input", { type: "checkbox", id }), el("label", { for: id, text })));
  });
  const figures = el("dl", { className: "calc-figures" });
  for (const control of fields.querySelectorAll("input, select")) {
    const label = fields.querySelector(`label[for="${control.id}"]`).textContent;
    const shown = control.tagName === "SELECT" ? control.selectedOptions[0].textContent : control.value;
    const unit = control.parentElement.querySelector(".field-unit");
    figures.append(el("dt", { text: label }), el("dd", { text: unit ? `${shown} ${unit.textContent}` : shown }));
  }
  result.append(...[
    el("h2", { text: `${ui.result}: ${r.award} ${r.name}` }),
    figures.childElementCount ? figures : null,
    el("p", { className: `calc-headline calc-${r.eligible ? r.bound : "not-eligible"}`, text: r.headline }),
    el("p", { className: "calc-not-promise", text: ui.not_promise }),
    el("h3", { text: ui.steps }), list("ol", r.steps, "calc-steps"),
    r.conditions.length ? el("h3", { text: ui.conditions }) : null, r.conditions.length ? checklist : null,
    r.notes.length ? el("h3", { text: ui.notes }) : null, r.notes.length ? list("ul", r.notes) : null,
    el("h3", { text: ui.clause }),
    el("blockquote", { className: "calc-clause" }, highlighted(measure.clause_zh, r.phrases)),
    lang === "en" ? el("details", {}, el("summary", { text: ui.translation }), el("p", { lang: "en", text: measure.clause_en })) : null,
    el("p", {}, el("a", { href: measure.url, text: `${ui.measure_link}: ${measure.title}` })),
    el("p", {}, el("a", { href: sheetLink(r.award), className: "calc-to-sheet", text: ui.to_sheet })),
  ].filter(Boolean));
  result.dataset.amount = r.amount === null ? "" : r.amount;
  result.dataset.eligible = String(r.eligible);
  result.dataset.bound = r.bound;
  result.hidden = false;
  live.textContent = r.headline;
  if (focus) result.focus();
}

let focusNext = false;
function onAnswer(kind, payload) {
  if (payload.ok) showResult(payload.result, focusNext);
  else if (payload.errors) {
    clearResult();
    const first = showErrors(payload.errors);
    if (focusNext && first) first.focus();
  } else {
    clearResult();
    live.textContent = ui.failed;
  }
  focusNext = false;
}
const engine = connectEngine({ status, ui, onAnswer });

filter.addEventListener("input", () => {
  fillSelect(filter.value);
  if (select.value && select.value !== form.dataset.award) select.dispatchEvent(new Event("change"));
});
select.addEventListener("change", () => {
  form.dataset.award = select.value;
  showAward(select.value);
  writeURL();
  if (complete()) ask();
});
fields.addEventListener("input", () => {
  clearResult();
  engine.drop("estimate"); // whatever is in flight now answers a form that no longer exists
  writeURL();
  clearTimeout(debounce);
  if (complete()) debounce = setTimeout(ask, 250);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(debounce);
  focusNext = true;
  ask();
});

fillSelect("");
if (readURL()) {
  form.dataset.award = select.value;
  ask();
} else {
  select.selectedIndex = 0;
  form.dataset.award = select.value;
  showAward(select.value);
}
// A link pasted into the address bar of this same page changes only the fragment: follow it.
window.addEventListener("hashchange", () => {
  if (readURL()) {
    form.dataset.award = select.value;
    ask();
  }
});
