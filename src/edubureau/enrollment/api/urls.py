"""API routes of 招生 under ``/api/enrollment/``; URL names ``enrollment-api:<model_name>-list|detail``."""

from rest_framework.routers import DefaultRouter

from .views import ROUTES

app_name = "enrollment-api"
router = DefaultRouter()
for prefix, viewset in ROUTES:
    router.register(prefix, viewset)
urlpatterns = router.urls
