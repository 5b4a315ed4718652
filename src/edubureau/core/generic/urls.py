"""Derived URL names and paths of the registry pages (``org:school_list``, ``/org/schools/<pk>/edit/``).

Names are never typed by hand: ``get_viewname(School, "edit")`` gives ``"org:school_edit"``, the way
NetBox's ``utilities.views.get_viewname`` does, so a template or a table can link to any model's page.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, path, reverse

__all__ = ["ACTIONS", "get_viewname", "object_url", "object_urls", "readable_url", "registry_pages"]

ACTIONS = ("list", "detail", "add", "edit", "delete", "history")


def get_viewname(model, action: str = "list") -> str:
    """The URL name of ``action`` for ``model`` (a class or an instance): ``<app>:<model_name>_<action>``."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    meta = model._meta
    return f"{meta.app_label}:{meta.model_name}_{action}"


def object_url(obj_or_model, action: str = "detail") -> str:
    """The URL of ``action`` for an instance (detail, edit, delete, history) or a model (list, add), or ''."""
    kwargs = {}
    if action in ("detail", "edit", "delete", "history"):
        kwargs["pk"] = obj_or_model.pk
    try:
        return reverse(get_viewname(obj_or_model, action), kwargs=kwargs)
    except NoReverseMatch:
        return ""


def readable_url(user, obj) -> str:
    """The detail URL of ``obj`` if ``user`` may open it, else '' (issue 17: no link that ends on 404).

    The detail page finds its row among ``visible_to(user)``; ``can_read`` agrees with that filter for the models
    that declare their owners, and the filter itself answers for the others.
    """
    from edubureau.core.scope import can_read

    url = object_url(obj, "detail")
    if not url or user is None:
        return url
    model = type(obj)
    if hasattr(model, "owning_school_ids") and hasattr(model, "ownerless_rows_private"):
        return url if can_read(user, obj) else ""
    visible_to = getattr(model._default_manager, "visible_to", None)
    if visible_to is not None and not visible_to(user).filter(pk=obj.pk).exists():
        return ""
    return url


def object_urls(prefix: str, *views) -> list:
    """The URL patterns of one model's pages under ``prefix`` (plural kebab-case, e.g. ``"school-facts"``).

    Each view class says which page it is through its ``action``; an edit view serves both ``add/``
    and ``<pk>/edit/``.
    """
    routes = {
        "list": [("", "list")],
        "detail": [("<int:pk>/", "detail")],
        "edit": [("add/", "add"), ("<int:pk>/edit/", "edit")],
        "delete": [("<int:pk>/delete/", "delete")],
        "history": [("<int:pk>/history/", "history")],
    }
    patterns = []
    for view in views:
        model = view.queryset.model
        for route, action in routes[view.action]:
            patterns.append(path(f"{prefix}/{route}", view.as_view(), name=get_viewname(model, action).split(":")[1]))
    return patterns


def registry_pages(prefix: str, model, table, form, *, related=(), detail=None) -> list:
    """The URL patterns of a register's five pages (list, detail, add/edit, delete, history) under ``prefix``.

    ``related`` is what the list and detail pages ``select_related``; ``detail`` replaces the plain detail page
    (one that masks a field, for instance). Every app's registers use this instead of writing five classes.
    """
    from .detail import ObjectDetailView
    from .edit import ObjectDeleteView, ObjectEditView
    from .history import ObjectHistoryView
    from .list import ObjectListView

    name = model.__name__
    rows = model.objects.select_related(*related) if related else model.objects.all()
    return object_urls(
        prefix,
        type(f"{name}ListView", (ObjectListView,), {"queryset": rows, "table": table}),
        detail or type(f"{name}View", (ObjectDetailView,), {"queryset": rows}),
        type(f"{name}EditView", (ObjectEditView,), {"queryset": model.objects.all(), "form": form}),
        type(f"{name}DeleteView", (ObjectDeleteView,), {"queryset": model.objects.all()}),
        type(f"{name}HistoryView", (ObjectHistoryView,), {"queryset": model.objects.all()}),
    )
