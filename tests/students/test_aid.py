"""学生资助 checks (issue 13), worked by hand: a 低保 pupil nobody funded, a transfer paid twice, a grant to a
pupil off the roll, a wrong amount and a program over its budget. And the property the issue names: a pupil of a
priority group is never missing from the 应助尽助 check."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from edubureau.welfare.engine.aid import PRIORITY_GROUPS, Grant, Program, Pupil, check_term

LIVING = Program("义务教育生活补助", ("小学", "初中"), {"小学": 1250, "初中": 1500}, day_share=0.5)
HIGH = Program("普通高中国家助学金", ("高中",), {"高中": 2300})


def test_a_term_checked_by_hand():
    pupils = [Pupil("p1", "A", "小学", frozenset({"低保"})),
              Pupil("p2", "B", "初中", frozenset({"孤儿"}), boarder=True),
              Pupil("p3", "A", "高中", frozenset({"建档立卡"})), Pupil("p4", "A", "小学")]
    grants = [
        Grant("p2", "A", LIVING.name, 750), Grant("p2", "B", LIVING.name, 750),  # transferred from A to B in term
        Grant("p3", "A", HIGH.name, 1100),  # half of 2300 is 1150
        Grant("p9", "A", LIVING.name, 312.5),  # not on the roll
        Grant("p4", "A", HIGH.name, 1150),  # 高中 grant to a 小学 pupil
    ]
    check = check_term(pupils, grants, [LIVING, HIGH], budget={LIVING.name: 1500})
    assert check.unfunded == [("p1", "低保")]  # p4 is in no priority group
    assert check.duplicates == [("p2", LIVING.name, ("A", "B"))]
    assert check.ineligible == [("p9", LIVING.name, "不在学籍名册中"),
                                ("p4", HIGH.name, "普通高中国家助学金不资助小学学生")]
    assert check.wrong_amount == [("p3", HIGH.name, 1100, 1150.0)]
    assert check.totals == {LIVING.name: 1812.5, HIGH.name: 2250}
    assert check.over_budget == {LIVING.name: 312.5}


PUPILS = st.lists(st.builds(
    Pupil, id=st.text("abcdefgh", min_size=1, max_size=3), school=st.sampled_from("AB"),
    level=st.sampled_from(("小学", "初中", "高中")),
    groups=st.frozensets(st.sampled_from((*PRIORITY_GROUPS, "其他")))),
    max_size=30, unique_by=lambda p: p.id)


@settings(max_examples=100, deadline=None)
@given(pupils=PUPILS, funded=st.sets(st.text("abcdefgh", min_size=1, max_size=3)))
def test_a_priority_pupil_without_a_grant_is_always_listed(pupils, funded):
    grants = [Grant(p.id, p.school, (HIGH if p.level == "高中" else LIVING).name, 1) for p in pupils if p.id in funded]
    listed = {pupil for pupil, _groups in check_term(pupils, grants, [LIVING, HIGH]).unfunded}
    expected = {p.id for p in pupils if p.groups & set(PRIORITY_GROUPS) and p.id not in funded}
    assert listed == expected
