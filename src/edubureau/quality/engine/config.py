"""What an exam is to the analysis: subjects with full marks, the total, cut-offs and the composite index.

No national standard fixes 三率一分 (policy-facts §5.1): the cut-offs are shares of full marks with the
most common county values as defaults, and every one of them can be changed per exam.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["TOTAL", "Cutoffs", "ExamConfig", "IndexWeights", "parse_full_marks"]

# The name under which the total appears beside the subjects (issue 5: "总分").
TOTAL = "总分"


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
    excellent rate ÷ best × 30, so the best group in every part scores 100.
    """

    mean: float = 40.0
    pass_rate: float = 30.0
    excellent_rate: float = 30.0
    good_rate: float = 0.0
    low_rate: float = 0.0  # a penalty: (1 − low rate ÷ worst low rate) is what is weighted


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
