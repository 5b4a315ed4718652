from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "edubureau.evaluation"
    label = "evaluation"
    verbose_name = _("学校考核")

    def ready(self):
        from edubureau.core.audit import register_audited

        from . import models

        register_audited(*(getattr(models, n) for n in models.__all__ if n != "ResultVersion"))
        # The frozen JSON of a result is the result itself: the audit keeps who computed and published it, not
        # a second copy of every school's trail.
        register_audited(models.ResultVersion,
                         exclude_fields=("created", "updated", "scheme_json", "inputs_json", "result_json"))

        from edubureau.core.dashboard_cards import register_card

        from .dashboard_card import SOURCES, evaluation_card

        register_card("evaluation", "evaluation/_dashboard_card.html", evaluation_card, sources=SOURCES, order=30)
