"""Pages of 体质健康: the county overview, a school's report, a class, a pupil's card, the upload and the export.

The figures are the engine's (``engine.scoring.summarise``) over the results the reader may see; a school reads its
own pupils only, and the county's mean points as a yardstick (a figure of the whole county, naming no school)."""

from __future__ import annotations

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.figures_cache import cached_figures, register_figures
from edubureau.core.listexport import xlsx_response
from edubureau.core.roles import Role
from edubureau.core.scope import can_write, scope_for
from edubureau.core.uploads import FileRefused, check_upload, refusal_message
from edubureau.org.models import School

from . import services
from .engine.scoring import graduation_score, summarise
from .engine.standard import GRADE_NAMES, items_for
from .forms import UploadForm
from .models import FitnessResult, FitnessSettings, FitnessTest
from .permissions import reads_identity
from .targets import targets_for

LEVELS = ("优秀", "良好", "及格", "不及格")
RATES = ("pass", "good", "excellent")


def _years(results) -> list[int]:
    return sorted(set(results.values_list("test__year", flat=True)), reverse=True)


def _wanted_year(request) -> int | None:
    """The 学年 the visitor asked for (``?year=``), None when absent or not a number."""
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return None


def _pick_year(wanted: int | None, years: list[int]) -> int | None:
    """The year asked for when there are results of it, else the latest year with results."""
    return wanted if wanted in years else (years[0] if years else None)


def _one(summary: list[dict]) -> dict | None:
    return summary[0] if summary else None


MIN_PUPILS_FOR_ALARM = 30  # a small school's item mean moves by chance: 12 pupils are no trend


def _drops(current: dict | None, previous: dict | None, threshold: float = 10) -> list[dict]:
    """Items whose mean points fell by ``threshold`` or more since last year (a 1000米跑 that collapsed), in groups
    large enough for the fall to mean something."""
    if not current or not previous or min(current["scored"], previous["scored"]) < MIN_PUPILS_FOR_ALARM:
        return []
    out = []
    for item, mean in current["mean_points"].items():
        before = previous["mean_points"].get(item)
        if before is not None and before - mean >= threshold:
            out.append({"item": item, "before": before, "now": mean, "change": mean - before})
    return sorted(out, key=lambda d: d["change"])


def _below(summary: dict | None, targets) -> bool:
    rate = summary["rates"]["pass"] if summary else None
    return rate is not None and rate * 100 < targets["pass"].value


def _change(current: dict | None, previous: dict | None, rate: str) -> float | None:
    """The change of a rate in percentage points, None when either year lacks it."""
    if not current or not previous:
        return None
    a, b = current["rates"][rate], previous["rates"][rate]
    return None if a is None or b is None else (a - b) * 100


def _chart_text() -> dict:
    return {"points": _("平均得分"), "county": _("全县"), "school": _("本校"), "last_year": _("上一学年"),
            "pass": _("合格率"), "good": _("优良率"), "excellent": _("优秀率"), "year_suffix": _("学年")}


def _frame_summary(frame, by: tuple[str, ...] = ()) -> list[dict]:
    return summarise(frame, by) if frame.height else []


def county_figures(user, day, year: int | None = None) -> dict:
    """Everything the overview shows that is computed from the results: read once, summarised with polars."""
    frame = services.results_frame(FitnessResult.objects.visible_to(user))
    years = sorted(set(frame["学年"].to_list()), reverse=True) if frame.height else []
    year = _pick_year(year, years)
    if year is None:
        return {"years": [], "year": None}
    this_year, last_year = frame.filter(pl.col("学年") == year), frame.filter(pl.col("学年") == year - 1)
    county, last = _one(_frame_summary(this_year)), _one(_frame_summary(last_year))
    by_year = {row["学年"]: row for row in _frame_summary(frame, ("学年",))}
    before = {row["学校"]: row for row in _frame_summary(last_year, ("学校", "学校名称"))}
    schools = _frame_summary(this_year, ("学校", "学校名称"))
    zones_before = {row["片区"]: row for row in _frame_summary(last_year, ("片区",))}
    zones = _frame_summary(this_year, ("片区",))
    for row in zones:
        row["pass_change"] = _change(row, zones_before.get(row["片区"]), "pass")
    for row in schools:
        row["previous"] = before.get(row["学校"])
        row["drops"] = _drops(row, row["previous"])
        row["pass_change"] = _change(row, row["previous"], "pass")
    items = list(county["mean_points"]) if county else []
    return {
        "years": years, "year": year, "county": county, "last": last, "schools": schools, "zones": zones,
        "chart": {"years": sorted(by_year),
                  "trend": {k: [by_year[y]["rates"][k] for y in sorted(by_year)] for k in RATES},
                  "items": items, "means": [county["mean_points"][i] for i in items],
                  "last_means": [last["mean_points"].get(i) if last else None for i in items]},
    }


register_figures("fitness-county", county_figures)
SOURCES = (FitnessResult, FitnessTest)


@login_required
def home(request):
    """全县体质健康总览: rates against the targets, the trend, each school, the weak items."""
    scope = scope_for(request.user)
    if scope.role == Role.SCHOOL and scope.school_ids:
        return redirect("fitness:school", pk=min(scope.school_ids))
    figures = cached_figures("fitness-county", request.user, day=timezone.localdate(), sources=SOURCES,
                             params={"year": _wanted_year(request)})
    year = figures["year"]
    context = {"title": _("体质健康总览"), **figures, "may_upload": can_write(request.user, FitnessTest)}
    if year is not None:
        targets = targets_for(request.user, year)
        for row in (*figures["schools"], *figures["zones"]):
            row["below"] = _below(row, targets)
        context.update({
            "targets": targets, "county_below": _below(figures["county"], targets),
            "alarms": [row for row in figures["schools"] if row["drops"]],
            "tests": FitnessTest.objects.visible_to(request.user).filter(year=year).select_related(
                "school", "imported_by"),
            "chart": {**figures["chart"], "text": _chart_text()},
        })
    return render(request, "fitness/home.html", context)


def county_means(user, day, region: int | None, year: int) -> dict | None:
    """The county's summary of ``year`` — the yardstick a school's report shows. It names no school, so it is counted
    over every school of the county whatever the reader's scope."""
    rows = FitnessResult.objects.filter(test__year=year)
    if region is not None:
        rows = rows.filter(test__school__region_id=region)
    return _one(services.summary(rows))


register_figures("fitness-county-means", county_means)


def _school_or_404(request, pk) -> School:
    school = get_object_or_404(School.objects.visible_to(request.user), pk=pk)
    return school


@login_required
def school(request, pk):
    """一校体质健康报告: rates, the item profile against the county, grades, classes, change from last year."""
    school = _school_or_404(request, pk)
    results = FitnessResult.objects.visible_to(request.user).filter(test__school=school)
    years = _years(results)
    year = _pick_year(_wanted_year(request), years)
    context = {"title": _("{school}体质健康报告").format(school=school.name), "school": school, "years": years,
               "year": year, "may_upload": can_write(request.user, FitnessTest)}
    if year is None:
        return render(request, "fitness/school.html", context)
    here = results.filter(test__year=year)
    summary = _one(services.summary(here))
    previous = _one(services.summary(results.filter(test__year=year - 1)))
    county = cached_figures("fitness-county-means", request.user, day=timezone.localdate(), sources=SOURCES,
                            params={"region": school.region_id, "year": year})
    grades = services.summary(here, ("年级编号",))
    for row in grades:
        row["name"] = GRADE_NAMES.get(row["年级编号"], row["年级编号"])
    classes = services.summary(here, ("年级编号", "班级名称"))
    levels = {level: here.filter(level=level).count() for level in LEVELS}
    items = list(summary["mean_points"]) if summary else []
    context.update({
        "summary": summary, "previous": previous, "county": county, "grades": grades, "classes": classes,
        "levels": levels, "drops": _drops(summary, previous), "pass_change": _change(summary, previous, "pass"),
        "test": FitnessTest.objects.filter(school=school, year=year).first(),
        "may_export": reads_identity(request.user, school),
        "chart": {"text": _chart_text(), "items": items,
                  "school": [summary["mean_points"][i] for i in items] if summary else [],
                  "county": [county["mean_points"].get(i) if county else None for i in items],
                  "last_year": [previous["mean_points"].get(i) if previous else None for i in items]},
    })
    return render(request, "fitness/school.html", context)


@login_required
def klass(request, pk):
    """一个班的体质健康成绩: every pupil's items, total and 等级."""
    school = _school_or_404(request, pk)
    grade, name = request.GET.get("grade", ""), request.GET.get("class", "")
    if grade not in GRADE_NAMES:
        raise Http404(_("请从学校报告的班级列表进入（年级编号不正确）。"))
    results = FitnessResult.objects.visible_to(request.user).filter(test__school=school)
    years = _years(results)
    year = _pick_year(_wanted_year(request), years)
    pupils = list(results.filter(test__year=year, grade_code=grade, class_name=name).order_by("student_no"))
    summary = _one(services.summary(results.filter(test__year=year, grade_code=grade, class_name=name)))
    items = list(summary["mean_points"]) if summary else []
    for p in pupils:
        p.cells = [p.points.get(i) for i in items]
    return render(request, "fitness/class.html", {
        "title": _("{school}{grade}{klass}体质健康成绩").format(school=school.name, grade=GRADE_NAMES[grade],
                                                           klass=name),
        "school": school, "year": year, "grade": grade, "grade_name": GRADE_NAMES[grade], "class_name": name,
        "pupils": pupils, "items": items, "summary": summary})


@login_required
def pupil(request, pk):
    """学生体质健康卡 for the parent meeting: each item's raw value and points, the total, last year and what the
    next band takes."""
    result = get_object_or_404(FitnessResult.objects.visible_to(request.user).select_related("test__school"), pk=pk)
    history = list(FitnessResult.objects.visible_to(request.user).filter(student_no=result.student_no)
                   .exclude(pk=result.pk).select_related("test").order_by("test__year"))
    items = items_for(result.sex, result.grade_code)
    rows = [{"item": item, "raw": result.raw.get(item, "") if item != "体重指数（BMI）" else (
                f"{result.bmi:.1f}（{result.bmi_band}）" if result.bmi is not None else ""),
             "points": result.points.get(item)} for item in items]
    earlier = [h.total for h in history if h.total is not None and h.test.year < result.test.year]
    final_weight = float(FitnessSettings.current().final_year_weight) / 100
    graduating = result.grade_code in ("16", "23", "33", "44") and result.total is not None
    return render(request, "fitness/pupil.html", {
        "title": _("学生体质健康卡"), "result": result, "rows": rows, "history": history,
        "graduation": graduation_score(result.total, earlier, final_weight=final_weight) if graduating else None,
        "next_band": _next_band(result.total)})


def _next_band(total: float | None) -> dict | None:
    if total is None:
        return None
    for floor, level in ((60, "及格"), (80, "良好"), (90, "优秀")):
        if total < floor:
            return {"level": level, "short": floor - total}
    return None


@login_required
def upload(request):
    """上报体质健康测试数据: the national template as the school filled it; a bad row refuses the whole file."""
    if not can_write(request.user, FitnessTest):
        raise PermissionDenied(_("体质健康测试数据由学校或教育局体卫艺工作人员导入。"))
    schools = School.objects.visible_to(request.user).order_by("name")
    latest = FitnessTest.objects.visible_to(request.user).order_by("-year").values_list("year", flat=True).first()
    form = UploadForm(request.POST or None, request.FILES or None, schools=schools, year=latest)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        school, year, file = form.cleaned_data["school"], form.cleaned_data["year"], form.cleaned_data["file"]
        if not can_write(request.user, FitnessTest(school=school, year=year)):
            raise PermissionDenied(_("不能为这所学校导入。"))
        try:
            check_upload(file, "exam")
            test = services.import_file(file.read(), file.name, school=school, year=year, user=request.user)
        except FileRefused as exc:
            errors = [refusal_message(exc)]
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("已导入{n}名学生的成绩，其中{scored}人评定了等级。").format(
                n=test.pupils, scored=test.scored))
            return redirect(f"{reverse('fitness:school', args=[school.pk])}?year={year}")
    status = 400 if errors or (request.method == "POST" and not form.is_valid()) else 200
    return render(request, "fitness/upload.html", {"title": _("导入体质健康测试数据"), "form": form, "errors": errors},
                  status=status)


@login_required
def export_template(request, pk):
    """The test in the national upload template (家庭住址 included): for the school and the bureau's 体卫艺 staff."""
    test = get_object_or_404(FitnessTest.objects.visible_to(request.user).select_related("school"), pk=pk)
    if not reads_identity(request.user, test.school):
        raise PermissionDenied(_("上报模板含学生家庭住址，仅限本校和教育局体卫艺工作人员下载。"))
    return xlsx_response(services.template_xlsx(test),
                         f"体质健康上报_{test.school.code or test.school.pk}_{test.year}.xlsx")
