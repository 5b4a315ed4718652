"""Excel in and out for the school registry: schools, zones, departments, school years, campuses,
education groups and their members, pairings and the yearly school facts.

Columns are declared here; reading, checking and writing live in ``edubureau.core.io``.
"""

from django.utils.translation import gettext_lazy as _

from edubureau.core.io.spec import Column, Ref, SheetSpec, term_label
from edubureau.core.roles import MODULES

from .choices import GroupKind, LevelPart, Locality, Ownership, SchoolKind, ZoneKind
from .models import (
    Campus,
    Department,
    EducationGroup,
    GroupMembership,
    Pairing,
    Region,
    School,
    SchoolFacts,
    SchoolYear,
    Term,
    Zone,
)

__all__ = ["SCHOOL_REF", "SCHOOL_YEAR_REF", "SPECS"]

SCHOOL_REF = Ref("org.School", ("code",), _("学校标识码不存在：{value}"))
REGION_REF = Ref("org.Region", ("code",), _("区县代码不存在：{value}"))
ZONE_REF = Ref("org.Zone", ("name",), _("片区不存在：{value}"), display=lambda zone: zone.name)
SCHOOL_YEAR_REF = Ref("org.SchoolYear", ("start_year",), _("学年不存在：{value}"), display=str)
TERM_REF = Ref(
    "org.Term",
    ("school_year__start_year", "number"),
    _("学期不存在：{value}"),
    display=lambda term: term_label(term.school_year.start_year, term.number),
)
GROUP_REF = Ref("org.EducationGroup", ("name",), _("教育集团不存在：{value}"))
MODULE_CHOICES = [(key, label) for key, label in MODULES.items()]


def school_code_column(header=None, field="school", **kw) -> Column:
    """A column naming a school by its 学校标识码, looked up within the importing user's scope."""
    return Column(header or _("学校标识码"), field, kind="code", required=kw.pop("required", True), ref=SCHOOL_REF,
                  help=kw.pop("help", _("10位学校标识码")), **kw)


# --- Reference data -------------------------------------------------------------------------------


class RegionSheet(SheetSpec):
    model = Region
    key = ("code",)
    columns = [
        Column(_("行政区划代码"), "code", kind="code", required=True, aliases=[_("区县代码")]),
        Column(_("名称"), "name", required=True, aliases=[_("区县名称")]),
    ]


class ZoneSheet(SheetSpec):
    model = Zone
    key = ("region", "name")
    columns = [
        Column(_("区县代码"), "region", kind="code", required=True, ref=REGION_REF),
        Column(_("片区名称"), "name", required=True, aliases=[_("名称"), _("片区")]),
        Column(_("类型"), "kind", kind="choice", choices=ZoneKind),
    ]


class DepartmentSheet(SheetSpec):
    model = Department
    key = ("code",)
    columns = [
        Column(_("代码"), "code", kind="code", required=True, help=_("英文字母、数字或连字符，如 jijiao")),
        Column(_("科室名称"), "name", required=True, aliases=[_("名称")]),
        Column(_("负责模块"), "modules", kind="multichoice", choices=MODULE_CHOICES, width=30),
        Column(_("负责人"), "head"),
        Column(_("电话"), "phone", kind="code"),
    ]


class SchoolYearSheet(SheetSpec):
    model = SchoolYear
    key = ("start_year",)
    columns = [
        Column(_("学年"), "start_year", kind="school_year", required=True, aliases=[_("起始年份")],
               export=lambda y: str(y)),
        Column(_("开始日期"), "start", kind="date", required=True),
        Column(_("结束日期"), "end", kind="date", required=True),
        Column(_("当前学年"), "is_current", kind="bool"),
    ]

    def before_write(self, rows, ctx):
        # Unset the years leaving "current" first, so the one-current constraint holds at every statement.
        leaving = [r.instance.pk for r in rows if r.ok and r.changes.get("is_current", (None, True))[1] is False]
        SchoolYear.objects.filter(pk__in=leaving).update(is_current=False)

    def check(self, row, ctx):
        year = row.instance
        if year.start and year.end and year.end <= year.start:
            yield "end", _("结束日期应晚于开始日期")

    def check_all(self, rows, ctx):
        # Only one school year is current (constraint schoolyear_one_current).
        if "is_current" not in ctx.present:
            return
        current = [r for r in rows if r.ok and r.values.get("is_current")]
        in_file = {r.values["start_year"] for r in rows if r.values.get("start_year") is not None}
        others = SchoolYear.objects.filter(is_current=True).exclude(start_year__in=in_file)
        for row in current[1:]:
            yield row, "is_current", _("只能有一个当前学年（第{n}行也标为当前学年）").format(n=current[0].row)
        other = others.first()
        if current and other is not None:
            yield current[0], "is_current", _("{year}已是当前学年，请在同一文件中把它改为“否”").format(year=other)


class TermSheet(SheetSpec):
    model = Term
    key = ("school_year", "number")
    columns = [
        Column(_("学年"), "school_year", kind="school_year", required=True, ref=SCHOOL_YEAR_REF),
        Column(_("学期"), "number", kind="choice", required=True,
               choices=[(1, _("第一学期")), (2, _("第二学期"))]),
        Column(_("开始日期"), "start", kind="date", required=True),
        Column(_("结束日期"), "end", kind="date", required=True),
    ]

    def check(self, row, ctx):
        term = row.instance
        if term.start and term.end and term.end <= term.start:
            yield "end", _("结束日期应晚于开始日期")


# --- Schools --------------------------------------------------------------------------------------


class SchoolSheet(SheetSpec):
    model = School
    key = ("code",)
    notes = [_("教学点须填写所属中心校的学校标识码，且中心校须已在系统中。")]
    columns = [
        Column(_("学校标识码"), "code", kind="code", required=True, help=_("10位数字")),
        Column(_("学校名称"), "name", required=True, width=28),
        Column(_("简称"), "short_name"),
        Column(_("办学类型"), "kind", kind="choice", choices=SchoolKind, required=True),
        Column(_("办学性质"), "ownership", kind="choice", choices=Ownership),
        Column(_("城乡分类"), "locality", kind="choice", choices=Locality, required=True),
        Column(_("区县代码"), "region", kind="code", required=True, ref=REGION_REF),
        Column(_("片区"), "zone", ref=ZONE_REF),
        Column(_("教学点"), "is_teaching_point", kind="bool"),
        school_code_column(_("所属中心校标识码"), "central_school", required=False, help=_("教学点必填")),
        Column(_("地址"), "address", width=30),
        Column(_("纬度"), "latitude", kind="decimal"),
        Column(_("经度"), "longitude", kind="decimal"),
        Column(_("校长"), "principal"),
        Column(_("联系电话"), "phone", kind="code"),
        Column(_("建校年份"), "founded", kind="int", minimum=0),
        Column(_("在办"), "is_active", kind="bool"),
    ]

    def check(self, row, ctx):
        school = row.instance
        if school.is_teaching_point and school.central_school_id is None:
            yield "central_school", _("教学点须填写所属中心校")
        if not school.is_teaching_point and school.central_school_id is not None:
            yield "is_teaching_point", _("填写了所属中心校，“教学点”应为“是”")
        if school.central_school_id is not None and school.central_school_id == school.pk:
            yield "central_school", _("不能以本校为中心校")


class CampusSheet(SheetSpec):
    model = Campus
    key = ("school", "name")
    columns = [
        school_code_column(),
        Column(_("校区名称"), "name", required=True),
        Column(_("地址"), "address", width=30),
        Column(_("纬度"), "latitude", kind="decimal"),
        Column(_("经度"), "longitude", kind="decimal"),
    ]


class EducationGroupSheet(SheetSpec):
    model = EducationGroup
    key = ("name",)
    columns = [
        Column(_("集团名称"), "name", required=True, width=24),
        Column(_("法人类型"), "kind", kind="choice", choices=GroupKind, required=True),
        school_code_column(_("牵头学校标识码"), "lead_school"),
        Column(_("成立日期"), "started", kind="date", required=True),
    ]

    def current_owners(self, instance, ctx):
        return {instance.lead_school_id}

    def owners(self, row, ctx):
        return {row.instance.lead_school_id}


class GroupMembershipSheet(SheetSpec):
    model = GroupMembership
    title = _("集团成员")
    key = ("group", "school")
    columns = [
        Column(_("集团名称"), "group", required=True, ref=GROUP_REF, width=24),
        school_code_column(_("成员学校标识码"), "school"),
        Column(_("加入日期"), "joined", kind="date", required=True),
    ]


class PairingSheet(SheetSpec):
    model = Pairing
    key = ("strong_school", "supported_school", "start_term")
    columns = [
        school_code_column(_("帮扶学校标识码"), "strong_school"),
        school_code_column(_("受援学校标识码"), "supported_school"),
        Column(_("起始学期"), "start_term", kind="term", required=True, ref=TERM_REF, width=26),
        Column(_("结束学期"), "end_term", kind="term", ref=TERM_REF, width=26),
        Column(_("帮扶内容"), "content", width=30),
    ]

    def existing_queryset(self, keys):
        return Pairing.objects.filter(strong_school__in={k[0] for k in keys})

    def export_queryset(self, queryset):
        return queryset.select_related("strong_school", "supported_school", "start_term__school_year",
                                       "end_term__school_year")

    def check(self, row, ctx):
        pairing = row.instance
        if pairing.strong_school_id and pairing.strong_school_id == pairing.supported_school_id:
            yield "supported_school", _("帮扶学校与受援学校不能相同")
        if pairing.end_term_id and pairing.start_term_id and pairing.end_term.start < pairing.start_term.start:
            yield "end_term", _("结束学期早于起始学期")


class SchoolFactsSheet(SheetSpec):
    model = SchoolFacts
    key = ("school", "school_year", "level_part")
    columns = [
        school_code_column(),
        Column(_("学年"), "school_year", kind="school_year", required=True, ref=SCHOOL_YEAR_REF,
               help=_("学年须已在系统中")),
        Column(_("学段"), "level_part", kind="choice", choices=LevelPart, required=True),
        Column(_("在校生数"), "students", kind="int", required=True, minimum=0),
        Column(_("班级数"), "classes", kind="int", required=True, minimum=0),
        Column(_("46—55人班级数"), "classes_46_55", kind="int", minimum=0),
        Column(_("大班额班级数(56—65人)"), "classes_56_65", kind="int", minimum=0),
        Column(_("超大班额班级数(66人及以上)"), "classes_66_plus", kind="int", minimum=0),
        Column(_("教学及辅助用房面积(㎡)"), "teaching_room_area", kind="decimal", required=True, minimum=0),
        Column(_("体育运动场馆面积(㎡)"), "sports_area", kind="decimal", required=True, minimum=0),
        Column(_("教学仪器设备值(元)"), "equipment_value", kind="decimal", required=True, minimum=0),
        Column(_("教学用计算机台数"), "computers", kind="int", required=True, minimum=0),
        Column(_("图书册数"), "books", kind="int", required=True, minimum=0),
        Column(_("网络多媒体教室数"), "multimedia_rooms", kind="int", required=True, minimum=0),
        Column(_("教师数来源"), "staff_source", kind="choice", choices=SchoolFacts.StaffSource),
        Column(_("专任教师数"), "full_time_teachers", kind="int", required=True, minimum=0),
        Column(_("高于规定学历教师数"), "teachers_above_required_education", kind="int", required=True, minimum=0),
        Column(_("中级及以上职称教师数"), "teachers_intermediate_title", kind="int", required=True, minimum=0),
        Column(_("县级及以上骨干教师数"), "key_teachers", kind="int", required=True, minimum=0),
        Column(_("体育、艺术专任教师数"), "pe_art_teachers", kind="int", required=True, minimum=0),
    ]

    def existing_queryset(self, keys):
        return SchoolFacts.objects.filter(school__in={k[0] for k in keys})

    def check(self, row, ctx):
        facts = row.instance
        bands = (facts.classes_46_55 or 0) + (facts.classes_56_65 or 0) + (facts.classes_66_plus or 0)
        if facts.classes is not None and bands > facts.classes:
            yield "classes", _("各班额段班级数之和（{bands}）超过班级数").format(bands=bands)
        for name in ("teachers_above_required_education", "teachers_intermediate_title", "key_teachers",
                     "pe_art_teachers"):
            value = getattr(facts, name)
            if value is not None and facts.full_time_teachers is not None and value > facts.full_time_teachers:
                yield name, _("不能超过专任教师数")


SPECS = [
    SchoolSheet(),
    RegionSheet(),
    ZoneSheet(),
    DepartmentSheet(),
    SchoolYearSheet(),
    TermSheet(),
    CampusSheet(),
    EducationGroupSheet(),
    GroupMembershipSheet(),
    PairingSheet(),
    SchoolFactsSheet(),
]
