from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentConfig(AppConfig):
    name = "edubureau.enrollment"
    label = "enrollment"
    verbose_name = _("招生入学")

    def ready(self):
        from edubureau.core.audit import register_audited
        from edubureau.core.navigation import register_menu_guard

        from . import models
        from .permissions import reads_zones

        # Every unit, zone, seat figure, application decision, lock and lottery is audited (who, when, before/after).
        register_audited(*(getattr(models, name) for name in models.__all__ if name not in ("Level", "ChildSex")))
        # The zones name every school of the county: offered to the bureau only (the page refuses the others too).
        for name in ("enrollment:zones", "enrollment:unitzone_list", "enrollment:propertyuse_list"):
            register_menu_guard(name, reads_zones)
