"""The demo county generator (演示县): a plausible county, deterministic from a seed. Pure: no Django.

``generate()`` returns a frozen ``County`` of plain values: about 60 schools of all levels in four
zones with two education groups and several teaching points, about 3,000 staff with postings,
titles and honours, classes for three school years, individual pupils for four schools and yearly
school facts. ``edubureau.demo.loader`` writes it to the database.

Each stage draws from its own random stream (``Random("<seed>:<stage>")``), so the same seed gives
the same county, and scaling the classes down for a quick test leaves school names and codes alone.

Examples
--------
>>> county = generate(seed=7, scale=0.3)
>>> len(county.zones), county.current_year, county.reference_date.isoformat()
(4, 2025, '2025-09-01')
>>> county == generate(seed=7, scale=0.3)
True
>>> county.staff == generate(seed=8, scale=0.3).staff
False
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable

from edubureau.people.engine import ABOVE_REQUIRED_EDUCATION, EDUCATION_RANK, INTERMEDIATE_OR_ABOVE, PE_ART_SUBJECTS

from .careers import build_careers, meet_the_lines
from .enrolment import build_classes, build_facts, build_students
from .layout import FEW_BACKBONE, build_layout
from .names import COUNTY
from .specs import County, SchoolSpec, StaffSpec
from .staffing import IdMaker, allocate_people

__all__ = ["DEFAULT_SEED", "generate", "populate", "staff_counts"]

DEFAULT_SEED = 20250901
SHOWCASE_SCHOOL = f"{COUNTY['name']}实验小学"  # crowded flagship primary: the demo school administrator's
INSPECTOR_ZONE = "西北片区"  # hill schools short of facilities: the demo inspector's zone
# Schools with individual pupils on the register: the flagship, a hill town's primary and one of its
# teaching points, and the special-education school.


def _rng(seed: int, stage: str) -> random.Random:
    return random.Random(f"{seed}:{stage}")


def staff_counts(staff, on: dt.date) -> dict[tuple[str, str], tuple[int, int, int, int, int]]:
    """The five staff counts of the school facts, per (school code, level part), from the staff on ``on``.

    Full-time teachers counted at the school they work at (a rotating teacher at the host school),
    for the part they teach: (专任教师, 高于规定学历, 中级及以上职称, 县级及以上骨干, 体育艺术教师).
    """
    out: dict[tuple[str, str], list[int]] = {}
    for s in staff:
        school = s.working_school(on)
        if s.post_kind != "teacher" or school is None:
            continue
        row = out.setdefault((school, s.teaching_level), [0, 0, 0, 0, 0])
        row[0] += 1
        row[1] += EDUCATION_RANK[s.education] >= EDUCATION_RANK[ABOVE_REQUIRED_EDUCATION[s.teaching_level]]
        row[2] += s.title in INTERMEDIATE_OR_ABOVE
        row[3] += any(h.awarded <= on and (h.expires is None or on <= h.expires) for h in s.honours)
        row[4] += s.subject in PE_ART_SUBJECTS
    return {k: tuple(v) for k, v in out.items()}


def _with_head_teachers(classes, staff, ref: dt.date, rng: random.Random):
    """Give each class of the current year a 班主任: a teacher working at the school in that part, one class each."""
    teachers: dict[tuple[str, str], list[str]] = {}
    for s in staff:
        if s.post_kind == "teacher":
            teachers.setdefault((s.working_school(ref), s.teaching_level), []).append(s.id_number)
    for pool in teachers.values():
        rng.shuffle(pool)
    out = []
    for c in classes:
        pool = teachers.get((c.school, c.level_part)) if c.start_year == ref.year else None
        out.append(dataclasses.replace(c, head_teacher=pool.pop()) if pool else c)
    return out


def populate(schools: list[SchoolSpec], years: list[int], ref: dt.date, ids: IdMaker,
             stream: Callable[[str], random.Random], *, scale: float = 1.0, few_backbone: tuple[str, ...] = ()):
    """Classes, staff with careers, head teachers and school facts of ``schools``; the heads become principals.

    The demo county and each county of the demo city (``edubureau.demo.city``) are filled in by this one step.

    Args:
        years: the school years to generate classes for, the current one last.
        ref: the day the staff and counts are "as of".
        ids: the maker of ID numbers (shared by a whole city, so nobody's number repeats).
        stream: the random stream of a stage (``"classes"``, ``"staff"`` …).
        scale: multiplies the classes per grade of the bigger schools.
        few_backbone: names of schools left short of 骨干 teachers (the county's story).

    Returns:
        ``(schools, staff, classes, facts)``.
    """
    classes = build_classes(schools, years, stream("classes"), scale)
    people = allocate_people(schools, classes, ids, stream("staff"), ref)
    build_careers(people, schools, stream("careers"), ref)
    pupils: dict[tuple[str, str], int] = {}
    for c in classes:
        if c.start_year == ref.year:
            pupils[(c.school, c.level_part)] = pupils.get((c.school, c.level_part), 0) + c.size
    meet_the_lines(people, schools, pupils, stream("lines"), ref, few_backbone=few_backbone)
    staff = tuple(
        StaffSpec(
            id_number=p.id_number, name=p.name, sex=p.sex, birth_date=p.birth_date, phone=p.phone,
            establishment=p.establishment, post_kind=p.post_kind, subject=p.subject, teaching_level=p.teaching_level,
            education=p.education, qualification=p.qualification, title=p.title, post_grade=p.post_grade,
            work_start=p.work_start, postings=tuple(p.postings), honours=tuple(p.honours),
        )
        for p in people
    )
    classes = _with_head_teachers(classes, staff, ref, stream("heads"))
    facts = build_facts(schools, classes, years, staff_counts(staff, ref), stream("facts"))
    heads = {
        p.postings[-1].school: p.name
        for p in people
        if p.position in ("校长", "园长", "教学点负责人") and p.postings[-1].reason == "regular"
    }
    schools = [dataclasses.replace(s, principal=heads.get(s.code, "")) for s in schools]
    return schools, staff, classes, facts


def generate(seed: int = DEFAULT_SEED, *, current_year: int = 2025, scale: float = 1.0) -> County:
    """Generate the demo county as of 1 September of ``current_year``.

    Args:
        seed: the same seed (and arguments) always gives the same county.
        current_year: first year of the current school year; three school years end with it.
        scale: multiplies the classes per grade of the bigger schools (and so staff and pupils);
            1.0 is the full county of about 3,000 staff, 0.3 a quick one for tests.
    """
    ref = dt.date(current_year, 9, 1)
    years = [current_year - 2, current_year - 1, current_year]
    layout = build_layout(_rng(seed, "layout"), current_year)
    ids = IdMaker(_rng(seed, "ids"))
    schools, staff, classes, facts = populate(layout["schools"], years, ref, ids, lambda stage: _rng(seed, stage),
                                              scale=scale, few_backbone=FEW_BACKBONE)
    by_name = {s.name: s for s in schools}
    # Every school keeps its roll (issue 13): the 学籍 pages, the reconciliation and 资助 read them all.
    students = build_students(schools, classes, current_year, COUNTY["code"], ids, _rng(seed, "students"))
    return County(
        seed=seed, region_code=COUNTY["code"], region_name=COUNTY["name"], reference_date=ref,
        zones=tuple(layout["zones"]), departments=tuple(layout["departments"]),
        school_years=tuple(layout["school_years"]), schools=tuple(schools), campuses=tuple(layout["campuses"]),
        groups=tuple(layout["groups"]), pairings=tuple(layout["pairings"]), staff=staff, classes=tuple(classes),
        students=tuple(students), facts=tuple(facts), showcase_school=by_name[SHOWCASE_SCHOOL].code,
        inspector_zone=INSPECTOR_ZONE,
    )
