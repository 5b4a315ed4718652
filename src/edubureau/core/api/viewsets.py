"""Base viewset of the registry API: the one restriction point, and writes re-checked after save.

Like NetBox's ``NetBoxModelViewSet`` (netbox/netbox/api/viewsets/__init__.py), a write is saved
inside a transaction and then checked again with ``can_write`` on the row as saved: a row that the
user could not have written (moved to another school, a staff member posted elsewhere) is rolled
back with a 403, and nothing is written.

Optimistic concurrency (issue 18, ``core.concurrency``): a single row comes out with ``ETag: "<version>"``
and a ``version`` field. ``PUT``/``PATCH``/``DELETE`` with an ``If-Match`` that is not the row's version
get 412; a body carrying a stale ``version`` gets 409. Both answers name who changed the row, when and
how. The check and the save happen in one transaction with the row locked (``select_for_update`` on
PostgreSQL; SQLite's IMMEDIATE transactions serialise writers). A write with neither is still accepted,
for simple clients.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.http import parse_etags
from django.utils.translation import gettext_lazy as _
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.renderers import JSONRenderer

from edubureau.core.audit import MASKED_FIELDS, bind_actor, log_noted_reveals
from edubureau.core.concurrency import changes_text, locked_version, version_of
from edubureau.core.generic.history import history_rows
from edubureau.core.scope import can_write, locked_fields

from .exceptions import Conflict
from .pagination import Pagination
from .renderers import RawFormBrowsableAPIRenderer
from .schema import ApiAutoSchema

__all__ = ["BaseViewSet", "PreconditionFailed", "StaleVersion"]

# The actions answering one row: their responses carry the row's version as ETag.
SINGLE_ROW_ACTIONS = frozenset({"retrieve", "create", "update", "partial_update"})


class PreconditionFailed(APIException):
    """412: ``If-Match`` names a version of the row that is no longer stored."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("记录已被他人修改，If-Match 与当前版本不符，未写入。")
    default_code = "precondition_failed"


class StaleVersion(APIException):
    """409: the body's ``version`` is not the row's stored version (it was read before someone else's write)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("记录已被他人修改，您提交的 version 已过期，未写入。")
    default_code = "stale_version"


def _nobody_sees(user, obj) -> bool:
    # A conflict answer never carries ID numbers in full, whoever asks (history_rows masks what this denies).
    return False


def changed_by(obj, user, head: str, current: str) -> dict:
    """The body of a 409/412: what changed last, by whom and when, in Chinese, and the current version."""
    rows = history_rows(obj, user, {name: _nobody_sees for name in MASKED_FIELDS})
    # The latest change, not the latest entry: a reveal (someone reading the full numbers) changes nothing.
    latest = next((row for row in rows if row["action_code"] != LogEntry.Action.ACCESS), None)
    changes = [
        {"field": str(c["label"]), "old": str(c["old"]), "new": str(c["new"])}
        for c in (latest["changes"] if latest else [])
    ]
    fields = changes_text((c["field"], c["old"], c["new"]) for c in changes)
    if latest is not None:
        detail = _("{head}{actor} 于 {when} 修改了：{fields}。请重新读取（GET）后再提交。").format(
            head=head, actor=latest["actor"], when=latest["timestamp"], fields=fields
        )
    else:
        detail = _("{head}请重新读取（GET）后再提交。").format(head=head)
    return {
        "detail": detail,
        "current_version": current,
        "changed_by": str(latest["actor"]) if latest else None,
        "changed_at": latest["timestamp"] if latest else None,
        "changes": changes,
    }


class BaseViewSet(viewsets.ModelViewSet):
    """List, read, create, change and delete one registry model within the user's scope.

    A subclass sets ``queryset`` (with the ``select_related`` its serializer needs),
    ``serializer_class``, ``filterset_class`` and ``ordering_fields``.
    """

    pagination_class = Pagination
    renderer_classes = (JSONRenderer, RawFormBrowsableAPIRenderer)
    schema = ApiAutoSchema()
    ordering_fields: tuple[str, ...] = ("id",)

    def get_queryset(self):
        # The one restriction point: rows outside the scope do not exist for this user (404, not 403).
        return super().get_queryset().visible_to(self.request.user)

    def perform_create(self, serializer):
        with transaction.atomic():
            self.recheck(serializer.save())

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # A token is authenticated here, after the audit middleware ran: name the actor now.
        bind_actor(request.user)

    def get_object(self):
        # One lookup per request: ``update`` reads the row for If-Match before DRF's own update reads it.
        if getattr(self, "_object", None) is None:
            self._object = super().get_object()
        return self._object

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code < 300:
            log_noted_reveals(request)  # full ID numbers or phones the answer showed (issue 18)
        data = getattr(response, "data", None)
        if (
            getattr(self, "action", None) in SINGLE_ROW_ACTIONS
            and response.status_code < 300
            and isinstance(data, dict)
            and data.get("version")
        ):
            response["ETag"] = f'"{data["version"]}"'
        return response

    def if_match(self) -> list[str] | None:
        """The versions named by ``If-Match`` (``["*"]`` for any), or None without the header."""
        header = self.request.headers.get("If-Match")
        if header is None:
            return None
        return [tag.removeprefix("W/").strip('"') for tag in parse_etags(header)]

    def check_precondition(self, row, current: str) -> None:
        """412 unless ``If-Match`` (when sent) names ``current``, the version of ``row`` as stored."""
        tags = self.if_match()
        if tags is not None and "*" not in tags and current not in tags:
            head = _("记录已被他人修改，If-Match 与当前版本不符，未写入。")
            raise PreconditionFailed(changed_by(row, self.request.user, head, current))

    def update(self, request, *args, **kwargs):
        # If-Match is a precondition: answered before the body is looked at (RFC 9110 §13.2.2).
        instance = self.get_object()
        self.check_precondition(instance, version_of(instance))
        return super().update(request, *args, **kwargs)

    def check_version_locked(self, instance, sent: str | None) -> None:
        """Inside the write's transaction: lock the row and refuse a write made from a stale copy."""
        loaded = version_of(instance)
        current, row = locked_version(instance)
        if row is None:
            raise NotFound(_("记录已被删除。"))
        self.check_precondition(row, current)
        if sent and sent != current:
            raise StaleVersion(changed_by(row, self.request.user, StaleVersion.default_detail, current))
        if loaded != current:
            # Written by someone else between this request's read and the lock: the copy is stale.
            raise StaleVersion(changed_by(row, self.request.user, StaleVersion.default_detail, current))

    def perform_update(self, serializer):
        locked = locked_fields(self.request.user, type(serializer.instance))
        changed = [
            name
            for name in sorted(locked)
            if name in serializer.validated_data
            and serializer.validated_data[name] != getattr(serializer.instance, name)
        ]
        if changed:
            labels = "、".join(str(type(serializer.instance)._meta.get_field(name).verbose_name) for name in changed)
            raise PermissionDenied(_("无权修改：{fields}由教育局统一维护").format(fields=labels))
        with transaction.atomic():
            self.check_version_locked(serializer.instance, serializer.sent_version)
            self.recheck(serializer.save())

    def perform_destroy(self, instance):
        try:
            with transaction.atomic():
                if self.if_match() is not None:
                    self.check_version_locked(instance, None)
                instance.delete()
        except (ProtectedError, RestrictedError) as exc:
            kinds = sorted({str(type(obj)._meta.verbose_name) for obj in exc.protected_objects})
            raise Conflict(
                _("无法删除“{obj}”：仍有{count}条{kinds}记录引用它，请先处理这些记录。").format(
                    obj=instance, count=len(exc.protected_objects), kinds="、".join(kinds)
                )
            ) from None

    def recheck(self, instance) -> None:
        """Raise 403 (rolling back the enclosing transaction) if the saved row lies outside the user's scope."""
        if not can_write(self.request.user, instance):
            raise PermissionDenied(_("保存后的记录超出您的权限范围，未写入。"))
