"""The enrolment registers as registry pages (list with search, filters, export and import; detail; edit; delete;
history). An application's detail page is its own (papers masked but for the clerk, findings, decision)."""

from edubureau.core.generic import registry_pages

from . import forms, tables
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
from .views import ApplicationView

__all__ = ["register_urls"]


def register_urls() -> list:
    return [
        *registry_pages("units", ResidentialUnit, tables.ResidentialUnitTable, forms.ResidentialUnitForm),
        *registry_pages("unit-zones", UnitZone, tables.UnitZoneTable, forms.UnitZoneForm, related=("unit",)),
        *registry_pages("births", BirthCount, tables.BirthCountTable, forms.BirthCountForm),
        *registry_pages("intake", IntakeCount, tables.IntakeCountTable, forms.IntakeCountForm, related=("school",)),
        *registry_pages("seat-plans", SeatPlan, tables.SeatPlanTable, forms.SeatPlanForm, related=("school",)),
        *registry_pages("seat-changes", SeatChange, tables.SeatChangeTable, forms.SeatChangeForm,
                        related=("school",)),
        *registry_pages("property-locks", PropertyUse, tables.PropertyUseTable, forms.PropertyUseForm),
        *registry_pages("applications", Application, tables.ApplicationTable, forms.ApplicationForm,
                        related=("school", "admitted_school"), detail=ApplicationView),
    ]
