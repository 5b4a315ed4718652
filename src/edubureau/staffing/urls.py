"""URLs of the 人事 pages (``staffing:rotation_list`` …)."""

from django.urls import path

from . import establishment_views, leave_views, objection_views, views

app_name = "staffing"
urlpatterns = [
    path("rotation/", views.rotation_list, name="rotation_list"),
    path("rotation/<int:pk>/", views.rotation_detail, name="rotation_detail"),
    path("rotation/<int:pk>/advance/", views.rotation_advance, name="rotation_advance"),
    path("rotation/move/<int:pk>/objection/", objection_views.objection_create, name="objection_create"),
    path("rotation/objection/<int:pk>/decide/", objection_views.objection_decide, name="objection_decide"),
    path("establishment/", establishment_views.establishment, name="establishment"),
    path("leave/", leave_views.leave_list, name="leave_list"),
    path("leave/new/", leave_views.leave_create, name="leave_create"),
    path("leave/month/", leave_views.leave_month, name="leave_month"),
    path("leave/<int:pk>/", leave_views.leave_detail, name="leave_detail"),
    path("leave/<int:pk>/step/", leave_views.leave_step, name="leave_step"),
]
