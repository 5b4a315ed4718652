"""Base serializer of the registry API: the same scope, the same validation as forms and imports.

Every row comes out with ``id``, ``url`` and ``display`` (its ``str``); a foreign key comes out as a
brief object and goes in as a primary key, chosen among the rows the requesting user can see — a
school administrator cannot point a class at another school's id (it "does not exist" for them).
Input is checked by the model itself (``full_clean``: field validators, unique fields, named
constraints), so the API refuses exactly what a form or an import refuses, with a 400 and a reason.
"""

from __future__ import annotations

import copy
import re

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings

from edubureau.core import idcard
from edubureau.core.concurrency import version_of
from edubureau.core.validators import validate_id_number

__all__ = [
    "BaseModelSerializer",
    "BriefSerializer",
    "DisplayField",
    "IdNumberField",
    "ScopedRelatedField",
    "VersionField",
    "api_viewname",
    "brief",
]

# The largest primary key a database can hold (signed 64-bit); a bigger number is no row at all.
MAX_PK = 2**63 - 1


def api_viewname(model, action: str = "detail") -> str:
    """The URL name of a model's API view, derived as ``<app>-api:<model_name>-<action>``."""
    return f"{model._meta.app_label}-api:{model._meta.model_name}-{action}"


def brief(obj, request) -> dict:
    """The brief form of a row, as nested in other rows: id, API url and display text."""
    return {
        "id": obj.pk,
        "url": reverse(api_viewname(type(obj)), args=[obj.pk], request=request),
        "display": str(obj),
    }


class BriefSerializer(serializers.Serializer):
    """A related row in brief (documentation of ``brief``; the API never parses it)."""

    id = serializers.IntegerField(read_only=True)
    url = serializers.URLField(read_only=True)
    display = serializers.CharField(read_only=True)

    class Meta:
        ref_name = "Brief"


@extend_schema_field(OpenApiTypes.STR)
class DisplayField(serializers.Field):
    """The row's display text (``str(obj)``), read-only."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True, label=_("显示名称"))
        super().__init__(**kwargs)

    def to_representation(self, value):
        return str(value)


@extend_schema_field(OpenApiTypes.STR)
class VersionField(serializers.Field):
    """The row's version (``core.concurrency.version_of``, the same as its ``ETag``): always in output,
    optional in input.

    A ``PUT``/``PATCH`` that sends back the ``version`` it read is refused with 409 if the row changed
    since (issue 18: a stale ``PUT`` silently undid someone's ``PATCH``). A write without it is accepted.
    """

    default_error_messages = {"invalid": _("版本号应为读取记录时得到的 version 字符串。")}

    def __init__(self, **kwargs):
        kwargs.update(
            source="*", required=False, label=_("版本"),
            help_text=_("读取时得到的版本号；修改时原样带回，若记录已被他人修改则拒绝（409）。"),
        )
        super().__init__(**kwargs)

    def to_representation(self, value):
        return version_of(value)

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 64:
            self.fail("invalid")
        return {"_sent_version": data.strip()}


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key: a primary key in, a brief object out, limited to rows the user can see.

    The queryset is narrowed per request through ``visible_to``; ids outside the scope get the
    same answer as ids that do not exist, so a school administrator learns nothing about others.
    """

    default_error_messages = {
        "does_not_exist": _("编号为 {pk_value} 的记录不存在或不在您的权限范围内。"),
        "incorrect_type": _("应为记录编号（正整数），实为 {data_type}。"),
    }

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        return queryset.visible_to(getattr(request, "user", None))

    def use_pk_only_optimization(self):
        return False

    def to_internal_value(self, data):
        if isinstance(data, dict) and "id" in data:
            data = data["id"]  # a brief object sent back as it came out (GET, edit, PUT)
        # bool is an int in Python and 1.5 would become 1: only whole numbers name a row.
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if isinstance(data, str):
            if not re.fullmatch(r"\d{1,19}", data.strip(), flags=re.ASCII):
                self.fail("incorrect_type", data_type="str")
            data = int(data)
        if not 0 < data <= MAX_PK:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)

    def to_representation(self, value):
        return brief(value, self.context.get("request"))

    def display_value(self, instance):
        return str(instance)

    def get_choices(self, cutoff=None):
        # Keyed by id: the brief representation is a dict and cannot key a choice list.
        queryset = self.get_queryset()
        if cutoff is not None:
            queryset = queryset[:cutoff]
        return {item.pk: self.display_value(item) for item in queryset}


class IdNumberField(serializers.CharField):
    """A resident ID number: validated and normalized on input (Chinese reasons).

    On output the serializer drops it unless ``people.permissions.can_see_personal`` allows the
    full number; the schema therefore lists it as optional in responses (``response_optional``).
    """

    response_optional = True

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 18 + 8)  # room for spaces a clerk may type; normalized below
        kwargs.setdefault("label", _("身份证号"))
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        value = super().run_validation(data)
        # A blank optional number is "none on record" (NULL), so that blanks never collide as duplicates.
        return None if value == "" and self.allow_null else value

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            validate_id_number(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        return idcard.normalize(value)


def django_error_detail(exc: DjangoValidationError) -> dict | list:
    """A Django ValidationError as DRF error detail, with ``__all__`` renamed to ``non_field_errors``."""
    if hasattr(exc, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key): value
            for key, value in exc.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}


class BaseModelSerializer(serializers.ModelSerializer):
    """Base of every registry serializer: id, url, display, version; scoped foreign keys; model validation."""

    serializer_related_field = ScopedRelatedField
    display = DisplayField()
    version = VersionField()

    # The version a write sent back (None when it sent none); BaseViewSet compares it under a row lock.
    sent_version: str | None = None

    def get_field_names(self, declared_fields, info):
        names = list(super().get_field_names(declared_fields, info))
        # Every registry row carries its version, without each serializer having to list it.
        return names if "version" in names else [*names, "version"]

    def to_internal_value(self, data):
        attrs = super().to_internal_value(data)
        self.sent_version = attrs.pop("_sent_version", None) or None
        return attrs

    def get_validators(self):
        # Unique-together rules are checked by ``full_clean`` below, with the fields' Chinese names
        # (DRF's own validator would name them by their English attribute names).
        return []

    def build_url_field(self, field_name, model_class):
        return serializers.HyperlinkedIdentityField, {"view_name": api_viewname(model_class)}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        self.full_clean(self._candidate(attrs))
        return attrs

    def _candidate(self, attrs):
        """The row as it would be saved: a copy of the instance (or a new one) with ``attrs`` set."""
        model = self.Meta.model
        instance = copy.copy(self.instance) if self.instance is not None else model()
        concrete = {f.name for f in model._meta.concrete_fields}
        for name, value in attrs.items():
            if name in concrete:
                setattr(instance, name, value)
        return instance

    def full_clean(self, instance) -> None:
        """Run the model's own checks on ``instance``; raise a DRF ValidationError listing every reason.

        Field validators, unique fields and named constraints all answer with the model's Chinese
        messages (``violation_error_message``), the same sentences a form or an import shows.
        """
        exclude = {f.name for f in type(instance)._meta.concrete_fields if not f.editable}
        try:
            instance.full_clean(exclude=exclude)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(django_error_detail(exc)) from None

    @staticmethod
    def date_order(attrs, instance, start: str, end: str, model: type[models.Model]) -> None:
        """Refuse an ``end`` date before ``start`` (naming both fields), reading missing values from the instance."""
        start_value = attrs.get(start, getattr(instance, start, None))
        end_value = attrs.get(end, getattr(instance, end, None))
        if start_value and end_value and end_value < start_value:
            raise serializers.ValidationError(
                {
                    end: _("{end}不能早于{start}。").format(
                        end=model._meta.get_field(end).verbose_name, start=model._meta.get_field(start).verbose_name
                    )
                }
            )
