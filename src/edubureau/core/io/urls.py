"""Import and export pages; names land in the "core" namespace (core:import_start, core:export …)."""

from django.urls import path

from . import views

# The job paths come first: "jobs" would otherwise be read as a spec name.
urlpatterns = [
    path("import/jobs/", views.ImportJobListView.as_view(), name="importjob_list"),
    path("import/jobs/<int:pk>/", views.ImportDetailView.as_view(), name="import_detail"),
    path("import/jobs/<int:pk>/confirm/", views.ImportConfirmView.as_view(), name="import_confirm"),
    path("import/jobs/<int:pk>/retry/", views.ImportRetryView.as_view(), name="import_retry"),
    path("import/jobs/<int:pk>/errors.xlsx", views.ImportErrorsView.as_view(), name="import_errors"),
    path("import/<str:spec>/template.xlsx", views.ImportTemplateView.as_view(), name="import_template"),
    path("import/<str:spec>/", views.ImportStartView.as_view(), name="import_start"),
    path("export/<str:spec>/", views.ExportView.as_view(), name="export"),
]
