"""Add/edit forms of the people registry, with the cross-field rules a personnel clerk would check."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edubureau.core import idcard
from edubureau.core.forms import BaseModelForm, DateInput, bootstrapify
from edubureau.org.choices import KIND_PARTS, PART_GRADES, SchoolKind
from edubureau.org.models import School

from .choices import SUBJECTS, TITLE_POST_GRADES, PostingReason
from .models import Honour, Posting, SchoolClass, Staff, Student
from .permissions import can_see_personal

__all__ = ["HonourForm", "PostingForm", "SchoolClassForm", "StaffForm", "StudentForm"]

HEAD_TEACHER_ELSEWHERE = _("班主任须是本校在任教职工。")
CLASS_ELSEWHERE = _("所选班级不属于该学校。")


def _check_sex(form, data):
    number, sex = data.get("id_number"), data.get("sex")
    if number and sex and idcard.is_valid(number) and idcard.sex(idcard.normalize(number)) != sex:
        form.add_error("sex", _("性别与身份证号不符（身份证号第17位表示性别）。"))


def _bound_value(form, name):
    """The value of ``name`` the form is about: posted, prefilled, or the instance's."""
    if form.is_bound:
        return form.data.get(form.add_prefix(name)) or None
    value = form.initial.get(name)
    if value is None and form.instance.pk:
        value = getattr(form.instance, f"{name}_id", None)
    return value


class StaffForm(BaseModelForm):
    """A staff member. On add, the school and start date create the first posting (任职) with the record."""

    subject = forms.ChoiceField(label=_("任教学科"), required=False)
    school = forms.ModelChoiceField(
        label=_("任职学校"), queryset=School.objects.all(), help_text=_("新增教职工时同时建立其任职经历。")
    )
    posting_start = forms.DateField(label=_("到校日期"), widget=DateInput())
    field_order = ["school", "posting_start"]

    class Meta:
        model = Staff
        fields = [
            "name", "sex", "id_number", "phone", "establishment", "post_kind", "subject", "teaching_level",
            "education", "qualification", "title", "post_grade", "work_start", "is_active",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        subjects = [("", "---------"), *((s, s) for s in SUBJECTS)]
        current = self.instance.subject
        if current and current not in SUBJECTS:
            subjects.append((current, current))
        self.fields["subject"].choices = subjects
        if self.instance.pk:
            # The school changes through postings (人事科), not through the staff record.
            del self.fields["school"], self.fields["posting_start"]
            if not can_see_personal(user, self.instance):
                del self.fields["id_number"]
        else:
            self.fields["school"].queryset = School.objects.visible_to(user).filter(is_active=True)
            self.fields["posting_start"].initial = timezone.localdate()
        bootstrapify(self)

    def clean(self):
        data = super().clean()
        if "id_number" in self.fields:
            _check_sex(self, data)
        title, grade = data.get("title"), data.get("post_grade")
        if grade is not None and title in TITLE_POST_GRADES and grade not in TITLE_POST_GRADES[title]:
            allowed = TITLE_POST_GRADES[title]
            self.add_error("post_grade", _("{title}职称对应的岗位等级为{low}—{high}级。").format(
                title=Staff(title=title).get_title_display(), low=allowed[0], high=allowed[-1]))
        if not self.instance.pk and data.get("school"):
            # can_write() reads the schools of a staff member not yet saved from here.
            self.instance._pending_school_ids = {data["school"].pk}
        return data

    def save_related(self, instance):
        super().save_related(instance)
        if "school" in self.fields:
            Posting.objects.create(
                staff=instance, school=self.cleaned_data["school"], start=self.cleaned_data["posting_start"],
                reason=PostingReason.REGULAR,
            )


class PostingForm(BaseModelForm):
    class Meta:
        model = Posting
        fields = ["staff", "school", "reason", "start", "end", "position", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff_id = _bound_value(self, "staff")
        if staff_id and str(staff_id).isdigit():
            # Opened from a staff page: offer that person only, not the county's thousands.
            self.fields["staff"].queryset = self.fields["staff"].queryset.filter(pk=staff_id)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        staff, school = data.get("staff"), data.get("school")
        if staff and school and end is None:
            clash = Posting.objects.filter(staff=staff, school=school, end__isnull=True).exclude(pk=self.instance.pk)
            if clash.exists():
                message = _("{staff}在{school}已有一条在任的任职记录，请先填写那条记录的结束日期。")
                self.add_error("school", message.format(staff=staff, school=school))
        return data


class HonourForm(BaseModelForm):
    class Meta:
        model = Honour
        fields = ["staff", "kind", "level", "subject", "awarded", "expires"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff_id = _bound_value(self, "staff")
        if staff_id and str(staff_id).isdigit():
            self.fields["staff"].queryset = self.fields["staff"].queryset.filter(pk=staff_id)

    def clean(self):
        data = super().clean()
        awarded, expires = data.get("awarded"), data.get("expires")
        if awarded and expires and expires <= awarded:
            self.add_error("expires", _("有效期应晚于认定日期。"))
        return data


def _allowed_grades(school) -> set[int]:
    return {g for part in KIND_PARTS[SchoolKind(school.kind)] for g in PART_GRADES[part]}


class SchoolClassForm(BaseModelForm):
    class Meta:
        model = SchoolClass
        fields = ["school", "school_year", "grade", "name", "size", "head_teacher"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        school_id = _bound_value(self, "school")
        if school_id and str(school_id).isdigit():
            # Head teachers are the school's own staff (an open posting there).
            on_site = Posting.objects.filter(staff=OuterRef("pk"), school_id=school_id, end__isnull=True)
            self.fields["head_teacher"].queryset = self.fields["head_teacher"].queryset.filter(Exists(on_site))
            self.fields["head_teacher"].error_messages["invalid_choice"] = HEAD_TEACHER_ELSEWHERE

    def clean(self):
        data = super().clean()
        school, grade = data.get("school"), data.get("grade")
        if school and grade is not None and grade not in _allowed_grades(school):
            self.add_error("grade", _("{school}（{kind}）没有这个年级。").format(
                school=school, kind=school.get_kind_display()))
        head = data.get("head_teacher")
        if school and head and not head.postings.filter(school=school, end__isnull=True).exists():
            self.add_error("head_teacher", HEAD_TEACHER_ELSEWHERE)
        return data


class StudentForm(BaseModelForm):
    class Meta:
        model = Student
        fields = [
            "student_no", "name", "sex", "id_number", "school", "school_class", "grade", "enrolled",
            "left_behind", "both_parents_away", "migrant", "disabled", "inclusive", "registered_poor", "aux_no",
            "birth_date",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        school_id = _bound_value(self, "school")
        if school_id and str(school_id).isdigit():
            self.fields["school_class"].queryset = self.fields["school_class"].queryset.filter(school_id=school_id)
            self.fields["school_class"].error_messages["invalid_choice"] = CLASS_ELSEWHERE

    def clean(self):
        data = super().clean()
        _check_sex(self, data)
        school, klass, grade = data.get("school"), data.get("school_class"), data.get("grade")
        if school and klass and klass.school_id != school.pk:
            self.add_error("school_class", CLASS_ELSEWHERE)
        if klass and grade is not None and klass.grade != grade:
            self.add_error("grade", _("年级与所选班级的年级不一致。"))
        if school and grade is not None and grade not in _allowed_grades(school):
            self.add_error("grade", _("{school}（{kind}）没有这个年级。").format(
                school=school, kind=school.get_kind_display()))
        return data
