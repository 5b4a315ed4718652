"""The change history of one row (auditlog ``LogEntry``): who, when, what, and each field's old → new value."""

from __future__ import annotations

import ast
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from edubureau.core.audit import SYSTEM_KEY

from .base import RegistryView
from .display import EMPTY, UNGROUPED_FIELDS, cn_date, cn_number
from .urls import object_url

__all__ = ["ACTION_LABELS", "ObjectHistoryView", "history_rows"]

ACTION_LABELS = {
    LogEntry.Action.CREATE: _("新增"),
    LogEntry.Action.UPDATE: _("修改"),
    LogEntry.Action.DELETE: _("删除"),
    LogEntry.Action.ACCESS: _("查看"),
}
MASKED = _("（已隐藏）")


def _parse(raw):
    """auditlog stores values as text ("None", "True", "2025-09-01", "['org']"); read them back."""
    if raw is None or raw == "None" or raw == "":
        return None
    return raw


def _display(field, raw, related_names):
    value = _parse(raw)
    if value is None:
        return EMPTY
    if field is None:
        return str(value)
    if field.is_relation:
        return related_names.get((field.related_model, str(value)), f"#{value}")
    if field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(field, models.BooleanField):
        return str(_("是")) if value in ("True", True) else str(_("否"))
    if isinstance(field, models.DateTimeField):
        parsed = parse_datetime(str(value))
        return cn_date(parsed) if parsed else str(value)
    if isinstance(field, models.DateField):
        parsed = parse_date(str(value)[:10])
        return cn_date(parsed) if parsed else str(value)
    if isinstance(field, models.DecimalField | models.IntegerField) and field.name not in UNGROUPED_FIELDS:
        try:
            return cn_number(Decimal(str(value)))
        except InvalidOperation:
            return str(value)
    if isinstance(field, models.JSONField) and isinstance(value, str) and value.startswith("["):
        try:
            return "、".join(str(v) for v in ast.literal_eval(value)) or EMPTY
        except (ValueError, SyntaxError):
            return value
    return str(value)


def _related_names(model, entries, user) -> dict:
    """Names of the rows that foreign-key changes point to, one query per related model.

    Only rows the viewer may read are named; others show as ``#id``.
    """
    wanted: dict = {}
    for entry in entries:
        for name, values in (entry.changes_dict or {}).items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.is_relation and field.many_to_one:
                wanted.setdefault(field.related_model, set()).update(
                    str(v) for v in values if _parse(v) is not None
                )
    names = {}
    for related, pks in wanted.items():
        rows = related._default_manager.filter(pk__in=[int(p) for p in pks if str(p).isdigit()])
        if hasattr(rows, "visible_to"):
            rows = rows.visible_to(user)
        for row in rows:
            names[(related, str(row.pk))] = str(row)
    return names


def history_rows(obj, user, masked_fields=None) -> list[dict]:
    """The history of ``obj`` newest first, each change in the fields' verbose names.

    ``masked_fields`` maps a field name to ``callable(user, obj) -> bool`` saying whether the viewer
    may see that field's values (ID numbers); values not to be seen are replaced.
    """
    masked_fields = masked_fields or {}
    model = type(obj)
    entries = list(LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp", "-pk"))
    related_names = _related_names(model, entries, user)
    hidden = {name for name, may_see in masked_fields.items() if not may_see(user, obj)}
    rows = []
    for entry in entries:
        changes = []
        for name, values in (entry.changes_dict or {}).items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            # auditlog also records reverse relations ("people.Posting.None") and the key; neither is a change.
            if field is None or not field.concrete or field.primary_key:
                continue
            label = field.verbose_name
            old, new = (list(values) + [None, None])[:2] if isinstance(values, list | tuple) else (None, values)
            if name in hidden:
                old_text = MASKED if _parse(old) is not None else EMPTY
                new_text = MASKED if _parse(new) is not None else EMPTY
            else:
                old_text, new_text = _display(field, old, related_names), _display(field, new, related_names)
            if old_text == new_text == EMPTY:
                continue  # a blank field on create or delete says nothing
            changes.append({"label": label, "old": old_text, "new": new_text})
        actor = entry.actor
        rows.append({
            "timestamp": cn_date(entry.timestamp),
            "actor": (actor.get_full_name() or actor.username) if actor else _system_label(entry),
            "action": ACTION_LABELS.get(entry.action, entry.get_action_display()),
            "action_code": entry.action,
            "changes": changes,
        })
    return rows


def _system_label(entry) -> str:
    """"系统", or "系统（每日扫描）" for an entry written by named system work (``core.audit.system_work``)."""
    extra = entry.additional_data if isinstance(entry.additional_data, dict) else {}
    work = extra.get(SYSTEM_KEY)
    if not work:
        return str(_("系统"))
    return str(_("系统（{work}）").format(work=work))


class ObjectHistoryView(RegistryView):
    """Who changed one row, when, and how. Only for rows the user may read."""

    action = "history"
    template_name = "generic/object_history.html"
    masked_fields: dict = {}

    def get(self, request, *args, **kwargs):
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        context = self.get_context_data(
            object=obj,
            title=str(_("{obj} 的修改记录").format(obj=obj)),
            detail_url=object_url(obj, "detail"),
            entries=history_rows(obj, request.user, self.masked_fields),
        )
        return self.render_to_response(context)
