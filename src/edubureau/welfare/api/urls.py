"""API routes of 学生 (学籍变动, 控辍保学, 资助, 关爱), under ``/api/welfare/``; URL names
``welfare-api:<model_name>-list|detail``."""

from rest_framework.routers import DefaultRouter

from .views import ROUTES

app_name = "welfare-api"
router = DefaultRouter()
for prefix, viewset in ROUTES:
    router.register(prefix, viewset)
urlpatterns = router.urls
