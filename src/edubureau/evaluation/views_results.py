"""Results pages of 学校考核: the county ranking by category, a school's report card, the results workbook.

What a user sees (scope): the evaluating department (and the superuser) sees the draft before publication (issue 18:
``drafts.may_see_drafts``); the bureau every published version; an inspector the cards of the schools they answer
for; a school only published versions —
the ranking (totals and grades of the county) and its own card with the trail, never another school's card.
The pages take the engine's result of a version (``services.result_of``) and the plain data of
``engine.report``; nothing here computes a point.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from edubureau.core.generic.display import cn_date
from edubureau.core.scope import scope_for
from edubureau.org.city import region_filter
from edubureau.org.models import School

from . import services
from .drafts import may_see_drafts
from .engine.report import branches, ranking_rows, report_card
from .engine.workbook import evaluation_workbook
from .models import ResultVersion, Scheme

GRADE_BADGES = {0: "text-bg-success", 1: "text-bg-primary", 2: "text-bg-secondary"}


def _is_school(user) -> bool:
    return scope_for(user).role == "school"


def _own_school(user) -> School | None:
    return getattr(getattr(user, "profile", None), "school", None) if _is_school(user) else None


def _version(request, scheme: Scheme) -> ResultVersion | None:
    """The version asked for (``?version=``) if the user may see it, else the one they see by default."""
    wanted = request.GET.get("version")
    default = services.visible_version(request.user, scheme)
    if not wanted:
        return default
    try:
        number = int(wanted)
    except ValueError:
        raise Http404(_("没有该版本")) from None
    version = scheme.versions.filter(version=number).first()
    if version is None or (version.is_draft and not may_see_drafts(request.user)):  # issue 18
        raise Http404(_("没有该版本"))
    return version


def _status(version: ResultVersion) -> str:
    if version.is_draft:
        return _("草稿（未发布，计算于 {when}）").format(when=cn_date(version.computed_at))
    label = _("已发布 {label}").format(label=version.label)
    if version.published_at:
        label += _("（{when}）").format(when=cn_date(timezone.localtime(version.published_at).date()))
    return label


def _grade_badge(scheme, grade: str) -> str:
    names = list(scheme.grades.names)
    if grade == scheme.grades.lowest:
        return "text-bg-danger"
    return GRADE_BADGES.get(names.index(grade) if grade in names else 2, "text-bg-secondary")


def _may_see_card(user, school_code: str, version: ResultVersion) -> bool:
    scope = scope_for(user)
    if scope.role is None:
        return False
    if scope.role == "school":
        own = _own_school(user)
        return own is not None and own.code == school_code and not version.is_draft
    if scope.all_schools:
        return True
    pk = School.objects.filter(code=school_code).values_list("pk", flat=True).first()
    return pk is not None and scope.covers({pk})


def _previous_result(scheme: Scheme):
    """Last year's newest published result (for the change of each branch), or None."""
    last = (ResultVersion.objects.filter(scheme__year=scheme.year - 1, version__gt=0)
            .order_by("-published_at", "-version").first())
    if last is None:
        return None
    try:
        return services.result_of(last)
    except ValueError:
        return None


def _query(version: ResultVersion | None, **extra) -> str:
    params = {k: v for k, v in extra.items() if v is not None}
    if version is not None:
        params["version"] = version.version
    return "?" + urlencode(params) if params else ""


@login_required
def ranking(request, pk: int | None = None):
    """The ranking by category of a scheme (default: the newest scheme with a result the user may see)."""
    schemes = list(Scheme.objects.visible_to(request.user).order_by("-year", "-pk"))
    scheme = None
    if pk is None and request.GET.get("scheme"):
        pk = request.GET.get("scheme")
    if pk is not None:
        scheme = next((s for s in schemes if str(s.pk) == str(pk)), None)
        if scheme is None:
            raise Http404(_("没有该考核方案"))
        try:
            version = _version(request, scheme)
        except Http404:  # a version number of another scheme: show this one's default
            version = services.visible_version(request.user, scheme)
    else:
        version = None
        for s in schemes:
            version = services.visible_version(request.user, s)
            if version is not None:
                scheme = s
                break
    context = {"title": _("考核排名"), "categories": [], "schemes": schemes, "scheme": scheme,
               "empty_text": _("还没有可查看的考核结果（学校在结果发布后可查看）。")}
    if scheme is not None:
        context["scheme_url"] = reverse("evaluation:scheme_detail", args=[scheme.pk])
    if scheme is None or version is None:
        if scheme is not None:
            context["title"] = _("{title} · 排名").format(title=scheme.title)
        return render(request, "evaluation/ranking.html", context)
    result = services.result_of(version)
    spec = result.scheme
    user = request.user
    own = _own_school(user)
    categories = []
    region = region_filter(request, user)  # issue 16: the city comparison's drill-down to one county
    codes = (set(School.objects.visible_to(user).filter(region=region).values_list("code", flat=True))
             if region else None)
    scope = scope_for(user)
    if codes is None and scope.region_bound_bureau and not scope.all_schools:
        # Issue 16: a county bureau reading the city's scheme sees its own county's rows (with their city rank).
        codes = set(School.objects.visible_to(user).values_list("code", flat=True))
    for cat in spec.categories:
        rows = ranking_rows(result, cat.key)
        if codes is not None:
            rows = [r for r in rows if r["key"] in codes]
        if not rows:
            continue
        full = spec.full_marks_map(cat.key)
        for r in rows:
            r["grade_class"] = _grade_badge(spec, r["grade"])
            if _may_see_card(user, r["key"], version):
                r["card_url"] = reverse("evaluation:report_card", args=[scheme.pk, r["key"]]) + _query(version)
            r["mine"] = own is not None and own.code == r["key"]
            if own is not None and not r["mine"]:
                r["veto_reasons"] = []  # a school sees that another was vetoed, not why
        categories.append({
            "key": cat.key, "title": cat.title, "rows": rows,
            "branches": [{"title": n.title, "full": full[n.code]} for n in branches(spec)],
            "has_bundle": any(r["bundled_part"] for r in rows),
        })
    drafts = may_see_drafts(user)
    versions = [v for v in scheme.versions.order_by("-version") if drafts or not v.is_draft]
    context.update(
        title=_("{title} · 排名").format(title=scheme.title) + (f" · {region.name}" if region else ""),
        categories=categories, version=version, region=region,
        versions=versions, published=not version.is_draft, status_label=_status(version),
        export_url=reverse("evaluation:results_export", args=[scheme.pk]) + _query(version)
        if may_export(user) else None,
        note=_("同一类别内排名；触发一票否决的学校等次为{lowest}，排在本类别其他学校之后。点击学校名称查看考核报告单。").format(
            lowest=spec.grades.lowest),
    )
    return render(request, "evaluation/ranking.html", context)


@login_required
def report_card_view(request, pk: int, code: str):
    """One school's report card: total, grade and rank, radar of branches against the category mean, the trail."""
    scheme = get_object_or_404(Scheme.objects.visible_to(request.user), pk=pk)
    version = _version(request, scheme)
    if version is None:
        raise Http404(_("考核结果尚未发布"))
    if not _may_see_card(request.user, code, version):
        raise PermissionDenied(_("只能查看本校的考核报告单。"))
    result = services.result_of(version)
    try:
        card = report_card(result, code, previous=_previous_result(scheme))
    except KeyError:
        raise Http404(_("该学校不在本次考核中")) from None
    return render(request, "evaluation/report_card.html", {
        "title": _("{name} · 考核报告单").format(name=card["name"]), "card": card, "scheme": scheme,
        "version": version, "published": not version.is_draft, "status_label": _status(version),
        "has_previous": any(b["previous_pct"] is not None for b in card["branches"]),
        "missing": set(card["missing"]),
        "appeal_url": reverse("evaluation:scheme_detail", args=[scheme.pk]) if (
            _own_school(request.user) is not None and services.appeal_open(scheme)
            and services.latest_published(scheme) == version) else None,
        "ranking_url": reverse("evaluation:ranking_scheme", args=[scheme.pk]) + _query(version),
        "scheme_url": reverse("evaluation:scheme_detail", args=[scheme.pk]),
    })


@login_required
def my_card(request):
    """A school's own card of the newest published result (others go to the ranking)."""
    own = _own_school(request.user)
    if own is None:
        return redirect("evaluation:ranking")
    for scheme in Scheme.objects.visible_to(request.user).order_by("-year", "-pk"):
        version = services.latest_published(scheme)
        if version is not None and services.school_row(version, own.code) is not None:
            return redirect("evaluation:report_card", scheme.pk, own.code)
    return redirect("evaluation:ranking")


def may_export(user) -> bool:
    """The results workbook holds every school's scoring detail: for bureau users who read all schools (the ranking
    offers the download by this same rule, issue 17)."""
    scope = scope_for(user)
    return not _is_school(user) and scope.role is not None and scope.all_schools


@login_required
def results_export(request, pk: int):
    """The results workbook (per-category sheets with formulas, 计分说明, 方案) of a version; bureau users only."""
    scheme = get_object_or_404(Scheme.objects.visible_to(request.user), pk=pk)
    if _is_school(request.user) or scope_for(request.user).role is None:
        raise PermissionDenied(_("学校只能查看本校的考核报告单。"))
    version = _version(request, scheme)
    if version is None:
        raise Http404(_("还没有计算结果"))
    if not may_export(request.user):
        raise PermissionDenied(_("考核结果工作簿包含全县各校的计分明细。"))
    data = evaluation_workbook(services.result_of(version))
    name = f"{scheme.year}年学校考核结果_{version.label}.xlsx"
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# Everything under ranking/ so the menu's 考核排名 stays highlighted on a report card.
urlpatterns = [
    path("ranking/", ranking, name="ranking"),
    path("ranking/card/", my_card, name="my_card"),
    path("ranking/<int:pk>/", ranking, name="ranking_scheme"),
    path("ranking/<int:pk>/card/<str:code>/", report_card_view, name="report_card"),
    path("ranking/<int:pk>/results.xlsx", results_export, name="results_export"),
]
