"""The CP-SAT models of the visit planner (see :mod:`.planner` for the rules, :mod:`.planner_objective` for what
they minimise).

Decomposed (issue 17): one problem per group of inspectors that share schools (usually one inspector: zones are
disjoint), and each split in two small models instead of one large one (the single model over every day ×
school took about 300 times the greedy calendar's time and drove farther):

1. **what** — how many times each *candidate visit* is made, per inspector, kind and period. A candidate is a
   set of ``schools_per_visit_min``..``max`` schools of the zone, pairwise within ``max_km_per_day``, costing the
   shortest route through it: in a small zone every one, else the cheapest ones and the cheapest few around each
   school (for pairs: each school with its nearest), plus the greedy calendar's own sets when they obey the
   rules. Per-school minimums are soft with a slack weighted far above the rest; the cost is the driving, the
   parts of the term left without a school's visit (visits are counted per block of days between the parts'
   first days when a minimum cuts the period in at most :data:`MAX_BLOCKS` parts) and the busiest school of the
   zone. The visits per block lie between the days the weekly minimums need and the greedy calendar's days.
   When the greedy calendar falls short of a quota, its free days are offered too (each for one kind).
2. **when** — which of the greedy calendar's days each chosen visit takes (a day a weekly minimum needs must
   hold one; a catch-up day may stay empty); the cost is a school twice in a week, and the parts the first model
   did not count.

Both are warm-started or trivially feasible, stop at their share of the time limit with the best found, and
:func:`solve_groups` keeps, per group, whichever of the result and the greedy calendar scores better.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Sequence

from ortools.sat.python import cp_model

from .geo import far_pairs
from .planner_calendar import Calendar, _ordered, _week_start
from .planner_objective import WEIGHTS, score, visit_km_units
from .planner_types import PlannedVisit, Quota

__all__ = ["candidates", "solve_group", "solve_groups"]

BIG = 1_000_000
FULL_SETS = 5_000  # enumerate every set of a size when there are at most this many
CHEAPEST_SETS = 30  # otherwise keep the cheapest this many of the size …
AROUND_EACH = 3  # … and the cheapest this many containing each school
NEAREST_PAIRS = 6  # (for pairs: each school with its this many nearest)
MAX_BLOCKS = 3  # the first model counts visits per part of the term when a minimum cuts it in at most this many
STAGE_ONE = 0.7  # share of a group's time limit for choosing the visits (the rest places them on days)

STATUS = {cp_model.OPTIMAL: "OPTIMAL", cp_model.FEASIBLE: "FEASIBLE", cp_model.INFEASIBLE: "INFEASIBLE",
          cp_model.MODEL_INVALID: "MODEL_INVALID", cp_model.UNKNOWN: "UNKNOWN"}


def _size(cal: Calendar, group: Sequence[str]) -> int:
    return sum(len(cal.days[i]) * max(1, len(cal.zone[i])) * max(1, len(cal.quotas)) for i in group)


def solve_groups(
    cal: Calendar, groups: Sequence[Sequence[str]], greedy: Callable[[Calendar, Sequence[str]], list[PlannedVisit]]
) -> tuple[list[PlannedVisit], list[str], list[bool]]:
    """Solve each group in turn, the time limit shared in proportion to size, and keep for each the better of the
    optimised and the greedy calendar by :func:`.planner_objective.score` (the greedy one on a tie only when the
    solver found nothing). Returns the visits, each group's solver status and whether its optimised calendar was
    kept."""
    sizes = [_size(cal, g) for g in groups]
    total = sum(sizes) or 1
    visits: list[PlannedVisit] = []
    statuses: list[str] = []
    kept: list[bool] = []
    budget = cal.data.time_limit_s
    for group, size in zip(groups, sizes, strict=True):
        hint = greedy(cal, group)
        limit = max(0.2, budget * size / total)
        found, status = solve_group(cal, group, hint, limit)
        better = found is not None and score(cal, found, group) <= score(cal, hint, group)
        visits.extend(found if better else hint)
        statuses.append(status if found is not None else "UNKNOWN")
        kept.append(better)
    return sorted(visits, key=lambda v: (v.inspector, v.day)), statuses, kept


def candidates(cal: Calendar, zone: Sequence[str], q: Quota, extra: Sequence[tuple[str, ...]] = ()) -> tuple[
        list[tuple[str, ...]], bool]:
    """The candidate visits of a kind in a zone (sorted school tuples) and whether they are all the possible ones.

    >>> from .planner_types import PlannerInput, Site
    >>> d = dt.date(2025, 9, 1)
    >>> sites = (Site("a", 30.0, 120.0), Site("b", 30.01, 120.0), Site("c", 30.5, 120.0))
    >>> cal = Calendar(PlannerInput(d, d, sites, (), (), max_km_per_day=5.0))
    >>> candidates(cal, ("a", "b", "c"), Quota("routine", 1, 2, 3))
    ([('a', 'b')], True)
    """
    data = cal.data
    lo, hi = max(1, q.schools_per_visit_min), min(q.schools_per_visit_max, len(zone))
    far = set()
    if data.max_km_per_day is not None:
        far = {frozenset(p) for p in far_pairs(list(zone), cal.km, data.max_km_per_day)}
    ordered = sorted(zone)
    out: set[tuple[str, ...]] = {c for c in (tuple(sorted(set(e))) for e in extra) if lo <= len(c) <= hi
                                 and not any(frozenset(p) in far for p in itertools.combinations(c, 2))}
    complete = True
    for size in range(lo, hi + 1):
        if math.comb(len(ordered), size) <= FULL_SETS:
            sets = [c for c in itertools.combinations(ordered, size)
                    if not any(frozenset(p) in far for p in itertools.combinations(c, 2))]
            if size == 1 or len(sets) <= CHEAPEST_SETS:
                out.update(sets)
                continue
        else:
            sets = []
            for s in ordered:  # each school with its nearest neighbours, and one further variant
                near = sorted((t for t in ordered if t != s and frozenset((s, t)) not in far),
                              key=lambda t: (cal.km.get((s, t), 0.0), t))
                for skip in range(2):
                    pick = near[:skip] + near[skip + 1:size] if skip else near[:size - 1]
                    c = tuple(sorted((s, *pick)))
                    if len(c) == size and not any(frozenset(p) in far for p in itertools.combinations(c, 2)):
                        sets.append(c)
        complete = False
        cost = {c: visit_km_units(cal, c) for c in set(sets)}
        by_cost = sorted(cost, key=lambda c: (cost[c], c))
        out.update(by_cost[:CHEAPEST_SETS])
        for s in ordered:
            out.update([c for c in by_cost if s in c][:AROUND_EACH if size > 2 else NEAREST_PAIRS])
    return sorted(out, key=lambda c: (len(c), c)), complete


def solve_group(
    cal: Calendar, group: Sequence[str], hint: Sequence[PlannedVisit], time_limit: float
) -> tuple[list[PlannedVisit] | None, str]:
    """The best calendar of one group found within ``time_limit`` seconds, on the days of ``hint``.

    Two small models instead of one large one: first *what* to visit (how many times each candidate visit is
    made per kind and period: travel, the per-school minimums and the busiest school), then *when* (which of the
    hint's days each of those visits takes: the spread over the term and a school at most once a week). The
    days are the greedy calendar's (they meet the weekly minimums); a day beyond a week's minimum may stay
    empty. The status is "FEASIBLE" when both models found a calendar (the days being fixed, leftover slack
    proves nothing), else the failing model's.
    """
    data = cal.data
    w = WEIGHTS
    slots = sorted(dict.fromkeys((h.inspector, h.day, h.kind) for h in hint))
    if score(cal, hint, group).shortfall:
        # The greedy calendar falls short: its free days become optional days too, each for one kind with a
        # per-school minimum in turn (one visit a day), so the choice can add the visits it lacks.
        for i in group:
            kinds = [q.kind for q in cal.quotas if q.visits_per_school > 0 and cal.can_run(i, q)]
            busy = {d for j, d, _ in slots if j == i}
            free = [d for d in cal.days[i] if d not in busy]
            slots.extend((i, d, kinds[n % len(kinds)]) for n, d in enumerate(free) if kinds)
        slots.sort()
    if not slots:
        return [], "FEASIBLE"
    planned = {(h.inspector, h.day, h.kind): tuple(sorted(set(h.schools))) for h in hint}
    columns: dict[tuple[str, str], list[tuple[str, ...]]] = {}
    for i in group:
        for q in cal.quotas:
            if cal.can_run(i, q):
                extra = [sets for (j, _, k), sets in planned.items() if j == i and k == q.kind]
                columns[i, q.kind] = candidates(cal, cal.zone[i], q, extra)[0]
    slots = [slot for slot in slots if (slot[0], slot[2]) in columns]

    def period_of(kind: str, day: dt.date) -> int:
        return next(n for n, p in enumerate(cal.periods(cal.quota[kind])) if p.start <= day <= p.end)

    # The days a week's minimum needs are required; the rest (catch-up days of the greedy calendar) optional.
    required: set[tuple[str, dt.date, str]] = set()
    by_week: dict[tuple[str, dt.date, str], list] = {}
    for slot in slots:
        by_week.setdefault((slot[0], _week_start(slot[1]), slot[2]), []).append(slot)
    for (i, week, kind), rows in by_week.items():
        required.update(rows[:cal.weekly_demand(i).get((week, kind), 0)])
    # The parts of the term each school's visits should fall in (a minimum of n cuts its period in n parts):
    # every part's first day cuts the slots of that kind and period into blocks, so every part is a union of
    # blocks and the first model can count visits per block.
    mine = {s for i in group for s in cal.zone[i]}
    parts: list[tuple[str, str, int, dt.date, dt.date]] = []  # (school, kind, period, first, last day)
    cuts: dict[tuple[str, int], set[dt.date]] = {}
    for (s, kind, index), need in cal.school_demand().items():
        if s not in mine or need < 2:
            continue
        period = cal.periods(cal.quota[kind])[index]
        days = sorted({d for i in cal.responsible[s] if i in group for d in cal.days[i]
                       if period.start <= d <= period.end})
        if len(days) < need:
            continue
        for part in range(need):
            lo, hi = days[part * len(days) // need], days[(part + 1) * len(days) // need - 1]
            parts.append((s, kind, index, lo, hi))
            cuts.setdefault((kind, index), set()).add(lo)

    # Many parts make the first model large and slow to improve: those are left to the second (which may then
    # meet an odd cycle of pairs it cannot split, but rarely).
    cuts = {key: days for key, days in cuts.items() if len(days) <= MAX_BLOCKS}

    def block_of(kind: str, index: int, day: dt.date) -> int:
        return sum(1 for c in cuts.get((kind, index), ()) if c <= day)

    groups: dict[tuple[str, str, int, int], list] = {}
    for slot in slots:
        index = period_of(slot[2], slot[1])
        groups.setdefault((slot[0], slot[2], index, block_of(slot[2], index, slot[1])), []).append(slot)

    # ---- what: candidate visits counted per inspector, kind, period and block ----
    m = cp_model.CpModel()
    y: dict[tuple[str, str, int, int, tuple[str, ...]], cp_model.IntVar] = {}
    cost: list = []
    constant = 0
    hinted: dict[int, int] = {}  # the greedy calendar as a complete hint, auxiliaries included

    def suggest(var, value: int) -> None:
        hinted[var.index] = value
        m.add_hint(var, value)

    def hint_of(terms) -> int:
        return sum(hinted[t.index] for t in terms)
    given: dict[tuple, int] = {}
    for slot, c in planned.items():
        if slot in groups.get((slot[0], slot[2], period_of(slot[2], slot[1]),
                               block_of(slot[2], period_of(slot[2], slot[1]), slot[1])), ()):
            index = period_of(slot[2], slot[1])
            key = (slot[0], slot[2], index, block_of(slot[2], index, slot[1]), c)
            given[key] = given.get(key, 0) + 1
    for (i, kind, p, block), rows in groups.items():
        terms = []
        for c in columns[i, kind]:
            var = m.new_int_var(0, len(rows), "")
            suggest(var, given.get((i, kind, p, block, c), 0))
            y[i, kind, p, block, c] = var
            terms.append(var)
            cost.append(visit_km_units(cal, c) * var)
        m.add(sum(terms) <= len(rows))
        need = sum(1 for r in rows if r in required)
        if need:  # the days a weekly minimum needs (soft: a zone may have no valid visit at all)
            short = m.new_int_var(0, need, "")
            suggest(short, max(0, need - hint_of(terms)))
            m.add(sum(terms) + short >= need)
            cost.append(BIG * short)
    containing: dict[tuple[str, str, int, str], list] = {}
    in_block: dict[tuple[str, str, int, int, str], list] = {}
    for (i, kind, p, block, c), var in y.items():
        for s in c:
            containing.setdefault((i, kind, p, s), []).append(var)
            in_block.setdefault((i, kind, p, block, s), []).append(var)
    for (s, kind, index), need in cal.school_demand().items():
        if s not in mine:
            continue
        terms = [v for i in cal.responsible[s] if i in group for v in containing.get((i, kind, index, s), ())]
        slack = m.new_int_var(0, need, "")
        suggest(slack, max(0, need - hint_of(terms)))
        m.add(sum(terms) + slack >= need)
        cost.append(BIG * slack)
    for s, kind, index, lo, hi in parts:
        if (kind, index) not in cuts:
            continue
        inside = [v for i in cal.responsible[s] if i in group for (j, k, p, block, t), vs in in_block.items()
                  if (j, k, p, t) == (i, kind, index, s) and groups[j, k, p, block]
                  and lo <= groups[j, k, p, block][0][1] <= hi for v in vs]
        constant += w.missed_part
        if inside:
            hit = m.new_bool_var("")
            suggest(hit, int(hint_of(inside) > 0))
            m.add(sum(inside) >= hit)
            cost.append(-w.missed_part * hit)
    for i in group:
        loads = [[v for (j, _, _, t), vs in containing.items() if j == i and t == s for v in vs] for s in cal.zone[i]]
        loads = [load for load in loads if load]
        if loads:
            busiest = m.new_int_var(0, len(slots), "")
            suggest(busiest, max(hint_of(load) for load in loads))
            for load in loads:
                m.add(sum(load) <= busiest)
            cost.append(w.busiest * busiest)
    m.minimize(sum(cost) + constant)
    values, status = _solve(m, data, time_limit * STAGE_ONE)
    if values is None:
        return None, status
    chosen = [(key, values(var)) for key, var in y.items() if values(var) > 0]

    # ---- when: each chosen visit on one of the days of its block (a school at most once a week) ----
    m = cp_model.CpModel()
    cost = []
    u: dict[tuple[int, tuple[str, dt.date, str]], cp_model.IntVar] = {}
    on_slot: dict[tuple[str, dt.date, str], list] = {}
    visiting: dict[tuple[str, dt.date], list] = {}  # (school, day) → its u
    # Hint: the greedy calendar's own day for each visit it shares with the choice (all of them when the first
    # model kept the greedy visits), so the placing starts from the greedy calendar's.
    left = [count for _, count in chosen]
    index_of = {key: n for n, (key, _) in enumerate(chosen)}
    placed: dict[tuple[str, dt.date, str], int] = {}
    for slot in slots:
        c = planned.get(slot)
        p = period_of(slot[2], slot[1])
        n = index_of.get((slot[0], slot[2], p, block_of(slot[2], p, slot[1]), c))
        if n is not None and left[n] > 0:
            placed[slot] = n
            left[n] -= 1
    for n, ((i, kind, p, block, c), count) in enumerate(chosen):
        row = []
        for slot in groups[i, kind, p, block]:
            var = m.new_bool_var("")
            m.add_hint(var, int(placed.get(slot) == n))
            u[n, slot] = var
            row.append(var)
            on_slot.setdefault(slot, []).append(var)
            for s in c:
                visiting.setdefault((s, slot[1]), []).append(var)
        m.add(sum(row) == count)
    for slot in slots:
        terms = on_slot.get(slot, [])
        if terms:
            m.add_at_most_one(terms)
        if slot in required:  # filled whenever the first model chose enough visits
            cost.append(BIG * (1 - sum(terms)))
    per_day: dict[tuple[str, dt.date], list] = {}
    for (i, d, _), terms in on_slot.items():
        per_day.setdefault((i, d), []).extend(terms)
    for terms in per_day.values():
        if len(terms) > 1:
            m.add_at_most_one(terms)
    weeks: dict[tuple[str, dt.date], list] = {}
    for (s, d), terms in visiting.items():
        weeks.setdefault((s, _week_start(d)), []).extend(terms)
    for terms in weeks.values():
        if len(terms) > 1:
            over = m.new_int_var(0, len(terms), "")
            m.add(sum(terms) <= 1 + over)
            cost.append(w.same_week * over)
    for s, kind, index, lo, hi in parts:  # the parts the first model could not count
        if (kind, index) in cuts:
            continue
        inside = [var for (n, slot), var in u.items() if slot[2] == kind and lo <= slot[1] <= hi
                  and s in chosen[n][0][4] and chosen[n][0][2] == index]
        if inside:
            hit = m.new_bool_var("")
            m.add(sum(inside) >= hit)
            cost.append(-w.missed_part * hit)
    m.minimize(sum(cost))
    values, status = _solve(m, data, time_limit * (1 - STAGE_ONE))
    if values is None:
        return None, status
    out = [PlannedVisit(slot[0], slot[1], slot[2], _ordered(cal, chosen[n][0][4]))
           for (n, slot), var in u.items() if values(var)]
    return sorted(out, key=lambda v: (v.inspector, v.day)), "FEASIBLE"


def _solve(m: cp_model.CpModel, data, time_limit: float):
    """Solve with the input's workers and seed; the value getter, or None, and the status."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit)
    solver.parameters.num_workers = max(1, data.num_workers)
    solver.parameters.random_seed = data.seed
    solver.parameters.symmetry_level = 0
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.linearization_level = 2  # the LP of the covering model bounds the search well
    code = solver.solve(m)
    status = STATUS.get(code, "UNKNOWN")
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, status
    return solver.value, status
