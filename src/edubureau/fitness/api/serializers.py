"""Serializers of the fitness read API: the tests and each pupil's scored line. No 家庭住址 or other identity
columns of the template (those stay in the school's own download); uploads go through the page."""

from edubureau.core.api.serializers import BaseModelSerializer

from .. import models as m
from ..models import POINTS_FIELDS

__all__ = ["SERIALIZERS"]


def _serializer(model, fields):
    meta = type("Meta", (), {"model": model, "fields": ["id", "url", "display", *fields], "read_only_fields": fields})
    return type(f"{model.__name__}Serializer", (BaseModelSerializer,), {"Meta": meta})


SERIALIZERS = {
    m.FitnessTest: _serializer(m.FitnessTest, ["school", "year", "file_name", "pupils", "scored", "imported_at"]),
    m.FitnessResult: _serializer(m.FitnessResult, [
        "test", "student_no", "name", "grade_code", "class_code", "class_name", "sex", "raw", "height", "weight",
        "bmi", "bmi_band", *POINTS_FIELDS.values(), "standard_score", "bonus", "total", "level", "unscored",
        "vision_left", "vision_right"]),
}
