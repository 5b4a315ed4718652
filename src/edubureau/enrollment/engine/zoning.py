"""Attendance-zone (划片) proposal engine: assign every residential unit to one school per level with CP-SAT.

Taken from Plural-Connections/attendance-boundaries, ``models/assignment_cp_sat.py``: one boolean per (unit, school)
with "exactly one school per unit"; the contiguity rule "a unit may join school j only if some neighbour closer to j
also joins j, or it is the unit where j stands" (the root block); a stability pull towards this year's zones (there a
hard limit plus the current zones as solver hint, here a per-pupil change cost plus the same hint); school capacity.
Differs: a unit may always keep this year's school (the county's zones need not satisfy the rule; only changes
must); the objective is seat supply vs demand (hard capacity first, penalised overflow only if that is infeasible)
plus pupil travel, not segregation; units are always kept whole; candidates are the k nearest schools within max_km.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

__all__ = [
    "Assignment", "Proposal", "School", "Unit", "Weights", "candidates", "compare", "current_proposal",
    "nearest_proposal", "neighbours_by_distance", "objective", "propose",
]

SCALE = 10  # objective coefficients are integers: km (and every other term) multiplied by 10


@dataclass(frozen=True)
class Unit:
    """A residential unit (小区/村/楼栋) with its forecast first-year pupils at one level.

    Example: ``Unit("U1", "阳光小区", 1.0, 2.0, demand=30, current="S1")`` is a unit at (1 km, 2 km) with 30 pupils
    zoned this year to school ``S1``; ``current=None`` marks a new unit.
    """

    code: str
    name: str
    x: float
    y: float
    demand: int
    current: str | None
    neighbours: tuple[str, ...] = ()  # adjacency is made symmetric; a unit without neighbours has only the exception


@dataclass(frozen=True)
class School:
    """A school with its first-year seats (classes × class-size norm, computed by the caller)."""

    code: str
    name: str
    x: float
    y: float
    seats: int


@dataclass(frozen=True)
class Weights:
    """Objective weights set by the user; all >= 0. ``Weights(change=0)`` ignores stability entirely."""

    travel: float = 1.0
    change: float = 2.0
    overflow: float = 100.0
    max_km: float | None = None
    candidates: int = 5


@dataclass(frozen=True)
class Assignment:
    """One unit's outcome: old and new school codes, distance to the new school and a Chinese reason."""

    unit: str
    old: str | None
    new: str
    km: float
    reason: str


@dataclass
class Proposal:
    """A complete zoning with its figures. ``p.assignments["U1"].new`` is the school proposed for unit U1."""

    assignments: dict[str, Assignment]
    load: dict[str, int]
    overflow: dict[str, int]
    travel_km: float
    movers: int
    feasible_capacity: bool
    method: str
    seconds: float
    status: str

    def mean_km(self) -> float:
        """Mean travel distance per pupil (km), 0 when there are no pupils."""
        pupils = sum(self.load.values())
        return self.travel_km / pupils if pupils else 0.0

    def total_overflow(self) -> int:
        """Pupils above seats summed over all schools."""
        return sum(self.overflow.values())


def _km(a: Unit | School, b: Unit | School) -> float:
    return math.hypot(a.x - b.x, a.y - b.y)


def _nearest(u: Unit, schools: list[School]) -> School:
    return min(schools, key=lambda s: (_km(u, s), s.code))


def neighbours_by_distance(units: list[Unit], k: int = 6) -> dict[str, tuple[str, ...]]:
    """Symmetric k-nearest adjacency: v is a neighbour of u if either is among the other's k nearest units.

    Example: on a line of units 1 km apart, ``neighbours_by_distance(units, k=2)`` links each unit to the next two.
    """
    adj: dict[str, set[str]] = {u.code: set() for u in units}
    for u in units:
        others = sorted((v for v in units if v.code != u.code), key=lambda v: (_km(u, v), v.code))
        for v in others[:k]:
            adj[u.code].add(v.code)
            adj[v.code].add(u.code)
    return {c: tuple(sorted(n)) for c, n in adj.items()}


def candidates(units: list[Unit], schools: list[School], weights: Weights = Weights()) -> dict[str, tuple[str, ...]]:
    """Schools each unit may go to: its k nearest plus its current school, minus those beyond ``max_km``.

    A unit with no school within ``max_km`` keeps only its nearest school (nothing better exists).
    """
    out: dict[str, tuple[str, ...]] = {}
    for u in units:
        ranked = sorted(schools, key=lambda s: (_km(u, s), s.code))
        pool = {s.code: s for s in ranked[: max(1, weights.candidates)]}
        pool.update({s.code: s for s in schools if s.code == u.current})
        if weights.max_km is not None:
            pool = {c: s for c, s in pool.items() if _km(u, s) <= weights.max_km}
        out[u.code] = tuple(sorted(pool, key=lambda c: (_km(u, pool[c]), c))) or (ranked[0].code,)
    return out


def objective(proposal: Proposal, units: list[Unit], weights: Weights = Weights()) -> float:
    """Unscaled objective: travel·pupil-km + change·movers + overflow·pupils above seats."""
    changed = sum(u.demand for u in units if u.current is not None and proposal.assignments[u.code].new != u.current)
    return weights.travel * proposal.travel_km + weights.change * changed + weights.overflow * proposal.total_overflow()


def _evaluate(units, schools, chosen: dict[str, str], method: str, status: str, seconds: float) -> Proposal:
    by_code = {s.code: s for s in schools}
    load = {s.code: 0 for s in schools}
    for u in units:
        load[chosen[u.code]] += u.demand
    over = {c: max(0, load[c] - by_code[c].seats) for c in load}
    # Overflow of this year's zones (new units counted at their nearest school), used to explain moves.
    before = {s.code: 0 for s in schools}
    for u in units:
        before[u.current if u.current in by_code else _nearest(u, schools).code] += u.demand
    assignments: dict[str, Assignment] = {}
    for u in units:
        new = by_code[chosen[u.code]]
        km = round(_km(u, new), 3)
        nearest = _nearest(u, schools)
        if u.current is None:
            where = "最近学校" if new.code == nearest.code else f"{new.name}"
            reason = f"新建小区，划入{where}（{km:.1f}公里）"
        elif u.current == new.code:
            reason = "未调整"
        elif u.current not in by_code:
            reason = f"原学校不再招生，改入{new.name}（{km:.1f}公里）"
        else:
            old = by_code[u.current]
            old_km = _km(u, old)
            spare = load[new.code] <= new.seats
            kind = "距离最近" if new.code == nearest.code else ("距离更近" if km < old_km else "")
            if spare:
                kind = f"{kind}且有余位" if kind else "有余位"
            target = f"{kind}{'的' if kind else ''}{new.name}（{old_km:.2f}→{km:.2f}公里）"
            excess = before[old.code] - old.seats
            if excess > 0:
                reason = f"原学校{old.name}超出学位{excess}个，改入{target}"
            elif km < old_km:
                reason = f"改入{target}"
            else:
                reason = f"为保持学区连片、平衡学位，改入{target}"
        assignments[u.code] = Assignment(u.code, u.current, new.code, km, reason)
    travel = round(sum(u.demand * _km(u, by_code[chosen[u.code]]) for u in units), 3)
    movers = sum(u.demand for u in units if u.current is not None and chosen[u.code] != u.current)
    return Proposal(assignments, load, over, travel, movers, not any(over.values()), method, round(seconds, 3), status)


def current_proposal(units: list[Unit], schools: list[School]) -> Proposal:
    """This year's zones evaluated against next year's demand; new units (or closed schools) go to the nearest."""
    codes = {s.code for s in schools}
    chosen = {u.code: u.current if u.current in codes else _nearest(u, schools).code for u in units}
    return _evaluate(units, schools, chosen, "沿用本年度划片，新建小区划入最近学校", "基线", 0.0)


def nearest_proposal(units: list[Unit], schools: list[School]) -> Proposal:
    """Baseline: every unit to its nearest school, ignoring seats."""
    chosen = {u.code: _nearest(u, schools).code for u in units}
    return _evaluate(units, schools, chosen, "每个小区划入直线距离最近的学校（不考虑学位）", "基线", 0.0)


def _solve(units, schools, weights, cand, nbrs, hard: bool, time_limit: float, seed: int):
    """Build and solve one CP-SAT model; returns (status, chosen-or-None)."""
    model = cp_model.CpModel()
    by_code = {s.code: s for s in schools}
    ucode = {u.code: u for u in units}
    x = {(u.code, s): model.new_bool_var(f"x[{u.code},{s}]") for u in units for s in cand[u.code]}
    home = {s.code: min(units, key=lambda u: (_km(u, s), u.code)).code for s in schools}
    terms = []
    for u in units:
        model.add_exactly_one(x[u.code, s] for s in cand[u.code])
        nearest = cand[u.code][0]  # nearest school (within max_km when a limit is set)
        for s in cand[u.code]:
            d = _km(u, by_code[s])
            cost = weights.travel * u.demand * d
            if u.current is not None and s != u.current:
                cost += weights.change * u.demand
            terms.append(round(SCALE * cost) * x[u.code, s])
            if home[s] == u.code or s == u.current:
                continue  # a unit may always stay where this year's zones put it (they need not be contiguous)
            closer = [v for v in nbrs.get(u.code, ()) if (v, s) in x and _km(ucode[v], by_code[s]) < d]
            if closer:  # contiguity: some neighbour closer to s also joins s
                model.add_bool_or([x[v, s] for v in closer]).only_enforce_if(x[u.code, s])
            elif s not in (u.current, nearest):
                model.add(x[u.code, s] == 0)
    total = sum(u.demand for u in units)
    for s in schools:
        load = sum(u.demand * x[u.code, s.code] for u in units if (u.code, s.code) in x)
        if hard:
            model.add(load <= s.seats)
        else:
            over = model.new_int_var(0, total, f"over[{s.code}]")
            model.add(over >= load - s.seats)
            terms.append(round(SCALE * weights.overflow) * over)
    model.minimize(sum(terms))
    codes = set(by_code)
    for u in units:
        hint = u.current if u.current in codes and u.current in cand[u.code] else cand[u.code][0]
        for s in cand[u.code]:
            model.add_hint(x[u.code, s], s == hint)
    solver = cp_model.CpSolver()
    # One worker and a deterministic work budget: the same input and seed give the same zones even when the search
    # is cut short (2 workers, or a wall-clock limit on a loaded machine, gave different zones). A third of the budget
    # in deterministic units took about 0.7 of it in seconds on the 2-CPU server; twice the budget is a safety net.
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = max(0.05, time_limit / 3)
    solver.parameters.max_time_in_seconds = max(0.1, 2 * time_limit)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return status, None
    chosen = {u.code: next(s for s in cand[u.code] if solver.boolean_value(x[u.code, s])) for u in units}
    return status, chosen


def propose(
    units: list[Unit], schools: list[School], weights: Weights = Weights(), *, time_limit: float = 10.0, seed: int = 0
) -> Proposal:
    """Propose zones with CP-SAT: contiguous, capacity first, then least travel and fewest changes.

    Parameters
    ----------
    units, schools : list
        Residential units (with this year's zone) and schools of one level; units' ``neighbours`` are used when any
        unit has them, otherwise ``neighbours_by_distance`` is computed.
    weights : Weights
        Per pupil-km, per moved pupil and per pupil above seats, plus the distance cap and candidate count.
    time_limit : float
        Target seconds for the whole call: half for the hard-capacity model, half for the penalised one if needed.
        Budgets are in CP-SAT deterministic time (a third of the seconds); wall-clock stops only at twice as long.
    seed : int
        Solver seed; the same input and seed always give the same proposal.

    Returns
    -------
    Proposal
        Status "最优" (proven), "可行（达到时限）" (cut short) or "基线" (no solution: better of current/nearest).

    Examples
    --------
    ``p = propose(units, schools, Weights(max_km=2.0), time_limit=5)`` gives a zoning where no pupil goes beyond
    2 km (unless no school is that close); ``compare(p, current_proposal(units, schools))`` sums up the change.
    """
    if not schools:
        raise ValueError("没有可划入的学校")
    started = time.monotonic()
    units, schools = list(units), list(schools)
    if not units:
        return _evaluate(units, schools, {}, "没有居住单元", "最优", 0.0)
    cand = candidates(units, schools, weights)
    nbrs: dict[str, set[str]] = {u.code: set() for u in units}
    if any(u.neighbours for u in units):
        for u in units:
            for v in u.neighbours:
                if v in nbrs and v != u.code:
                    nbrs[u.code].add(v)
                    nbrs[v].add(u.code)
    else:
        nbrs = {c: set(n) for c, n in neighbours_by_distance(units).items()}
    rule = f"CP-SAT求解：学区连片、每个小区只在最近{weights.candidates}所学校中选择"
    if weights.max_km is not None:
        rule += f"且距离不超过{weights.max_km:g}公里"
    chosen, status = None, cp_model.UNKNOWN
    enough = sum(u.demand for u in units) <= sum(s.seats for s in schools)
    if enough:
        status, chosen = _solve(units, schools, weights, cand, nbrs, True, time_limit / 2, seed)
        method = f"{rule}，学位作为硬约束，最小化上学距离与调整人数"
    if chosen is None:
        budget = time_limit / 2 if enough else time_limit  # not the wall time left: that would break determinism
        status, chosen = _solve(units, schools, weights, cand, nbrs, False, budget, seed)
        why = "在连片和距离限制下未能找到不超额的方案" if enough else "学位总数不足"
        method = f"{rule}，{why}，超额按每人{weights.overflow:g}计罚，最小化超额、上学距离与调整人数"
    elapsed = time.monotonic() - started
    if chosen is None:
        base = min((current_proposal(units, schools), nearest_proposal(units, schools)),
                   key=lambda p: objective(p, units, weights))
        base.method = f"求解器在时限内未找到满足连片条件的方案，采用{base.method}"
        base.seconds = round(elapsed, 3)
        return base
    label = "最优" if status == cp_model.OPTIMAL else "可行（达到时限）"
    return _evaluate(units, schools, chosen, method, label, elapsed)


def compare(proposal: Proposal, baseline: Proposal) -> dict:
    """Figures side by side, e.g. ``compare(p, b)["overflow"] == {"方案": 0, "基线": 23, "变化": -23}``."""
    pairs = {
        "overflow": (proposal.total_overflow(), baseline.total_overflow()),
        "travel_km": (round(proposal.travel_km, 1), round(baseline.travel_km, 1)),
        "mean_km": (round(proposal.mean_km(), 2), round(baseline.mean_km(), 2)),
        "movers": (proposal.movers, baseline.movers),
    }
    return {k: {"方案": a, "基线": b, "变化": round(a - b, 2)} for k, (a, b) in pairs.items()}
