"""A school's people figures for its profile page: staff structure, class sizes by grade, care flags.

Each figure is one aggregate query (conditional counts), never a loop over staff or student rows,
so a profile costs the same for a school of 30 staff as for one of 300. Bands come from
``people.engine`` (policy-facts §3 class sizes; age bands of the staff statistics).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Education, PostKind, Title
from .engine import AGE_BANDS, CLASS_SIZE_BANDS
from .models import Posting, SchoolClass, Staff, Student

__all__ = ["age_band_bounds", "care_counts", "class_sizes_by_grade", "grade_label", "staff_structure"]

_GRADE_NAMES = {-3: _("小班"), -2: _("中班"), -1: _("大班"), 10: _("高一"), 11: _("高二"), 12: _("高三")}
_DIGITS = "零一二三四五六七八九"


def grade_label(grade: int) -> str:
    """-3 → 小班, 1 → 一年级, 7 → 七年级, 10 → 高一 (the registry numbers grades 1–12 straight through)."""
    if grade in _GRADE_NAMES:
        return str(_GRADE_NAMES[grade])
    if 1 <= grade <= 9:
        return _("{n}年级").format(n=_DIGITS[grade])
    return str(grade)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_band_bounds(today: dt.date) -> list[tuple[str, Q]]:
    """Each age band of ``people.engine.AGE_BANDS`` as a condition on ``birth_date`` (age in whole years on ``today``).

    Someone is ``low``–``high`` years old when born after ``today`` minus ``high + 1`` years and on or before
    ``today`` minus ``low`` years.
    """
    bounds = []
    for label, low, high in AGE_BANDS:
        condition = Q(birth_date__lte=_years_before(today, low))
        if high < 150:
            condition &= Q(birth_date__gt=_years_before(today, high + 1))
        bounds.append((label, condition))
    return bounds


def _staff_at(school) -> Q:
    return Q(Exists(Posting.objects.filter(staff=OuterRef("pk"), end__isnull=True, school=school)))


def staff_structure(school, today: dt.date | None = None) -> dict:
    """Active staff with an open posting at ``school``, counted by post kind, title, education and age band.

    Returns ``{"total": n, "post_kind": [(label, n), …], "title": …, "education": …, "age": …}``, in one query.
    """
    today = today or timezone.localdate()
    groups = {
        "post_kind": [(str(label), Q(post_kind=value)) for value, label in PostKind.choices],
        "title": [(str(label), Q(title=value)) for value, label in Title.choices],
        "education": [(str(label), Q(education=value)) for value, label in Education.choices],
        "age": age_band_bounds(today),
    }
    aggregates = {"total": Count("pk")}
    for group, items in groups.items():
        for i, (_label, condition) in enumerate(items):
            aggregates[f"{group}_{i}"] = Count("pk", filter=condition)
    row = Staff.objects.filter(_staff_at(school), is_active=True).aggregate(**aggregates)
    result = {"total": row["total"]}
    for group, items in groups.items():
        result[group] = [(label, row[f"{group}_{i}"]) for i, (label, _c) in enumerate(items)]
    return result


def class_sizes_by_grade(school, school_year) -> list[dict]:
    """Classes of ``school`` in ``school_year`` by grade: count, pupils, largest class, and classes per size band."""
    aggregates = {"classes": Count("pk"), "pupils": Sum("size"), "largest": Max("size")}
    for key, _label, low, high in CLASS_SIZE_BANDS:
        aggregates[key] = Count("pk", filter=Q(size__gte=low, size__lte=high))
    rows = (
        SchoolClass.objects.filter(school=school, school_year=school_year)
        .values("grade")
        .annotate(**aggregates)
        .order_by("grade")
    )
    return [{**row, "label": grade_label(row["grade"])} for row in rows]


def care_counts(school) -> dict:
    """Students of ``school`` on the register, and how many carry each care flag (留守, 随迁, 残疾, 建档立卡)."""
    flags = ("left_behind", "migrant", "disabled", "registered_poor")
    aggregates = {"total": Count("pk"), **{flag: Count("pk", filter=Q(**{flag: True})) for flag in flags}}
    row = Student.objects.filter(school=school).aggregate(**aggregates)
    return {
        "total": row["total"],
        "flags": [(Student._meta.get_field(flag).verbose_name, row[flag]) for flag in flags],
    }
