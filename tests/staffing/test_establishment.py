"""核定编制 and 学科缺员: hand-checked counts and the properties a 人事科 relies on."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from edubureau.staffing.engine.establishment import (
    Norm,
    NormRules,
    SchoolLoad,
    StaffInPost,
    staffing_gap,
    staffing_norm,
)
from edubureau.staffing.engine.subject_hours import SubjectGap, balancing_moves, subject_gaps, subject_needs


def test_norm_by_pupils_for_a_nine_year_school():
    # 小学 950 ÷ 19 = 50; 初中 540 ÷ 13.5 = 40: 90 staff.
    school = SchoolLoad("1", "城东学校", "城区", {"小学": 950, "初中": 540}, {"小学": 20, "初中": 12})
    assert staffing_norm(school, NormRules()) == Norm(90, "小学按生师比19:1；初中按生师比13.5:1")


def test_small_rural_school_and_teaching_point_count_by_classes():
    # 120 pupils in 6 classes: 120 ÷ 19 = 6.3, 6 × 1.8 = 10.8 → 11 by classes.
    village = SchoolLoad("2", "山口小学", "乡村", {"小学": 120}, {"小学": 6})
    assert staffing_norm(village, NormRules()).staff == 11
    # The same school in town is counted by pupils: ⌈6.3⌉ = 7.
    assert staffing_norm(SchoolLoad("3", "镇小", "镇区", {"小学": 120}, {"小学": 6}), NormRules()).staff == 7
    point = SchoolLoad("4", "岭下教学点", "镇区", {"小学": 30}, {"小学": 3}, teaching_point=True)
    assert staffing_norm(point, NormRules()) == Norm(6, "小学按班师比1:1.8（教学点）")  # 3 × 1.8 = 5.4 → 6


def test_seconded_and_long_sick_are_not_available():
    school = SchoolLoad("1", "城关一小", "城区", {"小学": 760}, {"小学": 16})  # 760 ÷ 19 = 40
    gap = staffing_gap(school, StaffInPost(41, seconded_out=2, long_sick=1), NormRules())
    assert (gap.norm, gap.available, gap.gap, gap.verdict) == (40, 38, -2, "缺编")


@given(st.integers(0, 3000), st.integers(0, 3000), st.integers(1, 60), st.booleans())
def test_norm_never_falls_when_pupils_rise(pupils, more, classes, rural):
    def norm(n):
        load = SchoolLoad("x", "x", "乡村" if rural else "城区", {"小学": n}, {"小学": classes})
        return staffing_norm(load, NormRules()).staff

    # Below 200 pupils a rural school is counted by classes; past it by pupils, which may be fewer: compare within
    # one regime.
    if rural and (pupils < 200) != (pupils + more < 200):
        return
    assert norm(pupils + more) >= norm(pupils)


def test_subject_needs_and_gaps_hand_checked():
    # One class in each of grades 1–6: 音乐 2 × 6 = 12 periods; 英语 from grade 3: 3 × 4 = 12.
    grades = dict.fromkeys(range(1, 7), 1)
    needs = subject_needs(grades)
    assert needs["音乐"] == 12 and needs["英语"] == 12 and needs["语文"] == 42 and "物理" not in needs
    gaps = {g.subject: g for g in subject_gaps(grades, {"语文": 3, "信息技术": 1, "音乐": 0}, stage="小学")}
    # 语文: 3 × 15 − 42 = 3 periods → +0.2; 信息科技 (the registry's 信息技术): 15 − 4 = 11 → +0.7.
    assert gaps["语文"].gap == 0.2 and gaps["信息科技"].gap == 0.7 and gaps["音乐"].verdict == "缺员"
    order = [g.subject for g in subject_gaps(grades, {}, stage="小学")][:3]
    assert order == ["音乐", "体育", "美术"]  # the 音体美 group leads the shortages


@given(st.dictionaries(st.integers(1, 9), st.integers(0, 8)),
       st.dictionaries(st.sampled_from(["语文", "数学", "音乐", "体育", "英语"]), st.integers(0, 6)))
def test_a_subject_is_never_both_short_and_spare(grades, teachers):
    for g in subject_gaps(grades, teachers, stage="初中"):
        assert not (g.verdict == "缺员" and g.gap >= 1)
        assert g.needed >= 0 and g.available >= 0


@given(st.lists(st.tuples(st.sampled_from("ABCDE"), st.sampled_from(["音乐", "体育"]),
                          st.floats(-3, 3).map(lambda x: round(x, 1))), max_size=10))
def test_balancing_never_takes_a_donor_below_its_need(rows):
    gaps: dict[str, list[SubjectGap]] = {}
    seen = set()
    for code, subject, gap in rows:
        if (code, subject) not in seen:
            seen.add((code, subject))
            gaps.setdefault(code, []).append(SubjectGap(subject, 0, 0, gap))
    moves = balancing_moves(gaps)
    given_away: dict[tuple[str, str], int] = {}
    for donor, receiver, subject in moves:
        assert donor != receiver
        given_away[donor, subject] = given_away.get((donor, subject), 0) + 1
    for (donor, subject), n in given_away.items():
        spare = next(g.gap for g in gaps[donor] if g.subject == subject)
        assert spare - n >= 0  # a donor keeps what its own classes need
