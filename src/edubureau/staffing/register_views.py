"""The 人事 registers as registry pages: list (search, filters, export, import), detail, edit, delete, history.

The four registers differ only in model, table and form, so their pages are made by one function.
"""

from edubureau.core.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    object_urls,
)

from . import forms, tables
from .models import Appraisal, ConductRecord, PostAppointment, TrainingRecord

__all__ = ["register_urls"]


def _pages(model, table, form) -> tuple:
    name = model.__name__
    with_staff = model.objects.select_related("staff")
    return (
        type(f"{name}ListView", (ObjectListView,), {"queryset": with_staff, "table": table}),
        type(f"{name}View", (ObjectDetailView,), {"queryset": with_staff}),
        type(f"{name}EditView", (ObjectEditView,), {"queryset": model.objects.all(), "form": form}),
        type(f"{name}DeleteView", (ObjectDeleteView,), {"queryset": model.objects.all()}),
        type(f"{name}HistoryView", (ObjectHistoryView,), {"queryset": model.objects.all()}),
    )


def register_urls() -> list:
    return [
        *object_urls("appraisals", *_pages(Appraisal, tables.AppraisalTable, forms.AppraisalForm)),
        *object_urls("appointments", *_pages(PostAppointment, tables.PostAppointmentTable, forms.PostAppointmentForm)),
        *object_urls("conduct", *_pages(ConductRecord, tables.ConductRecordTable, forms.ConductRecordForm)),
        *object_urls("training-records", *_pages(TrainingRecord, tables.TrainingRecordTable,
                                                 forms.TrainingRecordForm)),
    ]
