"""The balance module's 达标所需投入 list as draft projects, in one step (issue 15).

Of the additions the balance engine proposes (``balance.engine.county_additions``), the buildings become projects:
teaching rooms (教学及辅助用房) a 改扩建 project, sports ground a 运动场 project, one per school and kind, with the
area, the estimated cost as the county's budget line and the 立项 stage planned a month ahead. Staff, equipment and
books are not construction and are left out. Drafting twice changes nothing (the project number names the year,
the school and the kind).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from edubureau.core.scope import can_write

__all__ = ["KINDS", "draft_from_balance"]

KINDS = {"teaching_area": ("改扩建", "JX", "教学及辅助用房扩建"), "sports_area": ("运动场", "YD", "运动场扩建")}


def draft_from_balance(user, year=None, region=None, today: dt.date | None = None) -> list:
    """Create the draft projects ``user`` may write; returns the new ones."""
    from edubureau.balance import data
    from edubureau.balance.engine import county_additions
    from edubureau.balance.models import BalanceSettings
    from edubureau.org.models import School

    from .models import Project

    today = today or timezone.localdate()
    year = year or data.school_years().first()
    if year is None:
        return []
    settings = BalanceSettings.current()
    parts = data.parts_for(year, region)
    takes = county_additions(parts, settings.standard(), settings.unit_costs())
    grouped = defaultdict(lambda: [0.0, 0.0, ""])
    for a in takes["additions"]:
        if a.resource in KINDS:
            entry = grouped[(a.code, a.resource)]
            entry[0] += a.amount
            entry[1] += a.cost
            entry[2] = a.level
    schools = {s.code: s for s in School.objects.visible_to(user).filter(code__in={c for c, _ in grouped})}
    made = []
    with transaction.atomic():
        for (code, resource), (area, cost, level) in sorted(grouped.items()):
            school = schools.get(code)
            kind, tag, what = KINDS[resource]
            number = f"JH{year.start_year}-{code}-{tag}"
            if school is None or Project.objects.filter(number=number).exists():
                continue
            project = Project(number=number, name=f"{school.name}{what}（均衡达标）", school=school, kind=kind,
                              area=Decimal(str(area)).quantize(Decimal("0.1"), ROUND_HALF_UP),
                              budget_county=(Decimal(str(cost)) / 10_000).quantize(Decimal("0.01"), ROUND_HALF_UP),
                              note=f"由{year}均衡发展“达标所需投入”生成的草案（{level}），请核定规模、资金来源和计划日期。")
            project.region_id = school.region_id
            if not can_write(user, project):
                continue
            project.save()
            approved = project.stages.get(step="立项")
            approved.planned = today + dt.timedelta(days=30)
            approved.save()
            made.append(project)
    return made
