// The calculation worker's protocol, declared once (decisions/0019): the pages (through
// engine.js) and the worker (calculator-worker.js) import these names; no other file spells a
// message kind or a field of one.
//
//   page → worker   {kind, id, ...fields}      kind: a key of QUESTIONS, or "kind:key" (keyed())
//                                              to keep one entry's answers apart from another's
//   worker → page   {type: "progress", stage}  stage: STAGE.runtime, then STAGE.package
//                   {type: "ready", from}      from: "snapshot" or "runtime"
//                   {type: "failed", message}
//                   {type: kind, id, payload, ms}  the answer to question `id`: what the Python
//                                              function said (JSON, parsed), and its time in ms
//
// Each question kind is one function of calculator/web.py; `fields` are its arguments in order
// (a string is passed as it is, anything else as JSON text; a missing one as its default).
export const QUESTIONS = Object.freeze({
  estimate: { call: "page_estimate", fields: ["award", "fields", "lang"] },
  read: { call: "page_read", fields: ["award", "fields", "lang"] },
  find: { call: "page_find", fields: ["answers", "lang"] },
  sheet: { call: "page_sheet", fields: ["entries", "lang", "made", "where"] },
});

// The kinds, by name: engine.ask(ASK.sheet, {...}).
export const ASK = Object.freeze(Object.fromEntries(Object.keys(QUESTIONS).map((kind) => [kind, kind])));

export const STATUS = Object.freeze({ progress: "progress", ready: "ready", failed: "failed" });
export const STAGE = Object.freeze({ runtime: "runtime", package: "package" });
export const FROM = Object.freeze({ snapshot: "snapshot", runtime: "runtime" });

// "read:e2": a kind with a key, so answers about entry 2 never replace those about entry 1.
export function keyed(kind, key) {
  return `${kind}:${key}`;
}

export function kindOf(kind) {
  return kind.split(":")[0];
}

// The arguments of a question for its Python function, or null for an unknown kind.
export function argumentsOf(question) {
  const spec = QUESTIONS[kindOf(question.kind)];
  if (!spec) return null;
  return spec.fields.map((name) => {
    const value = question[name];
    if (value === undefined) return "";
    return typeof value === "string" ? value : JSON.stringify(value);
  });
}

export function question(kind, id, fields) {
  return { ...fields, kind, id };
}

export function answer(kind, id, payload, ms) {
  return { type: kind, id, payload, ms };
}

// The embeddable calculator tells its parent page its height, and nothing else (decisions/0013);
// templates/embed-host.js, the host's own script, spells the same type (a test holds them equal).
export const EMBED_HEIGHT = "sz-sep-embed:height";
