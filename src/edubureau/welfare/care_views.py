"""关爱群体: the rosters per school (留守儿童, 随迁子女, 残疾儿童 with their placement, 困境儿童) and the
送教上门 visits of the term against the plan. Everyone in scope reads the counts; names, guardians and work places
only the 资助/关爱 staff (``permissions.sees_family``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.generic.list import page_of
from edubureau.org.models import Term
from edubureau.people.choices import ON_ROLL
from edubureau.people.models import Student

from .models import CareProfile, HomeVisit
from .permissions import sees_family

GROUPS = {
    "left_behind": (_("留守儿童"), Q(left_behind=True)),
    "migrant": (_("随迁子女"), Q(migrant=True)),
    "disabled": (_("残疾儿童"), Q(disabled=True)),
    "hardship": (_("困境儿童"), Q(care__hardship__gt="")),
}


@login_required
def care_rosters(request):
    students = Student.objects.visible_to(request.user).filter(status__in=ON_ROLL)
    counts = list(students.values("school__pk", "school__name", "school__code").annotate(
        total=Count("pk"), **{key: Count("pk", filter=q) for key, (_label, q) in GROUPS.items()},
        both=Count("pk", filter=Q(both_parents_away=True)),
        home=Count("pk", filter=Q(care__placement=CareProfile.Placement.HOME)),
    ).order_by("school__code"))
    totals = {key: sum(row[key] for row in counts) for key in (*GROUPS, "total", "both", "home")}
    group = request.GET.get("group", "")
    roster, page, query = None, None, ""
    family = sees_family(request.user)
    if family and group in GROUPS:
        page, query = page_of(request, students.filter(GROUPS[group][1]).select_related(
            "school", "school_class", "care", "care__home_teacher").order_by("school__code", "grade", "name_pinyin"),
            per_page=100)
        roster = page
    today = timezone.localdate()
    term = Term.objects.filter(start__lte=today, end__gte=today).first()
    visits = []
    if family:
        planned = CareProfile.objects.visible_to(request.user).filter(placement=CareProfile.Placement.HOME)
        done = dict(HomeVisit.objects.visible_to(request.user).filter(
            day__gte=term.start if term else today.replace(month=1, day=1)).values_list("profile").annotate(
            n=Count("pk")).values_list("profile", "n"))
        visits = [{"profile": p, "done": done.get(p.pk, 0), "behind": done.get(p.pk, 0) < p.visits_per_term}
                  for p in planned.select_related("student__school", "home_teacher")]
    return render(request, "welfare/care_rosters.html", {
        "title": _("关爱群体"), "counts": counts, "totals": totals, "groups": [(k, v[0]) for k, v in GROUPS.items()],
        "group": group, "group_label": GROUPS[group][0] if group in GROUPS else "", "roster": roster,
        "family": family, "visits": visits, "term": term, "page": page, "query": query,
    })
