"""Tables of the safety registers."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from edubureau.core.tables import BaseTable, DateColumn

from .models import (
    Campaign,
    Canteen,
    Drill,
    Driver,
    Hazard,
    Inspection,
    MealCompanion,
    PaperAlert,
    Route,
    SafetySettings,
    SampleCheck,
    Supplier,
    Vehicle,
)

__all__ = ["CampaignTable", "CanteenTable", "DrillTable", "DriverTable", "HazardTable", "InspectionTable",
           "MealCompanionTable", "PaperAlertTable", "RouteTable", "SampleCheckTable", "SupplierTable", "VehicleTable"]


class HazardTable(BaseTable):
    found_on = DateColumn()
    deadline = DateColumn()
    status = tables.Column(verbose_name=_("整改状态"), accessor="status", orderable=False)

    class Meta(BaseTable.Meta):
        model = Hazard
        fields = ("code", "school", "category", "description", "grade", "found_on", "deadline", "responsible",
                  "status")


class CampaignTable(BaseTable):
    issued_on = DateColumn()
    due = DateColumn()

    class Meta(BaseTable.Meta):
        model = Campaign
        fields = ("title", "kind", "issued_on", "due", "sent_on")


class InspectionTable(BaseTable):
    day = DateColumn()

    class Meta(BaseTable.Meta):
        model = Inspection
        fields = ("school", "kind", "campaign", "day", "inspectors")


class VehicleTable(BaseTable):
    inspection_expiry = DateColumn()
    insurance_expiry = DateColumn()

    class Meta(BaseTable.Meta):
        model = Vehicle
        fields = ("plate", "school", "model_name", "seats", "inspection_expiry", "insurance_expiry")


class DriverTable(BaseTable):
    phone = tables.Column(verbose_name=_("联系电话"), accessor="masked_phone", orderable=False)
    licence_expiry = DateColumn()
    qualification_expiry = DateColumn()

    class Meta(BaseTable.Meta):
        model = Driver
        fields = ("name", "school", "vehicle", "licence_class", "licence_expiry", "qualification_expiry", "phone")


class RouteTable(BaseTable):
    seats = tables.Column(verbose_name=_("核载"), accessor="vehicle__seats", orderable=False)
    check = tables.Column(verbose_name=_("核载检查"), accessor="overload_error", orderable=False,
                          attrs={"td": {"class": "text-danger"}})

    class Meta(BaseTable.Meta):
        model = Route
        fields = ("name", "school", "vehicle", "pupils", "seats", "escort", "check")


class PaperAlertTable(BaseTable):
    expires = DateColumn()
    state = tables.Column(verbose_name=_("办理状态"), accessor="followup__get_state_display", orderable=False)

    class Meta(BaseTable.Meta):
        model = PaperAlert
        fields = ("holder", "paper", "school", "expires", "state")


class CanteenTable(BaseTable):
    licence_expiry = DateColumn()

    class Meta(BaseTable.Meta):
        model = Canteen
        fields = ("name", "school", "licence_no", "licence_expiry")


class SupplierTable(BaseTable):
    licence_expiry = DateColumn()

    class Meta(BaseTable.Meta):
        model = Supplier
        fields = ("name", "canteen", "goods", "licence_no", "licence_expiry")


class MealCompanionTable(BaseTable):
    day = DateColumn()

    class Meta(BaseTable.Meta):
        model = MealCompanion
        fields = ("day", "canteen", "meal", "leader", "remarks")


class SampleCheckTable(BaseTable):
    day = DateColumn()
    # accessor "pk": the verdict is rendered from the settings read once per table (``render_verdict``).
    verdict = tables.Column(verbose_name=_("检查结果"), accessor="pk", orderable=False)

    class Meta(BaseTable.Meta):
        model = SampleCheck
        fields = ("day", "canteen", "meal", "dishes", "min_grams", "hours", "verdict")

    def render_verdict(self, record):
        if not hasattr(self, "_rule"):
            self._rule = SafetySettings.current()  # read once per table, not once per row
        return "；".join(record.problems_under(self._rule)) or _("合格")


class DrillTable(BaseTable):
    day = DateColumn()

    class Meta(BaseTable.Meta):
        model = Drill
        fields = ("day", "school", "kind", "participants", "evacuation_seconds", "problems")
