"""API routes of 学业质量, under ``/api/quality/``; URL names ``quality-api:<model_name>-list|detail``."""

from rest_framework.routers import DefaultRouter

from . import views

app_name = "quality-api"
router = DefaultRouter()
router.register("exams", views.ExamViewSet)
router.register("results", views.ExamResultViewSet)
urlpatterns = router.urls
