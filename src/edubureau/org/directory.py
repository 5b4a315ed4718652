"""The registry of places as ``core.scope`` sees it: the region tree, zones and their schools.

``core`` sits below every app, so it names no app model; this module answers its ``Directory`` questions and is
registered when the app loads (``OrgConfig.ready``). Each answer is one small query; a scope is computed once per
request.
"""

from __future__ import annotations

from .models import Region, School, Zone


class OrgDirectory:
    def region_tree(self) -> dict[int, int | None]:
        return dict(Region.objects.values_list("pk", "parent_id"))

    def schools_in(self, region_ids: frozenset[int]) -> frozenset[int]:
        return frozenset(School.objects.filter(region_id__in=region_ids).values_list("pk", flat=True))

    def school_region(self, school_id: int) -> int | None:
        return School.objects.filter(pk=school_id).values_list("region_id", flat=True).first()

    def zone_region(self, zone_id: int) -> int | None:
        return Zone.objects.filter(pk=zone_id).values_list("region_id", flat=True).first()

    def zone_schools(self, zone_id: int) -> frozenset[int]:
        return frozenset(School.objects.filter(zone_id=zone_id).values_list("pk", flat=True))
