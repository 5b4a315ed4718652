from django.urls import path

from . import city_views, views

app_name = "balance"

urlpatterns = [
    path("", views.StandingView.as_view(), name="standing"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("file/", views.FileCheckView.as_view(), name="file"),
    path("template/", views.TemplateDownloadView.as_view(), name="template"),
    path("city/", city_views.CityBalanceView.as_view(), name="city"),
]
