from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "edubureau.plans"
    label = "plans"
    verbose_name = _("工作计划督办")
