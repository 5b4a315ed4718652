"""How a registry value reads on a page: Chinese dates, thousands separators, 是/否, choice labels, links.

One place for it, so detail cards, history rows and tables write 2025年9月1日 and 1,234 alike.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import PurePosixPath

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..formatting import round_half_up
from .urls import readable_url

__all__ = ["EMPTY", "UNGROUPED_FIELDS", "cn_date", "cn_number", "field_rows", "format_value"]

EMPTY = "—"

# Integer fields that are codes or years, not quantities: no thousands separator (2025, not 2,025).
UNGROUPED_FIELDS = frozenset({"start_year", "founded", "grade", "number", "post_grade", "size", "year",
                              "dwellings_ready"})


def cn_date(value) -> str:
    """2025年9月1日 (a datetime also shows the time, in the bureau's time zone)."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "Y年n月j日 H:i")
    return date_format(value, "Y年n月j日")


def cn_number(value, decimals: int | None = None) -> str:
    """1,234 or 1,234.50: thousands separators, as the bureau's statistical tables print them."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, Decimal | float):
        if decimals is None:
            decimals = 0 if value == int(value) else 2
        return f"{round_half_up(value, decimals):,.{decimals}f}"  # 四舍五入, as core.formatting (issue 17)
    return f"{int(value):,}"


def format_value(obj, field, user=None) -> str:
    """The display text (safe HTML) of ``field`` on ``obj``; a related row linked only if ``user`` may open it."""
    if field.choices and not field.is_relation:
        return getattr(obj, f"get_{field.name}_display")() if getattr(obj, field.attname) not in (None, "") else EMPTY
    value = getattr(obj, field.name)
    if value is None or value == "":
        return EMPTY
    if isinstance(field, models.BooleanField):
        return str(_("是")) if value else str(_("否"))
    if isinstance(field, models.FileField):
        from ..files import file_url  # the one scoped route for uploaded files; none for a field it does not serve

        url, name = file_url(obj, field.name), PurePosixPath(value.name).name
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, name) if url else name
    if isinstance(field, models.ForeignKey):
        url = readable_url(user, value)
        return format_html('<a href="{}">{}</a>', url, value) if url else str(value)
    if isinstance(field, models.DateField | models.DateTimeField):
        return cn_date(value)
    if isinstance(field, models.DecimalField):
        return cn_number(value)
    if isinstance(field, models.IntegerField) and field.name not in UNGROUPED_FIELDS:
        return cn_number(value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def field_rows(obj, names=None, *, exclude=("id", "created", "updated"), overrides=None, user=None) -> list[dict]:
    """Label/value pairs of a detail card, in model order (or the order of ``names``).

    ``overrides`` maps a field name to a ready display value (e.g. a masked ID number); ``user``, when given, keeps
    the links to related rows they may not open off the card.
    """
    overrides = overrides or {}
    fields = [f for f in obj._meta.concrete_fields if f.name not in exclude]
    if names is not None:
        by_name = {f.name: f for f in fields}
        fields = [by_name[n] for n in names]
    rows = []
    for field in fields:
        value = overrides[field.name] if field.name in overrides else format_value(obj, field, user)
        rows.append({"name": field.name, "label": field.verbose_name, "value": value})
    return rows
