"""API routes of 安全 under ``/api/safety/``; URL names ``safety-api:<model_name>-list|detail``."""

from rest_framework.routers import DefaultRouter

from .views import ROUTES

app_name = "safety-api"
router = DefaultRouter()
for prefix, viewset in ROUTES:
    router.register(prefix, viewset)
urlpatterns = router.urls
