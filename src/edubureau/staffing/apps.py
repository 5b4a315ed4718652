from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "edubureau.staffing"
    label = "staffing"
    verbose_name = _("人事")

    def ready(self):
        from edubureau.core.audit import register_audited
        from edubureau.core.followup import register_daily_scan
        from edubureau.core.navigation import register_menu_guard
        from edubureau.people.vetoes import register_honour_veto

        from . import models
        from .absence import scan_absence
        from .conduct import honour_veto

        # Every change of a plan, move, objection, leave, appraisal, 师德 record, training record or promotion.
        register_audited(*(getattr(models, name) for name in models.__all__ if name != "reads_conduct"))
        register_menu_guard("staffing:conductrecord_list", models.reads_conduct)
        register_daily_scan(scan_absence)  # 旷工 past the thresholds becomes a follow-up for the school
        register_honour_veto(honour_veto)  # a running 师德 sanction vetoes 评优评先
