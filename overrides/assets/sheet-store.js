// The combined sheet kept in this browser: the calculator and the finder add to it, the sheet
// page (sheet/) shows and edits it. It lives in localStorage, on this device only; nothing is
// sent anywhere. A shared link carries a sheet in the address's #fragment instead (e1=4.1&
// e1.investment=...), which no server ever receives.
//
// An entry is {award, project, inputs: {name: text as typed}}.

const KEY = "sz-sep-calculator/sheet/v1";
const MAX_ENTRIES = 60; // as calculator/sheet.py: a sheet is for people, batch is for bulk
let fallback = null; // entries kept in memory where the browser refuses storage

export function storageWorks() {
  try {
    localStorage.setItem(`${KEY}/probe`, "1");
    localStorage.removeItem(`${KEY}/probe`);
    return true;
  } catch {
    return false;
  }
}

// Whatever a stored or shared sheet holds, only well-formed entries of known awards come out.
function clean(raw, awards) {
  if (!Array.isArray(raw)) return [];
  const out = [];
  for (const item of raw.slice(0, MAX_ENTRIES)) {
    if (!item || typeof item.award !== "string" || (awards && !awards.has(item.award))) continue;
    const inputs = {};
    if (item.inputs && typeof item.inputs === "object") {
      for (const [name, value] of Object.entries(item.inputs)) inputs[name] = String(value ?? "");
    }
    out.push({ award: item.award, project: String(item.project ?? ""), inputs });
  }
  return out;
}

export function loadEntries(awards) {
  if (fallback) return clean(fallback, awards);
  try {
    return clean(JSON.parse(localStorage.getItem(KEY) || "[]"), awards);
  } catch {
    return [];
  }
}

// Returns false where this browser does not let the site keep anything (the entries are then
// kept for this page only, and the page says so).
export function saveEntries(entries) {
  const kept = clean(entries);
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

export function entriesFromParams(params, awards) {
  const found = [];
  for (const [key, value] of params) {
    const match = /^e(\d+)$/.exec(key);
    if (match && awards.has(value)) found.push({ n: Number(match[1]), award: value });
  }
  found.sort((a, b) => a.n - b.n);
  return found.slice(0, MAX_ENTRIES).map(({ n, award }) => {
    const inputs = {};
    for (const input of awards.get(award).inputs) inputs[input.name] = params.get(`e${n}.${input.name}`) || "";
    return { award, project: params.get(`e${n}.project`) || "", inputs };
  });
}

export function sameEntries(a, b) {
  return JSON.stringify(clean(a)) === JSON.stringify(clean(b));
}
