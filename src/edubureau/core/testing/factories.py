"""Small factories for tests: build valid registry rows with few arguments.

Each call makes unique codes and ID numbers, so tests can build many rows without collisions.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model

from edubureau.core import idcard
from edubureau.core.models import Profile
from edubureau.core.roles import Role

_counter = itertools.count(1)


def next_n() -> int:
    return next(_counter)


def make_id_number(born: dt.date = dt.date(1985, 6, 15), sex: str = "F", region: str = "330102") -> str:
    """A valid 18-digit ID number, unique per call: the 3-digit sequence (odd for men, even for women)
    runs through 500 values, then the region's last two digits move on."""
    n = next_n()
    seq = 2 * (n % 500) + (1 if sex == "M" else 0)
    region = f"{region[:4]}{(int(region[4:]) + n // 500) % 100:02d}"
    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    return first17 + idcard.check_digit(first17)


def make_region(**kw):
    from edubureau.org.models import Region

    code = kw.pop("code", "330100")
    return Region.objects.get_or_create(code=code, defaults={"name": kw.pop("name", "示例县"), **kw})[0]


def make_city_with_counties(*names: str, city_name: str = "示例市"):
    """A city (市) and its counties: ``(city, [county, …])``; codes follow 行政区划代码 (city 4 digits + 00)."""
    city = make_region(code="371400", name=city_name, level="city")
    counties = [make_region(code=f"3714{n:02d}", name=name, parent=city) for n, name in enumerate(names, start=2)]
    return city, counties


def make_zone(name: str | None = None, **kw):
    from edubureau.org.models import Zone

    return Zone.objects.create(region=kw.pop("region", None) or make_region(), name=name or f"片区{next_n()}", **kw)


def make_school_year(start_year: int = 2025, current: bool = True):
    from edubureau.org.models import SchoolYear

    return SchoolYear.objects.get_or_create(
        start_year=start_year,
        defaults={"start": dt.date(start_year, 9, 1), "end": dt.date(start_year + 1, 8, 31), "is_current": current},
    )[0]


def make_school(name: str | None = None, kind: str = "primary", zone=None, **kw):
    from edubureau.org.models import School

    n = next_n()
    return School.objects.create(
        code=kw.pop("code", f"{3133000000 + n}"),
        name=name or f"测试第{n}小学",
        kind=kind,
        locality=kw.pop("locality", "urban"),
        region=kw.pop("region", None) or make_region(),
        zone=zone,
        **kw,
    )


def make_facts(school, school_year=None, level_part: str = "primary", **kw):
    from edubureau.org.models import SchoolFacts

    values = dict(
        students=600,
        classes=14,
        teaching_room_area=Decimal("3000"),
        sports_area=Decimal("5000"),
        equipment_value=Decimal("1500000"),
        computers=80,
        books=20000,
        multimedia_rooms=14,
        full_time_teachers=40,
        teachers_above_required_education=38,
        teachers_intermediate_title=20,
        key_teachers=5,
        pe_art_teachers=6,
    )
    values.update(kw)
    return SchoolFacts.objects.create(
        school=school, school_year=school_year or make_school_year(), level_part=level_part, **values
    )


def make_staff(school=None, start: dt.date = dt.date(2015, 9, 1), reason: str = "regular", **kw):
    from edubureau.people.models import Posting, Staff

    sex = kw.pop("sex", "F")
    staff = Staff.objects.create(
        name=kw.pop("name", f"教师{next_n()}"),
        sex=sex,
        id_number=kw.pop("id_number", None) or make_id_number(kw.pop("born", dt.date(1985, 6, 15)), sex),
        establishment=kw.pop("establishment", "civil"),
        post_kind=kw.pop("post_kind", "teacher"),
        education=kw.pop("education", "bachelor"),
        **kw,
    )
    if school is not None:
        Posting.objects.create(staff=staff, school=school, start=start, reason=reason)
    return staff


def make_class(school, grade: int = 1, size: int = 40, **kw):
    from edubureau.people.models import SchoolClass

    return SchoolClass.objects.create(
        school=school,
        school_year=kw.pop("school_year", None) or make_school_year(),
        grade=grade,
        name=kw.pop("name", f"{grade}年级{next_n()}班"),
        size=size,
        **kw,
    )


def make_student(school, school_class=None, **kw):
    from edubureau.people.models import Student

    n = next_n()
    return Student.objects.create(
        student_no=kw.pop("student_no", f"G{n:018d}"),
        name=kw.pop("name", f"学生{n}"),
        sex=kw.pop("sex", "M"),
        school=school,
        school_class=school_class,
        grade=kw.pop("grade", school_class.grade if school_class else 1),
        **kw,
    )


def make_department(code: str | None = None, modules=("org", "people"), **kw):
    from edubureau.org.models import Department

    n = next_n()
    return Department.objects.create(
        code=code or f"dept{n}", name=kw.pop("name", f"科室{n}"), modules=list(modules), **kw
    )


def make_user(
    role: str = Role.LEADER,
    *,
    school=None,
    zone=None,
    department=None,
    region=None,
    staff=None,
    username: str | None = None,
    password: str = "pass-1234-edu",
    superuser: bool = False,
):
    """A user with a role profile; ``role=None`` makes a user with no profile (sees nothing)."""
    User = get_user_model()
    username = username or f"user{next_n()}"
    if superuser:
        return User.objects.create_superuser(username=username, password=password)
    user = User.objects.create_user(username=username, password=password)
    if role is not None:
        Profile.objects.create(user=user, role=role, school=school, zone=zone, department=department, region=region,
                               staff=staff)
    return user
