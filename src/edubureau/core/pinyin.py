"""Names in the order Chinese users expect: by pinyin (issue 17), from a key stored beside the name.

A database sorts text by code point ("张" before "李" by accident of the character table); neither SQLite nor a
PostgreSQL without an ICU collation sorts by pinyin. So a named registry row keeps ``name_pinyin`` (pypinyin, the
well-kept library, not a hand table) and lists order by it. The key is filled on every write path: ``save()`` and
the querysets' ``bulk_create`` / ``bulk_update`` (the demo loader and the Excel imports write in bulk).
"""

from __future__ import annotations

import functools

from django.db import models
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin

__all__ = ["PINYIN_MAX", "PinyinNamed", "PinyinQuerySetMixin", "PinyinScopedQuerySet", "fill_pinyin_keys", "pinyin_key"]

PINYIN_MAX = 255


def pinyin_key(text: str | None) -> str:
    """The sort key of a name: its syllables without tones, lower case, other characters as they are.

    >>> [pinyin_key(n) for n in ("张三", "阿依古丽", "李四", "Wang Li")]
    ['zhang san', 'a yi gu li', 'li si', 'wang li']
    """
    parts = lazy_pinyin(text or "", style=Style.NORMAL, errors="default")
    return " ".join(p.strip() for p in parts if p.strip()).lower()[:PINYIN_MAX]


def fill_pinyin_keys(model, batch_size: int = 5000) -> int:
    """Give every row of ``model`` its key (the data migrations), a batch at a time in primary-key order, so a
    city's 700,000 pupils never sit in memory at once; a name that repeats is converted once. Returns the rows."""
    key = functools.lru_cache(maxsize=100_000)(pinyin_key)
    last, done = None, 0
    while True:
        rows = model._base_manager.order_by("pk").only("pk", "name")
        rows = list((rows.filter(pk__gt=last) if last is not None else rows)[:batch_size])
        if not rows:
            return done
        for row in rows:
            row.name_pinyin = key(row.name)
        model._base_manager.bulk_update(rows, ["name_pinyin"])
        last, done = rows[-1].pk, done + len(rows)


class PinyinQuerySetMixin:
    """Fills ``name_pinyin`` on bulk writes, which skip ``save()``."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.name_pinyin = pinyin_key(obj.name)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if "name" in fields:
            for obj in objs:
                obj.name_pinyin = pinyin_key(obj.name)
            fields = [*fields, "name_pinyin"]
        return super().bulk_update(objs, fields, *args, **kwargs)


class PinyinNamed(models.Model):
    """A row with a ``name`` that lists by pinyin."""

    name_pinyin = models.CharField(_("拼音"), max_length=PINYIN_MAX, blank=True, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.name_pinyin = pinyin_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_pinyin"}
        super().save(*args, **kwargs)


def _scoped_queryset():
    from .scope import ScopedQuerySet

    return ScopedQuerySet


class PinyinScopedQuerySet(PinyinQuerySetMixin, _scoped_queryset()):
    """The scoped queryset (``visible_to``) of a row that lists by pinyin."""
