"""岗位等级晋升, 师德 and 继续教育: the trail of every candidate, the veto, free posts, and hours in the cycle."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from edubureau.staffing.engine.conduct_records import Category, ConductRecord, Sanction, active_sanction, vetoes
from edubureau.staffing.engine.post_promotion import (
    PostStructure,
    PromotionRules,
    TeacherPost,
    band_of,
    candidates,
    free_posts,
    rank_school,
)
from edubureau.staffing.engine.training_hours import TrainingRecord, TrainingRules, behind_by_school, progress

D = dt.date
GOOD = {2023: "合格", 2024: "优秀", 2025: "良好"}


def teacher(number="T1", **kw) -> TeacherPost:
    values = {"name": "王芳", "school": "S1", "title": "一级教师", "level": 9, "level_since": D(2020, 9, 1),
              "appraisals": GOOD, "service_years": 12}
    return TeacherPost(number=number, **{**values, **kw})


def test_a_qualifying_candidate_and_the_trail_of_each_rule():
    [c] = candidates([teacher()], PromotionRules(), 2026)
    assert c.to_level == 8 and c.qualifies
    assert [(r.name, r.why) for r in c.trail] == [
        ("逐级晋升", "现聘9级，拟晋8级"), ("任现岗位等级年限", "任现等级6年，要求满4年"),
        ("年度考核", "近3年考核：2023年合格、2024年优秀、2025年良好"), ("师德", "无师德处分"),
        ("继续教育学时", "学时达到进度")]


def test_each_rule_can_refuse_and_says_why():
    rules = PromotionRules()
    top = candidates([teacher(level=8)], rules, 2026)[0]  # 一级教师 cannot go past level 8
    assert not top.qualifies and top.trail[0].why == "一级教师最高可聘8级，现已聘8级"
    fresh = candidates([teacher(level_since=D(2023, 9, 1))], rules, 2026)[0]
    assert [r.why for r in fresh.trail if not r.passed] == ["任现等级3年，要求满4年"]
    weak = candidates([teacher(appraisals={**GOOD, 2024: "基本合格"})], rules, 2026)[0]
    assert not weak.qualifies
    vetoed = candidates([teacher(sanctioned=True)], rules, 2026)[0]
    assert [r.why for r in vetoed.trail if not r.passed] == ["师德处分期内，一票否决"]
    # To 副高 (level 7 from 8) a 高级教师 needs a year in a rural or weak school.
    senior = candidates([teacher(title="高级教师", level=8, rural_years=0)], rules, 2026)[0]
    assert [r.why for r in senior.trail if not r.passed] == ["农村或薄弱学校任教0年，要求满1年"]


def test_free_posts_decide_who_goes_and_who_waits():
    structure = PostStructure(total=50, shares={"正高": 0, "副高": 0.2, "中级": 0.5, "初级": 0.3})
    # 中级 25 posts: level 8 gets 30% → 7; 6 are held, so one is free.
    free = free_posts(structure, {8: 6, 9: 10})
    assert free[8] == 1
    found = candidates([teacher("A", level_since=D(2019, 9, 1)), teacher("B"), teacher("C", sanctioned=True)],
                       PromotionRules(), 2026)
    ranked = rank_school(found, free)
    assert [(c.teacher.number, c.standing) for c in ranked] == [("A", "拟晋升"), ("B", "候补")]


@given(st.lists(st.tuples(st.integers(2, 13), st.integers(2010, 2025), st.booleans()), max_size=12),
       st.integers(0, 5))
def test_never_more_promoted_than_free_posts_and_never_the_vetoed(rows, free_n):
    teachers = [teacher(f"T{i}", title="高级教师", level=level, level_since=D(year, 9, 1), sanctioned=sanctioned,
                        rural_years=2) for i, (level, year, sanctioned) in enumerate(rows)]
    free = dict.fromkeys(range(1, 14), free_n)
    ranked = rank_school(candidates(teachers, PromotionRules(), 2026), free)
    promoted = [c for c in ranked if c.standing == "拟晋升"]
    for level in range(1, 14):
        assert sum(1 for c in promoted if c.to_level == level) <= free_n
    for c in promoted:
        assert not c.teacher.sanctioned and c.to_level == c.teacher.level - 1
        assert band_of(c.to_level) in ("正高", "副高", "中级", "初级")


def test_a_sanction_runs_for_its_period_and_vetoes():
    demerit = ConductRecord("违规", Category.NO_PAID_TUTORING, D(2026, 1, 10), Sanction.DEMERIT, note="有偿补课")
    assert active_sanction([demerit], D(2027, 1, 9)) is demerit  # 记过: 12 months
    assert active_sanction([demerit], D(2027, 1, 10)) is None
    honour = ConductRecord("表彰", Category.CARE, D(2026, 9, 10))
    assert vetoes([honour], D(2026, 10, 1)) == ()
    assert "岗位等级晋升" in vetoes([honour, demerit], D(2026, 10, 1))


def test_training_progress_and_who_is_behind():
    rules = TrainingRules(cycle_start=2024)
    records = [TrainingRecord("A", "国培", 120, "国家", 2025), TrainingRecord("A", "校本研修", 60, "校", 2024),
               TrainingRecord("B", "县级培训", 40, "县", 2024), TrainingRecord("B", "旧周期", 200, "省", 2023)]
    # On 2027-03-01 three years of five are gone: 360 × 3/5 = 216 due.
    a = progress("A", records, rules, today=D(2027, 3, 1))
    assert (a.hours, a.expected, a.behind, a.by_level) == (180, 216, 36, {"国家": 120, "校": 60})
    behind = behind_by_school({"A": "S1", "B": "S1", "C": "S2"}, records, rules, today=D(2027, 3, 1))
    assert [(p.teacher, p.behind) for p in behind["S1"]] == [("B", 176), ("A", 36)]  # the old cycle's 200 not counted
    assert [p.behind for p in behind["S2"]] == [216]


@given(st.lists(st.integers(0, 100), max_size=8), st.integers(0, 50))
def test_more_hours_never_put_a_teacher_further_behind(hours, extra):
    rules = TrainingRules(cycle_start=2024)
    records = [TrainingRecord("A", "课", h, "县", 2025) for h in hours]
    before = progress("A", records, rules, today=D(2026, 6, 1))
    after = progress("A", [*records, TrainingRecord("A", "课", extra, "县", 2025)], rules, today=D(2026, 6, 1))
    assert after.behind <= before.behind and after.hours >= before.hours
    assert dataclasses.asdict(after)["required"] == 360
