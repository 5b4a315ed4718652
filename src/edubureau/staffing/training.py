"""继续教育 progress from the registry: each teacher's hours of the current five-year cycle against what is due by
now (engine ``training_hours``), and who is behind, by school."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from edubureau.people.choices import PostingReason
from edubureau.people.models import Posting

from .engine.training_hours import Progress, TrainingRules, behind_by_school, progress
from .engine.training_hours import TrainingRecord as EngineTraining
from .models import StaffingSettings, TrainingRecord

__all__ = ["SchoolProgress", "progress_by_school", "records_of", "teacher_progress", "training_rules"]


def training_rules() -> TrainingRules:
    """The cycle of 人事设置: 360 hours in 5 years by the national rule; a province sets its own start."""
    return StaffingSettings.current().training_rules()


@dataclass
class SchoolProgress:
    school: object
    teachers: int
    behind: list[tuple[object, Progress]]  # (staff, progress), most behind first

    @property
    def share_behind(self) -> float:
        return len(self.behind) / self.teachers if self.teachers else 0.0


def records_of(staff_ids) -> dict[int, list[EngineTraining]]:
    """The training records of these staff as the engine reads them, by staff id (one query)."""
    found = defaultdict(list)
    for staff_id, course, hours, level, year in TrainingRecord.objects.filter(staff_id__in=staff_ids).values_list(
            "staff_id", "course", "hours", "level", "year"):
        found[staff_id].append(EngineTraining(str(staff_id), course, float(hours), level, year))
    return found


def teacher_progress(staff, *, today: dt.date) -> tuple[Progress, list[EngineTraining]]:
    """A teacher's progress in the cycle and the records it counts (read once)."""
    records = records_of([staff.pk])[staff.pk]
    return progress(str(staff.pk), records, training_rules(), today=today), records


def progress_by_school(schools, *, today: dt.date) -> list[SchoolProgress]:
    """Every school of ``schools`` with its teachers (school of record) and those behind the cycle's pace."""
    homes = list(Posting.objects.filter(school__in=schools, end__isnull=True, reason=PostingReason.REGULAR,
                                        staff__is_active=True, staff__post_kind="teacher")
                 .select_related("staff", "school").order_by("school__name_pinyin", "school_id"))
    records = [r for rows in records_of([p.staff_id for p in homes]).values() for r in rows]
    behind = behind_by_school({str(p.staff_id): p.school_id for p in homes}, records, training_rules(), today=today)
    staff = {str(p.staff_id): p.staff for p in homes}
    rows: dict[int, SchoolProgress] = {}
    for posting in homes:
        rows.setdefault(posting.school_id, SchoolProgress(posting.school, 0, [
            (staff[p.teacher], p) for p in behind.get(posting.school_id, ())])).teachers += 1
    return list(rows.values())
