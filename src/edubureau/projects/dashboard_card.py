"""The 工作台 card of 建设项目: projects under way, late stages, projects over budget (in the reader's scope)."""

from __future__ import annotations

import datetime as dt

from .engine import stage_late
from .models import Payment, Project, Stage

__all__ = ["SOURCES", "projects_card"]

SOURCES = (Project, Stage, Payment)


def projects_card(user, day: dt.date) -> dict | None:
    from .services import projects_for

    projects = list(projects_for(user))
    if not projects:
        return None
    open_ = [p for p in projects if not any(s.step == "交付" and s.actual for s in p.stages.all())]
    late = sum(1 for p in projects for s in p.stages.all() if s.actual is None and stage_late(s.planned, None, day))
    over = sum(1 for p in projects if p.over_budget(p.payments.all()))
    return {"open": len(open_), "late": late, "over": over}
