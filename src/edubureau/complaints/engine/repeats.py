"""Repeat detection (重复件): the same person, or the same matter at the same school, within 90 days (pure).

Two cases are linked when they were received at most ``WINDOW`` days apart and either

- the same person complained: the same phone number, the same ID number, or the same name at the same address
  (an anonymous case names nobody, so it is linked by its matter only); or
- the same matter: the same school concerned and the same category.

Each case points at the nearest earlier case it is linked to (``repeat_of``); the chain of such links is the
group shown on the case and counted in the statistics.

>>> import datetime as dt
>>> a = Case(1, dt.date(2026, 3, 1), phone="138 0000 1111", school=7, category="乱收费")
>>> b = Case(2, dt.date(2026, 4, 1), phone="13800001111", school=8, category="招生")
>>> c = Case(3, dt.date(2026, 9, 1), phone="13800001111", school=9, category="其他")
>>> link(a, b), link(b, a), link(a, c)
('person', 'person', None)
>>> find_repeats([c, b, a])
{2: (1, 'person')}
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["WINDOW", "Case", "find_repeats", "link", "normalize_phone"]

WINDOW = 90


@dataclass(frozen=True)
class Case:
    pk: int
    received: dt.date
    name: str = ""
    phone: str = ""
    id_number: str = ""
    address: str = ""
    school: int | None = None
    category: str = ""
    anonymous: bool = False


def normalize_phone(phone: str) -> str:
    """Digits only, without a leading +86: "+86 138-0000-1111" → "13800001111".

    >>> normalize_phone("+86 138-0000-1111"), normalize_phone("")
    ('13800001111', '')
    """
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def _same_person(a: Case, b: Case) -> bool:
    if a.anonymous or b.anonymous:
        return False
    phone_a, phone_b = normalize_phone(a.phone), normalize_phone(b.phone)
    if phone_a and phone_a == phone_b:
        return True
    id_a, id_b = a.id_number.strip().upper(), b.id_number.strip().upper()
    if id_a and id_a == id_b:
        return True
    name_a, name_b = a.name.strip(), b.name.strip()
    return bool(name_a and name_a == name_b and a.address.strip() and a.address.strip() == b.address.strip())


def link(a: Case, b: Case, window: int = WINDOW) -> str | None:
    """Why ``a`` and ``b`` are linked — "person" or "topic" — or None. Symmetric; a case is not its own repeat.

    >>> x = Case(1, dt.date(2026, 1, 1), school=3, category="安全", anonymous=True)
    >>> link(x, Case(2, dt.date(2026, 3, 31), school=3, category="安全"))
    'topic'
    >>> link(x, Case(2, dt.date(2026, 4, 2), school=3, category="安全")) is None
    True
    """
    if a.pk == b.pk or abs((a.received - b.received).days) > window:
        return None
    if _same_person(a, b):
        return "person"
    if a.school is not None and a.school == b.school and a.category and a.category == b.category:
        return "topic"
    return None


def find_repeats(cases: Iterable[Case], window: int = WINDOW) -> dict[int, tuple[int, str]]:
    """``{pk: (pk of the nearest earlier linked case, reason)}`` for every case that repeats an earlier one.

    "Earlier" is by the day received, then by pk; the order of ``cases`` does not matter.
    """
    ordered = sorted(cases, key=lambda c: (c.received, c.pk))
    found: dict[int, tuple[int, str]] = {}
    for index, case in enumerate(ordered):
        for earlier in reversed(ordered[:index]):
            if (case.received - earlier.received).days > window:
                break
            reason = link(case, earlier, window)
            if reason is not None:
                found[case.pk] = (earlier.pk, reason)
                break
    return found
