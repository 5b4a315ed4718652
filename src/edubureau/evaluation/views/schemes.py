"""考核方案: the list, creating a scheme (from the standard template or last year's), its page, its head."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.scope import can_write, scope_for
from edubureau.org.models import School

from .. import engine, services
from ..engine.report import ranking_rows
from ..forms import AppealForm, PublishForm, SchemeCreateForm, SchemeForm
from ..models import Appeal, Scheme
from .common import _is_school, _require_design, _scheme, may_design, may_score

TEMPLATE_CATEGORIES = {
    "urban": {"school_kinds": ["primary"], "localities": ["urban", "town"]},
    "rural": {"school_kinds": ["primary"], "localities": ["rural"]},
    "junior": {"school_kinds": ["junior", "nine_year", "complete_secondary"]},
}


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
    can_design = may_design(user)
    context = {
        "title": scheme.title, "scheme": scheme, "version": version, "versions": _versions(scheme),
        "categories": categories, "school": school, "own": own, "can_design": can_design,
        # An inspector or county reads the whole ranking but opens only its own schools' cards: no link ending on 403.
        "card_codes": None if scope_for(user).all_schools else set(
            School.objects.visible_to(user).values_list("code", flat=True)),
        "can_score": may_score(user), "problems": services.problems(scheme),
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
