"""Pages of 信访 under /complaints/."""

from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.complaint_list, name="complaint_list"),
    path("cases/new/", views.complaint_create, name="complaint_create"),
    path("cases/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("cases/<int:pk>/assign/", views.assign, name="assign"),
    path("cases/<int:pk>/answer/", views.answer, name="answer"),
    path("cases/<int:pk>/check/", views.check, name="check"),
    path("cases/<int:pk>/extend/", views.extend, name="extend"),
    path("cases/<int:pk>/visit/", views.visit, name="visit"),
    path("cases/<int:pk>/refer/", views.refer, name="refer"),
    path("cases/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("statistics/", views.statistics, name="statistics"),
    path("conduct/", views.conduct_referrals, name="conduct_referrals"),
    path("conduct/<int:pk>/record/", views.record_conduct, name="record_conduct"),
]
