"""Base table of the registry lists: Bootstrap look, Chinese empty text, first column links to the row."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tables2.columns.base import LinkTransform
from django_tables2.utils import OrderByTuple

from .generic.display import cn_date, cn_number
from .generic.urls import object_url, readable_url

__all__ = ["BaseTable", "BooleanColumn", "DateColumn", "NumberColumn", "ReadableLinkColumn"]


class BooleanColumn(tables.Column):
    """是 / 否 instead of check marks (they print and export badly)."""

    def render(self, value):
        return _("是") if value else _("否")


class DateColumn(tables.Column):
    """2025年9月1日."""

    def render(self, value):
        return cn_date(value)


class NumberColumn(tables.Column):
    """1,234, right-aligned."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return cn_number(value)


class ReadableLinkColumn(tables.Column):
    """A related row, linked only when the reader may open it: a pairing names a partner school outside a school's or
    inspector's scope, whose page would answer 404 (found by the load benchmark's clicks)."""

    def render(self, value, table):
        request = getattr(table, "request", None)
        url = readable_url(request.user, value) if request is not None else ""
        return format_html('<a href="{}">{}</a>', url, value) if url else str(value)


class BaseTable(tables.Table):
    """Every registry list. The first column links to the row's detail page unless it links elsewhere."""

    class Meta:
        attrs = {"class": "table table-hover table-sm align-middle mb-0"}
        empty_text = _("没有符合条件的记录。")
        default = "—"
        template_name = "django_tables2/eb_bootstrap5.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first = self.columns[self.sequence[0]]
        if first.link is None:
            first.link = LinkTransform(url=lambda record: object_url(record, "detail"))
        # A name column of a row that keeps a pinyin key sorts by pinyin (core.pinyin, issue 17).
        model = getattr(self._meta, "model", None)
        if model is not None and "name" in self.base_columns and any(
                f.name == "name_pinyin" for f in model._meta.get_fields()):
            self.columns["name"].column.order_by = OrderByTuple(("name_pinyin", "name"))
