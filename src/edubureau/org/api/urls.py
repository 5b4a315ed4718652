"""API routes of the org registry, under ``/api/org/``; URL names ``org-api:<model_name>-list|detail``."""

from rest_framework.routers import DefaultRouter

from . import views

app_name = "org-api"
router = DefaultRouter()
router.register("regions", views.RegionViewSet)
router.register("zones", views.ZoneViewSet)
router.register("departments", views.DepartmentViewSet)
router.register("school-years", views.SchoolYearViewSet)
router.register("terms", views.TermViewSet)
router.register("schools", views.SchoolViewSet)
router.register("campuses", views.CampusViewSet)
router.register("education-groups", views.EducationGroupViewSet)
router.register("group-memberships", views.GroupMembershipViewSet)
router.register("pairings", views.PairingViewSet)
router.register("school-facts", views.SchoolFactsViewSet)
urlpatterns = router.urls
