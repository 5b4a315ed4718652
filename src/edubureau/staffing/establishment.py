"""编制与缺员 from the registry: each school's 核定编制 against its staff, its subjects' hours, and the county's
surplus and shortage schools with the moves that would balance them (engines ``establishment``, ``subject_hours``).

- Schools with a 生师比 norm (小学, 初中, 高中 and the schools that combine them), not kindergartens, 中职 or 特殊教育.
- Pupils and classes are the current school year's classes (grades 1–6 小学, 7–9 初中, 10–12 高中).
- 在编在岗 is the staff whose school of record (an open 任职 posting) is the school. Of them, those with an open
  借调 posting elsewhere, and those on an approved 病假 of 30 days or more today (长期病休), are not available.
- A subject's hours count the teachers who teach at the school now (a teacher on rotation where they teach).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils import timezone

from edubureau.inspection.engine.geo import haversine_km
from edubureau.org.models import School, SchoolYear
from edubureau.people.choices import PostingReason
from edubureau.people.models import Posting, SchoolClass

from .engine.establishment import NormRules, SchoolLoad, StaffGap, StaffInPost, staffing_gap
from .engine.leave_rules import LeaveKind, LeaveState
from .engine.subject_hours import SubjectGap, balancing_moves, subject_gaps
from .models import LeaveRequest
from .services import LOCALITY, teachers_by_subject

__all__ = ["LONG_SICK_DAYS", "SchoolReport", "county_report", "subject_shortages"]

LONG_SICK_DAYS = 30
NORM_RULES = NormRules()  # the national norms; a province sets its own
# The 生师比 norms cover 小学, 初中 and 高中; kindergartens, 中职 and 特殊教育 schools have norms of their own.
NORMED_KINDS = ("primary", "junior", "nine_year", "complete_secondary", "twelve_year", "senior")


def stage_of(grade: int) -> str:
    return "小学" if grade <= 6 else "初中" if grade <= 9 else "高中"


@dataclass
class SchoolReport:
    school: School
    pupils: int
    classes: int
    gap: StaffGap
    subjects: list[SubjectGap]

    @property
    def short_subjects(self) -> list[SubjectGap]:
        return [g for g in self.subjects if g.verdict == "缺员"]


def _classes(schools, school_year) -> dict[int, dict[int, tuple[int, int]]]:
    """{school: {grade: (classes, pupils)}} of ``school_year``."""
    rows = (SchoolClass.objects.filter(school__in=schools, school_year=school_year, grade__gte=1, grade__lte=12)
            .values("school_id", "grade").annotate(n=Count("pk"), pupils=Sum("size")))
    out: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    for r in rows:
        out[r["school_id"]][r["grade"]] = (r["n"], r["pupils"] or 0)
    return out


def _in_post(schools, today: dt.date) -> dict[int, StaffInPost]:
    home = dict(Posting.objects.filter(school__in=schools, end__isnull=True, reason=PostingReason.REGULAR,
                                       staff__is_active=True).values_list("staff_id", "school_id"))
    seconded = set(Posting.objects.filter(staff_id__in=home.keys(), end__isnull=True,
                                          reason=PostingReason.SECONDMENT).values_list("staff_id", flat=True))
    sick = {lv.staff_id for lv in LeaveRequest.objects.filter(
        staff_id__in=home.keys(), kind=LeaveKind.SICK.value, state=LeaveState.APPROVED.value, start__lte=today,
        end__gte=today).only("staff_id", "start", "end") if (lv.end - lv.start).days + 1 >= LONG_SICK_DAYS}
    counts: dict[int, Counter] = defaultdict(Counter)
    for staff_id, school_id in home.items():
        counts[school_id]["in_post"] += 1
        counts[school_id]["seconded"] += staff_id in seconded
        counts[school_id]["sick"] += staff_id in sick
    return {school: StaffInPost(c["in_post"], c["seconded"], c["sick"]) for school, c in counts.items()}


def county_report(schools, *, today: dt.date | None = None, rules: NormRules = NORM_RULES) -> dict:
    """Every school of ``schools`` (a queryset) with its norm, gap and subject gaps; the county's totals; the moves
    that would balance the subjects, with the distance between the schools."""
    today = today or timezone.localdate()
    schools = schools.filter(is_active=True, kind__in=NORMED_KINDS).order_by("region__code", "name_pinyin", "pk")
    school_year = SchoolYear.objects.filter(is_current=True).first() or SchoolYear.objects.first()
    classes = _classes(schools, school_year) if school_year else {}
    in_post = _in_post(schools, today)
    teachers = teachers_by_subject(schools)
    reports = []
    for school in schools:
        grades = classes.get(school.pk, {})
        pupils, class_counts = Counter(), Counter()
        for grade, (n, size) in grades.items():
            pupils[stage_of(grade)] += size
            class_counts[stage_of(grade)] += n
        load = SchoolLoad(school.code, school.name, LOCALITY.get(school.locality, "镇区"), dict(pupils),
                          dict(class_counts), teaching_point=school.is_teaching_point)
        gap = staffing_gap(load, in_post.get(school.pk, StaffInPost(0)), rules)
        compulsory = {g: n for g, (n, _size) in grades.items() if g <= 9}
        stage = "小学" if any(g <= 6 for g in compulsory) else "初中"
        subjects = subject_gaps(compulsory, teachers.get(school.pk, {}), stage=stage) if compulsory else []
        reports.append(SchoolReport(school, sum(pupils.values()), sum(class_counts.values()), gap, subjects))
    by_code = {r.school.code: r.school for r in reports}

    def km(a: str, b: str) -> float:
        one, two = by_code[a], by_code[b]
        return haversine_km(one.latitude, one.longitude, two.latitude, two.longitude) or 0.0

    moves = [(by_code[a], by_code[b], subject, km(a, b))
             for a, b, subject in balancing_moves({r.school.code: r.subjects for r in reports}, km)]
    short = [r for r in reports if r.gap.gap < 0]
    over = [r for r in reports if r.gap.gap > 0]
    return {
        "schools": reports, "moves": moves, "school_year": school_year,
        "short_schools": len(short), "short_staff": -sum(r.gap.gap for r in short),
        "over_schools": len(over), "over_staff": sum(r.gap.gap for r in over),
        "art_short": sum(1 for r in reports if any(g.subject in ("音乐", "体育", "美术") for g in r.short_subjects)),
    }


def subject_shortages(schools, *, floor: dict[str, set[str]]) -> dict[str, set[str]]:
    """{school code: subjects short by hours} for the schools whose classes are entered; ``floor`` (by code) for the
    others, whose hours cannot be counted."""
    by_hours = {r.school.code: {g.subject for g in r.short_subjects}
                for r in county_report(schools)["schools"] if r.classes}
    return {code: by_hours.get(code, subjects) for code, subjects in floor.items()} | by_hours
