"""Add/edit forms of the org registry. Cross-field rules are checked here with Chinese messages
(the database constraints stay as the last line of defence)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from edubureau.core.forms import BaseModelForm
from edubureau.core.roles import MODULES

from .choices import KIND_PARTS, SchoolKind
from .models import (
    Campus,
    Department,
    EducationGroup,
    GroupMembership,
    Pairing,
    Region,
    School,
    SchoolFacts,
    SchoolYear,
    Term,
    Zone,
)

__all__ = [
    "CampusForm",
    "DepartmentForm",
    "EducationGroupForm",
    "GroupMembershipForm",
    "PairingForm",
    "RegionForm",
    "SchoolFactsForm",
    "SchoolForm",
    "SchoolYearForm",
    "TermForm",
    "ZoneForm",
]


class RegionForm(BaseModelForm):
    class Meta:
        model = Region
        fields = ["code", "name"]


class ZoneForm(BaseModelForm):
    class Meta:
        model = Zone
        fields = ["region", "name", "kind"]


class DepartmentForm(BaseModelForm):
    modules = forms.MultipleChoiceField(
        label=_("负责模块"), choices=list(MODULES.items()), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("科室对所选模块的数据有维护权限。"),
    )

    class Meta:
        model = Department
        fields = ["code", "name", "modules", "head", "phone"]


class SchoolYearForm(BaseModelForm):
    class Meta:
        model = SchoolYear
        fields = ["start_year", "start", "end", "is_current"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("结束日期应晚于开始日期。"))
        if data.get("is_current"):
            other = SchoolYear.objects.filter(is_current=True).exclude(pk=self.instance.pk).first()
            if other is not None:
                self.add_error("is_current", _("{year}已是当前学年，请先取消它的“当前学年”标记。").format(year=other))
        return data


class TermForm(BaseModelForm):
    class Meta:
        model = Term
        fields = ["school_year", "number", "start", "end"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("结束日期应晚于开始日期。"))
        return data


class SchoolForm(BaseModelForm):
    class Meta:
        model = School
        fields = [
            "code", "name", "short_name", "kind", "ownership", "locality", "region", "zone",
            "is_teaching_point", "central_school", "principal", "phone", "address", "latitude", "longitude",
            "founded", "is_active",
        ]

    def clean(self):
        data = super().clean()
        central = data.get("central_school")
        if data.get("is_teaching_point") and central is None:
            self.add_error("central_school", _("教学点须填写所属中心校。"))
        if not data.get("is_teaching_point") and central is not None:
            self.add_error("central_school", _("只有教学点才填写所属中心校；请勾选“教学点”或清空此项。"))
        if central is not None and self.instance.pk and central.pk == self.instance.pk:
            self.add_error("central_school", _("学校不能以自己为中心校。"))
        return data


class CampusForm(BaseModelForm):
    class Meta:
        model = Campus
        fields = ["school", "name", "address", "latitude", "longitude"]


class EducationGroupForm(BaseModelForm):
    class Meta:
        model = EducationGroup
        fields = ["name", "kind", "lead_school", "started"]


class GroupMembershipForm(BaseModelForm):
    class Meta:
        model = GroupMembership
        fields = ["group", "school", "joined"]


class PairingForm(BaseModelForm):
    class Meta:
        model = Pairing
        fields = ["strong_school", "supported_school", "start_term", "end_term", "content"]

    def clean(self):
        data = super().clean()
        strong, supported = data.get("strong_school"), data.get("supported_school")
        if strong and supported and strong == supported:
            self.add_error("supported_school", _("帮扶学校和受援学校不能是同一所学校。"))
        start, end = data.get("start_term"), data.get("end_term")
        if start and end and end.start < start.start:
            self.add_error("end_term", _("结束学期不能早于起始学期。"))
        return data


class SchoolFactsForm(BaseModelForm):
    class Meta:
        model = SchoolFacts
        fields = [
            "school", "school_year", "level_part", "students", "classes", "classes_46_55", "classes_56_65",
            "classes_66_plus", "teaching_room_area", "sports_area", "equipment_value", "computers", "books",
            "multimedia_rooms", "staff_source", "full_time_teachers", "teachers_above_required_education",
            "teachers_intermediate_title", "key_teachers", "pe_art_teachers",
        ]

    def clean(self):
        data = super().clean()
        school, part = data.get("school"), data.get("level_part")
        if school and part and part not in KIND_PARTS[SchoolKind(school.kind)]:
            self.add_error("level_part", _("{school}（{kind}）没有这个学段。").format(
                school=school, kind=school.get_kind_display()))
        classes = data.get("classes")
        bands = [data.get(name) or 0 for name in ("classes_46_55", "classes_56_65", "classes_66_plus")]
        if classes is not None and sum(bands) > classes:
            self.add_error("classes", _("46人以上各档班级数之和（{n}）超过了班级总数。").format(n=sum(bands)))
        teachers = data.get("full_time_teachers")
        for name in ("teachers_above_required_education", "teachers_intermediate_title", "key_teachers",
                     "pe_art_teachers"):
            value = data.get(name)
            if teachers is not None and value is not None and value > teachers:
                self.add_error(name, _("不能超过专任教师数（{n}）。").format(n=teachers))
        return data
