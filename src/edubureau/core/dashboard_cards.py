"""Cards that modules add to the 工作台: one registry, so a new module shows its state on the home page without the
dashboard importing it (issue 17: the evaluation module's card is the first).

A module registers ``register_card(key, template, figures, sources=…)`` in its ``AppConfig.ready``; ``figures(user,
day)`` returns the card's context for the user's scope, or ``None`` when there is nothing to show (the card is then
left out). Figures are kept through ``core.figures_cache`` like the dashboard's own: recomputed when a row of
``sources`` changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from .figures_cache import cached_figures, register_figures

__all__ = ["DashboardCard", "cards_for", "register_card"]


@dataclass(frozen=True)
class DashboardCard:
    key: str
    template: str
    figures: Callable[..., dict | None]
    sources: tuple
    order: int = 100


_CARDS: dict[str, DashboardCard] = {}


def register_card(key: str, template: str, figures: Callable[..., dict | None], *, sources, order: int = 100) -> None:
    """Add a module's card to the 工作台 (``key`` unique; cards show by ``order``, then key)."""
    _CARDS[key] = DashboardCard(key, template, figures, tuple(sources), order)


def _all_cards(user, day: dt.date) -> list[dict]:
    shown = []
    for card in sorted(_CARDS.values(), key=lambda c: (c.order, c.key)):
        data = card.figures(user, day)
        if data is not None:
            shown.append({"key": card.key, "template": card.template, "data": data})
    return shown


register_figures("dashboard-cards", _all_cards)


def cards_for(user, day: dt.date) -> list[dict]:
    """The cards with something to show the user: ``[{"key", "template", "data"}]`` in order.

    All cards are one cache entry under the union of their sources: one fingerprint and one look-up a page, however
    many modules add a card."""
    sources = tuple(dict.fromkeys(model for card in _CARDS.values() for model in card.sources))
    return cached_figures("dashboard-cards", user, day=day, sources=sources) if sources else []
