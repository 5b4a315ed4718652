"""Pages of 学校考核: schemes, the scheme designer (tree editor with live validation), evaluators' score entry,
the third party's workbook, figures, recompute and publish, appeals.

Who may do what: any signed-in user reads a scheme's head; the department writing "evaluation" designs, scores,
imports, computes and publishes; a school administrator sees its own published card and files appeals. Scores are
computed only by the engine (``services``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edubureau.core.scope import can_write, scope_for
from edubureau.org.models import School

from . import engine, services
from .engine.report import ranking_rows
from .forms import (
    AppealForm,
    BundleForm,
    CategoryForm,
    DecisionForm,
    IndicatorForm,
    ManualFigureForm,
    PublishForm,
    SchemeCreateForm,
    SchemeForm,
    ThirdPartyUploadForm,
)
from .io import read_third_party, template, third_party_leaves, write_third_party
from .models import Appeal, Bundle, Category, EvaluatorScore, FigureSnapshot, Indicator, Scheme, ThirdPartyScore

TEMPLATE_CATEGORIES = {
    "urban": {"school_kinds": ["primary"], "localities": ["urban", "town"]},
    "rural": {"school_kinds": ["primary"], "localities": ["rural"]},
    "junior": {"school_kinds": ["junior", "nine_year", "complete_secondary"]},
}


def _is_school(user) -> bool:
    return scope_for(user).role == "school"


def _require_design(user):
    if not can_write(user, Scheme):
        raise PermissionDenied(_("只有负责学校考核的科室可以修改考核方案。"))


def _scheme(request, pk) -> Scheme:
    return get_object_or_404(Scheme.objects.visible_to(request.user), pk=pk)


# ---- schemes ------------------------------------------------------------------------------------------------------

@login_required
def scheme_list(request):
    schemes = Scheme.objects.visible_to(request.user).annotate(
        n_indicators=Count("indicators", distinct=True), last_version=Max("versions__version"))
    return render(request, "evaluation/scheme_list.html", {
        "title": _("考核方案"), "schemes": schemes, "can_create": can_write(request.user, Scheme),
    })


@login_required
def scheme_create(request):
    _require_design(request.user)
    form = SchemeCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        start = form.cleaned_data["start_from"]
        if start == "template":
            spec = engine.standard_scheme(year)
            cats = TEMPLATE_CATEGORIES
        else:
            source = get_object_or_404(Scheme.objects.visible_to(request.user), pk=start)
            spec = services.to_engine(source)
            spec = engine.scheme_from_dict({**engine.scheme_to_dict(spec), "year": year, "bundles": [],
                                            "title": f"{year}年度学校综合考核"})
            cats = {c.key: {"school_kinds": c.school_kinds, "localities": c.localities}
                    for c in source.categories.all()}
        if form.cleaned_data["title"]:
            spec = engine.scheme_from_dict({**engine.scheme_to_dict(spec), "title": form.cleaned_data["title"]})
        scheme = services.from_engine(spec, categories=cats, region_id=scope_for(request.user).home_region_id)
        messages.success(request, _("已创建“{title}”，请在方案设计页调整指标和权重。").format(title=scheme.title))
        return redirect("evaluation:scheme_design", pk=scheme.pk)
    return render(request, "evaluation/form.html", {"title": _("新建考核方案"), "form": form,
                                                    "cancel": reverse("evaluation:scheme_list")})


def _tree_rows(scheme: Scheme) -> list[dict]:
    """The indicator tree in order with depth, and each node's full marks (满分) per category."""
    nodes = list(scheme.indicators.all())
    children: dict = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n)
    spec = services.to_engine(scheme)
    cats = list(spec.categories)
    try:
        marks = {c.key: spec.full_marks_map(c.key) for c in cats}
    except (KeyError, ZeroDivisionError):
        marks = {}
    rows = []

    def visit(parent_id, depth, outside=False):
        siblings = sorted(children.get(parent_id, []), key=lambda x: (x.position, x.pk))
        for i, n in enumerate(siblings):
            mapping = services._mapping(n)
            # Bonus and deduction items (and what lies under them) stand outside the weights.
            weighted = n.kind == Indicator.Kind.NORMAL and not outside
            rows.append({
                "node": n, "depth": depth, "indent": depth * 1.25, "leaf": n.pk not in children, "weighted": weighted,
                "first": i == 0, "last": i == len(siblings) - 1, "can_outdent": depth > 0,
                "rule": mapping.describe(n.max_score or 0) if mapping else "",
                "figure": engine.KNOWN_FIGURES.get(n.figure, n.figure),
                "cats": [{"mark": marks.get(c.key, {}).get(n.code), "override": c.weights.get(n.code)}
                         for c in cats],
            })
            visit(n.pk, depth + 1, outside or not weighted)

    visit(None, 0)
    return rows


def _versions(scheme: Scheme):
    return list(scheme.versions.order_by("-version").select_related("computed_by"))


@login_required
def scheme_detail(request, pk):
    scheme = _scheme(request, pk)
    user = request.user
    school = None if not _is_school(user) else user.profile.school
    version = services.visible_version(user, scheme)
    categories = []
    if version is not None and school is None:
        result = services.result_of(version)
        for c in result.scheme.categories:
            rows = ranking_rows(result, c.key)
            if rows:
                categories.append({"title": c.title, "rows": rows})
    own = services.school_row(version, school.code) if (version and school) else None
    can_design = can_write(user, Scheme)
    context = {
        "title": scheme.title, "scheme": scheme, "version": version, "versions": _versions(scheme),
        "categories": categories, "school": school, "own": own, "can_design": can_design,
        # An inspector or county reads the whole ranking but opens only its own schools' cards: no link ending on 403.
        "card_codes": None if scope_for(user).all_schools else set(
            School.objects.visible_to(user).values_list("code", flat=True)),
        "can_score": can_write(user, EvaluatorScore), "problems": services.problems(scheme),
        "publish_form": PublishForm(), "appeal_open": services.appeal_open(scheme),
        "appeals": Appeal.objects.visible_to(user).filter(scheme=scheme).select_related(
            "school", "indicator", "followup"),
        "bundles": scheme.bundles.select_related("lead").prefetch_related("members"),
        "scheme_categories": scheme.categories.prefetch_related("schools"),
        "counts": {
            "schools": len(services.school_categories(scheme)) if can_design else None,
            "scores": scheme.scores.count(), "third_party": scheme.third_party_scores.count(),
            "figures": scheme.figures.count(),
        },
        "today": timezone.localdate(),
    }
    if school is not None and context["appeal_open"] and own is not None:
        context["appeal_form"] = AppealForm(scheme=scheme)
    return render(request, "evaluation/scheme_detail.html", context)


@login_required
def scheme_edit(request, pk):
    scheme = _scheme(request, pk)
    _require_design(request.user)
    form = SchemeForm(request.POST or None, instance=scheme)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存。"))
        return redirect(scheme)
    return render(request, "evaluation/form.html", {"title": _("编辑方案：{t}").format(t=scheme.title), "form": form,
                                                    "cancel": scheme.get_absolute_url()})


# ---- designer -------------------------------------------------------------------------------------------------------

def _design_context(scheme: Scheme) -> dict:
    spec = services.to_engine(scheme)
    return {"scheme": scheme, "rows": _tree_rows(scheme), "problems": engine.validate(spec),
            "spec_categories": spec.categories, "categories": list(scheme.categories.all())}


@login_required
def scheme_design(request, pk):
    scheme = _scheme(request, pk)
    context = {"title": _("方案设计：{t}").format(t=scheme.title), "can_design": can_write(request.user, Scheme),
               **_design_context(scheme)}
    return render(request, "evaluation/scheme_design.html", context)


def _design_body(request, scheme: Scheme, note: str = "") -> HttpResponse:
    """The tree and its checks (swapped in by htmx), and the side panel emptied."""
    return render(request, "evaluation/_design_update.html",
                  {"can_design": True, "note": note, **_design_context(scheme)})


@login_required
def indicator_form(request, pk, ipk=None):
    """Add (``ipk`` None, ``?parent=``) or edit an indicator in the side panel."""
    scheme = _scheme(request, pk)
    _require_design(request.user)
    instance = get_object_or_404(Indicator, scheme=scheme, pk=ipk) if ipk else None
    initial = {}
    if instance is None:
        parent = scheme.indicators.filter(pk=request.GET.get("parent") or 0).first()
        siblings = scheme.indicators.filter(parent=parent)
        initial = {"parent": parent, "code": _next_code(scheme, parent), "max_score": 10,
                   "weight": 0 if siblings.exists() else 1}
    form = IndicatorForm(request.POST or None, instance=instance, scheme=scheme, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            node = form.save(commit=False)
            if node.pk is None:
                last = scheme.indicators.filter(parent=node.parent).aggregate(m=Max("position"))["m"]
                node.position = (last or 0) + 1
            with transaction.atomic():
                form.lock_and_check()  # issue 18: nobody saved this indicator since the form was read
                node.save()
            note = _("已保存指标“{t}”。").format(t=node.title)
            if not request.htmx:
                messages.success(request, note)
                return redirect("evaluation:scheme_design", pk=scheme.pk)
            return _design_body(request, scheme, note)
        response = render(request, "evaluation/_indicator_form.html",
                          {"form": form, "scheme": scheme, "node": instance, "checks": _live_checks(scheme, form)})
        if request.htmx:
            response["HX-Retarget"] = "#editor"
            response["HX-Reswap"] = "innerHTML"
        return response
    template_name = "evaluation/_indicator_form.html" if request.htmx else "evaluation/indicator_page.html"
    return render(request, template_name, {"form": form, "scheme": scheme, "node": instance,
                                           "title": _("编辑指标") if instance else _("新增指标")})


def _next_code(scheme: Scheme, parent: Indicator | None) -> str:
    codes = set(scheme.indicators.values_list("code", flat=True))
    prefix = f"{parent.code}." if parent else ""
    n = 1
    while f"{prefix}{n}" in codes:
        n += 1
    return f"{prefix}{n}"


def _live_checks(scheme: Scheme, form: IndicatorForm) -> list[str] | None:
    """The scheme's problems with the form's values applied (None when the form itself has errors)."""
    if not form.is_valid():
        return None
    node = form.save(commit=False)
    return services.problems(scheme, replace=node)


@login_required
@require_POST
def indicator_check(request, pk, ipk=None):
    """Live validation while an indicator is edited: the whole scheme checked with the unsaved values."""
    scheme = _scheme(request, pk)
    _require_design(request.user)
    instance = get_object_or_404(Indicator, scheme=scheme, pk=ipk) if ipk else None
    form = IndicatorForm(request.POST, instance=instance, scheme=scheme)
    return render(request, "evaluation/_live_checks.html", {"form": form, "checks": _live_checks(scheme, form)})


@login_required
@require_POST
def indicator_move(request, pk, ipk, direction):
    """↑ ↓ among siblings, ← out to the parent's level, → under the previous sibling."""
    scheme = _scheme(request, pk)
    _require_design(request.user)
    node = get_object_or_404(Indicator, scheme=scheme, pk=ipk)
    with transaction.atomic():
        siblings = list(scheme.indicators.filter(parent=node.parent_id).order_by("position", "pk"))
        i = siblings.index(node)
        if direction in ("up", "down"):
            j = i - 1 if direction == "up" else i + 1
            if 0 <= j < len(siblings):
                siblings[i], siblings[j] = siblings[j], siblings[i]
        elif direction == "in" and i > 0:
            new_parent = siblings[i - 1]
            last = new_parent.children.aggregate(m=Max("position"))["m"] or 0
            node.parent, node.position = new_parent, last + 1
            node.save(update_fields=["parent", "position", "updated"])
            siblings.pop(i)
        elif direction == "out" and node.parent_id:
            parent = node.parent
            outer = list(scheme.indicators.filter(parent=parent.parent_id).order_by("position", "pk"))
            outer.insert(outer.index(parent) + 1, node)
            node.parent = parent.parent
            node.save(update_fields=["parent", "updated"])
            siblings.pop(i)
            _renumber(outer)
        _renumber(siblings)
    if not request.htmx:
        return redirect("evaluation:scheme_design", pk=scheme.pk)
    return _design_body(request, scheme)


def _renumber(nodes):
    for position, n in enumerate(nodes):
        if n.position != position:
            Indicator.objects.filter(pk=n.pk).update(position=position)


@login_required
@require_POST
def indicator_delete(request, pk, ipk):
    scheme = _scheme(request, pk)
    _require_design(request.user)
    node = get_object_or_404(Indicator, scheme=scheme, pk=ipk)
    used = (EvaluatorScore.objects.filter(indicator__in=[node.pk, *_below(node)]).exists()
            or ThirdPartyScore.objects.filter(indicator__in=[node.pk, *_below(node)]).exists()
            or Appeal.objects.filter(indicator__in=[node.pk, *_below(node)]).exists())
    if used:
        note = _("“{t}”（或其下级）已有评分、第三方数值或申诉，不能删除；可将权重设为0停用。").format(t=node.title)
    else:
        node.delete()
        note = _("已删除“{t}”。").format(t=node.title)
    if not request.htmx:
        messages.info(request, note)
        return redirect("evaluation:scheme_design", pk=scheme.pk)
    return _design_body(request, scheme, note)


def _below(node: Indicator) -> set[int]:
    from .forms import _descendants

    return _descendants(node)


@login_required
def category_form(request, pk, cpk=None):
    scheme = _scheme(request, pk)
    _require_design(request.user)
    instance = get_object_or_404(Category, scheme=scheme, pk=cpk) if cpk else None
    form = CategoryForm(request.POST or None, instance=instance, scheme=scheme, user=request.user)
    if request.method == "POST" and form.is_valid():
        cat = form.save(commit=False)
        if cat.pk is None:
            cat.position = scheme.categories.count()
        with transaction.atomic():
            form.lock_and_check()  # issue 18: nobody saved this category since the form was read
            cat.save()
            form.save_m2m()
        found = services.problems(scheme)
        messages.success(request, _("已保存类别“{t}”。").format(t=cat.title))
        for p in found:
            messages.warning(request, p)
        return redirect("evaluation:scheme_design", pk=scheme.pk)
    return render(request, "evaluation/category_form.html", {
        "title": _("考核类别：{t}").format(t=instance.title) if instance else _("新增考核类别"),
        "form": form, "scheme": scheme,
    })


@login_required
def bundle_form(request, pk, bpk=None):
    scheme = _scheme(request, pk)
    _require_design(request.user)
    instance = get_object_or_404(Bundle, scheme=scheme, pk=bpk) if bpk else None
    form = BundleForm(request.POST or None, instance=instance, scheme=scheme, user=request.user)
    if request.method == "POST" and form.is_valid():
        bundle = form.save()
        messages.success(request, _("已保存捆绑考核“{t}”。").format(t=bundle))
        return redirect(scheme)
    return render(request, "evaluation/bundle_form.html", {
        "title": _("捆绑考核：{t}").format(t=instance) if instance else _("新增捆绑考核"), "form": form,
        "scheme": scheme, "bundle": instance,
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def bundle_delete(request, pk, bpk):
    scheme = _scheme(request, pk)
    _require_design(request.user)
    bundle = get_object_or_404(Bundle, scheme=scheme, pk=bpk)
    bundle.delete()
    messages.info(request, _("已删除捆绑考核“{t}”。").format(t=bundle))
    return redirect(scheme)


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
    if not can_write(request.user, EvaluatorScore):
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


# ---- compute, publish -----------------------------------------------------------------------------------------------

@login_required
@require_POST
def recompute(request, pk):
    scheme = _scheme(request, pk)
    _require_design(request.user)
    try:
        draft = services.recompute(scheme, request.user)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        n = len(draft.result_json.get("schools", []))
        messages.success(request, _("已重新计算草稿：{n}所学校（业务数据已按当前取数）。").format(n=n))
    return redirect(scheme)


@login_required
@require_POST
def publish(request, pk):
    scheme = _scheme(request, pk)
    _require_design(request.user)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            version = services.publish(scheme, request.user, final=form.cleaned_data["final"],
                                       note=form.cleaned_data["note"])
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("已发布第{v}版结果；此后修改评分只影响草稿，不改变已发布的版本。").format(
                v=version.version))
    return redirect(scheme)


# ---- appeals --------------------------------------------------------------------------------------------------------

@login_required
@require_POST
def appeal_create(request, pk):
    scheme = _scheme(request, pk)
    if not _is_school(request.user) and not request.user.is_superuser:
        raise PermissionDenied(_("申诉由学校提出。"))
    school = request.user.profile.school if _is_school(request.user) else get_object_or_404(
        School, pk=request.POST.get("school"))
    form = AppealForm(request.POST, request.FILES, scheme=scheme)
    if form.is_valid():
        try:
            files = [form.cleaned_data["evidence"]] if form.cleaned_data.get("evidence") else []
            appeal = services.open_appeal(scheme=scheme, school=school, indicator=form.cleaned_data["indicator"],
                                          reason=form.cleaned_data["reason"], user=request.user, evidence=files)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("申诉已提交，等待考核组核查。"))
            return redirect(appeal)
    else:
        for field, errs in form.errors.items():
            for e in errs:
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''}：{e}")
    return redirect(scheme)


@login_required
def appeal_detail(request, pk):
    appeal = get_object_or_404(Appeal.objects.visible_to(request.user).select_related(
        "scheme", "school", "indicator", "version", "followup"), pk=pk)
    can_decide = can_write(request.user, Scheme) and appeal.followup.state == "responded"
    form = DecisionForm(request.POST or None, initial={"decided_score": appeal.decided_score})
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        if form.is_valid():
            appeal.decided_score = form.cleaned_data["decided_score"]
            appeal.save(update_fields=["decided_score", "updated"])
            messages.success(request, _("已记录复核后得分；核查销号后重新计算、发布即生效。"))
            return redirect(appeal)
    row = services.school_row(appeal.version, appeal.school.code) or {}
    contested = {
        "value": (row.get("values") or {}).get(appeal.indicator.code),
        "raw": (row.get("raw") or {}).get(appeal.indicator.code),
        "points": (row.get("points") or {}).get(appeal.indicator.code),
        "trail": [t for t in row.get("trail", []) if t["code"] == appeal.indicator.code],
    }
    return render(request, "evaluation/appeal_detail.html", {
        "title": _("考核申诉"), "appeal": appeal, "contested": contested, "can_decide": can_decide, "form": form,
    })


@login_required
def appeal_list(request, pk):
    scheme = _scheme(request, pk)
    appeals = Appeal.objects.visible_to(request.user).filter(scheme=scheme).select_related(
        "school", "indicator", "followup")
    return render(request, "evaluation/appeal_list.html", {"title": _("考核申诉：{t}").format(t=scheme.title),
                                                           "scheme": scheme, "appeals": appeals,
                                                           "today": timezone.localdate()})
