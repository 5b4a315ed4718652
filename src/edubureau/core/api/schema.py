"""OpenAPI details drf-spectacular cannot guess: brief foreign keys, and fields shown only to some users."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type, force_instance
from drf_spectacular.types import OpenApiTypes

__all__ = ["ApiAutoSchema", "ScopedRelatedFieldExtension"]


class ScopedRelatedFieldExtension(OpenApiSerializerFieldExtension):
    """A scoped foreign key is an integer id in requests and a ``Brief`` object in responses."""

    target_class = "edubureau.core.api.serializers.ScopedRelatedField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        if direction == "response":
            from .serializers import BriefSerializer

            return auto_schema.resolve_serializer(BriefSerializer, direction).ref
        return build_basic_type(OpenApiTypes.INT)


class ApiAutoSchema(AutoSchema):
    """AutoSchema that leaves fields shown only to some users out of a response's required list.

    Those are a serializer's ``private_fields`` and fields marked ``response_optional`` (full ID numbers).
    """

    def _map_basic_serializer(self, serializer, direction):
        serializer = force_instance(serializer)
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "response" and "required" in schema:
            optional = set(getattr(serializer, "private_fields", ())) | {
                name for name, field in serializer.fields.items() if getattr(field, "response_optional", False)
            }
            schema["required"] = [name for name in schema["required"] if name not in optional]
            if not schema["required"]:
                del schema["required"]
        return schema
