"""Pages of 信访 under /complaints/: the office's workbench, the list (with its export), intake, the case (with its
延期), the statistics and the 人事科's 师德 referrals.

Identity (信访人) is shown to the office only (``handles_complaints``), masked until a logged reveal; every other
reader's page is rendered from a context that never holds it. The office's export holds it in full and is logged as
a reveal too.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from edubureau.core.audit import log_reveal
from edubureau.core.followup import can_act
from edubureau.core.followup_engine import Action, State
from edubureau.core.generic.display import cn_date
from edubureau.core.listexport import ListColumn, keyword_search, list_xlsx, search_text, wants_xlsx
from edubureau.core.masking import mask_address, mask_id, mask_name, mask_phone
from edubureau.core.scope import ScopedQuerySet

from . import services
from .engine import deadlines
from .engine.stats import Row, count_by, on_time_rate
from .forms import AnswerForm, AssignForm, CheckForm, ExtendForm, IntakeForm, ReferForm, VisitForm
from .models import Complaint
from .permissions import handles_complaints, reads_complaints, reads_statistics

SOON_DAYS = 3
STATUS_FILTERS = {
    "new": (gettext_lazy("待交办"), Q(followup__isnull=True)),
    "handling": (gettext_lazy("办理中"), Q(followup__state__in=(State.ISSUED, State.RETURNED))),
    "answered": (gettext_lazy("已答复待审核"), Q(followup__state=State.RESPONDED)),
    "closed": (gettext_lazy("已办结"), Q(followup__state=State.CLOSED)),
}


def _rows(user):
    return (Complaint.objects.visible_to(user)
            .select_related("school", "teacher", "assigned_school", "assigned_department", "followup", "repeat_of"))


def _guard(user):
    if not reads_complaints(user):
        raise PermissionDenied(_("您无权查看信访件。"))


def public_columns() -> list[ListColumn]:
    return [
        ListColumn(gettext_lazy("编号"), lambda c: c.number, 14),
        ListColumn(gettext_lazy("来源渠道"), lambda c: c.channel, 12),
        ListColumn(gettext_lazy("收件日期"), lambda c: c.received_on, 12),
        ListColumn(gettext_lazy("问题类别"), lambda c: c.category, 10),
        ListColumn(gettext_lazy("涉及学校"), lambda c: c.school.name if c.school else "", 20),
        ListColumn(gettext_lazy("涉及教师"), lambda c: c.teacher.name if c.teacher else "", 10),
        ListColumn(gettext_lazy("事由摘要"), lambda c: c.summary, 36),
        ListColumn(gettext_lazy("承办单位"), lambda c: c.handler_label, 20),
        ListColumn(gettext_lazy("办理期限"), lambda c: c.answer_due, 12),
        ListColumn(gettext_lazy("答复日期"), lambda c: c.answered_on, 12),
        ListColumn(gettext_lazy("状态"), lambda c: c.status, 12),
        ListColumn(gettext_lazy("调查结论"), lambda c: c.finding, 10),
    ]


def office_columns() -> list[ListColumn]:
    """The office's own export adds who complained (full: it is their ledger) and the repeat link."""
    return public_columns() + [
        ListColumn(gettext_lazy("匿名"), lambda c: "是" if c.anonymous else "否", 6),
        ListColumn(gettext_lazy("信访人姓名"), lambda c: c.complainant_name, 10),
        ListColumn(gettext_lazy("联系电话"), lambda c: c.complainant_phone, 14),
        ListColumn(gettext_lazy("身份证件号"), lambda c: c.complainant_id, 20),
        ListColumn(gettext_lazy("联系地址"), lambda c: c.complainant_address, 30),
        ListColumn(gettext_lazy("重复件（前件）"), lambda c: c.repeat_of.number if c.repeat_of else "", 14),
        ListColumn(gettext_lazy("满意度"), lambda c: c.satisfaction, 10),
    ]


@login_required
def home(request):
    """The workbench: the office's new, overdue and soon-due cases, answers to check, visits owed; a school's or
    department's cases to answer."""
    _guard(request.user)
    today = timezone.localdate()
    rows = _rows(request.user)
    office = handles_complaints(request.user)
    sections = []
    overdue = rows.overdue(today).order_by("answer_due", "pk")
    soon = rows.open().filter(answer_due__gte=today, answer_due__lte=today + dt.timedelta(days=SOON_DAYS)).filter(
        Q(followup__isnull=True) | Q(followup__state__in=(State.ISSUED, State.RETURNED))).order_by("answer_due")
    if office:
        sections.append((_("待交办"), rows.filter(followup__isnull=True).order_by("received_on", "pk")[:50]))
        sections.append((_("已逾期"), overdue[:50]))
        sections.append((_("{n}日内到期").format(n=SOON_DAYS), soon[:50]))
        sections.append((_("已答复待审核"), rows.filter(followup__state=State.RESPONDED).order_by("answer_due")[:50]))
        sections.append((_("已办结待回访"), rows.filter(followup__state=State.CLOSED, visit_on__isnull=True,
                                                   anonymous=False).order_by("answer_due")[:50]))
    else:
        sections.append((_("待办理"), rows.filter(followup__state__in=(State.ISSUED, State.RETURNED))
                         .order_by("answer_due", "pk")[:50]))
        sections.append((_("已逾期"), overdue[:50]))
    return render(request, "complaints/home.html", {
        "title": _("信访工作台"), "office": office, "sections": [(label, list(qs)) for label, qs in sections],
        "today": today, "open_count": rows.open().count(), "overdue_count": overdue.count(),
        "statistics": reads_statistics(request.user),
    })


@login_required
def complaint_list(request):
    _guard(request.user)
    office = handles_complaints(request.user)
    rows = _rows(request.user)
    params = {key: request.GET.get(key, "") for key in ("channel", "category", "status", "school")}
    if params["channel"] in Complaint.Channel.values:
        rows = rows.filter(channel=params["channel"])
    if params["category"] in Complaint.Category.values:
        rows = rows.filter(category=params["category"])
    if params["status"] in STATUS_FILTERS:
        rows = rows.filter(STATUS_FILTERS[params["status"]][1])
    elif params["status"] == "overdue":
        rows = rows.overdue()
    if params["school"].isdigit():
        rows = rows.filter(school_id=int(params["school"]))
    query = search_text(request)
    fields = ("number", "summary", "school__name", "teacher__name")
    if office:  # the office finds a caller's earlier cases by name or phone; nobody else may search by them
        fields += ("complainant_name", "complainant_phone")
    rows = keyword_search(rows, query, fields)
    rows = rows.order_by("-received_on", "-pk")
    if wants_xlsx(request):
        response = list_xlsx(_("信访件"), office_columns() if office else public_columns(), rows.iterator())
        if office:  # the office's export names who complained: a reveal, logged once per export (issue 15)
            services.log_export_reveal(request, rows)
        return response
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    from edubureau.org.models import School

    schools = School.objects.visible_to(request.user).filter(
        pk__in=Complaint.objects.visible_to(request.user).values("school")).order_by("code")
    querystring = "&".join(f"{k}={v}" for k, v in params.items() if v) + (f"&q={query}" if query else "")
    return render(request, "complaints/list.html", {
        "title": _("信访件"), "page": page, "office": office, "params": params, "q": query,
        "channels": Complaint.Channel.values, "categories": Complaint.Category.values, "schools": schools,
        "statuses": [(k, v[0]) for k, v in STATUS_FILTERS.items()] + [("overdue", _("已逾期"))],
        "querystring": querystring, "today": timezone.localdate(),
    })


@login_required
def complaint_create(request):
    if not handles_complaints(request.user):
        raise PermissionDenied(_("只有信访办可以登记信访件。"))
    form = IntakeForm(request.POST or None, user=request.user,
                      initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        complaint = form.save(commit=False)
        try:
            services.register(complaint, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已登记信访件{number}，受理告知期限{accept}，办理期限{answer}。").format(
                number=complaint.number, accept=complaint.accept_due, answer=complaint.answer_due))
            return redirect("complaints:complaint_detail", complaint.pk)
    return render(request, "complaints/form.html", {
        "title": _("登记信访件"), "form": form,
        "rules": [(channel, rule) for channel, rule in deadlines.DEADLINES.items()],
    })


def identity(complaint: Complaint, revealed: bool) -> list[tuple[str, str]]:
    """The office's view of who complained: masked, or in full after a reveal."""
    if complaint.anonymous:
        return [(_("信访人"), _("匿名"))]
    values = [(_("信访人姓名"), complaint.complainant_name, mask_name),
              (_("联系电话"), complaint.complainant_phone, mask_phone),
              (_("身份证件号"), complaint.complainant_id, mask_id),
              (_("联系地址"), complaint.complainant_address, mask_address)]
    return [(label, (value if revealed else mask(value)) or "—") for label, value, mask in values]


@login_required
def complaint_detail(request, pk):
    _guard(request.user)
    complaint = get_object_or_404(_rows(request.user), pk=pk)
    office = handles_complaints(request.user)
    followup = complaint.followup
    context = {"title": complaint.number, "c": complaint, "office": office, "today": timezone.localdate()}
    if office:
        revealed = request.GET.get("reveal") == "1" and not complaint.anonymous
        if revealed:
            log_reveal(request, complaint, [name for name in ("complainant_name", "complainant_phone",
                                                               "complainant_id", "complainant_address")
                                            if getattr(complaint, name)])
        context.update({
            "identity": identity(complaint, revealed), "revealed": revealed,
            "repeats": list(complaint.repeats.order_by("received_on")),
            "assign_form": AssignForm(user=request.user) if followup is None else None,
            "check_form": CheckForm() if followup and followup.state == State.RESPONDED else None,
            "extend_form": (ExtendForm(complaint=complaint) if followup and not complaint.is_extended
                            and followup.state in (State.ISSUED, State.RETURNED)
                            and complaint.answer_due >= context["today"] else None),
            "visit_form": VisitForm() if complaint.is_closed and not complaint.anonymous else None,
            "may_reopen": complaint.is_closed and complaint.satisfaction == Complaint.Satisfaction.UNSATISFIED,
            "refer_form": (ReferForm() if complaint.teacher_id and complaint.finding == Complaint.Finding.TRUE
                           and not complaint.conduct_category else None),
        })
    if followup is not None and can_act(request.user, followup, Action.RESPOND) \
            and followup.state in (State.ISSUED, State.RETURNED):
        context["answer_form"] = AnswerForm()
    if followup is not None:
        context["events"] = list(followup.events.select_related("actor").order_by("at", "pk"))
    context["may_record_conduct"] = (complaint.conduct_category and not complaint.conduct_record_id
                                     and services.may_record_conduct(request.user))
    return render(request, "complaints/detail.html", context)


def _back(complaint):
    return redirect("complaints:complaint_detail", complaint.pk)


def _run(request, complaint, step, success: str):
    try:
        step()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, success)
    return _back(complaint)


@login_required
@require_POST
def assign(request, pk):
    complaint = get_object_or_404(_rows(request.user), pk=pk)
    if not handles_complaints(request.user):
        raise PermissionDenied(_("只有信访办可以交办。"))
    form = AssignForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("请选择一个承办科室或一所承办学校。"))
        return _back(complaint)
    return _run(request, complaint, lambda: services.assign(
        complaint, by=request.user, school=form.cleaned_data["school"], department=form.cleaned_data["department"]),
        _("已交办。"))


@login_required
@require_POST
def extend(request, pk):
    """延期: the office moves the 办理期限 once, by at most 30 days, with the reason told to the complainant."""
    complaint = get_object_or_404(_rows(request.user), pk=pk)
    if not handles_complaints(request.user):
        raise PermissionDenied(_("只有信访办可以办理延期。"))
    form = ExtendForm(request.POST, complaint=complaint)
    if not form.is_valid():
        messages.error(request, _("请填写延期后的办理期限和延期理由。"))
        return _back(complaint)
    data = form.cleaned_data
    return _run(request, complaint, lambda: services.extend(
        complaint, by=request.user, due=data["due"], reason=data["reason"], notified=data.get("notified", False)),
        _("已延期，办理期限延至{due}。").format(due=cn_date(data["due"])))


@login_required
@require_POST
def answer(request, pk):
    complaint = get_object_or_404(_rows(request.user), pk=pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择调查结论并填写答复意见。"))
        return _back(complaint)
    return _run(request, complaint, lambda: services.answer(
        complaint, by=request.user, finding=form.cleaned_data["finding"], reply=form.cleaned_data["reply"]),
        _("已提交答复，等待信访办审核。"))


@login_required
@require_POST
def check(request, pk):
    complaint = get_object_or_404(_rows(request.user), pk=pk)
    form = CheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择审核结论。"))
        return _back(complaint)
    approve = form.cleaned_data["decision"] == "approve"
    return _run(request, complaint, lambda: services.check(complaint, by=request.user, approve=approve,
                                                            note=form.cleaned_data["note"]),
                _("已审核办结。") if approve else _("已退回重办。"))


@login_required
@require_POST
def visit(request, pk):
    complaint = get_object_or_404(_rows(request.user), pk=pk)
    form = VisitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择满意度。"))
        return _back(complaint)
    return _run(request, complaint, lambda: services.return_visit(
        complaint, by=request.user, satisfaction=form.cleaned_data["satisfaction"], note=form.cleaned_data["note"]),
        _("已记录回访。"))


@login_required
@require_POST
def reopen(request, pk):
    complaint = get_object_or_404(_rows(request.user), pk=pk)
    if not handles_complaints(request.user):
        raise PermissionDenied(_("只有信访办可以重新交办。"))
    return _run(request, complaint, lambda: services.reopen(complaint, by=request.user), _("已重新交办。"))


@login_required
@require_POST
def refer(request, pk):
    complaint = get_object_or_404(_rows(request.user), pk=pk)
    form = ReferForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择违反的准则条目。"))
        return _back(complaint)
    return _run(request, complaint, lambda: services.refer_conduct(
        complaint, by=request.user, category=form.cleaned_data["conduct_category"], note=form.cleaned_data["note"]),
        _("已移送人事科录入师德记录。"))


def _referrals(user):
    """Referred cases of the user's region (the 人事科 is not a reader of the cases themselves)."""
    return (ScopedQuerySet.visible_to(Complaint.objects.exclude(conduct_category=""), user)
            .select_related("teacher", "school", "conduct_record").order_by("-received_on", "-pk"))


@login_required
def conduct_referrals(request):
    """The 人事科's list of cases the office referred for a 师德 record: teacher, matter, finding — no complainant."""
    if not services.may_record_conduct(request.user):
        raise PermissionDenied(_("只有人事科可以查看师德移送。"))
    page = Paginator(_referrals(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "complaints/conduct.html", {"title": _("师德线索移送"), "page": page})


@login_required
@require_POST
def record_conduct(request, pk):
    if not services.may_record_conduct(request.user):
        raise PermissionDenied(_("只有人事科可以录入师德记录。"))
    complaint = get_object_or_404(_referrals(request.user), pk=pk)
    try:
        record = services.create_conduct_record(complaint, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已生成师德记录：{record}。").format(record=record))
    back = request.POST.get("next", "")
    if back == "detail" and Complaint.objects.visible_to(request.user).filter(pk=pk).exists():
        return _back(complaint)
    return redirect(reverse("complaints:conduct_referrals"))


@login_required
def statistics(request):
    if not reads_statistics(request.user):
        raise PermissionDenied(_("您无权查看信访统计。"))
    today = timezone.localdate()
    year = request.GET.get("year", "")
    rows = Complaint.objects.visible_to(request.user)
    years = sorted({d.year for d in rows.dates("received_on", "year")}, reverse=True)
    if year.isdigit():
        rows = rows.filter(received_on__year=int(year))
    # ``answer_due`` is the deadline in force: an extended case counts against its extended one.
    data = [Row(r["channel"], r["category"], r["school__name"] or "", r["received_on"],
                r["followup__responded_on"], r["answer_due"], extended=r["extended_on"] is not None)
            for r in rows.values("channel", "category", "school__name", "received_on", "followup__responded_on",
                                 "answer_due", "extended_on")]
    on_time, counted = on_time_rate(data, today)
    repeats = rows.filter(repeat_of__isnull=False)
    if not handles_complaints(request.user):
        repeats = repeats.filter(repeat_reason="topic")  # who complained twice is the office's to know
    satisfaction = dict(rows.exclude(satisfaction="").order_by().values("satisfaction").annotate(n=Count("pk"))
                        .values_list("satisfaction", "n"))
    return render(request, "complaints/stats.html", {
        "title": _("信访统计"), "total": len(data), "years": years, "year": year,
        "by": [(_("按来源渠道"), count_by(data, "channel")), (_("按问题类别"), count_by(data, "category")),
               (_("按涉及学校"), count_by(data, "school")), (_("按月份"), count_by(data, "month"))],
        "on_time": on_time, "counted": counted, "rate": (100 * on_time / counted) if counted else None,
        "repeats": repeats.count(), "overdue": rows.overdue(today).count(),
        "extended": sum(row.extended for row in data),
        "satisfaction": [(s, satisfaction.get(s, 0)) for s in Complaint.Satisfaction.values],
    })
