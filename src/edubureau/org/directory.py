"""The registry of places as ``core.scope`` sees it: the region tree, zones and their schools.

``core`` sits below every app, so it names no app model; this module answers its ``Directory`` questions and is
registered when the app loads (``OrgConfig.ready``). Each answer is one small query; a scope is computed once per
request.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from .models import Region, School, Zone


class OrgDirectory:
    def region_tree(self, *, school_id=None, zone_id=None) -> tuple[dict[int, int | None], int | None]:
        rows = Region.objects.values_list("pk", "parent_id")
        if school_id is None and zone_id is None:
            return dict(rows), None
        # The user's own region rides along as a flag on its row: a school's or inspector's scope costs one query.
        home = (School.objects.filter(pk=school_id) if school_id is not None else Zone.objects.filter(pk=zone_id))
        rows = rows.annotate(home=Exists(home.filter(region=OuterRef("pk")))).values_list("pk", "parent_id", "home")
        tree, found = {}, None
        for pk, parent, is_home in rows:
            tree[pk] = parent
            found = pk if is_home else found
        return tree, found

    def schools_in(self, region_ids: frozenset[int]) -> frozenset[int]:
        return frozenset(School.objects.filter(region_id__in=region_ids).values_list("pk", flat=True))

    def zone_schools(self, zone_id: int) -> frozenset[int]:
        return frozenset(School.objects.filter(zone_id=zone_id).values_list("pk", flat=True))
