from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "edubureau.complaints"
    label = "complaints"
    verbose_name = _("信访")

    def ready(self):
        from edubureau.core.audit import register_audited
        from edubureau.core.dashboard_cards import register_card
        from edubureau.core.navigation import register_menu_guard

        from . import models
        from .dashboard_card import SOURCES, complaints_card
        from .permissions import handles_complaints, reads_complaints, reads_statistics
        from .services import may_record_conduct

        # Every step of a case is audited; the complainant's fields are masked in the trail (core.audit).
        register_audited(models.Complaint)
        for name in ("complaints:home", "complaints:complaint_list"):
            register_menu_guard(name, reads_complaints)
        register_menu_guard("complaints:complaint_create", handles_complaints)
        register_menu_guard("complaints:statistics", reads_statistics)
        register_menu_guard("complaints:conduct_referrals", may_record_conduct)
        register_card("complaints", "complaints/_dashboard_card.html", complaints_card, sources=SOURCES, order=60)
