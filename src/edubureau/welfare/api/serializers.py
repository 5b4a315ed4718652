"""Serializers of the students' read API. Read-only: writing goes through the pages, which run the workflows
(both schools confirming a 转学, a case's steps, 公示 and 复核). ID numbers appear masked only."""

from rest_framework import serializers

from edubureau.core.api.serializers import BaseModelSerializer

from .. import models as m

__all__ = ["SERIALIZERS"]


def _serializer(model, fields, **extra):
    meta = type("Meta", (), {"model": model, "fields": ["id", "url", "display", *fields, *extra],
                             "read_only_fields": fields})
    return type(f"{model.__name__}Serializer", (BaseModelSerializer,), {"Meta": meta, **extra})


SERIALIZERS = {
    m.RollChange: _serializer(m.RollChange, ["student", "school", "kind", "day", "to_school", "destination", "until",
                                         "reason", "state", "out_confirmed_on", "in_confirmed_on"]),
    m.NationalRollImport: _serializer(m.NationalRollImport, ["region", "filename", "rows", "roll_rows", "matched",
                                                         "created"]),
    m.RollDifference: _serializer(m.RollDifference, ["batch", "school", "student", "kind", "label", "field",
                                                 "national", "roll", "resolution", "note", "resolved_on"]),
    m.DropoutCase: _serializer(m.DropoutCase, ["school", "student", "name", "township", "risk", "reason", "state",
                                           "school_head", "township_head", "bureau_head", "closing", "closed_on"]),
    m.AidProgram: _serializer(m.AidProgram, ["region", "year", "name", "levels", "yearly", "day_share",
                                         "needs_recognition", "term_budget"]),
    m.AidRecognition: _serializer(m.AidRecognition, ["student", "school", "year", "groups", "score", "tier",
                                                 "state", "public_until"]),
    m.Grant: _serializer(m.Grant, ["term", "program", "student", "school", "amount", "boarder", "paid_on"]),
    m.CareProfile: _serializer(m.CareProfile, ["student", "guardian", "guardian_relation", "parents_work_place",
                                           "disability", "placement", "home_teacher", "visits_per_term",
                                           "hardship"]),
    m.HomeVisit: _serializer(m.HomeVisit, ["profile", "day", "teachers", "hours", "content"]),
    m.PupilAbsence: _serializer(m.PupilAbsence, ["student", "day", "reason"]),
    m.HouseholdChild: _serializer(m.HouseholdChild, ["region", "name", "township"],
                                  id_number_masked=serializers.CharField(source="masked_id_number", read_only=True)),
}
