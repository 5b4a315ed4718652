"""督学责任区: the list per term, editing and deleting a zone, the zoning helper."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edubureau.org.models import School, Term

from .. import forms, services
from ..engine.zoning import propose_zones
from ..models import ResponsibilityZone
from .common import _require_manager, _term_from, _url, manages

# ---- zones ----------------------------------------------------------------------------------------------------


@login_required
def zone_list(request):
    term = _term_from(request)
    zones = (services.zones_visible_to(request.user).filter(term=term)
             .prefetch_related("inspectors", "schools"))
    assigned = set(ResponsibilityZone.schools.through.objects.filter(responsibilityzone__term=term)
                   .values_list("school_id", flat=True))
    unassigned = (School.objects.visible_to(request.user).filter(is_active=True).exclude(pk__in=assigned)
                  if manages(request.user) else [])
    return render(request, "inspection/zone_list.html", {
        "title": _("督学责任区"), "term": term, "terms": Term.objects.all(), "zones": zones,
        "unassigned": unassigned, "manages": manages(request.user),
    })


@login_required
def zone_edit(request, pk=None):
    _require_manager(request.user)
    zone = get_object_or_404(ResponsibilityZone.objects.visible_to(request.user), pk=pk) if pk else None
    initial = {} if zone else {"term": services.current_term()}
    form = forms.ZoneForm(request.POST or None, instance=zone, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        zone = form.save()
        messages.success(request, _("已保存责任区“{name}”。").format(name=zone.name))
        return redirect(f"{_url('inspection:zone_list')}?term={zone.term_id}")
    return render(request, "inspection/form.html", {
        "title": _("编辑责任区") if zone else _("新建责任区"), "form": form, "back": _url("inspection:zone_list"),
    })


@login_required
@require_POST
def zone_delete(request, pk):
    _require_manager(request.user)
    zone = get_object_or_404(ResponsibilityZone.objects.visible_to(request.user), pk=pk)
    term = zone.term_id
    zone.delete()
    messages.success(request, _("已删除责任区。"))
    return redirect(f"{_url('inspection:zone_list')}?term={term}")


@login_required
def zoning(request):
    """The zoning helper: propose a split of the schools among the chosen inspectors; edit it; save as zones."""
    _require_manager(request.user)
    schools = list(School.objects.visible_to(request.user).filter(is_active=True).order_by("code"))
    if request.method == "POST" and "save" in request.POST:
        form = forms.ZoningForm(request.POST, user=request.user)
        if form.is_valid():
            term, people = form.cleaned_data["term"], list(form.cleaned_data["inspectors"])
            by_pk = {str(p.pk): p for p in people}
            chosen: dict[str, list[School]] = {}
            for school in schools:
                person = request.POST.get(f"school-{school.pk}", "")
                if person in by_pk:
                    chosen.setdefault(person, []).append(school)
            with transaction.atomic():
                ResponsibilityZone.objects.visible_to(request.user).filter(term=term, inspectors__in=people).delete()
                for key, person in by_pk.items():
                    zone = ResponsibilityZone.objects.create(term=term, name=_("{name}责任区").format(name=person.name))
                    zone.inspectors.set([person])
                    zone.schools.set(chosen.get(key, []))
            messages.success(request, _("已按划分保存{count}个责任区。").format(count=len(by_pk)))
            return redirect(f"{_url('inspection:zone_list')}?term={term.pk}")
    form = forms.ZoningForm(request.POST or None, initial={"term": services.current_term()}, user=request.user)
    proposal = None
    if request.method == "POST" and form.is_valid():
        people = list(form.cleaned_data["inspectors"])
        result = propose_zones(services.zoning_sites(schools), [str(p.pk) for p in people], time_limit_s=5,
                               students_weight=form.cleaned_data["balance"])
        names = {str(p.pk): p.name for p in people}
        proposal = {
            "rows": [{"school": s, "inspector": result.assignment.get(str(s.pk), "")} for s in schools],
            "people": people,
            "figures": [{"name": names[k], "schools": result.schools_per_inspector.get(k, 0),
                         "students": result.students_per_inspector.get(k, 0)} for k in names],
            "max_km": result.max_travel_km, "mean_km": result.mean_travel_km,
        }
    return render(request, "inspection/zoning.html", {"title": _("责任区划分助手"), "form": form,
                                                      "proposal": proposal})
