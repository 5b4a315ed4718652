from django.urls import include, path

from .dashboard import DashboardView

app_name = "core"
urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("", include("edubureau.core.io.urls")),
]
