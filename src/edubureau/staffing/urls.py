"""URLs of the 人事 pages (``staffing:rotation_list`` …)."""

from django.urls import path

from . import objection_views, views

app_name = "staffing"
urlpatterns = [
    path("rotation/", views.rotation_list, name="rotation_list"),
    path("rotation/<int:pk>/", views.rotation_detail, name="rotation_detail"),
    path("rotation/<int:pk>/advance/", views.rotation_advance, name="rotation_advance"),
    path("rotation/move/<int:pk>/objection/", objection_views.objection_create, name="objection_create"),
    path("rotation/objection/<int:pk>/decide/", objection_views.objection_decide, name="objection_decide"),
]
