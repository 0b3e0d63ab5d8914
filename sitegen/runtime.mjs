// Build-time work that needs the runtime's own Python (3.14, in Pyodide under Node), run by
// sitegen/runtime.py. Two commands, each printing one JSON line:
//
//   node runtime.mjs stdlib  NPM_RUNTIME_DIR WHEEL OUT_DIR
//       Boot the npm runtime, load our wheel as the browser does, call every page function of
//       calculator.web, and note each standard-library module that got imported. Write
//       OUT_DIR/python_stdlib.zip: those modules (whole packages, see KEEP_WHOLE) compiled to
//       bytecode, so the browser neither downloads nor compiles the rest; and
//       OUT_DIR/pyc/calculator/__pycache__/*.pyc: our own modules compiled the same way.
//
//   node runtime.mjs snapshot RUNTIME_DIR WHEEL OUT_FILE WHEEL_SHA256
//       Boot the site's runtime (its reduced standard library), put the wheel's files in
//       site-packages, import calculator.web, parse the rules, answer one question of each kind,
//       and write a Pyodide memory snapshot (decisions/0011). The snapshot records the wheel's
//       sha256 so the browser can refuse one that does not belong to the lock it loads.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [command, runtimeArg, wheelArg, out, wheelSha] = process.argv.slice(2);
const runtime = resolve(runtimeArg) + "/";
const { loadPyodide } = await import(pathToFileURL(runtime + "pyodide.mjs").href);
const quiet = { stdout: () => {}, stderr: (line) => process.stderr.write(line + "\n") };

// One question of each kind the pages ask, so that every module they need gets imported.
const EXERCISE = `
import json
import calculator.web as _web
from calculator.api import describe_award as _describe

def _exercise():
    policy = _web.load_policy()
    sample = {"money": "1000万", "percent": "12.5", "count": "3", "number": "5.2",
              "money_list": "100万\\n250万", "text": "x"}
    entries = []
    for lang in ("zh", "en"):
        for award in policy.awards.values():
            inputs = {}
            for spec in _describe(policy, award, lang)["inputs"]:
                choices = spec.get("choices") or []
                inputs[spec["name"]] = choices[0]["key"] if choices else sample.get(spec["type"], "1")
            _web.page_estimate(award.id, json.dumps(inputs), lang)
            _web.page_estimate(award.id, json.dumps({k: "?" for k in inputs}), lang)
            _web.page_read(award.id, json.dumps(inputs), lang)
            entries.append({"award": award.id, "project": "p", "inputs": inputs})
        _web.page_find(json.dumps({"organisation": "enterprise", "legal_person": "yes"}), lang)
        _web.page_find(json.dumps({"organisation": "?"}), lang)
        _web.page_sheet(json.dumps(entries[:12]), lang, "2026-01-01")
        _web.page_sheet(json.dumps("bad"), lang, "")

_exercise()
del _exercise, _web, _describe
`;

async function stdlib() {
  const pyodide = await loadPyodide({ indexURL: runtime, ...quiet });
  await pyodide.loadPackage(pathToFileURL(resolve(wheelArg)).href, { messageCallback: () => {} });
  pyodide.runPython(EXERCISE);
  pyodide.FS.writeFile("/tmp/original.zip", readFileSync(runtime + "python_stdlib.zip"));
  const report = pyodide.runPython(`
import importlib.util, json, sys, zipfile

# Packages kept whole once any part is imported: what they import lazily is hard to foresee
# (the event loop, Pyodide's own modules, the import system). 'encodings' is too large for that:
# the codecs used are kept, plus those anything may name.
KEEP_WHOLE = {"asyncio", "pyodide", "_pyodide", "importlib", "collections", "json", "re"}
CODECS = {"__init__", "aliases", "utf_8", "utf_8_sig", "ascii", "latin_1", "idna", "utf_16", "utf_32"}
ZIP = sys.path[[p.endswith(".zip") for p in sys.path].index(True)]

used = set()
for name, module in list(sys.modules.items()):
    origin = getattr(getattr(module, "__spec__", None), "origin", None) or ""
    if origin.startswith(ZIP + "/"):
        used.add(origin[len(ZIP) + 1:])
used |= {f"encodings/{c}.py" for c in CODECS}
tops = {path.split("/")[0] for path in used if "/" in path}

def wanted(path):
    top = path.split("/")[0]
    return path in used or (top in KEEP_WHOLE and top in tops) or path.endswith("/__init__.py") and top in tops

def pyc(source, path):
    code = compile(source, path, "exec", dont_inherit=True)
    # Unchecked hash-based: zipimport uses it as it is, without the source beside it.
    return bytes(importlib._bootstrap_external._code_to_hash_pyc(
        code, importlib.util.source_hash(source), checked=False))

original = zipfile.ZipFile("/tmp/original.zip")
kept = []
with zipfile.ZipFile("/tmp/stdlib.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
    for info in original.infolist():
        path = info.filename
        if not path.endswith(".py") or not wanted(path):
            continue
        entry = zipfile.ZipInfo(path + "c", (1980, 1, 1, 0, 0, 0))
        entry.compress_type = zipfile.ZIP_DEFLATED
        out.writestr(entry, pyc(original.read(info), path))
        kept.append(path)

import calculator, os
package = os.path.dirname(calculator.__file__)
ours = {}
for name in sorted(os.listdir(package)):
    if name.endswith(".py"):
        with open(os.path.join(package, name), "rb") as f:
            ours[name] = pyc(f.read(), "calculator/" + name)
tag = sys.implementation.cache_tag
for name, data in ours.items():
    with open(f"/tmp/{name}", "wb") as f:
        f.write(data)
json.dumps({"modules": len(kept), "of": sum(p.endswith(".py") for p in original.namelist()),
            "cache_tag": tag, "ours": sorted(ours)})
`);
  const info = JSON.parse(report);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "python_stdlib.zip"), pyodide.FS.readFile("/tmp/stdlib.zip"));
  const pycDir = join(out, "pyc", "calculator", "__pycache__");
  mkdirSync(pycDir, { recursive: true });
  for (const name of info.ours) {
    const target = join(pycDir, name.replace(/\.py$/, `.${info.cache_tag}.pyc`));
    writeFileSync(target, pyodide.FS.readFile(`/tmp/${name}`));
  }
  return info;
}

async function snapshot() {
  const pyodide = await loadPyodide({ indexURL: runtime, _makeSnapshot: true, ...quiet });
  // Not loadPackage: Pyodide cannot yet snapshot after loading a package (its loader keeps
  // JavaScript state). A pure-Python wheel is only files: unpack it with Python's zipfile.
  pyodide.FS.writeFile("/tmp/calculator.whl", readFileSync(wheelArg));
  pyodide.runPython(`
import os, site, zipfile
with zipfile.ZipFile("/tmp/calculator.whl") as wheel:
    wheel.extractall(site.getsitepackages()[0])
os.remove("/tmp/calculator.whl")
del os, site, zipfile
` + EXERCISE + `
import calculator
calculator._wheel_sha256 = ${JSON.stringify(wheelSha)}
del calculator, json
`);
  const bytes = pyodide.makeMemorySnapshot();
  mkdirSync(dirname(resolve(out)), { recursive: true });
  writeFileSync(out, bytes);
  return { bytes: bytes.length };
}

const commands = { stdlib, snapshot };
if (!commands[command]) {
  process.stderr.write(`usage: node runtime.mjs stdlib|snapshot ...\n`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(await commands[command]()) + "\n");
