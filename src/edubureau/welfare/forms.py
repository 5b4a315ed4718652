"""Edit forms of the welfare registers (the generic registry pages use them)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from edubureau.core.forms import BaseModelForm
from edubureau.org.models import SchoolYear

from .engine.aid import INDICATORS, PRIORITY_GROUPS
from .models import LEVELS, AidProgram, AidRecognition, CareProfile, Grant, HomeVisit, HouseholdChild, PupilAbsence

__all__ = ["AidProgramForm", "AidRecognitionForm", "CareProfileForm", "GrantForm", "HomeVisitForm",
           "HouseholdChildForm", "PupilAbsenceForm"]


class AidProgramForm(BaseModelForm):
    levels = forms.MultipleChoiceField(label=_("资助学段"), choices=[(v, v) for v in LEVELS],
                                       widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = AidProgram
        fields = ["year", "name", "levels", "yearly", "day_share", "needs_recognition", "term_budget"]

    def clean(self):
        data = super().clean()
        yearly, levels = data.get("yearly") or {}, data.get("levels") or []
        if not isinstance(yearly, dict):
            self.add_error("yearly", _("请按学段填写，如 {\"小学\": 1250, \"初中\": 1500}"))
            return data
        missing = [lv for lv in levels if lv not in yearly]
        if missing:
            self.add_error("yearly", _("缺少这些学段的标准：{levels}").format(levels="、".join(missing)))
        for level, amount in yearly.items():
            if not isinstance(amount, int | float) or amount <= 0:
                self.add_error("yearly", _("{level}的标准应为正数").format(level=level))
        return data


class AidRecognitionForm(BaseModelForm):
    groups = forms.MultipleChoiceField(label=_("特殊困难群体"), required=False,
                                       choices=[(g, g) for g in PRIORITY_GROUPS], widget=forms.CheckboxSelectMultiple)
    ticked = forms.MultipleChoiceField(label=_("认定指标"), required=False,
                                       choices=[(k, f"{k}（{v}分）") for k, v in INDICATORS.items()],
                                       widget=forms.CheckboxSelectMultiple,
                                       help_text=_("指标得分由所勾选指标的分值相加"))

    class Meta:
        model = AidRecognition
        fields = ["student", "school", "year", "groups", "ticked", "family_situation", "tier"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["ticked"] = [k for k, on in (self.instance.indicators or {}).items() if on]
        else:  # this school year's 认定
            year = SchoolYear.objects.filter(is_current=True).first()
            self.initial.setdefault("year", year.start_year if year else None)

    def clean(self):
        data = super().clean()
        student, school = data.get("student"), data.get("school")
        if student and school and student.school_id != school.pk:
            self.add_error("student", _("该生不是所选学校的学生"))
        self.instance.indicators = {name: True for name in data.get("ticked") or []}
        return data


class GrantForm(BaseModelForm):
    class Meta:
        model = Grant
        fields = ["term", "program", "student", "school", "amount", "boarder", "account", "paid_on"]


class CareProfileForm(BaseModelForm):
    class Meta:
        model = CareProfile
        fields = ["student", "guardian", "guardian_relation", "guardian_phone", "parents_work_place", "disability",
                  "placement", "home_teacher", "visits_per_term", "hardship"]

    def clean(self):
        data = super().clean()
        if data.get("placement") == CareProfile.Placement.HOME and not data.get("home_teacher"):
            self.add_error("home_teacher", _("送教上门须指定送教教师"))
        return data


class HomeVisitForm(BaseModelForm):
    class Meta:
        model = HomeVisit
        fields = ["profile", "day", "teachers", "hours", "content"]


class PupilAbsenceForm(BaseModelForm):
    class Meta:
        model = PupilAbsence
        fields = ["student", "day", "reason"]


class HouseholdChildForm(BaseModelForm):
    class Meta:
        model = HouseholdChild
        fields = ["id_number", "name", "township", "address", "guardian"]
