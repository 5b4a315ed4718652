"""The 工作台 card of safety: open and overdue hazards in the reader's scope, and the 重大 ones named (the leaders'
report of a 重大 hazard shows here the day it is recorded)."""

from __future__ import annotations

import datetime as dt

from edubureau.core.followup_models import OPEN_STATES, FollowUp

from .models import Hazard

__all__ = ["SOURCES", "safety_card"]

SOURCES = (Hazard, FollowUp)


def safety_card(user, day: dt.date) -> dict | None:
    hazards = Hazard.objects.visible_to(user).filter(followup__state__in=OPEN_STATES)
    rows = list(hazards.values_list("pk", "grade", "deadline", "school__name", "description"))
    if not rows and not Hazard.objects.visible_to(user).exists():
        return None
    grave = [r for r in rows if r[1] == "重大"]
    return {
        "open": len(rows), "overdue": sum(1 for r in rows if r[2] and r[2] < day), "grave": len(grave),
        "grave_rows": [{"pk": pk, "school": school, "description": text[:40]}
                       for pk, _g, _d, school, text in grave[:5]],
    }
