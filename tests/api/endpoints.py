"""The registry API's endpoints, and a valid new row for each, built from a test county."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from edubureau.core.testing import factories as f


@dataclass(frozen=True)
class Endpoint:
    app: str
    model_name: str
    path: str  # the plural kebab-case path under /api/<app>/
    owned: bool = True  # rows belong to schools (False: reference data every user reads)

    @property
    def list_url(self) -> str:
        return reverse(f"{self.app}-api:{self.model_name}-list")

    def detail_url(self, pk) -> str:
        return reverse(f"{self.app}-api:{self.model_name}-detail", args=[pk])

    def __str__(self):
        return f"{self.app}.{self.model_name}"


ENDPOINTS = [
    Endpoint("org", "region", "regions", owned=False),
    Endpoint("org", "zone", "zones", owned=False),
    Endpoint("org", "department", "departments", owned=False),
    Endpoint("org", "schoolyear", "school-years", owned=False),
    Endpoint("org", "term", "terms", owned=False),
    Endpoint("org", "school", "schools"),
    Endpoint("org", "campus", "campuses"),
    Endpoint("org", "educationgroup", "education-groups"),
    Endpoint("org", "groupmembership", "group-memberships"),
    Endpoint("org", "pairing", "pairings"),
    Endpoint("org", "schoolfacts", "school-facts"),
    Endpoint("people", "staff", "staff"),
    Endpoint("people", "posting", "postings"),
    Endpoint("people", "honour", "honours"),
    Endpoint("people", "schoolclass", "classes"),
    Endpoint("people", "student", "students"),
]
OWNED = [e for e in ENDPOINTS if e.owned]


def new_row(endpoint: Endpoint, county, school=None) -> dict:
    """A valid creation payload for ``endpoint``, at ``school`` (default A) where the row belongs to a school."""
    school = school or county.a
    a_rows = county.rows["a"]
    facts = {
        "students": 300, "classes": 8, "teaching_room_area": "1500.00", "sports_area": "3000.00",
        "equipment_value": "800000.00", "computers": 40, "books": 9000, "multimedia_rooms": 8,
        "full_time_teachers": 20, "teachers_above_required_education": 18, "teachers_intermediate_title": 9,
        "key_teachers": 2, "pe_art_teachers": 3,
    }  # fmt: skip
    other = county.b if school == county.a else county.a
    staff_here = a_rows["staff"] if school == county.a else county.rows["b"]["staff"]
    payloads = {
        "region": {"code": "330199", "name": "新区"},
        "zone": {"region": county.rows["ref"]["region"].pk, "name": "西部片区", "kind": "district"},
        "department": {"code": "jijiao", "name": "基教科"},
        "schoolyear": {"start_year": 2026, "start": "2026-09-01", "end": "2027-08-31"},
        "term": {"school_year": county.year.pk, "number": 2, "start": "2026-02-20", "end": "2026-07-10"},
        "school": {
            "code": "3133999999", "name": "新建小学", "kind": "primary", "locality": "rural",
            "region": county.rows["ref"]["region"].pk,
        },  # fmt: skip
        "campus": {"school": school.pk, "name": "西校区"},
        "educationgroup": {"name": "新集团", "kind": "multi", "lead_school": school.pk, "started": "2025-09-01"},
        "groupmembership": {"group": a_rows["educationgroup"].pk, "school": county.b.pk, "joined": "2025-09-01"},
        "pairing": {"strong_school": other.pk, "supported_school": school.pk, "start_term": county.term.pk},
        "schoolfacts": {"school": school.pk, "school_year": county.year.pk, "level_part": "junior", **facts},
        "staff": {
            "name": "新教师", "sex": "F", "id_number": f.make_id_number(), "establishment": "civil",
            "post_kind": "teacher", "education": "bachelor", "school": school.pk,
        },  # fmt: skip
        "posting": {"staff": staff_here.pk, "school": other.pk, "start": "2025-09-01", "reason": "rotation"},
        "honour": {"staff": staff_here.pk, "kind": "subject_leader", "level": "city", "awarded": "2024-09-01"},
        "schoolclass": {
            "school": school.pk, "school_year": county.year.pk, "grade": 1, "name": "一年级9班", "size": 40,
        },  # fmt: skip
        "student": {"student_no": f"G{f.next_n():018d}", "name": "新生", "sex": "M", "school": school.pk, "grade": 1},
    }
    return payloads[endpoint.model_name]
