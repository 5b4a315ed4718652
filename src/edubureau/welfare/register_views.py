"""The welfare registers as registry pages (list with search, filters, export and import; detail; edit; delete;
history): 资助项目, 困难认定, 资助发放, 关爱档案, 送教上门, 学生缺课, 户籍适龄儿童. The family's situation is kept
from every reader ``permissions.sees_family`` refuses by the models' own query sets, so these pages, their
exports and the API show them nothing."""

from edubureau.core import idcard
from edubureau.core.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    object_urls,
)

from . import forms, tables
from .models import AidProgram, AidRecognition, CareProfile, Grant, HomeVisit, HouseholdChild, PupilAbsence

__all__ = ["register_urls"]


class HouseholdChildView(ObjectDetailView):
    queryset = HouseholdChild.objects.all()

    def get_field_overrides(self, obj):
        return {"id_number": idcard.mask(obj.id_number)}


def _pages(model, table, form, *, related=(), detail=None) -> tuple:
    name = model.__name__
    rows = model.objects.select_related(*related) if related else model.objects.all()
    return (
        type(f"{name}ListView", (ObjectListView,), {"queryset": rows, "table": table}),
        detail or type(f"{name}View", (ObjectDetailView,), {"queryset": rows}),
        type(f"{name}EditView", (ObjectEditView,), {"queryset": model.objects.all(), "form": form}),
        type(f"{name}DeleteView", (ObjectDeleteView,), {"queryset": model.objects.all()}),
        type(f"{name}HistoryView", (ObjectHistoryView,), {"queryset": model.objects.all()}),
    )


def register_urls() -> list:
    return [
        *object_urls("programs", *_pages(AidProgram, tables.AidProgramTable, forms.AidProgramForm)),
        *object_urls("recognitions", *_pages(AidRecognition, tables.AidRecognitionTable, forms.AidRecognitionForm,
                                             related=("student", "school"))),
        *object_urls("grants", *_pages(Grant, tables.GrantTable, forms.GrantForm,
                                       related=("student", "school", "program", "term__school_year"))),
        *object_urls("care", *_pages(CareProfile, tables.CareProfileTable, forms.CareProfileForm,
                                     related=("student", "home_teacher"))),
        *object_urls("visits", *_pages(HomeVisit, tables.HomeVisitTable, forms.HomeVisitForm,
                                       related=("profile__student",))),
        *object_urls("absences", *_pages(PupilAbsence, tables.PupilAbsenceTable, forms.PupilAbsenceForm,
                                         related=("student",))),
        *object_urls("household", *_pages(HouseholdChild, tables.HouseholdChildTable, forms.HouseholdChildForm,
                                          detail=HouseholdChildView)),
    ]
