"""Tables of the enrolment registers. A child's and parents' numbers are masked in every list."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from edubureau.core import idcard
from edubureau.core.tables import BaseTable

from .models import (
    Application,
    BirthCount,
    IntakeCount,
    PropertyUse,
    ResidentialUnit,
    SeatChange,
    SeatPlan,
    UnitZone,
)

__all__ = ["ApplicationTable", "BirthCountTable", "IntakeCountTable", "PropertyUseTable", "ResidentialUnitTable",
           "SeatChangeTable", "SeatPlanTable", "UnitZoneTable"]

_RIGHT = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


class ResidentialUnitTable(BaseTable):
    households = tables.Column(attrs=_RIGHT)
    surveyed_primary = tables.Column(attrs=_RIGHT)

    class Meta(BaseTable.Meta):
        model = ResidentialUnit
        fields = ("code", "name", "kind", "township", "households", "surveyed_primary", "surveyed_junior",
                  "new_dwellings", "dwellings_ready")


class UnitZoneTable(BaseTable):
    schools = tables.ManyToManyColumn(verbose_name=_("对口学校"), separator="、")

    class Meta(BaseTable.Meta):
        model = UnitZone
        fields = ("year", "level", "unit", "schools")


class BirthCountTable(BaseTable):
    births = tables.Column(attrs=_RIGHT)

    class Meta(BaseTable.Meta):
        model = BirthCount
        fields = ("township", "year", "births")


class IntakeCountTable(BaseTable):
    pupils = tables.Column(attrs=_RIGHT)

    class Meta(BaseTable.Meta):
        model = IntakeCount
        fields = ("school", "level", "year", "pupils")


class SeatPlanTable(BaseTable):
    seats = tables.Column(verbose_name=_("起始年级学位"), orderable=False, attrs=_RIGHT)

    class Meta(BaseTable.Meta):
        model = SeatPlan
        fields = ("school", "level", "classes", "class_size", "seats")


class SeatChangeTable(BaseTable):
    class Meta(BaseTable.Meta):
        model = SeatChange
        fields = ("source", "school", "level", "year", "classes")


class PropertyUseTable(BaseTable):
    child_id = tables.Column(verbose_name=_("儿童身份证件号"))

    class Meta(BaseTable.Meta):
        model = PropertyUse
        fields = ("certificate", "level", "year", "child_id", "application")

    def render_child_id(self, value):
        return idcard.mask(value)


class ApplicationTable(BaseTable):
    child_id = tables.Column(verbose_name=_("儿童身份证件号"), accessor="masked_child_id", orderable=False)
    points = tables.Column(attrs=_RIGHT)
    findings = tables.Column(verbose_name=_("审核发现"), orderable=False)

    class Meta(BaseTable.Meta):
        model = Application
        fields = ("number", "child_name", "child_id", "sex", "school", "category", "points", "state", "findings",
                  "admitted_school")

    def render_admitted_school(self, value, record):
        from .views import admitted_school_text

        request = getattr(self, "request", None)
        return admitted_school_text(request.user, record) if request is not None else "—"

    def render_findings(self, value):
        return "；".join(f["reason"] for f in value) if value else "—"
