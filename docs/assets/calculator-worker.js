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
  const api = pyodide.pyimport("calculator.api");
  api.load_policy(); // parse the rules now, not on the first estimate
  post({ type: "ready" });
  return api;
}

const ready = boot();
ready.catch((error) => post({ type: "failed", message: String(error) }));

self.onmessage = async (event) => {
  const { id, award, fields, lang } = event.data;
  try {
    const api = await ready;
    const out = api.page_estimate(award, JSON.stringify(fields), lang);
    post({ type: "estimate", id, payload: JSON.parse(out) });
  } catch (error) {
    post({ type: "estimate", id, payload: { ok: false, failed: String(error) } });
  }
};
