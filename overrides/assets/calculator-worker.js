// Runs Python (Pyodide) off the page's main thread, so the page stays responsive while the
// runtime loads. Everything is fetched from this site: the runtime and our wheel sit in
// ./pyodide/, and the wheel is checked against the sha256 in ./pyodide/pyodide-lock.json.
//
// Two ways to start (decisions/0011):
// - from the memory snapshot (./pyodide/snapshot.bin: Python with the calculator imported and
//   the rules parsed), only if it is already on this device (the site's service worker keeps
//   it after a first visit), so a first visit never waits for its 31 MB. It is used only if it
//   was made for the wheel the lock names; a snapshot that does not fit (another runtime build,
//   another wheel) is set aside for a normal start;
// - a normal start: the runtime boots and loads our wheel, checked against the lock's sha256.
const runtimeURL = new URL("./pyodide/", import.meta.url).href;
const lockFileURL = runtimeURL + "pyodide-lock.json";
const PACKAGE = "sz-sep-calculator";

function post(message) {
  self.postMessage(message);
}

// {bytes: a promise of the snapshot}, if the service worker's caches hold it; read from the
// caches directly, so no request is made: a first visit neither waits for it nor asks for it.
// Any build's copy will do: fromSnapshot checks it. The bytes are read while the runtime loads.
async function localSnapshot() {
  try {
    const response = await caches.match(runtimeURL + "snapshot.bin");
    return response ? { bytes: response.arrayBuffer() } : null;
  } catch {
    return null; // no caches here (an insecure origin, or storage refused)
  }
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
  post({ type: "progress", stage: "runtime" });
  let pyodide = null;
  let from = "snapshot";
  // Look in the caches while the runtime's module loads (a static import would come first).
  const found = localSnapshot();
  const { loadPyodide } = await import("./pyodide/pyodide.mjs");
  const snapshot = await found;
  if (snapshot) {
    try {
      pyodide = await fromSnapshot(loadPyodide, snapshot.bytes);
    } catch (error) {
      console.warn("calculator: starting without the snapshot:", error);
    }
  }
  if (!pyodide) {
    from = "runtime";
    pyodide = await loadPyodide({
      indexURL: runtimeURL,
      lockFileURL,
      packages: [PACKAGE], // fetched (and checked against the lock's sha256) while Python boots
    });
  }
  post({ type: "progress", stage: "package" });
  const web = pyodide.pyimport("calculator.web");
  web.load_policy(); // parse the rules now, not on the first question (the snapshot holds them)
  post({ type: "ready", from });
  return web;
}

const ready = boot();
ready.catch((error) => post({ type: "failed", message: String(error) }));

// Each kind of question maps to one function of calculator/web.py: JSON text in, JSON text out.
// A kind may carry a key after a colon ("read:e2"), which only keeps answers apart.
const ASK = {
  estimate: (web, q) => web.page_estimate(q.award, JSON.stringify(q.fields), q.lang),
  read: (web, q) => web.page_read(q.award, JSON.stringify(q.fields), q.lang),
  find: (web, q) => web.page_find(JSON.stringify(q.answers), q.lang),
  sheet: (web, q) => web.page_sheet(JSON.stringify(q.entries), q.lang, q.made || ""),
};

self.onmessage = async (event) => {
  const question = event.data;
  const kind = question.kind || "estimate";
  const ask = ASK[kind.split(":")[0]];
  try {
    const web = await ready;
    if (!ask) throw new Error(`unknown question kind ${kind}`);
    const start = performance.now();
    const answer = ask(web, question);
    // ms: the time Python took to answer (scripts/bench_site.py reads it).
    post({ type: kind, id: question.id, payload: JSON.parse(answer), ms: performance.now() - start });
  } catch (error) {
    post({ type: kind, id: question.id, payload: { ok: false, failed: String(error) } });
  }
};
