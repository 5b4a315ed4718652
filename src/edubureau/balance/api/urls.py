"""API routes of 均衡发展, under ``/api/balance/``."""

from django.urls import path

from . import views

app_name = "balance-api"
urlpatterns = [path("standing/", views.StandingView.as_view(), name="standing")]
