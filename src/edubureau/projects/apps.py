from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "edubureau.projects"
    label = "projects"
    verbose_name = _("建设项目")

    def ready(self):
        from edubureau.core.audit import register_audited
        from edubureau.core.dashboard_cards import register_card
        from edubureau.core.followup import register_daily_scan

        from . import models
        from .dashboard_card import SOURCES, projects_card
        from .services import scan_projects

        # Every project, stage date, payment and stage photo is audited (who, when, before/after).
        register_audited(models.Project, models.Stage, models.Payment, models.StagePhoto)
        # A stage past its planned date without an actual date becomes a follow-up (once); done, it is closed.
        register_daily_scan(scan_projects)
        register_card("projects", "projects/_dashboard_card.html", projects_card, sources=SOURCES, order=60)
