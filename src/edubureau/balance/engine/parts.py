"""School level parts (学校学段): the unit the indicators are computed on, and the scope rules."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from .standard import JUNIOR, PRIMARY, Standard

RESOURCES = (
    "teaching_area", "sports_area", "equipment_value", "computers", "books", "teachers", "above_qualified",
    "intermediate_titles", "backbone", "pe_art_teachers", "multimedia_rooms",
)
SHARED_ASSETS = ("teaching_area", "sports_area", "equipment_value", "computers", "books", "multimedia_rooms")


@dataclass(frozen=True)
class SchoolPart:
    """One school's primary or junior part: its enrolment and resources (teachers counted per part).

    ``kind`` is "" for an ordinary school, "special" for a special-education school, "point" for a 教学点
    whose central school has code ``parent``.
    """

    code: str
    name: str
    level: str
    students: int
    teaching_area: float = 0.0
    sports_area: float = 0.0
    equipment_value: float = 0.0
    computers: float = 0.0
    books: float = 0.0
    teachers: float = 0.0
    above_qualified: float = 0.0
    intermediate_titles: float = 0.0
    backbone: float = 0.0
    pe_art_teachers: float = 0.0
    multimedia_rooms: float = 0.0
    kind: str = ""
    parent: str = ""

    def amount(self, resource: str) -> float:
        return float(getattr(self, resource))

    def plus(self, additions: dict[str, float]) -> SchoolPart:
        """The part after adding resources (used to verify what-it-takes)."""
        return replace(self, **{k: self.amount(k) + v for k, v in additions.items()})


def split_shared(part: SchoolPart, primary_students: int, junior_students: int, standard: Standard | None = None):
    """Split a 九年一贯制 school's shared assets into its primary and junior parts by weighted enrolment.

    Teacher counts are not split (they belong to a part). Returns ``(primary, junior)``.

    Examples
    --------
    >>> whole = SchoolPart("1", "一贯制", "", 0, teaching_area=2100.0)
    >>> p, j = split_shared(whole, 100, 100)
    >>> round(p.teaching_area), round(j.teaching_area)
    (1000, 1100)
    """
    standard = standard or Standard()
    w_p = primary_students * standard.split_weights[PRIMARY]
    w_j = junior_students * standard.split_weights[JUNIOR]
    share = w_p / (w_p + w_j) if (w_p + w_j) else 0.5
    shared = {name: part.amount(name) for name in SHARED_ASSETS}
    primary = replace(part, level=PRIMARY, students=primary_students, **{k: v * share for k, v in shared.items()})
    junior = replace(part, level=JUNIOR, students=junior_students, **{k: v * (1 - share) for k, v in shared.items()})
    return primary, junior


def in_scope(parts: list[SchoolPart], standard: Standard) -> list[SchoolPart]:
    """The parts the CVs are computed on: special schools out, 教学点 merged or out, small schools out.

    Examples
    --------
    >>> a = SchoolPart("A", "中心校", "小学", 300, books=3000)
    >>> b = SchoolPart("B", "教学点", "小学", 20, books=100, kind="point", parent="A")
    >>> [(p.code, p.students, p.books) for p in in_scope([a, b], Standard())]
    [('A', 320, 3100.0)]
    """
    kept = [p for p in parts if not (standard.exclude_special and p.kind == "special")]
    points = [p for p in kept if p.kind == "point"]
    kept = [p for p in kept if p.kind != "point"]
    if standard.teaching_points == "merge":
        index = {(p.code, p.level): i for i, p in enumerate(kept)}
        for point in points:
            i = index.get((point.parent, point.level))
            if i is None:
                continue  # a point whose central school is not in the data cannot be merged: it is left out
            host = kept[i]
            merged = {name: host.amount(name) + point.amount(name) for name in RESOURCES}
            kept[i] = replace(host, students=host.students + point.students, **merged)
    return [p for p in kept if p.students > 0 and p.students >= standard.min_students]


FIELD_NAMES = tuple(f.name for f in fields(SchoolPart))
