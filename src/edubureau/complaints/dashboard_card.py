"""The 信访 card of the 工作台: open and overdue cases in the reader's reach (no identity)."""

from __future__ import annotations

import datetime as dt

from edubureau.core.followup_models import FollowUp

from .models import Complaint
from .permissions import reads_complaints

SOURCES = (Complaint, FollowUp)


def complaints_card(user, day: dt.date) -> dict | None:
    if not reads_complaints(user):
        return None
    rows = Complaint.objects.visible_to(user)
    open_count = rows.open().count()
    if not open_count:
        return None
    return {"open": open_count, "overdue": rows.overdue(day).count(),
            "unassigned": rows.filter(followup__isnull=True).count()}
