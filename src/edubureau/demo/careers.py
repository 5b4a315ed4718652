"""Careers of the demo county's staff: posting histories, rotations, secondments, the county pool, honours. Pure.

Most people have one to three postings, back to back: a first job in a village or town school,
later a move towards the county seat. On top of the school of record, some urban teachers are on
交流轮岗 or 支教 in the hills (a second open posting), a few village teachers are 借调 to the
county seat, and some hill teachers belong to the county pool (县管校聘, no school of record).
About one urban teacher in six holds a county-level or higher honour, far fewer in the villages;
``meet_the_lines`` then brings every compulsory school to the 优质均衡 staff lines (degrees, PE and art
teachers, 骨干) except the two village schools of the county's story, still short of 骨干.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from edubureau.balance.engine import JUNIOR, PRIMARY, Standard
from edubureau.people.engine import ABOVE_REQUIRED_EDUCATION, EDUCATION_RANK, INTERMEDIATE_OR_ABOVE, PE_ART_SUBJECTS

from .enrolment import KIND_PARTS
from .names import weighted_choice
from .specs import HonourSpec, PostingSpec, SchoolSpec
from .staffing import Person

__all__ = ["build_careers", "meet_the_lines"]

# A teacher of a part may have come from a school of these parts.
_PRIOR_PARTS = {"special": ("special", "primary"), "vocational": ("vocational", "senior"),
                "senior": ("senior", "junior"), "junior": ("junior",), "primary": ("primary",),
                "kindergarten": ("kindergarten",)}
# Where people worked before, by where they work now (weights by locality).
_PRIOR_LOCALITY = {"urban": {"urban": 2, "town": 5, "rural": 3}, "town": {"urban": 1, "town": 3, "rural": 6},
                   "rural": {"urban": 0.3, "town": 3, "rural": 7}}
_HONOURS = (
    (("key_teacher", "county"), 58), (("key_teacher", "city"), 17), (("subject_leader", "county"), 10),
    (("subject_leader", "city"), 5), (("key_teacher", "province"), 3), (("famous_teacher", "county"), 4),
    (("famous_teacher", "city"), 2), (("special_grade", "province"), 1),
)
_VALID_YEARS = {"key_teacher": 3, "subject_leader": 3, "famous_teacher": 5}


class _Schools:
    def __init__(self, schools: list[SchoolSpec]):
        self.by_code = {s.code: s for s in schools}
        self.by_part: dict[str, list[SchoolSpec]] = {}
        for s in schools:
            for part in KIND_PARTS[s.kind]:
                self.by_part.setdefault(part, []).append(s)

    def pick(self, rng, part: str, near: SchoolSpec, weights: dict[str, float], *, before: int,
             exclude: set[str]) -> SchoolSpec | None:
        pool = [s for p in _PRIOR_PARTS[part] for s in self.by_part.get(p, [])
                if s.founded <= before and s.code not in exclude and s.ownership == "public"]
        w = [weights.get(s.locality, 0) * (2 if s.zone == near.zone else 1) for s in pool]
        if not pool or not any(w):
            return None
        return rng.choices(pool, weights=w, k=1)[0]


def _sep1(year: int) -> dt.date:
    return dt.date(year, 9, 1)


def _aug31(year: int) -> dt.date:
    return dt.date(year, 8, 31)


def _history(person: Person, schools: _Schools, rng: random.Random, ref: dt.date) -> None:
    """Back-to-back regular postings from the first job to the school of record (open)."""
    home = schools.by_code[person.home]
    part = person.teaching_level or KIND_PARTS[home.kind][0]
    first, last = person.work_start.year, ref.year
    if home.ownership == "private":
        n_prior = 0 if rng.random() < 0.75 else 1
    elif last - first < 3:
        n_prior = 0
    elif last - first < 8:
        n_prior = rng.choice((0, 1))
    else:
        n_prior = weighted_choice(rng, [0, 1, 2], [30, 45, 25])
    if home.founded > first:
        n_prior = max(n_prior, 1)  # nobody started work at a school that did not exist yet
    n_prior = min(n_prior, last - first)
    home_start = rng.randint(max(first + n_prior, home.founded), last) if n_prior else max(first, home.founded)
    starts = [first, *sorted(rng.sample(range(first + 1, home_start), n_prior - 1))] if n_prior else []
    segments: list[tuple[str, int, str]] = []  # (school, start year, position)
    previous = {home.code}
    for i, year in enumerate(starts):
        school = schools.pick(rng, part, home, _PRIOR_LOCALITY[home.locality], before=first, exclude=previous)
        if school is None:
            continue  # the segment before (or after, for the first) absorbs it, so postings stay back to back
        previous = {home.code, school.code}
        position = ""
        if person.position in ("校长", "园长") and i == len(starts) - 1 and rng.random() < 0.6:
            position = f"副{person.position}"
        segments.append((school.code, year, position))
    postings = []
    for i, (school, year, position) in enumerate(segments):
        start = first if i == 0 else year
        end_year = segments[i + 1][1] if i + 1 < len(segments) else home_start
        postings.append(PostingSpec(school, _sep1(start), _aug31(end_year), position=position))
    person.work_start = postings[0].start if postings else _sep1(home_start)
    postings.append(PostingSpec(home.code, _sep1(home_start), None, position=person.position))
    person.postings = postings


def _honours(person: Person, school: SchoolSpec, rng: random.Random, ref: dt.date) -> None:
    if person.post_kind not in ("teacher", "admin") or person.title not in INTERMEDIATE_OR_ABOVE:
        return
    age = person.age_on(ref)
    if age < 28:
        return
    p = {"urban": 0.17, "town": 0.09, "rural": 0.03}[school.locality]
    p *= (0.3 if school.ownership == "private" else 1) * (1.6 if person.title != "first" else 1)
    if rng.random() >= p:
        return
    kind, level = weighted_choice(rng, [h for h, _ in _HONOURS], [w for _, w in _HONOURS])
    if kind == "special_grade" and (age < 45 or person.title == "first"):
        kind, level = "key_teacher", "county"
    # Recognised in June batches; 骨干 and 学科带头人 for three years, 名师 for five, 特级 for life.
    batch = weighted_choice(rng, list(range(ref.year - 5, ref.year + 1)), [1, 2, 3, 3, 3, 3])
    batch = max(batch, person.work_start.year + 3)
    if batch > ref.year:
        return
    person.honours.append(_honour(kind, level, person.subject, batch))
    years = _VALID_YEARS.get(kind)
    if years and batch + years <= ref.year and rng.random() < 0.35:
        # Re-recognised after expiry, sometimes one level up.
        renewed = rng.randint(batch + years, ref.year)
        up = {"county": "city", "city": "province"}.get(level, level) if rng.random() < 0.3 else level
        person.honours.append(_honour(kind, up, person.subject, renewed))


def _honour(kind: str, level: str, subject: str, year: int) -> HonourSpec:
    years = _VALID_YEARS.get(kind)
    expires = dt.date(year + years, 6, 14) if years else None
    return HonourSpec(kind, level, subject, dt.date(year, 6, 15), expires)


def _open_regular(person: Person) -> PostingSpec:
    return next(p for p in person.postings if p.end is None and p.reason == "regular")


def _free(person: Person) -> bool:
    """Free to be moved: a teacher without a post of responsibility and with only the regular posting open."""
    return person.post_kind == "teacher" and not person.position and sum(p.end is None for p in person.postings) == 1 \
        and any(p.end is None and p.reason == "regular" for p in person.postings)


def _hosts(schools: _Schools, part: str, home: SchoolSpec, localities: tuple[str, ...]) -> list[SchoolSpec]:
    return [s for s in schools.by_part.get(part, []) if s.locality in localities and s.code != home.code
            and s.ownership == "public"]


def _county_pool(people: list[Person], schools: _Schools, rng: random.Random, ref: dt.date) -> None:
    candidates = [p for p in people if _free(p) and schools.by_code[p.home].locality in ("rural", "town")
                  and schools.by_code[p.home].ownership == "public"]
    for person in rng.sample(candidates, min(len(candidates), round(len(people) * 0.012))):
        regular = _open_regular(person)
        year = rng.choice((ref.year - 3, ref.year - 2, ref.year - 1))
        if regular.start.year >= year:
            continue
        home = schools.by_code[person.home]
        others = _hosts(schools, person.teaching_level, home, ("rural",))
        target = home if rng.random() < 0.6 or not others else rng.choice(others)
        person.postings = [p for p in person.postings if p is not regular] + [
            PostingSpec(regular.school, regular.start, _aug31(year)),
            PostingSpec(target.code, _sep1(year), None, "county_pool", note="县管校聘，无校籍"),
        ]


def _second_posting(person: Person, host: SchoolSpec, start: dt.date, end: dt.date | None, reason: str,
                    note: str) -> None:
    person.postings.append(PostingSpec(host.code, start, end, reason, note=note))


def _rotations(people: list[Person], schools: _Schools, rng: random.Random, ref: dt.date) -> None:
    """交流轮岗: about a tenth of the eligible urban and town teachers (six years or more at one school)."""
    eligible = [
        p for p in people if _free(p) and p.teaching_level in ("primary", "junior")
        and schools.by_code[p.home].locality in ("urban", "town") and schools.by_code[p.home].ownership == "public"
        and p.age_on(ref) < 55 and _open_regular(p).start.year <= ref.year - 6
    ]
    # Key teachers are favoured so that they make up a fifth or more of those rotated (policy-facts §4).
    def key_teacher(p: Person) -> bool:
        return any(h.awarded <= ref and (h.expires is None or ref <= h.expires) for h in p.honours)

    weights = [5.0 if key_teacher(p) else 1.0 for p in eligible]
    chosen: list[Person] = []
    pool, w = list(eligible), list(weights)
    for _ in range(round(len(eligible) * 0.10)):
        i = rng.choices(range(len(pool)), weights=w, k=1)[0]
        chosen.append(pool.pop(i))
        w.pop(i)
    for person in chosen:
        home = schools.by_code[person.home]
        towards = ("rural",) if home.locality == "town" else ("rural", "town")
        hosts = [s for s in _hosts(schools, person.teaching_level, home, towards) if s.profile != "teaching_point"]
        if home.locality == "town":
            hosts = [s for s in hosts if s.zone == home.zone] or hosts
        if not hosts:
            continue  # a small test city may have no school to rotate to
        years = 1 if rng.random() < 0.6 else 2
        start = _sep1(ref.year - years + 1)
        _second_posting(person, rng.choice(hosts), start, None, "rotation", f"交流轮岗{years}年")
    # Earlier rounds, now finished.
    rest = [p for p in eligible if p not in chosen]
    for person in rng.sample(rest, round(len(rest) * 0.06)):
        home = schools.by_code[person.home]
        year = rng.choice((ref.year - 3, ref.year - 2))
        hosts = _hosts(schools, person.teaching_level, home, ("rural", "town"))
        if hosts:
            _second_posting(person, rng.choice(hosts), _sep1(year), _aug31(year + 1), "rotation", "交流轮岗1年")


def _support_and_secondment(people: list[Person], schools: _Schools, rng: random.Random, ref: dt.date) -> None:
    urban = [p for p in people if _free(p) and schools.by_code[p.home].locality == "urban"
             and schools.by_code[p.home].ownership == "public" and 26 <= p.age_on(ref) <= 50
             and p.teaching_level in ("primary", "junior") and _open_regular(p).start.year <= ref.year - 3]
    for i, person in enumerate(rng.sample(urban, min(len(urban), 18))):
        home = schools.by_code[person.home]
        hosts = _hosts(schools, person.teaching_level, home, ("rural",))
        if not hosts:
            continue  # a small test city may have no village school of the part
        if i < 12:
            _second_posting(person, rng.choice(hosts), _sep1(ref.year), None, "support", "城区教师到乡村学校支教一年")
        else:
            year = ref.year - 2
            _second_posting(person, rng.choice(hosts), _sep1(year), _aug31(year + 1), "support", "支教一年")
    village = [p for p in people if _free(p) and schools.by_code[p.home].locality in ("rural", "town")
               and schools.by_code[p.home].ownership == "public" and p.age_on(ref) < 45
               and _open_regular(p).start.year <= ref.year - 2]
    for person in rng.sample(village, min(len(village), 6)):
        home = schools.by_code[person.home]
        hosts = _hosts(schools, person.teaching_level, home, ("urban",))
        if hosts:
            note = "借调至城区学校参与教研工作"
            _second_posting(person, rng.choice(hosts), _sep1(ref.year - 1), None, "secondment", note)


def build_careers(people: list[Person], schools: list[SchoolSpec], rng: random.Random, ref: dt.date) -> None:
    """Give everyone postings and honours (in place)."""
    index = _Schools(schools)
    for person in people:
        _history(person, index, rng, ref)
        _honours(person, index.by_code[person.home], rng, ref)
    _county_pool(people, index, rng, ref)
    _rotations(people, index, rng, ref)
    _support_and_secondment(people, index, rng, ref)
    for person in people:
        person.postings.sort(key=lambda p: (p.start, p.reason != "regular"))


def _working_school(person: Person, on: dt.date) -> str | None:
    open_postings = [p for p in person.postings if p.start <= on and (p.end is None or p.end >= on)]
    return max(open_postings, key=lambda p: p.start).school if open_postings else None


def _has_current_honour(person: Person, on: dt.date) -> bool:
    return any(h.awarded <= on and (h.expires is None or on <= h.expires) for h in person.honours)


def meet_the_lines(people: list[Person], schools: list[SchoolSpec], pupils: dict[tuple[str, str], int],
                   rng: random.Random, ref: dt.date, *, few_backbone: tuple[str, ...] = ()) -> None:
    """Bring each compulsory school's staff to the 优质均衡 lines of 2017 (in place): a county that worked at it.

    Per school and part — a teaching point counted with its central school, teachers where they work on
    ``ref`` — with a margin of 5–30% over the line: 高于规定学历 by in-service degrees (the youngest first),
    体育艺术 teachers by re-assigning young teachers of main subjects, 县级及以上骨干 by county recognitions of
    experienced teachers. The schools named in ``few_backbone`` are left short of 骨干 (below 85% of the line),
    the county's story. ``pupils`` maps (school code, part) to this year's enrolment.
    """
    standard = Standard()
    by_code = {s.code: s for s in schools}

    def unit(code: str) -> str:
        return by_code[code].central_school or code

    enrolled: dict[tuple[str, str], int] = {}
    for (code, part), n in pupils.items():
        enrolled[(unit(code), part)] = enrolled.get((unit(code), part), 0) + n
    teachers: dict[tuple[str, str], list[Person]] = {}
    for person in people:
        school = _working_school(person, ref)
        if person.post_kind == "teacher" and school is not None:
            teachers.setdefault((unit(school), person.teaching_level), []).append(person)
    short = {s.code for s in schools if s.name in few_backbone}
    for (code, part), n in sorted(enrolled.items()):
        level = {"primary": PRIMARY, "junior": JUNIOR}.get(part)
        group = sorted(teachers.get((code, part), []), key=lambda p: (p.birth_date, p.id_number), reverse=True)
        if level is None or not n or not group:
            continue

        def target(indicator: str, level: str = level, n: int = n) -> int:
            return math.ceil(standard.threshold(level, indicator) * n / 100 * rng.uniform(1.05, 1.3))

        required = EDUCATION_RANK[ABOVE_REQUIRED_EDUCATION[part]]
        below = [p for p in group if EDUCATION_RANK[p.education] < required]
        for person in below[:max(0, target("每百名学生拥有高于规定学历教师数") - (len(group) - len(below)))]:
            person.education = ABOVE_REQUIRED_EDUCATION[part]  # 在职学历提升
        pe_art = sum(p.subject in PE_ART_SUBJECTS for p in group)
        free = [p for p in group if p.subject not in PE_ART_SUBJECTS and not p.position and not p.honours]
        for person in free[:max(0, target("每百名学生拥有体育艺术专任教师数") - pe_art)]:
            person.subject = weighted_choice(rng, list(PE_ART_SUBJECTS), [2, 1, 1])
        honoured = [p for p in group if _has_current_honour(p, ref)]
        if code in short:
            # Just under 85% of the line: the recognitions of all but this many have lapsed.
            keep = max(0, math.ceil(standard.quality_rest_share * n / 100) - 1)
            for person in honoured[keep:]:
                person.honours = [h for h in person.honours if not (h.awarded <= ref and (
                    h.expires is None or ref <= h.expires))]
            continue
        experienced = [p for p in reversed(group) if not _has_current_honour(p, ref)
                       and p.work_start.year + 3 <= ref.year - 1]
        experienced.sort(key=lambda p: p.title not in INTERMEDIATE_OR_ABOVE)
        for person in experienced[:max(0, target("每百名学生拥有县级及以上骨干教师数") - len(honoured))]:
            person.honours.append(_honour("key_teacher", "county", person.subject, rng.choice(
                (ref.year - 2, ref.year - 1, ref.year))))
