"""Excel in and out for students' welfare: the 户籍 file of school-age children, pupils' absence days, the term's
资助 payments, and the care records. A bad row names its row, column and reason and nothing is written
(``core.io``); pupils are named by 学籍号 within the user's scope."""

import re

from django.utils.translation import gettext_lazy as _

from edubureau.core.io.spec import Column, Ref, SheetSpec
from edubureau.org.io import TERM_REF, school_code_column

from .models import LEVELS, AidProgram, CareProfile, Grant, HouseholdChild, PupilAbsence

__all__ = ["SPECS"]

PROGRAM_REF = Ref("welfare.AidProgram", ("name",), _("资助项目不存在：{value}"), display=lambda p: p.name)
STUDENT_REF = Ref("people.Student", ("student_no",), _("学籍号不存在或不是本校学生：{value}"))
STUDENT_COLUMN = dict(kind="code", required=True, ref=STUDENT_REF, width=22, aliases=[_("全国学籍号"), _("个人标识码")])


class AidProgramSheet(SheetSpec):
    """The year's 资助项目, as the 资助中心 keeps them (a program per row, amounts by level)."""

    model = AidProgram
    key = ("year", "name")
    title = _("资助项目")
    notes = [_("资助学段用顿号分隔（学前、小学、初中、高中、中职）；年资助标准按学段写，如“小学1250、初中1500”。")]
    columns = [
        Column(_("资助年度"), "year", kind="int", required=True, minimum=2000),
        Column(_("项目名称"), "name", required=True, width=30),
        Column(_("资助学段"), "levels_text", required=True, model_field=False, width=20,
               export=lambda p: "、".join(p.levels)),
        Column(_("年资助标准（元）"), "yearly_text", required=True, model_field=False, width=26,
               export=lambda p: "、".join(f"{level}{amount:g}" for level, amount in p.yearly.items())),
        Column(_("走读生比例"), "day_share", kind="decimal", help=_("义务教育生活补助为0.5，其他项目为1")),
        Column(_("每学期预算（元）"), "term_budget", kind="decimal"),
    ]

    def build(self, row, ctx):
        """Read the two text columns into the program's levels and yearly amounts; what cannot be read is kept
        for ``check`` to report."""
        errors = []
        levels = [v.strip() for v in str(row.values.get("levels_text") or "").replace(",", "、").split("、")
                  if v.strip()]
        unknown = [v for v in levels if v not in LEVELS]
        if unknown:
            errors.append(("levels_text", _("不认识的学段：{levels}").format(levels="、".join(unknown))))
        yearly = {}
        for part in str(row.values.get("yearly_text") or "").replace(",", "、").split("、"):
            match = re.fullmatch(r"\s*(学前|小学|初中|高中|中职)\s*([0-9]+(?:\.[0-9]+)?)\s*元?\s*", part)
            if match is None:
                errors.append(("yearly_text", _("应写成“小学1250、初中1500”：{part}").format(part=part)))
                break
            amount = float(match.group(2))
            yearly[match.group(1)] = int(amount) if amount.is_integer() else amount
        missing = [v for v in levels if v not in yearly]
        if missing and not errors:
            errors.append(("yearly_text", _("缺少这些学段的标准：{levels}").format(levels="、".join(missing))))
        row.values["program_errors"] = errors
        row.instance.levels, row.instance.yearly = levels, yearly

    def check(self, row, ctx):
        yield from row.values.get("program_errors", ())


class HouseholdChildSheet(SheetSpec):
    """The 公安's list of children with a 户籍 in the county (适龄儿童台账's source)."""

    model = HouseholdChild
    key = ("id_number",)
    title = _("户籍适龄儿童")
    notes = [_("由公安部门提供的本县户籍适龄儿童名单；与学籍比对后，不在任何学校学籍中的列入控辍保学风险名单。")]
    columns = [
        Column(_("身份证号"), "id_number", kind="idcard", required=True, width=22, aliases=[_("公民身份号码")]),
        Column(_("姓名"), "name", required=True),
        Column(_("乡镇（街道）"), "township", required=True, aliases=[_("乡镇"), _("乡镇街道")]),
        Column(_("户籍地址"), "address", width=30, aliases=[_("住址")]),
        Column(_("监护人"), "guardian"),
    ]

    def build(self, row, ctx):
        if row.instance.region_id is None and ctx.user is not None:
            profile = getattr(ctx.user, "profile", None)
            row.instance.region_id = getattr(profile, "region_id", None)


class PupilAbsenceSheet(SheetSpec):
    model = PupilAbsence
    key = ("student", "day")
    title = _("学生缺课")
    notes = [_("每行一名学生一天的缺课；连续缺课达到预警天数的，列入控辍保学风险名单。")]
    columns = [
        Column(_("学籍号"), "student", **STUDENT_COLUMN),
        Column(_("缺课日期"), "day", kind="date", required=True),
        Column(_("原因"), "reason", aliases=[_("缺课原因")]),
    ]


class GrantSheet(SheetSpec):
    """A school's 资助发放名单 for a term: one row per pupil and program."""

    model = Grant
    key = ("student", "program", "term", "school")
    title = _("资助发放")
    notes = [_("资助项目填“资助项目”中本学年的项目名称；同一学生同一项目同一学期只填一行，"
               "重复发放会在资助核查中列出。")]
    columns = [
        Column(_("学籍号"), "student", **STUDENT_COLUMN),
        school_code_column(_("发放学校标识码")),
        Column(_("学期"), "term", kind="term", required=True, ref=TERM_REF, width=26),
        Column(_("资助项目"), "program", required=True, ref=PROGRAM_REF, width=30),
        Column(_("金额（元）"), "amount", kind="decimal", required=True),
        Column(_("寄宿生"), "boarder", kind="bool"),
        Column(_("代发账号"), "account", kind="code", width=24, aliases=[_("一卡通账号"), _("社保卡号")]),
        Column(_("发放日期"), "paid_on", kind="date"),
    ]

    def prepare(self, rows, ctx):
        # A program is named by its name, which repeats every year: the one of the term's year is meant.
        programs = {(p.year, p.name): p for p in AidProgram.objects.all()}
        for row in rows:
            term, named = row.values.get("term"), row.values.get("program")
            if term is None or named is None:
                continue
            program = programs.get((term.school_year.start_year, named.name))
            row.values["program"] = program or named
            if program is None:
                row.values["program_error"] = _("{year}年度没有资助项目“{name}”").format(
                    year=term.school_year.start_year, name=named.name)

    def check(self, row, ctx):
        if row.values.get("program_error"):
            yield "program", row.values["program_error"]


class CareProfileSheet(SheetSpec):
    model = CareProfile
    key = ("student",)
    title = _("关爱档案")
    notes = [_("留守儿童填监护人和父母务工地；残疾儿童填残疾类别与安置方式，送教上门的写明每学期计划送教次数。")]
    columns = [
        Column(_("学籍号"), "student", **STUDENT_COLUMN),
        Column(_("监护人"), "guardian"),
        Column(_("与学生关系"), "guardian_relation", aliases=[_("监护人关系")]),
        Column(_("监护人电话"), "guardian_phone", kind="code"),
        Column(_("父母务工地"), "parents_work_place", width=24),
        Column(_("残疾类别"), "disability", kind="choice", choices=CareProfile.DISABILITIES),
        Column(_("安置方式"), "placement", kind="choice", choices=CareProfile.Placement),
        Column(_("每学期计划送教（次）"), "visits_per_term", kind="int", minimum=0),
        Column(_("困境儿童情形"), "hardship", width=24),
    ]


SPECS = [AidProgramSheet(), HouseholdChildSheet(), PupilAbsenceSheet(), GrantSheet(), CareProfileSheet()]
