"""编制与缺员: the county's schools with their 核定编制 against the staff available, their subjects short by hours, and
the moves that would balance the subjects (a school sees its own row)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edubureau.core.listexport import ListColumn, list_tools, list_xlsx, search_text, wants_xlsx
from edubureau.org.models import School

from .establishment import county_report

COLUMNS = [
    ListColumn(gettext_lazy("学校"), lambda r: r.school.name, 24),
    ListColumn(gettext_lazy("在校生"), lambda r: r.pupils, 8),
    ListColumn(gettext_lazy("班级数"), lambda r: r.classes, 8),
    ListColumn(gettext_lazy("核定编制"), lambda r: r.gap.norm, 8),
    ListColumn(gettext_lazy("在编在岗"), lambda r: r.gap.in_post, 8),
    ListColumn(gettext_lazy("实际可用"), lambda r: r.gap.available, 8),
    ListColumn(gettext_lazy("差额"), lambda r: r.gap.gap, 6),
    ListColumn(gettext_lazy("结论"), lambda r: r.gap.verdict, 6),
    ListColumn(gettext_lazy("缺员学科（缺几人）"), lambda r: "、".join(
        f"{g.subject}{-g.gap:g}" for g in r.short_subjects), 30),
    ListColumn(gettext_lazy("核定依据"), lambda r: r.gap.rule, 36),
]


@login_required
def establishment(request):
    schools = School.objects.visible_to(request.user)
    text = search_text(request)
    if text:
        schools = schools.filter(name__icontains=text)
    report = county_report(schools)
    if wants_xlsx(request):
        return list_xlsx(_("编制与缺员"), COLUMNS, report["schools"])
    return render(request, "staffing/establishment.html", {
        "title": _("编制与缺员"), **report, **list_tools(request, _("学校名称")),
    })
