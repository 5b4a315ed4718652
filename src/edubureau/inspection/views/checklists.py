"""检查表: the list and the editor (the 督导室 changes them, everyone reads them)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import forms
from ..models import Checklist
from .common import _require_manager, manages

# ---- checklists -----------------------------------------------------------------------------------------------


@login_required
def checklist_list(request):
    return render(request, "inspection/checklist_list.html", {
        "title": _("检查表"), "checklists": Checklist.objects.prefetch_related("items"),
        "manages": manages(request.user),
    })


@login_required
def checklist_edit(request, pk=None):
    checklist = get_object_or_404(Checklist, pk=pk) if pk else None
    if request.method == "POST":
        _require_manager(request.user)
    form = forms.ChecklistForm(request.POST or None, instance=checklist)
    items = forms.ItemFormSet(request.POST or None, instance=checklist or Checklist(), prefix="items")
    if request.method == "POST" and form.is_valid() and items.is_valid():
        with transaction.atomic():
            checklist = form.save()
            items.instance = checklist
            items.save()
        messages.success(request, _("检查表已保存。"))
        return redirect("inspection:checklist_list")
    return render(request, "inspection/checklist_edit.html", {
        "title": str(checklist) if checklist else _("新建检查表"), "form": form, "items": items,
        "manages": manages(request.user),
    })
