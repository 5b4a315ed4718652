"""Serializers of the 建设项目 read API. Read-only; the follow-up of a late stage is named, not linked (core
follow-ups have no API route), and the enrolment row a project keeps is given by its figures."""

from rest_framework import serializers

from edubureau.core.api.serializers import BaseModelSerializer

from .. import models as m

__all__ = ["SERIALIZERS"]


def _serializer(model, fields, **extra):
    meta = type("Meta", (), {"model": model, "fields": ["id", "url", "display", *fields, *extra],
                             "read_only_fields": fields})
    return type(f"{model.__name__}Serializer", (BaseModelSerializer,), {"Meta": meta, **extra})


SERIALIZERS = {
    m.Project: _serializer(m.Project, [
        "number", "name", "school", "region", "kind", "level", "area", "classrooms", "seats", "streams",
        "budget_central", "budget_province", "budget_city", "budget_county", "budget_self", "note"],
        budget_total=serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)),
    m.Stage: _serializer(m.Stage, ["project", "step", "planned", "actual", "note"],
                         followup_state=serializers.CharField(source="followup.get_state_display", read_only=True,
                                                              default=None, allow_null=True)),
    m.Payment: _serializer(m.Payment, ["project", "paid_on", "amount", "source", "note"]),
}
