"""Filters of the 人事 registers: each searchable by the teacher's name."""

from edubureau.core.filtersets import BaseFilterSet

from .models import Appraisal, ConductRecord, PostAppointment, TrainingRecord

__all__ = ["AppraisalFilterSet", "ConductRecordFilterSet", "PostAppointmentFilterSet", "TrainingRecordFilterSet"]


class AppraisalFilterSet(BaseFilterSet):
    search_fields = ("staff__name",)

    class Meta:
        model = Appraisal
        fields = ["year", "result"]


class PostAppointmentFilterSet(BaseFilterSet):
    search_fields = ("staff__name",)

    class Meta:
        model = PostAppointment
        fields = ["family", "grade", "reason"]


class ConductRecordFilterSet(BaseFilterSet):
    search_fields = ("staff__name", "source", "note")

    class Meta:
        model = ConductRecord
        fields = ["kind", "category", "sanction"]


class TrainingRecordFilterSet(BaseFilterSet):
    search_fields = ("staff__name", "course")

    class Meta:
        model = TrainingRecord
        fields = ["year", "level"]
