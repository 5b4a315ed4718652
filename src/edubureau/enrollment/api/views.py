"""Read API of the enrolment pages, cut to the reader's scope like the pages: a school reads its own applicants
(masked), seats and lottery; the zones, proposals and the lock ledger the bureau only."""

from edubureau.core.api.viewsets import BaseViewSet

from .. import models as m
from .serializers import SERIALIZERS

__all__ = ["ROUTES"]

RELATED = {m.UnitZone: ("unit",), m.IntakeCount: ("school",), m.SeatPlan: ("school",), m.SeatChange: ("school",),
           m.Application: ("school", "admitted_school"), m.Lottery: ("school",)}
PREFETCH = {m.UnitZone: ("schools",)}
FILTERS = {m.UnitZone: ["year", "level"], m.BirthCount: ["township", "year"], m.IntakeCount: ["level", "year"],
           m.SeatPlan: ["level"], m.SeatChange: ["level", "year"],
           m.Application: ["year", "level", "state", "category"], m.PropertyUse: ["level", "year"],
           m.Lottery: ["year", "level"], m.ZoningProposal: ["year", "level", "state"],
           m.ResidentialUnit: ["township", "kind"]}


class EnrollmentReadViewSet(BaseViewSet):
    http_method_names = ["get", "head", "options"]


def _viewset(model):
    rows = model.objects.select_related(*RELATED.get(model, ())).prefetch_related(*PREFETCH.get(model, ()))
    return type(f"{model.__name__}ViewSet", (EnrollmentReadViewSet,), {
        "__doc__": str(model._meta.verbose_name),
        "queryset": rows.order_by("pk"),
        "serializer_class": SERIALIZERS[model],
        "filterset_fields": FILTERS.get(model, []),
    })


ROUTES = [(prefix, _viewset(model)) for prefix, model in (
    ("units", m.ResidentialUnit), ("unit-zones", m.UnitZone), ("births", m.BirthCount), ("intake", m.IntakeCount),
    ("seat-plans", m.SeatPlan), ("seat-changes", m.SeatChange), ("applications", m.Application),
    ("property-locks", m.PropertyUse), ("lotteries", m.Lottery), ("zoning-proposals", m.ZoningProposal))]
