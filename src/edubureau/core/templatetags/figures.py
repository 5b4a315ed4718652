"""Figures as a bureau writes them (issue 17), for templates: ``{{ x|percent }}`` 58.3%, ``{{ x|score }}`` 87.25,
``{{ x|cv }}`` 0.452, ``{{ d|cndate }}`` 2025年9月1日. The rules live in the pure ``core.formatting``."""

from django import template

from edubureau.core import formatting
from edubureau.core.generic.display import cn_date

register = template.Library()


@register.filter
def percent(value, decimals=1):
    """0.5833 → 58.3% (``|percent:2`` for two decimals); — when there is none."""
    return formatting.percent(value, int(decimals))


@register.filter
def score(value):
    """A score or mean with at most two decimals: 87.25, 90, 87.50."""
    return formatting.score(value)


@register.filter
def cv(value):
    """A 差异系数 with three decimals: 0.452."""
    return formatting.cv(value)


@register.filter
def cndate(value):
    """2025年9月1日 (a datetime with its time, in the bureau's time zone)."""
    return cn_date(value)


@register.filter
def per_one(numerator, denominator):
    """A ratio as the bureau writes 生师比: ``{{ students|per_one:teachers }}`` → 15.3 : 1; — without a divisor."""
    if not denominator or numerator is None:
        return "—"
    return f"{float(numerator) / float(denominator):.1f} : 1"
