"""Read API of safety, cut to the reader's scope like the pages: a school reads its own hazards, buses, canteens
and drills; the bureau its county's."""

from edubureau.core.api.viewsets import BaseViewSet

from .. import models as m
from .serializers import SERIALIZERS

__all__ = ["ROUTES"]

RELATED = {m.Hazard: ("school", "followup", "inspection"), m.Inspection: ("school", "campaign"),
           m.Vehicle: ("school",), m.Driver: ("school", "vehicle"), m.Route: ("school", "vehicle"),
           m.Canteen: ("school",), m.Supplier: ("canteen",), m.Drill: ("school",)}
FILTERS = {m.Hazard: ["grade", "category", "school"], m.Campaign: ["kind"], m.Inspection: ["kind", "school"],
           m.Vehicle: ["school"], m.Driver: ["school"], m.Route: ["school"], m.Canteen: ["school"],
           m.Supplier: ["canteen"], m.Drill: ["school", "kind"]}


class SafetyReadViewSet(BaseViewSet):
    http_method_names = ["get", "head", "options"]


def _viewset(model):
    return type(f"{model.__name__}ViewSet", (SafetyReadViewSet,), {
        "__doc__": str(model._meta.verbose_name),
        "queryset": model.objects.select_related(*RELATED.get(model, ())).order_by("pk"),
        "serializer_class": SERIALIZERS[model],
        "filterset_fields": FILTERS.get(model, []),
    })


ROUTES = [(prefix, _viewset(model)) for prefix, model in (
    ("hazards", m.Hazard), ("campaigns", m.Campaign), ("inspections", m.Inspection), ("buses", m.Vehicle),
    ("drivers", m.Driver), ("routes", m.Route), ("canteens", m.Canteen), ("suppliers", m.Supplier),
    ("drills", m.Drill))]
