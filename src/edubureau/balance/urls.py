from django.urls import path

from . import views

app_name = "balance"

urlpatterns = [
    path("", views.StandingView.as_view(), name="standing"),
    path("export/", views.ExportView.as_view(), name="export"),
]
