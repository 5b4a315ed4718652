"""Visit planner: quotas met on feasible inputs (checked here independently of the engine's own audit),
infeasibility explained, spreading, grouping, and small random instances."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edubureau.inspection.engine.geo import haversine_km
from edubureau.inspection.engine.planner import (
    InspectorSpec,
    PlannedVisit,
    PlannerInput,
    Quota,
    Site,
    audit_plan,
    check_feasibility,
    plan_greedy,
    plan_visits,
)

D = dt.date
MON = D(2025, 9, 1)  # a Monday


def monday(day):
    return day - dt.timedelta(days=day.weekday())


def grid_sites(n, *, prefix="s", lat=30.0, lon=120.0, step=0.01, seed=0):
    """n schools scattered in a ~step·√n degree square (1 step ≈ 1 km)."""
    rnd = random.Random(seed)
    side = max(1, math.isqrt(n))
    return tuple(Site(f"{prefix}{k}", lat + (k // side) * step + rnd.random() * step / 3,
                      lon + (k % side) * step + rnd.random() * step / 3, f"学校{k}") for k in range(n))


def closed_days(data):
    """Holidays and Mon–Fri of every exam week, computed here from the inputs (not by the engine)."""
    out = set(data.holidays)
    for day in data.exam_weeks:
        out |= {monday(day) + dt.timedelta(days=i) for i in range(5)}
    return out


def check_calendar(data, visits):
    """Hand-written check of the calendar rules; returns nothing, asserts."""
    closed = closed_days(data)
    specs = {i.key: i for i in data.inspectors}
    quotas = {q.kind: q for q in data.quotas}
    per_day = Counter((v.inspector, v.day) for v in visits)
    assert max(per_day.values(), default=1) == 1, "two visits of one inspector on a day"
    for v in visits:
        assert data.start <= v.day <= data.end
        assert v.day.weekday() in data.workdays, f"{v.day} is a weekend"
        assert v.day not in closed, f"{v.day} is a holiday or in an exam week"
        assert v.day not in specs[v.inspector].blocked, f"{v.day} is blocked for {v.inspector}"
        assert set(v.schools) <= set(specs[v.inspector].schools), "school outside the zone"
        assert len(set(v.schools)) == len(v.schools)
        q = quotas[v.kind]
        assert q.schools_per_visit_min <= len(v.schools) <= q.schools_per_visit_max


def working_days(data, spec):
    closed = closed_days(data)
    day, out = data.start, []
    while day <= data.end:
        if day.weekday() in data.workdays and day not in closed and day not in spec.blocked:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def check_weekly(data, visits):
    """Every week: at least the quota, or as many visits as working days when the week is short."""
    for spec in data.inspectors:
        days = working_days(data, spec)
        for q in data.quotas:
            quota = q.visits_per_inspector_per_week if spec.weekly_visits is None else spec.weekly_visits
            if q.visits_per_inspector_per_week == 0 or quota == 0:
                continue
            weeks = Counter(monday(d) for d in days)
            done = Counter(monday(v.day) for v in visits if v.inspector == spec.key and v.kind == q.kind)
            for week, available in weeks.items():
                assert done[week] >= min(quota, available), (spec.key, week, done[week], quota, available)


def check_per_school(data, visits):
    for q in data.quotas:
        if not q.visits_per_school:
            continue
        for spec in data.inspectors:
            for s in spec.schools:
                got = [v.day for v in visits if v.kind == q.kind and s in v.schools]
                assert q.per == "term"  # monthly quotas are checked in their own test
                needed = min(q.visits_per_school, len(working_days(data, spec)))
                assert len(got) >= needed, (s, got)


def small_input(**kw):
    sites = grid_sites(12)
    base = dict(
        start=MON, end=MON + dt.timedelta(weeks=8) - dt.timedelta(days=3),  # 8 weeks, Mon..Fri
        sites=sites,
        inspectors=(InspectorSpec("A", tuple(s.key for s in sites[:6]), blocked=frozenset({D(2025, 9, 10)})),
                    InspectorSpec("B", tuple(s.key for s in sites[6:]), weekly_visits=1)),
        quotas=(Quota("routine", 2, 2, 3, visits_per_school=2),),
        holidays=frozenset({D(2025, 10, 1), D(2025, 10, 2), D(2025, 10, 3)}),
        exam_weeks=frozenset({D(2025, 10, 15)}),
        time_limit_s=1.5, num_workers=1,
    )
    base.update(kw)
    return PlannerInput(**base)


def test_feasible_input_meets_every_quota():
    data = small_input()
    result = plan_visits(data)
    assert result.feasible and result.status in ("OPTIMAL", "FEASIBLE")
    assert result.gaps == ()
    check_calendar(data, result.visits)
    check_weekly(data, result.visits)
    check_per_school(data, result.visits)
    assert audit_plan(data, result.visits) == ()
    assert result.coverage["inspector_weeks_met"] == 1.0
    assert result.coverage["school_visits_met"] == 1.0
    # The exam week (Oct 13–17) and the holidays are empty; B is part-time: one visit a week.
    assert not [v for v in result.visits if D(2025, 10, 13) <= v.day <= D(2025, 10, 17)]
    b_weeks = Counter(monday(v.day) for v in result.visits if v.inspector == "B")
    assert set(b_weeks.values()) <= {1, 2}


def test_short_weeks_ask_only_for_their_working_days():
    # Week of Sep 29: Mon–Tue open, Wed–Fri holidays → 2 days, quota 2: both days used. Blocked Sep 10 for A.
    data = small_input(quotas=(Quota("routine", 2, 2, 3),), holidays=frozenset({D(2025, 9, 30), D(2025, 10, 1),
                                                                              D(2025, 10, 2), D(2025, 10, 3)}))
    result = plan_visits(data)
    assert result.feasible
    a_days = {v.day for v in result.visits if v.inspector == "A"}
    assert D(2025, 9, 29) in a_days and D(2025, 9, 30) not in a_days and D(2025, 9, 10) not in a_days


def test_infeasibility_names_the_binding_rule():
    # 1 inspector, 30 schools, each ≥ 2 visits a term, a 1-week term: 60 school-visits needed, 5 days × 3 = 15.
    sites = tuple(Site(f"s{i}", None, None, f"第{i}小学") for i in range(30))
    data = PlannerInput(MON, MON + dt.timedelta(days=4), sites, (InspectorSpec("李督学", tuple(s.key for s in sites)),),
                        (Quota("routine", 1, 1, 3, visits_per_school=2),), time_limit_s=1.0, num_workers=1)
    pre = check_feasibility(data)
    binding = [g for g in pre if g.rule == "school_visits"]
    assert binding and binding[0].who == "李督学"
    assert (binding[0].needed, binding[0].possible) == (60, 15)
    assert "60校次" in binding[0].message and "15校次" in binding[0].message
    result = plan_visits(data)
    assert not result.feasible and result.status == "INFEASIBLE"
    assert result.gaps[: len(pre)] == pre  # the arithmetic explanation comes first
    check_calendar(data, result.visits)  # the partial calendar still obeys the calendar rules
    assert len(result.visits) == 5  # it uses every day it has


def test_weekly_quota_above_working_days_is_named():
    sites = grid_sites(10)
    data = PlannerInput(MON, MON + dt.timedelta(days=13), sites, (InspectorSpec("A", tuple(s.key for s in sites)),),
                        (Quota("routine", 6, 1, 2),), time_limit_s=1.0, num_workers=1)
    gaps = check_feasibility(data)
    assert [(g.rule, g.needed, g.possible) for g in gaps] == [("weekly_visits", 6, 5)]
    assert "每周须督查6次" in gaps[0].message
    result = plan_visits(data)
    assert not result.feasible and result.gaps[0].rule == "weekly_visits"


def test_zone_smaller_than_a_visit_and_orphan_schools():
    sites = grid_sites(4)
    data = PlannerInput(MON, MON + dt.timedelta(days=11), sites, (InspectorSpec("A", ("s0",)),),
                        (Quota("routine", 1, 2, 3),), time_limit_s=0.5, num_workers=1)
    rules = {g.rule: g for g in check_feasibility(data)}
    assert rules["schools_per_visit"].possible == 1 and "只有1所学校" in rules["schools_per_visit"].message
    assert rules["no_inspector"].needed == 3 and "不在任何督学责任区内" in rules["no_inspector"].message
    assert not plan_visits(data).feasible


def test_slack_explains_what_arithmetic_cannot():
    # Capacity is fine on paper (20 days × 3), but max_km keeps s_far off every visit: named by the distance rule.
    sites = (*grid_sites(5), Site("far", 31.0, 121.0, "远郊小学"))
    data = PlannerInput(MON, MON + dt.timedelta(days=25), sites, (InspectorSpec("A", tuple(s.key for s in sites)),),
                        (Quota("routine", 1, 2, 3, visits_per_school=1),), max_km_per_day=10.0,
                        time_limit_s=2.0, num_workers=1)
    gaps = check_feasibility(data)
    assert [g.rule for g in gaps] == ["distance"] and "远郊小学" in gaps[0].message
    result = plan_visits(data)
    assert not result.feasible
    school_gap = [g for g in result.gaps if g.rule == "school_visits"]
    assert [g.who for g in school_gap] == ["far"] and school_gap[0].possible == 0
    check_calendar(data, result.visits)


def test_monthly_quota():
    sites = grid_sites(6)
    data = PlannerInput(D(2025, 9, 1), D(2025, 11, 28), sites, (InspectorSpec("A", tuple(s.key for s in sites)),),
                        (Quota("comprehensive", 0, 2, 3, visits_per_school=1, per="month"),),
                        time_limit_s=1.5, num_workers=1)
    result = plan_visits(data)
    assert result.feasible, result.gaps
    for s in sites:
        months = Counter(v.day.month for v in result.visits if s.key in v.schools)
        assert all(months[m] >= 1 for m in (9, 10, 11)), (s.key, months)
    check_calendar(data, result.visits)


def test_a_short_month_names_its_working_days():
    # January: Jan 2 and Jan 5–9 (Jan 1 off, exam week Jan 12–16): 6 days; 15 schools × 1 comprehensive visit at
    # most 3 a visit → 5 days, plus 2 routine visits in the week of Jan 5 that cannot leave January → 7 > 6.
    sites = grid_sites(15)
    data = PlannerInput(D(2025, 12, 1), D(2026, 1, 16), sites, (InspectorSpec("王督学", tuple(s.key for s in sites)),),
                        (Quota("routine", 2, 2, 3), Quota("comprehensive", 0, 2, 3, visits_per_school=1, per="month")),
                        holidays=frozenset({D(2026, 1, 1)}), exam_weeks=frozenset({D(2026, 1, 14)}),
                        time_limit_s=1.0, num_workers=1)
    gaps = check_feasibility(data)
    assert [(g.rule, g.needed, g.possible) for g in gaps] == [("working_days", 7, 6)]
    assert gaps[0].message == ("督学王督学在2026年1月只有6个工作日，但该月须安排综合督导至少5次、经常性督导至少2次，"
                               "共7天。")
    result = plan_visits(data)
    assert not result.feasible and result.status == "INFEASIBLE" and result.gaps[0] == gaps[0]
    check_calendar(data, result.visits)


def test_visits_to_one_school_are_spread_over_the_term():
    sites = grid_sites(4)
    data = PlannerInput(MON, MON + dt.timedelta(weeks=12) - dt.timedelta(days=3), sites,
                        (InspectorSpec("A", tuple(s.key for s in sites)),),
                        (Quota("routine", 0, 1, 2, visits_per_school=3),), time_limit_s=1.5, num_workers=1)
    result = plan_visits(data)
    assert result.feasible
    for s in sites:
        days = sorted(v.day for v in result.visits if s.key in v.schools)
        assert len(days) >= 3
        # one visit in each third of the 12 weeks (60 working days → parts of 20 days = 4 weeks)
        thirds = {(d - MON).days // 28 for d in days}
        assert thirds == {0, 1, 2}, days
        assert len({monday(d) for d in days}) == len(days)  # never twice in one week
    assert result.coverage["spread_met"] == 1.0


def test_nearby_schools_grouped_on_one_day():
    # Two clusters 30 km apart; each visit must stay within 5 km.
    west, east = grid_sites(4, prefix="w", lon=120.0), grid_sites(4, prefix="e", lon=120.3)
    sites = west + east
    data = PlannerInput(MON, MON + dt.timedelta(weeks=4) - dt.timedelta(days=3), sites,
                        (InspectorSpec("A", tuple(s.key for s in sites)),),
                        (Quota("routine", 2, 2, 3, visits_per_school=1),), max_km_per_day=5.0,
                        time_limit_s=1.5, num_workers=1)
    result = plan_visits(data)
    assert result.feasible
    by_key = {s.key: s for s in sites}
    for v in result.visits:
        assert len({s[0] for s in v.schools}) == 1, v.schools  # all west or all east
        for a in v.schools:
            for b in v.schools:
                assert haversine_km(by_key[a].lat, by_key[a].lon, by_key[b].lat, by_key[b].lon) <= 5.0
    assert result.coverage["mean_km_per_day"] < 5.0


def test_without_a_limit_far_pairs_are_still_avoided():
    west, east = grid_sites(4, prefix="w", lon=120.0), grid_sites(4, prefix="e", lon=120.3)
    data = PlannerInput(MON, MON + dt.timedelta(weeks=4) - dt.timedelta(days=3), west + east,
                        (InspectorSpec("A", tuple(s.key for s in west + east)),),
                        (Quota("routine", 2, 2, 2, visits_per_school=1),), time_limit_s=1.5, num_workers=1)
    result = plan_visits(data)
    assert result.feasible
    mixed = [v for v in result.visits if len({s[0] for s in v.schools}) > 1]
    assert len(mixed) <= 1, mixed


def test_two_kinds_share_the_days():
    sites = grid_sites(8)
    data = PlannerInput(MON, MON + dt.timedelta(weeks=4) - dt.timedelta(days=3), sites,
                        (InspectorSpec("A", tuple(s.key for s in sites)),),
                        (Quota("routine", 2, 2, 3), Quota("teaching", 1, 1, 2, visits_per_school=1)),
                        time_limit_s=1.5, num_workers=1)
    result = plan_visits(data)
    assert result.feasible
    check_calendar(data, result.visits)
    check_weekly(data, result.visits)
    check_per_school(data, result.visits)
    assert {v.kind for v in result.visits} == {"routine", "teaching"}


def test_audit_catches_a_hand_edited_calendar():
    data = small_input()
    good = plan_visits(data).visits
    bad = list(good)
    first = bad[0]
    bad[0] = PlannedVisit(first.inspector, D(2025, 10, 1), first.kind, first.schools)  # a holiday
    bad.append(PlannedVisit("A", D(2025, 9, 6), "routine", ("s0", "s1")))  # a Saturday
    bad.append(PlannedVisit("A", good[1].day if good[1].inspector == "A" else D(2025, 9, 2), "routine", ("s0",)))
    rules = Counter(g.rule for g in audit_plan(data, bad))
    assert rules["calendar"] >= 2 and rules["schools_per_visit"] >= 1


def test_greedy_baseline_obeys_the_calendar():
    data = small_input()
    result = plan_greedy(data)
    check_calendar(data, result.visits)
    assert result.coverage["inspector_weeks_met"] > 0.9


def test_overlapping_zones_form_one_sub_problem():
    sites = grid_sites(6)
    keys = tuple(s.key for s in sites)
    data = PlannerInput(MON, MON + dt.timedelta(weeks=2) - dt.timedelta(days=3), sites,
                        (InspectorSpec("A", keys[:4]), InspectorSpec("B", keys[3:]),
                         InspectorSpec("C", (), weekly_visits=0)),
                        (Quota("routine", 1, 1, 2, visits_per_school=1),), time_limit_s=2.0, num_workers=1)
    result = plan_visits(data)
    assert result.feasible and result.coverage["components"] == 2
    check_calendar(data, result.visits)


def some_days(draw, weeks):
    return [MON + dt.timedelta(days=draw(st.integers(0, weeks * 7))) for _ in range(draw(st.integers(0, 3)))]


@st.composite
def instances(draw):
    n_insp = draw(st.integers(1, 3))
    zone_sizes = [draw(st.integers(2, 6)) for _ in range(n_insp)]
    sites = grid_sites(sum(zone_sizes), seed=draw(st.integers(0, 99)))
    weeks = draw(st.integers(1, 5))
    start = MON + dt.timedelta(days=draw(st.integers(0, 4)))
    end = MON + dt.timedelta(weeks=weeks, days=-3)
    inspectors, k = [], 0
    for i, size in enumerate(zone_sizes):
        blocked = frozenset(some_days(draw, weeks))
        inspectors.append(InspectorSpec(f"i{i}", tuple(s.key for s in sites[k:k + size]), blocked=blocked,
                                        weekly_visits=draw(st.sampled_from([None, None, 1]))))
        k += size
    lo = draw(st.integers(1, 2))
    quota = Quota("routine", draw(st.integers(0, 3)), lo, lo + draw(st.integers(0, 2)),
                  visits_per_school=draw(st.integers(0, 3)))
    holidays = frozenset(some_days(draw, weeks))
    exam = frozenset({MON + dt.timedelta(weeks=draw(st.integers(0, weeks)))}) if draw(st.booleans()) else frozenset()
    km = draw(st.sampled_from([None, 1.5, 3.0]))
    return PlannerInput(start, end, sites, tuple(inspectors), (quota,), holidays=holidays, exam_weeks=exam,
                        max_km_per_day=km, time_limit_s=0.5, num_workers=1)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_random_instances_either_meet_every_quota_or_say_why(data):
    result = plan_visits(data)
    check_calendar(data, result.visits)
    if result.feasible:
        assert result.gaps == ()
        check_weekly(data, result.visits)
        check_per_school(data, result.visits)
    else:
        assert result.gaps, "a plan falling short must say why"
        assert all(g.message for g in result.gaps)
        assert result.status in ("INFEASIBLE", "UNKNOWN")
    # The engine's own audit agrees with the verdict, and a capacity gap found by arithmetic is a real shortfall.
    audit = audit_plan(data, result.visits)
    pre = check_feasibility(data)
    assert result.feasible == (audit == () and pre == ())
    if any(g.rule in ("school_visits", "working_days", "distance") for g in pre):
        assert audit, pre


@pytest.mark.parametrize("planner", [plan_visits, plan_greedy])
def test_empty_inputs(planner):
    data = PlannerInput(MON, MON + dt.timedelta(days=4), (), (), (Quota("routine", 2),), time_limit_s=0.2)
    result = planner(data)
    assert result.feasible and result.visits == ()


def test_zero_minimum_schools_per_visit_counts_as_one():
    sites = grid_sites(3)
    data = PlannerInput(MON, MON + dt.timedelta(days=4), sites, (InspectorSpec("A", tuple(s.key for s in sites)),),
                        (Quota("special", 1, 0, 2),), time_limit_s=0.5, num_workers=1)
    result = plan_visits(data)
    assert result.feasible and result.visits and all(1 <= len(v.schools) <= 2 for v in result.visits)
