"""python -m calculator batch: a CSV of projects in, a CSV of estimates out; bad rows named on
standard error as FILE:LINE while the good rows are still computed. Each row's figures are held
to what a single estimate of the live data gives (the command reads the live export), never to
hard-coded amounts, so that a data edit moves none of these tests."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

from calculator import estimate_award
from calculator.batch import OUTPUT_COLUMNS
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
    assert "investment: “-5” cannot be negative" in errors[0]
    assert "there is no award '9.9'" in errors[1]
    assert "sales: award 2.1 takes no inputs" in errors[2]
    assert "facility: “city” must be one of" in errors[3]
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["line"] for r in rows] == ["2", "3", "4", "5", "6", "7", "8", "14"]
    source = {int(r["line"]): r for r in rows}
    # each row's figures are exactly what a single estimate gives
    reader = csv.DictReader(BATCH.open(encoding="utf-8"))
    table = {reader.line_num: row for row in reader}
    for line, row in source.items():
        inputs = {k: v for k, v in table[line].items() if k not in ("project", "award") and v}
        single = estimate_award(table[line]["award"], inputs, "en")
        assert (row["eligible"], row["amount"], row["bound"], row["headline"]) == (
            str(single["eligible"]).lower(),
            single["amount"] or "",
            single["bound"],
            single["headline"],
        ), line
    assert (source[14]["amount"], source[14]["bound"]) == ("", "none"), "case by case"
    assert source[5]["project"] == "Sorting centre"


def test_all_good_exits_0_and_writes_to_standard_output(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("award,investment\n4.1,20000000\n22.2,100000000\n", encoding="utf-8")
    run = calc("batch", str(good))
    assert run.returncode == 0 and run.stderr == ""
    rows = list(csv.DictReader(run.stdout.splitlines()))
    assert [r["amount"] for r in rows] == [
        estimate_award("4.1", {"investment": "20000000"})["amount"],
        estimate_award("22.2", {"investment": "100000000"})["amount"],
    ]


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


def test_the_same_column_twice_is_refused_naming_it(tmp_path):
    twice = tmp_path / "twice.csv"
    twice.write_text("award,investment,investment\n4.1,1000万,5\n", encoding="utf-8")
    run = calc("batch", str(twice))
    assert run.returncode == 1 and run.stdout.splitlines() == [",".join(OUTPUT_COLUMNS)]
    assert run.stderr.startswith(f"{twice}:1: column(s) 'investment' appear more than once")


def test_amounts_are_read_as_on_the_page(tmp_path):
    amounts = tmp_path / "amounts.csv"
    amounts.write_text(
        "award,investment,operating_costs\n"
        '4.1,"5,000万",\n'
        "4.1,0.2亿,\n"
        '23.2,,"1000万\n2000万"\n'
        '23.2,,"10,000,000, 20,000,000"\n'
        "4.1,5000,\n",
        encoding="utf-8",
    )
    run = calc("batch", str(amounts), "--lang", "en")
    rows = list(csv.DictReader(run.stdout.splitlines()))
    assert [r["amount"] for r in rows] == [
        estimate_award(award, inputs)["amount"]
        for award, inputs in (
            ("4.1", {"investment": "50000000"}),
            ("4.1", {"investment": "20000000"}),
            ("23.2", {"operating_costs": "10000000；20000000"}),
            ("4.1", {"investment": "5000"}),
        )
    ], "5,000万, 0.2亿 and a list on lines read as the same yuan written plainly"
    assert "Did you mean 50,000,000 yuan" in rows[3]["questions"], "asked, not silent"
    assert run.stderr.startswith(f"{amounts}:6: operating_costs: item 1,"), run.stderr


def test_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path):
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(
        'project,award\n"=HYPERLINK(""http://x.example"",""x"")",3.1\n+1,3.1\n@A1,3.1\n-1,3.1\n'
        '"\tx",3.1\n"\rx",3.1\nplain,3.1\n',
        encoding="utf-8",
    )
    run = subprocess.run(  # bytes: text mode would turn the \r of a cell into a line end
        [sys.executable, "-m", "calculator", "batch", str(hostile)], cwd=ROOT, capture_output=True
    )
    assert run.returncode == 0, run.stderr
    out = io.StringIO(run.stdout.decode("utf-8"), newline="")
    projects = [r["project"] for r in csv.DictReader(out)]
    assert projects[:-1] and all(p.startswith("'") for p in projects[:-1]), projects
    assert projects[-1] == "plain"


def test_old_mac_line_ends_are_read(tmp_path):
    mac = tmp_path / "mac.csv"
    mac.write_bytes("award,investment\r4.1,20000000\r3.1,\r".encode("utf-8"))
    run = calc("batch", str(mac))
    assert run.returncode == 0, run.stderr
    assert [r["amount"] for r in csv.DictReader(run.stdout.splitlines())] == [
        "6000000.00",
        "1000000.00",
    ]


def test_a_cell_over_the_field_limit_is_reported_by_its_line(tmp_path):
    big = tmp_path / "big.csv"
    big.write_text(f"project,award\n{'x' * 200_000},3.1\nok,3.1\n", encoding="utf-8")
    run = calc("batch", str(big))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith(f"{big}:2: the row cannot be read as CSV (field larger")
    assert [r["project"] for r in csv.DictReader(run.stdout.splitlines())] == ["ok"]


def test_a_fifo_or_a_device_is_refused_without_reading_it(tmp_path):
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero"):
        run = subprocess.run(
            [sys.executable, "-m", "calculator", "batch", str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=20,
        )
        assert run.returncode == 2 and run.stderr == f"{path}: is not a regular file\n"


def test_output_that_cannot_show_chinese_says_what_to_do():
    run = subprocess.run(
        [sys.executable, "-m", "calculator", "batch", str(BATCH)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "standard output cannot show Chinese text (encoding ascii)" in run.stderr
    assert "-o FILE" in run.stderr


def _peak_kib(rows: int, tmp_path) -> int:
    """The batch command's peak memory (max RSS, KiB) over a file of `rows` rows."""
    path = tmp_path / f"rows-{rows}.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("project,award,investment\n")
        for n in range(rows):
            out.write(f"p{n},4.1,{n}\n")
    code = (
        "import resource, runpy, sys; sys.argv = ['calculator', 'batch', sys.argv[1], '-o', "
        "sys.argv[2]]\ntry:\n runpy.run_module('calculator', run_name='__main__')\n"
        "except SystemExit:\n pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(path), str(tmp_path / "out.csv")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    written = (tmp_path / "out.csv").read_text(encoding="utf-8").count("\n")
    assert written == rows + 1, "every row estimated and written"
    return int(run.stdout.split()[-1])


def test_batch_streams_so_memory_does_not_grow_with_the_file(tmp_path):
    small, large = _peak_kib(2_000, tmp_path), _peak_kib(40_000, tmp_path)
    # Held in memory, 38,000 more rows (input, estimates and output) would take ~25 MB more.
    assert large - small < 6_000, (small, large)


def test_figures_as_people_write_them_and_questions_in_their_column(tmp_path):
    """Batch reads what the page reads, and asks what the page asks, in `questions`: a rate as
    a spreadsheet stores it, a 0, a yearly cell that could be two years."""
    source = tmp_path / "written.csv"
    source.write_text(
        "award,investment,energy_saving_rate,operating_costs\n"
        "4.1,伍仟万元整,,\n"
        '4.1,"RMB 50,000,000",,\n'
        "4.1,50 million,,\n"
        "5.1,,0.12,\n"
        "4.1,0,,\n"
        '23.2,,,"500,600"\n'
        '23.2,,,"1000万\t2000万"\n',
        encoding="utf-8",
    )
    run = calc("batch", str(source))
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    reader = csv.DictReader(source.open(encoding="utf-8"))
    for row, given in zip(rows, reader):
        inputs = {k: v for k, v in given.items() if k != "award" and v}
        single = estimate_award(given["award"], inputs, "zh")
        assert (row["amount"], row["headline"]) == (single["amount"], single["headline"])
        assert row["questions"] == " ".join(
            f"{q['label']}: {q['text']}" for q in single["questions"]
        )
    assert [bool(r["questions"]) for r in rows] == [False, False, False, True, True, True, False]
    assert "是否指 12%" in rows[3]["questions"] and "若是2年" in rows[5]["questions"]
