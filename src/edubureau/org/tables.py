"""Tables of the org registry lists (one class per model, columns only)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from edubureau.core.roles import MODULES
from edubureau.core.tables import BaseTable, BooleanColumn, DateColumn, NumberColumn, ReadableLinkColumn

from .models import (
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

__all__ = [
    "CampusTable",
    "DepartmentTable",
    "EducationGroupTable",
    "GroupMembershipTable",
    "PairingTable",
    "RegionTable",
    "SchoolFactsTable",
    "SchoolTable",
    "SchoolYearTable",
    "TermTable",
    "ZoneTable",
]


class RegionTable(BaseTable):
    class Meta(BaseTable.Meta):
        model = Region
        fields = ("name", "code")


class ZoneTable(BaseTable):
    school_count = NumberColumn(verbose_name=_("学校数"))

    class Meta(BaseTable.Meta):
        model = Zone
        fields = ("name", "region", "kind", "school_count")


class DepartmentTable(BaseTable):
    class Meta(BaseTable.Meta):
        model = Department
        fields = ("name", "code", "modules", "head", "phone")

    def render_modules(self, value):
        return "、".join(str(MODULES.get(m, m)) for m in value) or "—"


class SchoolYearTable(BaseTable):
    name = tables.Column(accessor="pk", verbose_name=_("学年"), order_by=("start_year",))
    start = DateColumn()
    end = DateColumn()
    is_current = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = SchoolYear
        fields = ("name", "start", "end", "is_current")

    def render_name(self, record):
        return str(record)


class TermTable(BaseTable):
    name = tables.Column(accessor="pk", verbose_name=_("学期"), order_by=("school_year__start_year", "number"))
    start = DateColumn()
    end = DateColumn()

    class Meta(BaseTable.Meta):
        model = Term
        fields = ("name", "school_year", "start", "end")

    def render_name(self, record):
        return str(record)


class SchoolTable(BaseTable):
    zone = ReadableLinkColumn()
    is_teaching_point = BooleanColumn()
    is_active = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = School
        fields = ("name", "code", "kind", "ownership", "locality", "zone", "principal", "phone",
                  "is_teaching_point", "is_active")


class CampusTable(BaseTable):
    school = ReadableLinkColumn()

    class Meta(BaseTable.Meta):
        model = Campus
        fields = ("name", "school", "address")


class EducationGroupTable(BaseTable):
    lead_school = ReadableLinkColumn()
    member_count = NumberColumn(verbose_name=_("成员学校数"))
    started = DateColumn()

    class Meta(BaseTable.Meta):
        model = EducationGroup
        fields = ("name", "kind", "lead_school", "member_count", "started")


class GroupMembershipTable(BaseTable):
    school = tables.Column()
    group = ReadableLinkColumn()
    joined = DateColumn()

    class Meta(BaseTable.Meta):
        model = GroupMembership
        fields = ("school", "group", "joined")


class PairingTable(BaseTable):
    pairing = tables.Column(accessor="pk", verbose_name=_("结对"), order_by=("strong_school__name",))
    strong_school = ReadableLinkColumn()
    supported_school = ReadableLinkColumn()

    class Meta(BaseTable.Meta):
        model = Pairing
        fields = ("pairing", "strong_school", "supported_school", "start_term", "end_term", "content")

    def render_pairing(self, record):
        return _("查看")


class SchoolFactsTable(BaseTable):
    school = tables.Column()
    students = NumberColumn()
    classes = NumberColumn()
    oversized = NumberColumn(
        accessor="pk", verbose_name=_("大班额及以上班级数"), order_by=("classes_66_plus", "classes_56_65")
    )
    full_time_teachers = NumberColumn()
    teaching_room_area = NumberColumn()
    books = NumberColumn()

    class Meta(BaseTable.Meta):
        model = SchoolFacts
        fields = ("school", "school_year", "level_part", "students", "classes", "oversized", "full_time_teachers",
                  "teaching_room_area", "books", "staff_source")

    def render_oversized(self, record):
        return f"{record.oversized_classes:,}"
