"""均衡分班 page: a school's admitted children into classes balanced on sex, prior score, special needs and siblings,
shown beside a random deal of the same children (the baseline), and class teachers drawn by ticket."""

from __future__ import annotations

import math

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edubureau.core.listexport import ListColumn, list_xlsx, wants_xlsx
from edubureau.org.models import School

from .engine.classes import Pupil, balanced_classes, draw_teachers, random_classes, spread
from .models import CLASS_SIZE, Application, Level
from .views import year_and_level

__all__ = ["classes"]

PLACED = (Application.State.ADMITTED, Application.State.REASSIGNED)
LIST_COLUMNS = [
    ListColumn(gettext_lazy("班级"), lambda r: r[0], 8),
    ListColumn(gettext_lazy("申请编号"), lambda r: r[1].number, 14),
    ListColumn(gettext_lazy("姓名"), lambda r: r[1].child_name, 10),
    ListColumn(gettext_lazy("性别"), lambda r: r[1].sex, 6),
    ListColumn(gettext_lazy("身份证件号"), lambda r: r[1].masked_child_id, 22),
]


class ClassForm(forms.Form):
    classes = forms.IntegerField(label=_("班级数"), min_value=1, max_value=40)
    seed = forms.CharField(label=_("种子"), max_length=64, help_text=_("分班和抽签班主任用同一公开种子，可复核"))
    teachers = forms.CharField(label=_("班主任人选（每行一人）"), required=False,
                               widget=forms.Textarea(attrs={"rows": 4}))


def _family(app: Application) -> str:
    return min(app.number, app.sibling_of) if app.sibling_of else ""


@login_required
def classes(request, school_pk):
    year, level = year_and_level(request)
    school = get_object_or_404(School.objects.visible_to(request.user), pk=school_pk)
    # The children placed at this school, those 统筹 from another school's list included: the school reads them
    # as its own new pupils (names and masked numbers only; where they applied is not shown).
    apps = list(Application.objects.filter(
        year=year, level=level, admitted_school=school, state__in=PLACED).order_by("number"))
    norm = CLASS_SIZE[Level(level)]
    form = ClassForm(request.GET or None, initial={"classes": max(math.ceil(len(apps) / norm), 1),
                                                   "seed": f"{year}{school.code}"})
    context = {"title": _("{school}均衡分班").format(school=school.name), "school": school, "year": year,
               "level": level, "form": form, "count": len(apps), "norm": norm}
    if apps and form.is_valid():
        data = form.cleaned_data
        pupils = {a.number: Pupil(a.number, a.sex, float(a.prior_score) if a.prior_score is not None else None,
                                  a.special_needs, _family(a)) for a in apps}
        rooms = balanced_classes(list(pupils.values()), data["classes"], data["seed"])
        by_number = {a.number: a for a in apps}
        if wants_xlsx(request):
            rows = [(f"{k + 1}班", by_number[p.number]) for k, room in enumerate(rooms) for p in room]
            return list_xlsx(_("{school}分班名单").format(school=school.name), LIST_COLUMNS, rows)
        teachers = [t.strip() for t in data["teachers"].splitlines() if t.strip()]
        drawn, teacher_error = [], ""
        if teachers:
            try:
                drawn = draw_teachers(teachers, data["classes"], data["seed"])
            except ValueError as exc:
                teacher_error = str(exc)
        context.update({
            "rooms": [{"name": f"{k + 1}班", "size": len(room), "boys": sum(p.sex == "男" for p in room),
                       "girls": sum(p.sex == "女" for p in room), "special": sum(p.special_needs for p in room),
                       "mean": _mean(room), "teacher": drawn[k] if k < len(drawn) else "",
                       "pupils": [by_number[p.number] for p in room]} for k, room in enumerate(rooms)],
            "ours": spread(rooms).as_dict(),
            "baseline": spread(random_classes(list(pupils.values()), data["classes"], data["seed"])).as_dict(),
            "teacher_error": teacher_error,
        })
    return render(request, "enrollment/classes.html", context)


def _mean(room) -> float | None:
    scores = [p.score for p in room if p.score is not None]
    return round(sum(scores) / len(scores), 1) if scores else None
