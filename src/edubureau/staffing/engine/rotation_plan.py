"""A year's 交流轮岗 plan: a greedy baseline as a 人事科 would draw it, and a CP-SAT plan that must beat it.

Both plans obey the same hard rules: only eligible teachers move, in an allowed direction
(:func:`rotation.allowed_direction`), a couple to one school or not at all, no sending school loses more than
``max_out_share`` of its teachers and no receiving school takes more than ``max_in_share`` in newcomers. The
quotas (at least 10% of the eligible, 骨干 at least 20% of the moved) are hard when the pre-check finds them
reachable; otherwise the plan moves what it can and names why the quota is unmet. Among plans meeting the quotas
the optimiser fills the most school-subject shortages (one move fills at most one shortage), then travels least
(home → receiving school, a move only a group allows counting ``group_move_penalty_km`` more).

The greedy baseline takes the longest-serving first (骨干 until their share is met), each to the nearest allowed
school that still lacks their subject, else the nearest allowed school. The optimiser starts from it and keeps
it whenever the solver finds nothing better within the time limit, so it is never worse.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass, field

from .rotation import (
    Move,
    RotationRules,
    School,
    Teacher,
    Unit,
    allowed_direction,
    eligibility,
    haversine_km,
    toward_need,
)

__all__ = ["Plan", "Quotas", "build_units", "greedy_plan", "optimised_plan", "plan_rotation", "quotas_for"]

KM_SCALE = 10  # the solver counts travel in 100 m steps


@dataclass(frozen=True)
class Quotas:
    moves: int  # at least this many teachers move
    backbone: int  # at least this many of them are 骨干, at the quota's number of moves (either reading)
    backbone_share: float  # or this share of the moved (national reading)
    backbone_of_eligible: bool


@dataclass
class Plan:
    moves: list[Move]
    quotas: Quotas
    eligible: int
    unmet: list[str] = field(default_factory=list)
    seconds: float = 0.0
    method: str = ""

    @property
    def moved(self) -> int:
        return len(self.moves)

    @property
    def backbone_moved(self) -> int:
        return sum(1 for m in self.moves if m.number in self._backbone)

    _backbone: frozenset[str] = frozenset()

    @property
    def shortages_covered(self) -> int:
        return sum(1 for m in self.moves if m.fills_shortage)

    @property
    def km_total(self) -> float:
        return sum(m.km for m in self.moves)

    @property
    def mean_km(self) -> float:
        return self.km_total / self.moved if self.moves else 0.0

    def backbone_needed(self) -> int:
        if self.quotas.backbone_of_eligible:
            return self.quotas.backbone
        return math.ceil(self.quotas.backbone_share * self.moved - 1e-9)

    met_by_county: bool | None = None  # a city's plan: every county met its own quotas

    @property
    def met(self) -> bool:
        if self.met_by_county is not None:
            return self.met_by_county
        return self.moved >= self.quotas.moves and self.backbone_moved >= self.backbone_needed()

    def figures(self) -> dict:
        return {
            "moved": self.moved,
            "quotas": {
                "share_of_eligible": round(self.moved / self.eligible, 4) if self.eligible else 0.0,
                "backbone_share_of_moved": round(self.backbone_moved / self.moved, 4) if self.moved else 0.0,
                "met": self.met,
                "unmet": list(self.unmet),
            },
            "shortages_covered": self.shortages_covered,
            "km_total": round(self.km_total, 1),
            "mean_km": round(self.mean_km, 2),
            "seconds": round(self.seconds, 2),
        }


def quotas_for(eligible: list[Teacher], rules: RotationRules) -> Quotas:
    moves = math.ceil(rules.share_of_eligible * len(eligible) - 1e-9)
    backbone = (math.ceil(rules.backbone_share * len(eligible) - 1e-9) if rules.backbone_of_eligible
                else math.ceil(rules.backbone_share * moves - 1e-9))
    return Quotas(moves, backbone, rules.backbone_share, rules.backbone_of_eligible)


def out_caps(teachers: list[Teacher], rules: RotationRules) -> dict:
    """How many teachers each school may send (``caps[code]``) and receive (``caps["in", code]``) this year: a
    share of its teachers, at least one, so a small school is not left out and no school is flooded."""
    staff = defaultdict(int)
    for t in teachers:
        staff[t.school] += 1
    caps: dict = {code: max(1, math.floor(n * rules.max_out_share)) for code, n in staff.items()}
    caps.update({("in", code): max(rules.min_in_cap, math.floor(n * rules.max_in_share)) for code, n in staff.items()})
    caps["in", None] = rules.min_in_cap
    return caps


def in_cap(caps: dict, code: str) -> int:
    return caps.get(("in", code), caps.get(("in", None), 1))  # a school with no teacher on file takes the least


def _receivers_by_distance(schools: dict[str, School]) -> dict[str, list[tuple[float, str]]]:
    """For each school, the schools it may send to, nearest first (from school to school: a county's homes are
    near their schools, and 2,000 × 2,000 distances stay cheap where 30,000 × 2,000 would not)."""
    table = {}
    for source in schools.values():
        table[source.code] = sorted(
            (haversine_km(source.lon, source.lat, target.lon, target.lat), target.code)
            for target in schools.values() if allowed_direction(source, target))
    return table


def build_units(eligible: list[Teacher], schools: dict[str, School], rules: RotationRules) -> list[Unit]:
    """Eligible teachers grouped into units (couples together), each with its candidate receiving schools.

    A couple is a unit only when both are eligible; a teacher whose spouse is not eligible is left out (the
    spouse stays by rule, and splitting a family is the bureau's call, not the planner's). The candidates are the
    nearest allowed schools and the nearest few that lack the unit's subject, with the travel from home.
    """
    reach = _receivers_by_distance(schools)
    wanting_cache: dict[tuple[str, str], list[str]] = {}
    k = rules.candidates_per_teacher

    def wanting(source: str, subject: str) -> list[str]:
        key = (source, subject)
        if key not in wanting_cache:
            wanting_cache[key] = [code for _km, code in reach[source] if subject in schools[code].shortages][:k]
        return wanting_cache[key]

    by_number = {t.number: t for t in eligible}
    units, seen = [], set()
    for t in eligible:
        if t.number in seen:
            continue
        members = (t,)
        if t.spouse:
            spouse = by_number.get(t.spouse)
            if spouse is None:
                continue
            members = (t, spouse)
        seen.update(m.number for m in members)
        codes = dict.fromkeys(code for _km, code in reach[t.school][:k])
        for m in members:
            codes.update(dict.fromkeys(wanting(t.school, m.subject)))
        sources = [schools[m.school] for m in members]
        options = []
        for code in codes:
            target = schools[code]
            if all(allowed_direction(src, target) for src in sources):
                km = sum(haversine_km(m.home_lon, m.home_lat, target.lon, target.lat) for m in members)
                options.append((code, km))
        options.sort(key=lambda o: o[1])
        if options:
            units.append(Unit(members, options))
    return units


def _moves_of(unit: Unit, target: str, schools: dict[str, School], filled: set) -> list[Move]:
    moves = []
    for m in unit.members:
        key = (target, m.subject)
        fills = m.subject in schools[target].shortages and key not in filled
        if fills:
            filled.add(key)
        moves.append(Move(m.number, m.school, target, m.subject,
                          haversine_km(m.home_lon, m.home_lat, schools[target].lon, schools[target].lat), fills))
    return moves


def _precheck(units: list[Unit], quotas: Quotas, caps: dict) -> list[str]:
    """Why the quotas cannot be met, in Chinese; empty when they can (as far as counting can tell)."""
    movable = sum(u.size for u in units)
    by_school = defaultdict(int)
    for u in units:
        for m in u.members:
            by_school[m.school] += 1
    within_caps = sum(min(n, caps.get(code, 0)) for code, n in by_school.items())
    problems = []
    if movable < quotas.moves:
        problems.append(f"有可去学校的符合条件教师仅{movable}人，不足应交流人数{quotas.moves}人"
                        "（其余教师所在学校没有符合交流方向的接收学校，或配偶不符合交流条件）")
    elif within_caps < quotas.moves:
        problems.append(f"各派出学校本年最多可派出{within_caps}人（派出比例上限），不足应交流人数{quotas.moves}人")
    backbone = sum(u.backbone for u in units)
    needed = quotas.backbone
    if backbone < needed:
        problems.append(f"可交流的骨干教师仅{backbone}人，不足应交流骨干{needed}人")
    return problems


def greedy_plan(units, schools, quotas: Quotas, caps: dict, eligible: int) -> Plan:
    """The baseline: longest-serving first, 骨干 until their share is met, nearest school lacking the subject."""
    start = time.perf_counter()
    left = dict(caps)
    taken: dict[str, int] = defaultdict(int)  # teachers received so far
    filled: set = set()
    moves: list[Move] = []
    ordered = sorted(units, key=lambda u: (u.served, u.members[0].number))
    used: set[int] = set()  # id() of the units moved

    def take(unit: Unit) -> bool:
        if any(left.get(m.school, 0) < sum(1 for x in unit.members if x.school == m.school) for m in unit.members):
            return False
        subjects = {m.subject for m in unit.members}
        room = [code for code, _km in unit.candidates if taken[code] + unit.size <= in_cap(caps, code)]
        if not room:
            return False
        target = next((code for code in room
                       if any((code, s) not in filled and s in schools[code].shortages for s in subjects)), room[0])
        taken[target] += unit.size
        for m in unit.members:
            left[m.school] -= 1
        moves.extend(_moves_of(unit, target, schools, filled))
        used.add(id(unit))
        return True

    backbone_moved = 0
    for unit in ordered:
        if backbone_moved >= quotas.backbone:
            break
        if unit.backbone and take(unit):
            backbone_moved += unit.backbone
    for unit in ordered:
        if len(moves) >= quotas.moves:
            break
        if id(unit) not in used:
            take(unit)
    plan = Plan(moves, quotas, eligible, method="greedy")
    plan._backbone = frozenset(m.number for u in units for m in u.members if m.backbone)
    plan.seconds = time.perf_counter() - start
    return plan


def _score(plan: Plan) -> tuple:
    return (plan.met, plan.shortages_covered, -round(plan.km_total, 3))


def _model_options(unit: Unit, schools, k: int, baseline_target: dict[str, str]) -> list[tuple[str, float]]:
    """The unit's nearest ``k`` schools, its nearest ``k`` lacking its subject, and where the baseline sends it."""
    subjects = {m.subject for m in unit.members}
    chosen = dict(unit.candidates[:k])
    chosen.update([o for o in unit.candidates if subjects & schools[o[0]].shortages][:k])
    sent = baseline_target.get(unit.members[0].number)
    chosen.update(o for o in unit.candidates if o[0] == sent)
    return sorted(chosen.items(), key=lambda o: o[1])


def _model_units(units: list[Unit], schools, baseline: Plan, quotas: Quotas, spare: int = 2) -> list[Unit]:
    """The units worth weighing: the baseline's, the few nearest to each shortage, the nearest to any school (for
    the quota) and the nearest 骨干 (for their share). A city's 15,000 eligible would make a model too big to solve
    in a minute, and the teachers far from every shortage and every school are never the best choice."""
    moved = {m.number for m in baseline.moves}
    keep = {id(u) for u in units if any(m.number in moved for m in u.members)}
    by_shortage: dict[tuple[str, str], list[tuple[float, int]]] = defaultdict(list)
    for u in units:
        subjects = {m.subject for m in u.members}
        for code, km in u.candidates:
            for subject in subjects & schools[code].shortages:
                by_shortage[code, subject].append((km, id(u)))
    for candidates in by_shortage.values():
        keep.update(i for _km, i in sorted(candidates)[:spare])
    nearest = sorted(units, key=lambda u: u.candidates[0][1])
    keep.update(id(u) for u in nearest[: spare * max(1, quotas.moves)])
    keep.update(id(u) for u in [u for u in nearest if u.backbone][: spare * max(1, quotas.backbone)])
    return [u for u in units if id(u) in keep]


def optimised_plan(units, schools, quotas: Quotas, caps: dict, eligible: int, rules: RotationRules, *,
                   baseline: Plan, time_limit: float = 30.0, workers: int = 2) -> Plan:
    """CP-SAT over the units' candidate schools; the baseline is its hint and its floor."""
    from ortools.sat.python import cp_model

    start = time.perf_counter()
    model = cp_model.CpModel()
    pairs: dict[tuple[int, str], object] = {}
    units = _model_units(units, schools, baseline, quotas)
    baseline_target = {m.number: m.target for m in baseline.moves}  # also the solver's hint
    options = [_model_options(u, schools, rules.model_candidates, baseline_target) for u in units]
    for i, unit_options in enumerate(options):
        for code, _km in unit_options:
            pairs[i, code] = model.new_bool_var("")
    moves_of_unit = {i: [pairs[i, c] for c, _ in opts] for i, opts in enumerate(options)}
    for variables in moves_of_unit.values():
        model.add_at_most_one(variables)
    sent = defaultdict(list)
    for i, unit in enumerate(units):
        for m in unit.members:
            sent[m.school].extend(moves_of_unit[i])
    for code, variables in sent.items():
        model.add(sum(variables) <= caps.get(code, 0))
    received = defaultdict(list)
    for (i, code), var in pairs.items():
        received[code].append(units[i].size * var)
    for code, terms in received.items():
        model.add(sum(terms) <= in_cap(caps, code))
    moved = sum(unit.size * v for i, unit in enumerate(units) for v in moves_of_unit[i])
    backbone = sum(unit.backbone * v for i, unit in enumerate(units) for v in moves_of_unit[i] if unit.backbone)
    reachable = not _precheck(units, quotas, caps)
    # As many moves as the quota asks (one more for a couple), not more: filling shortages by moving extra teachers
    # would not be a plan at equal quotas.
    couples = any(unit.size == 2 for unit in units)
    model.add(moved <= max(quotas.moves, baseline.moved) + int(couples))
    if reachable:
        model.add(moved >= quotas.moves)
        if quotas.backbone_of_eligible:
            model.add(backbone >= quotas.backbone)
        else:
            # backbone ≥ share × moved, in whole numbers: 100·backbone ≥ round(100·share)·moved
            model.add(100 * backbone >= round(100 * quotas.backbone_share) * moved)
    # A shortage (school, subject) is filled when at least one unit with that subject goes there.
    fillers = defaultdict(list)
    for (i, code), var in pairs.items():
        for subject in {m.subject for m in units[i].members}:
            if subject in schools[code].shortages:
                fillers[code, subject].append(var)
    filled = []
    for variables in fillers.values():
        f = model.new_bool_var("")
        model.add(f <= sum(variables))
        filled.append(f)
    def cost(i: int, code: str, k: float) -> int:
        unit = units[i]
        aside = any(not toward_need(schools[m.school], schools[code]) for m in unit.members)
        return int(round((k + (rules.group_move_penalty_km * unit.size if aside else 0)) * KM_SCALE))

    km = {(i, code): cost(i, code, k) for i, opts in enumerate(options) for code, k in opts}
    travel = sum(km[key] * var for key, var in pairs.items())
    big = sum(max((k for (j, _c), k in km.items() if j == i), default=0) for i in range(len(units))) + 1
    objective = big * sum(filled) - travel
    if not reachable:
        objective = big * (len(filled) + 1) * moved + objective
    model.maximize(objective)
    for (i, code), var in pairs.items():
        model.add_hint(var, int(baseline_target.get(units[i].members[0].number) == code))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = max(1, workers)
    status = solver.solve(model)
    best = baseline
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        filled_keys: set = set()
        moves = []
        for (i, code), var in sorted(pairs.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            if solver.value(var):
                moves.extend(_moves_of(units[i], code, schools, filled_keys))
        plan = Plan(moves, quotas, eligible, method="cp-sat")
        plan._backbone = baseline._backbone
        if _score(plan) > _score(baseline):
            best = plan
    result = Plan(list(best.moves), quotas, eligible, method=best.method)
    result._backbone = baseline._backbone
    result.seconds = time.perf_counter() - start
    return result


def _plan_county(teachers, schools, eligible, rules, *, time_limit: float, workers: int):
    quotas = quotas_for(eligible, rules)
    caps = out_caps(teachers, rules)
    units = build_units(eligible, schools, rules)
    problems = _precheck(units, quotas, caps)
    baseline = greedy_plan(units, schools, quotas, caps, len(eligible))
    best = optimised_plan(units, schools, quotas, caps, len(eligible), rules, baseline=baseline,
                          time_limit=time_limit, workers=workers)
    for plan in (baseline, best):
        if not plan.met:
            plan.unmet = problems or [f"本方案交流{plan.moved}人、其中骨干{plan.backbone_moved}人，"
                                      f"未达到应交流{quotas.moves}人、骨干占比{quotas.backbone_share:.0%}的要求"]
    return baseline, best


def _merged(parts: list[Plan], eligible: int, rules: RotationRules, label: dict[int, str]) -> Plan:
    quotas = Quotas(sum(p.quotas.moves for p in parts), sum(p.quotas.backbone for p in parts),
                    rules.backbone_share, rules.backbone_of_eligible)
    plan = Plan([m for p in parts for m in p.moves], quotas, eligible,
                [f"{label[i]}{reason}" for i, p in enumerate(parts) for reason in p.unmet],
                sum(p.seconds for p in parts), "+".join(sorted({p.method for p in parts})))
    plan._backbone = frozenset().union(*(p._backbone for p in parts)) if parts else frozenset()
    plan.met_by_county = all(p.met for p in parts)
    return plan


def plan_rotation(teachers: list[Teacher], schools: dict[str, School], rules: RotationRules, year: int, *,
                  time_limit: float = 30.0, workers: int = 2) -> dict:
    """Eligibility, quotas, the greedy baseline and the optimised plan, as the CLI and the pages show them.

    Each county (``School.region``) is planned on its own with its own quotas, as 县域内 rotation is; the time
    limit is shared among them by their number of eligible teachers.
    """
    eligible, ineligible = eligibility(teachers, schools, rules, year)
    counties = sorted({s.region for s in schools.values()})
    parts = []
    for region in counties:
        local_schools = {c: s for c, s in schools.items() if s.region == region}
        local_eligible = [t for t in eligible if t.school in local_schools]
        share = len(local_eligible) / len(eligible) if eligible else 1.0
        parts.append(_plan_county([t for t in teachers if t.school in local_schools], local_schools,
                                  local_eligible, rules, time_limit=max(1.0, time_limit * share), workers=workers))
    label = {i: (f"{region}：" if len(counties) > 1 else "") for i, region in enumerate(counties)}
    baseline = _merged([b for b, _best in parts], len(eligible), rules, label)
    best = _merged([best for _b, best in parts], len(eligible), rules, label)
    required = quotas_for(eligible, rules) if len(counties) == 1 else best.quotas
    return {"year": year, "eligible": [t.number for t in eligible], "ineligible": ineligible,
            "quotas_required": {"moves": required.moves, "backbone": (
                required.backbone if rules.backbone_of_eligible or len(counties) > 1 else baseline.backbone_needed())},
            "plan": best, "baseline": baseline}
