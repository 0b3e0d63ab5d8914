// Runs Python (Pyodide) off the page's main thread, so the page stays responsive while the
// runtime loads. Everything is fetched from this site: the runtime and our wheel sit in
// ./pyodide/, and the wheel is checked against the sha256 in ./pyodide/pyodide-lock.json.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const runtimeURL = new URL("./pyodide/", import.meta.url).href;
const PACKAGE = "sz-sep-calculator";

function post(message) {
  self.postMessage(message);
}

async function boot() {
  post({ type: "progress", stage: "runtime" });
  const pyodide = await loadPyodide({
    indexURL: runtimeURL,
    lockFileURL: runtimeURL + "pyodide-lock.json",
    packages: [PACKAGE], // fetched (and checked against the lock's sha256) while Python boots
  });
  post({ type: "progress", stage: "package" });
  const web = pyodide.pyimport("calculator.web");
  web.load_policy(); // parse the rules now, not on the first question
  post({ type: "ready" });
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
    post({ type: kind, id: question.id, payload: JSON.parse(ask(web, question)) });
  } catch (error) {
    post({ type: kind, id: question.id, payload: { ok: false, failed: String(error) } });
  }
};
