"""What makes the calculator start faster than bare Pyodide (decisions/0011), built with the
runtime's own Python (Pyodide under Node, sitegen/runtime.mjs):

- the standard library reduced to the modules the calculator and Pyodide's boot import, as
  bytecode: the browser downloads less and compiles nothing (npm's zip holds sources only);
- our modules as bytecode inside the wheel (`__pycache__/*.cpython-314.pyc`, unchecked hashes);
- a memory snapshot of the runtime with the calculator imported and the rules parsed, which the
  worker restores on repeat visits from the service worker's cache.

Each result is cached in .cache/runtime/ under a hash of everything it is made from.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

from .assets import AssetError

ROOT = Path(__file__).resolve().parent.parent
TOOL = Path(__file__).with_name("runtime.mjs")
CACHE = ROOT / ".cache" / "runtime"
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
SNAPSHOT = "snapshot.bin"
RUNTIME_CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")


def _digest(*parts: bytes | Path) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.read_bytes() if isinstance(part, Path) else part
        h.update(hashlib.sha256(data).digest())
    return h.hexdigest()[:32]


def _node(*args: str) -> dict:
    if not shutil.which("node"):
        raise AssetError("Node.js is missing: run ./dev.sh (it installs nodejs)")
    run = subprocess.run(
        ["node", str(TOOL), *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    if run.returncode != 0:
        raise AssetError(f"sitegen/runtime.mjs {args[0]} failed:\n{run.stderr[-3000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def compiled_stdlib(wheel: Path) -> Path:
    """The folder holding python_stdlib.zip (reduced, bytecode) and pyc/calculator/__pycache__/
    for the calculator's current sources; made on a cache miss from `wheel`."""
    sources = sorted((ROOT / "calculator").glob("*.py"))
    key = _digest(
        TOOL,
        *(NPM_PYODIDE / name for name in (*RUNTIME_CORE, "python_stdlib.zip")),
        *(p.name.encode() for p in sources),
        *sources,
    )
    folder = CACHE / f"stdlib-{key}"
    if not (folder / "python_stdlib.zip").exists():
        scratch = CACHE / f"tmp-{key}"
        shutil.rmtree(scratch, ignore_errors=True)
        _node("stdlib", str(NPM_PYODIDE), str(wheel), str(scratch))
        for old in CACHE.glob("stdlib-*"):
            shutil.rmtree(old)
        scratch.rename(folder)
    return folder


def add_bytecode(wheel: Path, pyc_root: Path) -> None:
    """Rewrite `wheel` with our modules' bytecode added (and listed in its RECORD)."""
    extra = {
        p.relative_to(pyc_root).as_posix(): p.read_bytes() for p in sorted(pyc_root.rglob("*.pyc"))
    }
    with zipfile.ZipFile(wheel) as old:
        infos = old.infolist()
        contents = {info.filename: old.read(info) for info in infos}
    record_name = next(n for n in contents if n.endswith(".dist-info/RECORD"))
    stamp = infos[0].date_time
    lines = contents[record_name].decode().splitlines()
    lines = [
        line for line in lines if line and not line.endswith(".pyc,,") and "__pycache__" not in line
    ]
    for name, data in extra.items():
        b64 = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        lines.insert(-1, f"{name},sha256={b64},{len(data)}")
    contents[record_name] = ("\n".join(lines) + "\n").encode()
    tmp = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as new:
        names = [i.filename for i in infos if "__pycache__" not in i.filename]
        for name in [n for n in names if n != record_name] + list(extra) + [record_name]:
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            new.writestr(info, extra.get(name, contents.get(name, b"")))
    tmp.replace(wheel)


def make_snapshot(runtime_dir: Path, wheel: Path, wheel_sha256: str) -> Path:
    """runtime_dir/snapshot.bin for this runtime (its reduced stdlib) and this wheel."""
    key = _digest(
        TOOL,
        *(runtime_dir / name for name in (*RUNTIME_CORE, "python_stdlib.zip")),
        wheel,
        wheel_sha256.encode(),
    )
    cached = CACHE / f"snapshot-{key}.bin"
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        _node("snapshot", str(runtime_dir), str(wheel), str(tmp), wheel_sha256)
        for old in CACHE.glob("snapshot-*.bin"):
            old.unlink()
        tmp.rename(cached)
    target = runtime_dir / SNAPSHOT
    shutil.copyfile(cached, target)
    return target
