"""Benchmark: a city's enrolment spring (issue 12) — checks, allocation and lottery, balanced classes, zoning.

Run with ``.venv/bin/python benchmarks/enrollment.py [--applications N] [--schools S] [--units U] [--save FILE]``.
From a fixed seed it builds a city of S schools and N applications (1% on a house used in the last six years, 0.5%
listed twice, 0.5% too young, 0.3% two families on one house), an intake of 600 pupils, and U residential units
around 60 schools with this year's zones overflowing the popular schools. It times, in one process:

- the checks (``engine.applications.assess``: one pass with dictionaries) against a naive baseline comparing every
  application with every other (run on a sample: it is quadratic), both finding the same flags;
- allocation with the lottery (``engine.allocation.allocate``: one ranking per school) against a naive baseline that
  scans the whole list for every school and re-hashes each ticket inside the sort, both placing the same children;
- 均衡分班 of 600 pupils into 12 classes against a random deal of the same pupils: the spread of each feature;
- CP-SAT zoning of U units against this year's zones and the nearest-school baseline: overflow, travel, movers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import math
import random
import sys
import time
from functools import cmp_to_key
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))

from edubureau.core import idcard  # noqa: E402
from edubureau.enrollment.engine import zoning  # noqa: E402
from edubureau.enrollment.engine.allocation import Candidate, allocate  # noqa: E402
from edubureau.enrollment.engine.applications import (  # noqa: E402
    Application,
    Property,
    PropertyUse,
    assess,
    default_rules,
)
from edubureau.enrollment.engine.classes import Pupil, balanced_classes, random_classes, spread  # noqa: E402
from edubureau.enrollment.engine.lottery import Applicant, category_rank  # noqa: E402

YEAR = 2026


def _id(born: dt.date, n: int) -> str:
    first = f"{330100 + n // 1000 % 900:06d}{born:%Y%m%d}{n % 1000:03d}"
    return first + idcard.check_digit(first)


def city(applications: int, schools: int, seed: int = 2026):
    rng = random.Random(seed)
    zone = {f"U{s:04d}": {f"S{s:03d}"} for s in range(schools)}
    apps, uses = [], []
    for n in range(applications):
        school = rng.randrange(schools)
        unit = f"U{school:04d}"
        born = dt.date(YEAR - 7, 9, 1) + dt.timedelta(days=rng.randrange(365))
        guardian = f"G{n}"
        prop = Property(f"C{n}", owner=guardian, unit=unit)
        draw = rng.random()
        child = _id(born, n)
        if draw < 0.01:
            uses.append(PropertyUse(prop.certificate, "小学", YEAR - 1 - n % 5, _id(dt.date(2015, 1, 1), n), ("X",)))
        elif draw < 0.015 and apps:
            child = apps[-1].child_id  # the same child again
        elif draw < 0.02:
            child = _id(dt.date(YEAR - 6, 9, 15), n)  # six only after 31 August
        elif draw < 0.023 and apps:
            prop = Property(apps[-1].property.certificate, owner=guardian, unit=unit)  # another family's house
        apps.append(Application(f"A{n:06d}", f"儿童{n}", child, "小学", f"S{school:03d}", hukou_unit=unit,
                                guardians=(guardian,), property=prop, documents=frozenset({"户口簿", "不动产权证"})))
    for k in range(applications // 10):  # older seats on other houses: the ledger the lock check reads
        uses.append(PropertyUse(f"OLD{k}", "小学", YEAR - 1 - k % 6, _id(dt.date(2015, 2, 2), k), ("Y",)))
    return apps, uses, zone


def naive_checks(apps, uses, rules) -> dict[str, int]:
    """Every application compared with every other, and the whole ledger scanned, per application."""
    counts = {"duplicate_child": 0, "duplicate_property": 0, "lock": 0, "age": 0}
    cutoff = dt.date(rules.year - rules.entry_age, *rules.cutoff)
    for a in apps:
        if any(b is not a and b.child_id == a.child_id for b in apps):
            counts["duplicate_child"] += 1
        if any(b is not a and b.property.certificate == a.property.certificate
               and not set(a.guardians) & set(b.guardians) for b in apps):
            counts["duplicate_property"] += 1
        if any(u.certificate == a.property.certificate and rules.year - 6 < u.year <= rules.year
               and not set(a.guardians) & set(u.guardians) for u in uses):
            counts["lock"] += 1
        if idcard.birth_date(a.child_id) > cutoff:
            counts["age"] += 1
    return counts


def engine_counts(results) -> dict[str, int]:
    counts = {"duplicate_child": 0, "duplicate_property": 0, "lock": 0, "age": 0}
    for result in results:
        for code in {f.code for f in result.findings} & set(counts):
            counts[code] += 1
    return counts


def naive_allocation(candidates, seats, seeds) -> set[str]:
    """For each school: scan every candidate, sort with a comparison that hashes both tickets each time."""
    placed = set()
    for school, free in seats.items():
        mine = [c.applicant for c in candidates if c.school == school]
        seed = seeds.get(school, school)

        def compare(a, b, seed=seed):
            ka = (category_rank(a.category), hashlib.sha256(f"{seed}|{a.number}".encode()).hexdigest())
            kb = (category_rank(b.category), hashlib.sha256(f"{seed}|{b.number}".encode()).hexdigest())
            return (ka > kb) - (ka < kb)

        placed |= {a.number for a in sorted(mine, key=cmp_to_key(compare))[:free]}
    return placed


def zoning_case(units: int, schools: int, seed: int = 7):
    rng = random.Random(seed)
    side = math.sqrt(units) * 0.4  # km: a unit every ~400 m
    school_rows = [(f"S{k:03d}", rng.uniform(0, side), rng.uniform(0, side)) for k in range(schools)]
    unit_rows = []
    for k in range(units):
        x, y = rng.uniform(0, side), rng.uniform(0, side)
        nearest = min(school_rows, key=lambda s: math.hypot(s[1] - x, s[2] - y))[0]
        unit_rows.append(zoning.Unit(f"U{k:05d}", f"单元{k}", x, y, rng.randint(3, 25), nearest))
    demand = {}
    for unit in unit_rows:
        demand[unit.current] = demand.get(unit.current, 0) + unit.demand
    total = sum(demand.values())
    # Seats: 8% more than the city needs in all, but the popular tenth of the schools 15% short of their zones.
    popular = set(sorted(demand, key=lambda s: -demand[s])[: schools // 10])
    spare = (1.08 * total - sum(0.85 * demand[s] for s in popular)) / max(
        sum(demand.get(s, 0) for s, _x, _y in school_rows if s not in popular), 1)
    zoning_schools = [zoning.School(s, f"学校{s}", x, y, int(demand.get(s, 0) * (0.85 if s in popular else spare)))
                      for s, x, y in school_rows]
    return unit_rows, zoning_schools


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=60_000)
    parser.add_argument("--schools", type=int, default=400)
    parser.add_argument("--units", type=int, default=1_500)
    parser.add_argument("--naive-sample", type=int, default=6_000)
    parser.add_argument("--zoning-seconds", type=float, default=30.0)
    parser.add_argument("--save", help="write the table to this markdown file")
    args = parser.parse_args()
    rules = default_rules(YEAR)
    apps, uses, zone = city(args.applications, args.schools)
    lines = [f"招生：{len(apps):,}份申请、{args.schools}所学校", ""]

    started = time.perf_counter()
    results = assess(apps, zone, rules, uses)
    check_s = time.perf_counter() - started
    sample = apps[: args.naive_sample]
    sample_uses = list(uses)
    started = time.perf_counter()
    engine_sample = engine_counts(assess(sample, zone, rules, sample_uses))
    engine_sample_s = time.perf_counter() - started
    started = time.perf_counter()
    naive_sample = naive_checks(sample, sample_uses, rules)
    naive_s = time.perf_counter() - started
    assert engine_sample == naive_sample, (engine_sample, naive_sample)
    counts = engine_counts(results)
    lines += ["| 审核 | 申请 | 一房一学位 | 重复儿童 | 同一房产多户 | 年龄不符 | 用时（秒） |",
              "|---|---:|---:|---:|---:|---:|---:|",
              f"| 引擎（字典一次遍历） | {len(apps):,} | {counts['lock']:,} | {counts['duplicate_child']:,} | "
              f"{counts['duplicate_property']:,} | {counts['age']:,} | {check_s:.2f} |",
              f"| 引擎，样本 | {len(sample):,} | {engine_sample['lock']:,} | {engine_sample['duplicate_child']:,} | "
              f"{engine_sample['duplicate_property']:,} | {engine_sample['age']:,} | {engine_sample_s:.2f} |",
              f"| 逐条两两比较（基线），同一样本 | {len(sample):,} | {naive_sample['lock']:,} | "
              f"{naive_sample['duplicate_child']:,} | {naive_sample['duplicate_property']:,} | "
              f"{naive_sample['age']:,} | {naive_s:.2f} |",
              f"| 样本上之比 | | | | | | {engine_sample_s / naive_s:.3f}× |", ""]

    cleared = [r for r in results if r.clean]
    candidates = [Candidate(Applicant(r.application.number, category=r.category or "一类"), r.application.school,
                            tuple(f"S{(int(r.application.school[1:]) + k) % args.schools:03d}" for k in (1, 2, 3)))
                  for r in cleared]
    per_school = {}
    for c in candidates:
        per_school[c.school] = per_school.get(c.school, 0) + 1
    # Two schools in three oversubscribed by a tenth, the third with a fifth to spare for 统筹.
    seats = {s: int(n * (1.2 if int(s[1:]) % 3 == 0 else 0.9)) for s, n in per_school.items()}
    seeds = {s: f"{YEAR}0612" for s in seats}
    started = time.perf_counter()
    allocation = allocate(candidates, seats, seeds)
    alloc_s = time.perf_counter() - started
    started = time.perf_counter()
    naive_placed = naive_allocation(candidates, seats, seeds)
    naive_alloc_s = time.perf_counter() - started
    first_round = {n for n in allocation.placed if n not in allocation.reassigned}
    assert first_round == naive_placed, "the two allocations differ"
    lines += ["| 录取与摇号 | 审核通过 | 按申请录取 | 统筹安排 | 暂无学位 | 用时（秒） |",
              "|---|---:|---:|---:|---:|---:|",
              f"| 引擎（每校一次排序） | {len(candidates):,} | {len(first_round):,} | {len(allocation.reassigned):,} | "
              f"{len(allocation.unplaced):,} | {alloc_s:.2f} |",
              f"| 逐校扫描全表、比较时重算签号（基线） | {len(candidates):,} | {len(naive_placed):,} | — | — | "
              f"{naive_alloc_s:.2f} |", f"| 之比 | | | | | {alloc_s / naive_alloc_s:.3f}× |", ""]

    rng = random.Random(3)
    pupils = [Pupil(f"P{i}", rng.choice("男女"), round(rng.gauss(80, 10), 1) if rng.random() < 0.9 else None,
                    rng.random() < 0.02, f"F{i // 2}" if i < 20 else "") for i in range(600)]
    started = time.perf_counter()
    rooms = balanced_classes(pupils, 12, "2026")
    classes_s = time.perf_counter() - started
    ours, baseline = spread(rooms), spread(random_classes(pupils, 12, "2026"))
    lines += ["| 均衡分班（600人、12个班），各项最大差值 | 人数 | 男生 | 女生 | 特殊需要 | 平均分 | 用时（秒） |",
              "|---|---:|---:|---:|---:|---:|---:|",
              f"| 蛇形均衡分班 | {ours.size} | {ours.boys} | {ours.girls} | {ours.special_needs} | "
              f"{ours.mean_score:.2f} | {classes_s:.3f} |",
              f"| 随机分班（基线） | {baseline.size} | {baseline.boys} | {baseline.girls} | {baseline.special_needs} | "
              f"{baseline.mean_score:.2f} | — |", ""]

    units, schools = zoning_case(args.units, 60)
    started = time.perf_counter()
    proposal = zoning.propose(units, schools, zoning.Weights(), time_limit=args.zoning_seconds)
    zoning_s = time.perf_counter() - started
    current, nearest = zoning.current_proposal(units, schools), zoning.nearest_proposal(units, schools)
    lines += [f"| 划片（{len(units):,}个居住单元、{len(schools)}所学校） | 超出学位（人） | 人均路程（公里） | "
              "改变学校（人） | 用时（秒） |", "|---|---:|---:|---:|---:|"]
    for label, row, seconds in (("本年度片区", current, "—"), ("就近入学（基线）", nearest, "—"),
                                (f"CP-SAT 方案（{proposal.status}）", proposal, f"{zoning_s:.1f}")):
        lines.append(f"| {label} | {row.total_overflow():,} | {row.mean_km():.2f} | {row.movers:,} | {seconds} |")
    text = "\n".join(lines)
    print(text)
    if args.save:
        Path(args.save).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
