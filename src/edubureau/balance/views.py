"""Balance pages: the county's standing, the school × indicator matrix, what it takes, class-size bands."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from . import data
from .engine import BASIC, QUALITY, Standard, county_additions, evaluate
from .export import standing_workbook


def _colour(value: float, line: float | None, share: float) -> str:
    """Cell class by distance to the school line: met, within the 85% tolerance, or short."""
    if line is None:
        return ""
    if value >= line - 1e-9:
        return "table-success"
    return "table-warning" if value >= share * line - 1e-9 else "table-danger"


class BalanceMixin(LoginRequiredMixin):
    standard = Standard()

    def year(self):
        years = list(data.school_years())
        if not years:
            return None, years
        wanted = self.request.GET.get("year")
        for y in years:
            if wanted and str(y.start_year) == wanted:
                return y, years
        if wanted:
            raise Http404(_("没有该学年的数据"))
        return years[0], years


class StandingView(BalanceMixin, TemplateView):
    """The county's standing on 优质均衡 (and 基本均衡): CVs against their lines, per level, with trend."""

    template_name = "balance/standing.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        year, years = self.year()
        ctx.update(title=_("均衡发展达标情况"), year=year, years=years)
        if year is None:
            return ctx
        parts = data.parts_for(year)
        codes = data.visible_codes(self.request.user)
        quality = evaluate(parts, QUALITY, self.standard)
        basic = evaluate(parts, "basic", self.standard)
        share = self.standard.quality_rest_share
        levels = []
        for level, result in quality["levels"].items():
            names = list(result["indicators"])
            matrix = []
            for school in result["schools"]:
                if school["code"] not in codes:
                    continue
                cells = [{"value": school["values"][n], "cls": _colour(
                    school["values"][n], result["indicators"][n]["school_line"], share)} for n in names]
                matrix.append({**school, "cells": cells})
            levels.append({"level": level, "result": result, "names": names, "matrix": matrix,
                           "basic": basic["levels"].get(level)})
        takes = county_additions(parts, self.standard)
        ctx.update(levels=levels, takes=[a for a in takes["additions"] if a.code in codes],
                   takes_cost=takes["cost"], takes_after=takes["after"], takes_passes=takes["passes"],
                   bands=data.class_bands_for(year, self.request.user), trend=self._trend(years))
        return ctx

    def _trend(self, years):
        """Each level's worst single CV (优质均衡) per school year, oldest first, for the chart."""
        series = {}
        for y in reversed(years):
            result = evaluate(data.parts_for(y), QUALITY, self.standard)
            for level, res in result["levels"].items():
                worst = max(i["cv"] for i in res["indicators"].values())
                series.setdefault(level, []).append([y.start_year, round(worst, 3)])
        return {"series": series, "lines": dict(self.standard.quality_cv)}


class ExportView(BalanceMixin, View):
    """The application-style tables of the chosen year as xlsx (school rows cut to the reader's scope)."""

    def get(self, request):
        year, _years = self.year()
        if year is None:
            raise Http404(_("还没有学校基本数据"))
        parts = data.parts_for(year)
        results = {QUALITY: evaluate(parts, QUALITY, self.standard), BASIC: evaluate(parts, BASIC, self.standard)}
        content = standing_workbook(results, "", str(year), data.visible_codes(request.user))
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f"attachment; filename=balance-{year.start_year}.xlsx"
        return response
