"""Seats per school: by category, 积分 and the verifiable lottery, then 统筹安排 for those left without one.

Each school ranks its own applicants with :func:`lottery.rank` under its own published seed and admits the first
``seats``. Those left over are then offered, in their rank order across schools (category, 积分, ticket), the first
school of their list of alternatives (nearest first, as the county's rule gives it) that still has a seat. Who is
still without a seat is returned as ``unplaced``: each becomes a follow-up until placed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .lottery import Applicant, rank, rank_key

__all__ = ["Allocation", "Candidate", "allocate"]


@dataclass(frozen=True)
class Candidate:
    """An applicant cleared by the checks, applying to ``school``."""

    applicant: Applicant
    school: str
    alternatives: tuple[str, ...] = ()  # schools to offer, in the rule's order, if ``school`` is full


@dataclass
class Allocation:
    placed: dict[str, str] = field(default_factory=dict)  # 申请编号 → school
    reassigned: dict[str, str] = field(default_factory=dict)  # 申请编号 → the school it was offered instead
    unplaced: list[str] = field(default_factory=list)
    order: dict[str, list[str]] = field(default_factory=dict)  # school → its applicants' full order
    seats_left: dict[str, int] = field(default_factory=dict)

    def admitted_at(self, school: str) -> list[str]:
        return [number for number, at in self.placed.items() if at == school and number not in self.reassigned]


def allocate(candidates: Sequence[Candidate], seats: Mapping[str, int], seeds: Mapping[str, str]) -> Allocation:
    """Place ``candidates`` in ``seats``; ``seeds`` holds each oversubscribed school's published seed.

    Examples
    --------
    >>> a = [Candidate(Applicant("A1", category="一类"), "S1"),
    ...      Candidate(Applicant("A2", category="二类"), "S1", ("S2",))]
    >>> result = allocate(a, {"S1": 1, "S2": 1}, {"S1": "7"})
    >>> result.placed, result.unplaced
    ({'A1': 'S1', 'A2': 'S2'}, [])
    """
    result = Allocation(seats_left=dict(seats))
    by_school: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        by_school.setdefault(candidate.school, []).append(candidate)
    overflow: list[tuple[tuple, Candidate]] = []
    for school, group in sorted(by_school.items()):
        seed = seeds.get(school, school)
        lookup = {c.applicant.number: c for c in group}
        ordered = rank([c.applicant for c in group], seed)
        result.order[school] = [a.number for a in ordered]
        free = result.seats_left.get(school, 0)
        for place, applicant in enumerate(ordered):
            if place < free:
                result.placed[applicant.number] = school
            else:
                overflow.append((rank_key(applicant, seed), lookup[applicant.number]))
        result.seats_left[school] = max(free - len(ordered), 0)
    for _order, candidate in sorted(overflow, key=lambda pair: pair[0]):
        number = candidate.applicant.number
        target = next((s for s in candidate.alternatives if result.seats_left.get(s, 0) > 0), None)
        if target is None:
            result.unplaced.append(number)
            continue
        result.seats_left[target] -= 1
        result.placed[number] = target
        result.reassigned[number] = target
    return result
