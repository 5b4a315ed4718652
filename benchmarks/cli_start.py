"""Benchmark: how fast the file-in / report-out commands answer (issue 17, point 14).

Run with ``.venv/bin/python benchmarks/cli_start.py [--repeat N] [--rows N]``. In one run it prints:

1. the time to first output (a subprocess; the clock stops at the first byte on stdout) of ``edubureau help`` and
   of each fast command's ``--help`` — median of ``--repeat`` runs (5) — next to the old path, the same
   command through Django's runner (``python -m django …``, which sets Django up first), and their ratio;
2. a county exam of ``--rows`` candidates × 9 subjects (100,000) generated as csv and analysed end to end by
   ``edubureau exam analyze`` (process start to exit), on both paths, wall and CPU seconds (on a shared
   machine the CPU time is the fairer figure).

Aims (issue 17): under 0.3 s to first output; the 100,000 × 9 csv in under 1 s.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
FULL = {"语文": 120, "数学": 120, "英语": 120, "物理": 100, "化学": 100, "道德与法治": 100, "历史": 100,
        "地理": 100, "生物": 100}
COMMANDS = [["help"], ["exam", "analyze", "--help"], ["balance", "check", "--help"], ["plan", "parse", "--help"],
            ["evaluation", "--help"], ["inspection", "plan", "--help"]]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "edubureau.config.settings"}


def new_path(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "edubureau", *args]


def old_path(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "django", *args]


def first_output(argv: list[str]) -> float:
    """Seconds from starting ``argv`` to its first byte on stdout (the rest is drained and discarded)."""
    began = time.perf_counter()
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_env()) as proc:
        proc.stdout.read(1)
        seconds = time.perf_counter() - began
        proc.stdout.read()
    if proc.returncode:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return seconds


def whole_run(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the child) of running ``argv`` to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, env=_env(), check=True)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median(func, argv: list[str], repeat: int):
    runs = [func(argv) for _ in range(repeat)]
    if isinstance(runs[0], tuple):
        return tuple(statistics.median(column) for column in zip(*runs, strict=True))
    return statistics.median(runs)


def write_exam(path: Path, rows: int, seed: int = 17) -> None:
    """A county exam: 60 schools, school plus pupil ability plus noise, ~1% absent per paper."""
    rnd = random.Random(seed)
    level = [rnd.gauss(0, 0.08) for _ in range(60)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["考号", "姓名", "学校", "班级", *FULL])
        for i in range(rows):
            school = i * 60 // rows
            ability = 0.66 + level[school] + rnd.gauss(0, 0.15)
            scores = ["缺考" if rnd.random() < 0.01 else round(min(f, max(0.0, f * (ability + rnd.gauss(0, 0.1)))), 1)
                      for f in FULL.values()]
            out.writerow([f"2025{i:07d}", f"考生{i}", f"第{school + 1}中学", f"{i % 12 + 1}班", *scores])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    print(f"到首行输出的时间（中位数，{args.repeat}次）")
    print(f"{'命令':<34}{'快速路径':>6}{'原路径(Django)':>14}{'倍数':>6}")
    for command in COMMANDS:
        fast = median(first_output, new_path(command), args.repeat)
        slow = median(first_output, old_path(command), args.repeat)
        print(f"{'edubureau ' + ' '.join(command):<36}{fast:>9.3f}s{slow:>14.3f}s{slow / fast:>8.1f}×")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scores.csv"
        began = time.perf_counter()
        write_exam(path, args.rows)
        made = time.perf_counter() - began
        analyze = ["exam", "analyze", str(path), "--full-marks", ",".join(f"{k}={v}" for k, v in FULL.items())]
        repeat = max(1, min(3, args.repeat))
        fast = median(whole_run, new_path(analyze), repeat)
        slow = median(whole_run, old_path(analyze), repeat)
        size = path.stat().st_size / 1024 / 1024
        print(f"\n{args.rows:,} × 9 科 csv（{size:.1f} MB，生成用时 {made:.1f}s），"
              f"exam analyze 端到端（中位数，{repeat}次）")
        print(f"  快速路径 {fast[0]:.3f}s（CPU {fast[1]:.3f}s），原路径 {slow[0]:.3f}s（CPU {slow[1]:.3f}s），"
              f"倍数 {slow[0] / fast[0]:.1f}×")
        print("  （共用机器上墙钟时间受其他进程影响，CPU 时间更可比）")


if __name__ == "__main__":
    main()
