"""python -m calculator batch: a CSV of projects in, a CSV of estimates out; bad rows named on
standard error as FILE:LINE while the good rows are still computed."""

from __future__ import annotations

import csv
import subprocess
import sys

from calculator import estimate_award
from conftest import ROOT

BATCH = ROOT / "tests" / "cases" / "batch.csv"


def calc(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "calculator", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_good_rows_computed_bad_rows_named(tmp_path):
    out = tmp_path / "estimates.csv"
    run = calc("batch", str(BATCH), "-o", str(out), "--lang", "en")
    assert run.returncode == 1, "some rows were bad"
    errors = run.stderr.strip().splitlines()
    assert [e.split(": ", 1)[0] for e in errors] == [f"{BATCH}:{n}" for n in (9, 10, 11, 12)]
    assert "investment: cannot be negative" in errors[0]
    assert "there is no award '9.9'" in errors[1]
    assert "sales: award 2.1 takes no inputs" in errors[2]
    assert "facility: must be one of" in errors[3]
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["line"] for r in rows] == ["2", "3", "4", "5", "6", "7", "8", "14"]
    source = {int(r["line"]): r for r in rows}
    # each row's figures are exactly what a single estimate gives
    assert source[2]["amount"] == estimate_award("1.1", {"sales": "35000000"}, "en")["amount"]
    assert (source[3]["eligible"], source[3]["amount"]) == ("false", "0")
    assert source[8]["amount"] == "11000000.00"
    assert (source[14]["amount"], source[14]["bound"]) == ("", "none")
    assert source[5]["project"] == "Sorting centre"


def test_all_good_exits_0_and_writes_to_standard_output(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("award,investment\n4.1,20000000\n22.2,100000000\n", encoding="utf-8")
    run = calc("batch", str(good))
    assert run.returncode == 0 and run.stderr == ""
    rows = list(csv.DictReader(run.stdout.splitlines()))
    assert [r["amount"] for r in rows] == ["6000000.00", "15000000.00"]


def test_excel_bom_and_unknown_columns(tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_text("\ufeffaward,investment\n4.1,1000\n", encoding="utf-8")
    assert calc("batch", str(bom)).returncode == 0
    odd = tmp_path / "odd.csv"
    odd.write_text("award,invest\n4.1,1000\n", encoding="utf-8")
    run = calc("batch", str(odd))
    assert run.returncode == 1
    assert run.stderr.startswith(f"{odd}:1: unknown column(s) 'invest'")


def test_unreadable_file_exits_2_with_one_line(tmp_path):
    missing = calc("batch", str(tmp_path / "nope.csv"))
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    garbled = calc("batch", str(binary))
    for run in (missing, garbled):
        assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1
        assert "Traceback" not in run.stderr
