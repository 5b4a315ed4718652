"""What the modules' demo stories share: the demo school's login, a department's login, and stepping over working
days."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from edubureau.core.roles import Role

__all__ = ["ONE_DAY", "demo_office", "demo_school_head", "working_day"]

ONE_DAY = dt.timedelta(days=1)


def demo_school_head():
    """The first school administrator with a school: the demo's school login, whose school the stories play at."""
    return get_user_model().objects.filter(profile__role=Role.SCHOOL, profile__school__isnull=False).order_by(
        "pk").first()


def demo_office(module: str):
    """The first login of the first department owning ``module`` (the demo's clerk for it), or None."""
    from edubureau.org.models import Department

    department = next((d for d in Department.objects.order_by("pk") if module in (d.modules or [])), None)
    return get_user_model().objects.filter(profile__department=department).order_by("pk").first()


def working_day(calendar, day: dt.date, offset: int) -> dt.date:
    """The working day ``offset`` working days after (or before) ``day``; 0 is ``day`` itself if it is one."""
    step = ONE_DAY if offset >= 0 else -ONE_DAY
    left = abs(offset)
    while not calendar.is_working_day(day):
        day += step
    while left:
        day += step
        if calendar.is_working_day(day):
            left -= 1
    return day
