"""URLs of the 督导 pages (``inspection:home`` …)."""

from django.urls import path

from . import city_views, views

app_name = "inspection"
urlpatterns = [
    path("", views.home, name="home"),
    path("zones/", views.zone_list, name="zone_list"),
    path("zones/new/", views.zone_edit, name="zone_new"),
    path("zones/<int:pk>/edit/", views.zone_edit, name="zone_edit"),
    path("zones/<int:pk>/delete/", views.zone_delete, name="zone_delete"),
    path("zones/zoning/", views.zoning, name="zoning"),
    path("quotas/", views.quotas, name="quotas"),
    path("planner/", views.planner, name="planner"),
    path("planner/runs/<int:pk>/", views.planner_progress, name="planner_progress"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/new/", views.visit_new, name="visit_new"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/findings/", views.finding_new, name="finding_new"),
    path("visits/<int:pk>/notice/", views.notice_new, name="notice_new"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("checklists/", views.checklist_list, name="checklist_list"),
    path("checklists/new/", views.checklist_edit, name="checklist_new"),
    path("checklists/<int:pk>/", views.checklist_edit, name="checklist_edit"),
    path("department/", views.department, name="department"),
    path("city/", city_views.CityInspectionView.as_view(), name="city"),
    path("department/bulletin.docx", views.bulletin, name="bulletin"),
    path("department/ledger.xlsx", views.ledger, name="ledger"),
]
