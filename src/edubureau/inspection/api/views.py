"""Read-only API of 督导, cut to the reader's scope: an inspector reads its zone, a school its own findings
and notices (a school reads no zones or visits: they name other schools). Writing goes through the pages."""

from django_filters import rest_framework as filters

from edubureau.core.api.viewsets import BaseViewSet
from edubureau.core.filtersets import BaseFilterSet

from .. import services
from ..models import Checklist, ChecklistItem, Finding, Rectification, ResponsibilityZone, Visit
from . import serializers

__all__ = [
    "ChecklistItemViewSet",
    "ChecklistViewSet",
    "FindingViewSet",
    "RectificationViewSet",
    "ResponsibilityZoneViewSet",
    "VisitViewSet",
]


class ReadOnlyViewSet(BaseViewSet):
    http_method_names = ["get", "head", "options"]


class ZoneFilterSet(BaseFilterSet):
    search_fields = ("name",)

    class Meta:
        model = ResponsibilityZone
        fields = ["term"]


class VisitFilterSet(BaseFilterSet):
    class Meta:
        model = Visit
        fields = ["kind", "status"]


class FindingFilterSet(BaseFilterSet):
    search_fields = ("description",)

    class Meta:
        model = Finding
        fields = ["category", "severity", "school"]


class RectificationFilterSet(BaseFilterSet):
    state = filters.CharFilter(field_name="followup__state", label="状态")

    class Meta:
        model = Rectification
        fields = ["state"]


class ChecklistFilterSet(BaseFilterSet):
    search_fields = ("name",)

    class Meta:
        model = Checklist
        fields = ["kind", "active"]


class ChecklistItemFilterSet(BaseFilterSet):
    search_fields = ("text",)

    class Meta:
        model = ChecklistItem
        fields = ["checklist", "category"]


class ChecklistViewSet(ReadOnlyViewSet):
    """督导检查表 and its items (reference data every signed-in user reads)."""

    queryset = Checklist.objects.prefetch_related("items")
    serializer_class = serializers.ChecklistSerializer
    filterset_class = ChecklistFilterSet


class ChecklistItemViewSet(ReadOnlyViewSet):
    """检查项: one check of a checklist, as a finding names it."""

    queryset = ChecklistItem.objects.select_related("checklist")
    serializer_class = serializers.ChecklistItemSerializer
    filterset_class = ChecklistItemFilterSet


class ResponsibilityZoneViewSet(ReadOnlyViewSet):
    """督学责任区: its inspectors and schools."""

    queryset = ResponsibilityZone.objects.prefetch_related("inspectors", "schools")
    serializer_class = serializers.ResponsibilityZoneSerializer
    filterset_class = ZoneFilterSet

    def get_queryset(self):
        return super().get_queryset() & services.zones_visible_to(self.request.user)


class VisitViewSet(ReadOnlyViewSet):
    """督导记录: a visit done or missed."""

    queryset = Visit.objects.select_related("checklist").prefetch_related("inspectors", "schools")
    serializer_class = serializers.VisitSerializer
    filterset_class = VisitFilterSet
    ordering_fields = ("id", "day")

    def get_queryset(self):
        return super().get_queryset() & services.visits_visible_to(self.request.user)


class FindingViewSet(ReadOnlyViewSet):
    """督导发现问题."""

    queryset = Finding.objects.select_related("school", "item")
    serializer_class = serializers.FindingSerializer
    filterset_class = FindingFilterSet
    ordering_fields = ("id", "found_on")


class RectificationViewSet(ReadOnlyViewSet):
    """整改通知 with the state of its follow-up."""

    queryset = Rectification.objects.select_related("followup", "followup__school").prefetch_related("findings")
    serializer_class = serializers.RectificationSerializer
    filterset_class = RectificationFilterSet
