"""Serializers of the 人事 read API: rotation plans and moves, objections, leave, promotion rounds and candidates,
and the registers (年度考核, 岗位聘任, 师德记录, 继续教育学时). Read-only: writing goes through the pages, which
run the workflows (公示, approvals, 销假)."""

from edubureau.core.api.serializers import BaseModelSerializer

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

__all__ = ["SERIALIZERS"]


def _serializer(model, fields):
    meta = type("Meta", (), {"model": model, "fields": ["id", "url", "display", *fields],
                             "read_only_fields": fields})
    return type(f"{model.__name__}Serializer", (BaseModelSerializer,), {"Meta": meta})


SERIALIZERS = {
    RotationPlan: _serializer(RotationPlan, ["region", "year", "status", "figures", "public_until", "executed_on"]),
    RotationMove: _serializer(RotationMove, ["plan", "staff", "source", "target", "subject", "backbone",
                                             "fills_shortage", "km", "withdrawn"]),
    RotationObjection: _serializer(RotationObjection, ["move", "school", "reason", "decision", "answer", "created"]),
    LeaveRequest: _serializer(LeaveRequest, ["staff", "school", "kind", "start", "end", "days", "reason",
                                             "substitute", "state", "returned_on"]),
    PromotionRound: _serializer(PromotionRound, ["region", "year", "status", "public_until", "approved_on"]),
    PromotionCandidate: _serializer(PromotionCandidate, ["round", "staff", "school", "from_grade", "to_grade",
                                                         "standing", "rank", "trail"]),
    Appraisal: _serializer(Appraisal, ["staff", "year", "result"]),
    PostAppointment: _serializer(PostAppointment, ["staff", "family", "grade", "since", "reason", "promotion"]),
    ConductRecord: _serializer(ConductRecord, ["staff", "kind", "category", "day", "sanction", "ends", "source",
                                               "note"]),
    TrainingRecord: _serializer(TrainingRecord, ["staff", "course", "hours", "level", "year"]),
}
