"""Background work of core: the daily follow-up scan (the apps' own scans, then reminders and escalation)."""

import datetime as dt

from django_tasks import task

from .followup import run_daily_scans_as_system

__all__ = ["scan_followups_task"]


@task()
def scan_followups_task(day: str | None = None, started_by: str = "") -> dict:
    """The daily scan for ``day`` (ISO date; default today), logged as the system's, naming what started it.

    The date is the one the starting page saw, so a task run after midnight still scans the day it was queued for.
    """
    today = dt.date.fromisoformat(day) if day else None
    report = run_daily_scans_as_system(today, started_by=started_by)
    return {"reminded": report.reminded, "escalated": report.escalated}
