"""Excel in and out for the 人事 registers: 年度考核, 岗位聘任, 师德记录, and 继续教育学时 as the training platform
exports them. Each row names the teacher by 身份证号; a bad row names its row, column and reason and nothing is
written (``core.io``)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from edubureau.core.io import cleaning
from edubureau.core.io.spec import Column
from edubureau.people.io import STAFF_REF, StaffRecordSheet

from .models import Appraisal, ConductRecord, PostAppointment, TrainingRecord

__all__ = ["SPECS"]

STAFF_COLUMN = dict(kind="idcard", required=True, ref=STAFF_REF, width=22,
                    aliases=[_("身份证号码"), _("证件号码"), _("身份证件号")])


@dataclass
class SpelledChoice(Column):
    """A choice column that also takes the spellings other systems export (the platform's 国家级 for 国家)."""

    spellings: dict = field(default_factory=dict)

    def options(self) -> dict[str, str]:
        options = dict(super().options())
        for spelling, value in self.spellings.items():
            options[cleaning.normalize_choice(spelling)] = value
        return options


class AppraisalSheet(StaffRecordSheet):
    model = Appraisal
    key = ("staff", "year")
    columns = [
        Column(_("身份证号"), "staff", **STAFF_COLUMN),
        Column(_("考核年度"), "year", kind="int", required=True, minimum=2000),
        Column(_("考核结果"), "result", kind="choice", choices=Appraisal.Result, required=True,
               aliases=[_("考核等次")]),
    ]


class PostAppointmentSheet(StaffRecordSheet):
    model = PostAppointment
    key = ("staff", "family", "since")
    notes = [_("专业技术岗位等级：正高1—4级、副高5—7级、中级8—10级、初级11—13级；管理岗位1—10级（学校一般为5—10级）；"
               "工勤技能岗位：技术工一至五级，普通工填6。专业技术岗位晋升批准后由系统自动写入，不必导入。")]
    columns = [
        Column(_("身份证号"), "staff", **STAFF_COLUMN),
        Column(_("岗位类别"), "family", kind="choice", choices=PostAppointment.Family,
               help=_("不填为专业技术岗位")),
        Column(_("岗位等级"), "grade", kind="int", required=True, minimum=1,
               help=_("专业技术1—13级，管理1—10级，工勤技能1—5级（普通工填6）")),
        Column(_("聘任日期"), "since", kind="date", required=True),
        Column(_("聘任方式"), "reason", kind="choice", choices=PostAppointment.Reason),
    ]

    def prepare(self, rows, ctx):
        super().prepare(rows, ctx)
        for row in rows:  # a blank 岗位类别 is a 专业技术 post, for the key as for the row
            if row.values.get("family") is None:
                row.values["family"] = PostAppointment.Family.PROFESSIONAL

    def check(self, row, ctx):
        appointment = row.instance
        levels = PostAppointment.LEVELS.get(appointment.family or PostAppointment.Family.PROFESSIONAL)
        if appointment.grade is not None and levels is not None and appointment.grade not in levels:
            yield "grade", _("应为{low}—{high}级").format(low=levels[0], high=levels[-1])


class ConductRecordSheet(StaffRecordSheet):
    model = ConductRecord
    key = ("staff", "kind", "category", "day")
    notes = [_("师德记录只有人事科可以导入和查看，学校校长可查看本校教师的记录。处理期不填则按处分种类计算"
               "（警告6个月、记过12个月、降低岗位等级24个月）。")]
    columns = [
        Column(_("身份证号"), "staff", **STAFF_COLUMN),
        Column(_("类别"), "kind", kind="choice", choices=ConductRecord.Kind, required=True),
        Column(_("十项准则"), "category", kind="choice", choices=ConductRecord.CATEGORIES, required=True, width=18),
        Column(_("认定日期"), "day", kind="date", required=True),
        Column(_("处理"), "sanction", kind="choice", choices=ConductRecord.SANCTIONS),
        Column(_("处理期至"), "ends", kind="date"),
        Column(_("来源"), "source"),
        Column(_("事实与说明"), "note", width=40),
    ]

    def check(self, row, ctx):
        record = row.instance
        if record.kind == ConductRecord.Kind.HONOUR and record.sanction:
            yield "sanction", _("表彰记录不能有处理")
        if record.ends and record.day and record.ends < record.day:
            yield "ends", _("处理期不能早于认定日期")


class TrainingRecordSheet(StaffRecordSheet):
    """The training platform's export (继续教育学时明细) as it comes: its own headers are aliases."""

    model = TrainingRecord
    key = ("staff", "course", "year")
    title = _("继续教育学时（培训平台导出）")
    notes = [_("可直接导入教师继续教育管理平台导出的学时明细：身份证号、培训项目、学时、培训级别、培训年度；"
               "“国家级”“省级”“校本研修”等写法都可识别。")]
    columns = [
        Column(_("身份证号"), "staff", **STAFF_COLUMN),
        Column(_("培训项目"), "course", required=True, width=30,
               aliases=[_("项目名称"), _("培训名称"), _("课程名称"), _("培训项目名称")]),
        Column(_("学时"), "hours", kind="decimal", required=True, minimum=0,
               aliases=[_("获得学时"), _("认定学时"), _("学时数")]),
        SpelledChoice(_("培训级别"), "level", kind="choice", choices=TrainingRecord.LEVELS, required=True,
                      aliases=[_("级别"), _("项目级别")],
                      spellings={"国家级": "国家", "国培": "国家", "省级": "省", "省培": "省", "市级": "市",
                                 "县级": "县", "区级": "县", "校级": "校", "校本": "校", "校本研修": "校"}),
        Column(_("培训年度"), "year", kind="int", required=True, minimum=2000, aliases=[_("年度"), _("学年度")]),
    ]

    def check(self, row, ctx):
        hours = row.instance.hours
        if hours is not None and not 0 < hours <= 500:
            yield "hours", _("学时应大于0且不超过500")


SPECS = [AppraisalSheet(), PostAppointmentSheet(), ConductRecordSheet(), TrainingRecordSheet()]
