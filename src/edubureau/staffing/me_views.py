"""我的人事信息: a teacher's own lines, read through the staff member their login is bound to (issue 11).

A teacher reads no registry row through the scope; this page shows what concerns them alone: their post and level,
their line in a 交流轮岗 or 岗位晋升 from its 公示 on, their leave with the days taken this year, their 继续教育
progress and their appraisals. 师德 records stay with the 人事科 and the school head; a veto shows in the trail.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.people.models import Posting

from .leave import days_taken
from .models import PostAppointment, PromotionCandidate, PromotionRound, RotationMove, RotationPlan
from .training import teacher_progress


def _teacher(user):
    profile = getattr(user, "profile", None)
    return profile.staff if profile is not None and profile.staff_id else None


@login_required
def me(request):
    staff = _teacher(request.user)
    if staff is None:
        return render(request, "staffing/me.html", {"title": _("我的人事信息"), "staff": None})
    today = timezone.localdate()
    leaves = list(staff.leave_requests.select_related("school").order_by("-start")[:50])
    training, records = teacher_progress(staff, today=today)
    return render(request, "staffing/me.html", {
        "title": _("我的人事信息"), "staff": staff,
        "postings": Posting.objects.filter(staff=staff).select_related("school").order_by("-start"),
        "level_since": PostAppointment.objects.filter(
            staff=staff, family=PostAppointment.Family.PROFESSIONAL, grade=staff.post_grade).order_by("since").first(),
        "moves": RotationMove.objects.filter(staff=staff).exclude(plan__status=RotationPlan.Status.DRAFT)
        .select_related("plan", "source", "target").order_by("-plan__year"),
        "candidacies": PromotionCandidate.objects.filter(staff=staff).exclude(
            round__status=PromotionRound.Status.DRAFT).select_related("round").order_by("-round__year"),
        "leaves": leaves, "taken": days_taken(staff, today.year), "year": today.year,
        "training": training, "training_records": sorted(records, key=lambda r: (-r.year, r.course)),
        "appraisals": staff.appraisals.order_by("-year")[:5],
    })
