"""划片 pages: this year's zones on a plain map, a proposal's weights and its diff (who moves and why), adoption,
and the public lookup a parent uses (address → school), which shows nothing else."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edubureau.core.scope import can_write, scope_for

from . import zoning
from .forms import ZoningForm
from .models import EnrollmentSettings, Level, ResidentialUnit, UnitZone, ZoningProposal
from .permissions import reads_zones
from .services import zone_map
from .views import year_and_level

__all__ = ["lookup", "proposal_adopt", "proposal_detail", "zones"]

LOOKUP_LIMIT = 10


def _bureau_only(user) -> None:
    """The county's zones and proposals name every school: the bureau's pages (a school reads no other's name)."""
    if not reads_zones(user):
        raise PermissionDenied(_("招生片区和划片方案由教育局查看；家长和学校可用对口学校查询页。"))


@login_required
def zones(request):
    """This year's zones: the map coloured by school, the load of every school against next year's seats."""
    _bureau_only(request.user)
    year, level = year_and_level(request)
    current = {unit: sorted(codes)[0] for unit, codes in zone_map(year, level).items()}
    may_propose = can_write(request.user, ZoningProposal)
    form = ZoningForm(request.POST or None, initial={"level": level})
    if request.method == "POST":
        if not may_propose:
            raise PermissionDenied(_("只有招生工作人员可以计算划片方案。"))
        if form.is_valid():
            data = form.cleaned_data
            proposal = zoning.propose(year=year, level=data["level"], travel=float(data["travel_weight"]),
                                      change=float(data["change_weight"]),
                                      max_km=float(data["max_km"]) if data["max_km"] else None, by=request.user,
                                      region=scope_for(request.user).home_region_id)
            return redirect("enrollment:proposal_detail", pk=proposal.pk)
    units, schools, _names = zoning.engine_inputs(year, level, scope_for(request.user).home_region_id)
    demand = {}
    for unit in units:
        if unit.current:
            demand[unit.current] = demand.get(unit.current, 0) + unit.demand
    rows = [{"code": s.code, "name": s.name, "seats": s.seats, "demand": demand.get(s.code, 0),
             "gap": s.seats - demand.get(s.code, 0)} for s in schools]
    return render(request, "enrollment/zones.html", {
        "title": _("招生片区"), "year": year, "level": level, "levels": Level.choices, "rows": rows,
        "map": zoning.county_map(current), "form": form, "may_propose": may_propose,
        "proposals": ZoningProposal.objects.visible_to(request.user).filter(level=level)[:10],
        "unzoned": sum(1 for u in units if not u.current),
    })


@login_required
def proposal_detail(request, pk):
    _bureau_only(request.user)
    proposal = get_object_or_404(ZoningProposal.objects.visible_to(request.user), pk=pk)
    result = {"assignments": [], "schools": {}, "current": {}, "nearest": {}, "proposal": {}, **proposal.result}
    moved = [r for r in result["assignments"] if r["old"] != r["new"]]
    moved.sort(key=lambda r: (r["old_name"] or "", r["name"]))
    new = {r["unit"]: r["new"] for r in result["assignments"]}
    schools = sorted(result["schools"].items(), key=lambda kv: kv[0])
    return render(request, "enrollment/proposal.html", {
        "title": str(proposal), "proposal": proposal, "moved": moved, "schools": schools,
        "figures": [(_("本年度片区"), result["current"]), (_("就近入学（基线）"), result["nearest"]),
                    (_("优化方案"), result["proposal"])],
        "map": zoning.county_map(new, frozenset(r["unit"] for r in moved)),
        "zoom": zoning.county_map(new, frozenset(r["unit"] for r in moved), focus=frozenset(
            [r["unit"] for r in moved] + [r["new"] for r in moved] + [r["old"] for r in moved if r["old"]])),
        "may_adopt": can_write(request.user, proposal) and proposal.state == ZoningProposal.State.DRAFT,
        "pupils_moved": sum(r["demand"] for r in moved if r["old"]),
    })


@login_required
@require_POST
def proposal_adopt(request, pk):
    proposal = get_object_or_404(ZoningProposal.objects.visible_to(request.user), pk=pk)
    if not can_write(request.user, proposal):
        raise PermissionDenied(_("只有招生工作人员可以采用划片方案。"))
    if proposal.state != ZoningProposal.State.DRAFT:
        messages.error(request, _("该方案已采用。"))
        return redirect("enrollment:proposal_detail", pk=pk)
    count = zoning.adopt(proposal)
    messages.success(request, _("已采用：{year}年{level}片区按此方案划定，共{count}个居住单元。"
                                "请按规定提前向社会公布。").format(year=proposal.year, level=proposal.level,
                                                         count=count))
    return redirect("enrollment:proposal_detail", pk=pk)


def lookup(request):
    """家长查询对口学校 (no sign-in): an address or estate name → the schools of its zone this year, and nothing else:
    no child, no application, no figure."""
    year, _level = year_and_level(request)
    text = (request.GET.get("q") or "").strip()[:40]
    found = []
    if len(text) >= 2:
        units = ResidentialUnit.objects.filter(Q(name__icontains=text) | Q(keywords__icontains=text)
                                               | Q(code__iexact=text)).order_by("township", "name")[:LOOKUP_LIMIT]
        for unit in units:
            zones_of = {z.level: [s.name for s in z.schools.all()] for z in
                        UnitZone.objects.filter(unit=unit, year=year).prefetch_related("schools")}
            found.append({"name": unit.name, "township": unit.township,
                          "zones": [(level, zones_of.get(level, [])) for level in Level.values]})
    rules = EnrollmentSettings.current().rules()
    return render(request, "enrollment/lookup.html", {
        "title": _("对口学校查询"), "year": year, "q": text, "found": found, "searched": len(text) >= 2,
        "categories": rules.categories, "points": rules.points, "min_months": rules.min_residence_months,
        "lock_years": rules.lock_years})
