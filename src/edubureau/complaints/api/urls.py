"""API routes of 信访 under ``/api/complaints/``; URL names ``complaints-api:<model_name>-list|detail``."""

from rest_framework.routers import DefaultRouter

from .views import ROUTES

app_name = "complaints-api"
router = DefaultRouter()
for prefix, viewset in ROUTES:
    router.register(prefix, viewset)
urlpatterns = router.urls
