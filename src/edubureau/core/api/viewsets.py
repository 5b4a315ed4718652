"""Base viewset of the registry API: the one restriction point, and writes re-checked after save.

Like NetBox's ``NetBoxModelViewSet`` (netbox/netbox/api/viewsets/__init__.py), a write is saved
inside a transaction and then checked again with ``can_write`` on the row as saved: a row that the
user could not have written (moved to another school, a staff member posted elsewhere) is rolled
back with a 403, and nothing is written.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import JSONRenderer

from edubureau.core.audit import bind_actor
from edubureau.core.scope import can_write, locked_fields

from .exceptions import Conflict
from .pagination import Pagination
from .renderers import RawFormBrowsableAPIRenderer
from .schema import ApiAutoSchema

__all__ = ["BaseViewSet"]


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
            self.recheck(serializer.save())

    def perform_destroy(self, instance):
        try:
            with transaction.atomic():
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
