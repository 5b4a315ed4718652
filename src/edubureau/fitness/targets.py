"""The targets the county's rates are read against: the year's work plan where it states them (seeds 002, 003:
"学生体质健康合格率达到…%"), the 体质健康设置 otherwise — each with where it came from."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from edubureau.plans.models import Target

from .models import FitnessSettings

__all__ = ["RateTarget", "targets_for"]

# Which words of a plan's target name which rate (合格率 is also written 达标率; 优良率 counts 良好 and 优秀).
_WORDS = {"pass": ("合格率", "达标率"), "good": ("优良率",), "excellent": ("优秀率",)}


@dataclass(frozen=True)
class RateTarget:
    value: float  # percent
    source: str


def targets_for(user, school_year: int) -> dict[str, RateTarget]:
    """The pass, good and excellent targets (percent) for the 学年 starting in ``school_year``: the plan of that
    calendar year or the next (a plan of 2027 covers the spring of the 2026 学年), the settings otherwise."""
    settings = FitnessSettings.current()
    found = {
        "pass": RateTarget(float(settings.pass_target), _("体质健康设置")),
        "good": RateTarget(float(settings.good_target), _("体质健康设置")),
        "excellent": RateTarget(float(settings.excellent_target), _("体质健康设置")),
    }
    plans = (Target.objects.visible_to(user).filter(plan__year__in=(school_year, school_year + 1), unit="%",
                                                     number__isnull=False)
             .filter(Q(text__contains="体质") | Q(counted__contains="体质")).select_related("plan")
             .order_by("plan__year", "pk"))
    for target in plans:
        text = f"{target.text}{target.counted}"
        for key, words in _WORDS.items():
            if any(word in text for word in words):
                found[key] = RateTarget(float(target.number), _("{plan}：{text}").format(
                    plan=target.plan.title, text=target.text))
    return found
