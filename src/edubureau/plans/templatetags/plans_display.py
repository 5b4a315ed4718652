"""Template filters of the plans pages: a target as one short label (comparator, figure or range, unit, object)."""

from django import template

from edubureau.plans.engine.render import cn_amount

register = template.Library()
SUFFIXED = ("以上", "左右")


@register.filter
def target_label(target) -> str:
    """「不少于2次 督查」 for a model Target or a parsed one."""
    low, high = target.low, target.high
    figure = f"{cn_amount(low)}–{cn_amount(high)}" if low is not None or high is not None else cn_amount(target.number)
    counted = getattr(target, "counted", None) or getattr(target, "object", "")
    deadline = getattr(target, "deadline_text", None) or getattr(target, "deadline", None) or ""
    comparator = target.comparator or ""
    if comparator in SUFFIXED:  # "10所左右", "5000人以上" read with the word after the figure
        label = f"{figure}{target.unit}{comparator} {counted}".strip()
    else:
        label = f"{comparator}{figure}{target.unit} {counted}".strip()
    return f"{label}（{deadline}）" if deadline else label
