"""URLs of the 人事 pages (``staffing:rotation_list`` …)."""

from django.urls import path

from . import (
    establishment_views,
    leave_views,
    me_views,
    objection_views,
    promotion_views,
    settings_views,
    training_views,
    views,
)
from .register_views import register_urls

app_name = "staffing"
urlpatterns = [
    path("rotation/", views.rotation_list, name="rotation_list"),
    path("rotation/<int:pk>/", views.rotation_detail, name="rotation_detail"),
    path("rotation/<int:pk>/advance/", views.rotation_advance, name="rotation_advance"),
    path("rotation/<int:pk>/statistics.xlsx", views.rotation_statistics, name="rotation_statistics"),
    path("rotation/move/<int:pk>/edit/", views.rotation_move_edit, name="rotation_move_edit"),
    path("rotation/move/<int:pk>/objection/", objection_views.objection_create, name="objection_create"),
    path("rotation/objection/<int:pk>/decide/", objection_views.objection_decide, name="objection_decide"),
    path("establishment/", establishment_views.establishment, name="establishment"),
    path("leave/", leave_views.leave_list, name="leave_list"),
    path("leave/new/", leave_views.leave_create, name="leave_create"),
    path("leave/month/", leave_views.leave_month, name="leave_month"),
    path("leave/<int:pk>/", leave_views.leave_detail, name="leave_detail"),
    path("leave/<int:pk>/step/", leave_views.leave_step, name="leave_step"),
    path("promotion/", promotion_views.promotion_list, name="promotion_list"),
    path("promotion/<int:pk>/", promotion_views.promotion_detail, name="promotion_detail"),
    path("promotion/<int:pk>/advance/", promotion_views.promotion_advance, name="promotion_advance"),
    path("training/", training_views.training_progress, name="training_progress"),
    path("me/", me_views.me, name="me"),
    path("settings/", settings_views.staffing_settings, name="settings"),
    *register_urls(),
]
