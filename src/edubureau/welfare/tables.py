"""Tables of the welfare registers."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from edubureau.core.tables import BaseTable, DateColumn

from .models import AidProgram, AidRecognition, CareProfile, Grant, HomeVisit, HouseholdChild, PupilAbsence

__all__ = ["AidProgramTable", "AidRecognitionTable", "CareProfileTable", "GrantTable", "HomeVisitTable",
           "HouseholdChildTable", "PupilAbsenceTable"]

_RIGHT = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


class AidProgramTable(BaseTable):
    levels = tables.Column(orderable=False)
    term_budget = tables.Column(attrs=_RIGHT)

    class Meta(BaseTable.Meta):
        model = AidProgram
        fields = ("name", "year", "levels", "yearly", "day_share", "term_budget")

    def render_levels(self, value):
        return "、".join(value)

    def render_yearly(self, value):
        return "；".join(f"{level}{amount}元" for level, amount in value.items())


class AidRecognitionTable(BaseTable):
    student = tables.Column()
    score = tables.Column(attrs=_RIGHT)

    class Meta(BaseTable.Meta):
        model = AidRecognition
        fields = ("student", "school", "year", "score", "tier", "state", "public_until")


class GrantTable(BaseTable):
    student = tables.Column()
    amount = tables.Column(attrs=_RIGHT)
    account = tables.Column(verbose_name=_("代发账号"), accessor="masked_account", orderable=False)

    class Meta(BaseTable.Meta):
        model = Grant
        fields = ("student", "school", "term", "program", "amount", "boarder", "account", "paid_on")


class CareProfileTable(BaseTable):
    student = tables.Column()
    guardian_phone = tables.Column(accessor="masked_phone", orderable=False)

    class Meta(BaseTable.Meta):
        model = CareProfile
        fields = ("student", "guardian", "guardian_relation", "guardian_phone", "parents_work_place", "disability",
                  "placement", "home_teacher", "hardship")


class HomeVisitTable(BaseTable):
    day = DateColumn()

    class Meta(BaseTable.Meta):
        model = HomeVisit
        fields = ("profile", "day", "teachers", "hours", "content")


class PupilAbsenceTable(BaseTable):
    student = tables.Column()
    day = DateColumn()

    class Meta(BaseTable.Meta):
        model = PupilAbsence
        fields = ("student", "day", "reason")


class HouseholdChildTable(BaseTable):
    id_number = tables.Column(accessor="masked_id_number", verbose_name=_("身份证号"), orderable=False)

    class Meta(BaseTable.Meta):
        model = HouseholdChild
        fields = ("name", "id_number", "township", "address", "guardian")
