"""异议 pages of a rotation plan: a school files one against a move into or out of it; the 人事科 answers it.

Both sides also see the objection in 限期办理事项 (it is a follow-up); the answer's note reaches the school there.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from edubureau.core.forms import bootstrapify
from edubureau.core.roles import Role
from edubureau.core.scope import scope_for

from . import objections
from .models import RotationMove, RotationObjection, RotationPlan


class ObjectionForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("异议理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
                             help_text=gettext_lazy("例如：该教师正在孕期或哺乳期、患重病，或本校该学科将无人任教。"
                                                    "人事科在公示期内答复。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=gettext_lazy("答复意见"), widget=forms.RadioSelect, choices=[
        (RotationObjection.Decision.KEPT, RotationObjection.Decision.KEPT.label),
        (RotationObjection.Decision.WITHDRAWN, RotationObjection.Decision.WITHDRAWN.label)])
    note = forms.CharField(label=gettext_lazy("答复理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


@login_required
def objection_create(request, pk):
    moves = RotationMove.objects.visible_to(request.user).exclude(plan__status=RotationPlan.Status.DRAFT)
    move = get_object_or_404(moves.select_related("plan__region", "staff", "source", "target"), pk=pk)
    profile = getattr(request.user, "profile", None)
    if scope_for(request.user).role != Role.SCHOOL or profile is None or profile.school_id is None:
        raise PermissionDenied(_("异议由派出或接收学校提出。"))
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            objections.file_objection(move=move, school=profile.school, reason=form.cleaned_data["reason"],
                                      user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("异议已提交，等待人事科答复；可在“限期办理事项”中查看进度。"))
            return redirect("staffing:rotation_detail", move.plan_id)
    return render(request, "staffing/objection_form.html", {
        "title": _("对交流人员提出异议"), "move": move, "plan": move.plan, "form": form,
        "window_open": objections.objection_window_open(move.plan),
    })


@login_required
@require_POST
def objection_decide(request, pk):
    objection = get_object_or_404(RotationObjection.objects.visible_to(request.user).select_related("move"), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择答复意见并写明理由。"))
    else:
        try:
            objections.decide_objection(objection, form.cleaned_data["decision"], form.cleaned_data["note"],
                                        request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已答复：{decision}。").format(
                decision=RotationObjection.Decision(form.cleaned_data["decision"]).label))
    return redirect("staffing:rotation_detail", objection.move.plan_id)
