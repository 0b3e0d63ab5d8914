// Starts the calculation engine (the Web Worker that runs Python) once per page, as early as
// the page allows: the tool pages load this module with `async` near their top, so Python
// loads while the rest of the page does, and engine.js takes the same worker over (a module runs
// once however often it is imported), replaying what the worker said meanwhile.
let engine = null;

export function startEngine() {
  if (!engine) {
    const worker = new Worker(new URL("./calculator-worker.js", import.meta.url), { type: "module" });
    const early = [];
    const keep = (event) => early.push(event.data);
    worker.addEventListener("message", keep);
    engine = { worker, early, stop: () => worker.removeEventListener("message", keep) };
  }
  return engine;
}

startEngine();
