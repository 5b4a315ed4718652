"""Tables of the people registry lists.

ID and phone numbers are masked in every list, for every reader (issue 18: the staff list showed all 3,034 full ID
numbers): the full numbers are shown only on a person's detail page to those ``can_see_personal`` allows, where each
reveal is logged. A search by a full ID number still finds the person (the filterset matches the exact number).
"""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from edubureau.core import idcard
from edubureau.core.tables import BaseTable, BooleanColumn, DateColumn, ReadableLinkColumn

from .models import Honour, Posting, SchoolClass, Staff, Student
from .stats import grade_label

__all__ = ["HonourTable", "PostingTable", "SchoolClassTable", "StaffTable", "StudentTable"]


def _id_cell(value, mask=idcard.mask):
    if not value:
        return "—"
    return format_html('<span class="eb-masked">{}</span>', mask(value))


class StaffTable(BaseTable):
    id_number = tables.Column()
    current_school = tables.Column(
        accessor="current_school_name", verbose_name=_("所在学校"), order_by=("current_school_name",)
    )
    is_active = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = Staff
        fields = ("name", "sex", "id_number", "current_school", "post_kind", "subject", "title", "education",
                  "establishment", "is_active")

    def render_id_number(self, value, record):
        return _id_cell(value)

    def render_phone(self, value, record):
        return _id_cell(value, idcard.mask_phone)

    def render_current_school(self, value, record):
        url = reverse("org:school_detail", args=[record.current_school_id]) if record.current_school_id else ""
        return format_html('<a href="{}">{}</a>', url, value) if url else value


class PostingTable(BaseTable):
    staff = tables.Column()
    school = ReadableLinkColumn()
    start = DateColumn()
    end = DateColumn(default=_("至今"))

    class Meta(BaseTable.Meta):
        model = Posting
        fields = ("staff", "school", "reason", "start", "end", "position", "note")


class HonourTable(BaseTable):
    staff = tables.Column()
    awarded = DateColumn()
    expires = DateColumn(default=_("长期"))

    class Meta(BaseTable.Meta):
        model = Honour
        fields = ("staff", "kind", "level", "subject", "awarded", "expires")


class SchoolClassTable(BaseTable):
    school = ReadableLinkColumn()
    grade = tables.Column()
    head_teacher = tables.Column(linkify=True)  # a class's head teacher teaches at its school: readable
    size = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})

    class Meta(BaseTable.Meta):
        model = SchoolClass
        fields = ("name", "school", "school_year", "grade", "size", "head_teacher")
        row_attrs = {"class": lambda record: {"large": "table-warning", "super_large": "table-danger"}.get(
            record.size_band, "")}

    def render_grade(self, value):
        return grade_label(value)

    def render_size(self, value, record):
        labels = {"large": _("大班额"), "super_large": _("超大班额")}
        label = labels.get(record.size_band)
        if label:
            return format_html('{} <span class="badge text-bg-{}">{}</span>', value,
                               "danger" if record.size_band == "super_large" else "warning", label)
        return value


class StudentTable(BaseTable):
    id_number = tables.Column()
    school = ReadableLinkColumn()
    school_class = ReadableLinkColumn()
    grade = tables.Column()
    left_behind = BooleanColumn()
    migrant = BooleanColumn()
    disabled = BooleanColumn()
    registered_poor = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = Student
        fields = ("name", "student_no", "sex", "id_number", "school", "school_class", "grade", "left_behind",
                  "migrant", "disabled", "registered_poor", "status")

    def render_id_number(self, value, record):
        return _id_cell(value)

    def render_grade(self, value):
        return grade_label(value)

    def render_school_class(self, value):
        return value.name  # the school has its own column
