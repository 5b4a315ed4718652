"""Distances between schools (great-circle km) and neighbour sets, for the planner and the zoning helper.

Pure Python; coordinates are WGS-84 degrees as the registry stores them. A site without coordinates has no
distance to anything (``None``): callers treat it as "anywhere" (never excluded, never penalised).

>>> round(haversine_km(39.9042, 116.4074, 31.2304, 121.4737))
1067
>>> haversine_km(39.9, 116.4, None, 116.4) is None
True
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

EARTH_RADIUS_KM = 6371.0088

Point = tuple[float | None, float | None]


def haversine_km(lat1: float | None, lon1: float | None, lat2: float | None, lon2: float | None) -> float | None:
    """Great-circle distance in km, or None when either point lacks a coordinate."""
    if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def has_point(point: Point) -> bool:
    """Whether both coordinates are known.

    >>> has_point((30.1, 120.2)), has_point((None, 120.2))
    (True, False)
    """
    return point[0] is not None and point[1] is not None


def distance_matrix(points: Mapping[str, Point]) -> dict[tuple[str, str], float]:
    """km for every ordered pair of distinct keys whose points are both known (missing pairs: unknown).

    >>> m = distance_matrix({"a": (30.0, 120.0), "b": (30.0, 120.01), "c": (None, None)})
    >>> round(m["a", "b"], 2), ("a", "c") in m
    (0.96, False)
    """
    keys = [k for k, p in points.items() if has_point(p)]
    out: dict[tuple[str, str], float] = {}
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            d = haversine_km(*points[a], *points[b])
            out[a, b] = out[b, a] = d  # type: ignore[assignment]
    return out


class LazyDistances:
    """The same mapping as :func:`distance_matrix`, computed pair by pair on demand and cached (a planner only
    ever asks about pairs inside one zone: 40 × 105 pairs, not 600² / 2).

    >>> km = LazyDistances({"a": (30.0, 120.0), "b": (30.0, 120.01), "c": (None, None)})
    >>> round(km["a", "b"], 2), ("a", "c") in km, km.get(("a", "a")), km.get(("a", "c"), 0.0)
    (0.96, False, None, 0.0)
    """

    def __init__(self, points: Mapping[str, Point]):
        self.points = points
        self.cache: dict[tuple[str, str], float | None] = {}

    def get(self, key: tuple[str, str], default: float | None = None) -> float | None:
        a, b = key
        if a == b:
            return default
        pair = (a, b) if a < b else (b, a)
        if pair not in self.cache:
            p, q = self.points.get(a), self.points.get(b)
            self.cache[pair] = haversine_km(*p, *q) if p is not None and q is not None else None
        value = self.cache[pair]
        return default if value is None else value

    def __getitem__(self, key: tuple[str, str]) -> float:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and len(key) == 2 and self.get(key) is not None


def far_pairs(keys: Sequence[str], matrix, max_km: float) -> list[tuple[str, str]]:
    """Unordered pairs (in ``keys`` order) known to be farther apart than ``max_km``; unknown pairs are not far.

    >>> m = distance_matrix({"a": (30.0, 120.0), "b": (30.0, 120.01), "c": (30.0, 120.5)})
    >>> far_pairs(["a", "b", "c"], m, 5.0)
    [('a', 'c'), ('b', 'c')]
    """
    out = []
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            d = matrix.get((a, b))
            if d is not None and d > max_km:
                out.append((a, b))
    return out


def neighbours(keys: Sequence[str], matrix, max_km: float) -> dict[str, set[str]]:
    """For each key, the other keys within ``max_km`` (or of unknown distance).

    >>> m = distance_matrix({"a": (30.0, 120.0), "b": (30.0, 120.01), "c": (30.0, 120.5)})
    >>> {k: sorted(v) for k, v in neighbours(["a", "b", "c"], m, 5.0).items()}
    {'a': ['b'], 'b': ['a'], 'c': []}
    """
    out: dict[str, set[str]] = {k: set() for k in keys}
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            d = matrix.get((a, b))
            if d is None or d <= max_km:
                out[a].add(b)
                out[b].add(a)
    return out


def route_km(points: Sequence[Point]) -> float:
    """Length of the shortest visiting order of a day's few schools (exact for ≤ 7 points; greedy beyond).

    Points without coordinates are skipped. Used to report "km per day", not in the model.

    >>> round(route_km([(30.0, 120.0), (30.0, 120.02), (30.0, 120.01)]), 2)
    1.93
    """
    pts = [p for p in points if has_point(p)]
    if len(pts) < 2:
        return 0.0
    dist = [[haversine_km(*a, *b) or 0.0 for b in pts] for a in pts]
    n = len(pts)
    if n <= 7:
        return min(sum(dist[o[i]][o[i + 1]] for i in range(n - 1)) for o in itertools.permutations(range(n)))
    seen, cur, total = {0}, 0, 0.0
    while len(seen) < n:
        nxt = min((j for j in range(n) if j not in seen), key=lambda j: dist[cur][j])
        total += dist[cur][nxt]
        seen.add(nxt)
        cur = nxt
    return total
