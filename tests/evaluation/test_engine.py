"""The evaluation engine on a small scheme computed by hand, plus validation, grades, ranks and the JSON round trip."""

from __future__ import annotations

import json

import pytest

from edubureau.evaluation.engine import (
    Bundle,
    Category,
    GradeRule,
    Indicator,
    Mapping,
    Scheme,
    SchoolInput,
    scheme_from_dict,
    scheme_to_dict,
    score,
    validate,
)


def example_scheme(**changes) -> Scheme:
    """Two branches (0.4 / 0.6 in 城区小学, 0.5 / 0.5 in 农村小学), a bonus branch capped at 5, a deduction, a veto."""
    fields = dict(
        year=2026,
        title="2026年度学校考核",
        indicators=(
            Indicator("1", "常规考核", weight=0.4, children=(
                Indicator("1.1", "计划执行", max_score=10, weight=0.5, source="computed",
                          figure="plans.task_completion_rate", mapping=Mapping("linear", (0.6, 1.0))),
                Indicator("1.2", "规范办学", max_score=10, weight=0.5, aggregate="trimmed"),
            )),
            Indicator("2", "办学成效", weight=0.6, children=(
                Indicator("2.1", "教学质量", max_score=20, weight=0.5, source="computed",
                          figure="quality.composite_index", mapping=Mapping("rank")),
                Indicator("2.2", "社会满意度", max_score=10, weight=0.5, source="third_party",
                          mapping=Mapping("bands", ((60, 4), (80, 7), (90, 10)))),
            )),
            Indicator("8", "加分项", kind="bonus", cap=5, children=(
                Indicator("8.1", "市级以上表彰", max_score=3),
                Indicator("8.2", "特色项目", max_score=4),
            )),
            Indicator("9", "违规办学扣分", max_score=5, kind="deduction"),
            Indicator("10", "重大安全责任事故", kind="veto", source="computed", figure="safety.serious_incidents"),
        ),
        categories=(Category("urban", "城区小学"), Category("rural", "农村小学", {"1": 0.5, "2": 0.5})),
        bundles=(Bundle("A", ("C",), share=0.2, full_at=10, title="甲校教育集团"),),
    )
    fields.update(changes)
    return Scheme(**fields)


def example_schools() -> list[SchoolInput]:
    return [
        SchoolInput("A", "甲校", "urban", entered={"1.2": (8, 9, 10, 6), "8.1": (3,), "8.2": (4,), "9": (2,)},
                    third_party={"2.2": 92},
                    figures={"plans.task_completion_rate": 0.9, "quality.composite_index": 85,
                             "safety.serious_incidents": 0}, previous_total=75),
        SchoolInput("B", "乙校", "urban", entered={"1.2": (10,)}, third_party={"2.2": 75},
                    figures={"plans.task_completion_rate": 1.0, "quality.composite_index": 90,
                             "safety.serious_incidents": 1}),
        SchoolInput("C", "丙校", "urban", entered={"1.2": (6, 7)}, third_party={"2.2": 85},
                    figures={"plans.task_completion_rate": 0.6, "quality.composite_index": 70}, previous_total=30),
        SchoolInput("D", "丁校", "rural", entered={"1.2": (9,), "8.1": (1,)}, third_party={"2.2": 95},
                    figures={"plans.task_completion_rate": 0.8, "quality.composite_index": 80}),
    ]


def test_example_scheme_is_valid():
    assert validate(example_scheme()) == []


def test_hand_computed_example():
    r = score(example_scheme(), example_schools())
    a, b, c, d = (r.school(k) for k in "ABCD")

    # 城区小学 full marks: 1 → 100×0.4 = 40 (1.1 and 1.2 → 20 each); 2 → 60 (2.1 and 2.2 → 30 each).
    assert a.full_marks == pytest.approx({"1": 40, "1.1": 20, "1.2": 20, "2": 60, "2.1": 30, "2.2": 30})
    # 甲校: 1.1 completion 0.9 on 0.6→0 … 1.0→10: 10×0.3/0.4 = 7.5 raw, 7.5/10×20 = 15.
    #       1.2 scores 8, 9, 10, 6 trimmed → (8+9)/2 = 8.5 raw → 17.     常规考核 = 32.
    #       2.1 quality 85: urban ranks 乙 90 (1), 甲 85 (2), 丙 70 (3): 20×(3−2)/(3−1) = 10 raw → 10/20×30 = 15.
    #       2.2 satisfaction 92 ≥ 90 → 10 raw → 30.                       办学成效 = 45.   指标得分 77.
    #       bonus 3 + 4 = 7 capped at 5; deduction 2 → own total 77 + 5 − 2 = 80.
    assert a.raw["1.1"] == pytest.approx(7.5) and a.points["1.1"] == pytest.approx(15)
    assert a.raw["1.2"] == pytest.approx(8.5) and a.points["1.2"] == pytest.approx(17)
    assert a.points["1"] == pytest.approx(32)
    assert a.raw["2.1"] == pytest.approx(10) and a.points["2.1"] == pytest.approx(15)
    assert a.points["2.2"] == pytest.approx(30) and a.points["2"] == pytest.approx(45)
    assert a.subtotals(r.scheme) == pytest.approx({"1": 32, "2": 45})
    assert a.normal_total == pytest.approx(77)
    assert (a.bonus, a.deduction) == pytest.approx((5, 2))
    assert a.own_total == pytest.approx(80)
    # 丙校: 1.1 0.6 → 0; 1.2 (6+7)/2 = 6.5 (two scores: not trimmed) → 13; 2.1 last → 0; 2.2 85 → 7 → 21. Total 34.
    assert c.points == pytest.approx({"1": 13, "1.1": 0, "1.2": 13, "2": 21, "2.1": 0, "2.2": 21})
    assert c.total == pytest.approx(34)
    # Bundle: 丙 improved 34 − 30 = 4 → 100×(0.5 + 4/20) = 70; 甲 total 0.8×80 + 0.2×70 = 64 + 14 = 78.
    assert a.own_part == pytest.approx(64) and a.bundled_part == pytest.approx(14)
    assert a.total == pytest.approx(78)
    assert a.change == pytest.approx(3)
    # 乙校: 1.1 10 → 20; 1.2 10 → 20; 2.1 first → 20 raw → 30; 2.2 75 → 4 → 12. Total 82, but one incident: vetoed.
    assert b.total == pytest.approx(82)
    assert b.vetoed and b.grade == "不合格" and "重大安全责任事故" in b.veto_reasons[0]
    # Ranks: vetoed 乙 after the others although its score is highest.
    assert [(x.key, x.rank, x.grade) for x in r.ranking("urban")] == [("A", 1, "合格"), ("C", 2, "不合格"),
                                                                      ("B", 3, "不合格")]
    # 丁校 (农村小学, weights 0.5/0.5 → every leaf 25): 1.1 0.8 → 5 raw → 12.5; 1.2 9 → 22.5; 2.1 alone in its
    # category → 20 → 25; 2.2 95 → 10 → 25. 85 + bonus 1 = 86 → 良好, first of 农村小学.
    assert d.points == pytest.approx({"1": 35, "1.1": 12.5, "1.2": 22.5, "2": 50, "2.1": 25, "2.2": 25})
    assert d.total == pytest.approx(86) and d.rank == 1 and d.grade == "良好"
    assert d.change is None
    assert r.category_means("urban")["1"] == pytest.approx((32 + 40 + 13) / 3)


def test_trail_explains_every_point():
    r = score(example_scheme(), example_schools())
    a = r.school("A")
    steps = {s.code: s for s in a.trail}
    assert "计划任务完成率 0.9" in steps["1.1"].source and "线性" in steps["1.1"].rule
    assert "去掉最高最低" in steps["1.2"].source
    assert "第2名（共3所）" in steps["2.1"].rule
    assert steps["加分"].rule == "封顶 5 分" and steps["加分"].points == pytest.approx(5)
    assert steps["9"].points == pytest.approx(-2)
    assert steps["捆绑"].points == pytest.approx(14) and "丙校" in steps["捆绑"].source
    assert steps["总分"].points == pytest.approx(78)
    assert "合格" in steps["等次"].rule
    # Leaf contributions + bonus − deduction + bundle adjustments make the total.
    leaf = sum(s.points for s in a.trail if s.code in {"1.1", "1.2", "2.1", "2.2"})
    assert leaf == pytest.approx(a.normal_total)


def test_missing_data_scores_zero_and_is_listed():
    schools = [SchoolInput("X", "戊校", "urban")]
    x = score(example_scheme(bundles=()), schools).school("X")
    assert x.total == 0 and set(x.missing) == {"1.1", "1.2", "2.1", "2.2"}
    assert any("无数据" in s.rule for s in x.trail)
    # No record of a bonus or deduction is none, not missing data.
    assert {s.code: s.rule for s in x.trail}["9"] == "无扣分记录"


def test_bundle_without_previous_totals_counts_own_score():
    schools = [s for s in example_schools() if s.key != "C"]
    a = score(example_scheme(), schools).school("A")
    # Without 丙 the quality ranks are 乙 1, 甲 2 of 2 → 0 points: own total 77 − 15 + 5 − 2 = 65, all of it counted.
    assert a.own_total == pytest.approx(65) and a.total == pytest.approx(65)
    assert a.own_part + a.bundled_part == pytest.approx(65)


def test_ties_share_a_rank():
    s = Scheme(2026, "t", (Indicator("1", "甲", max_score=100),))
    r = score(s, [SchoolInput(k, k, "all", entered={"1": (v,)}) for k, v in zip("pqrs", (90, 80, 80, 70), strict=True)])
    assert [x.rank for x in r.ranking("all")] == [1, 2, 2, 4]


def test_rank_mapping_table_and_lower_is_better():
    s = Scheme(2026, "t", (Indicator("1", "辍学率", max_score=10, source="computed", figure="dropout",
                                     mapping=Mapping("rank", (10, 8, 6), lower_is_better=True)),))
    figures = {"p": 0.01, "q": 0.02, "r": 0.02, "s": 0.05, "t": 0.03}
    r = score(s, [SchoolInput(k, k, "all", figures={"dropout": v}) for k, v in figures.items()])
    assert {x.key: x.raw["1"] for x in r.schools} == {"p": 10, "q": 8, "r": 8, "t": 0, "s": 0}


def test_quota_grades():
    s = Scheme(2026, "t", (Indicator("1", "甲", max_score=100),),
               grades=GradeRule("quotas", (("优秀", 0.2), ("良好", 0.3)), rest="合格", pass_line=60))
    scores = [95, 90, 85, 85, 80, 75, 70, 65, 60, 50]
    r = score(s, [SchoolInput(f"s{i}", f"s{i}", "all", entered={"1": (v,)}) for i, v in enumerate(scores)])
    # 10 schools: 优秀 2 (ranks 1–2), 良好 3 (ranks 3–5), the rest 合格, below 60 不合格.
    assert [x.grade for x in r.ranking("all")] == ["优秀", "优秀", "良好", "良好", "良好", "合格", "合格", "合格",
                                                   "合格", "不合格"]


def test_quota_ties_at_the_boundary_get_the_better_band():
    s = Scheme(2026, "t", (Indicator("1", "甲", max_score=100),), grades=GradeRule("quotas", (("优秀", 0.25),)))
    r = score(s, [SchoolInput(k, k, "all", entered={"1": (v,)}) for k, v in zip("pqrs", (90, 90, 80, 70), strict=True)])
    assert [x.grade for x in r.ranking("all")] == ["优秀", "优秀", "合格", "合格"]


def test_points_weighting_contributions_equal_raw_points():
    s = Scheme(2026, "t", (
        Indicator("1", "常规", children=(Indicator("1.1", "a", max_score=30), Indicator("1.2", "b", max_score=30))),
        Indicator("2", "成效", max_score=40),
    ), weighting="points")
    assert validate(s) == []
    x = score(s, [SchoolInput("p", "p", "all", entered={"1.1": (20,), "1.2": (25,), "2": (33,)})]).school("p")
    assert x.points == pytest.approx({"1": 45, "1.1": 20, "1.2": 25, "2": 33}) and x.total == pytest.approx(78)


@pytest.mark.parametrize(
    ("scheme", "problem"),
    [
        (Scheme(2026, "t", (Indicator("1", "a", 10, weight=0.5), Indicator("2", "b", 10, weight=0.4))),
         "顶层指标的权重合计为 0.9"),
        (Scheme(2026, "t", (Indicator("1", "a", 10), Indicator("1", "b", 10, weight=0))), "指标编号重复：1"),
        (Scheme(2026, "t", (Indicator("1", "a"),)), "没有满分"),
        (Scheme(2026, "t", (Indicator("1", "a", 10, source="computed", figure="x"),)), "没有换算规则"),
        (Scheme(2026, "t", (Indicator("1", "a", 10, source="computed", mapping=Mapping("direct")),)),
         "没有说明取哪个数据"),
        (Scheme(2026, "t", (Indicator("1", "a", 10, mapping=Mapping("linear", (1, 1))),)), "两个不同的端点"),
        (example_scheme(categories=(Category("rural", "农村小学", {"1": 0.5}),)),
         "类别“农村小学”：顶层指标的权重合计为 1.1"),
        (example_scheme(categories=(Category("rural", "农村小学", {"7": 0.5}),)), "不存在的指标：7"),
        (example_scheme(bundles=(Bundle("A", ("A",), 0.2),)), "不能包括牵头学校自己"),
        (example_scheme(bundles=(Bundle("A", ("C",), 1.5),)), "比例应在0和1之间"),
        (example_scheme(grades=GradeRule("thresholds", (("优秀", 80), ("良好", 90)))), "从高到低"),
        (example_scheme(grades=GradeRule("quotas", (("优秀", 0.6), ("良好", 0.6)))), "合计不超过1"),
        (Scheme(2026, "t", (Indicator("1", "a", 60), Indicator("2", "b", 30)), weighting="points"),
         "分值合计为 90，应等于总分 100"),
        (Scheme(2026, "t", (Indicator("1", "a", 10), Indicator("9", "否决", kind="veto", children=(
            Indicator("9.1", "x", 1),)))), "是否决项，不能有下级指标"),
    ],
)
def test_validate_catches_bad_schemes(scheme, problem):
    problems = validate(scheme)
    assert any(problem in p for p in problems), problems
    with pytest.raises(ValueError):
        score(scheme, [])


def test_unknown_category_is_refused():
    with pytest.raises(ValueError, match="类别"):
        score(example_scheme(), [SchoolInput("x", "x", "kindergarten")])


def test_json_round_trip():
    s = example_scheme(grades=GradeRule("quotas", (("优秀", 0.2),), pass_line=60))
    assert scheme_from_dict(json.loads(json.dumps(scheme_to_dict(s), ensure_ascii=False))) == s
