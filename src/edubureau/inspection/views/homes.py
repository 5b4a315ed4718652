"""督导首页: the inspector's week and open notices, a school's notices and deadlines, the bureau's overview."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.followup import ensure_daily_scan
from edubureau.core.scope import can_write

from .. import services
from ..models import Visit
from .common import _week

# ---- homes ----------------------------------------------------------------------------------------------------


@login_required
def home(request):
    """The inspector's week and open notices; a school's notices and deadlines; the bureau's overview."""
    ensure_daily_scan()  # reminders before deadlines, escalation after them (once a day, in the background)
    today = timezone.localdate()
    user = request.user
    notices = list(services.open_notices(user, today)[:50])
    if services.is_school(user):
        settled = (services.notices_visible_to(user).exclude(followup__state__in=("issued", "responded", "returned"))
                   .order_by("-followup__closed_on")[:20])
        return render(request, "inspection/school_home.html", {
            "title": _("本校整改通知"), "notices": notices, "settled": settled, "today": today,
        })
    monday, sunday = _week(today)
    inspector = services.inspector_of(user)
    week = services.planned_visible_to(user).filter(day__gte=monday, day__lte=sunday)
    if inspector is not None:
        week = week.filter(inspector=inspector)
    week = list(week.select_related("inspector", "visit").prefetch_related("schools").order_by("day", "inspector"))
    zones = services.zones_visible_to(user).filter(term=services.current_term(today))
    if inspector is not None:
        zones = zones.filter(inspectors=inspector)
    recent = list(services.visits_visible_to(user).filter(day__lte=today).prefetch_related("schools", "inspectors")
                  [:8])
    return render(request, "inspection/home.html", {
        "title": _("督导首页"), "today": today, "monday": monday, "sunday": sunday, "week": week,
        "notices": notices, "overdue": sum(1 for n in notices if n.due < today), "inspector": inspector,
        "zones": zones.prefetch_related("schools", "inspectors"), "recent": recent,
        "can_record": can_write(user, Visit),
    })
