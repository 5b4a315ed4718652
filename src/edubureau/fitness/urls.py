from django.urls import path

from . import settings_views, views

app_name = "fitness"

urlpatterns = [
    path("", views.home, name="home"),
    path("schools/<int:pk>/", views.school, name="school"),
    path("schools/<int:pk>/class/", views.klass, name="class"),
    path("results/<int:pk>/", views.pupil, name="pupil"),
    path("upload/", views.upload, name="upload"),
    path("tests/<int:pk>/template.xlsx", views.export_template, name="template"),
    path("settings/", settings_views.fitness_settings, name="settings"),
]
