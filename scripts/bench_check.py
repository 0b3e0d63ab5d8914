#!/usr/bin/env python3
"""How long `build.py check` takes on the live measures.yaml, beside what YAML alone takes
(PyYAML's C loader reading the same file): the check's own cost is the difference. In one run,
so a loaded machine slows both alike; compare the ratio, not the times.

    .venv/bin/python scripts/bench_check.py [ROUNDS]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen.check import check_file  # noqa: E402


def timed(work, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    path = ROOT / "measures.yaml"
    text = path.read_text(encoding="utf-8")
    check_file(path)  # warm: imports, the schema's first compilation
    baseline = timed(lambda: yaml.load(text, Loader=yaml.CSafeLoader), rounds)
    check = timed(lambda: check_file(path), rounds)
    print(f"{'what':<38}{'median':>10}")
    print(f"{'YAML alone (yaml.CSafeLoader)':<38}{baseline * 1000:>8.1f} ms")
    print(f"{'build.py check (in process)':<38}{check * 1000:>8.1f} ms")
    print(f"{'ratio':<38}{check / baseline:>9.1f}×")


if __name__ == "__main__":
    main()
