// Runs calculator cases in Pyodide under Node, from the same files the site serves
// (docs/assets/pyodide/: the runtime copied from npm, our wheel and the site-local lock file).
// stdin: [{award, inputs, lang}, ...]; stdout: [page_estimate JSON string, ...].
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const runtimeDir = resolve(process.argv[2]) + "/";
const { loadPyodide } = await import(pathToFileURL(runtimeDir + "pyodide.mjs").href);
const cases = JSON.parse(readFileSync(0, "utf8"));

const pyodide = await loadPyodide({
  indexURL: runtimeDir,
  lockFileURL: runtimeDir + "pyodide-lock.json",
  packageCacheDir: runtimeDir, // our wheel is here; nothing is fetched from the network
});
await pyodide.loadPackage("sz-sep-calculator", { checkIntegrity: true, messageCallback: () => {} });
const api = pyodide.pyimport("calculator.web");
const version = pyodide.runPython("import sys; sys.version.split()[0]");
const out = cases.map((c) => api.page_estimate(c.award, JSON.stringify(c.inputs), c.lang));
process.stdout.write(JSON.stringify({ python: version, results: out }));
