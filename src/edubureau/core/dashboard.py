"""The bureau dashboard (工作台), the home page: the county at a glance, within the user's scope.

A few aggregate queries, all through ``visible_to(request.user)`` — a school administrator sees only
its own school's figures — feed the pure ``dashboard_engine``; this module turns its numbers into
Chinese text, KPI cards and chart data (rendered by ``static/js/dashboard.js`` with ECharts).

Issue 16: at city scale (2,000 schools, 60,000 staff) those figures take a second to compute, and every user's
first page is this one. They are kept in the cache per scope and per day (:func:`cached_figures`); the key holds a
fingerprint of the tables they are read from (``core.figures_cache``).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Case, CharField, Count, Q, Sum, Value, When
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from edubureau.balance.models import BalanceSettings
from edubureau.core.dashboard_cards import cards_for
from edubureau.core.figures_cache import cached_figures, register_figures
from edubureau.core.formatting import percent, percent_value
from edubureau.core.generic.display import cn_date, cn_number
from edubureau.core.generic.urls import object_url
from edubureau.core.roles import Role
from edubureau.core.scope import scope_for
from edubureau.org.choices import KIND_PARTS, LevelPart, Locality, SchoolKind
from edubureau.org.models import Region, School, SchoolFacts, SchoolYear, Zone
from edubureau.people.choices import Title
from edubureau.people.engine import AGE_BANDS, CLASS_SIZE_BANDS
from edubureau.people.models import Posting, Staff

from .dashboard_engine import (
    CLASS_SIZE_PARTS,
    FactsRow,
    SchoolRow,
    StaffGroup,
    Summary,
    facility_thresholds,
    summarize,
)
from .dashboard_school import school_dashboard

INDICATORS = {"room": ("生均教学及辅助用房", "㎡"), "sports": ("生均体育运动场馆", "㎡"),
              "equipment": ("生均教学仪器设备值", "元"), "multimedia": ("每百名学生网络多媒体教室", "间")}


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_band_case(today: dt.date) -> Case:
    """SQL for the age band (people.engine.AGE_BANDS) of a birth date, as of ``today``."""
    whens = [
        When(birth_date__lte=_years_before(today, low), birth_date__gt=_years_before(today, min(high, 120) + 1),
             then=Value(label))
        for label, low, high in AGE_BANDS
    ]
    return Case(*whens, default=Value(""), output_field=CharField())


def _pct(value: float | None) -> str:
    return percent(value)


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} : 1"


# The tables the dashboard's figures are read from; a write to any of them changes the fingerprint.
FIGURE_SOURCES = (School, SchoolFacts, SchoolYear, Staff, Posting, Zone, BalanceSettings)


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "core/dashboard.html"

    def get(self, request, *args, **kwargs):
        if scope_for(request.user).role == Role.TEACHER:
            return redirect("staffing:me")  # a teacher's 工作台 is their own page
        return super().get(request, *args, **kwargs)

    # --- queries (all scoped) ---------------------------------------------------------------------

    def _schools(self, user) -> list[SchoolRow]:
        rows = School.objects.visible_to(user).filter(is_active=True).select_related("zone")
        return [
            SchoolRow(s.pk, s.name, tuple(str(p) for p in KIND_PARTS[SchoolKind(s.kind)]), s.locality,
                      s.zone.name if s.zone_id else None, s.is_teaching_point)
            for s in rows.only("pk", "name", "kind", "locality", "is_teaching_point", "zone__name")
        ]

    def _facts(self, user, year) -> list[FactsRow]:
        if year is None:
            return []
        fields = ("school_id", "level_part", "students", "classes", "classes_46_55", "classes_56_65",
                  "classes_66_plus", "teaching_room_area", "sports_area", "equipment_value", "multimedia_rooms")
        rows = SchoolFacts.objects.visible_to(user).filter(school_year=year).values_list(*fields)
        return [FactsRow(*r[:7], float(r[7]), float(r[8]), float(r[9]), r[10]) for r in rows]

    def _staff(self, user, today) -> list[StaffGroup]:
        rows = (
            Staff.objects.visible_to(user).filter(is_active=True).with_current_school()
            .annotate(age_band=age_band_case(today))
            .values("current_school_id", "post_kind", "teaching_level", "title", "age_band")
            .annotate(n=Count("pk")).order_by()
        )
        return [StaffGroup(r["current_school_id"], r["post_kind"], r["teaching_level"], r["title"], r["age_band"],
                           r["n"]) for r in rows]

    def _trend(self, user, school_ids) -> list[dict]:
        rows = (
            SchoolFacts.objects.visible_to(user).filter(level_part__in=CLASS_SIZE_PARTS, school_id__in=school_ids)
            .values("school_year__start_year")
            .annotate(classes=Sum("classes"), large=Sum("classes_56_65"), huge=Sum("classes_66_plus"))
            .order_by("school_year__start_year")
        )
        return [
            {"year": _("{start}—{end}学年").format(start=r["school_year__start_year"],
                                                   end=r["school_year__start_year"] + 1),
             "oversized": cn_number(r["large"] + r["huge"]), "super_large": cn_number(r["huge"]),
             "share": _pct((r["large"] + r["huge"]) / r["classes"] if r["classes"] else None)}
            for r in rows
        ][-3:]

    def _followups(self, user, today, *, owed_by_school: bool = False) -> dict:
        """What is owed within the scope: open and overdue counts per module, and the most overdue items.

        ``owed_by_school``: only what the school itself owes (a school reads a plan task's items owed by a
        department too, but they are not its to do; issue 17)."""
        from .followup_models import FollowUp
        from .roles import MODULES

        visible = FollowUp.objects.visible_to(user)
        if owed_by_school:
            visible = visible.filter(school_id__in=scope_for(user).school_ids or ())
        by_module = (visible.open().values("module")
                     .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due__lt=today))).order_by("module"))
        rows = [{"module": MODULES.get(r["module"], r["module"]), "open": r["open"], "overdue": r["overdue"]}
                for r in by_module]
        worst = list(visible.overdue(today).select_related("school", "department").order_by("due", "pk")[:5])
        return {"rows": rows, "worst": worst, "open": sum(r["open"] for r in rows),
                "overdue": sum(r["overdue"] for r in rows)}

    # --- presentation -----------------------------------------------------------------------------

    def _scope_label(self, user, schools: list[SchoolRow]) -> str:
        scope = scope_for(user)
        if scope.role == Role.SCHOOL:
            return schools[0].name if len(schools) == 1 else _("本校")
        if scope.role == Role.INSPECTOR:
            zone = getattr(user.profile, "zone", None)
            return _("{zone}（责任区）").format(zone=zone) if zone else _("责任区")
        regions = list(Region.objects.order_by("code")[:2])
        return _("{region}全县").format(region=regions[0].name) if len(regions) == 1 else _("全部学校")

    def _kpis(self, s: Summary) -> list[dict]:
        kindergarten = next((g.students for g in s.by_part if g.key == LevelPart.KINDERGARTEN), 0)
        return [
            {"label": _("学校数"), "value": cn_number(s.schools), "unit": _("所"),
             "note": _("含教学点{n}个").format(n=s.teaching_points) if s.teaching_points else ""},
            {"label": _("在校生数"), "value": cn_number(s.students), "unit": _("人"),
             "note": _("含幼儿园在园幼儿{n}人").format(n=cn_number(kindergarten)) if kindergarten else ""},
            {"label": _("教职工数"), "value": cn_number(s.staff), "unit": _("人"), "note": _("在岗，按任职学校统计")},
            {"label": _("专任教师数"), "value": cn_number(s.teachers), "unit": _("人"),
             "note": _("占教职工{share}").format(share=_pct(s.teachers / s.staff if s.staff else None))},
            {"label": _("生师比"), "value": _ratio(s.ratio), "unit": "", "note": _("在校生 ÷ 专任教师")},
            {"label": _("大班额班级（≥56人）"), "value": cn_number(s.large_classes + s.super_large_classes),
             "unit": _("个"), "note": _("其中超大班额{n}个").format(n=cn_number(s.super_large_classes)),
             "alert": bool(s.super_large_classes) or s.oversized_share > 0.05},
        ]

    def _alerts(self, s: Summary) -> list[dict]:
        one = s.schools == 1  # a school administrator reads about "本校"
        alerts = []
        if s.large_classes or s.super_large_classes:
            text = _("56人及以上班级{n}个，占{scope}的{share}（国家要求控制在5%以内）").format(
                n=cn_number(s.large_classes + s.super_large_classes), share=_pct(s.oversized_share),
                scope=_("本校班级") if one else _("中小学班级"))
            if s.super_large_classes and one:
                text += _("；其中超大班额{n}个").format(n=cn_number(s.super_large_classes))
            elif s.super_large_classes:
                names = "、".join(r.name for r in s.top_oversized if r.super_large)
                text += _("；超大班额{n}个，在{schools}").format(n=cn_number(s.super_large_classes), schools=names)
            alerts.append({"level": "danger" if s.super_large_classes else "warning", "text": text + "。"})
        if s.facility_short and one:
            failing = {k for f in s.facility_short for k in f.failing}
            alerts.append({"level": "warning", "text": _("本校有{n}项办学条件低于优质均衡标准：{items}。").format(
                n=len(failing), items="、".join(INDICATORS[k][0] for k in INDICATORS if k in failing))})
        elif s.facility_short:
            schools = {f.school_id for f in s.facility_short}
            rural = {f.school_id for f in s.facility_short if f.locality == Locality.RURAL}
            text = _("{n}所义务教育学校至少一项办学条件低于优质均衡标准").format(n=len(schools))
            if rural and len(rural) < len(schools):
                text += _("，其中乡村学校{n}所").format(n=len(rural))
            alerts.append({"level": "warning", "text": text + "。"})
        rural_old, urban_old = s.old_share(Locality.RURAL), s.old_share(Locality.URBAN)
        if rural_old is not None and urban_old is not None and rural_old > urban_old + 0.1:
            alerts.append({"level": "info", "text": _(
                "乡村学校专任教师中50岁及以上占{rural}，城区学校为{urban}，乡村教师老龄化明显。"
            ).format(rural=_pct(rural_old), urban=_pct(urban_old))})
        if s.big_schools and one:
            alerts.append({"level": "info", "text": _("本校义务教育在校生{n}人，超过2,000人的办学规模上限。").format(
                n=cn_number(s.big_schools[0][1]))})
        elif s.big_schools:
            alerts.append({"level": "info", "text": _("{n}所学校义务教育在校生超过2,000人：{schools}。").format(
                n=len(s.big_schools),
                schools="、".join(_("{name}（{n}人）").format(name=name, n=cn_number(n)) for name, n in s.big_schools),
            )})
        return alerts

    def _chart_data(self, s: Summary) -> dict:
        def groups(rows, label):
            return {"labels": [label(g.key) for g in rows], "schools": [g.schools for g in rows],
                    "students": [g.students for g in rows], "teachers": [g.teachers for g in rows]}

        localities = [k for k in Locality.values if k in s.age_by_locality]
        if len(localities) > 1:
            localities.insert(0, "all")  # a total row only when there is something to add up
        loc_label = {"all": _("合计"), **{k: str(v) for k, v in Locality.choices}}
        titles = Title.values  # all six, so each title keeps its colour
        classes = s.classes or 1
        return {
            "parts": groups(s.by_part, lambda k: str(LevelPart(k).label)),
            "zones": groups(s.by_zone, lambda k: k or _("未划片区")),
            "localities": groups(s.by_locality, lambda k: str(Locality(k).label)),
            "age": {"rows": [loc_label[k] for k in localities],
                    "bands": [_("{band}岁").format(band=label) for label, _low, _high in AGE_BANDS],
                    "counts": [[s.age_by_locality[k][label] for label, _l, _h in AGE_BANDS] for k in localities]},
            "titles": {"rows": [loc_label[k] for k in localities], "bands": [str(Title(t).label) for t in titles],
                       "counts": [[s.title_by_locality[k][t] for t in titles] for k in localities]},
            "class_bands": {"labels": [label for _key, label, _low, _high in CLASS_SIZE_BANDS],
                            "values": [s.class_bands[key] for key, *_rest in CLASS_SIZE_BANDS],
                            "shares": [percent_value(s.class_bands[key] / classes) for key, *_r in CLASS_SIZE_BANDS]},
            "text": {"students": _("在校生"), "teachers": _("专任教师"), "schools": _("学校"), "people": _("人"),
                     "school_unit": _("所"), "class_unit": _("个班"), "ratio": _("生师比"),
                     "classes": _("班级数")},
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        read = cached_figures("dashboard", user, day=today, sources=FIGURE_SOURCES, as_read=True)
        year, schools, summary, trend = read.figures
        links = {s.id: object_url(School(pk=s.id)) for s in schools}
        short_by_school: dict[int, list] = {}
        for f in summary.facility_short:
            short_by_school.setdefault(f.school_id, []).append(f)
        ctx.update(
            title=_("工作台"),
            school_year=year,
            today=cn_date(today),
            scope_label=self._scope_label(user, schools),
            summary=summary,
            kpis=self._kpis(summary),
            alerts=self._alerts(summary),
            by_part=[{"label": LevelPart(g.key).label, "schools": cn_number(g.schools), "classes": cn_number(g.classes),
                      "students": cn_number(g.students), "teachers": cn_number(g.teachers), "ratio": _ratio(g.ratio),
                      "oversized": cn_number(g.oversized) if g.key in CLASS_SIZE_PARTS else "—"}
                     for g in summary.by_part],
            top_oversized=[{"name": r.name, "url": links.get(r.school_id, ""), "zone": r.zone or "—",
                            "classes": cn_number(r.classes), "large": cn_number(r.large),
                            "super_large": cn_number(r.super_large), "share": _pct(r.share)}
                           for r in summary.top_oversized],
            facility_short=[
                {"name": f.name, "url": links.get(f.school_id, ""), "part": LevelPart(f.level_part).label,
                 "locality": Locality(f.locality).label,
                 "items": [_("{name}{value}{unit}（标准{limit}）").format(
                     name=INDICATORS[k][0], value=cn_number(v, 0 if k == "equipment" else 2), unit=INDICATORS[k][1],
                     limit=cn_number(limit, 0 if k == "equipment" else 1))
                     for k, (v, limit) in f.failing.items()]}
                for f in summary.facility_short[:10]
            ],
            facility_short_total=len(short_by_school),
            trend=trend,
            several_parts=len(summary.by_part) > 1,
            several_zones=len(summary.by_zone) > 1,
            several_localities=len(summary.by_locality) > 1,
            chart_data=self._chart_data(summary),
            followups=self._followups(user, today),
            module_cards=cards_for(user, today),
            # Served while a background task recomputes them after a change: say how old they are (issue 17).
            figures_refreshing_since=timezone.localtime(read.computed_at) if read.refreshing and read.computed_at
            else None,
            today_date=today,
        )
        if scope_for(user).role == Role.SCHOOL:
            # A school reads itself against its county, not the county layout (issue 17).
            ctx["school_view"] = school_dashboard(user, today)
            ctx["followups"] = self._followups(user, today, owed_by_school=True)
        return ctx

    def get_template_names(self):
        if scope_for(self.request.user).role == Role.SCHOOL:
            return ["core/dashboard_school.html"]
        return super().get_template_names()


def dashboard_figures(user, day):
    """The 工作台's figures for ``user``'s scope on ``day``: the current school year, the school rows, their summary
    and the enrolment trend."""
    view = DashboardView()
    year = SchoolYear.objects.filter(is_current=True).first()
    schools = view._schools(user)
    zone_order = tuple(Zone.objects.order_by("pk").values_list("name", flat=True))
    # The facility alert measures against the county's own lines (均衡发展设置), as the balance pages do.
    thresholds = facility_thresholds(BalanceSettings.current().standard())
    summary = summarize(schools, view._facts(user, year), view._staff(user, day), zone_order=zone_order,
                        thresholds=thresholds)
    return year, schools, summary, view._trend(user, [s.id for s in schools])


register_figures("dashboard", dashboard_figures)
