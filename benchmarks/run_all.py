"""Run every benchmark in this folder, one after the other.

    .venv/bin/python benchmarks/run_all.py [--quick]

Each benchmark prints medians and ratios against a baseline measured in the
same run; none of them is part of the test suite (timings on shared machines
are too noisy to fail a build on).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    extra = sys.argv[1:]
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name} ==", flush=True)
        result = subprocess.run([sys.executable, str(script), *extra], check=False)
        failed += result.returncode != 0
        print(flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
