"""市级对比 · 均衡发展 (issue 16): each county's standing on the national indicators, side by side.

The standing of a county is the engine's ``evaluate`` over that county's schools (``engine.counties``); this
view only groups the school parts by county and lays the rows out.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from edubureau.org.city import CityComparisonView, Column, chart_data, county_of_schools

from . import data
from .engine import PRIMARY
from .engine.counties import LEVEL_KEYS, county_standing
from .models import BalanceSettings


def _verdict(value) -> str | None:
    return None if value is None else (_("达标") if value else _("未达标"))


class CityBalanceView(CityComparisonView):
    """Per county: schools, share meeting the school rule, worst CV, CVs over the line, both verdicts."""

    template_name = "balance/city_compare.html"
    tab = "balance:city"

    def comparison(self, counties):
        years = list(data.school_years())
        wanted = self.request.GET.get("year")
        year = next((y for y in years if str(y.start_year) == wanted), None) if wanted else (years or [None])[0]
        if wanted and year is None:
            raise Http404(_("没有该学年的数据"))
        ctx = {"title": _("市级对比 · 均衡发展"), "years": years, "year": year, "rows": None,
               "empty_text": _("还没有学校基本数据，无法计算差异系数。")}
        if year is None:
            return ctx
        county_of = county_of_schools(self.request.user, "code")
        grouped = {c.pk: [] for c in counties}
        for part in data.parts_for(year):
            if county_of.get(part.code) in grouped:
                grouped[county_of[part.code]].append(part)
        rows, total = county_standing(grouped, BalanceSettings.current().standard())
        names = {c.pk: c.name for c in counties}
        for row in [*rows, total]:
            for key in LEVEL_KEYS.values():
                row[f"{key}_quality"] = _verdict(row[f"{key}_quality"])
                row[f"{key}_basic"] = _verdict(row[f"{key}_basic"])
        for row in rows:
            region = row["county"]
            row["county"] = names[region]
            row["url"] = reverse("balance:standing") + "?" + urlencode({"year": year.start_year, "region": region})
        level = self.request.GET.get("level") or PRIMARY
        if level not in LEVEL_KEYS:
            raise Http404(_("没有该学段"))
        key = LEVEL_KEYS[level]
        columns = [
            Column(f"{key}_schools", _("学校数")),
            Column(f"{key}_passing_share", _("学校达标率"), "pct"),
            Column(f"{key}_worst_cv", _("最大校际差异系数"), "num3"),
            Column(f"{key}_cv_over", _("差异系数超标项数")),
            Column(f"{key}_quality", _("优质均衡"), "text"),
            Column(f"{key}_basic_cv", _("基本均衡综合差异系数"), "num3"),
            Column(f"{key}_basic", _("基本均衡"), "text"),
        ]
        shares = [Column(f"{k}_passing_share", _("{level}学校达标率").format(level=lv), "pct")
                  for lv, k in LEVEL_KEYS.items()]
        chart = chart_data(_("各区县学校达标率"), rows, shares)
        ctx.update(rows=rows, total=total, columns=columns, chart=chart, level=level, levels=list(LEVEL_KEYS),
                   filename=_("均衡发展区县对比-{year}-{level}").format(year=year.start_year, level=level),
                   notes=[_("{year}，{level}。每个区县按本区县学校计算校际差异系数（国家评估办法）；"
                            "全市合计一行把全市学校放在一起计算，仅供参考。").format(year=year, level=level),
                          _("学校达标率：达到优质均衡学校标准（至少6项达标、其余不低于85%）的学校占比。")])
        return ctx


