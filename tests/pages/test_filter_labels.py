"""Issue 17: the filter panels of the list pages showed "Kind, Ownership, Locality, Sex …" in some runs.

The cause: a django-filter filter caches its form field, and drf-spectacular builds that field on the filterset
class's base filters when the API schema is generated (/api/schema/, /api/docs/). No model is attached to a base
filter, so the cached field has no label, every later filterset copied it, and Django's form showed the field name
("kind" → "Kind"). Whether a panel was Chinese depended on whether someone had opened the API docs first.

Here the filterset classes start with no cached field (a fresh process); first comes the API schema, or an English
browser with an English language cookie, or nothing; then every list page's filter panel (discovered from the URL
patterns), asked for in English and twice over, must show only Chinese labels and choices from our own code.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from edubureau.core.filtersets import BaseFilterSet
from edubureau.core.generic.list import ObjectListView

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Latin text that is a code or an acronym, not English left on screen.
ALLOWED = {"ID", "CPU", "GB", "MB", "KB"}


def list_routes(resolver=None, namespace="") -> list[str]:
    """URL names of every registry list page (an ObjectListView without URL arguments)."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += list_routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.converters:
            view = getattr(entry.callback, "view_class", None)
            if view is not None and issubclass(view, ObjectListView):
                found.append(f"{namespace}{entry.name}")
    return sorted(set(found))


def english_left(text: str) -> bool:
    words = set(LATIN_WORD.findall(str(text))) - ALLOWED
    return bool(words) and not CJK.search(str(text))


def filterset_classes(cls=BaseFilterSet) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *filterset_classes(sub)]
    return found


def clear_filter_caches() -> None:
    """A fresh process: no filterset class holds a form field built earlier (by the schema or a page)."""
    for cls in filterset_classes():
        for filter_ in cls.base_filters.values():
            filter_.__dict__.pop("_field", None)


def panel_problems(client, routes) -> list[str]:
    problems = []
    for name in routes:
        response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, name
        assert response["Content-Language"] == "zh-hans", name
        fields = response.context.get("filter_fields") or []
        for bound in fields:
            field = bound.field
            if not field.label or not CJK.search(str(field.label)):
                problems.append(f"{name}: label {field.label!r} of {bound.name}")
            if english_left(bound.label):
                problems.append(f"{name}: shown label {bound.label!r} of {bound.name}")
            for _value, text in getattr(field, "choices", ()) or ():
                if english_left(text):
                    problems.append(f"{name}: choice {text!r} of {bound.name}")
        table = response.context.get("table")
        for column in table.columns if table is not None else ():  # the column headers, built the same way
            if not CJK.search(str(column.header)) and str(column.header).strip() not in ALLOWED | {""}:
                problems.append(f"{name}: column header {column.header!r}")
    return problems


@pytest.mark.parametrize("first", ["api schema", "english browser and cookie", "nothing"])
def test_every_list_page_filter_panel_is_chinese_whatever_came_first(client, world, first):
    routes = list_routes()
    assert {"org:school_list", "people:staff_list", "org:schoolfacts_list", "people:posting_list",
            "people:honour_list", "org:educationgroup_list", "org:zone_list", "org:term_list"} <= set(routes)
    assert len(filterset_classes()) >= 8
    clear_filter_caches()
    client.force_login(world.users["department"])
    if first == "api schema":
        assert client.get(reverse("api-schema")).status_code == 200  # builds the base filters' fields
    elif first == "english browser and cookie":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        assert client.get(reverse("org:school_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").status_code == 200
    problems = panel_problems(client, routes)
    # Once more, with whatever the first round cached on the classes.
    problems += panel_problems(client, routes)
    assert not problems, problems


def test_neither_accept_language_nor_a_cookie_switches_the_ui_to_english(client, world):
    """Only Chinese exists: an English page would be our Chinese mixed with Django's English."""
    client.force_login(world.users["department"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("org:school_list"), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "zh-hans"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans"]


def test_the_schema_still_describes_the_filters(client, world):
    client.force_login(world.users["department"])
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    parameters = {p["name"] for op in schema["paths"].values() for m in op.values() if isinstance(m, dict)
                  for p in m.get("parameters", [])}
    assert {"kind", "locality", "q"} <= parameters
