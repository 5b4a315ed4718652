"""Scoring: a scheme and the schools' inputs → leaf points, branch subtotals, totals, ranks, grades and the trail.

Pure Python, no Django. The rules are documented on :mod:`.scheme`; every point carries a :class:`TrailStep` that
says which figure and which rule produced it.

Examples
--------
>>> from .scheme import Category, Indicator, Mapping, Scheme
>>> s = Scheme(2026, "示例", (
...     Indicator("1", "常规考核", max_score=10, weight=0.5),
...     Indicator("2", "办学成效", max_score=10, weight=0.5, source="computed",
...               figure="quality.composite_index", mapping=Mapping("linear", (50, 100))),
... ), categories=(Category("all", "全部学校"),))
>>> r = score(s, [SchoolInput("a", "甲校", "all", entered={"1": (8, 9, 10)}, figures={"quality.composite_index": 90}),
...               SchoolInput("b", "乙校", "all", entered={"1": (6,)}, figures={"quality.composite_index": 100})])
>>> [(x.name, round(x.total, 2), x.rank, x.grade) for x in r.ranking("all")]
[('甲校', 85.0, 1, '良好'), ('乙校', 80.0, 2, '良好')]
"""

from __future__ import annotations

from collections.abc import Mapping as AbcMapping
from collections.abc import Sequence
from dataclasses import dataclass, field

from .scheme import KNOWN_FIGURES, Bundle, Indicator, Mapping, Scheme, _cap, _num, validate

DIRECT = Mapping("direct")
EPS = 1e-9
# The trail's words for a leaf with no value, by its ``when_missing`` (the scheme's setting).
MISSING_RULES = {
    "zero": "无数据，按0分计",
    "full": "无数据，按方案规定计满分",
    "exclude": "无数据，按方案规定不计入，同级其余指标按权重折算",
}


@dataclass(frozen=True)
class SchoolInput:
    """One school's inputs for a year.

    ``entered``: code → the evaluators' scores; ``third_party``: code → the imported value; ``figures``: figure key
    → value from the other modules; ``previous_total``: last year's total (for the change and for bundles).
    """

    key: str
    name: str
    category: str
    entered: AbcMapping[str, Sequence[float]] = field(default_factory=dict)
    third_party: AbcMapping[str, float] = field(default_factory=dict)
    figures: AbcMapping[str, float] = field(default_factory=dict)
    previous_total: float | None = None

    def __hash__(self) -> int:
        return hash((self.key, self.category))


@dataclass(frozen=True)
class TrailStep:
    """One line of the explanation: for ``code`` (an indicator code, or "加分" / "扣分" / "否决" / "捆绑" / "总分"),
    the input (``source``: which figure or scores, ``value``), the ``rule`` applied and the ``points`` it gives
    (``raw``: on the leaf's own scale, ``points``: its contribution to the total)."""

    code: str
    title: str
    source: str
    value: float | None
    rule: str
    raw: float | None
    points: float


@dataclass(frozen=True)
class SchoolResult:
    """A school's result. ``points``: code → contribution to the total for every normal node (a branch's value is
    its subtotal); ``raw``: leaf code → points on the leaf's scale (bonus/deduction leaves too); ``full_marks``:
    normal code → its 满分 in this category; ``values``: leaf code → the value before mapping (None: no data)."""

    key: str
    name: str
    category: str
    values: dict[str, float | None]
    raw: dict[str, float]
    points: dict[str, float]
    full_marks: dict[str, float]
    normal_total: float
    bonus: float
    deduction: float
    own_total: float
    own_part: float
    bundled_part: float
    total: float
    rank: int
    grade: str
    vetoed: bool
    veto_reasons: tuple[str, ...]
    previous_total: float | None
    trail: tuple[TrailStep, ...]
    missing: tuple[str, ...]

    @property
    def change(self) -> float | None:
        """Change of the total from last year (None without last year's total)."""
        return None if self.previous_total is None else self.total - self.previous_total

    def subtotals(self, scheme: Scheme) -> dict[str, float]:
        """Subtotal of every normal branch (nodes with children), by code."""
        return {n.code: self.points[n.code] for n in scheme.walk() if n.children and n.code in self.points}


@dataclass(frozen=True)
class EvaluationResult:
    scheme: Scheme
    schools: tuple[SchoolResult, ...]  # by category (scheme order), then rank, then name

    def school(self, key: str) -> SchoolResult:
        for s in self.schools:
            if s.key == key:
                return s
        raise KeyError(key)

    def ranking(self, category: str) -> list[SchoolResult]:
        return [s for s in self.schools if s.category == category]

    def category_means(self, category: str) -> dict[str, float]:
        """Mean contribution of each normal node over the category's schools (radar charts)."""
        rows = self.ranking(category)
        if not rows:
            return {}
        codes = rows[0].points.keys()
        return {c: sum(r.points[c] for r in rows) / len(rows) for c in codes}


def aggregate(scores: Sequence[float], how: str = "mean") -> float | None:
    """The evaluators' scores combined: mean, or trimmed mean (highest and lowest dropped when ≥ 3 scores).

    >>> aggregate([7, 9, 8, 10], "trimmed")
    8.5
    >>> aggregate([]) is None
    True
    """
    xs = sorted(float(x) for x in scores)
    if not xs:
        return None
    if how == "trimmed" and len(xs) >= 3:
        xs = xs[1:-1]
    return sum(xs) / len(xs)


def _value(node: Indicator, school: SchoolInput) -> tuple[float | None, str]:
    """The leaf's value for the school and a Chinese description of where it came from."""
    if node.source == "entered":
        scores = list(school.entered.get(node.code, ()))
        v = aggregate(scores, node.aggregate)
        if v is None:
            return None, "评委打分：无"
        listed = "、".join(_num(float(x)) for x in scores)
        how = "去掉最高最低后平均" if node.aggregate == "trimmed" and len(scores) >= 3 else "平均"
        return v, f"评委打分 {listed}，{how} {_num(round(v, 4))}"
    if node.source == "third_party":
        v = school.third_party.get(node.code)
        return (None, "第三方评价：无") if v is None else (float(v), f"第三方评价 {_num(float(v))}")
    name = KNOWN_FIGURES.get(node.figure or "", node.figure or "")
    v = school.figures.get(node.figure or "")
    return (None, f"{name}：无数据") if v is None else (float(v), f"{name} {_num(float(v))}")


def _ranks(values: AbcMapping[str, float], lower_is_better: bool) -> dict[str, int]:
    """Competition ranks (1, 2, 2, 4): 1 + how many are strictly better."""
    out = {}
    for k, v in values.items():
        out[k] = 1 + sum(1 for w in values.values() if (w < v - EPS if lower_is_better else w > v + EPS))
    return out


def score(scheme: Scheme, schools: Sequence[SchoolInput]) -> EvaluationResult:
    """Score every school on the scheme; raises ``ValueError`` with the problems if the scheme is not valid
    or a school's category is unknown or keys repeat."""
    problems = validate(scheme)
    keys = {c.key for c in scheme.categories}
    problems += [f"学校“{s.name}”的类别“{s.category}”不在方案中" for s in schools if s.category not in keys]
    if len({s.key for s in schools}) != len(schools):
        problems.append("学校重复")
    if problems:
        raise ValueError("；".join(problems))

    leaves = [n for n in scheme.leaves()]
    # Values first (rank mappings need the whole category's values).
    values: dict[str, dict[str, tuple[float | None, str]]] = {s.key: {n.code: _value(n, s) for n in leaves}
                                                               for s in schools}
    rank_of: dict[tuple[str, str], tuple[int, int]] = {}
    for n in leaves:
        if n.mapping is not None and n.mapping.kind == "rank":
            for cat in keys:
                vals = {s.key: values[s.key][n.code][0] for s in schools if s.category == cat}
                present = {k: v for k, v in vals.items() if v is not None}
                for k, r in _ranks(present, n.mapping.lower_is_better).items():
                    rank_of[(n.code, k)] = (r, len(present))

    own = {s.key: _score_school(scheme, s, values[s.key], rank_of) for s in schools}
    by_key = {s.key: s for s in schools}

    # Bundles: a share of the lead's total from its members' improvement.
    bundle_of = {b.lead: b for b in scheme.bundles}
    final: dict[str, tuple[float, float, float, list[TrailStep]]] = {}
    for s in schools:
        o = own[s.key]
        b = bundle_of.get(s.key)
        if b is None:
            final[s.key] = (o["own_total"], o["own_total"], 0.0, [])
        else:
            final[s.key] = _bundle(scheme, b, o["own_total"], own, by_key)

    # Ranks within category: vetoed schools after the others; ties share the rank.
    results: list[SchoolResult] = []
    for cat in scheme.categories:
        members = [s for s in schools if s.category == cat.key]
        keyed = {s.key: (own[s.key]["vetoed"], -round(final[s.key][0], 6)) for s in members}
        ranks = {k: 1 + sum(1 for w in keyed.values() if w < v) for k, v in keyed.items()}
        grades = _grades(scheme, {k: final[k][0] for k in keyed}, ranks, {k: own[k]["vetoed"] for k in keyed})
        for s in sorted(members, key=lambda x: (ranks[x.key], x.name, x.key)):
            o = own[s.key]
            total, own_part, bundled_part, bundle_steps = final[s.key]
            trail = list(o["trail"]) + bundle_steps
            trail.append(TrailStep("总分", "总分", "", None, _total_rule(o, own_part, bundled_part), None, total))
            grade, grade_rule = grades[s.key]
            trail.append(TrailStep("等次", "等次", f"类别内第{ranks[s.key]}名", None, grade_rule, None, total))
            results.append(SchoolResult(
                key=s.key, name=s.name, category=s.category, values=o["values"], raw=o["raw"], points=o["points"],
                full_marks=o["full_marks"], normal_total=o["normal_total"], bonus=o["bonus"],
                deduction=o["deduction"], own_total=o["own_total"], own_part=own_part, bundled_part=bundled_part,
                total=total, rank=ranks[s.key], grade=grade, vetoed=o["vetoed"], veto_reasons=o["veto_reasons"],
                previous_total=s.previous_total, trail=tuple(trail), missing=o["missing"],
            ))
    return EvaluationResult(scheme, tuple(results))


def _total_rule(o: dict, own_part: float, bundled_part: float) -> str:
    parts = [f"指标得分 {_num(round(o['normal_total'], 2))}"]
    if o["bonus"]:
        parts.append(f"+ 加分 {_num(round(o['bonus'], 2))}")
    if o["deduction"]:
        parts.append(f"- 扣分 {_num(round(o['deduction'], 2))}")
    text = " ".join(parts) + f" = 本校得分 {_num(round(o['own_total'], 2))}"
    if bundled_part or own_part != o["own_total"]:
        text += f"；本校部分 {_num(round(own_part, 2))} + 捆绑部分 {_num(round(bundled_part, 2))}"
    return text


def _score_school(scheme: Scheme, school: SchoolInput, values: dict[str, tuple[float | None, str]],
                  rank_of: dict[tuple[str, str], tuple[int, int]]) -> dict:
    left_out = frozenset(n.code for n in scheme.leaves()
                         if n.kind == "normal" and n.when_missing == "exclude" and values[n.code][0] is None)
    full = scheme.full_marks_map(school.category, left_out)
    raw: dict[str, float] = {}
    points: dict[str, float] = {}
    trail: list[TrailStep] = []
    missing: list[str] = []
    veto_reasons: list[str] = []

    def leaf_raw(n: Indicator, required: bool = True) -> float:
        v, src = values[n.code]
        top = float(n.max_score or 0.0)
        mapping = n.mapping or DIRECT
        if v is None:
            # What the scheme says a missing value is worth (bonus, deduction and veto leaves: none, always).
            worth = n.when_missing if required else "zero"
            if worth == "zero" and required:
                missing.append(n.code)
            raw[n.code] = top if worth == "full" else 0.0
            return raw[n.code]
        if mapping.kind == "rank":
            r, count = rank_of[(n.code, school.key)]
            p = mapping.points(v, top, rank=r, count=count)
        else:
            p = mapping.points(v, top)
        raw[n.code] = p
        return p

    def normal(n: Indicator) -> float:
        if n.is_leaf:
            p = leaf_raw(n)
            fm = full[n.code]
            top = float(n.max_score or 0.0)
            contribution = p / top * fm if top else 0.0
            v, src = values[n.code]
            rule = (n.mapping or DIRECT).describe(top)
            if v is None:
                rule = MISSING_RULES.get(n.when_missing, MISSING_RULES["zero"])
            elif (n.mapping or DIRECT).kind == "rank":
                r, count = rank_of[(n.code, school.key)]
                rule += f"；第{r}名（共{count}所）"
            if abs(fm - top) > EPS:
                rule += (f"；折合 {_num(round(p, 4))}/{_num(top)} × {_num(round(fm, 4))} = "
                         f"{_num(round(contribution, 4))}")
            trail.append(TrailStep(n.code, n.title, src, v, rule, p, contribution))
            points[n.code] = contribution
            return contribution
        sub = sum(normal(c) for c in n.children if c.kind == "normal")
        for c in n.children:
            if c.kind != "normal":
                special(c)
        points[n.code] = sub
        return sub

    extra = {"bonus": 0.0, "deduction": 0.0}

    def special(n: Indicator) -> None:
        if n.kind == "veto":
            v, src = values[n.code]
            hit = v is not None and v >= n.veto_at - EPS
            raw[n.code] = 0.0
            if hit:
                veto_reasons.append(f"{n.title}（{src}，达到 {_num(n.veto_at)}）")
            rule = f"达到 {_num(n.veto_at)} 即一票否决：" + ("已触发，等次定为最低" if hit else "未触发")
            trail.append(TrailStep(n.code, n.title, src, v, rule, None, 0.0))
            return
        # A bonus / deduction node: its leaves' raw points summed, capped.
        total = 0.0
        word = "加分" if n.kind == "bonus" else "扣分"
        for leaf in n.leaves():
            p = leaf_raw(leaf, required=False)  # no record of a bonus or deduction means none, not missing data
            v, src = values[leaf.code]
            top = float(leaf.max_score or 0.0)
            rule = f"无{word}记录" if v is None else (leaf.mapping or DIRECT).describe(top)
            sign = 1 if n.kind == "bonus" else -1
            trail.append(TrailStep(leaf.code, leaf.title, src, v, rule, p, sign * p + 0.0))  # no -0.0
            total += p
        cap = _cap(n)
        capped = min(total, cap)
        if not n.is_leaf or total > cap + EPS:
            trail.append(TrailStep(word, n.title, f"{word}合计 {_num(round(total, 4))}", total,
                                   f"封顶 {_num(cap)} 分", capped, capped if n.kind == "bonus" else -capped + 0.0))
        extra[n.kind] += capped

    normal_total = 0.0
    for n in scheme.indicators:
        if n.kind == "normal":
            normal_total += normal(n)
        else:
            special(n)
    own_total = max(0.0, normal_total + extra["bonus"] - extra["deduction"])
    return {
        "values": {c: v for c, (v, _src) in values.items()}, "raw": raw, "points": points, "full_marks": full,
        "normal_total": normal_total, "bonus": extra["bonus"], "deduction": extra["deduction"],
        "own_total": own_total, "vetoed": bool(veto_reasons), "veto_reasons": tuple(veto_reasons),
        "trail": trail, "missing": tuple(missing),
    }


def bundled_points(scheme: Scheme, bundle: Bundle, improvement: float) -> float:
    """The bundled part on the scheme's scale for a mean improvement of the members.

    >>> from .scheme import Scheme
    >>> s = Scheme(2026, "x", ())
    >>> [bundled_points(s, Bundle("a", ("b",), 0.2, full_at=10), d) for d in (-20, -5, 0, 5, 10)]
    [0.0, 25.0, 50.0, 75.0, 100.0]
    """
    return float(scheme.total) * min(1.0, max(0.0, 0.5 + improvement / (2 * bundle.full_at)))


def _bundle(scheme: Scheme, b: Bundle, own_total: float, own: dict[str, dict],
            by_key: dict[str, SchoolInput]) -> tuple[float, float, float, list[TrailStep]]:
    gains = []
    described = []
    for m in b.members:
        if m in own and by_key[m].previous_total is not None:
            g = own[m]["own_total"] - float(by_key[m].previous_total)
            gains.append(g)
            described.append(f"{by_key[m].name} {_num(round(own[m]['own_total'], 2))}"
                             f"（上年 {_num(round(float(by_key[m].previous_total), 2))}）")
    title = b.title or "捆绑考核"
    if gains:
        delta = sum(gains) / len(gains)
        part = bundled_points(scheme, b, delta)
        rule = (f"成员平均进步 {_num(round(delta, 4))} 分，折合 {_num(float(scheme.total))}×(0.5+进步/"
                f"{_num(2 * b.full_at)}) = {_num(round(part, 4))}（0 至 {_num(float(scheme.total))}）；"
                f"占 {_num(b.share * 100)}%")
        src = "；".join(described)
    else:
        delta = None
        part = own_total
        rule = f"成员学校无上年总分，捆绑部分按本校得分计；占 {_num(b.share * 100)}%"
        src = "成员：" + "、".join(by_key[m].name if m in by_key else m for m in b.members)
    own_part = (1 - b.share) * own_total
    bundled_part = b.share * part
    total = own_part + bundled_part
    return total, own_part, bundled_part, [TrailStep("捆绑", title, src, delta, rule, part, bundled_part)]


def _grades(scheme: Scheme, totals: dict[str, float], ranks: dict[str, int],
            vetoed: dict[str, bool]) -> dict[str, tuple[str, str]]:
    """Grade and the rule text per school of one category."""
    g = scheme.grades
    out: dict[str, tuple[str, str]] = {}
    n = len(totals)
    cum: list[tuple[str, int]] = []
    running = 0
    for name, share in g.bands:
        running += int(share * n + EPS)
        cum.append((name, running))
    for k, t in totals.items():
        if vetoed[k]:
            out[k] = (g.lowest, f"一票否决，定为{g.lowest}")
            continue
        if g.pass_line is not None and t < g.pass_line - EPS:
            out[k] = (g.lowest, f"总分低于 {_num(float(g.pass_line))}，定为{g.lowest}")
            continue
        if g.mode == "thresholds":
            for name, line in g.bands:
                if t >= line - EPS:
                    out[k] = (name, f"总分 {_num(round(t, 2))} ≥ {_num(float(line))}，{name}")
                    break
            else:
                out[k] = (g.lowest, f"总分 {_num(round(t, 2))} 低于各等次分数线，{g.lowest}")
        else:
            for name, count in cum:
                if ranks[k] <= count:
                    out[k] = (name, f"类别内第{ranks[k]}名，在{name}名额（前{count}名）内")
                    break
            else:
                out[k] = (g.rest, f"类别内第{ranks[k]}名，超出各等次名额，{g.rest}")
    return out
