"""Read API of the student pages, cut to the reader's scope like the pages: a school reads its own pupils' rows;
a family's situation (认定, grants, care records, visits) only the 资助 staff (``models.FamilyQuerySet``); the 户籍
file only the bureau."""

from edubureau.core.api.viewsets import BaseViewSet

from .. import models as m
from .serializers import SERIALIZERS

__all__ = ["ROUTES"]

RELATED = {m.RollChange: ("student", "school", "to_school"), m.RollDifference: ("batch", "school", "student"),
           m.DropoutCase: ("school", "student", "followup"), m.AidRecognition: ("student", "school"),
           m.Grant: ("term", "program", "student", "school"), m.CareProfile: ("student", "home_teacher"),
           m.HomeVisit: ("profile",), m.PupilAbsence: ("student",)}
FILTERS = {m.RollChange: ["kind", "state"], m.RollDifference: ["batch", "kind", "resolution"],
           m.DropoutCase: ["state", "risk"], m.AidProgram: ["year"], m.AidRecognition: ["year", "tier", "state"],
           m.Grant: ["term", "program"], m.CareProfile: ["placement"], m.PupilAbsence: ["day"]}


class WelfareReadViewSet(BaseViewSet):
    http_method_names = ["get", "head", "options"]


def _viewset(model):
    return type(f"{model.__name__}ViewSet", (WelfareReadViewSet,), {
        "__doc__": str(model._meta.verbose_name),
        "queryset": model.objects.select_related(*RELATED.get(model, ())).order_by("pk"),
        "serializer_class": SERIALIZERS[model],
        "filterset_fields": FILTERS.get(model, []),
    })


# The routes under /api/welfare/, in the order the API documentation lists them.
ROUTES = [(prefix, _viewset(model)) for prefix, model in (
    ("roll-changes", m.RollChange), ("national-imports", m.NationalRollImport),
    ("roll-differences", m.RollDifference), ("dropout-cases", m.DropoutCase), ("aid-programs", m.AidProgram),
    ("aid-recognitions", m.AidRecognition), ("grants", m.Grant), ("care-profiles", m.CareProfile),
    ("home-visits", m.HomeVisit), ("absences", m.PupilAbsence), ("household-children", m.HouseholdChild))]
