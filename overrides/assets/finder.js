// The finder page. The questions and one compact row per award are in the page already
// (templates/finder.md.j2, from measures.yaml); this script sends the answers to the Python
// calculator in the Web Worker (calculator.web.page_find) and shows what it says: the awards that
// may fit (with why, on demand) and the related measures that set no amount, in the order Python
// ranks them (the best supported first: measure 7 leads for an equipment maker), and the awards
// left out with their reasons. "Add to the sheet" appends to the sheet kept in this browser
// (sheet-store.js). The answers live in the address's #fragment, which is never sent anywhere.
import { connectEngine, el, fill, keepStateAcrossLanguages, readState, writeState } from "./engine.js";
import { ASK } from "./protocol.js";
import { addToSheet } from "./sheet-store.js";

// The page's one entry point: everything below runs when the page calls it, once.
function main() {
  keepStateAcrossLanguages();
  const root = document.getElementById("finder");
  const lang = root.dataset.lang;
  const ui = {
    ...JSON.parse(document.getElementById("calculator-ui").textContent),
    ...JSON.parse(document.getElementById("finder-ui").textContent),
  };

  const questions = document.getElementById("finder-questions");
  const fitList = document.getElementById("finder-fit");
  const outBox = document.getElementById("finder-out");
  const outList = outBox.querySelector(".finder-rows");
  const counts = document.getElementById("finder-counts");
  const outTitle = outBox.querySelector("summary").textContent;
  const rows = new Map([...root.querySelectorAll(".finder-row[data-award]")].map((row) => [row.dataset.award, row]));
  const measureRows = new Map(
    [...root.querySelectorAll(".finder-row[data-measure]")].map((row) => [`m${row.dataset.measure}`, row]),
  );
  const order = [...rows.keys()];

  const QUESTIONS = ["roles", "domains", "organisation", "legal_person", "activities"];
  const status = el("div");
  const answersLine = el("p", { className: "finder-answers" });
  questions.before(status);
  counts.after(answersLine);
  // On a phone the list starts a screen and more below the questions: the count stays in sight at
  // the bottom while they are answered, with a link down to the list.
  const sticky = el("p", { className: "finder-sticky", id: "finder-sticky" });
  questions.after(sticky);
  if ("IntersectionObserver" in window) {
    // Once the list's own count is on screen, the copy steps aside.
    new IntersectionObserver(([entry]) => sticky.classList.toggle("finder-sticky--away", entry.isIntersecting)).observe(
      counts,
    );
  }

  for (const [id, row] of rows) {
    const add = el("button", { type: "button", className: "md-button finder-add", "data-award": id, text: ui.add });
    row.querySelector(".finder-estimate").after(" ", add);
  }
  // The more precise activities stay folded unless a link answers them.
  const more = questions.querySelector(".finder-more");

  // ---- state: the answers, in the #fragment ------------------------------------------------------
  function answers() {
    const form = new FormData(questions);
    return {
      organisation: form.get("organisation") || "",
      legal_person: form.get("legal_person") || "",
      domains: form.getAll("domains"),
      roles: form.getAll("roles"),
      activities: form.getAll("activities"),
    };
  }

  function saveState() {
    const params = new URLSearchParams();
    for (const name of QUESTIONS) {
      const value = answers()[name];
      const text = Array.isArray(value) ? value.join(",") : value;
      if (text) params.set(name, text);
    }
    writeState(params);
  }

  function loadState() {
    const params = readState();
    for (const name of QUESTIONS) {
      const wanted = (params.get(name) || "").split(",").filter(Boolean);
      for (const control of questions.querySelectorAll(`[name="${name}"]`)) {
        control.checked =
          control.type === "radio" ? control.value === (wanted[0] || "") : wanted.includes(control.value);
      }
    }
    if (params.get("activities")) more.open = true;
  }

  // ---- the finder ---------------------------------------------------------------------------------
  function answered(a) {
    return Boolean(a.organisation || a.legal_person || a.domains.length || a.roles.length || a.activities.length);
  }

  function describeAnswers(a) {
    const labelOf = (name, value) => {
      const control = questions.querySelector(`[name="${name}"][value="${CSS.escape(value)}"]`);
      return control ? control.parentElement.textContent.trim() : value;
    };
    const legend = (name) =>
      questions.querySelector(`[name="${name}"]`).closest("fieldset").querySelector("legend").dataset.name;
    const [semicolon, comma] = lang === "zh" ? ["；", "、"] : ["; ", ", "];
    const parts = QUESTIONS.map((name) => {
      const values = [].concat(a[name]).filter(Boolean);
      return `${legend(name)}${ui.colon}${values.length ? values.map((v) => labelOf(name, v)).join(comma) : ui.none}`;
    });
    return `${ui.answers}${ui.colon}${parts.join(semicolon)}`;
  }

  function askFinder() {
    delete root.dataset.fit; // until the engine answers these answers
    delete root.dataset.order;
    const a = answers();
    answersLine.textContent = describeAnswers(a);
    if (!engine.ask(ASK.find, { answers: a, lang })) counts.textContent = ui.waiting;
  }

  function showWhy(row, words, summary) {
    const why = row.querySelector(".finder-why");
    why.querySelector("summary").textContent = summary;
    why.querySelector("ul").replaceChildren(...words.map((text) => el("li", { text })));
    why.hidden = words.length === 0;
  }

  function showFinder(payload) {
    if (!payload.ok) {
      counts.textContent = ui.failed;
      return;
    }
    const byAward = new Map(payload.awards.map((r) => [r.award, r]));
    const byMeasure = new Map(payload.measures.map((m) => [`m${m.measure}`, m]));
    for (const [id, row] of rows) {
      const result = byAward.get(id);
      showWhy(row, result.fits ? result.because : result.reasons, result.fits ? ui.why_fits : ui.why_out);
      row.dataset.support = result.support || "";
      if (!result.fits) outList.append(row); // left out: in the order of the document
    }
    for (const [id, row] of measureRows) {
      const measure = byMeasure.get(id);
      row.hidden = !measure;
      if (measure) showWhy(row, measure.because, ui.why_fits);
      row.dataset.support = measure ? measure.support : "";
      fitList.append(row); // those not related stay hidden at the end
    }
    // What may fit, best supported first (Python's order); the unrelated measures after, hidden.
    fitList.prepend(...payload.order.map((id) => rows.get(id) || measureRows.get(id)));
    const fit = payload.awards.filter((r) => r.fits).length;
    const out = order.length - fit;
    outBox.hidden = out === 0;
    if (fit === 0) outBox.open = true; // nothing fits: the reasons are the answer
    outBox.querySelector("summary").textContent = `${outTitle}${lang === "zh" ? `（${out}）` : ` (${out})`}`;
    let said = answered(answers()) ? fill(ui.counts, { fit, out }) : ui.all_shown;
    if (payload.related.length)
      said += `${lang === "zh" ? "" : " "}${fill(ui.related_count, { n: payload.related.length })}`;
    counts.textContent = said;
    sticky.replaceChildren(el("span", { text: said }), " ", el("a", { href: "#finder-results", text: ui.to_results }));
    root.dataset.fit = payload.awards
      .filter((r) => r.fits)
      .map((r) => r.award)
      .join(" ");
    root.dataset.related = payload.related.join(" ");
    root.dataset.order = payload.order.join(" ");
  }

  const engine = connectEngine({
    status,
    ui,
    onAnswer(kind, payload) {
      if (kind === ASK.find) showFinder(payload);
    },
  });

  // ---- adding to the sheet kept in this browser ---------------------------------------------------
  function addFrom(button) {
    let note = button.parentElement.querySelector(".finder-added");
    if (!note) {
      note = el("span", { className: "finder-added", role: "status" });
      button.after(" ", note);
    }
    // The keyboard goes on from what the press brought.
    addToSheet({ award: button.dataset.award, project: "", inputs: {} }, note, ui).focus();
  }

  questions.addEventListener("change", () => {
    saveState();
    askFinder();
  });
  root.addEventListener("click", (event) => {
    const button = event.target.closest(".finder-add");
    if (button) addFrom(button);
  });

  function start() {
    loadState();
    saveState(); // an older link's query string moves into the fragment
    askFinder();
  }
  start();
  // A link pasted into the address bar of this same page changes only the fragment: start over.
  window.addEventListener("hashchange", start);
}

main();
