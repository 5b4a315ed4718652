"""The life cycle of a case: register, assign, answer, check, 回访, and the 师德 referral (issue 15).

Every step that moves the follow-up goes through ``core.followup`` (``open_followup`` / ``act``): the handler's
answer is its 反馈, the office's check its 核查销号 or 退回.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from edubureau.core.followup import act, extend_due, open_followup
from edubureau.core.followup_engine import Action, State
from edubureau.core.generic.display import cn_date
from edubureau.core.scope import can_write, scope_for

from .engine import deadlines, repeats
from .models import IDENTITY_FIELDS, Complaint
from .permissions import handles_complaints

__all__ = ["answer", "assign", "calendar", "check", "create_conduct_record", "extend", "fill_case",
           "log_export_reveal", "new_numbers", "next_number", "open_handling", "refer_conduct", "refresh_repeats",
           "register", "reopen", "return_visit"]

MODULE = "complaints"


def calendar():
    """The county's working-day calendar (weekends and the county's holidays), the one leave is counted on."""
    from edubureau.staffing.leave import county_calendar

    return county_calendar()


def next_number(year: int) -> str:
    return new_numbers(year, 1)[0]


def new_numbers(year: int, count: int) -> list[str]:
    """The next ``count`` case numbers of ``year`` (XF2026-0001 …): a form's one, or an imported batch's."""
    prefix = f"XF{year}-"
    last = (Complaint.objects.filter(number__startswith=prefix).order_by("-number")
            .values_list("number", flat=True).first())
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return [f"{prefix}{seq + i:04d}" for i in range(count)]


def _office_only(user) -> None:
    if not handles_complaints(user):
        raise PermissionDenied(_("只有信访办（负责信访的科室）可以办理此操作。"))


def fill_case(complaint: Complaint, *, by, work_calendar=None) -> Complaint:
    """What registering adds to a case typed in or imported: the deadlines by channel, the office's region, who
    registered it. ``work_calendar`` saves reading the working-day calendar once per row of an import."""
    complaint.accept_due, complaint.answer_due = deadlines.due_dates(complaint.channel, complaint.received_on,
                                                                     work_calendar or calendar())
    if complaint.region_id is None and by is not None:
        complaint.region_id = scope_for(by).home_region_id
    complaint.registered_by = by
    return complaint


def register(complaint: Complaint, *, by) -> Complaint:
    """Register a new case: number, deadlines by channel, the office's region, repeats; nothing assigned yet."""
    _office_only(by)
    if complaint.anonymous:
        complaint.complainant_name = complaint.complainant_phone = ""
        complaint.complainant_id = complaint.complainant_address = ""
    fill_case(complaint, by=by)
    with transaction.atomic():
        if not complaint.number:
            complaint.number = next_number(complaint.received_on.year)
        complaint.full_clean()
        complaint.save()
        refresh_repeats(around=complaint.received_on)
    complaint.refresh_from_db()
    return complaint


def assign(complaint: Complaint, *, by, school=None, department=None, today: dt.date | None = None) -> Complaint:
    """交办: a follow-up owed by ``school`` or ``department``, due by the case's 办理期限 (named by number only)."""
    _office_only(by)
    return open_handling(complaint, by=by, school=school, department=department, today=today)


def open_handling(complaint: Complaint, *, by, school=None, department=None,
                  today: dt.date | None = None) -> Complaint:
    """The follow-up of ``assign``, for a caller that has checked the office's right itself (an import, whose every
    row was checked against the importing user's scope before anything was written)."""
    if (school is None) == (department is None):
        raise ValidationError(_("请选择一个承办科室或一所承办学校。"))
    if complaint.followup_id and complaint.followup.state not in (State.WITHDRAWN,):
        raise ValidationError(_("该信访件已交办。"))
    today = today or timezone.localdate()
    issued = min(today, complaint.answer_due)
    with transaction.atomic():
        followup = open_followup(
            module=MODULE, kind="信访件", title=_("信访件{number}（{category}）办理").format(
                number=complaint.number, category=complaint.category),
            due=complaint.answer_due, school=school, department=department, issued_by=by, issued_on=issued,
            detail=_("请调查核实，于{due}前提交调查结论和答复意见。").format(due=cn_date(complaint.answer_due)))
        complaint.assigned_school, complaint.assigned_department = school, department
        complaint.followup = followup
        complaint.save(update_fields=["assigned_school", "assigned_department", "followup", "updated"])
    return complaint


def answer(complaint: Complaint, *, by, finding: str, reply: str, today: dt.date | None = None) -> Complaint:
    """The handler's 调查结论 and 答复意见: the follow-up's 反馈."""
    if finding not in Complaint.Finding.values:
        raise ValidationError({"finding": _("请选择调查结论。")})
    if not reply.strip():
        raise ValidationError({"reply": _("请填写答复意见。")})
    if complaint.followup is None:
        raise ValidationError(_("该信访件尚未交办。"))
    with transaction.atomic():
        act(complaint.followup, Action.RESPOND, by, measures=reply, note=_("调查结论：{f}").format(f=finding),
            today=today)
        complaint.finding, complaint.reply = finding, reply
        complaint.save(update_fields=["finding", "reply", "updated"])
    return complaint


def check(complaint: Complaint, *, by, approve: bool, note: str = "", today: dt.date | None = None) -> Complaint:
    """The office's check of the answer: 审核通过并办结 (核查销号) or 退回重办 with the reason."""
    _office_only(by)
    if complaint.followup is None:
        raise ValidationError(_("该信访件尚未交办。"))
    act(complaint.followup, Action.VERIFY if approve else Action.RETURN, by, note=note, today=today)
    complaint.refresh_from_db()
    return complaint


EXTENSION_REFUSALS = {
    "twice": _lazy("每件信访件只能延期一次。"),
    "late": _lazy("已超过办理期限，不能再延期。"),
    "not_later": _lazy("延期后的办理期限须晚于原办理期限（{due}）。"),
    "too_long": _lazy("延期不得超过{days}日：最迟可延至{latest}。"),
}


def extend(complaint: Complaint, *, by, due: dt.date, reason: str, notified: bool = False,
           today: dt.date | None = None) -> Complaint:
    """延期 (信访工作条例): once per case, before the 办理期限 has passed, by at most 30 days, with the reason told to
    the complainant. The follow-up's deadline moves with it (``core.followup.extend_due``: an event on the case's
    history); ``answer_due`` becomes the new deadline, the one the on-time statistics count against."""
    _office_only(by)
    today = today or timezone.localdate()
    if not reason.strip():
        raise ValidationError({"reason": _("请填写延期理由。")})
    with transaction.atomic():
        locked = Complaint.objects.select_for_update(of=("self",)).select_related("followup").get(pk=complaint.pk)
        if locked.followup is None or locked.followup.state not in (State.ISSUED, State.RETURNED):
            raise ValidationError(_("交办后、答复前的信访件才能延期。"))
        refusal = deadlines.extension_refusal(locked.answer_due, due, today, extended_before=locked.is_extended)
        if refusal:
            latest = locked.answer_due + dt.timedelta(days=deadlines.EXTENSION_DAYS)
            raise ValidationError({"due": str(EXTENSION_REFUSALS[refusal]).format(
                due=cn_date(locked.answer_due), days=deadlines.EXTENSION_DAYS, latest=cn_date(latest))})
        if not locked.anonymous and not notified:
            raise ValidationError({"notified": _("请将延期理由告知信访人后再办理延期。")})
        extend_due(locked.followup, due, by, note=_("延期理由：{reason}").format(reason=reason.strip()), today=today)
        locked.original_due, locked.answer_due = locked.answer_due, due
        locked.extended_on, locked.extended_by = today, by
        locked.extension_reason, locked.extension_notified = reason.strip()[:300], bool(notified)
        locked.save(update_fields=["original_due", "answer_due", "extended_on", "extended_by", "extension_reason",
                                   "extension_notified", "updated"])
    complaint.refresh_from_db()
    return complaint


def log_export_reveal(request, rows):
    """An export holding who complained, downloaded by the office, is a reveal (``core.audit.log_reveal``): one
    entry per export, on its first case revealed, naming how many cases and which (by number), never who.

    Returns:
        The log entry, or None when the reader is not the office or no case of the export names anyone.
    """
    from edubureau.core.audit import log_reveal

    if not handles_complaints(request.user):
        return None
    named = (rows.filter(anonymous=False)
             .exclude(complainant_name="", complainant_phone="", complainant_id="", complainant_address="")
             .values_list("pk", "number", *IDENTITY_FIELDS))
    found = list(named)
    if not found:
        return None
    fields = [name for index, name in enumerate(IDENTITY_FIELDS, 2) if any(row[index] for row in found)]
    first = Complaint.objects.get(pk=found[0][0])
    return log_reveal(request, first, fields, extra={"export": True, "count": len(found),
                                                      "cases": [row[1] for row in found]})


def return_visit(complaint: Complaint, *, by, satisfaction: str, note: str = "",
                 day: dt.date | None = None) -> Complaint:
    """回访: the complainant's satisfaction with a closed case (an anonymous case cannot be visited)."""
    _office_only(by)
    if not complaint.is_closed:
        raise ValidationError(_("信访件办结后才能回访。"))
    if complaint.anonymous:
        raise ValidationError(_("匿名信访件无法回访。"))
    if satisfaction not in Complaint.Satisfaction.values:
        raise ValidationError({"satisfaction": _("请选择满意度。")})
    complaint.visit_on = day or timezone.localdate()
    complaint.satisfaction, complaint.visit_note = satisfaction, note[:300]
    complaint.save(update_fields=["visit_on", "satisfaction", "visit_note", "updated"])
    return complaint


def reopen(complaint: Complaint, *, by, today: dt.date | None = None) -> Complaint:
    """不满意 at the 回访: the case goes back to the same handler as a new follow-up, due by the channel's deadline
    counted from today; the earlier answer stays in the closed follow-up's record."""
    _office_only(by)
    if not complaint.is_closed or complaint.satisfaction != Complaint.Satisfaction.UNSATISFIED:
        raise ValidationError(_("只有回访不满意的已办结信访件才能重新交办。"))
    today = today or timezone.localdate()
    _accept, due = deadlines.due_dates(complaint.channel, today, calendar())
    with transaction.atomic():
        followup = open_followup(
            module=MODULE, kind="信访件", title=_("信访件{number}（{category}）重新办理").format(
                number=complaint.number, category=complaint.category),
            due=due, school=complaint.assigned_school, department=complaint.assigned_department, issued_by=by,
            issued_on=today, detail=_("回访不满意，请重新调查核实，于{due}前重新答复。").format(due=cn_date(due)))
        complaint.followup, complaint.answer_due = followup, due
        complaint.finding = complaint.reply = complaint.satisfaction = complaint.visit_note = ""
        complaint.visit_on = None
        complaint.reopened += 1
        complaint.save()
    return complaint


def refer_conduct(complaint: Complaint, *, by, category: str, note: str = "") -> Complaint:
    """The office proposes a 师德 record for a case found 属实 about a teacher; the 人事科 confirms it."""
    from edubureau.staffing.models import ConductRecord

    _office_only(by)
    if complaint.teacher_id is None or complaint.finding != Complaint.Finding.TRUE:
        raise ValidationError(_("只有经调查属实、涉及教师的信访件才能移送师德记录。"))
    if category not in dict(ConductRecord.CATEGORIES):
        raise ValidationError({"conduct_category": _("请选择违反的准则条目。")})
    complaint.conduct_category, complaint.conduct_note = category, note[:300]
    complaint.save(update_fields=["conduct_category", "conduct_note", "updated"])
    return complaint


def may_record_conduct(user) -> bool:
    """A user who writes the 人事 module's 师德 records (the 人事科, a superuser)."""
    from edubureau.staffing.models import ConductRecord

    return can_write(user, ConductRecord)


def create_conduct_record(complaint: Complaint, *, by, day: dt.date | None = None):
    """The 人事科 records the referred case as a 违规 师德 record (source: the case's number), in one step.

    Written only by a user who may write ConductRecord (``can_write``, the 人事科): the office proposes, the 人事科
    decides. The record names the teacher and the matter, never the complainant.
    """
    from edubureau.staffing.models import ConductRecord

    if not complaint.conduct_category:
        raise ValidationError(_("信访办尚未移送该信访件。"))
    if complaint.conduct_record_id:
        raise ValidationError(_("该信访件已生成师德记录。"))
    record = ConductRecord(staff=complaint.teacher, kind=ConductRecord.Kind.VIOLATION,
                           category=complaint.conduct_category, day=day or timezone.localdate(),
                           source=complaint.number, note=(complaint.conduct_note or complaint.summary)[:300])
    if not can_write(by, record):
        raise PermissionDenied(_("只有人事科可以录入师德记录。"))
    with transaction.atomic():
        record.full_clean()
        record.save()
        complaint.conduct_record = record
        complaint.save(update_fields=["conduct_record", "updated"])
    return record


def _case(row) -> repeats.Case:
    return repeats.Case(row["pk"], row["received_on"], name=row["complainant_name"],
                        phone=row["complainant_phone"], id_number=row["complainant_id"],
                        address=row["complainant_address"], school=row["school_id"], category=row["category"],
                        anonymous=row["anonymous"])


def refresh_repeats(around: dt.date | None = None, until: dt.date | None = None) -> int:
    """Recompute ``repeat_of`` for the cases received within the window of ``around`` … ``until`` (a day, or the
    days of an imported batch; every case when ``around`` is None)."""
    until = until or around
    rows = Complaint.objects.all()
    if around is not None:
        span = dt.timedelta(days=2 * repeats.WINDOW)
        rows = rows.filter(received_on__gte=around - span, received_on__lte=until + span)
    values = list(rows.values("pk", "received_on", "complainant_name", "complainant_phone", "complainant_id",
                              "complainant_address", "school_id", "category", "anonymous", "repeat_of_id",
                              "repeat_reason"))
    found = repeats.find_repeats(_case(row) for row in values)
    changed = 0
    lo = around - dt.timedelta(days=repeats.WINDOW) if around else None
    hi = until + dt.timedelta(days=repeats.WINDOW) if around else None
    for row in values:
        if around is not None and not (lo <= row["received_on"] <= hi):
            continue  # its earlier neighbours may lie outside the rows read
        target, reason = found.get(row["pk"], (None, ""))
        if (row["repeat_of_id"], row["repeat_reason"]) != (target, reason):
            Complaint.objects.filter(pk=row["pk"]).update(repeat_of_id=target, repeat_reason=reason)
            changed += 1
    return changed
