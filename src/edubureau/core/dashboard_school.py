"""A school's own 工作台 (issue 17): the school beside its county, not the county layout with "学校数 1 所".

A school administrator reads its enrolment, class sizes and the 优质均衡 resources against the county and the 2017
lines, its latest exam against the county mean, and what it owes. The county figures are aggregates of the school's
own county (sums and means, never another school's row), computed here without ``visible_to`` for that reason; the
comparison itself is the pure ``dashboard_engine.compare_school``.
"""

from __future__ import annotations

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edubureau.balance.models import BalanceSettings
from edubureau.org.choices import LevelPart
from edubureau.org.models import School, SchoolFacts, SchoolYear
from edubureau.people.models import Posting, Staff

from .dashboard_engine import Comparison, FactsRow, compare_school, facility_thresholds
from .figures_cache import cached_figures, register_figures
from .formatting import percent, score
from .generic.display import cn_number
from .scope import scope_for

__all__ = ["SCHOOL_SOURCES", "school_dashboard"]

_FACTS_FIELDS = ("school_id", "level_part", "students", "classes", "classes_46_55", "classes_56_65",
                 "classes_66_plus", "teaching_room_area", "sports_area", "equipment_value", "multimedia_rooms")

LABELS = {
    "students": (gettext_lazy("在校生数"), gettext_lazy("人")),
    "class_size": (gettext_lazy("平均班额"), gettext_lazy("人/班")),
    "oversized": (gettext_lazy("56人及以上班级占比"), ""),
    "ratio": (gettext_lazy("生师比"), ""),
    "room": (gettext_lazy("生均教学及辅助用房"), "㎡"),
    "sports": (gettext_lazy("生均体育运动场馆"), "㎡"),
    "equipment": (gettext_lazy("生均教学仪器设备值"), gettext_lazy("元")),
    "multimedia": (gettext_lazy("每百名学生网络多媒体教室"), gettext_lazy("间")),
}


def _facts(queryset) -> list[FactsRow]:
    return [FactsRow(*r[:7], float(r[7]), float(r[8]), float(r[9]), r[10])
            for r in queryset.values_list(*_FACTS_FIELDS)]


def _teachers(schools) -> int:
    return Staff.objects.filter(is_active=True, post_kind="teacher").with_current_school().filter(
        current_school_id__in=schools.values("pk")).count()


def _latest_exam(school: School) -> dict | None:
    """The school's latest analysed exam: its mean total against the county's (the exam's region or the school's)."""
    from edubureau.quality.models import Exam, ExamResult  # the quality app is optional for the dashboard

    exam = (Exam.objects.filter(status=Exam.Status.READY, results__school=school)
            .select_related("term").order_by("-term__start", "-pk").first())
    if exam is None:
        return None
    results = ExamResult.objects.filter(exam=exam, total__isnull=False)
    county = results.filter(school__region_id=school.region_id).aggregate(
        mean=Avg("total"), n=Count("pk"), schools=Count("school", distinct=True))
    own = results.filter(school=school).aggregate(mean=Avg("total"), n=Count("pk"))
    return {"exam_id": exam.pk, "name": exam.name, "term": str(exam.term), "own_mean": own["mean"],
            "own_n": own["n"], "county_mean": county["mean"], "county_n": county["n"],
            "county_schools": county["schools"]}


def school_figures(user, day) -> dict | None:
    """The figures of the school's 工作台 (cached per school and day by ``core.figures_cache``)."""
    scope = scope_for(user)
    ids = sorted(scope.school_ids or ())
    school = School.objects.filter(pk__in=ids, is_active=True).select_related("region").first()
    year = SchoolYear.objects.filter(is_current=True).first()
    if school is None or year is None:
        return None
    county_schools = School.objects.filter(region_id=school.region_id, is_active=True)
    facts = SchoolFacts.objects.filter(school_year=year)
    rows = compare_school(
        _facts(facts.filter(school=school)), _facts(facts.filter(school__in=county_schools)),
        school_teachers=_teachers(School.objects.filter(pk=school.pk)), county_teachers=_teachers(county_schools),
        county_schools=county_schools.filter(Q(facts__school_year=year)).distinct().count(),
        thresholds=facility_thresholds(BalanceSettings.current().standard()),
    )
    return {"school_id": school.pk, "school": school.name, "county": school.region.name, "year": str(year),
            "rows": rows, "exam": _latest_exam(school)}


def _shown(value, row: Comparison) -> str:
    if value is None:
        return "—"
    if row.kind == "percent":
        return percent(value)
    if row.kind == "ratio":
        return _("{n} : 1").format(n=cn_number(round(value, 1), 1))
    return cn_number(float(value), row.decimals)


VERDICT = {"better": ("text-success", gettext_lazy("优于全县")), "worse": ("text-danger", gettext_lazy("不及全县")),
           "same": ("text-body-secondary", gettext_lazy("与全县持平"))}


COMPARED = {"above": gettext_lazy("高于全县"), "below": gettext_lazy("低于全县"), "same": gettext_lazy("与全县持平")}


def _side(row: Comparison) -> str:
    if row.versus_county in ("", "same"):
        return row.versus_county
    return "above" if row.school > row.county else "below"


def display_rows(rows: list[Comparison]) -> dict[str, list[dict]]:
    """The comparison as table rows: ``{"general": [...], "小学": [...], "初中": [...]}``."""
    out: dict[str, list[dict]] = {}
    for row in rows:
        name, unit = LABELS[row.key.split(":")[-1]]
        css, verdict = VERDICT.get(row.versus_county, ("", ""))
        group = str(LevelPart(row.part).label) if row.part else "general"
        out.setdefault(group, []).append({
            "key": row.key, "label": name, "unit": unit, "school": _shown(row.school, row),
            "county": _shown(row.county, row),
            "line": "" if row.line is None else (_("≤ {v}") if row.better == "lower" else _("≥ {v}")).format(
                v=_shown(row.line, row)),
            "meets": row.meets_line, "verdict": verdict, "css": css,
            # A resource above the county's mean is 高于, not "better": a table of facts beside the 达标 column.
            "comparison": COMPARED.get(_side(row), ""),
        })
    return out


SCHOOL_SOURCES = (School, SchoolFacts, SchoolYear, Staff, Posting, BalanceSettings)


def school_dashboard(user, day) -> dict | None:
    """The context of a school's 工作台: its figures beside the county's, ready to print; None without data."""
    from edubureau.quality.models import Exam, ExamResult

    figures = cached_figures("dashboard-school", user, day=day, sources=(*SCHOOL_SOURCES, Exam, ExamResult))
    if figures is None:
        return None
    exam = figures["exam"]
    if exam is not None:
        gap = (exam["own_mean"] - exam["county_mean"]
               if exam["own_mean"] is not None and exam["county_mean"] is not None else None)
        exam = {**exam, "own": score(exam["own_mean"]), "county_text": score(exam["county_mean"]),
                "gap": None if gap is None else ("+" if gap > 0 else "") + score(gap),
                "css": "" if gap is None else "text-success" if gap > 0 else "text-danger" if gap < 0 else "",
                "own_n": cn_number(exam["own_n"]), "county_n": cn_number(exam["county_n"])}
    return {**figures, "tables": display_rows(figures["rows"]), "exam": exam}


register_figures("dashboard-school", school_figures)
