"""Serializers of the safety read API. Read-only; a hazard's follow-up appears as its state and dates (core's
FollowUp has no API route); a driver's ID number and phone masked for all but the 安全科 and the bus's school."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from edubureau.core.api.serializers import BaseModelSerializer

from .. import models as m
from ..permissions import sees_driver_papers

__all__ = ["SERIALIZERS"]


def _serializer(model, fields, **extra):
    meta = type("Meta", (), {"model": model, "fields": ["id", "url", "display", *fields, *extra],
                             "read_only_fields": fields})
    return type(f"{model.__name__}Serializer", (BaseModelSerializer,), {"Meta": meta, **extra})


@extend_schema_field(OpenApiTypes.STR)
class _DriverPaper(serializers.Field):
    """The driver's ``field`` in full for the 安全科 and the bus's school, masked for everyone else."""

    def __init__(self, field: str):
        self.paper = field
        super().__init__(source="*", read_only=True)

    def to_representation(self, driver):
        request = self.context.get("request")
        if request is not None and sees_driver_papers(request.user, driver):
            return getattr(driver, self.paper)
        return getattr(driver, f"masked_{self.paper}")


SERIALIZERS = {
    m.Hazard: _serializer(m.Hazard, [
        "code", "school", "category", "description", "grade", "source", "inspection", "found_on", "deadline",
        "responsible", "measures"], state=serializers.CharField(source="status", read_only=True),
        closed_on=serializers.DateField(source="completed_on", read_only=True)),
    m.Campaign: _serializer(m.Campaign, ["title", "kind", "categories", "issued_on", "due", "sent_on"]),
    m.Inspection: _serializer(m.Inspection, ["school", "kind", "campaign", "day", "inspectors", "categories",
                                             "summary"]),
    m.Vehicle: _serializer(m.Vehicle, ["school", "plate", "model_name", "seats", "inspection_expiry",
                                       "insurance_expiry"]),
    m.Driver: _serializer(m.Driver, ["school", "name", "vehicle", "licence_class", "licence_expiry",
                                     "qualification_expiry"], id_number=_DriverPaper("id_number"),
                          phone=_DriverPaper("phone")),
    m.Route: _serializer(m.Route, ["school", "name", "vehicle", "stops", "pupils", "escort"],
                         overload=serializers.CharField(source="overload_error", read_only=True, allow_null=True)),
    m.Canteen: _serializer(m.Canteen, ["school", "name", "licence_no", "licence_expiry"]),
    m.Supplier: _serializer(m.Supplier, ["canteen", "name", "goods", "licence_no", "licence_expiry"]),
    m.Drill: _serializer(m.Drill, ["school", "day", "kind", "participants", "evacuation_seconds", "problems"]),
}
