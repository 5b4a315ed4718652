"""Read API of 人事, cut to the reader's scope like the pages: a school reads its own rows, and a rotation plan or
promotion round (with its moves and candidates) only from its 公示 on; 师德 records only the 人事科 and the
teacher's own school (``ConductQuerySet``); a teacher's login reads nothing here (its page is "我的")."""

from edubureau.core.api.viewsets import BaseViewSet
from edubureau.core.roles import Role
from edubureau.core.scope import scope_for

from .. import models as m
from .serializers import SERIALIZERS

__all__ = ["ROUTES"]

# For a school, drafts stay the bureau's: the path to the status of the plan or round a row belongs to.
DRAFT_PATH = {m.RotationPlan: "status", m.RotationMove: "plan__status", m.RotationObjection: "move__plan__status",
              m.PromotionRound: "status", m.PromotionCandidate: "round__status"}
RELATED = {m.RotationMove: ("staff", "source", "target", "plan"), m.RotationObjection: ("move", "school"),
           m.LeaveRequest: ("staff", "school"), m.PromotionCandidate: ("staff", "school", "round"),
           m.Appraisal: ("staff",), m.PostAppointment: ("staff",), m.ConductRecord: ("staff",),
           m.TrainingRecord: ("staff",), m.RotationPlan: ("region",), m.PromotionRound: ("region",)}
FILTERS = {m.RotationMove: ["plan", "subject", "withdrawn"], m.LeaveRequest: ["state", "kind"],
           m.PromotionCandidate: ["round", "standing"], m.Appraisal: ["year", "result"],
           m.ConductRecord: ["kind", "sanction"], m.TrainingRecord: ["year", "level"],
           m.RotationPlan: ["year", "status"], m.PromotionRound: ["year", "status"],
           m.RotationObjection: ["decision"], m.PostAppointment: ["family", "grade"]}


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


# The routes under /api/staffing/, in the order the API documentation lists them.
ROUTES = [(prefix, _viewset(model)) for prefix, model in (
    ("rotation-plans", m.RotationPlan), ("rotation-moves", m.RotationMove),
    ("rotation-objections", m.RotationObjection),
    ("leave-requests", m.LeaveRequest), ("promotion-rounds", m.PromotionRound),
    ("promotion-candidates", m.PromotionCandidate), ("appraisals", m.Appraisal),
    ("post-appointments", m.PostAppointment), ("conduct-records", m.ConductRecord),
    ("training-records", m.TrainingRecord))]
