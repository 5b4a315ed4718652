"""Edit forms of the 建设项目 registers (the generic registry pages use them)."""

from edubureau.core.forms import BaseModelForm

from .models import Payment, Project, Stage

__all__ = ["PaymentForm", "ProjectForm", "StageForm"]


class ProjectForm(BaseModelForm):
    class Meta:
        model = Project
        fields = ["number", "name", "school", "region", "kind", "level", "area", "classrooms", "seats", "streams",
                  "budget_central", "budget_province", "budget_city", "budget_county", "budget_self", "note"]


class StageForm(BaseModelForm):
    class Meta:
        model = Stage
        fields = ["project", "step", "planned", "actual", "note"]


class PaymentForm(BaseModelForm):
    class Meta:
        model = Payment
        fields = ["project", "paid_on", "amount", "source", "note"]
