"""Filters of the safety registers: hazards by grade, category and source; every register searchable."""

from edubureau.core.filtersets import BaseFilterSet

from .models import Drill, Driver, Hazard, Inspection, Route, Vehicle

__all__ = ["DrillFilterSet", "DriverFilterSet", "HazardFilterSet", "InspectionFilterSet", "RouteFilterSet",
           "VehicleFilterSet"]


class HazardFilterSet(BaseFilterSet):
    search_fields = ("code", "description", "responsible", "school__name")

    class Meta:
        model = Hazard
        fields = ["grade", "category", "source"]


class InspectionFilterSet(BaseFilterSet):
    search_fields = ("school__name", "inspectors", "summary")

    class Meta:
        model = Inspection
        fields = ["kind"]


class VehicleFilterSet(BaseFilterSet):
    search_fields = ("plate", "school__name")

    class Meta:
        model = Vehicle
        fields = []


class DriverFilterSet(BaseFilterSet):
    search_fields = ("name", "school__name")

    class Meta:
        model = Driver
        fields = ["licence_class"]


class RouteFilterSet(BaseFilterSet):
    search_fields = ("name", "stops", "school__name")

    class Meta:
        model = Route
        fields = []


class DrillFilterSet(BaseFilterSet):
    search_fields = ("school__name", "problems")

    class Meta:
        model = Drill
        fields = ["kind"]
