"""Forms of the plan import: upload a document, then confirm the parsed preview."""

from pathlib import Path

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edubureau.core.concurrency import ConcurrencyFormMixin
from edubureau.core.forms import bootstrapify
from edubureau.core.uploads import check_upload

from .models import Task

SUFFIXES = (".txt", ".docx", ".pdf")


class PlanUploadForm(forms.Form):
    file = forms.FileField(label=_("计划文档"), help_text=_("支持 .txt、.docx、.pdf，不超过 10 MB"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    issuing_body = forms.CharField(label=_("印发单位"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)  # the same fields as every other form (issue 17)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("不支持的文件格式（支持 .txt、.docx、.pdf）"))
        # Issue 18: size, what a .docx inflates to and a PDF's pages, before the document is read.
        check_upload(upload, "plan")
        return upload


class PlanConfirmForm(forms.Form):
    title = forms.CharField(label=_("计划名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    issuing_body = forms.CharField(label=_("印发单位"), max_length=100, required=False)
    source_name = forms.CharField(max_length=255, required=False, widget=forms.HiddenInput)
    source_text = forms.CharField(widget=forms.HiddenInput, max_length=2_000_000, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


# ---------------------------------------------------------------------------------------------------------
# Tracking: progress reports, task edits, tree edits, 倒排工期, 难点问题.


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def _control(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | MultipleFileInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select | forms.SelectMultiple) else "form-control"
        widget.attrs.setdefault("class", css)


class ReportForm(forms.Form):
    period = forms.DateField(label=_("报告期（月份）"), help_text=_("按月报送"), input_formats=["%Y-%m", "%Y-%m-%d"],
                             widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
    narrative = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    percent_done = forms.IntegerField(label=_("完成百分比"), min_value=0, max_value=100,
                                      help_text=_("0—100，按任务整体累计"))
    figure = forms.FloatField(label=_("完成数（累计）"), required=False, min_value=0,
                              help_text=_("本任务只有一个量化指标时，各单位的完成数汇总为该指标的累计完成"))
    attachments = MultipleFileField(label=_("附件"), required=False, help_text=_("可多选：照片、会议纪要、验收材料等"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _control(self)

    def clean_period(self):
        day = self.cleaned_data["period"]
        month = day.replace(day=1)
        if month > timezone.localdate().replace(day=1):  # issue 18: reports for months to come were accepted
            raise forms.ValidationError(_("不能报送本月之后月份的进展。"))
        return month


class TaskEditForm(ConcurrencyFormMixin, forms.ModelForm):
    """A task's title, units, schools and dates; a save from a stale copy is refused (issue 18)."""

    class Meta:
        model = Task
        fields = ["title", "lead_department", "partners", "schools", "start", "deadline"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "schools": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "partners": _("多个单位用顿号“、”分隔"),
            "schools": _("勾选的学校可在“我的任务”中看到本任务并填报进展"),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from edubureau.org.models import Department, School

        self.fields["lead_department"].queryset = Department.objects.visible_to(user).order_by("name")
        self.fields["schools"].queryset = School.objects.visible_to(user).order_by("code")
        _control(self)


class MoveForm(forms.Form):
    parent = forms.ChoiceField(label=_("移到此任务之下"))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("（作为一级任务）")), *choices]
        _control(self)


class MergeForm(forms.Form):
    other = forms.ChoiceField(label=_("并入本任务的同级任务"))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = list(choices)
        _control(self)


class SplitForm(forms.Form):
    title = forms.CharField(label=_("拆分出的任务名称"), max_length=500)
    text = forms.CharField(label=_("拆分出的原文（从原任务中移出）"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    targets = forms.MultipleChoiceField(label=_("随之移出的量化指标"), required=False,
                                        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["targets"].choices = list(choices)
        _control(self)


class MilestonesForm(forms.Form):
    count = forms.IntegerField(label=_("节点个数"), min_value=1, max_value=12, initial=3)
    step_days = forms.IntegerField(label=_("间隔天数"), min_value=1, max_value=366, required=False,
                                   help_text=_("留空则从开始时间到完成时限平均分配"))
    stages = forms.CharField(label=_("节点名称（每行一个，按先后）"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3, "placeholder": "制定方案\n组织实施\n验收总结"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _control(self)


class ProblemForm(forms.Form):
    description = forms.CharField(label=_("问题描述"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    measures = forms.CharField(label=_("拟采取措施"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due = forms.DateField(label=_("办理期限"), widget=forms.DateInput(attrs={"type": "date"}))
    school = forms.ChoiceField(label=_("责任学校"), required=False, help_text=_("不选则由责任科室办理"))
    department = forms.ChoiceField(label=_("责任科室"), required=False, help_text=_("不选则为牵头科室"))

    def __init__(self, *args, schools=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [("", "—"), *schools]
        self.fields["department"].choices = [("", "—"), *departments]
        _control(self)


# ---------------------------------------------------------------------------------------------------------
# City plans (issue 16): a county breaks a city task down; the city assigns tasks to counties.


class BreakdownForm(forms.Form):
    titles = forms.CharField(label=_("分解任务（每行一项）"), widget=forms.Textarea(attrs={"rows": 5}),
                             max_length=4000, help_text=_("每行一项本县任务，列入本县的任务分解计划，逐项填报进展"))
    deadline = forms.DateField(label=_("完成时限"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                               help_text=_("不填则与市级任务相同，不能晚于市级任务的完成时限"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _control(self)

    def clean_titles(self):
        titles = [line.strip() for line in self.cleaned_data["titles"].splitlines() if line.strip()]
        if not titles:
            raise forms.ValidationError(_("请至少填写一项分解任务。"))
        if any(len(t) > 500 for t in titles):
            raise forms.ValidationError(_("每项任务不超过500字。"))
        return titles
