"""Tables of the 建设项目 registers."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from edubureau.core.tables import BaseTable

from .models import Payment, Project, Stage

__all__ = ["PaymentTable", "ProjectTable", "StageTable"]

_RIGHT = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


class ProjectTable(BaseTable):
    budget_total = tables.Column(verbose_name=_("总投资（万元）"), orderable=False, attrs=_RIGHT)

    class Meta(BaseTable.Meta):
        model = Project
        fields = ("number", "name", "school", "kind", "level", "area", "classrooms", "seats", "budget_total")


class StageTable(BaseTable):
    class Meta(BaseTable.Meta):
        model = Stage
        fields = ("project", "step", "planned", "actual", "note")


class PaymentTable(BaseTable):
    amount = tables.Column(attrs=_RIGHT)

    class Meta(BaseTable.Meta):
        model = Payment
        fields = ("project", "paid_on", "source", "amount", "note")
