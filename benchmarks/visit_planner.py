"""Benchmark: a term's inspection calendar for a city of 40 inspectors and 600 schools over 20 weeks (issue 6).

Run with ``.venv/bin/python benchmarks/visit_planner.py [--time-limit S] [--monolithic S]``. It generates, from a
fixed seed, a city of towns (schools scattered around 14 town centres of different sizes, plus rural schools),
splits it into 40 responsibility zones with the zoning helper, and plans the autumn term 2025 (1 Sep 2025 –
16 Jan 2026: National Day week and New Year's Day off, a mid-term exam week in November and the final exam week
in January, 3–8 days of leave or training per inspector, 8 part-time inspectors with one visit a week):

* 经常性督导 (routine): every inspector ≥ 2 visits a week, 2–3 schools per visit, every school ≥ 2 a term;
* 教学视导 (teaching): every school ≥ 1 a term, 2–3 schools per visit;
* a day's schools pairwise within 12 km.

It times, in one process, the greedy round-robin calendar (baseline) and the CP-SAT planner decomposed per zone,
and prints for each: solve time, share of inspector-weeks meeting the weekly minimum, share of per-school
minimums met, visits spread one per part of the term, school-weeks with two visits, total visits and mean km
per day (wall and CPU seconds: on a shared machine the CPU time is the fairer figure); then CP-SAT against the
baseline, and the pre-check on the same city with a monthly 综合督导 at every school (which January cannot
hold). ``--dense`` plans denser quotas, where spreading starts to bind. ``--monolithic S`` also solves the
whole city as one model with S seconds (for the decomposition's sake; slow).
"""

from __future__ import annotations

import argparse
import datetime as dt
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


def show(name: str, result, seconds: float, cpu: float) -> None:
    c = result.coverage
    print(f"{name:<22} {seconds:7.2f} s (cpu {cpu:6.2f} s)  weeks met {c['inspector_weeks_met']:6.1%}  schools met "
          f"{c['school_visits_met']:6.1%}  spread {c['spread_met']:6.1%}  twice-a-week {c['school_weeks_twice']:4d}  "
          f"visits {c['visits']:5d}  school-visits {c['school_visits']:5d}  km/day {c['mean_km_per_day']:5.2f}  "
          f"{result.status} gaps {len(result.gaps)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=30.0, help="CP-SAT seconds for the whole city")
    parser.add_argument("--monolithic", type=float, default=0.0, help="also solve as one model with this limit")
    parser.add_argument("--dense", action="store_true",
                        help="denser quotas: routine ≥ 3 a week and ≥ 6 a term per school, teaching ≥ 1 a week and "
                             "≥ 3 a term per school (where spreading visits over the term starts to bind)")
    args = parser.parse_args()

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
    if args.dense:
        data = PlannerInput(**{**data.__dict__, "quotas": DENSE})
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
    greedy_s = time.perf_counter() - t
    show("greedy round-robin", greedy, greedy_s, time.process_time() - c)
    t, c = time.perf_counter(), time.process_time()
    cpsat = plan_visits(data)
    cpsat_s = time.perf_counter() - t
    show(f"CP-SAT per zone ({cpsat.coverage['components']})", cpsat, cpsat_s, time.process_time() - c)
    for g in cpsat.gaps[:5]:
        print("  ", g.message)
    if args.monolithic:
        t, c = time.perf_counter(), time.process_time()
        mono = plan_visits(PlannerInput(**{**data.__dict__, "time_limit_s": args.monolithic}), decompose=False)
        show("CP-SAT one model", mono, time.perf_counter() - t, time.process_time() - c)

    # The same city with 综合督导 every month at every school (2–3 schools a visit): January (Jan 2, Jan 5–9)
    # is too short; the pre-check says so per inspector, in milliseconds, before any solving.
    monthly = Quota("comprehensive", 0, 2, 3, visits_per_school=1, per="month")
    tight = PlannerInput(**{**data.__dict__, "quotas": (*data.quotas, monthly)})
    t = time.perf_counter()
    gaps = check_feasibility(tight)
    print(f"with 每月综合督导: pre-check {(time.perf_counter() - t) * 1000:.0f} ms, {len(gaps)} gaps, e.g. "
          f"{gaps[0].message if gaps else '-'}")

    gc, cc = greedy.coverage, cpsat.coverage
    print(f"CP-SAT vs greedy: time ×{cpsat_s / max(greedy_s, 1e-9):.0f}, weeks met "
          f"{cc['inspector_weeks_met'] - gc['inspector_weeks_met']:+.1%}, schools met "
          f"{cc['school_visits_met'] - gc['school_visits_met']:+.1%}, "
          f"spread {cc['spread_met'] - gc['spread_met']:+.1%}, "
          f"km/day ×{cc['mean_km_per_day'] / max(gc['mean_km_per_day'], 1e-9):.2f}, "
          f"school-visits ×{cc['school_visits'] / max(gc['school_visits'], 1):.2f}")


if __name__ == "__main__":
    main()
