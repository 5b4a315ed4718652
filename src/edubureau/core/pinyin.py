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

__all__ = ["PINYIN_MAX", "SURNAMES", "PinyinNamed", "PinyinQuerySetMixin", "PinyinScopedQuerySet", "fill_pinyin_keys",
           "pinyin_key"]

PINYIN_MAX = 255


# A surname read otherwise than the character's common reading (曾 zeng, not ceng as in 曾经): pypinyin reads a
# name as any text and has no surname mode (mozillazg/python-pinyin issues 120 and 297), so a person's name starts
# with this reading. Only the surnames whose reading differs from pypinyin's default are listed.
SURNAMES = {
    "万俟": "mo qi", "单于": "chan yu",
    "卜": "bu", "仇": "qiu", "区": "ou", "单": "shan", "召": "shao", "句": "gou", "乐": "yue", "六": "lu",
    "朴": "piao", "佴": "nai", "员": "yun", "贠": "yun", "折": "she", "秘": "bi", "重": "chong", "种": "chong",
    "盖": "ge", "查": "zha", "都": "du", "粘": "nian", "隗": "wei", "曾": "zeng", "覃": "qin", "缪": "miao",
    "解": "xie", "翟": "zhai", "阚": "kan", "薄": "bo", "繁": "po", "藏": "zang",
}


def pinyin_key(text: str | None, *, person: bool = False) -> str:
    """The sort key of a name: its syllables without tones, lower case, other characters as they are.

    A ``person``'s name begins with the surname's own reading (``SURNAMES``).

    >>> [pinyin_key(n) for n in ("张三", "阿依古丽", "李四", "Wang Li")]
    ['zhang san', 'a yi gu li', 'li si', 'wang li']
    >>> pinyin_key("曾小明", person=True), pinyin_key("曾小明")
    ('zeng xiao ming', 'ceng xiao ming')
    """
    text = (text or "").strip()
    head = ""
    if person:
        surname = next((s for s in (text[:2], text[:1]) if s in SURNAMES), "")
        head, text = SURNAMES.get(surname, ""), text[len(surname):]
    parts = lazy_pinyin(text, style=Style.NORMAL, errors="default")
    return " ".join([head] * bool(head) + [p.strip() for p in parts if p.strip()]).lower()[:PINYIN_MAX]


def fill_pinyin_keys(model, batch_size: int = 5000, *, person: bool = False) -> int:
    """Give every row of ``model`` its key (the data migrations), a batch at a time in primary-key order, so a
    city's 700,000 pupils never sit in memory at once; a name that repeats is converted once. Returns the rows."""
    key = functools.lru_cache(maxsize=100_000)(functools.partial(pinyin_key, person=person))
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
        person = getattr(self.model, "pinyin_person", False)
        for obj in objs:
            obj.name_pinyin = pinyin_key(obj.name, person=person)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if "name" in fields:
            person = getattr(self.model, "pinyin_person", False)
            for obj in objs:
                obj.name_pinyin = pinyin_key(obj.name, person=person)
            fields = [*fields, "name_pinyin"]
        return super().bulk_update(objs, fields, *args, **kwargs)


class PinyinNamed(models.Model):
    """A row with a ``name`` that lists by pinyin."""

    name_pinyin = models.CharField(_("拼音"), max_length=PINYIN_MAX, blank=True, editable=False, db_index=True)

    # A person's name: its surname read as a surname (``SURNAMES``).
    pinyin_person = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.name_pinyin = pinyin_key(self.name, person=self.pinyin_person)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_pinyin"}
        super().save(*args, **kwargs)


def _scoped_queryset():
    from .scope import ScopedQuerySet

    return ScopedQuerySet


class PinyinScopedQuerySet(PinyinQuerySetMixin, _scoped_queryset()):
    """The scoped queryset (``visible_to``) of a row that lists by pinyin."""
