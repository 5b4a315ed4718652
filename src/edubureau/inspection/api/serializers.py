"""Serializers of the inspection API: zones, visits, findings and rectification notices (read-only)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from edubureau.core.api.serializers import BaseModelSerializer, BriefSerializer, brief
from edubureau.core.scope import scope_for

from ..models import Checklist, ChecklistItem, Finding, Rectification, ResponsibilityZone, Visit

__all__ = [
    "ChecklistItemSerializer",
    "ChecklistSerializer",
    "FindingSerializer",
    "RectificationSerializer",
    "ResponsibilityZoneSerializer",
    "VisitSerializer",
]


def _in_scope(request, schools):
    ids = scope_for(request.user).school_ids
    return [brief(s, request) for s in schools if ids is None or s.pk in ids]


# A visit's checklist and a finding's item come out as brief objects whose url names the checklist
# API; before those routes existed every visit and finding answered 500 (NoReverseMatch, issue 18).


class ChecklistItemSerializer(BaseModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "url", "display", "checklist", "position", "text", "category", "points", "raises_finding",
                  "severity"]


class ChecklistSerializer(BaseModelSerializer):
    items = serializers.SerializerMethodField()

    class Meta:
        model = Checklist
        fields = ["id", "url", "display", "name", "kind", "active", "items"]

    @extend_schema_field(BriefSerializer(many=True))
    def get_items(self, obj):
        return [brief(item, self.context["request"]) for item in obj.items.all()]


class ResponsibilityZoneSerializer(BaseModelSerializer):
    inspectors = serializers.SerializerMethodField()
    schools = serializers.SerializerMethodField()

    class Meta:
        model = ResponsibilityZone
        fields = ["id", "url", "display", "name", "term", "inspectors", "schools"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_inspectors(self, obj):
        return [p.name for p in obj.inspectors.all()]

    @extend_schema_field(BriefSerializer(many=True))
    def get_schools(self, obj):
        return _in_scope(self.context["request"], obj.schools.all())


class VisitSerializer(BaseModelSerializer):
    inspectors = serializers.SerializerMethodField()
    schools = serializers.SerializerMethodField()

    class Meta:
        model = Visit
        fields = ["id", "url", "display", "day", "kind", "status", "checklist", "inspectors", "schools", "notes"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_inspectors(self, obj):
        return [p.name for p in obj.inspectors.all()]

    @extend_schema_field(BriefSerializer(many=True))
    def get_schools(self, obj):
        return _in_scope(self.context["request"], obj.schools.all())


class FindingSerializer(BaseModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "url", "display", "school", "category", "severity", "description", "found_on", "item"]


class RectificationSerializer(BaseModelSerializer):
    title = serializers.CharField(source="followup.title", read_only=True)
    detail = serializers.CharField(source="followup.detail", read_only=True)
    state = serializers.CharField(source="followup.state", read_only=True)
    issued_on = serializers.DateField(source="followup.issued_on", read_only=True)
    due = serializers.DateField(source="followup.due", read_only=True)
    responded_on = serializers.DateField(source="followup.responded_on", read_only=True, allow_null=True)
    closed_on = serializers.DateField(source="followup.closed_on", read_only=True, allow_null=True)
    school = serializers.SerializerMethodField()
    findings = serializers.SerializerMethodField()

    class Meta:
        model = Rectification
        fields = ["id", "url", "display", "number", "title", "detail", "school", "state", "issued_on", "due",
                  "responded_on", "closed_on", "findings"]

    @extend_schema_field(BriefSerializer)
    def get_school(self, obj):
        return brief(obj.followup.school, self.context["request"]) if obj.followup.school_id else None

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_findings(self, obj):
        return [f.pk for f in obj.findings.all()]
