"""URLs of the 学业质量监测 pages (``quality:exam_detail`` …)."""

from django.urls import path

from . import city_views, views

app_name = "quality"
urlpatterns = [
    path("", views.exam_list, name="exam_list"),
    path("new/", views.exam_create, name="exam_create"),
    path("<int:pk>/", views.exam_detail, name="exam_detail"),
    path("<int:pk>/schools/<int:school_pk>/", views.exam_school, name="exam_school"),
    path("<int:pk>/schools/<int:school_pk>/classes/<str:class_name>/", views.exam_class, name="exam_class"),
    path("<int:pk>/teachers/", views.exam_teachers, name="exam_teachers"),
    path("<int:pk>/teacher-results/", views.exam_teacher_list, name="exam_teacher_list"),
    path("teachers/<int:staff_pk>/", views.teacher_results, name="teacher_results"),
    path("<int:pk>/preset/", views.exam_preset, name="exam_preset"),
    path("<int:pk>/reupload/", views.exam_reupload, name="exam_reupload"),
    path("<int:pk>/delete/", views.exam_delete, name="exam_delete"),
    path("<int:pk>/template.xlsx", views.exam_score_template, name="exam_score_template"),
    path("<int:pk>/progress/", views.exam_progress, name="exam_progress"),
    path("<int:pk>/value-added/", views.exam_value_added, name="exam_value_added"),
    path("<int:pk>/report.xlsx", views.exam_workbook, name="exam_workbook"),
    path("city/", city_views.CityQualityView.as_view(), name="city"),
]
