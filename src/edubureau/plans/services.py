"""Turn a parsed plan into a WorkPlan with its task tree and targets (one transaction)."""

from __future__ import annotations

from django.db import transaction

from .engine import ParsedPlan, parse_text
from .models import Target, Task, WorkPlan


@transaction.atomic
def import_plan(source_text: str, *, title: str, year: int, issuing_body: str = "", source_name: str = "") -> WorkPlan:
    """Parse ``source_text`` and create the plan, one task per heading (parents kept), targets under their tasks."""
    parsed: ParsedPlan = parse_text(source_text)
    plan = WorkPlan.objects.create(
        title=title, year=year, issuing_body=issuing_body, source_name=source_name, source_text=source_text
    )
    tasks: dict[str, Task] = {}
    for position, heading in enumerate(parsed.headings()):
        parent_id = heading.id.rsplit(".", 1)[0] if "." in heading.id else None
        tasks[heading.id] = Task.objects.create(
            plan=plan,
            parent=tasks.get(parent_id),
            item=heading.id,
            marker=heading.marker,
            level=heading.level,
            position=position,
            title=heading.title or heading.text[:200],
            text=heading.text,
        )
    Target.objects.bulk_create(
        Target(
            plan=plan,
            task=tasks.get(t.item) if t.item else None,
            text=t.text[:100],
            number=t.number,
            low=t.low,
            high=t.high,
            comparator=t.comparator or "",
            unit=t.unit,
            counted=t.object[:100],
            deadline_text=(t.deadline or "")[:32],
            unknown=t.unknown,
        )
        for t in parsed.targets
    )
    return plan
