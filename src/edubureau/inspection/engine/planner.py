"""Visit planner (督导计划): each inspector's calendar for a term that meets every quota (pure, OR-Tools CP-SAT).

Inputs are plain frozen dataclasses; nothing here imports Django. The app turns its zones, quota settings and
calendar into a :class:`PlannerInput`, calls :func:`plan_visits`, and stores the returned :class:`PlannedVisit`
rows; :func:`check_feasibility` is the fast arithmetic pre-check (capacity against demand) a settings page can run
on every edit, and :func:`audit_plan` checks any calendar (also a hand-edited one) against the quotas.

Rules (the meaning every function here shares)
----------------------------------------------
* A **working day** of an inspector is a date of the term whose weekday is in ``workdays``, that is not a holiday,
  not in an exam week (any date given in ``exam_weeks`` blocks the Monday–Friday of its week) and not one of the
  inspector's ``blocked`` days.
* **At most one visit per inspector per day**; a visit has one kind and visits ``schools_per_visit_min`` to
  ``schools_per_visit_max`` schools of the inspector's own zone (``InspectorSpec.schools``).
* **Weekly minimum** (责任督学每周督查不少于x次): in every week (Monday-based) of the term, an inspector makes at
  least ``visits_per_inspector_per_week`` visits of that kind (``weekly_visits`` overrides it for a part-time
  inspector). A week shortened by holidays, an exam week, leave or the term's ends asks for no more visits than
  the inspector has working days in it (summed over kinds); a week without working days asks for none.
* **Per-school minimum**: every school is visited at least ``visits_per_school`` times per term (``per="term"``)
  or per calendar month (``per="month"``, each month counted only as far as it lies in the term, and never more
  than the responsible inspector's working days in it) by a visit of that kind, by an inspector whose zone holds
  it.
* **Spread**: visits to one school are spread over the term (the term is cut into as many equal parts as the
  school's per-term minimum, and each part should hold one of its visits) and a school is visited at most once a
  week when the quotas allow; both are preferences, never a reason to fail.
* **Grouping**: when ``max_km_per_day`` is set, the schools of one visit lie pairwise within that distance (hard);
  otherwise far pairs on one day are penalised. Sites without coordinates pair with anything.

When quotas cannot all be met the result says which binds, for whom and by how much (:class:`QuotaGap`, message
in Chinese), first from arithmetic, then from the slack the relaxed CP-SAT model had to use — never just
"infeasible".

Modules (issue 17): :mod:`.planner_types` (inputs and outputs), :mod:`.planner_calendar` (working days, weeks and
demands), :mod:`.planner_precheck` (arithmetic pre-check), :mod:`.planner_audit` (rules checked on a calendar),
:mod:`.planner_greedy` (the round-robin baseline), :mod:`.planner_model` (CP-SAT); this one puts them together.
"""

from __future__ import annotations

import datetime as dt  # noqa: F401 (doctests)
import time

from .planner_audit import _audit, _merge, audit_plan
from .planner_calendar import Calendar, Period, _ordered, _week_start  # noqa: F401 (re-exported)
from .planner_greedy import _greedy
from .planner_precheck import _precheck, check_feasibility
from .planner_types import (
    KIND_LABELS,
    InspectorSpec,
    PlannedVisit,
    PlannerInput,
    PlanResult,
    Quota,
    QuotaGap,
    Site,
    kind_label,
)

__all__ = [
    "KIND_LABELS",
    "InspectorSpec",
    "PlanResult",
    "PlannedVisit",
    "PlannerInput",
    "Quota",
    "QuotaGap",
    "Site",
    "audit_plan",
    "check_feasibility",
    "kind_label",
    "plan_greedy",
    "plan_to_dict",
    "plan_visits",
]


# ---------------------------------------------------------------------------------------------------------------
# Greedy baseline


def plan_greedy(data: PlannerInput) -> PlanResult:
    """A simple round-robin calendar (the benchmark's baseline; also the CP-SAT model's starting hint).

    Week by week each inspector makes its weekly visits on spread-out working days, each visit taking the zone's
    least-visited school and its nearest least-visited neighbours (within ``max_km_per_day``); schools still short
    of their per-school minimum at the end get extra visits on free days.
    """
    began = time.perf_counter()
    cal = Calendar(data)
    visits = _greedy(cal)
    gaps, figures = _audit(cal, visits)
    gaps = _merge(_precheck(cal), gaps)
    return PlanResult(not gaps, "FEASIBLE" if not gaps else "INFEASIBLE", tuple(visits), gaps,
                      {**figures, "components": len(data.inspectors)}, time.perf_counter() - began)


# ---------------------------------------------------------------------------------------------------------------
# CP-SAT


def plan_visits(data: PlannerInput, *, decompose: bool = True) -> PlanResult:
    """Plan the term with CP-SAT, one sub-problem per group of inspectors sharing schools (zones are usually
    disjoint, so per inspector), the time limit shared among them in proportion to their size; each warm-started
    from the greedy calendar, minimising :func:`.planner_objective.score` (quotas, then travel, then spread), and
    never returning a group's calendar that scores worse than its greedy one (``note`` says when it kept that).

    ``decompose=False`` solves one model for the whole county (the benchmark compares the two).
    """
    from .planner_model import solve_groups

    began = time.perf_counter()
    cal = Calendar(data)
    pre = _precheck(cal)
    groups = _groups(cal) if decompose else [[i.key for i in data.inspectors]]
    visits, statuses, kept = solve_groups(cal, groups, _greedy)
    gaps, figures = _audit(cal, visits)
    gaps = _merge(pre, gaps)
    if not gaps:
        status = "OPTIMAL" if all(s == "OPTIMAL" for s in statuses) else "FEASIBLE"
    elif pre or all(s == "OPTIMAL" for s in statuses):
        status = "INFEASIBLE"
    else:
        status = "UNKNOWN"
        gaps = gaps + (QuotaGap("", "time_limit", "", 0, 0,
                                f"在{data.time_limit_s:g}秒内未能确定能否满足全部指标，可延长求解时间后重试。"),)
    # Never worse than the greedy calendar (issue 17): a group whose optimised calendar did not score at least as
    # well (quotas first, then travel and spread, :mod:`.planner_objective`) keeps its greedy one, and says so.
    behind = len(kept) - sum(kept)
    if behind == len(kept) and kept:
        note = "优化求解未能改进基础排程（轮转法），返回基础排程。"
    elif behind:
        note = f"{behind}个责任区的优化结果不优于基础排程（轮转法），这些责任区沿用基础排程。"
    else:
        note = ""
    return PlanResult(not gaps, status, tuple(visits), gaps,
                      {**figures, "components": len(groups), "optimised_components": sum(kept)},
                      time.perf_counter() - began, note)


def _groups(cal: Calendar) -> list[list[str]]:
    """Inspectors joined when their zones share a school (union–find); each group is an independent sub-problem."""
    parent = {k: k for k in cal.inspectors}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for people in cal.responsible.values():
        for other in people[1:]:
            parent[find(other)] = find(people[0])
    groups: dict[str, list[str]] = {}
    for k in cal.inspectors:
        groups.setdefault(find(k), []).append(k)
    return list(groups.values())


def plan_to_dict(result: PlanResult) -> dict:
    """The result as JSON-ready data (dates as ISO strings), for an API or a CLI.

    >>> r = PlanResult(True, "OPTIMAL", (PlannedVisit("甲", dt.date(2025, 9, 1), "routine", ("a", "b")),), (), {}, 0.5)
    >>> plan_to_dict(r)["visits"]
    [{'inspector': '甲', 'day': '2025-09-01', 'kind': 'routine', 'kind_label': '经常性督导', 'schools': ['a', 'b']}]
    """
    return {
        "feasible": result.feasible,
        "status": result.status,
        "visits": [{"inspector": v.inspector, "day": v.day.isoformat(), "kind": v.kind,
                    "kind_label": kind_label(v.kind), "schools": list(v.schools)} for v in result.visits],
        "gaps": [{"quota_kind": g.quota_kind, "rule": g.rule, "who": g.who, "needed": g.needed, "possible": g.possible,
                  "message": g.message} for g in result.gaps],
        "coverage": dict(result.coverage),
        "solve_seconds": result.solve_seconds,
        "note": result.note,
    }
