"""Serializers of the enrolment read API. Read-only: an application's checks, decisions, seeds and placement run
through the pages. ID numbers appear masked only; phones and addresses not at all; where a child was placed is
named only to a reader of that school."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from edubureau.core.api.serializers import BaseModelSerializer

from .. import models as m

__all__ = ["SERIALIZERS"]


def _serializer(model, fields, **extra):
    meta = type("Meta", (), {"model": model, "fields": ["id", "url", "display", *fields, *extra],
                             "read_only_fields": fields})
    return type(f"{model.__name__}Serializer", (BaseModelSerializer,), {"Meta": meta, **extra})


@extend_schema_field(OpenApiTypes.STR)
class _PlacedAt(serializers.Field):
    """The admitted school's name for a reader of that school, else "已统筹安排到其他学校"."""

    def __init__(self):
        super().__init__(source="*", read_only=True)

    def to_representation(self, app):
        from ..views import admitted_school_text

        request = self.context.get("request")
        return admitted_school_text(request.user, app) if request is not None else None


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class _SchoolCodes(serializers.Field):
    def __init__(self):
        super().__init__(source="*", read_only=True)

    def to_representation(self, zone):
        return [s.code for s in zone.schools.all()]


SERIALIZERS = {
    m.ResidentialUnit: _serializer(m.ResidentialUnit, [
        "region", "code", "name", "kind", "township", "longitude", "latitude", "households", "surveyed_primary",
        "surveyed_junior", "new_dwellings", "dwellings_ready"]),
    m.UnitZone: _serializer(m.UnitZone, ["year", "level", "unit"], school_codes=_SchoolCodes()),
    m.BirthCount: _serializer(m.BirthCount, ["region", "township", "year", "births"]),
    m.IntakeCount: _serializer(m.IntakeCount, ["school", "level", "year", "pupils"]),
    m.SeatPlan: _serializer(m.SeatPlan, ["school", "level", "classes", "class_size", "seats"]),
    m.SeatChange: _serializer(m.SeatChange, ["school", "level", "year", "classes", "source"]),
    m.Application: _serializer(m.Application, [
        "year", "level", "number", "child_name", "sex", "school", "state", "category", "points", "findings",
        "clerk_note"], child_id_masked=serializers.CharField(source="masked_child_id", read_only=True),
        placed_at=_PlacedAt()),
    m.PropertyUse: _serializer(m.PropertyUse, ["region", "certificate", "level", "year", "application"],
                               child_id_masked=serializers.CharField(source="masked_child_id", read_only=True)),
    m.Lottery: _serializer(m.Lottery, ["school", "year", "level", "seed", "seed_source", "published", "seats",
                                       "drawn", "result"]),
    m.ZoningProposal: _serializer(m.ZoningProposal, ["region", "year", "level", "travel_weight", "change_weight",
                                                     "max_km", "state", "result"]),
}
