"""The demo county's map: zones, departments, school years, schools, groups and pairings. Pure.

The county seat (城关镇) is the 城区片区 with the big and crowded schools; three rural zones hold
towns (镇: a central primary, a junior school, a kindergarten, village primaries) and townships
(乡: a nine-year 中心学校 with teaching points in the hills). The story the dashboard tells comes
from here: crowded flagship schools in town, shrinking and under-equipped schools in the hills.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from .names import COUNTY, ROADS, TOWNS, person_name, village_point_name
from .specs import (
    CampusSpec,
    DepartmentSpec,
    GroupSpec,
    PairingSpec,
    SchoolSpec,
    SchoolYearSpec,
    TermSpec,
    ZoneSpec,
)

__all__ = ["Blueprint", "build_layout"]

URBAN_ZONE = "城区片区"
ZONES = (URBAN_ZONE, "东部片区", "南部片区", "西北片区")


# The 优质均衡 story (issue 4): the county meets the lines almost everywhere and fails on a few indicators
# because of a few schools — two village primaries with too few 骨干 (their facilities are sound), the
# town-centre schools whose playground is too small (facilities "crowded") and the two hill township
# schools without enough networked multimedia classrooms (facilities "short").
FEW_BACKBONE = ("黄龙镇新庄小学", "大坪镇上坪小学")


@dataclass(frozen=True)
class Blueprint:
    """A school before it gets a code: what it is and where, plus the generator's profile keys."""

    name: str
    short_name: str
    kind: str
    ownership: str
    locality: str
    zone: str
    town: str
    founded: int
    profile: str
    facilities: str
    village: str = ""
    central: str | None = None  # name of the central school of a teaching point


def _urban_blueprints() -> list[Blueprint]:
    c = COUNTY["name"]
    rows = [
        # name, short, kind, ownership, founded, profile, facilities
        (f"{c}实验小学", "实验小学", "primary", "public", 1906, "flagship_primary", "crowded"),
        ("城关第一小学", "城关一小", "primary", "public", 1912, "urban_primary_big", "crowded"),
        ("城关第二小学", "城关二小", "primary", "public", 1958, "urban_primary_big", "good"),
        ("城关第三小学", "城关三小", "primary", "public", 1978, "urban_primary", "good"),
        ("城南小学", "城南小学", "primary", "public", 2019, "urban_primary_new", "good"),
        (f"{c}实验中学", "实验中学", "junior", "public", 1956, "urban_junior_big", "crowded"),
        # An old campus in the town centre: ordinary classes, but a playground far too small for its pupils.
        ("城关中学", "城关中学", "junior", "public", 1970, "urban_junior", "crowded"),
        (f"{c}第一中学", "县一中", "senior", "public", 1923, "senior_big", "good"),
        (f"{c}第二中学", "县二中", "complete_secondary", "public", 1958, "complete_urban", "good"),
        (f"{c}职业技术学校", "县职校", "vocational", "public", 1984, "vocational", "good"),
        (f"{c}特殊教育学校", "特教学校", "special", "public", 2012, "special", "good"),
        (f"{c}实验幼儿园", "实验幼儿园", "kindergarten", "public", 1952, "kg_urban", "good"),
        (f"{c}机关幼儿园", "机关幼儿园", "kindergarten", "public", 1980, "kg_urban", "good"),
        ("城关中心幼儿园", "城关中心园", "kindergarten", "public", 1995, "kg_urban", "good"),
        ("城南幼儿园", "城南幼儿园", "kindergarten", "public", 2020, "kg_urban_new", "good"),
        (f"{COUNTY['short']}育才学校", "育才学校", "nine_year", "private", 2008, "private_nine", "good"),
        (f"{COUNTY['short']}外国语学校", "外国语学校", "twelve_year", "private", 2015, "private_twelve", "good"),
        ("阳光幼儿园", "阳光幼儿园", "kindergarten", "private", 2006, "kg_private", "good"),
        ("贝贝幼儿园", "贝贝幼儿园", "kindergarten", "private", 2011, "kg_private", "good"),
    ]
    return [
        Blueprint(n, s, k, o, "urban", URBAN_ZONE, "城关镇", f, p, fac) for n, s, k, o, f, p, fac in rows
    ]


def _town_blueprints(rng: random.Random) -> list[Blueprint]:
    out: list[Blueprint] = []
    for town, zone, size, villages, _offset in TOWNS:
        hills = zone == "西北片区"
        if town.endswith("乡"):
            # A township runs one nine-year 中心学校 in the township seat, its kindergarten, and teaching points.
            central = f"{town}中心学校"
            out.append(Blueprint(central, central, "nine_year", "public", "rural", zone, town,
                                 rng.randint(1952, 1975), "township_nine", "short" if hills else "fair"))
            if town != "云岭乡":
                out.append(Blueprint(f"{town}中心幼儿园", f"{town[:2]}中心园", "kindergarten", "public", "rural", zone,
                                     town, rng.randint(2011, 2016), "kg_township", "fair"))
            for village in villages[:1]:
                out.append(Blueprint(village_point_name(town, village), f"{village}教学点", "primary", "public",
                                     "rural", zone, town, rng.randint(1960, 1985), "teaching_point", "point",
                                     village=village, central=central))
            continue
        central = f"{town}中心小学"
        out.append(Blueprint(central, f"{town[:2]}中心小学", "primary", "public", "town", zone, town,
                             rng.randint(1930, 1958), "town_primary_big" if size == "big" else "town_primary",
                             "fair"))
        if town == "黄龙镇":
            out.append(Blueprint("黄龙中学", "黄龙中学", "complete_secondary", "public", "town", zone, town, 1956,
                                 "complete_town", "fair"))
        else:
            out.append(Blueprint(f"{town}中学", f"{town[:2]}中学", "junior", "public", "town", zone, town,
                                 rng.randint(1958, 1978), "town_junior_big" if size == "big" else "town_junior",
                                 "weak" if hills else "fair"))
        out.append(Blueprint(f"{town}中心幼儿园", f"{town[:2]}中心园", "kindergarten", "public", "town", zone, town,
                             rng.randint(2008, 2014), "kg_town", "fair"))
        n_villages = 2 if size == "big" else 1
        for village in villages[:n_villages]:
            short = hills or rng.random() < 0.4
            # Village schools have bought their rooms and equipment by now; some still miss one line by a little.
            name = f"{town}{village}小学"
            tier = "sound" if name in FEW_BACKBONE else "weak" if short else "fair"
            out.append(Blueprint(name, f"{village}小学", "primary", "public", "rural", zone, town,
                                 rng.randint(1950, 1972), "village_primary", tier, village=village))
        if size == "big" or hills:
            village = villages[n_villages]
            out.append(Blueprint(village_point_name(town, village), f"{village}教学点", "primary", "public", "rural",
                                 zone, town, rng.randint(1960, 1985), "teaching_point", "point", village=village,
                                 central=central))
    # Private kindergartens in the two biggest towns: parents there pay for what the public ones lack.
    for name, short, zone, town, founded in (("青石镇童心幼儿园", "童心幼儿园", "东部片区", "青石镇", 2013),
                                             ("黄龙镇博雅幼儿园", "博雅幼儿园", "南部片区", "黄龙镇", 2016)):
        out.append(Blueprint(name, short, "kindergarten", "private", "town", zone, town, founded, "kg_private", "fair"))
    return out


def _address(rng: random.Random, bp: Blueprint) -> str:
    c = COUNTY["name"]
    if bp.locality == "urban":
        return f"{c}城关镇{rng.choice(ROADS)}{rng.randint(1, 399)}号"
    if bp.village:
        return f"{c}{bp.town}{bp.village}村"
    return f"{c}{bp.town}{bp.town[:2]}街{rng.randint(1, 120)}号"


def _phone(rng: random.Random) -> str:
    return f"{COUNTY['phone_area']}-{rng.randint(2, 8)}{rng.randint(0, 999999):06d}"


def build_schools(rng: random.Random) -> list[SchoolSpec]:
    """About 60 schools with 10-digit codes: 31 + the first four region digits + zone digit + sequence."""
    offsets = {town: offset for town, _z, _s, _v, offset in TOWNS}
    offsets["城关镇"] = (0.0, 0.0)
    blueprints = _urban_blueprints() + _town_blueprints(rng)
    codes: dict[str, str] = {}
    seq = dict.fromkeys(ZONES, 0)
    for bp in blueprints:
        seq[bp.zone] += 1
        codes[bp.name] = f"31{COUNTY['code'][:4]}{ZONES.index(bp.zone) + 1}{seq[bp.zone]:03d}"
    schools = []
    for bp in blueprints:
        dlat, dlon = offsets[bp.town]
        jitter = 0.012 if bp.locality == "urban" else 0.04 if bp.village else 0.008
        schools.append(SchoolSpec(
            code=codes[bp.name], name=bp.name, short_name=bp.short_name, kind=bp.kind, ownership=bp.ownership,
            locality=bp.locality, zone=bp.zone, town=bp.town, is_teaching_point=bp.central is not None,
            central_school=codes[bp.central] if bp.central else None, address=_address(rng, bp),
            latitude=round(COUNTY["lat"] + dlat + rng.uniform(-jitter, jitter), 6),
            longitude=round(COUNTY["lon"] + dlon + rng.uniform(-jitter, jitter), 6),
            principal="", phone="" if bp.central else _phone(rng), founded=bp.founded,
            profile=bp.profile, facilities=bp.facilities,
        ))
    return schools


def build_departments(rng: random.Random) -> list[DepartmentSpec]:
    rows = (
        ("jichu", "基础教育科", ("org", "people", "enrollment", "balance", "welfare", "fitness")),
        ("renshi", "人事科", ("people", "staffing")),
        ("duxue", "督导室", ("inspection", "evaluation")),
        ("anquan", "安全科", ("safety",)),
        ("jicai", "计划财务科", ("projects", "balance")),
        ("jiaoyan", "教研室", ("quality",)),
        ("zizhu", "学生资助管理中心", ("welfare", "aid")),
        ("bangong", "办公室", ("plans", "complaints")),
    )
    return [
        DepartmentSpec(code, name, modules, person_name(rng, rng.choice("MF"), rng.randint(1966, 1984)), _phone(rng))
        for code, name, modules in rows
    ]


def build_school_years(current_year: int) -> list[SchoolYearSpec]:
    """Three school years ending with the current one; autumn term to 31 January, spring term to 31 August."""
    years = []
    for start_year in range(current_year - 2, current_year + 1):
        start, end = dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31)
        terms = (TermSpec(1, start, dt.date(start_year + 1, 1, 31)), TermSpec(2, dt.date(start_year + 1, 2, 1), end))
        years.append(SchoolYearSpec(start_year, start, end, start_year == current_year, terms))
    return years


def build_groups(schools: list[SchoolSpec], current_year: int) -> list[GroupSpec]:
    by_name = {s.name: s.code for s in schools}
    c = COUNTY["name"]
    # One legal entity: the flagship primary runs two town schools as branches (名校+新校).
    single = GroupSpec(
        name=f"{c}实验小学教育集团", kind="single", lead_school=by_name[f"{c}实验小学"],
        members=((by_name["城南小学"], dt.date(2019, 9, 1)), (by_name["城关第三小学"], dt.date(2021, 9, 1))),
        started=dt.date(2019, 9, 1),
    )
    # Several legal entities: the urban junior school bundles rural junior schools (捆绑式考核).
    joined = dt.date(current_year - 2, 9, 1)
    multi = GroupSpec(
        name=f"{c}实验中学教育集团", kind="multi", lead_school=by_name[f"{c}实验中学"],
        members=tuple((by_name[n], joined) for n in ("青石镇中学", "大坪镇中学", "柳塘乡中心学校")),
        started=joined,
    )
    return [single, multi]


def build_pairings(schools: list[SchoolSpec], current_year: int) -> list[PairingSpec]:
    by_name = {s.name: s.code for s in schools}
    c, y = COUNTY["name"], current_year
    rows = (
        (f"{c}实验小学", "大坪镇中心小学", (y - 2, 1), None, "骨干教师送教下乡、同步教研"),
        ("城关第一小学", "高山乡中心学校", (y - 1, 1), None, "管理输出、教师跟岗培训"),
        ("城关第二小学", "云岭乡中心学校", (y - 2, 1), (y - 1, 2), "联合备课、学生手拉手"),
        ("城关中学", "石桥镇中学", (y, 1), None, "联合教研、薄弱学科帮扶"),
        (f"{c}第一中学", "黄龙中学", (y - 2, 1), None, "高三复习联合教研"),
        (f"{c}实验幼儿园", "枫林乡中心幼儿园", (y - 1, 1), None, "保教管理帮扶、教师跟岗"),
        ("青石镇中心小学", "青石镇双河村教学点", (y, 1), None, "走教：音乐、美术、体育"),
    )
    return [PairingSpec(by_name[a], by_name[b], start, end, content) for a, b, start, end, content in rows]


def build_campuses(schools: list[SchoolSpec], rng: random.Random) -> list[CampusSpec]:
    by_name = {s.name: s.code for s in schools}
    c = COUNTY["name"]
    rows = ((f"{c}实验小学", "东校区"), (f"{c}第一中学", "新校区"), (f"{c}职业技术学校", "实训基地"))
    return [
        CampusSpec(by_name[n], campus, f"{c}城关镇{rng.choice(ROADS)}{rng.randint(1, 399)}号") for n, campus in rows
    ]


def build_layout(rng: random.Random, current_year: int):
    """Zones, departments, school years, schools, campuses, groups and pairings of the county."""
    schools = build_schools(rng)
    return {
        "zones": [ZoneSpec(name) for name in ZONES],
        "departments": build_departments(rng),
        "school_years": build_school_years(current_year),
        "schools": schools,
        "campuses": build_campuses(schools, rng),
        "groups": build_groups(schools, current_year),
        "pairings": build_pairings(schools, current_year),
    }
