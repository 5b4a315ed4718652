from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "edubureau.inspection"
    label = "inspection"
    verbose_name = _("督导")
