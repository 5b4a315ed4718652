"""方案设计: the indicator tree editor (htmx side panel, live validation, moves), categories and bundles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import engine, services
from ..forms import BundleForm, CategoryForm, IndicatorForm
from ..models import Appeal, Bundle, Category, EvaluatorScore, Indicator, Scheme, ThirdPartyScore
from .common import _require_design, _scheme, may_design

# ---- designer -------------------------------------------------------------------------------------------------------

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


def _design_context(scheme: Scheme) -> dict:
    spec = services.to_engine(scheme)
    return {"scheme": scheme, "rows": _tree_rows(scheme), "problems": engine.validate(spec),
            "spec_categories": spec.categories, "categories": list(scheme.categories.all())}


@login_required
def scheme_design(request, pk):
    scheme = _scheme(request, pk)
    context = {"title": _("方案设计：{t}").format(t=scheme.title), "can_design": may_design(request.user),
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
    from ..forms import _descendants

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
