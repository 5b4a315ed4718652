"""Write operations of the people registry that other modules rely on."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from edubureau.org.models import SchoolFacts

from .choices import HonourLevel, PostKind
from .engine import ABOVE_REQUIRED_EDUCATION, EDUCATION_RANK, INTERMEDIATE_OR_ABOVE, PE_ART_SUBJECTS
from .models import Honour, Posting, Staff

__all__ = ["ABOVE_REQUIRED_EDUCATION", "refresh_facts_staff_counts"]

# 县级及以上骨干教师: every honour level the registry knows is county level or higher.
KEY_TEACHER_LEVELS = (HonourLevel.COUNTY, HonourLevel.CITY, HonourLevel.PROVINCE, HonourLevel.NATIONAL)
STAFF_COUNT_FIELDS = (
    "full_time_teachers",
    "teachers_above_required_education",
    "teachers_intermediate_title",
    "key_teachers",
    "pe_art_teachers",
)


def _above_required_q() -> Q:
    q = Q(pk__in=[])
    for part, minimum in ABOVE_REQUIRED_EDUCATION.items():
        allowed = [e for e, rank in EDUCATION_RANK.items() if rank >= EDUCATION_RANK[minimum]]
        q |= Q(teaching_level=part, education__in=allowed)
    return q


def _open_on(day: dt.date, **filters) -> Q:
    return Q(start__lte=day, **filters) & (Q(end__isnull=True) | Q(end__gte=day))


def _counts_on(day: dt.date, school_ids: set[int]) -> tuple[dict, set[int]]:
    """Staff counts per (school, level part) on ``day``, and the schools with any staff on record then.

    A member of staff counts at the school they work at on that day: the most recently started open
    posting, so a rotating teacher counts at the host school and nowhere else.
    """
    working = Posting.objects.filter(_open_on(day), staff=OuterRef("pk")).order_by("-start", "-pk")
    staff = Staff.objects.filter(is_active=True).annotate(working_school=Subquery(working.values("school_id")[:1]))
    staffed = set(
        staff.filter(working_school__in=school_ids).values_list("working_school", flat=True).distinct()
    )
    valid_honour = Honour.objects.filter(
        Q(expires__isnull=True) | Q(expires__gte=day), staff=OuterRef("pk"), awarded__lte=day,
        level__in=KEY_TEACHER_LEVELS,
    )
    rows = (
        staff.filter(post_kind=PostKind.TEACHER, working_school__in=school_ids)
        .annotate(is_key=Exists(valid_honour))
        .values("working_school", "teaching_level")
        .annotate(
            full_time_teachers=Count("pk"),
            teachers_above_required_education=Count("pk", filter=_above_required_q()),
            teachers_intermediate_title=Count("pk", filter=Q(title__in=INTERMEDIATE_OR_ABOVE)),
            key_teachers=Count("pk", filter=Q(is_key=True)),
            pe_art_teachers=Count("pk", filter=Q(subject__in=PE_ART_SUBJECTS)),
        )
    )
    counts = {(r["working_school"], r["teaching_level"]): r for r in rows}
    return counts, staffed


def refresh_facts_staff_counts(facts_queryset, *, on: dt.date | None = None) -> int:
    """Recompute the five staff counts of school facts from the people registry and mark them derived.

    Counted for each facts row (school, school year, level part) — policy-facts §1.1 and §2.1:
    full-time teachers working at the school on the day and teaching that part; of them, those above
    the required education (``ABOVE_REQUIRED_EDUCATION``), with an intermediate or higher title
    (正高级/高级/一级), with a valid county-level or higher honour (骨干教师), and teaching PE, music or
    art. Rows of schools with nobody on record keep their hand-entered figures.

    Args:
        facts_queryset: the ``SchoolFacts`` rows to refresh (the caller restricts it to its scope).
        on: the day to count on; by default today, kept inside each row's school year.

    Returns:
        The number of facts rows updated.
    """
    by_year = defaultdict(list)
    for facts in facts_queryset.select_related("school_year"):
        by_year[facts.school_year].append(facts)
    today, now = timezone.localdate(), timezone.now()
    changed = []
    for year, rows in by_year.items():
        day = on or min(max(today, year.start), year.end)
        counts, staffed = _counts_on(day, {f.school_id for f in rows})
        for facts in rows:
            if facts.school_id not in staffed:
                continue
            row = counts.get((facts.school_id, facts.level_part), {})
            for name in STAFF_COUNT_FIELDS:
                setattr(facts, name, row.get(name, 0))
            facts.staff_source = SchoolFacts.StaffSource.DERIVED
            facts.updated = now  # bulk_update does not touch auto_now fields by itself
            changed.append(facts)
    SchoolFacts.objects.bulk_update(changed, [*STAFF_COUNT_FIELDS, "staff_source", "updated"], batch_size=500)
    return len(changed)
