"""Application checks, categories and points, allocation and balanced classes (issue 12): figures by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edubureau.core import idcard
from edubureau.enrollment.engine.allocation import Candidate, allocate
from edubureau.enrollment.engine.applications import Application, Property, PropertyUse, assess, default_rules
from edubureau.enrollment.engine.classes import Pupil, balanced_classes, draw_teachers, random_classes, spread
from edubureau.enrollment.engine.lottery import Applicant, rank

RULES = default_rules(2026)
ZONE = {"U1": {"S1"}, "U2": {"S1", "S2"}, "U9": {"S9"}}  # U2 is a 多校划片 unit
PAPERS = frozenset({"户口簿", "不动产权证"})


def child_id(born: str, serial: str = "123") -> str:
    first = f"330100{born}{serial}"
    return first + idcard.check_digit(first)


def application(number="N1", born="20200315", **kw) -> Application:
    values = dict(number=number, child_name="小明", child_id=child_id(born), level="小学", school="S1",
                  hukou_unit="U1", guardians=("P1",), documents=PAPERS,
                  property=Property("C1", "城关镇幸福小区1幢", owner="P1", unit="U1"))
    values.update(kw)
    return Application(**values)


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


def test_household_and_house_in_zone_is_first_category_and_clean():
    [result] = assess([application()], ZONE, RULES)
    assert (result.category, result.clean, result.points) == ("一类", True, None)


def test_house_without_hukou_is_second_category():
    [result] = assess([application(hukou_unit="")], ZONE, RULES)
    assert result.category == "二类" and result.clean


def test_migrant_points_shown_line_by_line():
    # 居住证 from 2023-05-10 to 2026-08-31: 39 full months → 3 × 2 = 6; 社保 30 months × 0.5 = 15; 租赁备案 5.
    app = application(hukou_unit="", property=None, residence_permit_start=dt.date(2023, 5, 10),
                      insurance_months=30, documents=frozenset({"居住证", "社保缴费证明", "房屋租赁备案"}))
    [result] = assess([app], ZONE, RULES)
    assert result.category == "三类" and result.clean
    assert result.points == Decimal("26")
    assert result.points_lines[0] == "持本县居住证每满12个月：39个月，计3×2=6分"
    assert result.points_lines[-1] == "合计26分"


def test_points_cap():
    app = application(hukou_unit="", property=None, residence_permit_start=dt.date(2010, 1, 1), insurance_months=100,
                      documents=frozenset({"居住证", "社保缴费证明"}))
    [result] = assess([app], ZONE, RULES)
    assert result.points == Decimal(10) + Decimal(30)
    assert "超过上限按10分计" in result.points_lines[0]


def test_short_residence_permit_is_flagged_with_the_months():
    app = application(hukou_unit="", property=None, residence_permit_start=dt.date(2026, 4, 1),
                      documents=frozenset({"居住证", "社保缴费证明"}))
    [result] = assess([app], ZONE, RULES)
    assert result.category is None
    assert "居住证至2026年8月31日满4个月，不足6个月" in result.findings[0].reason


def test_one_house_one_seat_lock_for_six_years():
    used = [PropertyUse("C1", "小学", 2021, child_id("20150101", "555"), ("Q9",), "2021-007")]
    [result] = assess([application()], ZONE, RULES, used)
    assert codes(result) == ["lock"]
    assert "已于2021年为另一名儿童提供小学学位，6年内（至2026年）不能再用于小学入学" in result.findings[0].reason
    assert result.findings[0].others == ("2021-007",)
    # Six years on the lock is over; the sibling of the same parents may use it; 初中 is another level.
    assert assess([application()], ZONE, default_rules(2027), used)[0].clean
    sibling = [PropertyUse("C1", "小学", 2023, "x", ("P1",))]
    assert assess([application()], ZONE, RULES, sibling)[0].clean
    junior = [PropertyUse("C1", "初中", 2025, "x", ("Q9",))]
    assert assess([application()], ZONE, RULES, junior)[0].clean


def test_lock_applies_only_to_houses_bought_after_the_rule():
    used = [PropertyUse("C1", "小学", 2024, "x", ("Q9",))]
    old = application(property=Property("C1", owner="P1", unit="U1", purchase_date=dt.date(2020, 6, 1)))
    rules = default_rules(2026, lock_from=dt.date(2022, 12, 31))
    assert assess([old], ZONE, rules, used)[0].clean
    new = application(property=Property("C1", owner="P1", unit="U1", purchase_date=dt.date(2023, 6, 1)))
    assert codes(assess([new], ZONE, rules, used)[0]) == ["lock"]


def test_duplicates_of_child_and_of_house():
    twin_app = application("N2", guardians=("P1",))  # the same child twice
    other_family = application("N3", born="20200505", guardians=("P7",),
                               property=Property("C1", owner="P7", unit="U1"))
    results = assess([application(), twin_app, other_family], ZONE, RULES)
    assert codes(results[0]) == ["duplicate_child", "duplicate_property"]
    assert results[0].findings[0].others == ("N2",) and results[0].findings[1].others == ("N3",)
    # Twins (two children, same parents, same house) are no conflict.
    twins = [application(), application("N4", child_id=child_id("20200315", "124"))]
    assert all(r.clean for r in assess(twins, ZONE, RULES))


@pytest.mark.parametrize(("born", "code"), [("20200831", None), ("20200901", "age"), ("20180831", "age_over")])
def test_age_rule_by_august_31(born, code):
    [result] = assess([application(born=born)], ZONE, RULES)
    assert codes(result) == ([code] if code else [])


def test_missing_documents_and_owner_not_guardian():
    [missing] = assess([application(documents=frozenset({"户口簿"}))], ZONE, RULES)
    assert missing.findings[0].reason == "一类（户房一致）须提交：不动产权证，尚未提交"
    stranger = application(hukou_unit="", property=Property("C1", owner="P8", unit="U1"))
    [result] = assess([stranger], ZONE, RULES)
    assert result.category is None and "房产权利人不是儿童的监护人" in result.findings[0].reason


def test_multi_school_unit_admits_to_either_school():
    app = application(hukou_unit="U2", property=Property("C2", owner="P1", unit="U2"), school="S2")
    assert assess([app], ZONE, RULES)[0].category == "一类"


people = st.builds(
    application,
    number=st.text("0123456789", min_size=1, max_size=4),
    born=st.sampled_from(["20180101", "20190901", "20200315", "20200901"]),
    hukou_unit=st.sampled_from(["", "U1", "U9"]),
    guardians=st.sampled_from([("P1",), ("P2",)]),
    documents=st.sampled_from([PAPERS, frozenset(), frozenset({"户口簿"})]),
    property=st.sampled_from([None, Property("C1", owner="P1", unit="U1"), Property("C2", owner="P2", unit="U9")]),
)


@settings(deadline=None, max_examples=80)
@given(st.lists(people, max_size=8, unique_by=lambda a: a.number))
def test_every_flag_and_every_refusal_carries_a_reason(apps):
    for result in assess(apps, ZONE, RULES, [PropertyUse("C2", "小学", 2024, "x", ("Q",))]):
        assert all(f.reason and f.code for f in result.findings)
        if result.category is None:
            assert any(f.code == "category" for f in result.findings)


# --- Allocation ----------------------------------------------------------------------------------------------------


def test_allocation_by_category_then_lottery_then_next_school():
    cands = [Candidate(Applicant(f"A{i}", category="一类"), "S1", ("S2",)) for i in range(3)]
    cands += [Candidate(Applicant("B1", category="二类"), "S1", ("S2",))]
    result = allocate(cands, {"S1": 2, "S2": 1}, {"S1": "seed"})
    first = [a.number for a in rank([c.applicant for c in cands], "seed")]
    assert result.order["S1"] == first
    assert [n for n, s in result.placed.items() if s == "S1"] == first[:2]
    # The third 一类 pupil outranks B1 for the one seat at S2.
    assert result.reassigned == {first[2]: "S2"} and result.unplaced == ["B1"]
    assert result.seats_left == {"S1": 0, "S2": 0}


# --- Classes -------------------------------------------------------------------------------------------------------


def intake(n=600, seed=3) -> list[Pupil]:
    import random

    rng = random.Random(seed)
    return [Pupil(f"P{i}", rng.choice("男女"), score=round(rng.gauss(80, 10), 1) if rng.random() < 0.9 else None,
                  special_needs=rng.random() < 0.02, family=f"F{i // 2}" if i < 20 else "") for i in range(n)]


def test_balanced_classes_beat_random_and_keep_twins_together():
    pupils = intake()
    rooms = balanced_classes(pupils, 12, "2026")
    ours, baseline = spread(rooms), spread(random_classes(pupils, 12, "2026"))
    assert sorted(p.number for room in rooms for p in room) == sorted(p.number for p in pupils)
    assert ours.size <= 2 and ours.boys <= 3 and ours.special_needs <= 1
    assert ours.boys < baseline.boys and ours.mean_score < baseline.mean_score
    home = {p.number: k for k, room in enumerate(rooms) for p in room}
    assert all(home[f"P{2 * f}"] == home[f"P{2 * f + 1}"] for f in range(10))


def test_hand_checked_snake():
    # Four boys 90, 80, 70, 60 into two classes: the snake deals A, B, B, A → 150 and 150.
    boys = [Pupil(f"B{s}", "男", score=float(s)) for s in (60, 70, 80, 90)]
    rooms = balanced_classes(boys, 2, "x")
    assert [sorted(p.score for p in room) for room in rooms] == [[60.0, 90.0], [70.0, 80.0]]


def test_teacher_draw_is_by_ticket_and_needs_enough_teachers():
    assert draw_teachers(["甲", "乙", "丙"], 2, "s") == draw_teachers(["丙", "甲", "乙"], 2, "s")
    with pytest.raises(ValueError, match="少于班级数"):
        draw_teachers(["甲"], 2, "s")


def test_the_county_writes_its_categories_and_points_as_lines_and_reads_them_back():
    from edubureau.enrollment.engine.applications import (
        format_categories,
        format_points,
        parse_categories,
        parse_points,
    )

    rules = default_rules(2026)
    assert parse_categories(format_categories(rules.categories)) == rules.categories
    assert parse_points(format_points(rules.points)) == rules.points
    own = parse_categories("一类|户房一致|户房一致|户口簿|否\n二类|随迁|随迁子女|居住证|是")
    assert [(c.name, c.tests, c.uses_points) for c in own] == [("一类", ("户房一致",), False),
                                                               ("二类", ("随迁子女",), True)]
    with pytest.raises(ValueError, match="第2行：条件应为"):
        parse_categories("一类|户房一致|户房一致|户口簿|否\n二类|有房|买房|不动产权证|否")
    with pytest.raises(ValueError, match="第1行：依据应为"):
        parse_points("每月|工龄|1|1|")
    with pytest.raises(ValueError, match="第1行：积分项应有5项"):
        parse_points("社保|社保月数|1")
