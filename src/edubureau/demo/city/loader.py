"""Write the demo city into the database: the city, then each county (generated, written, forgotten), then logins.

Every county is one transaction of ``bulk_create`` batches (5,000 rows), so a full city loads in minutes on SQLite
and PostgreSQL alike, and the audit trail stays quiet: bulk inserts write no audit entries, and the few rows saved
one by one are written as system work (``core.audit.system_work``), not as anyone's change.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from edubureau.core.audit import system_work
from edubureau.core.models import Profile
from edubureau.core.roles import Role
from edubureau.org.choices import RegionLevel
from edubureau.org.models import Department, Region

from ..layout import build_departments
from ..loader import DEMO_PASSWORD, write_county
from ..names import person_name
from .generator import City, county_summary, generate_counties

__all__ = ["BATCH", "CityReport", "city_logins", "department_login", "load_city"]

BATCH = 5000
WORK = "演示市数据"


def department_login(code: str) -> str:
    """The login suffix of a department: its code, but 督导室 (code duxue) is ``dudao``, as in the county demo,
    so that ``duxue`` names the 责任督学."""
    return "dudao" if code == "duxue" else code


@dataclass
class CityReport:
    """What was written, per county and in all, and how long each stage took."""

    counties: dict[str, dict[str, int]] = field(default_factory=dict)
    stages: list[tuple[str, float]] = field(default_factory=list)
    users: int = 0
    seconds: float = 0.0

    def total(self, key: str) -> int:
        return sum(c.get(key, 0) for c in self.counties.values())


def _city_region(city: City) -> tuple[Region, dict[str, Department]]:
    region, _created = Region.objects.get_or_create(code=city.code, defaults={"name": city.name,
                                                                              "level": RegionLevel.CITY})
    departments = {
        d.code: Department.objects.get_or_create(
            region=region, code=d.code,
            defaults={"name": d.name, "modules": list(d.modules), "head": d.head, "phone": d.phone},
        )[0]
        for d in build_departments(random.Random(f"{city.seed}:{city.slug}:departments"))
    }
    return region, departments


def city_logins(city: City) -> list[str]:
    """The bureau logins of the city, in the order the demo command prints them (school logins not listed)."""
    codes = [department_login(d.code) for d in build_departments(random.Random(0))]
    out = ["admin", f"{city.slug}_leader", *(f"{city.slug}_{c}" for c in codes), f"{city.slug}_shenji"]
    for plan in city.counties:
        out += [f"{plan.slug}_leader", *(f"{plan.slug}_{c}" for c in codes), f"{plan.slug}_shenji",
                f"{plan.slug}_duxue1"]
    return out


class _Accounts:
    """Demo logins collected as rows and written in two bulk inserts (one password hash for all: hashing each
    of 2,000 school logins would take minutes)."""

    def __init__(self, password: str, rng: random.Random):
        self.hashed = make_password(password)
        self.rng = rng
        self.rows: list[tuple[str, str, dict]] = []  # username, display name, profile fields (None: superuser)

    def add(self, username: str, name: str, **profile) -> None:
        self.rows.append((username, name, profile))

    def person(self) -> str:
        return person_name(self.rng, self.rng.choice("MF"), self.rng.randint(1966, 1986))

    def bureau(self, slug: str, region: Region, departments: dict[str, Department], leader: str) -> None:
        self.add(f"{slug}_leader", leader, role=Role.LEADER, region=region)
        for code, department in departments.items():
            self.add(f"{slug}_{department_login(code)}", department.head or self.person(), role=Role.DEPARTMENT,
                     department=department, region=region)
        self.add(f"{slug}_shenji", self.person(), role=Role.READONLY, region=region)

    def write(self, batch_size: int) -> int:
        User = get_user_model()
        taken = set(User.objects.filter(username__in=[u for u, _n, _p in self.rows]).values_list("username",
                                                                                                 flat=True))
        rows = [r for r in self.rows if r[0] not in taken]
        users = User.objects.bulk_create([
            User(username=username, first_name=name, password=self.hashed,
                 is_superuser=profile.get("role") is None, is_staff=profile.get("role") is None)
            for username, name, profile in rows
        ], batch_size=batch_size)
        Profile.objects.bulk_create([
            Profile(user=user, **profile) for user, (_u, _n, profile) in zip(users, rows, strict=True)
            if profile.get("role") is not None
        ], batch_size=batch_size)
        return len(users)


def load_city(city: City, *, password: str = DEMO_PASSWORD, batch_size: int = BATCH,
              say: Callable[[str], None] = lambda line: None) -> CityReport:
    """Write ``city``: the city and its departments, every county's registry, and the demo logins.

    Args:
        password: the password of every demo login (school logins included).
        batch_size: rows per insert.
        say: called with one progress line per stage (county by county, with timings).
    """
    with system_work(WORK, started_by="edubureau demo --scale city"):
        return _load_city(city, password, batch_size, say)


def _load_city(city: City, password: str, batch_size: int, say: Callable[[str], None]) -> CityReport:
    report = CityReport()
    started = time.perf_counter()

    def stage(name: str, t0: float) -> float:
        seconds = time.perf_counter() - t0
        report.stages.append((name, round(seconds, 1)))
        return seconds

    t0 = time.perf_counter()
    with transaction.atomic():
        region, departments = _city_region(city)
    accounts = _Accounts(password, random.Random(f"{city.seed}:accounts"))
    accounts.add("admin", _("系统管理员"))
    accounts.bureau(city.slug, region, departments, "周建国")
    stage(_("市级区域与科室"), t0)
    t0 = time.perf_counter()
    for plan, county in zip(city.counties, generate_counties(city), strict=True):
        generated = stage(_("{county}：生成").format(county=plan.name), t0)
        t0 = time.perf_counter()
        with transaction.atomic():
            written = write_county(county, parent=region, batch_size=batch_size)
        wrote = stage(_("{county}：写入").format(county=plan.name), t0)
        counts = county_summary(county)
        report.counties[plan.name] = counts
        accounts.bureau(plan.slug, written.region, written.departments, accounts.person())
        for k, zone in enumerate(written.zones.values(), 1):
            accounts.add(f"{plan.slug}_duxue{k}", accounts.person(), role=Role.INSPECTOR, zone=zone,
                         region=written.region)
        for school in written.schools.values():
            accounts.add(f"school{school.code}", school.principal or _("{school}管理员").format(school=school.name),
                         role=Role.SCHOOL, school=school)
        say(_("  {county}：{schools}所学校、{staff}名教职工、{classes}个班级、{students}名学生；"
              "生成{gen:.1f}秒，写入{wrote:.1f}秒").format(
            county=plan.name, schools=f"{counts['schools']:,}", staff=f"{counts['staff']:,}",
            classes=f"{counts['classes']:,}", students=f"{counts['students']:,}", gen=generated, wrote=wrote))
        t0 = time.perf_counter()
    with transaction.atomic():
        report.users = accounts.write(batch_size)
    say(_("  账号：{users}个（含各校管理员），用时{seconds:.1f}秒").format(
        users=f"{report.users:,}", seconds=stage(_("账号"), t0)))
    report.seconds = round(time.perf_counter() - started, 1)
    return report
