from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelfareConfig(AppConfig):
    name = "edubureau.welfare"
    label = "welfare"
    verbose_name = _("学生资助与关爱")

    def ready(self):
        from edubureau.core.audit import register_audited
        from edubureau.core.followup import register_daily_scan
        from edubureau.core.navigation import register_menu_guard

        from . import models
        from .dropout import scan_dropout_risks
        from .permissions import sees_family

        # Every 学籍 change, difference resolved, case, program, recognition, grant and care record.
        register_audited(*(getattr(models, name) for name in models.__all__))
        register_daily_scan(scan_dropout_risks)  # 休学逾期 and unconfirmed transfers become cases
        # The pages of a family's situation are offered only to the 资助 staff (the pages refuse everyone else too).
        for name in ("welfare:recognition_list", "welfare:homevisit_list"):
            register_menu_guard(name, sees_family)
