"""API routes of 学校考核, under ``/api/evaluation/``; URL names ``evaluation-api:scheme-list|detail|ranking|card``."""

from rest_framework.routers import DefaultRouter

from . import views

app_name = "evaluation-api"
router = DefaultRouter()
router.register("schemes", views.SchemeViewSet)
urlpatterns = router.urls
