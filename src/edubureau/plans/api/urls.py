"""API routes of 工作计划, under ``/api/plans/``; URL names ``plans-api:<model_name>-list|detail``."""

from rest_framework.routers import DefaultRouter

from . import views

app_name = "plans-api"
router = DefaultRouter()
router.register("plans", views.WorkPlanViewSet)
router.register("tasks", views.TaskViewSet)
router.register("targets", views.TargetViewSet)
router.register("reports", views.ProgressReportViewSet)
router.register("problems", views.ProblemViewSet)
urlpatterns = router.urls
