"""Serializers of the people registry API: staff with postings and honours, classes and students.

ID numbers go in (validated, normalized) but come out in full only where
``people.permissions.can_see_personal`` allows it; ``id_number_masked`` is always there.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from edubureau.core import idcard
from edubureau.core.api.serializers import BaseModelSerializer, IdNumberField, ScopedRelatedField
from edubureau.core.audit import note_reveal
from edubureau.core.roles import Role
from edubureau.core.scope import scope_for
from edubureau.org.models import School

from ..choices import PostingReason
from ..models import Honour, Posting, SchoolClass, Staff, Student
from ..permissions import can_see_personal

__all__ = ["HonourSerializer", "PostingSerializer", "SchoolClassSerializer", "StaffSerializer", "StudentSerializer"]

STAMPS = ["created", "updated"]
GRADE_RANGE = range(-3, 13)  # as the schoolclass_grade_range constraint: kindergarten years up to senior 3


class CurrentSchoolField(ScopedRelatedField):
    """Where a staff member works now: the school of the latest open posting the requesting user can see.

    A teacher on rotation (交流轮岗) has two open postings; a school administrator sees its own school
    here, never the other one (its rows are outside the scope), while a department sees the latest.
    Reads the prefetched postings: no query per row.
    """

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, allow_null=True, source="*")
        super().__init__(**kwargs)

    def get_attribute(self, staff):
        request = self.context.get("request")
        school_ids = scope_for(getattr(request, "user", None)).school_ids
        open_postings = [
            p for p in staff.postings.all() if p.end is None and (school_ids is None or p.school_id in school_ids)
        ]
        return max(open_postings, key=lambda p: p.start).school if open_postings else None


class IdNumberShownMixin:
    """Drops the full ID number (and what it reveals, the birth date) and masks the phone number unless the user
    may see them (``can_see_personal``; issue 18: phones went out in full to every reader)."""

    private_fields = ("id_number",)
    may_see = staticmethod(can_see_personal)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not self.may_see(request.user, instance):
            for name in self.private_fields:
                data.pop(name, None)
            if data.get("phone"):
                data["phone"] = idcard.mask_phone(data["phone"])
        else:  # shown in full: a reveal, logged once for the answer by the view
            note_reveal(request, instance, [n for n in ("id_number", "phone") if data.get(n)])
        return data


# --- Staff ----------------------------------------------------------------------------------------


class StaffSerializer(IdNumberShownMixin, BaseModelSerializer):
    """A member of staff. On creation, ``school`` opens a regular posting (任职) there."""

    private_fields = ("id_number", "birth_date")

    id_number = IdNumberField()
    id_number_masked = serializers.CharField(source="masked_id_number", read_only=True, label=_("身份证号（脱敏）"))
    birth_date = serializers.DateField(read_only=True, label=_("出生日期"))
    age = serializers.IntegerField(read_only=True, label=_("年龄"))
    current_school = CurrentSchoolField(label=_("当前学校"))
    school = ScopedRelatedField(
        queryset=School.objects.all(),
        write_only=True,
        required=False,
        allow_null=True,
        label=_("任职学校"),
        help_text=_("仅新增时使用：在该校开一条“任职”记录；学校管理员只能填写本校。调动请通过任职经历办理。"),
    )
    posting_start = serializers.DateField(
        write_only=True, required=False, label=_("任职开始日期"), help_text=_("默认为今天")
    )

    class Meta:
        model = Staff
        fields = [
            "id", "url", "display", "name", "sex", "id_number", "id_number_masked", "birth_date", "age", "phone",
            "establishment", "post_kind", "subject", "teaching_level", "education", "qualification", "title",
            "post_grade", "work_start", "is_active", "current_school", "school", "posting_start", *STAMPS,
        ]  # fmt: skip

    def validate(self, attrs):
        if self.instance is not None:
            if "school" in attrs or "posting_start" in attrs:
                raise serializers.ValidationError(
                    {"school": _("任职学校只在新增教职工时填写；调动请通过任职经历办理。")}
                )
        elif attrs.get("school") is None and scope_for(self.context["request"].user).role == Role.SCHOOL:
            raise serializers.ValidationError({"school": _("学校管理员新增教职工时必须填写本校。")})
        return super().validate(attrs)

    def create(self, validated_data):
        school = validated_data.pop("school", None)
        start = validated_data.pop("posting_start", None) or timezone.localdate()
        staff = Staff(**validated_data)
        # Until the posting exists, the staff member belongs to the school being given (core.scope).
        staff._pending_school_ids = {school.pk} if school else set()
        staff.save()
        if school is not None:
            Posting.objects.create(staff=staff, school=school, start=start, reason=PostingReason.REGULAR)
        return staff


class PostingSerializer(BaseModelSerializer):
    class Meta:
        model = Posting
        fields = ["id", "url", "display", "staff", "school", "start", "end", "reason", "position", "note", *STAMPS]


class HonourSerializer(BaseModelSerializer):
    class Meta:
        model = Honour
        fields = ["id", "url", "display", "staff", "kind", "level", "subject", "awarded", "expires", *STAMPS]


# --- Classes and students -------------------------------------------------------------------------


class SchoolClassSerializer(BaseModelSerializer):
    class Meta:
        model = SchoolClass
        fields = ["id", "url", "display", "school", "school_year", "grade", "name", "size", "head_teacher", *STAMPS]

    def validate(self, attrs):
        school = attrs.get("school", getattr(self.instance, "school", None))
        head = attrs.get("head_teacher", getattr(self.instance, "head_teacher", None))
        if school is not None and head is not None and school.pk not in head.owning_school_ids():
            raise serializers.ValidationError({"head_teacher": _("班主任应是在该校任职的教职工。")})
        return super().validate(attrs)


class StudentSerializer(IdNumberShownMixin, BaseModelSerializer):
    may_see = staticmethod(can_see_personal)

    id_number = IdNumberField(required=False, allow_null=True, allow_blank=True)
    id_number_masked = serializers.CharField(source="masked_id_number", read_only=True, label=_("身份证号（脱敏）"))

    class Meta:
        model = Student
        fields = [
            "id", "url", "display", "student_no", "name", "sex", "id_number", "id_number_masked", "school",
            "school_class", "grade", "enrolled", "left_behind", "both_parents_away", "migrant", "disabled",
            "inclusive", "registered_poor", "aux_no", "birth_date", "status", *STAMPS,
        ]  # fmt: skip
        read_only_fields = ["status"]  # changed only by a 学籍变动 (welfare.rolls)

    def validate_grade(self, value):
        if value not in GRADE_RANGE:
            raise serializers.ValidationError(_("年级应在-3到12之间。"))
        return value

    def validate(self, attrs):
        school = attrs.get("school", getattr(self.instance, "school", None))
        school_class = attrs.get("school_class", getattr(self.instance, "school_class", None))
        if school is not None and school_class is not None and school_class.school_id != school.pk:
            raise serializers.ValidationError({"school_class": _("班级不属于该学校。")})
        return super().validate(attrs)
