"""The benchmark harness runs end to end (quick mode: small demo office, one run).

No figure is asserted: times belong to ``python -m benchmarks`` on a quiet machine,
not to a test.  This only proves every benchmark still runs and reports its row.
"""

from __future__ import annotations

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
)


@pytest.mark.slow
def test_quick_benchmark_run_prints_and_writes_every_row(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    options = ["--quick", "--cache", str(tmp_path / "cache"), "--out", str(out)]
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
    for name in TARGET_ROWS:
        rows = [line for line in table if line.startswith(f"| {name}")]
        assert len(rows) == 1, f"no row for {name!r} in:\n" + "\n".join(table)
        assert "n/a" not in rows[0] or sys.platform == "win32", rows[0]
    written = out.read_text(encoding="utf-8")
    assert "machine:" in written and "| benchmark |" in written
    for name in TARGET_ROWS:
        assert f"| {name}" in written
