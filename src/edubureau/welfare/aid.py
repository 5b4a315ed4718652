"""学生资助 in the database: a term's check (the engine's ``check_term`` on the roll and the grants), the ledger
by school and program, the bank's disbursement workbook, and the 困难认定 steps (评议 → 公示 → 复核)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.listexport import ListColumn, list_xlsx
from edubureau.core.roles import Role
from edubureau.core.scope import can_write, scope_for
from edubureau.people.choices import ON_ROLL
from edubureau.people.models import Student
from edubureau.staffing.leave import county_calendar

from .engine import aid as engine
from .models import AidProgram, AidRecognition, WelfareSettings

__all__ = ["TermCheck", "bank_workbook", "check_term", "decide_recognition", "file_appeal",
           "level_of", "program_ledger", "start_public"]

_LEVEL = {**{g: "学前" for g in (-3, -2, -1)}, **{g: "小学" for g in range(1, 7)},
          **{g: "初中" for g in range(7, 10)}, **{g: "高中" for g in range(10, 13)}}


def level_of(grade: int, school_kind: str = "") -> str:
    """The 资助 level of a grade: 学前, 小学, 初中, 高中 (中职 in a vocational school)."""
    if school_kind == "vocational" and grade >= 10:
        return "中职"
    return _LEVEL.get(grade, "")


@dataclass
class TermCheck:
    """The engine's findings with the pupils and programs behind them, for the pages."""

    result: engine.Check
    pupils: dict[str, Student] = field(default_factory=dict)
    grants: int = 0
    programs: list[AidProgram] = field(default_factory=list)

    def findings(self) -> list[dict]:
        """Every finding as a line a clerk reads: kind, the pupil (a Student or None) and what is wrong."""
        r, out = self.result, []
        for pupil, groups in r.unfunded:
            out.append({"kind": _("应助未助"), "grave": True, "student": self.pupils.get(pupil),
                        "text": _("{groups}，本学期未获任何资助").format(groups=groups)})
        for pupil, program, schools in r.duplicates:
            out.append({"kind": _("重复发放"), "grave": True, "student": self.pupils.get(pupil),
                        "text": _("{program}由{schools}各发放一次").format(program=program,
                                                                       schools="、".join(schools))})
        for pupil, program, reason in r.ineligible:
            out.append({"kind": _("不符合条件"), "grave": False, "student": self.pupils.get(pupil),
                        "text": f"{program}，{reason}"})
        for pupil, program, paid, due in r.wrong_amount:
            out.append({"kind": _("金额不符"), "grave": False, "student": self.pupils.get(pupil),
                        "text": _("{program}发放{paid:g}元，标准{due:g}元").format(program=program, paid=paid,
                                                                                due=due)})
        for program, over in r.over_budget.items():
            out.append({"kind": _("超预算"), "grave": True, "student": None,
                        "text": _("{program}超出预算{over:,.2f}元").format(program=program, over=over)})
        return out

    @property
    def problems(self) -> int:
        r = self.result
        return len(r.unfunded) + len(r.duplicates) + len(r.ineligible) + len(r.wrong_amount) + len(r.over_budget)


def _groups_by_student(students, year: int) -> dict[int, set[str]]:
    groups: dict[int, set[str]] = defaultdict(set)
    for pk, poor, disabled in students.values_list("pk", "registered_poor", "disabled"):
        if poor:
            groups[pk].add("建档立卡")
        if disabled:
            groups[pk].add("残疾")
    recognised = AidRecognition.objects.filter(student__in=students, year=year,
                                               state=AidRecognition.State.RECOGNISED)
    for pk, listed in recognised.values_list("student_id", "groups"):
        groups[pk].update(g for g in listed or () if g in engine.PRIORITY_GROUPS)
    return groups


def check_term(term, students, grants) -> TermCheck:
    """Check the term's ``grants`` against the pupils on the roll in ``students`` and the year's programs."""
    year = term.school_year.start_year
    programs = list(AidProgram.objects.filter(year=year))
    roll = students.filter(status__in=ON_ROLL).select_related("school")
    grants = list(grants.filter(term=term).select_related("program", "school", "student__school"))
    boarders = {g.student_id for g in grants if g.boarder}
    # Only two kinds of pupil bear on a check: those in a priority group (应助尽助) and those paid (on the roll?
    # of the right level?). The engine is given those; the other 30,000 pupils of a county change no finding.
    flagged = roll.filter(Q(registered_poor=True) | Q(disabled=True) | Q(
        aid_recognitions__year=year, aid_recognitions__state=AidRecognition.State.RECOGNISED) | Q(
        pk__in={g.student_id for g in grants})).distinct()
    groups = _groups_by_student(flagged, year)
    pupils = {}
    engine_pupils = []
    for s in flagged.iterator(2000):
        level = level_of(s.grade, s.school.kind)
        pupils[str(s.pk)] = s
        engine_pupils.append(engine.Pupil(str(s.pk), s.school.name, level, frozenset(groups.get(s.pk, ())),
                                          boarder=s.pk in boarders))
    for g in grants:  # a pupil paid but off this roll is named too
        pupils.setdefault(str(g.student_id), g.student)
    result = engine.check_term(
        engine_pupils,
        [engine.Grant(str(g.student_id), g.school.name, g.program.name, float(g.amount)) for g in grants],
        [engine.Program(p.name, tuple(p.levels), {k: float(v) for k, v in p.yearly.items()}, float(p.day_share))
         for p in programs],
        {p.name: float(p.term_budget) for p in programs if p.term_budget is not None},
    )
    return TermCheck(result=result, pupils=pupils, grants=len(grants), programs=programs)


def program_ledger(grants) -> list[dict]:
    """Per school and program: pupils paid and the sum (counts and sums only: readable by every bureau reader)."""
    return list(grants.values("school__name", "program__name").annotate(
        pupils=Count("student", distinct=True), amount=Sum("amount")).order_by("school__name", "program__name"))


BANK_COLUMNS = [
    ListColumn(_("姓名"), lambda g: g.student.name, 10),
    ListColumn(_("身份证号"), lambda g: g.student.id_number or "", 22),
    ListColumn(_("代发账号"), lambda g: g.account, 24),
    ListColumn(_("金额（元）"), lambda g: g.amount, 10),
    ListColumn(_("资助项目"), lambda g: g.program.name, 26),
    ListColumn(_("学校"), lambda g: g.school.name, 24),
    ListColumn(_("学期"), lambda g: str(g.term), 20),
]


def bank_workbook(grants):
    """The disbursement file the bank reads (full ID and account numbers: only for the 资助 staff's eyes)."""
    rows = grants.select_related("student", "program", "school", "term__school_year").order_by(
        "school__code", "program__name", "student__student_no")
    return list_xlsx(_("资助发放代发清单"), BANK_COLUMNS, rows.iterator(2000))


# --- 家庭经济困难学生认定 --------------------------------------------------------------------------------------

State = AidRecognition.State


def _is_aid_centre(user) -> bool:
    scope = scope_for(user)
    return scope.superuser or (scope.role == Role.DEPARTMENT and "aid" in scope.write_modules)


def start_public(recognitions, user, *, today: dt.date | None = None) -> int:
    """The school's committee has set each 档次: put them to 公示 for the set number of working days (at least 5:
    教财〔2018〕16号)."""
    today = today or timezone.localdate()
    until = county_calendar().add_working_days(today, WelfareSettings.current().public_days)
    count = 0
    with transaction.atomic():
        for rec in recognitions.select_for_update().filter(state=State.APPLIED):
            if not can_write(user, rec):
                raise PermissionDenied(_("只能公示本校的认定结果。"))
            if not rec.tier:
                raise ValidationError(_("{name}还没有评定档次。").format(name=rec.student.name))
            rec.state, rec.public_until = State.PUBLIC, until
            rec.save(update_fields=["state", "public_until", "updated"])
            count += 1
    return count


def file_appeal(rec: AidRecognition, user, reason: str, *, today: dt.date | None = None) -> AidRecognition:
    """An appeal against a result in 公示 (by the family through the school): the bureau reviews it."""
    today = today or timezone.localdate()
    if rec.state != State.PUBLIC or (rec.public_until and today > rec.public_until):
        raise ValidationError(_("只能在公示期内申诉。"))
    if not reason.strip():
        raise ValidationError(_("请写明申诉理由。"))
    if not can_write(user, rec):
        raise PermissionDenied(_("申诉由学校代为登记。"))
    rec.state, rec.appeal = State.APPEAL, reason.strip()[:200]
    rec.save(update_fields=["state", "appeal", "updated"])
    return rec


def decide_recognition(rec: AidRecognition, user, *, approve: bool, note: str = "", tier: str = "",
                       today: dt.date | None = None) -> AidRecognition:
    """The bureau's 复核: after the 公示 (or on an appeal) the result is 已认定 or 未认定."""
    today = today or timezone.localdate()
    if not _is_aid_centre(user):
        raise PermissionDenied(_("复核由教育局学生资助管理中心办理。"))
    if rec.state == State.PUBLIC and rec.public_until and today <= rec.public_until:
        raise ValidationError(_("公示期至{day:%Y年%m月%d日}，期满后复核。").format(day=rec.public_until))
    if rec.state not in (State.PUBLIC, State.APPEAL):
        raise ValidationError(_("只有公示期满或申诉中的认定可以复核。"))
    if rec.state == State.APPEAL and not note.strip():
        raise ValidationError(_("答复申诉须写明复核意见。"))
    if tier:
        rec.tier = AidRecognition.Tier(tier)
    approved = approve and rec.tier not in ("", AidRecognition.Tier.NOT)
    rec.state = State.RECOGNISED if approved else State.REFUSED
    rec.review_note, rec.reviewed_by = note.strip()[:200], user
    rec.save(update_fields=["state", "tier", "review_note", "reviewed_by", "updated"])
    return rec


def total(grants) -> Decimal:
    return grants.aggregate(s=Sum("amount"))["s"] or Decimal(0)
