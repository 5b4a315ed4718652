"""Base filterset: a free-text ``q`` search, and choice lists restricted to the user's scope."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BaseFilterSet(django_filters.FilterSet):
    """Every filterset of a page or the API.

    A "school" drop-down must not list other schools to a school administrator, so each
    model-choice filter's queryset is narrowed through ``visible_to`` of the requesting user.
    """

    q = django_filters.CharFilter(method="search", label=_("搜索"))

    search_fields: tuple[str, ...] = ()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        for filter_ in self.filters.values():
            # Issue 17 ("Kind, Ownership, Locality" on the filter panels): a filter caches its form field, and
            # drf-spectacular builds it on the class's base filters when the API schema is generated (/api/docs/),
            # before any model is attached: the cached field has no label (the form then shows pretty_name,
            # "Kind") and the choices of that moment. Each filterset builds its own field from the verbose name.
            filter_.__dict__.pop("_field", None)
            choices = getattr(filter_, "queryset", None)
            if choices is not None and hasattr(choices, "visible_to"):
                filter_.queryset = choices = choices.visible_to(user) if user is not None else choices.none()
            if choices is not None and _keeps_pinyin(choices.model):
                # A drop-down of schools or people lists them as users look for them: by pinyin (issue 17).
                filter_.queryset = choices.order_by("name_pinyin", "name", "pk")

    def search(self, queryset, name, value):
        return keyword_search(queryset, value.strip(), self.search_fields)


def keyword_search(rows, text: str, fields) -> object:
    """Rows where any of ``fields`` contains ``text`` (case-insensitive); all rows for an empty text or no fields.

    The ``q`` box of every list: the registry lists through ``BaseFilterSet``, the department lists through
    ``core.listexport`` (issue 17).
    """
    if not text or not fields:
        return rows
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": text})
    return rows.filter(condition)


def _keeps_pinyin(model) -> bool:
    return any(field.name == "name_pinyin" for field in model._meta.concrete_fields)
