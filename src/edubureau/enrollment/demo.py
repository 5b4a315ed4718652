"""The demo's enrolment spring (issue 12): residential units around every public school, zones for both levels,
births by township and eight years of intake, seats (one extension project), a forecast in which the 城区 runs out
of 一年级 seats in two years, 2,000 小学 applications with a dozen 一房一学位 conflicts and duplicates that the clerk
decides, a published seed and a lottery at the oversubscribed 实验小学, placement with 统筹, a zoning proposal,
and 初中 applications still in the check queue."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from edubureau.core import idcard
from edubureau.org.models import Ownership, School
from edubureau.people.models import SchoolClass
from edubureau.staffing.demo_support import demo_office

from . import services, zoning
from .models import (
    Application,
    BirthCount,
    EnrollmentSettings,
    IntakeCount,
    Level,
    Lottery,
    PropertyUse,
    ResidentialUnit,
    SeatChange,
    SeatPlan,
    UnitZone,
)

__all__ = ["load_demo"]

URBAN = "城关镇"
ESTATES = ("幸福", "金桂", "锦绣", "阳光", "翠湖", "书香", "滨江", "文昌", "新城", "和园", "康居", "梧桐", "紫荆",
           "名都", "凤凰", "育才")
APPLICATIONS = 2000
LOCK_CONFLICTS, DUPLICATE_CHILDREN, DUPLICATE_HOUSES, UNDERAGE, SHORT_PERMITS = 12, 5, 3, 4, 2
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "子涵 浩然 欣怡 梓萱 宇轩 诗涵 俊杰 雨桐 思远 一诺 梓豪 语桐 睿 可馨 博文 佳怡".split()



def _township(school: School) -> str:
    for mark in ("镇", "乡"):
        if mark in school.name[:4]:
            return school.name[: school.name.index(mark) + 1]
    return URBAN


def _id_number(rng, area: str, born: dt.date, serial: int) -> str:
    first = f"{area}{born:%Y%m%d}{serial % 1000:03d}"
    return first + idcard.check_digit(first)


def load_demo(seed: int = 0) -> str | None:
    clerk = demo_office("enrollment")
    primaries = [s for s in services.school_levels(Level.PRIMARY) if s.ownership == Ownership.PUBLIC]
    if clerk is None or not primaries:
        return None
    rng = random.Random(f"{seed}:enrollment")
    today = timezone.localdate()
    # This year's spring, done: its autumn intake is the first grade now at school (the 2026—2027 school year).
    year = today.year if today.month >= 7 else today.year - 1
    with transaction.atomic():
        settings = EnrollmentSettings.current()
        settings.year, settings.migrant_share = year, Decimal("0.030")
        settings.save()
        units = _units(primaries, rng)
        _zones(units, year)
        intake_now = _seats_and_history(year, rng)
        _survey(units, year, intake_now)
        apps = _applications(year, units, intake_now, rng)
        report = services.check_applications(year, Level.PRIMARY, by=clerk)
        _decide(year, clerk)
        lottery_school = max(primaries, key=lambda s: sum(1 for a in apps if a.school_id == s.pk)
                             - services.seats_for(year, Level.PRIMARY).get(s.pk, 0))
        seats = services.seats_for(year, Level.PRIMARY).get(lottery_school.pk, 0)
        source = f"{year}年6月12日福利彩票3D开奖号码（6月5日公告）"
        lottery = services.publish_seed(school=lottery_school, year=year, level=Level.PRIMARY,
                                        seed=f"{year}0612-318", source=source, seats=seats, by=clerk)
        placed = services.place_children(year, Level.PRIMARY, by=clerk)
        zone = timezone.get_current_timezone()
        Lottery.objects.filter(pk=lottery.pk).update(published=dt.datetime(year, 6, 5, 9, 0, tzinfo=zone),
                                                     drawn=dt.datetime(year, 6, 12, 15, 0, tzinfo=zone))
        _junior_applications(year, units, rng)
        junior = services.check_applications(year, Level.JUNIOR, by=clerk)
    proposal = zoning.propose(year=year, level=Level.PRIMARY, travel=1.0, change=2.0, max_km=None, by=clerk,
                              region=lottery_school.region_id, time_limit=5.0)
    moved = sum(1 for r in proposal.result["assignments"] if r["old"] != r["new"])
    return (f"招生：{len(units)}个居住单元划片，小学申请{len(apps)}份（审核发现{report.flagged}份待核实，已逐一处理），"
            f"{lottery_school.name}学位{seats}个、公布种子后摇号，录取{placed.admitted}人、统筹安排{placed.reassigned}人；"
            f"初中申请待核实{junior.flagged}份；划片方案调整{moved}个单元")


def _units(primaries: list[School], rng) -> list[ResidentialUnit]:
    """Estates around the town's schools, a seat community and villages around each township school."""
    rows, n = [], 0
    for school in primaries:
        township = _township(school)
        urban = township == URBAN
        count, spread = (8, 0.006) if urban else (4, 0.02)
        for k in range(count):
            n += 1
            phase = "一二三四五六七八九"[n // len(ESTATES) % 9]
            name = (f"{ESTATES[(n * 7 + k) % len(ESTATES)]}{['小区', '花园', '苑', '家园'][k % 4]}{phase}期" if urban
                    else f"{township}{['街道社区', '东村', '西村', '南村'][k]}")
            households = rng.randint(500, 1400) if urban else rng.randint(150, 450)
            rows.append(ResidentialUnit(
                region_id=school.region_id, code=f"JZ{n:04d}", name=name, township=township,
                kind=ResidentialUnit.Kind.ESTATE if urban else ResidentialUnit.Kind.VILLAGE,
                keywords=f"{name}、{township}",
                latitude=Decimal(str(round(float(school.latitude) + rng.uniform(-spread, spread), 6))),
                longitude=Decimal(str(round(float(school.longitude) + rng.uniform(-spread, spread), 6))),
                households=households, surveyed_primary=max(households // 95, 1),
                surveyed_junior=max(households // 100, 1)))
    # The new 城南 estate: 1,200 homes handed over next year, zoned to the flagship school.
    flagship = primaries[0]
    rows.append(ResidentialUnit(region_id=flagship.region_id, code="JZ9001", name="城南新区学府壹号",
                                township=URBAN, keywords="学府壹号、城南新区、学府路",
                                latitude=flagship.latitude - Decimal("0.004"),
                                longitude=flagship.longitude + Decimal("0.003"), households=300,
                                surveyed_primary=4, surveyed_junior=3, new_dwellings=1200,
                                dwellings_ready=timezone.localdate().year + 1))
    return ResidentialUnit.objects.bulk_create(rows)


def _zones(units: list[ResidentialUnit], year: int) -> None:
    for level in Level.values:
        schools = [s for s in services.school_levels(level) if s.ownership == Ownership.PUBLIC]
        for unit in units:
            ranked = sorted(schools, key=lambda s: services.km_between(unit, s))
            zone = UnitZone.objects.create(year=year, level=level, unit=unit)
            # Two estates between the flagship and 城关第一小学 form a 多校划片 group of the two.
            zone.schools.set(ranked[:2] if unit.code in ("JZ0003", "JZ0011") else ranked[:1])


def _survey(units: list[ResidentialUnit], year: int, intake_now: dict[int, int]) -> None:
    """The 摸底 count of next year's entrants per unit: each zone's intake grown 6%, the flagship's 15% (families
    buy into its zone), shared by households."""
    zones = services.zoned_units(year, Level.PRIMARY)
    by_id = {u.pk: u for u in units}
    flagship = min(zones, key=lambda sid: School.objects.get(pk=sid).code)
    for school_id, unit_ids in zones.items():
        households = sum(by_id[u].households for u in unit_ids) or 1
        growth = 1.15 if school_id == flagship else 1.06
        for unit_id in unit_ids:
            unit = by_id[unit_id]
            unit.surveyed_primary = max(round(intake_now.get(school_id, 0) * growth * unit.households / households), 1)
    ResidentialUnit.objects.bulk_update(units, ["surveyed_primary"])


def _current_first_year(school: School, grade: int) -> tuple[int, int]:
    rows = SchoolClass.objects.filter(school=school, grade=grade, school_year__is_current=True)
    return rows.count(), sum(c.size for c in rows)


def _seats_and_history(year: int, rng) -> dict[int, int]:
    """Seat plans from this year's first classes; births and fourteen years of 一年级 intake consistent with them,
    and eight years of 七年级 intake (the 七年级 forecast reads the 一年级 of six years before)."""
    intake_now, births, seventh_now = {}, defaultdict(dict), {}
    for level, grade, norm in ((Level.PRIMARY, 1, 45), (Level.JUNIOR, 7, 50)):
        for school in services.school_levels(level):
            classes, pupils = _current_first_year(school, grade)
            if not classes:
                continue
            if level == Level.PRIMARY:
                intake_now[school.pk] = pupils
            elif school.ownership == Ownership.PUBLIC:
                seventh_now[school] = pupils
            SeatPlan.objects.create(school=school, level=level, class_size=norm,
                                    classes=max(math.ceil(pupils * 1.04 / norm), 1))
    primaries = [s for s in services.school_levels(Level.PRIMARY) if s.ownership == Ownership.PUBLIC]
    by_town = defaultdict(int)
    for school in primaries:
        by_town[_township(school)] += intake_now.get(school.pk, 0)
    for town, now in by_town.items():
        for born in range(year - 20, year + 1):
            # This autumn's first grade was born six years ago: births scaled so the intake ratio is about 0.93.
            births[town][born] = round(now / 0.93 * _trend(town, born) / _trend(town, year - 6))
            BirthCount.objects.create(region_id=primaries[0].region_id, township=town, year=born,
                                      births=births[town][born])
    for school in primaries:
        town, now = _township(school), intake_now.get(school.pk, 0)
        share = now / by_town[town] if by_town[town] else 0
        for at in range(year - 13, year + 1):  # fourteen years, the last this autumn's first grade
            ratio = 0.93 + rng.uniform(-0.02, 0.02)
            IntakeCount.objects.create(school=school, level=Level.PRIMARY, year=at,
                                       pupils=round(births[town].get(at - 6, 0) * share * ratio))
    for school, now in seventh_now.items():  # 七年级 follows the births twelve years before, as the first grade did
        town = _township(school)
        for at in range(year - 7, year + 1):
            IntakeCount.objects.create(school=school, level=Level.JUNIOR, year=at, pupils=round(
                now * _trend(town, at - 12) / _trend(town, year - 12) * rng.uniform(0.99, 1.01)))
    # 城关第二小学's extension (six classrooms) opens its two new first classes two years from now.
    second = next((s for s in primaries if s.name == "城关第二小学"), None)
    if second is not None:
        SeatChange.objects.create(school=second, level=Level.PRIMARY, year=year + 2, classes=2,
                                  source="城关第二小学教学楼扩建工程")
    return intake_now


def _trend(town: str, born: int) -> float:
    """Births relative to 2014: the county seat grows as families move in from the hills until 2022, then falls;
    the towns shrink."""
    if town == URBAN:
        return 1 + 0.035 * min(born - 2014, 8) - 0.04 * max(born - 2022, 0)
    return 1 - 0.025 * (born - 2014)


def _applications(year: int, units, intake_now, rng) -> list[Application]:
    """2,000 小学 applications from the zones' families; the flagship gets more than its seats."""
    zoned = services.zoned_units(year, Level.PRIMARY)
    by_id = {u.pk: u for u in units}
    seats = services.seats_for(year, Level.PRIMARY)
    flagship = min(zoned, key=lambda sid: School.objects.get(pk=sid).code)
    weights = {sid: intake_now.get(sid, 1) for sid in zoned}
    total = sum(weights.values())
    # 2,000 in the standard county (about three in four of this year's first grade); a smaller one fewer.
    wanted = min(APPLICATIONS, round(0.75 * total))
    # The flagship gets a tenth more than its seats; the others share the rest by size, each below its seats.
    quota = {flagship: seats.get(flagship, 0) + max(seats.get(flagship, 0) // 10, 5)}
    others = {sid: w for sid, w in weights.items() if sid != flagship}
    rest = max(wanted - quota[flagship], len(others))
    for sid, w in others.items():
        quota[sid] = max(min(round(rest * w / sum(others.values())), seats.get(sid, 0) - 2), 1)
    for sid in sorted(others, key=lambda s: -others[s]):  # rounding: the largest schools take (or give) the rest
        missing = wanted - sum(quota.values())
        if missing == 0:
            break
        quota[sid] = max(quota[sid] + min(missing, seats.get(sid, 0) - 2 - quota[sid]), 1)
    schools = {s.pk: s for s in School.objects.filter(pk__in=zoned)}
    rows, serial = [], 0
    for sid, n in sorted(quota.items()):
        for _k in range(n):
            serial += 1
            rows.append(_application(year, schools[sid], by_id[rng.choice(zoned[sid])], serial, rng,
                                     first_share=0.94 if sid == flagship else 0.75))
    _inject_problems(rows, year, rng)
    return Application.objects.bulk_create(rows, batch_size=500)


def _application(year, school, unit, serial, rng, level=Level.PRIMARY, first_share=0.75) -> Application:
    age = 6 if level == Level.PRIMARY else 12
    born = dt.date(year - age - 1, 9, 1) + dt.timedelta(days=rng.randrange(365))
    sex = rng.choice("男女")
    child = _id_number(rng, "331181", born, serial)
    parent = _id_number(rng, "331181", dt.date(1985 + serial % 10, 1 + serial % 12, 1 + serial % 28), serial + 7)
    kind = rng.random()
    number = f"{year}{'X' if level == Level.PRIMARY else 'C'}{serial:05d}"
    app = Application(
        year=year, level=level, number=number, child_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
        child_id=child, sex=sex, school=school, guardian_name=rng.choice(SURNAMES) + "先生",
        guardian_id=parent, guardian_phone=f"139{serial:08d}", special_needs=rng.random() < 0.01,
        documents=["户口簿", "不动产权证", "出生医学证明"])
    house = f"浙({year - 3 - serial % 5})桐溪县不动产权第{serial:07d}号"
    address = f"{unit.township}{unit.name}{1 + serial % 20}幢{1 + serial % 3}单元{101 + serial % 600}室"
    if kind < first_share:  # 一类：户房一致
        app.hukou_unit, app.hukou_address = unit, address
        app.property_certificate, app.property_address, app.property_unit = house, address, unit
        app.property_owner_id = parent
    elif kind < first_share + (1 - first_share) / 2:  # 二类：有房无户
        app.property_certificate, app.property_address, app.property_unit = house, address, unit
        app.property_owner_id = parent
        app.documents = ["户口簿", "不动产权证"]
    else:  # 三类：随迁子女
        app.residence_permit_start = dt.date(year - 1 - serial % 4, 1 + serial % 12, 1)
        app.insurance_months = rng.randint(8, 60)
        app.documents = ["居住证", "社保缴费证明"] + (["房屋租赁备案"] if rng.random() < 0.5 else [])
    if level == Level.JUNIOR:
        app.prior_score = Decimal(str(round(min(max(rng.gauss(82, 9), 40), 100), 1)))
    return app


def _inject_problems(rows: list[Application], year: int, rng) -> None:
    """A dozen houses already used by another family, duplicates, children too young, short residence permits."""
    housed = [a for a in rows if a.property_certificate]
    rng.shuffle(housed)
    locks = []
    for app in housed[:LOCK_CONFLICTS]:
        locks.append(PropertyUse(region_id=app.school.region_id, certificate=app.property_certificate,
                                 level=Level.PRIMARY, year=year - 2 - len(locks) % 3,
                                 child_id=_id_number(rng, "331181", dt.date(year - 9, 3, 1), 900 + len(locks)),
                                 guardian_ids=_id_number(rng, "331181", dt.date(1980, 5, 5), 500 + len(locks)),
                                 application=f"{year - 3}X{len(locks) + 1:05d}"))
    # Seats given in earlier years to other houses: the ledger the checks read (no conflict).
    for k in range(300):
        locks.append(PropertyUse(region_id=rows[0].school.region_id, certificate=f"浙(2016)桐溪县不动产权第9{k:06d}号",
                                 level=Level.PRIMARY, year=year - 1 - k % 5,
                                 child_id=_id_number(rng, "331181", dt.date(year - 8, 1 + k % 12, 1), k),
                                 application=f"{year - 1 - k % 5}X{k:05d}"))
    PropertyUse.objects.bulk_create(locks)
    others = housed[LOCK_CONFLICTS:]
    for k in range(DUPLICATE_CHILDREN):  # the same child applied at two schools
        original, copy = others[2 * k], others[2 * k + 1]
        copy.child_id, copy.child_name, copy.guardian_id = original.child_id, original.child_name, original.guardian_id
    base = 2 * DUPLICATE_CHILDREN
    for k in range(DUPLICATE_HOUSES):  # two families give the same house
        owner, copy = others[base + 2 * k], others[base + 2 * k + 1]
        copy.property_certificate, copy.property_unit = owner.property_certificate, owner.property_unit
    for app in others[base + 2 * DUPLICATE_HOUSES: base + 2 * DUPLICATE_HOUSES + UNDERAGE]:
        born = dt.date(year - 6, 9, 1 + rng.randrange(20))  # six only after 31 August
        app.child_id = _id_number(rng, "331181", born, 77)
    migrants = [a for a in rows if a.residence_permit_start]
    for app in migrants[:SHORT_PERMITS]:
        app.residence_permit_start = dt.date(year, 5, 1)


def _decide(year: int, clerk) -> None:
    """The clerk works through the queue: a lock, a duplicate and a too-young child are refused, missing papers
    handed in later are accepted; each with the note the parent is told."""
    for app in Application.objects.filter(year=year, level=Level.PRIMARY, state=Application.State.FLAGGED):
        codes = {f["code"] for f in app.findings}
        if codes & {"lock", "duplicate_child", "duplicate_property", "age", "category"}:
            note = {"lock": "经核查该房产学位已使用且不是同一监护人，按一房一学位规定不予安排，可申请统筹",
                    "duplicate_child": "同一儿童重复申请，保留先提交的申请",
                    "duplicate_property": "经核实房产实际居住人不是本户，请以户籍或居住证重新申请",
                    "age": "未满入学年龄，请明年申请",
                    "category": "不符合片区入学条件，由教育局统筹安排"}[sorted(codes & {"lock", "duplicate_child",
                                                                       "duplicate_property", "age", "category"})[0]]
            # The first of a duplicated pair is kept, if it fits a category at all.
            accept = bool(app.category) and codes <= {"duplicate_child", "documents"} and app.number < min(
                f["others"][0] for f in app.findings if f["code"] == "duplicate_child")
            services.decide(app, accept=accept, note="保留先提交的申请" if accept else note, by=clerk)
        elif app.category:
            services.decide(app, accept=True, note="已现场补交材料，核实无误", by=clerk)
        else:
            services.decide(app, accept=False, note="不符合片区入学条件，由教育局统筹安排", by=clerk)


def _junior_applications(year: int, units, rng) -> None:
    """初中 applications still being checked: a 3-year lock conflict, a duplicate, missing papers."""
    zoned = services.zoned_units(year, Level.JUNIOR)
    by_id = {u.pk: u for u in units}
    schools = sorted(School.objects.filter(pk__in=zoned), key=lambda s: s.code)[:3]
    rows = [_application(year, schools[k % 3], by_id[zoned[schools[k % 3].pk][k % len(zoned[schools[k % 3].pk])]],
                         5000 + k, rng, Level.JUNIOR) for k in range(60)]
    rows[1].child_id, rows[1].child_name = rows[0].child_id, rows[0].child_name
    rows[2].documents = ["户口簿"]
    if rows[3].property_certificate:
        PropertyUse.objects.create(region_id=rows[3].school.region_id, certificate=rows[3].property_certificate,
                                   level=Level.JUNIOR, year=year - 1,
                                   child_id=_id_number(rng, "331181", dt.date(year - 14, 2, 2), 991),
                                   application=f"{year - 1}C00042")
    Application.objects.bulk_create(rows)
