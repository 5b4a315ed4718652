"""API routes of 督导, under ``/api/inspection/``; URL names ``inspection-api:<model_name>-list|detail``."""

from rest_framework.routers import DefaultRouter

from . import views

app_name = "inspection-api"
router = DefaultRouter()
router.register("zones", views.ResponsibilityZoneViewSet)
router.register("visits", views.VisitViewSet)
router.register("findings", views.FindingViewSet)
router.register("notices", views.RectificationViewSet)
router.register("checklists", views.ChecklistViewSet)
router.register("checklist-items", views.ChecklistItemViewSet)
urlpatterns = router.urls
