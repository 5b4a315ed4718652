"""Read API of 建设项目, cut to the reader's scope like the pages: a school reads its own projects only."""

from edubureau.core.api.viewsets import BaseViewSet

from .. import models as m
from .serializers import SERIALIZERS

__all__ = ["ROUTES"]

RELATED = {m.Project: ("school", "region"), m.Stage: ("project", "followup"), m.Payment: ("project",)}
FILTERS = {m.Project: ["kind", "level", "school"], m.Stage: ["step", "project"], m.Payment: ["source", "project"]}


class ProjectsReadViewSet(BaseViewSet):
    http_method_names = ["get", "head", "options"]


def _viewset(model):
    return type(f"{model.__name__}ViewSet", (ProjectsReadViewSet,), {
        "__doc__": str(model._meta.verbose_name),
        "queryset": model.objects.select_related(*RELATED.get(model, ())).order_by("pk"),
        "serializer_class": SERIALIZERS[model],
        "filterset_fields": FILTERS.get(model, []),
    })


ROUTES = [(prefix, _viewset(model)) for prefix, model in (
    ("projects", m.Project), ("stages", m.Stage), ("payments", m.Payment))]
