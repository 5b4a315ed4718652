"""Display helpers of the quality pages: rates as percentages, a value-added sign."""

from django import template

from edubureau.core.formatting import percent
from edubureau.core.generic.display import cn_number

register = template.Library()


@register.filter
def pct(value, decimals=1):
    """0.8567 → 85.7% (— when there is no value)."""
    return percent(value, int(decimals))


@register.filter
def num(value, decimals=2):
    """A score or ratio with thousands separators and fixed decimals (— when there is none)."""
    if value is None or value == "":
        return "—"
    return cn_number(round(float(value), int(decimals)), int(decimals))
