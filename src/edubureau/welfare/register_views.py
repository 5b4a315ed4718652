"""The welfare registers as registry pages (list with search, filters, export and import; detail; edit; delete;
history): 资助项目, 困难认定, 资助发放, 关爱档案, 送教上门, 学生缺课, 户籍适龄儿童. The family's situation is kept
from every reader ``permissions.sees_family`` refuses by the models' own query sets, so these pages, their
exports and the API show them nothing."""

from edubureau.core import idcard
from edubureau.core.generic import ObjectDetailView, registry_pages

from . import forms, tables
from .models import AidProgram, AidRecognition, CareProfile, Grant, HomeVisit, HouseholdChild, PupilAbsence

__all__ = ["register_urls"]


class HouseholdChildView(ObjectDetailView):
    queryset = HouseholdChild.objects.all()

    def get_field_overrides(self, obj):
        return {"id_number": idcard.mask(obj.id_number)}


def register_urls() -> list:
    return [
        *registry_pages("programs", AidProgram, tables.AidProgramTable, forms.AidProgramForm),
        *registry_pages("recognitions", AidRecognition, tables.AidRecognitionTable, forms.AidRecognitionForm,
                        related=("student", "school")),
        *registry_pages("grants", Grant, tables.GrantTable, forms.GrantForm,
                        related=("student", "school", "program", "term__school_year")),
        *registry_pages("care", CareProfile, tables.CareProfileTable, forms.CareProfileForm,
                        related=("student", "home_teacher")),
        *registry_pages("visits", HomeVisit, tables.HomeVisitTable, forms.HomeVisitForm, related=("profile__student",)),
        *registry_pages("absences", PupilAbsence, tables.PupilAbsenceTable, forms.PupilAbsenceForm,
                        related=("student",)),
        *registry_pages("household", HouseholdChild, tables.HouseholdChildTable, forms.HouseholdChildForm,
                        detail=HouseholdChildView),
    ]
