from django.urls import path

from . import class_views, lottery_views, settings_views, views, zone_views
from .register_views import register_urls

app_name = "enrollment"

urlpatterns = [
    path("", views.home, name="home"),
    path("check/", views.run_checks, name="run_checks"),
    path("place/", views.run_placement, name="run_placement"),
    path("queue/", views.queue, name="queue"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("applications/<int:pk>/appeal/", views.appeal, name="appeal"),
    path("seats/", views.seats, name="seats"),
    path("lotteries/", lottery_views.lottery_list, name="lottery_list"),
    path("lotteries/<int:pk>/", lottery_views.lottery_detail, name="lottery_detail"),
    path("lotteries/<int:pk>/rerun.csv", lottery_views.rerun_file, name="lottery_csv"),
    path("lotteries/publish/<int:school_pk>/", lottery_views.publish, name="publish"),
    path("notices/<int:school_pk>/", lottery_views.notices, name="notices"),
    path("classes/<int:school_pk>/", class_views.classes, name="classes"),
    path("zones/", zone_views.zones, name="zones"),
    path("zones/proposals/<int:pk>/", zone_views.proposal_detail, name="proposal_detail"),
    path("zones/proposals/<int:pk>/adopt/", zone_views.proposal_adopt, name="proposal_adopt"),
    path("lookup/", zone_views.lookup, name="lookup"),
    path("settings/", settings_views.enrollment_settings, name="settings"),
    *register_urls(),
]
