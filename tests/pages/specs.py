"""What the page tests need to know of each registry model: its rows in the test county, the data of
a valid new row, one field to change, a row that may be deleted, and a new row aimed at school B."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from edubureau.core.testing import factories as f
from edubureau.org import forms as org_forms
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
from edubureau.people import forms as people_forms
from edubureau.people.models import Honour, Posting, SchoolClass, Staff, Student


@dataclass(frozen=True)
class Spec:
    model: type
    form: type
    own: str  # key of a row school A's administrator reads (reference rows: any)
    other: str | None  # key of a row only school B owns; None for reference data
    create: Callable  # world -> POST data of a valid new row (as the department)
    change: tuple[str, object]  # field, new value (as stored)
    fresh: Callable  # world -> a new row nothing else refers to (to delete)
    for_school_b: Callable | None = None  # world -> POST data of a new row of school B (school A's admin tries it)

    @property
    def id(self):
        return self.model._meta.label


def _facts_data(w, school):
    return {
        "school": school.pk, "school_year": w.year.pk, "level_part": "primary", "students": "1200", "classes": "24",
        "classes_46_55": "3", "classes_56_65": "1", "classes_66_plus": "0", "teaching_room_area": "5000.5",
        "sports_area": "6000", "equipment_value": "2000000", "computers": "100", "books": "30000",
        "multimedia_rooms": "24", "staff_source": "entered", "full_time_teachers": "60",
        "teachers_above_required_education": "50", "teachers_intermediate_title": "30", "key_teachers": "6",
        "pe_art_teachers": "8",
    }


def _fresh_school(w):
    return f.make_school("待删小学")


def _new_year(w):
    return SchoolYear.objects.create(start_year=2030, start=dt.date(2030, 9, 1), end=dt.date(2031, 8, 31))


SPECS = [
    Spec(Region, org_forms.RegionForm, "region", None,
         lambda w: {"code": "330200", "name": "新设县"}, ("name", "改名县"),
         lambda w: Region.objects.create(code="339999", name="待删县")),
    Spec(Zone, org_forms.ZoneForm, "zone_a", None,
         lambda w: {"region": w.region.pk, "name": "北片区", "kind": "area"}, ("name", "东部片区"),
         lambda w: Zone.objects.create(region=w.region, name="待删片区")),
    Spec(Department, org_forms.DepartmentForm, "dept", None,
         lambda w: {"code": "renshi", "name": "人事科", "modules": ["people", "staffing"]}, ("head", "王科长"),
         lambda w: f.make_department("todelete", modules=[])),
    Spec(SchoolYear, org_forms.SchoolYearForm, "year", None,
         lambda w: {"start_year": "2026", "start": "2026-09-01", "end": "2027-08-31"}, ("end", dt.date(2026, 8, 30)),
         _new_year),
    Spec(Term, org_forms.TermForm, "term", None,
         lambda w: {"school_year": _new_year(w).pk, "number": "1", "start": "2030-09-01", "end": "2031-01-20"},
         ("end", dt.date(2026, 1, 18)),
         lambda w: Term.objects.create(school_year=_new_year(w), number=2, start=dt.date(2031, 2, 20),
                                       end=dt.date(2031, 7, 10))),
    Spec(School, org_forms.SchoolForm, "a", "b",
         lambda w: {"code": "3300000009", "name": "新建实验小学", "kind": "primary", "ownership": "public",
                    "locality": "town", "region": w.region.pk, "is_active": "on"},
         ("principal", "李校长"), _fresh_school),
    Spec(Campus, org_forms.CampusForm, "campus_a", "campus_b",
         lambda w: {"school": w.a.pk, "name": "西校区", "address": "西街1号"}, ("address", "东街9号"),
         lambda w: w.a.campuses.create(name="待删校区"),
         lambda w: {"school": w.b.pk, "name": "偷建校区"}),
    Spec(EducationGroup, org_forms.EducationGroupForm, "group_a", "group_b",
         lambda w: {"name": "新集团", "kind": "single", "lead_school": w.a.pk, "started": "2025-09-01"},
         ("name", "甲教育集团"),
         lambda w: EducationGroup.objects.create(name="待删集团", kind="single", lead_school=w.b,
                                                 started=dt.date(2025, 9, 1))),
    Spec(GroupMembership, org_forms.GroupMembershipForm, "membership_a", "membership_b",
         lambda w: {"group": w.group_b.pk, "school": w.a.pk, "joined": "2025-09-01"}, ("joined", dt.date(2024, 10, 1)),
         lambda w: GroupMembership.objects.create(group=w.group_a, school=w.c, joined=dt.date(2025, 9, 1))),
    Spec(Pairing, org_forms.PairingForm, "pairing_a", "pairing_b",
         lambda w: {"strong_school": w.a.pk, "supported_school": w.b.pk, "start_term": w.term.pk,
                    "content": "教研共建"}, ("content", "送教下乡"),
         lambda w: Pairing.objects.create(strong_school=w.c, supported_school=w.b, start_term=w.term2)),
    Spec(SchoolFacts, org_forms.SchoolFactsForm, "facts_a", "facts_b",
         lambda w: _facts_data(w, w.c) | {"level_part": "junior"}, ("books", 45678),
         lambda w: f.make_facts(w.c, w.year, level_part="junior"),
         lambda w: _facts_data(w, w.b) | {"school_year": _new_year(w).pk}),
    Spec(Staff, people_forms.StaffForm, "staff_a", "staff_b",
         lambda w: {"school": w.a.pk, "posting_start": "2025-09-01", "name": "新教师", "sex": "F",
                    "id_number": f.make_id_number(sex="F"), "establishment": "civil", "post_kind": "teacher",
                    "subject": "语文", "education": "bachelor", "qualification": "primary", "title": "second",
                    "is_active": "on"},
         ("title", "first"),
         lambda w: f.make_staff(w.a, name="待删教师"),
         lambda w: {"school": w.b.pk, "posting_start": "2025-09-01", "name": "偷建教师", "sex": "F",
                    "id_number": f.make_id_number(sex="F"), "establishment": "civil", "post_kind": "teacher",
                    "education": "bachelor", "qualification": "none", "title": "none", "is_active": "on"}),
    Spec(Posting, people_forms.PostingForm, "posting_a", "posting_b",
         lambda w: {"staff": w.staff_a.pk, "school": w.b.pk, "reason": "rotation", "start": "2025-09-01"},
         ("position", "教研组长"),
         lambda w: Posting.objects.create(staff=w.staff_a, school=w.c, start=dt.date(2020, 9, 1),
                                          end=dt.date(2021, 7, 1), reason="support")),
    Spec(Honour, people_forms.HonourForm, "honour_a", "honour_b",
         lambda w: {"staff": w.staff_a.pk, "kind": "subject_leader", "level": "city", "awarded": "2024-09-10",
                    "expires": "2027-09-09"}, ("subject", "数学"),
         lambda w: Honour.objects.create(staff=w.staff_a, kind="famous_teacher", level="county",
                                         awarded=dt.date(2022, 9, 1))),
    Spec(SchoolClass, people_forms.SchoolClassForm, "class_a", "class_b",
         lambda w: {"school": w.a.pk, "school_year": w.year.pk, "grade": "1", "name": "一年级2班", "size": "45"},
         ("size", 47),
         lambda w: f.make_class(w.a, grade=2, name="待删班"),
         lambda w: {"school": w.b.pk, "school_year": w.year.pk, "grade": "1", "name": "偷建班", "size": "30"}),
    Spec(Student, people_forms.StudentForm, "student_a", "student_b",
         lambda w: {"student_no": "G330000000000000099", "name": "新同学", "sex": "M", "school": w.a.pk,
                    "school_class": w.class_a.pk, "grade": "3", "left_behind": "on"},
         ("migrant", True),
         lambda w: f.make_student(w.a, name="待删学生"),
         lambda w: {"student_no": "G330000000000000098", "name": "偷建学生", "sex": "M", "school": w.b.pk,
                    "grade": "1"}),
]

SPEC_IDS = [s.id for s in SPECS]
