"""Zoning helper (督学责任区划分): a proposed split of schools among inspectors (pure, OR-Tools CP-SAT).

Method — k-medoids for the shape, CP-SAT for the balance:

1. Zone centres are chosen by a deterministic k-medoids on the schools with coordinates (k-means++-style seeding
   from a fixed seed, then alternate "assign to nearest centre" / "move the centre to the zone's medoid"). A
   medoid is a real school, so the centre is a place an inspector actually drives to, and outlying schools do not
   drag it into the fields.
2. The assignment is then one CP-SAT model: each school to exactly one inspector; every zone gets ⌊n/k⌋ or ⌈n/k⌉
   schools (±1, hard, unless user-fixed schools force a zone above that); the objective minimises, in this order
   of weight, the largest deviation of a zone's students from the mean (as a share of the mean) and the sum of
   distances from each school to its zone's centre (compactness). Each school is offered only its nearest few
   centres (plus any fixed one), which keeps the model small (600 schools × 8 candidates, not × 40), and falls
   back to all centres when that makes the balance impossible. Centres are recomputed as medoids of the solved
   zones and the model solved again (two rounds).

Why not pure k-medoids: it yields compact zones but nothing stops one zone from holding twice the schools of
another; a local search can fix counts, but balancing counts and students together with compactness is exactly
what a small assignment model does well and provably. Why not CP-SAT alone: choosing centres inside the model
multiplies it by the number of candidate centres.

``fixed`` maps a school to the inspector the user has set: it is kept as is. Schools without coordinates are
assigned for balance only (no distance cost). Inspectors are the zone names: the result maps school → inspector.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["ZoneSite", "ZoningResult", "propose_zones"]


@dataclass(frozen=True)
class ZoneSite:
    """A school for zoning: key, coordinates (None when unknown) and its number of students."""

    key: str
    lat: float | None
    lon: float | None
    students: int = 0


@dataclass(frozen=True)
class ZoningResult:
    """A proposed split.

    ``assignment`` maps each school key to an inspector key; ``schools_per_inspector`` and
    ``students_per_inspector`` count per inspector (every inspector present, 0 when empty); ``max_travel_km`` is
    the largest distance from a school to its zone's centre; ``centres`` maps an inspector to its centre school
    (None for a zone without coordinates); ``objective`` is the solver's objective value (lower is better);
    ``status`` the CP-SAT status name.
    """

    assignment: dict[str, str]
    schools_per_inspector: dict[str, int]
    students_per_inspector: dict[str, int]
    max_travel_km: float
    objective: float
    centres: dict[str, str | None] = field(default_factory=dict)
    mean_travel_km: float = 0.0
    status: str = ""


def propose_zones(
    sites_with_students: Sequence[ZoneSite],
    inspectors: Sequence[str],
    *,
    fixed: Mapping[str, str] | None = None,
    time_limit_s: float = 10.0,
    seed: int = 0,
) -> ZoningResult:
    """Split the schools among the inspectors: counts within ±1, students balanced, zones compact, fixed kept.

    Raises ValueError when there is no inspector, or ``fixed`` names an unknown school or inspector.
    """
    raise NotImplementedError
