"""API routes of 安全 under ``/api/safety/``; URL names ``safety-api:<model_name>-list|detail``."""

app_name = "safety-api"
urlpatterns: list = []
