"""Excel in and out for enrolment: residential units, zones, births, past intake, seats, the lock ledger and the
applications. A bad row names its row, column and reason and nothing is written (``core.io``). An application's
numbers, phone and addresses are written in full only for the enrolment clerks (``permissions``)."""

from django.utils.translation import gettext_lazy as _

from edubureau.core.io.spec import Column, Ref, SheetSpec
from edubureau.core.masking import mask_address, mask_phone
from edubureau.org.io import SCHOOL_REF, school_code_column

from .forms import DOCUMENTS
from .models import (
    Application,
    BirthCount,
    ChildSex,
    IntakeCount,
    Level,
    PropertyUse,
    ResidentialUnit,
    SeatChange,
    SeatPlan,
    UnitZone,
)
from .permissions import handles_applications

__all__ = ["SPECS"]

UNIT_REF = Ref("enrollment.ResidentialUnit", ("code",), _("居住单元编号不存在：{value}"))
LEVEL = dict(kind="choice", choices=Level.choices, required=True)


def _home_region(row, ctx):
    """A bureau row imported without a region is the importing user's county's."""
    if getattr(row.instance, "region_id", "absent") is None and ctx.user is not None:
        profile = getattr(ctx.user, "profile", None)
        row.instance.region_id = getattr(profile, "region_id", None) or getattr(
            getattr(profile, "department", None), "region_id", None)


class ResidentialUnitSheet(SheetSpec):
    model = ResidentialUnit
    key = ("code",)
    title = _("居住单元")
    notes = [_("每个小区、村（社区）或楼栋范围一行，划片时整体划入同一学校；经纬度用于地图和路程。"),
             _("摸底人数为下一届入学的适龄儿童（入学摸底调查），划片方案按此计算学位需求。")]
    columns = [
        Column(_("单元编号"), "code", kind="code", required=True),
        Column(_("名称"), "name", required=True, width=24),
        Column(_("类型"), "kind", kind="choice", choices=ResidentialUnit.Kind.choices),
        Column(_("乡镇（街道）"), "township", required=True, aliases=[_("乡镇")]),
        Column(_("地址关键词"), "keywords", width=30, help=_("路名、门牌范围、别名，用顿号分隔")),
        Column(_("经度"), "longitude", kind="decimal", required=True),
        Column(_("纬度"), "latitude", kind="decimal", required=True),
        Column(_("户数"), "households", kind="int", minimum=0),
        Column(_("摸底：下一届入小学儿童"), "surveyed_primary", kind="int", minimum=0),
        Column(_("摸底：下一届升初中学生"), "surveyed_junior", kind="int", minimum=0),
        Column(_("在建或新交付住宅（套）"), "new_dwellings", kind="int", minimum=0),
        Column(_("交付年份"), "dwellings_ready", kind="int", minimum=2000),
    ]

    def build(self, row, ctx):
        _home_region(row, ctx)


class UnitZoneSheet(SheetSpec):
    """划片: a unit's school at a level in a year; a 多校划片 unit names several schools (顿号分隔)."""

    model = UnitZone
    key = ("year", "level", "unit")
    title = _("招生片区")
    notes = [_("对口学校填学校标识码；多校划片的单元填多个学校标识码，用顿号分隔。")]
    columns = [
        Column(_("招生年度"), "year", kind="int", required=True, minimum=2000),
        Column(_("学段"), "level", **LEVEL),
        Column(_("单元编号"), "unit", kind="code", required=True, ref=UNIT_REF),
        Column(_("对口学校标识码"), "school_codes", required=True, model_field=False, width=30,
               export=lambda z: "、".join(s.code for s in z.schools.all())),
    ]

    def prepare(self, rows, ctx):
        from edubureau.org.models import School

        known = {s.code: s for s in School.objects.visible_to(ctx.user)} if ctx.user else {
            s.code: s for s in School.objects.all()}
        for row in rows:
            codes = [c.strip() for c in str(row.values.get("school_codes") or "").replace(",", "、").split("、")
                     if c.strip()]
            row.values["schools_found"] = [known[c] for c in codes if c in known]
            row.values["schools_missing"] = [c for c in codes if c not in known]

    def check(self, row, ctx):
        if row.values.get("schools_missing"):
            yield "school_codes", str(_("学校标识码不存在：{codes}")).format(
                codes="、".join(row.values["schools_missing"]))

    def after_write(self, rows, ctx):
        for row in rows:
            row.instance.schools.set(row.values.get("schools_found", []))
        return []


class BirthCountSheet(SheetSpec):
    model = BirthCount
    key = ("township", "year")
    title = _("出生人口")
    notes = [_("按乡镇（街道）和出生年份填写户籍出生人数（公安或卫健部门提供），用于预测六年后的一年级新生。")]
    columns = [
        Column(_("乡镇（街道）"), "township", required=True, aliases=[_("乡镇")]),
        Column(_("出生年份"), "year", kind="int", required=True, minimum=1990),
        Column(_("出生人数"), "births", kind="int", required=True, minimum=0),
    ]

    def build(self, row, ctx):
        _home_region(row, ctx)


class IntakeCountSheet(SheetSpec):
    model = IntakeCount
    key = ("school", "level", "year")
    title = _("历年招生数")
    columns = [
        school_code_column(),
        Column(_("学段"), "level", **LEVEL),
        Column(_("招生年度"), "year", kind="int", required=True, minimum=2000),
        Column(_("招生人数"), "pupils", kind="int", required=True, minimum=0),
    ]


class SeatPlanSheet(SheetSpec):
    model = SeatPlan
    key = ("school", "level")
    title = _("学位供给")
    notes = [_("起始年级（一年级或七年级）每年可开班数，班额标准小学45人、初中50人。")]
    columns = [
        school_code_column(),
        Column(_("学段"), "level", **LEVEL),
        Column(_("起始年级可开班数"), "classes", kind="int", required=True, minimum=0),
        Column(_("班额标准"), "class_size", kind="int", required=True, minimum=10),
    ]


class SeatChangeSheet(SheetSpec):
    model = SeatChange
    key = ("school", "level", "year", "source")
    title = _("学位增减")
    notes = [_("建设项目竣工后起始年级增加的班数（减少填负数），从起用年度起计入学位供给。")]
    columns = [
        school_code_column(),
        Column(_("学段"), "level", **LEVEL),
        Column(_("起用年度"), "year", kind="int", required=True, minimum=2000),
        Column(_("增减班数"), "classes", kind="int", required=True),
        Column(_("来源（项目名称）"), "source", required=True, width=30),
    ]


class PropertyUseSheet(SheetSpec):
    """The 学位锁定 ledger of earlier years (一房一学位), as the bureau kept it."""

    model = PropertyUse
    key = ("certificate", "level", "year", "child_id")
    title = _("学位锁定台账")
    may_see_id_number = staticmethod(lambda user, obj: handles_applications(user))
    columns = [
        Column(_("不动产权证号"), "certificate", kind="code", required=True, width=24),
        Column(_("学段"), "level", **LEVEL),
        Column(_("使用年度"), "year", kind="int", required=True, minimum=2000),
        Column(_("儿童身份证件号"), "child_id", kind="idcard", required=True, width=22),
        Column(_("监护人身份证号"), "guardian_ids", kind="code", width=40, help=_("多个用顿号分隔")),
        Column(_("申请编号"), "application", kind="code"),
    ]

    def build(self, row, ctx):
        _home_region(row, ctx)


# Text columns of an application that tell where a family lives or how to reach it: masked for all but the clerks.
PRIVATE_TEXT = {"guardian_phone", "hukou_address", "property_address"}


class ApplicationSheet(SheetSpec):
    """入学申请 as the online 一网通办 system exports them, or as a school typed them from the papers."""

    model = Application
    key = ("number",)
    title = _("入学申请")
    notes = [_("房产、户籍所在居住单元填单元编号（见“居住单元”）；已交材料用顿号分隔。导入后在“审核队列”执行审核。")]
    may_see_id_number = staticmethod(lambda user, obj: handles_applications(user))
    columns = [
        Column(_("招生年度"), "year", kind="int", required=True, minimum=2000),
        Column(_("学段"), "level", **LEVEL),
        Column(_("申请编号"), "number", kind="code", required=True),
        Column(_("儿童姓名"), "child_name", required=True),
        Column(_("儿童身份证件号"), "child_id", kind="idcard", required=True, width=22),
        Column(_("性别"), "sex", kind="choice", choices=ChildSex.choices, required=True),
        Column(_("申请学校标识码"), "school", kind="code", required=True, ref=SCHOOL_REF),
        Column(_("户籍所在居住单元"), "hukou_unit", kind="code", ref=UNIT_REF),
        Column(_("户籍地址"), "hukou_address", width=30),
        Column(_("监护人"), "guardian_name", required=True),
        Column(_("监护人身份证号"), "guardian_id", kind="idcard", required=True, width=22),
        Column(_("联系电话"), "guardian_phone", kind="code"),
        Column(_("另一监护人身份证号"), "guardian2_id", kind="idcard", width=22),
        Column(_("不动产权证号"), "property_certificate", kind="code", width=24),
        Column(_("房产地址"), "property_address", width=30),
        Column(_("房产权利人身份证号"), "property_owner_id", kind="idcard", width=22),
        Column(_("房产登记日期"), "property_purchased", kind="date"),
        Column(_("房产所在居住单元"), "property_unit", kind="code", ref=UNIT_REF),
        Column(_("居住证起始日期"), "residence_permit_start", kind="date"),
        Column(_("本县社保缴纳月数"), "insurance_months", kind="int", minimum=0),
        Column(_("已交材料"), "documents", kind="multichoice", choices=[(d, d) for d in DOCUMENTS], width=30),
        Column(_("需特殊关照"), "special_needs", kind="bool"),
        Column(_("同胞申请编号"), "sibling_of", kind="code"),
    ]

    def export_value(self, column, obj, user=None):
        value = super().export_value(column, obj, user)
        if column.field in PRIVATE_TEXT and value and user is not None and not handles_applications(user):
            return mask_address(value) if column.field != "guardian_phone" else mask_phone(value)
        return value


SPECS = [ResidentialUnitSheet(), UnitZoneSheet(), BirthCountSheet(), IntakeCountSheet(), SeatPlanSheet(),
         SeatChangeSheet(), PropertyUseSheet(), ApplicationSheet()]
