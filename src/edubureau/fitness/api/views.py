"""Read API of 体质健康, cut to the reader's scope like the pages: a school reads its own tests and pupils."""

from edubureau.core.api.viewsets import BaseViewSet

from .. import models as m
from .serializers import SERIALIZERS

__all__ = ["ROUTES"]

RELATED = {m.FitnessTest: ("school",), m.FitnessResult: ("test",)}
FILTERS = {m.FitnessTest: ["year", "school"], m.FitnessResult: ["test", "grade_code", "class_name", "sex", "level"]}


class FitnessReadViewSet(BaseViewSet):
    http_method_names = ["get", "head", "options"]


def _viewset(model):
    return type(f"{model.__name__}ViewSet", (FitnessReadViewSet,), {
        "__doc__": str(model._meta.verbose_name),
        "queryset": model.objects.select_related(*RELATED[model]).order_by("pk"),
        "serializer_class": SERIALIZERS[model],
        "filterset_fields": FILTERS[model],
    })


ROUTES = [("tests", _viewset(m.FitnessTest)), ("results", _viewset(m.FitnessResult))]
