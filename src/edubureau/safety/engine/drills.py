"""演练 cadence and 留样 checks, pure.

中小学 drill at least once a month, 幼儿园 once a quarter (中小学幼儿园应急疏散演练指南, 2014); the bureau sets the
minimum per term. 留样: ≥ 125 g per dish kept ≥ 48 h (餐饮服务食品安全操作规范), both configurable.

>>> behind({"A": 3, "B": 1}, ["A", "B", "C"], 2)
[('C', 0, 2), ('B', 1, 1)]
>>> sample_problems(150, 48), sample_problems(100, 24, min_grams=125, min_hours=48)
([], ['留样不足125克（100克）', '留样时间不足48小时（24小时）'])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["MIN_SAMPLE_GRAMS", "MIN_SAMPLE_HOURS", "behind", "sample_problems"]

MIN_SAMPLE_GRAMS = 125
MIN_SAMPLE_HOURS = 48


def behind(done: Mapping[str, int], schools: Iterable[str], minimum: int) -> list[tuple[str, int, int]]:
    """The schools with fewer than ``minimum`` drills: ``(school, done, missing)``, most missing first."""
    rows = [(s, done.get(s, 0), minimum - done.get(s, 0)) for s in schools if done.get(s, 0) < minimum]
    return sorted(rows, key=lambda r: (-r[2], r[0]))


def sample_problems(grams, hours, *, min_grams=MIN_SAMPLE_GRAMS, min_hours=MIN_SAMPLE_HOURS) -> list[str]:
    """What is wrong with one dish's kept sample (empty when it meets the rule)."""
    problems = []
    if grams is None or grams < min_grams:
        problems.append(f"留样不足{min_grams}克（{grams or 0}克）")
    if hours is None or hours < min_hours:
        problems.append(f"留样时间不足{min_hours}小时（{hours or 0}小时）")
    return problems
