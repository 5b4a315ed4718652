"""新建改扩建项目、阶段、资金、新增学位 (issue 15)"""

from django.urls import path

from . import views
from .register_views import register_urls

app_name = "projects"

urlpatterns = [
    path("", views.home, name="home"),
    path("money/", views.money, name="money"),
    path("seats/", views.seats, name="seats"),
    path("from-balance/", views.from_balance, name="from_balance"),
    path("stages/<int:pk>/photos/", views.stage_photo_upload, name="stage_photo_upload"),
    path("stage-photos/<int:pk>/delete/", views.stage_photo_delete, name="stage_photo_delete"),
    *register_urls(),
]
