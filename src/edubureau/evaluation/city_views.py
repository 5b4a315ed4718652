"""市级对比 · 学校考核 (issue 16): how the grades of 学校考核 fall in each county.

A year's view puts together every scheme of that year the reader may see (each county may run its own, or the
city one for all); one scheme can be chosen instead. Scores and grades are the engine's (``services.result_of``);
``engine.counties`` only counts them per county.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from edubureau.org.city import CityComparisonView, Column, chart_data, county_of_schools

from . import services
from .engine.counties import SchoolGrade, grade_distribution
from .models import Scheme


class CityEvaluationView(CityComparisonView):
    """Per county: schools evaluated, count and share of each grade, mean total, vetoed schools."""

    template_name = "evaluation/city_compare.html"
    tab = "evaluation:city"

    def _chosen(self, schemes):
        wanted = self.request.GET.get("scheme")
        if wanted:
            scheme = next((s for s in schemes if str(s.pk) == wanted), None)
            if scheme is None:
                raise Http404(_("没有该考核方案"))
            return scheme.year, [scheme], scheme
        years = sorted({s.year for s in schemes}, reverse=True)
        year = self.request.GET.get("year") or (str(years[0]) if years else None)
        if year is not None and year not in {str(y) for y in years}:
            raise Http404(_("没有该年度的考核方案"))
        return (int(year) if year else None), [s for s in schemes if str(s.year) == year], None

    def comparison(self, counties):
        user = self.request.user
        schemes = list(Scheme.objects.visible_to(user).order_by("-year", "-pk"))
        year, chosen, scheme = self._chosen(schemes)
        ctx = {"title": _("市级对比 · 学校考核"), "schemes": schemes, "scheme": scheme, "year": year,
               "years": sorted({s.year for s in schemes}, reverse=True), "rows": None,
               "empty_text": _("还没有可查看的考核结果。")}
        county_of = county_of_schools(user, "code")
        names = {c.pk: c.name for c in counties}
        grades: list[str] = []
        lowest: set[str] = set()
        schools: list[SchoolGrade] = []
        link: dict[int, int] = {}  # county → the scheme its drill-down opens
        used = []
        for s in chosen:
            version = services.visible_version(user, s)
            if version is None:
                continue
            result = services.result_of(version)
            used.append(f"{s.title}（{version.label}）")
            grades += [g for g in result.scheme.grades.names if g not in grades]
            lowest.add(result.scheme.grades.lowest)
            for school in result.schools:
                county = county_of.get(school.key)
                if county in names:
                    schools.append(SchoolGrade(county, school.grade, school.total, school.vetoed))
                    link.setdefault(county, s.pk)
        if not used:
            return ctx
        # The lowest grade of every scheme ends the list, whatever order the schemes named them in.
        grades = [g for g in grades if g not in lowest] + [g for g in grades if g in lowest]
        rows, total = grade_distribution(schools, grades, list(names))
        for row in rows:
            region = row["county"]
            row["county"] = names[region]
            if region in link:
                row["url"] = (reverse("evaluation:ranking_scheme", args=[link[region]]) + "?"
                              + urlencode({"region": region}))
        columns = [Column("schools", _("参评学校")), Column("mean_total", _("平均总分"), "num2")]
        for i, grade in enumerate(grades):
            columns += [Column(f"grade_{i}", _("{grade}（所）").format(grade=grade)),
                        Column(f"grade_{i}_share", _("{grade}占比").format(grade=grade), "pct")]
        columns.append(Column("vetoed", _("一票否决")))
        chart = chart_data(_("各区县等次分布"), rows, [c for c in columns if c.kind == "pct"])
        ctx.update(rows=rows, total=total, columns=columns, chart=chart,
                   filename=_("学校考核区县对比-{year}").format(year=year),
                   notes=[_("考核结果：{schemes}。").format(schemes="、".join(used)),
                          _("各区县按其学校在考核中的等次统计；平均总分为参评学校总分的平均（不同类别学校的总分仅供参考）。")])
        return ctx
