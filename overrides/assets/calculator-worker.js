// Runs Python (Pyodide) off the page's main thread, so the page stays responsive while the
// runtime loads. Everything is fetched from this site: the runtime and our wheel sit in
// ./pyodide/, and the wheel is checked against the sha256 in ./pyodide/pyodide-lock.json.
//
// Two ways to start (decisions/0011):
// - from the memory snapshot (./pyodide/snapshot.bin: Python with the calculator imported and
//   the rules parsed), only if it is already on this device (the site's service worker keeps
//   it after a first visit), so a first visit never waits for its 31 MB. It is read from this
//   build's own cache only (never another cache on the origin: on a shared host, such as
//   project pages on one github.io name, another site could plant one), and restored only if
//   its bytes have the sha-256 build.py wrote below; then it must have been made for the wheel
//   the lock names. A snapshot that does not fit is set aside for a normal start;
// - a normal start: the runtime boots and loads our wheel, checked against the lock's sha256.
import { FROM, STAGE, STATUS, answer, argumentsOf, kindOf, QUESTIONS } from "./protocol.js";

const runtimeURL = new URL("./pyodide/", import.meta.url).href;
const lockFileURL = `${runtimeURL}pyodide-lock.json`;
const PACKAGE = "sz-sep-calculator";
// The build's version (its service worker's cache) and the snapshot's sha-256: build.py writes
// them (sitegen/offline.py). Null (build.py serve): no snapshot is used.
const SNAPSHOT = null;
// The service worker's cache of this build (overrides/sw.js: its scope is the site's root).
const SITE_ROOT = new URL("../", import.meta.url).pathname;

function post(message) {
  self.postMessage(message);
}

// {bytes: a promise of the snapshot's checked bytes}, if this build's cache holds it; read from
// the cache directly, so no request is made: a first visit neither waits for it nor asks for
// it. The bytes are read and checked while the runtime loads.
async function localSnapshot() {
  if (!SNAPSHOT) return null;
  try {
    const name = `sz-sep-offline:${SITE_ROOT}:${SNAPSHOT.version}`;
    if (!(await caches.has(name))) return null; // never opens (so makes) a cache
    const response = await (await caches.open(name)).match(`${runtimeURL}snapshot.bin`);
    return response ? { bytes: response.arrayBuffer().then(checked, () => null) } : null;
  } catch {
    return null; // no caches here (an insecure origin, or storage refused)
  }
}

// The bytes, if their sha-256 is the build's; else null (and no restore).
async function checked(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  if (hex === SNAPSHOT.sha256) return bytes;
  console.warn("calculator: the snapshot kept here is not this build's; starting without it");
  return null;
}

async function fromSnapshot(loadPyodide, snapshot) {
  const lock = fetch(lockFileURL).then((r) => r.json());
  const pyodide = await loadPyodide({ indexURL: runtimeURL, lockFileURL, _loadSnapshot: snapshot });
  const made = pyodide.runPython("import calculator; getattr(calculator, '_wheel_sha256', '')");
  const expected = (await lock).packages[PACKAGE]?.sha256;
  if (!expected || made !== expected) throw new Error("the snapshot was made for another wheel");
  return pyodide;
}

async function boot() {
  post({ type: STATUS.progress, stage: STAGE.runtime });
  let pyodide = null;
  let from = FROM.snapshot;
  // Look in the caches while the runtime's module loads (a static import would come first).
  const found = localSnapshot();
  const { loadPyodide } = await import("./pyodide/pyodide.mjs");
  const snapshot = await found;
  const bytes = snapshot && (await snapshot.bytes); // checked before anything of it is restored
  if (bytes) {
    try {
      pyodide = await fromSnapshot(loadPyodide, bytes);
    } catch (error) {
      console.warn("calculator: starting without the snapshot:", error);
    }
  }
  if (!pyodide) {
    from = FROM.runtime;
    pyodide = await loadPyodide({
      indexURL: runtimeURL,
      lockFileURL,
      packages: [PACKAGE], // fetched (and checked against the lock's sha256) while Python boots
    });
  }
  post({ type: STATUS.progress, stage: STAGE.package });
  const web = pyodide.pyimport("calculator.web");
  web.load_policy(); // parse the rules now, not on the first question (the snapshot holds them)
  post({ type: STATUS.ready, from });
  return web;
}

const ready = boot();
ready.catch((error) => post({ type: STATUS.failed, message: String(error) }));

// Each kind of question is one function of calculator/web.py (protocol.js): JSON text in, JSON
// text out.
self.onmessage = async (event) => {
  const question = event.data;
  const kind = question.kind || "";
  try {
    const web = await ready;
    const args = argumentsOf(question);
    if (!args) throw new Error(`unknown question kind ${kind}`);
    const start = performance.now();
    const said = web[QUESTIONS[kindOf(kind)].call](...args);
    // ms: the time Python took to answer (scripts/bench_site.py reads it).
    post(answer(kind, question.id, JSON.parse(said), performance.now() - start));
  } catch (error) {
    post(answer(kind, question.id, { ok: false, failed: String(error) }));
  }
};
