"""URLs of the 工作计划 pages (``plans:plan_list`` …)."""

from django.urls import path

from . import city_views, tracking_views, views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("import/", views.plan_import, name="plan_import"),
    path("import/confirm/", views.plan_import_confirm, name="plan_import_confirm"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/ledger.xlsx", views.plan_ledger, name="plan_ledger"),
    path("<int:pk>/overview/", views.plan_overview, name="plan_overview"),
    path("<int:pk>/board/", tracking_views.plan_board, name="plan_board"),
    path("<int:pk>/timeline/", tracking_views.plan_timeline, name="plan_timeline"),
    path("<int:pk>/report.docx", tracking_views.plan_report, name="plan_report"),
    path("<int:pk>/counties/", city_views.plan_counties, name="plan_counties"),
    path("<int:pk>/counties.xlsx", city_views.plan_counties_xlsx, name="plan_counties_xlsx"),
    path("<int:pk>/assign/", city_views.plan_assign, name="plan_assign"),
    path("mine/", tracking_views.my_tasks, name="my_tasks"),
    path("upper/", city_views.upper_tasks, name="upper_tasks"),
    path("tasks/<int:pk>/counties/<int:region_pk>/", city_views.task_county, name="task_county"),
    path("tasks/<int:pk>/breakdown/", city_views.task_breakdown, name="task_breakdown"),
    path("tasks/<int:pk>/", tracking_views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/report/", tracking_views.task_report, name="task_report"),
    path("tasks/<int:pk>/edit/", tracking_views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/move/", tracking_views.task_move, name="task_move"),
    path("tasks/<int:pk>/merge/", tracking_views.task_merge, name="task_merge"),
    path("tasks/<int:pk>/split/", tracking_views.task_split, name="task_split"),
    path("tasks/<int:pk>/milestones/", tracking_views.task_milestones, name="task_milestones"),
    path("tasks/<int:pk>/problem/", tracking_views.problem_new, name="problem_new"),
    path("milestones/<int:pk>/done/", tracking_views.milestone_done, name="milestone_done"),
    path("attachments/<int:pk>/", tracking_views.attachment_download, name="attachment_download"),
    path("problems/", tracking_views.problem_list, name="problem_list"),
    path("problems/ledger.xlsx", tracking_views.problem_ledger, name="problem_ledger"),
    path("problems/<int:pk>/", tracking_views.problem_detail, name="problem_detail"),
]
