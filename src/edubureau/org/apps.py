from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "edubureau.org"
    label = "org"
    verbose_name = _("学校与机构")

    def ready(self):
        from edubureau.core.audit import register_audited
        from edubureau.core.scope import register_directory

        from . import models
        from .directory import OrgDirectory

        register_audited(*(getattr(models, name) for name in models.__all__))
        register_directory(OrgDirectory())
