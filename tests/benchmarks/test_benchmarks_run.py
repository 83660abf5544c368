"""The benchmark harness runs end to end (quick mode: small demo office, one run).

No figure is asserted: times belong to ``python -m benchmarks`` on a quiet machine,
not to a test.  This only proves every benchmark still runs and reports its row.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: The rows with a target (benchmarks/run.py TARGET_ROWS).
TARGET_ROWS = (
    "start-up / bare Qt",
    "start-up / empty database",
    "Tickets search keystroke",
    "invoice PDF",
    "peak memory",
    # issue #17: each report, against the limit of 0.5 s (benchmarks/reports.py)
    "report aging",
    "report revenue_month",
    "report revenue_plan",
    "report revenue_country",
    "report coupons",
    "report sla",
    # issue #18: the figures of benchmarks/scale.py and the filled Today list
    "launch to a filled Today list",
    "search keystroke + first page",
    "search keystroke, cost flat in data size",
    "global search, first results",
    "open any tab with first page",
)
#: The search rows (also on PostgreSQL).
SEARCH_ROWS = TARGET_ROWS[-4:-1]
#: A PostgreSQL server the benchmarks may make their own databases on (one per size).
BENCH_POSTGRES = os.environ.get("B24DESK_BENCH_POSTGRES", "")


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_quick_benchmark_run_prints_and_writes_every_row(tmp_path: Path, engine: str) -> None:
    if engine == "postgres" and not BENCH_POSTGRES:
        pytest.skip("no PostgreSQL server: set B24DESK_BENCH_POSTGRES=postgresql://… to run")
    out = tmp_path / "results.md"
    options = ["--quick", "--cache", str(tmp_path / "cache"), "--out", str(out)]
    options += ["--engine", engine, "--postgres", BENCH_POSTGRES]
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    table = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| benchmark | b24desk | floor | ratio | target | ok? |")
    expected = TARGET_ROWS if engine == "sqlite" else (*SEARCH_ROWS, "start-up / bare Qt")
    for name in expected:
        rows = [line for line in table if line.startswith(f"| {name}")]
        assert len(rows) == 1, f"no row for {name!r} in:\n" + "\n".join(table)
        assert "n/a" not in rows[0] or sys.platform == "win32", rows[0]
    written = out.read_text(encoding="utf-8")
    assert "machine:" in written and "| benchmark |" in written
    for name in expected:
        assert f"| {name}" in written
