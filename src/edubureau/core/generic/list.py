"""The list page of a registry: filters, search, sortable table, 50 rows a page, Excel links."""

from __future__ import annotations

from importlib import import_module

from django import forms
from django.core.paginator import Page, Paginator
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

from edubureau.core.filtersets import BaseFilterSet
from edubureau.core.forms import bootstrapify

from .base import RegistryView

__all__ = ["ObjectListView", "default_filterset", "page_of"]


def default_filterset(model, fields=(), search_fields=()):
    """A filterset for a model whose app declares none: the listed fields plus the ``q`` search."""
    meta = type("Meta", (), {"model": model, "fields": list(fields)})
    attrs = {"Meta": meta, "search_fields": tuple(search_fields), "__module__": __name__}
    return type(f"{model.__name__}FilterSet", (BaseFilterSet,), attrs)


# A drop-down of more choices than this (all 20,000 staff of a county) is no help and a heavy page:
# such a filter is left out of the panel unless a link already chose a value (?staff=5).
MAX_FILTER_CHOICES = 300


def trim_choice_filters(form, data) -> None:
    """Keep the filter form's choice lists short and cheap (``select_related`` for their labels)."""
    for name, field in list(form.fields.items()):
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        field.queryset = queryset = queryset.select_related()
        if queryset.count() <= MAX_FILTER_CHOICES:
            continue
        chosen = [value for value in data.getlist(name) if value.isdigit()]
        if chosen:
            field.queryset = queryset.filter(pk__in=chosen)
        else:
            del form.fields[name]


def label_empty_choices(form) -> None:
    """An empty filter means "any": say 全部, not "---------" or 未知."""
    everything = _("全部")
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.NullBooleanSelect):
            widget.choices = (("unknown", everything), ("true", _("是")), ("false", _("否")))
        elif getattr(field, "empty_label", None) is not None:  # model choices and django-filter's choices
            field.empty_label = everything
            field.widget.choices = field.choices  # the widget keeps its own copy
        elif isinstance(field, forms.ChoiceField) and field.choices and field.choices[0][0] in ("", None):
            field.choices = [("", everything), *list(field.choices)[1:]]


def _without(query, *names) -> str:
    query = query.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def page_of(request, rows, per_page: int = 50) -> tuple[Page, str]:
    """One page of ``rows`` (``?page=``) and the query string without the page, for the pager links.

    The hand-written list pages (visits, notices, problems) page like the registry lists: at city scale a county's
    thousands of rows are not one page (issue 16). ``rows`` must be ordered, on indexed columns where it is large.
    Show the links with ``{% include "generic/_pager.html" %}``.
    """
    return Paginator(rows, per_page).get_page(request.GET.get("page")), _without(request.GET, "page")


class ObjectListView(RegistryView):
    """Rows of one model the user may read, filtered by ``<Model>FilterSet`` and shown by ``table``.

    The filterset is looked up in the model's app (``org.filtersets.SchoolFilterSet``); for a
    model without one, ``filterset_fields`` and ``search_fields`` build a plain one.
    """

    action = "list"
    template_name = "generic/object_list.html"
    table = None
    filterset = None
    filterset_fields: tuple[str, ...] = ()
    search_fields: tuple[str, ...] = ()
    per_page = 50

    def get_filterset_class(self):
        if self.filterset is not None:
            return self.filterset
        package = self.model.__module__.rsplit(".", 1)[0]
        try:
            found = getattr(import_module(f"{package}.filtersets"), f"{self.model.__name__}FilterSet", None)
        except ImportError:
            found = None
        return found or default_filterset(self.model, self.filterset_fields, self.search_fields)

    def get(self, request, *args, **kwargs):
        filterset = self.get_filterset_class()(request.GET, queryset=self.get_queryset(), request=request)
        trim_choice_filters(filterset.form, request.GET)
        label_empty_choices(filterset.form)
        bootstrapify(filterset.form)
        table = self.table(filterset.qs)
        RequestConfig(request, paginate={"per_page": self.per_page}).configure(table)
        # Filters in use (not the search box, paging or sorting), to badge the filter button.
        active = [
            name for name in filterset.form.fields
            if name != "q" and request.GET.get(name) not in (None, "")
        ]
        meta = self.model._meta
        context = self.get_context_data(
            table=table,
            filterset=filterset,
            filter_fields=[filterset.form[name] for name in filterset.form.fields if name != "q"],
            active_filter_count=len(active),
            count=table.paginator.count,
            search=request.GET.get("q", ""),
            has_search="q" in filterset.form.fields and bool(getattr(filterset, "search_fields", ())),
            spec=f"{meta.app_label}.{meta.model_name}",
            export_query=_without(request.GET, "page"),
        )
        return self.render_to_response(context)
