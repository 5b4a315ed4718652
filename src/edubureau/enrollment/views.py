"""招生 pages: the year's overview (applications, seats, placement by school), the check queue with a reason for
every flag and the clerk's decision, and one application with its papers (full only to the clerk, each view logged).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from edubureau.core import idcard
from edubureau.core.audit import log_reveal
from edubureau.core.forms import bootstrapify
from edubureau.core.generic import ObjectDetailView, object_url
from edubureau.core.listexport import ListColumn, list_xlsx, wants_xlsx
from edubureau.core.masking import mask_address
from edubureau.core.scope import BUREAU_ROLES, scope_for
from edubureau.org.choices import Ownership
from edubureau.org.models import School

from . import services
from .engine.lottery import category_rank
from .forms import AppealDecisionForm, DecisionForm
from .models import Application, EnrollmentSettings, Level, Lottery
from .permissions import handles_applications

__all__ = ["ApplicationView", "appeal", "decide", "home", "queue", "run_checks", "run_placement", "seats"]

PERSONAL = ("child_id", "guardian_id", "guardian2_id", "guardian_phone", "property_owner_id", "hukou_address",
            "property_address")

QUEUE_COLUMNS = [
    ListColumn(gettext_lazy("申请编号"), lambda a: a.number, 14),
    ListColumn(gettext_lazy("儿童姓名"), lambda a: a.child_name, 10),
    ListColumn(gettext_lazy("儿童身份证件号"), lambda a: a.masked_child_id, 22),
    ListColumn(gettext_lazy("申请学校"), lambda a: a.school.name, 24),
    ListColumn(gettext_lazy("类别"), lambda a: a.category, 8),
    ListColumn(gettext_lazy("审核发现"), lambda a: "；".join(f["reason"] for f in a.findings), 60),
    ListColumn(gettext_lazy("状态"), lambda a: a.state, 10),
]


def year_and_level(request) -> tuple[int, str]:
    settings = EnrollmentSettings.current()
    level = request.GET.get("level") or request.POST.get("level") or Level.PRIMARY
    return settings.year, level if level in Level.values else Level.PRIMARY


@login_required
def home(request):
    """招生工作台: per school, seats against applicants and the outcome; the year's steps as buttons."""
    year, level = year_and_level(request)
    apps = Application.objects.visible_to(request.user).filter(year=year, level=level)
    states = Counter(apps.values_list("state", flat=True))
    per_school = defaultdict(Counter)
    for school_id, state in apps.values_list("school_id", "state"):
        per_school[school_id][state] += 1
        per_school[school_id]["total"] += 1
    # Placed here counts the children 统筹 from other schools' lists too (a count, no one named).
    visible_schools = School.objects.visible_to(request.user).values("pk")
    for admitted_id in Application.objects.filter(year=year, level=level, admitted_school__in=visible_schools) \
            .values_list("admitted_school_id", flat=True):
        per_school[admitted_id]["placed_here"] += 1
    seats = services.seats_for(year, level)
    lotteries = {lot.school_id: lot for lot in Lottery.objects.visible_to(request.user).filter(year=year,
                                                                                               level=level)}
    rows = []
    for school in services.school_levels(level):
        counts = per_school.get(school.pk, Counter())
        if not counts and (school.pk not in seats or school.ownership != Ownership.PUBLIC):
            continue  # a 民办 school without applications here admits by its own lottery
        applied = counts["total"] - counts[Application.State.REFUSED]
        rows.append({"school": school, "seats": seats.get(school.pk, 0), "applied": counts["total"],
                     "flagged": counts[Application.State.FLAGGED], "cleared": counts[Application.State.CLEARED],
                     "placed": counts["placed_here"], "over": applied - seats.get(school.pk, 0),
                     "lottery": lotteries.get(school.pk)})
    readable = _visible_school_ids(request.user, rows)
    rows = [r for r in rows if r["school"].pk in readable]
    categories = Counter(apps.exclude(category="").values_list("category", flat=True))
    return render(request, "enrollment/home.html", {
        "title": _("招生入学"), "year": year, "level": level, "levels": Level.choices, "rows": rows,
        "states": [(s, states.get(s, 0)) for s in Application.State.values], "total": sum(states.values()),
        "categories": sorted(categories.items(), key=lambda kv: category_rank(kv[0])),
        "handler": handles_applications(request.user),
        "placed": any(states.get(s) for s in (Application.State.ADMITTED, Application.State.REASSIGNED,
                                              Application.State.UNPLACED)),
    })


def _visible_school_ids(user, rows) -> set[int]:
    return set(School.objects.visible_to(user).filter(pk__in=[r["school"].pk for r in rows])
               .values_list("pk", flat=True))


@login_required
@require_POST
def run_checks(request):
    if not handles_applications(request.user):
        raise PermissionDenied(_("只有招生工作人员可以执行审核。"))
    year, level = year_and_level(request)
    report = services.check_applications(year, level, by=request.user)
    messages.success(request, _("已审核{checked}份申请：{cleared}份通过，{flagged}份待核实（每份列明原因）。").format(
        checked=report.checked, cleared=report.cleared, flagged=report.flagged))
    return redirect(f"{_url('enrollment:queue')}?level={level}")


@login_required
@require_POST
def run_placement(request):
    if not handles_applications(request.user):
        raise PermissionDenied(_("只有招生工作人员可以执行录取。"))
    year, level = year_and_level(request)
    try:
        report = services.place_children(year, level, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(f"{_url('enrollment:home')}?level={level}")
    messages.success(request, _("录取完成：按申请录取{admitted}人，统筹安排{reassigned}人，{unplaced}人暂无学位"
                                "（已生成限期办理事项）。").format(admitted=report.admitted,
                                                        reassigned=report.reassigned, unplaced=report.unplaced))
    return redirect(f"{_url('enrollment:lottery_list')}?level={level}")


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@login_required
def queue(request):
    """审核队列: every application flagged by the checks, each with its reasons; the clerk decides on each."""
    year, level = year_and_level(request)
    rows = (Application.objects.visible_to(request.user).filter(year=year, level=level,
                                                                 state=Application.State.FLAGGED)
            .select_related("school").order_by("school__code", "number"))
    code = request.GET.get("code", "")
    if code:  # a few hundred flagged rows at most: filtered here, the same on every database
        rows = [a for a in rows if any(f["code"] == code for f in a.findings)]
    if wants_xlsx(request):
        return list_xlsx(_("招生审核队列"), QUEUE_COLUMNS, iter(rows))
    codes = Counter(f["code"] for findings in Application.objects.visible_to(request.user).filter(
        year=year, level=level, state=Application.State.FLAGGED).values_list("findings", flat=True)
        for f in findings)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "enrollment/queue.html", {
        "title": _("招生审核队列"), "year": year, "level": level, "levels": Level.choices, "page": page, "code": code,
        "query": f"level={level}" + (f"&code={code}" if code else ""),
        "codes": [(c, CODE_LABELS.get(c, c), n) for c, n in codes.most_common()],
        "handler": handles_applications(request.user), "form": DecisionForm(),
    })


CODE_LABELS = {
    "lock": gettext_lazy("一房一学位"), "duplicate_child": gettext_lazy("重复申请"),
    "duplicate_property": gettext_lazy("同一房产多户申请"), "age": gettext_lazy("年龄不符"),
    "age_over": gettext_lazy("超龄"), "documents": gettext_lazy("材料不全"), "category": gettext_lazy("不符合入学条件"),
    "child_id": gettext_lazy("身份证件号有误"),
}


@login_required
@require_POST
def decide(request, pk):
    app = get_object_or_404(Application.objects.visible_to(request.user), pk=pk)
    if not handles_applications(request.user):
        raise PermissionDenied(_("只有招生工作人员可以审核申请。"))
    form = DecisionForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = object_url(app, "detail")
    if not form.is_valid():
        messages.error(request, _("请选择审核结论并填写审核意见。"))
        return redirect(back)
    try:
        services.decide(app, accept=form.cleaned_data["decision"] == "accept", note=form.cleaned_data["note"],
                        category=form.cleaned_data["category"], by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(back)
    messages.success(request, _("申请{number}：{state}。").format(number=app.number, state=app.get_state_display()))
    return redirect(back)


@login_required
@require_POST
def appeal(request, pk):
    """Record a parent's 申诉 (clerk), or answer it: 申诉成立 / 维持原结论 with the note the parent is told."""
    app = get_object_or_404(Application.objects.visible_to(request.user).select_related("appeal", "school"), pk=pk)
    if not handles_applications(request.user):
        raise PermissionDenied(_("只有招生工作人员可以受理和答复申诉。"))
    try:
        if services.has_open_appeal(app):
            form = AppealDecisionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请选择答复结论并填写答复意见。"))
            services.decide_appeal(app, upheld=form.cleaned_data["upheld"] == "yes", note=form.cleaned_data["note"],
                                   category=form.cleaned_data["category"], by=request.user)
            messages.success(request, _("申诉已答复并办结。"))
        else:
            services.file_appeal(app, reason=request.POST.get("reason", ""), by=request.user)
            messages.success(request, _("申诉已受理，须在{days}日内答复（限期办理事项提醒）。").format(
                days=services.APPEAL_DAYS))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(object_url(app, "detail"))


class ApplicationView(ObjectDetailView):
    """One application: papers (full to the clerk, each view logged), findings, points, decision and outcome."""

    queryset = Application.objects.select_related("school", "hukou_unit", "property_unit", "admitted_school",
                                                  "checked_by")
    fields = ("number", "year", "level", "child_name", "child_id", "sex", "school", "hukou_unit", "hukou_address",
              "guardian_name", "guardian_id", "guardian_phone", "guardian2_id", "property_certificate",
              "property_address", "property_owner_id", "property_purchased", "property_unit",
              "residence_permit_start", "insurance_months", "documents", "special_needs", "sibling_of", "state",
              "category", "points", "clerk_note", "checked_by", "admitted_school")

    def get_field_overrides(self, obj):
        shown = {name: getattr(obj, name) or "" for name in PERSONAL}
        if handles_applications(self.request.user):
            log_reveal(self.request, obj, [name for name, value in shown.items() if value])
            overrides = {name: value or "—" for name, value in shown.items()}
        else:
            overrides = {name: _mask(name, value) for name, value in shown.items()}
        overrides["documents"] = "、".join(obj.documents or []) or "—"
        overrides["admitted_school"] = admitted_school_text(self.request.user, obj)
        return overrides

    def get_extra_context(self, obj):
        form = DecisionForm()
        bootstrapify(form)
        appeal_form = AppealDecisionForm() if services.has_open_appeal(obj) else None
        if appeal_form is not None:
            bootstrapify(appeal_form)
        return {"handler": handles_applications(self.request.user), "form": form,
                "placed_at": admitted_school_text(self.request.user, obj), "appeal_form": appeal_form,
                "may_appeal": obj.state in services.APPEALABLE and not services.has_open_appeal(obj),
                "decidable": obj.state in (Application.State.FLAGGED, Application.State.CLEARED,
                                           Application.State.NEW)}


def admitted_school_text(user, app: Application) -> str:
    """Where the child was placed: the school's name if the reader may read that school, else only that it was
    another school (a school applied to reads no other school's name)."""
    if app.admitted_school_id is None:
        return "—"
    scope = scope_for(user)
    if scope.all_schools or app.admitted_school_id in (scope.school_ids or ()):
        return app.admitted_school.name
    return _("已统筹安排到其他学校")


def _mask(name: str, value: str) -> str:
    if not value:
        return "—"
    if name == "guardian_phone":
        return idcard.mask_phone(value)
    if name.endswith("address"):
        return mask_address(value)
    return idcard.mask(value)


@login_required
def seats(request):
    """学位预测: six years of 一年级 demand per school against its seats, red before 大班额 appears; the back-test.
    The forecast starts after the 招生年度 of the settings, whose intake is known."""
    from .forecast import seat_outlook, seventh_outlook

    year, level = year_and_level(request)
    # From next year's intake on: this year's is known.
    outlook = seat_outlook(year + 1) if level == Level.PRIMARY else seventh_outlook(year + 1)
    visible = School.objects.visible_to(request.user)
    ids, codes = set(visible.values_list("pk", flat=True)), set(visible.values_list("code", flat=True))
    outlook.rows = [r for r in outlook.rows if r["school"].pk in ids]
    if outlook.back_test is not None:  # a school reads its own figures only, no other school's code or name
        outlook.back_test.rows = [row for row in outlook.back_test.rows if row[0] in codes]
    if not scope_for(request.user).all_schools and scope_for(request.user).role not in BUREAU_ROLES:
        outlook.missing = []
    names = dict(visible.values_list("code", "name"))
    back_years, back_rows = [], []
    if outlook.back_test is not None:
        back_years = sorted({row[1] for row in outlook.back_test.rows})
        grid = defaultdict(dict)
        for code, at, forecast, actual in outlook.back_test.rows:
            grid[code][at] = (round(forecast), actual)
        back_rows = [(names.get(code, code), [grid[code].get(at) for at in back_years]) for code in sorted(grid)]
    return render(request, "enrollment/seats.html", {
        "title": _("学位预测"), "year": year, "outlook": outlook, "back_years": back_years, "back_rows": back_rows,
        "level": level, "levels": [(Level.PRIMARY, _("小学一年级")), (Level.JUNIOR, _("初中七年级"))]})
