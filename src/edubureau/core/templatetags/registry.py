"""Template helpers of the registry pages: optional links, Chinese dates and numbers, write checks."""

from django import template
from django.urls import NoReverseMatch, reverse

from edubureau.core.generic.display import cn_date, cn_number
from edubureau.core.generic.urls import object_url
from edubureau.core.scope import can_write

register = template.Library()


@register.simple_tag
def optional_url(viewname, *args):
    """The URL of ``viewname``, or '' while that page does not exist (import/export are built separately)."""
    try:
        return reverse(viewname, args=args)
    except NoReverseMatch:
        return ""


@register.simple_tag
def url_for(obj, action="detail"):
    """The URL of a registry page of ``obj``: ``{% url_for school "edit" %}``."""
    return object_url(obj, action)


@register.simple_tag(takes_context=True)
def user_can_write(context, obj):
    return can_write(context["request"].user, obj)


@register.filter
def cndate(value):
    """2025年9月1日."""
    return cn_date(value)


@register.filter
def cnnum(value, decimals=None):
    """1,234 (``|cnnum:1`` for one decimal)."""
    return cn_number(value, None if decimals is None else int(decimals))
