"""Issue 17: the filter panels of the list pages showed "Kind, Ownership, Locality, Sex …" in some runs.

The cause: a django-filter filter caches its form field, and drf-spectacular builds that field on the filterset
class's base filters when the API schema is generated (/api/schema/, /api/docs/). No model is attached to a base
filter, so the cached field has no label, every later filterset copied it, and Django's form showed the field name
("kind" → "Kind"). Whether a panel was Chinese depended on whether someone had opened the API docs first.

Here the schema is generated first and the first page request asks for English; then every list page's filter
panel (discovered from the URL patterns) must show only Chinese labels and choices from our own code.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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


def test_every_list_page_filter_panel_is_chinese_after_the_schema_and_an_english_request(client, world):
    routes = list_routes()
    assert {"org:school_list", "people:staff_list", "org:schoolfacts_list", "people:posting_list",
            "people:honour_list", "org:educationgroup_list", "org:zone_list", "org:term_list"} <= set(routes)
    client.force_login(world.users["department"])
    assert client.get(reverse("api-schema")).status_code == 200  # builds the base filters' fields
    problems = []
    for name in routes:
        response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, name
        for bound in response.context.get("filter_fields") or []:
            field = bound.field
            if not field.label or not CJK.search(str(field.label)):
                problems.append(f"{name}: label {field.label!r} of {bound.name}")
            for _value, text in getattr(field, "choices", ()) or ():
                if english_left(text):
                    problems.append(f"{name}: choice {text!r} of {bound.name}")
    assert not problems, problems


def test_the_schema_still_describes_the_filters(client, world):
    client.force_login(world.users["department"])
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    parameters = {p["name"] for op in schema["paths"].values() for m in op.values() if isinstance(m, dict)
                  for p in m.get("parameters", [])}
    assert {"kind", "locality", "q"} <= parameters
