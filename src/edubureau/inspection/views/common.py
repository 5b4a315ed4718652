"""What the 督导 pages share: who manages the settings, the term asked for, the week of a day, URL reversal."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from edubureau.core.roles import Role
from edubureau.core.scope import scope_for
from edubureau.org.models import Term

from .. import services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def manages(user) -> bool:
    """The 督导室 (or an administrator): may change zones, quotas, the calendar, the plan and checklists."""
    scope = scope_for(user)
    return scope.superuser or (scope.role == Role.DEPARTMENT and "inspection" in scope.write_modules)


def _require_manager(user):
    if not manages(user):
        raise PermissionDenied(_("只有督导室可以修改督导设置。"))


def _term_from(request) -> Term | None:
    pk = request.GET.get("term")
    if pk and pk.isdigit():
        return Term.objects.filter(pk=pk).first() or services.current_term()
    return services.current_term()


def _week(today: dt.date) -> tuple[dt.date, dt.date]:
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)
