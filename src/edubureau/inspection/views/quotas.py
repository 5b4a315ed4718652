"""督导指标与校历: a quota per visit kind and the days no visit is planned."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import modelformset_factory
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import forms, services
from ..models import BlockedDay, QuotaRule, VisitKind
from .common import _require_manager, manages

# ---- quotas and calendar --------------------------------------------------------------------------------------


@login_required
def quotas(request):
    """督导指标 (a row per visit kind) and the days no visit is planned."""
    editable = manages(request.user)
    # A blank row to add a kind only while some kind has no quota yet.
    formset_class = modelformset_factory(QuotaRule, form=forms.QuotaForm, can_delete=True,
                                         extra=1 if QuotaRule.objects.count() < len(VisitKind.choices) else 0)
    formset = formset_class(request.POST if request.method == "POST" and "quotas" in request.POST else None,
                            queryset=QuotaRule.objects.all(), prefix="q")
    blocked_form = forms.BlockedDayForm(request.POST if "blocked" in request.POST else None, prefix="b",
                                        user=request.user)
    if request.method == "POST":
        _require_manager(request.user)
        if "quotas" in request.POST and formset.is_valid():
            formset.save()
            messages.success(request, _("督导指标已保存。"))
            return redirect("inspection:quotas")
        if "blocked" in request.POST and blocked_form.is_valid():
            data = blocked_form.cleaned_data
            day, until = data["day"], data.get("until") or data["day"]
            count = 0
            while day <= until:
                row = BlockedDay(day=day, reason=data["reason"], inspector=data.get("inspector"), note=data["note"])
                try:
                    row.full_clean()
                except ValidationError as exc:
                    blocked_form.add_error(None, exc)
                    break
                row.save()
                count += 1
                day += dt.timedelta(days=1)
            else:
                messages.success(request, _("已登记{count}天。").format(count=count))
                return redirect("inspection:quotas")
        if "unblock" in request.POST:
            BlockedDay.objects.visible_to(request.user).filter(pk=request.POST.get("unblock")).delete()
            return redirect("inspection:quotas")
    term = services.current_term()
    blocked = BlockedDay.objects.select_related("inspector")
    if term:
        blocked = blocked.filter(day__gte=term.start, day__lte=term.end)
    return render(request, "inspection/quotas.html", {
        "title": _("督导指标与校历"), "formset": formset, "blocked_form": blocked_form, "blocked": blocked,
        "editable": editable, "term": term,
    })
