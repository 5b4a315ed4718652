"""Background work of core: the daily follow-up scan (the apps' own scans, then reminders and escalation), and the
dashboards' figures recomputed after a change (``core.figures_cache``)."""

import datetime as dt

from django_tasks import task

from .followup import run_daily_scans_as_system

__all__ = ["refresh_figures_task", "scan_followups_task"]


@task()
def scan_followups_task(day: str | None = None, started_by: str = "") -> dict:
    """The daily scan for ``day`` (ISO date; default today), logged as the system's, naming what started it.

    The date is the one the starting page saw, so a task run after midnight still scans the day it was queued for.
    """
    today = dt.date.fromisoformat(day) if day else None
    report = run_daily_scans_as_system(today, started_by=started_by)
    return {"reminded": report.reminded, "escalated": report.escalated}


@task()
def refresh_figures_task(kind: str, user_id: int, day: str, params: dict, sources: list[str]) -> None:
    """Recompute one cached entry of dashboard figures for ``user_id``'s scope (``figures_cache.refresh_figures``)."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    from .figures_cache import refresh_figures

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None:
        refresh_figures(kind, user, dt.date.fromisoformat(day), params, [apps.get_model(label) for label in sources])
