from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "edubureau.quality"
    label = "quality"
    verbose_name = _("学业质量监测")
