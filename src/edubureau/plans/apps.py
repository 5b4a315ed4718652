from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "edubureau.plans"
    label = "plans"
    verbose_name = _("工作计划督办")

    def ready(self):
        from edubureau.core.audit import register_audited

        from . import models

        register_audited(*(getattr(models, name) for name in models.__all__))

        from edubureau.core.followup import register_daily_scan

        from .services import scan_plans

        register_daily_scan(scan_plans)  # overdue milestones and tasks become follow-ups in the daily task
