"""The follow-up panel any page can show: ``{% load followup %}{% followup_panel obj.followup %}``."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edubureau.core.followup_views import panel_context

register = template.Library()

STATE_BADGES = {
    "issued": "text-bg-primary",
    "responded": "text-bg-info",
    "returned": "text-bg-warning",
    "closed": "text-bg-success",
    "withdrawn": "text-bg-secondary",
}
URGENCY_LABELS = {
    "overdue": (_("已逾期"), "text-bg-danger"),
    "due_soon": (_("即将到期"), "text-bg-warning"),
    "on_track": (_("未到期"), "text-bg-light border"),
    "closed": ("", ""),
}


@register.inclusion_tag("core/followup/_panel_body.html", takes_context=True)
def followup_panel(context, followup, next_url=None):
    request = context.get("request")
    user = getattr(request, "user", None)
    data = panel_context(user, followup) if followup is not None else {"events": [], "actions": []}
    return {
        "followup": followup, "request": request, "csrf_token": context.get("csrf_token"),
        "next": next_url or (request.get_full_path() if request else ""), **data,
    }


@register.filter
def state_badge(state: str) -> str:
    return STATE_BADGES.get(state, "text-bg-secondary")


@register.simple_tag
def urgency_badge(followup, today=None):
    """(label, css) of how pressing an open item is: 已逾期 N 天 / 即将到期 / 未到期."""
    today = today or timezone.localdate()
    code = followup.urgency(today)
    label, css = URGENCY_LABELS[code]
    if code == "overdue":
        label = _("逾期{days}天").format(days=followup.days_overdue(today))
    return {"label": label, "css": css, "code": code}
