"""The 人事 registers as registry pages: list (search, filters, export, import), detail, edit, delete, history."""

from edubureau.core.generic import registry_pages

from . import forms, tables
from .models import Appraisal, ConductRecord, PostAppointment, TrainingRecord

__all__ = ["register_urls"]


def register_urls() -> list:
    return [
        *registry_pages("appraisals", Appraisal, tables.AppraisalTable, forms.AppraisalForm, related=("staff",)),
        *registry_pages("appointments", PostAppointment, tables.PostAppointmentTable, forms.PostAppointmentForm,
                        related=("staff",)),
        *registry_pages("conduct", ConductRecord, tables.ConductRecordTable, forms.ConductRecordForm,
                        related=("staff",)),
        *registry_pages("training-records", TrainingRecord, tables.TrainingRecordTable, forms.TrainingRecordForm,
                        related=("staff",)),
    ]
