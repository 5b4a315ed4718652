"""One search-as-you-type pick list for schools, classes, staff and pupils (issue 17).

A form that picks a class out of 2,583 or a teacher out of 3,036 used to send every option. Now the field keeps its
scoped queryset (``core.forms.restrict_choices``: what the user may read), its widget renders only the chosen row,
and the page asks ``/pick/<kind>/?q=`` for at most ``LIMIT`` matches as the user types (Tom Select, from npm). The
endpoint reads the same ``visible_to`` rows the form validates against, so a forged id outside the scope is refused
by the form as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, OuterRef, Q, Subquery, Value, When
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

__all__ = ["LIMIT", "PICKED", "PickSelect", "PickSelectMultiple", "pick", "use_pick_list"]

LIMIT = 20


@dataclass(frozen=True)
class Kind:
    model: str  # app_label.Model
    search: tuple[str, ...]  # fields a typed word may match (icontains)
    placeholder: str


PICKED = {
    "school": Kind("org.School", ("name", "short_name", "code"), _l("输入学校名称或学校标识码搜索")),
    "class": Kind("people.SchoolClass", ("name", "school__name"), _l("输入学校或班级名称搜索")),
    # school_now: the school of the open posting (annotated below), not every school the teacher ever worked at.
    "staff": Kind("people.Staff", ("name", "subject", "school_now"), _l("输入姓名、学科或学校搜索")),
    "student": Kind("people.Student", ("name", "student_no", "school__name", "school_class__name"),
                    _l("输入姓名、学籍号或学校搜索")),
}
KIND_OF_MODEL = {kind.model: key for key, kind in PICKED.items()}


def _matching(kind: Kind, queryset, text: str):
    """Rows where every typed word is in one of the searched fields; names starting with the first word first
    (typing 王 lists the 王s before those whose school is 王家岭), then in the model's (pinyin) order."""
    words = text.split()
    if not words:
        return queryset.none()
    condition = reduce(and_, (reduce(or_, (Q(**{f"{f}__icontains": w}) for f in kind.search)) for w in words))
    first = Case(When(name__startswith=words[0], then=Value(0)), default=Value(1), output_field=IntegerField())
    return queryset.filter(condition).order_by(first, *queryset.model._meta.ordering)


def _labels(key: str, rows) -> list[dict]:
    if key == "staff":  # a name alone is ambiguous: say where the teacher works now
        return [{"id": r.pk, "text": f"{r.name}（{r.school_now or _('无在岗学校')}）"} for r in rows]
    return [{"id": r.pk, "text": str(r)} for r in rows]


@login_required
def pick(request, kind):
    """At most ``LIMIT`` rows of ``kind`` the user may read that match ``q`` (every word, in any searched field)."""
    if kind not in PICKED:
        raise Http404(_("没有该选择列表"))
    spec = PICKED[kind]
    model = apps.get_model(spec.model)
    rows = model.objects.visible_to(request.user)
    if kind == "staff":
        posting = apps.get_model("people.Posting").objects.filter(staff=OuterRef("pk"), end__isnull=True)
        rows = rows.annotate(school_now=Subquery(posting.order_by("-start").values("school__name")[:1]))
    elif any(f.name == "school" for f in model._meta.get_fields()):
        rows = rows.select_related("school")  # labels name the school
    found = list(_matching(spec, rows, request.GET.get("q", "").strip())[: LIMIT + 1])
    return JsonResponse({"results": _labels(kind, found[:LIMIT]), "more": len(found) > LIMIT})


class _Picked:
    """Renders only the chosen row(s); the others are searched through the endpoint."""

    def __init__(self, kind: str, attrs=None):
        super().__init__(attrs)
        self.kind = kind

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "data-pick": reverse("core:pick", args=[self.kind]),
                 "data-placeholder": str(PICKED[self.kind].placeholder), "data-no-results": _("无匹配结果"),
                 "data-loading": _("正在搜索…")}
        return super().get_context(name, value, attrs)

    def optgroups(self, name, value, attrs=None):
        chosen = [str(v) for v in value if str(v).isdigit()]
        options = [] if self.allow_multiple_selected else [self.create_option(name, "", "", not chosen, 0)]
        queryset = getattr(self.choices, "queryset", None)
        if chosen and queryset is not None:
            label = getattr(self.choices.field, "label_from_instance", str)
            for index, row in enumerate(queryset.filter(pk__in=chosen), start=1):
                options.append(self.create_option(name, row.pk, label(row), True, index))
        return [(None, options, 0)]


class PickSelect(_Picked, forms.Select):
    pass


class PickSelectMultiple(_Picked, forms.SelectMultiple):
    pass


def use_pick_list(field) -> None:
    """Swap a drop-down of schools, classes, staff or pupils for the pick list (check boxes and hidden fields stay)."""
    queryset = getattr(field, "queryset", None)
    key = KIND_OF_MODEL.get(queryset.model._meta.label) if queryset is not None else None
    if key is None or field.disabled or type(field.widget) not in (forms.Select, forms.SelectMultiple):
        return
    widget_class = PickSelectMultiple if isinstance(field.widget, forms.SelectMultiple) else PickSelect
    widget = widget_class(key, attrs=field.widget.attrs)
    widget.choices = field.choices
    widget.is_required = field.required
    field.widget = widget
