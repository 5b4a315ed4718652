"""Budget use by funding source: what each source put in, what was paid from it, what is left, and overspending."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["SOURCES", "SourceUse", "budget_use"]

SOURCES = ("中央", "省", "市", "县", "自筹")


@dataclass(frozen=True)
class SourceUse:
    source: str
    budget: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent

    @property
    def over(self) -> bool:
        return self.spent > self.budget

    @property
    def percent(self) -> float | None:
        return float(100 * self.spent / self.budget) if self.budget else None


def budget_use(budget: Mapping[str, Decimal], payments: Iterable[tuple[str, Decimal]]) -> list[SourceUse]:
    """Per source in the usual order (中央, 省, 市, 县, 自筹), then a line "合计" for all of them.

    A payment from a source with no budget line still counts (its budget is 0, so it is over).

    >>> D = Decimal
    >>> rows = budget_use({"中央": D("100"), "县": D("50")}, [("中央", D("60")), ("县", D("55")), ("中央", D("10"))])
    >>> [(r.source, r.budget, r.spent, r.remaining, r.over) for r in rows]  # doctest: +NORMALIZE_WHITESPACE
    [('中央', Decimal('100'), Decimal('70'), Decimal('30'), False),
     ('省', Decimal('0'), Decimal('0'), Decimal('0'), False),
     ('市', Decimal('0'), Decimal('0'), Decimal('0'), False),
     ('县', Decimal('50'), Decimal('55'), Decimal('-5'), True),
     ('自筹', Decimal('0'), Decimal('0'), Decimal('0'), False),
     ('合计', Decimal('150'), Decimal('125'), Decimal('25'), False)]
    >>> rows[0].percent
    70.0
    """
    spent = dict.fromkeys(SOURCES, Decimal(0))
    for source, amount in payments:
        spent[source] = spent.get(source, Decimal(0)) + Decimal(amount)
    sources = list(SOURCES) + [s for s in spent if s not in SOURCES] + [s for s in budget if s not in spent]
    rows = [SourceUse(s, Decimal(budget.get(s, 0)), spent.get(s, Decimal(0))) for s in dict.fromkeys(sources)]
    rows.append(SourceUse("合计", sum((r.budget for r in rows), Decimal(0)), sum((r.spent for r in rows), Decimal(0))))
    return rows
