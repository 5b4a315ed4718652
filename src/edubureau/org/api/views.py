"""API viewsets of the org registry: one short class per model, all scope-restricted by ``BaseViewSet``."""

from edubureau.core.api.viewsets import BaseViewSet

from .. import filtersets
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
from . import serializers

__all__ = [
    "CampusViewSet",
    "DepartmentViewSet",
    "EducationGroupViewSet",
    "GroupMembershipViewSet",
    "PairingViewSet",
    "RegionViewSet",
    "SchoolFactsViewSet",
    "SchoolViewSet",
    "SchoolYearViewSet",
    "TermViewSet",
    "ZoneViewSet",
]


# --- Reference data -------------------------------------------------------------------------------


class RegionViewSet(BaseViewSet):
    """区县."""

    queryset = Region.objects.all()
    serializer_class = serializers.RegionSerializer
    ordering_fields = ("id", "code", "name")


class ZoneViewSet(BaseViewSet):
    """片区/学区."""

    queryset = Zone.objects.select_related("region")
    serializer_class = serializers.ZoneSerializer
    filterset_class = filtersets.ZoneFilterSet
    ordering_fields = ("id", "name", "kind")


class DepartmentViewSet(BaseViewSet):
    """科室 and the modules each owns."""

    queryset = Department.objects.all()
    serializer_class = serializers.DepartmentSerializer
    filterset_class = filtersets.DepartmentFilterSet
    ordering_fields = ("id", "code", "name")


class SchoolYearViewSet(BaseViewSet):
    """学年."""

    queryset = SchoolYear.objects.all()
    serializer_class = serializers.SchoolYearSerializer
    filterset_class = filtersets.SchoolYearFilterSet
    ordering_fields = ("id", "start_year")


class TermViewSet(BaseViewSet):
    """学期."""

    queryset = Term.objects.select_related("school_year")
    serializer_class = serializers.TermSerializer
    filterset_class = filtersets.TermFilterSet
    ordering_fields = ("id", "start", "number")


# --- Schools --------------------------------------------------------------------------------------


class SchoolViewSet(BaseViewSet):
    """学校 (a school administrator sees and edits its own school only)."""

    queryset = School.objects.select_related("region", "zone", "central_school")
    serializer_class = serializers.SchoolSerializer
    filterset_class = filtersets.SchoolFilterSet
    ordering_fields = ("id", "code", "name", "kind", "locality", "founded")


class CampusViewSet(BaseViewSet):
    """校区."""

    queryset = Campus.objects.select_related("school")
    serializer_class = serializers.CampusSerializer
    filterset_class = filtersets.CampusFilterSet
    ordering_fields = ("id", "name", "school__code")


class EducationGroupViewSet(BaseViewSet):
    """教育集团."""

    queryset = EducationGroup.objects.select_related("lead_school")
    serializer_class = serializers.EducationGroupSerializer
    filterset_class = filtersets.EducationGroupFilterSet
    ordering_fields = ("id", "name", "started")


class GroupMembershipViewSet(BaseViewSet):
    """集团成员."""

    queryset = GroupMembership.objects.select_related("group", "school")
    serializer_class = serializers.GroupMembershipSerializer
    filterset_class = filtersets.GroupMembershipFilterSet
    ordering_fields = ("id", "joined")


class PairingViewSet(BaseViewSet):
    """结对帮扶."""

    queryset = Pairing.objects.select_related(
        "strong_school", "supported_school", "start_term__school_year", "end_term__school_year"
    )
    serializer_class = serializers.PairingSerializer
    filterset_class = filtersets.PairingFilterSet
    ordering_fields = ("id", "start_term__start")


class SchoolFactsViewSet(BaseViewSet):
    """学校基本数据 (yearly facts per level part)."""

    queryset = SchoolFacts.objects.select_related("school", "school_year")
    serializer_class = serializers.SchoolFactsSerializer
    filterset_class = filtersets.SchoolFactsFilterSet
    ordering_fields = ("id", "students", "classes", "school__code", "school_year__start_year")
