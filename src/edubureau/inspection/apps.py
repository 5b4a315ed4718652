from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def inspector_school_ids(user, profile):
    """The schools of the responsibility zones ``user`` serves in, for the latest term it serves (None: none)."""
    from .models import ResponsibilityZone

    zones = ResponsibilityZone.objects.filter(inspectors__user=user).select_related("term")
    latest = max((z.term.start for z in zones), default=None)
    if latest is None:
        return None
    term_zones = [z.pk for z in zones if z.term.start == latest]
    return set(ResponsibilityZone.schools.through.objects.filter(responsibilityzone_id__in=term_zones)
               .values_list("school_id", flat=True))


class InspectionConfig(AppConfig):
    name = "edubureau.inspection"
    label = "inspection"
    verbose_name = _("督导")

    def ready(self):
        from edubureau.core.audit import register_audited
        from edubureau.core.scope import register_inspector_schools

        from . import models

        # Planner runs are scratch work (a preview until accepted): the planned visits they produce are audited.
        register_audited(*(getattr(models, name) for name in models.__all__))
        register_inspector_schools(inspector_school_ids)
        from . import services  # noqa: F401  (names the 督导统计 figures for the background refresh)
