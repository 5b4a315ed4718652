"""The API's permission: signed in, and — for writes — allowed by ``core.scope.can_write``."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from edubureau.core.scope import can_delete, can_write, scope_for


class ScopedPermission(BasePermission):
    message = "无权执行此操作"

    def has_permission(self, request, view):
        if scope_for(request.user).role is None:
            return False
        if request.method in SAFE_METHODS:
            return True
        model = getattr(getattr(view, "queryset", None), "model", None)
        return model is None or can_write(request.user, model)

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        return can_delete(request.user, obj) if request.method == "DELETE" else can_write(request.user, obj)
