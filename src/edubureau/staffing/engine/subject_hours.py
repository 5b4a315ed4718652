"""学科缺员: the teaching hours each subject needs against the hours the school's teachers of it can give.

Hours needed = Σ over grades of (classes in the grade × the subject's weekly periods in that grade); hours available
= teachers of the subject × a teacher's weekly load. The weekly periods are the national 义务教育课程方案（2022年版）
spread over grades as provinces commonly set them (the national plan gives nine-year totals and shares, e.g. 艺术
9–11%, 体育与健康 10–11%, 信息科技 1–3%): :data:`WEEKLY_PERIODS` is data a province replaces with its own 课程设置表.
The subjects small schools most often lack (音乐, 体育, 美术, 心理健康, 科学, 信息科技) are listed first.

Examples
--------
>>> need = subject_needs({3: 2, 4: 2})  # two classes in grade 3 and two in grade 4
>>> need["音乐"], need["英语"]
(8, 12)
>>> gaps = subject_gaps({3: 2, 4: 2}, {"语文": 2, "数学": 1}, stage="小学")
>>> [(g.subject, g.gap) for g in gaps][:2]
[('音乐', -0.5), ('体育', -0.8)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["FIRST_LISTED", "SUBJECT_ALIASES", "WEEKLY_PERIODS", "SubjectGap", "TeacherLoad", "balancing_moves",
           "subject_gaps", "subject_needs"]

# Weekly periods by grade (1–9). One typical provincial distribution of the 2022 plan; replace with the province's.
WEEKLY_PERIODS: dict[str, dict[int, int]] = {
    "道德与法治": {1: 2, 2: 2, 3: 2, 4: 2, 5: 3, 6: 3, 7: 2, 8: 2, 9: 3},
    "语文": {1: 8, 2: 8, 3: 7, 4: 7, 5: 6, 6: 6, 7: 5, 8: 5, 9: 5},
    "数学": {1: 4, 2: 4, 3: 5, 4: 5, 5: 5, 6: 5, 7: 5, 8: 5, 9: 5},
    "英语": {3: 3, 4: 3, 5: 3, 6: 3, 7: 4, 8: 4, 9: 4},
    "科学": {1: 1, 2: 1, 3: 2, 4: 2, 5: 2, 6: 2},
    "物理": {8: 3, 9: 3},
    "化学": {9: 3},
    "生物": {7: 2, 8: 2},
    "历史": {7: 2, 8: 2, 9: 2},
    "地理": {7: 2, 8: 2},
    "信息科技": {3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1},
    "体育": {1: 4, 2: 4, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3, 9: 3},
    "音乐": {1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 1, 8: 1, 9: 1},
    "美术": {1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 1, 8: 1, 9: 1},
    "劳动": {1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1},
    "心理健康": {3: 1, 5: 1, 7: 1, 8: 1},
}
# The registry's and the national systems' other names for a subject.
SUBJECT_ALIASES = {"信息技术": "信息科技", "体育与健康": "体育", "思想品德": "道德与法治", "思想政治": "道德与法治",
                   "外语": "英语", "心理": "心理健康"}
FIRST_LISTED = ("音乐", "体育", "美术", "心理健康", "科学", "信息科技")


@dataclass(frozen=True)
class TeacherLoad:
    """Weekly periods one full-time teacher gives, by stage (settings: provinces set 12–16)."""

    periods: tuple[tuple[str, int], ...] = (("小学", 15), ("初中", 13))

    def of(self, stage: str) -> int:
        return dict(self.periods).get(stage, 14)


@dataclass(frozen=True)
class SubjectGap:
    subject: str
    needed: int  # weekly periods the classes need
    available: int  # weekly periods the school's teachers of the subject can give
    gap: float  # in teachers, one decimal: + surplus, − shortage

    @property
    def verdict(self) -> str:
        return "缺员" if self.gap <= -0.5 else "富余" if self.gap >= 1 else "基本平衡"


def canonical(subject: str) -> str:
    return SUBJECT_ALIASES.get(subject.strip(), subject.strip())


def subject_needs(classes_by_grade: dict[int, int]) -> dict[str, int]:
    """Weekly periods each subject needs for ``{grade: classes}``."""
    return {subject: sum(classes_by_grade.get(g, 0) * n for g, n in grades.items())
            for subject, grades in WEEKLY_PERIODS.items()
            if any(classes_by_grade.get(g, 0) for g in grades)}


def subject_gaps(classes_by_grade: dict[int, int], teachers_by_subject: dict[str, int], *, stage: str,
                 load: TeacherLoad = TeacherLoad()) -> list[SubjectGap]:
    """Every subject the classes need or the teachers teach, the most lacking first (the 音体美 group leading ties).

    A subject's gap is (available − needed) ÷ one teacher's load, in teachers to one decimal.
    """
    per_teacher = load.of(stage)
    teachers: dict[str, int] = {}
    for subject, n in teachers_by_subject.items():
        teachers[canonical(subject)] = teachers.get(canonical(subject), 0) + n
    needs = subject_needs(classes_by_grade)
    rows = []
    for subject in sorted(set(needs) | {s for s in teachers if s in WEEKLY_PERIODS}):
        needed, available = needs.get(subject, 0), teachers.get(subject, 0) * per_teacher
        rows.append(SubjectGap(subject, needed, available, round((available - needed) / per_teacher, 1)))
    first = {s: i for i, s in enumerate(FIRST_LISTED)}
    return sorted(rows, key=lambda r: (r.verdict != "缺员", first.get(r.subject, len(first)), r.gap))


def balancing_moves(gaps: dict[str, list[SubjectGap]], distance=None) -> list[tuple[str, str, str]]:
    """(from school, to school, subject) moves of whole teachers from a school with a surplus of at least one teacher
    in a subject to the nearest school short of at least half a teacher in it; never taking a school below its need.

    >>> gaps = {"A": [SubjectGap("音乐", 0, 30, 2.0)], "B": [SubjectGap("音乐", 8, 0, -0.5)]}
    >>> balancing_moves(gaps)
    [('A', 'B', '音乐')]
    """
    distance = distance or (lambda a, b: 0.0)
    spare = {(code, g.subject): math.floor(g.gap) for code, rows in gaps.items() for g in rows if g.gap >= 1}
    moves = []
    short = sorted(((g.gap, code, g.subject) for code, rows in gaps.items() for g in rows if g.gap <= -0.5))
    for gap, code, subject in short:
        need = math.ceil(-gap - 0.5 + 1e-9) if -gap >= 0.5 else 0
        while need > 0:
            donors = [(distance(d, code), d) for (d, s), n in spare.items() if s == subject and n > 0 and d != code]
            if not donors:
                break
            _km, donor = min(donors)
            spare[donor, subject] -= 1
            moves.append((donor, code, subject))
            need -= 1
    return moves
