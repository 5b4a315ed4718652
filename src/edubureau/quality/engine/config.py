"""What an exam is to the analysis: subjects with full marks, the total, cut-offs and the composite index.

No national standard fixes 三率一分 (policy-facts §5.1): the cut-offs are shares of full marks with the
most common county values as defaults, and every one of them can be changed per exam.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["DEFAULT_PRESET", "INDEX_PRESETS", "TOTAL", "Cutoffs", "ExamConfig", "IndexWeights", "composite_index",
           "order_subjects", "parse_full_marks"]

# The name under which the total appears beside the subjects (issue 5: "总分").
TOTAL = "总分"

# The order in which a 教研室 lists subjects. Stored exams cannot keep their own order: PostgreSQL's jsonb
# keeps an object's keys sorted by length, not as written, so pages put subjects in this order instead.
SUBJECT_ORDER = ("语文", "数学", "英语", "外语", "道德与法治", "思想品德", "政治", "历史", "地理", "物理", "化学",
                 "生物", "生物学", "科学", "信息技术", "体育", "体育与健康", "音乐", "美术", "综合实践")


def order_subjects(names) -> list[str]:
    """Subjects in the usual order (语文 数学 英语 …), others after them as given, 总分 last.

    >>> order_subjects(["英语", "总分", "数学", "书法", "语文"])
    ['语文', '数学', '英语', '书法', '总分']
    """
    names = list(names)
    rank = {name: i for i, name in enumerate(SUBJECT_ORDER)}
    return sorted(names, key=lambda n: (n == TOTAL, rank.get(n, len(rank)), names.index(n)))


@dataclass(frozen=True)
class Cutoffs:
    """Cut-offs as shares of full marks: 优秀 ≥ excellent, 良好 ≥ good, 及格 ≥ passing, 低分 < low.

    The rates are cumulative, as counties report them: a 优秀 score also counts as 良好 and 及格.

    Examples
    --------
    >>> Cutoffs().excellent, Cutoffs().low
    (0.85, 0.4)
    """

    excellent: float = 0.85
    good: float = 0.70
    passing: float = 0.60
    low: float = 0.40

    def __post_init__(self):
        if not 0 < self.low <= self.passing <= self.good <= self.excellent <= 1:
            raise ValueError("cut-offs must satisfy 0 < low ≤ passing ≤ good ≤ excellent ≤ 1")


@dataclass(frozen=True)
class IndexWeights:
    """Weights of the 综合指数 (三率一分 composite), each part scaled to the best group at its level.

    The default is the 郧县 model (policy-facts §5.2): mean ÷ best mean × 40 + pass rate ÷ best × 30 +
    excellent rate ÷ best × 30, so the best group in every part scores 100. The low rate is a penalty:
    its weight is negative and the group with the worst low rate loses all of it.
    """

    mean: float = 40.0
    pass_rate: float = 30.0
    excellent_rate: float = 30.0
    good_rate: float = 0.0
    low_rate: float = 0.0  # a penalty, so negative: low rate ÷ the worst low rate × this weight

    @property
    def label(self) -> str:
        """The weights as a 教研室 writes them.

        Examples
        --------
        >>> IndexWeights(mean=40, excellent_rate=20, pass_rate=30, low_rate=-10).label
        '均分40 优秀率20 及格率30 低分率−10'
        """
        parts = [("均分", self.mean), ("优秀率", self.excellent_rate), ("良好率", self.good_rate),
                 ("及格率", self.pass_rate), ("低分率", self.low_rate)]
        return " ".join(f"{name}{weight:g}".replace("-", "−") for name, weight in parts if weight)


# Common 综合指数 weightings (policy-facts §5.2 and county practice); the first is the default.
INDEX_PRESETS: dict[str, tuple[str, IndexWeights]] = {
    "yunxian": ("一分两率（郧县模式）", IndexWeights(mean=40, pass_rate=30, excellent_rate=30)),
    "three_rates": ("三率一分", IndexWeights(mean=40, excellent_rate=20, pass_rate=30, low_rate=-10)),
    "four_rates": ("四率一分", IndexWeights(mean=40, excellent_rate=20, good_rate=10, pass_rate=30, low_rate=-10)),
    "mean_first": ("均分为主", IndexWeights(mean=60, excellent_rate=20, pass_rate=20)),
}
DEFAULT_PRESET = "yunxian"


@dataclass(frozen=True)
class ExamConfig:
    """One exam's rules: full marks per subject (in column order), the subjects that make the total.

    Item columns (``数学_1`` …) may have full marks of their own in ``item_full_marks``; an item with
    none is taken to be marked out of its highest observed score.

    Examples
    --------
    >>> config = ExamConfig({"语文": 120, "数学": 120, "英语": 100})
    >>> config.total_subjects, config.total_full
    (('语文', '数学', '英语'), 340.0)
    """

    full_marks: Mapping[str, float]
    total_of: tuple[str, ...] | None = None
    cutoffs: Cutoffs = field(default_factory=Cutoffs)
    weights: IndexWeights = field(default_factory=IndexWeights)
    item_full_marks: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self):
        if not self.full_marks:
            raise ValueError("an exam needs at least one subject")
        for name, full in self.full_marks.items():
            if not full or full <= 0:
                raise ValueError(f"full marks of {name} must be positive")
        unknown = set(self.total_of or ()) - set(self.full_marks)
        if unknown:
            raise ValueError(f"total made of unknown subjects: {sorted(unknown)}")

    @property
    def subjects(self) -> tuple[str, ...]:
        return tuple(self.full_marks)

    @property
    def total_subjects(self) -> tuple[str, ...]:
        return tuple(self.total_of) if self.total_of else self.subjects

    @property
    def total_full(self) -> float:
        return float(sum(self.full_marks[s] for s in self.total_subjects))

    def full_of(self, subject: str) -> float:
        return self.total_full if subject == TOTAL else float(self.full_marks[subject])


def parse_full_marks(text: str) -> dict[str, float]:
    """Read ``语文=120,数学=120`` (Chinese commas and spaces allowed) into a dict.

    Examples
    --------
    >>> parse_full_marks("语文=120，数学=120, 英语=100")
    {'语文': 120.0, '数学': 120.0, '英语': 100.0}
    """
    marks: dict[str, float] = {}
    for part in text.replace("，", ",").split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        name = name.strip()
        try:
            full = float(value)
        except ValueError:
            full = 0.0
        if not sep or not name or full <= 0:
            raise ValueError(f"cannot read full marks from {part.strip()!r}: expected NAME=POSITIVE_NUMBER")
        marks[name] = full
    if not marks:
        raise ValueError("no full marks given")
    return marks


def composite_index(rows: list[dict], weights: IndexWeights) -> list[tuple[float | None, int | None]]:
    """(综合指数, its rank) of each group of one level and subject, from the group's statistics.

    The same formula as the analysis (``stats``), in plain Python, so a page can rank the groups
    again under other weights without running the analysis again. A group nobody sat has neither.

    Examples
    --------
    >>> rows = [{"mean": 80.0, "pass_rate": 0.9, "excellent_rate": 0.4, "good_rate": 0.6, "low_rate": 0.05},
    ...         {"mean": 60.0, "pass_rate": 0.6, "excellent_rate": 0.1, "good_rate": 0.3, "low_rate": 0.2},
    ...         {"mean": None, "pass_rate": None, "excellent_rate": None, "good_rate": None, "low_rate": None}]
    >>> composite_index(rows, IndexWeights())
    [(100.0, 1), (57.5, 2), (None, None)]
    >>> [round(i, 2) for i, _rank in composite_index(rows, INDEX_PRESETS["three_rates"][1])[:2]]
    [87.5, 45.0]
    """
    parts = [("mean", weights.mean), ("pass_rate", weights.pass_rate), ("excellent_rate", weights.excellent_rate),
             ("good_rate", weights.good_rate), ("low_rate", weights.low_rate)]
    scale = {name: max((r[name] for r in rows if r.get(name) is not None), default=None) for name, _w in parts}
    indexes: list[float | None] = []
    for row in rows:
        if row.get("mean") is None:
            indexes.append(None)
            continue
        total = 0.0
        for name, weight in parts:
            best = scale[name]
            total += row[name] / best * weight if best and best > 0 else 0.0
        indexes.append(total)
    ranked = [i for i in indexes if i is not None]
    return [(i, 1 + sum(other > i for other in ranked) if i is not None else None) for i in indexes]
