// The award calculator page. The form is generated from the catalogue build.py writes into the
// page (labels, units, help and choices from measures.yaml, in the page's language); every
// number and every error message comes from the Python calculator, which runs in a Web Worker
// (Pyodide). Nothing typed here leaves the browser: the worker only fetches this site's files.
import {
  clearFieldErrors,
  connectEngine,
  dropReading,
  el,
  fieldFor,
  fieldValues,
  list,
  keepStateAcrossLanguages,
  readState,
  showFieldErrors,
  showReadings,
  writeState,
  citation,
  reportLink,
} from "./engine.js";
import { ASK } from "./protocol.js";
import { addToSheet } from "./sheet-store.js";

// The page's one entry point: everything below runs when the page calls it, once.
function main() {
  keepStateAcrossLanguages();
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
  const form = el(
    "form",
    { className: "calc-form", novalidate: true },
    el(
      "div",
      { className: "calc-choose" },
      el("label", { for: "award-filter", text: ui.filter }),
      filter,
      el("label", { for: "award-select", text: ui.choose }),
      select,
      filterEmpty,
    ),
    el("fieldset", {}, el("legend", { text: ui.inputs }), fields),
    el("div", { className: "calc-actions" }, submit),
  );
  const live = el("p", { id: "calc-live", className: "visually-hidden", "aria-live": "polite" });
  // Until every figure is in: a neutral word, never a red field nobody has typed in yet (a link
  // from the finder opens the award with its fields empty).
  const needs = el("p", { id: "calc-needs", className: "calc-needs", text: ui.needs_figures, hidden: true });
  const result = el("section", { id: "result", className: "calc-result", tabindex: "-1", hidden: true });

  root.append(status, form, needs, live, result);

  // ---- choosing an award ------------------------------------------------------------------
  // Letters and digits only: 首台套 finds 首台（套）, "first set" finds "first-of-its-kind (first set)".
  const bare = (text) => text.toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, "");

  function fillSelect(query) {
    const current = select.value;
    const words = query.split(/\s+/).map(bare).filter(Boolean);
    select.replaceChildren();
    let shown = 0;
    for (const measure of catalogue.measures) {
      const items = catalogue.awards
        .filter((a) => a.measure === measure.number)
        .filter((a) => {
          const text = bare(`${a.award} ${a.name} ${measure.title}`);
          return words.every((word) => text.includes(word));
        });
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
    return fieldValues(fields);
  }

  function complete() {
    return Object.values(values()).every((value) => value.trim() !== "");
  }

  // Ask for an estimate once every figure is in; until then, say what is needed, neutrally.
  function askWhenComplete() {
    const ready = complete();
    needs.hidden = ready;
    if (ready) ask();
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
    for (const control of fields.querySelectorAll("input, select, textarea")) {
      if (params.has(control.name)) control.value = params.get(control.name);
    }
    writeURL(); // an older ?award= link: move its state into the fragment
    return true;
  }

  // ---- estimates --------------------------------------------------------------------------
  function clearResult() {
    // A result that no longer matches the form must not linger: drop its figures at once.
    for (const key of ["amount", "eligible", "bound", "questions"]) delete result.dataset[key];
    result.hidden = true;
    result.replaceChildren();
    clearFieldErrors(fields);
  }

  function ask() {
    if (!select.value) return;
    if (!engine.ask(ASK.estimate, { award: select.value, fields: values(), lang })) live.textContent = ui.waiting;
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

  function addOnce(r, inputs, button, said) {
    // What this estimate showed goes with it: the sheet says what later data changes (decisions/0019).
    const open = addToSheet({ award: r.award, project: "", inputs, shown: r.shown }, said, ui);
    live.textContent = said.textContent;
    // Once per estimate (change a figure to add another): the button is disabled, so the keyboard
    // goes on from the link it brought, not from the top of the page.
    button.disabled = true;
    open.focus();
  }

  // Which version the figures follow, and how the award stands in later ones (a changed award
  // stands out: its figures may not hold).
  function versionsNote(r) {
    const changed = r.later.some((v) => v.status === "changed" || v.status === "removed");
    return el(
      "div",
      { className: `calc-versions${changed ? " calc-versions--changed" : ""}`, role: "note" },
      el("p", { text: r.version.said }),
      ...r.later.map((v) => el("p", { text: v.said })),
    );
  }

  // A 0 that rests on a questioned figure asks (amber), it does not judge (red).
  function headlineKind(r) {
    if (r.eligible) return r.bound;
    return r.questions.length ? "check" : "not-eligible";
  }

  // The answer's first lines: where a later version is known to give the award no figure, that
  // standing leads, and the draft's figure follows apart, said to be the draft's.
  function headlines(r) {
    if (r.draft) {
      return [
        el("p", { className: "calc-headline calc-standing", text: r.headline }),
        el("p", { className: "calc-draft-figure", text: r.draft.headline }),
      ];
    }
    return [el("p", { className: `calc-headline calc-${headlineKind(r)}`, text: r.headline })];
  }

  function showResult(r, focus) {
    clearResult();
    const measure = catalogue.measures.find((m) => m.number === r.measure);
    const checklist = el("ul", { className: "calc-checklist" });
    r.conditions.forEach((text, i) => {
      const id = `condition-${i}`;
      checklist.append(el("li", {}, el("input", { type: "checkbox", id }), el("label", { for: id, text })));
    });
    // The figures as they were read (5000万 → 50,000,000元), so a slip shows beside the answer.
    const figures = el("dl", { className: "calc-figures" });
    for (const item of r.inputs) figures.append(el("dt", { text: item.label }), el("dd", { text: item.reading }));
    const questions = r.questions.length
      ? el(
          "div",
          { className: "calc-questions", role: "note" },
          el("p", { className: "calc-questions-title", text: ui.check_figures }),
          list(
            "ul",
            r.questions.map((q) => `${q.label}${ui.colon}${q.text}`),
          ),
        )
      : null;
    const inputs = values();
    const add = el("button", {
      type: "button",
      id: "add-to-sheet",
      className: "md-button md-button--primary",
      text: ui.add_to_sheet,
    });
    const said = el("span", { className: "calc-added", role: "status" });
    add.addEventListener("click", () => addOnce(r, inputs, add, said));
    result.append(
      ...[
        el("h2", { text: `${ui.result}${ui.colon}${r.award} ${r.name}` }),
        figures.childElementCount ? figures : null,
        questions,
        ...headlines(r),
        el("p", { className: "calc-not-promise", text: ui.not_promise }),
        versionsNote(r),
        citation(r, ui),
        reportLink(r, inputs, ui, root.dataset.report),
        el("p", { className: "calc-sheet-actions" }, add, " ", said),
        el("h3", { text: ui.steps }),
        list("ol", r.steps, "calc-steps"),
        r.conditions.length ? el("h3", { text: ui.conditions }) : null,
        r.conditions.length ? checklist : null,
        r.notes.length ? el("h3", { text: ui.notes }) : null,
        r.notes.length ? list("ul", r.notes) : null,
        el("h3", { text: ui.clause }),
        el("blockquote", { className: "calc-clause" }, highlighted(measure.clause_zh, r.phrases)),
        lang === "en"
          ? el("details", {}, el("summary", { text: ui.translation }), el("p", { lang: "en", text: measure.clause_en }))
          : null,
        el("p", {}, el("a", { href: measure.url, text: `${ui.measure_link}${ui.colon}${measure.title}` })),
      ].filter(Boolean),
    );
    result.dataset.amount = r.amount === null ? "" : r.amount;
    result.dataset.eligible = String(r.eligible);
    result.dataset.bound = r.bound;
    result.dataset.questions = String(r.questions.length);
    needs.hidden = true;
    result.hidden = false;
    live.textContent = r.headline;
    if (focus) {
      // focus() alone scrolls the result by the nearest edge, under the sticky header; scrolling
      // to its start honours the page's scroll-padding (site.css).
      result.focus({ preventScroll: true });
      result.scrollIntoView({ block: "start" });
    }
  }

  let focusNext = false;
  function onAnswer(kind, payload) {
    if (kind === ASK.read) {
      if (payload.ok) showReadings(fields, payload.fields, ui);
      return;
    }
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

  let readTimer = null;
  function askRead() {
    // How each figure was read, as the person types: a slip shows before any result.
    clearTimeout(readTimer);
    engine.drop(ASK.read); // a reading in flight describes an older text
    readTimer = setTimeout(() => {
      if (select.value) engine.ask(ASK.read, { award: select.value, fields: values(), lang });
    }, 200);
  }

  filter.addEventListener("input", () => {
    fillSelect(filter.value);
    if (select.value && select.value !== form.dataset.award) select.dispatchEvent(new Event("change"));
  });
  select.addEventListener("change", () => {
    form.dataset.award = select.value;
    showAward(select.value);
    writeURL();
    askWhenComplete();
  });
  // "Add to the sheet" belongs to one estimate: a changed form will bring a new one.
  fields.addEventListener("input", (event) => {
    dropReading(event.target);
    askRead();
    clearResult();
    engine.drop(ASK.estimate); // whatever is in flight now answers a form that no longer exists
    writeURL();
    clearTimeout(debounce);
    needs.hidden = complete();
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
    askRead();
    askWhenComplete();
  } else {
    select.selectedIndex = 0;
    form.dataset.award = select.value;
    showAward(select.value);
  }
  // A link pasted into the address bar of this same page changes only the fragment: follow it.
  window.addEventListener("hashchange", () => {
    if (readURL()) {
      form.dataset.award = select.value;
      askRead();
      askWhenComplete();
    }
  });
}

main();
