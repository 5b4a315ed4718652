"""交流轮岗: eligibility with a reason for everyone, quotas, and a plan that beats its greedy baseline."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edubureau.staffing.engine.rotation import RotationRules, School, Teacher, allowed_direction, eligibility
from edubureau.staffing.engine.rotation_plan import plan_rotation, quotas_for

from .rotation_world import SCHOOLS, county_teachers, teacher

D = dt.date
NO_BACKBONE_QUOTA = RotationRules(backbone_share=0.0)


def test_every_teacher_is_eligible_or_has_a_reason():
    old = teacher("M", "体育", D(2000, 9, 1), sex="男", birth=D(1971, 8, 31))  # 55 on 31 August 2026
    young_man = teacher("Y", "体育", D(2000, 9, 1), sex="男", birth=D(1971, 9, 1))  # 54 then
    nursing = teacher("P", "英语", D(2010, 9, 1), exemption="哺乳期")
    head = teacher("H", "语文", D(2022, 9, 1), post="校长")  # 4 years < two terms of 3
    teachers = [*county_teachers(), old, young_man, nursing, head]
    eligible, reasons = eligibility(teachers, SCHOOLS, RotationRules(), 2026)
    assert [t.number for t in eligible] == ["A", "B", "C", "Y"]
    assert reasons["M"] == "男教师年满55周岁" and reasons["P"] == "免交流：哺乳期"
    assert reasons["H"] == "校长在本校任职未满2届（6年，已满4年）"  # 2022-09 … 2026-08: four school years
    assert reasons["N0"] == "在本校任教不满6年（已满2年）"  # 2024-09 … 2026-08: two school years
    assert {t.number for t in eligible} | set(reasons) == {t.number for t in teachers}


def test_six_school_years_are_counted_to_the_end_of_august():
    september, october = teacher("S", "语文", D(2020, 9, 1)), teacher("T", "语文", D(2020, 10, 1))
    eligible, reasons = eligibility([september, october], SCHOOLS, RotationRules(), 2026)
    assert eligible == [september] and reasons == {"T": "在本校任教不满6年（已满5年）"}
    assert eligibility([october], SCHOOLS, RotationRules(), 2027)[0] == [october]


def test_direction_urban_to_rural_strong_to_weak_or_within_a_group():
    u1, r1, w1 = SCHOOLS["U1"], SCHOOLS["R1"], SCHOOLS["W1"]
    assert allowed_direction(u1, r1) and allowed_direction(u1, w1) and allowed_direction(r1, w1)
    assert not allowed_direction(r1, u1) and not allowed_direction(w1, u1) and not allowed_direction(u1, u1)
    # Inside a group: between two town schools, yes; from the village school into town, still no.
    lead, member = dataclasses.replace(u1, group="城东集团"), dataclasses.replace(u1, code="U2", group="城东集团")
    assert allowed_direction(member, lead) and allowed_direction(lead, member)
    assert not allowed_direction(dataclasses.replace(r1, group="城东集团"), lead)
    weak_member = dataclasses.replace(member, weak=True)
    assert allowed_direction(lead, weak_member) and not allowed_direction(weak_member, lead)


def test_quotas_ten_percent_of_eligible_and_a_fifth_of_the_moved_are_backbone():
    eligible = [teacher(str(i), "语文", D(2000, 9, 1)) for i in range(23)]
    assert dataclasses.astuple(quotas_for(eligible, RotationRules()))[:2] == (3, 1)  # ⌈2.3⌉ = 3, ⌈0.6⌉ = 1
    anhui = RotationRules(backbone_of_eligible=True)
    assert quotas_for(eligible, anhui).backbone == 5  # ⌈0.2 × 23⌉ = 5, against the eligible


def test_optimiser_fills_a_shortage_the_greedy_calendar_misses():
    # 3 eligible → ⌈0.3⌉ = 1 move. Greedy takes the longest-serving (A, 语文) to the nearest allowed school,
    # 新镇小学 (2.9 km), filling nothing. The optimiser sends B (数学) to 河西小学, which lacks 数学 (5.6 km),
    # rather than C (音乐) to 山口小学 (9.6 km): one shortage filled, and the shorter of the two ways to fill it.
    result = plan_rotation(county_teachers(), SCHOOLS, NO_BACKBONE_QUOTA, 2026, time_limit=5)
    baseline, best = result["baseline"], result["plan"]
    assert [(m.number, m.target) for m in baseline.moves] == [("A", "W1")]
    assert baseline.shortages_covered == 0 and round(baseline.mean_km, 1) == 2.9
    assert [(m.number, m.target, m.subject) for m in best.moves] == [("B", "R2", "数学")]
    assert best.shortages_covered == 1 and round(best.mean_km, 1) == 5.6 and best.met and baseline.met


def test_backbone_quota_decides_who_goes():
    # With the national 20%: ⌈0.2 × 1⌉ = 1 骨干 among the one move, and only C is 骨干: C goes to 山口小学.
    teachers = [t if t.number != "C" else dataclasses.replace(t, backbone=True) for t in county_teachers()]
    best = plan_rotation(teachers, SCHOOLS, RotationRules(), 2026, time_limit=5)["plan"]
    assert [(m.number, m.target) for m in best.moves] == [("C", "R1")] and best.met


def test_unreachable_quota_is_named():
    result = plan_rotation(county_teachers(), SCHOOLS, RotationRules(), 2026, time_limit=5)  # no 骨干 at all
    assert not result["plan"].met
    assert result["plan"].unmet == ["可交流的骨干教师仅0人，不足应交流骨干1人"]


def test_a_couple_moves_together_or_not_at_all():
    teachers = county_teachers()
    teachers[1] = dataclasses.replace(teachers[1], spouse="C")
    teachers[2] = dataclasses.replace(teachers[2], spouse="B")
    best = plan_rotation(teachers, SCHOOLS, NO_BACKBONE_QUOTA, 2026, time_limit=5)["plan"]
    targets = {m.number: m.target for m in best.moves}
    assert ("B" in targets) == ("C" in targets)
    if "B" in targets:
        assert targets["B"] == targets["C"]


# ---- properties ------------------------------------------------------------------------------------------------

LOCALITIES = ("城区", "镇区", "乡村")
SUBJECTS = ("语文", "数学", "音乐", "体育")


@st.composite
def counties(draw):
    n_schools = draw(st.integers(2, 6))
    schools = {}
    for i in range(n_schools):
        schools[f"S{i}"] = School(
            f"S{i}", f"学校{i}", "小学", draw(st.sampled_from(LOCALITIES)), draw(st.booleans()),
            120 + draw(st.floats(0, 0.3)), 30 + draw(st.floats(0, 0.3)),
            frozenset(draw(st.lists(st.sampled_from(SUBJECTS), max_size=2))))
    teachers = []
    for i in range(draw(st.integers(1, 30))):
        teachers.append(Teacher(
            f"T{i}", f"教师{i}", draw(st.sampled_from(("男", "女"))), D(draw(st.integers(1965, 1998)), 3, 1),
            draw(st.sampled_from(sorted(schools))), draw(st.sampled_from(SUBJECTS)),
            D(draw(st.integers(2005, 2025)), 9, 1), draw(st.booleans()),
            home_lon=120 + draw(st.floats(0, 0.3)), home_lat=30 + draw(st.floats(0, 0.3))))
    if len(teachers) >= 2 and draw(st.booleans()):  # one couple
        teachers[0] = dataclasses.replace(teachers[0], spouse=teachers[1].number)
        teachers[1] = dataclasses.replace(teachers[1], spouse=teachers[0].number)
    return schools, teachers


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counties())
def test_plans_keep_every_rule_and_the_optimiser_is_never_worse(county):
    schools, teachers = county
    result = plan_rotation(teachers, schools, RotationRules(), 2026, time_limit=2, workers=1)
    eligible = set(result["eligible"])
    by_number = {t.number: t for t in teachers}
    for plan in (result["plan"], result["baseline"]):
        targets = {m.number: m.target for m in plan.moves}
        assert set(targets) <= eligible  # nobody ineligible moves
        for m in plan.moves:
            assert allowed_direction(schools[m.source], schools[m.target])
        for number, target in targets.items():
            spouse = by_number[number].spouse
            if spouse:
                assert targets.get(spouse) == target  # couples stay together
        assert len({(m.target, m.subject) for m in plan.moves if m.fills_shortage}) == plan.shortages_covered
    best, base = result["plan"], result["baseline"]
    assert (best.met, best.shortages_covered, -round(best.km_total, 3)) >= (
        base.met, base.shortages_covered, -round(base.km_total, 3))
    if not result["plan"].unmet:  # the pre-check found the quotas reachable
        assert best.met


def test_each_county_rotates_within_itself_with_its_own_quota():
    # Two copies of the county, 甲县 and 乙县: each has 3 eligible → 1 move each (⌈0.3⌉), never across counties.
    schools, teachers = {}, []
    for county in ("甲县", "乙县"):
        for code, school in SCHOOLS.items():
            schools[county + code] = dataclasses.replace(school, code=county + code, region=county)
        teachers += [dataclasses.replace(t, number=county + t.number, school=county + "U1")
                     for t in county_teachers()]
    result = plan_rotation(teachers, schools, NO_BACKBONE_QUOTA, 2026, time_limit=4)
    best = result["plan"]
    assert sorted((m.number, m.target) for m in best.moves) == [("乙县B", "乙县R2"), ("甲县B", "甲县R2")]
    assert result["quotas_required"]["moves"] == 2 and best.met
    assert all(schools[m.source].region == schools[m.target].region for m in result["baseline"].moves)
