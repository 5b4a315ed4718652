"""API routes of the people registry, under ``/api/people/``; URL names ``people-api:<model_name>-list|detail``."""

from rest_framework.routers import DefaultRouter

from . import views

app_name = "people-api"
router = DefaultRouter()
router.register("staff", views.StaffViewSet)
router.register("postings", views.PostingViewSet)
router.register("honours", views.HonourViewSet)
router.register("classes", views.SchoolClassViewSet)
router.register("students", views.StudentViewSet)
urlpatterns = router.urls
