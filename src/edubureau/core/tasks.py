"""Background work of core: the daily follow-up scan (reminders before deadlines, escalation after them)."""

from django_tasks import task

from .followup import scan_followups

__all__ = ["scan_followups_task"]


@task()
def scan_followups_task() -> dict:
    report = scan_followups()
    return {"reminded": report.reminded, "escalated": report.escalated}
