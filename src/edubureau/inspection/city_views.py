"""市级对比 · 督导 (issue 16): per county, visit coverage of its schools and the on-time rate of rectifications.

The figures come from the stats engine (``engine.counties`` wraps ``coverage`` and ``on_time_rectification_rate``);
rows are read in a fixed number of queries through the module's scoped querysets.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from edubureau.core.followup_engine import State
from edubureau.core.generic.display import cn_date
from edubureau.org.city import CityComparisonView, Column, chart_data
from edubureau.org.models import School

from . import services
from .engine.counties import county_inspection
from .engine.stats import NoticeRow, VisitRow
from .models import Finding, Visit
from .views.department import _period

COLUMNS = (
    ("schools", "学校数", "int"), ("visited", "已督导学校", "int"), ("coverage", "督导覆盖率", "pct"),
    ("visits", "督导次数", "int"), ("findings", "发现问题", "int"), ("notices", "整改通知", "int"),
    ("overdue", "逾期未整改", "int"), ("on_time_rate", "按期整改率", "pct"),
)


class CityInspectionView(CityComparisonView):
    """Per county for the period: schools visited and coverage, visits, findings, notices, overdue, on-time rate."""

    template_name = "inspection/city_compare.html"
    tab = "inspection:city"

    def comparison(self, counties):
        user = self.request.user
        start, end, form = _period(self.request)
        today = timezone.localdate()
        names = {c.pk: c.name for c in counties}
        schools: dict[int, list[str]] = {pk: [] for pk in names}
        county_of: dict[str, int] = {}
        for code, region in School.objects.visible_to(user).filter(is_active=True).values_list("code", "region_id"):
            if region in schools:
                schools[region].append(code)
                county_of[code] = region
        done: dict[int, tuple] = {}
        for pk, day, code in (services.visits_visible_to(user)
                              .filter(day__gte=start, day__lte=end, status=Visit.Status.DONE)
                              .values_list("pk", "day", "schools__code")):
            day_codes = done.setdefault(pk, (day, []))
            if code is not None:
                day_codes[1].append(code)
        visits = [VisitRow("", day, tuple(codes)) for day, codes in done.values()]
        notices: dict[int, list[NoticeRow]] = {}
        for region, due, closed_on, state in (
                services.notices_visible_to(user).filter(followup__issued_on__lte=end, followup__due__gte=start)
                .values_list("followup__school__region_id", "followup__due", "followup__closed_on", "followup__state")):
            notices.setdefault(region, []).append(NoticeRow(due, closed_on, state == State.WITHDRAWN))
        findings: dict[int, int] = {}
        for region in (Finding.objects.visible_to(user).filter(found_on__gte=start, found_on__lte=end)
                       .values_list("school__region_id", flat=True)):
            findings[region] = findings.get(region, 0) + 1
        rows, total = county_inspection(schools, visits, notices, findings, start, end, today)
        for row in rows:
            region = row["county"]
            row["county"] = names[region]
            row["url"] = reverse("inspection:notice_list") + "?" + urlencode({"region": region})
        columns = [Column(key, _(label), kind) for key, label, kind in COLUMNS]
        chart = chart_data(_("各区县督导覆盖率与按期整改率"), rows,
                           [c for c in columns if c.key in ("coverage", "on_time_rate")])
        return {"title": _("市级对比 · 督导"), "form": form, "rows": rows, "total": total, "columns": columns,
                "chart": chart, "filename": _("督导区县对比-{start}-{end}").format(start=start, end=end),
                "notes": [_("统计期间：{start}至{end}。").format(start=cn_date(start), end=cn_date(end)),
                          _("督导覆盖率：期间内至少督导过一次的在办学校占比；按期整改率：已到期或已销号的整改通知中"
                            "按期销号的比例（撤销的不计）；逾期未整改：截至今天已过期限仍未销号的通知。")]}
