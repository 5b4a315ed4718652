"""Issue 17 point 1, "links that lead nowhere": every demo login follows the links of its pages, from the dashboard
through the menu and one level further, and none of them answers 4xx or 5xx.

Who signs in: every kind of login the demo creates. The users of the loaded demo county are read back from the
database (so a login a module demo adds, e.g. the 教研室 or 办公室, is crawled as it lands) and one is taken per
role and department (the named login the demo prints first): the eight inspectors or forty school administrators
see the same pages over other schools. The county is loaded once for the module inside a transaction rolled back at
the end, as ``tests/security/test_scope_sweep.py`` does.

What is followed: ``<a href>`` links to this site, GET only, from the dashboard (depth 0) to depth 2. Logout, static
and media files are left out; downloads (not HTML) are fetched but not read. The crawl is bounded so that it stays
under a few minutes: at most ``PAGES_PER_ROLE`` pages a login, and of one URL pattern (route and query keys) only
the first ``PER_PATTERN`` (a list's second page or another school's card tells nothing the first did not).
"""

from __future__ import annotations

import io
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve
from django.utils import timezone

from edubureau.core.management.commands.demo import Command as DemoCommand
from edubureau.core.management.commands.demo import school_year_of
from edubureau.core.roles import Role
from edubureau.core.testing.module_data import rolled_back_after_module, settled
from edubureau.demo.generator import DEFAULT_SEED

# One worker loads this module's demo (``make test`` distributes by group): two would each load it.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("link-crawl")]

DEPTH = 3  # the dashboard, the menu's pages, and two levels below them
PAGES_PER_ROLE = 200
PER_PATTERN = 2
DOWNLOADS_PER_ROLE = 12  # an export is fetched (it must not fail), one or two of each kind
SKIP_PREFIXES = ("/static/", "/media/", "/accounts/logout", "/logout", "/admin/logout")


class _Links(HTMLParser):
    """The ``href`` of every ``<a>`` of a page."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(html: str, base: str) -> list[str]:
    """Same-site paths (with their query) linked from a page; fragments, mailto: and other sites left out."""
    parser = _Links()
    parser.feed(html)
    out = []
    for href in parser.hrefs:
        href = urldefrag(href.strip())[0]
        if not href or href.startswith(("javascript:", "mailto:", "tel:")):
            continue
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            if parts.netloc not in ("testserver", ""):
                continue
        path = parts.path or urlsplit(base).path
        if not path.startswith("/"):
            path = urlsplit(base).path.rsplit("/", 1)[0] + "/" + path
        if path.startswith(SKIP_PREFIXES):
            continue
        out.append(f"{path}?{parts.query}" if parts.query else path)
    return out


def pattern_of(url: str) -> str:
    """The route a URL resolves to and the names of its query keys (``?page=2`` and ``?page=3`` are one)."""
    parts = urlsplit(url)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path
    keys = sorted({k for k, _v in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{route}?{'&'.join(keys)}"


def crawl(client: Client) -> tuple[list[str], Counter]:
    """Breadth first from the dashboard; returns the broken links ("page → link: status") and a tally.

    A link of a pattern already opened waits until every new pattern queued has been opened: the budget goes to
    the breadth of the site (a scheme's tabs) before a list's hundredth row."""
    tally: Counter = Counter()
    broken: list[str] = []
    seen_urls: set[str] = set()
    per_pattern: Counter = Counter()
    fresh, again = deque([("/", 0, "(start)")]), deque()
    while (fresh or again) and tally["pages"] < PAGES_PER_ROLE:
        url, depth, came_from = (fresh or again).popleft()
        if url in seen_urls:
            continue
        pattern = pattern_of(url)
        if per_pattern[pattern] >= PER_PATTERN:
            continue
        if per_pattern[pattern] and fresh:  # opened meanwhile through another link: wait with the repeats
            again.append((url, depth, came_from))
            continue
        if _is_download(url) and tally["fetched_downloads"] >= DOWNLOADS_PER_ROLE:
            continue
        tally["fetched_downloads"] += _is_download(url)
        seen_urls.add(url)
        per_pattern[pattern] += 1
        response = client.get(url)
        status = response.status_code
        if status >= 400:
            broken.append(f"{came_from} → {url}: {status}")
            continue
        if status in (301, 302):
            tally["redirects"] += 1
            target = urlsplit(urljoin(url, response["Location"]))
            if target.netloc in ("", "testserver") and "/login/" not in target.path:  # a teacher's 工作台 is 我的
                fresh.append((target.path + (f"?{target.query}" if target.query else ""), depth, url))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            tally["downloads"] += 1
            continue
        tally["pages"] += 1
        if depth >= DEPTH:
            continue
        for link in links_of(response.content.decode(), url):
            if link in seen_urls:
                continue
            (again if per_pattern[pattern_of(link)] else fresh).append((link, depth + 1, url))
    tally["patterns"] = len(per_pattern)
    return broken, tally


def _is_download(url: str) -> bool:
    path = urlsplit(url).path
    return path.endswith((".xlsx", ".docx", ".csv", ".pdf", ".zip")) or "export" in url or "download" in url


def one_login_per_kind() -> list:
    """A login per (superuser, role, department) among the demo's users, the ones the demo prints first."""
    from edubureau.demo.loader import SHOWN_LOGINS

    shown = {name: i for i, name in enumerate(SHOWN_LOGINS)}
    users = get_user_model().objects.filter(is_active=True).select_related("profile")
    chosen: dict[tuple, object] = {}
    for user in sorted(users, key=lambda u: (shown.get(u.username, len(shown)), u.username)):
        profile = getattr(user, "profile", None)
        kind = (user.is_superuser, getattr(profile, "role", None), getattr(profile, "department_id", None))
        chosen.setdefault(kind, user)
    return list(chosen.values())


@pytest.fixture(scope="module")
def demo_clients(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo county, loaded once and rolled back after the module; a signed-in client per demo login."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("crawl_media")):
        with rolled_back_after_module():
            DemoCommand(stdout=io.StringIO())._load(DEFAULT_SEED, school_year_of(timezone.localdate()), 1.0)
            cache.clear()
            clients = {}
            for user in one_login_per_kind():
                client = Client(raise_request_exception=False)
                client.force_login(user)
                clients[user.username] = client
            settled()  # once, not in every test's teardown (module_data explains)
            yield clients


def test_demo_logins_are_found(demo_clients):
    """The crawl covers the demo's logins of every kind (a stale reading would crawl nobody and pass)."""
    from edubureau.demo.loader import SHOWN_LOGINS

    assert set(SHOWN_LOGINS) <= set(demo_clients)


def test_no_link_from_the_menu_leads_nowhere(demo_clients):
    problems = []
    tallies = {}
    for username, client in demo_clients.items():
        with transaction.atomic():
            broken, tally = crawl(client)
            transaction.set_rollback(True)
        tallies[username] = dict(tally)
        problems += [f"{username}: {line}" for line in broken]
    print(tallies)
    # A crawl that stops at the dashboard proves nothing: every login reaches pages beyond the menu. A teacher's
    # menu is one page (我的人事信息), with the password and token pages beside it.
    teachers = set(get_user_model().objects.filter(profile__role=Role.TEACHER).values_list("username", flat=True))
    assert teachers, "the demo has a teacher's login"
    assert all(t.get("pages", 0) >= (3 if name in teachers else 5) for name, t in tallies.items()), tallies
    assert not problems, "\n".join(problems)


def _links_of_page(client: Client, url: str) -> list[str]:
    """Every same-site link of one page that answers 4xx or 5xx."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    broken = []
    for link in dict.fromkeys(links_of(response.content.decode(), url)):
        status = client.get(link).status_code
        if status >= 400:
            broken.append(f"{url} → {link}: {status}")
    return broken


def test_the_pages_named_in_the_issue_link_only_what_opens(demo_clients):
    """The cases issue 17 names, checked link by link whatever the crawl's budget reaches: a scheme's tabs for a
    leader or a school, the ranking's export and report cards for an inspector, a partner school for a school."""
    from django.urls import reverse

    from edubureau.evaluation.models import Scheme

    pages = [reverse("evaluation:ranking"), reverse("org:pairing_list"), reverse("org:educationgroup_list")]
    for scheme in Scheme.objects.order_by("pk"):
        pages += [reverse("evaluation:scheme_detail", args=[scheme.pk]),
                  reverse("evaluation:ranking_scheme", args=[scheme.pk])]
    problems = []
    for username in ("leader", "duxue", "xiaozhang"):
        client = demo_clients[username]
        for url in pages:
            with transaction.atomic():
                problems += [f"{username}: {line}" for line in _links_of_page(client, url)]
                transaction.set_rollback(True)
    assert not problems, "\n".join(problems)
