"""API routes of 体质健康 under ``/api/fitness/``; URL names ``fitness-api:<model_name>-list|detail``."""

from rest_framework.routers import DefaultRouter

from .views import ROUTES

app_name = "fitness-api"
router = DefaultRouter()
for prefix, viewset in ROUTES:
    router.register(prefix, viewset)
urlpatterns = router.urls
