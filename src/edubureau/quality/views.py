"""Pages of 学业质量监测: exams, the county overview, a school's page, value-added, the report workbook.

The analysis is read from ``Exam.report`` (computed at import) through ``report_for``, which cuts it to
the reader's scope; charts get their data through ``json_script`` and draw in ``static/js/quality.js``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from edubureau.core.generic.list import page_of
from edubureau.core.scope import can_write, claim_for_home_region, scope_for
from edubureau.core.uploads import UploadRefused, check_upload
from edubureau.ops.storage import local_copy
from edubureau.org.city import region_filter
from edubureau.org.models import School

from . import services
from .city_views import cut_to_region
from .engine.config import DEFAULT_PRESET, INDEX_PRESETS, TOTAL, composite_index
from .engine.placing import place
from .engine.small_schools import DEFAULT_MIN_CANDIDATES, school_uncertainty
from .engine.stats import BANDS
from .engine.workbook import score_template, write_report_workbook
from .forms import ExamForm
from .models import Exam, ExamResult, TeacherAssignment
from .services import report_for
from .tasks import import_exam_scores


def _exam(user, pk) -> Exam:
    return get_object_or_404(Exam.objects.visible_to(user).select_related("term__school_year"), pk=pk)


def _subject(request, report) -> str:
    subject = request.GET.get("subject") or TOTAL
    if subject not in report.get("subjects", {}):
        raise Http404(_("没有该学科"))
    return subject


def _band_labels(full: float) -> list[str]:
    step = full / BANDS
    return [f"{step * b:g}–{step * (b + 1):g}" for b in range(BANDS)]


@login_required
def exam_list(request):
    # The analysis JSON is not shown here; a city exam's runs to megabytes (issue 16's load run: 0.75 s a page).
    exams = Exam.objects.visible_to(request.user).select_related("term__school_year", "region").defer("report")
    return render(request, "quality/exam_list.html", {
        "title": _("学业质量监测"), "exams": exams, "can_create": can_write(request.user, Exam)})


@login_required
def exam_create(request):
    if not can_write(request.user, Exam):
        raise PermissionDenied
    form = ExamForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        exam = form.save(commit=False)
        claim_for_home_region(request.user, exam)
        _start_import(exam, form.cleaned_data["file"], form.cleaned_data.get("teachers_file"))
        messages.info(request, _("成绩文件已提交，正在后台校验和分析。"))
        return redirect("quality:exam_detail", pk=exam.pk)
    return render(request, "quality/exam_form.html", {"title": _("新建考试"), "form": form})


def _start_import(exam: Exam, upload, teachers=None) -> None:
    """Store the score file (and the teacher file) and queue the background import; the page shows its progress."""
    exam.status, exam.stage = Exam.Status.RUNNING, Exam.Stage.QUEUED
    exam.save()
    stored = default_storage.save(f"exams/{exam.pk}/{upload.name}", upload)
    teachers_stored = default_storage.save(f"exams/{exam.pk}/teachers-{teachers.name}", teachers) if teachers else ""
    import_exam_scores.enqueue(exam.pk, stored, teachers_stored)


def _writable_exam(request, pk) -> Exam:
    exam = _exam(request.user, pk)
    if request.method != "POST" or not can_write(request.user, exam):
        raise PermissionDenied
    return exam


@login_required
def exam_reupload(request, pk):
    """Upload the score file again (POST): after a refused import, or to replace the scores. The exam keeps its rules;
    a file with errors again writes nothing and the scores before it stand."""
    exam = _writable_exam(request, pk)
    if exam.status == Exam.Status.RUNNING:
        messages.error(request, _("成绩正在导入，请等导入结束后再上传。"))
        return redirect("quality:exam_detail", pk=exam.pk)
    upload = request.FILES.get("file")
    if upload is None or not upload.name.lower().endswith((".xlsx", ".xls", ".csv")):
        messages.error(request, _("请上传 .xlsx、.xls 或 .csv 文件"))
        return redirect("quality:exam_detail", pk=exam.pk)
    try:
        check_upload(upload, "exam")
    except UploadRefused as exc:
        messages.error(request, exc.messages[0])
        return redirect("quality:exam_detail", pk=exam.pk)
    _start_import(exam, upload)
    messages.info(request, _("成绩文件已重新提交，正在后台校验和分析。"))
    return redirect("quality:exam_detail", pk=exam.pk)


@login_required
def exam_delete(request, pk):
    """Remove an exam that holds no scores (its only import was refused), so a mistaken entry does not linger."""
    exam = _writable_exam(request, pk)
    if exam.status == Exam.Status.RUNNING or exam.results.exists():
        messages.error(request, _("该考试已有成绩或正在导入，不能删除。"))
        return redirect("quality:exam_detail", pk=exam.pk)
    name = exam.name
    exam.delete()
    messages.success(request, _("已删除考试“{name}”。").format(name=name))
    return redirect("quality:exam_list")


@login_required
def exam_score_template(request, pk):
    """The score file to fill for this exam: 考号, 姓名, 学校, 班级 and its subjects, as Chinese headers."""
    exam = _exam(request.user, pk)
    content = score_template(exam.subjects)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = _quote(_("{name}成绩导入模板").format(name=exam.name))
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}.xlsx"
    return response


@login_required
def exam_detail(request, pk):
    exam = _exam(request.user, pk)
    report = report_for(request.user, exam)
    region = region_filter(request, request.user)  # issue 16: a city comparison's drill-down to one county
    if region is not None and report:
        report = cut_to_region(report, set(School.objects.visible_to(request.user).filter(region=region)
                                           .values_list("name", flat=True)))
    can_change = can_write(request.user, exam)
    context = {"title": exam.name, "exam": exam, "report": report, "region": region, "can_change": can_change,
               "can_delete": can_change and exam.status != Exam.Status.RUNNING and not exam.results.exists()}
    if exam.status != Exam.Status.READY or not report:
        return render(request, "quality/exam_detail.html", context)
    subject = _subject(request, report)
    entry = report["subjects"][subject]
    cv = report["school_mean_cv"]
    county_rows = [{"subject": name, "full": e["full"], "cv": cv.get(name), **(e["county"] or {})}
                   for name, e in report["subjects"].items()]
    chart = {
        "text": {"box": _("各校{subject}分布（箱线图）").format(subject=subject), "bands": _("各科分数段人数"),
                 "count": _("人数"), "county_mean": _("全县平均分")},
        "schools": [s["school"] for s in entry["schools"]],
        "boxes": [[s["min"], s["q1"], s["median"], s["q3"], s["max"]] for s in entry["schools"]],
        "county_mean": (entry["county"] or {}).get("mean"),
        "bands": {name: {"labels": _band_labels(e["full"]), "counts": (e["county"] or {}).get("bands")}
                  for name, e in report["subjects"].items()},
    }
    schools = {s.name: s.pk for s in School.objects.visible_to(request.user).only("pk", "name")}
    chosen = request.GET.get("preset")
    preset = chosen or exam.index_preset or DEFAULT_PRESET
    if preset not in INDEX_PRESETS:
        raise Http404(_("没有该综合指数方案"))
    # A weighting picked on the page, or one the bureau saved with the exam: rank by its index.
    ranked_by_index = bool(chosen) or preset != DEFAULT_PRESET
    full = exam.report["subjects"][subject]
    school_rows = _with_index(entry["schools"], preset, full["schools"])
    if ranked_by_index:
        school_rows.sort(key=lambda r: (r["index_rank"] is None, r["index_rank"] or 0, r["school"]))
    min_n = _min_candidates(request)
    # Issue 17: intervals, the small-school flag and the shrunken (empirical Bayes) rank, fitted over every
    # school of the exam (a school reader sees its own row, placed among all of them).
    fitted = {r["school"]: r for r in school_uncertainty(full["schools"], (full["county"] or {}).get("mean"),
                                                         min_candidates=min_n)}
    uncertainty_keys = ("ci_low", "ci_high", "ratio_low", "ratio_high", "small", "shrink", "eb_mean", "eb_rank")
    school_rows = [{**s, **{k: fitted.get(s["school"], {}).get(k) for k in uncertainty_keys}} for s in school_rows]
    context.update({
        "min_n": min_n, "default_min_n": DEFAULT_MIN_CANDIDATES,
        "small_count": sum(1 for s in school_rows if s["small"]),
        "subject": subject, "subjects": list(report["subjects"]), "county_rows": county_rows,
        "school_rows": [{**s, "pk": schools.get(s["school"])} for s in school_rows],
        "zone_rows": _with_index(entry.get("zones") or [], preset, full.get("zones") or []),
        "preset": preset, "presets": [(key, name, weights.label) for key, (name, weights) in INDEX_PRESETS.items()],
        "preset_label": INDEX_PRESETS[preset][1].label, "ranked_by_index": ranked_by_index,
        "saved_preset": exam.index_preset, "can_save_preset": can_write(request.user, exam),
        "chart": chart, "is_school_user": not scope_for(request.user).all_schools,
        "can_upload": can_write(request.user, Exam),
        "teacher_count": TeacherAssignment.objects.visible_to(request.user).filter(exam=exam).count(),
    })
    return render(request, "quality/exam_detail.html", context)


def _min_candidates(request) -> int:
    """The size under which a school is flagged as small (``?min_n=``, 1–10000; default 20)."""
    try:
        value = int(request.GET.get("min_n", DEFAULT_MIN_CANDIDATES))
    except ValueError:
        return DEFAULT_MIN_CANDIDATES
    return min(max(value, 1), 10_000)


def _with_index(rows: list[dict], preset: str, everyone: list[dict]) -> list[dict]:
    """``rows`` with 综合指数 and its rank under ``preset``.

    Each part of the index is scaled to the best group of the whole county, so it is computed over
    ``everyone`` (every group of the level in the full report) even when the reader sees fewer rows:
    a school sees its own index and rank, never the other schools' rows.
    """
    if preset == DEFAULT_PRESET:
        return [dict(r) for r in rows]
    indexed = dict(zip((_key(r) for r in everyone), composite_index(everyone, INDEX_PRESETS[preset][1]),
                       strict=True))
    return [{**r, "index": indexed[_key(r)][0], "index_rank": indexed[_key(r)][1]} for r in rows]


def _key(row: dict) -> tuple:
    return row.get("zone"), row.get("school"), row.get("class")


# How many refused rows of a teacher file are shown as messages.
SHOWN_TEACHER_ERRORS = 20


@login_required
def exam_teachers(request, pk):
    """Upload the class–subject teacher file of an exam (POST only; errors come back as messages)."""
    exam = _exam(request.user, pk)
    upload = request.FILES.get("file")
    if request.method != "POST" or not can_write(request.user, Exam):
        raise PermissionDenied
    if upload is None or not upload.name.lower().endswith((".xlsx", ".xls", ".csv")):
        messages.error(request, _("请上传 .xlsx、.xls 或 .csv 文件"))
        return redirect("quality:exam_detail", pk=exam.pk)
    try:
        check_upload(upload, "exam")  # issue 18: before the file is stored or read
    except UploadRefused as exc:
        messages.error(request, exc.messages[0])
        return redirect("quality:exam_detail", pk=exam.pk)
    stored = default_storage.save(f"exams/{exam.pk}/teachers-{upload.name}", upload)
    with local_copy(stored) as path:  # through the storage API: the store may be a shared bucket (issue 16)
        count, errors = services.import_teachers(exam, path)
    if errors:
        messages.error(request, _("任课教师文件有{count}处错误，未写入：").format(count=len(errors)))
        for row, column, reason in errors[:SHOWN_TEACHER_ERRORS]:
            messages.error(request, _("第{row}行 “{column}”：{reason}").format(row=row, column=column, reason=reason))
    else:
        messages.success(request, _("已导入{count}条任课教师记录。").format(count=count))
    return redirect("quality:exam_detail", pk=exam.pk)


@login_required
def exam_preset(request, pk):
    """Save the 综合指数 weighting shown on the page as the exam's own (POST; those who may change the exam)."""
    exam = _exam(request.user, pk)
    if request.method != "POST" or not can_write(request.user, exam):
        raise PermissionDenied
    preset = request.POST.get("preset", "")
    if preset not in INDEX_PRESETS:
        messages.error(request, _("没有该综合指数方案"))
    else:
        exam.index_preset = preset
        exam.save(update_fields=["index_preset", "updated"])
        messages.success(request, _("已将“{name}”设为本次考试的综合指数方案。").format(name=INDEX_PRESETS[preset][0]))
    return redirect("quality:exam_detail", pk=exam.pk)


@login_required
def exam_progress(request, pk):
    """The import's stage, polled by htmx while the task runs; the page reloads when it is over."""
    exam = _exam(request.user, pk)
    response = render(request, "quality/_progress.html", {"exam": exam})
    if exam.status != Exam.Status.RUNNING:
        response["HX-Refresh"] = "true"
    return response


@login_required
def exam_school(request, pk, school_pk):
    exam = _exam(request.user, pk)
    school = get_object_or_404(School.objects.visible_to(request.user), pk=school_pk)
    report = report_for(request.user, exam)
    rows, classes = [], []
    for name, entry in report.get("subjects", {}).items():
        mine = next((s for s in entry["schools"] if s["school"] == school.name), None)
        if mine is None:
            continue
        rows.append({"subject": name, "county": entry["county"] or {}, **mine})
        classes += [{"subject": name, **c} for c in entry["classes"] if c["school"] == school.name]
    if not rows:
        raise Http404(_("该校没有参加本次考试"))
    ranked = sorted((r for r in rows if r["subject"] != TOTAL and r.get("ratio") is not None),
                    key=lambda r: r["ratio"], reverse=True)
    class_names = sorted({c["class"] for c in classes})
    chart = {
        "text": {"ratio": _("各班各科比均率（全县平均 = 1）")},
        "subjects": [r["subject"] for r in rows],
        "classes": class_names,
        "ratios": [[next((c["ratio"] for c in classes if c["class"] == k and c["subject"] == s), None)
                    for s in (r["subject"] for r in rows)] for k in class_names],
    }
    return render(request, "quality/exam_school.html", {
        "title": _("{school} · {exam}").format(school=school.name, exam=exam.name), "exam": exam,
        "school": school, "rows": rows, "classes": classes, "chart": chart,
        "strong": ranked[:2], "weak": ranked[-2:][::-1] if len(ranked) > 2 else [],
    })


@login_required
def exam_class(request, pk, school_pk, class_name):
    exam = _exam(request.user, pk)
    school = get_object_or_404(School.objects.visible_to(request.user), pk=school_pk)
    results = ExamResult.objects.visible_to(request.user).filter(exam=exam, school=school, class_name=class_name)
    if not results.exists():
        raise Http404(_("没有该班级的成绩"))
    report = report_for(request.user, exam)
    rows = []
    for name, entry in report.get("subjects", {}).items():
        mine = next((c for c in entry["classes"] if c["school"] == school.name and c["class"] == class_name), None)
        own = next((s for s in entry["schools"] if s["school"] == school.name), None)
        if mine:
            rows.append({**mine, "subject": name, "county": entry["county"] or {}, "own_school": own or {}})
    # County rank, percentile rank and T score of each pupil, placed in the county's scores (a cached summary).
    county = services.county_score_summary(exam)
    subjects = [*exam.subjects, TOTAL]
    results = list(results.order_by("-total", "exam_no"))
    per_pupil = {r.exam_no: {s: place(county[s], r.total if s == TOTAL else (r.scores or {}).get(s)) or {"score": None}
                             for s in subjects} for r in results}
    teachers = {a.subject: a for a in TeacherAssignment.objects.visible_to(request.user).filter(
        exam=exam, school=school, class_name=class_name)}
    for row in rows:
        assignment = teachers.get(row["subject"])
        row["teacher"] = assignment.teacher_name if assignment else ""
        row["teacher_pk"] = assignment.staff_id if assignment else None
    pupils = [{"result": r, "cells": [per_pupil[r.exam_no][s] for s in subjects]} for r in results]
    return render(request, "quality/exam_class.html", {
        "title": _("{school}{klass} · {exam}").format(school=school.name, klass=class_name, exam=exam.name),
        "exam": exam, "school": school, "class_name": class_name, "rows": rows, "subjects": subjects,
        "pupils": pupils,
    })


def _class_against_county(report: dict, assignment: TeacherAssignment) -> dict | None:
    """One class–subject of a teacher beside its school and the county, from the exam's report."""
    entry = report.get("subjects", {}).get(assignment.subject)
    if entry is None:
        return None
    school = assignment.school.name
    mine = next((c for c in entry["classes"] if c["school"] == school and c["class"] == assignment.class_name), None)
    if mine is None:
        return None
    own = next((s for s in entry["schools"] if s["school"] == school), None) or {}
    county = entry["county"] or {}
    return {**mine, "assignment": assignment, "exam": assignment.exam, "subject": assignment.subject,
            "county": county, "own_school": own, "classes_in_county": county and len(entry["classes"]),
            "gap": None if mine.get("mean") is None or county.get("mean") is None
            else mine["mean"] - county["mean"]}


@login_required
def exam_teacher_list(request, pk):
    """Every class–subject teacher of the exam with the class's results against the county."""
    exam = _exam(request.user, pk)
    report = report_for(request.user, exam)
    assignments = (TeacherAssignment.objects.visible_to(request.user).filter(exam=exam)
                   .select_related("school", "exam").order_by("school__code", "class_name", "subject"))
    subjects = [s for s in exam.subjects if s in report.get("subjects", {})]
    subject = request.GET.get("subject") or (subjects[0] if subjects else "")
    if subjects and subject not in subjects:
        raise Http404(_("没有该学科"))
    rows = [r for a in assignments.filter(subject=subject) if (r := _class_against_county(report, a))]
    rows.sort(key=lambda r: (r["ratio"] is None, -(r["ratio"] or 0)))
    page, query = page_of(request, rows)  # a city exam has thousands of classes a subject: 50 a page (issue 16)
    return render(request, "quality/exam_teachers.html", {
        "title": _("任课教师 · {exam}").format(exam=exam.name), "exam": exam, "rows": page, "page": page,
        "query": query,
        "subject": subject, "subjects": subjects, "total": assignments.count(),
        "can_upload": can_write(request.user, Exam)})


@login_required
def teacher_results(request, staff_pk):
    """A teacher's classes in every exam, each against its school and the county."""
    from edubureau.people.models import Staff

    staff = get_object_or_404(Staff.objects.visible_to(request.user), pk=staff_pk)
    assignments = (TeacherAssignment.objects.visible_to(request.user)
                   .filter(staff=staff, exam__status=Exam.Status.READY)
                   .select_related("school", "exam__term__school_year")
                   .order_by("-exam__term__start", "-exam__pk", "class_name", "subject"))
    reports: dict[int, dict] = {}
    rows = []
    for assignment in assignments:
        if assignment.exam_id not in reports:
            reports[assignment.exam_id] = report_for(request.user, assignment.exam)
        row = _class_against_county(reports[assignment.exam_id], assignment)
        if row:
            rows.append(row)
    chart = {
        "text": {"title": _("所教班级平均分与全县平均分"), "class": _("本班"), "county": _("全县")},
        "labels": [f"{r['exam'].name} {r['class']}{r['subject']}" for r in rows],
        "class_means": [r["mean"] for r in rows],
        "county_means": [r["county"].get("mean") for r in rows],
    }
    return render(request, "quality/teacher_results.html", {
        "title": _("{name}的任教成绩").format(name=staff.name), "staff": staff, "rows": rows, "chart": chart})


@login_required
def exam_value_added(request, pk):
    exam = _exam(request.user, pk)
    # The same cohort: an exam of this grade, or of the grade below (last year's).
    priors = Exam.objects.visible_to(request.user).filter(
        status=Exam.Status.READY, grade__in=(exam.grade - 1, exam.grade)).exclude(pk=exam.pk)
    context = {"title": _("增值评价 · {exam}").format(exam=exam.name), "exam": exam, "priors": priors}
    prior_pk = request.GET.get("prior")
    if prior_pk and exam.status == Exam.Status.READY:
        prior = get_object_or_404(priors, pk=prior_pk) if prior_pk.isdigit() else None
        if prior is None:
            raise Http404
        key = "student_no" if request.GET.get("match") == "student_no" else "exam_no"
        result = services.exam_value_added(request.user, exam, prior, key=key)
        subject = request.GET.get("subject") or TOTAL
        if subject not in result:
            raise Http404(_("没有该学科"))
        entry = result[subject]
        context.update({
            "prior": prior, "subject": subject, "subjects": list(result), "entry": entry, "match": key,
            "chart": {"text": {"title": _("各校增值（平均残差及95%置信区间）"), "zero": _("全县预期")},
                      "schools": [s["school"] for s in entry["schools"]],
                      "values": [s["value_added"] for s in entry["schools"]],
                      "low": [s["ci_low"] for s in entry["schools"]],
                      "high": [s["ci_high"] for s in entry["schools"]]},
        })
    return render(request, "quality/exam_value_added.html", context)


@login_required
def exam_workbook(request, pk):
    exam = _exam(request.user, pk)
    report = report_for(request.user, exam)
    if exam.status != Exam.Status.READY or not report:
        raise Http404(_("该考试尚无分析结果"))
    content = write_report_workbook(report, exam.name)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(exam.name)}.xlsx"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
