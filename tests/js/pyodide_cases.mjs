// Runs calculator questions in Pyodide under Node, from the same files the site serves
// (site/assets/pyodide/: the runtime, its reduced compiled standard library, our wheel, the
// site-local lock file and the memory snapshot).
// argv: RUNTIME_DIR [--snapshot]   (--snapshot: boot from snapshot.bin, as a repeat visit does)
// stdin: [{fn, args}, ...] (fn: page_estimate, page_read, page_find, page_sheet)
// stdout: {python, wheel_sha256, results: [answer JSON string, ...]}
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const runtimeDir = resolve(process.argv[2]) + "/";
const fromSnapshot = process.argv.includes("--snapshot");
const { loadPyodide } = await import(pathToFileURL(runtimeDir + "pyodide.mjs").href);
const cases = JSON.parse(readFileSync(0, "utf8"));

const pyodide = await loadPyodide({
  indexURL: runtimeDir,
  lockFileURL: runtimeDir + "pyodide-lock.json",
  packageCacheDir: runtimeDir, // our wheel is here; nothing is fetched from the network
  ...(fromSnapshot ? { _loadSnapshot: readFileSync(runtimeDir + "snapshot.bin") } : {}),
});
if (!fromSnapshot) {
  await pyodide.loadPackage("sz-sep-calculator", { checkIntegrity: true, messageCallback: () => {} });
}
const web = pyodide.pyimport("calculator.web");
const version = pyodide.runPython("import sys; sys.version.split()[0]");
const wheel = pyodide.runPython("import calculator; getattr(calculator, '_wheel_sha256', '')");
const out = cases.map((c) => web[c.fn](...c.args));
process.stdout.write(JSON.stringify({ python: version, wheel_sha256: wheel, results: out }));
