"""Excel in and out for the people registry: staff (with their current school), postings, honours,
classes and students.

A staff member is identified by 身份证号. The staff sheet's "现任学校标识码" is not a field: it is
the open regular posting (the school of record, 校籍). Importing a staff member with a school opens
that posting; importing them with another school closes the old posting the day before the new
one starts — a transfer, which only the personnel department (who may write postings) can do.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from edubureau.core import idcard
from edubureau.core.generic.display import cn_date
from edubureau.core.io.spec import Column, Ref, SheetSpec
from edubureau.core.io.validate import CHUNK, assign
from edubureau.org.choices import LevelPart
from edubureau.org.io import SCHOOL_YEAR_REF, school_code_column
from edubureau.org.models import SchoolYear

from .choices import (
    SUBJECTS,
    Education,
    Establishment,
    HonourKind,
    HonourLevel,
    Inclusive,
    PostingReason,
    PostKind,
    Qualification,
    Sex,
    Title,
)
from .choices import TITLE_POST_GRADES as POST_GRADES
from .models import STAFF_ID_TAKEN, Honour, Posting, SchoolClass, Staff, Student
from .permissions import can_see_personal
from .vetoes import honour_veto

__all__ = ["SPECS", "STAFF_REF", "StaffRecordSheet"]

STAFF_REF = Ref("people.Staff", ("id_number",), _("身份证号不存在：{value}"))


def _open_postings_by_staff(field: str, values) -> dict:
    """Open postings of the given staff (by id or 身份证号), one query per chunk: {value: [posting, …]}."""
    values = sorted({v for v in values if v is not None}, key=str)
    found = defaultdict(list)
    lookup = "staff_id" if field == "id" else "staff__id_number"
    for start in range(0, len(values), CHUNK):
        chunk = values[start : start + CHUNK]
        for posting in Posting.objects.filter(end__isnull=True, **{f"{lookup}__in": chunk}).select_related(
            "staff", "school"
        ):
            found[posting.staff_id if field == "id" else posting.staff.id_number].append(posting)
    return found


def _sex_from_id(row, ctx, column="sex", id_field="id_number"):
    """A blank 性别 is read from the ID number; a 性别 that contradicts it is an error."""
    number = row.values.get(id_field)
    if not number:
        return None
    derived = idcard.sex(number)
    given = row.values.get(column)
    if given is None:
        row.values[column] = derived
        return None
    if given != derived:
        return _("性别与身份证号不符（身份证号为{sex}性）").format(sex=Sex(derived).label)
    return None


# --- Staff ----------------------------------------------------------------------------------------


class PeopleSheet(SheetSpec):
    """A people sheet: full ID and phone numbers in an export only for those ``can_see_personal`` allows."""

    may_see_id_number = staticmethod(can_see_personal)
    # The staff relation whose postings can_see_personal reads (prefetched: one query per export).
    person_postings: str | None = None

    def export_queryset(self, queryset):
        queryset = super().export_queryset(queryset)
        return queryset.prefetch_related(self.person_postings) if self.person_postings else queryset

    def export_value(self, column, obj, user=None):
        """A phone number is masked like the ID number for those ``can_see_personal`` does not allow (issue 18)."""
        value = super().export_value(column, obj, user)
        if column.field == "phone" and value and user is not None and not can_see_personal(user, obj):
            return idcard.mask_phone(str(value))
        return value


def _readable_ids(user, rows) -> set[int]:
    numbers = sorted({r.values.get("id_number") for r in rows if r.values.get("id_number")})
    readable: set[int] = set()
    for start in range(0, len(numbers), 500):
        chunk = numbers[start : start + 500]
        readable.update(Staff.objects.visible_to(user).filter(id_number__in=chunk).values_list("pk", flat=True))
    return readable


def _home(staff) -> Posting | None:
    return staff.open_home[0] if getattr(staff, "open_home", None) else None


class StaffSheet(PeopleSheet):
    model = Staff
    key = ("id_number",)
    notes = [
        _("“现任学校标识码”为教职工的校籍学校：新增人员填写后即在该校任职；改填其他学校视为调动，"
          "原任职在新“到校日期”前一日结束（调动须由人事科导入）。不填则不改变任职。"),
        _("性别可不填，按身份证号自动判断。"),
    ]
    columns = [
        Column(_("身份证号"), "id_number", kind="idcard", required=True, width=22, aliases=[_("身份证号码")]),
        Column(_("姓名"), "name", required=True),
        Column(_("性别"), "sex", kind="choice", choices=Sex, help=_("不填则按身份证号判断")),
        Column(_("手机号"), "phone", kind="code", aliases=[_("联系电话")]),
        Column(_("编制类型"), "establishment", kind="choice", choices=Establishment, required=True),
        Column(_("岗位类别"), "post_kind", kind="choice", choices=PostKind, required=True),
        Column(_("任教学科"), "subject", help=_("如：{examples}").format(examples="、".join(SUBJECTS[:8]))),
        Column(_("任教学段"), "teaching_level", kind="choice", choices=LevelPart),
        Column(_("最高学历"), "education", kind="choice", choices=Education, required=True),
        Column(_("教师资格"), "qualification", kind="choice", choices=Qualification),
        Column(_("职称"), "title", kind="choice", choices=Title),
        Column(_("专业技术岗位等级"), "post_grade", kind="int", help=_("1—13级，须与职称相符")),
        Column(_("参加工作时间"), "work_start", kind="date"),
        Column(_("在职"), "is_active", kind="bool"),
        school_code_column(_("现任学校标识码"), "current_school", required=False, model_field=False,
                           export=lambda s: _home(s).school.code if _home(s) else None,
                           aliases=[_("学校标识码")]),
        Column(_("到校日期"), "posting_start", kind="date", model_field=False,
               export=lambda s: _home(s).start if _home(s) else None, help=_("不填则为导入当天")),
    ]

    def export_queryset(self, queryset):
        homes = Posting.objects.filter(end__isnull=True, reason=PostingReason.REGULAR).select_related("school")
        return queryset.prefetch_related("postings", Prefetch("postings", queryset=homes, to_attr="open_home"))

    def prepare(self, rows, ctx):
        ctx.extra["open"] = _open_postings_by_staff("id_number", (r.values.get("id_number") for r in rows))
        ctx.extra["moves"] = {}
        # Issue 18: the staff of the file the importer may read; a number of anybody else is refused neutrally.
        ctx.extra["readable"] = None if ctx.user is None else _readable_ids(ctx.user, rows)
        for row in rows:
            reason = _sex_from_id(row, ctx)
            if reason:
                row.values["sex_error"] = reason

    def current_owners(self, instance, ctx):
        return {p.school_id for p in ctx.extra["open"].get(instance.id_number, [])}

    def owners(self, row, ctx):
        school = row.values.get("current_school")
        return {school.pk} if school is not None else set()

    def build(self, row, ctx):
        staff = row.instance
        staff.birth_date = idcard.birth_date(staff.id_number)
        if row.created and "sex" not in ctx.present:
            staff.sex = idcard.sex(staff.id_number)

    def check(self, row, ctx):
        staff = row.instance
        readable = ctx.extra.get("readable")
        if not row.created and readable is not None and staff.pk not in readable:
            # Not "exists at another school" nor a transfer hint: that would tell the school the person exists.
            yield "id_number", STAFF_ID_TAKEN["unique_neutral"]
            return
        if row.values.get("sex_error"):
            yield "sex", row.values["sex_error"]
        grades = POST_GRADES.get(staff.title)
        if staff.post_grade is not None and not 1 <= staff.post_grade <= 13:
            yield "post_grade", _("应为1—13级")
        elif staff.post_grade is not None and grades is not None and staff.post_grade not in grades:
            yield "post_grade", _("岗位等级{grade}级与职称“{title}”不符，应为{low}—{high}级").format(
                grade=staff.post_grade, title=Title(staff.title).label, low=grades[0], high=grades[-1])
        yield from self._check_move(row, ctx)

    def _check_move(self, row, ctx):
        school = row.values.get("current_school")
        if school is None or row.bad:
            return
        open_postings = [] if row.created else ctx.extra["open"].get(row.instance.id_number, [])
        home = next((p for p in open_postings if p.reason == PostingReason.REGULAR), None)
        if home is not None and home.school_id == school.pk:
            return
        if any(p.school_id == school.pk for p in open_postings):
            yield "current_school", _("该教职工在该校已有在任的交流或借调任职，请在“任职经历”中调整")
            return
        if home is not None and not ctx.may_write_model(Posting):
            yield "current_school", _("调动学校须由人事科办理，学校不能直接修改")
            return
        start = row.values.get("posting_start") or ctx.today
        if home is not None and start <= home.start:
            yield "posting_start", _("到校日期应晚于原任职开始日期（{date}）").format(date=cn_date(home.start))
            return
        ctx.extra["moves"][row.row] = (home, school, start)
        row.side_changes["current_school"] = (home.school.code if home else None, school.code)
        if "posting_start" in ctx.present:
            row.side_changes["posting_start"] = (home.start if home else None, start)

    def after_write(self, rows, ctx):
        moves = ctx.extra.get("moves", {})
        closed, opened = [], []
        for row in rows:
            if row.row not in moves:
                continue
            home, school, start = moves[row.row]
            if home is not None:
                home.end = start - dt.timedelta(days=1)
                closed.append(home)
            opened.append(Posting(staff=row.instance, school=school, start=start, reason=PostingReason.REGULAR))
        Posting.objects.bulk_update(closed, ["end"], batch_size=1000)
        Posting.objects.bulk_create(opened, batch_size=1000)
        audit = [(p, False, {"end": (None, p.end)}) for p in closed]
        audit += [(p, True, {"staff": (None, p.staff_id), "school": (None, p.school_id), "start": (None, p.start),
                             "reason": (None, p.reason)}) for p in opened]
        return audit


# --- Postings and honours -------------------------------------------------------------------------


class PostingSheet(PeopleSheet):
    model = Posting
    person_postings = "staff__postings"
    key = ("staff", "school", "start")
    columns = [
        Column(_("身份证号"), "staff", kind="idcard", required=True, ref=STAFF_REF, width=22),
        school_code_column(),
        Column(_("开始日期"), "start", kind="date", required=True),
        Column(_("结束日期"), "end", kind="date", help=_("在任则不填")),
        Column(_("任职类型"), "reason", kind="choice", choices=PostingReason),
        Column(_("职务"), "position"),
        Column(_("备注"), "note", width=30),
    ]

    def existing_queryset(self, keys):
        return Posting.objects.filter(staff__in={k[0] for k in keys})

    def prepare(self, rows, ctx):
        staff_ids = [r.values["staff"].pk for r in rows if hasattr(r.values.get("staff"), "pk")]
        ctx.extra["open"] = _open_postings_by_staff("id", staff_ids)

    def check(self, row, ctx):
        posting = row.instance
        if posting.end is not None and posting.start is not None and posting.end < posting.start:
            yield "end", _("结束日期早于开始日期")
        if posting.end is None and posting.staff_id and posting.school_id:
            other = [p for p in ctx.extra["open"].get(posting.staff_id, [])
                     if p.school_id == posting.school_id and p.pk != posting.pk]
            if other:
                yield "start", _("该教职工在该校已有在任任职（{date}起）").format(date=cn_date(other[0].start))

    def check_all(self, rows, ctx):
        seen = {}
        for row in rows:
            p = row.instance
            if row.ok and p is not None and p.end is None:
                key = (p.staff_id, p.school_id)
                if key in seen:
                    yield row, "start", _("与第{n}行同为该校在任任职").format(n=seen[key])
                seen.setdefault(key, row.row)


class StaffRecordSheet(PeopleSheet):
    """A sheet of rows about one staff member each (honours, appraisals, training hours …), found by 身份证号: a row
    belongs to the schools of the person's open postings."""

    person_postings = "staff__postings"

    def prepare(self, rows, ctx):
        staff_ids = [r.values["staff"].pk for r in rows if hasattr(r.values.get("staff"), "pk")]
        ctx.extra["open"] = _open_postings_by_staff("id", staff_ids)

    def current_owners(self, instance, ctx):
        return {p.school_id for p in ctx.extra["open"].get(instance.staff_id, [])}

    def owners(self, row, ctx):
        return self.current_owners(row.instance, ctx)


class HonourSheet(StaffRecordSheet):
    model = Honour
    key = ("staff", "kind", "level", "awarded")
    columns = [
        Column(_("身份证号"), "staff", kind="idcard", required=True, ref=STAFF_REF, width=22),
        Column(_("称号"), "kind", kind="choice", choices=HonourKind, required=True),
        Column(_("级别"), "level", kind="choice", choices=HonourLevel, required=True),
        Column(_("学科"), "subject"),
        Column(_("认定日期"), "awarded", kind="date", required=True),
        Column(_("有效期至"), "expires", kind="date"),
    ]

    def check(self, row, ctx):
        honour = row.instance
        if honour.expires is not None and honour.awarded is not None and honour.expires <= honour.awarded:
            yield "expires", _("有效期应晚于认定日期")
        veto = honour_veto(honour.staff, honour.awarded) if honour.staff_id and honour.awarded else None
        if veto:
            yield "staff", veto


# --- Classes and students -------------------------------------------------------------------------


class SchoolClassSheet(PeopleSheet):
    model = SchoolClass
    person_postings = "head_teacher__postings"
    key = ("school", "school_year", "grade", "name")
    columns = [
        school_code_column(),
        Column(_("学年"), "school_year", kind="school_year", required=True, ref=SCHOOL_YEAR_REF),
        Column(_("年级"), "grade", kind="grade", required=True, help=_("1—6为小学，7—9为初中，10—12为高中")),
        Column(_("班级名称"), "name", required=True),
        Column(_("班额"), "size", kind="int", required=True, help=_("班级学生人数")),
        Column(_("班主任身份证号"), "head_teacher", kind="idcard", ref=STAFF_REF, width=22),
    ]

    def existing_queryset(self, keys):
        return SchoolClass.objects.filter(school__in={k[0] for k in keys})


class StudentSheet(PeopleSheet):
    model = Student
    key = ("student_no",)
    notes = [_("“班级名称”指当前学年本校该年级的班级，班级须先在“班级”中导入。")]
    columns = [
        Column(_("学籍号"), "student_no", kind="code", required=True, width=22),
        Column(_("姓名"), "name", required=True),
        Column(_("性别"), "sex", kind="choice", choices=Sex, help=_("不填则按身份证号判断")),
        Column(_("身份证号"), "id_number", kind="idcard", width=22),
        school_code_column(),
        Column(_("年级"), "grade", kind="grade", required=True),
        Column(_("班级名称"), "class_name", model_field=False,
               export=lambda s: s.school_class.name if s.school_class_id else None),
        Column(_("入学日期"), "enrolled", kind="date"),
        Column(_("留守儿童"), "left_behind", kind="bool"),
        Column(_("父母均外出"), "both_parents_away", kind="bool", help=_("留守儿童父母双方均外出务工填“是”")),
        Column(_("随迁子女"), "migrant", kind="bool"),
        Column(_("残疾"), "disabled", kind="bool"),
        Column(_("随班就读"), "inclusive", kind="choice", choices=Inclusive, help=_("不填为“非随班就读”")),
        Column(_("建档立卡"), "registered_poor", kind="bool"),
        Column(_("学籍辅号"), "aux_no", kind="code", help=_("无身份证号的学生填写")),
        Column(_("出生日期"), "birth_date", kind="date", help=_("有身份证号的不必填")),
    ]

    def export_queryset(self, queryset):
        return queryset.select_related("school", "school_class")

    def prepare(self, rows, ctx):
        for row in rows:
            reason = _sex_from_id(row, ctx)
            if reason:
                row.values["sex_error"] = reason
        classes = {}
        year = SchoolYear.objects.filter(is_current=True).first()
        schools = {r.values["school"].pk for r in rows if hasattr(r.values.get("school"), "pk")}
        if year is not None and schools:
            for school_class in SchoolClass.objects.filter(school__in=schools, school_year=year):
                classes[(school_class.school_id, school_class.grade, school_class.name)] = school_class
        ctx.extra["classes"], ctx.extra["year"] = classes, year

    def build(self, row, ctx):
        student = row.instance
        if row.created and not student.sex and student.id_number:
            student.sex = idcard.sex(student.id_number)
        # The import writes in bulk, past Student.save(): the same two defaults here.
        student.inclusive = student.inclusive or Inclusive.NONE
        if student.id_number and idcard.is_valid(student.id_number):
            student.birth_date = idcard.birth_date(student.id_number)
        if "class_name" in ctx.present and not row.bad & {"school", "grade"}:
            name = row.values.get("class_name")
            school_class = ctx.extra["classes"].get((student.school_id, student.grade, name)) if name else None
            if name and school_class is None:
                row.values["class_error"] = True
            else:
                assign(row, student, "school_class", school_class)

    def check(self, row, ctx):
        if row.values.get("sex_error"):
            yield "sex", row.values["sex_error"]
        if not row.instance.sex and "sex" not in row.bad:
            yield "sex", _("必填（或填写身份证号）")
        if row.values.get("class_error"):
            year = ctx.extra["year"]
            if year is None:
                yield "class_name", _("系统中没有当前学年，无法匹配班级")
            else:
                yield "class_name", _("{year}本校该年级没有“{name}”").format(year=year, name=row.values["class_name"])


SPECS = [StaffSheet(), PostingSheet(), HonourSheet(), SchoolClassSheet(), StudentSheet()]
