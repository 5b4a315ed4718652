"""Serializers of the 信访 read API: the matter for every reader in scope, who complained for the office only.

Names, not links, for the school, teacher and handler (the follow-up and users have no API route)."""

from rest_framework import serializers

from edubureau.core.api.serializers import BaseModelSerializer

from ..models import Complaint

__all__ = ["ComplaintSerializer", "OfficeComplaintSerializer"]

PUBLIC = ["number", "channel", "received_on", "category", "summary", "content", "accept_due", "answer_due",
          "original_due", "extended_on", "extension_reason", "finding", "reply"]
IDENTITY = ["source_ref", "anonymous", "complainant_name", "complainant_phone", "complainant_id",
            "complainant_address", "satisfaction", "visit_on"]


class ComplaintSerializer(BaseModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True, default="")
    teacher_name = serializers.CharField(source="teacher.name", read_only=True, default="")
    handler = serializers.CharField(source="handler_label", read_only=True)
    status = serializers.CharField(read_only=True)
    answered_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Complaint
        fields = ["id", "url", "display", *PUBLIC, "school_name", "teacher_name", "handler", "status",
                  "answered_on"]
        read_only_fields = fields


class OfficeComplaintSerializer(ComplaintSerializer):
    """The 信访 office's view: the same, with who complained and the repeat link."""

    repeat_of = serializers.CharField(source="repeat_of.number", read_only=True, default="")

    class Meta(ComplaintSerializer.Meta):
        fields = [*ComplaintSerializer.Meta.fields, *IDENTITY, "repeat_of", "repeat_reason"]
        read_only_fields = fields
