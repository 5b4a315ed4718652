from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "edubureau.safety"
    label = "safety"
    verbose_name = _("安全")

    def ready(self):
        pass
