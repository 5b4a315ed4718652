"""Serializers of the 人事 read API: rotation plans and moves, objections, leave, promotion rounds and candidates,
and the registers (年度考核, 岗位聘任, 师德记录, 继续教育学时). Read-only: writing goes through the pages, which
run the workflows (公示, approvals, 销假)."""

from edubureau.core.api.serializers import BaseModelSerializer

from .. import models as m

__all__ = ["SERIALIZERS"]


def _serializer(model, fields):
    meta = type("Meta", (), {"model": model, "fields": ["id", "url", "display", *fields],
                             "read_only_fields": fields})
    return type(f"{model.__name__}Serializer", (BaseModelSerializer,), {"Meta": meta})


SERIALIZERS = {
    m.RotationPlan: _serializer(m.RotationPlan, ["region", "year", "status", "figures", "public_until", "executed_on"]),
    m.RotationMove: _serializer(m.RotationMove, ["plan", "staff", "source", "target", "subject", "backbone",
                                             "fills_shortage", "km", "withdrawn"]),
    m.RotationObjection: _serializer(m.RotationObjection, ["move", "school", "reason", "decision", "answer",
                                                           "created"]),
    m.LeaveRequest: _serializer(m.LeaveRequest, ["staff", "school", "kind", "start", "end", "days", "reason",
                                             "substitute", "state", "returned_on"]),
    m.PromotionRound: _serializer(m.PromotionRound, ["region", "year", "status", "public_until", "approved_on"]),
    m.PromotionCandidate: _serializer(m.PromotionCandidate, ["round", "staff", "school", "from_grade", "to_grade",
                                                         "standing", "rank", "trail"]),
    m.Appraisal: _serializer(m.Appraisal, ["staff", "year", "result"]),
    m.PostAppointment: _serializer(m.PostAppointment, ["staff", "family", "grade", "since", "reason", "promotion"]),
    m.ConductRecord: _serializer(m.ConductRecord, ["staff", "kind", "category", "day", "sanction", "ends", "source",
                                               "note"]),
    m.TrainingRecord: _serializer(m.TrainingRecord, ["staff", "course", "hours", "level", "year"]),
}
