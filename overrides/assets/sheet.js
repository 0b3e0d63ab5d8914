// The combined estimate sheet (sheet/): the entries kept in this browser (sheet-store.js), each
// with its own figures, estimated exactly as the calculator does alone; the total of upper bounds
// with the rules that limit combining beside it; print, CSV, JSON and a link to share. Every
// figure and word of the answer comes from the Python calculator in the Web Worker
// (calculator.web.page_sheet); nothing typed leaves the browser.
import {
  clearFieldErrors,
  connectEngine,
  dropReading,
  el,
  fieldFor,
  fieldValues,
  fill,
  list,
  keepStateAcrossLanguages,
  readState,
  reportLink,
  showFieldErrors,
  showReadings,
  writeState,
} from "./engine.js";
import {
  entriesFromParams,
  entriesToParams,
  loadEntries,
  onEntriesChanged,
  sameEntries,
  saveEntries,
  storageWorks,
} from "./sheet-store.js";
import { MAX_ENTRIES, discardSetAside, setAsideSheets } from "./sheet-store.js";
import { ASK, keyed, kindOf } from "./protocol.js";

// The page's one entry point: everything below runs when the page calls it, once.
function main() {
  keepStateAcrossLanguages();
  const root = document.getElementById("sheet");
  const lang = root.dataset.lang;
  const ui = {
    ...JSON.parse(document.getElementById("calculator-ui").textContent),
    ...JSON.parse(document.getElementById("sheet-ui").textContent),
  };
  const catalogue = JSON.parse(document.getElementById("calculator-catalogue").textContent);
  const awards = new Map(catalogue.awards.map((a) => [a.award, a]));
  const kept = storageWorks();

  let entries = loadEntries(awards);
  let downloads = null; // {csv, json} of the answer that matches the entries shown
  let answered = deferred(); // settled with `downloads` once the engine has answered

  // A promise with its resolve beside it (Promise.withResolvers, where older engines lack it).
  function deferred() {
    let resolve;
    const promise = new Promise((r) => {
      resolve = r;
    });
    return { promise, resolve };
  }

  // ---- layout ---------------------------------------------------------------------------------
  const status = el("div");
  const shared = el("section", {
    id: "sheet-shared",
    className: "sheet-shared",
    hidden: true,
    "aria-labelledby": "sheet-shared-heading",
  });
  const summary = el(
    "section",
    { id: "sheet-summary", className: "sheet-summary", "aria-labelledby": "sheet-total-heading" },
    el("h2", { id: "sheet-total-heading", text: ui.total }),
  );
  const totalLine = el("p", { className: "calc-headline sheet-total", text: ui.waiting_total });
  const counted = el("p", { className: "sheet-counted" });
  const made = el("p", { className: "sheet-made" });
  // What a printout says of itself, so that it can be traced back: the page, the link that opens
  // this very sheet, and the data revision (shown on paper only; the link is long).
  const about = el("dl", { className: "sheet-about" });
  const cautions = el("div", { className: "sheet-cautions" });
  const totalNotes = el("ul", { className: "sheet-total-notes" });
  // Where the data changed entries since they were kept: take the current figures as shown.
  const acceptButton = el("button", {
    type: "button",
    id: "sheet-accept-changes",
    className: "md-button",
    text: ui.accept_changes,
    hidden: true,
  });
  let lastSheet = null; // the sheet the engine last answered, for acceptButton
  summary.append(
    totalLine,
    totalNotes,
    acceptButton,
    counted,
    el("p", { className: "calc-not-promise", text: ui.not_promise }),
    cautions,
    made,
    about,
  );

  const button = (id, text, primary) =>
    el("button", { type: "button", id, className: `md-button${primary ? " md-button--primary" : ""}`, text });
  const printButton = button("sheet-print", ui.print);
  const csvButton = button("sheet-csv", ui.csv);
  const jsonButton = button("sheet-json", ui.json);
  const shareButton = button("sheet-share", ui.share);
  const clearButton = button("sheet-clear", ui.clear);
  const shareBox = el("p", { className: "sheet-share-box", hidden: true });
  const actions = el(
    "div",
    { className: "sheet-actions" },
    el("p", {}, printButton, " ", csvButton, " ", jsonButton, " ", shareButton, " ", clearButton),
    shareBox,
  );

  const entriesBox = el("div", { id: "sheet-entries", className: "sheet-entries" });
  const empty = el(
    "div",
    { className: "sheet-empty" },
    el("p", { text: ui.empty }),
    el(
      "p",
      {},
      el("a", { href: "../finder/", text: ui.to_finder }),
      " · ",
      el("a", { href: "../calculator/", text: ui.to_calculator }),
    ),
  );
  const chooser = el("select", { id: "sheet-choose" });
  for (const measure of catalogue.measures) {
    const group = el("optgroup", { label: measure.title });
    for (const a of catalogue.awards.filter((x) => x.measure === measure.number)) {
      group.append(el("option", { value: a.award, text: `${a.award}  ${a.name}` }));
    }
    chooser.append(group);
  }
  const addChosen = button("sheet-add", ui.add_chosen);
  const adder = el(
    "div",
    { className: "sheet-add calc-form" },
    el("label", { for: "sheet-choose", text: ui.choose }),
    el("div", { className: "field-control" }, chooser, addChosen),
  );
  const keepNote = el("p", { className: "sheet-keep", text: kept ? ui.kept_here : ui.not_kept });
  const live = el("p", { className: "visually-hidden", "aria-live": "polite" });

  root.append(
    status,
    shared,
    summary,
    actions,
    keepNote,
    el("h2", { className: "sheet-entries-heading", text: ui.entries }),
    empty,
    entriesBox,
    adder,
    live,
  );

  // ---- entries ----------------------------------------------------------------------------------
  function entryNode(entry, i) {
    if (!awards.has(entry.award)) return unknownEntryNode(entry, i);
    const a = awards.get(entry.award);
    const prefix = `e${i + 1}-`;
    const box = el("section", {
      className: "sheet-entry",
      "data-entry": String(i),
      "data-award": entry.award,
      "aria-labelledby": `${prefix}heading`,
    });
    box.append(
      el("h3", { id: `${prefix}heading`, text: `${fill(ui.entry, { n: i + 1 })}${ui.colon}${a.award} ${a.name}` }),
    );
    const form = el("div", { className: "sheet-entry-form calc-form" });
    const project = fieldFor({ name: "project", type: "text", label: ui.project }, prefix);
    project.querySelector("input").value = entry.project;
    form.append(project);
    if (!a.inputs.length) form.append(el("p", { className: "field-help", text: ui.no_inputs }));
    for (const input of a.inputs) {
      const field = fieldFor(input, prefix);
      field.querySelector("input, select, textarea").value = entry.inputs[input.name] || "";
      form.append(field);
    }
    const alone = new URLSearchParams({ award: entry.award });
    for (const [name, value] of Object.entries(entry.inputs)) if (value !== "") alone.set(name, value);
    box.append(
      form,
      el("p", { className: "sheet-headline" }),
      // Where the data changed since the entry was kept: was A, now B, and why (decisions/0019).
      el("div", { className: "sheet-changed", role: "note", hidden: true }),
      // Where a later version gives the award no figure: the draft's, apart and never counted.
      el("p", { className: "calc-draft-figure sheet-draft", hidden: true }),
      el("div", { className: "sheet-versions calc-versions calc-versions--changed", role: "note" }),
      el("details", { className: "sheet-steps", hidden: true }, el("summary", { text: ui.steps }), el("ol")),
      // What printing shows of the entry: text, not boxes; the steps written out.
      el("div", { className: "sheet-entry-print" }),
      el(
        "p",
        { className: "sheet-entry-actions" },
        el("a", { href: `../calculator/#${alone}`, className: "sheet-alone", text: `${ui.alone} ${entry.award}` }),
        " ",
        el("button", { type: "button", className: "md-button sheet-remove", text: ui.remove }),
      ),
    );
    return box;
  }

  // An entry whose award this build does not have: shown as kept, with what it holds, never
  // estimated (the engine's answer for it is not shown, and clearAnswer passes it by) and
  // removable like any other.
  function unknownEntryNode(entry, i) {
    const prefix = `e${i + 1}-`;
    const box = el("section", {
      className: "sheet-entry sheet-entry-unknown",
      "data-entry": String(i),
      "data-award": entry.award,
      "data-unknown": "true",
      "aria-labelledby": `${prefix}heading`,
    });
    const held = el("dl", { className: "calc-figures" });
    if (entry.project) held.append(el("dt", { text: ui.project_short }), el("dd", { text: entry.project }));
    for (const [name, value] of Object.entries(entry.inputs))
      held.append(el("dt", { text: name }), el("dd", { text: value }));
    box.append(
      el("h3", { id: `${prefix}heading`, text: `${fill(ui.entry, { n: i + 1 })}${ui.colon}${entry.award}` }),
      el("p", { className: "sheet-unknown", text: fill(ui.unknown, { award: entry.award }) }),
      held.childElementCount ? held : "",
      el("div", { className: "sheet-entry-print" }, el("p", { text: fill(ui.unknown, { award: entry.award }) })),
      el(
        "p",
        { className: "sheet-entry-actions" },
        el("button", { type: "button", className: "md-button sheet-remove", text: ui.remove }),
      ),
    );
    return box;
  }

  // The limit of entries, stated under "Add an award"; and a sheet set aside because it could not
  // be read, said (with a way to delete it) until deleted.
  const limitNote = el("p", { className: "field-help sheet-limit", text: fill(ui.limit, { limit: MAX_ENTRIES }) });
  adder.append(limitNote);
  const asideNote = el("div", { className: "sheet-aside", role: "status", hidden: true });
  keepNote.after(asideNote);
  function reportSetAside() {
    const keys = setAsideSheets();
    asideNote.hidden = !keys.length;
    if (!keys.length) return;
    const discard = button("sheet-discard-aside", ui.discard_aside);
    discard.addEventListener("click", () => {
      discardSetAside();
      reportSetAside();
    });
    asideNote.replaceChildren(el("p", { text: fill(ui.unreadable, { key: keys.join("”, “") }) }), el("p", {}, discard));
  }

  function render() {
    entriesBox.replaceChildren(...entries.map(entryNode));
    empty.hidden = entries.length > 0;
    root.dataset.count = String(entries.length);
    for (let i = 0; i < entries.length; i++) askRead(i, 0);
  }

  function save() {
    saveEntries(entries);
    // Where the browser keeps nothing, the address keeps the sheet: reload and bookmarks work.
    if (!kept) writeState(entriesToParams(entries));
  }

  // ---- answers ------------------------------------------------------------------------------------
  function today() {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  }

  function clearAnswer() {
    // Figures that no longer match the entries must not linger.
    delete root.dataset.upper;
    delete root.dataset.complete;
    delete root.dataset.changedCount;
    if (downloads) answered = deferred();
    downloads = null;
    totalLine.textContent = entries.length ? ui.waiting_total : ui.empty_total;
    counted.textContent = "";
    made.textContent = "";
    about.replaceChildren();
    totalNotes.replaceChildren();
    totalLine.classList.remove("sheet-total--questioned");
    cautions.replaceChildren();
    for (const box of entriesBox.querySelectorAll(".sheet-entry:not([data-unknown])")) {
      const headline = box.querySelector(".sheet-headline");
      headline.textContent = "";
      headline.className = "sheet-headline";
      const draft = box.querySelector(".sheet-draft");
      draft.textContent = "";
      draft.hidden = true;
      box.querySelector(".calc-report")?.remove();
      box.querySelector(".sheet-steps").hidden = true;
      box.querySelector(".sheet-versions").replaceChildren();
      const changed = box.querySelector(".sheet-changed");
      changed.replaceChildren();
      changed.hidden = true;
      delete box.dataset.changed;
      box.querySelector(".sheet-entry-print").replaceChildren();
      delete box.dataset.amount;
      delete box.dataset.bound;
      clearFieldErrors(box);
    }
  }

  let sheetTimer = null;
  function askSheet(delay = 250) {
    clearTimeout(sheetTimer);
    clearAnswer();
    engine.drop(ASK.sheet);
    if (entries.length > MAX_ENTRIES) {
      // said, not sent: the engine takes at most MAX_ENTRIES
      totalLine.textContent = fill(ui.too_many, {
        n: entries.length,
        limit: MAX_ENTRIES,
        extra: entries.length - MAX_ENTRIES,
      });
      return;
    }
    const where = { site: `${location.origin}${location.pathname}`, link: shareURL() };
    sheetTimer = setTimeout(() => engine.ask(ASK.sheet, { entries, lang, made: today(), where }), delay);
  }

  const readTimers = new Map();
  function askRead(i, delay = 200) {
    clearTimeout(readTimers.get(i));
    engine.drop(keyed(ASK.read, `e${i + 1}`)); // a reading in flight describes an older text
    readTimers.set(
      i,
      setTimeout(() => {
        const entry = entries[i];
        if (entry && awards.has(entry.award))
          engine.ask(keyed(ASK.read, `e${i + 1}`), { award: entry.award, fields: entry.inputs, lang });
      }, delay),
    );
  }

  // The link that opens this sheet, with every figure in its #fragment (never sent to a server).
  function shareURL() {
    return `${location.origin}${location.pathname}#${entriesToParams(entries)}`;
  }

  // What the data changed for an entry since it was kept: the flag, was A now B, the change's
  // sentences and the revision the entry was kept with (Python's words: calculator/memo.py).
  function changedNodes(changed) {
    return [
      el(
        "p",
        { className: "sheet-changed-headline" },
        el("strong", { className: "sheet-flag sheet-flag--changed", text: ui.changed_flag }),
        " ",
        changed.headline,
      ),
      list("ul", changed.said, "sheet-changed-said"),
      el("p", { className: "sheet-changed-revision", text: changed.revision_said }),
    ];
  }

  // Each entry keeps what it shows (the estimate's `shown`) unless the data changed it since:
  // that comparison stays until the reader takes the current figures (or edits the entry).
  function keepShown(sheet, accept) {
    let dirty = false;
    sheet.entries.forEach((line, i) => {
      const entry = entries[i];
      if (!line.result || !entry || entry.award !== line.award) return;
      if (line.changed && !accept) return;
      if (JSON.stringify(entry.shown) === JSON.stringify(line.result.shown)) return;
      entry.shown = line.result.shown;
      dirty = true;
    });
    if (dirty) save();
    return dirty;
  }

  function printText(box, line) {
    // The entry as printed text: project, figures as read, the answer, every step.
    const print = box.querySelector(".sheet-entry-print");
    const r = line.result;
    const facts = el("dl", { className: "calc-figures" });
    if (line.project) facts.append(el("dt", { text: ui.project_short }), el("dd", { text: line.project }));
    for (const item of r.inputs) facts.append(el("dt", { text: item.label }), el("dd", { text: item.reading }));
    print.replaceChildren(
      facts.childElementCount ? facts : "",
      el("p", { className: "calc-headline", text: r.headline }),
      r.draft ? el("p", { className: "calc-draft-figure", text: r.draft.headline }) : "",
    );
    if (line.changed) print.append(el("div", { className: "sheet-changed" }, ...changedNodes(line.changed)));
    if (r.questions.length) {
      print.append(
        el("p", { className: "sheet-flag", text: ui.check_flag }),
        list(
          "ul",
          r.questions.map((q) => `${q.label}${ui.colon}${q.text}`),
          "sheet-print-questions",
        ),
      );
    }
    print.append(list("ol", r.steps, "calc-steps"));
    if (r.conditions.length) {
      print.append(
        el("p", { className: "sheet-print-label", text: ui.conditions }),
        list("ul", r.conditions, "sheet-print-conditions"),
      );
    }
    // The version followed is said once, at the head of the sheet; each entry says how it stands later.
    print.append(
      list(
        "ul",
        r.later.map((v) => v.said),
        "sheet-print-versions",
      ),
      el("p", { className: "calc-cite" }, `${ui.reproduce}${ui.colon}`, el("code", { text: r.command })),
    );
  }

  function showSheet(payload) {
    clearAnswer();
    if (!payload.ok) {
      live.textContent = ui.failed;
      return;
    }
    const sheet = payload.sheet;
    sheet.entries.forEach((line, i) => {
      const box = entriesBox.querySelector(`[data-entry="${i}"]`);
      if (!box || box.dataset.unknown) return;
      const headline = box.querySelector(".sheet-headline");
      if (line.result) {
        const r = line.result;
        headline.textContent = r.headline;
        headline.classList.add(
          "calc-headline",
          r.draft ? "calc-standing" : `calc-${r.eligible ? r.bound : "not-eligible"}`,
        );
        if (r.questions.length) headline.prepend(el("span", { className: "sheet-flag", text: ui.check_flag }), " ");
        if (r.draft) {
          const draft = box.querySelector(".sheet-draft");
          draft.textContent = r.draft.headline;
          draft.hidden = false;
        }
        box.querySelector(".sheet-entry-actions").after(reportLink(r, entries[i].inputs, ui, root.dataset.report));
        // A later version known to differ is said beside the figure it puts in doubt.
        const doubt = r.later.filter((v) => v.status === "changed" || v.status === "removed");
        box.querySelector(".sheet-versions").replaceChildren(...doubt.map((v) => el("p", { text: v.said })));
        // A question about a figure shows under its field (the readings); print repeats it.
        const steps = box.querySelector(".sheet-steps");
        steps.querySelector("ol").replaceChildren(...r.steps.map((s) => el("li", { text: s })));
        steps.hidden = false;
        if (line.changed) {
          const changed = box.querySelector(".sheet-changed");
          changed.replaceChildren(...changedNodes(line.changed));
          changed.hidden = false;
          box.dataset.changed = "true";
        }
        printText(box, line);
        box.dataset.amount = r.amount === null ? "" : r.amount;
        box.dataset.bound = r.bound;
      } else {
        // A field not filled in yet is not an error to shout about; a wrong figure is.
        const typed = Object.fromEntries(
          Object.entries(line.errors).filter(([name]) => {
            const control = box.querySelector(`[name="${CSS.escape(name)}"]`);
            return control?.value.trim() !== "";
          }),
        );
        showFieldErrors(box, typed);
        headline.textContent = Object.keys(typed).length ? ui.incomplete : ui.fill_in;
        box.querySelector(".sheet-entry-print").append(el("p", { text: headline.textContent }));
      }
      showApplication(box, line.application);
    });
    counted.textContent = fill(ui.counted, { n: sheet.totals.counted, of: sheet.entries.length });
    made.textContent = fill(ui.made, { checked: sheet.document.source_checked_said, made: sheet.made });
    about.append(
      el("dt", { text: ui.about_follows }),
      el("dd", { text: sheet.document.words }),
      el("dt", { text: ui.about_revision }),
      el("dd", { text: sheet.revision_said }),
      el("dt", { text: ui.about_site }),
      el("dd", { text: sheet.where.site || "" }),
      el("dt", { text: ui.about_link }),
      el("dd", { text: sheet.where.link || "" }),
    );
    // The sum large; what qualifies it right beside it (left out, figures to check), not two
    // screens down.
    totalLine.textContent = sheet.totals.sum;
    totalNotes.replaceChildren(...sheet.totals.notes.map((note) => el("li", { text: note })));
    totalLine.classList.toggle("sheet-total--questioned", sheet.totals.questioned.length > 0);
    root.dataset.changedCount = String(sheet.totals.changed.length);
    acceptButton.hidden = sheet.totals.changed.length === 0;
    lastSheet = sheet;
    keepShown(sheet, false);
    cautions.replaceChildren(el("h3", { text: ui.cautions }), list("ul", sheet.cautions));
    root.dataset.upper = sheet.totals.upper;
    root.dataset.complete = String(sheet.complete);
    downloads = { csv: payload.csv, json: payload.json, calendar: payload.calendar };
    answered.resolve(downloads);
    live.textContent = sheet.totals.headline;
  }

  const engine = connectEngine({
    status,
    ui,
    onAnswer(kind, payload) {
      if (kind === ASK.sheet) showSheet(payload);
      else if (kindOf(kind) === ASK.read && payload.ok) {
        const box = entriesBox.querySelector(`[data-entry="${Number(kind.split(":e")[1]) - 1}"]`);
        if (box) showReadings(box, payload.fields, ui);
      }
    },
  });

  // ---- a shared link ------------------------------------------------------------------------------
  function forgetLink() {
    if (kept) history.replaceState(null, "", location.pathname);
  }

  function openLink() {
    const linked = entriesFromParams(readState(), awards);
    shared.hidden = true;
    if (!linked.length) return;
    const stored = loadEntries(awards);
    if (!stored.length || sameEntries(stored, linked) || !kept) {
      entries = linked;
      save();
      forgetLink();
      return;
    }
    // This browser holds a sheet of its own: ask before replacing it.
    const choose = (action) => () => {
      if (action === "replace") entries = linked;
      else if (action === "append") entries = loadEntries(awards).concat(linked);
      if (action !== "keep") save();
      shared.hidden = true;
      forgetLink();
      render();
      askSheet(0);
    };
    const names = list(
      "ul",
      linked.map((e) => `${e.award} ${awards.get(e.award)?.name ?? ""}${e.project ? ` (${e.project})` : ""}`),
    );
    const replace = button("sheet-shared-replace", fill(ui.shared_replace, { stored: stored.length }), true);
    const append = button("sheet-shared-append", fill(ui.shared_append, { linked: linked.length }));
    const keep = button("sheet-shared-keep", ui.shared_keep);
    replace.addEventListener("click", choose("replace"));
    append.addEventListener("click", choose("append"));
    keep.addEventListener("click", choose("keep"));
    shared.replaceChildren(
      el("h2", { id: "sheet-shared-heading", text: ui.shared_heading }),
      el("p", { text: fill(ui.shared_ask, { linked: linked.length, stored: stored.length }) }),
      names,
      el("p", { className: "sheet-shared-actions" }, replace, " ", append, " ", keep),
    );
    shared.hidden = false;
  }

  // ---- wiring -------------------------------------------------------------------------------------
  function download(extension, text, type) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = el("a", { href: url, download: `award-estimate-${today()}.${extension}`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // How to apply for an entry's award (calculator/application.py): folded on screen, written out
  // in print. It does not wait for the figures.
  function showApplication(box, application) {
    const old = box.querySelector(".sheet-apply");
    old?.remove();
    if (!application) return;
    const [intro, ...rows] = application.lines;
    const shown = el(
      "details",
      { className: "sheet-apply", open: Boolean(old?.open) },
      el("summary", { text: application.heading }),
      el("p", { text: intro }),
      list("ul", rows),
    );
    box.querySelector(".sheet-entry-print").after(shown);
    box
      .querySelector(".sheet-entry-print")
      .append(
        el("p", { className: "sheet-print-label", text: application.heading }),
        list("ul", application.lines, "sheet-print-apply"),
      );
  }

  // The calendar file (.ics) of the entries' known application windows, made by the engine with
  // the CSV (calculator/ics.py); where none is known it says so instead of giving an empty file.
  function calendarButton() {
    const calendar = button("sheet-ics", ui.ics);
    const note = el("p", { id: "sheet-ics-note", className: "sheet-ics-note", role: "status", hidden: true });
    csvButton.after(" ", calendar);
    shareBox.before(note);
    calendar.addEventListener("click", () =>
      whenAnswered((d) => {
        note.hidden = false;
        if (!d.calendar.ics) {
          note.textContent = ui.ics_none;
          return;
        }
        note.textContent = fill(ui.ics_made, { n: d.calendar.events });
        download("ics", d.calendar.ics, "text/calendar;charset=utf-8");
      }),
    );
  }

  // A download is of the figures shown: it waits for the engine's answer to the entries as they
  // are (showSheet settles the promise; clearAnswer makes a new one), never polling.
  function whenAnswered(then) {
    if (!downloads) live.textContent = ui.waiting_total;
    answered.promise.then(then);
  }

  root.addEventListener("click", (event) => {
    const remove = event.target.closest(".sheet-remove");
    if (!remove) return;
    entries.splice(Number(remove.closest(".sheet-entry").dataset.entry), 1);
    save();
    render();
    askSheet(0);
    live.textContent = ui.removed;
    chooser.focus();
  });
  entriesBox.addEventListener("input", (event) => {
    const control = event.target;
    const box = control.closest(".sheet-entry");
    if (!box) return;
    const i = Number(box.dataset.entry);
    const entry = entries[i];
    if (control.name === "project") entry.project = control.value.trim();
    else {
      entry.inputs = { ...entry.inputs, ...fieldValues(box) };
      delete entry.shown; // it shows other figures now: the next answer is what it shows
      dropReading(control);
      askRead(i);
    }
    save();
    const alone = new URLSearchParams({ award: entry.award });
    for (const [name, value] of Object.entries(entry.inputs)) if (value !== "") alone.set(name, value);
    box.querySelector(".sheet-alone").href = `../calculator/#${alone}`;
    askSheet();
  });
  addChosen.addEventListener("click", () => {
    if (entries.length >= MAX_ENTRIES) {
      live.textContent = fill(ui.full, { limit: MAX_ENTRIES });
      limitNote.textContent = live.textContent;
      return;
    }
    const award = awards.get(chooser.value);
    entries.push({
      award: award.award,
      project: "",
      inputs: Object.fromEntries(award.inputs.map((i) => [i.name, ""])),
    });
    save();
    render();
    askSheet(0);
    live.textContent = fill(ui.added, { n: entries.length });
    entriesBox.lastElementChild?.querySelector("input, select, textarea")?.focus();
  });
  printButton.addEventListener("click", () => window.print());
  calendarButton();
  acceptButton.addEventListener("click", () => {
    if (lastSheet && keepShown(lastSheet, true)) askSheet(0);
    live.textContent = ui.accepted;
  });
  csvButton.addEventListener("click", () => whenAnswered((d) => download("csv", d.csv, "text/csv;charset=utf-8")));
  jsonButton.addEventListener("click", () => whenAnswered((d) => download("json", d.json, "application/json")));
  shareButton.addEventListener("click", async () => {
    const url = shareURL();
    const field = el("input", {
      type: "text",
      readonly: true,
      value: url,
      id: "sheet-share-link",
      "aria-label": ui.share_label,
    });
    shareBox.replaceChildren(el("span", { text: ui.share_said }), field);
    shareBox.hidden = false;
    field.select();
    try {
      await navigator.clipboard.writeText(url);
      shareBox.prepend(el("strong", { text: `${ui.share_copied} ` }));
    } catch {
      // No clipboard here (an older browser, or permission refused): the link is selected to copy.
    }
  });
  clearButton.addEventListener("click", () => {
    if (!entries.length || !window.confirm(fill(ui.clear_confirm, { n: entries.length }))) return;
    entries = [];
    save();
    render();
    askSheet(0);
  });
  onEntriesChanged(() => {
    // Another tab added or changed entries: show what this browser now holds.
    entries = loadEntries(awards);
    render();
    askSheet(0);
  });

  function start() {
    entries = loadEntries(awards);
    reportSetAside();
    openLink(); // a shared sheet in the address: taken at once, or after asking
    render();
    askSheet(0);
  }
  start();
  // A link pasted into the address bar of this same page changes only the fragment: open it too.
  window.addEventListener("hashchange", start);
}

main();
