"""API routes of 人事, under ``/api/staffing/``; URL names ``staffing-api:<model_name>-list|detail``."""

from rest_framework.routers import DefaultRouter

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
from .views import VIEWSETS

app_name = "staffing-api"
router = DefaultRouter()
for prefix, model in (("rotation-plans", RotationPlan), ("rotation-moves", RotationMove),
                      ("rotation-objections", RotationObjection), ("leave-requests", LeaveRequest),
                      ("promotion-rounds", PromotionRound), ("promotion-candidates", PromotionCandidate),
                      ("appraisals", Appraisal), ("post-appointments", PostAppointment),
                      ("conduct-records", ConductRecord), ("training-records", TrainingRecord)):
    router.register(prefix, VIEWSETS[model])
urlpatterns = router.urls
