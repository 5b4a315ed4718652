"""Generic registry pages, the NetBox way: an app's ``views.py`` is a row of short classes holding attributes.

    class SchoolListView(ObjectListView):
        queryset = School.objects.select_related("zone")
        table = SchoolTable

Every page requires sign-in and a role; rows come through ``visible_to`` and writes through ``can_write``.
"""

from .base import RegistryView
from .detail import ObjectDetailView
from .edit import ObjectDeleteView, ObjectEditView
from .history import ObjectHistoryView
from .list import ObjectListView
from .urls import get_viewname, object_url, object_urls, registry_pages

__all__ = [
    "ObjectDeleteView",
    "ObjectDetailView",
    "ObjectEditView",
    "ObjectHistoryView",
    "ObjectListView",
    "RegistryView",
    "get_viewname",
    "object_url",
    "object_urls",
    "registry_pages",
]
