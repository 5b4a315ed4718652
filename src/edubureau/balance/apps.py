from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BalanceConfig(AppConfig):
    name = "edubureau.balance"
    label = "balance"
    verbose_name = _("均衡发展")

    def ready(self):
        from edubureau.core.audit import register_audited

        from .models import BalanceSettings

        register_audited(BalanceSettings, exclude_fields=("updated",))
