"""Display helpers of the 体质健康 pages."""

from django import template

from edubureau.core.generic.display import cn_number

register = template.Library()


@register.filter
def points(value, decimals=1):
    """A change in percentage points with its sign: +2.5个百分点, −3.0个百分点 (— when there is none)."""
    if value is None or value == "":
        return "—"
    value = round(float(value), int(decimals))
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{cn_number(abs(value), int(decimals))}个百分点"
