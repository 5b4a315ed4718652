"""API routes of 信访 under ``/api/complaints/``; URL names ``complaints-api:<model_name>-list|detail``."""

app_name = "complaints-api"
urlpatterns: list = []
