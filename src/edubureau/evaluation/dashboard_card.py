"""The 学校考核 card of the 工作台 (issue 17): the newest scheme's result as the reader may see it.

A bureau reader sees how the schools it covers came out (grades, vetoes, open appeals); a school its own total,
rank and grade once a version is published. Drafts stay with the evaluating department (``drafts.may_see_drafts``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils.translation import gettext as _

from edubureau.core.followup_models import OPEN_STATES
from edubureau.core.roles import Role
from edubureau.core.scope import scope_for
from edubureau.org.models import School

from . import services
from .models import Appeal, ResultVersion, Scheme

__all__ = ["SOURCES", "evaluation_card"]

SOURCES = (Scheme, ResultVersion, Appeal)


def evaluation_card(user, day: dt.date) -> dict | None:
    """The card's figures, or ``None`` when the reader has no scheme of this year or last to look at."""
    scheme = (Scheme.objects.visible_to(user).filter(year__lte=day.year, year__gte=day.year - 1)
              .order_by("-year", "-pk").first())
    if scheme is None:
        return None
    version = services.visible_version(user, scheme)
    card = {"scheme_pk": scheme.pk, "title": scheme.title, "year": scheme.year, "version": None,
            "appeal_until": scheme.appeal_until if services.appeal_open(scheme, day) else None}
    if version is None:
        card["status"] = _("结果尚未发布")
        return card
    card["version"] = version.version
    card["status"] = (_("草稿（未发布）") if version.version == 0
                      else _("最终结果") if version.final else _("已发布第{n}版").format(n=version.version))
    scope = scope_for(user)
    rows = version.result_json.get("schools", [])
    if not scope.all_schools:
        codes = set(School.objects.filter(pk__in=scope.school_ids).values_list("code", flat=True))
        rows = [r for r in rows if r["key"] in codes]
    if scope.role == Role.SCHOOL:
        mine = rows[0] if rows else None
        if mine is not None:
            peers = [r for r in version.result_json.get("schools", []) if r["category"] == mine["category"]]
            totals = [r["total"] for r in peers if r.get("total") is not None]
            # The school against the county (issue 17): the mean total of its category beside its own.
            card["own"] = {"code": mine["key"], "total": mine["total"], "rank": mine["rank"], "count": len(peers),
                           "grade": mine["grade"], "change": mine.get("change"), "vetoed": mine["vetoed"],
                           "category_mean": sum(totals) / len(totals) if totals else None}
        return card
    grades = Counter(r["grade"] for r in rows)
    order = [g for g in ("优秀", "良好", "合格", "基本合格", "不合格") if g in grades]
    order += sorted(g for g in grades if g not in order)
    card.update({
        "schools": len(rows), "grades": [(g, grades[g]) for g in order],
        "vetoed": sum(1 for r in rows if r["vetoed"]),
        "appeals_open": (Appeal.objects.visible_to(user)
                         .filter(scheme=scheme, followup__state__in=OPEN_STATES).count()),
    })
    return card
