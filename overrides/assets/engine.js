// What the calculator and finder pages share: the calculation engine (Python on Pyodide, in a
// Web Worker), its status line, the page state kept in the address's #fragment, and small DOM
// helpers. Every number and message comes from the Python package; this file only carries them.
// Importing it does nothing by itself: the pages call what they need.
import { startEngine } from "./engine-start.js";
import { STAGE, STATUS, question } from "./protocol.js";

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// "{n} awards" with n filled in.
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
}

export function list(tag, items, className) {
  const node = el(tag, { className });
  for (const item of items) node.append(el("li", { text: item }));
  return node;
}

// One input of an award, as measures.yaml describes it: label, control, unit, help, how figures
// may be written (hint), how the figure typed was read (filled in as the person types), and an
// error box. `prefix` keeps ids unique when a page shows the same input more than once.
export function fieldFor(input, prefix = "field-") {
  const id = `${prefix}${input.name}`;
  const help = input.help ? el("p", { className: "field-help", id: `${id}-help`, text: input.help }) : null;
  const hint = input.hint ? el("p", { className: "field-hint", id: `${id}-hint`, text: input.hint }) : null;
  const reading = el("p", { className: "field-reading", id: `${id}-reading`, hidden: true });
  const error = el("p", { className: "field-error", id: `${id}-error`, hidden: true });
  const describedBy = [help && `${id}-help`, hint && `${id}-hint`, `${id}-reading`, `${id}-error`]
    .filter(Boolean)
    .join(" ");
  let control;
  if (input.type === "choice") {
    control = el("select", { id, name: input.name, "aria-describedby": describedBy });
    control.append(el("option", { value: "", text: "—" }));
    for (const choice of input.choices) control.append(el("option", { value: choice.key, text: choice.label }));
  } else if (input.type === "money_list") {
    // One field for all the years: one amount a line (or separated by ；).
    control = el("textarea", {
      id,
      name: input.name,
      rows: "3",
      autocomplete: "off",
      spellcheck: "false",
      "aria-describedby": describedBy,
    });
  } else {
    // Figures get a number keyboard on phones where only digits are typed; money takes 万 and 亿
    // too, and a plain text (a name) takes anything.
    const mode = { count: "numeric", percent: "decimal", number: "decimal" }[input.type] ?? null;
    control = el("input", {
      id,
      name: input.name,
      type: "text",
      inputmode: mode,
      autocomplete: "off",
      spellcheck: "false",
      "aria-describedby": describedBy,
    });
  }
  const unit = input.unit ? el("span", { className: "field-unit", text: input.unit }) : null;
  return el(
    "div",
    { className: "calc-field", "data-type": input.type },
    el("label", { for: id, text: input.label }),
    el("div", { className: "field-control" }, control, unit),
    help,
    hint,
    reading,
    error,
  );
}

// Say under each field how its figure was read ("= 5,000万元 = 50,000,000元"), with a question
// where it looks like a slip, or what is wrong with it; `fields` is what calculator.web.page_read
// answered; `ui` holds the page's words. Fields not in the answer (empty ones) are cleared.
export function showReadings(container, fields, ui) {
  for (const control of container.querySelectorAll("input[name], select[name], textarea[name]")) {
    const reading = document.getElementById(`${control.id}-reading`);
    if (!reading) continue;
    const found = fields[control.name];
    reading.replaceChildren();
    reading.hidden = true;
    reading.classList.remove("field-reading--question");
    if (!found) continue;
    if (found.error) {
      showFieldErrors(container, { [control.name]: found.error });
      continue;
    }
    reading.append(el("span", { text: found.reading }));
    if (found.question) {
      reading.classList.add("field-reading--question");
      reading.append(el("strong", { className: "field-question", text: found.question }));
      if (found.suggest) {
        // One press writes the figure in 万, as the question suggests; the person decides.
        const fix = el("button", {
          type: "button",
          className: "md-button field-suggest",
          text: fill(ui.suggest, { text: found.suggest }),
        });
        fix.addEventListener("click", () => {
          control.value = found.suggest;
          control.dispatchEvent(new Event("input", { bubbles: true }));
          control.focus();
        });
        reading.append(fix);
      }
    }
    reading.hidden = false;
  }
}

// Mark each field's error (from Python) beside it; returns the first control marked.
export function showFieldErrors(container, errors) {
  let first = null;
  for (const [name, text] of Object.entries(errors)) {
    const control = container.querySelector(`[name="${CSS.escape(name)}"]`);
    const box = control && document.getElementById(`${control.id}-error`);
    if (!box) continue;
    box.textContent = text;
    box.hidden = false;
    control.setAttribute("aria-invalid", "true");
    first = first || control;
  }
  return first;
}

// A reading describes the figure before this keystroke: gone at once, until the new one comes.
export function dropReading(control) {
  const reading = document.getElementById(`${control.id}-reading`);
  if (reading) {
    reading.hidden = true;
    reading.replaceChildren();
  }
}

// The figures of a form, by input name, as typed.
export function fieldValues(container) {
  const out = {};
  for (const control of container.querySelectorAll("input[name], select[name], textarea[name]")) {
    if (control.name !== "project") out[control.name] = control.value;
  }
  return out;
}

export function clearFieldErrors(container) {
  for (const box of container.querySelectorAll(".field-error")) {
    box.hidden = true;
    box.textContent = "";
  }
  for (const control of container.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
}

// ---- the state lives in the #fragment: it is never sent to the server that serves the page ----
export function readState() {
  // Older links put the state in the query string; read it once, then keep it in the fragment.
  const hash = location.hash.startsWith("#") ? location.hash.slice(1) : "";
  return new URLSearchParams(hash || location.search);
}

// The theme's language switch follows its own map of pages and drops the #fragment. On the tool
// pages the switch's links already name the same page in the other language, and writeState
// keeps their #fragment current: let the browser follow them as they are.
export function keepStateAcrossLanguages() {
  for (const link of document.querySelectorAll("a[hreflang]")) {
    link.addEventListener("click", (event) => event.stopPropagation());
  }
}

export function writeState(params) {
  const text = params.toString();
  history.replaceState(null, "", `${location.pathname}${text ? `#${text}` : ""}`);
  // The language switch opens the same page in the other language: with the same state.
  for (const link of document.querySelectorAll("a[hreflang]")) {
    const url = new URL(link.href);
    url.hash = text;
    link.href = url.href;
  }
}

// ---- offline: the site's service worker (sw.js at the site's root; decisions/0011) ------------
// Registered once the engine is ready, so that what it keeps comes from the browser's HTTP
// cache instead of competing with the page's own downloads. A newer build that takes over while
// this page's engine is still loading would mix two builds' files: start again on the new one.
// Once the engine is ready, the page is not reloaded under the reader: it says that a new build
// has taken over, with a button to reload (every page keeps its state in the #fragment or this
// browser's storage, so nothing entered is lost). The sheet then compares what its entries
// showed with the new data (decisions/0019).
function restartOnNewBuild(status, ui) {
  const controlled = Boolean(navigator.serviceWorker?.controller);
  const state = { engineReady: false };
  navigator.serviceWorker?.addEventListener("controllerchange", () => {
    if (!controlled) return; // a first visit's worker taking over: the same build
    if (!state.engineReady) location.reload();
    else if (!document.getElementById("site-updated")) {
      const reload = el("button", {
        type: "button",
        className: "md-button",
        id: "site-updated-reload",
        text: ui.reload,
      });
      reload.addEventListener("click", () => location.reload());
      status.after(
        el("p", { id: "site-updated", className: "calc-updated", role: "status" }, `${ui.updated} `, reload),
      );
    }
  });
  return state;
}

function keepForOffline(state) {
  state.engineReady = true;
  // The embed (embed/) is a guest in another site's page: it keeps nothing there (decisions/0013).
  if (document.querySelector('meta[name="site-offline"][content="off"]')) return;
  // On a repeat visit, register() alone leaves the worker as it is: ask for a newer build too.
  navigator.serviceWorker
    ?.register(new URL("../sw.js", import.meta.url))
    .then((registration) => registration.active && registration.update())
    .catch((error) => console.warn("offline copy not kept:", error)); // the page works on, online
}

// What a first visit downloads, as build.py wrote it on the page (sitegen/offline.py: the runtime
// as a host sends it, then what the service worker keeps in the background): said while the
// runtime loads, so a reader on a slow or metered link knows. Not said where the site's service
// worker already serves this page (the runtime is on this device), nor under `build.py serve`.
function downloadNote(ui) {
  const [first, later] = (document.documentElement.dataset.download || "").split(" ").map(Number);
  if (!first || navigator.serviceWorker?.controller) return null;
  const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
  return el("span", {
    className: "calc-download",
    text: ` ${fill(ui.download, { size: mb(first), later: mb(later) })}`,
  });
}

// ---- the engine -------------------------------------------------------------------------------
// The worker was started by engine-start.js (early, from the page's head of content, or on
// import here); its messages are in protocol.js. Answers are matched to the latest question of
// their kind: an older answer is for a form that no longer exists.
export function connectEngine({ status, ui, onAnswer }) {
  const engine = startEngine();
  const worker = engine.worker;
  const offline = restartOnNewBuild(status, ui);
  const latest = {};
  const waiting = new Map(); // kind → the question asked before the engine was ready
  let ready = false;
  let counter = 0;

  const progress = el("progress", { className: "calc-progress", "aria-hidden": "true" });
  const words = el("span", { text: ui.loading_runtime });
  status.classList.add("calc-status");
  status.setAttribute("role", "status");
  const cost = downloadNote(ui);
  status.replaceChildren(progress, el("span", {}, words, cost));

  function handle(message) {
    if (message.type === STATUS.progress) {
      words.textContent = message.stage === STAGE.runtime ? ui.loading_runtime : ui.loading_package;
    } else if (message.type === STATUS.ready) {
      ready = true;
      progress.remove();
      cost?.remove();
      words.textContent = ui.ready;
      status.classList.add("calc-ready");
      status.dataset.engine = message.from; // "snapshot" or "runtime": tests and benchmarks read it
      keepForOffline(offline);
      for (const question of waiting.values()) worker.postMessage(question);
      waiting.clear();
    } else if (message.type === STATUS.failed) {
      progress.remove();
      words.textContent = ui.failed;
      status.classList.add("calc-failed");
    } else if (message.id === latest[message.type]) {
      onAnswer(message.type, message.payload);
    }
  }
  engine.stop();
  for (const data of engine.early.splice(0)) handle(data);
  worker.onmessage = (event) => handle(event.data);

  return {
    // Ask a question of one kind (protocol.js ASK; keyed(ASK.read, "e2") keeps one entry's
    // readings apart from another's); returns false if it has to wait.
    ask(kind, fields) {
      const message = question(kind, ++counter, fields);
      latest[kind] = message.id;
      if (!ready) {
        waiting.set(kind, message);
        return false;
      }
      worker.postMessage(message);
      return true;
    },
    // Forget what is in flight for a kind: its answer would describe a form that has changed.
    drop(kind) {
      latest[kind] = -1;
      waiting.delete(kind);
    },
  };
}

// "Report a problem with this figure": a new issue in the project's repository, filled in with
// the award, the figures as typed and as read, the result and the data revision. Nothing is
// sent: the reader sees the issue on the repository's site and submits it, or not. `base` is
// the repository's new-issue address (the MkDocs hook writes it into the page); a copy of the
// site that knows no repository links to the data page's section on reporting instead.
export function reportLink(r, typed, ui, base) {
  const revision = r.revision
    ? `${r.revision.commit.slice(0, 12)} (${r.revision.date})${r.revision.modified ? ` ${ui.report_modified}` : ""}`
    : ui.report_no_revision;
  const figures = r.inputs.map((i) => `${i.label}${ui.colon}${typed[i.name] ?? ""} (${i.reading})`);
  const lines = [
    ui.report_intro,
    "",
    `- ${ui.report_award}${ui.colon}${r.award} ${r.name}`,
    ...figures.map((f) => `- ${ui.report_figure}${ui.colon}${f}`),
    `- ${ui.report_result}${ui.colon}${r.headline}${r.draft ? ` ${r.draft.headline}` : ""}`,
    `- ${ui.report_revision}${ui.colon}${revision}`,
    `- ${ui.report_page}${ui.colon}${location.href}`,
    "",
    `${ui.report_what}${ui.colon}`,
    "",
  ];
  const href = /^https:\/\//.test(base || "")
    ? `${base}?${new URLSearchParams({ title: fill(ui.report_title, { award: r.award }), body: lines.join("\n") })}`
    : "../data/#report";
  return el("p", { className: "calc-report" }, el("a", { href, "data-report": "", rel: "noopener", text: ui.report }));
}

// Which data an estimate was made from, and the command that gives it again (for a finance
// person's records: the figure can be traced back and checked).
export function citation(r, ui) {
  return el(
    "p",
    { className: "calc-cite" },
    `${ui.revision}${ui.colon}${r.revision_said}`,
    el("br"),
    `${ui.reproduce}${ui.colon}`,
    el("code", { text: r.command }),
  );
}
