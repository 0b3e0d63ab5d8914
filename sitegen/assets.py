"""The calculator's browser assets: Pyodide from npm, our wheel, and a site-local lock file.

Everything is copied into the site so it is served from the site's own origin: no CDN.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
# What the runtime needs to boot; source maps, the REPL pages and type stubs stay behind. The
# standard library (python_stdlib.zip) is not copied: sitegen/runtime.py writes a reduced,
# compiled one in its place.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
# A fixed timestamp, so an unchanged calculator gives a byte-identical wheel (and sha256).
SOURCE_DATE_EPOCH = "1700000000"


class AssetError(RuntimeError):
    pass


def copy_runtime(dest: Path) -> None:
    if not (NPM_PYODIDE / "pyodide.mjs").exists():
        raise AssetError("node_modules/pyodide is missing: run `npm ci` (the README's setup does)")
    dest.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        src, out = NPM_PYODIDE / name, dest / name
        if (
            not out.exists()
            or out.stat().st_size != src.stat().st_size
            or out.stat().st_mtime < src.stat().st_mtime
        ):
            shutil.copy2(src, out)


def build_wheel(outdir: Path) -> Path:
    """PEP 517 build of the pure-Python calculator wheel; returns its path.

    The build runs on a copy of the package in a scratch folder: setuptools keeps a build/ folder
    beside the sources, and two builds sharing one (a `serve` rebuild and a `build.py` in another
    terminal) once produced a wheel missing most modules. The wheel is checked before it is used.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "src"
        source.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, source / name)
        shutil.copytree(
            ROOT / "calculator", source / "calculator", ignore=shutil.ignore_patterns("__pycache__")
        )
        env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
        # Run from the scratch folder: from the project root, `-m build` would import our
        # build.py instead of the PEP 517 front end of the same name.
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "build",
                "--wheel",
                "--no-isolation",
                "--outdir",
                scratch,
                str(source),
            ],
            cwd=scratch,
            env=env,
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            raise AssetError(
                "building the calculator wheel failed:\n" + run.stdout[-2000:] + run.stderr[-2000:]
            )
        (wheel,) = Path(scratch).glob("*.whl")
        _check_wheel(wheel, source / "calculator")
        for old in outdir.glob("sz_sep_calculator-*.whl"):
            old.unlink()
        target = outdir / wheel.name
        shutil.move(str(wheel), target)
    return target


def _check_wheel(wheel: Path, package: Path) -> None:
    """Every module and the rules export must be in the wheel."""
    expected = {
        f"calculator/{p.relative_to(package).as_posix()}"
        for p in package.rglob("*")
        if p.is_file() and p.suffix in (".py", ".json")
    }
    with zipfile.ZipFile(wheel) as archive:
        missing = expected - set(archive.namelist())
    if missing:
        raise AssetError(f"the calculator wheel lacks {', '.join(sorted(missing))}")


def write_lock(runtime_dir: Path, wheel: Path) -> Path:
    """A pyodide-lock.json beside the runtime that lists only our wheel, with its sha256.

    Pyodide checks the sha256 when it loads the package. The npm lock lists hundreds of packages
    whose files this site does not serve; keeping only ours makes the lock small and honest.
    pyodide-lock 0.1.2 predates the lock format of Pyodide 314 (which dropped info.version and
    added `tool` tables), so we start from the runtime's `info` alone and let pyodide-lock hash
    and register our wheel (decisions/0002-site-local-lock.md).
    """
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.spec import InfoSpec
    from pyodide_lock.utils import add_wheels_to_spec

    npm_lock = json.loads((NPM_PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))
    version = json.loads((NPM_PYODIDE / "package.json").read_text(encoding="utf-8"))["version"]
    info = InfoSpec(**{"version": version, **npm_lock["info"]})
    spec = add_wheels_to_spec(
        PyodideLockSpec(info=info, packages={}), [wheel], base_path=runtime_dir
    )
    target = runtime_dir / "pyodide-lock.json"
    spec.to_json(target)
    return target
