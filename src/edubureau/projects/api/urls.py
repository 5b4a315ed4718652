"""API routes of 建设项目 under ``/api/projects/``; URL names ``projects-api:<model_name>-list|detail``."""

app_name = "projects-api"
urlpatterns: list = []
