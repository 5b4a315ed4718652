"""Tables of the 人事 registers (年度考核, 岗位聘任, 师德记录, 继续教育学时)."""

import django_tables2 as tables

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
    ends = DateColumn(default="")

    class Meta(BaseTable.Meta):
        model = ConductRecord
        fields = ("staff", "kind", "category", "day", "sanction", "ends", "source")


class TrainingRecordTable(BaseTable):
    staff = tables.Column(linkify=True)
    hours = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})

    class Meta(BaseTable.Meta):
        model = TrainingRecord
        fields = ("staff", "year", "course", "level", "hours")
