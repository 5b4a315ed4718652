"""Zoning helper (督学责任区划分): a proposed split of schools among inspectors (pure, OR-Tools CP-SAT).

Method — k-medoids for the shape, CP-SAT for the balance:

1. Zone centres are chosen by a deterministic k-medoids on the schools with coordinates (k-means++-style seeding
   from a fixed seed, then alternate "assign to nearest centre" / "move the centre to the zone's medoid"). A
   medoid is a real school, so the centre is a place an inspector actually drives to, and outlying schools do not
   drag it into the fields.
2. The assignment is then one CP-SAT model: each school to exactly one inspector; every zone gets ⌊n/k⌋ or ⌈n/k⌉
   schools (±1, hard, unless user-fixed schools force a zone above that: then the spread of counts is minimised
   first); the objective then adds the largest deviation of a zone's students from the mean (in ‰ of the mean)
   and the sum of distances from each school to its zone's centre (compactness), at the rate "1% of student
   imbalance weighs as much as 0.5 km more travel summed over the schools" (:data:`KM_WEIGHT`): a school is not
   moved to a zone 30 km away to even out students by a few percent, but among near schools students are
   balanced. Each school is offered only its nearest few
   centres (plus any fixed one), which keeps the model small (600 schools × 8 candidates, not × 40), and falls
   back to all centres when that makes the balance impossible. Centres are recomputed as medoids of the solved
   zones and the model solved again (two rounds).

Why not pure k-medoids: it yields compact zones but nothing stops one zone from holding twice the schools of
another; a local search can fix counts, but balancing counts and students together with compactness is exactly
what a small assignment model does well and provably. Why not CP-SAT alone: choosing centres inside the model
multiplies it by the number of candidate centres.

``fixed`` maps a school to the inspector the user has set: it is kept as is. Schools without coordinates are
assigned for balance only (no distance cost). Inspectors are the zone names: the result maps school → inspector.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .geo import haversine_km

__all__ = ["ZoneSite", "ZoningResult", "propose_zones", "zone_figures"]

KM_WEIGHT = 2  # per 0.1 km; 1‰ of student imbalance costs 1, so 1% of imbalance weighs as 0.5 km of travel
CANDIDATES = 8  # nearest centres offered to each school
ROUNDS = 2


@dataclass(frozen=True)
class ZoneSite:
    """A school for zoning: key, coordinates (None when unknown) and its number of students."""

    key: str
    lat: float | None
    lon: float | None
    students: int = 0


@dataclass(frozen=True)
class ZoningResult:
    """A proposed split.

    ``assignment`` maps each school key to an inspector key; ``schools_per_inspector`` and
    ``students_per_inspector`` count per inspector (every inspector present, 0 when empty); ``max_travel_km`` is
    the largest distance from a school to its zone's centre; ``centres`` maps an inspector to its centre school
    (None for a zone without coordinates); ``objective`` is the solver's objective value (lower is better);
    ``status`` the CP-SAT status name, or "FLOW" when CP-SAT found nothing in time and the split is the min-cost
    flow's (counts balanced and compact, students not balanced).
    """

    assignment: dict[str, str]
    schools_per_inspector: dict[str, int]
    students_per_inspector: dict[str, int]
    max_travel_km: float
    objective: float
    centres: dict[str, str | None] = field(default_factory=dict)
    mean_travel_km: float = 0.0
    status: str = ""


def propose_zones(
    sites_with_students: Sequence[ZoneSite],
    inspectors: Sequence[str],
    *,
    fixed: Mapping[str, str] | None = None,
    time_limit_s: float = 10.0,
    seed: int = 0,
    students_weight: int = 1,
) -> ZoningResult:
    """Split the schools among the inspectors: counts within ±1, students balanced, zones compact, fixed kept.

    ``students_weight`` scales the student balance against travel (1: 1% of imbalance weighs as 0.5 km; 4: as
    2 km). Raises ValueError when there is no inspector, or ``fixed`` names an unknown school or inspector.

    >>> sites = [ZoneSite(f"w{i}", 30.0, 120.0 + i / 1000, 100) for i in range(3)]
    >>> sites += [ZoneSite(f"e{i}", 30.0, 120.5 + i / 1000, 100) for i in range(3)]
    >>> r = propose_zones(sites, ["甲", "乙"], time_limit_s=2)
    >>> sorted(r.assignment.values()).count("甲"), len({r.assignment[k] for k in ("w0", "w1", "w2")})
    (3, 1)
    """
    fixed = dict(fixed or {})
    people = list(dict.fromkeys(inspectors))
    if not people:
        raise ValueError("no inspector to assign schools to")
    sites = list({s.key: s for s in sites_with_students}.values())
    keys = {s.key for s in sites}
    for school, person in fixed.items():
        if school not in keys:
            raise ValueError(f"fixed school {school!r} is not among the sites")
        if person not in people:
            raise ValueError(f"fixed inspector {person!r} is not among the inspectors")
    if not sites:
        return zone_figures({}, [], people, {p: None for p in people}, 0.0, "OPTIMAL")
    rnd = random.Random(seed)
    point = {s.key: (s.lat, s.lon) for s in sites if s.lat is not None and s.lon is not None}

    def km(a: str, b: str | None) -> float:
        if b is None or a not in point or b not in point:
            return 0.0
        return haversine_km(*point[a], *point[b]) or 0.0

    def medoid(members: Sequence[str]) -> str | None:
        located = [m for m in members if m in point]
        if not located:
            return None
        return min(located, key=lambda c: (sum(km(c, m) for m in located), c))

    # 1. Centres: fixed schools seed their inspector's centre, k-means++ the rest, then k-medoids (Lloyd) rounds.
    centres: dict[str, str | None] = {}
    for person in people:
        centres[person] = medoid([s for s, p in fixed.items() if p == person])
    located = sorted(point)
    for person in people:
        if centres[person] is not None or not located:
            continue
        chosen = [c for c in centres.values() if c is not None]
        if not chosen:
            centres[person] = rnd.choice(located)
            continue
        weights = [min(km(s, c) for c in chosen) ** 2 for s in located]
        total = sum(weights)
        centres[person] = rnd.choices(located, weights=weights)[0] if total > 0 else rnd.choice(located)
    for _ in range(6):
        zones: dict[str, list[str]] = {p: [] for p in people}
        for s in located:
            owner = fixed.get(s) or min(people, key=lambda p: (km(s, centres[p]) if centres[p] else 1e9, p))
            zones[owner].append(s)
        moved = {p: medoid(zones[p]) or centres[p] for p in people}
        if moved == centres:
            break
        centres = moved
    # 2. Balanced compact assignment by CP-SAT, centres recomputed after each round.
    assignment: dict[str, str] = {}
    objective, status = 0.0, "UNKNOWN"
    for _ in range(ROUNDS):
        result = _assign(sites, people, centres, fixed, km, time_limit_s / ROUNDS, seed, students_weight)
        if result is None:
            break
        assignment, objective, status = result
        centres = {p: medoid([s for s, q in assignment.items() if q == p]) for p in people}
    if not assignment:  # no solution in time: nearest centre, then fixed (balance not guaranteed)
        assignment = {s.key: fixed.get(s.key) or min(people, key=lambda p: (km(s.key, centres[p]), p)) for s in sites}
    return zone_figures(assignment, sites, people, centres, objective, status)


def _assign(sites, people, centres, fixed, km, time_limit, seed, students_weight):
    from ortools.sat.python import cp_model

    n, k = len(sites), len(people)
    lo, hi = n // k, -(-n // k)
    fixed_count = {p: sum(1 for q in fixed.values() if q == p) for p in people}
    hard_counts = all(c <= hi for c in fixed_count.values())
    far = {}
    for s in sites:
        if s.key in fixed:
            far[s.key] = {fixed[s.key]: 0}
            continue
        located = [p for p in people if centres[p] is not None]
        if s.lat is None or s.lon is None or not located:
            far[s.key] = {p: 0 for p in people}
            continue
        ranked = sorted(located, key=lambda p: (km(s.key, centres[p]), p))
        # An inspector without any located school is as far as the farthest centre (still a candidate).
        worst = km(s.key, centres[ranked[-1]])
        far[s.key] = {p: round(10 * km(s.key, centres[p])) if centres[p] else round(10 * worst) for p in people}
    total_students = sum(s.students for s in sites)
    # Candidates: each school's nearest centres, and each centre's nearest schools (so every zone can fill up).
    # A school without coordinates (or a fixed one) keeps every option it has.
    offered: dict[str, set[str]] = {
        s.key: set(sorted(far[s.key], key=lambda p: (far[s.key][p], p))[:CANDIDATES])
        if s.lat is not None and s.lon is not None else set(far[s.key]) for s in sites}
    for p in people:
        near = sorted((s.key for s in sites if p in far[s.key] and s.lat is not None and s.lon is not None),
                      key=lambda key: (far[key][p], key))
        for key in near[: 2 * hi]:
            offered[key].add(p)
    caps = {p: hi if hard_counts else max(hi, fixed_count[p]) for p in people}
    hint = _flow(sites, people, far, lo if hard_counts else 0, caps)
    for key, p in hint.items():
        offered[key].add(p)

    def objective_of(assignment: dict[str, str]) -> tuple[int, int, int]:
        """(count spread, distance in 0.1 km, largest student deviation in ‰) of an assignment."""
        counts = {p: 0 for p in people}
        students = {p: 0 for p in people}
        for s in sites:
            counts[assignment[s.key]] += 1
            students[assignment[s.key]] += s.students
        dev = max((-(-1000 * abs(k * students[p] - total_students) // total_students) for p in people), default=0) \
            if total_students > 0 else 0
        spread = 0 if hard_counts else max(counts.values()) - min(counts.values())
        return spread, sum(far[s.key][assignment[s.key]] for s in sites), dev

    for wide in ((False, True) if hint else (True,)):
        m = cp_model.CpModel()
        b: dict[tuple[str, str], cp_model.IntVar] = {}
        for s in sites:
            options = sorted(far[s.key]) if wide else sorted(offered[s.key])
            for p in options:
                b[s.key, p] = m.new_bool_var("")
                m.add_hint(b[s.key, p], hint.get(s.key) == p)
            m.add_exactly_one(b[s.key, p] for p in options)
        counts, students = {}, {}
        for p in people:
            mine = [(s, b[s.key, p]) for s in sites if (s.key, p) in b]
            counts[p] = sum(v for _, v in mine)
            students[p] = sum(s.students * v for s, v in mine)
        hint_spread, _hint_distance, hint_dev = objective_of(hint) if hint else (0, 0, 0)
        spread = m.new_int_var(0, n, "")
        m.add_hint(spread, hint_spread)
        if hard_counts:
            for p in people:
                m.add(counts[p] >= lo)
                m.add(counts[p] <= hi)
        else:
            top, bottom = m.new_int_var(0, n, ""), m.new_int_var(0, n, "")
            m.add_max_equality(top, [counts[p] for p in people])
            m.add_min_equality(bottom, [counts[p] for p in people])
            m.add(spread == top - bottom)
        # The largest deviation of a zone's students from the mean, in ‰ of the mean.
        maxdev = m.new_int_var(0, 1000 * k, "")
        m.add_hint(maxdev, hint_dev)
        if total_students > 0:
            for p in people:
                m.add(1000 * (k * students[p] - total_students) <= total_students * maxdev)
                m.add(1000 * (total_students - k * students[p]) <= total_students * maxdev)
        distance = sum(far[s][p] * v for (s, p), v in b.items())  # in 0.1 km
        m.minimize(10**12 * spread + KM_WEIGHT * distance + students_weight * maxdev)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.2, time_limit)
        solver.parameters.num_workers = 2
        solver.parameters.random_seed = seed
        solver.parameters.relative_gap_limit = 0.001
        solver.parameters.symmetry_level = 0
        solver.parameters.cp_model_probing_level = 0
        solver.parameters.max_presolve_iterations = 1
        code = solver.solve(m)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            assignment = {s: p for (s, p), v in b.items() if solver.value(v)}
            name = "OPTIMAL" if code == cp_model.OPTIMAL else "FEASIBLE"
            return assignment, solver.objective_value, name
        if code == cp_model.UNKNOWN and hint:
            break  # out of time: the flow's split below, rather than a wider model with no time left
    if hint:  # no CP-SAT solution in time: the min-cost flow's split (counts balanced, compact, students ignored)
        spread, distance, dev = objective_of(hint)
        return hint, float(10**12 * spread + KM_WEIGHT * distance + students_weight * dev), "FLOW"
    return None


def _flow(sites, people, far, lo, caps):
    """The most compact assignment with every zone between ``lo`` and its cap: a min-cost flow (exact, fast),
    students ignored; the CP-SAT model starts from it and only looks near it."""
    from ortools.graph.python import min_cost_flow

    n, k = len(sites), len(people)
    flow = min_cost_flow.SimpleMinCostFlow()
    sink = n + k
    big = 1 + max((max(d.values()) for d in far.values()), default=0) * (n + 1)
    for i, s in enumerate(sites):
        flow.set_node_supply(i, 1)
        for j, p in enumerate(people):
            if p in far[s.key]:
                flow.add_arc_with_capacity_and_unit_cost(i, n + j, 1, far[s.key][p])
    for j, p in enumerate(people):
        floor = min(lo, caps[p])
        if floor:
            flow.add_arc_with_capacity_and_unit_cost(n + j, sink, floor, -big)
        flow.add_arc_with_capacity_and_unit_cost(n + j, sink, max(0, caps[p] - floor), 0)
    flow.set_node_supply(sink, -n)
    if flow.solve() != flow.OPTIMAL:
        return {}
    out = {}
    for arc in range(flow.num_arcs()):
        if flow.tail(arc) < n and flow.flow(arc) > 0:
            out[sites[flow.tail(arc)].key] = people[flow.head(arc) - n]
    return out


def zone_figures(assignment: Mapping[str, str], sites: Sequence[ZoneSite], inspectors: Sequence[str],
                 centres: Mapping[str, str | None], objective: float = 0.0, status: str = "") -> ZoningResult:
    """The counts, students and travel of an assignment (also of a hand-edited one), travel measured to the
    given centre school of each zone (a zone whose centre is None adds no travel).

    >>> s = [ZoneSite("a", 30.0, 120.0, 500), ZoneSite("b", 30.0, 120.01, 300), ZoneSite("c", None, None, 80)]
    >>> r = zone_figures({"a": "甲", "b": "甲", "c": "乙"}, s, ["甲", "乙"], {"甲": "a", "乙": None})
    >>> r.schools_per_inspector, r.students_per_inspector, round(r.max_travel_km, 2)
    ({'甲': 2, '乙': 1}, {'甲': 800, '乙': 80}, 0.96)
    """
    by_key = {s.key: s for s in sites}
    counts = {p: 0 for p in inspectors}
    students = {p: 0 for p in inspectors}
    travel = []
    for school, person in assignment.items():
        counts[person] = counts.get(person, 0) + 1
        students[person] = students.get(person, 0) + by_key[school].students
        centre = centres.get(person)
        site = by_key[school]
        if centre is not None and site.lat is not None and site.lon is not None:
            c = by_key[centre]
            travel.append(haversine_km(site.lat, site.lon, c.lat, c.lon) or 0.0)
    return ZoningResult(dict(assignment), counts, students, max(travel, default=0.0), objective, dict(centres),
                        sum(travel) / len(travel) if travel else 0.0, status)
