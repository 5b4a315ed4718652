"""The CP-SAT model of the visit planner (see :mod:`.planner` for the rules it encodes).

One model per group of inspectors that share schools (usually one inspector: zones are disjoint), so variables
exist only for an inspector's own working days × active kinds × zone schools. Every quota is a soft constraint
with a slack variable weighted far above everything else, so the model always has a solution and the slack left
in an optimal one is exactly what cannot be met (the planner reports it, through its audit, as gaps).

Variables, for inspector i, working day d, kind k, zone school s:
  v[i,d,k]    a visit of kind k on day d (at most one per day, over kinds)
  x[i,d,k,s]  school s is visited in it (min·v ≤ Σs x ≤ max·v)
Constraints / objective terms:
  weekly      Σ_{d∈week} v[i,d,k] + slack ≥ demand(i,week,k)                       (slack × BIG)
  per school  Σ_{i,d∈period} x[i,d,k,s] + slack ≥ demand(s,k,period)                 (slack × BIG)
  distance    x-sum(a) + x-sum(b) ≤ 1 per day for pairs farther than max_km_per_day (hard), and a penalty in km
              for a pair on one day farther apart than the zone's median pair (only those: pair variables are
              most of the model, and the nearer half costs little)
  spread      a school at most once a week (excess penalised); each of the n equal parts of the term holds one
              of a school's n required visits (reward); the busiest school of a zone penalised (evenness)
  effort      a small cost per visit and per school-visit, so the plan asks for what the quotas ask, no more
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Sequence

from ortools.sat.python import cp_model

from .geo import far_pairs
from .planner_calendar import Calendar, _ordered, _week_start
from .planner_types import PlannedVisit

BIG = 1_000_000
VISIT_COST = 3
SCHOOL_VISIT_COST = 1
SAME_WEEK_COST = 20
PART_REWARD = 30
BUSIEST_COST = 5

STATUS = {cp_model.OPTIMAL: "OPTIMAL", cp_model.FEASIBLE: "FEASIBLE", cp_model.INFEASIBLE: "INFEASIBLE",
          cp_model.MODEL_INVALID: "MODEL_INVALID", cp_model.UNKNOWN: "UNKNOWN"}


def _median_pair(cal: Calendar, zone: Sequence[str]) -> float:
    known = [cal.km[a, b] for n, a in enumerate(zone) for b in zone[n + 1:] if (a, b) in cal.km]
    return statistics.median(known) if known else 0.0


def _size(cal: Calendar, group: Sequence[str]) -> int:
    return sum(len(cal.days[i]) * max(1, len(cal.zone[i])) * max(1, len(cal.quotas)) for i in group)


def solve_groups(
    cal: Calendar, groups: Sequence[Sequence[str]], greedy: Callable[[Calendar, Sequence[str]], list[PlannedVisit]]
) -> tuple[list[PlannedVisit], list[str]]:
    """Solve each group in turn, the time limit shared in proportion to size; a group without a solution in time
    keeps its greedy calendar (status UNKNOWN)."""
    sizes = [_size(cal, g) for g in groups]
    total = sum(sizes) or 1
    visits: list[PlannedVisit] = []
    statuses: list[str] = []
    budget = cal.data.time_limit_s
    for group, size in zip(groups, sizes, strict=True):
        hint = greedy(cal, group)
        limit = max(0.2, budget * size / total)
        found, status = solve_group(cal, group, hint, limit)
        visits.extend(found if found is not None else hint)
        statuses.append(status if found is not None else "UNKNOWN")
    return sorted(visits, key=lambda v: (v.inspector, v.day)), statuses


def solve_group(
    cal: Calendar, group: Sequence[str], hint: Sequence[PlannedVisit], time_limit: float
) -> tuple[list[PlannedVisit] | None, str]:
    data = cal.data
    m = cp_model.CpModel()
    cost: list = []
    v: dict[tuple[str, dt.date, str], cp_model.IntVar] = {}
    x: dict[tuple[str, dt.date, str, str], cp_model.IntVar] = {}
    on_day: dict[tuple[str, dt.date, str], list] = {}  # (inspector, day, school) → its x over kinds
    # The greedy calendar as a complete hint: every variable, auxiliaries included, gets its value in it.
    planned = {(h.inspector, h.day, h.kind): set(h.schools) for h in hint}
    hinted: dict[int, int] = {}

    def hint_of(terms) -> int:
        return sum(hinted[t.index] for t in terms)

    def suggest(var, value: int) -> None:
        hinted[var.index] = value
        m.add_hint(var, value)
    for i in group:
        zone = cal.zone[i]
        kinds = [q for q in cal.quotas if cal.can_run(i, q)]
        if not kinds:
            continue
        for d in cal.days[i]:
            day_visits = []
            for q in kinds:
                var = m.new_bool_var(f"v_{i}_{d}_{q.kind}")
                suggest(var, int((i, d, q.kind) in planned))
                v[i, d, q.kind] = var
                day_visits.append(var)
                xs = []
                for s in zone:
                    b = m.new_bool_var(f"x_{i}_{d}_{q.kind}_{s}")
                    suggest(b, int(s in planned.get((i, d, q.kind), ())))
                    x[i, d, q.kind, s] = b
                    xs.append(b)
                    on_day.setdefault((i, d, s), []).append(b)
                m.add(sum(xs) >= q.schools_per_visit_min * var)
                m.add(sum(xs) <= q.schools_per_visit_max * var)
                cost.append(VISIT_COST * var)
                cost.extend(SCHOOL_VISIT_COST * b for b in xs)
            m.add_at_most_one(day_visits)
        # Weekly minimum.
        for (week, kind), need in cal.weekly_demand(i).items():
            terms = [v[i, d, kind] for d in cal.days[i] if _week_start(d) == week and (i, d, kind) in v]
            slack = m.new_int_var(0, need, "")
            suggest(slack, max(0, need - hint_of(terms)))
            m.add(sum(terms) + slack >= need)
            cost.append(BIG * slack)
        # Grouping.
        if data.max_km_per_day is not None:
            for a, b in far_pairs(zone, cal.km, data.max_km_per_day):
                for d in cal.days[i]:
                    m.add(sum(on_day[i, d, a]) + sum(on_day[i, d, b]) <= 1)
        line = _median_pair(cal, zone)
        for n, a in enumerate(zone):
            for b in zone[n + 1:]:
                km = round(cal.km.get((a, b), 0.0))
                if km < 1 or cal.km[a, b] <= line:
                    continue
                if data.max_km_per_day is not None and cal.km[a, b] > data.max_km_per_day:
                    continue
                for d in cal.days[i]:
                    both = m.new_bool_var("")
                    suggest(both, int(hint_of(on_day[i, d, a]) + hint_of(on_day[i, d, b]) > 1))
                    m.add(sum(on_day[i, d, a]) + sum(on_day[i, d, b]) <= 1 + both)
                    cost.append(km * both)
        # Evenness: the busiest school of the zone.
        if zone:
            busiest = m.new_int_var(0, len(cal.days[i]), "")
            loads = [[b for d in cal.days[i] for b in on_day.get((i, d, s), ())] for s in zone]
            suggest(busiest, max(hint_of(load) for load in loads))
            for load in loads:
                m.add(sum(load) <= busiest)
            cost.append(BUSIEST_COST * busiest)
    schools = list(dict.fromkeys(s for i in group for s in cal.zone[i]))
    # Per-school minimum, with the spread over the period's parts.
    for (s, kind, index), need in cal.school_demand().items():
        if s not in schools:
            continue
        period = cal.periods(cal.quota[kind])[index]
        people = [i for i in cal.responsible[s] if i in group]
        days = sorted({d for i in people for d in cal.days[i] if period.start <= d <= period.end})
        terms = [x[i, d, kind, s] for i in people for d in days if (i, d, kind, s) in x]
        slack = m.new_int_var(0, need, "")
        suggest(slack, max(0, need - hint_of(terms)))
        m.add(sum(terms) + slack >= need)
        cost.append(BIG * slack)
        if need >= 2 and len(days) >= need:
            for part in range(need):
                lo, hi = days[part * len(days) // need], days[(part + 1) * len(days) // need - 1]
                inside = [x[i, d, kind, s] for i in people for d in days if lo <= d <= hi and (i, d, kind, s) in x]
                if inside:
                    hit = m.new_bool_var("")
                    suggest(hit, int(hint_of(inside) > 0))
                    m.add(sum(inside) >= hit)
                    cost.append(-PART_REWARD * hit)
    # A school at most once a week.
    for s in schools:
        by_week: dict[dt.date, list] = {}
        for i in cal.responsible[s]:
            if i not in group:
                continue
            for d in cal.days[i]:
                by_week.setdefault(_week_start(d), []).extend(on_day.get((i, d, s), ()))
        for terms in by_week.values():
            if len(terms) > 1:
                over = m.new_int_var(0, len(terms), "")
                suggest(over, max(0, hint_of(terms) - 1))
                m.add(sum(terms) <= 1 + over)
                cost.append(SAME_WEEK_COST * over)
    if not v:
        return [], "OPTIMAL"
    m.minimize(sum(cost))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = max(1, data.num_workers)
    solver.parameters.random_seed = data.seed
    solver.parameters.relative_gap_limit = 0.01
    # The model starts from a complete, feasible hint; a light presolve (no symmetry search, no probing, one
    # round) leaves the search most of a short time limit (0.35 s instead of 1 s for a 15-school zone).
    solver.parameters.symmetry_level = 0
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.max_presolve_iterations = 1
    code = solver.solve(m)
    status = STATUS.get(code, "UNKNOWN")
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, status
    out = []
    for (i, d, k), var in v.items():
        if solver.value(var):
            chosen = [s for s in cal.zone[i] if solver.value(x[i, d, k, s])]
            out.append(PlannedVisit(i, d, k, _ordered(cal, chosen)))
    return out, status
