from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "edubureau.core"
    label = "core"
    verbose_name = _("系统")

    def ready(self):
        from .audit import register_audited
        from .models import FollowUp, FollowUpEvent, Profile

        register_audited(Profile, FollowUp, FollowUpEvent)
