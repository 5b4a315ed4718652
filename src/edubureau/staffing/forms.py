"""Add/edit forms of the 人事 registers, with the checks a personnel clerk would make."""

from django.utils.translation import gettext_lazy as _

from edubureau.core.forms import BaseModelForm

from .models import Appraisal, ConductRecord, PostAppointment, TrainingRecord

__all__ = ["AppraisalForm", "ConductRecordForm", "PostAppointmentForm", "TrainingRecordForm"]


class AppraisalForm(BaseModelForm):
    class Meta:
        model = Appraisal
        fields = ["staff", "year", "result"]


class PostAppointmentForm(BaseModelForm):
    class Meta:
        model = PostAppointment
        fields = ["staff", "family", "grade", "since", "reason"]


class ConductRecordForm(BaseModelForm):
    class Meta:
        model = ConductRecord
        fields = ["staff", "kind", "category", "day", "sanction", "ends", "source", "note"]

    def clean(self):
        data = super().clean()
        kind, sanction, day, ends = (data.get(n) for n in ("kind", "sanction", "day", "ends"))
        if kind == ConductRecord.Kind.HONOUR and sanction:
            self.add_error("sanction", _("表彰记录不能有处理。"))
        if ends and day and ends < day:
            self.add_error("ends", _("处理期不能早于认定日期。"))
        return data


class TrainingRecordForm(BaseModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["staff", "year", "course", "level", "hours"]
