"""整改通知: the list by state (urgent first) and a notice's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edubureau.core.followup import ensure_daily_scan
from edubureau.core.followup_views import followup_columns
from edubureau.core.generic.list import page_of
from edubureau.core.listexport import ListColumn, keyword_search, list_tools, list_xlsx, search_text, wants_xlsx
from edubureau.org.city import region_filter

from .. import services

# ---- notices --------------------------------------------------------------------------------------------------


STATE_FILTERS = {"open": ("issued", "responded", "returned"), "issued": ("issued",), "responded": ("responded",),
                 "returned": ("returned",), "closed": ("closed",), "withdrawn": ("withdrawn",)}


@login_required
def notice_list(request):
    ensure_daily_scan()
    today = timezone.localdate()
    notices = services.notices_visible_to(request.user)
    region = region_filter(request, request.user)  # issue 16: the city comparison's drill-down to one county
    if region is not None:
        notices = notices.filter(followup__school__region=region)
    state = request.GET.get("state", "")
    if state in STATE_FILTERS:
        notices = notices.filter(followup__state__in=STATE_FILTERS[state])
    if state == "overdue":
        notices = notices.filter(followup__state__in=STATE_FILTERS["open"], followup__due__lt=today)
    ids = notices.values("followup_id")
    from edubureau.core.models import FollowUp

    ordered = FollowUp.objects.filter(pk__in=ids).urgent_first(today).select_related("school", "rectification")
    ordered = keyword_search(ordered, search_text(request), ("title", "school__name", "rectification__number"))
    if wants_xlsx(request):  # every notice as filtered and searched (issue 17)
        number = ListColumn(gettext_lazy("通知编号"), lambda fu: fu.rectification.number, 18)
        return list_xlsx(_("整改通知"), [number, *followup_columns(today)], ordered.iterator(2000))
    page, query = page_of(request, ordered)  # 50 a page (issue 16)
    return render(request, "inspection/notice_list.html", {
        "title": _("整改通知"), "followups": page, "page": page, "query": query, "state": state, "today": today,
        "region": region, **list_tools(request, _("编号、学校或事项")),
        "filters": [("", _("全部")), ("open", _("办理中")), ("overdue", _("已逾期")), ("issued", _("待办理")),
                    ("responded", _("待核查")), ("returned", _("退回重办")), ("closed", _("已销号")),
                    ("withdrawn", _("已撤销"))],
    })


@login_required
def notice_detail(request, pk):
    notice = get_object_or_404(services.notices_visible_to(request.user), pk=pk)
    findings = notice.findings.select_related("school", "item", "visit")
    return render(request, "inspection/notice_detail.html", {
        "title": notice.number or str(notice), "notice": notice, "followup": notice.followup, "findings": findings,
    })
