"""The shape of a generated county: frozen dataclasses holding plain values only. Pure.

Rows refer to each other by natural keys, as an Excel import would: schools by their 10-digit code,
staff by ID number, zones by name, school years by their starting year. Choice fields hold the
stored values of the registry's choice lists (``"primary"``, ``"urban"``, ``"rotation"`` …).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "CampusSpec",
    "ClassSpec",
    "County",
    "DepartmentSpec",
    "FactsSpec",
    "GroupSpec",
    "HonourSpec",
    "PairingSpec",
    "PostingSpec",
    "SchoolSpec",
    "SchoolYearSpec",
    "StaffSpec",
    "StudentSpec",
    "TermSpec",
    "ZoneSpec",
]


@dataclass(frozen=True)
class ZoneSpec:
    name: str
    kind: str = "area"


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name: str
    modules: tuple[str, ...]
    head: str
    phone: str


@dataclass(frozen=True)
class TermSpec:
    number: int
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class SchoolYearSpec:
    start_year: int
    start: dt.date
    end: dt.date
    is_current: bool
    terms: tuple[TermSpec, ...]


@dataclass(frozen=True)
class SchoolSpec:
    code: str
    name: str
    short_name: str
    kind: str
    ownership: str
    locality: str
    zone: str
    town: str
    is_teaching_point: bool
    central_school: str | None
    address: str
    latitude: float
    longitude: float
    principal: str
    phone: str
    founded: int
    # The generator's own notes, not stored: how crowded, how well equipped (drives classes and facts).
    profile: str
    facilities: str


@dataclass(frozen=True)
class CampusSpec:
    school: str
    name: str
    address: str


@dataclass(frozen=True)
class GroupSpec:
    name: str
    kind: str
    lead_school: str
    members: tuple[tuple[str, dt.date], ...]
    started: dt.date


@dataclass(frozen=True)
class PairingSpec:
    strong_school: str
    supported_school: str
    start_term: tuple[int, int]  # (start_year, term number)
    end_term: tuple[int, int] | None
    content: str


@dataclass(frozen=True)
class PostingSpec:
    school: str
    start: dt.date
    end: dt.date | None
    reason: str = "regular"
    position: str = ""
    note: str = ""


@dataclass(frozen=True)
class HonourSpec:
    kind: str
    level: str
    subject: str
    awarded: dt.date
    expires: dt.date | None


@dataclass(frozen=True)
class StaffSpec:
    id_number: str
    name: str
    sex: str
    birth_date: dt.date
    phone: str
    establishment: str
    post_kind: str
    subject: str
    teaching_level: str
    education: str
    qualification: str
    title: str
    post_grade: int | None
    work_start: dt.date
    postings: tuple[PostingSpec, ...]
    honours: tuple[HonourSpec, ...] = ()

    def open_postings(self, on: dt.date) -> list[PostingSpec]:
        return [p for p in self.postings if p.start <= on and (p.end is None or p.end >= on)]

    def working_school(self, on: dt.date) -> str | None:
        """Where the person works on ``on``: the most recently started open posting (a rotation wins)."""
        open_postings = self.open_postings(on)
        return max(open_postings, key=lambda p: p.start).school if open_postings else None


@dataclass(frozen=True)
class ClassSpec:
    school: str
    start_year: int
    level_part: str
    grade: int
    name: str
    size: int
    head_teacher: str | None = None  # ID number of the 班主任 (current year only)


@dataclass(frozen=True)
class StudentSpec:
    student_no: str
    name: str
    sex: str
    id_number: str
    school: str
    grade: int
    class_name: str
    enrolled: dt.date
    left_behind: bool
    migrant: bool
    disabled: bool
    registered_poor: bool
    born: dt.date | None = None
    both_parents_away: bool = False
    inclusive: str = "非随班就读"


@dataclass(frozen=True)
class FactsSpec:
    school: str
    start_year: int
    level_part: str
    students: int
    classes: int
    classes_46_55: int
    classes_56_65: int
    classes_66_plus: int
    teaching_room_area: float
    sports_area: float
    equipment_value: float
    computers: int
    books: int
    multimedia_rooms: int
    full_time_teachers: int
    teachers_above_required_education: int
    teachers_intermediate_title: int
    key_teachers: int
    pe_art_teachers: int


@dataclass(frozen=True)
class County:
    """A whole generated county, ready to be written by ``edubureau.demo.loader``."""

    seed: int
    region_code: str
    region_name: str
    reference_date: dt.date  # the day the county is generated "as of": 1 September of the current year
    zones: tuple[ZoneSpec, ...]
    departments: tuple[DepartmentSpec, ...]
    school_years: tuple[SchoolYearSpec, ...]
    schools: tuple[SchoolSpec, ...]
    campuses: tuple[CampusSpec, ...]
    groups: tuple[GroupSpec, ...]
    pairings: tuple[PairingSpec, ...]
    staff: tuple[StaffSpec, ...]
    classes: tuple[ClassSpec, ...]
    students: tuple[StudentSpec, ...]
    facts: tuple[FactsSpec, ...]
    showcase_school: str  # the notable urban primary whose administrator is the demo school login
    inspector_zone: str  # the zone of the demo inspector (责任督学)

    @property
    def current_year(self) -> int:
        return next(y.start_year for y in self.school_years if y.is_current)
