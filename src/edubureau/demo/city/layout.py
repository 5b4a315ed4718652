"""The demo city's map: its counties, each county's zones, towns and schools. Pure.

A fictional prefecture city (桐州市) of two urban districts (区: a big town core, few towns) and nine counties
(县, one 县级市): a county seat (城区片区) with the big, crowded schools, and towns (镇: central primary, junior
school, kindergarten, village primaries, teaching points) and townships (乡: a nine-year 中心学校 with village
schools) spread over four rural zones. The school profiles and facilities tiers are the demo county's
(``edubureau.demo.enrolment``), so classes, staff and school facts come from the same generators.

Examples
--------
>>> import random
>>> county = COUNTIES[2]
>>> schools = build_county_schools(random.Random(1), county, towns=town_names(random.Random(1), 3)[:2])
>>> schools[0].name, schools[0].code, schools[0].zone
('桐溪县实验小学', '3199210001', '桐溪城区片区')
>>> len({s.code for s in schools}) == len(schools)
True
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from ..layout import Blueprint, build_departments, build_school_years
from ..names import ROADS
from ..specs import CampusSpec, GroupSpec, PairingSpec, SchoolSpec, ZoneSpec

__all__ = ["CITY", "COUNTIES", "CountyPlan", "build_county_layout", "build_county_schools", "town_names"]

CITY = {"name": "桐州市", "short": "桐州", "code": "349900", "slug": "shi", "phone_area": "0566",
        "lat": 30.60, "lon": 117.80}


@dataclass(frozen=True)
class CountyPlan:
    """One county of the city before generation: its names, code, login prefix and size."""

    name: str
    short: str
    slug: str  # login prefix: donghu_leader, donghu_jichu …
    code: str
    district: bool  # 市辖区: a big urban core, few towns
    towns: int
    offset: tuple[float, float]


# name, short, slug, code, district, towns, offset from the city centre (degrees lat/lon)
COUNTIES = tuple(CountyPlan(*row) for row in (
    ("东湖区", "东湖", "donghu", "349902", True, 8, (0.02, 0.05)),
    ("西岭区", "西岭", "xiling", "349903", True, 9, (0.01, -0.08)),
    ("桐溪县", "桐溪", "tongxi", "349921", False, 26, (0.35, 0.30)),
    ("澄河县", "澄河", "chenghe", "349922", False, 28, (-0.30, 0.40)),
    ("凤岭县", "凤岭", "fengling", "349923", False, 24, (0.45, -0.35)),
    ("云泽县", "云泽", "yunze", "349924", False, 27, (-0.45, -0.30)),
    ("安澜县", "安澜", "anlan", "349925", False, 25, (0.10, 0.70)),
    ("柳川县", "柳川", "liuchuan", "349926", False, 26, (-0.15, -0.75)),
    ("金坪县", "金坪", "jinping", "349927", False, 23, (0.70, 0.10)),
    ("南塘县", "南塘", "nantang", "349928", False, 27, (-0.70, 0.05)),
    ("北山市", "北山", "beishan", "349981", False, 24, (0.60, 0.55)),
))

_TOWN_FIRST = "青白柳黄石龙枫大高云金马新安双花桃杨李张王东西南北长太平永兴和宝福龙凤鹤梅竹松".replace("龙凤", "凤")
_TOWN_SECOND = "山河桥塘坪林溪岭湾口集店庄港冈坝埠铺田岗湖泉沟"
_VILLAGE_FIRST = "上下前后东西南北大小新老张王李刘陈杨赵周吴孙马胡朱高林何郭罗梁宋郑谢韩唐冯于董萧程曹袁邓许"
_VILLAGE_SECOND = "庄湾坪岭桥塘坎坳冲岗田屯营寨堡沟圩垄"
_CN = "零一二三四五六七八九十"
RURAL_ZONES = ("东部片区", "南部片区", "西部片区", "北部片区")


def _cn(n: int) -> str:
    return _CN[n] if n <= 10 else f"十{_CN[n - 10]}"


def town_names(rng: random.Random, n: int) -> list[str]:
    """``n`` distinct two-character place names for towns (the suffix 镇/乡 is added by the caller)."""
    pool = sorted({a + b for a in _TOWN_FIRST for b in _TOWN_SECOND})
    return rng.sample(pool, n)


def _villages(rng: random.Random, n: int) -> list[str]:
    pool = sorted({a + b for a in _VILLAGE_FIRST for b in _VILLAGE_SECOND})
    return rng.sample(pool, n)



def _urban(rng: random.Random, county: CountyPlan, zone: str) -> list[Blueprint]:
    c, s = county.name, county.short
    big = county.district
    rows = [(f"{c}实验小学", "实验小学", "primary", "public", 1906, "flagship_primary", "crowded")]
    for k in range(1, (9 if big else 4)):
        profile = "urban_primary_big" if k <= 2 else "urban_primary_new" if k == (8 if big else 3) else "urban_primary"
        rows.append((f"{s}第{_cn(k)}小学", f"{s}{_cn(k)}小", "primary", "public", rng.randint(1912, 2019), profile,
                     "crowded" if k == 1 else "good"))
    rows.append((f"{c}实验中学", "实验中学", "junior", "public", 1956, "urban_junior_big", "crowded"))
    for k in range(1, (5 if big else 3)):
        rows.append((f"{s}第{_cn(k)}初级中学", f"{s}{_cn(k)}初中", "junior", "public", rng.randint(1950, 2010),
                     "urban_junior", "good"))
    rows += [
        (f"{c}第一中学", f"{s}一中", "senior", "public", 1923, "senior_big", "good"),
        (f"{c}第二中学", f"{s}二中", "complete_secondary", "public", 1958, "complete_urban", "good"),
        (f"{c}职业教育中心", f"{s}职教中心", "vocational", "public", 1984, "vocational", "good"),
        (f"{c}特殊教育学校", f"{s}特教学校", "special", "public", 2012, "special", "good"),
        (f"{c}实验幼儿园", f"{s}实验幼儿园", "kindergarten", "public", 1952, "kg_urban", "good"),
        (f"{s}育才学校", f"{s}育才", "nine_year", "private", 2008, "private_nine", "good"),
        (f"{s}阳光幼儿园", f"{s}阳光幼儿园", "kindergarten", "private", 2006, "kg_private", "good"),
    ]
    for k in range(1, (6 if big else 3)):
        rows.append((f"{s}第{_cn(k)}幼儿园", f"{s}{_cn(k)}幼", "kindergarten", "public", rng.randint(1980, 2020),
                     "kg_urban_new" if k > 3 else "kg_urban", "good"))
    return [Blueprint(n, sn, k, o, "urban", zone, "城关", f, p, fac) for n, sn, k, o, f, p, fac in rows]


def _towns(rng: random.Random, county: CountyPlan, towns: list[str]) -> list[Blueprint]:
    out: list[Blueprint] = []
    for i, stem in enumerate(towns):
        zone = f"{county.short}{RURAL_ZONES[i % len(RURAL_ZONES)]}"
        hills = i % len(RURAL_ZONES) == 2  # the western zone lies in the hills
        township = rng.random() < 0.3
        town = stem + ("乡" if township else "镇")
        villages = _villages(rng, 8)
        if township:
            central = f"{town}中心学校"
            out.append(Blueprint(central, central, "nine_year", "public", "rural", zone, town,
                                  rng.randint(1952, 1975), "township_nine", "short" if hills else "fair"))
            out.append(Blueprint(f"{town}中心幼儿园", f"{stem}中心园", "kindergarten", "public", "rural", zone, town,
                                  rng.randint(2011, 2016), "kg_township", "fair"))
            n_village, n_points = rng.randint(1, 3), rng.randint(1, 2)
        else:
            central = f"{town}中心小学"
            big = rng.random() < 0.35
            out.append(Blueprint(central, f"{stem}中心小学", "primary", "public", "town", zone, town,
                                  rng.randint(1930, 1958), "town_primary_big" if big else "town_primary", "fair"))
            out.append(Blueprint(f"{town}中学", f"{stem}中学", "junior", "public", "town", zone, town,
                                  rng.randint(1958, 1978), "town_junior_big" if big else "town_junior",
                                  "weak" if hills else "fair"))
            out.append(Blueprint(f"{town}中心幼儿园", f"{stem}中心园", "kindergarten", "public", "town", zone, town,
                                  rng.randint(2008, 2014), "kg_town", "fair"))
            n_village, n_points = rng.randint(3, 5), rng.randint(0, 2)
        for village in villages[:n_village]:
            weak = hills or rng.random() < 0.4
            out.append(Blueprint(f"{town}{village}小学", f"{village}小学", "primary", "public", "rural", zone, town,
                                  rng.randint(1950, 1972), "village_primary", "weak" if weak else "fair",
                                  village=village))
        for village in villages[n_village:n_village + n_points]:
            out.append(Blueprint(f"{town}{village}村教学点", f"{village}教学点", "primary", "public", "rural", zone,
                                  town, rng.randint(1960, 1985), "teaching_point", "point", village=village,
                                  central=central))
    return out


def _phone(rng: random.Random) -> str:
    return f"{CITY['phone_area']}-{rng.randint(2, 8)}{rng.randint(0, 999999):06d}"


def build_county_schools(rng: random.Random, county: CountyPlan, *, towns: list[str],
                         urban: bool = True) -> list[SchoolSpec]:
    """The county's schools with 10-digit codes: 31 + the county code's last four digits + a sequence.

    Args:
        towns: the two-character names of the county's towns, unique in the city (school names are unique).
        urban: with the county seat's schools (a small test city may leave them out).
    """
    zone = f"{county.short}城区片区"
    blueprints = (_urban(rng, county, zone) if urban else []) + _towns(rng, county, towns)
    codes = {bp.name: f"31{county.code[2:]}{n:04d}" for n, bp in enumerate(blueprints, 1)}
    lat0, lon0 = CITY["lat"] + county.offset[0], CITY["lon"] + county.offset[1]
    town_offset: dict[str, tuple[float, float]] = {"城关": (0.0, 0.0)}
    schools = []
    for bp in blueprints:
        if bp.town not in town_offset:
            town_offset[bp.town] = (rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2))
        dlat, dlon = town_offset[bp.town]
        jitter = 0.012 if bp.locality == "urban" else 0.04 if bp.village else 0.008
        if bp.locality == "urban":
            address = f"{county.name}{rng.choice(ROADS)}{rng.randint(1, 399)}号"
        elif bp.village:
            address = f"{county.name}{bp.town}{bp.village}村"
        else:
            address = f"{county.name}{bp.town}{bp.town[:2]}街{rng.randint(1, 120)}号"
        schools.append(SchoolSpec(
            code=codes[bp.name], name=bp.name, short_name=bp.short_name, kind=bp.kind, ownership=bp.ownership,
            locality=bp.locality, zone=bp.zone, town=bp.town, is_teaching_point=bp.central is not None,
            central_school=codes[bp.central] if bp.central else None, address=address,
            latitude=round(lat0 + dlat + rng.uniform(-jitter, jitter), 6),
            longitude=round(lon0 + dlon + rng.uniform(-jitter, jitter), 6),
            principal="", phone="" if bp.central else _phone(rng), founded=bp.founded,
            profile=bp.profile, facilities=bp.facilities,
        ))
    return schools


def _groups(county: CountyPlan, schools: list[SchoolSpec], current_year: int) -> list[GroupSpec]:
    by_name = {s.name: s.code for s in schools}
    flagship = by_name.get(f"{county.name}实验小学")
    members = [s.code for s in schools if s.profile in ("urban_primary", "urban_primary_new")][:2]
    if flagship is None or not members:
        return []
    started = dt.date(current_year - 3, 9, 1)
    groups = [GroupSpec(name=f"{county.name}实验小学教育集团", kind="single", lead_school=flagship,
                        members=tuple((code, started) for code in members), started=started)]
    junior = by_name.get(f"{county.name}实验中学")
    rural = [s.code for s in schools if s.profile in ("town_junior", "township_nine")][:3]
    if junior and rural:
        joined = dt.date(current_year - 2, 9, 1)
        groups.append(GroupSpec(name=f"{county.name}实验中学教育集团", kind="multi", lead_school=junior,
                                members=tuple((code, joined) for code in rural), started=joined))
    return groups


def _pairings(schools: list[SchoolSpec], current_year: int, rng: random.Random) -> list[PairingSpec]:
    strong = [s for s in schools if s.locality == "urban" and s.ownership == "public" and s.kind == "primary"]
    weak = [s for s in schools if s.profile in ("village_primary", "township_nine")]
    if not strong or not weak:
        return []
    y = current_year
    return [PairingSpec(a.code, b.code, (y - rng.randint(0, 2), 1), None, rng.choice(
        ("骨干教师送教下乡、同步教研", "管理输出、教师跟岗培训", "联合备课、学生手拉手")))
        for a, b in zip(strong[:3], rng.sample(weak, min(3, len(weak))), strict=False)]


def build_county_layout(rng: random.Random, county: CountyPlan, towns: list[str], current_year: int, *,
                        urban: bool = True):
    """Zones, departments, school years, schools, campuses, groups and pairings of one county of the city."""
    schools = build_county_schools(rng, county, towns=towns, urban=urban)
    zones = sorted({s.zone for s in schools}, key=lambda z: (not z.endswith("城区片区"), z))
    flagship = next((s for s in schools if s.profile == "flagship_primary"), None)
    campuses = ([CampusSpec(flagship.code, "东校区", f"{county.name}{rng.choice(ROADS)}{rng.randint(1, 399)}号")]
                if flagship else [])
    return {
        "zones": [ZoneSpec(name) for name in zones],
        "departments": build_departments(rng),
        "school_years": build_school_years(current_year),
        "schools": schools,
        "campuses": campuses,
        "groups": _groups(county, schools, current_year),
        "pairings": _pairings(schools, current_year, rng),
    }
