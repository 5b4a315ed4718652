"""What a 师德 record vetoes outside the promotion rules: an honour (评优评先) awarded while a sanction runs."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from edubureau.core.generic.display import cn_date

from .engine.conduct_records import active_sanction
from .models import ConductRecord

__all__ = ["honour_veto"]


def honour_veto(staff, day: dt.date) -> str | None:
    """Why ``staff`` may not be honoured on ``day``: a sanction running then (一票否决), or None."""
    rows = {r.as_engine(): r for r in ConductRecord.objects.filter(staff=staff, kind=ConductRecord.Kind.VIOLATION)}
    running = active_sanction(rows, day)
    if running is None:
        return None
    end = rows[running].sanction_until  # None for 开除, which never ends
    until = _("（处分期至{day}）").format(day=cn_date(end)) if end else ""
    return _("该教职工在师德处分期内{until}，评优评先一票否决").format(until=until)
