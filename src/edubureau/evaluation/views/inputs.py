"""What a scheme is scored from: evaluators' scores, the third party's workbook, the business figures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.org.models import School

from .. import engine, services
from ..forms import ManualFigureForm, ThirdPartyUploadForm
from ..io import read_third_party, template, third_party_leaves, write_third_party
from ..models import EvaluatorScore, FigureSnapshot, Indicator, Scheme, ThirdPartyScore
from .common import _require_design, _scheme, may_score

# ---- evaluators' scores ---------------------------------------------------------------------------------------------

def code_order(node: Indicator) -> tuple:
    """Tree order by code (1.2 before 1.10 before 2)."""
    return tuple(int(p) if p.isdigit() else 10**6 for p in node.code.split("."))


def _entered_leaves(scheme: Scheme) -> list[Indicator]:
    return sorted(scheme.indicators.filter(source=Indicator.Source.ENTERED, children__isnull=True)
                  .select_related("parent"), key=code_order)


@login_required
def score_entry(request, pk):
    """One evaluator's scores: pick a school, score each entered indicator with a comment.

    Only schemes of the current year are open for scoring; other years are read-only."""
    scheme = _scheme(request, pk)
    if not may_score(request.user):
        raise PermissionDenied(_("只有考核组成员（负责学校考核的科室）可以评分。"))
    open_year = scheme.year == timezone.localdate().year
    cats = services.school_categories(scheme)
    schools = list(School.objects.filter(pk__in=cats).order_by("code"))
    leaves = _entered_leaves(scheme)
    mine = {(s.school_id, s.indicator_id): s for s in EvaluatorScore.objects.filter(
        scheme=scheme, evaluator=request.user)}
    done = {}
    for school_id, _ind in mine:
        done[school_id] = done.get(school_id, 0) + 1
    school = next((s for s in schools if str(s.pk) == request.GET.get("school", "")), None)
    errors: dict[int, str] = {}
    rows = []
    if school is not None:
        for ind in leaves:
            existing = mine.get((school.pk, ind.pk))
            rows.append({"ind": ind, "score": existing.score if existing else "",
                         "comment": existing.comment if existing else "",
                         "top": 1 if ind.kind == Indicator.Kind.VETO else ind.max_score})
    if request.method == "POST" and school is not None:
        if not open_year:
            raise PermissionDenied(_("只能为本年度的方案评分。"))
        cleaned = []
        for row in rows:
            ind = row["ind"]
            raw = request.POST.get(f"s_{ind.pk}", "").strip()
            comment = request.POST.get(f"c_{ind.pk}", "").strip()[:300]
            row["score"], row["comment"] = raw, comment
            if not raw:
                cleaned.append((ind, None, comment))
                continue
            try:
                value = float(raw)
            except ValueError:
                errors[ind.pk] = _("请填写数字")
                continue
            if not 0 <= value <= (row["top"] or 0):
                errors[ind.pk] = _("应在0到{m}之间").format(m=engine.scheme._num(float(row["top"] or 0)))
                continue
            cleaned.append((ind, value, comment))
        if not errors:
            with transaction.atomic():
                for ind, value, comment in cleaned:
                    if value is None:
                        EvaluatorScore.objects.filter(scheme=scheme, school=school, indicator=ind,
                                                      evaluator=request.user).delete()
                    else:
                        EvaluatorScore.objects.update_or_create(
                            scheme=scheme, school=school, indicator=ind, evaluator=request.user,
                            defaults={"score": value, "comment": comment})
            messages.success(request, _("已保存对{school}的评分。").format(school=school.name))
            return redirect(f"{reverse('evaluation:score_entry', args=[scheme.pk])}?school={school.pk}")
    for row in rows:
        row["error"] = errors.get(row["ind"].pk, "")
    # Overview: per school, how many evaluators scored each entered indicator and their mean.
    summary: dict = {}
    for s in EvaluatorScore.objects.filter(scheme=scheme).values("school_id", "indicator_id", "score"):
        cell = summary.setdefault((s["school_id"], s["indicator_id"]), [])
        cell.append(s["score"])
    grid = [{"school": s, "category": cats[s.pk].title, "mine": done.get(s.pk, 0),
             "cells": [summary.get((s.pk, ind.pk), []) for ind in leaves]} for s in schools]
    return render(request, "evaluation/score_entry.html", {
        "title": _("评分：{t}").format(t=scheme.title), "scheme": scheme, "school": school, "schools": schools,
        "leaves": leaves, "rows": rows, "grid": grid, "open_year": open_year, "has_errors": bool(errors),
    }, status=400 if errors else 200)


# ---- third party ----------------------------------------------------------------------------------------------------

@login_required
def third_party_import(request, pk):
    scheme = _scheme(request, pk)
    _require_design(request.user)
    form = ThirdPartyUploadForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        outcome = read_third_party(scheme, upload.read(), upload.name)
        if outcome.ok:
            n = write_third_party(scheme, outcome, upload.name)
            messages.success(request, _("已导入{n}个第三方评价数值（{s}所学校）。").format(n=n, s=outcome.schools))
            return redirect("evaluation:third_party_import", pk=scheme.pk)
    values = ThirdPartyScore.objects.filter(scheme=scheme).select_related("school", "indicator")
    return render(request, "evaluation/third_party.html", {
        "title": _("第三方评价导入：{t}").format(t=scheme.title), "scheme": scheme, "form": form,
        "outcome": outcome, "leaves": third_party_leaves(scheme), "values": values,
    }, status=400 if outcome is not None and not outcome.ok else 200)


@login_required
def third_party_template(request, pk):
    scheme = _scheme(request, pk)
    _require_design(request.user)
    content = template(scheme, services.evaluated_schools(scheme))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''third_party_template.xlsx"
    return response


# ---- figures -------------------------------------------------------------------------------------------------------

@login_required
def figures(request, pk):
    """The figures the computed indicators read (as last snapshotted), and hand-entered ones (e.g. incidents)."""
    scheme = _scheme(request, pk)
    _require_design(request.user)
    keys = services.figure_keys(scheme)
    cats = services.school_categories(scheme)
    schools = School.objects.filter(pk__in=cats).order_by("code")
    form = ManualFigureForm(request.POST or None, schools=schools, keys=keys)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        FigureSnapshot.objects.update_or_create(scheme=scheme, school=d["school"], key=d["key"], defaults={
            "value": d["value"], "source": d["source"] or _("手工填报"), "manual": True})
        messages.success(request, _("已记录{school}的{key}。").format(
            school=d["school"].name, key=engine.KNOWN_FIGURES.get(d["key"], d["key"])))
        return redirect("evaluation:figures", pk=scheme.pk)
    snaps = {(f.school_id, f.key): f for f in scheme.figures.all()}
    rows = [{"school": s, "cells": [snaps.get((s.pk, k)) for k in keys]} for s in schools]
    return render(request, "evaluation/figures.html", {
        "title": _("业务数据：{t}").format(t=scheme.title), "scheme": scheme, "form": form, "rows": rows,
        "keys": [(k, engine.KNOWN_FIGURES.get(k, k)) for k in keys],
    }, status=400 if request.method == "POST" else 200)
