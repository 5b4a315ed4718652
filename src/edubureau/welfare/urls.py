"""URLs of the student pages (``welfare:roll`` …)."""

from django.urls import path

from . import aid_views, care_views, dropout_views, reconcile_views, roll_views, settings_views
from .register_views import register_urls

app_name = "welfare"
urlpatterns = [
    path("roll/", roll_views.roll, name="roll"),
    path("roll/export.xlsx", roll_views.roll_export, name="roll_export"),
    path("changes/", roll_views.change_list, name="rollchange_list"),
    path("changes/new/", roll_views.change_create, name="rollchange_create"),
    path("changes/<int:pk>/", roll_views.change_detail, name="rollchange_detail"),
    path("changes/<int:pk>/step/", roll_views.change_step, name="rollchange_step"),
    path("reconcile/", reconcile_views.reconcile_list, name="reconcile_list"),
    path("reconcile/<int:pk>/", reconcile_views.reconcile_detail, name="nationalrollimport_detail"),
    path("reconcile/difference/<int:pk>/", reconcile_views.difference_resolve, name="difference_resolve"),
    path("dropout/", dropout_views.dropout_home, name="dropout_home"),
    path("dropout/open/", dropout_views.dropout_open, name="dropout_open"),
    path("dropout/<int:pk>/", dropout_views.dropout_detail, name="dropoutcase_detail"),
    path("dropout/<int:pk>/step/", dropout_views.dropout_step, name="dropout_step"),
    path("aid/", aid_views.aid_ledger, name="aid_ledger"),
    path("aid/bank.xlsx", aid_views.aid_bank, name="aid_bank"),
    path("aid/recognition/", aid_views.recognition_list, name="recognition_list"),
    path("aid/recognition/public/", aid_views.recognition_public, name="recognition_public"),
    path("aid/recognition/<int:pk>/action/", aid_views.recognition_action, name="recognition_action"),
    path("care/", care_views.care_rosters, name="care_rosters"),
    path("settings/", settings_views.welfare_settings, name="settings"),
    *register_urls(),
]
