"""URLs of the 人事 pages (``staffing:rotation_list`` …)."""

from django.urls import path

from . import views

app_name = "staffing"
urlpatterns = [
    path("rotation/", views.rotation_list, name="rotation_list"),
    path("rotation/<int:pk>/", views.rotation_detail, name="rotation_detail"),
    path("rotation/<int:pk>/advance/", views.rotation_advance, name="rotation_advance"),
]
