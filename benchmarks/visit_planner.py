"""Benchmark: a term's inspection calendar for a city of 40 inspectors and 600 schools over 20 weeks (issue 6).

Run with ``.venv/bin/python benchmarks/visit_planner.py [--time-limit S] [--dense|--seeds] [--save FILE]``. It
generates, from a fixed seed, a city of towns (schools scattered around 14 town centres of different sizes, plus
rural schools), splits it into 40 responsibility zones with the zoning helper, and plans the autumn term 2025
(1 Sep 2025 – 16 Jan 2026: National Day week and New Year's Day off, a mid-term exam week in November and the
final exam week in January, 3–8 days of leave or training per inspector, 8 part-time inspectors with one visit a week):

* 经常性督导 (routine): every inspector ≥ 2 visits a week, 2–3 schools per visit, every school ≥ 2 a term;
* 教学视导 (teaching): every school ≥ 1 a term, 2–3 schools per visit;
* a day's schools pairwise within 12 km.

It times, in one process, the greedy round-robin calendar (baseline) and the optimiser (CP-SAT decomposed per zone
and into what/when, issue 17), for the seeds' quotas and for denser ones (``--dense``: only those, ``--seeds``:
only the seeds'), and prints a markdown table for each: quota coverage, km per day (mean, p90), km in total,
spread (minimums one per part of the term, school-weeks with two visits, std of visits per week), load across
inspectors (most ÷ fewest visits), solve time (wall and CPU: on a shared machine compare the two in the same
run); then the pre-check on the same city with a monthly 综合督导 at every school (which January cannot hold).
``--save FILE`` writes the tables (``benchmarks/results/visit_planner.md``). ``--monolithic S`` also solves the
whole city as one model with S seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))

from edubureau.inspection.engine.planner import (  # noqa: E402
    InspectorSpec,
    PlannerInput,
    Quota,
    Site,
    check_feasibility,
    plan_greedy,
    plan_visits,
)
from edubureau.inspection.engine.zoning import ZoneSite, propose_zones  # noqa: E402

INSPECTORS = 40
SCHOOLS = 600
START, END = dt.date(2025, 9, 1), dt.date(2026, 1, 16)  # 20 weeks, Monday to Friday
HOLIDAYS = frozenset({*(dt.date(2025, 10, d) for d in range(1, 9)), dt.date(2026, 1, 1)})
EXAM_WEEKS = frozenset({dt.date(2025, 11, 12), dt.date(2026, 1, 14)})
QUOTAS = (Quota("routine", 2, 2, 3, visits_per_school=2), Quota("teaching", 0, 2, 3, visits_per_school=1))
DENSE = (Quota("routine", 3, 2, 3, visits_per_school=6), Quota("teaching", 1, 2, 3, visits_per_school=3))
MAX_KM = 12.0


def city(seed: int = 6) -> tuple[list[ZoneSite], list[str]]:
    rnd = random.Random(seed)
    towns = [(30.0 + rnd.uniform(0, 0.9), 120.0 + rnd.uniform(0, 0.9), rnd.randint(15, 70)) for _ in range(14)]
    sites: list[ZoneSite] = []
    for lat, lon, size in towns:
        for _ in range(size):
            if len(sites) < SCHOOLS:
                sites.append(ZoneSite(f"S{len(sites):03d}", lat + rnd.gauss(0, 0.025), lon + rnd.gauss(0, 0.025),
                                      rnd.randint(300, 2500)))
    while len(sites) < SCHOOLS:  # rural schools and 教学点
        sites.append(ZoneSite(f"S{len(sites):03d}", 30.0 + rnd.uniform(0, 0.9), 120.0 + rnd.uniform(0, 0.9),
                              rnd.randint(20, 400)))
    return sites, [f"D{j:02d}" for j in range(INSPECTORS)]


def planner_input(sites, zones, time_limit: float, seed: int = 6) -> PlannerInput:
    rnd = random.Random(seed)
    term_days = [START + dt.timedelta(days=i) for i in range((END - START).days + 1)]
    inspectors = []
    for j, person in enumerate(sorted(set(zones.values()))):
        schools = tuple(sorted(k for k, p in zones.items() if p == person))
        blocked = frozenset(rnd.sample(term_days, rnd.randint(3, 8)))
        inspectors.append(InspectorSpec(person, schools, blocked=blocked, weekly_visits=1 if j % 5 == 4 else None))
    return PlannerInput(START, END, tuple(Site(s.key, s.lat, s.lon) for s in sites), tuple(inspectors), QUOTAS,
                        holidays=HOLIDAYS, exam_weeks=EXAM_WEEKS, max_km_per_day=MAX_KM, time_limit_s=time_limit,
                        seed=seed, num_workers=2)


ROWS = [
    ("inspector-weeks meeting the weekly minimum", lambda r: f"{r.coverage['inspector_weeks_met']:.1%}"),
    ("per-school minimums met", lambda r: f"{r.coverage['school_visits_met']:.1%}"),
    ("status, gaps", lambda r: f"{r.status}, {len(r.gaps)}"),
    ("visits / school-visits", lambda r: f"{r.coverage['visits']} / {r.coverage['school_visits']}"),
    ("km per day, mean", lambda r: f"{r.coverage['mean_km_per_day']:.2f}"),
    ("km per day, p90", lambda r: f"{r.coverage['km_per_day_p90']:.2f}"),
    ("km in total", lambda r: f"{r.coverage['km_total']:.0f}"),
    ("spread: minimums one visit per part of the term", lambda r: f"{r.coverage['spread_met']:.1%}"),
    ("spread: school-weeks with two visits", lambda r: f"{r.coverage['school_weeks_twice']}"),
    ("spread: std of an inspector's visits per week", lambda r: f"{r.coverage['weekly_visits_std']:.3f}"),
    ("load: most ÷ fewest visits of an inspector", lambda r: f"{r.coverage['load_max_min']:.2f}"),
]


def table(title: str, greedy, greedy_s, greedy_cpu, best, best_s, best_cpu) -> list[str]:
    """A markdown table of the two calendars side by side, then the optimiser against the baseline."""
    g, b = greedy.coverage, best.coverage
    lines = [f"### {title}", "", "| | greedy calendar | optimiser (CP-SAT) |", "|---|---:|---:|"]
    lines += [f"| {name} | {show(greedy)} | {show(best)} |" for name, show in ROWS]
    lines.append(f"| solve time, wall (cpu) | {greedy_s:.2f} s ({greedy_cpu:.2f} s) | {best_s:.2f} s "
                 f"({best_cpu:.2f} s) |")
    lines.append(f"| zones where the optimised calendar was kept | – | {b['optimised_components']} of "
                 f"{b['components']} |")
    lines += ["", f"Optimiser against greedy: km per day ×{b['mean_km_per_day'] / max(g['mean_km_per_day'], 1e-9):.3f}"
              f" (p90 ×{b['km_per_day_p90'] / max(g['km_per_day_p90'], 1e-9):.3f}), km in total "
              f"×{b['km_total'] / max(g['km_total'], 1e-9):.3f}, spread "
              f"{(b['spread_met'] - g['spread_met']) * 100:+.1f} points, "
              f"school-weeks twice {b['school_weeks_twice'] - g['school_weeks_twice']:+d}, weekly std "
              f"{b['weekly_visits_std'] - g['weekly_visits_std']:+.3f}, time ×{best_s / max(greedy_s, 1e-9):.0f}"
              f"{'; ' + best.note if best.note else ''}", ""]
    return lines


def run(data: PlannerInput, title: str) -> list[str]:
    print("quotas: " + "; ".join(f"{q.kind} {q.visits_per_inspector_per_week}/week, {q.schools_per_visit_min}–"
                                 f"{q.schools_per_visit_max} schools, {q.visits_per_school}/{q.per} per school"
                                 for q in data.quotas))
    t = time.perf_counter()
    gaps = check_feasibility(data)
    print(f"pre-check: {(time.perf_counter() - t) * 1000:.0f} ms, {len(gaps)} gaps")
    for g in gaps[:5]:
        print("  ", g.message)
    t, c = time.perf_counter(), time.process_time()
    greedy = plan_greedy(data)
    greedy_s, greedy_cpu = time.perf_counter() - t, time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    best = plan_visits(data)
    best_s, best_cpu = time.perf_counter() - t, time.process_time() - c
    lines = table(title, greedy, greedy_s, greedy_cpu, best, best_s, best_cpu)
    print("\n".join(lines))
    for g in best.gaps[:5]:
        print("  ", g.message)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=30.0, help="CP-SAT seconds for the whole city")
    parser.add_argument("--monolithic", type=float, default=0.0, help="also solve as one model with this limit")
    parser.add_argument("--dense", action="store_true",
                        help="only the denser quotas: routine ≥ 3 a week and ≥ 6 a term per school, teaching ≥ 1 a "
                             "week and ≥ 3 a term per school (where spreading visits over the term starts to bind)")
    parser.add_argument("--seeds", action="store_true", help="only the seeds' quotas (default: both)")
    parser.add_argument("--save", type=Path, help="write the tables (markdown) to this file")
    args = parser.parse_args()

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    sites, people = city()
    t = time.perf_counter()
    zoning = propose_zones(sites, people, time_limit_s=10)
    zoning_s = time.perf_counter() - t
    counts = zoning.schools_per_inspector.values()
    print(f"city: {len(sites)} schools, {len(people)} inspectors, {START} – {END}")
    print(f"zoning: {zoning_s:.2f} s, {zoning.status}, schools per zone {min(counts)}–{max(counts)}, "
          f"students per zone {min(zoning.students_per_inspector.values())}–"
          f"{max(zoning.students_per_inspector.values())}, km to zone centre mean {zoning.mean_travel_km:.1f} "
          f"max {zoning.max_travel_km:.1f}")
    data = planner_input(sites, zoning.assignment, args.time_limit)
    lines = ["# Visit planner: greedy calendar against the optimiser (`benchmarks/visit_planner.py`)", "",
             f"{len(sites)} schools, {len(people)} inspectors (8 part-time: one visit a week), {START} – {END}, a "
             f"day's schools within {MAX_KM:g} km; CP-SAT {args.time_limit:g} s for the city, "
             f"{data.num_workers} workers per zone; both calendars computed in the same run (load average "
             f"{load:.2f} at the start, 2 cores shared with other sessions: the ratios are what counts). Objective "
             "(`planner_objective`): quotas first, then 100 points per km, 1,000 per part of the term left without "
             "a school's visit, 150 per school seen twice in a week, 50 per visit of a zone's busiest school.", ""]
    if not args.dense:
        lines += run(data, "Seeds' quotas")
    if not args.seeds:
        lines += run(PlannerInput(**{**data.__dict__, "quotas": DENSE}), "Dense quotas (`--dense`)")
    if args.monolithic:
        t, c = time.perf_counter(), time.process_time()
        mono = plan_visits(PlannerInput(**{**data.__dict__, "time_limit_s": args.monolithic}), decompose=False)
        print(f"CP-SAT one model: {time.perf_counter() - t:.2f} s (cpu {time.process_time() - c:.2f} s), "
              f"km/day {mono.coverage['mean_km_per_day']:.2f}, {mono.status}")

    # The same city with 综合督导 every month at every school (2–3 schools a visit): January (Jan 2, Jan 5–9)
    # is too short; the pre-check says so per inspector, in milliseconds, before any solving.
    monthly = Quota("comprehensive", 0, 2, 3, visits_per_school=1, per="month")
    tight = PlannerInput(**{**data.__dict__, "quotas": (*data.quotas, monthly)})
    t = time.perf_counter()
    gaps = check_feasibility(tight)
    print(f"with 每月综合督导: pre-check {(time.perf_counter() - t) * 1000:.0f} ms, {len(gaps)} gaps, e.g. "
          f"{gaps[0].message if gaps else '-'}")
    if args.save:
        args.save.write_text("\n".join(lines), encoding="utf-8")
        print(f"saved to {args.save}")


if __name__ == "__main__":
    main()
