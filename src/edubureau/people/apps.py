from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "edubureau.people"
    label = "people"
    verbose_name = _("教职工与学生")

    def ready(self):
        from edubureau.core.audit import register_audited

        from . import models

        register_audited(*(getattr(models, name) for name in models.__all__))
