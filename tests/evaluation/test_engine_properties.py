"""Properties of the evaluation engine on random schemes and inputs: weights and caps respected, monotone in every
input, independent of the order of schools, bundled shares adding up, veto forcing the lowest grade."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edubureau.evaluation.engine import (
    Bundle,
    Category,
    GradeRule,
    Indicator,
    Mapping,
    Scheme,
    SchoolInput,
    score,
    validate,
)

FIGURES = ("f1", "f2", "f3")
EPS = 1e-6
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scores_ = st.floats(min_value=-5, max_value=30, allow_nan=False)
figures_ = st.floats(min_value=-2, max_value=200, allow_nan=False)


def normalize(ws: list[float]) -> list[float]:
    s = sum(ws)
    out = [w / s for w in ws]
    out[-1] = 1 - sum(out[:-1])
    return out


@st.composite
def mappings(draw):
    kind = draw(st.sampled_from(("linear", "linear_down", "bands", "bands_le", "rank", "rank_table", "direct")))
    if kind == "linear":
        lo = draw(st.floats(0, 50))
        return Mapping("linear", (lo, lo + draw(st.floats(1, 100))))
    if kind == "linear_down":
        hi = draw(st.floats(0, 50))
        return Mapping("linear", (hi + draw(st.floats(1, 100)), hi))
    if kind == "bands":
        lines = sorted(draw(st.lists(st.floats(0, 150), min_size=1, max_size=4, unique=True)))
        pts = sorted(draw(st.lists(st.floats(0, 20), min_size=len(lines), max_size=len(lines))))
        return Mapping("bands", tuple(zip(lines, pts, strict=True)))
    if kind == "bands_le":
        lines = sorted(draw(st.lists(st.floats(0, 150), min_size=1, max_size=4, unique=True)))
        pts = sorted(draw(st.lists(st.floats(0, 20), min_size=len(lines), max_size=len(lines))), reverse=True)
        return Mapping("bands_le", tuple(zip(lines, pts, strict=True)))
    if kind == "rank":
        return Mapping("rank", (), lower_is_better=draw(st.booleans()))
    if kind == "rank_table":
        return Mapping("rank", tuple(sorted(draw(st.lists(st.floats(0, 20), min_size=1, max_size=4)), reverse=True)))
    return Mapping("direct")


@st.composite
def leaves(draw, code):
    source = draw(st.sampled_from(("entered", "third_party", "computed")))
    mapping = draw(mappings()) if source == "computed" or draw(st.booleans()) else None
    if mapping is not None and mapping.kind == "rank" and source != "computed":
        mapping = None
    return Indicator(code, f"指标{code}", max_score=draw(st.sampled_from((5.0, 10.0, 20.0))), source=source,
                     figure=draw(st.sampled_from(FIGURES)) if source == "computed" else None, mapping=mapping,
                     aggregate=draw(st.sampled_from(("mean", "trimmed"))))


@st.composite
def branch(draw, code, depth):
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        return draw(leaves(code))
    n = draw(st.integers(1, 3))
    kids = [draw(branch(f"{code}.{i + 1}", depth - 1)) for i in range(n)]
    ws = normalize(draw(st.lists(st.floats(0.1, 1), min_size=n, max_size=n)))
    kids = [replace(k, weight=w) for k, w in zip(kids, ws, strict=True)]
    return Indicator(code, f"指标{code}", children=tuple(kids))


@st.composite
def schemes(draw):
    n = draw(st.integers(1, 3))
    top = [draw(branch(str(i + 1), 2)) for i in range(n)]
    top = [replace(t, weight=w) for t, w in zip(top, normalize(draw(st.lists(st.floats(0.1, 1), min_size=n,
                                                                               max_size=n))), strict=True)]
    bonus = Indicator("8", "加分", kind="bonus", cap=draw(st.sampled_from((None, 3.0, 5.0))), children=(
        Indicator("8.1", "加分一", max_score=3), Indicator("8.2", "加分二", max_score=4)))
    deduction = Indicator("9", "扣分", max_score=5, kind="deduction", cap=draw(st.sampled_from((None, 2.0))))
    veto = Indicator("10", "否决", kind="veto", source="computed", figure="incidents")
    overrides = normalize(draw(st.lists(st.floats(0.1, 1), min_size=n, max_size=n)))
    categories = (Category("x", "甲类"), Category("y", "乙类", {str(i + 1): w for i, w in enumerate(overrides)}))
    grades = draw(st.sampled_from((GradeRule(), GradeRule("quotas", (("优秀", 0.2), ("良好", 0.3)), pass_line=40))))
    # Half the schemes add up points (分值) instead of weights: then the total is the top maxima's sum.
    points = draw(st.booleans())
    total = sum(t.points_max() for t in top) if points else 100.0
    return Scheme(2026, "随机方案", (*top, bonus, deduction, veto), categories,
                  bundles=(Bundle("s0", ("s1", "s2"), draw(st.floats(0.05, 0.5)), draw(st.floats(1, 20))),),
                  grades=grades, total=total, weighting="points" if points else "weights")


@st.composite
def cases(draw):
    scheme = draw(schemes())
    leaves_ = list(scheme.leaves())
    schools = []
    for i in range(draw(st.integers(3, 6))):
        entered = {n.code: tuple(draw(st.lists(scores_, max_size=4))) for n in leaves_ if n.source == "entered"}
        third = {n.code: draw(scores_) for n in leaves_ if n.source == "third_party" and draw(st.booleans())}
        figures = {f: draw(figures_) for f in FIGURES if draw(st.integers(0, 5))}
        figures["incidents"] = draw(st.sampled_from((0, 0, 0, 1)))
        prev = draw(st.one_of(st.none(), st.floats(0, 100)))
        schools.append(SchoolInput(f"s{i}", f"学校{i}", draw(st.sampled_from(("x", "y"))), entered, third, figures,
                                   prev))
    return scheme, schools


@SETTINGS
@given(cases())
def test_weights_and_caps_respected(case):
    scheme, schools = case
    assert validate(scheme) == []
    r = score(scheme, schools)
    for s in r.schools:
        for n in scheme.leaves():
            if n.kind != "veto" and n.code in s.raw:
                assert -EPS <= s.raw[n.code] <= n.max_score + EPS
        for code, p in s.points.items():
            assert -EPS <= p <= s.full_marks[code] + EPS
        assert s.normal_total <= scheme.total + EPS
        assert 0 <= s.bonus <= scheme.bonus_allowance() + EPS
        assert 0 <= s.deduction <= scheme.deduction_allowance() + EPS
        assert -EPS <= s.total <= scheme.total + scheme.bonus_allowance() + EPS
        top = sum(s.points[n.code] for n in scheme.indicators if n.kind == "normal")
        assert top == pytest.approx(s.normal_total)
        if scheme.weighting == "points" and s.category == "x":  # 分值 add up: a leaf counts its own points
            for n in scheme.leaves():
                if n.code in s.points:
                    assert s.points[n.code] == pytest.approx(s.raw[n.code], abs=EPS)


@SETTINGS
@given(cases())
def test_bundled_shares_add_up(case):
    scheme, schools = case
    r = score(scheme, schools)
    for s in r.schools:
        assert s.own_part + s.bundled_part == pytest.approx(s.total)
        if s.key != "s0":
            assert s.total == pytest.approx(s.own_total) and s.bundled_part == 0


@SETTINGS
@given(cases())
def test_veto_forces_the_lowest_grade_and_ranks_after(case):
    scheme, schools = case
    r = score(scheme, schools)
    for s in r.schools:
        vetoed = dict(schools[int(s.key[1:])].figures)["incidents"] >= 1
        assert s.vetoed == vetoed
        if vetoed:
            assert s.grade == scheme.grades.lowest
            assert all(o.rank < s.rank for o in r.ranking(s.category) if not o.vetoed)


@SETTINGS
@given(cases(), st.randoms(use_true_random=False))
def test_order_of_schools_does_not_matter(case, rnd):
    scheme, schools = case
    shuffled = list(schools)
    rnd.shuffle(shuffled)
    a, b = score(scheme, schools), score(scheme, shuffled)
    for s in a.schools:
        t = b.school(s.key)
        assert (t.total, t.rank, t.grade, t.points, t.raw) == (s.total, s.rank, s.grade, s.points, s.raw)


def up(m: Mapping | None) -> bool:
    """The mapping never gives fewer points for a higher figure."""
    return m is None or m.kind in ("direct", "bands") or (m.kind == "linear" and m.params[0] < m.params[1]) or (
        m.kind == "rank" and not m.lower_is_better)


@st.composite
def raises(draw):
    scheme, schools = draw(cases())
    i = draw(st.integers(0, len(schools) - 1))
    school = schools[i]
    step = draw(st.floats(0.01, 50))
    nodes = {n.code: n for n in scheme.leaves() if n.kind == "normal"}
    nodes.update({n.code: n for b in scheme.indicators if b.kind == "bonus" for n in b.leaves()})
    options = [("entered", c) for c, v in school.entered.items() if v and c in nodes and up(nodes[c].mapping)]
    options += [("third_party", c) for c in school.third_party if c in nodes and up(nodes[c].mapping)]
    # Figures that only feed "higher is better" mappings.
    uses: dict[str, list[bool]] = {}
    for n in scheme.leaves():
        if n.source == "computed" and n.kind == "normal":
            uses.setdefault(n.figure, []).append(up(n.mapping))
    options += [("figures", f) for f in school.figures if f in uses and all(uses[f])]
    if not options:
        return scheme, schools, i, None, False
    where, key = draw(st.sampled_from(options))
    if where == "entered":
        vals = list(school.entered[key])
        j = draw(st.integers(0, len(vals) - 1))
        vals[j] += step
        new = replace(school, entered={**school.entered, key: tuple(vals)})
    elif where == "third_party":
        new = replace(school, third_party={**school.third_party, key: school.third_party[key] + step})
    else:
        new = replace(school, figures={**school.figures, key: school.figures[key] + step})
    # A figure ranked within the category may push another school (e.g. the lead) down: only the school itself
    # is then bound to gain.
    ranked = where == "figures" and any(n.figure == key and n.mapping.kind == "rank" for n in scheme.leaves()
                                        if n.source == "computed" and n.mapping is not None)
    return scheme, schools, i, new, ranked


@SETTINGS
@given(raises())
def test_monotone_in_every_input(case):
    """Raising one evaluator's score, a third-party value or a 'higher is better' figure never lowers the school's
    own total, nor the total of a lead school it is bundled with."""
    scheme, schools, i, new, ranked = case
    if new is None:
        return
    before = score(scheme, schools)
    after = score(scheme, [*schools[:i], new, *schools[i + 1:]])
    key = schools[i].key
    assert after.school(key).own_total >= before.school(key).own_total - EPS
    assert after.school(key).total >= before.school(key).total - EPS
    for b in scheme.bundles:
        if key in b.members and not ranked and any(s.key == b.lead for s in schools):
            assert after.school(b.lead).total >= before.school(b.lead).total - EPS
