"""Forms of the inspection pages (labels and messages in Chinese; widgets styled by ``bootstrapify``)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edubureau.core.concurrency import ConcurrencyFormMixin
from edubureau.core.forms import bootstrapify, restrict_choices
from edubureau.org.models import School, Term

from .models import (
    BlockedDay,
    Checklist,
    ChecklistItem,
    Finding,
    Inspector,
    QuotaRule,
    ResponsibilityZone,
    Visit,
    VisitKind,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class Styled:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class ZoneForm(ConcurrencyFormMixin, Styled, forms.ModelForm):
    class Meta:
        model = ResponsibilityZone
        fields = ["name", "term", "inspectors", "schools"]
        widgets = {"inspectors": forms.CheckboxSelectMultiple, "schools": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = School.objects.filter(is_active=True).order_by("zone__name", "code")
        restrict_choices(self, user)

    def clean(self):
        data = super().clean()
        term, schools = data.get("term"), data.get("schools")
        if term and schools:
            taken = (ResponsibilityZone.schools.through.objects
                     .filter(responsibilityzone__term=term, school__in=schools)
                     .exclude(responsibilityzone_id=self.instance.pk).select_related("school", "responsibilityzone"))
            clash = [f"{t.school.name}（{t.responsibilityzone.name}）" for t in taken[:5]]
            if clash:
                self.add_error("schools", _("以下学校本学期已属其他责任区：{names}").format(names="、".join(clash)))
        return data


class ZoningForm(Styled, forms.Form):
    term = forms.ModelChoiceField(Term.objects.all(), label=_("学期"))
    inspectors = forms.ModelMultipleChoiceField(Inspector.objects.all(), label=_("参与划分的督学"),
                                                widget=forms.CheckboxSelectMultiple)
    # How much a zone's pupil count should match the others' against keeping its schools close together
    # (the engine's ``students_weight``): a county of one big town and scattered villages cannot have both.
    balance = forms.TypedChoiceField(
        label=_("划分侧重"), coerce=int, initial=4, required=False, empty_value=4,
        choices=[(1, _("就近优先（路程最短）")), (4, _("兼顾路程与学生数")), (16, _("学生数均衡优先"))],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        restrict_choices(self, user)


class QuotaForm(ConcurrencyFormMixin, Styled, forms.ModelForm):
    class Meta:
        model = QuotaRule
        fields = ["kind", "visits_per_inspector_per_week", "schools_per_visit_min", "schools_per_visit_max",
                  "visits_per_school", "per", "active"]



class BlockedDayForm(Styled, forms.ModelForm):
    until = forms.DateField(label=_("至（可选）"), required=False, widget=DATE, help_text=_("连续多天时填写"))

    class Meta:
        model = BlockedDay
        fields = ["day", "until", "reason", "inspector", "note"]
        widgets = {"day": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        restrict_choices(self, user)

    def clean(self):
        data = super().clean()
        day, until = data.get("day"), data.get("until")
        if day and until and until < day:
            self.add_error("until", _("结束日期不能早于开始日期"))
        if day and until and (until - day).days > 60:
            self.add_error("until", _("一次最多登记60天"))
        return data


class PlannerForm(Styled, forms.Form):
    term = forms.ModelChoiceField(Term.objects.all(), label=_("学期"))
    from_day = forms.DateField(label=_("从哪天起重排"), required=False, widget=DATE,
                               help_text=_("留空则从今天起重排（学期未开始则排整个学期）；已过去的计划和已记录的督导不变"))
    max_km_per_day = forms.FloatField(label=_("同日学校间最远距离（公里）"), required=False, min_value=1,
                                      max_value=200, help_text=_("留空则只尽量就近"))
    time_limit = forms.IntegerField(label=_("求解时间上限（秒）"), initial=10, min_value=2, max_value=60)


class ChecklistSelect(forms.Select):
    """The checklist choice, each option marked with its 督导类型 so the page offers only the visit kind's lists."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-kind"] = instance.kind
        return option


class VisitStartForm(Styled, forms.Form):
    """Step 1 of a visit record: what, where, when (sent by GET; step 2 asks the checklist)."""

    day = forms.DateField(label=_("日期"), widget=DATE, initial=timezone.localdate)
    kind = forms.ChoiceField(label=_("督导类型"), choices=VisitKind.choices)
    checklist = forms.ModelChoiceField(Checklist.objects.filter(active=True), label=_("检查表"), required=False,
                                       widget=ChecklistSelect, help_text=_("只列出所选督导类型的检查表"))
    schools = forms.ModelMultipleChoiceField(School.objects.none(), label=_("学校"),
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schools is not None:
            self.fields["schools"].queryset = schools
        # Issue 17: the checklist choice offers the visit kind's lists only: each option carries its kind and
        # js/visit_start.js hides the others as the kind changes; clean() refuses a mismatch all the same.

    def clean(self):
        data = super().clean()
        checklist, kind = data.get("checklist"), data.get("kind")
        if checklist and kind and checklist.kind != kind:
            self.add_error("checklist", _("该检查表用于{kind}，请选择与督导类型一致的检查表").format(
                kind=checklist.get_kind_display()))
        day = data.get("day")
        if day and day > timezone.localdate() + dt.timedelta(days=1):
            self.add_error("day", _("不能记录未来日期的督导"))
        return data


class VisitForm(Styled, forms.Form):
    """Step 2: the outcome. Checklist answers are read from ``a-<school>-<item>`` fields by the view."""

    status = forms.ChoiceField(label=_("完成情况"), choices=Visit.Status.choices, initial=Visit.Status.DONE,
                               widget=forms.RadioSelect)
    notes = forms.CharField(label=_("督导记录"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def clean(self):
        data = super().clean()
        if data.get("status") == Visit.Status.MISSED and not (data.get("notes") or "").strip():
            self.add_error("notes", _("未完成的督导请写明原因"))
        return data


class FindingForm(Styled, forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["school", "category", "severity", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schools is not None:
            self.fields["school"].queryset = schools


class NoticeForm(Styled, forms.Form):
    findings = forms.ModelMultipleChoiceField(Finding.objects.none(), label=_("问题"),
                                              widget=forms.CheckboxSelectMultiple)
    due = forms.DateField(label=_("整改期限"), widget=DATE)
    detail = forms.CharField(label=_("整改要求"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("留空则逐条列出问题"))

    def __init__(self, *args, findings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if findings is not None:
            self.fields["findings"].queryset = findings

    def clean(self):
        data = super().clean()
        chosen = data.get("findings")
        if chosen and len({f.school_id for f in chosen}) != 1:
            self.add_error("findings", _("一份整改通知只发给一所学校，请只勾选同一学校的问题"))
        due = data.get("due")
        if due and due < timezone.localdate():
            self.add_error("due", _("整改期限不能早于今天"))
        return data


class ChecklistForm(ConcurrencyFormMixin, Styled, forms.ModelForm):
    class Meta:
        model = Checklist
        fields = ["name", "kind", "active"]


class ChecklistItemForm(ConcurrencyFormMixin, Styled, forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["position", "text", "category", "points", "raises_finding", "severity"]


ItemFormSet = inlineformset_factory(Checklist, ChecklistItem, form=ChecklistItemForm, extra=3, can_delete=True)


class PeriodForm(Styled, forms.Form):
    start = forms.DateField(label=_("起"), widget=DATE)
    end = forms.DateField(label=_("止"), widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("结束日期不能早于开始日期"))
        return data
