"""A ready scheme to start from (方案模板): the four parts of the annual school assessment the seeds describe.

常规考核、校园文化、办学成效、自主发展, with data-computed leaves (plans, inspection, quality, balance), a third-party
satisfaction survey, capped bonus and deduction items and two veto items; three categories with their own weights.
The scheme editor copies it for a new year; the demo uses it.

>>> s = standard_scheme(2026)
>>> validate(s)
[]
>>> [n.title for n in s.indicators if n.kind == "normal"]
['常规考核', '校园文化', '办学成效', '自主发展']
>>> round(s.full_marks("3.1", "rural"), 2), round(s.full_marks("3.1", "urban"), 2)
(12.5, 18.0)
"""

from __future__ import annotations

from .scheme import Bundle, Category, GradeRule, Indicator, Mapping, Scheme, validate  # noqa: F401 (doctest)

__all__ = ["standard_scheme"]


def standard_scheme(year: int, bundles: tuple[Bundle, ...] = ()) -> Scheme:
    """The template scheme for ``year`` (categories ``urban`` 城区小学, ``rural`` 农村小学, ``junior`` 初中)."""
    return Scheme(
        year=year,
        title=f"{year}年度学校综合考核",
        indicators=(
            Indicator("1", "常规考核", weight=0.4, children=(
                Indicator("1.1", "年度计划任务完成", max_score=10, weight=0.3, source="computed",
                          figure="plans.task_completion_rate", mapping=Mapping("linear", (0.6, 1.0)),
                          note="完成率60%及以下0分，100%满分"),
                Indicator("1.2", "督导问题按期整改", max_score=10, weight=0.3, source="computed",
                          figure="inspection.on_time_rectification_rate", mapping=Mapping("linear", (0.5, 1.0)),
                          when_missing="full", note="本年度无到期整改事项的学校计满分"),
                Indicator("1.3", "规范办学行为", max_score=10, weight=0.4, aggregate="trimmed",
                          note="考核组评委打分，去掉最高分和最低分"),
            )),
            Indicator("2", "校园文化", weight=0.15, children=(
                Indicator("2.1", "文化建设与德育活动", max_score=10, weight=0.5, aggregate="trimmed"),
                Indicator("2.2", "家长和社会满意度", max_score=10, weight=0.5, source="third_party",
                          mapping=Mapping("bands", ((60, 4), (75, 6), (85, 8), (92, 10))),
                          note="第三方满意度调查得分（百分制）分档"),
            )),
            Indicator("3", "办学成效", weight=0.3, children=(
                Indicator("3.1", "教学质量综合指数", max_score=20, weight=0.6, source="computed",
                          figure="quality.composite_index", mapping=Mapping("rank"),
                          note="类别内按综合指数排名计分"),
                Indicator("3.2", "均衡发展指标达标", max_score=10, weight=0.4, source="computed",
                          figure="balance.indicators_met", mapping=Mapping("linear", (3, 7)),
                          note="7项资源配置指标达标数，3项及以下0分"),
            )),
            Indicator("4", "自主发展", weight=0.15, children=(
                Indicator("4.1", "三年发展规划年度目标达成", max_score=10, weight=0.6, aggregate="trimmed"),
                Indicator("4.2", "特色发展与创新", max_score=10, weight=0.4, aggregate="trimmed"),
            )),
            Indicator("8", "加分项", kind="bonus", cap=5, children=(
                Indicator("8.1", "市级以上表彰", max_score=3),
                Indicator("8.2", "承担县级以上重大任务", max_score=3),
            )),
            Indicator("9", "扣分项", kind="deduction", cap=10, children=(
                Indicator("9.1", "违规办学行为", max_score=5),
                Indicator("9.2", "安全隐患未按期整改", max_score=5),
            )),
            Indicator("10", "重大安全责任事故", kind="veto", source="computed", figure="safety.serious_incidents",
                      note="发生重大安全责任事故的，考核等次定为不合格"),
            Indicator("11", "严重违反师德造成恶劣影响", kind="veto", source="computed",
                      figure="staffing.serious_conduct",
                      note="人事科师德记录中当年受降低岗位等级或开除处分的教师人数，达到1人即一票否决"),
        ),
        categories=(
            Category("urban", "城区小学"),
            Category("rural", "农村小学", {"1": 0.45, "2": 0.15, "3": 0.25, "4": 0.15, "3.1": 0.5, "3.2": 0.5}),
            Category("junior", "初中", {"1": 0.35, "2": 0.15, "3": 0.35, "4": 0.15, "3.1": 0.7, "3.2": 0.3}),
        ),
        bundles=bundles,
        grades=GradeRule("thresholds", (("优秀", 90.0), ("良好", 80.0), ("合格", 60.0))),
    )

