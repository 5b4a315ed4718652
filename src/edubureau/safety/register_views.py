"""The safety registers as registry pages (list with search, filters, export and import; detail; edit; delete;
history). A hazard's page carries its follow-up (the school answers, the 安全科 verifies); a driver's ID number and
phone are masked for everyone but the 安全科 and the bus's school; a route shows an overload as an error."""

from django.utils.translation import gettext_lazy as _

from edubureau.core.audit import log_reveal
from edubureau.core.generic import ObjectDetailView, ObjectListView, object_urls, registry_pages
from edubureau.core.generic.detail import Related
from edubureau.core.scope import scope_for

from . import forms, tables
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
    SampleCheck,
    Supplier,
    Vehicle,
)
from .permissions import runs_safety, sees_driver_papers

__all__ = ["register_urls"]


class HazardView(ObjectDetailView):
    queryset = Hazard.objects.select_related("school", "followup", "inspection__campaign")

    def get_extra_context(self, obj):
        return {"followup": obj.followup}


class InspectionView(ObjectDetailView):
    queryset = Inspection.objects.select_related("school", "campaign", "followup")
    related = (Related(_("发现的隐患"), Hazard.objects.select_related("school", "followup"), "inspection",
                       tables.HazardTable),)

    def get_extra_context(self, obj):
        return {"followup": obj.followup}


class CampaignView(ObjectDetailView):
    queryset = Campaign.objects.all()

    def get_extra_context(self, obj):
        reports = (Inspection.objects.visible_to(self.request.user).filter(campaign=obj)
                   .select_related("school", "followup").order_by("school__code"))
        return {"reports": reports, "may_send": runs_safety(self.request.user) and obj.sent_on is None,
                "is_school": scope_for(self.request.user).role == "school"}


class DriverView(ObjectDetailView):
    queryset = Driver.objects.select_related("school", "vehicle")

    def get_field_overrides(self, obj):
        if sees_driver_papers(self.request.user, obj):
            # Shown in full to the 安全科 and the bus's school, and each such view is logged (as a person's page).
            log_reveal(self.request, obj, [n for n in ("id_number", "phone") if getattr(obj, n)])
            return {}
        return {"id_number": obj.masked_id_number, "phone": obj.masked_phone}


class RouteView(ObjectDetailView):
    queryset = Route.objects.select_related("school", "vehicle")

    def get_extra_context(self, obj):
        return {"overload": obj.overload_error}


class CanteenView(ObjectDetailView):
    queryset = Canteen.objects.select_related("school")
    related = (Related(_("食材供应商"), Supplier.objects.all(), "canteen", tables.SupplierTable),
               Related(_("陪餐记录"), MealCompanion.objects.all(), "canteen", tables.MealCompanionTable),
               Related(_("留样检查"), SampleCheck.objects.all(), "canteen", tables.SampleCheckTable))


class PaperAlertList(ObjectListView):
    queryset = PaperAlert.objects.select_related("school", "followup")
    table = tables.PaperAlertTable


class PaperAlertView(ObjectDetailView):
    queryset = PaperAlert.objects.select_related("school", "followup")

    def get_extra_context(self, obj):
        return {"followup": obj.followup}


def register_urls() -> list:
    return [
        # 证照到期提醒: opened by the daily scan only, read here (no add, edit or delete page).
        *object_urls("paper-alerts", PaperAlertList, PaperAlertView),
        *registry_pages("hazards", Hazard, tables.HazardTable, forms.HazardForm, related=("school", "followup"),
                        detail=HazardView),
        *registry_pages("campaigns", Campaign, tables.CampaignTable, forms.CampaignForm, detail=CampaignView),
        *registry_pages("inspections", Inspection, tables.InspectionTable, forms.InspectionForm,
                        related=("school", "campaign"), detail=InspectionView),
        *registry_pages("buses", Vehicle, tables.VehicleTable, forms.VehicleForm, related=("school",)),
        *registry_pages("drivers", Driver, tables.DriverTable, forms.DriverForm, related=("school", "vehicle"),
                        detail=DriverView),
        *registry_pages("routes", Route, tables.RouteTable, forms.RouteForm, related=("school", "vehicle"),
                        detail=RouteView),
        *registry_pages("canteens", Canteen, tables.CanteenTable, forms.CanteenForm, related=("school",),
                        detail=CanteenView),
        *registry_pages("suppliers", Supplier, tables.SupplierTable, forms.SupplierForm,
                        related=("canteen__school",)),
        *registry_pages("meals", MealCompanion, tables.MealCompanionTable, forms.MealCompanionForm,
                        related=("canteen__school",)),
        *registry_pages("samples", SampleCheck, tables.SampleCheckTable, forms.SampleCheckForm,
                        related=("canteen__school",)),
        *registry_pages("drills", Drill, tables.DrillTable, forms.DrillForm, related=("school",)),
    ]
