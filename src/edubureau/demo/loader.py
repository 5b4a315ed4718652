"""Write a generated demo county into the database, with one demo login per role.

Everything goes in one transaction with ``bulk_create`` (a full county takes seconds on SQLite), so
a failure leaves the database as it was. Rows refer to each other by natural keys in the generated
county; here they become foreign keys.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edubureau.core.models import Profile
from edubureau.core.pinyin import pinyin_key
from edubureau.core.roles import MODULES, Role
from edubureau.core.scope import scope_for
from edubureau.org.choices import RegionLevel
from edubureau.org.models import (
    Campus,
    Department,
    EducationGroup,
    GroupMembership,
    Pairing,
    Region,
    School,
    SchoolFacts,
    SchoolYear,
    Term,
    Zone,
)
from edubureau.people.models import Honour, Posting, SchoolClass, Staff, Student
from edubureau.people.services import refresh_facts_staff_counts

from .specs import County

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_USERNAMES",
    "SHOWN_LOGINS",
    "LoadReport",
    "WrittenCounty",
    "describe_login",
    "load_county",
    "write_county",
]

DEMO_PASSWORD = "edubureau-demo"
# username, role (None: superuser), display name (None: taken from the county)
_DEMO_USERS = (
    ("leader", Role.LEADER, "周建国"),
    ("jichu", Role.DEPARTMENT, None),
    ("renshi", Role.DEPARTMENT, None),
    # The offices that own the exam and plan imports (issue 17): 教研室 (quality) and 办公室 (plans).
    ("jiaoyan", Role.DEPARTMENT, None),
    ("bangong", Role.DEPARTMENT, None),
    # 学生资助管理中心 (issue 13): the one office besides the schools that reads families' situations.
    ("zizhu", Role.DEPARTMENT, None),
    ("duxue", Role.INSPECTOR, "孙海涛"),
    ("xiaozhang", Role.SCHOOL, None),
    ("shenji", Role.READONLY, "吴丽华"),
    ("admin", None, "系统管理员"),
)
DEMO_USERNAMES = tuple(u for u, _r, _n in _DEMO_USERS)
# The logins the demo command prints, in this order; module demos add some (dudao: the 督导室, from inspection;
# anquan and jicai: the 安全科 and 计划财务科, from the safety and projects stories).
SHOWN_LOGINS = ("leader", "jichu", "renshi", "jiaoyan", "bangong", "zizhu", "anquan", "jicai", "dudao", "duxue",
                "xiaozhang", "jiaoshi", "shenji", "admin")


@dataclass(frozen=True)
class LoadReport:
    """What was written and how long it took."""

    schools: int
    staff: int
    postings: int
    classes: int
    students: int
    facts: int
    users: int
    seconds: float


_PLAIN_FIELDS = (models.CharField, models.SlugField, models.SmallIntegerField, models.IntegerField,
                 models.PositiveSmallIntegerField, models.PositiveIntegerField, models.BooleanField)


def _insert_rows(model, columns: list[str], rows, batch_size: int) -> int:
    """Insert ``rows`` (tuples of values for ``columns``, foreign keys as ids) with one ``executemany`` per batch.

    ``bulk_create`` prepares every field of every object in Python (``quality.services._insert_results`` measured
    the same), which made a city's 700,000 pupils take minutes; here a plain column's value goes as it is, a date
    through the backend's adapter, and anything else through its field. ``created``/``updated`` are now; fields not
    named take their defaults.
    """
    meta = model._meta
    now = timezone.now()
    named = [meta.get_field(c) for c in columns]
    rest = [f for f in meta.concrete_fields if not f.primary_key and f.attname not in columns
            and f.name not in columns]
    fixed = [connection.ops.adapt_datetimefield_value(now) if f.name in ("created", "updated")
             else f.get_db_prep_save(f.get_default(), connection) for f in rest]

    def adapter(field):
        if isinstance(field, models.ForeignKey) or type(field) in _PLAIN_FIELDS:
            return None
        if type(field) is models.DateField:
            return connection.ops.adapt_datefield_value
        return lambda value: field.get_db_prep_save(value, connection)

    adapters = [(i, a) for i, a in enumerate(adapter(f) for f in named) if a is not None]
    sql = "INSERT INTO {table} ({columns}) VALUES ({values})".format(
        table=connection.ops.quote_name(meta.db_table),
        columns=", ".join(connection.ops.quote_name(f.column) for f in [*named, *rest]),
        values=", ".join(["%s"] * (len(named) + len(rest))))
    count = 0
    with connection.cursor() as cursor:
        batch = []
        for row in rows:
            row = list(row)
            for i, adapt in adapters:
                if row[i] is not None:
                    row[i] = adapt(row[i])
            batch.append((*row, *fixed))
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _dec(value: float, places: str = "0.01") -> Decimal:
    return Decimal(str(value)).quantize(Decimal(places))


def _reference_data(county: County, parent: Region | None = None):
    # A county of a city (issue 16) hangs under its city and has its own departments; a county on its own keeps
    # the instance's departments (no region), as before.
    placed = {"parent": parent, "level": RegionLevel.COUNTY} if parent is not None else {}
    region, _ = Region.objects.get_or_create(code=county.region_code,
                                             defaults={"name": county.region_name, **placed})
    zones = {z.name: Zone.objects.get_or_create(region=region, name=z.name, defaults={"kind": z.kind})[0]
             for z in county.zones}
    owner = {"region": region} if parent is not None else {}
    departments = {
        d.code: Department.objects.get_or_create(
            code=d.code, **owner,
            defaults={"name": d.name, "modules": list(d.modules), "head": d.head, "phone": d.phone}
        )[0]
        for d in county.departments
    }
    years, terms = {}, {}
    for y in county.school_years:
        year, _ = SchoolYear.objects.get_or_create(
            start_year=y.start_year, defaults={"start": y.start, "end": y.end, "is_current": y.is_current}
        )
        years[y.start_year] = year
        for t in y.terms:
            terms[(y.start_year, t.number)] = Term.objects.get_or_create(
                school_year=year, number=t.number, defaults={"start": t.start, "end": t.end}
            )[0]
    return region, zones, departments, years, terms


def _schools(county: County, region, zones, batch_size: int = 1000) -> dict[str, School]:
    def build(s, central=None):
        return School(
            code=s.code, name=s.name, short_name=s.short_name, kind=s.kind, ownership=s.ownership,
            locality=s.locality, region=region, zone=zones[s.zone], is_teaching_point=s.is_teaching_point,
            central_school=central, address=s.address, latitude=_dec(s.latitude, "0.000001"),
            longitude=_dec(s.longitude, "0.000001"), principal=s.principal, phone=s.phone, founded=s.founded,
        )

    # Central schools first: a teaching point needs its central school's key.
    schools = {s.code: s for s in School.objects.bulk_create([build(s) for s in county.schools
                                                                 if not s.is_teaching_point], batch_size=batch_size)}
    points = [build(s, schools[s.central_school]) for s in county.schools if s.is_teaching_point]
    schools.update({s.code: s for s in School.objects.bulk_create(points, batch_size=batch_size)})
    return schools


def _organisation(county: County, schools, terms) -> None:
    Campus.objects.bulk_create(
        [Campus(school=schools[c.school], name=c.name, address=c.address) for c in county.campuses]
    )
    for g in county.groups:
        group = EducationGroup.objects.create(name=g.name, kind=g.kind, lead_school=schools[g.lead_school],
                                              started=g.started)
        GroupMembership.objects.bulk_create(
            [GroupMembership(group=group, school=schools[code], joined=joined) for code, joined in g.members]
        )
    Pairing.objects.bulk_create([
        Pairing(strong_school=schools[p.strong_school], supported_school=schools[p.supported_school],
                start_term=terms[p.start_term], end_term=terms[p.end_term] if p.end_term else None, content=p.content)
        for p in county.pairings
    ])


def _people(county: County, schools, batch_size: int = 1000) -> tuple[dict[str, Staff], int]:
    staff = Staff.objects.bulk_create([
        # bulk_create skips Staff.save(), which derives the birth date from the ID number: set it here.
        Staff(name=s.name, sex=s.sex, id_number=s.id_number, birth_date=s.birth_date, phone=s.phone,
              establishment=s.establishment, post_kind=s.post_kind, subject=s.subject,
              teaching_level=s.teaching_level, education=s.education, qualification=s.qualification, title=s.title,
              post_grade=s.post_grade, work_start=s.work_start)
        for s in county.staff
    ], batch_size=batch_size)
    by_id = {s.id_number: s for s in staff}
    n_postings = _insert_rows(
        Posting, ["staff", "school", "start", "end", "reason", "position", "note"],
        ((by_id[s.id_number].pk, schools[p.school].pk, p.start, p.end, p.reason, p.position, p.note)
         for s in county.staff for p in s.postings), batch_size)
    Honour.objects.bulk_create([
        Honour(staff=by_id[s.id_number], kind=h.kind, level=h.level, subject=h.subject, awarded=h.awarded,
               expires=h.expires)
        for s in county.staff for h in s.honours
    ], batch_size=batch_size)
    return by_id, n_postings


def _classes_and_students(county: County, schools, years, staff, batch_size: int = 1000) -> None:
    classes = SchoolClass.objects.bulk_create([
        SchoolClass(school=schools[c.school], school_year=years[c.start_year], grade=c.grade, name=c.name,
                    size=c.size, head_teacher=staff.get(c.head_teacher) if c.head_teacher else None)
        for c in county.classes
    ], batch_size=batch_size)
    current = county.current_year
    by_key = {(k.school.code, k.grade, k.name): k for k in classes if k.school_year.start_year == current}
    # The raw insert skips Student.save() and bulk_create, which keep the pinyin key (issue 17): set it here.
    # Pupils' names repeat a great deal, so each distinct name is converted once (a city: 700,000 pupils).
    key = functools.lru_cache(maxsize=None)(functools.partial(pinyin_key, person=True))
    _insert_rows(
        Student, ["student_no", "name", "name_pinyin", "sex", "id_number", "school", "school_class", "grade",
                  "enrolled", "left_behind", "migrant", "disabled", "registered_poor", "birth_date",
                  "both_parents_away", "inclusive"],
        ((p.student_no, p.name, key(p.name), p.sex, p.id_number, schools[p.school].pk,
          by_key[(p.school, p.grade, p.class_name)].pk, p.grade, p.enrolled, p.left_behind, p.migrant, p.disabled,
          p.registered_poor, p.born, p.both_parents_away, p.inclusive) for p in county.students), batch_size)


def _facts(county: County, schools, years, region, batch_size: int = 1000) -> None:
    SchoolFacts.objects.bulk_create([
        SchoolFacts(
            school=schools[f.school], school_year=years[f.start_year], level_part=f.level_part, students=f.students,
            classes=f.classes, classes_46_55=f.classes_46_55, classes_56_65=f.classes_56_65,
            classes_66_plus=f.classes_66_plus, teaching_room_area=_dec(f.teaching_room_area),
            sports_area=_dec(f.sports_area), equipment_value=_dec(f.equipment_value), computers=f.computers,
            books=f.books, multimedia_rooms=f.multimedia_rooms, full_time_teachers=f.full_time_teachers,
            teachers_above_required_education=f.teachers_above_required_education,
            teachers_intermediate_title=f.teachers_intermediate_title, key_teachers=f.key_teachers,
            pe_art_teachers=f.pe_art_teachers,
        )
        for f in county.facts
    ], batch_size=batch_size)
    # This year's staff counts come from the registry just written (past years stay as entered).
    refresh_facts_staff_counts(
        SchoolFacts.objects.filter(school_year__start_year=county.current_year, school__region=region),
        on=county.reference_date,
    )


def _users(county: County, schools, zones, departments, password: str) -> int:
    User = get_user_model()
    showcase = schools[county.showcase_school]
    created = 0
    for username, role, display in _DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        if role is None:
            user = User.objects.create_superuser(username=username, password=password, first_name=display)
            created += 1
            continue
        profile = {"role": role}
        if role == Role.DEPARTMENT:
            profile["department"] = departments[username]
            display = departments[username].head
        elif role == Role.INSPECTOR:
            profile["zone"] = zones[county.inspector_zone]
        elif role == Role.SCHOOL:
            profile["school"] = showcase
            display = showcase.principal
        user = User.objects.create_user(username=username, password=password, first_name=display)
        Profile.objects.create(user=user, **profile)
        created += 1
    return created


@dataclass(frozen=True)
class WrittenCounty:
    """The rows of a county just written, by natural key, for what is loaded after it."""

    region: Region
    zones: dict[str, Zone]
    departments: dict[str, Department]
    schools: dict[str, School]
    n_staff: int
    n_postings: int


def write_county(county: County, *, parent: Region | None = None, batch_size: int = 1000) -> WrittenCounty:
    """Write ``county``'s registry (no logins) in the caller's transaction.

    Args:
        parent: the city the county belongs to (issue 16); the county then gets its own departments.
        batch_size: rows per insert.
    """
    region, zones, departments, years, terms = _reference_data(county, parent)
    schools = _schools(county, region, zones, batch_size)
    _organisation(county, schools, terms)
    staff, n_postings = _people(county, schools, batch_size)
    _classes_and_students(county, schools, years, staff, batch_size)
    _facts(county, schools, years, region, batch_size)
    return WrittenCounty(region=region, zones=zones, departments=departments, schools=schools, n_staff=len(staff),
                         n_postings=n_postings)


def load_county(county: County, *, password: str = DEMO_PASSWORD) -> LoadReport:
    """Write ``county`` and the demo logins (all with ``password``) in one transaction."""
    started = time.perf_counter()
    with transaction.atomic():
        written = write_county(county)
        users = _users(county, written.schools, written.zones, written.departments, password)
    return LoadReport(
        schools=len(written.schools), staff=written.n_staff, postings=written.n_postings,
        classes=len(county.classes), students=len(county.students), facts=len(county.facts), users=users,
        seconds=round(time.perf_counter() - started, 1),
    )


def describe_login(user) -> tuple[str, str]:
    """(role, what the login sees) in the words of the demo's login table."""
    if user.is_superuser:
        return str(_("系统管理员")), str(_("全部数据与后台管理（/admin/）"))
    profile = getattr(user, "profile", None)
    if profile is None:
        return "", ""
    role = profile.get_role_display()
    if profile.role == Role.DEPARTMENT:
        role = f"{role}·{profile.department}"
    if profile.role == Role.LEADER:
        sees = _("全县所有学校的数据，以查看为主")
    elif profile.role == Role.DEPARTMENT:
        sees = _("全县所有学校；可维护本科室负责的模块：{modules}").format(
            modules="、".join(str(MODULES.get(m, m)) for m in profile.department.modules)
        )
    elif profile.role == Role.INSPECTOR:
        # The inspection module may narrow an inspector to its 督学责任区; ask the scope, not the 片区.
        sees = _("督学责任区内的{count}所学校").format(count=len(scope_for(user).school_ids or ()))
    elif profile.role == Role.SCHOOL:
        sees = _("仅本校（{school}）的数据").format(school=profile.school)
    elif profile.role == Role.TEACHER:
        sees = _("仅本人的交流轮岗、岗位晋升、请假和继续教育信息")
    else:
        sees = _("全县数据，只读，可导出")
    return str(role), str(sees)

