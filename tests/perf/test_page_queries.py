"""Issue 16: no page grows its query count with the number of rows.

Every GET page of every module (routes discovered from the URLconf by ``tests.security.sweep.discover_routes``, the
API left to ``tests/api/test_query_counts.py``) is requested by a bureau leader and by a school administrator on a
county of size N, then again after as many rows again were added (schools with their staff, classes, pupils and
facts; visits, findings and notices; plan tasks, reports and problems; exam results; evaluation scores). The count
may differ by a small constant (a cache filled once, a second page of a table), never by a multiple of the rows.

The county is ``tests.api.conftest.build_county`` with ``tests.api.module_rows.build_module_rows`` (one row of
every module, written through the modules' services); :func:`grow` adds the rest through the same services and
the factories. It is built once for the module inside a transaction rolled back at the end, like the scope sweep.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.cache.backends.dummy import DummyCache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from edubureau.core.followup import ensure_daily_scan
from edubureau.core.roles import MODULES, Role
from edubureau.core.testing import factories as f
from edubureau.core.testing.module_data import rolled_back_after_module, settled
from tests.api.conftest import build_county
from tests.api.module_rows import build_module_rows
from tests.security import sweep as sw

pytestmark = pytest.mark.django_db

ROUTES = [r for r in sw.discover_routes() if not r.is_api and r.name.split(":")[-1] != "api-root"]
UNITS = 4  # rows added per round: N, then N more
SLACK = 3  # queries a page may add when its rows double (a second page of the table, a choice list appearing)
# Pages that write on GET or hand over a file are still counted; only these are not requests a reader makes.
SKIPPED = {"logout"}
# Pages known to grow, with why they are left (the entry goes once the page is fixed).
KNOWN_GROWING: dict[str, str] = {}


# --- The county and its growth ---------------------------------------------------------------------------------

def grow(county, hub: dict, units: int) -> None:
    """Add ``units`` schools, each with its staff, classes, pupils and facts, and its rows in every module, most
    of them hanging on the hub rows (school A, the visit, the plan, the exam, the scheme) whose pages are measured.
    """
    from edubureau.evaluation import services as evaluation_services
    from edubureau.evaluation.models import EvaluatorScore
    from edubureau.inspection.models import Finding, Visit
    from edubureau.inspection.services import issue_notice
    from edubureau.org.models import Campus, GroupMembership, Pairing
    from edubureau.people.models import Honour
    from edubureau.plans.models import Task
    from edubureau.plans.services import raise_problem, submit_report
    from edubureau.quality.models import ExamResult, TeacherAssignment

    a, term, user = county.a, county.term, hub["user"]
    visit, task, exam, scheme = hub["visit"], hub["task"], hub["exam"], hub["scheme"]
    indicator = scheme.indicators.get(code="1.3")
    for _ in range(units):
        n = f.next_n()
        school = f.make_school(zone=a.zone, region=a.region)
        f.make_facts(school, county.year)
        Campus.objects.create(school=school, name=f"校区{n}")
        GroupMembership.objects.create(group=county.rows["a"]["educationgroup"], school=school, joined="2024-09-01")
        Pairing.objects.create(strong_school=a, supported_school=school, start_term=term)
        for where in (a, school):
            staff = f.make_staff(where)
            Honour.objects.create(staff=staff, kind="key_teacher", level="county", awarded=dt.date(2023, 9, 1))
            klass = f.make_class(where, grade=3, head_teacher=staff, school_year=county.year)
            for _pupil in range(2):
                f.make_student(where, klass, id_number=f.make_id_number(dt.date(2016, 3, 1), "M"))
            for number in range(2):
                ExamResult.objects.create(exam=exam, school=where, exam_no=f"P{n}{where.pk}{number}",
                                          class_name=klass.name, scores={"语文": 90, "数学": 80}, total=170)
            TeacherAssignment.objects.create(exam=exam, school=where, class_name=klass.name, subject="语文",
                                             teacher_name=staff.name, staff=staff)
        # Inspection: the hub visit sees one more school and finding; the new school gets a visit of its own.
        visit.schools.add(school)
        hub["zone"].schools.add(school)
        for where in (a, school):
            finding = Finding.objects.create(visit=visit, school=where, category="safety", severity="minor",
                                             description=f"问题{n}", found_on=visit.day)
            issue_notice([finding], due=dt.date(2025, 10, 23), user=hub["inspector_user"], issued_on=visit.day)
        other = Visit.objects.create(day=visit.day + dt.timedelta(days=n % 20), kind="routine",
                                     checklist=visit.checklist)
        other.schools.set([school, a])
        other.inspectors.set(visit.inspectors.all())
        # Plans: a new task of the plan for the school (and A), its report and problem; A reports on it too.
        new = Task.objects.create(plan=task.plan, parent=task.parent, item=f"{task.item}.{n}", level=task.level,
                                  position=task.position + n, title=f"任务{n}")
        new.schools.set([school, a])
        task.schools.add(school)
        submit_report(new, user, period=dt.date(2025, 10, 1), narrative="进展", percent_done=20, figure=1)
        raise_problem(new, user, description=f"难点{n}", due=dt.date(2025, 12, 1), school=school,
                      issued_on=dt.date(2025, 10, 1))
        raise_problem(task, user, description=f"甲难点{n}", due=dt.date(2025, 12, 1), school=a,
                      issued_on=dt.date(2025, 10, 1))
        EvaluatorScore.objects.create(scheme=scheme, indicator=indicator, school=school, evaluator=user, score=7)
        # issue 15: safety — every safety register grows at the new school and at A.
        from tests.api.conftest import safety_rows

        safety_rows(school, f"G{n}")
        safety_rows(a, f"H{n}")
    evaluation_services.recompute(scheme, user)


def build(tmp_path) -> tuple[object, dict]:
    county = build_county()
    department = f.make_department(code="perf_all", name="全模块科室", modules=list(MODULES))
    user = f.make_user(Role.DEPARTMENT, department=department, username="perf_dept")
    hub = build_module_rows(county, user, tmp_path)
    from edubureau.inspection.models import ResponsibilityZone

    hub.update(user=user, zone=ResponsibilityZone.objects.get(name="甲责任区"),
               inspector_user=hub["notice"].followup.issued_by)
    return county, hub


# --- Filling a route's kwargs ----------------------------------------------------------------------------------

APP_HUBS: dict[str, type] = {}

def hub_ids(county, hub) -> dict[type, int]:
    """The row each route is aimed at, per model: the rows that grow (school A, the visit, the plan …)."""
    from edubureau.org.models import School
    from edubureau.people.models import Staff

    ids = {School: county.a.pk, Staff: county.rows["a"]["staff"].pk}
    APP_HUBS.update({type(hub[key])._meta.app_label: type(hub[key]) for key in ("visit", "plan", "exam", "scheme")})
    for key in ("visit", "finding", "notice", "plan", "task", "report", "problem", "exam", "scheme"):
        ids[type(hub[key])] = hub[key].pk
    for model in {type(row) for rows in county.rows.values() for row in rows.values()}:
        ids.setdefault(model, county.rows["a"].get(model._meta.model_name, county.rows["ref"].get(
            model._meta.model_name, county.a)).pk)
    return ids


def url_of(route: sw.Route, county, hub, ids) -> str | None:
    """The route's URL aimed at the hub rows, or None when its kwargs name nothing this county has."""
    if not route.kwargs:
        return reverse(route.name)
    kwargs = {}
    for kwarg in route.kwargs:
        model = sw.model_for_kwarg(route, kwarg, ROUTES)
        if model is None and kwarg == "pk":
            model = APP_HUBS.get(route.app)  # "/evaluation/<pk>/ranking/": the app's main row
        if model is not None:
            pk = ids.get(model) or model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            if pk is None:
                return None
            kwargs[kwarg] = pk
        elif kwarg == "code":
            kwargs[kwarg] = county.a.code
        elif kwarg == "class_name":
            kwargs[kwarg] = "1班"  # a class of school A in the exam of build_module_rows
        elif kwarg == "spec":
            kwargs[kwarg] = "org.school"
        elif kwarg == "direction":
            kwargs[kwarg] = "up"
        else:
            return None
    try:
        return reverse(route.name, kwargs=kwargs)
    except NoReverseMatch:
        return None


# --- Measuring -------------------------------------------------------------------------------------------------

def count_queries(client: Client, url: str) -> tuple[int, int, list[str]]:
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        transaction.set_rollback(True)
    return response.status_code, len(captured), [q["sql"] for q in captured.captured_queries]


def _shape(sql: str) -> str:
    """A statement with its numbers and strings taken out (savepoint names too), to group repeats."""
    return re.sub(r"\b\w*\d+\w*\b", "N", re.sub(r"'[^']*'", "S", sql))[:160]


ROLES = {"leader": lambda county: {"role": Role.LEADER},
         "school": lambda county: {"role": Role.SCHOOL, "school": county.a}}


@pytest.fixture(scope="module", params=sorted(ROLES))
def measured(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """Each page's queries for one role (a parameter, so that two workers take one role each), at N and at 2N
    rows: ``{"results": {route: [(status, count, sqls) at N, … at 2N]}, "urls": {route: url}, "role": role}``."""
    role = request.param
    tmp = tmp_path_factory.mktemp("perf")
    # The dashboards' cached figures (core.figures_cache) are computed on every request here: the computing is
    # what could grow with the rows, and a hit on one size against a miss on the other would compare nothing.
    never_cached = mock.patch("edubureau.core.figures_cache.cache", DummyCache("perf", {}))
    # The same for an exam's derived figures (quality.services: the county's score summary, value-added), issue 17.
    exam_never_cached = mock.patch("edubureau.quality.services.cache", DummyCache("perf", {}))
    with (django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp / "media"), never_cached,
          exam_never_cached):
        with rolled_back_after_module():
            county, hub = build(tmp)
            grow(county, hub, UNITS)
            client = Client(raise_request_exception=False)
            client.force_login(f.make_user(**ROLES[role](county), username=f"perf_{role}"))
            ids = hub_ids(county, hub)
            urls = {r.name: url_of(r, county, hub, ids) for r in ROUTES}
            results: dict = {}
            for size in (0, 1):
                if size:
                    grow(county, hub, UNITS)
                cache.clear()  # figures cached by the pages are computed again from the rows of this size
                ensure_daily_scan(background=False)  # the day's scan, not inside the first page measured
                for route in ROUTES:
                    url = urls[route.name]
                    if url is None or route.name in SKIPPED:
                        continue
                    if not size:
                        client.get(url)  # warm: per-process caches (navigation, content types) filled once
                    results.setdefault(route.name, []).append(count_queries(client, url))
            settled()  # once, not in every test's teardown (module_data explains)
            yield {"results": results, "urls": urls, "role": role}


def test_no_page_grows_its_queries_with_rows(measured):
    grown, errors = [], []
    role = measured["role"]
    for name, ((status, small, small_sql), (status2, big, big_sql)) in sorted(measured["results"].items()):
        url = measured["urls"][name]
        if status >= 500 or status2 >= 500:
            errors.append(f"{role} {url} → {status}/{status2}")
        if big > small + SLACK and name not in KNOWN_GROWING:
            extra = list(big_sql)
            for sql in small_sql:
                if sql in extra:
                    extra.remove(sql)
            shapes: dict[str, int] = {}
            for sql in extra:
                shapes[_shape(sql)] = shapes.get(_shape(sql), 0) + 1
            top = sorted(shapes.items(), key=lambda kv: -kv[1])[:3]
            if os.environ.get("PERF_SQL"):  # the whole statements, to find where they come from
                top = [sql for sql in extra if _shape(sql) == top[0][0]][:2]
            grown.append(f"{role} {url}: {small} → {big} queries; repeated: {top}")
    assert not errors, "\n".join(errors)
    assert not grown, "\n".join(grown)


def test_every_page_route_is_measured(measured):
    """The discovery reaches the modules' pages: all but a few, whose rows this county does not have."""
    unmeasured = sorted(name for name, url in measured["urls"].items() if url is None)
    assert len(ROUTES) > 150, len(ROUTES)
    assert len(unmeasured) <= len(ROUTES) // 10, unmeasured
