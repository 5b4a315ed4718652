"""An annual school-evaluation scheme (学校年度考核方案) as frozen data, its validation, and JSON round trip.

Pure Python, no Django. The app stores a scheme as JSON (``scheme_to_dict`` / ``scheme_from_dict``) and hands it
with the schools' inputs to :func:`edubureau.evaluation.engine.scoring.score`.

How points add up
-----------------
* Every **leaf** has a ``max_score`` (the scale evaluators score on, or that a mapping produces). Its raw points lie
  in ``[0, max_score]``.
* Every **normal** node has a share of its parent (``weight``). The scheme ``total`` (100) is split among the
  top-level normal nodes by their weights, each node's part among its normal children, and so on down: a node's
  *full marks* (满分) is ``total × product of the weights on its path``. A leaf contributes
  ``raw / max_score × full marks``; a branch's subtotal is the sum of its children's contributions.
* ``weighting="points"`` (the usual spreadsheet: 分值 that add up) derives the weights from the maxima instead:
  a node's share is its maximum (a branch's maximum is the sum of its normal children's maxima) over its siblings'.
  Then ``total`` must equal the sum of the top-level maxima and every contribution equals the raw points.
* A :class:`Category` may override any node's weight (差别化分类考核); after overrides the normal siblings'
  weights must still add up to 1 in every category (``validate`` says where they do not). A weight of 0 switches
  an indicator off for that category.
* ``kind="bonus"`` / ``"deduction"`` nodes (加分项 / 扣分项) stand outside the weights: their raw points (a branch
  sums its leaves) are added to / taken from the total, capped by ``cap`` (default: the node's maximum).
* ``kind="veto"`` leaves (一票否决) give no points: when their value reaches ``veto_at`` the school gets the lowest
  grade whatever its score (and is ranked after the schools that were not vetoed).

Sources of a leaf's value
-------------------------
* ``entered``: the evaluators' scores, averaged (``aggregate="mean"``) or trimmed (``"trimmed"``: highest and lowest
  dropped when there are at least 3 evaluators);
* ``third_party``: one value imported from a third party's workbook (第三方评价);
* ``computed``: a figure of the school taken from the other modules (``figure``, e.g.
  ``"plans.task_completion_rate"``).
The value becomes points through the leaf's ``mapping`` (required for computed leaves; entered and third-party
values are points already unless a mapping says otherwise).

Examples
--------
>>> s = Scheme(2026, "示例", (
...     Indicator("1", "常规考核", weight=0.6, children=(
...         Indicator("1.1", "计划执行", max_score=10, weight=0.5, source="computed",
...                   figure="plans.task_completion_rate", mapping=Mapping("linear", (0.6, 1.0))),
...         Indicator("1.2", "规范办学", max_score=10, weight=0.5))),
...     Indicator("2", "办学成效", max_score=20, weight=0.4),
...     Indicator("9", "安全事故", kind="veto", source="computed", figure="safety.serious_incidents"),
... ), categories=(Category("urban", "城区小学"),))
>>> validate(s)
[]
>>> s.full_marks("1.1", "urban")
30.0
>>> scheme_from_dict(scheme_to_dict(s)) == s
True
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from collections.abc import Mapping as AbcMapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

SOURCES = ("entered", "third_party", "computed")
KINDS = ("normal", "bonus", "deduction", "veto")
AGGREGATES = ("mean", "trimmed")
WHEN_MISSING = ("zero", "full", "exclude")
MAPPING_KINDS = ("linear", "bands", "bands_le", "rank", "direct")
WEIGHTINGS = ("weights", "points")
TOLERANCE = 1e-6

# Figures the other modules provide (the app fills ``SchoolInput.figures`` with these keys; others are allowed).
KNOWN_FIGURES = MappingProxyType({
    "plans.task_completion_rate": "计划任务完成率",
    "inspection.on_time_rectification_rate": "督导整改按期完成率",
    "quality.composite_index": "教学质量综合指数",
    "balance.indicators_met": "均衡指标达标数",
    "safety.serious_incidents": "重大安全责任事故数",
    "staffing.serious_conduct": "师德严重违规人数",
})


def _num(x: float) -> str:
    """A number as people write it: 12, 12.5, 0.85 (no trailing zeros)."""
    if isinstance(x, float) and math.isfinite(x) and x == int(x):
        return str(int(x))
    return f"{x:.4f}".rstrip("0").rstrip(".") if isinstance(x, float) else str(x)


@dataclass(frozen=True)
class Mapping:
    """How a figure becomes points on a leaf's scale ``[0, max_score]`` (the result is always clipped to it).

    * ``linear`` ``(lo, hi)``: ``lo`` → 0 points, ``hi`` → full points, linear between and clipped outside;
      ``lo > hi`` means lower is better (e.g. a dropout rate ``(0.05, 0)``).
    * ``bands`` ``((threshold, points), …)``: the points of the highest threshold the figure reaches (≥); 0 below all.
    * ``bands_le`` ``((threshold, points), …)``: lower is better — the points of the lowest threshold the figure does
      not exceed (≤); 0 above all. E.g. incidents ``((0, 10), (1, 5))``.
    * ``rank`` ``()`` or ``(points for rank 1, for rank 2, …)``: the school's rank on the figure within its category
      (higher figure is better; ties share the better rank). Without a table the top school gets full points and
      the last 0, linear between (one school alone gets full points); with a table ranks past its end get 0.
      ``Mapping("rank", (...), lower_is_better=True)`` ranks the lowest figure first.
    * ``direct`` ``()``: the figure already is points.

    >>> Mapping("linear", (0.6, 1.0)).points(0.9, 10)
    7.5
    >>> Mapping("linear", (0.05, 0.0)).points(0.01, 10)
    8.0
    >>> Mapping("bands", ((60, 4), (80, 7), (90, 10))).points(85, 10)
    7.0
    >>> Mapping("bands_le", ((0, 10), (1, 5))).points(1, 10)
    5.0
    >>> Mapping("rank").points(0.7, 10, rank=2, count=5)
    7.5
    >>> Mapping("direct").points(12, 10)
    10.0
    """

    kind: str = "direct"
    params: tuple = ()
    lower_is_better: bool = False

    def points(self, figure: float, max_score: float, *, rank: int | None = None, count: int | None = None) -> float:
        """Points for ``figure`` on ``[0, max_score]`` (``rank``/``count`` in the category for rank mappings)."""
        top = float(max_score)
        if self.kind == "direct":
            p = float(figure)
        elif self.kind == "linear":
            lo, hi = (float(v) for v in self.params)
            p = top if lo == hi and figure >= hi else top * (figure - lo) / (hi - lo) if lo != hi else 0.0
        elif self.kind == "bands":
            p = 0.0
            for threshold, pts in sorted(self.params):
                if figure >= threshold:
                    p = float(pts)
        elif self.kind == "bands_le":
            p = 0.0
            for threshold, pts in sorted(self.params, reverse=True):
                if figure <= threshold:
                    p = float(pts)
        elif self.kind == "rank":
            if rank is None or count is None:
                raise ValueError("rank mapping needs the rank and the count")
            if self.params:
                p = float(self.params[rank - 1]) if rank <= len(self.params) else 0.0
            else:
                p = top if count <= 1 else top * (count - rank) / (count - 1)
        else:
            raise ValueError(f"unknown mapping {self.kind!r}")
        return round(min(max(p, 0.0), top), 9)

    def describe(self, max_score: float) -> str:
        """The rule in Chinese, as the trail and the workbook print it.

        >>> Mapping("linear", (0.6, 1.0)).describe(10)
        '线性：0.6 得0分，1 得满分10分，之间按比例'
        """
        m = _num(float(max_score))
        if self.kind == "direct":
            return f"直接计分，不超过{m}分"
        if self.kind == "linear":
            lo, hi = self.params
            order = "（越低越好）" if lo > hi else ""
            return f"线性{order}：{_num(lo)} 得0分，{_num(hi)} 得满分{m}分，之间按比例"
        if self.kind == "bands":
            return "分档：" + "；".join(f"≥{_num(t)} 得{_num(p)}分" for t, p in sorted(self.params)) + "；其余0分"
        if self.kind == "bands_le":
            return "分档（越低越好）：" + "；".join(f"≤{_num(t)} 得{_num(p)}分" for t, p in sorted(self.params)) + \
                "；其余0分"
        if self.kind == "rank":
            order = "由低到高" if self.lower_is_better else "由高到低"
            if self.params:
                table = "，".join(f"第{i}名{_num(p)}分" for i, p in enumerate(self.params, 1))
                return f"类别内排名（{order}）：{table}，其后0分"
            return f"类别内排名（{order}）：第1名{m}分，末名0分，之间按名次线性"
        return self.kind


@dataclass(frozen=True)
class Indicator:
    """A node of the indicator tree, found by its ``code`` ("1", "1.2", "1.2.3"; codes are unique in a scheme).

    ``max_score``: leaves (and optionally bonus/deduction branches). ``weight``: share within the parent among normal
    siblings (ignored with ``weighting="points"``). ``figure``: key of ``SchoolInput.figures`` for computed leaves
    (and veto leaves that read a figure). ``cap``: the most a bonus/deduction node adds/takes (default its maximum).
    ``veto_at``: a veto leaf triggers when its value ≥ this. ``aggregate``: how evaluators' scores combine.
    ``when_missing``: what a normal leaf is worth for a school with no value (a computed figure the module has no data
    for, e.g. 督导问题按期整改 for a school with no notice due): ``"zero"`` (0 and listed as missing), ``"full"``
    (its full marks) or ``"exclude"`` (left out: its siblings share its part of the parent, so the total keeps its
    full marks).
    """

    code: str
    title: str
    max_score: float | None = None
    weight: float = 1.0
    source: str = "entered"
    figure: str | None = None
    mapping: Mapping | None = None
    kind: str = "normal"
    cap: float | None = None
    aggregate: str = "mean"
    veto_at: float = 1.0
    note: str = ""
    children: tuple[Indicator, ...] = ()
    when_missing: str = "zero"

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> Iterator[Indicator]:
        """This node and all below it, depth first in order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def leaves(self) -> Iterator[Indicator]:
        return (n for n in self.walk() if n.is_leaf)

    def points_max(self) -> float:
        """The maximum in points: a leaf's ``max_score``, a branch's sum over its children of the same kind."""
        if self.is_leaf:
            return float(self.max_score or 0.0)
        if self.max_score is not None and self.kind in ("bonus", "deduction"):
            return float(self.max_score)
        return sum(c.points_max() for c in self.children if c.kind in ("normal", self.kind))


@dataclass(frozen=True)
class Category:
    """A group of schools judged on the same yardstick (城区小学, 农村小学, 初中 …) and ranked together.

    ``weights`` overrides node weights by code for this category (a weight of 0 switches an indicator off).
    """

    key: str
    title: str
    weights: AbcMapping[str, float] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash((self.key, self.title, tuple(sorted(self.weights.items()))))


@dataclass(frozen=True)
class Bundle:
    """捆绑式考核: ``share`` of the lead school's total comes from its members' mean improvement over last year.

    The bundled part is ``scheme.total × clip(0.5 + Δ / (2 × full_at), 0, 1)`` where Δ is the mean over members that
    have a previous total of (this year's own total − previous total): no change earns half of the total, a mean
    gain of ``full_at`` points or more earns all of it, a mean loss of ``full_at`` or more nothing. The lead's total
    is ``(1 − share) × own total + share × bundled part``. Members are scored on their own total (not bundled).
    """

    lead: str
    members: tuple[str, ...]
    share: float
    full_at: float = 10.0
    title: str = ""


@dataclass(frozen=True)
class GradeRule:
    """Grade bands (等次).

    * ``thresholds``: ``bands = (("优秀", 90), ("良好", 80), ("合格", 60))`` — the first band whose line the total
      reaches; below all → ``lowest``.
    * ``quotas``: ``bands = (("优秀", 0.2), ("良好", 0.3))`` — each band's share of the category's schools, taken in
      rank order (count = floor(share × schools), schools tied at a boundary all get the better band); the rest get
      ``rest``; in both modes a total below ``pass_line`` (if set) gets ``lowest``.
    A vetoed school always gets ``lowest``.
    """

    mode: str = "thresholds"
    bands: tuple[tuple[str, float], ...] = (("优秀", 90.0), ("良好", 80.0), ("合格", 60.0))
    rest: str = "合格"
    lowest: str = "不合格"
    pass_line: float | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Band names best first, ending with the lowest."""
        names = [b for b, _ in self.bands]
        if self.mode == "quotas" and self.rest not in names:
            names.append(self.rest)
        if self.lowest not in names:
            names.append(self.lowest)
        return tuple(names)


@dataclass(frozen=True)
class Scheme:
    """One year's scheme: the indicator tree, categories, bundles, grade rule and the total (100 by default)."""

    year: int
    title: str
    indicators: tuple[Indicator, ...]
    categories: tuple[Category, ...] = (Category("all", "全部学校"),)
    bundles: tuple[Bundle, ...] = ()
    grades: GradeRule = GradeRule()
    total: float = 100.0
    weighting: str = "weights"

    def walk(self) -> Iterator[Indicator]:
        for node in self.indicators:
            yield from node.walk()

    def leaves(self) -> Iterator[Indicator]:
        return (n for n in self.walk() if n.is_leaf)

    def node(self, code: str) -> Indicator:
        for n in self.walk():
            if n.code == code:
                return n
        raise KeyError(code)

    def category(self, key: str) -> Category:
        for c in self.categories:
            if c.key == key:
                return c
        raise KeyError(key)

    def parents(self) -> dict[str, Indicator | None]:
        """Each code's parent node (None at the top)."""
        out: dict[str, Indicator | None] = {}

        def visit(node: Indicator, parent: Indicator | None) -> None:
            out[node.code] = parent
            for c in node.children:
                visit(c, node)

        for n in self.indicators:
            visit(n, None)
        return out

    def normal_children(self, parent: Indicator | None) -> tuple[Indicator, ...]:
        nodes = self.indicators if parent is None else parent.children
        return tuple(n for n in nodes if n.kind == "normal")

    def weight(self, node: Indicator, category: str | None = None, siblings: tuple[Indicator, ...] = ()) -> float:
        """The node's share of its parent in ``category``: the category's override, else by weighting mode."""
        if category is not None:
            overrides = self.category(category).weights
            if node.code in overrides:
                return float(overrides[node.code])
        if self.weighting == "points":
            whole = sum(s.points_max() for s in siblings)
            return node.points_max() / whole if whole else 0.0
        return float(node.weight)

    def full_marks_map(self, category: str | None = None, left_out: frozenset[str] = frozenset()) -> dict[str, float]:
        """满分 of every normal node in ``category``: ``total ×`` the weights on its path.

        ``left_out``: leaves not counted for one school (``when_missing="exclude"``). Each gets 0 and its siblings
        share its part of the parent in proportion to their weights; a branch whose normal leaves are all left out is
        left out of its own parent the same way.
        """
        out: dict[str, float] = {}

        def gone(n: Indicator) -> bool:
            if n.is_leaf:
                return n.code in left_out
            normal = [c for c in n.children if c.kind == "normal"]
            return bool(normal) and all(gone(c) for c in normal)

        def visit(nodes: tuple[Indicator, ...], whole: float) -> None:
            normal = tuple(n for n in nodes if n.kind == "normal")
            shares = {n.code: self.weight(n, category, normal) for n in normal}
            kept = {n.code for n in normal if not (left_out and gone(n))}
            kept_share = sum(shares[c] for c in kept)
            scale = sum(shares.values()) / kept_share if kept_share and len(kept) < len(normal) else 1.0
            for n in normal:
                out[n.code] = whole * shares[n.code] * scale if n.code in kept else 0.0
                visit(n.children, out[n.code])

        visit(self.indicators, float(self.total))
        return out

    def full_marks(self, code: str, category: str | None = None) -> float:
        return self.full_marks_map(category)[code]

    def bonus_allowance(self) -> float:
        """The most the bonus items can add (sum of the top bonus nodes' caps)."""
        return sum(_cap(n) for n in _top_of_kind(self, "bonus"))

    def deduction_allowance(self) -> float:
        return sum(_cap(n) for n in _top_of_kind(self, "deduction"))


def _cap(node: Indicator) -> float:
    return float(node.cap) if node.cap is not None else node.points_max()


def _top_of_kind(scheme: Scheme, kind: str) -> list[Indicator]:
    """The highest nodes of ``kind`` (a bonus node inside a bonus branch counts with its branch)."""
    out: list[Indicator] = []

    def visit(nodes: tuple[Indicator, ...]) -> None:
        for n in nodes:
            if n.kind == kind:
                out.append(n)
            elif n.kind == "normal":
                visit(n.children)

    visit(scheme.indicators)
    return out


def validate(scheme: Scheme) -> list[str]:
    """Problems of the scheme in Chinese (empty when it can be scored).

    >>> bad = Scheme(2026, "x", (Indicator("1", "甲", 10, weight=0.5), Indicator("1", "乙", weight=0.3),
    ...                          Indicator("3", "丙", 5, source="computed")))
    >>> for p in validate(bad): print(p)
    指标编号重复：1
    指标“乙”（1）是末级指标但没有满分
    指标“丙”（3）由数据计算，但没有说明取哪个数据
    指标“丙”（3）由数据计算，但没有换算规则
    类别“全部学校”：顶层指标的权重合计为 1.8，应为 1
    """
    problems: list[str] = []
    seen: set[str] = set()
    for n in scheme.walk():
        if n.code in seen:
            problems.append(f"指标编号重复：{n.code}")
        seen.add(n.code)
    if not scheme.indicators:
        problems.append("方案没有指标")
    if scheme.weighting not in WEIGHTINGS:
        problems.append(f"未知的计分方式：{scheme.weighting}")
    if scheme.total <= 0:
        problems.append("总分应大于0")

    def label(n: Indicator) -> str:
        return f"指标“{n.title}”（{n.code}）"

    for n in scheme.walk():
        if n.kind not in KINDS:
            problems.append(f"{label(n)}的类型未知：{n.kind}")
        if n.source not in SOURCES:
            problems.append(f"{label(n)}的来源未知：{n.source}")
        if n.aggregate not in AGGREGATES:
            problems.append(f"{label(n)}的评分汇总方式未知：{n.aggregate}")
        if n.when_missing not in WHEN_MISSING:
            problems.append(f"{label(n)}的无数据处理方式未知：{n.when_missing}")
        if n.weight < 0:
            problems.append(f"{label(n)}的权重为负数")
        if n.cap is not None and n.cap < 0:
            problems.append(f"{label(n)}的封顶分为负数")
        if n.is_leaf and n.kind != "veto":
            if n.max_score is None:
                problems.append(f"{label(n)}是末级指标但没有满分")
            elif n.max_score <= 0:
                problems.append(f"{label(n)}的满分应大于0")
        if n.is_leaf and n.source == "computed":
            if not n.figure:
                problems.append(f"{label(n)}由数据计算，但没有说明取哪个数据")
            if n.mapping is None and n.kind != "veto":
                problems.append(f"{label(n)}由数据计算，但没有换算规则")
        if n.kind == "veto" and not n.is_leaf:
            problems.append(f"{label(n)}是否决项，不能有下级指标")
        if n.kind in ("bonus", "deduction") and any(c.kind not in ("normal", n.kind) for c in n.walk()):
            problems.append(f"{label(n)}下不能混入其他类型的指标")
        if n.mapping is not None:
            problems.extend(f"{label(n)}：{p}" for p in _mapping_problems(n.mapping))
    for c in scheme.categories:
        unknown = sorted(set(c.weights) - seen)
        if unknown:
            problems.append(f"类别“{c.title}”调整了不存在的指标：{'、'.join(unknown)}")
        problems.extend(_weight_problems(scheme, c))
    keys = [c.key for c in scheme.categories]
    if len(set(keys)) != len(keys):
        problems.append("类别重复")
    if not scheme.categories:
        problems.append("方案没有学校类别")
    leads: set[str] = set()
    for b in scheme.bundles:
        if not 0 < b.share < 1:
            problems.append(f"捆绑考核（牵头学校 {b.lead}）的比例应在0和1之间")
        if not b.members:
            problems.append(f"捆绑考核（牵头学校 {b.lead}）没有成员学校")
        if b.lead in b.members:
            problems.append(f"捆绑考核（牵头学校 {b.lead}）的成员不能包括牵头学校自己")
        if b.full_at <= 0:
            problems.append(f"捆绑考核（牵头学校 {b.lead}）的满分进步幅度应大于0")
        if b.lead in leads:
            problems.append(f"学校 {b.lead} 牵头了不止一个捆绑考核")
        leads.add(b.lead)
    g = scheme.grades
    if g.mode not in ("thresholds", "quotas"):
        problems.append(f"未知的等次划分方式：{g.mode}")
    elif g.mode == "thresholds":
        lines = [v for _, v in g.bands]
        if lines != sorted(lines, reverse=True):
            problems.append("等次分数线应从高到低排列")
    elif sum(v for _, v in g.bands) > 1 + TOLERANCE or any(v < 0 for _, v in g.bands):
        problems.append("等次比例应为非负数且合计不超过1")
    return problems


def _mapping_problems(m: Mapping) -> list[str]:
    if m.kind not in MAPPING_KINDS:
        return [f"未知的换算规则：{m.kind}"]
    if m.kind == "linear" and (len(m.params) != 2 or m.params[0] == m.params[1]):
        return ["线性换算需要两个不同的端点"]
    if m.kind in ("bands", "bands_le") and (not m.params or any(len(b) != 2 for b in m.params)):
        return ["分档换算需要（分数线，得分）若干档"]
    return []


def _weight_problems(scheme: Scheme, category: Category) -> list[str]:
    out: list[str] = []

    def check(parent: Indicator | None) -> None:
        normal = scheme.normal_children(parent)
        if normal:
            s = sum(scheme.weight(n, category.key, normal) for n in normal)
            if abs(s - 1) > TOLERANCE:
                where = "顶层指标" if parent is None else f"“{parent.title}”（{parent.code}）的下级指标"
                out.append(f"类别“{category.title}”：{where}的权重合计为 {_num(round(s, 6))}，应为 1")
        for n in normal:
            check(n)

    check(None)
    if scheme.weighting == "points" and not category.weights:
        top = sum(n.points_max() for n in scheme.normal_children(None))
        if abs(top - scheme.total) > TOLERANCE:
            out.append(f"类别“{category.title}”：按分值计分时顶层指标分值合计为 {_num(top)}，应等于总分 "
                       f"{_num(float(scheme.total))}")
    return out


# JSON round trip --------------------------------------------------------------------------------------------------

def _mapping_to_dict(m: Mapping | None) -> dict | None:
    if m is None:
        return None
    return {"kind": m.kind, "params": _listify(m.params), "lower_is_better": m.lower_is_better}


def _listify(x: Any) -> Any:
    return [_listify(v) for v in x] if isinstance(x, (tuple, list)) else x


def _tuplify(x: Any) -> Any:
    return tuple(_tuplify(v) for v in x) if isinstance(x, (tuple, list)) else x


def indicator_to_dict(n: Indicator) -> dict:
    return {
        "code": n.code, "title": n.title, "max_score": n.max_score, "weight": n.weight, "source": n.source,
        "figure": n.figure, "mapping": _mapping_to_dict(n.mapping), "kind": n.kind, "cap": n.cap,
        "aggregate": n.aggregate, "veto_at": n.veto_at, "note": n.note, "when_missing": n.when_missing,
        "children": [indicator_to_dict(c) for c in n.children],
    }


def indicator_from_dict(d: AbcMapping[str, Any]) -> Indicator:
    m = d.get("mapping")
    return Indicator(
        code=str(d["code"]), title=str(d.get("title", "")),
        max_score=None if d.get("max_score") is None else float(d["max_score"]),
        weight=float(d.get("weight", 1.0)), source=d.get("source", "entered"), figure=d.get("figure") or None,
        mapping=None if not m else Mapping(m.get("kind", "direct"), _tuplify(m.get("params", ())),
                                           bool(m.get("lower_is_better", False))),
        kind=d.get("kind", "normal"), cap=None if d.get("cap") is None else float(d["cap"]),
        aggregate=d.get("aggregate", "mean"), veto_at=float(d.get("veto_at", 1.0)), note=d.get("note", ""),
        when_missing=d.get("when_missing", "zero"),  # versions frozen before the setting scored a gap 0
        children=tuple(indicator_from_dict(c) for c in d.get("children", ())),
    )


def scheme_to_dict(s: Scheme) -> dict:
    """JSON-ready dict of the scheme (lists for tuples)."""
    return {
        "year": s.year, "title": s.title, "total": s.total, "weighting": s.weighting,
        "indicators": [indicator_to_dict(n) for n in s.indicators],
        "categories": [{"key": c.key, "title": c.title, "weights": dict(c.weights)} for c in s.categories],
        "bundles": [{"lead": b.lead, "members": list(b.members), "share": b.share, "full_at": b.full_at,
                     "title": b.title} for b in s.bundles],
        "grades": {"mode": s.grades.mode, "bands": _listify(s.grades.bands), "rest": s.grades.rest,
                   "lowest": s.grades.lowest, "pass_line": s.grades.pass_line},
    }


def scheme_from_dict(d: AbcMapping[str, Any]) -> Scheme:
    g = d.get("grades") or {}
    default = GradeRule()
    return Scheme(
        year=int(d["year"]), title=str(d.get("title", "")),
        indicators=tuple(indicator_from_dict(n) for n in d.get("indicators", ())),
        categories=tuple(Category(c["key"], c.get("title", c["key"]),
                                  {k: float(v) for k, v in (c.get("weights") or {}).items()})
                         for c in d.get("categories", ())) or (Category("all", "全部学校"),),
        bundles=tuple(Bundle(b["lead"], tuple(b.get("members", ())), float(b["share"]),
                             float(b.get("full_at", 10.0)), b.get("title", "")) for b in d.get("bundles", ())),
        grades=GradeRule(
            mode=g.get("mode", default.mode),
            bands=tuple((str(n), float(v)) for n, v in g.get("bands", default.bands)),
            rest=g.get("rest", default.rest), lowest=g.get("lowest", default.lowest),
            pass_line=g.get("pass_line", default.pass_line),
        ),
        total=float(d.get("total", 100.0)), weighting=d.get("weighting", "weights"),
    )
