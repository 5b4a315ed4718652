"""Generated requests against every API operation (schemathesis): bad input is a 4xx, never a 5xx.

The schema is loaded from the Django WSGI application itself, so the requests run in-process
against the test database, authenticated with a token header: once as a department owning every
module, over EVERY operation of the schema, once as a school administrator on the school-owned
endpoints. Each operation gets a bounded number of examples (positive and negative) so the whole
run stays within a few minutes.

Issue 18: this run once missed the inspection API's 500s (every visit with a checklist, every
finding with an item). The department then owned only org and people, the county had no rows in
the other modules (lists came back empty) and only registry paths were steered to real ids (other
details stopped at 404). Now every module has demo-like rows (``module_rows``), every ``{id}`` and
``{code}`` is steered to rows the user sees, and the run asserts it exercised every operation.
"""

from __future__ import annotations

import functools
import re
import time
from collections import Counter

import pytest
import schemathesis
from django.apps import apps
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.urls import resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from edubureau.core.roles import MODULES, Role
from edubureau.core.testing import factories as f
from edubureau.org.models import School

from .module_rows import build_module_rows

MAX_EXAMPLES = 15
SCHEMA_URL = "/api/schema/?format=json"
# Operations a school administrator runs: its own school's registry (reference data is the same for all).
SCHOOL_PATHS = r"^/api/(org/(schools|campuses|school-facts)|people/(staff|classes|students))/"


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, keeping the test database connection open between requests.

    A real server closes connections at the end of each request; inside a test that would drop the
    test transaction (PostgreSQL) — Django's own test client disconnects the same signal handlers.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def auth(token: Token) -> dict[str, str]:
    return {"Authorization": f"Token {token.key}"}


def load_schema(app, token: Token):
    config = schemathesis.Config.from_dict(
        {
            "generation": {"mode": "all", "max-examples": MAX_EXAMPLES},
            "phases": {"stateful": {"enabled": False}},
        }
    )
    # The schema itself needs a signed-in reader (issue 18).
    return schemathesis.openapi.from_wsgi(SCHEMA_URL, app, config=config, headers=auth(token))


def schema_operations(token: Token) -> set[str]:
    """Every operation of the schema as ``METHOD /path``, read from the document itself (not from schemathesis)."""
    from rest_framework.test import APIClient

    document = APIClient().get(SCHEMA_URL, headers=auth(token)).json()
    methods = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}
    return {f"{m.upper()} {path}" for path, item in document["paths"].items() for m in item if m in methods}


@pytest.fixture
def department_token(county):
    """A department owning every module: it reads and writes everything the API offers."""
    department = f.make_department(code="st_all", name="全模块科室", modules=list(MODULES))
    return Token.objects.create(user=f.make_user(Role.DEPARTMENT, department=department, username="st_dept"))


@pytest.fixture
def module_rows(county, department_token, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_module_rows(county, department_token.user, tmp_path)


@pytest.fixture
def department_schema(county, module_rows, wsgi_app, department_token):
    return load_schema(wsgi_app, department_token)


@pytest.fixture
def school_schema(county, module_rows, wsgi_app, school_token):
    return load_schema(wsgi_app, school_token).include(path_regex=SCHOOL_PATHS)


@pytest.fixture
def school_token(county):
    return Token.objects.create(user=f.make_user(Role.SCHOOL, school=county.a, username="st_school"))


# Deterministic (derandomize) so a failure found once is found again; no example database in the repository.
HYPOTHESIS = settings(
    max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)


# Foreign-key fields of request bodies and the model whose ids they take.
FK_MODELS = {
    "region": "org.Region", "zone": "org.Zone", "school_year": "org.SchoolYear", "start_term": "org.Term",
    "end_term": "org.Term", "school": "org.School", "central_school": "org.School", "lead_school": "org.School",
    "strong_school": "org.School", "supported_school": "org.School", "group": "org.EducationGroup",
    "staff": "people.Staff", "head_teacher": "people.Staff", "school_class": "people.SchoolClass",
}  # fmt: skip


def existing_ids(label: str, user) -> list[int]:
    return list(apps.get_model(label).objects.visible_to(user).values_list("pk", flat=True))


@functools.cache
def path_model(path: str) -> str | None:
    """The model behind an operation's path (``/api/quality/exams/{id}/report/`` → ``quality.Exam``), from its view."""
    view = resolve(re.sub(r"\{[^}]+\}", "1", path)).func
    queryset = getattr(getattr(view, "cls", None), "queryset", None)
    return None if queryset is None else queryset.model._meta.label


def steer_to_existing_rows(case, data, user) -> None:
    """Point most positive cases at rows the user can see, so reads and writes get past "no such row".

    Random integers almost never name a row: without this, every detail, PUT/PATCH/DELETE would stop at 404
    and every create with a foreign key at 400, and the run would test little beyond the routing.
    """
    parameters = dict(case.path_parameters or {})
    if "id" in parameters and path_model(case.operation.path) and data.draw(st.integers(0, 4), label="real id"):
        ids = existing_ids(path_model(case.operation.path), user)
        if ids:
            parameters["id"] = data.draw(st.sampled_from(ids))
    if "code" in parameters and data.draw(st.integers(0, 4), label="real code"):
        parameters["code"] = data.draw(st.sampled_from(sorted(School.objects.values_list("code", flat=True))))
    if parameters:
        case.path_parameters = parameters
    if isinstance(case.body, dict):
        body = dict(case.body)
        for name in body.keys() & FK_MODELS.keys():
            ids = existing_ids(FK_MODELS[name], user)
            if ids and data.draw(st.integers(0, 4), label=f"real {name}"):
                body[name] = data.draw(st.sampled_from(ids))
        case.body = body


def operation_test(operation, mode: GenerationMode, token: Token, statuses: Counter):
    """A Hypothesis test sending ``operation``'s generated cases with the token; 5xx fails it."""
    steer = mode is GenerationMode.POSITIVE

    @HYPOTHESIS
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def check(case, data):
        if steer:
            steer_to_existing_rows(case, data, token.user)
        response = case.call(headers=auth(token))
        statuses[response.status_code] += 1
        statuses[operation.label] += 1
        statuses[(operation.label, response.status_code)] += 1
        case.validate_response(response, checks=[not_a_server_error])

    return check


def run_operations(schema, token: Token) -> tuple[Counter, list[str]]:
    """Run every operation of ``schema`` with positive and negative examples; return counts and failures.

    The counter holds requests per status code (int keys), per operation label (``GET /api/…`` keys) and per
    operation and status (``(label, code)`` keys).

    (schemathesis' own pytest plugin is not used: its lazy-fixture loader relies on a pytest internal
    that pytest 9.2 removed. Driving the strategies with Hypothesis directly needs no plugin.)
    """
    statuses: Counter = Counter()
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                operation_test(operation, mode, token, statuses)()
            except Unsatisfiable:
                pass  # nothing in this operation can be made invalid (e.g. no parameters, no body)
            # Collect every operation's failure (schemathesis raises a group), then report them all.
            except (Exception, BaseExceptionGroup) as exc:
                failures.append(f"{operation.label} [{mode}]: {exc}")
    return statuses, failures


def summary(statuses: Counter) -> str:
    codes = sorted(code for code in statuses if isinstance(code, int))
    return ", ".join(f"{code}: {statuses[code]}" for code in codes)


def requests(statuses: Counter) -> int:
    return sum(n for code, n in statuses.items() if isinstance(code, int))


def test_no_server_error_as_department(department_schema, department_token):
    started = time.monotonic()
    statuses, failures = run_operations(department_schema, department_token)
    print(f"department: {requests(statuses)} requests ({summary(statuses)}) in {time.monotonic() - started:.1f}s")
    assert not failures, "\n\n".join(failures)
    # Every operation of the schema was sent requests — none filtered out, none skipped (issue 18).
    exercised = {label for label in statuses if isinstance(label, str)}
    assert exercised == schema_operations(department_token)
    assert len(exercised) > 100
    # …and every read got through to a real row at least once: lists with rows, details of existing ids.
    unread = sorted(label for label in exercised if label.startswith("GET ") and not statuses[(label, 200)])
    assert not unread, unread
    # The run means something only if requests got through to the real work: reads, creates, changes, deletes.
    # Floors, not expected counts: how many generated writes succeed varies with the database's ids
    # (SQLite vs PostgreSQL sequences), so the bars prove each kind happened without being brittle.
    assert statuses[200] > 100 and statuses[201] > 5 and statuses[204] > 0 and statuses[400] > 100


def test_no_server_error_as_school_admin(school_schema, school_token):
    started = time.monotonic()
    statuses, failures = run_operations(school_schema, school_token)
    print(f"school admin: {requests(statuses)} requests ({summary(statuses)}) in {time.monotonic() - started:.1f}s")
    assert not failures, "\n\n".join(failures)
    assert statuses[200] > 50 and statuses[201] > 0 and statuses[403] > 0


def test_the_run_catches_a_server_error(county, wsgi_app, department_token, monkeypatch):
    """The harness itself: an operation answering 500 is reported (else a green run would prove nothing)."""
    from edubureau.org.api.views import RegionViewSet

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(RegionViewSet, "list", broken)
    schema = load_schema(wsgi_app, department_token).include(path_regex=r"^/api/org/regions/$", method="GET")
    statuses, failures = run_operations(schema, department_token)
    assert statuses[500] > 0
    assert failures and "Server error" in failures[0]
