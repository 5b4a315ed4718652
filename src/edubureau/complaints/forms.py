"""The office's intake form and the small forms of the case page."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from edubureau.core import idcard
from edubureau.core.forms import bootstrapify
from edubureau.core.generic.display import cn_date
from edubureau.org.models import Department, School
from edubureau.people.models import Staff

from .models import Complaint


class IntakeForm(forms.ModelForm):
    class Meta:
        model = Complaint
        fields = ("channel", "received_on", "category", "school", "teacher", "summary", "content", "anonymous",
                  "complainant_name", "complainant_phone", "complainant_id", "complainant_address")
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "content": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.visible_to(user).order_by("code")
        self.fields["teacher"].queryset = Staff.objects.visible_to(user).order_by("name")
        bootstrapify(self)

    def clean_complainant_id(self):
        value = self.cleaned_data.get("complainant_id", "").strip().upper()
        if value and not idcard.is_valid(value):
            raise forms.ValidationError(_("身份证件号校验不通过。"))
        return value

    def clean(self):
        data = super().clean()
        if data.get("anonymous"):
            for name in ("complainant_name", "complainant_phone", "complainant_id", "complainant_address"):
                if data.get(name):
                    self.add_error(name, _("匿名信访件不登记信访人信息。"))
        elif not (data.get("complainant_name") or data.get("complainant_phone")):
            self.add_error("complainant_name", _("实名信访件请至少填写信访人姓名或联系电话。"))
        return data


class AssignForm(forms.Form):
    school = forms.ModelChoiceField(School.objects.none(), label=_("承办学校"), required=False)
    department = forms.ModelChoiceField(Department.objects.none(), label=_("承办科室"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.visible_to(user).order_by("code")
        self.fields["department"].queryset = Department.objects.visible_to(user).order_by("code")
        bootstrapify(self)

    def clean(self):
        data = super().clean()
        if bool(data.get("school")) == bool(data.get("department")):
            raise forms.ValidationError(_("请选择一个承办科室或一所承办学校。"))
        return data


class AnswerForm(forms.Form):
    finding = forms.ChoiceField(label=_("调查结论"), choices=[("", _("请选择…")), *Complaint.Finding.choices])
    reply = forms.CharField(label=_("答复意见"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class CheckForm(forms.Form):
    decision = forms.ChoiceField(label=_("审核结论"), choices=[("approve", _("审核通过并办结")),
                                                              ("return", _("退回重办"))])
    note = forms.CharField(label=_("审核意见"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class VisitForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("满意度"), choices=[("", _("请选择…")), *Complaint.Satisfaction.choices])
    note = forms.CharField(label=_("回访记录"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class ReferForm(forms.Form):
    conduct_category = forms.ChoiceField(label=_("违反的准则条目"), choices=())
    note = forms.CharField(label=_("移送说明"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        from edubureau.staffing.models import ConductRecord

        super().__init__(*args, **kwargs)
        self.fields["conduct_category"].choices = ConductRecord.CATEGORIES
        bootstrapify(self)


class ExtendForm(forms.Form):
    """延期 (信访工作条例): the new 办理期限 (at most 30 days after the present one), the reason, and that the
    complainant was told it (an anonymous complainant cannot be)."""

    due = forms.DateField(label=_("延期至"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("延期理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    notified = forms.BooleanField(label=_("已将延期理由告知信访人"), required=False)

    def __init__(self, *args, complaint=None, **kwargs):
        from .engine.deadlines import EXTENSION_DAYS

        super().__init__(*args, **kwargs)
        if complaint is not None:
            latest = complaint.answer_due + dt.timedelta(days=EXTENSION_DAYS)
            self.fields["due"].widget.attrs.update(min=complaint.answer_due.isoformat(), max=latest.isoformat())
            hint = _("原办理期限{due}，最多延期{days}日（至{latest}），每件只能延期一次。")
            self.fields["due"].help_text = hint.format(due=cn_date(complaint.answer_due), days=EXTENSION_DAYS,
                                                       latest=cn_date(latest))
            if complaint.anonymous:
                del self.fields["notified"]
        bootstrapify(self)
