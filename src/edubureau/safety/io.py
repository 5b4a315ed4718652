"""Excel in and out for safety: the hazard ledger (隐患排查整改台账) as an import. A bad row names its row, column and
reason and nothing is written (``core.io``); each new hazard's follow-up is opened as it is written (a 重大 one goes
to the leaders at once)."""

from django.utils.translation import gettext_lazy as _

from edubureau.core.io.spec import Column, SheetSpec
from edubureau.org.io import school_code_column

from .models import CATEGORY_CHOICES, GRADE_CHOICES, Hazard

__all__ = ["SPECS"]


class HazardSheet(SheetSpec):
    model = Hazard
    key = ("code",)
    title = _("安全隐患")
    notes = [_("每个隐患一行；隐患编号唯一（如 YH2026-0001），再次导入同一编号即更新该隐患。"),
             _("整改期限留空时按等级自动计算（一般30天、较大15天、重大7天，以安全设置为准）；重大隐患导入后即报局领导。")]
    columns = [
        Column(_("隐患编号"), "code", kind="code", required=True),
        school_code_column(),
        Column(_("隐患类别"), "category", kind="choice", choices=CATEGORY_CHOICES, required=True),
        Column(_("隐患描述"), "description", required=True, width=40),
        Column(_("等级"), "grade", kind="choice", choices=GRADE_CHOICES, required=True),
        Column(_("发现途径"), "source", kind="choice", choices=Hazard.Source.choices),
        Column(_("发现日期"), "found_on", kind="date", required=True),
        Column(_("整改期限"), "deadline", kind="date"),
        Column(_("责任人"), "responsible", required=True),
        Column(_("整改措施"), "measures", width=40),
    ]

    def build(self, row, ctx):
        from .services import fill_hazard

        hazard = row.instance
        if not hazard.source:
            hazard.source = Hazard.Source.SELF
        if hazard.found_on and hazard.grade:
            fill_hazard(hazard)

    def check(self, row, ctx):
        hazard = row.instance
        if hazard.deadline and hazard.found_on and hazard.deadline < hazard.found_on:
            yield "deadline", str(_("整改期限不能早于发现日期。"))

    def after_write(self, rows, ctx):
        from .services import open_hazard

        for row in rows:
            hazard = row.instance
            if row.created and hazard.followup_id is None:
                open_hazard(hazard, user=ctx.user)
        return []


SPECS = [HazardSheet()]
