"""市级对比 · 考试质量 (issue 16): a city exam's results by county — 三率一分 per county with the city row.

The county level comes from the school level of ``Exam.report`` through the pure ``engine.counties``; schools
are put in counties by the registry (``visible_to``), so only the reader's counties appear.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from edubureau.org.city import CityComparisonView, Column, chart_data
from edubureau.org.models import School

from .engine.config import TOTAL
from .engine.counties import county_level
from .models import Exam
from .services import report_for

COLUMNS = (
    ("schools", "学校数", "int"), ("n", "参考人数", "int"), ("absent", "缺考人数", "int"),
    ("mean", "平均分", "num2"), ("ratio", "比均率", "num3"), ("rank", "名次", "int"),
    ("excellent_rate", "优秀率", "pct"), ("good_rate", "良好率", "pct"), ("pass_rate", "及格率", "pct"),
    ("low_rate", "低分率", "pct"), ("mean_rate", "得分率", "pct"), ("std", "标准差", "num2"),
    ("max", "最高分", "num1"), ("min", "最低分", "num1"),
)


def city_exams(user):
    """The analysed city exams (``Exam.region`` a 市) ``user`` may see, newest first."""
    # The analysis JSON (megabytes for a city exam) is read for the chosen exam only, when the page asks for it.
    return (Exam.objects.visible_to(user).filter(region__level="city", status=Exam.Status.READY)
            .select_related("term__school_year", "region").defer("report"))


def cut_to_region(report: dict, names: set[str]) -> dict:
    """``report`` with only the schools and classes named in ``names`` (a county's drill-down)."""
    subjects = {name: {**entry, "zones": [],
                       "schools": [s for s in entry.get("schools", []) if s["school"] in names],
                       "classes": [c for c in entry.get("classes", []) if c["school"] in names]}
                for name, entry in report.get("subjects", {}).items()}
    return {**report, "subjects": subjects}


class CityQualityView(CityComparisonView):
    """Per county: schools, candidates, mean, 比均率, rank, the four rates, 得分率, spread."""

    template_name = "quality/city_compare.html"
    tab = "quality:city"

    def comparison(self, counties):
        user = self.request.user
        exams = list(city_exams(user))
        wanted = self.request.GET.get("exam")
        exam = next((e for e in exams if str(e.pk) == wanted), None) if wanted else (exams or [None])[0]
        if wanted and exam is None:
            raise Http404(_("没有该考试"))
        ctx = {"title": _("市级对比 · 考试质量"), "exams": exams, "exam": exam, "rows": None,
               "empty_text": _("还没有已分析的市级统考。")}
        if exam is None:
            return ctx
        report = report_for(user, exam)
        subject = self.request.GET.get("subject") or TOTAL
        if subject not in report.get("subjects", {}):
            raise Http404(_("没有该学科"))
        names = {c.pk: c.name for c in counties}
        county_of = {name: region for name, region in School.objects.visible_to(user).values_list("name", "region_id")
                     if region in names}
        # Every county the user sees gets a row, in code order, even one with no candidate.
        rows, total = county_level(report["subjects"][subject], county_of, counties=list(names))
        for row in rows:
            region = row["county"]
            row["county"] = names[region]
            row["url"] = (reverse("quality:exam_detail", args=[exam.pk]) + "?"
                          + urlencode({"subject": subject, "region": region}))
        columns = [Column(key, _(label), kind) for key, label, kind in COLUMNS]
        total["ratio"] = 1.0 if total["mean"] else None
        chart = chart_data(_("各区县{subject}优秀率与及格率").format(subject=subject), rows,
                           [c for c in columns if c.key in ("excellent_rate", "pass_rate")])
        ctx.update(rows=rows, total=total, columns=columns, chart=chart, subject=subject,
                   subjects=list(report["subjects"]),
                   filename=_("{exam}-{subject}-区县对比").format(exam=exam.name, subject=subject),
                   notes=[_("{exam}（{term}）· {subject}，满分{full}。").format(
                              exam=exam.name, term=exam.term, subject=subject,
                              full=f"{report['subjects'][subject]['full']:g}"),
                          _("区县数据由各校数据汇总：人数相加，平均分、各率按参考人数加权，标准差按全体考生计算；"
                            "比均率为区县平均分除以全市平均分。")])
        return ctx
