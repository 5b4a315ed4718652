"""The shared layout (issue 17): one phone layout for every page (the menu behind a 菜单 button below 768 px),
print rules for A4 that leave the navigation off the paper, print buttons on the report pages, and a
breadcrumb trail on every detail page, registry and hand-written alike.

The look itself is checked by the screenshots in ``screenshots/`` (phone-*.png, print-preview-*.png);
these tests pin the pieces the look depends on."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from edubureau.core.generic import object_url
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f

from .specs import SPECS

BREADCRUMB = re.compile(r'<nav aria-label="breadcrumb"><ol class="breadcrumb[^"]*">(.*?)</ol></nav>', re.S)


def _css(path: str) -> str:
    found = finders.find(path)
    assert found, path
    with open(found, encoding="utf-8") as fh:
        return fh.read()


def _block(css: str, at_rule: str) -> str:
    """The body of the first ``at_rule { ... }`` block (nested braces counted)."""
    start = css.index(at_rule)
    i = css.index("{", start) + 1
    depth = 1
    j = i
    while depth:
        depth += {"{": 1, "}": -1}.get(css[j], 0)
        j += 1
    return css[i : j - 1]


def _hidden_selectors(block: str) -> set[str]:
    """Selectors of the rules in ``block`` that set ``display: none``."""
    hidden = set()
    block = re.sub(r"/\*.*?\*/", "", block, flags=re.S)
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", block):
        if re.search(r"display:\s*none", body):
            hidden |= {s.strip() for s in selectors.split(",")}
    return hidden


# ---- Phone layout ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_has_the_viewport_and_the_menu_behind_a_button(client):
    client.force_login(f.make_user(Role.LEADER, username="leader"))
    body = client.get(reverse("core:dashboard")).content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in body
    toggle = re.search(r'<button[^>]*eb-menu-toggle[^>]*>', body, re.S)
    assert toggle, "no 菜单 button in the top bar"
    assert 'data-bs-toggle="offcanvas"' in toggle.group(0) and 'data-bs-target="#eb-menu"' in toggle.group(0)
    assert "d-md-none" in toggle.group(0), "the button shows on phones only"
    nav = re.search(r'<nav class="([^"]*)" id="eb-menu"', body)
    assert nav and "offcanvas-md" in nav.group(1).split(), "the side menu is an offcanvas panel below md"
    # On a phone the account links move from the top bar into the menu.
    menu = body[nav.start() : body.index("</nav>", nav.start())]
    for name in ("password_change", "account-token", "logout"):
        assert f'"{reverse(name)}"' in menu
    assert "js/layout.js" in body


def test_the_inspection_pages_no_longer_hide_the_menu_themselves():
    # Their old rule (display: none on .eb-sidebar below 576 px) would hide the shared offcanvas menu too.
    assert ".eb-sidebar" not in _css("css/inspection.css")


def test_phone_css_scrolls_wide_tables_in_their_box():
    phone = _block(_css("css/edubureau.css"), "@media (max-width: 767.98px)")
    rule = re.search(r"([^{}]*\.table-container[^{}]*)\{([^{}]*)\}", phone)
    assert rule and "overflow-x: auto" in rule.group(2)
    assert ".eb-card" in rule.group(1)


# ---- Print ------------------------------------------------------------------------------------------------------


def test_print_css_is_a4_and_hides_the_navigation():
    css = _css("css/edubureau.css")
    page = re.search(r"@page\s*\{([^}]*)\}", css)
    assert page and re.search(r"size:\s*A4", page.group(1))
    hidden = _hidden_selectors(_block(css, "@media print"))
    for selector in (".eb-topbar", ".eb-sidebar", ".eb-no-print", 'form[role="search"]', 'main form[method="get"]',
                     ".pagination", ".btn"):
        assert selector in hidden, selector
    rows = re.search(r"([^{}]*\btr\b[^{}]*)\{([^{}]*)\}", _block(css, "@media print"))
    assert rows and "break-inside: avoid" in rows.group(2), "table rows are not cut across pages"


@pytest.mark.django_db
def test_list_pages_mark_their_filters_as_search_forms(client):
    # The print rules leave form[role=search] off the paper; the list page's filter panel must carry it.
    client.force_login(f.make_user(Role.LEADER, username="leader"))
    f.make_school("甲小学")
    body = client.get(reverse("org:school_list")).content.decode()
    assert '<form method="get" class="eb-card mb-3 py-2" role="search">' in body


# ---- Breadcrumbs ------------------------------------------------------------------------------------------------


def _trail(body: str) -> str:
    match = BREADCRUMB.search(body)
    assert match, "no breadcrumb trail"
    return match.group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
def test_registry_detail_pages_have_breadcrumbs(client, world, spec):
    client.force_login(world.users["leader"])
    row = world.rows[spec.own]
    response = client.get(object_url(row, "detail"))
    assert response.status_code == 200
    trail = _trail(response.content.decode())
    assert 'aria-current="page"' in trail
    assert 'class="breadcrumb-item"><a href=' in trail, "the trail leads back to the list"


@pytest.fixture
def handwritten(db, tmp_path, settings):
    """One row of each hand-written detail page's model, all visible to a leader."""
    from edubureau.evaluation import engine as evaluation_engine
    from edubureau.evaluation import services as evaluation_services
    from edubureau.evaluation.views import TEMPLATE_CATEGORIES
    from edubureau.inspection.models import Finding, Inspector, Visit
    from edubureau.inspection.services import issue_notice
    from edubureau.org.models import Term
    from edubureau.plans.services import import_plan, raise_problem
    from edubureau.quality.models import Exam
    from edubureau.quality.services import import_scores

    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    year = f.make_school_year(today.year if today.month >= 9 else today.year - 1)
    term = Term.objects.create(school_year=year, number=1, start=today - dt.timedelta(days=60),
                               end=today + dt.timedelta(days=60))
    zone = f.make_zone("东部片区")
    school = f.make_school("甲一小学", zone=zone)
    inspector_user = f.make_user(Role.INSPECTOR, zone=zone, username="insp")
    inspector = Inspector.objects.create(user=inspector_user, name="甲督学")
    visit = Visit.objects.create(day=today, kind="routine")
    visit.schools.set([school])
    visit.inspectors.set([inspector])
    finding = Finding.objects.create(visit=visit, school=school, category="food", description="食品留样不足",
                                     found_on=today)
    notice = issue_notice([finding], due=today + dt.timedelta(days=7), user=inspector_user, issued_on=today)

    plan = import_plan("某县教育工作要点\n一、学前教育\n（一）扩大资源。年内新建幼儿园3所。\n",
                       title="某县教育工作要点", year=today.year)
    task = plan.tasks.exclude(parent=None).first() or plan.tasks.first()
    planner = f.make_user(Role.DEPARTMENT, department=f.make_department(modules=("plans",)), username="planner")
    problem = raise_problem(task, planner, description="用地未落实", due=today + dt.timedelta(days=30), school=school)

    scheme = evaluation_services.from_engine(evaluation_engine.standard_scheme(today.year),
                                             categories=TEMPLATE_CATEGORIES)

    exam = Exam.objects.create(name="三年级期末统考", term=term, grade=3, full_marks={"语文": 100})
    scores = tmp_path / "scores.csv"
    scores.write_text("考号,姓名,学校,班级,语文\n1,张三,甲一小学,1班,90\n2,李四,甲一小学,1班,70\n", encoding="utf-8")
    import_scores(exam, scores)

    leader = f.make_user(Role.LEADER, username="leader")
    return {"leader": leader, "visit": visit, "notice": notice, "plan": plan, "task": task, "problem": problem,
            "scheme": scheme, "exam": exam, "school": school}


def _handwritten_pages(h):
    return {
        "visit": reverse("inspection:visit_detail", args=[h["visit"].pk]),
        "notice": reverse("inspection:notice_detail", args=[h["notice"].pk]),
        "followup": reverse("core:followup_detail", args=[h["notice"].followup_id]),
        "plan": reverse("plans:plan_detail", args=[h["plan"].pk]),
        "board": reverse("plans:plan_board", args=[h["plan"].pk]),
        "overview": reverse("plans:plan_overview", args=[h["plan"].pk]),
        "task": reverse("plans:task_detail", args=[h["task"].pk]),
        "problem": reverse("plans:problem_detail", args=[h["problem"].pk]),
        "scheme": reverse("evaluation:scheme_detail", args=[h["scheme"].pk]),
        "exam": reverse("quality:exam_detail", args=[h["exam"].pk]),
        "exam_school": reverse("quality:exam_school", args=[h["exam"].pk, h["school"].pk]),
        "value_added": reverse("quality:exam_value_added", args=[h["exam"].pk]),
        "exam_teachers": reverse("quality:exam_teacher_list", args=[h["exam"].pk]),
    }


def test_handwritten_detail_pages_have_breadcrumbs(client, handwritten):
    client.force_login(handwritten["leader"])
    for name, url in _handwritten_pages(handwritten).items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        trail = _trail(response.content.decode())
        assert 'aria-current="page"' in trail, name
        links = re.findall(r'href="([^"]+)"', trail)
        assert links, f"{name}: the trail leads nowhere"
        for link in links:  # every step of the trail opens for the same user (issue 17, point 1)
            assert client.get(link).status_code == 200, (name, link)


def test_report_pages_offer_a_print_button(client, handwritten):
    client.force_login(handwritten["leader"])
    pages = _handwritten_pages(handwritten)
    for name in ("board", "exam", "exam_school"):
        body = client.get(pages[name]).content.decode()
        assert re.search(r"<button[^>]*data-eb-print[^>]*>打印</button>", body), name


def test_a_schools_breadcrumbs_link_only_what_it_may_open(client, handwritten):
    # A school sees the task it owes, not the heading above it: the trail names the heading without a link.
    task = handwritten["task"]
    assert task.parent_id, "the fixture's task sits under a heading"
    task.schools.add(handwritten["school"])
    client.force_login(f.make_user(Role.SCHOOL, school=handwritten["school"], username="head"))
    response = client.get(reverse("plans:task_detail", args=[task.pk]))
    assert response.status_code == 200
    trail = _trail(response.content.decode())
    assert reverse("plans:task_detail", args=[task.parent_id]) not in trail
    assert task.parent.item in trail
    for link in re.findall(r'href="([^"]+)"', trail):
        assert client.get(link).status_code == 200, link


def test_sortable_headers_look_sortable_and_show_the_direction(client, world):
    """Issue 17: every orderable header of every table carries the neutral ⇅; the sorted one shows ▲ or ▼."""
    css = _css("css/edubureau.css")
    rules = css[css.index("/* sortable headers (issue 17) */"):]
    # Any django-tables2 table (class "table"), not only the registry lists' .eb-table: the city comparisons too.
    assert re.search(r"^\.table th\.orderable > a::after\s*\{[^}]*content:\s*\" ⇅\"", rules, re.M)
    assert re.search(r"^\.table th\.orderable\.asc > a::after\s*\{[^}]*content:\s*\" ▲\"", rules, re.M)
    assert re.search(r"^\.table th\.orderable\.desc > a::after\s*\{[^}]*content:\s*\" ▼\"", rules, re.M)
    client.force_login(world.users["department"])
    for sort, direction in (("name", "asc"), ("-name", "desc")):
        body = client.get(reverse("org:school_list"), {"sort": sort}).content.decode()
        headers = re.findall(r'<th class="([^"]*)"[^>]*>\s*<a href="\?[^"]*sort=', body)
        assert len(headers) >= 3 and all("orderable" in h.split() for h in headers), headers
        sorted_ = [h for h in headers if {"asc", "desc"} & set(h.split())]
        assert len(sorted_) == 1 and direction in sorted_[0].split(), headers
        # Screen readers hear the direction too, on the sorted header only.
        spoken = {"asc": "ascending", "desc": "descending"}[direction]
        assert re.findall(r'aria-sort="(\w+)"', body) == [spoken]
        assert "点击按此列排序" in body and "再点一次反向排序" in body
