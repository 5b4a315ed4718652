from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "edubureau.projects"
    label = "projects"
    verbose_name = _("建设项目")

    def ready(self):
        pass
