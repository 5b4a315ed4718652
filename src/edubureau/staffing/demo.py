"""The demo's 人事 story: next autumn's 交流轮岗, planned from the registry and in its 公示."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from edubureau.org.city import visible_counties
from edubureau.org.models import Department

from . import services
from .models import RotationPlan


def load_demo(seed: int = 0) -> str | None:
    if RotationPlan.objects.exists():
        return None
    department = next((d for d in Department.objects.order_by("pk") if "staffing" in (d.modules or [])), None)
    user = get_user_model().objects.filter(profile__department=department).order_by("pk").first()
    if department is None or user is None:
        return None
    today = timezone.localdate()
    year = services.rotation_year(today)
    plans = []
    for region in visible_counties(user):
        plan = services.build_plan(region, year, user, time_limit=5)
        plans.append(services.advance(plan, user, today=today))
    moved = sum(p.moves.count() for p in plans)
    return f"交流轮岗：{year}年度方案公示中，交流{moved}人" if plans else None
