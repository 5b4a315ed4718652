"""What every city comparison page (市级对比, issue 16) shares: which counties a user may compare, the county
table with its city total row, its Excel export, and the bar chart's data.

A comparison is shown only to a user whose visible schools span two counties or more (a city leader or
department); a county user is refused (403), so no other county's figure reaches it. Every query goes through
``visible_to``; the figures themselves come from each module's pure engine.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import quote

import django_tables2 as tables
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from edubureau.core.formatting import percent
from edubureau.core.generic.display import cn_number
from edubureau.core.io.safe_workbook import new_workbook

from .models import Region, School

__all__ = ["TABS", "CityComparisonView", "Column", "chart_data", "county_of_schools", "county_table",
           "county_workbook", "region_filter", "require_counties", "spans_counties", "visible_counties",
           "workbook_response"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EMPTY = "—"


def visible_counties(user) -> list[Region]:
    """The counties holding at least one school ``user`` may see, by code (one query)."""
    return list(Region.objects.filter(pk__in=School.objects.visible_to(user).values("region_id")).order_by("code"))


def spans_counties(user) -> bool:
    """True when ``user``'s schools lie in two counties or more (cached on the user for the request's menu)."""
    cached = getattr(user, "_edubureau_spans_counties", None)
    if cached is None:
        ids = School.objects.visible_to(user).values_list("region_id", flat=True).distinct().order_by()[:2]
        cached = len(list(ids)) >= 2
        user._edubureau_spans_counties = cached
    return cached


def require_counties(user) -> list[Region]:
    """The counties ``user`` compares; 403 for a user who sees fewer than two (a county or school user)."""
    counties = visible_counties(user)
    if len(counties) < 2:
        raise PermissionDenied(_("市级对比只对管理多个区县的用户开放。"))
    return counties


def county_of_schools(user, key: str = "pk") -> dict:
    """``{school key: county id}`` for every school ``user`` may see; ``key`` is "pk", "code" or "name"."""
    return dict(School.objects.visible_to(user).values_list(key, "region_id"))


def region_filter(request, user) -> Region | None:
    """The county chosen by ``?region=`` on a module's own page, limited to the regions ``user`` may see.

    A region outside the user's schools (another county) is refused, not silently ignored.
    """
    wanted = request.GET.get("region")
    if not wanted:
        return None
    region = next((r for r in visible_counties(user) if str(r.pk) == wanted), None)
    if region is None:
        raise PermissionDenied(_("您无权查看该区县。"))
    return region


# ---- the table ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a county table: ``kind`` is "text", "int", "pct" (a 0–1 share, shown 85.3%) or "numN"
    (a number with N decimals)."""

    key: str
    label: str
    kind: str = "int"

    def decimals(self) -> int:
        return int(self.kind[3:]) if self.kind.startswith("num") else 0

    def show(self, value) -> str:
        if value is None or value == "":
            return EMPTY
        if self.kind == "text":
            return str(value)
        if self.kind == "pct":
            return percent(value)
        if self.kind.startswith("num"):
            return cn_number(float(value), self.decimals())
        return cn_number(value)


class _Cell(tables.Column):
    def __init__(self, spec: Column, total: dict | None, **kwargs):
        self.spec = spec
        right = {"class": "text-end text-nowrap"} if spec.kind != "text" else {}
        footer = spec.show(total.get(spec.key)) if total is not None else None
        super().__init__(verbose_name=spec.label, attrs={"td": right, "th": right, "tf": right}, footer=footer,
                         empty_values=(), **kwargs)

    def render(self, value, record):
        return self.spec.show(value)

    def value(self, value, record):
        return value


class _CountyCell(tables.Column):
    def __init__(self, label: str, **kwargs):
        super().__init__(verbose_name=label, footer=_("全市合计"), attrs={"tf": {"class": "fw-bold"}}, **kwargs)

    def render(self, value, record):
        url = record.get("url")
        return format_html('<a href="{}">{}</a>', url, value) if url else value


def county_table(request, columns: list[Column], rows: list[dict], total: dict | None):
    """A sortable django-tables2 table of ``rows`` (one per county, key "county", drill-down link "url") whose
    footer is the city total; sorting keeps the total at the bottom."""
    attrs = {"county": _CountyCell(_("区县"))}
    for spec in columns:
        attrs[spec.key] = _Cell(spec, total)
    attrs["Meta"] = type("Meta", (), {
        "attrs": {"class": "table table-hover table-sm align-middle mb-0 text-nowrap eb-city"},
        "template_name": "django_tables2/eb_bootstrap5.html", "empty_text": _("没有可对比的区县数据。"),
        "order_by_field": "sort",
    })
    table = type("CountyTable", (tables.Table,), attrs)(rows)
    RequestConfig(request, paginate=False).configure(table)
    return table


# ---- the workbook -------------------------------------------------------------------------------------------


def county_workbook(title: str, columns: list[Column], rows: list[dict], total: dict | None,
                    notes: list[str] = ()) -> bytes:
    """The county table as xlsx: names written as text (never a formula), rates as numbers shown 0.0%."""
    output = io.BytesIO()
    book = new_workbook(output, in_memory=True)
    sheet = book.add_worksheet(_("区县对比"))
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    bold = book.add_format({"bold": True})
    formats = {"pct": book.add_format({"num_format": "0.0%"}), "int": book.add_format({"num_format": "#,##0"})}
    bold_formats = {"pct": book.add_format({"num_format": "0.0%", "bold": True}),
                    "int": book.add_format({"num_format": "#,##0", "bold": True})}
    for n in range(1, 4):
        formats[f"num{n}"] = book.add_format({"num_format": "#,##0." + "0" * n})
        bold_formats[f"num{n}"] = book.add_format({"num_format": "#,##0." + "0" * n, "bold": True})
    sheet.write_string(0, 0, title, bold)
    line = 1
    for note in notes:
        sheet.write_string(line, 0, str(note))
        line += 1
    top = line + 1
    sheet.write_string(top, 0, _("区县"), header)
    sheet.set_column(0, 0, 16)
    for c, spec in enumerate(columns, 1):
        sheet.write_string(top, c, str(spec.label), header)
        sheet.set_column(c, c, max(10, len(str(spec.label)) * 2))
    body = [(r, False) for r in rows] + ([(total, True)] if total is not None else [])
    for i, (row, is_total) in enumerate(body, top + 1):
        sheet.write_string(i, 0, _("全市合计") if is_total else str(row.get("county", "")), bold if is_total else None)
        for c, spec in enumerate(columns, 1):
            value = row.get(spec.key)
            if value is None or value == "":
                sheet.write_blank(i, c, None)
            elif spec.kind == "text":
                sheet.write_string(i, c, str(value))
            else:
                sheet.write_number(i, c, float(value), (bold_formats if is_total else formats)[spec.kind])
    sheet.freeze_panes(top + 1, 1)
    book.close()
    return output.getvalue()


def workbook_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.xlsx"
    return response


def chart_data(title: str, rows: list[dict], series: list[Column]) -> dict:
    """The small bar chart's data (county names against one or two figures), for ``json_script``."""
    return {
        "title": title, "counties": [r["county"] for r in rows],
        "series": [{"name": str(s.label), "pct": s.kind == "pct",
                    "data": [None if r.get(s.key) is None else round(r[s.key] * (100 if s.kind == "pct" else 1), 2)
                             for r in rows]} for s in series],
    }


# ---- the page -----------------------------------------------------------------------------------------------

# The four comparisons, as tabs across each page and entries of the 市级对比 menu group.
TABS = (("balance:city", gettext_lazy("均衡发展")), ("quality:city", gettext_lazy("考试质量")),
        ("inspection:city", gettext_lazy("督导")), ("evaluation:city", gettext_lazy("学校考核")))


class CityComparisonView(LoginRequiredMixin, TemplateView):
    """A county comparison: subclasses return ``comparison()`` with title, columns, rows, total (and chart,
    notes, filename); ``?export=xlsx`` returns the same table as a workbook."""

    template_name = "org/city_base.html"
    tab = ""

    def comparison(self, counties: list[Region]) -> dict:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        counties = require_counties(request.user)
        ctx = self.comparison(counties)
        columns, rows, total = ctx.get("columns", []), ctx.get("rows"), ctx.get("total")
        if request.GET.get("export") == "xlsx" and rows is not None:
            content = county_workbook(str(ctx["title"]), columns, rows, total, [str(n) for n in ctx.get("notes", ())])
            return workbook_response(ctx.get("filename") or str(ctx["title"]), content)
        query = request.GET.copy()
        query["export"] = "xlsx"
        tabs = []
        for name, label in TABS:
            try:
                tabs.append({"url": reverse(name), "label": label, "active": name == self.tab})
            except NoReverseMatch:
                continue
        ctx.setdefault("empty_text", _("没有可对比的区县数据。"))
        context = self.get_context_data(
            **ctx, table=county_table(request, columns, rows, total) if rows else None,
            export_query=query.urlencode(), city_tabs=tabs)
        return self.render_to_response(context)
