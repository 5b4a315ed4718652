"""Benchmark: a year's 交流轮岗 for a city of 30,000 teachers and 2,000 schools (issue 11).

Run with ``.venv/bin/python benchmarks/rotation.py [--small] [--time-limit S] [--save FILE]``. From a fixed seed it
builds a city of 8 counties, each a county town (urban schools around its centre) and its towns and villages
(镇区 and 乡村 schools further out); rotation is 县域内, so each county is planned with its own quotas. 15% of
schools are weak, rural schools lack one or two of 音乐/体育/美术/科学/信息科技/英语, teachers live within a few km
of their school, 2% of them are couples and 2% are exempt. It plans the year 2026 with the
national defaults in one process, the greedy baseline (longest-serving first, nearest school lacking the subject)
and the CP-SAT plan, and prints a markdown table: eligible, quota (moves and 骨干), moved, quotas met, shortages
filled, mean and total km, solve time, and the optimiser's ratios against the baseline. ``--small`` is a city of
3,000 teachers and 200 schools. ``--save FILE`` writes the table (``benchmarks/results/rotation.md``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))

from edubureau.staffing.engine.rotation import RotationRules, School, Teacher  # noqa: E402
from edubureau.staffing.engine.rotation_plan import plan_rotation  # noqa: E402

SUBJECTS = {"语文": 30, "数学": 25, "英语": 12, "音乐": 5, "体育": 8, "美术": 5, "科学": 7, "信息科技": 4,
            "道德与法治": 4}
SCARCE = ("音乐", "体育", "美术", "科学", "信息科技", "英语")


def city(n_schools: int, n_teachers: int, seed: int = 2026) -> tuple[dict[str, School], list[Teacher]]:
    rng = random.Random(seed)
    centres = [(120 + rng.uniform(0, 1.2), 30 + rng.uniform(0, 1.0)) for _ in range(8)]
    schools: dict[str, School] = {}
    sizes = {}
    for i in range(n_schools):
        lon0, lat0 = centres[i % len(centres)]
        kind = rng.random()
        locality, spread, size = ("城区", 0.04, 3.0) if kind < 0.3 else ("镇区", 0.15, 1.2) if kind < 0.45 else (
            "乡村", 0.3, 0.6)
        angle, radius = rng.uniform(0, 2 * math.pi), rng.uniform(0, spread)
        shortages = frozenset(rng.sample(SCARCE, rng.choice((1, 1, 2)))) if locality == "乡村" and rng.random() < 0.6 \
            else frozenset()
        code = f"36{i:08d}"
        schools[code] = School(code, f"学校{i}", "小学", locality, rng.random() < 0.15,
                               lon0 + radius * math.cos(angle), lat0 + radius * math.sin(angle), shortages,
                               region=f"第{i % len(centres) + 1}县")
        sizes[code] = size
    codes, weights = list(sizes), list(sizes.values())
    subjects, subject_weights = list(SUBJECTS), list(SUBJECTS.values())
    teachers = []
    for n in range(n_teachers):
        code = rng.choices(codes, weights)[0]
        school = schools[code]
        sex = "女" if rng.random() < 0.7 else "男"
        teachers.append(Teacher(
            f"T{n:05d}", f"教师{n}", sex, dt.date(rng.randint(1968, 2001), rng.randint(1, 12), 1), code,
            rng.choices(subjects, subject_weights)[0], dt.date(rng.randint(2000, 2025), 9, 1),
            backbone=rng.random() < 0.15, exemption="重病" if rng.random() < 0.02 else "",
            home_lon=school.lon + rng.uniform(-0.03, 0.03), home_lat=school.lat + rng.uniform(-0.03, 0.03)))
    for n in range(0, n_teachers // 50 * 2, 2):  # 2% couples, each pair at one school or two
        a, b = teachers[n], teachers[n + 1]
        teachers[n] = Teacher(**{**a.__dict__, "spouse": b.number})
        teachers[n + 1] = Teacher(**{**b.__dict__, "spouse": a.number})
    return schools, teachers


def row(label: str, plan, seconds: float) -> str:
    f = plan.figures()
    return (f"| {label} | {plan.moved:,} | {plan.backbone_moved:,} | {'是' if plan.met else '否'} | "
            f"{plan.shortages_covered:,} | {plan.mean_km:.2f} | {plan.km_total:,.0f} | {seconds:.1f} |"
            if f else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="3,000 teachers and 200 schools")
    parser.add_argument("--time-limit", type=float, default=45.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--save", help="write the table to this markdown file")
    options = parser.parse_args()
    teachers_n, schools_n = (3_000, 200) if options.small else (30_000, 2_000)
    schools, teachers = city(schools_n, teachers_n)
    shortages = sum(len(s.shortages) for s in schools.values())
    started = time.perf_counter()
    result = plan_rotation(teachers, schools, RotationRules(), 2026, time_limit=options.time_limit,
                           workers=options.workers)
    total = time.perf_counter() - started
    best, base = result["plan"], result["baseline"]
    lines = [
        f"City: {teachers_n:,} teachers, {schools_n:,} schools, {shortages:,} school-subject shortages; "
        f"eligible {len(result['eligible']):,}; quota {result['quotas_required']['moves']:,} moves, "
        f"骨干 ≥ {result['quotas_required']['backbone']:,}. Wall time of the whole run {total:.1f} s "
        f"(eligibility, candidates, greedy, CP-SAT with {options.time_limit:.0f} s limit, {options.workers} workers).",
        "",
        "| plan | moved | 骨干 moved | quotas met | shortages filled | mean km | total km | seconds |",
        "|---|---:|---:|---|---:|---:|---:|---:|",
        row("greedy baseline", base, base.seconds),
        row(f"optimiser ({best.method})", best, best.seconds),
        "",
        f"Optimiser ÷ baseline: shortages filled ×{best.shortages_covered / max(1, base.shortages_covered):.2f}, "
        f"mean km ×{best.mean_km / base.mean_km if base.mean_km else 0:.2f}, "
        f"time ×{best.seconds / max(1e-6, base.seconds):.0f}.",
    ]
    text = "\n".join(lines)
    print(text)
    if options.save:
        Path(options.save).write_text(f"# 交流轮岗 benchmark (`benchmarks/rotation.py`)\n\n{text}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
