import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edubureau.core.filtersets import BaseFilterSet

from .models import (
    Campus,
    Department,
    EducationGroup,
    GroupMembership,
    Pairing,
    School,
    SchoolFacts,
    SchoolYear,
    Term,
    Zone,
)

__all__ = [
    "CampusFilterSet",
    "DepartmentFilterSet",
    "EducationGroupFilterSet",
    "GroupMembershipFilterSet",
    "PairingFilterSet",
    "SchoolFactsFilterSet",
    "SchoolFilterSet",
    "SchoolYearFilterSet",
    "TermFilterSet",
    "ZoneFilterSet",
]


class ZoneFilterSet(BaseFilterSet):
    search_fields = ("name",)

    class Meta:
        model = Zone
        fields = ["region", "kind"]


class DepartmentFilterSet(BaseFilterSet):
    search_fields = ("name", "code", "head")

    class Meta:
        model = Department
        fields = []


class SchoolYearFilterSet(BaseFilterSet):
    class Meta:
        model = SchoolYear
        fields = ["is_current"]


class TermFilterSet(BaseFilterSet):
    class Meta:
        model = Term
        fields = ["school_year", "number"]


class SchoolFilterSet(BaseFilterSet):
    search_fields = ("name", "code", "short_name", "address", "principal")
    code = django_filters.CharFilter(label=_("学校标识码"))

    class Meta:
        model = School
        fields = ["kind", "ownership", "locality", "zone", "is_teaching_point", "central_school", "is_active"]


class CampusFilterSet(BaseFilterSet):
    search_fields = ("name", "address", "school__name")

    class Meta:
        model = Campus
        fields = ["school"]


class EducationGroupFilterSet(BaseFilterSet):
    search_fields = ("name", "lead_school__name")

    class Meta:
        model = EducationGroup
        fields = ["kind", "lead_school"]


class GroupMembershipFilterSet(BaseFilterSet):
    search_fields = ("group__name", "school__name")

    class Meta:
        model = GroupMembership
        fields = ["group", "school"]


class PairingFilterSet(BaseFilterSet):
    search_fields = ("strong_school__name", "supported_school__name", "content")

    class Meta:
        model = Pairing
        fields = ["strong_school", "supported_school", "start_term"]


class SchoolFactsFilterSet(BaseFilterSet):
    search_fields = ("school__name", "school__code")
    zone = django_filters.NumberFilter(field_name="school__zone", label=_("片区"))
    oversized = django_filters.BooleanFilter(method="filter_oversized", label=_("有大班额"))

    class Meta:
        model = SchoolFacts
        fields = ["school", "school_year", "level_part", "staff_source"]

    def filter_oversized(self, queryset, name, value):
        condition = Q(classes_56_65__gt=0) | Q(classes_66_plus__gt=0)
        return queryset.filter(condition) if value else queryset.exclude(condition)
