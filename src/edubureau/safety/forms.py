"""Edit forms of the safety registers (the generic registry pages use them)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from edubureau.core.forms import BaseModelForm

from .engine.checklists import CATEGORIES
from .models import (
    Campaign,
    Canteen,
    Drill,
    Driver,
    Hazard,
    Inspection,
    MealCompanion,
    Route,
    SampleCheck,
    Supplier,
    Vehicle,
)

__all__ = ["CampaignForm", "CanteenForm", "DrillForm", "DriverForm", "HazardForm", "InspectionForm",
           "MealCompanionForm", "RouteForm", "SampleCheckForm", "SupplierForm", "VehicleForm"]

_CATEGORY_FIELD = dict(label=_("检查类别"), choices=[(c, c) for c in CATEGORIES], required=False,
                       widget=forms.CheckboxSelectMultiple)


class HazardForm(BaseModelForm):
    class Meta:
        model = Hazard
        fields = ["school", "category", "description", "grade", "source", "inspection", "found_on", "deadline",
                  "responsible", "measures", "photo", "code"]

    def _post_clean(self):
        super()._post_clean()
        self.instance.recorded_by = self.user  # the issuer of the hazard's follow-up when it is new


class CampaignForm(BaseModelForm):
    categories = forms.MultipleChoiceField(**_CATEGORY_FIELD)

    class Meta:
        model = Campaign
        fields = ["title", "kind", "categories", "issued_on", "due", "requirements"]


class InspectionForm(BaseModelForm):
    categories = forms.MultipleChoiceField(**_CATEGORY_FIELD)

    class Meta:
        model = Inspection
        fields = ["school", "kind", "day", "inspectors", "categories", "summary"]

    def clean_kind(self):
        kind = self.cleaned_data.get("kind")
        if kind == Inspection.Kind.CAMPAIGN and not (self.instance.pk and self.instance.campaign_id):
            raise forms.ValidationError(_("专项检查由安全科统一下发，请选择自查或抽查。"))
        return kind


class VehicleForm(BaseModelForm):
    class Meta:
        model = Vehicle
        fields = ["school", "plate", "model_name", "seats", "inspection_expiry", "insurance_expiry"]


class DriverForm(BaseModelForm):
    class Meta:
        model = Driver
        fields = ["school", "name", "id_number", "phone", "vehicle", "licence_class", "licence_expiry",
                  "qualification_expiry"]


class RouteForm(BaseModelForm):
    class Meta:
        model = Route
        fields = ["school", "name", "vehicle", "stops", "pupils", "escort"]


class CanteenForm(BaseModelForm):
    class Meta:
        model = Canteen
        fields = ["school", "name", "licence_no", "licence_expiry"]


class SupplierForm(BaseModelForm):
    class Meta:
        model = Supplier
        fields = ["canteen", "name", "goods", "licence_no", "licence_expiry"]


class MealCompanionForm(BaseModelForm):
    class Meta:
        model = MealCompanion
        fields = ["canteen", "day", "meal", "leader", "remarks"]


class SampleCheckForm(BaseModelForm):
    class Meta:
        model = SampleCheck
        fields = ["canteen", "day", "meal", "dishes", "min_grams", "hours", "checker"]


class DrillForm(BaseModelForm):
    class Meta:
        model = Drill
        fields = ["school", "day", "kind", "participants", "evacuation_seconds", "problems", "photo"]
