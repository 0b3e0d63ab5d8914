// The finder and combined-sheet page. The questions and the award cards are in the page already
// (templates/finder.md.j2, from measures.yaml); this script sends the answers and the sheet's
// figures to the Python calculator in the Web Worker and shows what it says: which awards are
// left out and why, each entry's estimate, the total of upper bounds and the cautions. The CSV
// and JSON downloads are made by the same Python code. Nothing leaves the browser; the state is
// kept in the address's #fragment, which is never sent to a server.
import {
  clearFieldErrors, connectEngine, el, fieldFor, list, readState, showFieldErrors, writeState,
} from "./engine.js";

const root = document.getElementById("finder");
const lang = root.dataset.lang;
const ui = { ...JSON.parse(document.getElementById("calculator-ui").textContent),
  ...JSON.parse(document.getElementById("finder-ui").textContent) };
const catalogue = JSON.parse(document.getElementById("calculator-catalogue").textContent);
const awards = new Map(catalogue.awards.map((a) => [a.award, a]));

const questions = document.getElementById("finder-questions");
const fitList = document.getElementById("finder-fit");
const outBox = document.getElementById("finder-out");
const outList = outBox.querySelector(".finder-list");
const counts = document.getElementById("finder-counts");
const sheetSection = document.getElementById("sheet");
const outTitle = outBox.querySelector("summary").textContent;
const cards = new Map([...root.querySelectorAll(".finder-award")].map((card) => [card.dataset.award, card]));
const order = [...cards.keys()];

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
}

// ---- the page's parts that need the script ----------------------------------------------------
const status = el("div");
const answersLine = el("p", { className: "finder-answers" });
questions.before(status);
counts.after(answersLine);

const entriesBox = el("div", { className: "sheet-entries" });
const empty = el("p", { className: "sheet-empty", text: ui.sheet_empty });
const chooser = el("select", { id: "sheet-choose" });
for (const measure of catalogue.measures) {
  const group = el("optgroup", { label: measure.title });
  for (const a of catalogue.awards.filter((x) => x.measure === measure.number)) {
    group.append(el("option", { value: a.award, text: `${a.award}  ${a.name}` }));
  }
  chooser.append(group);
}
const addChosen = el("button", { type: "button", className: "md-button", text: ui.add_chosen });
const live = el("p", { className: "visually-hidden", "aria-live": "polite" });
const totals = el("div", { id: "sheet-totals", className: "sheet-totals", hidden: true });
const cautions = el("div", { className: "sheet-cautions", hidden: true });
const printButton = el("button", { type: "button", className: "md-button", text: ui.print });
const csvButton = el("button", { type: "button", className: "md-button", text: ui.csv, disabled: true });
const jsonButton = el("button", { type: "button", className: "md-button", text: ui.json, disabled: true });
sheetSection.append(
  el("p", { className: "sheet-keep", text: ui.keep }),
  entriesBox, empty,
  el("div", { className: "sheet-add calc-form" },
    el("label", { for: "sheet-choose", text: ui.choose }), chooser, addChosen),
  totals, cautions,
  el("p", { className: "sheet-actions" }, printButton, csvButton, jsonButton),
  live,
);

for (const [id, card] of cards) {
  const add = el("button", { type: "button", className: "md-button finder-add", "data-award": id,
    text: `${ui.add} ${id}` });
  card.querySelector(".finder-actions").prepend(add, " ");
}

// ---- state: the answers and the sheet's entries ----------------------------------------------
const QUESTIONS = ["organisation", "legal_person", "domains", "activities"];
let entries = []; // [{award, project, inputs: {name: value}}]
let downloads = null; // {csv, json} of the last complete answer

function answers() {
  const form = new FormData(questions);
  return {
    organisation: form.get("organisation") || "",
    legal_person: form.get("legal_person") || "",
    domains: form.getAll("domains"),
    activities: form.getAll("activities"),
  };
}

function saveState() {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(answers())) {
    const text = Array.isArray(value) ? value.join(",") : value;
    if (text) params.set(name, text);
  }
  entries.forEach((entry, i) => {
    const key = `e${i + 1}`;
    params.set(key, entry.award);
    if (entry.project) params.set(`${key}.project`, entry.project);
    for (const [name, value] of Object.entries(entry.inputs)) if (value !== "") params.set(`${key}.${name}`, value);
  });
  writeState(params);
}

function loadState() {
  const params = readState();
  for (const name of QUESTIONS) {
    const wanted = (params.get(name) || "").split(",").filter(Boolean);
    for (const control of questions.querySelectorAll(`[name="${name}"]`)) {
      control.checked = control.type === "radio" ? control.value === (wanted[0] || "") : wanted.includes(control.value);
    }
  }
  const found = [];
  for (const [key, value] of params) {
    const match = /^e(\d+)$/.exec(key);
    if (match && awards.has(value)) found.push({ n: Number(match[1]), award: value });
  }
  found.sort((a, b) => a.n - b.n);
  entries = found.map(({ n, award }) => {
    const inputs = {};
    for (const input of awards.get(award).inputs) inputs[input.name] = params.get(`e${n}.${input.name}`) || "";
    return { award, project: params.get(`e${n}.project`) || "", inputs };
  });
}

// ---- the finder ---------------------------------------------------------------------------------
function answered(a) {
  return Boolean(a.organisation || a.legal_person || a.domains.length || a.activities.length);
}

function describeAnswers(a) {
  const labelOf = (name, value) => {
    const control = questions.querySelector(`[name="${name}"][value="${CSS.escape(value)}"]`);
    return control ? control.parentElement.textContent.trim() : value;
  };
  const legend = (name) => {
    const node = questions.querySelector(`[name="${name}"]`).closest("fieldset").querySelector("legend");
    return node.dataset.name || node.textContent.trim();
  };
  const [colon, semicolon, comma] = lang === "zh" ? ["：", "；", "、"] : [": ", "; ", ", "];
  const parts = QUESTIONS.map((name) => {
    const values = [].concat(a[name]).filter(Boolean);
    return `${legend(name)}${colon}${values.length ? values.map((v) => labelOf(name, v)).join(comma) : ui.none}`;
  });
  return `${ui.answers}${colon}${parts.join(semicolon)}`;
}

function askFinder() {
  delete root.dataset.fit; // until the engine answers these answers
  const a = answers();
  answersLine.textContent = describeAnswers(a);
  if (!engine.ask("find", { answers: a, lang })) counts.textContent = ui.waiting;
}

function showFinder(payload) {
  if (!payload.ok) { counts.textContent = ui.failed; return; }
  let fit = 0;
  for (const id of order) { // document order, whichever list a card ends in
    const card = cards.get(id);
    const result = payload.awards.find((r) => r.award === id);
    const reasons = card.querySelector(".finder-reasons");
    reasons.replaceChildren();
    if (result.fits) {
      fitList.append(card);
      reasons.hidden = true;
      fit++;
    } else {
      reasons.append(el("p", { className: "finder-reasons-title", text: ui.reasons }), list("ul", result.reasons));
      reasons.hidden = false;
      outList.append(card);
    }
  }
  const out = order.length - fit;
  outBox.hidden = out === 0;
  if (fit === 0) outBox.open = true; // nothing fits: the reasons are the answer
  outBox.querySelector("summary").textContent = `${outTitle} (${out})`;
  counts.textContent = answered(answers()) ? fill(ui.counts, { fit, out }) : ui.all_shown;
  root.dataset.fit = payload.awards.filter((r) => r.fits).map((r) => r.award).join(" ");
}

// ---- the sheet ----------------------------------------------------------------------------------
function entryNode(entry, i) {
  const a = awards.get(entry.award);
  const prefix = `e${i + 1}-`;
  const box = el("fieldset", { className: "sheet-entry calc-form", "data-entry": String(i) });
  box.append(el("legend", { text: `${fill(ui.entry, { n: i + 1 })}${lang === "zh" ? "：" : ": "}${a.award} ${a.name}` }));
  const project = fieldFor({ name: "project", type: "text", label: ui.project }, prefix);
  project.querySelector("input").value = entry.project;
  box.append(project);
  if (!a.inputs.length) box.append(el("p", { className: "field-help", text: ui.no_inputs }));
  for (const input of a.inputs) {
    const field = fieldFor(input, prefix);
    field.querySelector("input, select").value = entry.inputs[input.name] || "";
    box.append(field);
  }
  box.append(
    el("p", { className: "sheet-headline" }),
    el("details", { className: "sheet-steps", hidden: true }, el("summary", { text: ui.steps }), el("ol")),
    el("p", { className: "sheet-entry-actions" },
      el("a", { href: "../calculator/", className: "sheet-alone" }),
      el("button", { type: "button", className: "md-button sheet-remove", text: ui.remove })),
  );
  return box;
}

function renderSheet() {
  entriesBox.replaceChildren(...entries.map(entryNode));
  empty.hidden = entries.length > 0;
  updateAloneLinks();
}

function updateAloneLinks() {
  // "Estimate alone" carries the entry's figures to the one-award calculator.
  entries.forEach((entry, i) => {
    const link = entriesBox.querySelector(`[data-entry="${i}"] .sheet-alone`);
    const params = new URLSearchParams({ award: entry.award });
    for (const [name, value] of Object.entries(entry.inputs)) if (value !== "") params.set(name, value);
    link.href = `../calculator/#${params}`;
    link.textContent = `${ui.alone} ${entry.award}`;
  });
}

function clearSheetResults() {
  // Figures that no longer match the form must not linger.
  delete root.dataset.upper;
  delete root.dataset.complete;
  totals.hidden = true;
  cautions.hidden = true;
  downloads = null;
  csvButton.disabled = jsonButton.disabled = true;
  for (const box of entriesBox.querySelectorAll(".sheet-entry")) {
    box.querySelector(".sheet-headline").textContent = "";
    box.querySelector(".sheet-headline").className = "sheet-headline";
    box.querySelector(".sheet-steps").hidden = true;
    delete box.dataset.amount;
    delete box.dataset.bound;
    clearFieldErrors(box);
  }
}

let sheetTimer = null;
function askSheet(delay = 250) {
  clearTimeout(sheetTimer);
  clearSheetResults();
  engine.drop("sheet");
  if (!entries.length) return;
  sheetTimer = setTimeout(() => {
    engine.ask("sheet", { entries, lang });
  }, delay);
}

function showSheet(payload) {
  clearSheetResults();
  if (!payload.ok) { live.textContent = ui.failed; return; }
  const sheet = payload.sheet;
  sheet.entries.forEach((line, i) => {
    const box = entriesBox.querySelector(`[data-entry="${i}"]`);
    if (!box) return;
    const headline = box.querySelector(".sheet-headline");
    if (line.result) {
      const r = line.result;
      headline.textContent = r.headline;
      headline.classList.add("calc-headline", `calc-${r.eligible ? r.bound : "not-eligible"}`);
      const steps = box.querySelector(".sheet-steps");
      steps.querySelector("ol").replaceChildren(...r.steps.map((s) => el("li", { text: s })));
      steps.hidden = false;
      box.dataset.amount = r.amount === null ? "" : r.amount;
      box.dataset.bound = r.bound;
    } else {
      // A field not filled in yet is not an error to shout about; a wrong figure is.
      const typed = Object.fromEntries(Object.entries(line.errors).filter(([name]) => {
        const control = box.querySelector(`[name="${CSS.escape(name)}"]`);
        return !control || control.value.trim() !== "";
      }));
      showFieldErrors(box, typed);
      headline.textContent = Object.keys(typed).length ? ui.incomplete : ui.fill_in;
    }
  });
  totals.replaceChildren(
    el("h3", { text: ui.total }),
    el("p", { className: "calc-headline sheet-total", text: sheet.totals.headline }),
    el("p", { className: "calc-not-promise", text: ui.not_promise }),
  );
  totals.hidden = false;
  cautions.replaceChildren(el("h3", { text: ui.cautions }), list("ul", sheet.cautions));
  cautions.hidden = false;
  root.dataset.upper = sheet.totals.upper;
  root.dataset.complete = String(sheet.complete);
  downloads = { csv: payload.csv, json: payload.json };
  csvButton.disabled = jsonButton.disabled = false;
  live.textContent = sheet.totals.headline;
}

function addEntry(award, button) {
  const inputs = {};
  for (const input of awards.get(award).inputs) inputs[input.name] = "";
  entries.push({ award, project: "", inputs });
  renderSheet();
  saveState();
  askSheet(0);
  const said = fill(ui.added, { n: entries.length });
  live.textContent = said;
  if (button) {
    // Beside the button too: the sheet itself may be far below.
    let note = button.parentElement.querySelector(".finder-added");
    if (!note) button.after(note = el("span", { className: "finder-added" }));
    note.textContent = `${said} ↓`;
  }
}

// ---- downloads ----------------------------------------------------------------------------------
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function download(extension, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el("a", { href: url, download: `award-estimate-${today()}.${extension}`, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---- wiring -------------------------------------------------------------------------------------
const engine = connectEngine({
  status,
  ui,
  onAnswer(kind, payload) {
    if (kind === "find") showFinder(payload);
    else if (kind === "sheet") showSheet(payload);
  },
});

questions.addEventListener("change", () => { saveState(); askFinder(); });
root.addEventListener("click", (event) => {
  const add = event.target.closest(".finder-add");
  if (add) addEntry(add.dataset.award, add);
  const remove = event.target.closest(".sheet-remove");
  if (remove) {
    const i = Number(remove.closest(".sheet-entry").dataset.entry);
    entries.splice(i, 1);
    renderSheet();
    saveState();
    askSheet(0);
    chooser.focus();
  }
});
addChosen.addEventListener("click", () => addEntry(chooser.value));
entriesBox.addEventListener("input", (event) => {
  const control = event.target;
  const box = control.closest(".sheet-entry");
  if (!box) return;
  const entry = entries[Number(box.dataset.entry)];
  if (control.name === "project") entry.project = control.value.trim();
  else entry.inputs[control.name] = control.value;
  saveState();
  updateAloneLinks();
  askSheet();
});
printButton.addEventListener("click", () => window.print());
csvButton.addEventListener("click", () => downloads && download("csv", downloads.csv, "text/csv;charset=utf-8"));
jsonButton.addEventListener("click", () => downloads && download("json", downloads.json, "application/json"));

function start() {
  loadState();
  renderSheet();
  saveState(); // an older link's query string moves into the fragment
  askFinder();
  askSheet(0);
}
start();
// A link pasted into the address bar of this same page changes only the fragment: start over.
window.addEventListener("hashchange", start);
