"""URLs of the 工作计划 pages (``plans:plan_list`` …)."""

from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("import/", views.plan_import, name="plan_import"),
    path("import/confirm/", views.plan_import_confirm, name="plan_import_confirm"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/ledger.xlsx", views.plan_ledger, name="plan_ledger"),
    path("<int:pk>/overview/", views.plan_overview, name="plan_overview"),
]
