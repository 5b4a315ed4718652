"""Figures of the dashboards kept in the cache, per scope and day, until the rows they are read from change.

Issue 16: at city scale (2,000 schools, 60,000 staff) a dashboard's figures take a second or more to compute from
the rows, and the home page and the department overviews are opened all day long. Of the two ways to serve them
cheaply — figures precomputed by a background task, or a cache — the cache is the simpler one that stays correct:
its key holds a fingerprint of the tables the figures are read from (:func:`figures_fingerprint`, one query), so any
write — a form, the API, an import's bulk insert, another worker process — makes the next reader compute them
afresh, and no task, signal or write path has to remember to refresh them. The cache is the project's shared one
(the database's by default, ``CACHE_URL``), so all app processes share the entries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

from django.core.cache import cache
from django.db import connection

from .scope import scope_for

__all__ = ["cached_figures", "figures_fingerprint", "scope_key"]

FIGURES_TIMEOUT = 24 * 3600


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
        values.append(tuple(sorted(value)) if isinstance(value, frozenset | set) else value)
    return hashlib.sha256(repr(values).encode()).hexdigest()[:16]


def cached_figures(name: str, user, compute, *, day: dt.date, sources):
    """``compute()``'s result for the user's scope, from the cache while ``sources`` have not changed that day.

    Args:
        name: which figures (part of the key).
        user: the reader; readers with the same scope share the entry.
        compute: a function of no arguments returning picklable figures.
        day: the day the figures are for (ages and current postings move with it).
        sources: the models the figures are read from.

    Returns:
        The figures, computed now or by an earlier reader.
    """
    key = f"figures:{name}:{day.isoformat()}:{scope_key(user)}:{figures_fingerprint(sources)}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, FIGURES_TIMEOUT)
    return found
