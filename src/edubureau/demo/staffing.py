"""Staff of the demo county: who works where, with ages, titles, subjects and education. Pure.

Each school gets teachers for each of its level parts from its class count (two per kindergarten
class, about 1.7 per primary class, three per secondary class …), plus administrators, support
staff and workers. Town schools are staffed by people of every age; the hills have a few young
特岗 teachers and many close to retirement, with fewer senior titles and few PE or art teachers —
the gaps the 优质均衡 indicators measure; never fewer teachers than the 编制 norm by pupils. Careers
(postings, rotations, honours) and the county's work to meet the 优质均衡 staff lines are in ``careers``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from edubureau.core.idcard import check_digit
from edubureau.people.engine import INTERMEDIATE_OR_ABOVE, PE_ART_SUBJECTS

from .enrolment import KIND_PARTS
from .names import BIRTH_REGIONS, person_name, weighted_choice
from .specs import ClassSpec, SchoolSpec

__all__ = ["IdMaker", "Person", "allocate_people"]


_SUBJECTS = {
    "kindergarten": {"学前教育": 100},
    "primary": {"语文": 30, "数学": 24, "英语": 10, "科学": 6, "道德与法治": 5, "体育": 7, "音乐": 5, "美术": 5,
                "信息技术": 3, "心理健康": 1, "劳动": 1},
    "junior": {"语文": 15, "数学": 15, "英语": 13, "物理": 7, "化学": 5, "生物": 5, "历史": 6, "地理": 5,
               "道德与法治": 6, "体育": 7, "音乐": 3, "美术": 3, "信息技术": 3, "心理健康": 1},
    "senior": {"语文": 13, "数学": 13, "英语": 12, "物理": 9, "化学": 8, "生物": 7, "历史": 6, "地理": 6,
               "思想政治": 7, "体育": 6, "音乐": 2, "美术": 2, "信息技术": 3, "心理健康": 1},
    "vocational": {"语文": 9, "数学": 9, "英语": 7, "思想政治": 5, "体育": 5, "信息技术": 20, "其他": 45},
    "special": {"特殊教育": 70, "语文": 8, "数学": 8, "体育": 5, "美术": 5, "音乐": 4},
}
_TEACHERS_PER_CLASS = {"kindergarten": 2.0, "primary": 2.3, "junior": 3.6, "senior": 3.7, "vocational": 3.2,
                       "special": 2.6}
# The 编制 norm of compulsory schools (中央编办〔2014〕72号): 1:19 in primary, 1:13.5 in junior.
_PUPILS_PER_TEACHER = {"primary": 19.0, "junior": 13.5}
_FEMALE_SHARE = {"kindergarten": 0.97, "primary": 0.72, "junior": 0.56, "senior": 0.48, "vocational": 0.45,
                 "special": 0.72}
_QUALIFICATION = {"kindergarten": "kindergarten", "primary": "primary", "junior": "junior", "senior": "senior",
                  "vocational": "vocational", "special": "primary"}


@dataclass
class Person:
    """A staff member while the generator works on them; frozen into a ``StaffSpec`` at the end."""

    id_number: str
    name: str
    sex: str
    birth_date: dt.date
    phone: str
    establishment: str
    post_kind: str
    subject: str
    teaching_level: str
    education: str
    qualification: str
    title: str
    post_grade: int | None
    work_start: dt.date
    home: str  # code of the school of record
    position: str = ""
    postings: list = field(default_factory=list)
    honours: list = field(default_factory=list)

    def age_on(self, day: dt.date) -> int:
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


class IdMaker:
    """Valid, unique 18-digit ID numbers (GB 11643): region, birth date, sequence with sex parity, check digit."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def make(self, born: dt.date, sex: str, region: str | None = None) -> str:
        while True:
            area = region or weighted_choice(self.rng, [r for r, _ in BIRTH_REGIONS], [w for _, w in BIRTH_REGIONS])
            seq = self.rng.randint(0, 499) * 2 + (1 if sex == "M" else 0)  # odd 17th digit: male
            first17 = f"{area}{born:%Y%m%d}{seq:03d}"
            number = first17 + check_digit(first17)
            if number not in self.used:
                self.used.add(number)
                return number


def _age(rng: random.Random, school: SchoolSpec, part: str, post_kind: str) -> int:
    if post_kind == "worker":
        age = rng.gauss(48, 8)
    elif post_kind == "admin":
        age = rng.gauss(47, 6)
    elif school.ownership == "private":
        age = rng.gauss(33, 8)
    elif school.locality == "rural":
        # The hills: a few young 特岗 teachers, many who have taught there all their lives.
        age = rng.uniform(22, 32) if rng.random() < 0.3 else rng.gauss(50, 6)
    elif part == "kindergarten":
        age = rng.gauss(35, 9)
    elif school.locality == "town":
        age = rng.gauss(43, 10)
    else:
        age = rng.gauss(41, 9)
    if rng.random() < 0.005:
        return 60
    return int(min(59, max(22, round(age))))


def _education(rng: random.Random, age: int, part: str, school: SchoolSpec, post_kind: str) -> str:
    if post_kind == "worker":
        return weighted_choice(rng, ["below", "secondary", "associate"], [35, 50, 15])
    if part in ("senior", "vocational"):
        return weighted_choice(rng, ["master", "bachelor", "associate"], [14 if age < 40 else 4, 82, 4])
    young = age < 30
    weights = (
        [6, 76, 18, 0] if young else [3, 64, 30, 3] if age < 45 else [1, 40, 45, 14] if age < 55 else [0, 15, 42, 43]
    )
    if school.locality == "rural" or part == "kindergarten":
        weights = [weights[0] // 2, weights[1] * 0.7, weights[2] * 1.2, weights[3] * 1.5]
    return weighted_choice(rng, ["master", "bachelor", "associate", "secondary"], weights)


def _title(rng: random.Random, age: int, school: SchoolSpec, part: str) -> str:
    titles = ["full_senior", "senior", "first", "second", "third", "none"]
    if age < 25:
        w = [0, 0, 0, 30, 10, 60]
    elif age < 30:
        w = [0, 0, 15, 75, 0, 10]
    elif age < 35:
        w = [0, 5, 45, 48, 0, 2]
    elif age < 45:
        w = [0, 20, 65, 14, 0, 1]
    elif age < 55:
        w = [1.5, 40, 50, 8, 0, 0.5]
    else:
        w = [2, 50, 45, 3, 0, 0]
    if school.locality == "rural" or part == "kindergarten":
        w[0], w[1] = 0, w[1] * 0.55  # senior posts are scarce in village schools and kindergartens
    if school.locality != "urban":
        w[0] = 0
    if school.ownership == "private":
        w[5] += 25
    return weighted_choice(rng, titles, w)


def _post_grade(rng: random.Random, title: str, age: int) -> int | None:
    ranges = {"full_senior": (3, 4), "senior": (5, 7), "first": (8, 10), "second": (11, 12), "third": (13, 13)}
    if title not in ranges:
        return None
    low, high = ranges[title]
    # Older people have usually climbed to the top grade of their band.
    return low if age >= 50 and rng.random() < 0.6 else rng.randint(low, high)


def _subject(rng: random.Random, school: SchoolSpec, part: str) -> str:
    weights = dict(_SUBJECTS[part])
    if school.profile == "teaching_point":
        return weighted_choice(rng, ["语文", "数学"], [55, 45])  # 全科: one teacher takes a whole class
    if school.locality == "rural":
        # Rural schools are short of PE, music and art teachers; Chinese and maths teachers take those classes.
        for s in PE_ART_SUBJECTS:
            if s in weights:
                weights[s] *= 0.35
    return weighted_choice(rng, list(weights), list(weights.values()))


def _phone(rng: random.Random) -> str:
    return "" if rng.random() < 0.08 else f"1{rng.choice('35789')}{rng.randint(0, 999_999_999):09d}"


def _make_person(rng, ids, school: SchoolSpec, part: str, post_kind: str, ref: dt.date, position: str = "") -> Person:
    age = _age(rng, school, part, post_kind)
    female_share = {"admin": 0.4, "worker": 0.5, "support": 0.75}.get(post_kind, _FEMALE_SHARE[part])
    if school.locality == "rural" and post_kind == "teacher":
        female_share -= 0.15
    sex = "F" if rng.random() < female_share else "M"
    teaching = post_kind in ("teacher", "admin")
    title = _title(rng, age, school, part) if teaching else ("none" if rng.random() < 0.8 else "second")
    if sex == "F" and age > 55 and title not in ("senior", "full_senior"):
        age = rng.randint(45, 55)  # women without a senior title retire at 55
    born = dt.date(ref.year - age - 1, 9, 2) + dt.timedelta(days=rng.randint(0, 364))
    education = _education(rng, age, part, school, post_kind)
    start_age = {"master": 25, "bachelor": 22, "associate": 20, "secondary": 19, "below": 18}[education]
    work_start = min(ref, dt.date(born.year + start_age + (born.month >= 9), 9, 1))
    if school.ownership == "private":
        establishment = "contract"
    elif post_kind == "worker":
        establishment = weighted_choice(rng, ["contract", "temporary", "civil"], [45, 35, 20])
    elif part == "kindergarten":
        establishment = weighted_choice(rng, ["civil", "filed", "contract", "temporary"], [55, 25, 10, 10])
    else:
        establishment = weighted_choice(rng, ["civil", "contract", "temporary"], [90, 4, 6])
    # Some temporary teachers (临聘) hold no teaching certificate.
    certified = teaching and (establishment != "temporary" or rng.random() < 0.6)
    qualification = _QUALIFICATION[part] if certified else "none"
    return Person(
        id_number=ids.make(born, sex), name=person_name(rng, sex, born.year), sex=sex, birth_date=born,
        phone=_phone(rng), establishment=establishment, post_kind=post_kind,
        subject=_subject(rng, school, part) if post_kind == "teacher" else "",
        teaching_level=part if post_kind == "teacher" else "", education=education, qualification=qualification,
        title=title, post_grade=_post_grade(rng, title, age) if teaching else None, work_start=work_start,
        home=school.code, position=position,
    )


def _support_positions(school: SchoolSpec, classes: int) -> list[str]:
    if school.kind == "kindergarten":
        return ["保育员"] * classes + (["保健医生"] if classes >= 6 else []) + (["会计"] if classes >= 9 else [])
    if school.profile == "teaching_point":
        return []
    out = ["图书管理员"] if classes >= 12 else []
    out += ["实验员"] * (classes // 12) + (["校医"] if classes >= 18 else [])
    out += ["会计", "出纳"] if classes >= 10 else []
    return out + (["信息管理员"] if classes >= 24 else []) + (["宿管员"] * 2 if school.locality != "urban" else [])


def _worker_positions(school: SchoolSpec, classes: int) -> list[str]:
    if school.profile == "teaching_point":
        return []
    return ["门卫"] * (1 + classes // 30) + ["食堂工人"] * (classes // 8) + ["保洁员"] * (classes // 20)


def _admin_positions(school: SchoolSpec, classes: int) -> list[str]:
    head = "园长" if school.kind == "kindergarten" else "校长"
    if school.profile in ("teaching_point", "village_primary"):
        return []  # the head of a village school or teaching point also teaches (see allocate_people)
    deputies = 1 + (classes >= 24) + (classes >= 48)
    middle = ["办公室主任"] if classes >= 18 else []
    middle += ["德育主任", "总务主任"] if classes >= 24 else []
    middle += ["安全办主任"] if classes >= 36 else []
    return [head] + [f"副{head}"] * deputies + middle


def allocate_people(schools: list[SchoolSpec], classes: list[ClassSpec], ids: IdMaker, rng: random.Random,
                    ref: dt.date) -> list[Person]:
    """Everyone on the staff of every school, with the school of record ``home``; postings come later."""
    current: dict[tuple[str, str], int] = {}
    pupils: dict[tuple[str, str], int] = {}
    for c in classes:
        if c.start_year == ref.year:
            current[(c.school, c.level_part)] = current.get((c.school, c.level_part), 0) + 1
            pupils[(c.school, c.level_part)] = pupils.get((c.school, c.level_part), 0) + c.size
    people: list[Person] = []
    for school in schools:
        parts = KIND_PARTS[school.kind]
        total_classes = sum(current.get((school.code, p), 0) for p in parts)
        staff_here: list[Person] = []
        for position in _admin_positions(school, total_classes):
            staff_here.append(_make_person(rng, ids, school, parts[0], "admin", ref, position))
        for part in parts:
            n_classes = current.get((school.code, part), 0)
            factor = _TEACHERS_PER_CLASS[part]
            if school.profile == "teaching_point":
                n = n_classes
            elif school.profile == "village_primary":
                n = max(4, round(n_classes * 1.6))
            else:
                # By classes, but never under the staffing norm by pupils (big classes still need their teachers).
                by_pupils = pupils.get((school.code, part), 0) / _PUPILS_PER_TEACHER.get(part, 1e9)
                n = max(1, round(max(n_classes * factor, by_pupils) * rng.uniform(0.93, 1.07)))
            staff_here += [_make_person(rng, ids, school, part, "teacher", ref) for _ in range(n)]
        teachers = [p for p in staff_here if p.post_kind == "teacher"]
        if school.profile in ("teaching_point", "village_primary"):
            oldest = max(teachers, key=lambda p: (p.title in INTERMEDIATE_OR_ABOVE, -p.birth_date.toordinal()))
            oldest.position = "教学点负责人" if school.profile == "teaching_point" else "校长"
        elif len(teachers) >= 20:
            rng.choice(teachers).position = "教导主任"
        for position in _support_positions(school, total_classes):
            staff_here.append(_make_person(rng, ids, school, parts[0], "support", ref, position))
        for position in _worker_positions(school, total_classes):
            staff_here.append(_make_person(rng, ids, school, parts[0], "worker", ref, position))
        people += staff_here
    return people
