"""Pages of the follow-up life cycle: everything owed within the user's scope, one item's timeline, its actions.

Apps show the same timeline and action forms on their own pages with
``{% include "core/followup/_panel.html" with followup=… %}``; the forms post to ``followup_act`` and return to
``next``.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .filtersets import BaseFilterSet
from .followup import act, ensure_daily_scan, user_actions
from .followup_engine import REMIND_DAYS, Action, TransitionError
from .followup_models import OPEN_STATES, STATE_CHOICES, FollowUp
from .forms import bootstrapify
from .generic.list import label_empty_choices
from .listexport import ListColumn, list_tools, list_xlsx, wants_xlsx
from .roles import MODULES
from .scope import scope_for


def followup_columns(today) -> list[ListColumn]:
    """The columns every exported list of follow-ups shares (限期办理事项, 整改通知 …), as the list pages show them."""
    return [
        ListColumn(gettext_lazy("事项"), lambda fu: fu.title, 36),
        ListColumn(gettext_lazy("所属模块"), lambda fu: MODULES.get(fu.module, fu.module), 12),
        ListColumn(gettext_lazy("责任方"), lambda fu: fu.owner_label, 22),
        ListColumn(gettext_lazy("下发日期"), lambda fu: fu.issued_on, 14),
        ListColumn(gettext_lazy("办理期限"), lambda fu: fu.due, 14),
        ListColumn(gettext_lazy("状态"), lambda fu: fu.get_state_display(), 10),
        ListColumn(gettext_lazy("逾期天数"), lambda fu: fu.days_overdue(today) or None, 10),
        ListColumn(gettext_lazy("销号日期"), lambda fu: fu.closed_on, 14),
    ]


URGENCY_CHOICES = [
    ("overdue", gettext_lazy("已逾期")),
    ("due_soon", gettext_lazy("即将到期")),
    ("open", gettext_lazy("办理中（全部）")),
    ("closed", gettext_lazy("已办结")),
]


class FollowUpFilterSet(BaseFilterSet):
    urgency = django_filters.ChoiceFilter(label=gettext_lazy("办理情况"), choices=URGENCY_CHOICES,
                                          method="filter_urgency")
    state = django_filters.ChoiceFilter(label=gettext_lazy("状态"), choices=STATE_CHOICES)
    module = django_filters.ChoiceFilter(label=gettext_lazy("所属模块"), choices=list(MODULES.items()))
    search_fields = ("title", "detail", "school__name")

    class Meta:
        model = FollowUp
        fields = ["urgency", "state", "module", "school", "department"]

    def filter_urgency(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.overdue(today)
        if value == "due_soon":
            return queryset.open().filter(due__gte=today, due__lte=today + timezone.timedelta(days=REMIND_DAYS))
        if value == "open":
            return queryset.open()
        if value == "closed":
            return queryset.exclude(state__in=OPEN_STATES)
        return queryset


@login_required
def followup_list(request):
    """Everything owed within the user's scope, overdue first (a school sees what it owes)."""
    ensure_daily_scan()
    rows = FollowUp.objects.visible_to(request.user).select_related("school", "department")
    filterset = FollowUpFilterSet(request.GET or None, queryset=rows, request=request)
    bootstrapify(filterset.form)
    label_empty_choices(filterset.form)
    scope = scope_for(request.user)
    if scope.school_ids is not None and len(scope.school_ids) <= 1:
        # A school sees only what it owes: choosing the owner would be a list of one.
        for name in ("school", "department"):
            filterset.form.fields.pop(name, None)
    today = timezone.localdate()
    if wants_xlsx(request):  # the rows as filtered, all of them (issue 17)
        return list_xlsx(_("限期办理事项"), followup_columns(today), filterset.qs.urgent_first(today).iterator(2000))
    page = Paginator(filterset.qs.urgent_first(today), 50).get_page(request.GET.get("page"))
    visible = FollowUp.objects.visible_to(request.user)
    counts = {
        "open": visible.open().count(),
        "overdue": visible.overdue(today).count(),
        "escalated": visible.open().filter(escalation_level=2).count(),
    }
    return render(request, "core/followup/list.html", {
        "title": _("限期办理事项"), "filter": filterset, "page": page, "today": today, "counts": counts,
        "query": _query_without_page(request), **list_tools(request),
    })


@login_required
def followup_detail(request, pk: int):
    followup = _readable(request, pk)
    return render(request, "core/followup/detail.html", {
        "title": followup.title, "followup": followup, "next": request.get_full_path(),
    })


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a.value, a.label) for a in Action])
    note = forms.CharField(label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    measures = forms.CharField(label=gettext_lazy("整改（办理）措施"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))


@require_POST
@login_required
def followup_act(request, pk: int):
    """Take one action; errors come back as a message on the page the user came from."""
    followup = _readable(request, pk)
    back = request.POST.get("next") or request.GET.get("next")
    if not back or not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = followup_url(followup)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("操作无效：{errors}").format(errors=form.errors.as_text()))
        return redirect(back)
    action = Action(form.cleaned_data["action"])
    try:
        act(followup, action, request.user, note=form.cleaned_data["note"],
            measures=form.cleaned_data["measures"], files=request.FILES.getlist("evidence"))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("您无权执行该操作。"))
        return redirect(back)
    except TransitionError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(back)
    messages.success(request, _("已{action}：{title}").format(action=action.label, title=followup.title))
    return redirect(back)


def followup_url(followup) -> str:
    from django.urls import reverse

    return reverse("core:followup_detail", args=[followup.pk])


def _readable(request, pk: int) -> FollowUp:
    # The list's own restriction, so a row outside the scope is "not found" here too (issue 18: a department's
    # follow-up was readable by any school through its detail page).
    rows = FollowUp.objects.visible_to(request.user).select_related("school", "department", "issued_by")
    return get_object_or_404(rows, pk=pk)


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def panel_context(user, followup) -> dict:
    """What the panel template needs: the timeline and the actions this user may take."""
    events = list(followup.events.select_related("actor").prefetch_related("evidence"))
    return {"events": events, "actions": user_actions(user, followup)}
