"""安全: 隐患排查整改、专项检查、校车、食堂、应急演练 (issue 15); URL names ``safety:…``."""

from django.urls import path

from . import views
from .register_views import register_urls

app_name = "safety"
urlpatterns = [
    path("", views.home, name="home"),
    path("ledger.xlsx", views.hazard_ledger, name="hazard_ledger"),
    path("campaigns/<int:pk>/send/", views.campaign_send, name="campaign_send"),
    path("settings/", views.safety_settings, name="settings"),
    *register_urls(),
]
