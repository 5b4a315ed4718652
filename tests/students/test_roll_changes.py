"""学籍 changes (issue 13): every child in exactly one school, or in none when out; a 转学 moves only when both
schools confirm. Hand-checked cases and a property test against a plain model of the roll."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edubureau.people.roll_changes import Change, ChangeRefused, Roll

D = dt.date


def test_a_transfer_moves_the_child_on_the_second_confirmation_and_never_leaves_them_nowhere():
    roll = Roll()
    roll.apply(Change("c1", "入学", D(2025, 9, 1), school="A", grade=1, klass="1"))
    roll.apply(Change("c1", "转学", D(2026, 3, 2), school="B", grade=1, klass="3", reason="随父母迁居"))
    assert roll.confirm("c1", D(2026, 3, 4), side="in") is None  # the receiving school first
    assert roll.where("c1", D(2026, 3, 20)).school == "A" and roll.pending("c1").school == "B"
    moved = roll.confirm("c1", D(2026, 3, 6), side="out")
    assert (moved.school, moved.klass) == ("B", "3")
    assert [roll.where("c1", D(2026, 3, d)).school for d in (5, 6, 7)] == ["A", "B", "B"]
    assert roll.counts_on(D(2026, 3, 5)) == {("A", 1, "1"): 1}
    assert roll.counts_on(D(2026, 3, 6)) == {("B", 1, "3"): 1}


def test_refusals_name_the_reason():
    roll = Roll()
    roll.apply(Change("c1", "入学", D(2025, 9, 1), school="A", grade=1, klass="1"))
    cases = [
        (Change("c1", "转入", D(2025, 10, 1), school="B"), "已在A就读"),
        (Change("c2", "转出", D(2025, 10, 1)), "不在任何学校的学籍中"),
        (Change("c1", "转学", D(2025, 10, 1), school="A"), "与现就读学校相同"),
        (Change("c1", "复学", D(2025, 10, 1)), "不在休学中"),
        (Change("c1", "退学", D(2025, 10, 1)), "未知的学籍变动类型"),
    ]
    for change, reason in cases:
        with pytest.raises(ChangeRefused, match=reason):
            roll.apply(change)
    roll.apply(Change("c1", "休学", D(2025, 11, 1), reason="病休"))
    assert roll.counts_on(D(2025, 11, 2)) == {}  # on the roll, not attending
    assert roll.roll_on(D(2025, 11, 2))["c1"].suspended
    with pytest.raises(ChangeRefused, match="休学期间不能转学"):
        roll.apply(Change("c1", "转学", D(2025, 11, 5), school="B"))
    roll.apply(Change("c1", "复学", D(2026, 2, 20), grade=1, klass="2"))
    roll.apply(Change("c1", "转学", D(2026, 3, 1), school="B"))
    with pytest.raises(ChangeRefused, match="未办结的转学"):
        roll.apply(Change("c1", "转出", D(2026, 3, 2)))
    roll.withdraw("c1")
    roll.apply(Change("c1", "转出", D(2026, 3, 2), reason="随父母去外省"))
    assert roll.where("c1", D(2026, 3, 2)) is None and roll.where("c1", D(2026, 3, 1)).klass == "2"
    with pytest.raises(ChangeRefused, match="早于该生最近一次学籍变动"):
        roll.apply(Change("c1", "转入", D(2026, 1, 1), school="B"))


SCHOOLS = ("A", "B", "C")
OPERATIONS = st.lists(st.tuples(
    st.sampled_from(("入学", "转入", "转出", "死亡", "休学", "复学", "转学", "调班", "confirm_in", "confirm_out",
                     "withdraw")),
    st.sampled_from(("c1", "c2", "c3", "c4")), st.sampled_from(SCHOOLS)), max_size=60)


def _legal(kind: str, child: str, school: str, model: dict, pending: dict) -> bool:
    """What the rules allow, read off the plain model."""
    here = model.get(child)
    if kind in ("入学", "转入"):
        return here is None
    if kind in ("confirm_in", "confirm_out", "withdraw"):
        return child in pending
    if here is None:
        return False
    if kind in ("转出", "死亡"):
        return child not in pending
    if kind == "休学":
        return not here[1]
    if kind == "复学":
        return here[1]
    if kind == "转学":
        return not here[1] and child not in pending and school != here[0]
    return True  # 调班


@settings(max_examples=150, deadline=None)
@given(operations=OPERATIONS)
def test_the_roll_agrees_with_a_plain_model_and_no_child_is_ever_in_two_schools(operations):
    roll, model, pending = Roll(), {}, {}  # model: child → [school, suspended]; pending: child → [target, in, out]
    day = D(2025, 9, 1)
    for kind, child, school in operations:
        day += dt.timedelta(days=1)
        legal = _legal(kind, child, school, model, pending)
        try:
            if kind == "confirm_in" or kind == "confirm_out":
                roll.confirm(child, day, side=kind.removeprefix("confirm_"))
            elif kind == "withdraw":
                roll.withdraw(child)
            else:
                roll.apply(Change(child, kind, day, school=school, grade=1, klass="1"))
        except ChangeRefused:
            assert not legal, (kind, child, school)
            continue
        assert legal, (kind, child, school)
        # The same change in the plain model.
        if kind in ("入学", "转入"):
            model[child] = [school, False]
        elif kind in ("转出", "死亡"):
            model.pop(child)
        elif kind in ("休学", "复学"):
            model[child][1] = kind == "休学"
        elif kind == "转学":
            pending[child] = [school, False, False]
        elif kind == "withdraw":
            pending.pop(child)
        elif kind.startswith("confirm_"):
            pending[child][1 if kind == "confirm_in" else 2] = True
            if all(pending[child][1:]):
                model[child] = [pending.pop(child)[0], False]
        on_roll = roll.roll_on(day)
        assert {c: p.school for c, p in on_roll.items()} == {c: s for c, (s, _sus) in model.items()}
        assert {c for c, p in on_roll.items() if p.suspended} == {c for c, (_s, sus) in model.items() if sus}
        # Each child is counted once at most; those on 休学 not at all.
        assert sum(roll.counts_on(day).values()) == sum(1 for _s, sus in model.values() if not sus)
