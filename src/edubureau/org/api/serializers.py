"""Serializers of the org registry API: reference data, schools and their yearly facts."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from edubureau.core.api.serializers import BaseModelSerializer
from edubureau.core.roles import MODULES
from edubureau.core.scope import scope_for

from ..models import (
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
    "CampusSerializer",
    "DepartmentSerializer",
    "EducationGroupSerializer",
    "GroupMembershipSerializer",
    "PairingSerializer",
    "RegionSerializer",
    "SchoolFactsSerializer",
    "SchoolSerializer",
    "SchoolYearSerializer",
    "TermSerializer",
    "ZoneSerializer",
]

STAMPS = ["created", "updated"]


# --- Reference data -------------------------------------------------------------------------------


class RegionSerializer(BaseModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "url", "display", "code", "name", *STAMPS]


class ZoneSerializer(BaseModelSerializer):
    class Meta:
        model = Zone
        fields = ["id", "url", "display", "region", "name", "kind", *STAMPS]


class DepartmentSerializer(BaseModelSerializer):
    modules = serializers.ListField(
        child=serializers.ChoiceField(choices=list(MODULES.items())),
        required=False,
        max_length=len(MODULES),
        label=_("负责模块"),
        help_text=_("模块代码：") + ", ".join(MODULES),
    )

    class Meta:
        model = Department
        fields = ["id", "url", "display", "code", "name", "modules", "head", "phone", *STAMPS]

    def validate_modules(self, value):
        # Module ownership is a write right (core.scope): granting it is for system administrators only.
        current = sorted(self.instance.modules) if self.instance is not None else []
        if sorted(set(value)) != current and not scope_for(self.context["request"].user).superuser:
            raise serializers.ValidationError(_("只有系统管理员可以设置科室负责的模块。"))
        return sorted(set(value))


class SchoolYearSerializer(BaseModelSerializer):
    class Meta:
        model = SchoolYear
        fields = ["id", "url", "display", "start_year", "start", "end", "is_current", *STAMPS]


class TermSerializer(BaseModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "url", "display", "school_year", "number", "start", "end", *STAMPS]

    def validate(self, attrs):
        self.date_order(attrs, self.instance, "start", "end", Term)
        return super().validate(attrs)


# --- Schools --------------------------------------------------------------------------------------


class SchoolSerializer(BaseModelSerializer):
    class Meta:
        model = School
        fields = [
            "id", "url", "display", "code", "name", "short_name", "kind", "ownership", "locality", "region", "zone",
            "is_teaching_point", "central_school", "address", "latitude", "longitude", "principal", "phone",
            "founded", "is_active", *STAMPS,
        ]  # fmt: skip

    def validate(self, attrs):
        central = attrs.get("central_school")
        if central is not None and self.instance is not None and central.pk == self.instance.pk:
            raise serializers.ValidationError({"central_school": _("学校不能是自己的中心校。")})
        return super().validate(attrs)


class CampusSerializer(BaseModelSerializer):
    class Meta:
        model = Campus
        fields = ["id", "url", "display", "school", "name", "address", "latitude", "longitude", *STAMPS]


class EducationGroupSerializer(BaseModelSerializer):
    class Meta:
        model = EducationGroup
        fields = ["id", "url", "display", "name", "kind", "lead_school", "started", *STAMPS]


class GroupMembershipSerializer(BaseModelSerializer):
    class Meta:
        model = GroupMembership
        fields = ["id", "url", "display", "group", "school", "joined", *STAMPS]


class PairingSerializer(BaseModelSerializer):
    class Meta:
        model = Pairing
        fields = [
            "id", "url", "display", "strong_school", "supported_school", "start_term", "end_term", "content", *STAMPS,
        ]  # fmt: skip

    def validate(self, attrs):
        start = attrs.get("start_term", getattr(self.instance, "start_term", None))
        end = attrs.get("end_term", getattr(self.instance, "end_term", None))
        if start is not None and end is not None and end.start < start.start:
            raise serializers.ValidationError({"end_term": _("结束学期不能早于起始学期。")})
        return super().validate(attrs)


class SchoolFactsSerializer(BaseModelSerializer):
    class Meta:
        model = SchoolFacts
        fields = [
            "id", "url", "display", "school", "school_year", "level_part", "students", "classes", "classes_46_55",
            "classes_56_65", "classes_66_plus", "teaching_room_area", "sports_area", "equipment_value", "computers",
            "books", "multimedia_rooms", "staff_source", "full_time_teachers", "teachers_above_required_education",
            "teachers_intermediate_title", "key_teachers", "pe_art_teachers", *STAMPS,
        ]  # fmt: skip

    def validate(self, attrs):
        def value(name):
            return attrs.get(name, getattr(self.instance, name, None))

        classes = value("classes")
        bands = [value(name) for name in ("classes_46_55", "classes_56_65", "classes_66_plus")]
        if classes is not None and sum(b or 0 for b in bands) > classes:
            raise serializers.ValidationError({"classes": _("各班额段班级数之和不能多于班级数。")})
        return super().validate(attrs)
