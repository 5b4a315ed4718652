"""Background work of core: the daily follow-up scan (the apps' own scans, then reminders and escalation)."""

from django_tasks import task

from .followup import run_daily_scans

__all__ = ["scan_followups_task"]


@task()
def scan_followups_task() -> dict:
    report = run_daily_scans()
    return {"reminded": report.reminded, "escalated": report.escalated}
