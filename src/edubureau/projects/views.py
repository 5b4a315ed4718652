"""Pages of 建设项目: the timeline (Gantt) of every project the reader sees, a project's own page (stages with their
photos, payments, budget by source, follow-ups), a stage's page, money spent against budget by source, seats added per
year against 大班额, and the upload and deletion of stage photos."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edubureau.core.generic import ObjectDetailView
from edubureau.core.scope import can_write, scope_for

from . import services
from .engine import budget_use, first_usable_year, gantt_rows, seats_by_year, stage_late
from .forms import StagePhotoForm
from .models import Payment, Project, Stage, StagePhoto
from .permissions import can_add_photo, can_delete_photo

__all__ = ["ProjectView", "StageView", "from_balance", "home", "money", "seats", "stage_photo_delete",
           "stage_photo_upload"]


def _reader(request):
    if scope_for(request.user).role is None:
        raise PermissionDenied("您的账号尚未分配角色，请联系系统管理员。")


def _axis(first, last):
    """Year marks of the timeline: (left %, label)."""
    if first is None:
        return []
    total = max((last - first).days, 1)
    marks = []
    for year in range(first.year + 1, last.year + 1):
        day = first.replace(year=year, month=1, day=1)
        marks.append({"left": 100 * (day - first).days / total, "label": f"{year}年"})
    return marks


@login_required
def home(request):
    _reader(request)
    today = timezone.localdate()
    projects = list(services.projects_for(request.user))
    kind = request.GET.get("kind", "")
    if kind:
        projects = [p for p in projects if p.kind == kind]
    for p in projects:
        p.current = services.current_step(p)
    rows, first, last = gantt_rows(
        [(p, f"{p.name}", [(s.step, s.planned, s.actual) for s in p.stages.all()]) for p in projects], today)
    late_stages = sum(1 for p in projects for s in p.stages.all() if s.actual is None and stage_late(
        s.planned, s.actual, today))
    over = [p for p in projects if p.over_budget(p.payments.all())]
    today_left = 100 * (today - first).days / max((last - first).days, 1) if first else None
    return render(request, "projects/home.html", {
        "rows": rows, "axis": _axis(first, last), "today_left": today_left, "today": today,
        "count": len(projects), "late_stages": late_stages, "over": over, "kinds": Project.Kind.choices,
        "kind": kind, "can_add": can_write(request.user, Project),
    })


class ProjectView(ObjectDetailView):
    """One project: its fields, the six stages planned and actual (late in red), payments, budget by source, the
    follow-ups its late stages raised, and the first-year classes it gives the enrolment forecast."""

    queryset = Project.objects.select_related("school", "region", "seat_change")
    fields = ("number", "name", "school", "region", "kind", "level", "area", "classrooms", "seats", "streams",
              "note")

    def get_extra_context(self, obj):
        today = timezone.localdate()
        user = self.request.user
        stages = list(obj.stages.order_by("order").select_related("followup").prefetch_related(_photos(user)))
        payments = list(obj.payments.order_by("paid_on", "pk"))
        writable = can_write(user, obj)
        _mark_deletable(user, [p for s in stages for p in s.photos.all()])
        return {
            "stages": [services.stage_state(s, today) for s in stages],
            "can_add_photo": can_add_photo(user, obj),
            "today": today,
            "payments": payments,
            "budget": obj.budget_rows(payments),
            "followups": [s.followup for s in stages if s.followup_id],
            "seat_change": obj.seat_change,
            "writable": writable,
            "delivered": services.delivery_date(obj),
            "after": services.balance_after(obj),
        }


def _photos(user) -> Prefetch:
    return Prefetch("photos", queryset=StagePhoto.objects.visible_to(user).order_by("taken_on", "pk"))


def _mark_deletable(user, photos) -> None:
    for photo in photos:
        photo.deletable = can_delete_photo(user, photo)


class StageView(ObjectDetailView):
    """One stage of a project: its dates and note, and its photos (thumbnails, upload, deletion)."""

    queryset = Stage.objects.select_related("project", "project__school", "followup")
    fields = ("project", "step", "planned", "actual", "note", "followup")

    def get_extra_context(self, obj):
        user = self.request.user
        photos = list(obj.photos.all().visible_to(user).order_by("taken_on", "pk"))
        _mark_deletable(user, photos)
        return {"photos": photos, "can_add_photo": can_add_photo(user, obj.project), "today": timezone.localdate()}


def _back(request, stage) -> str:
    if request.POST.get("back") == "stage":
        return reverse("projects:stage_detail", args=[stage.pk])
    return reverse("projects:project_detail", args=[stage.project_id]) + f"#stage-{stage.pk}"


@login_required
@require_POST
def stage_photo_upload(request, pk):
    """POST: photos of a stage (the project's school or its writers); one bad file stores none."""
    stage = get_object_or_404(Stage.objects.visible_to(request.user).select_related("project"), pk=pk)
    if not can_add_photo(request.user, stage.project):
        raise PermissionDenied(_("您无权为该项目上传照片。"))
    form = StagePhotoForm(request.POST, request.FILES)
    if form.is_valid():
        made = services.add_photos(stage, form.cleaned_data["photos"], caption=form.cleaned_data["caption"],
                                   taken_on=form.cleaned_data["taken_on"], by=request.user)
        messages.success(request, _("已上传{count}张“{step}”阶段照片。").format(count=len(made), step=stage.step))
        return redirect(_back(request, stage))
    errors = [message for messages_ in form.errors.values() for message in messages_]
    return render(request, "projects/photo_refused.html", {
        "title": _("照片未上传"), "stage": stage, "errors": errors, "back": _back(request, stage)}, status=400)


@login_required
@require_POST
def stage_photo_delete(request, pk):
    """POST: delete a stage photo (the side that uploaded it)."""
    photo = get_object_or_404(StagePhoto.objects.visible_to(request.user).select_related("stage__project"), pk=pk)
    stage = photo.stage
    services.delete_photo(photo, by=request.user)
    messages.success(request, _("照片已删除。"))
    return redirect(_back(request, stage))


@login_required
def money(request):
    """Money spent against budget by funding source over the projects the reader sees, and per project."""
    _reader(request)
    projects = list(services.projects_for(request.user))
    county = defaultdict(Decimal)
    for p in projects:
        for source, amount in p.budget.items():
            county[source] += amount
    payments = (Payment.objects.filter(project__in=[p.pk for p in projects]).values("source")
                .annotate(total=Sum("amount")))
    rows = budget_use(county, [(r["source"], r["total"]) for r in payments])
    per_project = [(p, p.budget_rows(p.payments.all())) for p in projects]
    return render(request, "projects/money.html", {"rows": rows, "per_project": per_project})


@login_required
def seats(request):
    """Seats added per year (by the delivery date, planned or actual) against the 大班额 classes to clear."""
    _reader(request)
    from edubureau.org.models import SchoolFacts

    projects = [p for p in services.projects_for(request.user) if p.classrooms or p.seats]
    items = []
    for p in projects:
        stage = next((s for s in p.stages.all() if s.step == "交付"), None)
        day = (stage.actual or stage.planned) if stage is not None else None
        if day is not None:
            items.append((first_usable_year(day), p.classrooms, p.seats))
    years = seats_by_year(items)
    latest = SchoolFacts.objects.visible_to(request.user).order_by("-school_year__start_year").values_list(
        "school_year__start_year", flat=True).first()
    large = {"year": latest, "classes": 0, "huge": 0}
    if latest is not None:
        totals = SchoolFacts.objects.visible_to(request.user).filter(
            school_year__start_year=latest, level_part__in=("primary", "junior")).aggregate(
            a=Sum("classes_56_65"), b=Sum("classes_66_plus"))
        large.update(classes=(totals["a"] or 0) + (totals["b"] or 0), huge=totals["b"] or 0)
    for row in years:
        row["left"] = max(large["classes"] - row["total_classrooms"], 0)
    return render(request, "projects/seats.html", {"years": years, "large": large, "undated": len(projects) - len(
        items)})


@login_required
def from_balance(request):
    """POST: the balance page's 达标所需投入 list becomes draft projects (立项 planned), then the 项目库."""
    from django.http import HttpResponseNotAllowed

    from edubureau.balance import data

    from .balance_drafts import draft_from_balance

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not can_write(request.user, Project):
        raise PermissionDenied("您无权新建建设项目。")
    wanted = request.POST.get("year", "")
    year = next((y for y in data.school_years() if str(y.start_year) == wanted), None) if wanted else None
    from edubureau.org.city import visible_counties

    counties = visible_counties(request.user)
    made = draft_from_balance(request.user, year, counties[0] if len(counties) == 1 else None)
    if made:
        messages.success(request, f"已按均衡发展达标所需投入生成{len(made)}个项目草案（立项待定）。")
    else:
        messages.info(request, "没有需要新建的项目草案（已生成过，或无校舍、运动场缺口）。")
    return redirect(reverse("projects:project_list"))
