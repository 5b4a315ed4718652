from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentConfig(AppConfig):
    name = "edubureau.enrollment"
    label = "enrollment"
    verbose_name = _("招生入学")

    def ready(self):
        from edubureau.core.audit import register_audited

        from . import models

        # Every unit, zone, seat figure, application decision, lock and lottery is audited (who, when, before/after).
        register_audited(*(getattr(models, name) for name in models.__all__ if name not in ("Level", "ChildSex")))
