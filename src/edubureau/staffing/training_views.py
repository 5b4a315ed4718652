"""继续教育学时 page: per school, the teachers behind the five-year cycle's pace; the teachers themselves below, most
behind first. A school sees its own; exported as the list on screen."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edubureau.core.listexport import ListColumn, list_tools, list_xlsx, search_text, wants_xlsx
from edubureau.core.scope import can_write
from edubureau.org.models import School

from .models import TrainingRecord
from .training import progress_by_school, training_rules

BEHIND_COLUMNS = [
    ListColumn(gettext_lazy("学校"), lambda row: row[0].name, 24),
    ListColumn(gettext_lazy("姓名"), lambda row: row[1].name, 10),
    ListColumn(gettext_lazy("本周期已获学时"), lambda row: row[2].hours, 12),
    ListColumn(gettext_lazy("应达学时"), lambda row: row[2].expected, 10),
    ListColumn(gettext_lazy("落后学时"), lambda row: row[2].behind, 10),
    ListColumn(gettext_lazy("周期要求"), lambda row: row[2].required, 10),
]


@login_required
def training_progress(request):
    today, rules = timezone.localdate(), training_rules()
    schools = progress_by_school(School.objects.visible_to(request.user).filter(is_active=True), today=today)
    text = search_text(request)
    behind = [(s.school, staff, p) for s in schools for staff, p in s.behind
              if not text or text in staff.name or text in s.school.name]
    behind.sort(key=lambda row: -row[2].behind)
    if wants_xlsx(request):
        return list_xlsx(_("继续教育学时落后名单"), BEHIND_COLUMNS, behind)
    schools.sort(key=lambda s: -s.share_behind)
    teachers = sum(s.teachers for s in schools)
    late = sum(len(s.behind) for s in schools)
    return render(request, "staffing/training_progress.html", {
        "title": _("继续教育学时"), "schools": schools, "behind": behind[:200], "behind_total": len(behind),
        "teachers": teachers, "late": late, "rules": rules, "cycle_end": rules.cycle_start + rules.cycle_years - 1,
        "may_import": can_write(request.user, TrainingRecord),
        **list_tools(request, _("姓名或学校")),
    })
