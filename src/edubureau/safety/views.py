"""The safety page (安全工作台), the 隐患排查整改台账 export, sending a campaign and the settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from edubureau.core.followup_engine import Action
from edubureau.core.followup_models import FollowUpEvent
from edubureau.core.listexport import ListColumn, list_xlsx
from edubureau.core.scope import can_write, scope_for
from edubureau.core.settings_page import SettingsPage, SettingsRowForm
from edubureau.org.models import School

from . import services
from .engine.hazards import AGE_BANDS, GRADES
from .engine.selfchecks import month_of, previous_month
from .models import Campaign, Drill, Hazard, Route, SafetySettings
from .permissions import runs_safety


def _hazards(user):
    return Hazard.objects.visible_to(user).select_related("school", "followup")


def _last_measures(hazard) -> str:
    answers = [e.measures for e in getattr(hazard.followup, "answers", []) if e.measures] if hazard.followup else []
    return answers[-1] if answers else hazard.measures


LEDGER_COLUMNS = [
    ListColumn(gettext_lazy("序号"), lambda r: r[0], 6),
    ListColumn(gettext_lazy("学校"), lambda r: r[1].school.name, 24),
    ListColumn(gettext_lazy("隐患编号"), lambda r: r[1].code, 14),
    ListColumn(gettext_lazy("隐患类别"), lambda r: r[1].category, 10),
    ListColumn(gettext_lazy("隐患描述"), lambda r: r[1].description, 40),
    ListColumn(gettext_lazy("等级"), lambda r: r[1].grade, 8),
    ListColumn(gettext_lazy("发现日期"), lambda r: r[1].found_on, 12),
    ListColumn(gettext_lazy("整改期限"), lambda r: r[1].deadline, 12),
    ListColumn(gettext_lazy("责任人"), lambda r: r[1].responsible, 10),
    ListColumn(gettext_lazy("整改措施"), lambda r: _last_measures(r[1]), 40),
    ListColumn(gettext_lazy("整改状态"), lambda r: r[1].status, 12),
    ListColumn(gettext_lazy("完成日期"), lambda r: r[1].completed_on, 12),
]


def ledger_rows(user):
    answers = Prefetch("followup__events", queryset=FollowUpEvent.objects.filter(action=Action.RESPOND)
                       .order_by("at", "pk"), to_attr="answers")
    hazards = _hazards(user).prefetch_related(answers).order_by("school__code", "found_on", "pk")
    return ((i, h) for i, h in enumerate(hazards, start=1))


@login_required
def hazard_ledger(request):
    """隐患排查整改台账 (xlsx): every hazard in scope, in the usual columns."""
    return list_xlsx(_("隐患排查整改台账"), LEDGER_COLUMNS, ledger_rows(request.user))


@login_required
def home(request):
    """安全工作台: open hazards by grade and age, schools with overdue ones, expiring papers, overloaded routes,
    drills behind, schools short of this and last month's 自查. The bureau sees its county; a school sees its own."""
    today = timezone.localdate()
    user = request.user
    hazards = _hazards(user)
    figures = services.hazard_figures(hazards, today)
    table = [(g, [figures["table"][g][label] for label, _l, _h in AGE_BANDS]) for g in GRADES]
    schools = School.objects.visible_to(user)
    drills = services.drills_behind(schools, Drill.objects.visible_to(user), today=today)
    # 本月 and 上月 未自查学校 (a school reads its own status: done or not).
    self_checks = [services.self_check_status(schools, first) for first in (month_of(today), previous_month(today))]
    grave = hazards.filter(grade="重大", followup__state__in=("issued", "responded", "returned")).order_by(
        "deadline")[:10]
    return render(request, "safety/home.html", {
        "title": _("安全工作台"), "today": today, "figures": figures, "bands": [b[0] for b in AGE_BANDS],
        "table": table, "papers": services.expiring_papers(user, today=today)[:50],
        "overloaded": services.overloaded_routes(Route.objects.visible_to(user)), "drills": drills,
        "self_checks": self_checks,
        "grave": grave, "campaigns": Campaign.objects.visible_to(user).order_by("-issued_on")[:5],
        "is_school": scope_for(user).role == "school", "may_add": can_write(user, Hazard),
        "runs_safety": runs_safety(user),
    })


@login_required
@require_POST
def campaign_send(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    if not runs_safety(request.user):
        raise PermissionDenied(_("专项检查由安全科下发。"))
    n = services.send_campaign(campaign, user=request.user)
    messages.success(request, _("已下发至{n}所学校，各校须在截止日前报送自查情况。").format(n=n))
    return redirect("safety:campaign_detail", campaign.pk)


GROUPS = (
    (gettext_lazy("隐患整改期限"), ("days_general", "days_major", "days_grave")),
    (gettext_lazy("学校月度自查"), ("self_checks_per_month", "kindergarten_self_checks_per_month")),
    (gettext_lazy("演练、留样与证照"), ("drills_per_term", "sample_grams", "sample_hours", "warn_days")),
)


class SettingsForm(SettingsRowForm):
    class Meta:
        model = SafetySettings
        fields = [name for _title, names in GROUPS for name in names]


PAGE = SettingsPage(
    form=SettingsForm, groups=GROUPS, template="safety/settings.html", title=gettext_lazy("安全设置"),
    refused=gettext_lazy("只有安全科可以修改安全设置。"),
    saved=gettext_lazy("安全设置已保存：此后登记的隐患按新的期限计算，演练和留样按新标准检查。"),
    url_name="safety:settings")


@login_required
def safety_settings(request):
    return PAGE.handle(request, SafetySettings.current(), runs_safety(request.user))
