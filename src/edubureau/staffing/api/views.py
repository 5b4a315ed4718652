"""Read API of 人事, cut to the reader's scope like the pages: a school reads its own rows, and a rotation plan or
promotion round (with its moves and candidates) only from its 公示 on; 师德 records only the 人事科 and the
teacher's own school (``ConductQuerySet``); a teacher's login reads nothing here (its page is "我的")."""

from edubureau.core.api.viewsets import BaseViewSet
from edubureau.core.roles import Role
from edubureau.core.scope import scope_for

from ..models import (
    Appraisal,
    ConductRecord,
    LeaveRequest,
    PostAppointment,
    PromotionCandidate,
    PromotionRound,
    RotationMove,
    RotationObjection,
    RotationPlan,
    TrainingRecord,
)
from .serializers import SERIALIZERS

__all__ = ["VIEWSETS"]

# For a school, drafts stay the bureau's: the path to the status of the plan or round a row belongs to.
DRAFT_PATH = {RotationPlan: "status", RotationMove: "plan__status", RotationObjection: "move__plan__status",
              PromotionRound: "status", PromotionCandidate: "round__status"}
RELATED = {RotationMove: ("staff", "source", "target", "plan"), RotationObjection: ("move", "school"),
           LeaveRequest: ("staff", "school"), PromotionCandidate: ("staff", "school", "round"),
           Appraisal: ("staff",), PostAppointment: ("staff",), ConductRecord: ("staff",),
           TrainingRecord: ("staff",), RotationPlan: ("region",), PromotionRound: ("region",)}
FILTERS = {RotationMove: ["plan", "subject", "withdrawn"], LeaveRequest: ["state", "kind"],
           PromotionCandidate: ["round", "standing"], Appraisal: ["year", "result"],
           ConductRecord: ["kind", "sanction"], TrainingRecord: ["year", "level"], RotationPlan: ["year", "status"],
           PromotionRound: ["year", "status"], RotationObjection: ["decision"], PostAppointment: ["grade"]}


class StaffingReadViewSet(BaseViewSet):
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        rows = super().get_queryset()
        path = DRAFT_PATH.get(rows.model)
        if path and scope_for(self.request.user).role == Role.SCHOOL:
            rows = rows.exclude(**{path: "draft"})
        return rows


def _viewset(model):
    return type(f"{model.__name__}ViewSet", (StaffingReadViewSet,), {
        "__doc__": str(model._meta.verbose_name),
        "queryset": model.objects.select_related(*RELATED.get(model, ())).order_by("pk"),
        "serializer_class": SERIALIZERS[model],
        "filterset_fields": FILTERS.get(model, []),
    })


VIEWSETS = {model: _viewset(model) for model in SERIALIZERS}
