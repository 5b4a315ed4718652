"""均衡分班: a school's new pupils into classes alike in size, sex, prior scores, special needs and siblings.

The method is the one many counties publish for 阳光分班, made exact and checkable:

1. siblings (twins) form one unit, kept in one class (``siblings_together``) or spread over classes;
2. within each group units are taken by prior score, highest first, ties (and pupils without a score, last) by the
   pupil's ticket (SHA-256 of ``"seed|number"``, as in the lottery);
3. units are dealt in a serpentine (蛇形) order over the classes — 1, 2 … n, n … 2, 1, 1, 2 … — first the pupils
   with special needs, then families of mixed sex, then boys, then girls. Each count then stays within a pupil or
   two between classes and strong and weak scores are paired; class size is capped at ``ceil(pupils / classes)``
   (a full class is passed over).

Class teachers are then drawn by the same ticket rule: class k (1, 2 …) gets the k-th teacher in ticket order.

:func:`spread` reports each feature's max − min over classes; :func:`random_classes` is the baseline the page
shows beside it: the same pupils dealt into classes in a seeded random order, as a clerk shuffling cards would.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from .lottery import ticket

__all__ = ["Pupil", "Spread", "balanced_classes", "draw_teachers", "random_classes", "spread"]


@dataclass(frozen=True)
class Pupil:
    number: str
    sex: str  # "男" / "女"
    score: float | None = None  # prior score (幼小衔接 or 小升初 test), where it exists
    special_needs: bool = False
    family: str = ""  # pupils sharing a family key are siblings


@dataclass(frozen=True)
class Spread:
    """Max − min over classes of each feature; the smaller, the more alike the classes."""

    size: int
    boys: int
    girls: int
    special_needs: int
    mean_score: float | None

    def as_dict(self) -> dict:
        return {"人数": self.size, "男生": self.boys, "女生": self.girls, "特殊需要": self.special_needs,
                "平均分": None if self.mean_score is None else round(self.mean_score, 2)}


def _units(pupils: Sequence[Pupil], together: bool) -> list[list[Pupil]]:
    if not together:
        return [[p] for p in pupils]
    families: dict[str, list[Pupil]] = {}
    units = []
    for pupil in pupils:
        if pupil.family:
            families.setdefault(pupil.family, []).append(pupil)
        else:
            units.append([pupil])
    return units + list(families.values())


def balanced_classes(pupils: Sequence[Pupil], classes: int, seed: str, *,
                     siblings_together: bool = True) -> list[list[Pupil]]:
    """``classes`` lists of pupils, balanced as the module says; deterministic for the same seed and pupils.

    Examples
    --------
    >>> kids = [Pupil(f"P{i}", "男" if i % 2 else "女", score=float(i)) for i in range(8)]
    >>> rooms = balanced_classes(kids, 2, "1")
    >>> [len(c) for c in rooms], [sum(p.score for p in c) for c in rooms]
    ([4, 4], [14.0, 14.0])
    """
    if classes < 1:
        raise ValueError("班级数至少为1")
    units = _units(pupils, siblings_together)
    cap = max(math.ceil(len(pupils) / classes), max((len(u) for u in units), default=0))

    def by_merit(unit: list[Pupil]) -> tuple:
        scored = [p.score for p in unit if p.score is not None]
        # Families first, while every class still has room for them whole.
        return (len(unit) == 1, not scored, -(sum(scored) / len(scored)) if scored else 0.0,
                ticket(seed, unit[0].number))

    special = [u for u in units if any(p.special_needs for p in u)]
    rest = [u for u in units if not any(p.special_needs for p in u)]
    sexes = {"男": [], "女": [], "": []}
    for unit in rest:
        kinds = {p.sex for p in unit}
        sexes[kinds.pop() if len(kinds) == 1 and kinds <= {"男", "女"} else ""].append(unit)
    rooms: list[list[Pupil]] = [[] for _ in range(classes)]
    snake = _snake(classes)
    for group in (special, sexes[""], sexes["男"], sexes["女"]):
        for unit in sorted(group, key=by_merit):
            rooms[_next_room(snake, rooms, len(unit), cap)].extend(unit)
    return rooms


def _next_room(snake, rooms: list[list[Pupil]], size: int, cap: int) -> int:
    """The snake's next class with room for ``size``; a family no class can hold whole goes to the smallest."""
    for _step in range(2 * len(rooms)):
        room = next(snake)
        if len(rooms[room]) + size <= cap:
            return room
    return min(range(len(rooms)), key=lambda k: len(rooms[k]))


def _snake(classes: int):
    """Classes in serpentine order for ever: 0, 1 … k−1, k−1 … 1, 0, 0, 1 … (the 蛇形 deal of a 分班 table)."""
    forward = list(range(classes))
    while True:
        yield from forward
        yield from reversed(forward)


def random_classes(pupils: Sequence[Pupil], classes: int, seed: str) -> list[list[Pupil]]:
    """The baseline: pupils shuffled with ``seed`` and dealt round the classes."""
    deck = list(pupils)
    random.Random(seed).shuffle(deck)
    return [deck[k::classes] for k in range(classes)]


def spread(rooms: Sequence[Sequence[Pupil]]) -> Spread:
    """Each feature's max − min over ``rooms``."""
    def gap(values):
        return max(values) - min(values) if values else 0

    means = [sum(p.score for p in room if p.score is not None) / n
             for room in rooms if (n := sum(p.score is not None for p in room))]
    return Spread(size=gap([len(r) for r in rooms]), boys=gap([sum(p.sex == "男" for p in r) for r in rooms]),
                  girls=gap([sum(p.sex == "女" for p in r) for r in rooms]),
                  special_needs=gap([sum(p.special_needs for p in r) for r in rooms]),
                  mean_score=gap(means) if means else None)


def draw_teachers(teachers: Sequence[str], classes: int, seed: str) -> list[str]:
    """Class k's 班主任 is the k-th of ``teachers`` in ticket order (SHA-256 of ``"seed|name"``)."""
    if len(teachers) < classes:
        raise ValueError(f"班主任人选{len(teachers)}人，少于班级数{classes}")
    return sorted(teachers, key=lambda t: ticket(seed, t))[:classes]
