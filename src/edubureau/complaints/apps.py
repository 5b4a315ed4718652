from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "edubureau.complaints"
    label = "complaints"
    verbose_name = _("信访")

    def ready(self):
        pass
