"""Excel in and out for 建设项目: the 项目库 (one row per project, a column per funding source), the stages' planned
and actual dates, and the payments. A bad row names its row, column and reason and nothing is written
(``core.io``). Imported projects get their six stages; imported 交付 dates keep the enrolment seats in step."""

from django.utils.translation import gettext_lazy as _

from edubureau.core.io.spec import Column, Ref, SheetSpec
from edubureau.org.io import school_code_column

from .engine import STAGES
from .models import Payment, Project, Source, Stage

__all__ = ["SPECS"]

PROJECT_REF = Ref("projects.Project", ("number",), _("项目编号不存在：{value}"))


def _project_column():
    return Column(_("项目编号"), "project", kind="code", required=True, ref=PROJECT_REF)


class ProjectSheet(SheetSpec):
    model = Project
    key = ("number",)
    title = _("建设项目")
    notes = [_("每个项目一行；新建学校尚未建档时学校标识码留空。资金单位为万元。"),
             _("新增教室或学位时须填学段；起始年级新增班数留空时按新增教室÷年级数（小学6、初中3）计算。")]
    columns = [
        Column(_("项目编号"), "number", kind="code", required=True),
        Column(_("项目名称"), "name", required=True, width=30),
        school_code_column(required=False),
        Column(_("项目类型"), "kind", kind="choice", choices=Project.Kind.choices, required=True),
        Column(_("新增学位学段"), "level", kind="choice", choices=Project.Level.choices),
        Column(_("建筑面积（㎡）"), "area", kind="decimal", minimum=0),
        Column(_("新增教室"), "classrooms", kind="int", minimum=0),
        Column(_("新增学位"), "seats", kind="int", minimum=0),
        Column(_("起始年级新增班数"), "streams", kind="int", minimum=0),
        Column(_("中央资金（万元）"), "budget_central", kind="decimal", minimum=0),
        Column(_("省级资金（万元）"), "budget_province", kind="decimal", minimum=0),
        Column(_("市级资金（万元）"), "budget_city", kind="decimal", minimum=0),
        Column(_("县级资金（万元）"), "budget_county", kind="decimal", minimum=0),
        Column(_("自筹资金（万元）"), "budget_self", kind="decimal", minimum=0),
        Column(_("备注"), "note", width=30),
    ]

    def build(self, row, ctx):
        project = row.instance
        if project.school_id and not project.region_id:
            project.region_id = project.school.region_id
        elif not project.region_id and ctx.user is not None:
            profile = getattr(ctx.user, "profile", None)
            project.region_id = getattr(profile, "region_id", None) or getattr(
                getattr(profile, "department", None), "region_id", None)

    def check(self, row, ctx):
        project = row.instance
        if (project.classrooms or project.seats or project.streams) and not project.level:
            yield "level", str(_("新增教室或学位时请填写学段"))

    def after_write(self, rows, ctx):
        from .services import ensure_stages, sync_seats

        for row in rows:
            ensure_stages(row.instance)
            sync_seats(row.instance)
        return []


class StageSheet(SheetSpec):
    model = Stage
    key = ("project", "step")
    title = _("项目阶段")
    notes = [_("每个项目每个阶段一行：立项、招标、开工、主体完工、竣工验收、交付；日期如 2026-09-01。"),
             _("交付日期决定新增学位从哪一年秋季起计入招生（8月31日前交付的当年起用）。")]
    columns = [
        _project_column(),
        Column(_("阶段"), "step", kind="choice", choices=Stage.Step.choices, required=True),
        Column(_("计划日期"), "planned", kind="date"),
        Column(_("实际日期"), "actual", kind="date"),
        Column(_("说明"), "note", width=30),
    ]

    def build(self, row, ctx):
        row.instance.order = STAGES.index(row.instance.step) if row.instance.step in STAGES else 0

    def check(self, row, ctx):
        from django.utils import timezone

        if row.instance.actual and row.instance.actual > timezone.localdate():
            yield "actual", str(_("实际日期不能晚于今天"))

    def after_write(self, rows, ctx):
        from .services import after_stage_saved

        for row in rows:
            after_stage_saved(row.instance)
        return []


class PaymentSheet(SheetSpec):
    model = Payment
    key = ("project", "paid_on", "source", "amount")
    title = _("项目拨付")
    notes = [_("每笔拨付一行，金额单位为万元；资金来源为中央、省、市、县或自筹。")]
    columns = [
        _project_column(),
        Column(_("拨付日期"), "paid_on", kind="date", required=True),
        Column(_("资金来源"), "source", kind="choice", choices=Source.choices, required=True),
        Column(_("金额（万元）"), "amount", kind="decimal", required=True, minimum=0),
        Column(_("说明"), "note", width=30),
    ]


SPECS = [ProjectSheet(), StageSheet(), PaymentSheet()]
