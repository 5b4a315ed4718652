from django.urls import include, path

from . import files, followup_views, picklist
from .dashboard import DashboardView

app_name = "core"
urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("followups/", followup_views.followup_list, name="followup_list"),
    path("followups/<int:pk>/", followup_views.followup_detail, name="followup_detail"),
    path("followups/<int:pk>/act/", followup_views.followup_act, name="followup_act"),
    path("pick/<slug:kind>/", picklist.pick, name="pick"),
    path("files/<slug:app>/<slug:model>/<int:pk>/<slug:field>/", files.serve_file, name="file"),
    path("", include("edubureau.core.io.urls")),
]
