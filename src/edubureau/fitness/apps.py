from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FitnessConfig(AppConfig):
    name = "edubureau.fitness"
    label = "fitness"
    verbose_name = _("体质健康")

    def ready(self):
        from edubureau.core.audit import register_audited
        from edubureau.core.navigation import register_menu_guard
        from edubureau.core.scope import can_write

        from .models import FitnessSettings, FitnessTest
        from .permissions import handles_fitness

        # Who uploaded which school's file when, and every change of the targets (results are replaced with the
        # file: the test's row records the upload).
        register_audited(FitnessTest, FitnessSettings)
        register_menu_guard("fitness:settings", handles_fitness)
        register_menu_guard("fitness:upload", lambda user: can_write(user, FitnessTest))
