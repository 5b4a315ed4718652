from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "edubureau.safety"
    label = "safety"
    verbose_name = _("安全")

    def ready(self):
        from edubureau.core.audit import register_audited
        from edubureau.core.dashboard_cards import register_card
        from edubureau.core.followup import register_daily_scan
        from edubureau.core.navigation import register_menu_guard

        from . import models
        from .dashboard_card import SOURCES, safety_card
        from .permissions import reads_bureau_pages
        from .services import scan_papers, scan_self_checks

        # Every hazard, campaign, check, bus, driver (phone kept out of the trail), route, canteen and drill.
        register_audited(*(getattr(models, n) for n in models.__all__ if n != "Driver"))
        register_audited(models.Driver, exclude_fields=("created", "updated", "phone"))
        register_daily_scan(scan_papers)  # papers expiring within 30 days become follow-ups, once each
        register_daily_scan(scan_self_checks)  # a school short of last month's 自查 owes a follow-up, once a month
        register_card("safety", "safety/_dashboard_card.html", safety_card, sources=SOURCES, order=40)
        register_menu_guard("safety:settings", reads_bureau_pages)
