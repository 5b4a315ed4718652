"""摇号 pages: the oversubscribed schools and their published seeds, one draw's full order with every ticket (the
公示, ID numbers masked), the file anyone can rerun with ``edubureau enrollment draw``, and admission notices."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from edubureau.core.formatting import cn_date
from edubureau.core.io.safe_workbook import csv_cell
from edubureau.core.listexport import ListColumn, list_xlsx, wants_xlsx
from edubureau.org.models import School

from . import services
from .engine.draw_file import HEADERS
from .engine.lottery import method_text, ticket
from .engine.notices import admission_notices
from .forms import SeedForm
from .models import Application, Lottery
from .permissions import handles_applications
from .views import admitted_school_text, year_and_level

__all__ = ["lottery_detail", "lottery_list", "notices", "publish", "rerun_file"]

PUBLIC_COLUMNS = [
    ListColumn(gettext_lazy("名次"), lambda r: r["place"], 6),
    ListColumn(gettext_lazy("申请编号"), lambda r: r["number"], 14),
    ListColumn(gettext_lazy("儿童姓名"), lambda r: r["name"], 10),
    ListColumn(gettext_lazy("身份证件号"), lambda r: r["masked_id"], 22),
    ListColumn(gettext_lazy("类别"), lambda r: r["category"], 8),
    ListColumn(gettext_lazy("积分"), lambda r: r["points"], 8),
    ListColumn(gettext_lazy("签号（SHA-256）"), lambda r: r["ticket"], 68),
    ListColumn(gettext_lazy("结果"), lambda r: r["verdict"], 12),
]


@login_required
def lottery_list(request):
    """Schools whose 审核通过 applicants outnumber their seats, each with its seed (to publish, or published)."""
    year, level = year_and_level(request)
    seats = services.seats_for(year, level)
    visible = School.objects.visible_to(request.user)
    lotteries = {lot.school_id: lot for lot in Lottery.objects.visible_to(request.user).filter(year=year,
                                                                                               level=level)}
    demand = {}
    for school_id in Application.objects.visible_to(request.user).filter(
            year=year, level=level).exclude(state=Application.State.REFUSED).values_list("school_id", flat=True):
        demand[school_id] = demand.get(school_id, 0) + 1
    rows = []
    for school in visible.filter(pk__in=set(demand) | set(lotteries)).order_by("code"):
        need = demand.get(school.pk, 0)
        if need <= seats.get(school.pk, 0) and school.pk not in lotteries:
            continue
        rows.append({"school": school, "seats": seats.get(school.pk, 0), "applied": need,
                     "lottery": lotteries.get(school.pk),
                     "form": SeedForm(initial={"seats": seats.get(school.pk, 0)}, prefix=f"s{school.pk}")})
    return render(request, "enrollment/lottery_list.html", {
        "title": _("摇号"), "year": year, "level": level, "rows": rows,
        "handler": handles_applications(request.user)})


@login_required
@require_POST
def publish(request, school_pk):
    if not handles_applications(request.user):
        raise PermissionDenied(_("只有招生工作人员可以公布摇号种子。"))
    year, level = year_and_level(request)
    school = get_object_or_404(School.objects.visible_to(request.user), pk=school_pk)
    form = SeedForm(request.POST, prefix=f"s{school.pk}")
    back = f"{reverse('enrollment:lottery_list')}?level={level}"
    if not form.is_valid():
        messages.error(request, _("请填写种子、种子来源和学位数。"))
        return redirect(back)
    try:
        services.publish_seed(school=school, year=year, level=level, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(back)
    messages.success(request, _("{school}的摇号种子已公布：{seed}。录取时按此种子排序，任何人可复核。").format(
        school=school.name, seed=form.cleaned_data["seed"]))
    return redirect(back)


def _rows(lottery: Lottery, user) -> list[dict]:
    order = lottery.result.get("order", [])
    apps = {a.number: a for a in Application.objects.filter(number__in=order).select_related("admitted_school")}
    rows = []
    for place, number in enumerate(order, start=1):
        app = apps.get(number)
        if app is None:
            continue
        verdict = _("录取") if place <= lottery.seats else _("候补第{n}名").format(n=place - lottery.seats)
        rows.append({"place": place, "number": number, "name": app.child_name, "masked_id": app.masked_child_id,
                     "category": app.category, "points": "" if app.points is None else f"{app.points:g}",
                     "ticket": ticket(lottery.seed, number),
                     "verdict": verdict,
                     "placed_at": admitted_school_text(user, app) if place > lottery.seats else ""})
    return rows


@login_required
def lottery_detail(request, pk):
    lottery = get_object_or_404(Lottery.objects.visible_to(request.user).select_related("school", "drawn_by"), pk=pk)
    rows = _rows(lottery, request.user)
    if wants_xlsx(request):
        return list_xlsx(_("{school}摇号结果公示").format(school=lottery.school.name), PUBLIC_COLUMNS, rows)
    return render(request, "enrollment/lottery_detail.html", {
        "title": _("{school}摇号结果").format(school=lottery.school.name), "lottery": lottery, "rows": rows,
        "method": method_text(lottery.seed, lottery.seats), "admitted": min(lottery.seats, len(rows)),
        "waiting": max(len(rows) - lottery.seats, 0)})


@login_required
def rerun_file(request, pk):
    """The list in the command line's headers, ID numbers left out (the draw does not read them): anyone can run
    ``edubureau enrollment draw FILE --seed S --seats N`` and get the published order."""
    lottery = get_object_or_404(Lottery.objects.visible_to(request.user).select_related("school"), pk=pk)
    rows = _rows(lottery, request.user)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in sorted(rows, key=lambda r: r["number"]):
        writer.writerow([csv_cell(row["number"]), csv_cell(row["name"]), "", row["category"], row["points"]])
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv")
    response["Content-Disposition"] = f"attachment; filename=lottery_{lottery.school.code}_{lottery.year}.csv"
    return response


@login_required
def notices(request, school_pk):
    """录取通知书 (.docx) of a school's admitted children: one page each."""
    if not handles_applications(request.user):
        raise PermissionDenied(_("只有招生工作人员可以打印录取通知书。"))
    year, level = year_and_level(request)
    school = get_object_or_404(School.objects.visible_to(request.user), pk=school_pk)
    apps = list(Application.objects.filter(year=year, level=level, admitted_school=school).order_by("number"))
    if not apps:
        messages.error(request, _("{school}还没有录取的学生。").format(school=school.name))
        return redirect(f"{reverse('enrollment:home')}?level={level}")
    content = admission_notices(school.name, year, level, [(a.number, a.child_name, a.sex) for a in apps],
                                cn_date)
    response = HttpResponse(content, content_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    response["Content-Disposition"] = f"attachment; filename=notices_{school.code}_{year}.docx"
    return response
