"""Excel in and out for 信访: the case ledger (信访件台账), for the batches the office receives from the 12345 platform
and the 上级 信访 system (issue 15, "Excel templates, imports with row-level errors and nothing written on a bad
file"). Reading, checking and writing live in ``edubureau.core.io``; a bad row names its row, column and reason and
nothing is written.

Which case a row is:

- 信访件编号 left blank: the case already registered under the same 来源渠道 and 来源编号 (a batch imported twice
  updates its cases, it does not add them again), or else a new case, numbered by year as the intake form numbers
  it;
- 信访件编号 given: that case (an export edited and imported back); an unknown number is refused, numbers are the
  system's.

A new case takes the intake form's steps (``services.fill_case``: the deadlines by channel, the office's region, who
registered it), is linked to its repeats once written, and one naming a 承办学校 or 承办科室 is assigned at once
(``services.open_handling``: its follow-up is opened, due by the 办理期限).

Privacy: only the 信访 office imports (``can_write`` on Complaint asks for the "complaints" module; a school writes
no case). Exports write who complained — whether anonymously, and the channel's 工单号 — for the office alone, and
leave those cells blank for every other reader; the office's export is a logged reveal (``exported``). An import's
audit entries keep the identity masked, as the audit of a case typed in does (``core.io.runner`` follows the
model's audit registration).
"""

from __future__ import annotations

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from edubureau.core.io import cleaning
from edubureau.core.io.spec import Column, SheetSpec
from edubureau.core.io.validate import assign
from edubureau.core.scope import can_write
from edubureau.org.models import Department, School

from .engine import deadlines
from .models import IDENTITY_FIELDS, Complaint
from .permissions import handles_complaints

__all__ = ["SPECS"]

PRIVATE_FIELDS = ("anonymous", *IDENTITY_FIELDS)
# Written for the office alone: who complained, and the channel's 工单号 (with it the platform finds the caller).
OFFICE_ONLY = (*PRIVATE_FIELDS, "source_ref")
SCHOOL_FIELDS = ("school", "assigned_school")
HANDLER_FIELDS = ("assigned_school", "assigned_department")
CHUNK = 900  # SQLite's safe number of query parameters
ERRORS = "complaints_errors"


def _code_of(field: str):
    """An exported cell naming a school or department by its code (read back by code or by name)."""
    def read(complaint):
        related = getattr(complaint, field)
        return related.code if related is not None else None
    return read


def _chunks(values):
    values = sorted(values, key=str)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


class ComplaintSheet(SheetSpec):
    model = Complaint
    key = ("number",)
    title = _("信访件")
    notes = [
        _("每件一行。新件的信访件编号留空，由系统按年度编号；同一来源渠道、同一来源编号（如12345工单编号）的件已登记时，"
          "再次导入即更新该件，不会重复登记。"),
        _("受理告知期限和办理期限按来源渠道自动计算（信访工作条例：15日内告知、60日内办结；12345热线：5个工作日）；"
          "与已登记信访件为同一信访人或同一学校同类问题（90日内）的，导入后自动关联为重复件。"),
        _("填写承办学校或承办科室（二者选一）的，导入后即交办，生成限期办理事项；已交办的件不能通过导入改派。"),
        _("信访人信息仅信访办可导入、可导出；匿名件不填信访人信息。已登记件的信访人信息不能通过导入修改。"),
    ]
    columns = [
        Column(_("信访件编号"), "number", kind="code", help=_("新件留空，由系统编号；填写已有编号即更新该件")),
        Column(_("来源编号（工单号）"), "source_ref", kind="code", aliases=[_("工单编号"), _("工单号"), _("来源编号")],
               help=_("12345热线、网上信访、上级转办等来源系统的工单编号；同一渠道内不重复"), width=20),
        Column(_("来源渠道"), "channel", kind="choice", choices=Complaint.Channel.choices, required=True),
        Column(_("收件日期"), "received_on", kind="date", required=True),
        Column(_("问题类别"), "category", kind="choice", choices=Complaint.Category.choices, required=True),
        Column(_("涉及学校"), "school", help=_("学校标识码或学校全称"), export=_code_of("school"), width=20),
        Column(_("事由摘要"), "summary", required=True, width=30),
        Column(_("反映内容"), "content", required=True, width=50),
        Column(_("匿名"), "anonymous", kind="bool"),
        Column(_("信访人姓名"), "complainant_name"),
        Column(_("联系电话"), "complainant_phone", kind="code"),
        Column(_("身份证件号"), "complainant_id", kind="idcard"),
        Column(_("联系地址"), "complainant_address", width=30),
        Column(_("承办学校"), "assigned_school", help=_("学校标识码或学校全称；与承办科室二者选一"),
               export=_code_of("assigned_school"), width=20),
        Column(_("承办科室"), "assigned_department", help=_("科室代码或名称；与承办学校二者选一"),
               export=_code_of("assigned_department")),
    ]

    # --- import ------------------------------------------------------------------------------------

    def prepare(self, rows, ctx):
        """Schools and departments by code or name, and each row's case number (one query per look-up)."""
        errors = ctx.extra.setdefault(ERRORS, {})
        self._resolve(rows, ctx, errors, SCHOOL_FIELDS, School, _("找不到学校：{value}（请填写学校标识码或学校全称）"))
        self._resolve(rows, ctx, errors, ("assigned_department",), Department,
                      _("找不到科室：{value}（请填写科室代码或名称）"))
        self._number(rows, ctx, errors)

    def _resolve(self, rows, ctx, errors, fields, model, not_found):
        """Replace the typed name or code of ``fields`` by the row it names, inside the user's scope: a school
        outside it reads as not found, as ``Ref`` does."""
        typed = {r.values[name] for r in rows for name in fields if r.values.get(name)}
        if not typed:
            return
        codes = {cleaning.parse_code(text) for text in typed}
        found: dict[str, object] = {}
        by_name: dict[str, list] = {}
        for chunk in _chunks(typed | codes):
            for obj in ctx.visible(model).filter(code__in=chunk):
                found[obj.code] = obj
            for obj in ctx.visible(model).filter(name__in=chunk):
                by_name.setdefault(obj.name, []).append(obj)
        for row in rows:
            for name in fields:
                text = row.values.get(name)
                if not text:
                    continue
                obj = found.get(cleaning.parse_code(text))
                if obj is None and len(by_name.get(text, ())) == 1:
                    obj = by_name[text][0]
                row.values[name] = obj
                if obj is None:
                    errors.setdefault(row.row, []).append((name, str(not_found).format(value=text)))

    def _number(self, rows, ctx, errors):
        from .services import new_numbers

        given = {r.values["number"] for r in rows if r.values.get("number")}
        known = set()
        for chunk in _chunks(given):
            known |= set(Complaint.objects.filter(number__in=chunk).values_list("number", flat=True))
        refs = {r.values["source_ref"] for r in rows if r.values.get("source_ref")}
        by_ref = {}
        for chunk in _chunks(refs):
            for channel, ref, number in Complaint.objects.filter(source_ref__in=chunk).values_list(
                    "channel", "source_ref", "number"):
                by_ref[(channel, ref)] = number
        seen: dict[tuple, int] = {}
        fresh: dict[int, list] = {}
        for row in rows:
            number, ref, channel = row.values.get("number"), row.values.get("source_ref"), row.values.get("channel")
            pair = (channel, ref) if ref and channel else None
            if pair is not None and pair in seen:
                errors.setdefault(row.row, []).append(
                    ("source_ref", _t("与第{n}行的来源渠道和来源编号相同").format(n=seen[pair])))
                row.values["number"] = f"#{row.row}"  # refused below; a key of its own spares a second message
                continue
            if pair is not None:
                seen[pair] = row.row
            if number:
                if number not in known:
                    errors.setdefault(row.row, []).append(
                        ("number", _t("信访件编号不存在：{value}（新件请留空，由系统编号）").format(value=number)))
                elif pair is not None and by_ref.get(pair, number) != number:
                    errors.setdefault(row.row, []).append(
                        ("source_ref", _t("该来源编号已登记为信访件{number}").format(number=by_ref[pair])))
            elif pair is not None and pair in by_ref:
                row.values["number"] = by_ref[pair]
            elif row.values.get("received_on") is not None:
                fresh.setdefault(row.values["received_on"].year, []).append(row)
            else:
                row.values["number"] = f"#{row.row}"  # no date: the row is refused for it
        for year, batch in fresh.items():
            for row, number in zip(batch, new_numbers(year, len(batch)), strict=True):
                row.values["number"] = number

    def build(self, row, ctx):
        from .services import fill_case

        complaint = row.instance
        complaint.anonymous = bool(complaint.anonymous)
        if complaint.channel not in Complaint.Channel.values or complaint.received_on is None:
            return  # refused for the cell itself
        if "calendar" not in ctx.extra:
            from .services import calendar

            ctx.extra["calendar"] = calendar()
        if row.created:
            fill_case(complaint, by=ctx.user, work_calendar=ctx.extra["calendar"])
        elif {"channel", "received_on"} & set(row.changes) and complaint.followup_id is None:
            accept, answer = deadlines.due_dates(complaint.channel, complaint.received_on, ctx.extra["calendar"])
            assign(row, complaint, "accept_due", accept)
            assign(row, complaint, "answer_due", answer)

    def check(self, row, ctx):
        complaint = row.instance
        yield from ctx.extra.get(ERRORS, {}).get(row.row, ())
        if complaint.received_on and complaint.received_on > ctx.today:
            yield "received_on", _t("收件日期不能晚于今天")
        if complaint.anonymous:
            for name in IDENTITY_FIELDS:
                if getattr(complaint, name):
                    yield name, _t("匿名信访件不登记信访人信息")
        elif not (complaint.complainant_name or complaint.complainant_phone):
            yield "complainant_name", _t("实名信访件请至少填写信访人姓名或联系电话")
        if complaint.assigned_school_id and complaint.assigned_department_id:
            yield "assigned_department", _t("承办单位只能是一所学校或一个科室")
        if row.created:
            return
        if ctx.user is not None and not can_write(ctx.user, complaint):
            yield "number", _t("无权写入：该信访件不在您的管理范围内")
        for name in PRIVATE_FIELDS:
            if name in row.changes:
                yield name, _t("已登记信访件的信访人信息不能通过导入修改")
        assigned = complaint.followup_id is not None
        for name in HANDLER_FIELDS:
            if name in row.changes and (assigned or row.changes[name][0] is not None):
                yield name, _t("该信访件已交办，不能通过导入改派")
        if assigned:
            for name in ("channel", "received_on"):
                if name in row.changes:
                    yield name, _t("该信访件已交办，来源渠道和收件日期不能再改（办理期限已据此下达）")

    def after_write(self, rows, ctx):
        """Assign the cases that name a handler (their follow-ups are returned for the audit, so that undoing a
        failed import removes them too), then link the repeats around the days written."""
        from .services import open_handling, refresh_repeats

        opened = []
        days = []
        for row in rows:
            complaint = row.instance
            if row.created or {"received_on", "school", "category"} & set(row.changes):
                days.append(complaint.received_on)
            handler = complaint.assigned_school_id or complaint.assigned_department_id
            if handler and complaint.followup_id is None and (row.created or set(HANDLER_FIELDS) & set(row.changes)):
                open_handling(complaint, by=ctx.user, school=complaint.assigned_school,
                              department=complaint.assigned_department, today=ctx.today)
                opened.append((complaint.followup, True, {}))
        if days:
            refresh_repeats(around=min(days), until=max(days))
        return opened

    # --- export ------------------------------------------------------------------------------------

    def export_queryset(self, queryset):
        return queryset.select_related("school", "assigned_school", "assigned_department")

    def export_value(self, column, obj, user=None):
        """Who complained, for the office (and the operator's command line) only: blank for every other reader."""
        if column.field in OFFICE_ONLY and user is not None and not handles_complaints(user):
            return None
        return super().export_value(column, obj, user)

    def exported(self, request, queryset, revealed) -> None:
        """The office's export holds who complained: a reveal, logged once per export."""
        from .services import log_export_reveal

        log_export_reveal(request, queryset)


SPECS = [ComplaintSheet()]
