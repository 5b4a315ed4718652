"""Tables of the 人事 registers (年度考核, 岗位聘任, 师德记录, 继续教育学时)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from edubureau.core.tables import BaseTable, DateColumn

from .models import Appraisal, ConductRecord, PostAppointment, TrainingRecord

__all__ = ["AppraisalTable", "ConductRecordTable", "PostAppointmentTable", "TrainingRecordTable"]


class AppraisalTable(BaseTable):
    staff = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Appraisal
        fields = ("staff", "year", "result")


class PostAppointmentTable(BaseTable):
    staff = tables.Column(linkify=True)
    since = DateColumn()

    class Meta(BaseTable.Meta):
        model = PostAppointment
        fields = ("staff", "family", "grade", "since", "reason")


class ConductRecordTable(BaseTable):
    staff = tables.Column(linkify=True)
    day = DateColumn()
    # The period as it runs: the recorded end, or the one the sanction's kind gives (警告 6 months …).
    sanction_until = DateColumn(verbose_name=_("处理期至"), orderable=False, default="")

    class Meta(BaseTable.Meta):
        model = ConductRecord
        fields = ("staff", "kind", "category", "day", "sanction", "sanction_until", "source")


class TrainingRecordTable(BaseTable):
    staff = tables.Column(linkify=True)
    hours = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})

    class Meta(BaseTable.Meta):
        model = TrainingRecord
        fields = ("staff", "year", "course", "level", "hours")
