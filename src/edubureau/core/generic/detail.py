"""The detail page of one registry row: a card of its fields, and buttons the user may use."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.http import urlencode

from edubureau.core.scope import can_delete, can_write

from .base import RegistryView, can_add
from .display import field_rows
from .urls import object_url

__all__ = ["ObjectDetailView", "Related"]

RELATED_LIMIT = 100


@dataclass(frozen=True)
class Related:
    """A table of rows that point at the shown row (a school year's terms, a group's members).

    ``field`` is the foreign key on ``queryset``'s model that points here; it also prefills the add
    form (``?school_year=3``) and filters the full list.
    """

    label: str
    queryset: QuerySet
    field: str
    table: type


def related_tables(obj, user, request, items) -> list[dict]:
    """Tables of the rows related to ``obj`` that ``user`` may read, with add and "all" links."""
    detail = object_url(obj, "detail")
    tables = []
    for item in items:
        model = item.queryset.model
        rows = item.queryset.all().visible_to(user).filter(**{item.field: obj})
        # The column pointing back here would repeat this row on every line.
        table = item.table(rows[:RELATED_LIMIT], orderable=False, exclude=(item.field,))
        table.request = request
        add_url = object_url(model, "add")
        tables.append({
            "label": item.label,
            "table": table,
            "add_url": f"{add_url}?{urlencode({item.field: obj.pk, 'return_url': detail})}" if add_url else "",
            "can_add": can_add(user, model),
            "list_url": f"{object_url(model, 'list')}?{urlencode({item.field: obj.pk})}",
        })
    return tables


class ObjectDetailView(RegistryView):
    """One row, found only among the rows the user may read (404 otherwise, so nothing leaks).

    The template is ``<app>/<model_name>.html`` when the app has a specific one, else the generic card.
    ``fields`` picks and orders the card's fields; ``get_extra_context`` adds related tables.
    """

    action = "detail"
    fields: tuple[str, ...] | None = None
    related: tuple[Related, ...] = ()

    def get_template_names(self):
        meta = self.model._meta
        return [f"{meta.app_label}/{meta.model_name}.html", "generic/object_detail.html"]

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_field_overrides(self, obj) -> dict:
        """Display values that replace a field's own (e.g. a masked ID number)."""
        return {}

    def get_extra_context(self, obj) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        obj = self.object = self.get_object()
        writable = can_write(request.user, obj)
        context = self.get_context_data(
            object=obj,
            title=str(obj),
            field_rows=field_rows(obj, self.fields, overrides=self.get_field_overrides(obj),
                                  user=self.request.user),
            can_edit=writable,
            can_delete=writable and can_delete(request.user, obj),
            edit_url=object_url(obj, "edit"),
            delete_url=object_url(obj, "delete"),
            history_url=object_url(obj, "history"),
            related_tables=related_tables(obj, request.user, request, self.related),
            **self.get_extra_context(obj),
        )
        return self.render_to_response(context)
