"""API routes of 人事, under ``/api/staffing/``; URL names ``staffing-api:<model_name>-list|detail``."""

from rest_framework.routers import DefaultRouter

from .views import ROUTES

app_name = "staffing-api"
router = DefaultRouter()
for prefix, viewset in ROUTES:
    router.register(prefix, viewset)
urlpatterns = router.urls
