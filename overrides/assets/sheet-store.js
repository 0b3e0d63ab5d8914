// The combined sheet kept in this browser: the calculator and the finder add to it, the sheet
// page (sheet/) shows and edits it. It lives in localStorage, on this device only; nothing is
// sent anywhere. A shared link carries a sheet in the address's #fragment instead (e1=4.1&
// e1.investment=...), which no server ever receives.
//
// An entry is {award, project, inputs: {name: text as typed}, shown}: `shown`, what the engine
// showed for it when it was kept (its data revision, amount and the award's figures; the
// estimate's `shown`), is what the sheet compares with the current data (decisions/0019).
//
// Nothing is lost without a word: an entry whose award this build does not have is kept as it
// is (the page shows it as such and counts it nowhere); a stored sheet that cannot be read is
// set aside under a key of its own, unchanged, and the page says so (storeProblem()); the limit
// of entries is enforced where entries are added, never by dropping stored ones.

import { el, fill } from "./engine.js";

const KEY = "sz-sep-calculator/sheet/v1";
export const MAX_ENTRIES = 60; // as calculator/sheet.py: a sheet is for people, batch is for bulk
let fallback = null; // entries kept in memory where the browser refuses storage
let readOnly = false; // a stored text could not be set aside: never written over

export function storageWorks() {
  try {
    localStorage.setItem(`${KEY}/probe`, "1");
    localStorage.removeItem(`${KEY}/probe`);
    return true;
  } catch {
    return false;
  }
}

// Whatever a stored or shared sheet holds, only well-formed entries come out: each with an award
// id (known to this build or not: `awards` is not a filter), a project and its inputs as text.
function clean(raw) {
  if (!Array.isArray(raw)) return [];
  const out = [];
  for (const item of raw) {
    if (!item || typeof item.award !== "string" || !item.award) continue;
    const inputs = {};
    if (item.inputs && typeof item.inputs === "object") {
      for (const [name, value] of Object.entries(item.inputs)) inputs[name] = String(value ?? "");
    }
    const entry = { award: item.award, project: String(item.project ?? ""), inputs };
    // What the entry showed when it was kept (calculator/memo.py), to say what the data changed
    // since; a sheet stored before this existed has none, and shows no comparison.
    if (item.shown && typeof item.shown === "object" && !Array.isArray(item.shown)) entry.shown = item.shown;
    out.push(entry);
  }
  return out;
}

// A stored text that is not a sheet: kept, unchanged, under a key of its own (the first free
// one), and taken out of the sheet's key so that the next save cannot overwrite it.
const ASIDE = `${KEY}/unreadable`;
function setAside(text) {
  let aside = ASIDE;
  for (let n = 2; localStorage.getItem(aside) !== null && localStorage.getItem(aside) !== text; n++) {
    aside = `${ASIDE}-${n}`;
  }
  localStorage.setItem(aside, text);
  localStorage.removeItem(KEY);
}

// The keys under which unreadable sheets were set aside (the page says so until discarded).
export function setAsideSheets() {
  try {
    return Object.keys(localStorage)
      .filter((k) => k === ASIDE || k.startsWith(`${ASIDE}-`))
      .sort();
  } catch {
    return [];
  }
}

export function discardSetAside() {
  for (const key of setAsideSheets()) localStorage.removeItem(key);
}

export function loadEntries() {
  if (fallback) return clean(fallback);
  let text = null;
  try {
    text = localStorage.getItem(KEY);
    if (text === null) return [];
    const raw = JSON.parse(text);
    if (!Array.isArray(raw)) throw new TypeError("not a list of entries");
    return clean(raw);
  } catch {
    try {
      if (text !== null) setAside(text);
    } catch {
      // Storage refused the copy: leave the text where it is; saves go to memory only.
      readOnly = true;
      fallback = [];
    }
    return [];
  }
}

// Returns false where this browser does not let the site keep anything (the entries are then
// kept for this page only, and the page says so).
export function saveEntries(entries) {
  const kept = clean(entries);
  if (readOnly) {
    fallback = kept;
    return false;
  }
  try {
    if (kept.length) localStorage.setItem(KEY, JSON.stringify(kept));
    else localStorage.removeItem(KEY);
    fallback = null;
    return true;
  } catch {
    fallback = kept;
    return false;
  }
}

// Adds one entry after those already kept (never replacing them); returns its number (1-based)
// or 0 where the sheet is full.
export function appendEntry(entry) {
  const entries = loadEntries();
  if (entries.length >= MAX_ENTRIES) return 0;
  entries.push(entry);
  saveEntries(entries);
  return entries.length;
}

// "Add to the sheet", the one way the calculator and the finder add an entry: appended after
// whatever the sheet holds, and said in `note` with a link to the sheet (where the browser keeps
// nothing, the link itself carries the entry). Returns that link, for the keyboard to go on from.
export function addToSheet(entry, note, ui) {
  const kept = storageWorks();
  const n = kept ? appendEntry(entry) : 1;
  const href = kept ? "../sheet/" : `../sheet/#${entriesToParams([entry])}`;
  const open = el("a", { href, className: "calc-open-sheet", text: ui.open_sheet });
  note.replaceChildren(n ? fill(ui.added, { n }) : ui.sheet_full, " ", open);
  if (!kept) note.append(" ", el("span", { text: ui.not_kept }));
  return open;
}

// Another tab (the calculator, the finder) added or changed entries.
export function onEntriesChanged(callback) {
  window.addEventListener("storage", (event) => {
    if (event.key === KEY || event.key === null) callback();
  });
}

// ---- a sheet in a link's #fragment ----------------------------------------------------------
export function entriesToParams(entries, params = new URLSearchParams()) {
  entries.forEach((entry, i) => {
    const key = `e${i + 1}`;
    params.set(key, entry.award);
    if (entry.project) params.set(`${key}.project`, entry.project);
    for (const [name, value] of Object.entries(entry.inputs)) {
      if (value !== "") params.set(`${key}.${name}`, value);
    }
  });
  return params;
}

// Every entry of a link, in order (an award this build lacks too, with the inputs the link
// gives it); the page says when there are more than MAX_ENTRIES.
export function entriesFromParams(params, awards) {
  const found = [];
  for (const [key, value] of params) {
    const match = /^e(\d+)$/.exec(key);
    if (match && value) found.push({ n: Number(match[1]), award: value });
  }
  found.sort((a, b) => a.n - b.n);
  return found.map(({ n, award }) => {
    const inputs = {};
    if (awards.has(award)) {
      for (const input of awards.get(award).inputs) inputs[input.name] = params.get(`e${n}.${input.name}`) || "";
    } else {
      for (const [key, value] of params) {
        const name = key.startsWith(`e${n}.`) ? key.slice(`e${n}.`.length) : "";
        if (name && name !== "project") inputs[name] = value;
      }
    }
    return { award, project: params.get(`e${n}.project`) || "", inputs };
  });
}

export function sameEntries(a, b) {
  return JSON.stringify(clean(a)) === JSON.stringify(clean(b));
}
