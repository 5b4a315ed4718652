"""The form of a new exam with its score file."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from edubureau.core.uploads import check_upload
from edubureau.org.models import Term

from .engine.config import Cutoffs, parse_full_marks
from .models import Exam


class ExamForm(forms.ModelForm):
    """Name, term, grade, full marks as ``语文=120,数学=120``, cut-offs, and the score file."""

    full_marks_text = forms.CharField(label=_l("各科满分"), help_text=_l("如 语文=120,数学=120,英语=120"))
    total_text = forms.CharField(label=_l("计入总分的科目"), required=False, help_text=_l("逗号分隔，留空为全部科目"))
    file = forms.FileField(label=_l("成绩文件"),
                           help_text=_l("xlsx 或 csv：考号、姓名、学校、班级、各科成绩；缺考填“缺考”或留空"))
    teachers_file = forms.FileField(
        label=_l("任课教师表（可选）"), required=False,
        help_text=_l("xlsx 或 csv：学校、班级、学科，以及教师身份证号或任课教师姓名；成绩导入后按教职工名册逐行核对"))

    # Cut-offs are typed as a bureau says them, "满分的85%"; the exam keeps the share (0.85).
    excellent_cut = forms.FloatField(label=_l("优秀线（满分的%）"), initial=85, min_value=0.1, max_value=100)
    good_cut = forms.FloatField(label=_l("良好线（满分的%）"), initial=70, min_value=0.1, max_value=100)
    pass_cut = forms.FloatField(label=_l("及格线（满分的%）"), initial=60, min_value=0.1, max_value=100)
    low_cut = forms.FloatField(label=_l("低分线（满分的%）"), initial=40, min_value=0.1, max_value=100,
                               help_text=_l("低于此线为低分；各线应满足 低分线 ≤ 及格线 ≤ 良好线 ≤ 优秀线"))

    class Meta:
        model = Exam
        fields = ["name", "term", "grade", "excellent_cut", "good_cut", "pass_cut", "low_cut"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.select_related("school_year")
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def clean_grade(self):
        grade = self.cleaned_data["grade"]
        if not 1 <= grade <= 12:
            raise forms.ValidationError(_("年级应为1—12"))
        return grade

    def _share(self, name: str) -> float:
        return round(self.cleaned_data[name] / 100, 6)

    def clean_excellent_cut(self):
        return self._share("excellent_cut")

    def clean_good_cut(self):
        return self._share("good_cut")

    def clean_pass_cut(self):
        return self._share("pass_cut")

    def clean_low_cut(self):
        return self._share("low_cut")

    def clean_full_marks_text(self):
        try:
            return parse_full_marks(self.cleaned_data["full_marks_text"])
        except ValueError:
            raise forms.ValidationError(_("请按“科目=满分”填写，用逗号分隔，如 语文=120,数学=120")) from None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xls", ".csv")):
            raise forms.ValidationError(_("请上传 .xlsx、.xls 或 .csv 文件"))
        # Issue 18: refused here, before the exam row exists and the background import starts.
        check_upload(upload, "exam")
        return upload

    def clean_teachers_file(self):
        upload = self.cleaned_data.get("teachers_file")
        if upload and not upload.name.lower().endswith((".xlsx", ".xls", ".csv")):
            raise forms.ValidationError(_("请上传 .xlsx、.xls 或 .csv 文件"))
        if upload:
            check_upload(upload, "exam")
        return upload

    def clean(self):
        data = super().clean()
        marks = data.get("full_marks_text") or {}
        total = [s.strip() for s in (data.get("total_text") or "").replace("，", ",").split(",") if s.strip()]
        unknown = [s for s in total if s not in marks]
        if marks and unknown:
            self.add_error("total_text", _("总分科目不在满分列表中：{names}").format(names="、".join(unknown)))
        try:
            Cutoffs(excellent=data.get("excellent_cut") or 0, good=data.get("good_cut") or 0,
                    passing=data.get("pass_cut") or 0, low=data.get("low_cut") or 0)
        except ValueError:
            raise forms.ValidationError(_("分数线应满足 0 < 低分线 ≤ 及格线 ≤ 良好线 ≤ 优秀线 ≤ 100%")) from None
        data["total"] = total
        return data

    def save(self, commit=True):
        exam = super().save(commit=False)
        exam.full_marks = self.cleaned_data["full_marks_text"]
        exam.total_subjects = self.cleaned_data["total"]
        if commit:
            exam.save()
        return exam
