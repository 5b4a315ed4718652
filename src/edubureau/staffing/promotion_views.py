"""岗位等级晋升 pages: the county's rounds, and one round with its candidates, the trail of each, by school.

A school reads a round from its 公示 on, and only its own candidates; the bureau reads every round of its counties;
only the 人事科 draws a round up and moves it on. A teacher reads their own line on "我的" (``me_views``).
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from edubureau.core.generic.list import page_of
from edubureau.core.listexport import ListColumn, keyword_search, list_tools, list_xlsx, search_text, wants_xlsx
from edubureau.core.roles import Role
from edubureau.core.scope import can_write, scope_for
from edubureau.org.models import School

from . import promotion as services
from .engine.post_promotion import BANDS
from .models import PromotionCandidate, PromotionRound
from .views import BuildForm


def _trail_text(c: PromotionCandidate) -> str:
    return "；".join(f"{rule['rule']}：{rule['why']}" for rule in c.trail)


CANDIDATE_COLUMNS = [
    ListColumn(gettext_lazy("学校"), lambda c: c.school.name, 24),
    ListColumn(gettext_lazy("同级排序"), lambda c: c.rank, 8),
    ListColumn(gettext_lazy("姓名"), lambda c: c.staff.name, 10),
    ListColumn(gettext_lazy("职称"), lambda c: c.staff.get_title_display(), 10),
    ListColumn(gettext_lazy("现聘等级"), lambda c: c.from_grade, 8),
    ListColumn(gettext_lazy("拟晋等级"), lambda c: c.to_grade, 8),
    ListColumn(gettext_lazy("结果"), lambda c: c.standing, 10),
    ListColumn(gettext_lazy("审核依据"), _trail_text, 60),
]
NEXT_LABEL = {PromotionRound.Status.DRAFT: gettext_lazy("发布公示"),
              PromotionRound.Status.PUBLIC: gettext_lazy("公示期满，批准并写入岗位等级")}


def _rounds(user):
    rounds = PromotionRound.objects.visible_to(user).select_related("region")
    if scope_for(user).role == Role.SCHOOL:
        rounds = rounds.exclude(status=PromotionRound.Status.DRAFT)  # the bureau's until its 公示
    return rounds


class RoundForm(BuildForm):
    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["year"].label = _("晋升年度")
        self.fields["year"].help_text = _("任现等级年限算至该年8月31日，考核看此前三年")


@login_required
def promotion_list(request):
    may_build = can_write(request.user, PromotionRound)
    form = RoundForm(request.user, request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not may_build:
            raise PermissionDenied(_("只有人事科可以组织岗位等级晋升。"))
        if form.is_valid():
            round_ = services.build_round(form.cleaned_data["region"], form.cleaned_data["year"], request.user)
            messages.success(request, _("已生成{round}的晋升人选（草稿）。").format(round=round_))
            return redirect("staffing:promotion_detail", round_.pk)
    rounds = list(_rounds(request.user))
    counts = Counter(PromotionCandidate.objects.visible_to(request.user).filter(round__in=rounds)
                     .values_list("round_id", "standing"))
    for r in rounds:
        r.counts = [counts[(r.pk, s.value)] for s in PromotionCandidate.Standing]  # 拟晋升, 候补, 不符合条件
    return render(request, "staffing/promotion_list.html", {
        "title": _("岗位等级晋升"), "rounds": rounds, "form": form, "may_build": may_build,
    })


@login_required
def promotion_detail(request, pk):
    round_ = get_object_or_404(_rounds(request.user), pk=pk)
    everyone = PromotionCandidate.objects.visible_to(request.user).filter(round=round_)
    counts = Counter(everyone.values_list("standing", flat=True))
    # By school and target level: the ranked candidates (拟晋升 then 候补), those refused after them.
    rows = everyone.select_related("staff", "school").order_by("school__name_pinyin", "school_id", "to_grade",
                                                               F("rank").asc(nulls_last=True), "staff__name_pinyin")
    standing = request.GET.get("standing", "")
    if standing in PromotionCandidate.Standing.values:
        rows = rows.filter(standing=standing)
    rows = keyword_search(rows, search_text(request), ("staff__name", "school__name"))
    if wants_xlsx(request):
        return list_xlsx(_("{round}人选").format(round=round_), CANDIDATE_COLUMNS, rows.iterator(2000))
    page, query = page_of(request, rows)
    return render(request, "staffing/promotion_detail.html", {
        "title": str(round_), "round": round_, "page": page, "candidates": page, "query": query,
        "counts": [(s.value, counts[s.value]) for s in PromotionCandidate.Standing], "total": sum(counts.values()),
        "standing": standing, "may_advance": can_write(request.user, round_) and round_.status in services.NEXT,
        "next_label": NEXT_LABEL.get(round_.status, ""), "post_rows": _post_rows(request.user, round_),
        "bands": [band for band, _levels in BANDS],
        "vetoed": sum(1 for c in everyone.filter(standing=PromotionCandidate.Standing.REFUSED)
                      if any(r["rule"] == "师德" and not r["passed"] for r in c.trail)),
        **list_tools(request, _("姓名或学校")),
    })


def _post_rows(user, round_: PromotionRound) -> list[dict]:
    """Each readable school's posts and free posts by band, as the round was ranked against them."""
    schools = {str(s.pk): s for s in School.objects.visible_to(user).filter(pk__in=[int(k) for k in round_.posts])}
    rows = []
    for key, entry in round_.posts.items():
        if key in schools:
            free = {band: sum(entry["free"].get(str(level), 0) for level in levels) for band, levels in BANDS}
            rows.append({"school": schools[key], "posts": entry["posts"], "free": [free[b] for b, _l in BANDS]})
    rows.sort(key=lambda r: r["school"].name_pinyin)
    return rows


@login_required
@require_POST
def promotion_advance(request, pk):
    round_ = get_object_or_404(_rounds(request.user), pk=pk)
    try:
        round_ = services.advance_round(round_, request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("晋升批次状态：{status}。").format(status=round_.get_status_display()))
    return redirect("staffing:promotion_detail", round_.pk)


