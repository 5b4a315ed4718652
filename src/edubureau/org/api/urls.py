from rest_framework.routers import DefaultRouter

app_name = "org-api"
router = DefaultRouter()
urlpatterns = router.urls
