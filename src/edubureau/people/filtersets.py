import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from edubureau.core import idcard
from edubureau.core.filtersets import BaseFilterSet
from edubureau.org.models import School, Zone

from .models import Honour, Posting, SchoolClass, Staff, Student

# A part of a phone or ID number finds people from this many characters on (fewer match half the register).
PARTIAL_DIGITS = 4

__all__ = ["HonourFilterSet", "PostingFilterSet", "SchoolClassFilterSet", "StaffFilterSet", "StudentFilterSet"]


class StaffFilterSet(BaseFilterSet):
    """Filters staff by where they work now (the open posting), besides their own fields."""

    # Issue 18: phone numbers are masked in lists, so a part of one no longer matches (a reader who sees masks
    # could read a number digit by digit); a full phone or ID number typed in the search box still finds the person.
    search_fields = ("name", "subject")
    school = django_filters.ModelChoiceFilter(queryset=School.objects.all(), method="filter_school", label=_("学校"))
    zone = django_filters.ModelChoiceFilter(queryset=Zone.objects.all(), method="filter_zone", label=_("片区"))
    id_number = django_filters.CharFilter(method="filter_id_number", label=_("身份证号"))

    class Meta:
        model = Staff
        fields = ["sex", "establishment", "post_kind", "subject", "teaching_level", "education", "title", "is_active"]

    def search(self, queryset, name, value):
        """Name, subject, the school they work at now, a full phone or ID number — and a part of one (4 digits
        or more) where the reader sees those numbers in full (issue 17), i.e. only among the people whose numbers
        the reader handles (``can_see_personal``: 人事, a school's own staff). Others could otherwise read a masked
        number digit by digit (issue 18)."""
        value = value.strip()
        if not value:
            return queryset
        # A number as a clerk types it: "138 1234 5678", "138-1234-5678", full-width digits, a lower-case x.
        partial = idcard.normalize(value).replace("-", "")
        exact = Q(phone=value) | Q(phone=partial) | Q(id_number=partial)
        found = (exact | Q(name__icontains=value) | Q(subject__icontains=value)
                 | self._open_posting(school__name__icontains=value))
        if len(partial) >= PARTIAL_DIGITS and partial.rstrip("X").isdigit():
            handled = self._handled_by_reader()
            if handled is not None:
                found |= handled & (Q(phone__contains=partial) | Q(id_number__contains=partial))
        return queryset.filter(found)

    def _handled_by_reader(self) -> Q | None:
        """The staff whose full numbers the reader sees (the rule of ``people.permissions.can_see_personal``)."""
        from edubureau.core.roles import Role
        from edubureau.core.scope import scope_for

        scope = scope_for(getattr(self.request, "user", None))
        if scope.superuser or (scope.role == Role.DEPARTMENT and "people" in scope.write_modules):
            return Q()
        if scope.role == Role.SCHOOL and scope.school_ids:
            return self._open_posting(school__in=scope.school_ids)
        return None

    def filter_id_number(self, queryset, name, value):
        """The exact number (spaces and a lower-case x as a clerk types them); the result shows it masked."""
        value = value.strip()
        return queryset.filter(id_number=idcard.normalize(value)) if value else queryset

    def _open_posting(self, **condition):
        return Exists(Posting.objects.filter(staff=OuterRef("pk"), end__isnull=True, **condition))

    # The schema cannot guess a method filter's type: both take a school or zone id.
    @extend_schema_field(OpenApiTypes.INT)
    def filter_school(self, queryset, name, value):
        return queryset.filter(self._open_posting(school=value)) if value else queryset

    @extend_schema_field(OpenApiTypes.INT)
    def filter_zone(self, queryset, name, value):
        return queryset.filter(self._open_posting(school__zone=value)) if value else queryset


class PostingFilterSet(BaseFilterSet):
    search_fields = ("staff__name", "school__name", "note")
    open = django_filters.BooleanFilter(field_name="end", lookup_expr="isnull", label=_("在任"))

    class Meta:
        model = Posting
        fields = ["staff", "school", "reason"]


class HonourFilterSet(BaseFilterSet):
    search_fields = ("staff__name", "subject")

    class Meta:
        model = Honour
        fields = ["staff", "kind", "level"]


class SchoolClassFilterSet(BaseFilterSet):
    search_fields = ("name", "school__name")
    zone = django_filters.NumberFilter(field_name="school__zone", label=_("片区"))
    min_size = django_filters.NumberFilter(field_name="size", lookup_expr="gte", label=_("班额不少于"))

    class Meta:
        model = SchoolClass
        fields = ["school", "school_year", "grade"]


class StudentFilterSet(BaseFilterSet):
    search_fields = ("name", "student_no")

    def search(self, queryset, name, value):
        """Name or student number, or the exact ID number (issue 18: lists show it masked, a search still finds)."""
        value = value.strip()
        if not value:
            return queryset
        return super().search(queryset, name, value) | queryset.filter(id_number=idcard.normalize(value))

    class Meta:
        model = Student
        fields = ["school", "school_class", "grade", "sex", "status", "left_behind", "migrant", "disabled",
                  "registered_poor"]
