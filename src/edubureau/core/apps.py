from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(sender, using="default", verbosity=1, **kwargs):
    """Make the database cache's table after ``migrate`` (issue 18: the cache is shared through the database).

    ``createcachetable`` is not a migration: without this, a site set up with ``edubureau migrate`` alone
    would fail on its first throttled request. It does nothing when the table exists or the cache is elsewhere.
    """
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "edubureau.core"
    label = "core"
    verbose_name = _("系统")

    def ready(self):
        from .audit import register_audited
        from .models import FollowUp, FollowUpEvent, Profile

        register_audited(Profile, FollowUp, FollowUpEvent)
        from .followup import register_daily_scan
        from .io.jobs import recover_stale_jobs

        register_daily_scan(recover_stale_jobs)  # issue 18: import jobs whose worker died become 中断
        from . import dashboard  # noqa: F401  (names the 工作台's figures for the background refresh, in workers too)
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="edubureau.core.create_cache_table")
