"""Create, change and delete pages. Writes are checked with ``can_write`` on the row as it will be saved."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _

from edubureau.core.concurrency import VersionConflict
from edubureau.core.scope import can_delete, can_read, can_write

from .base import RegistryView, can_add
from .urls import object_url

__all__ = ["ObjectDeleteView", "ObjectEditView"]

REFUSED = _("您无权修改这条记录。")


class _WriteMixin:
    may = staticmethod(can_write)

    def get_existing(self):
        """The row named in the URL, looked up unrestricted so that a row out of scope answers 403, not 404."""
        obj = get_object_or_404(self.queryset.all(), pk=self.kwargs["pk"])
        user = self.request.user
        if not (can_read(user, obj) and self.may(user, obj)):
            raise PermissionDenied(REFUSED)
        return obj


class ObjectEditView(_WriteMixin, RegistryView):
    """Add (``/add/``) or change (``/<pk>/edit/``) one row through ``form`` (a ``BaseModelForm``).

    The instance is built from the form, checked with ``can_write`` (a school administrator cannot
    put a row under another school), saved in one transaction, and checked again as saved.

    A change posted from a stale copy of the row (someone saved it after this form was opened) is
    refused with 409 and the form shown again with both values of each changed field (issue 18,
    ``core.concurrency``); the version is checked again under a row lock inside the save's transaction.
    """

    action = "edit"
    template_name = "generic/object_edit.html"
    form = None

    def get_object(self):
        if self.kwargs.get("pk") is None:
            if not can_add(self.request.user, self.model):
                raise PermissionDenied(REFUSED)
            return self.model()
        return self.get_existing()

    def get_initial(self) -> dict:
        """On add, fields may be prefilled from the query string (``?group=3`` from a group's page)."""
        if self.kwargs.get("pk") is not None:
            return {}
        return {key: value for key, value in self.request.GET.items() if key != "return_url"}

    def render_form(self, form, obj, status=200):
        context = self.get_context_data(
            form=form,
            object=obj,
            is_add=obj.pk is None,
            title=str(_("新增{name}").format(name=self.model._meta.verbose_name)) if obj.pk is None else _("编辑"),
            cancel_url=self.get_return_url(object_url(obj, "detail") if obj.pk else object_url(self.model, "list")),
            return_url=self.get_return_url(),
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        return self.render_form(self.form(instance=obj, initial=self.get_initial(), user=request.user), obj)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        is_add = obj.pk is None
        form = self.form(request.POST, request.FILES or None, instance=obj, user=request.user)
        if not form.is_valid():
            return self.render_form(form, obj, status=409 if getattr(form, "conflict", None) else 200)
        instance = form.save(commit=False)
        if not can_write(request.user, instance):
            raise PermissionDenied(REFUSED)
        try:
            with transaction.atomic():
                form.lock_and_check()
                instance.save()
                form.save_related(instance)
                # Checked again as stored: related rows saved with it may change which schools own it.
                if not can_write(request.user, instance):
                    raise PermissionDenied(REFUSED)
        except VersionConflict as exc:
            form.add_error(None, exc.message)
            return self.render_form(form, obj, status=409)
        text = _("已新增{name}“{obj}”。") if is_add else _("已保存{name}“{obj}”。")
        messages.success(request, text.format(name=self.model._meta.verbose_name, obj=instance))
        return redirect(self.get_return_url(object_url(instance, "detail")))


class ObjectDeleteView(_WriteMixin, RegistryView):
    """Confirm, then delete one row. A row still referenced elsewhere is kept, with a message saying by what."""

    action = "delete"
    template_name = "generic/object_delete.html"
    may = staticmethod(can_delete)

    def render_page(self, obj, error="", blockers=(), status=200):
        context = self.get_context_data(
            object=obj,
            title=str(_("删除{name}").format(name=self.model._meta.verbose_name)),
            error=error,
            blockers=blockers,
            cancel_url=self.get_return_url(object_url(obj, "detail")),
            return_url=self.get_return_url(),
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        obj = self.get_existing()
        refusal = _delete_refusal(obj)
        return self.render_page(obj, error=refusal, status=409) if refusal else self.render_page(obj)

    def post(self, request, *args, **kwargs):
        obj = self.get_existing()
        name = str(obj)
        refusal = _delete_refusal(obj)
        if refusal:
            return self.render_page(obj, error=refusal, status=409)
        try:
            with transaction.atomic():
                obj.delete()
        except (ProtectedError, RestrictedError) as exc:
            blocking = list(exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects)
            # Name only what the user may read; the rest is counted.
            readable = [b for b in blocking if hasattr(b, "owning_school_ids") and can_read(request.user, b)]
            blockers = [f"{b._meta.verbose_name}：{b}" for b in readable[:10]]
            if len(blocking) > len(blockers):
                blockers.append(str(_("……另有{n}条未列出").format(n=len(blocking) - len(blockers))))
            error = _("无法删除“{obj}”：仍有{count}条记录引用它，请先处理这些记录。").format(
                obj=name, count=len(blocking)
            )
            return self.render_page(obj, error=error, blockers=blockers, status=409)
        messages.success(request, _("已删除{name}“{obj}”。").format(name=self.model._meta.verbose_name, obj=name))
        return redirect(self.get_return_url(object_url(self.model, "list")))


def _delete_refusal(obj) -> str:
    """Why a row may not be deleted whatever the user's rights (a published result), from the model's own
    ``delete_refusal()``; empty when it may."""
    refusal = getattr(obj, "delete_refusal", None)
    return str(refusal()) if callable(refusal) else ""
