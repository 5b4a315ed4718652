"""Figures of the dashboards kept in the cache, per scope and day, until the rows they are read from change.

Issue 16: at city scale (2,000 schools, 60,000 staff) a dashboard's figures take a second or more to compute from
the rows, and the home page and the department overviews are opened all day long. Of the two ways to serve them
cheaply — figures precomputed by a background task, or a cache — the cache is the simpler one that stays correct:
each entry holds a fingerprint of the tables the figures are read from (:func:`figures_fingerprint`, one query), so
any write — a form, the API, an import's bulk insert, another worker process — is seen by the next reader, and no
signal or write path has to remember to refresh them. That reader is served the last figures while a background
task recomputes them (stale while refreshing). The cache is the project's shared one
(the database's by default, ``CACHE_URL``), so all app processes share the entries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from .scope import scope_for

__all__ = ["FiguresRead", "cached_figures", "figures_fingerprint", "refresh_figures", "register_figures", "scope_key"]

FIGURES_TIMEOUT = 24 * 3600
# How long one background refresh may hold an entry before another reader may ask again (a worker that died).
REFRESH_LOCK_SECONDS = 300


def figures_fingerprint(models) -> str:
    """Row count, highest id and latest change of each of ``models``, read in one query.

    An insert raises the count and the id, a delete lowers the count, an edit moves ``updated`` (``auto_now``, which
    bulk inserts set too). Only a queryset ``update()`` that leaves ``updated`` alone goes unseen; the figures are
    then a day old at most (``FIGURES_TIMEOUT``).
    """
    quote = connection.ops.quote_name
    parts = []
    for model in models:
        table = quote(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        parts.append(f"(SELECT MAX({quote(model._meta.pk.column)}) FROM {table})")
        if any(f.name == "updated" for f in model._meta.concrete_fields):
            parts.append(f"(SELECT MAX({quote('updated')}) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return hashlib.sha256(repr(cursor.fetchone()).encode()).hexdigest()[:16]


def scope_key(user) -> str:
    """What the user's figures depend on: their scope (role, schools, regions), the same for all who share it."""
    scope = scope_for(user)
    values = []
    for f in dataclasses.fields(scope):
        value = getattr(scope, f.name)
        if isinstance(value, frozenset | set):
            value = tuple(sorted(value))
        elif isinstance(value, enum.Enum):
            value = value.value  # a role read from the database is a plain string: the same key for both
        values.append(value)
    return hashlib.sha256(repr(values).encode()).hexdigest()[:16]


# kind → compute(user, day, **params): registered by the modules whose figures are kept here, so that a background
# task can recompute them by name (a task takes plain arguments, not a closure).
_COMPUTERS: dict[str, Callable] = {}


def register_figures(kind: str, compute: Callable) -> None:
    """Name ``compute(user, day, **params)`` so :func:`cached_figures` and :func:`refresh_figures` can call it."""
    _COMPUTERS[kind] = compute


@dataclasses.dataclass(frozen=True)
class FiguresRead:
    """Figures as served: when they were computed, and whether they are being recomputed (a source changed since)."""

    figures: object
    computed_at: dt.datetime | None
    refreshing: bool


def cached_figures(kind: str, user, *, day: dt.date, sources, params: dict | None = None, as_read: bool = False):
    """The figures ``kind`` computes for the user's scope, from the cache; recomputed when ``sources`` change.

    The first reader of a scope and day computes them. After a change the reader gets the last figures at once and
    a background task (:func:`refresh_figures`, django-tasks; one at a time per entry) recomputes them, so a city
    leader does not wait seconds for the home page after each write somewhere in the city (issue 16). Where tasks run
    at once (the test settings' immediate backend), that reader already gets the new figures.

    Args:
        kind: which figures (registered with :func:`register_figures`).
        user: the reader; readers with the same scope share the entry.
        day: the day the figures are for (ages and current postings move with it).
        sources: the models the figures are read from.
        params: plain keyword arguments of the computation (a period's start and end …).

        as_read: return a :class:`FiguresRead` (the figures, their time, whether they are stale) for a page that
            says "数据更新于…" while a refresh runs.

    Returns:
        The figures (or their :class:`FiguresRead`).
    """
    params = params or {}
    key = _entry_key(kind, user, day, params)
    fingerprint = figures_fingerprint(sources)
    entry = cache.get(key)
    if entry is None:
        entry = _compute_and_keep(key, kind, user, day, params, fingerprint)
    elif entry[0] != fingerprint and cache.add(f"{key}:refreshing", 1, REFRESH_LOCK_SECONDS):
        from .tasks import refresh_figures_task

        refresh_figures_task.enqueue(kind, user.pk, day.isoformat(), params, [m._meta.label for m in sources])
        entry = cache.get(key, entry)
    if not as_read:
        return entry[1]
    computed_at = entry[2] if len(entry) > 2 else None  # entries kept before the time was stored
    return FiguresRead(entry[1], computed_at, entry[0] != fingerprint)


def refresh_figures(kind: str, user, day: dt.date, params: dict, sources) -> None:
    """Recompute an entry in the background (the task's body); the fingerprint is read first, so a write made while
    computing leaves the entry marked stale for the next reader."""
    key = _entry_key(kind, user, day, params)
    try:
        _compute_and_keep(key, kind, user, day, params, figures_fingerprint(sources))
    finally:
        cache.delete(f"{key}:refreshing")


def _entry_key(kind: str, user, day: dt.date, params: dict) -> str:
    wanted = hashlib.sha256(repr(sorted(params.items())).encode()).hexdigest()[:12]
    return f"figures:{kind}:{wanted}:{day.isoformat()}:{scope_key(user)}"


def _compute_and_keep(key, kind, user, day, params, fingerprint) -> tuple:
    entry = (fingerprint, _COMPUTERS[kind](user, day, **params), timezone.now())
    cache.set(key, entry, FIGURES_TIMEOUT)
    return entry
